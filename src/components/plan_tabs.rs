use leptos::prelude::*;

use crate::route::PlanTab;

/// The tabs of a plan's workspace, as links (each tab has its own address, so the browser's
/// back button and bookmarks work). The current one is marked with `aria-current="page"`
/// and a bar under it: never colour alone.
#[component]
pub fn PlanTabs(plan_id: String, current: PlanTab) -> impl IntoView {
    let items = PlanTab::BAR
        .into_iter()
        .map(|tab| {
            let here = tab.same_tab(&current);
            view! {
                <li>
                    <a
                        class="plan-tabs__link"
                        href=format!("#/plans/{plan_id}{}", tab.suffix())
                        data-testid=format!("plan-tab-{}", tab.slug())
                        aria-current=here.then_some("page")
                    >
                        {tab.title()}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="plan-tabs" aria-label="計画の画面">
            <ul class="plan-tabs__list">{items}</ul>
        </nav>
    }
}
