use leptos::prelude::*;

use crate::components::history_buttons::HistoryButtons;
use crate::components::plan_card::PlanCard;
use crate::components::view_heading::ViewHeading;
use crate::domain::fiscal_year::FiscalYear;
use crate::domain::plan::{PRESET_IDS, Period, Plan, preset, samples};
use crate::domain::workspace::{NewPlan, Scope, StorageKey, isolate};
use crate::storage::{WorkspaceStore, random_seed, use_workspace};

/// Copies a sample into the workspace under a new id (`Workspace::copy_sample`), so the
/// sample itself stays read-only. Returns the new plan's id and title. Undoable.
pub fn copy_sample(store: WorkspaceStore, sample: &Plan) -> Option<(String, String)> {
    let seed = random_seed();
    let applied = store
        .perform(|ws, now| Ok::<_, String>(ws.copy_sample(sample, seed, now)))
        .ok()?;
    let id = applied.plan_id()?.to_owned();
    let title = store.plan(&id).map(|p| p.title).unwrap_or_default();
    Some((id, title))
}

/// 計画: the plans stored in this browser (imported or made from a sample), then the four
/// sample plans (seeds 000–003), read-only; a sample that fails to load is listed with the
/// reason instead.
#[component]
pub fn PlansPage() -> impl IntoView {
    let store = use_workspace();
    store.history.show(Scope::Workspace);
    let message = RwSignal::new(None::<String>);
    let stored = move || store.workspace.with(|ws| ws.plans.clone());
    let items = samples()
        .iter()
        .map(|sample| match &sample.plan {
            Ok(plan) => {
                let id = plan.id.clone();
                let copy = move |_| {
                    if let Some((_, title)) = copy_sample(store, plan) {
                        message.set(Some(format!(
                            "見本「{}」から計画を作成し、このブラウザに保存しました。", isolate(&title)
                        )));
                    }
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
            <div class="plans__bar">
                <NewPlanForm message />
                <HistoryButtons />
            </div>
            <h2>"このブラウザに保存した計画"</h2>
            <p role="status" tabindex="-1" id="plans-message" data-testid="plans-message">{move || message.get()}</p>
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
                        <PlanCard plan=plan.clone() stored=true>
                            <StoredPlanActions plan message />
                        </PlanCard>
                    </For>
                </ul>
            </Show>
            <SetAsidePlans />
            <h2>"見本の計画"</h2>
            <p class="plans__note">
                "4つの市の実際の資料から作った見本です（読み取り専用）。"
                "計画名を選ぶと、委員会に出す形の進捗状況シートを表示・印刷できます。"
                "「見本から作成」で、見本を元にした計画をこのブラウザに保存し、編集できます。"
            </p>
            <ul class="plan-list" data-testid="plan-list">
                {items}
            </ul>
        </section>
    }
}

/// 新しい計画: a blank plan with a title, municipality, period and rating rules (a preset).
#[component]
fn NewPlanForm(message: RwSignal<Option<String>>) -> impl IntoView {
    let store = use_workspace();
    let open = RwSignal::new(false);
    let title = RwSignal::new(String::new());
    let municipality = RwSignal::new(String::new());
    let first = RwSignal::new("2024".to_owned());
    let last = RwSignal::new("2028".to_owned());
    let rules = RwSignal::new(
        PRESET_IDS
            .first()
            .map(|s| (*s).to_owned())
            .unwrap_or_default(),
    );
    let error = RwSignal::new(None::<String>);
    let presets = move || {
        PRESET_IDS
            .iter()
            .filter_map(|id| preset(id).map(|r| (*id, r.name)))
            .map(|(id, name)| view! { <option value=id>{name}</option> })
            .collect_view()
    };
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let parse = |s: String| FiscalYear::parse(&s, None).map_err(|e| e.to_string());
        let period = match (parse(first.get_untracked()), parse(last.get_untracked())) {
            (Ok(first), Ok(last)) => Period { first, last },
            (Err(e), _) | (_, Err(e)) => {
                error.set(Some(format!("計画期間: {e}")));
                return;
            }
        };
        let Some(rules) = preset(&rules.get_untracked()) else {
            error.set(Some("評価の方法を選んでください。".into()));
            return;
        };
        let draft = NewPlan {
            title: title.get_untracked(),
            municipality: municipality.get_untracked(),
            period,
            rules,
            level_names: Vec::new(),
        };
        let seed = random_seed();
        match store.perform(|ws, now| ws.create_plan(draft, seed, now)) {
            Err(e) => error.set(Some(e)),
            Ok(applied) => {
                let Some(id) = applied.plan_id().map(str::to_owned) else {
                    return;
                };
                let name = store.plan(&id).map(|p| p.title).unwrap_or_default();
                error.set(None);
                message.set(Some(format!("計画「{}」を作成しました。", isolate(&name))));
                // The plan's page replaces this one: its status line (under 元に戻す) says it.
                store.history.say(
                    Scope::Plan(id.clone()),
                    format!(
                        "計画「{}」を作成しました。まず体系の項目を追加してください。",
                        isolate(&name)
                    ),
                );
                let _ = window().location().set_hash(&format!("#/plans/{id}/tree"));
            }
        }
    };
    view! {
        <div class="new-plan no-print">
            <button
                type="button"
                class="button button--primary"
                data-testid="new-plan-toggle"
                aria-expanded=move || open.get().to_string()
                aria-controls="new-plan-form"
                on:click=move |_| open.update(|o| *o = !*o)
            >
                "新しい計画を作る"
            </button>
            <Show when=move || open.get()>
                <form id="new-plan-form" class="new-plan__form" data-testid="new-plan-form" on:submit=submit novalidate>
                    <div class="field">
                        <label for="new-plan-title">"計画名（必須）"</label>
                        <input id="new-plan-title" type="text" data-testid="new-plan-title" aria-required="true" on:input=move |e| title.set(event_target_value(&e)) />
                    </div>
                    <div class="field">
                        <label for="new-plan-municipality">"自治体（必須）"</label>
                        <input id="new-plan-municipality" type="text" data-testid="new-plan-municipality" aria-required="true" on:input=move |e| municipality.set(event_target_value(&e)) />
                    </div>
                    <div class="field field--inline">
                        <label for="new-plan-first">"計画期間の開始年度（西暦または令和6など）"</label>
                        <input id="new-plan-first" type="text" data-testid="new-plan-first" value="2024" on:input=move |e| first.set(event_target_value(&e)) />
                        <label for="new-plan-last">"終了年度"</label>
                        <input id="new-plan-last" type="text" data-testid="new-plan-last" value="2028" on:input=move |e| last.set(event_target_value(&e)) />
                    </div>
                    <div class="field">
                        <label for="new-plan-rules">"評価の方法（あとで設定で変えられます）"</label>
                        <select id="new-plan-rules" data-testid="new-plan-rules" on:change=move |e| rules.set(event_target_value(&e))>
                            {presets}
                        </select>
                    </div>
                    <p class="field__error" role="alert" data-testid="new-plan-error">{move || error.get()}</p>
                    <button type="submit" class="button button--primary" data-testid="new-plan-create">"作成する"</button>
                </form>
            </Show>
        </div>
    }
}

/// 開く, 複製, 名前を変更 and 削除 for a stored plan. Deleting asks first, keeps a backup
/// (データ管理) and can be undone.
#[component]
fn StoredPlanActions(plan: Plan, message: RwSignal<Option<String>>) -> impl IntoView {
    let store = use_workspace();
    let id = plan.id.clone();
    let renaming = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let new_title = RwSignal::new(plan.title.clone());
    let error = RwSignal::new(None::<String>);
    let duplicate = {
        let id = id.clone();
        move |_| {
            let seed = random_seed();
            match store.perform(|ws, now| ws.duplicate_plan(&id, seed, now)) {
                Ok(applied) => {
                    let title = applied
                        .plan_id()
                        .and_then(|id| store.plan(id))
                        .map(|p| p.title)
                        .unwrap_or_default();
                    message.set(Some(format!("「{}」を作成しました。", isolate(&title))));
                }
                Err(e) => error.set(Some(e)),
            }
        }
    };
    let rename = {
        let id = id.clone();
        move |e: leptos::ev::SubmitEvent| {
            e.prevent_default();
            let title = new_title.get_untracked();
            match store.edit_plan(&id, "計画名の変更", |p| p.rename(title.clone())) {
                Ok(()) => {
                    renaming.set(false);
                    error.set(None);
                    message.set(Some(format!(
                        "計画名を「{}」にしました。",
                        isolate(title.trim())
                    )));
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        }
    };
    let delete = {
        let id = id.clone();
        move |_| match store.delete_plan(&id) {
            Err(e) => {
                confirming.set(false);
                error.set(Some(e));
            }
            Ok(before) => {
                message.set(Some(format!(
                    "「{}」を削除しました。「元に戻す」（Ctrl+Z）か、データ管理のバックアップから戻せます。",
                    isolate(&before.title)
                )));
                // The focused button is gone with the card: focus the message instead.
                request_animation_frame(|| crate::dom::focus("#plans-message"));
            }
        }
    };
    let title_id = format!("rename-title-{id}");
    let rename_input = format!("rename-input-{id}");
    let rename_save = format!("rename-save-{id}");
    let delete_confirm = format!("delete-confirm-{id}");
    view! {
        <a class="button" href=format!("#/plans/{id}") data-testid=format!("open-{id}")>"開く"</a>
        <button type="button" class="button" data-testid=format!("duplicate-{id}") on:click=duplicate>"複製"</button>
        <button type="button" class="button" data-testid=format!("rename-{id}") aria-expanded=move || renaming.get().to_string() on:click=move |_| renaming.update(|r| *r = !*r)>"名前を変更"</button>
        <button type="button" class="button button--danger" data-testid=format!("delete-{id}") on:click=move |_| confirming.set(true)>"削除…"</button>
        <Show when=move || renaming.get()>
            <form class="plan-card__rename" on:submit=rename.clone() novalidate>
                <label for=title_id.clone()>"新しい計画名"</label>
                <input id=title_id.clone() type="text" data-testid=rename_input.clone() prop:value=move || new_title.get() on:input=move |e| new_title.set(event_target_value(&e)) />
                <button type="submit" class="button button--primary" data-testid=rename_save.clone()>"変更する"</button>
            </form>
        </Show>
        <Show when=move || confirming.get()>
            <p class="plan-card__confirm" role="alert">
                "この計画をこのブラウザから削除します。削除前の版はバックアップに残ります。"
                <button type="button" class="button button--danger" data-testid=delete_confirm.clone() on:click=delete.clone()>"削除する"</button>
                <button type="button" class="button" on:click=move |_| confirming.set(false)>"やめる"</button>
            </p>
        </Show>
        <p class="field__error" role="alert">{move || error.get()}</p>
    }
}

/// Plans that could not be read at start-up (set aside) or were saved by a newer Shinko:
/// still listed here, so a plan never just disappears, with the way to データ管理.
#[component]
fn SetAsidePlans() -> impl IntoView {
    let store = use_workspace();
    let items = move || {
        let report = store.report.get();
        let plan_id = |key: &str| match StorageKey::parse(key) {
            Some(StorageKey::Plan(id)) => Some(id),
            _ => None,
        };
        let mut out: Vec<(String, &'static str)> = report
            .set_aside
            .iter()
            .filter_map(|s| plan_id(&s.record.original_key))
            .map(|id| (id, "読めないため退避しました"))
            .collect();
        out.extend(
            report
                .too_new
                .iter()
                .filter_map(|(key, _)| plan_id(key))
                .map(|id| {
                    (
                        id,
                        "新しい版の Shinko で保存されているため、この版では開けません",
                    )
                }),
        );
        out
    };
    view! {
        <Show when=move || !items().is_empty()>
            <h2>"開けない計画"</h2>
            <ul class="plan-list" data-testid="set-aside-plans">
                {move || items().into_iter().map(|(id, why)| view! {
                    <li class="plan-card plan-card--error" data-testid=format!("set-aside-plan-{id}")>
                        <h3 class="plan-card__title">"ID「" <bdi>{id.clone()}</bdi> "」の計画"</h3>
                        <p>{why} "。保存されていたデータは消していません。"</p>
                        <p><a href="#/data" data-testid=format!("set-aside-plan-link-{id}")>"データ管理で内容を確かめる"</a></p>
                    </li>
                }).collect_view()}
            </ul>
        </Show>
    }
}
