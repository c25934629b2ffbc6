use leptos::prelude::*;

use crate::APP_VERSION;
use crate::components::view_heading::ViewHeading;
use crate::dom::BuildKind;

/// このアプリについて: version and build, and how data is handled.
#[component]
pub fn AboutPage() -> impl IntoView {
    let build = BuildKind::current();
    view! {
        <section class="view" data-testid="view-about">
            <ViewHeading title="このアプリについて" />
            <dl class="facts">
                <dt>"名称"</dt>
                <dd>"Shinko 産業振興計画 進捗・補助金ワークベンチ"</dd>
                <dt>"バージョン"</dt>
                <dd data-testid="app-version">{APP_VERSION}</dd>
                <dt>"ビルド"</dt>
                <dd data-testid="build-kind">{build.label()}</dd>
                <dt>"動作環境"</dt>
                <dd>"Microsoft Edge、Google Chrome（インストール不要）"</dd>
            </dl>
            <Show when=move || build == BuildKind::Hosted>
                <h2>"インターネットにつながらないパソコンで使う"</h2>
                <p>
                    "1ファイル版（shinko.html）は、このアプリ全体を1つのファイルにまとめたものです。"
                    "共有フォルダや許可された USB メモリに置き、ダブルクリックで Edge や Chrome で開けば、"
                    "インターネットにつながらないパソコン（LGWAN 端末）でも使えます。"
                </p>
                <p>
                    <a href="shinko.html" download="shinko.html" data-testid="single-file-download">
                        "1ファイル版（shinko.html）をダウンロード"
                    </a>
                </p>
            </Show>
            <h2>"データの扱い"</h2>
            <p>
                "すべての計算と保存はこのブラウザの中で行われます。"
                "入力した内容が外部のサーバーに送られることはありません。"
            </p>
            <h2>"1ファイル版の保存場所について"</h2>
            <p data-testid="about-file-storage">
                "パソコンのファイル（file://）として開いたページは、ブラウザの中で保存領域を1つ共有します。"
                "shinko.html を2か所に置いたり、古い版と新しい版を両方開いたりしても、作業内容は同じ場所に保存され、互いに見えます。"
                "Shinko は、新しい版が保存したデータを古い版で上書き・削除しないようにしていますが、"
                "同じパソコンで別の人の作業と混ざることもあるため、"
                "正式な記録は共有フォルダの計画ファイル（「ファイルに書き出す」で保存する JSON）にしてください。"
                "shinko.html は共有フォルダに1つだけ置き、新しい版が届いたら置き換えてください。"
            </p>
        </section>
    }
}
