//! Schema migrations: numbered steps on `serde_json::Value`, one function each (STYLE.md,
//! after tldraw's migrations and Excalidraw's `restore`).
//!
//! Version 1 is the schema that shipped first, so [`MIGRATIONS`] is empty today. When the
//! schema changes:
//! 1. bump [`SCHEMA_VERSION`] to N+1;
//! 2. add one [`Migration`] per format whose `data` changed, `from: N`, with a function
//!    `fn(Value) -> Result<Value, MigrationError>` that upgrades the `data` part of the file;
//! 3. add `tests/fixtures/file/migrations/<format>/<N>-before.json` and `<N>-after.json`.
//!
//! `tests/file_migrate.rs` fails until every format has a step from every version below
//! [`SCHEMA_VERSION`] and every step has its two fixtures, and it runs each step on its
//! fixture. Formats whose shape did not change get an identity step (`keep`), so the rule
//! "one step per version per format" has no exceptions to remember.

use serde_json::Value;

use super::FileKind;
use crate::domain::envelope::SCHEMA_VERSION;

/// Upgrades the `data` of one format from version `from` to `from + 1`.
pub type Step = fn(Value) -> Result<Value, MigrationError>;

/// One numbered step.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// The `format` it applies to (`shinko-plan` …).
    pub format: &'static str,
    /// Upgrades `from` → `from + 1`.
    pub from: u32,
    /// What changed, for whoever reads the code and the error message.
    pub name: &'static str,
    pub step: Step,
}

/// Every step this build knows, per format, in any order.
pub const MIGRATIONS: &[Migration] = &[];

/// The identity step, for a format whose `data` did not change in a version.
pub fn keep(value: Value) -> Result<Value, MigrationError> {
    Ok(value)
}

/// Why a file could not be brought up to the current schema.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MigrationError {
    /// No step from this version (a gap in the registry, or a version that never existed,
    /// such as 0).
    #[error(
        "schema_version {from} の「{format}」ファイルを現在の形式（{target}）に変換する手順がありません。ファイルが壊れているか、Shinko の不具合です。元のファイルを残したまま、作成した人か担当者に知らせてください。"
    )]
    NoStep {
        format: String,
        from: u32,
        target: u32,
    },
    /// A step found data it cannot upgrade.
    #[error(
        "ファイルを版 {from} から版 {} に変換できませんでした（{step}: {reason}）。元のファイルは変更していません。作成した人に確認してください。", .from + 1
    )]
    StepFailed {
        from: u32,
        step: String,
        reason: String,
    },
}

impl MigrationError {
    /// For a step function: the data has a shape the step cannot upgrade.
    pub fn step_failed(from: u32, step: &str, reason: impl Into<String>) -> Self {
        MigrationError::StepFailed {
            from,
            step: step.to_owned(),
            reason: reason.into(),
        }
    }
}

/// Upgrades `data` of `format` from `version` to [`SCHEMA_VERSION`] with [`MIGRATIONS`].
pub fn migrate(format: &str, version: u32, data: Value) -> Result<Value, MigrationError> {
    migrate_with(MIGRATIONS, SCHEMA_VERSION, format, version, data)
}

/// Upgrades with an explicit registry and target, so tests can show the mechanism with a
/// synthetic step before the first real one exists.
pub fn migrate_with(
    registry: &[Migration],
    target: u32,
    format: &str,
    version: u32,
    mut data: Value,
) -> Result<Value, MigrationError> {
    let mut at = version;
    while at < target {
        let step = registry
            .iter()
            .find(|m| m.format == format && m.from == at)
            .ok_or_else(|| MigrationError::NoStep {
                format: format.to_owned(),
                from: at,
                target,
            })?;
        data = (step.step)(data)?;
        at += 1;
    }
    Ok(data)
}

/// Every (format, from) step [`MIGRATIONS`] must hold for this build: each format, each
/// version from 1 below [`SCHEMA_VERSION`]. The test harness checks this list.
pub fn required_steps() -> Vec<(&'static str, u32)> {
    FileKind::ALL
        .iter()
        .flat_map(|k| (1..SCHEMA_VERSION).map(move |v| (k.format(), v)))
        .chain(
            crate::domain::workspace::STORED_FORMATS
                .iter()
                .flat_map(|f| (1..SCHEMA_VERSION).map(move |v| (*f, v))),
        )
        .collect()
}
