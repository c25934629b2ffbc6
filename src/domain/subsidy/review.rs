//! 審査: criteria with weights and scales, several reviewers averaged, 加点 items, a pass
//! mark and a ranking with a stated tie-break (綾瀬市 中小企業強靭化推進補助金: 独自性・将来性・
//! 事業効果・波及性・社会的価値, 加点 for 認証・BCP・脱炭素; seed 004 p.1 and 「認証制度等の取得の推進」).

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// How a programme's applications are reviewed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewScheme {
    pub criteria: Vec<Criterion>,
    #[serde(default)]
    pub bonuses: Vec<BonusItem>,
    /// An application passes when its total (average + 加点) is at least this.
    pub pass_mark: u32,
    pub tie_break: TieBreak,
    /// Where the weights and pass mark come from, or that they are the city's to confirm.
    #[serde(default)]
    pub note: String,
}

/// A criterion scored `0..=max` by each reviewer, counted `weight` times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    pub id: String,
    pub label: String,
    pub weight: u32,
    pub max: u32,
}

/// A 加点 item: points added once when the application qualifies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BonusItem {
    pub id: String,
    pub label: String,
    pub points: u32,
}

/// The order of applications with equal totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum TieBreak {
    /// The earlier received first (then the application id).
    ReceivedOrder,
    /// The higher average on one criterion first, then the earlier received.
    Criterion { id: String },
}

/// The reviewers' scores and the 加点 items granted, for one application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewSheet {
    pub reviewers: Vec<ReviewerScores>,
    /// Ids of the 加点 items that apply.
    #[serde(default)]
    pub bonuses: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewerScores {
    pub reviewer: String,
    /// Score per criterion id.
    pub scores: BTreeMap<String, u32>,
}

/// An exact score `num / den` (an average over reviewers), compared without rounding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    pub num: i64,
    pub den: i64,
}

impl Score {
    /// 「38.33点」: two decimals, truncated (for display only; comparisons are exact).
    pub fn display(self) -> String {
        let hundredths = i128::from(self.num) * 100 / i128::from(self.den.max(1));
        format!("{}.{:02}点", hundredths / 100, hundredths % 100)
    }
}

impl Ord for Score {
    fn cmp(&self, other: &Self) -> Ordering {
        (i128::from(self.num) * i128::from(other.den))
            .cmp(&(i128::from(other.num) * i128::from(self.den)))
    }
}

impl PartialOrd for Score {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The review result of one application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewResult {
    /// Average over reviewers of Σ weight × score.
    pub average: Score,
    pub bonus: u32,
    /// average + bonus.
    pub total: Score,
    pub passed: bool,
    /// Explanation lines: each criterion's average, each 加点, the total against the pass mark.
    pub lines: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReviewError {
    #[error("審査員がいません。少なくとも1人の採点を入力してください。")]
    NoReviewers,
    #[error("審査員「{reviewer}」の「{criterion}」の点数がありません。")]
    MissingScore { reviewer: String, criterion: String },
    #[error("審査員「{reviewer}」の「{criterion}」の点数 {score} が満点 {max} を超えています。")]
    ScoreAboveMax {
        reviewer: String,
        criterion: String,
        score: u32,
        max: u32,
    },
    #[error("審査項目「{0}」はこの制度にありません。")]
    UnknownCriterion(String),
    #[error("加点項目「{0}」はこの制度にありません。")]
    UnknownBonus(String),
}

impl ReviewScheme {
    /// Scores one application: per reviewer Σ weight × score, averaged exactly, plus 加点.
    pub fn score(&self, sheet: &ReviewSheet) -> Result<ReviewResult, ReviewError> {
        let n = i64::try_from(sheet.reviewers.len()).unwrap_or(i64::MAX);
        if n == 0 {
            return Err(ReviewError::NoReviewers);
        }
        let mut sum = 0_i64;
        let mut lines = Vec::new();
        for reviewer in &sheet.reviewers {
            if let Some(id) = reviewer
                .scores
                .keys()
                .find(|id| !self.criteria.iter().any(|c| &c.id == *id))
            {
                return Err(ReviewError::UnknownCriterion(id.clone()));
            }
        }
        for c in &self.criteria {
            let mut criterion_sum = 0_i64;
            for reviewer in &sheet.reviewers {
                let score =
                    *reviewer
                        .scores
                        .get(&c.id)
                        .ok_or_else(|| ReviewError::MissingScore {
                            reviewer: reviewer.reviewer.clone(),
                            criterion: c.label.clone(),
                        })?;
                if score > c.max {
                    return Err(ReviewError::ScoreAboveMax {
                        reviewer: reviewer.reviewer.clone(),
                        criterion: c.label.clone(),
                        score,
                        max: c.max,
                    });
                }
                criterion_sum = criterion_sum
                    .saturating_add(i64::from(score).saturating_mul(i64::from(c.weight)));
            }
            sum = sum.saturating_add(criterion_sum);
            let avg = Score {
                num: criterion_sum,
                den: n,
            };
            lines.push(format!(
                "{}（満点{}×重み{}）: 審査員{}人の平均 {}",
                c.label,
                c.max,
                c.weight,
                n,
                avg.display()
            ));
        }
        let mut bonus = 0_u32;
        for id in &sheet.bonuses {
            let item = self
                .bonuses
                .iter()
                .find(|b| &b.id == id)
                .ok_or_else(|| ReviewError::UnknownBonus(id.clone()))?;
            bonus = bonus.saturating_add(item.points);
            lines.push(format!("加点: {} +{}点", item.label, item.points));
        }
        let average = Score { num: sum, den: n };
        let total = Score {
            num: sum.saturating_add(i64::from(bonus).saturating_mul(n)),
            den: n,
        };
        let passed = total
            >= Score {
                num: i64::from(self.pass_mark),
                den: 1,
            };
        lines.push(format!(
            "合計 {}（平均 {} + 加点 {}点）、合格点 {}点 {}",
            total.display(),
            average.display(),
            bonus,
            self.pass_mark,
            if passed { "以上" } else { "未満" }
        ));
        Ok(ReviewResult {
            average,
            bonus,
            total,
            passed,
            lines,
        })
    }

    fn criterion_average(&self, sheet: &ReviewSheet, id: &str) -> Score {
        let n = i64::try_from(sheet.reviewers.len()).unwrap_or(1).max(1);
        let weight = self
            .criteria
            .iter()
            .find(|c| c.id == id)
            .map_or(1, |c| i64::from(c.weight));
        let sum: i64 = sheet
            .reviewers
            .iter()
            .filter_map(|r| r.scores.get(id))
            .map(|s| i64::from(*s) * weight)
            .sum();
        Score { num: sum, den: n }
    }

    /// Ranks entries `(id, received key, sheet)`: higher total first, then the tie-break,
    /// then the earlier received, then the id (so the ranking is a total order).
    pub fn rank<'a>(
        &self,
        entries: &[(&'a str, i64, &ReviewSheet)],
    ) -> Result<Vec<Ranked<'a>>, ReviewError> {
        let mut scored = entries
            .iter()
            .map(|(id, key, sheet)| Ok((*id, *key, *sheet, self.score(sheet)?)))
            .collect::<Result<Vec<_>, ReviewError>>()?;
        scored.sort_by(|a, b| {
            b.3.total
                .cmp(&a.3.total)
                .then_with(|| match &self.tie_break {
                    TieBreak::ReceivedOrder => Ordering::Equal,
                    TieBreak::Criterion { id } => self
                        .criterion_average(b.2, id)
                        .cmp(&self.criterion_average(a.2, id)),
                })
                .then_with(|| a.1.cmp(&b.1))
                .then_with(|| a.0.cmp(b.0))
        });
        Ok(scored
            .into_iter()
            .enumerate()
            .map(|(i, (id, _, _, result))| Ranked {
                id,
                rank: u32::try_from(i + 1).unwrap_or(u32::MAX),
                result,
            })
            .collect())
    }

    /// The tie-break in words, for the record.
    pub fn tie_break_text(&self) -> String {
        match &self.tie_break {
            TieBreak::ReceivedOrder => "同点の場合は受付日時の早い順（同時刻は申請番号順）".into(),
            TieBreak::Criterion { id } => {
                let label = self
                    .criteria
                    .iter()
                    .find(|c| &c.id == id)
                    .map_or(id.as_str(), |c| c.label.as_str());
                format!(
                    "同点の場合は「{label}」の平均点の高い順、次に受付日時の早い順（同時刻は申請番号順）"
                )
            }
        }
    }
}

/// One ranked application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked<'a> {
    pub id: &'a str,
    pub rank: u32,
    pub result: ReviewResult,
}
