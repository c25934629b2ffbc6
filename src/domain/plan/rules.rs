//! Rating rules, stored in the plan as data (DOMAIN §2): the formula, which target a year is
//! judged against, the bands and the summary a roll-up uses.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Everything that decides a rating. Stored in the plan file, so a colleague who opens it gets
/// the same results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RatingRules {
    /// The preset the rules were made from (`akiruno`, `sano` …), if any; edited rules keep it
    /// for reference.
    #[serde(default)]
    pub preset: Option<String>,
    /// Name shown to users: 「あきる野市方式（S/A/B/C）」.
    pub name: String,
    /// The formula and bands in words, as the UI shows them.
    #[serde(default)]
    pub description: String,
    pub formula: Formula,
    #[serde(default)]
    pub target_basis: TargetBasis,
    /// Bands from best to worst. A rate falls into the first band whose bound it meets; the
    /// last band must have no bound (it catches the rest).
    pub bands: Vec<Band>,
    /// The non-numeric statuses offered for manual rating (未評価 and 評価不能 are also set by
    /// the engine itself).
    #[serde(default = "RatingStatus::all")]
    pub statuses: Vec<RatingStatus>,
    /// How a node's KPIs are summarised in a roll-up. The distribution is always shown too.
    #[serde(default)]
    pub summary: SummaryMethod,
}

/// The formula a rate is computed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Formula {
    /// 達成率 = 実績 ÷ 目標 (減少 indicators: 目標 ÷ 実績).
    Achievement,
    /// 進捗率 = (実績 − 基準値) ÷ (目標 − 基準値); correct for both directions.
    Progress,
}

impl Formula {
    pub fn label(self) -> &'static str {
        match self {
            Formula::Achievement => "達成率",
            Formula::Progress => "進捗率",
        }
    }
}

/// Which target a year is judged against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetBasis {
    /// The year's own target (あきる野市 年間目標); in the final target's year, the final target
    /// when the year has none.
    #[default]
    YearTarget,
    /// A pro-rata interim target (多摩市): in year n of the plan (the first year is 1) the
    /// target is 基準値 + (最終目標 − 基準値) × n ÷ N, N counting the years from the plan's
    /// first year to the final target's year. 基準値 0 when none is recorded.
    ProRata,
}

/// What a band's bound is measured on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// 達成率 (実績 ÷ 目標; 減少: 目標 ÷ 実績).
    Achievement,
    /// 進捗率 ((実績 − 基準値) ÷ (目標 − 基準値)).
    Progress,
    /// 基準値比 (実績 ÷ 基準値; 減少: 基準値 ÷ 実績), for 長与町's baseline-relative grades.
    VersusBaseline,
}

impl Measure {
    pub fn label(self) -> &'static str {
        match self {
            Measure::Achievement => "達成率",
            Measure::Progress => "進捗率",
            Measure::VersusBaseline => "基準値比",
        }
    }
}

impl From<Formula> for Measure {
    fn from(f: Formula) -> Measure {
        match f {
            Formula::Achievement => Measure::Achievement,
            Formula::Progress => Measure::Progress,
        }
    }
}

/// A grade: label, symbol, lower bound, colour and score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Band {
    /// 「S」「A」「◎」「順調」「7」.
    pub label: String,
    /// What prints on paper (black-and-white safe); often the label itself.
    #[serde(default)]
    pub symbol: String,
    /// The lower bound; `None` for the last band, which takes every remaining rate.
    #[serde(default)]
    pub lower: Option<Bound>,
    /// CSS colour for the screen (never the only cue).
    #[serde(default)]
    pub colour: String,
    /// Score for a mean-score roll-up (e.g. A = 95, B = 80, C = 35).
    #[serde(default)]
    pub score: Decimal,
    /// The city's wording: 「目標値どおり：このまま業務を進めることにより…」.
    #[serde(default)]
    pub description: String,
}

/// A band's lower bound in percent; `inclusive` says whether exactly the bound is inside.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bound {
    pub percent: Decimal,
    pub inclusive: bool,
    /// Measured on something other than the rules' formula (長与町: 基準値比).
    #[serde(default)]
    pub measure: Option<Measure>,
}

/// Statuses that stand beside grades (DOMAIN §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RatingStatus {
    /// 未評価: no data yet.
    Unrated,
    /// 評価不能: the data does not allow a rate (zero target, target = baseline …).
    NotRatable,
    /// 未着手.
    NotStarted,
    /// 中止.
    Discontinued,
    /// 完了.
    Completed,
}

impl RatingStatus {
    pub const ALL: [RatingStatus; 5] = [
        RatingStatus::Unrated,
        RatingStatus::NotRatable,
        RatingStatus::NotStarted,
        RatingStatus::Discontinued,
        RatingStatus::Completed,
    ];

    pub fn all() -> Vec<RatingStatus> {
        Self::ALL.to_vec()
    }

    pub fn label(self) -> &'static str {
        match self {
            RatingStatus::Unrated => "未評価",
            RatingStatus::NotRatable => "評価不能",
            RatingStatus::NotStarted => "未着手",
            RatingStatus::Discontinued => "中止",
            RatingStatus::Completed => "完了",
        }
    }

    /// Reads 「未評価」 etc.
    pub fn from_label(label: &str) -> Option<RatingStatus> {
        Self::ALL.into_iter().find(|s| s.label() == label.trim())
    }

    /// Position in [`RatingStatus::ALL`], for per-status counters.
    pub fn position(self) -> usize {
        self as usize
    }
}

/// How a roll-up summarises its KPIs in one grade (DOMAIN §2 roll-up (a)/(b)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SummaryMethod {
    /// (a) The mean of the rates, mapped to the band whose bound it meets.
    #[default]
    MeanRate,
    /// (b) The mean of the band scores, mapped to the best band whose score it reaches.
    MeanScore,
    /// The mean of the band scores weighted by each KPI's weight.
    WeightedScore,
}

impl SummaryMethod {
    pub fn label(self) -> &'static str {
        match self {
            SummaryMethod::MeanRate => "平均達成率による評価",
            SummaryMethod::MeanScore => "評価点の平均による評価",
            SummaryMethod::WeightedScore => "重み付き評価点の平均による評価",
        }
    }
}

impl RatingRules {
    /// The band with this label.
    pub fn band_index(&self, label: &str) -> Option<usize> {
        self.bands.iter().position(|b| b.label == label)
    }

    /// The measure a bound is judged on.
    pub fn measure_of(&self, bound: &Bound) -> Measure {
        bound.measure.unwrap_or(self.formula.into())
    }

    /// The band's range in words, for explanations: 「120%以上」「50%超90%未満」「50%以下」.
    /// The upper end is the next better band's bound (exclusive when that bound is
    /// inclusive), when both are on the same measure.
    pub fn band_range_text(&self, index: usize) -> String {
        let Some(band) = self.bands.get(index) else {
            return String::new();
        };
        let measure_prefix = |b: &Bound| match b.measure {
            Some(m) if m != Measure::from(self.formula) => m.label(),
            _ => "",
        };
        let lower = band.lower.map(|b| {
            format!(
                "{}{}%{}",
                measure_prefix(&b),
                b.percent.normalize(),
                if b.inclusive { "以上" } else { "超" }
            )
        });
        let upper = index
            .checked_sub(1)
            .and_then(|i| self.bands.get(i))
            .and_then(|better| better.lower)
            .filter(|ub| match band.lower {
                Some(lb) => self.measure_of(&lb) == self.measure_of(ub),
                None => true,
            })
            .map(|ub| {
                format!(
                    "{}{}%{}",
                    if lower.is_some() {
                        ""
                    } else {
                        measure_prefix(&ub)
                    },
                    ub.percent.normalize(),
                    if ub.inclusive { "未満" } else { "以下" }
                )
            });
        match (lower, upper) {
            (Some(l), Some(u)) => format!("{l}{u}"),
            (Some(l), None) => l,
            (None, Some(u)) => u,
            (None, None) => String::new(),
        }
    }
}
