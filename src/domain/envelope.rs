//! The self-describing envelope every Shinko file carries (after Excalidraw's
//! `{type, version, source, …}` and tldraw's `{tldrawFileFormatVersion, schema, records}`).

use serde::{Deserialize, Serialize};

/// `format` of a file holding one plan.
pub const PLAN_FORMAT: &str = "shinko-plan";
/// `format` of a file holding a subsidy catalogue with its applications.
pub const CATALOGUE_FORMAT: &str = "shinko-subsidy-catalogue";
/// `format` of a file holding the whole workspace (a backup).
pub const WORKSPACE_FORMAT: &str = "shinko-workspace";
/// The schema version this build writes. Older files are migrated up to it on import.
pub const SCHEMA_VERSION: u32 = 1;

/// A file: what it is, which schema and app wrote it, when, then the data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    pub format: String,
    pub schema_version: u32,
    pub app_version: String,
    /// RFC 3339 time of the export, e.g. `2026-11-22T09:30:00+09:00`.
    pub exported_at: String,
    pub data: T,
}

impl<T> Envelope<T> {
    pub fn new(format: &str, exported_at: impl Into<String>, data: T) -> Self {
        Self {
            format: format.to_owned(),
            schema_version: SCHEMA_VERSION,
            app_version: crate::APP_VERSION.to_owned(),
            exported_at: exported_at.into(),
            data,
        }
    }
}
