//! The write guard between tabs, and what another tab's change means for this one.

use std::fmt;

use serde::de::DeserializeOwned;

use super::compare::PlanDiff;
use super::keys::CATALOGUE_ENTRY_FORMAT;
use super::model::{CatalogueEntry, CatalogueSummary, PlanSummary};
use crate::domain::envelope::PLAN_FORMAT;
use crate::domain::file::import::{ImportError, restore};
use crate::domain::plan::Plan;

/// Something the browser keeps and writes with a revision: a plan or a catalogue entry.
pub trait Stored: DeserializeOwned + Sized {
    type Summary: fmt::Display + Clone + PartialEq + fmt::Debug;
    const FORMAT: &'static str;
    fn revision(&self) -> u64;
    fn summary(&self) -> Self::Summary;
    /// What differs from `stored`, in one sentence for a conflict message (empty: nothing
    /// to say beyond the summaries).
    fn differences(&self, stored: &Self) -> String;
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
    fn differences(&self, stored: &Self) -> String {
        let diff = PlanDiff::between(stored, self);
        let mut text = format!("保存済みの版と比べたこのタブの版: {}", diff.counts());
        if !diff.examples.is_empty() {
            text.push_str(&format!("（{}）", diff.examples.join("、")));
        }
        text
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
    fn differences(&self, stored: &Self) -> String {
        let (a, b) = (&stored.catalogue, &self.catalogue);
        let programs = a
            .programs
            .iter()
            .filter(|p| !b.programs.contains(p))
            .count()
            + b.programs
                .iter()
                .filter(|p| !a.programs.iter().any(|q| q.id == p.id))
                .count();
        format!(
            "保存済みの版と比べたこのタブの版: 制度 {programs} 件、申請 {} 件と {} 件。",
            a.applications.len(),
            b.applications.len()
        )
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
        "別のタブかウィンドウで、より新しい版が保存されています。保存済み: {stored}。このタブ: {ours}（版 {base} から編集）。{differences}このまま保存するとあちらの変更が失われるため、保存していません。あちらの版を表示するか、このタブの版で上書きするか、このタブの版を別の計画として保存してください。"
    )]
    NewerStored {
        ours: S,
        base: u64,
        stored: S,
        differences: String,
    },
    #[error(
        "別のタブかウィンドウで同じIDのデータが作られています: {stored}。このタブ: {ours}。{differences}上書きせずに止めました。どちらを残すか選んでください。"
    )]
    CreatedElsewhere {
        ours: S,
        stored: S,
        differences: String,
    },
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
            differences: ours.differences(&stored),
        }),
        Some(base) if stored.revision() > base => Err(Conflict::NewerStored {
            ours: ours.summary(),
            base,
            stored: stored.summary(),
            differences: ours.differences(&stored),
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
                differences: ours.differences(&theirs),
            },
            None => Conflict::CreatedElsewhere {
                ours: ours.summary(),
                stored: theirs.summary(),
                differences: ours.differences(&theirs),
            },
        })
    } else {
        ExternalChange::Adopt(theirs)
    }
}

/// Why a plan or catalogue was not deleted. Nothing was removed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RemoveRefused {
    #[error(
        "別のタブかウィンドウで、この画面が読み込んだ後に保存された版があるため、削除していません（保存済み: {stored}）。ページを再読み込みして新しい版を確かめてから、もう一度削除してください。"
    )]
    ChangedElsewhere { stored: String },
    #[error(
        "保存済みのデータが読めないか、新しい版の Shinko で保存されているため、削除していません（{reason}）。データ管理で内容を確かめてください。"
    )]
    Unreadable { reason: String },
}

/// The write guard for a delete: may this tab remove the value stored under a plan's or
/// catalogue's key now? Only the version this tab last read or wrote (`base`) may go; a
/// value that is newer, written by another tab since, unreadable, or too new for this
/// build stays where it is. Nothing stored (already removed) is fine.
pub fn check_remove<T: Stored>(
    stored: Option<&str>,
    base: Option<u64>,
) -> Result<(), RemoveRefused> {
    let Some(raw) = stored else {
        return Ok(());
    };
    let stored = read_stored::<T>(raw).map_err(|e| RemoveRefused::Unreadable {
        reason: e.to_string(),
    })?;
    match base {
        Some(base) if stored.revision() <= base => Ok(()),
        _ => Err(RemoveRefused::ChangedElsewhere {
            stored: stored.summary().to_string(),
        }),
    }
}
