//! The autosave: at most 500 ms after a change, and at once when the page is hidden or
//! closed. Only changed keys are written, each guarded by `check_write` against the
//! revision this tab last read or wrote, and each read back.

use std::time::Duration;

use leptos::prelude::*;

use super::local::{self, StorageError};
use super::{SaveFailure, SaveState, WorkspaceStore, clock};
use crate::domain::plan::Plan;
use crate::domain::workspace::{
    CatalogueEntry, DroppedBackup, StorageKey, Workspace, check_write, load,
};

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
    let mut dropped = Vec::new();
    for key in dirty {
        let mut result = store
            .workspace
            .with_untracked(|ws| write_key(store, ws, &key, &now));
        // Storage is full: drop the oldest backups, one at a time, before giving up a write
        // of the work itself (never for a write of backups, which would only go in circles).
        while matches!(result, Err(SaveFailure::Quota(_))) && !matches!(key, StorageKey::Backups(_))
        {
            let Some(d) = make_room(store, &now) else {
                break;
            };
            dropped.push(d);
            result = store
                .workspace
                .with_untracked(|ws| write_key(store, ws, &key, &now));
        }
        if let Err(f) = result {
            // The first failure is the one shown; a quota failure wins, since it comes with
            // the backup download.
            if failure.is_none() || matches!(f, SaveFailure::Quota(_)) {
                failure = Some(f);
            }
            still_dirty.push(key);
        }
    }
    store
        .ledger
        .update_value(|l| l.dirty.extend(still_dirty.iter().cloned()));
    if !dropped.is_empty() {
        let list = dropped
            .iter()
            .map(|d: &DroppedBackup| {
                format!(
                    "「\u{2068}{}\u{2069}」の{}（{}）",
                    d.summary.title,
                    d.reason.label(),
                    super::clock::short(&d.saved_at)
                )
            })
            .collect::<Vec<_>>()
            .join("、");
        store.notice.set(Some(format!(
            "ブラウザの保存領域が足りなくなったため、古いバックアップを {} 件削除して保存しました: {list}。残したい版があれば、データ管理から「バックアップを書き出す」でファイルに保存してください。",
            dropped.len()
        )));
    }
    store.save_state.set(match failure {
        None => SaveState::Saved,
        Some(f) => SaveState::Failed(f),
    });
}

/// Drops the oldest backup and writes that plan's shorter list (when even that does not fit,
/// the list stays marked to write, and the next round drops another). `None` when there is
/// no backup left to drop.
fn make_room(store: WorkspaceStore, now: &str) -> Option<DroppedBackup> {
    let mut dropped = None;
    store
        .workspace
        .update(|ws| dropped = ws.drop_oldest_backup());
    let d = dropped?;
    let key = StorageKey::Backups(d.plan_id.clone());
    let written = store
        .workspace
        .with_untracked(|ws| write_key(store, ws, &key, now));
    if written.is_err() {
        store.ledger.update_value(|l| {
            l.dirty.insert(key);
        });
    }
    Some(d)
}

/// Writes whatever is waiting now: after a delete may have freed space, when another tab
/// changed storage, or when the user presses 「もう一度保存」.
pub fn retry(store: WorkspaceStore) {
    if store.has_unsaved() {
        store.save_state.set(SaveState::Saving);
        flush(store);
    }
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
/// While anything is unsaved or cannot be saved, leaving the page asks first.
pub(super) fn install_flush(store: WorkspaceStore) {
    let pagehide = window_event_listener(leptos::ev::pagehide, move |_| flush(store));
    let visibility = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if document().visibility_state() == web_sys::VisibilityState::Hidden {
            flush(store);
        }
    });
    let beforeunload = window_event_listener(leptos::ev::beforeunload, move |e| {
        flush(store);
        if store.has_unsaved() {
            // Browsers show their own sentence; setting returnValue is what asks.
            e.prevent_default();
            e.set_return_value("保存できていない変更があります。");
        }
    });
    on_cleanup(move || {
        pagehide.remove();
        visibility.remove();
        beforeunload.remove();
    });
}
