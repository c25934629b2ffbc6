use leptos::html;
use leptos::prelude::*;

use crate::domain::fiscal_year::{FiscalYear, YearStyle};
use crate::domain::plan::{ManualRating, Rating, RatingRules, RatingStatus, Verdict};
use crate::storage::use_workspace;

/// Sets or clears a manual rating of one KPI in one year. A reason is required; the grid
/// then marks the rating 「（手動）」 and the explanation keeps the computed one.
#[component]
pub fn ManualPanel(
    plan_id: String,
    kpi_id: String,
    kpi_name: String,
    fy: FiscalYear,
    style: YearStyle,
    rules: RatingRules,
    rating: RwSignal<Rating>,
    /// Called when the panel closes: `true` when the rating changed.
    on_done: Callback<bool>,
) -> impl IntoView {
    let store = use_workspace();
    let current = rating.get_untracked();
    let choices: Vec<(String, Verdict)> = rules
        .bands
        .iter()
        .map(|b| (b.label.clone(), Verdict::Band(b.label.as_str().into())))
        .chain(
            rules
                .statuses
                .iter()
                .filter(|s| !matches!(s, RatingStatus::Unrated))
                .map(|s| (s.label().to_owned(), Verdict::Status(*s))),
        )
        .collect();
    let initial = choices
        .iter()
        .position(|(_, v)| *v == current.verdict)
        .unwrap_or(0);
    let choice = RwSignal::new(initial);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let select = NodeRef::<html::Select>::new();
    select.on_load(|el| {
        let _ = el.focus();
    });
    let options = choices
        .iter()
        .enumerate()
        .map(|(i, (label, _))| view! { <option value=i.to_string() selected=i == initial>{label.clone()}</option> })
        .collect_view();
    let save = {
        let plan_id = plan_id.clone();
        let kpi_id = kpi_id.clone();
        let choices = choices.clone();
        move |e: leptos::ev::SubmitEvent| {
            e.prevent_default();
            let Some((_, verdict)) = choices.get(choice.get_untracked()).cloned() else {
                return;
            };
            let manual = ManualRating {
                verdict,
                reason: reason.get_untracked(),
            };
            match store.edit_kpi(&plan_id, &kpi_id, "手動評価", |p| {
                p.set_manual_rating(&kpi_id, fy, Some(manual))
            }) {
                Ok(_) => on_done.run(true),
                Err(e) => error.set(Some(e.to_string())),
            }
        }
    };
    let clear = {
        let plan_id = plan_id.clone();
        let kpi_id = kpi_id.clone();
        move |_| match store.edit_kpi(&plan_id, &kpi_id, "手動評価の解除", |p| {
            p.set_manual_rating(&kpi_id, fy, None)
        }) {
            Ok(_) => on_done.run(true),
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let on_keydown = move |e: leptos::ev::KeyboardEvent| {
        e.stop_propagation();
        if e.key() == "Escape" {
            on_done.run(false);
        }
    };
    view! {
        <form
            class="manual-panel"
            novalidate
            role="dialog"
            aria-labelledby="manual-panel-title"
            data-testid="manual-panel"
            on:submit=save
            on:keydown=on_keydown
        >
            <h3 id="manual-panel-title">
                "手動評価：" {kpi_name} "（" {fy.label(style)} "）"
            </h3>
            <p class="manual-panel__computed">
                "いまの評価：" {move || rating.with(|r| r.label().to_owned())}
                {move || rating.with(|r| r.manual).then_some("（手動）")}
                " — " {
                    let (plan_id, kpi_id) = (plan_id.clone(), kpi_id.clone());
                    move || {
                        rating.track();
                        super::model::explanation(store, &plan_id, &kpi_id, fy)
                    }
                }
            </p>
            <div class="field">
                <label for="manual-verdict">"評価"</label>
                <select
                    id="manual-verdict"
                    data-testid="manual-verdict"
                    node_ref=select
                    on:change=move |e| {
                        if let Ok(i) = event_target_value(&e).parse() {
                            choice.set(i);
                        }
                    }
                >
                    {options}
                </select>
            </div>
            <div class="field">
                <label for="manual-reason">"理由（必須）"</label>
                <textarea
                    id="manual-reason"
                    data-testid="manual-reason"
                    rows="3"
                    aria-required="true"
                    aria-describedby="manual-error"
                    on:input=move |e| reason.set(event_target_value(&e))
                ></textarea>
            </div>
            <p id="manual-error" class="field__error" role="alert" data-testid="manual-error">
                {move || error.get()}
            </p>
            <div class="manual-panel__actions">
                <button type="submit" class="button button--primary" data-testid="manual-save">"手動評価を設定"</button>
                <Show when=move || rating.with(|r| r.manual)>
                    <button type="button" class="button" data-testid="manual-clear" on:click=clear.clone()>
                        "手動評価を解除（計算に戻す）"
                    </button>
                </Show>
                <button type="button" class="button" data-testid="manual-cancel" on:click=move |_| on_done.run(false)>
                    "キャンセル"
                </button>
            </div>
        </form>
    }
}
