use leptos::prelude::*;

use crate::components::view_heading::ViewHeading;

/// データ管理: import, export and backups of the work kept in this browser.
#[component]
pub fn DataPage() -> impl IntoView {
    view! {
        <section class="view" data-testid="view-data">
            <ViewHeading title="データ管理" />
            <p class="lead">
                "計画と補助金カタログのファイル（JSON）の読み込みと書き出し、"
                "このブラウザに保存した内容のバックアップを扱います。"
            </p>
            <div class="notice" role="note">
                <h2>"データの置き場所"</h2>
                <p>
                    "作業中の内容はこのブラウザ（localStorage）に保存されます。"
                    "共有フォルダに置く計画ファイルが正式な記録です。"
                </p>
            </div>
        </section>
    }
}
