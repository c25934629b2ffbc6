//! The text each storage key holds.

use super::keys::{BACKUPS_FORMAT, CATALOGUE_ENTRY_FORMAT, SETTINGS_FORMAT, StorageKey};
use super::model::Workspace;
use crate::domain::envelope::PLAN_FORMAT;
use crate::domain::file::export::{ExportError, to_stored_text};

impl Workspace {
    /// plan, catalogue or backups no longer exist). Quarantine keys are never produced here.
    pub fn stored_value(&self, key: &StorageKey, now: &str) -> Result<Option<String>, ExportError> {
        match key {
            StorageKey::Settings => to_stored_text(SETTINGS_FORMAT, now, &self.settings).map(Some),
            StorageKey::Plan(id) => self
                .plan(id)
                .map(|p| to_stored_text(PLAN_FORMAT, now, p))
                .transpose(),
            StorageKey::Catalogue(id) => self
                .catalogue(id)
                .map(|c| to_stored_text(CATALOGUE_ENTRY_FORMAT, now, c))
                .transpose(),
            StorageKey::Backups(id) => match self.backups.get(id) {
                Some(list) if !list.is_empty() => {
                    to_stored_text(BACKUPS_FORMAT, now, list).map(Some)
                }
                _ => Ok(None),
            },
            StorageKey::Quarantine(_) => Ok(None),
        }
    }

    /// Every key and value of the workspace, to write it whole (after importing a workspace
    /// backup file, or to measure its size).
    pub fn stored_entries(&self, now: &str) -> Result<Vec<(StorageKey, String)>, ExportError> {
        let keys = std::iter::once(StorageKey::Settings)
            .chain(self.plans.iter().map(|p| StorageKey::Plan(p.id.clone())))
            .chain(
                self.catalogues
                    .iter()
                    .map(|c| StorageKey::Catalogue(c.id.clone())),
            )
            .chain(
                self.backups
                    .keys()
                    .map(|id| StorageKey::Backups(id.clone())),
            );
        let mut out = Vec::new();
        for key in keys {
            if let Some(value) = self.stored_value(&key, now)? {
                out.push((key, value));
            }
        }
        Ok(out)
    }
}
