//! Workspace operations: what the user does to whole plans and catalogues. Each one changes
//! the workspace or nothing, and returns what changed (the keys to write, the plan now
//! holding the result) and its undo entry. The shell only calls these and performs the
//! writes.

use super::compare::{PlanDiff, Relation};
use super::history::Entry;
use super::keys::StorageKey;
use super::model::{
    BackupReason, COPY_SUFFIX, CatalogueEntry, Changed, ImportAction, ImportChoice, PlanSummary,
    Workspace, WorkspaceError,
};
use crate::domain::plan::{EditError, Period, Plan, RatingRules};
use crate::domain::subsidy::Catalogue;

/// What an operation did: the keys to write and the step to put on the undo stack.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    pub changed: Changed,
    /// `None` when nothing changed.
    pub undo: Option<Entry>,
}

impl Applied {
    fn nothing() -> Applied {
        Applied {
            changed: Changed::default(),
            undo: None,
        }
    }

    /// The plan holding the result, if any.
    pub fn plan_id(&self) -> Option<&str> {
        self.changed.plan_id.as_deref()
    }
}

/// What the new-plan form gives.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPlan {
    pub title: String,
    pub municipality: String,
    pub period: Period,
    pub rules: RatingRules,
    /// Empty: the default level names.
    pub level_names: Vec<String>,
}

fn plan_keys(id: &str) -> Vec<StorageKey> {
    vec![
        StorageKey::Plan(id.to_owned()),
        StorageKey::Backups(id.to_owned()),
    ]
}

impl Workspace {
    /// Creates a blank plan under a new id (see `ids`), revision 1. A blank title or
    /// municipality, or a period that is not allowed, is refused with nothing changed.
    pub fn create_plan(
        &mut self,
        draft: NewPlan,
        seed: u64,
        now: &str,
    ) -> Result<Applied, EditError> {
        let title = draft.title.trim();
        if title.is_empty() {
            return Err(EditError::EmptyTitle);
        }
        if draft.municipality.trim().is_empty() {
            return Err(EditError::EmptyMunicipality);
        }
        let id = self.fresh_plan_id(super::ids::PLAN_PREFIX, seed);
        let mut plan = Plan::blank(
            id.clone(),
            title,
            draft.municipality.trim(),
            draft.period,
            draft.rules,
        );
        plan.set_period(draft.period)?;
        let levels: Vec<String> = draft
            .level_names
            .iter()
            .map(|l| l.trim().to_owned())
            .filter(|l| !l.is_empty())
            .collect();
        if !levels.is_empty() {
            plan.level_names = levels;
        }
        plan.revision = 1;
        plan.created_at.clear();
        plan.touch(now);
        Ok(self.add_new_plan(plan, "計画の作成"))
    }

    /// Copies a sample (or any plan from outside) into the workspace under a new id after
    /// the sample's, revision 1, created now: the sample itself stays read-only.
    pub fn copy_sample(&mut self, sample: &Plan, seed: u64, now: &str) -> Applied {
        let mut plan = sample.clone();
        plan.id = self.fresh_plan_id(&sample.id, seed);
        plan.revision = 1;
        plan.created_at.clear();
        plan.touch(now);
        self.add_new_plan(plan, "見本から作成")
    }

    /// Duplicates a stored plan under a new id, titled 「…（複製）」.
    pub fn duplicate_plan(
        &mut self,
        plan_id: &str,
        seed: u64,
        now: &str,
    ) -> Result<Applied, WorkspaceError> {
        let source = self
            .plan(plan_id)
            .ok_or_else(|| WorkspaceError::NoSuchPlan(plan_id.to_owned()))?;
        let new_id = self.fresh_plan_id(plan_id, seed);
        let copy = source.duplicate(new_id, now);
        Ok(self.add_new_plan(copy, "計画の複製"))
    }

    fn add_new_plan(&mut self, plan: Plan, label: &str) -> Applied {
        let id = plan.id.clone();
        self.plans.push(plan.clone());
        Applied {
            changed: Changed {
                plan_id: Some(id.clone()),
                keys: vec![StorageKey::Plan(id)],
            },
            undo: Some(Entry::plan(label, None, Some(plan)).in_workspace()),
        }
    }

    /// Puts backup `index` of a plan back as the current version. The current version goes
    /// to the backups first; the restored one gets a revision above the current one so no
    /// tab holding the current version can overwrite it unnoticed. Undoable.
    pub fn restore_backup(
        &mut self,
        plan_id: &str,
        index: usize,
        now: &str,
    ) -> Result<Applied, WorkspaceError> {
        let mut restored = self
            .backups_of(plan_id)
            .get(index)
            .map(|b| b.plan.clone())
            .ok_or_else(|| WorkspaceError::NoSuchBackup {
                plan_id: plan_id.to_owned(),
                index,
            })?;
        let current = self.plan(plan_id).cloned();
        if let Some(current) = &current {
            restored.revision = current.revision.max(restored.revision).saturating_add(1);
            self.push_backup(current, now, BackupReason::BeforeRestore);
        }
        restored.id = plan_id.to_owned();
        restored.touch(now);
        self.put_plan(restored.clone());
        Ok(Applied {
            changed: Changed {
                plan_id: Some(plan_id.to_owned()),
                keys: plan_keys(plan_id),
            },
            undo: Some(Entry::plan("バックアップの復元", current, Some(restored)).in_workspace()),
        })
    }

    /// Removes a plan, keeping it as a backup so it can be restored. Undoable. The shell
    /// must first check the stored value with `guard::check_remove`.
    pub fn remove_plan(&mut self, plan_id: &str, now: &str) -> Result<Applied, WorkspaceError> {
        let i = self
            .plans
            .iter()
            .position(|p| p.id == plan_id)
            .ok_or_else(|| WorkspaceError::NoSuchPlan(plan_id.to_owned()))?;
        let plan = self.plans.remove(i);
        self.push_backup(&plan, now, BackupReason::BeforeDelete);
        Ok(Applied {
            changed: Changed {
                plan_id: None,
                keys: plan_keys(plan_id),
            },
            undo: Some(Entry::plan("計画の削除", Some(plan), None).in_workspace()),
        })
    }

    /// What to ask before importing `incoming`.
    pub fn prepare_plan_import(&self, incoming: &Plan) -> ImportChoice {
        match self.plan(&incoming.id) {
            None => ImportChoice::New,
            Some(current) if current == incoming => ImportChoice::AlreadyHere,
            Some(current) => ImportChoice::SameId {
                current: PlanSummary::of(current),
                incoming: PlanSummary::of(incoming),
                relation: Relation::of(current, incoming),
                diff: Box::new(PlanDiff::between(current, incoming)),
            },
        }
    }

    /// Imports a plan as the user chose. `Replace` keeps the current version as a backup and
    /// gives the imported plan a revision above it (so an open tab's older copy cannot
    /// overwrite it); `ImportAsCopy` gives a new id and the title suffix 「（取り込み）」, so
    /// the next version of the same file meets its own plan, not this copy. `Cancel` changes
    /// nothing. Undoable.
    pub fn apply_plan_import(
        &mut self,
        mut incoming: Plan,
        action: ImportAction,
        seed: u64,
        now: &str,
    ) -> Applied {
        if action == ImportAction::Cancel {
            return Applied::nothing();
        }
        let current = self.plan(&incoming.id).cloned();
        let before = match (&current, action) {
            (Some(current), ImportAction::Replace) => {
                if *current == incoming {
                    return Applied::nothing();
                }
                incoming.revision = current.revision.max(incoming.revision).saturating_add(1);
                self.push_backup(current, now, BackupReason::BeforeImport);
                Some(current.clone())
            }
            (Some(_), _) => {
                incoming.id = self.fresh_plan_id(&incoming.id, seed);
                incoming.title.push_str(COPY_SUFFIX);
                None
            }
            (None, _) => None,
        };
        // A plan whose id only a deleted plan's backups answer to is still this plan
        // coming back: it keeps the id and those backups.
        let id = incoming.id.clone();
        self.put_plan(incoming.clone());
        Applied {
            changed: Changed {
                plan_id: Some(id.clone()),
                keys: plan_keys(&id),
            },
            undo: Some(
                Entry::plan("計画ファイルの取り込み", before, Some(incoming)).in_workspace(),
            ),
        }
    }

    /// Takes in a workspace backup file: each plan added, or replacing the plan with its id
    /// (the current version to backups, as [`Workspace::apply_plan_import`] does), and each
    /// catalogue not already here. Returns the counts and one undo entry per plan changed.
    pub fn merge_backup(&mut self, backup: Workspace, seed: u64, now: &str) -> Merged {
        let mut merged = Merged::default();
        let mut seed = seed;
        for plan in backup.plans {
            match self.prepare_plan_import(&plan) {
                ImportChoice::AlreadyHere => continue,
                ImportChoice::New => merged.added += 1,
                ImportChoice::SameId { .. } => merged.replaced += 1,
            }
            let applied = self.apply_plan_import(plan, ImportAction::Replace, seed, now);
            seed = seed.wrapping_add(1);
            merged.keys.extend(applied.changed.keys);
            merged.undo.extend(applied.undo);
        }
        for entry in backup.catalogues {
            if self
                .catalogues
                .iter()
                .all(|c| c.catalogue != entry.catalogue)
            {
                merged
                    .keys
                    .extend(self.add_catalogue(entry.catalogue, seed, now).keys);
                seed = seed.wrapping_add(1);
                merged.added += 1;
            }
        }
        merged
    }

    /// Adds a catalogue read from a file under a new id, revision 1.
    pub fn add_catalogue(&mut self, catalogue: Catalogue, seed: u64, now: &str) -> Changed {
        let id = self.fresh_catalogue_id(seed);
        self.catalogues.push(CatalogueEntry {
            id: id.clone(),
            revision: 1,
            updated_at: now.to_owned(),
            catalogue,
        });
        Changed {
            plan_id: None,
            keys: vec![StorageKey::Catalogue(id)],
        }
    }

    /// The answer to a conflict over plan `plan_id` between this tab's version and the
    /// stored one (`stored`, read just now; `None` if it was removed). Returns the keys to
    /// write and the revision that is now this tab's base for the key (`None`: the key is
    /// new to this tab).
    pub fn resolve_conflict(
        &mut self,
        plan_id: &str,
        stored: Option<Plan>,
        choice: ConflictChoice,
        seed: u64,
        now: &str,
    ) -> Result<Resolved, WorkspaceError> {
        let ours = self
            .plan(plan_id)
            .cloned()
            .ok_or_else(|| WorkspaceError::NoSuchPlan(plan_id.to_owned()))?;
        let stored_revision = stored.as_ref().map(|p| p.revision);
        let mut keys = Vec::new();
        let mut shown = plan_id.to_owned();
        match choice {
            ConflictChoice::TakeStored => {
                if stored.as_ref() != Some(&ours) {
                    self.push_backup(&ours, now, BackupReason::BeforeOverwrite);
                    keys.push(StorageKey::Backups(plan_id.to_owned()));
                }
                self.show_stored(&ours, stored, &mut keys);
            }
            ConflictChoice::KeepOurs => {
                if let Some(theirs) = &stored {
                    self.push_backup(theirs, now, BackupReason::BeforeOverwrite);
                }
                if let Some(plan) = self.plan_mut(plan_id) {
                    if let Some(rev) = stored_revision {
                        plan.revision = plan.revision.max(rev).saturating_add(1);
                    }
                    plan.touch(now);
                }
                keys.extend(plan_keys(plan_id));
            }
            ConflictChoice::SaveOursAsCopy => {
                let mut copy = ours.duplicate(self.fresh_plan_id(plan_id, seed), now);
                copy.title = format!("{}{}", ours.title, CONFLICT_COPY_SUFFIX);
                shown.clone_from(&copy.id);
                keys.push(StorageKey::Plan(copy.id.clone()));
                self.plans.push(copy);
                self.show_stored(&ours, stored, &mut keys);
            }
        }
        Ok(Resolved {
            changed: Changed {
                plan_id: Some(shown),
                keys,
            },
            base: stored_revision,
        })
    }
}

impl Workspace {
    /// Puts the stored version in place of `ours`. When its revision is not above ours (both
    /// edited from the same version), it is given one above, and written again: every screen
    /// that shows `ours` redraws from a revision it has not seen, and the other window takes
    /// it as newer.
    fn show_stored(&mut self, ours: &Plan, stored: Option<Plan>, keys: &mut Vec<StorageKey>) {
        match stored {
            Some(mut plan) => {
                if plan.revision <= ours.revision {
                    plan.revision = ours.revision.saturating_add(1);
                    keys.push(StorageKey::Plan(plan.id.clone()));
                }
                self.put_plan(plan);
            }
            None => self.plans.retain(|p| p.id != ours.id),
        }
    }
}

/// The title suffix of this tab's version saved apart in a conflict.
pub const CONFLICT_COPY_SUFFIX: &str = "（このタブの版）";

/// The user's answer to a conflict between tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictChoice {
    /// 保存済みの版を表示する: this tab's version goes to the backups.
    TakeStored,
    /// このタブの版で上書きする: the stored version goes to the backups.
    KeepOurs,
    /// 別の計画として保存する: this tab's version under a new id, the stored one shown.
    SaveOursAsCopy,
}

/// What [`Workspace::resolve_conflict`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub changed: Changed,
    /// The stored revision, now this tab's base for the plan's key.
    pub base: Option<u64>,
}

/// What [`Workspace::merge_backup`] did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Merged {
    pub added: usize,
    pub replaced: usize,
    pub keys: Vec<StorageKey>,
    pub undo: Vec<Entry>,
}
