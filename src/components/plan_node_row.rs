use std::sync::Arc;

use leptos::prelude::*;

use crate::components::plan_distribution::PlanDistribution;
use crate::components::plan_grade::PlanGrade;
use crate::domain::fiscal_year::FiscalYear;
use crate::domain::plan::{NodeStatusKind, Plan, PlanEvaluation};

/// The heading row of one node of the plan tree: its level name (「方向性」), label and title,
/// status remarks (「令和4年度をもって廃止」), and, when it gathers several KPIs, its roll-up
/// for the selected year.
#[component]
pub fn PlanNodeRow(
    plan: Arc<Plan>,
    evaluation: Arc<PlanEvaluation>,
    node_id: String,
    depth: usize,
    /// How many columns the row spans (the whole table).
    columns: usize,
    #[prop(into)] year: Signal<FiscalYear>,
) -> impl IntoView {
    let Some(node) = plan.find_node(&node_id) else {
        return ().into_any();
    };
    let level = plan.level_name(depth).to_owned();
    let status = match node.status.kind {
        NodeStatusKind::Continuing => None,
        kind => Some(view! {
            <span class=format!("node-status node-status--{}", match kind {
                NodeStatusKind::Abolished => "abolished",
                _ => "new",
            })>
                {kind.label()}
            </span>
            {(!node.status.note.is_empty()).then(|| node.status.note.clone())}
        }),
    };
    let implementer =
        (!node.implementer.is_empty()).then(|| format!("実施主体: {}", node.implementer));
    // A roll-up's total is the number of KPIs in the node's subtree.
    let gathered = evaluation
        .node_rollup(&node_id, plan.period.first)
        .map_or(0, |r| r.total);
    let style = plan.display.year_style;
    let has_children = !node.children.is_empty();
    let rules = plan.rating.clone();
    let rollup = move || {
        if gathered == 0 {
            return view! { <span class="node-head__none">"成果指標なし"</span> }.into_any();
        }
        if gathered == 1 && !has_children {
            // A single KPI's rating is in its own row; repeating it adds nothing.
            return ().into_any();
        }
        let fy = year.get();
        let Some(r) = evaluation.node_rollup(&node_id, fy).cloned() else {
            return ().into_any();
        };
        let mark = rules
            .verdict_mark(&r.summary, r.summary_band_index)
            .to_owned();
        let colour = rules.band_colour(r.summary_band_index).map(str::to_owned);
        view! {
            <span class="node-head__rollup" data-testid=format!("rollup-{node_id}")>
                <PlanDistribution
                    rollup=r.clone()
                    rules=rules.clone()
                    prefix=fy.label(style)
                    testid=format!("rollup-dist-{node_id}")
                />
                <span class="node-head__summary" title=r.explanation.clone()>
                    "総合 "
                    <PlanGrade mark colour />
                </span>
            </span>
        }
        .into_any()
    };
    view! {
        <tr class=format!("node-row node-row--depth-{}", depth.min(3))>
            <th scope="rowgroup" colspan=columns.to_string()>
                <div class="node-head" style=("--depth", depth.to_string())>
                    <span class="node-head__level">{level}</span>
                    <span class="node-head__name">{node.display_name()}</span>
                    {status}
                    {implementer.map(|t| view! { <span class="node-head__meta">{t}</span> })}
                    {rollup}
                </div>
            </th>
        </tr>
    }
    .into_any()
}
