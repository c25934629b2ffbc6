use leptos::prelude::*;

use crate::storage::{SaveState, use_workspace};

/// 保存済み / 保存中 / 保存できません in the header: a live status, in words and a mark.
#[component]
pub fn SaveStatus() -> impl IntoView {
    let store = use_workspace();
    let state = store.save_state;
    let class = move || match state.get() {
        SaveState::Saved => "save-status save-status--saved",
        SaveState::Saving => "save-status save-status--saving",
        SaveState::Failed(_) => "save-status save-status--failed",
    };
    let mark = move || match state.get() {
        SaveState::Saved => "✓",
        SaveState::Saving => "…",
        SaveState::Failed(_) => "✕",
    };
    view! {
        <p class=class role="status" data-testid="save-status">
            <span aria-hidden="true">{mark}" "</span>
            <span data-testid="save-status-text">{move || state.get().label()}</span>
        </p>
    }
}
