use std::sync::Arc;

use leptos::prelude::*;

use crate::components::plan_rollup_table::PlanRollupTable;
use crate::components::plan_rules::PlanRules;
use crate::components::plan_sheet_table::PlanSheetTable;
use crate::components::plan_year_select::PlanYearSelect;
use crate::domain::plan::Plan;

/// 進捗状況シート: one plan as a committee gets it (the page's heading carries the title).
/// Every rating and roll-up is computed once per plan version; the year selector only
/// chooses which roll-up to show.
#[component]
pub fn PlanSheet(plan: Arc<Plan>) -> impl IntoView {
    let evaluation = Arc::new(plan.evaluate());
    let year = RwSignal::new(plan.sheet_year());
    let style = plan.display.year_style;
    let years = plan
        .period
        .years()
        .map(|fy| (fy, fy.label(style)))
        .collect();
    let print = move |_| {
        // Printing is a convenience: if the browser refuses, Ctrl+P still works.
        let _ = window().print();
    };
    view! {
        <div class="plan-sheet" data-testid="plan-sheet">
            <dl class="facts plan-sheet__facts">
                <dt>"自治体"</dt>
                <dd data-testid="plan-municipality">{plan.municipality.clone()}</dd>
                <dt>"計画期間"</dt>
                <dd data-testid="plan-period">{plan.period_label()}</dd>
                <dt>"体系"</dt>
                <dd>{plan.level_names.join(" → ")}</dd>
            </dl>
            <PlanRules rules=plan.rating.clone() />
            <div class="plan-sheet__toolbar no-print">
                <PlanYearSelect years year />
                <button type="button" class="button button--primary" data-testid="print-button" on:click=print>
                    "印刷"
                </button>
            </div>
            <PlanRollupTable
                plan=Arc::clone(&plan)
                evaluation=Arc::clone(&evaluation)
                year
            />
            <p class="plan-sheet__hint no-print">
                "評価の記号を選ぶ（マウスを重ねる、またはTabキーで移動する）と、計算の根拠が表示されます。"
            </p>
            <PlanSheetTable plan evaluation year />
        </div>
    }
}
