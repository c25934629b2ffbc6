use leptos::prelude::*;

use crate::components::view_heading::ViewHeading;

/// 補助金: subsidy catalogues, the calculator and applications.
#[component]
pub fn SubsidiesPage() -> impl IntoView {
    view! {
        <section class="view" data-testid="view-subsidies">
            <ViewHeading title="補助金" />
            <p class="lead">
                "交付要綱の補助率・上限・下限・端数処理に従って補助額を計算し、"
                "計算過程を起案にそのまま使える形で示します。申請を予算と照らして管理します。"
            </p>
            <div class="empty-state" data-testid="subsidies-empty">
                <h2>"このブラウザにはまだ補助金カタログがありません"</h2>
                <p>"補助金カタログと補助額の計算は、この画面に順次追加されます。"</p>
            </div>
        </section>
    }
}
