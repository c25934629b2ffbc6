//! The workspace as the browser keeps it: plans, catalogues, settings and rolling backups.
//! The working copy; the file on the shared folder is the record (docs/domain.md).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::compare::{PlanDiff, Relation};
use super::keys::StorageKey;
use crate::domain::plan::Plan;
use crate::domain::subsidy::Catalogue;

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

/// User text inside an app sentence: wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL
/// ISOLATE, so a title with an unterminated right-to-left override cannot reverse the
/// words around it.
pub fn isolate(text: &str) -> String {
    format!("\u{2068}{text}\u{2069}")
}

impl fmt::Display for PlanSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "「\u{2068}{}\u{2069}」版 {}（更新 {}、施策 {}・成果指標 {}）",
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
            "「\u{2068}{}\u{2069}」版 {}（更新 {}、制度 {}・申請 {}）",
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
    /// The version before the plan's first change since the page loaded (作業開始時).
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
    /// The user asked for one (「今の版をバックアップ」).
    Manual,
    /// While the plan was being changed: at most one every [`WORK_BACKUP_INTERVAL_MS`].
    DuringWork,
}

/// How long ordinary editing goes on before another backup is taken: 10 minutes.
pub const WORK_BACKUP_INTERVAL_MS: u64 = 10 * 60 * 1000;

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
            BackupReason::DuringWork => "作業中（10分ごと）",
        }
    }

    /// Whether the backup holds a version that a whole-plan operation replaced or removed
    /// (import, restore, delete, a conflict's overwrite): often the only copy of that
    /// version anywhere, so rolling drops the ordinary work backups first.
    pub fn keeps_replaced_version(self) -> bool {
        matches!(
            self,
            BackupReason::BeforeImport
                | BackupReason::BeforeRestore
                | BackupReason::BeforeDelete
                | BackupReason::BeforeOverwrite
        )
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
    /// The user's note on a backup taken by hand.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
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
    /// Plan and catalogue ids that values this build cannot use still answer to (set aside
    /// as unreadable, or written by a newer Shinko). Never written; filled by `load`, so no
    /// new plan takes such an id (see `ids`).
    #[serde(skip)]
    pub reserved: BTreeSet<String>,
}

/// The choice to offer when importing a plan.
// Made once per imported file and matched at once: its size does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportChoice {
    /// No plan with this id: add it.
    New,
    /// Exactly this plan is already here: nothing to do.
    AlreadyHere,
    /// A different version with the same id: offer 「置き換える（今の版はバックアップへ）」,
    /// 「別の計画として取り込む」 or 「取り込まない」, showing both, how they stand to each
    /// other and what differs, the safe choice first ([`ImportChoice::safe_order`]).
    SameId {
        current: PlanSummary,
        incoming: PlanSummary,
        relation: Relation,
        diff: Box<PlanDiff>,
    },
}

impl ImportChoice {
    /// The answers to offer for a same-id file, the safe one first: an older file is best
    /// not taken in; a newer one of the same plan replaces it (the current version is kept
    /// as a backup); a version edited apart, or another plan under the same id, is taken in
    /// beside it so nothing is hidden.
    pub fn safe_order(relation: Relation) -> [ImportAction; 3] {
        use ImportAction::{Cancel, ImportAsCopy, Replace};
        match relation {
            Relation::Older => [Cancel, ImportAsCopy, Replace],
            Relation::Newer => [Replace, ImportAsCopy, Cancel],
            Relation::Diverged | Relation::Unrelated => [ImportAsCopy, Cancel, Replace],
        }
    }
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

    /// Keeps `plan` as the newest backup of its id, then rolls the list to N (see
    /// [`roll_backups`]). A version identical to the newest backup is not kept twice.
    /// Returns whether one was added.
    pub fn push_backup(&mut self, plan: &Plan, saved_at: &str, reason: BackupReason) -> bool {
        self.push_backup_with_note(plan, saved_at, reason, "")
    }

    /// [`push_backup`](Self::push_backup) with the user's note (a backup taken by hand).
    pub fn push_backup_with_note(
        &mut self,
        plan: &Plan,
        saved_at: &str,
        reason: BackupReason,
        note: &str,
    ) -> bool {
        let keep = self.keep();
        let current = self.plans.iter().find(|p| p.id == plan.id).cloned();
        let list = self.backups.entry(plan.id.clone()).or_default();
        if list.first().is_some_and(|b| b.plan == *plan) {
            if !note.is_empty()
                && let Some(first) = list.first_mut()
                && first.note.is_empty()
            {
                first.note = note.to_owned();
                return true;
            }
            return false;
        }
        list.insert(
            0,
            Backup {
                saved_at: saved_at.to_owned(),
                reason,
                summary: PlanSummary::of(plan),
                plan: plan.clone(),
                note: note.trim().to_owned(),
            },
        );
        roll_backups(list, keep, current.as_ref());
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
            let current = self.plans.iter().find(|p| p.id == *id);
            let before = list.len();
            roll_backups(list, keep, current);
            if list.len() != before {
                changed.keys.push(StorageKey::Backups(id.clone()));
            }
        }
        changed
    }

    /// Replaces the plan with the same id in place, or appends it.
    pub(super) fn put_plan(&mut self, plan: Plan) {
        match self.plans.iter_mut().find(|p| p.id == plan.id) {
            Some(slot) => *slot = plan,
            None => self.plans.push(plan),
        }
    }
}

/// Drops the oldest backups of one plan (newest first in `list`) until `keep` are left, but
/// never the only copy of a version a whole-plan operation replaced or removed
/// ([`BackupReason::keeps_replaced_version`]): ordinary work backups go first, and such a
/// version goes only when the same plan is still kept elsewhere (as the current plan or in
/// another backup). So the list may hold more than `keep` for a while; the quota path
/// ([`Workspace::drop_oldest_backup`]) is the only one that removes those, and it says so.
pub fn roll_backups(list: &mut Vec<Backup>, keep: usize, current: Option<&Plan>) {
    while list.len() > keep {
        let droppable = (0..list.len()).rev().find(|&i| {
            let b = &list[i];
            !b.reason.keeps_replaced_version()
                || current == Some(&b.plan)
                || list
                    .iter()
                    .enumerate()
                    .any(|(j, other)| j != i && other.plan == b.plan)
        });
        match droppable {
            Some(i) => {
                list.remove(i);
            }
            None => break,
        }
    }
}
