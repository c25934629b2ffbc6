//! Another tab or window changed a Shinko key (the `storage` event), and the answers to a
//! conflict: take the stored version, or keep this tab's (the stored one goes to backups).

use leptos::prelude::*;
use web_sys::StorageEvent;

use super::{SaveFailure, SaveState, WorkspaceStore, clock, local, put_plan, save};
use crate::domain::plan::Plan;
use crate::domain::workspace::{
    BackupReason, ConflictChoice, ExternalChange, StorageKey, Workspace, isolate, load,
    on_external_change,
};

pub(super) fn install(store: WorkspaceStore) {
    let listener = window_event_listener(leptos::ev::storage, move |e: StorageEvent| {
        if let Some(key) = e.key() {
            changed(store, &key, e.new_value());
        }
        // Another tab may have freed space: write what was waiting for it.
        if matches!(
            store.save_state.get_untracked(),
            SaveState::Failed(SaveFailure::Quota(_))
        ) {
            save::retry(store);
        }
    });
    on_cleanup(move || listener.remove());
}

/// Reads one stored value through the domain's loader.
fn read_one(key: &str, raw: &str) -> Workspace {
    load([(key, raw)], &clock::now()).workspace
}

fn changed(store: WorkspaceStore, key: &str, new_value: Option<String>) {
    let Some(parsed) = StorageKey::parse(key) else {
        return;
    };
    let unsaved = store.ledger.with_value(|l| l.dirty.contains(&parsed));
    match &parsed {
        StorageKey::Plan(id) => {
            let base = store.ledger.with_value(|l| l.revisions.get(key).copied());
            let Some(ours) = store.plan(id) else {
                // A plan this tab does not have: take it.
                if let Some(raw) = &new_value
                    && let Some(plan) = read_one(key, raw).plans.into_iter().next()
                {
                    adopt(store, key, plan);
                }
                return;
            };
            match on_external_change::<Plan>(new_value.as_deref(), &ours, base, unsaved) {
                ExternalChange::Ignore => {}
                ExternalChange::Adopt(plan) => adopt(store, key, plan),
                ExternalChange::Removed => {
                    store
                        .workspace
                        .update(|ws| ws.plans.retain(|p| p.id != *id));
                    store.ledger.update_value(|l| {
                        l.revisions.remove(key);
                    });
                }
                ExternalChange::Conflict(c) => store.save_state.set(SaveState::Failed(
                    SaveFailure::Conflict {
                        key: parsed.clone(),
                        message: c.to_string(),
                    },
                )),
                ExternalChange::Unreadable(e) => store.notice.set(Some(format!(
                    "別のタブで保存された「{}」が読めないため、この画面の内容を残しています（{e}）。",
                    ours.title
                ))),
            }
        }
        StorageKey::Backups(id) if !unsaved => {
            let list = new_value
                .as_deref()
                .and_then(|raw| read_one(key, raw).backups.remove(id));
            // Another window kept its version over the one this tab had saved: say so.
            let plan_key = StorageKey::Plan(id.clone()).to_string();
            let ours_replaced = store
                .ledger
                .with_value(|l| l.replaced.get(&plan_key).copied());
            if let (Some(rev), Some(newest)) =
                (ours_replaced, list.as_ref().and_then(|l| l.first()))
                && newest.reason == BackupReason::BeforeOverwrite
                && newest.summary.revision == rev
            {
                store.ledger.update_value(|l| {
                    l.replaced.remove(&plan_key);
                });
                store.notice.set(Some(format!(
                    "別のタブかウィンドウで、この画面が保存した「{}」（版 {rev}）が、あちらの版で上書きされました。この画面の版はデータ管理のバックアップ（別タブの版を上書きする前）にあります。",
                    isolate(&newest.summary.title)
                )));
            }
            store.workspace.update(|ws| match list {
                Some(list) => {
                    ws.backups.insert(id.clone(), list);
                }
                None => {
                    ws.backups.remove(id);
                }
            });
        }
        StorageKey::Catalogue(id) if !unsaved => {
            let entry = new_value
                .as_deref()
                .and_then(|raw| read_one(key, raw).catalogues.into_iter().next());
            store.workspace.update(|ws| {
                ws.catalogues.retain(|c| c.id != *id);
                if let Some(entry) = entry {
                    store.ledger.update_value(|l| {
                        l.revisions.insert(key.to_owned(), entry.revision);
                    });
                    ws.catalogues.push(entry);
                }
            });
        }
        StorageKey::Settings if !unsaved => {
            if let Some(raw) = &new_value {
                let settings = read_one(key, raw).settings;
                store.workspace.update(|ws| ws.settings = settings);
            }
        }
        _ => {}
    }
}

fn adopt(store: WorkspaceStore, key: &str, plan: Plan) {
    store.ledger.update_value(|l| {
        if let Some(old) = l.revisions.insert(key.to_owned(), plan.revision) {
            l.replaced.insert(key.to_owned(), old);
        }
    });
    store.workspace.update(|ws| put_plan(ws, plan));
}

/// The stored version of `key`, read now.
fn stored_plan(key: &str) -> Option<Plan> {
    let raw = local::get(key).ok().flatten()?;
    read_one(key, &raw).plans.into_iter().next()
}

/// The stored catalogue entry of `key`, read now.
fn stored_catalogue(key: &str) -> Option<crate::domain::workspace::CatalogueEntry> {
    let raw = local::get(key).ok().flatten()?;
    read_one(key, &raw).catalogues.into_iter().next()
}

/// Conflict answers for a subsidy catalogue (no rolling backups: the version not kept can
/// be written to a file from the banner first).
fn catalogue_answer(store: WorkspaceStore, key: &StorageKey, keep_ours: bool) {
    let StorageKey::Catalogue(id) = key else {
        return;
    };
    let name = key.to_string();
    let stored = stored_catalogue(&name);
    if keep_ours {
        let stored_rev = stored.as_ref().map(|c| c.revision);
        store.workspace.update(|ws| {
            if let Some(ours) = ws.catalogues.iter_mut().find(|c| c.id == *id) {
                if let Some(rev) = stored_rev {
                    ours.revision = ours.revision.max(rev).saturating_add(1);
                }
                ours.updated_at = clock::now();
            }
        });
        store.ledger.update_value(|l| match stored_rev {
            Some(rev) => {
                l.revisions.insert(name.clone(), rev);
            }
            None => {
                l.revisions.remove(&name);
            }
        });
        store.mark(vec![key.clone()]);
        save::flush(store);
    } else {
        store.ledger.update_value(|l| {
            l.dirty.remove(key);
        });
        store.workspace.update(|ws| {
            ws.catalogues.retain(|c| c.id != *id);
            if let Some(entry) = stored {
                store.ledger.update_value(|l| {
                    l.revisions.insert(name.clone(), entry.revision);
                });
                ws.catalogues.push(entry);
            }
        });
        store.save_state.set(SaveState::Saved);
    }
}

/// Conflict answer 1: show the stored version (this tab's unsaved version goes to backups).
pub fn take_stored(store: WorkspaceStore, key: &StorageKey) {
    answer(store, key, ConflictChoice::TakeStored);
}

/// Conflict answer 2: keep this tab's version; the stored one goes to backups first, and
/// this tab's gets a revision above it.
pub fn keep_ours(store: WorkspaceStore, key: &StorageKey) {
    answer(store, key, ConflictChoice::KeepOurs);
}

/// Conflict answer 3: keep this tab's version as another plan (a new id), and show the
/// stored one under the plan's own id. Nothing is lost and nothing is overwritten.
pub fn save_ours_as_copy(store: WorkspaceStore, key: &StorageKey) {
    answer(store, key, ConflictChoice::SaveOursAsCopy);
}

fn answer(store: WorkspaceStore, key: &StorageKey, choice: ConflictChoice) {
    let name = key.to_string();
    if matches!(key, StorageKey::Catalogue(_)) {
        return catalogue_answer(store, key, choice == ConflictChoice::KeepOurs);
    }
    let StorageKey::Plan(id) = key else {
        return;
    };
    let stored = stored_plan(&name);
    let seed = super::random_seed();
    let mut outcome = None;
    store.workspace.update(|ws| {
        outcome = Some(ws.resolve_conflict(id, stored, choice, seed, &clock::now()));
    });
    match outcome {
        Some(Ok(resolved)) => {
            store.ledger.update_value(|l| {
                l.dirty.remove(key);
                match resolved.base {
                    Some(rev) => {
                        l.revisions.insert(name.clone(), rev);
                    }
                    None => {
                        l.revisions.remove(&name);
                    }
                }
            });
            let message = match choice {
                ConflictChoice::TakeStored => {
                    "保存済みの版を表示しました。この画面の版はデータ管理のバックアップにあります。".to_owned()
                }
                ConflictChoice::KeepOurs => {
                    "この画面の版で上書きしました。別のタブの版はデータ管理のバックアップにあります。".to_owned()
                }
                ConflictChoice::SaveOursAsCopy => format!(
                    "この画面の版を別の計画（ID: {}）として保存し、保存済みの版を表示しました。",
                    resolved.changed.plan_id.clone().unwrap_or_default()
                ),
            };
            store.save_state.set(SaveState::Saved);
            store.mark(resolved.changed.keys);
            save::flush(store);
            if !matches!(store.save_state.get_untracked(), SaveState::Failed(_)) {
                store.notice.set(Some(message));
            }
        }
        Some(Err(e)) => store.notice.set(Some(e.to_string())),
        None => {}
    }
}
