//! Allocation of a fiscal year's budget (予算の範囲内) over a programme's applications, by
//! the programme's mode: 先着, 抽選, 審査順 or 按分 (DOMAIN.md §4). No city publishes a lottery
//! or pro-rata formula, so each is explicit here, and the result is recorded with everything
//! needed to re-derive it (`AllocationRecord::verify`).

use serde::{Deserialize, Serialize};

use super::money::TruncUnit;
use super::rng::{SplitMix64, shuffle};
use crate::domain::fiscal_year::FiscalYear;
use crate::domain::format::yen;

/// How applications are selected when they exceed the budget.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum SelectionMode {
    /// 先着: received order until the budget runs out.
    FirstCome { partial: PartialPolicy },
    /// 抽選 when the requests exceed the budget, else everyone (then 随時受付・先着).
    /// Candidates flagged `priority` (受注拡大: SEO対策) are drawn before the others.
    Lottery {
        partial: PartialPolicy,
        /// The flag input that marks 優先採択 (e.g. `seo`).
        #[serde(default)]
        priority_input: Option<String>,
    },
    /// 審査順: passed applications by rank; failed ones are not funded.
    Review { partial: PartialPolicy },
    /// 按分: when the requests exceed the budget, each is reduced to
    /// `requested × budget ÷ total requested`, truncated to `unit`.
    ProRata { unit: TruncUnit },
}

impl SelectionMode {
    pub fn label(&self) -> &'static str {
        match self {
            Self::FirstCome { .. } => "先着順",
            Self::Lottery { .. } => "抽選（予算額以上の申請があった場合）",
            Self::Review { .. } => "審査順",
            Self::ProRata { .. } => "按分",
        }
    }
}

/// What happens to the application the remaining budget covers only in part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "policy", rename_all = "snake_case")]
pub enum PartialPolicy {
    /// Award what remains, truncated to `unit` (減額して交付).
    Reduce { unit: TruncUnit },
    /// Not funded; later applications that fit are still funded.
    SkipToNext,
    /// Not funded, and neither is any later one (受付終了).
    Stop,
}

/// An application as the allocation sees it (a snapshot kept in the record).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub application_id: String,
    pub applicant: String,
    /// RFC 3339, as received.
    pub received_at: String,
    /// Seconds since 1970 UTC of `received_at` (for ordering).
    pub received_key: i64,
    /// 算定額 requested.
    pub requested: i64,
    #[serde(default)]
    pub priority: bool,
    /// Rank from the review (1 = best); `None` = did not pass.
    #[serde(default)]
    pub rank: Option<u32>,
    /// The score as shown (「38.33点」), for the record.
    #[serde(default)]
    pub score: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// 全額採択.
    Awarded,
    /// 減額採択.
    Reduced,
    /// 不採択（予算超過・合格点未満）.
    Unfunded,
}

impl Outcome {
    pub fn label(self) -> &'static str {
        match self {
            Self::Awarded => "採択",
            Self::Reduced => "減額採択",
            Self::Unfunded => "不採択",
        }
    }
}

/// One application's result, in allocation order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllocationLine {
    pub application_id: String,
    pub requested: i64,
    pub awarded: i64,
    pub outcome: Outcome,
    pub note: String,
}

/// A performed allocation, recorded so it can be shown later unchanged and re-derived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllocationRecord {
    pub program_id: String,
    pub fiscal_year: FiscalYear,
    pub budget: i64,
    pub mode: SelectionMode,
    /// The lottery seed, when a lottery was drawn.
    #[serde(default)]
    pub seed: Option<u64>,
    pub candidates: Vec<Candidate>,
    /// The order in which the budget was given out (for a lottery: the drawn order).
    pub order: Vec<String>,
    pub lines: Vec<AllocationLine>,
    pub total_awarded: i64,
    pub remaining: i64,
    /// RFC 3339.
    pub performed_at: String,
    /// How the order was decided, in words (抽選の有無、同点の扱い).
    pub method: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AllocationError {
    #[error("予算額が負です（{0}）。0円以上の予算額を設定してください。")]
    NegativeBudget(String),
    #[error("申請 {0} の算定額が負です。算定をやり直してください。")]
    NegativeRequest(String),
    #[error("申請 {0} が二重に含まれています。")]
    DuplicateCandidate(String),
    #[error("申請額の合計が扱える金額を超えました。算定額を確認してください。")]
    Overflow,
}

/// The parameters of an allocation (all of which the record keeps).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllocationRequest {
    pub program_id: String,
    pub fiscal_year: FiscalYear,
    pub budget: i64,
    pub mode: SelectionMode,
    /// Used only by 抽選; record it with the result (e.g. derived from the draw's date and time
    /// in front of witnesses).
    pub seed: u64,
    pub candidates: Vec<Candidate>,
    pub performed_at: String,
}

/// Allocates the budget; the record holds everything needed to re-derive the result.
pub fn allocate(request: AllocationRequest) -> Result<AllocationRecord, AllocationError> {
    let AllocationRequest {
        program_id,
        fiscal_year,
        budget,
        mode,
        seed,
        candidates,
        performed_at,
    } = request;
    if budget < 0 {
        return Err(AllocationError::NegativeBudget(yen(budget)));
    }
    for (i, c) in candidates.iter().enumerate() {
        if c.requested < 0 {
            return Err(AllocationError::NegativeRequest(c.application_id.clone()));
        }
        if candidates
            .iter()
            .skip(i + 1)
            .any(|d| d.application_id == c.application_id)
        {
            return Err(AllocationError::DuplicateCandidate(
                c.application_id.clone(),
            ));
        }
    }
    let demand = candidates
        .iter()
        .try_fold(0_i64, |acc, c| acc.checked_add(c.requested))
        .ok_or(AllocationError::Overflow)?;
    let mut by_received: Vec<&Candidate> = candidates.iter().collect();
    by_received.sort_by(|a, b| {
        a.received_key
            .cmp(&b.received_key)
            .then_with(|| a.application_id.cmp(&b.application_id))
    });

    let (order, used_seed, method): (Vec<&Candidate>, Option<u64>, String) = match &mode {
        SelectionMode::FirstCome { .. } => (
            by_received,
            None,
            "受付日時の早い順（同時刻は申請番号順）".into(),
        ),
        SelectionMode::ProRata { .. } => (by_received, None, "受付日時順に記載".into()),
        SelectionMode::Review { .. } => {
            let mut ranked: Vec<&Candidate> = by_received;
            // Unranked (failed) last; stable sort keeps received order among them.
            ranked.sort_by_key(|c| c.rank.unwrap_or(u32::MAX));
            (ranked, None, "審査の順位順（合格点未満は不採択）".into())
        }
        SelectionMode::Lottery { .. } if demand <= budget => (
            by_received,
            None,
            format!(
                "申請総額 {} が予算額 {} 以内のため抽選なし（全件採択）",
                yen(demand),
                yen(budget)
            ),
        ),
        SelectionMode::Lottery { .. } => {
            let mut rng = SplitMix64::new(seed);
            let mut first: Vec<&Candidate> =
                by_received.iter().copied().filter(|c| c.priority).collect();
            let mut rest: Vec<&Candidate> = by_received
                .iter()
                .copied()
                .filter(|c| !c.priority)
                .collect();
            shuffle(&mut first, &mut rng);
            shuffle(&mut rest, &mut rng);
            first.extend(rest);
            let method = format!(
                "抽選: 受付日時順に並べた申請を、優先採択の申請、その他の申請の順に SplitMix64（シード {seed}）による Fisher–Yates シャッフルで並べ替え、その順に予算を配分"
            );
            (first, Some(seed), method)
        }
    };

    let mut remaining = budget;
    let mut lines = Vec::with_capacity(order.len());
    let mut stopped = false;
    for c in &order {
        let line = |awarded: i64, outcome: Outcome, note: String| AllocationLine {
            application_id: c.application_id.clone(),
            requested: c.requested,
            awarded,
            outcome,
            note,
        };
        let partial = match &mode {
            SelectionMode::FirstCome { partial }
            | SelectionMode::Lottery { partial, .. }
            | SelectionMode::Review { partial } => *partial,
            SelectionMode::ProRata { unit } => {
                let awarded = if demand <= budget {
                    c.requested
                } else {
                    // requested × budget ÷ demand ≤ requested, and the sum ≤ budget (each floored).
                    let share =
                        i128::from(c.requested) * i128::from(budget) / i128::from(demand.max(1));
                    unit.truncate(i64::try_from(share).map_err(|_| AllocationError::Overflow)?)
                };
                remaining -= awarded;
                let (outcome, note) = if awarded == c.requested {
                    (Outcome::Awarded, "全額".to_owned())
                } else {
                    (
                        Outcome::Reduced,
                        format!(
                            "{} × 予算額 {} ÷ 申請総額 {}（{}）",
                            yen(c.requested),
                            yen(budget),
                            yen(demand),
                            unit.phrase()
                        ),
                    )
                };
                lines.push(line(awarded, outcome, note));
                continue;
            }
        };
        if matches!(mode, SelectionMode::Review { .. }) && c.rank.is_none() {
            lines.push(line(
                0,
                Outcome::Unfunded,
                "合格点に達していないため不採択".into(),
            ));
            continue;
        }
        if c.requested == 0 {
            lines.push(line(0, Outcome::Unfunded, "算定額が0円のため対象外".into()));
            continue;
        }
        if stopped {
            lines.push(line(
                0,
                Outcome::Unfunded,
                "予算残額がないため受付終了".into(),
            ));
            continue;
        }
        if c.requested <= remaining {
            remaining -= c.requested;
            lines.push(line(c.requested, Outcome::Awarded, "全額".into()));
            continue;
        }
        match partial {
            PartialPolicy::Reduce { unit } => {
                let awarded = unit.truncate(remaining);
                remaining -= awarded;
                stopped = true;
                let (outcome, note) = if awarded > 0 {
                    (
                        Outcome::Reduced,
                        format!("予算残額の範囲で減額（{}）", unit.phrase()),
                    )
                } else {
                    (Outcome::Unfunded, "予算残額がないため不採択".into())
                };
                lines.push(line(awarded, outcome, note));
            }
            PartialPolicy::SkipToNext => {
                lines.push(line(
                    0,
                    Outcome::Unfunded,
                    format!(
                        "予算残額 {} が算定額に満たないため不採択（次の申請へ）",
                        yen(remaining)
                    ),
                ));
            }
            PartialPolicy::Stop => {
                stopped = true;
                lines.push(line(
                    0,
                    Outcome::Unfunded,
                    format!(
                        "予算残額 {} が算定額に満たないため不採択（受付終了）",
                        yen(remaining)
                    ),
                ));
            }
        }
    }
    let order_ids = order.iter().map(|c| c.application_id.clone()).collect();
    Ok(AllocationRecord {
        program_id,
        fiscal_year,
        budget,
        mode,
        seed: used_seed,
        order: order_ids,
        total_awarded: budget - remaining,
        remaining,
        lines,
        candidates,
        performed_at,
        method,
    })
}

impl AllocationRecord {
    /// Re-derives the allocation from the record's own parameters; true when it matches.
    pub fn verify(&self) -> bool {
        let request = AllocationRequest {
            program_id: self.program_id.clone(),
            fiscal_year: self.fiscal_year,
            budget: self.budget,
            mode: self.mode.clone(),
            seed: self.seed.unwrap_or(0),
            candidates: self.candidates.clone(),
            performed_at: self.performed_at.clone(),
        };
        allocate(request).is_ok_and(|again| &again == self)
    }
}
