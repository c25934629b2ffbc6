//! Reading the workspace from storage: what loads, what is set aside, what is too new.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::keys::{self, BACKUPS_FORMAT, CATALOGUE_ENTRY_FORMAT, SETTINGS_FORMAT, StorageKey};
use super::model::{Backup, CatalogueEntry, Settings, Workspace};
use crate::domain::envelope::PLAN_FORMAT;
use crate::domain::file::FileKind;
use crate::domain::file::export::{ExportedFile, file_name};
use crate::domain::file::import::{
    FileProblem, ImportError, catalogue_problems_at, plan_problems_at, restore,
};
use crate::domain::file::path::JsonPath;
use crate::domain::plan::Plan;

/// A stored value set aside because it could not be read: what is written under the
/// quarantine key. `raw` is the value exactly as it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuarantineRecord {
    pub original_key: String,
    pub quarantined_at: String,
    /// Why, in Japanese (each problem with its path).
    pub problems: Vec<String>,
    pub raw: String,
}

impl QuarantineRecord {
    /// The raw value as a file to download, byte for byte as it was stored.
    pub fn download(&self) -> ExportedFile {
        let name = format!("退避データ_{}", self.original_key);
        let file = file_name(&name, &self.quarantined_at, FileKind::Plan);
        ExportedFile {
            file_name: file.replace(FileKind::Plan.extension(), ".json"),
            contents: self.raw.clone(),
            mime_type: "application/json",
        }
    }
}

/// A stored value to move aside now: write `record` under `quarantine_key`, read it back,
/// and only then remove `original_key`. If the write fails (quota), leave the original
/// where it is; it stays in [`Loaded::blocked`] either way, so nothing overwrites it.
#[derive(Debug, Clone, PartialEq)]
pub struct Quarantined {
    pub original_key: String,
    pub quarantine_key: String,
    /// JSON of a [`QuarantineRecord`].
    pub record: String,
    pub error: ImportError,
}

/// The workspace read from storage, and what the shell must do and show about it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Loaded {
    /// Everything that could be read. Never filled with defaults for what could not.
    pub workspace: Workspace,
    /// The revision of each plan and catalogue key as read: the `base` for [`check_write`].
    pub revisions: BTreeMap<String, u64>,
    /// Values that could not be read, to move aside now and report.
    pub quarantine: Vec<Quarantined>,
    /// Values set aside earlier (shown in データ管理, downloadable).
    pub set_aside: Vec<(String, QuarantineRecord)>,
    /// Values written by a newer Shinko: left untouched, read-only here.
    pub too_new: Vec<(String, ImportError)>,
    /// Keys read from an older schema: back up, then rewrite in the current one.
    pub migrated: Vec<String>,
    /// Keys this tab must never write or remove (too new, or to be quarantined).
    pub blocked: BTreeSet<String>,
    /// Keys starting with `shinko.` this build does not know (another layout version).
    pub unknown: Vec<String>,
}

/// Reads the workspace from every `(key, value)` in storage (keys of other apps are
/// skipped). Each value goes through the same staged reader as an imported file. What
/// cannot be read is set aside with its errors, never replaced by a default; a value too
/// new for this build is left as it is; the rest loads.
pub fn load<'a>(entries: impl IntoIterator<Item = (&'a str, &'a str)>, now: &str) -> Loaded {
    let mut loaded = Loaded::default();
    let mut plans: BTreeMap<String, Plan> = BTreeMap::new();
    let mut catalogues: BTreeMap<String, CatalogueEntry> = BTreeMap::new();
    for (key, raw) in entries {
        if !key.starts_with(keys::APP_PREFIX) {
            continue;
        }
        let Some(parsed) = StorageKey::parse(key) else {
            loaded.unknown.push(key.to_owned());
            continue;
        };
        let bytes = raw.as_bytes();
        let outcome: Result<(), ImportError> = match &parsed {
            StorageKey::Quarantine(_) => {
                let record = serde_json::from_str::<QuarantineRecord>(raw).unwrap_or_else(|_| {
                    QuarantineRecord {
                        original_key: key.to_owned(),
                        quarantined_at: String::new(),
                        problems: vec!["退避記録そのものが読めません。".to_owned()],
                        raw: raw.to_owned(),
                    }
                });
                loaded.set_aside.push((key.to_owned(), record));
                Ok(())
            }
            StorageKey::Settings => restore::<Settings>(bytes, &[SETTINGS_FORMAT], |_| Vec::new())
                .map(|r| {
                    note_migrated(&mut loaded, key, r.migrated_from);
                    loaded.workspace.settings = r.envelope.data;
                }),
            StorageKey::Plan(id) => restore::<Plan>(bytes, &[PLAN_FORMAT], |p| {
                plan_problems_at(p, &JsonPath::keys(&["data"]))
            })
            .and_then(|r| {
                if r.envelope.data.id != *id {
                    return Err(ImportError::Invalid(vec![FileProblem::new(
                        JsonPath::keys(&["data", "id"]),
                        format!(
                            "保存場所のID「{id}」と計画のID「{}」が一致しません。",
                            r.envelope.data.id
                        ),
                    )]));
                }
                // A stored plan that fails validation is set aside like one that does not
                // parse: every way the app writes a plan keeps it valid (edits that would
                // add a problem are refused), so such a value did not come from this app's
                // editing, and working on it would spread the damage.
                if !r.problems.is_empty() {
                    return Err(ImportError::Invalid(r.problems));
                }
                note_migrated(&mut loaded, key, r.migrated_from);
                loaded
                    .revisions
                    .insert(key.to_owned(), r.envelope.data.revision);
                plans.insert(id.clone(), r.envelope.data);
                Ok(())
            }),
            StorageKey::Catalogue(id) => {
                restore::<CatalogueEntry>(bytes, &[CATALOGUE_ENTRY_FORMAT], |c| {
                    catalogue_problems_at(&c.catalogue, &JsonPath::keys(&["data", "catalogue"]))
                })
                .and_then(|r| {
                    // As for plans: a catalogue that fails validation is set aside.
                    if !r.problems.is_empty() {
                        return Err(ImportError::Invalid(r.problems));
                    }
                    let mut entry = r.envelope.data;
                    entry.id.clone_from(id);
                    note_migrated(&mut loaded, key, r.migrated_from);
                    loaded.revisions.insert(key.to_owned(), entry.revision);
                    catalogues.insert(id.clone(), entry);
                    Ok(())
                })
            }
            StorageKey::Backups(id) => {
                restore::<Vec<Backup>>(bytes, &[BACKUPS_FORMAT], |_| Vec::new()).map(|r| {
                    note_migrated(&mut loaded, key, r.migrated_from);
                    loaded.workspace.backups.insert(id.clone(), r.envelope.data);
                })
            }
        };
        match outcome {
            Ok(()) => {}
            Err(error @ ImportError::TooNew { .. }) => {
                loaded.blocked.insert(key.to_owned());
                loaded.too_new.push((key.to_owned(), error));
            }
            Err(error) => {
                let quarantine_key = StorageKey::quarantine_for(key, now).to_string();
                let mut problems = vec![stored_headline(&error)];
                problems.extend(error.problems().iter().map(ToString::to_string));
                let record = QuarantineRecord {
                    original_key: key.to_owned(),
                    quarantined_at: now.to_owned(),
                    problems,
                    // A value beyond the size limit is still kept whole: it is the user's.
                    raw: raw.to_owned(),
                };
                loaded.blocked.insert(key.to_owned());
                loaded.quarantine.push(Quarantined {
                    original_key: key.to_owned(),
                    quarantine_key,
                    // Serializing strings cannot fail; if it did, the raw value itself is
                    // stored, which `load` lists as an unreadable record: still lossless.
                    record: serde_json::to_string(&record).unwrap_or_else(|_| raw.to_owned()),
                    error,
                });
            }
        }
    }
    // No new plan or catalogue may take an id that a value set aside (now or earlier) or
    // too new for this build still answers to.
    let held = loaded
        .blocked
        .iter()
        .cloned()
        .chain(loaded.set_aside.iter().map(|(_, r)| r.original_key.clone()));
    for key in held.collect::<Vec<_>>() {
        if let Some(StorageKey::Plan(id) | StorageKey::Backups(id) | StorageKey::Catalogue(id)) =
            StorageKey::parse(&key)
        {
            loaded.workspace.reserved.insert(id);
        }
    }
    loaded.workspace.plans = plans.into_values().collect();
    loaded.workspace.catalogues = catalogues.into_values().collect();
    loaded
}

fn note_migrated(loaded: &mut Loaded, key: &str, from: Option<u32>) {
    if from.is_some() {
        loaded.migrated.push(key.to_owned());
    }
}

/// What a set-aside value's record says first: the reason in words about data kept in this
/// browser (not about a file to copy again), without the list of problems that follows it
/// in the record, so each problem is said once.
pub fn stored_headline(error: &ImportError) -> String {
    match error {
        ImportError::Invalid(problems) => format!(
            "このブラウザに保存されていたデータに誤りが {} 件あります（下に一覧）。Shinko の画面での編集ではできない誤りのため、手で書き換えられたか、保存中に壊れた可能性があります。",
            problems.len()
        ),
        ImportError::Empty => "このブラウザに保存されていたデータが空です。".to_owned(),
        ImportError::Truncated { line } => format!(
            "このブラウザに保存されていたデータが途中で切れています（{line}行目まで）。保存の途中でブラウザが閉じられた可能性があります。"
        ),
        ImportError::NotJson {
            line,
            column,
            detail,
        } => format!(
            "このブラウザに保存されていたデータが JSON として読めません（{line}行目 {column}文字目付近: {detail}）。"
        ),
        other => format!("このブラウザに保存されていたデータを読めません: {other}"),
    }
}
