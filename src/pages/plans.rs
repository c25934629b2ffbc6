use leptos::prelude::*;

use crate::components::view_heading::ViewHeading;

/// 計画: the industry-promotion plans kept in this browser.
#[component]
pub fn PlansPage() -> impl IntoView {
    view! {
        <section class="view" data-testid="view-plans">
            <ViewHeading title="計画" />
            <p class="lead">
                "産業振興計画の体系（基本方針・施策・事業）、年度ごとの計画と実績、"
                "成果指標の目標と実績を管理し、達成度の評価を確かめます。"
            </p>
            <div class="empty-state" data-testid="plans-empty">
                <h2>"このブラウザにはまだ計画がありません"</h2>
                <p>"計画の作成と編集は、この画面に順次追加されます。"</p>
            </div>
        </section>
    }
}
