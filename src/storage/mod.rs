//! The browser half of issue 5: the workspace kept in localStorage. `domain::file::workspace`
//! decides (what to load, what to set aside, whether a write is safe); this module performs
//! it with web-sys and holds the result in one reactive container, [`WorkspaceStore`],
//! provided through context ([`use_workspace`]).
//!
//! - [`startup`]: read every `shinko.v1.*` key, `workspace::load`, move unreadable values
//!   aside (write, read back, then remove), ask for persistent storage.
//! - [`save`]: the autosave, debounced to 500 ms and flushed on `pagehide` and
//!   `visibilitychange`, writing only changed keys, guarded by `check_write`, read back.
//! - [`external`]: the `storage` event from another tab.
//! - [`import`]: a file read through `import_any` into the workspace.

pub mod clock;
pub mod download;
pub mod external;
pub mod file_access;
pub mod history;
pub mod import;
pub mod local;
pub mod persist;
pub mod save;
pub mod startup;

use std::collections::{BTreeMap, BTreeSet};

use leptos::prelude::*;

use crate::domain::plan::{EditError, Plan};
use crate::domain::workspace::{QuarantineRecord, StorageKey, Workspace};

pub use persist::Persistence;

/// What the header shows: always words, never colour alone.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveState {
    Saved,
    Saving,
    /// Not saved; the message says why and what to do.
    Failed(SaveFailure),
}

impl SaveState {
    pub fn label(&self) -> &'static str {
        match self {
            SaveState::Saved => "保存済み",
            SaveState::Saving => "保存中",
            SaveState::Failed(_) => "保存できません",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum SaveFailure {
    /// The quota is full: offer the backup download.
    Quota(String),
    /// Another tab has a newer version of `key`: ask which to keep.
    Conflict { key: StorageKey, message: String },
    /// Anything else (storage unavailable, a blocked key, a failed read-back).
    Other(String),
}

/// A value set aside because it could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct SetAside {
    /// Where the record is now (the quarantine key, or the original key if the move failed).
    pub key: String,
    pub record: QuarantineRecord,
    /// Whether it was moved to its quarantine key (false: still under its own key).
    pub moved: bool,
}

/// What loading found, for データ管理.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LoadReport {
    pub set_aside: Vec<SetAside>,
    /// Keys written by a newer Shinko, with the message; left untouched.
    pub too_new: Vec<(String, String)>,
    /// `shinko.` keys of another layout, left untouched.
    pub unknown: Vec<String>,
    /// localStorage could not be read at all.
    pub storage_error: Option<String>,
}

/// Bookkeeping no view renders.
#[derive(Debug, Default)]
struct Ledger {
    /// The revision this tab last read or wrote per plan / catalogue key: the guard's base.
    revisions: BTreeMap<String, u64>,
    /// Keys this tab must never write or remove.
    blocked: BTreeSet<String>,
    /// Keys changed in memory and not yet written.
    dirty: BTreeSet<StorageKey>,
    timer: Option<TimeoutHandle>,
}

/// The workspace and its save state: one reactive container, provided by context. Domain
/// types hold no signals; views derive what they show with `Memo`s or `with`.
#[derive(Clone, Copy)]
pub struct WorkspaceStore {
    pub workspace: RwSignal<Workspace>,
    pub save_state: RwSignal<SaveState>,
    pub report: RwSignal<LoadReport>,
    pub persistence: RwSignal<Persistence>,
    /// A message about another tab's change that this tab did not take (shown in the banner).
    pub notice: RwSignal<Option<String>>,
    /// Undo and redo for every edit made in this tab.
    pub history: history::HistoryState,
    ledger: StoredValue<Ledger>,
}

impl WorkspaceStore {
    /// Changes the workspace with `f` (given the time now) and schedules the save of the
    /// keys it returns.
    pub fn change(&self, f: impl FnOnce(&mut Workspace, &str) -> Vec<StorageKey>) {
        let now = clock::now();
        let mut keys = Vec::new();
        self.workspace.update(|ws| keys = f(ws, &now));
        self.mark(keys);
    }

    fn mark(&self, keys: Vec<StorageKey>) {
        if keys.is_empty() {
            return;
        }
        self.ledger.update_value(|l| l.dirty.extend(keys));
        save::schedule(*self);
    }

    pub fn has_unsaved(&self) -> bool {
        self.ledger.with_value(|l| !l.dirty.is_empty())
    }

    /// A stored plan by id.
    pub fn plan(&self, id: &str) -> Option<Plan> {
        self.workspace.with(|ws| ws.plan(id).cloned())
    }

    /// Runs `g` on stored plan `plan_id` inside one workspace update. `g` returns the
    /// outcome and whether it changed the plan (only then are views notified and the
    /// save scheduled).
    fn apply_to_plan<R>(
        &self,
        plan_id: &str,
        g: impl FnOnce(&mut Plan, &str) -> (Result<R, EditError>, bool),
    ) -> Result<R, EditError> {
        let now = clock::now();
        let mut outcome = None;
        self.workspace.maybe_update(|ws| {
            let Some(plan) = ws.plan_mut(plan_id) else {
                return false;
            };
            let (result, changed) = g(plan, &now);
            outcome = Some(result);
            changed
        });
        let result = outcome.unwrap_or_else(|| Err(EditError::PlanNotFound(plan_id.to_owned())));
        if result.is_ok() {
            self.mark(vec![StorageKey::Plan(plan_id.to_owned())]);
        }
        result
    }

    /// Applies one named edit to a stored plan: on success the plan's time is touched, the
    /// edit is recorded for undo (under `label`) and the save is scheduled; on failure
    /// nothing changes and no view is notified.
    pub fn edit_plan<R>(
        &self,
        plan_id: &str,
        label: &str,
        f: impl FnOnce(&mut Plan) -> Result<R, EditError>,
    ) -> Result<R, EditError> {
        self.apply_to_plan(plan_id, |plan, now| {
            let before = plan.clone();
            let result = f(plan);
            if result.is_err() {
                return (result, false);
            }
            // An edit may not leave the plan with a problem it did not have: such a plan
            // could not be imported again from its own file.
            if let Some(problem) = plan.new_problems(&before.validate()).first() {
                let message = problem.to_string();
                *plan = before;
                return (Err(EditError::Rejected(message)), false);
            }
            plan.touch(now);
            history::record_diff(self, label, &before, plan);
            (result, true)
        })
    }

    /// Like [`edit_plan`](Self::edit_plan) for an edit of one KPI's values (the grid's hot
    /// path): only that KPI is copied for undo and checked, not the whole plan. Returns the
    /// plan's new revision.
    pub fn edit_kpi(
        &self,
        plan_id: &str,
        kpi_id: &str,
        label: &str,
        f: impl FnOnce(&mut Plan) -> Result<(), EditError>,
    ) -> Result<u64, EditError> {
        self.apply_to_plan(plan_id, |plan, now| {
            let Some(before) = plan.find_kpi(kpi_id).cloned() else {
                return (Err(EditError::KpiNotFound(kpi_id.to_owned())), false);
            };
            let (revision, updated_at) = (plan.revision, plan.updated_at.clone());
            let problems_before = plan.validate_kpi(kpi_id);
            if let Err(e) = f(plan) {
                return (Err(e), false);
            }
            let introduced = plan
                .validate_kpi(kpi_id)
                .into_iter()
                .find(|p| !problems_before.contains(p));
            if let Some(problem) = introduced {
                if let Some(kpi) = plan.find_kpi_mut(kpi_id) {
                    *kpi = before;
                }
                plan.revision = revision;
                plan.updated_at = updated_at;
                return (Err(EditError::Rejected(problem.to_string())), false);
            }
            plan.touch(now);
            if let Some(after) = plan.find_kpi(kpi_id).cloned() {
                history::record_kpi(self, label, plan_id, before, after);
            }
            (Ok(plan.revision), true)
        })
    }
}

/// Reads the workspace from localStorage, provides it, and starts the autosave and the
/// `storage` listener. Call once, in `App`.
pub fn provide_workspace() -> WorkspaceStore {
    let store = startup::start();
    provide_context(store);
    save::install_flush(store);
    external::install(store);
    store
}

/// The workspace provided by `App`.
pub fn use_workspace() -> WorkspaceStore {
    expect_context::<WorkspaceStore>()
}

/// Puts `plan` in place of the plan with its id, or appends it.
pub(crate) fn put_plan(ws: &mut Workspace, plan: Plan) {
    match ws.plans.iter_mut().find(|p| p.id == plan.id) {
        Some(slot) => *slot = plan,
        None => ws.plans.push(plan),
    }
}
