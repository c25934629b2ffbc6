//! The workspace as the browser keeps it (the working copy; the file on the shared folder is
//! the record), and every rule the browser shell needs about it: storage keys, the model,
//! the operations users perform on whole plans and catalogues, the write guard between tabs,
//! loading with quarantine, and undo history.
//!
//! Files depend one way: `keys` and `model` are leaves that `domain::file` (the bytes ↔
//! envelope format) also uses; `stored`, `guard`, `load`, `ops`, `ids`, `backups`, `compare` and
//! `history` build
//! on `model` and on `domain::file`. Nothing here touches the browser: the shell calls these
//! functions with strings and performs the effects they describe.

pub mod backups;
pub mod compare;
pub mod guard;
pub mod history;
pub mod ids;
pub mod keys;
pub mod load;
pub mod model;
pub mod ops;
pub mod stored;

pub use backups::{DroppedBackup, WorkBackups};
pub use compare::{PlanDiff, Relation};
pub use guard::{
    Conflict, ExternalChange, RemoveRefused, Stored, check_remove, check_write, on_external_change,
};
pub use history::{
    Change, DEFAULT_HISTORY_LIMIT, Entry, History, HistoryError, MAX_WHOLE_PLAN_ENTRIES, Scope,
    Undone,
};
pub use keys::{
    BACKUPS_FORMAT, CATALOGUE_ENTRY_FORMAT, SETTINGS_FORMAT, STORED_FORMATS, StorageKey,
    stored_format_label,
};
pub use load::{Loaded, QuarantineRecord, Quarantined, load};
pub use model::{
    Backup, BackupReason, COPY_SUFFIX, CatalogueEntry, CatalogueSummary, Changed,
    DEFAULT_BACKUP_COUNT, ImportAction, ImportChoice, MAX_BACKUP_COUNT, PlanSummary, Settings,
    WORK_BACKUP_INTERVAL_MS, Workspace, WorkspaceError, isolate,
};
pub use ops::{Applied, ConflictChoice, Merged, NewPlan, Resolved};
