//! Writing files: the envelope, pretty-printed with two-space indents and a stable key order
//! (struct fields in declaration order, maps are `BTreeMap`s), ending in a newline, so two
//! versions of a plan diff line by line on the shared folder.

use serde::Serialize;

use super::FileKind;
use crate::domain::envelope::Envelope;
use crate::domain::plan::Plan;
use crate::domain::subsidy::Catalogue;
use crate::domain::workspace::{CatalogueEntry, Workspace};

/// A file ready for the browser to download or save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedFile {
    /// `厚木市産業マスタープラン_2026-11-22.shinko-plan.json`.
    pub file_name: String,
    /// UTF-8 JSON without a byte order mark.
    pub contents: String,
    pub mime_type: &'static str,
}

/// Why a file could not be written (only if serialization itself fails).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    #[error(
        "ファイルを作れませんでした（{0}）。Shinko の不具合です。データは変更していません。画面を閉じずに担当者に知らせてください。"
    )]
    Serialize(String),
}

/// `data` in its envelope as the file's text: pretty, stable, newline-terminated.
pub fn to_file_text<T: Serialize>(
    format: &str,
    exported_at: &str,
    data: &T,
) -> Result<String, ExportError> {
    let envelope = Envelope::new(format, exported_at, data);
    let mut text = serde_json::to_string_pretty(&envelope)
        .map_err(|e| ExportError::Serialize(e.to_string()))?;
    text.push('\n');
    Ok(text)
}

/// `data` in its envelope as a value for the browser's storage: compact JSON. Files are
/// pretty for people and diffs; a stored value is read only by the app, and whitespace
/// would triple its size (a 1,000-KPI plan: 1.9 M characters pretty, about 0.6 M compact),
/// costing quota and time on every start and every autosave.
pub fn to_stored_text<T: Serialize>(
    format: &str,
    saved_at: &str,
    data: &T,
) -> Result<String, ExportError> {
    let envelope = Envelope::new(format, saved_at, data);
    serde_json::to_string(&envelope).map_err(|e| ExportError::Serialize(e.to_string()))
}

fn exported(kind: FileKind, title: &str, exported_at: &str, contents: String) -> ExportedFile {
    ExportedFile {
        file_name: file_name(title, exported_at, kind),
        contents,
        mime_type: "application/json",
    }
}

/// A plan file, named after the plan's title and the export date.
pub fn export_plan(plan: &Plan, exported_at: &str) -> Result<ExportedFile, ExportError> {
    let text = to_file_text(FileKind::Plan.format(), exported_at, plan)?;
    let title = if plan.title.starts_with(&plan.municipality) {
        plan.title.clone()
    } else {
        format!("{}{}", plan.municipality, plan.title)
    };
    Ok(exported(FileKind::Plan, &title, exported_at, text))
}

/// A catalogue file, named after the municipality and department.
pub fn export_catalogue(
    catalogue: &Catalogue,
    exported_at: &str,
) -> Result<ExportedFile, ExportError> {
    let text = to_file_text(FileKind::Catalogue.format(), exported_at, catalogue)?;
    let title = format!("{}補助金カタログ", catalogue.municipality);
    Ok(exported(FileKind::Catalogue, &title, exported_at, text))
}

/// A catalogue entry of the workspace as a catalogue file (the entry's id and revision are
/// workspace bookkeeping and are not part of the shared file).
pub fn export_catalogue_entry(
    entry: &CatalogueEntry,
    exported_at: &str,
) -> Result<ExportedFile, ExportError> {
    export_catalogue(&entry.catalogue, exported_at)
}

/// The whole workspace (plans, catalogues, settings and backups) as one backup file.
pub fn export_workspace(
    workspace: &Workspace,
    exported_at: &str,
) -> Result<ExportedFile, ExportError> {
    let text = to_file_text(FileKind::Workspace.format(), exported_at, workspace)?;
    Ok(exported(
        FileKind::Workspace,
        "Shinkoバックアップ",
        exported_at,
        text,
    ))
}

/// Characters Windows refuses in file names, and control characters.
fn forbidden(c: char) -> bool {
    matches!(c, '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control()
}

/// Names Windows reserves whatever the extension.
const RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Longest title part, in characters: keeps the whole path under Windows' 260-character
/// limit on a deep 共有フォルダ.
const MAX_TITLE_CHARS: usize = 60;

/// `<title>_<YYYY-MM-DD><extension>`, safe on Windows: forbidden characters become `_`,
/// whitespace runs become one `_`, no leading or trailing dots or spaces, reserved device
/// names avoided, at most 60 characters of title. The date is the first ten characters of
/// `date_or_time` (an RFC 3339 time or a date) when they look like a date.
pub fn file_name(title: &str, date_or_time: &str, kind: FileKind) -> String {
    let mut cleaned = String::new();
    let mut last_sep = false;
    for c in title.chars() {
        let sep = forbidden(c) || c.is_whitespace();
        if sep {
            if !last_sep && !cleaned.is_empty() {
                cleaned.push('_');
            }
        } else {
            cleaned.push(c);
        }
        last_sep = sep;
    }
    let mut cleaned: String = cleaned.chars().take(MAX_TITLE_CHARS).collect();
    while cleaned.ends_with(['_', '.', ' ']) {
        cleaned.pop();
    }
    let cleaned = cleaned.trim_start_matches(['.', '_']).to_owned();
    let mut base = if cleaned.is_empty() {
        "Shinko".to_owned()
    } else {
        cleaned
    };
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(&base)) {
        base.push('_');
    }
    let date: String = date_or_time.chars().take(10).collect();
    let is_date = date.len() == 10
        && date.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    if is_date {
        format!("{base}_{date}{}", kind.extension())
    } else {
        format!("{base}{}", kind.extension())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_windows_safe() {
        assert_eq!(
            file_name(
                "厚木市産業マスタープラン",
                "2026-11-22T09:30:00+09:00",
                FileKind::Plan
            ),
            "厚木市産業マスタープラン_2026-11-22.shinko-plan.json"
        );
        assert_eq!(
            file_name(
                r#" a\b/c:d*e?f"g<h>i|j  k. "#,
                "2026-01-02",
                FileKind::Catalogue
            ),
            "a_b_c_d_e_f_g_h_i_j_k_2026-01-02.shinko-subsidy-catalogue.json"
        );
        assert_eq!(
            file_name("", "", FileKind::Workspace),
            "Shinko.shinko-workspace.json"
        );
        assert_eq!(
            file_name("con", "x", FileKind::Plan),
            "con_.shinko-plan.json"
        );
        assert_eq!(
            file_name("...", "2026-1-2", FileKind::Plan),
            "Shinko.shinko-plan.json"
        );
    }
}
