use std::sync::Arc;

use leptos::prelude::*;
use rust_decimal::Decimal;

use crate::components::plan_rating_cell::PlanRatingCell;
use crate::domain::fiscal_year::FiscalYear;
use crate::domain::format;
use crate::domain::plan::{Kpi, Plan, PlanEvaluation};

/// One KPI as a dense row of the 進捗状況シート: name, 単位, 種別, 方向, 基準値, then for each
/// fiscal year of the period 目標, 実績, 達成率 and 評価.
#[component]
pub fn PlanKpiRow(
    plan: Arc<Plan>,
    evaluation: Arc<PlanEvaluation>,
    kpi: Kpi,
    /// The year the roll-ups show; its columns are marked.
    #[prop(into)]
    year: Signal<FiscalYear>,
) -> impl IntoView {
    let style = plan.display.year_style;
    let negative = plan.display.negative_style;
    let number = move |v: Option<Decimal>| match v {
        Some(v) => format::decimal(&v, negative),
        None => "—".to_owned(),
    };
    let baseline = match &kpi.baseline {
        Some(b) => {
            let when = b
                .fiscal_year
                .map(|fy| fy.label(style))
                .unwrap_or_else(|| b.label.clone());
            view! {
                <td class="num plan-sheet__baseline">
                    {number(Some(b.value))}
                    <span class="plan-sheet__when">{when}</span>
                </td>
            }
            .into_any()
        }
        None => view! { <td class="num">"—"</td> }.into_any(),
    };
    let years = plan
        .period
        .years()
        .map(|fy| {
            let rating = evaluation.rating(&kpi.id, fy).cloned();
            let selected = move || year.get() == fy;
            let (target, actual, percent) = match &rating {
                Some(r) => (
                    r.target.or(kpi.target(fy)),
                    r.actual.or(kpi.actual(fy)),
                    r.percent_text(),
                ),
                None => (kpi.target(fy), kpi.actual(fy), None),
            };
            let cell = match rating {
                Some(rating) => view! {
                    <PlanRatingCell
                        kpi_id=kpi.id.clone()
                        rating
                        rules=plan.rating.clone()
                    />
                }
                .into_any(),
                None => view! { <td class="rating-cell">"—"</td> }.into_any(),
            };
            view! {
                <td class="num year-start" class:is-selected-year=selected>
                    {number(target)}
                </td>
                <td class="num" class:is-selected-year=selected>
                    {number(actual)}
                </td>
                <td class="num" class:is-selected-year=selected>
                    {percent.unwrap_or_else(|| "—".to_owned())}
                </td>
                {cell}
            }
        })
        .collect_view();
    view! {
        <tr class="kpi-row" data-testid=format!("kpi-row-{}", kpi.id)>
            <th scope="row" class="col-name">
                {kpi.name.clone()}
            </th>
            <td class="plan-sheet__unit">{kpi.unit.clone()}</td>
            <td>{kpi.kind.label()}</td>
            <td>{kpi.direction.text()}</td>
            {baseline}
            {years}
        </tr>
    }
}
