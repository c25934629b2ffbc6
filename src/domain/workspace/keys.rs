//! Storage keys and the formats that exist only in browser storage.
//!
//! # Storage keys
//! One key per plan, per catalogue, per plan's backups, plus settings — all under the
//! prefix `PREFIX` (`shinko.v1.`), listed in `keys`. Why not one key for everything:
//! an autosave then rewrites only the plan that changed (fast, and a quota failure affects
//! one write); one damaged value is set aside alone and the rest starts intact; the `storage`
//! event names the key, so another tab knows which plan changed; revisions are compared per
//! plan. Every value is a file envelope (a stored plan *is* a plan file), so storage goes
//! through the same staged reader and migrations as imports. `v1` is the version of the key
//! layout, separate from `schema_version` inside the values: a new layout would read `v1`
//! keys once and write `v2` keys, leaving the old ones as they were.

use std::fmt;

// Every storage key, in one place.
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
        if key == SETTINGS {
            return Some(StorageKey::Settings);
        }
        let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        if let Some(id) = key.strip_prefix(PLAN) {
            return non_empty(id).map(StorageKey::Plan);
        }
        if let Some(id) = key.strip_prefix(CATALOGUE) {
            return non_empty(id).map(StorageKey::Catalogue);
        }
        if let Some(id) = key.strip_prefix(BACKUPS) {
            return non_empty(id).map(StorageKey::Backups);
        }
        if let Some(rest) = key.strip_prefix(QUARANTINE) {
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
            StorageKey::Settings => f.write_str(SETTINGS),
            StorageKey::Plan(id) => write!(f, "{}{id}", PLAN),
            StorageKey::Catalogue(id) => write!(f, "{}{id}", CATALOGUE),
            StorageKey::Backups(id) => write!(f, "{}{id}", BACKUPS),
            StorageKey::Quarantine(rest) => write!(f, "{}{rest}", QUARANTINE),
        }
    }
}
