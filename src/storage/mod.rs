//! The workspace kept in localStorage. `domain::workspace`
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
use crate::domain::workspace::{
    Applied, QuarantineRecord, StorageKey, WorkBackups, Workspace, check_remove,
};

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
    /// Per plan key, the revision this tab held before it took another tab's newer version:
    /// if that tab kept its own version over this one's in a conflict, the backup it wrote
    /// holds this revision, and this tab says so.
    replaced: BTreeMap<String, u64>,
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
    /// When this page last backed up each plan while it was being changed.
    work_backups: StoredValue<WorkBackups>,
}

/// 60 random bits from the browser's `crypto.getRandomValues`, the seed of a new id. If the
/// browser refuses (it never should), the clock and `Math.random` stand in: ids are still
/// checked against every id in use.
pub fn random_seed() -> u64 {
    let mut bytes = [0u8; 8];
    let ok = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if ok {
        u64::from_le_bytes(bytes)
    } else {
        (js_sys::Date::now() as u64) ^ ((js_sys::Math::random() * 9.0e15) as u64)
    }
}

/// The page's clock in milliseconds (for the 10-minute work backups).
fn now_ms() -> u64 {
    js_sys::Date::now().max(0.0) as u64
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

    /// Applies one named edit to a stored plan through `Plan::apply_checked`: on success
    /// the plan's time is touched, a work backup is kept when one is due, the edit is
    /// recorded for undo (under `label`) and the save is scheduled; on failure nothing
    /// changes and no view is notified.
    pub fn edit_plan<R>(
        &self,
        plan_id: &str,
        label: &str,
        f: impl FnOnce(&mut Plan) -> Result<R, EditError>,
    ) -> Result<R, EditError> {
        let mut backup_keys = Vec::new();
        let mut entry = None;
        let ms = now_ms();
        let result = self.apply_to_plan_ws(plan_id, |ws, now| {
            let Some(plan) = ws.plan_mut(plan_id) else {
                return (Err(EditError::PlanNotFound(plan_id.to_owned())), false);
            };
            match plan.apply_checked(f) {
                Err(e) => (Err(e), false),
                Ok((result, before)) => {
                    plan.touch(now);
                    entry = history::diff_entry(label, &before, plan);
                    backup_keys = self
                        .work_backups
                        .try_update_value(|policy| ws.backup_before_work(policy, &before, now, ms))
                        .unwrap_or_default();
                    (Ok(result), true)
                }
            }
        });
        self.mark(backup_keys);
        if let Some(entry) = entry {
            self.record(entry);
        }
        result
    }

    /// Like [`edit_plan`](Self::edit_plan) for an edit of one KPI's values (the grid's hot
    /// path): only that KPI is copied for undo and checked, and the whole plan is copied
    /// only when a work backup is due. Returns the plan's new revision.
    pub fn edit_kpi(
        &self,
        plan_id: &str,
        kpi_id: &str,
        label: &str,
        f: impl FnOnce(&mut Plan) -> Result<(), EditError>,
    ) -> Result<u64, EditError> {
        let mut backup_keys = Vec::new();
        let mut entry = None;
        let ms = now_ms();
        let due = self
            .work_backups
            .with_value(|policy| policy.due(plan_id, ms).is_some());
        let result = self.apply_to_plan_ws(plan_id, |ws, now| {
            let before_plan = if due { ws.plan(plan_id).cloned() } else { None };
            let Some(plan) = ws.plan_mut(plan_id) else {
                return (Err(EditError::PlanNotFound(plan_id.to_owned())), false);
            };
            match plan.apply_checked_kpi(kpi_id, f) {
                Err(e) => (Err(e), false),
                Ok((before, after)) => {
                    plan.touch(now);
                    let revision = plan.revision;
                    entry = history::kpi_entry(label, plan_id, before, after);
                    if let Some(before_plan) = before_plan {
                        backup_keys = self
                            .work_backups
                            .try_update_value(|policy| {
                                ws.backup_before_work(policy, &before_plan, now, ms)
                            })
                            .unwrap_or_default();
                    }
                    (Ok(revision), true)
                }
            }
        });
        self.mark(backup_keys);
        if let Some(entry) = entry {
            self.record(entry);
        }
        result
    }

    /// Runs `g` on the workspace for an edit of plan `plan_id` inside one update; the plan's
    /// key is marked for saving when `g` reports a change.
    fn apply_to_plan_ws<R>(
        &self,
        plan_id: &str,
        g: impl FnOnce(&mut Workspace, &str) -> (Result<R, EditError>, bool),
    ) -> Result<R, EditError> {
        let now = clock::now();
        let mut outcome = None;
        self.workspace.maybe_update(|ws| {
            let (result, changed) = g(ws, &now);
            outcome = Some(result);
            changed
        });
        let result = outcome.unwrap_or_else(|| Err(EditError::PlanNotFound(plan_id.to_owned())));
        if result.is_ok() {
            self.mark(vec![StorageKey::Plan(plan_id.to_owned())]);
        }
        result
    }

    /// Performs a workspace operation of the domain (`Workspace::create_plan`,
    /// `copy_sample`, `duplicate_plan`, `restore_backup`, `apply_plan_import` …): schedules
    /// the writes it names and puts its undo entry on the history. Returns what it did.
    pub fn perform<E: std::fmt::Display>(
        &self,
        op: impl FnOnce(&mut Workspace, &str) -> Result<Applied, E>,
    ) -> Result<Applied, String> {
        let now = clock::now();
        let mut outcome = None;
        self.workspace.maybe_update(|ws| {
            let result = op(ws, &now);
            let changed = result.as_ref().is_ok_and(|a| !a.changed.keys.is_empty());
            outcome = Some(result);
            changed
        });
        let Some(result) = outcome else {
            // The workspace could not be updated (the page is closing).
            return Err(
                "画面の状態を更新できませんでした。ページを再読み込みしてください。何も変更していません。"
                    .to_owned(),
            );
        };
        let result = result.map_err(|e| e.to_string());
        if let Ok(applied) = &result {
            self.mark(applied.changed.keys.clone());
            if let Some(entry) = applied.undo.clone() {
                self.record(entry);
            }
        }
        result
    }

    /// Deletes a stored plan safely: the value stored under its key must be the version
    /// this tab last read or wrote (never a newer, unreadable or too-new one); the backup of
    /// the deleted plan is written and read back first, and only then is the plan's key
    /// removed. On any failure nothing is changed and the message says why. Undoable.
    pub fn delete_plan(&self, plan_id: &str) -> Result<Plan, String> {
        let key = StorageKey::Plan(plan_id.to_owned());
        let name = key.to_string();
        let blocked = self.ledger.with_value(|l| l.blocked.contains(&name));
        if blocked {
            return Err(format!(
                "「{name}」には読めないデータか新しい版のデータがあるため、削除していません。データ管理で確認してください。"
            ));
        }
        let stored = local::get(&name).map_err(|e| e.to_string())?;
        let base = self.ledger.with_value(|l| l.revisions.get(&name).copied());
        // Nothing stored yet (a plan this tab made and has not saved) has nothing to protect.
        check_remove::<Plan>(stored.as_deref(), base).map_err(|e| e.to_string())?;
        let Some(before) = self.plan(plan_id) else {
            return Err(
                crate::domain::workspace::WorkspaceError::NoSuchPlan(plan_id.to_owned())
                    .to_string(),
            );
        };
        let now = clock::now();
        let mut trial = self.workspace.get_untracked();
        let applied = trial
            .remove_plan(plan_id, &now)
            .map_err(|e| e.to_string())?;
        let backups = StorageKey::Backups(plan_id.to_owned());
        let value = trial
            .stored_value(&backups, &now)
            .map_err(|e| e.to_string())?;
        if let Some(value) = value {
            local::set_verified(&backups.to_string(), &value).map_err(|e| match e {
                local::StorageError::QuotaExceeded => "ブラウザの保存領域がいっぱいで、削除する前の版をバックアップに保存できないため、削除していません。「バックアップを書き出す」でファイルに保存してから、データ管理でほかの計画の古いバックアップを削除してください。".to_owned(),
                other => format!("削除する前の版をバックアップに保存できないため、削除していません（{other}）。"),
            })?;
        }
        if stored.is_some() {
            local::remove(&name).map_err(|e| {
                format!("削除できませんでした（{e}）。削除する前の版はバックアップに保存しました。")
            })?;
        }
        self.ledger.update_value(|l| {
            l.dirty.remove(&key);
            l.dirty.remove(&backups);
            l.revisions.remove(&name);
        });
        self.workspace.set(trial);
        if let Some(entry) = applied.undo {
            self.record(entry);
        }
        // Space may have been freed: write what was waiting for it.
        save::retry(*self);
        Ok(before)
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
