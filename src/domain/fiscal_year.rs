//! Fiscal years (年度, 4/1–3/31) and their era labels.

use serde::{Deserialize, Serialize};

/// A fiscal year by its western number: FY2024 = 令和6年度. Stored as the integer only;
/// every era label is derived from it, never stored beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FiscalYear(pub u16);
