//! Loading at startup: every `shinko.v1.*` key through `workspace::load`, then the moves the
//! domain asks for, performed safely.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{
    Ledger, LoadReport, Persistence, SaveFailure, SaveState, SetAside, WorkspaceStore, clock,
    local, persist,
};
use crate::domain::workspace::{BackupReason, QuarantineRecord, StorageKey, Workspace, load};

pub(super) fn start() -> WorkspaceStore {
    let now = clock::now();
    let mut report = LoadReport::default();
    let mut ledger = Ledger::default();
    let mut workspace = Workspace::default();
    let mut state = SaveState::Saved;
    match local::entries() {
        Err(e) => {
            report.storage_error = Some(e.to_string());
            state = SaveState::Failed(SaveFailure::Other(e.to_string()));
        }
        Ok(entries) => {
            crate::dom::mark("shinko:storage-read");
            let loaded = load(entries.iter().map(|(k, v)| (k.as_str(), v.as_str())), &now);
            crate::dom::mark("shinko:parsed");
            ledger.revisions = loaded.revisions;
            ledger.blocked = loaded.blocked;
            report.set_aside = loaded
                .set_aside
                .into_iter()
                .map(|(key, record)| SetAside {
                    key,
                    record,
                    moved: true,
                })
                .collect();
            for q in loaded.quarantine {
                let moved = move_aside(&q.original_key, &q.quarantine_key, &q.record);
                if moved {
                    // The original is gone and safe under its quarantine key.
                    ledger.blocked.remove(&q.original_key);
                }
                let record =
                    serde_json::from_str::<QuarantineRecord>(&q.record).unwrap_or_else(|_| {
                        QuarantineRecord {
                            original_key: q.original_key.clone(),
                            quarantined_at: now.clone(),
                            problems: vec![q.error.to_string()],
                            raw: String::new(),
                        }
                    });
                report.set_aside.push(SetAside {
                    key: if moved {
                        q.quarantine_key
                    } else {
                        q.original_key
                    },
                    record,
                    moved,
                });
            }
            report.too_new = loaded
                .too_new
                .into_iter()
                .map(|(k, e)| (k, e.to_string()))
                .collect();
            report.unknown = loaded.unknown;
            workspace = loaded.workspace;
            // Values read from an older schema: keep the version as read, then rewrite.
            for key in loaded.migrated {
                if let Some(parsed) = StorageKey::parse(&key) {
                    if let StorageKey::Plan(id) = &parsed
                        && let Some(plan) = workspace.plan(id).cloned()
                    {
                        workspace.push_backup(&plan, &now, BackupReason::BeforeMigration);
                        ledger.dirty.insert(StorageKey::Backups(id.clone()));
                    }
                    ledger.dirty.insert(parsed);
                }
            }
        }
    }
    let has_dirty = !ledger.dirty.is_empty();
    let store = WorkspaceStore {
        workspace: RwSignal::new(workspace),
        save_state: RwSignal::new(state),
        report: RwSignal::new(report),
        persistence: RwSignal::new(Persistence::Asking),
        notice: RwSignal::new(None),
        history: super::history::HistoryState::new(),
        ledger: StoredValue::new(ledger),
        work_backups: StoredValue::new(crate::domain::workspace::WorkBackups::new()),
    };
    if has_dirty {
        super::save::schedule(store);
    }
    let persistence = store.persistence;
    spawn_local(async move {
        persistence.set(persist::request().await);
    });
    store
}

/// Writes the quarantine record, reads it back, and only then removes the original. Never
/// writes over an existing key. Returns whether the original was moved.
fn move_aside(original: &str, quarantine_key: &str, record: &str) -> bool {
    if !matches!(local::get(quarantine_key), Ok(None)) {
        return false;
    }
    if local::set_verified(quarantine_key, record).is_err() {
        return false;
    }
    local::remove(original).is_ok()
}
