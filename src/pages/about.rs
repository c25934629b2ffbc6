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
        </section>
    }
}
