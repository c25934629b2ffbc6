use std::sync::Arc;

use leptos::prelude::*;

use crate::components::plan_rollup_table::PlanRollupTable;
use crate::components::plan_rules::PlanRules;
use crate::components::plan_sheet_table::PlanSheetTable;
use crate::components::plan_year_select::PlanYearSelect;
use crate::components::view_heading::ViewHeading;
use crate::domain::plan::{Plan, sample_plan};
use crate::storage::use_workspace;

/// 進捗状況シート: one plan as a committee gets it, read-only. `#/plans/<id>`: a plan stored
/// in this browser first, then the samples.
#[component]
pub fn PlanSheetPage(id: String) -> impl IntoView {
    let stored = use_workspace()
        .workspace
        .with_untracked(|ws| ws.plan(&id).cloned());
    let found = match stored {
        Some(plan) => Some((plan, true)),
        None => sample_plan(&id).map(|plan| (plan.clone(), false)),
    };
    match found {
        Some((plan, stored)) => view! { <PlanSheet plan=Arc::new(plan) stored /> }.into_any(),
        None => view! {
            <section class="view" data-testid="plan-not-found">
                <ViewHeading title="計画が見つかりません" />
                <p>
                    "ID「" <code>{id}</code> "」の計画はありません。"
                    "アドレスが古いか、入力を間違えている可能性があります。"
                </p>
                <p>
                    <a href="#/plans" data-testid="back-to-plans">"計画の一覧へ戻る"</a>
                </p>
            </section>
        }
        .into_any(),
    }
}

#[component]
fn PlanSheet(plan: Arc<Plan>, stored: bool) -> impl IntoView {
    let badge = if stored {
        "このブラウザに保存（編集は今後追加します）"
    } else {
        "見本（読み取り専用）"
    };
    // The plan does not change while shown, so every rating and roll-up is computed once; the year
    // selector only chooses which roll-up to show.
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
        <section class="view plan-sheet" data-testid="plan-sheet">
            <nav class="plan-sheet__crumbs no-print" aria-label="現在位置">
                <a href="#/plans" data-testid="back-to-plans">"計画"</a>
                <span aria-hidden="true">" › "</span>
                <span>"進捗状況シート"</span>
            </nav>
            <p class="plan-sheet__kicker">
                "進捗状況シート "
                <span class="badge-readonly" data-testid="plan-sheet-badge">{badge}</span>
            </p>
            <ViewHeading title=plan.title.clone() />
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
        </section>
    }
}
