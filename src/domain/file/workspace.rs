//! The workspace as the browser keeps it (the working copy; the file on the shared folder is
//! the record, DOMAIN §6), and the pure decisions the browser shell needs: which stored
//! entries to set aside, rolling backups, the write guard between tabs, and the choice when
//! an imported plan has the id of one already here.
//!
//! # Storage keys
//! One key per plan, per catalogue, per plan's backups, plus settings — all under the
//! prefix [`keys::PREFIX`] (`shinko.v1.`), listed in [`keys`]. Why not one key for everything:
//! an autosave then rewrites only the plan that changed (fast, and a quota failure affects
//! one write); one damaged value is set aside alone and the rest starts intact; the `storage`
//! event names the key, so another tab knows which plan changed; revisions are compared per
//! plan. Every value is a file envelope (a stored plan *is* a plan file), so storage goes
//! through the same staged reader and migrations as imports. `v1` is the version of the key
//! layout, separate from `schema_version` inside the values: a new layout would read `v1`
//! keys once and write `v2` keys, leaving the old ones as they were.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::FileKind;
use super::export::{ExportError, ExportedFile, file_name, to_stored_text};
use super::import::{FileProblem, ImportError, catalogue_problems_at, plan_problems_at, restore};
use super::path::JsonPath;
use crate::domain::envelope::PLAN_FORMAT;
use crate::domain::plan::Plan;
use crate::domain::subsidy::Catalogue;

/// Every storage key, in one place.
pub mod keys {
    /// The version of the key layout (not of the data schema).
    pub const LAYOUT: &str = "v1";
    /// Every key this build reads or writes starts with this.
    pub const PREFIX: &str = "shinko.v1.";
    /// Settings: `Envelope<Settings>` (format `shinko-settings`).
    pub const SETTINGS: &str = "shinko.v1.settings";
    /// `shinko.v1.plan.<plan id>`: a plan file, `Envelope<Plan>` (format `shinko-plan`).
    pub const PLAN: &str = "shinko.v1.plan.";
    /// `shinko.v1.catalogue.<entry id>`: `Envelope<CatalogueEntry>`.
    pub const CATALOGUE: &str = "shinko.v1.catalogue.";
    /// `shinko.v1.backups.<plan id>`: the plan's rolling backups, `Envelope<Vec<Backup>>`.
    pub const BACKUPS: &str = "shinko.v1.backups.";
    /// `shinko.v1.quarantine.<time>|<original key>`: a value that could not be read, set
    /// aside as a `QuarantineRecord` with its errors and the raw text, byte for byte.
    pub const QUARANTINE: &str = "shinko.v1.quarantine.";
    /// Any key of any layout version of this app (`shinko.v2.…` from a newer build).
    pub const APP_PREFIX: &str = "shinko.";
}

/// `format` of a stored catalogue entry.
pub const CATALOGUE_ENTRY_FORMAT: &str = "shinko-catalogue-entry";
/// `format` of a plan's stored backups.
pub const BACKUPS_FORMAT: &str = "shinko-plan-backups";
/// `format` of stored settings.
pub const SETTINGS_FORMAT: &str = "shinko-settings";
/// Formats that exist only in browser storage (and need migrations like files do).
pub const STORED_FORMATS: [&str; 3] = [CATALOGUE_ENTRY_FORMAT, BACKUPS_FORMAT, SETTINGS_FORMAT];

/// The name users see for a storage-only format.
pub fn stored_format_label(format: &str) -> Option<&'static str> {
    match format {
        CATALOGUE_ENTRY_FORMAT => Some("ブラウザに保存された補助金カタログ"),
        BACKUPS_FORMAT => Some("ブラウザに保存された計画のバックアップ"),
        SETTINGS_FORMAT => Some("ブラウザに保存された設定"),
        _ => None,
    }
}

/// A key this build understands.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StorageKey {
    Settings,
    Plan(String),
    Catalogue(String),
    Backups(String),
    /// The part after the prefix: `<time>|<original key>`.
    Quarantine(String),
}

impl StorageKey {
    /// Reads a key; `None` for anything that is not a `shinko.v1.` key this build knows.
    pub fn parse(key: &str) -> Option<StorageKey> {
        if key == keys::SETTINGS {
            return Some(StorageKey::Settings);
        }
        let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        if let Some(id) = key.strip_prefix(keys::PLAN) {
            return non_empty(id).map(StorageKey::Plan);
        }
        if let Some(id) = key.strip_prefix(keys::CATALOGUE) {
            return non_empty(id).map(StorageKey::Catalogue);
        }
        if let Some(id) = key.strip_prefix(keys::BACKUPS) {
            return non_empty(id).map(StorageKey::Backups);
        }
        if let Some(rest) = key.strip_prefix(keys::QUARANTINE) {
            return non_empty(rest).map(StorageKey::Quarantine);
        }
        None
    }

    /// The key under which `original` is set aside at `now`.
    pub fn quarantine_for(original: &str, now: &str) -> StorageKey {
        StorageKey::Quarantine(format!("{now}|{original}"))
    }
}

impl fmt::Display for StorageKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageKey::Settings => f.write_str(keys::SETTINGS),
            StorageKey::Plan(id) => write!(f, "{}{id}", keys::PLAN),
            StorageKey::Catalogue(id) => write!(f, "{}{id}", keys::CATALOGUE),
            StorageKey::Backups(id) => write!(f, "{}{id}", keys::BACKUPS),
            StorageKey::Quarantine(rest) => write!(f, "{}{rest}", keys::QUARANTINE),
        }
    }
}

/// How many versions of each plan are kept unless the user chooses otherwise.
pub const DEFAULT_BACKUP_COUNT: usize = 10;
/// The most the setting allows (each version of a large plan is ~120 KB of a 5–10 MB quota).
pub const MAX_BACKUP_COUNT: usize = 50;

/// User settings kept with the workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// N: the last N versions of each plan are kept as backups (1–50, default 10).
    pub backup_count: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            backup_count: DEFAULT_BACKUP_COUNT,
        }
    }
}

/// A catalogue in the workspace: the shared catalogue file's data plus bookkeeping.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogueEntry {
    /// Unique in the workspace (`catalogue-1`); the catalogue file itself has no id.
    pub id: String,
    /// Bumped by the UI on every change, like [`Plan::revision`].
    #[serde(default)]
    pub revision: u64,
    #[serde(default)]
    pub updated_at: String,
    pub catalogue: Catalogue,
}

/// What a list of versions shows of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanSummary {
    pub id: String,
    pub title: String,
    pub revision: u64,
    pub updated_at: String,
    /// Nodes of the tree at every level.
    pub nodes: usize,
    pub kpis: usize,
}

impl PlanSummary {
    pub fn of(plan: &Plan) -> Self {
        PlanSummary {
            id: plan.id.clone(),
            title: plan.title.clone(),
            revision: plan.revision,
            updated_at: plan.updated_at.clone(),
            nodes: plan.walk().len(),
            kpis: plan.kpis().len(),
        }
    }
}

impl fmt::Display for PlanSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "「{}」版 {}（更新 {}、施策 {}・成果指標 {}）",
            self.title,
            self.revision,
            or_unknown(&self.updated_at),
            self.nodes,
            self.kpis
        )
    }
}

/// What a conflict message shows of a catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueSummary {
    pub id: String,
    pub title: String,
    pub revision: u64,
    pub updated_at: String,
    pub programs: usize,
    pub applications: usize,
}

impl fmt::Display for CatalogueSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "「{}」版 {}（更新 {}、制度 {}・申請 {}）",
            self.title,
            self.revision,
            or_unknown(&self.updated_at),
            self.programs,
            self.applications
        )
    }
}

fn or_unknown(time: &str) -> &str {
    if time.is_empty() {
        "日時不明"
    } else {
        time
    }
}

/// Why a backup was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum BackupReason {
    /// The stored version before this tab's first save of the plan (one per session).
    SessionStart,
    /// Replaced by an imported file.
    BeforeImport,
    /// Replaced by restoring an older backup.
    BeforeRestore,
    /// Deleted from the workspace.
    BeforeDelete,
    /// Overwritten after the user chose this tab's version in a conflict.
    BeforeOverwrite,
    /// Stored data migrated to a newer schema.
    BeforeMigration,
    /// The user asked for one.
    Manual,
}

impl BackupReason {
    pub fn label(self) -> &'static str {
        match self {
            BackupReason::SessionStart => "作業開始時",
            BackupReason::BeforeImport => "取り込みで置き換える前",
            BackupReason::BeforeRestore => "復元する前",
            BackupReason::BeforeDelete => "削除する前",
            BackupReason::BeforeOverwrite => "別タブの版を上書きする前",
            BackupReason::BeforeMigration => "形式を更新する前",
            BackupReason::Manual => "手動",
        }
    }
}

/// One kept version of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Backup {
    /// RFC 3339, set by the caller.
    pub saved_at: String,
    pub reason: BackupReason,
    pub summary: PlanSummary,
    pub plan: Plan,
}

/// Everything the user keeps in this browser; also the data of a workspace backup file.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Workspace {
    #[serde(default)]
    pub plans: Vec<Plan>,
    #[serde(default)]
    pub catalogues: Vec<CatalogueEntry>,
    #[serde(default)]
    pub settings: Settings,
    /// Per plan id, newest first, at most `settings.backup_count`. Kept after a plan is
    /// deleted or set aside: they are how it comes back.
    #[serde(default)]
    pub backups: BTreeMap<String, Vec<Backup>>,
}

/// The choice to offer when importing a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportChoice {
    /// No plan with this id: add it.
    New,
    /// Exactly this plan is already here: nothing to do.
    AlreadyHere,
    /// A different plan with the same id: offer 「置き換える（今の版はバックアップへ）」,
    /// 「別の計画として取り込む」 or cancel, showing both.
    SameId {
        current: PlanSummary,
        incoming: PlanSummary,
    },
}

/// The user's answer to [`ImportChoice::SameId`] (for `New`, anything but `Cancel` adds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportAction {
    /// 置き換える（今の版はバックアップへ）.
    Replace,
    /// 別の計画として取り込む: a new id, the title suffixed 「（取り込み）」.
    ImportAsCopy,
    Cancel,
}

/// The title suffix of a plan imported as a copy.
pub const COPY_SUFFIX: &str = "（取り込み）";

/// What the browser must write after a workspace operation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Changed {
    /// The plan now holding the result (the new id for a copy), if any.
    pub plan_id: Option<String>,
    /// Keys whose values changed: write each `Workspace::stored_value`.
    pub keys: Vec<StorageKey>,
}

/// A workspace operation that could not be done; nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WorkspaceError {
    #[error("計画（ID「{0}」）が見つかりません。一覧を読み込み直してください。")]
    NoSuchPlan(String),
    #[error(
        "計画（ID「{plan_id}」）のバックアップ {index} 番が見つかりません。一覧を読み込み直してください。"
    )]
    NoSuchBackup { plan_id: String, index: usize },
}

impl Workspace {
    pub fn plan(&self, id: &str) -> Option<&Plan> {
        self.plans.iter().find(|p| p.id == id)
    }

    pub fn plan_mut(&mut self, id: &str) -> Option<&mut Plan> {
        self.plans.iter_mut().find(|p| p.id == id)
    }

    pub fn catalogue(&self, id: &str) -> Option<&CatalogueEntry> {
        self.catalogues.iter().find(|c| c.id == id)
    }

    /// The kept versions of a plan, newest first.
    pub fn backups_of(&self, plan_id: &str) -> &[Backup] {
        self.backups.get(plan_id).map_or(&[], Vec::as_slice)
    }

    fn keep(&self) -> usize {
        self.settings.backup_count.clamp(1, MAX_BACKUP_COUNT)
    }

    /// Keeps `plan` as the newest backup of its id and drops the oldest beyond N. A version
    /// identical to the newest backup is not kept twice. Returns whether one was added.
    pub fn push_backup(&mut self, plan: &Plan, saved_at: &str, reason: BackupReason) -> bool {
        let keep = self.keep();
        let list = self.backups.entry(plan.id.clone()).or_default();
        if list.first().is_some_and(|b| b.plan == *plan) {
            return false;
        }
        list.insert(
            0,
            Backup {
                saved_at: saved_at.to_owned(),
                reason,
                summary: PlanSummary::of(plan),
                plan: plan.clone(),
            },
        );
        list.truncate(keep);
        true
    }

    /// Applies a changed backup count to every plan's list (dropping the oldest).
    pub fn set_backup_count(&mut self, count: usize) -> Changed {
        self.settings.backup_count = count.clamp(1, MAX_BACKUP_COUNT);
        let keep = self.keep();
        let mut changed = Changed {
            plan_id: None,
            keys: vec![StorageKey::Settings],
        };
        for (id, list) in &mut self.backups {
            if list.len() > keep {
                list.truncate(keep);
                changed.keys.push(StorageKey::Backups(id.clone()));
            }
        }
        changed
    }

    /// Puts backup `index` of a plan back as the current version. The current version goes
    /// to the backups first; the restored one gets a revision above the current one so no
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

    /// Replaces the plan with the same id in place, or appends it.
    fn put_plan(&mut self, plan: Plan) {
        match self.plans.iter_mut().find(|p| p.id == plan.id) {
            Some(slot) => *slot = plan,
            None => self.plans.push(plan),
        }
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

    /// Every problem of a workspace backup file, each with its path.
    pub fn problems(&self) -> Vec<FileProblem> {
        let data = JsonPath::keys(&["data"]);
        let mut out = Vec::new();
        let mut ids = BTreeSet::new();
        for (i, plan) in self.plans.iter().enumerate() {
            let at = data.clone().key("plans").index(i);
            if !ids.insert(plan.id.as_str()) {
                out.push(FileProblem::new(
                    at.clone().key("id"),
                    format!("計画ID「{}」が2つ以上の計画で使われています。どちらかのIDを変えてください。", plan.id),
                ));
            }
            out.extend(plan_problems_at(plan, &at));
        }
        let mut ids = BTreeSet::new();
        for (i, entry) in self.catalogues.iter().enumerate() {
            let at = data.clone().key("catalogues").index(i);
            if !ids.insert(entry.id.as_str()) {
                out.push(FileProblem::new(
                    at.clone().key("id"),
                    format!(
                        "カタログID「{}」が重複しています。どちらかのIDを変えてください。",
                        entry.id
                    ),
                ));
            }
            out.extend(catalogue_problems_at(
                &entry.catalogue,
                &at.key("catalogue"),
            ));
        }
        if !(1..=MAX_BACKUP_COUNT).contains(&self.settings.backup_count) {
            out.push(FileProblem::new(
                data.key("settings").key("backup_count"),
                format!(
                    "バックアップの保存数 {} は使えません。1〜{MAX_BACKUP_COUNT} にしてください。",
                    self.settings.backup_count
                ),
            ));
        }
        out
    }

    /// The text to store under `key` now, or `None` when the key should be removed (the
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

/// Something the browser keeps and writes with a revision: a plan or a catalogue entry.
pub trait Stored: DeserializeOwned + Sized {
    type Summary: fmt::Display + Clone + PartialEq + fmt::Debug;
    const FORMAT: &'static str;
    fn revision(&self) -> u64;
    fn summary(&self) -> Self::Summary;
}

impl Stored for Plan {
    type Summary = PlanSummary;
    const FORMAT: &'static str = PLAN_FORMAT;
    fn revision(&self) -> u64 {
        self.revision
    }
    fn summary(&self) -> PlanSummary {
        PlanSummary::of(self)
    }
}

impl Stored for CatalogueEntry {
    type Summary = CatalogueSummary;
    const FORMAT: &'static str = CATALOGUE_ENTRY_FORMAT;
    fn revision(&self) -> u64 {
        self.revision
    }
    fn summary(&self) -> CatalogueSummary {
        let c = &self.catalogue;
        CatalogueSummary {
            id: self.id.clone(),
            title: format!("{} {}", c.municipality, c.department)
                .trim()
                .to_owned(),
            revision: self.revision,
            updated_at: self.updated_at.clone(),
            programs: c.programs.len(),
            applications: c.applications.len(),
        }
    }
}

fn read_stored<T: Stored>(raw: &str) -> Result<T, ImportError> {
    restore::<T>(raw.as_bytes(), &[T::FORMAT], |_| Vec::new()).map(|r| r.envelope.data)
}

/// Why this tab must not write now. Nothing has been written; ask the user.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Conflict<S: fmt::Display> {
    #[error(
        "別のタブかウィンドウで、より新しい版が保存されています。保存済み: {stored}。このタブ: {ours}（版 {base} から編集）。このまま保存するとあちらの変更が失われるため、保存していません。あちらの版を読み込むか、このタブの内容を別の計画として保存してください。"
    )]
    NewerStored { ours: S, base: u64, stored: S },
    #[error(
        "別のタブかウィンドウで同じIDのデータが作られています: {stored}。このタブ: {ours}。上書きせずに止めました。どちらを残すか選んでください。"
    )]
    CreatedElsewhere { ours: S, stored: S },
    #[error(
        "別のタブかウィンドウで削除されています。このタブ: {ours}。もう一度保存するか、このタブの内容をファイルに書き出してください。"
    )]
    RemovedElsewhere { ours: S },
    #[error(
        "保存済みのデータが読めない状態です（{reason}）。上書きすると失われるため、保存していません。先に読めないデータを退避してください。このタブ: {ours}"
    )]
    StoredUnreadable { ours: S, reason: String },
}

/// The write guard: may this tab write `ours` over the value stored under its key now?
/// `stored` is the value read just before writing, `base` the revision this tab last read or
/// wrote for the key (`None` if it never did: a new plan). Comparing against `base`, not
/// `ours.revision`, matters: this tab's own edits raise `ours.revision`, which would hide a
/// newer write from another tab (Excalidraw #10770).
pub fn check_write<T: Stored>(
    stored: Option<&str>,
    base: Option<u64>,
    ours: &T,
) -> Result<(), Conflict<T::Summary>> {
    let stored = match stored {
        None => {
            return match base {
                None => Ok(()),
                Some(_) => Err(Conflict::RemovedElsewhere {
                    ours: ours.summary(),
                }),
            };
        }
        Some(raw) => read_stored::<T>(raw).map_err(|e| Conflict::StoredUnreadable {
            ours: ours.summary(),
            reason: e.to_string(),
        })?,
    };
    match base {
        None => Err(Conflict::CreatedElsewhere {
            ours: ours.summary(),
            stored: stored.summary(),
        }),
        Some(base) if stored.revision() > base => Err(Conflict::NewerStored {
            ours: ours.summary(),
            base,
            stored: stored.summary(),
        }),
        Some(_) => Ok(()),
    }
}

/// What to do when another tab changed a key this tab shows (the `storage` event).
#[derive(Debug, Clone, PartialEq)]
pub enum ExternalChange<T: Stored> {
    /// Not newer than what this tab has (its own write echoing back, or an older one).
    Ignore,
    /// Newer and this tab has no unsaved edits: show it, and take its revision as the base.
    Adopt(T),
    /// Removed elsewhere and this tab has no unsaved edits: drop it from the screen.
    Removed,
    /// This tab has unsaved edits and the stored value moved on: ask the user.
    Conflict(Conflict<T::Summary>),
    /// The new value cannot be read: keep this tab's copy, tell the user.
    Unreadable(ImportError),
}

/// Decides what a `storage` event for a plan or catalogue key means for this tab.
pub fn on_external_change<T: Stored>(
    new_value: Option<&str>,
    ours: &T,
    base: Option<u64>,
    has_unsaved_edits: bool,
) -> ExternalChange<T> {
    let Some(raw) = new_value else {
        return if has_unsaved_edits {
            ExternalChange::Conflict(Conflict::RemovedElsewhere {
                ours: ours.summary(),
            })
        } else {
            ExternalChange::Removed
        };
    };
    let theirs = match read_stored::<T>(raw) {
        Ok(t) => t,
        Err(e) => return ExternalChange::Unreadable(e),
    };
    if base.is_some_and(|b| theirs.revision() <= b) {
        return ExternalChange::Ignore;
    }
    if has_unsaved_edits {
        ExternalChange::Conflict(match base {
            Some(base) => Conflict::NewerStored {
                ours: ours.summary(),
                base,
                stored: theirs.summary(),
            },
            None => Conflict::CreatedElsewhere {
                ours: ours.summary(),
                stored: theirs.summary(),
            },
        })
    } else {
        ExternalChange::Adopt(theirs)
    }
}

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
                let mut problems = vec![error.to_string()];
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
    loaded.workspace.plans = plans.into_values().collect();
    loaded.workspace.catalogues = catalogues.into_values().collect();
    loaded
}

fn note_migrated(loaded: &mut Loaded, key: &str, from: Option<u32>) {
    if from.is_some() {
        loaded.migrated.push(key.to_owned());
    }
}
