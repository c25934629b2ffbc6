use std::sync::Arc;

use leptos::prelude::*;

use crate::components::plan_distribution::PlanDistribution;
use crate::components::plan_grade::PlanGrade;
use crate::domain::fiscal_year::FiscalYear;
use crate::domain::plan::{Plan, PlanEvaluation};

/// The plan total for the selected year: how many KPIs fall in each band and status, their
/// shares, and the summary grade the plan's rules give.
#[component]
pub fn PlanRollupTable(
    plan: Arc<Plan>,
    evaluation: Arc<PlanEvaluation>,
    #[prop(into)] year: Signal<FiscalYear>,
) -> impl IntoView {
    let style = plan.display.year_style;
    let rules = plan.rating.clone();
    move || {
        let fy = year.get();
        let Some(r) = evaluation.plan_rollup(fy).cloned() else {
            return ().into_any();
        };
        let shown: Vec<_> = r.shown_shares().into_iter().cloned().collect();
        let heads = shown
            .iter()
            .map(|s| {
                let index = rules.band_index(&s.label);
                let mark = match index.and_then(|i| rules.bands.get(i)) {
                    Some(b) if !b.symbol.trim().is_empty() => b.symbol.clone(),
                    _ => s.label.to_string(),
                };
                let colour = rules.band_colour(index).map(str::to_owned);
                view! {
                    <th scope="col" class="num">
                        <PlanGrade mark colour />
                    </th>
                }
            })
            .collect_view();
        let counts = shown
            .iter()
            .map(|s| {
                view! {
                    <td class="num" data-testid="rollup-plan-count" data-label=s.label.to_string()>
                        {s.count}
                    </td>
                }
            })
            .collect_view();
        let shares = shown
            .iter()
            .map(|s| view! { <td class="num">{format!("{}%", s.share_percent)}</td> })
            .collect_view();
        let mark = rules
            .verdict_mark(&r.summary, r.summary_band_index)
            .to_owned();
        let colour = rules.band_colour(r.summary_band_index).map(str::to_owned);
        let label = fy.label(style);
        view! {
            <section class="plan-rollup" data-testid="rollup-plan" aria-labelledby="rollup-plan-title">
                <h2 id="rollup-plan-title" class="plan-rollup__title">
                    "計画全体の評価（" {label.clone()} "）"
                </h2>
                <div class="plan-rollup__body">
                    <table class="table-dense plan-rollup__table">
                        <caption class="visually-hidden">
                            {format!("{label}の評価区分ごとの指標数と割合（全{}指標）", r.total)}
                        </caption>
                        <thead>
                            <tr>
                                <th scope="col">"区分"</th>
                                {heads}
                                <th scope="col" class="num">"計"</th>
                            </tr>
                        </thead>
                        <tbody>
                            <tr>
                                <th scope="row">"指標数"</th>
                                {counts}
                                <td class="num" data-testid="rollup-plan-total">{r.total}</td>
                            </tr>
                            <tr>
                                <th scope="row">"割合"</th>
                                {shares}
                                <td class="num">"100%"</td>
                            </tr>
                        </tbody>
                    </table>
                    <div class="plan-rollup__summary">
                        <p>
                            "総合評価 "
                            <PlanGrade mark colour />
                            <span class="plan-rollup__why" data-testid="rollup-plan-summary">
                                {r.explanation.clone()}
                            </span>
                        </p>
                        <PlanDistribution
                            rollup=r
                            rules=rules.clone()
                            prefix=label
                            testid="rollup-plan-text"
                        />
                    </div>
                </div>
            </section>
        }
        .into_any()
    }
}
