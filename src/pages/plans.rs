use leptos::prelude::*;

use crate::components::plan_card::PlanCard;
use crate::components::view_heading::ViewHeading;
use crate::domain::file::StorageKey;
use crate::domain::plan::{Plan, samples};
use crate::storage::{WorkspaceStore, use_workspace};

/// Copies a sample into the workspace under a new id (`<sample id>-1`, `-2` …), so the
/// sample itself stays read-only. Returns the new plan's title.
fn copy_sample(store: WorkspaceStore, sample: &Plan) -> String {
    let mut plan = sample.clone();
    store.change(|ws, now| {
        let id = (1..)
            .map(|n| format!("{}-{n}", sample.id))
            .find(|id| ws.plan(id).is_none() && !ws.backups.contains_key(id))
            .unwrap_or_else(|| format!("{}-copy", sample.id));
        plan.id.clone_from(&id);
        plan.revision = 1;
        plan.created_at.clear();
        plan.touch(now);
        ws.plans.push(plan.clone());
        vec![StorageKey::Plan(id)]
    });
    plan.title
}

/// 計画: the plans stored in this browser (imported or made from a sample), then the four
/// sample plans (seeds 000–003), read-only; a sample that fails to load is listed with the
/// reason instead.
#[component]
pub fn PlansPage() -> impl IntoView {
    let store = use_workspace();
    let message = RwSignal::new(None::<String>);
    let stored = move || store.workspace.with(|ws| ws.plans.clone());
    let items = samples()
        .iter()
        .map(|sample| match &sample.plan {
            Ok(plan) => {
                let id = plan.id.clone();
                let copy = move |_| {
                    let title = copy_sample(store, plan);
                    message.set(Some(format!(
                        "見本「{title}」から計画を作成し、このブラウザに保存しました。"
                    )));
                };
                view! {
                    <PlanCard plan=plan.clone()>
                        <button type="button" class="button" data-testid=format!("copy-sample-{id}") on:click=copy>
                            "見本から作成"
                        </button>
                    </PlanCard>
                }
                .into_any()
            }
            Err(e) => view! {
                <li class="plan-card plan-card--error" role="alert" data-testid="plan-load-error">
                    <h3 class="plan-card__title">"見本を読み込めませんでした"</h3>
                    <p>{e.to_string()}</p>
                    <p>"アプリの配布元に連絡してください。ほかの計画はそのまま使えます。"</p>
                </li>
            }
            .into_any(),
        })
        .collect_view();
    view! {
        <section class="view" data-testid="view-plans">
            <ViewHeading title="計画" />
            <p class="lead">
                "産業振興計画の体系（基本方針・施策・事業）、年度ごとの計画と実績、"
                "成果指標の目標と実績を管理し、達成度の評価を確かめます。"
            </p>
            <h2>"このブラウザに保存した計画"</h2>
            <p role="status" data-testid="plans-message">{move || message.get()}</p>
            <Show
                when=move || store.workspace.with(|ws| !ws.plans.is_empty())
                fallback=|| view! {
                    <p class="plans__note" data-testid="stored-plan-list-empty">
                        "まだありません。データ管理で計画ファイルを読み込むか、下の見本から作成してください。"
                    </p>
                }
            >
                <ul class="plan-list" data-testid="stored-plan-list">
                    <For each=stored key=|p| (p.id.clone(), p.revision, p.title.clone()) let:plan>
                        <PlanCard plan stored=true />
                    </For>
                </ul>
            </Show>
            <h2>"見本の計画"</h2>
            <p class="plans__note">
                "4つの市の実際の資料から作った見本です（読み取り専用）。"
                "計画名を選ぶと、委員会に出す形の進捗状況シートを表示・印刷できます。"
                "「見本から作成」で、見本を元にした計画をこのブラウザに保存できます（編集は今後追加します）。"
            </p>
            <ul class="plan-list" data-testid="plan-list">
                {items}
            </ul>
        </section>
    }
}
