//! Files and the stored workspace (issue 5): the plan, catalogue and workspace file formats,
//! staged import, migrations, export, and the pure logic of the browser's working copy.
//!
//! - [`import`]: bytes → a typed, migrated, validated file, or one [`ImportError`] that
//!   names the stage and lists every problem with its JSON path, in Japanese.
//! - [`migrate`]: numbered steps on `serde_json::Value`, per format.
//! - [`export`]: pretty-printed files with a stable key order and a Windows-safe name.
//! - [`workspace`]: plans, catalogues, settings and rolling backups as the browser stores
//!   them; storage keys; loading with quarantine; the write guard; the same-id import choice.
//! - [`history`]: undo and redo of plan edits, safe beside other tabs.
//! - [`path`]: JSON paths (`data.nodes[0].title`).
//!
//! Nothing here touches the browser: the shell (gloo-storage, File System Access, dialogs)
//! calls these functions with strings and bytes and performs the effects they describe.

pub mod export;
pub mod history;
pub mod import;
pub mod migrate;
pub mod path;
pub mod workspace;

pub use export::{
    ExportError, ExportedFile, export_catalogue, export_plan, export_workspace, file_name,
};
pub use history::{
    Change, DEFAULT_HISTORY_LIMIT, Entry, History, HistoryError, MAX_WHOLE_PLAN_ENTRIES, Undone,
};
pub use import::{
    EncodingProblem, FileProblem, ImportError, Imported, import_any, import_catalogue, import_plan,
    import_workspace,
};
pub use migrate::{MIGRATIONS, Migration, MigrationError, migrate};
pub use path::JsonPath;
pub use workspace::{
    Backup, BackupReason, CatalogueEntry, CatalogueSummary, Changed, Conflict, ExternalChange,
    ImportAction, ImportChoice, Loaded, PlanSummary, QuarantineRecord, Quarantined, Settings,
    StorageKey, Stored, Workspace, WorkspaceError, check_write, keys, load, on_external_change,
};

use crate::domain::envelope::{CATALOGUE_FORMAT, PLAN_FORMAT, WORKSPACE_FORMAT};

/// The largest file import accepts: 20 MB (20 × 1024 × 1024 bytes). The largest sample plan
/// is about 120 KB, a city's workspace backup with ten versions of each plan a few MB, and
/// the browser's storage quota for the working copy is about 5–10 MB; anything much larger
/// is not a Shinko file, and reading it would freeze the tab on a staff PC.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

/// [`MAX_FILE_BYTES`] as the UI shows it.
pub const MAX_FILE_SIZE_LABEL: &str = "20 MB";

/// The three kinds of file a user handles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileKind {
    /// One plan (`shinko-plan`).
    Plan,
    /// A subsidy catalogue with its applications (`shinko-subsidy-catalogue`).
    Catalogue,
    /// The whole workspace, a backup (`shinko-workspace`).
    Workspace,
}

impl FileKind {
    pub const ALL: [FileKind; 3] = [FileKind::Plan, FileKind::Catalogue, FileKind::Workspace];

    /// The envelope's `format` value.
    pub fn format(self) -> &'static str {
        match self {
            FileKind::Plan => PLAN_FORMAT,
            FileKind::Catalogue => CATALOGUE_FORMAT,
            FileKind::Workspace => WORKSPACE_FORMAT,
        }
    }

    pub fn from_format(format: &str) -> Option<FileKind> {
        FileKind::ALL.into_iter().find(|k| k.format() == format)
    }

    /// 「計画ファイル」, as messages name it.
    pub fn label(self) -> &'static str {
        match self {
            FileKind::Plan => "計画ファイル",
            FileKind::Catalogue => "補助金カタログファイル",
            FileKind::Workspace => "ワークスペースのバックアップファイル",
        }
    }

    /// The file name's suffix before `.json`: `厚木市…_2026-11-22.shinko-plan.json`.
    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Plan => ".shinko-plan.json",
            FileKind::Catalogue => ".shinko-subsidy-catalogue.json",
            FileKind::Workspace => ".shinko-workspace.json",
        }
    }
}
