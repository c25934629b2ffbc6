//! Undo and redo: one history per plan (and one for the screens that list plans), kept in
//! memory for this tab (`domain::workspace::History` decides; this module applies it to the
//! store). Ctrl+Z / Ctrl+Y (and Ctrl+Shift+Z) anywhere outside a text field, and the
//! buttons, act on the history of what is on screen: [`HistoryState::show`] says which.

use leptos::prelude::*;

use super::{WorkspaceStore, clock};
use crate::domain::plan::{Kpi, Plan};
use crate::domain::workspace::{DEFAULT_HISTORY_LIMIT, Entry, History, Scope};

/// What the buttons show for the scope on screen: the label of the step each would undo or
/// redo, and the plan it changes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StepLabel {
    pub label: String,
    pub plan_title: String,
}

/// The history and what the buttons show.
#[derive(Clone, Copy)]
pub struct HistoryState {
    history: StoredValue<History>,
    /// The history on screen: the plan's own on a plan's screens, the workspace's on 計画 and
    /// データ管理.
    scope: RwSignal<Scope>,
    pub undo_label: RwSignal<Option<StepLabel>>,
    pub redo_label: RwSignal<Option<StepLabel>>,
    /// The outcome of the last undo or redo, or of an operation, for the status line: shown
    /// only while its scope is on screen, and gone once the next step is made there.
    message: RwSignal<Option<(Scope, String)>>,
}

impl HistoryState {
    pub fn new() -> Self {
        HistoryState {
            history: StoredValue::new(History::new(DEFAULT_HISTORY_LIMIT)),
            scope: RwSignal::new(Scope::Workspace),
            undo_label: RwSignal::new(None),
            redo_label: RwSignal::new(None),
            message: RwSignal::new(None),
        }
    }

    /// Says which history is on screen (called by each page as it mounts).
    pub fn show(&self, scope: Scope) {
        if self.scope.get_untracked() != scope {
            self.scope.set(scope);
        }
    }

    /// The status line's text for the scope on screen.
    pub fn message(&self) -> Option<String> {
        let scope = self.scope.get();
        self.message.with(|m| {
            m.as_ref()
                .filter(|(s, _)| *s == scope)
                .map(|(_, t)| t.clone())
        })
    }

    /// Sets the status line of `scope`.
    pub fn say(&self, scope: Scope, text: impl Into<String>) {
        self.message.set(Some((scope, text.into())));
    }

    fn refresh(&self, store: &WorkspaceStore) {
        let scope = self.scope.get_untracked();
        let title = |id: Option<&str>| {
            id.map(|id| {
                store
                    .workspace
                    .with_untracked(|ws| ws.plan(id).map(|p| p.title.clone()))
                    .unwrap_or_default()
            })
        };
        let (u, r) = self.history.with_value(|h| {
            let u = h.undo_label_in(&scope).map(|l| StepLabel {
                label: l.to_owned(),
                plan_title: title(h.undo_plan_in(&scope)).unwrap_or_default(),
            });
            let r = h.redo_label_in(&scope).map(|l| StepLabel {
                label: l.to_owned(),
                plan_title: title(h.redo_plan_in(&scope)).unwrap_or_default(),
            });
            (u, r)
        });
        if self.undo_label.get_untracked() != u {
            self.undo_label.set(u);
        }
        if self.redo_label.get_untracked() != r {
            self.redo_label.set(r);
        }
    }

    pub(super) fn push_entry(&self, store: &WorkspaceStore, mut entry: Entry) {
        // A step belongs to the screen it was made on: a rename on 計画 is undone there,
        // an edit on a plan's screens there.
        entry.scope = self.scope.get_untracked();
        // A new step in a scope makes that scope's last message stale.
        let stale = self
            .message
            .with_untracked(|m| m.as_ref().is_some_and(|(s, _)| *s == entry.scope));
        if stale {
            self.message.set(None);
        }
        self.history.update_value(|h| h.push(entry));
        self.refresh(store);
    }
}

impl Default for HistoryState {
    fn default() -> Self {
        Self::new()
    }
}

impl WorkspaceStore {
    /// Puts a step on the history. Never call it inside an update of the workspace: it
    /// reads the workspace for the plan's name.
    pub(crate) fn record(&self, entry: Entry) {
        self.history.push_entry(self, entry);
    }
}

/// The step that undoes a whole-plan edit: the smallest change.
pub(super) fn diff_entry(label: &str, before: &Plan, after: &Plan) -> Option<Entry> {
    Entry::diff(label, before, after)
}

/// The step that undoes an edit of one KPI.
pub(super) fn kpi_entry(label: &str, plan_id: &str, before: Kpi, after: Kpi) -> Option<Entry> {
    (before != after).then(|| Entry::kpi(label, plan_id, before, after))
}

/// Keeps the buttons in step with the scope on screen and the plans' titles.
pub fn install_refresh(store: WorkspaceStore) {
    Effect::new(move |_| {
        store.history.scope.track();
        store.history.refresh(&store);
    });
}

#[derive(Clone, Copy)]
enum Direction {
    Undo,
    Redo,
}

fn step(store: WorkspaceStore, direction: Direction) {
    let now = clock::now();
    let scope = store.history.scope.get_untracked();
    let mut outcome = None;
    store.workspace.maybe_update(|ws| {
        let result = store.history.history.try_update_value(|h| match direction {
            Direction::Undo => h.undo_in(&scope, ws, &now),
            Direction::Redo => h.redo_in(&scope, ws, &now),
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
            let title = store
                .workspace
                .with_untracked(|ws| ws.plan(&done.plan_id).map(|p| p.title.clone()));
            let place = title
                .map(|t| format!("（計画「\u{2068}{t}\u{2069}」）"))
                .unwrap_or_default();
            store
                .history
                .say(scope, format!("「{}」を{verb}{place}。", done.label));
        }
        Some(Ok(None)) | None => {}
        Some(Err(e)) => store.history.say(scope, e.to_string()),
    }
    store.history.refresh(&store);
}

/// Undoes the last step of the history on screen, if any.
pub fn undo(store: WorkspaceStore) {
    step(store, Direction::Undo);
}

/// Redoes the last undone step of the history on screen, if any.
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
