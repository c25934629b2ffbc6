//! 成果指標 (KPI): what is measured, how, and the per-year values (DOMAIN §2).

use std::collections::BTreeMap;

use compact_str::CompactString;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::rules::RatingStatus;
use crate::domain::fiscal_year::FiscalYear;

/// One indicator. Values are exact decimals, stored as strings in the file.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Kpi {
    /// Unique within the plan.
    pub id: String,
    /// 指標名 as printed: 「参加者数」「魅力化実施店舗数」.
    pub name: String,
    /// 単位: 件, 人, 店, 部, %, 回, 講座, 千円 …
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub kind: KpiKind,
    #[serde(default)]
    pub direction: Direction,
    /// 計画策定時 / 現状値 / 基準値 / 実績値 (あきる野市: 令和3年度).
    #[serde(default)]
    pub baseline: Option<Baseline>,
    /// 目標 and 実績 per fiscal year, each optional, plus a note and a manual rating.
    #[serde(default)]
    pub years: BTreeMap<FiscalYear, KpiYear>,
    /// 目標値 at the end (平塚市: 2027年度 1,046人).
    #[serde(default)]
    pub final_target: Option<FinalTarget>,
    /// Footnotes as printed (平塚市: 「共同研究・協働・人材育成等のこと。」).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub footnotes: Vec<String>,
    /// Weight in a weighted roll-up; 1 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<Decimal>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

/// 年間 / 累計 / 時点 (DOMAIN §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KpiKind {
    /// 【年間】: each year stands alone.
    #[default]
    Annual,
    /// 【累計】: the value entered for a year is the running total since the plan began.
    /// Rated as entered, never summed.
    Cumulative,
    /// 時点: a snapshot (a % on a date).
    Snapshot,
}

impl KpiKind {
    pub fn label(self) -> &'static str {
        match self {
            KpiKind::Annual => "年間",
            KpiKind::Cumulative => "累計",
            KpiKind::Snapshot => "時点",
        }
    }
}

/// 増加 (higher is better), 減少 (lower is better: 空き店舗数), 維持 (within a tolerance).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    #[default]
    Increase,
    Decrease,
    /// Achieved while |実績 − 目標| ≤ 目標 × `tolerance_percent` / 100.
    Maintain {
        tolerance_percent: Decimal,
    },
}

impl Direction {
    pub fn label(self) -> &'static str {
        match self {
            Direction::Increase => "増加",
            Direction::Decrease => "減少",
            Direction::Maintain { .. } => "維持",
        }
    }
}

/// The starting value a plan measures progress from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Baseline {
    pub value: Decimal,
    /// The year of the value, when printed (厚木市: 令和5年度). 平塚市 prints only 「計画策定時」.
    #[serde(default)]
    pub fiscal_year: Option<FiscalYear>,
    /// The heading as printed: 「計画策定時」「現状値」「基準値」「実績値」.
    #[serde(default)]
    pub label: String,
}

/// The final target (目標値) and its year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinalTarget {
    pub value: Decimal,
    pub fiscal_year: FiscalYear,
}

/// One fiscal year of a KPI.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct KpiYear {
    /// 年間目標 / 目標.
    #[serde(default)]
    pub target: Option<Decimal>,
    /// 実績.
    #[serde(default)]
    pub actual: Option<Decimal>,
    /// A note for the year (why a result is low, where the figure came from).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// A rating set by hand, which overrides the computed one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manual: Option<ManualRating>,
}

impl KpiYear {
    pub fn is_empty(&self) -> bool {
        self.target.is_none()
            && self.actual.is_none()
            && self.note.is_empty()
            && self.manual.is_none()
    }
}

/// A rating set by hand, with its required reason (e.g. 「事業中止のため」).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManualRating {
    pub verdict: Verdict,
    pub reason: String,
}

/// A band (by label) or a non-numeric status.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// A band's label, stored inline when short (every label of the presets is), so making
    /// a rating does not allocate.
    Band(CompactString),
    Status(RatingStatus),
}

impl Kpi {
    /// A KPI with an id, name and unit, 年間 / 増加, nothing entered.
    pub fn new(id: impl Into<String>, name: impl Into<String>, unit: impl Into<String>) -> Self {
        Kpi {
            id: id.into(),
            name: name.into(),
            unit: unit.into(),
            ..Kpi::default()
        }
    }

    pub fn year(&self, fy: FiscalYear) -> Option<&KpiYear> {
        self.years.get(&fy)
    }

    pub fn target(&self, fy: FiscalYear) -> Option<Decimal> {
        self.years.get(&fy).and_then(|y| y.target)
    }

    pub fn actual(&self, fy: FiscalYear) -> Option<Decimal> {
        self.years.get(&fy).and_then(|y| y.actual)
    }

    /// The weight in a weighted roll-up (1 by default).
    pub fn weight(&self) -> Decimal {
        self.weight.unwrap_or(Decimal::ONE)
    }
}
