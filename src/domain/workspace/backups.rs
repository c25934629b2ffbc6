//! When backups are taken during ordinary work, by hand, and which go first when the
//! browser's storage runs short.
//!
//! - The first change of a plan after the page loads keeps the version before it
//!   ([`BackupReason::SessionStart`]): a user who clears half a plan by mistake and closes
//!   the tab finds the morning's version in データ管理.
//! - While the plan keeps being changed, at most one more every 10 minutes
//!   ([`BackupReason::DuringWork`]), again of the version before the change.
//! - 「今の版をバックアップ」 keeps the current version at once, with the user's note.
//! - Each plan keeps the last N (the setting), rolled by `model::roll_backups`.
//! - When a write does not fit in the quota, the oldest backups of any plan are dropped one
//!   at a time before the write is given up ([`Workspace::drop_oldest_backup`]); the shell
//!   tells the user which.

use std::collections::BTreeMap;

use super::keys::StorageKey;
use super::model::{
    BackupReason, Changed, PlanSummary, WORK_BACKUP_INTERVAL_MS, Workspace, WorkspaceError,
};
use crate::domain::plan::Plan;

/// When this page last backed up each plan during work (milliseconds of the page's clock).
/// Lives as long as the page: after a reload, the next change keeps a backup again.
#[derive(Debug, Clone, Default)]
pub struct WorkBackups {
    last: BTreeMap<String, u64>,
}

impl WorkBackups {
    pub fn new() -> Self {
        Self::default()
    }

    /// The backup due before a change of `plan_id` at `now_ms`, if any (without recording
    /// it: see [`WorkBackups::taken`]).
    pub fn due(&self, plan_id: &str, now_ms: u64) -> Option<BackupReason> {
        match self.last.get(plan_id) {
            None => Some(BackupReason::SessionStart),
            Some(&last) if now_ms.saturating_sub(last) >= WORK_BACKUP_INTERVAL_MS => {
                Some(BackupReason::DuringWork)
            }
            Some(_) => None,
        }
    }

    /// Records that `plan_id` was backed up (or needed none) at `now_ms`.
    pub fn taken(&mut self, plan_id: &str, now_ms: u64) {
        self.last.insert(plan_id.to_owned(), now_ms);
    }
}

/// A backup dropped to make room, for the message that says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DroppedBackup {
    pub plan_id: String,
    pub saved_at: String,
    pub reason: BackupReason,
    pub summary: PlanSummary,
}

impl Workspace {
    /// Keeps `before` (the plan as it was before a change) as a work backup when one is due.
    /// Returns the keys to write (the plan's backups), empty when none was due.
    pub fn backup_before_work(
        &mut self,
        policy: &mut WorkBackups,
        before: &Plan,
        now: &str,
        now_ms: u64,
    ) -> Vec<StorageKey> {
        let Some(reason) = policy.due(&before.id, now_ms) else {
            return Vec::new();
        };
        policy.taken(&before.id, now_ms);
        if self.push_backup(before, now, reason) {
            vec![StorageKey::Backups(before.id.clone())]
        } else {
            Vec::new()
        }
    }

    /// 「今の版をバックアップ」: keeps the current version of `plan_id` now, with `note`.
    pub fn backup_now(
        &mut self,
        plan_id: &str,
        note: &str,
        now: &str,
    ) -> Result<Changed, WorkspaceError> {
        let plan = self
            .plan(plan_id)
            .cloned()
            .ok_or_else(|| WorkspaceError::NoSuchPlan(plan_id.to_owned()))?;
        self.push_backup_with_note(&plan, now, BackupReason::Manual, note);
        Ok(Changed {
            plan_id: Some(plan_id.to_owned()),
            keys: vec![StorageKey::Backups(plan_id.to_owned())],
        })
    }

    /// Drops the oldest backup of any plan, to make room in the browser's storage. Never
    /// the last backup of a plan that no longer exists (it is how that plan comes back).
    /// `None` when nothing can be dropped.
    pub fn drop_oldest_backup(&mut self) -> Option<DroppedBackup> {
        let present: Vec<String> = self.plans.iter().map(|p| p.id.clone()).collect();
        let (plan_id, index) = self
            .backups
            .iter()
            .filter(|(id, list)| present.contains(id) || list.len() > 1)
            .filter_map(|(id, list)| {
                let last = list.len().checked_sub(1)?;
                Some((id.clone(), last, list[last].saved_at.clone()))
            })
            .min_by(|a, b| a.2.cmp(&b.2))
            .map(|(id, index, _)| (id, index))?;
        let list = self.backups.get_mut(&plan_id)?;
        let backup = list.remove(index);
        if list.is_empty() {
            self.backups.remove(&plan_id);
        }
        Some(DroppedBackup {
            plan_id,
            saved_at: backup.saved_at,
            reason: backup.reason,
            summary: backup.summary,
        })
    }
}
