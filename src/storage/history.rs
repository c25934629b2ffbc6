//! Undo and redo across every screen: one history for the workspace, kept in memory for
//! this tab (`domain::workspace::History` decides; this module applies it to the store).
//! Ctrl+Z / Ctrl+Y (and Ctrl+Shift+Z) anywhere outside a text field, and the buttons in a
//! plan's toolbar, call [`undo`] and [`redo`].

use leptos::prelude::*;

use super::{WorkspaceStore, clock};
use crate::domain::plan::{Kpi, Plan};
use crate::domain::workspace::{DEFAULT_HISTORY_LIMIT, Entry, History};

/// The history and what the buttons show: the label of the edit each would undo or redo.
#[derive(Clone, Copy)]
pub struct HistoryState {
    history: StoredValue<History>,
    pub undo_label: RwSignal<Option<String>>,
    pub redo_label: RwSignal<Option<String>>,
    /// The outcome of the last undo or redo, for a status line.
    pub message: RwSignal<Option<String>>,
}

impl HistoryState {
    pub fn new() -> Self {
        HistoryState {
            history: StoredValue::new(History::new(DEFAULT_HISTORY_LIMIT)),
            undo_label: RwSignal::new(None),
            redo_label: RwSignal::new(None),
            message: RwSignal::new(None),
        }
    }

    fn refresh(&self) {
        let (u, r) = self.history.with_value(|h| {
            (
                h.undo_label().map(str::to_owned),
                h.redo_label().map(str::to_owned),
            )
        });
        if self.undo_label.get_untracked() != u {
            self.undo_label.set(u);
        }
        if self.redo_label.get_untracked() != r {
            self.redo_label.set(r);
        }
    }

    fn push(&self, entry: Entry) {
        self.history.update_value(|h| h.push(entry));
        self.refresh();
    }
}

impl Default for HistoryState {
    fn default() -> Self {
        Self::new()
    }
}

/// Records a whole-plan edit as the smallest change that undoes it.
pub(super) fn record_diff(store: &WorkspaceStore, label: &str, before: &Plan, after: &Plan) {
    if let Some(entry) = Entry::diff(label, before, after) {
        store.history.push(entry);
    }
}

/// Records an edit of one KPI.
pub(super) fn record_kpi(
    store: &WorkspaceStore,
    label: &str,
    plan_id: &str,
    before: Kpi,
    after: Kpi,
) {
    if before != after {
        store
            .history
            .push(Entry::kpi(label, plan_id, before, after));
    }
}

/// Records the creation, deletion or replacement of a whole plan.
pub fn record_plan(store: &WorkspaceStore, label: &str, before: Option<Plan>, after: Option<Plan>) {
    store.history.push(Entry::plan(label, before, after));
}

#[derive(Clone, Copy)]
enum Direction {
    Undo,
    Redo,
}

fn step(store: WorkspaceStore, direction: Direction) {
    let now = clock::now();
    let mut outcome = None;
    store.workspace.maybe_update(|ws| {
        let result = store.history.history.try_update_value(|h| match direction {
            Direction::Undo => h.undo(ws, &now),
            Direction::Redo => h.redo(ws, &now),
        });
        let changed = matches!(result, Some(Ok(Some(_))));
        outcome = result;
        changed
    });
    let verb = match direction {
        Direction::Undo => "元に戻しました",
        Direction::Redo => "やり直しました",
    };
    match outcome {
        Some(Ok(Some(done))) => {
            store.mark(done.keys);
            // One history serves every plan: say which plan changed.
            let title = store
                .workspace
                .with_untracked(|ws| ws.plan(&done.plan_id).map(|p| p.title.clone()));
            let place = title
                .map(|t| format!("（計画「{t}」）"))
                .unwrap_or_default();
            store
                .history
                .message
                .set(Some(format!("「{}」を{verb}{place}。", done.label)));
        }
        Some(Ok(None)) | None => {}
        Some(Err(e)) => store.history.message.set(Some(e.to_string())),
    }
    store.history.refresh();
}

/// Undoes the last edit, if any.
pub fn undo(store: WorkspaceStore) {
    step(store, Direction::Undo);
}

/// Redoes the last undone edit, if any.
pub fn redo(store: WorkspaceStore) {
    step(store, Direction::Redo);
}

/// Ctrl+Z / Ctrl+Y / Ctrl+Shift+Z (⌘ on a Mac) anywhere, except inside a text field, where
/// the browser's own undo of the typing applies.
pub fn install_shortcuts(store: WorkspaceStore) {
    let handle = window_event_listener(leptos::ev::keydown, move |e| {
        if !(e.ctrl_key() || e.meta_key()) || e.alt_key() {
            return;
        }
        let key = e.key().to_lowercase();
        let direction = match (key.as_str(), e.shift_key()) {
            ("z", false) => Direction::Undo,
            ("z", true) | ("y", false) => Direction::Redo,
            _ => return,
        };
        if crate::dom::typing_in_field() {
            return;
        }
        e.prevent_default();
        step(store, direction);
    });
    on_cleanup(move || handle.remove());
}
