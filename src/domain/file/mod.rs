//! Files: the plan, catalogue and workspace file formats, staged import, migrations and
//! export (bytes ↔ envelope). The workspace the browser keeps is `domain::workspace`.
//!
//! - [`import`]: bytes → a typed, migrated, validated file, or one [`ImportError`] that
//!   names the stage and lists every problem with its JSON path, in Japanese.
//! - [`migrate`]: numbered steps on `serde_json::Value`, per format.
//! - [`export`]: pretty-printed files with a stable key order and a Windows-safe name.
//! - [`path`]: JSON paths (`data.nodes[0].title`).

pub mod export;
pub mod import;
pub mod migrate;
pub mod path;

pub use export::{
    ExportError, ExportedFile, export_catalogue, export_plan, export_workspace, file_name,
};
pub use import::{
    EncodingProblem, FileProblem, ImportError, Imported, import_any, import_catalogue, import_plan,
    import_workspace,
};
pub use migrate::{MIGRATIONS, Migration, MigrationError, migrate};
pub use path::JsonPath;

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
