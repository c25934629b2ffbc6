//! The autosave: at most 500 ms after a change, and at once when the page is hidden or
//! closed. Only changed keys are written, each guarded by `check_write` against the
//! revision this tab last read or wrote, and each read back.

use std::time::Duration;

use leptos::prelude::*;

use super::local::{self, StorageError};
use super::{SaveFailure, SaveState, WorkspaceStore, clock};
use crate::domain::plan::Plan;
use crate::domain::workspace::{CatalogueEntry, StorageKey, Workspace, check_write, load};

const DEBOUNCE: Duration = Duration::from_millis(500);

/// Schedules a save within 500 ms (a save already scheduled covers this change too).
pub(super) fn schedule(store: WorkspaceStore) {
    store.save_state.set(SaveState::Saving);
    let pending = store.ledger.with_value(|l| l.timer.is_some());
    if pending {
        return;
    }
    match set_timeout_with_handle(move || flush(store), DEBOUNCE) {
        Ok(handle) => store.ledger.update_value(|l| l.timer = Some(handle)),
        Err(_) => flush(store),
    }
}

/// Writes every changed key now.
pub fn flush(store: WorkspaceStore) {
    let (dirty, timer) = store
        .ledger
        .try_update_value(|l| (std::mem::take(&mut l.dirty), l.timer.take()))
        .unwrap_or_default();
    if let Some(timer) = timer {
        timer.clear();
    }
    if dirty.is_empty() {
        return;
    }
    let now = clock::now();
    let mut failure = None;
    let mut still_dirty = Vec::new();
    store.workspace.with_untracked(|ws| {
        for key in dirty {
            match write_key(store, ws, &key, &now) {
                Ok(()) => {}
                Err(f) => {
                    // The first failure is the one shown; a quota failure wins, since it
                    // comes with the backup download.
                    if failure.is_none() || matches!(f, SaveFailure::Quota(_)) {
                        failure = Some(f);
                    }
                    still_dirty.push(key);
                }
            }
        }
    });
    store
        .ledger
        .update_value(|l| l.dirty.extend(still_dirty.iter().cloned()));
    store.save_state.set(match failure {
        None => SaveState::Saved,
        Some(f) => SaveState::Failed(f),
    });
}

fn storage_failure(e: StorageError) -> SaveFailure {
    match e {
        StorageError::QuotaExceeded => SaveFailure::Quota(e.to_string()),
        other => SaveFailure::Other(other.to_string()),
    }
}

/// The revision stored under `key` now, read through the domain's loader.
fn stored_revision(key: &str, raw: &str) -> Option<u64> {
    load([(key, raw)], "").revisions.get(key).copied()
}

fn write_key(
    store: WorkspaceStore,
    ws: &Workspace,
    key: &StorageKey,
    now: &str,
) -> Result<(), SaveFailure> {
    let name = key.to_string();
    if store.ledger.with_value(|l| l.blocked.contains(&name)) {
        return Err(SaveFailure::Other(format!(
            "「{name}」には読めないデータか新しい版のデータがあるため、上書きしていません。データ管理で確認してください。"
        )));
    }
    let value = ws
        .stored_value(key, now)
        .map_err(|e| SaveFailure::Other(e.to_string()))?;
    let stored = local::get(&name).map_err(storage_failure)?;
    let base = store.ledger.with_value(|l| l.revisions.get(&name).copied());
    let conflict = |message: String| SaveFailure::Conflict {
        key: key.clone(),
        message,
    };
    let revision = match key {
        StorageKey::Plan(id) => match ws.plan(id) {
            Some(plan) => {
                check_write::<Plan>(stored.as_deref(), base, plan)
                    .map_err(|c| conflict(c.to_string()))?;
                Some(plan.revision)
            }
            None => None,
        },
        StorageKey::Catalogue(id) => match ws.catalogue(id) {
            Some(entry) => {
                check_write::<CatalogueEntry>(stored.as_deref(), base, entry)
                    .map_err(|c| conflict(c.to_string()))?;
                Some(entry.revision)
            }
            None => None,
        },
        _ => None,
    };
    match value {
        Some(value) => {
            if stored.as_deref() != Some(value.as_str()) {
                local::set_verified(&name, &value).map_err(storage_failure)?;
            }
        }
        None => {
            if let Some(raw) = &stored {
                // Removing: only what this tab last saw, never a newer version.
                if let Some(rev) = stored_revision(&name, raw)
                    && base.is_none_or(|b| rev > b)
                {
                    return Err(conflict(format!(
                        "別のタブかウィンドウで、より新しい版（版 {rev}）が保存されているため、削除していません。"
                    )));
                }
                local::remove(&name).map_err(storage_failure)?;
            }
        }
    }
    store.ledger.update_value(|l| match revision {
        Some(rev) => {
            l.revisions.insert(name, rev);
        }
        None => {
            if matches!(key, StorageKey::Plan(_) | StorageKey::Catalogue(_)) {
                l.revisions.remove(&name);
            }
        }
    });
    Ok(())
}

/// Flushes on `pagehide` and when the tab is hidden: the last edits are not lost on close.
pub(super) fn install_flush(store: WorkspaceStore) {
    let pagehide = window_event_listener(leptos::ev::pagehide, move |_| flush(store));
    let visibility = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if document().visibility_state() == web_sys::VisibilityState::Hidden {
            flush(store);
        }
    });
    on_cleanup(move || {
        pagehide.remove();
        visibility.remove();
    });
}
