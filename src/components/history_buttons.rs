use leptos::prelude::*;

use crate::storage::history::{redo, undo};
use crate::storage::use_workspace;

/// 元に戻す / やり直す, naming the edit each would undo or redo, with the last outcome as a
/// status line. The same as Ctrl+Z and Ctrl+Y. Both act on the history of what is on
/// screen: a plan's own steps on its screens, creating, deleting and importing on the lists.
#[component]
pub fn HistoryButtons() -> impl IntoView {
    let store = use_workspace();
    let h = store.history;
    let place = |title: &str| {
        if title.is_empty() {
            String::new()
        } else {
            format!("（計画「\u{2068}{title}\u{2069}」）")
        }
    };
    let undo_title = move || {
        h.undo_label
            .get()
            .map_or("元に戻せる操作はありません".to_owned(), |l| {
                format!(
                    "元に戻す: {}{}（Ctrl+Z、Mac は ⌘+Z）",
                    l.label,
                    place(&l.plan_title)
                )
            })
    };
    let redo_title = move || {
        h.redo_label
            .get()
            .map_or("やり直せる操作はありません".to_owned(), |l| {
                format!(
                    "やり直す: {}{}（Ctrl+Y、Mac は ⌘+Shift+Z）",
                    l.label,
                    place(&l.plan_title)
                )
            })
    };
    view! {
        <div class="history-buttons" role="group" aria-label="元に戻す・やり直す">
            <button
                type="button"
                class="button"
                data-testid="undo-button"
                disabled=move || h.undo_label.with(Option::is_none)
                title=undo_title
                aria-keyshortcuts="Control+Z"
                on:click=move |_| undo(store)
            >
                "元に戻す"
            </button>
            <button
                type="button"
                class="button"
                data-testid="redo-button"
                disabled=move || h.redo_label.with(Option::is_none)
                title=redo_title
                aria-keyshortcuts="Control+Y"
                on:click=move |_| redo(store)
            >
                "やり直す"
            </button>
            <span class="history-buttons__status" role="status" data-testid="history-status">
                {move || h.message()}
            </span>
        </div>
    }
}
