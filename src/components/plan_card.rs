use leptos::prelude::*;

use crate::components::plan_distribution::PlanDistribution;
use crate::domain::plan::Plan;

/// One plan in the 計画 list: title (a link to its sheet), municipality, period, size, and
/// the plan-wide distribution of ratings in the latest year with any 実績. A plan stored in
/// this browser (`stored`) has its test ids prefixed `stored-`, since an imported sample
/// keeps the sample's id; `children` are the card's actions.
#[component]
pub fn PlanCard(
    plan: Plan,
    #[prop(optional)] stored: bool,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let id = plan.id.clone();
    let t = if stored { "stored-" } else { "" };
    let badge = if stored {
        "このブラウザに保存"
    } else {
        "見本（読み取り専用）"
    };
    let style = plan.display.year_style;
    let distribution = match plan.latest_year_with_actuals() {
        Some(fy) => view! {
            <PlanDistribution
                rollup=plan.rollup_plan(fy)
                rules=plan.rating.clone()
                prefix=fy.label(style)
                testid=format!("{t}plan-card-dist-{id}")
            />
        }
        .into_any(),
        None => view! {
            <span data-testid=format!("{t}plan-card-dist-{id}")>
                "実績が入力された年度はまだありません（すべて未評価）"
            </span>
        }
        .into_any(),
    };
    view! {
        <li class="plan-card" data-testid=format!("{t}plan-card-{id}")>
            <div class="plan-card__head">
                <h3 class="plan-card__title">
                    <a href=format!("#/plans/{id}") data-testid=format!("{t}plan-link-{id}")>
                        {plan.title.clone()}
                    </a>
                </h3>
                <span class="badge-readonly">{badge}</span>
            </div>
            <dl class="plan-card__facts">
                <dt>"自治体"</dt>
                <dd data-testid=format!("{t}plan-card-municipality-{id}")>{plan.municipality.clone()}</dd>
                <dt>"計画期間"</dt>
                <dd data-testid=format!("{t}plan-card-period-{id}")>{plan.period_label()}</dd>
                <dt>"体系"</dt>
                <dd>
                    {plan.level_names.join(" → ")}
                    <span class="plan-card__counts tabular" data-testid=format!("{t}plan-card-counts-{id}")>
                        {format!("（{}項目・成果指標{}件）", plan.node_count(), plan.kpis().len())}
                    </span>
                </dd>
                {(stored && !plan.updated_at.is_empty()).then(|| view! {
                    <dt>"最終更新"</dt>
                    <dd data-testid=format!("{t}plan-card-updated-{id}")>{crate::storage::clock::short(&plan.updated_at)}</dd>
                })}
                <dt>"評価の方法"</dt>
                <dd>{plan.rating.name.clone()}</dd>
                <dt>"評価の分布"</dt>
                <dd>{distribution}</dd>
            </dl>
            {children.map(|c| view! { <div class="plan-card__actions">{c()}</div> })}
        </li>
    }
}
