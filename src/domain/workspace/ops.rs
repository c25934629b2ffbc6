//! Workspace operations: what the user does to whole plans and catalogues (restore, delete,
//! import), each returning the keys to write.

use super::keys::StorageKey;
use super::model::{
    BackupReason, COPY_SUFFIX, CatalogueEntry, Changed, ImportAction, ImportChoice, PlanSummary,
    Workspace, WorkspaceError,
};
use crate::domain::plan::Plan;
use crate::domain::subsidy::Catalogue;

impl Workspace {
    /// tab holding the current version can overwrite it unnoticed.
    pub fn restore_backup(
        &mut self,
        plan_id: &str,
        index: usize,
        now: &str,
    ) -> Result<Changed, WorkspaceError> {
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
        self.put_plan(restored);
        Ok(Changed {
            plan_id: Some(plan_id.to_owned()),
            keys: vec![
                StorageKey::Plan(plan_id.to_owned()),
                StorageKey::Backups(plan_id.to_owned()),
            ],
        })
    }

    /// Removes a plan, keeping it as a backup so it can be restored.
    pub fn remove_plan(&mut self, plan_id: &str, now: &str) -> Result<Changed, WorkspaceError> {
        let i = self
            .plans
            .iter()
            .position(|p| p.id == plan_id)
            .ok_or_else(|| WorkspaceError::NoSuchPlan(plan_id.to_owned()))?;
        let plan = self.plans.remove(i);
        self.push_backup(&plan, now, BackupReason::BeforeDelete);
        Ok(Changed {
            plan_id: None,
            keys: vec![
                StorageKey::Plan(plan_id.to_owned()),
                StorageKey::Backups(plan_id.to_owned()),
            ],
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
            },
        }
    }

    /// Imports a plan as the user chose. `Replace` keeps the current version as a backup and
    /// gives the imported plan a revision above it (so an open tab's older copy cannot
    /// overwrite it); `ImportAsCopy` gives a new id (`<id>-copy`, `<id>-copy-2` …) and the
    /// title suffix 「（取り込み）」. `Cancel` changes nothing.
    pub fn apply_plan_import(
        &mut self,
        mut incoming: Plan,
        action: ImportAction,
        now: &str,
    ) -> Changed {
        if action == ImportAction::Cancel {
            return Changed::default();
        }
        let current = self.plan(&incoming.id).cloned();
        match (current, action) {
            (Some(current), ImportAction::Replace) => {
                if current != incoming {
                    incoming.revision = current.revision.max(incoming.revision).saturating_add(1);
                    self.push_backup(&current, now, BackupReason::BeforeImport);
                }
            }
            (Some(_), _) => {
                incoming.id = self.unused_plan_id(&incoming.id);
                incoming.title.push_str(COPY_SUFFIX);
            }
            (None, _) => {}
        }
        let id = incoming.id.clone();
        self.put_plan(incoming);
        Changed {
            plan_id: Some(id.clone()),
            keys: vec![StorageKey::Plan(id.clone()), StorageKey::Backups(id)],
        }
    }

    fn unused_plan_id(&self, base: &str) -> String {
        let first = format!("{base}-copy");
        if self.plan(&first).is_none() {
            return first;
        }
        (2..)
            .map(|n| format!("{base}-copy-{n}"))
            .find(|id| self.plan(id).is_none())
            .unwrap_or(first)
    }

    /// Adds a catalogue read from a file under a new id (`catalogue-N`), revision 1.
    pub fn add_catalogue(&mut self, catalogue: Catalogue, now: &str) -> Changed {
        let id = (1..)
            .map(|n| format!("catalogue-{n}"))
            .find(|id| self.catalogue(id).is_none())
            .unwrap_or_else(|| "catalogue".to_owned());
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
}
