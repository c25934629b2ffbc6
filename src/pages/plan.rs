use std::sync::Arc;

use leptos::prelude::*;

use crate::components::file_buttons::PlanFileButtons;
use crate::components::history_buttons::HistoryButtons;
use crate::components::kpi_grid::KpiGrid;
use crate::components::plan_dashboard::PlanDashboard;
use crate::components::plan_settings::PlanSettings;
use crate::components::plan_sheet::PlanSheet;
use crate::components::plan_structure::PlanStructure;
use crate::components::plan_tabs::PlanTabs;
use crate::components::view_heading::ViewHeading;
use crate::domain::plan::sample_plan;
use crate::domain::workspace::Scope;
use crate::pages::plans::copy_sample;
use crate::route::PlanTab;
use crate::storage::use_workspace;

/// One plan (`#/plans/<id>[/<tab>]`): a plan stored in this browser opens in its workspace
/// (dashboard, structure, KPI grid, sheet, settings); a sample shows its sheet, read-only.
#[component]
pub fn PlanPage(id: String, tab: PlanTab) -> impl IntoView {
    let store = use_workspace();
    let stored = store.workspace.with_untracked(|ws| ws.plan(&id).is_some());
    if stored {
        return view! { <StoredPlan id tab /> }.into_any();
    }
    match sample_plan(&id) {
        Some(plan) => view! { <SamplePlan plan=Arc::new(plan.clone()) /> }.into_any(),
        None => view! { <PlanNotFound id /> }.into_any(),
    }
}

#[component]
fn PlanNotFound(id: String) -> impl IntoView {
    let store = use_workspace();
    let key = crate::domain::workspace::StorageKey::Plan(id.clone()).to_string();
    let held = store.report.with_untracked(|r| {
        if r.set_aside.iter().any(|s| s.record.original_key == key) {
            Some("この計画は、保存されていたデータが読めないため退避しました（消してはいません）。")
        } else if r.too_new.iter().any(|(k, _)| *k == key) {
            Some("この計画は新しい版の Shinko で保存されているため、この版では開けません（消してはいません）。")
        } else {
            None
        }
    });
    view! {
        <section class="view" data-testid="plan-not-found">
            <ViewHeading title="計画が見つかりません" />
            {match held {
                Some(why) => view! {
                    <p data-testid="plan-set-aside">
                        {why} <a href="#/data">"データ管理で内容を確かめる"</a>
                    </p>
                }.into_any(),
                None => view! {
                    <p>
                        "ID「" <code>{id}</code> "」の計画はありません。"
                        "アドレスが古いか、ほかのタブで削除されたか、入力を間違えている可能性があります。"
                    </p>
                }.into_any(),
            }}
            <p>
                <a href="#/plans" data-testid="back-to-plans">"計画の一覧へ戻る"</a>
            </p>
        </section>
    }
}

fn crumbs(title: Signal<String>) -> impl IntoView {
    view! {
        <nav class="plan-crumbs no-print" aria-label="現在位置">
            <a href="#/plans" data-testid="back-to-plans">"計画"</a>
            <span aria-hidden="true">" › "</span>
            <span>{title}</span>
        </nav>
    }
}

#[component]
fn SamplePlan(plan: Arc<Plan>) -> impl IntoView {
    let store = use_workspace();
    store.history.show(Scope::Workspace);
    let message = RwSignal::new(None::<(String, String)>);
    let sample = Arc::clone(&plan);
    let copy = move |_| {
        if let Some((id, title)) = copy_sample(store, &sample) {
            message.set(Some((id, title)));
        }
    };
    let title = plan.title.clone();
    // A sample shows its sheet whatever tab the address names; the page title says so
    // (set after the shell's own title, which follows the address).
    request_animation_frame(|| {
        document().set_title(&format!("進捗状況シート | {}", crate::app::PRODUCT_NAME));
    });
    view! {
        <section class="view plan-view" data-testid="plan-view">
            {crumbs(Signal::stored(title.clone()))}
            <p class="plan-view__kicker">
                "進捗状況シート "
                <span class="badge-readonly" data-testid="plan-sheet-badge">"見本（読み取り専用）"</span>
            </p>
            <ViewHeading title />
            <div class="plan-view__sample no-print">
                <p>"見本は編集できません。見本を元にした計画をこのブラウザに作ると、実績の入力や体系の編集ができます。"</p>
                <button type="button" class="button" data-testid="sample-copy" on:click=copy>
                    "見本から作成"
                </button>
                <p role="status" data-testid="sample-copy-message">
                    {move || message.get().map(|(id, title)| view! {
                        "「" {title} "」を作成しました。"
                        <a href=format!("#/plans/{id}") data-testid="sample-copy-open">"作成した計画を開く"</a>
                    })}
                </p>
            </div>
            <PlanSheet plan />
        </section>
    }
}

use crate::domain::plan::Plan;

#[component]
fn StoredPlan(id: String, tab: PlanTab) -> impl IntoView {
    let store = use_workspace();
    store.history.show(Scope::Plan(id.clone()));
    let present = {
        let id = id.clone();
        Memo::new(move |_| store.workspace.with(|ws| ws.plan(&id).is_some()))
    };
    let title = {
        let id = id.clone();
        Memo::new(move |_| {
            store
                .workspace
                .with(|ws| ws.plan(&id).map(|p| p.title.clone()).unwrap_or_default())
        })
    };
    let content = {
        let id = id.clone();
        let tab = tab.clone();
        move || match &tab {
            PlanTab::Home => view! { <PlanDashboard plan_id=id.clone() /> }.into_any(),
            PlanTab::Structure(node) => {
                view! { <PlanStructure plan_id=id.clone() node=node.clone() /> }.into_any()
            }
            PlanTab::Kpis(cell) => {
                view! { <KpiGrid plan_id=id.clone() focus=cell.clone() /> }.into_any()
            }
            PlanTab::Settings => view! { <PlanSettings plan_id=id.clone() /> }.into_any(),
            PlanTab::Sheet => {
                let id = id.clone();
                (move || {
                    store
                        .workspace
                        .with(|ws| ws.plan(&id).cloned())
                        .map(|plan| view! { <PlanSheet plan=Arc::new(plan) /> })
                })
                .into_any()
            }
        }
    };
    view! {
        <section class="view plan-view" data-testid="plan-view">
            {crumbs(title.into())}
            <p class="plan-view__kicker">
                {tab.title()} " "
                <span class="badge-readonly" data-testid="plan-sheet-badge">"このブラウザに保存"</span>
            </p>
            <ViewHeading title=title />
            <div class="plan-view__bar no-print">
                <PlanTabs plan_id=id.clone() current=tab.clone() />
                <HistoryButtons />
            </div>
            <div class="plan-view__file no-print">
                <PlanFileButtons plan_id=id.clone() />
            </div>
            <Show
                when=move || present.get()
                fallback=|| view! {
                    <p class="notice notice--warning" role="alert" data-testid="plan-gone">
                        "この計画はこのブラウザにもうありません（ほかのタブで削除されたか、操作を元に戻しました）。"
                        "「元に戻す」で戻せる場合があります。データ管理のバックアップからも復元できます。"
                    </p>
                }
            >
                {content.clone()}
            </Show>
        </section>
    }
}
