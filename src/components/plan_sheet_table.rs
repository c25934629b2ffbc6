use std::sync::Arc;

use leptos::prelude::*;

use crate::components::plan_kpi_row::PlanKpiRow;
use crate::components::plan_node_row::PlanNodeRow;
use crate::domain::fiscal_year::FiscalYear;
use crate::domain::plan::{Plan, PlanEvaluation, TargetBasis};

/// Columns before the fiscal years: 成果指標, 単位, 種別, 方向, 基準値.
const LEAD_COLUMNS: usize = 5;
/// Columns per fiscal year: 目標, 実績, 達成率, 評価.
const YEAR_COLUMNS: usize = 4;

/// The 進捗状況シート proper: the plan tree in document order, one row group per node (its
/// heading row, then its KPIs), with every fiscal year of the period side by side. Wide
/// plans scroll inside their container with the KPI names kept in view.
#[component]
pub fn PlanSheetTable(
    plan: Arc<Plan>,
    evaluation: Arc<PlanEvaluation>,
    #[prop(into)] year: Signal<FiscalYear>,
) -> impl IntoView {
    let style = plan.display.year_style;
    let years: Vec<FiscalYear> = plan.period.years().collect();
    let columns = LEAD_COLUMNS + YEAR_COLUMNS * years.len();
    let measure = plan.rating.formula.label();
    // Under 多摩市方式 a year is judged against its pro-rata target, which is what the
    // column shows.
    let target_head = match plan.rating.target_basis {
        TargetBasis::ProRata => "按分目標",
        TargetBasis::YearTarget => "目標",
    };
    let colgroups = years
        .iter()
        .map(|fy| {
            let fy = *fy;
            view! {
                <colgroup
                    span=YEAR_COLUMNS.to_string()
                    class:is-selected-year=move || year.get() == fy
                ></colgroup>
            }
        })
        .collect_view();
    let year_heads = years
        .iter()
        .map(|fy| {
            let fy = *fy;
            view! {
                <th
                    scope="colgroup"
                    colspan=YEAR_COLUMNS.to_string()
                    class="year-start"
                    class:is-selected-year=move || year.get() == fy
                >
                    {fy.label(style)}
                </th>
            }
        })
        .collect_view();
    let sub_heads = years
        .iter()
        .map(|_| {
            view! {
                <th scope="col" class="num year-start">{target_head}</th>
                <th scope="col" class="num">"実績"</th>
                <th scope="col" class="num">{measure}</th>
                <th scope="col">"評価"</th>
            }
        })
        .collect_view();
    let groups = plan
        .walk()
        .into_iter()
        .map(|(path, node)| {
            let kpis = node
                .kpis
                .iter()
                .map(|kpi| {
                    view! {
                        <PlanKpiRow
                            plan=Arc::clone(&plan)
                            evaluation=Arc::clone(&evaluation)
                            kpi=kpi.clone()
                            year
                        />
                    }
                })
                .collect_view();
            view! {
                <tbody data-testid=format!("node-{}", node.id)>
                    <PlanNodeRow
                        plan=Arc::clone(&plan)
                        evaluation=Arc::clone(&evaluation)
                        node_id=node.id.clone()
                        depth=path.len().saturating_sub(1)
                        columns
                        year
                    />
                    {kpis}
                </tbody>
            }
        })
        .collect_view();
    view! {
        <div class="plan-sheet__scroll" tabindex="0" role="region" aria-labelledby="plan-sheet-caption">
            <table class="table-dense plan-sheet__table" data-testid="plan-sheet-table">
                <caption id="plan-sheet-caption">
                    "成果指標の目標・実績・評価（"
                    {plan.period_label()}
                    "）"
                </caption>
                <colgroup span=LEAD_COLUMNS.to_string()></colgroup>
                {colgroups}
                <thead>
                    <tr>
                        <th scope="col" rowspan="2" class="col-name">"成果指標"</th>
                        <th scope="col" rowspan="2">"単位"</th>
                        <th scope="col" rowspan="2">"種別"</th>
                        <th scope="col" rowspan="2">"方向"</th>
                        <th scope="col" rowspan="2" class="num">"基準値"</th>
                        {year_heads}
                    </tr>
                    <tr>{sub_heads}</tr>
                </thead>
                {groups}
            </table>
        </div>
    }
}
