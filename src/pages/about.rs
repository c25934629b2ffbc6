use leptos::prelude::*;

use crate::components::view_heading::ViewHeading;
use crate::{APP_VERSION, BUILD_KIND};

/// このアプリについて: version and build, and how data is handled.
#[component]
pub fn AboutPage() -> impl IntoView {
    view! {
        <section class="view" data-testid="view-about">
            <ViewHeading title="このアプリについて" />
            <dl class="facts">
                <dt>"名称"</dt>
                <dd>"Shinko 産業振興計画 進捗・補助金ワークベンチ"</dd>
                <dt>"バージョン"</dt>
                <dd data-testid="app-version">{APP_VERSION}</dd>
                <dt>"ビルド"</dt>
                <dd data-testid="build-kind">{BUILD_KIND}</dd>
                <dt>"動作環境"</dt>
                <dd>"Microsoft Edge、Google Chrome（インストール不要）"</dd>
            </dl>
            <h2>"データの扱い"</h2>
            <p>
                "すべての計算と保存はこのブラウザの中で行われます。"
                "入力した内容が外部のサーバーに送られることはありません。"
            </p>
        </section>
    }
}
