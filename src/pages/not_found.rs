use leptos::prelude::*;

use crate::components::view_heading::ViewHeading;

/// Shown for a URL hash that names no view (an old bookmark, a mistyped link).
#[component]
pub fn NotFoundPage(hash: String) -> impl IntoView {
    view! {
        <section class="view" data-testid="view-not-found">
            <ViewHeading title="ページが見つかりません" />
            <p>
                "アドレスの「" <code>{hash}</code> "」に当たる画面はありません。"
                "上のメニューから画面を選ぶか、" <a href="#/plans">"計画の一覧"</a> "へ戻ってください。"
            </p>
        </section>
    }
}
