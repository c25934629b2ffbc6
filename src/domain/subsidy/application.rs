//! Applications (申請) and their life: 申請 → 審査中 → 交付決定 / 不交付 / 取下げ → 実績報告
//! → 確定 (額の確定 = min(交付決定額, the rule applied to the actual cost), DOMAIN.md §4).
//! Every change appends to the history, which is never rewritten.

use serde::{Deserialize, Serialize};

use super::calc::{CalcError, calculate, select_course};
use super::model::{Inputs, SubsidyProgram};
use super::review::ReviewSheet;
use crate::domain::format::yen;

/// The status of an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 申請.
    Applied,
    /// 審査中.
    UnderReview,
    /// 交付決定.
    Decided,
    /// 不交付.
    Rejected,
    /// 取下げ.
    Withdrawn,
    /// 実績報告.
    Reported,
    /// 確定.
    Settled,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Self::Applied => "申請",
            Self::UnderReview => "審査中",
            Self::Decided => "交付決定",
            Self::Rejected => "不交付",
            Self::Withdrawn => "取下げ",
            Self::Reported => "実績報告",
            Self::Settled => "確定",
        }
    }
}

/// Who applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applicant {
    /// 「株式会社綾瀬精工」.
    pub name: String,
    #[serde(default)]
    pub address: String,
}

/// One entry of the history: when, the status after the change, and what happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// RFC 3339.
    pub at: String,
    pub status: Status,
    pub note: String,
}

/// An application to one programme and course.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    pub id: String,
    pub applicant: Applicant,
    pub program_id: String,
    pub course_id: String,
    /// Received date and time (RFC 3339 with offset, `2022-04-04T09:15:00+09:00`): the 先着 order.
    pub received_at: String,
    pub inputs: Inputs,
    /// The rule applied to the application's inputs (算定額).
    pub computed_amount: i64,
    /// 交付決定額.
    #[serde(default)]
    pub decided_amount: Option<i64>,
    /// The inputs of the result report (実績報告), with the actual cost.
    #[serde(default)]
    pub actual_inputs: Option<Inputs>,
    /// 確定額.
    #[serde(default)]
    pub final_amount: Option<i64>,
    pub status: Status,
    #[serde(default)]
    pub review: Option<ReviewSheet>,
    pub history: Vec<HistoryEntry>,
}

/// Why an application operation was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ApplicationError {
    #[error("申請 {id} は「{from}」のため「{action}」できません。")]
    Transition {
        id: String,
        from: &'static str,
        action: &'static str,
    },
    #[error("申請 {id} の算定額に誤りがあります: {source}")]
    Calc {
        id: String,
        #[source]
        source: CalcError,
    },
    #[error("申請 {id} は要件を満たしていないため交付決定できません: {reasons}")]
    NotEligible { id: String, reasons: String },
    #[error(
        "交付決定額 {decided} が算定額 {computed} を超えています。算定額以内で決定してください。"
    )]
    AboveComputed { decided: String, computed: String },
    #[error("交付決定額が負です（{0}）。0円以上で入力してください。")]
    NegativeDecision(String),
    #[error("申請 {id} は制度「{program}」の申請ではありません。")]
    WrongProgram { id: String, program: String },
    #[error("受付日時「{0}」を読めません。「2022-04-04T09:15:00+09:00」の形式で入力してください。")]
    BadTime(String),
}

impl Application {
    /// Receives an application: computes the amount under the rule and records 申請.
    pub fn receive(
        id: impl Into<String>,
        applicant: Applicant,
        program: &SubsidyProgram,
        course: Option<&str>,
        received_at: impl Into<String>,
        inputs: Inputs,
    ) -> Result<Self, ApplicationError> {
        let id = id.into();
        let received_at = received_at.into();
        time_key(&received_at)?;
        let calc_err = |source| ApplicationError::Calc {
            id: id.clone(),
            source,
        };
        let course_id = select_course(program, course).map_err(calc_err)?.id.clone();
        let calc = calculate(program, Some(&course_id), &inputs).map_err(calc_err)?;
        let note = if calc.eligible {
            format!("申請受付（算定額 {}）", yen(calc.amount))
        } else {
            format!(
                "申請受付（要件を満たしていません: {}）",
                calc.reasons.join("／")
            )
        };
        Ok(Self {
            history: vec![HistoryEntry {
                at: received_at.clone(),
                status: Status::Applied,
                note,
            }],
            id,
            applicant,
            program_id: program.id.clone(),
            course_id,
            received_at,
            inputs,
            computed_amount: calc.amount,
            decided_amount: None,
            actual_inputs: None,
            final_amount: None,
            status: Status::Applied,
            review: None,
        })
    }

    /// The instant it was received, as seconds since 1970 (UTC), for 先着 ordering.
    pub fn received_key(&self) -> Result<i64, ApplicationError> {
        time_key(&self.received_at)
    }

    fn transition(
        &mut self,
        allowed: &[Status],
        action: &'static str,
        to: Status,
        at: &str,
        note: String,
    ) -> Result<(), ApplicationError> {
        if !allowed.contains(&self.status) {
            return Err(ApplicationError::Transition {
                id: self.id.clone(),
                from: self.status.label(),
                action,
            });
        }
        time_key(at)?;
        self.status = to;
        self.history.push(HistoryEntry {
            at: at.to_owned(),
            status: to,
            note,
        });
        Ok(())
    }

    /// 申請 → 審査中.
    pub fn start_review(&mut self, at: &str) -> Result<(), ApplicationError> {
        self.transition(
            &[Status::Applied],
            "審査開始",
            Status::UnderReview,
            at,
            "審査開始".into(),
        )
    }

    /// 交付決定: at most the computed amount (a 按分 or 先着 reduction may lower it).
    pub fn decide(
        &mut self,
        program: &SubsidyProgram,
        amount: i64,
        at: &str,
    ) -> Result<(), ApplicationError> {
        self.check_program(program)?;
        if amount < 0 {
            return Err(ApplicationError::NegativeDecision(yen(amount)));
        }
        let calc = calculate(program, Some(&self.course_id), &self.inputs).map_err(|source| {
            ApplicationError::Calc {
                id: self.id.clone(),
                source,
            }
        })?;
        if !calc.eligible {
            return Err(ApplicationError::NotEligible {
                id: self.id.clone(),
                reasons: calc.reasons.join("／"),
            });
        }
        if amount > calc.amount {
            return Err(ApplicationError::AboveComputed {
                decided: yen(amount),
                computed: yen(calc.amount),
            });
        }
        let note = if amount < calc.amount {
            format!(
                "交付決定 {}（算定額 {} から減額）",
                yen(amount),
                yen(calc.amount)
            )
        } else {
            format!("交付決定 {}", yen(amount))
        };
        self.transition(
            &[Status::Applied, Status::UnderReview],
            "交付決定",
            Status::Decided,
            at,
            note,
        )?;
        self.decided_amount = Some(amount);
        Ok(())
    }

    /// 不交付決定.
    pub fn reject(&mut self, at: &str, reason: &str) -> Result<(), ApplicationError> {
        let note = format!("不交付決定: {reason}");
        self.transition(
            &[Status::Applied, Status::UnderReview],
            "不交付決定",
            Status::Rejected,
            at,
            note,
        )
    }

    /// 取下げ (before the result report).
    pub fn withdraw(&mut self, at: &str, reason: &str) -> Result<(), ApplicationError> {
        let note = format!("取下げ: {reason}");
        let allowed = [Status::Applied, Status::UnderReview, Status::Decided];
        self.transition(&allowed, "取下げ", Status::Withdrawn, at, note)
    }

    /// 実績報告: the same inputs with the actual cost; checked against the rule now so a
    /// mistyped report is caught at entry.
    pub fn report(
        &mut self,
        program: &SubsidyProgram,
        actual: Inputs,
        at: &str,
    ) -> Result<(), ApplicationError> {
        self.check_program(program)?;
        let calc = calculate(program, Some(&self.course_id), &actual).map_err(|source| {
            ApplicationError::Calc {
                id: self.id.clone(),
                source,
            }
        })?;
        let note = format!("実績報告受理（実績による算定額 {}）", yen(calc.amount));
        self.transition(&[Status::Decided], "実績報告", Status::Reported, at, note)?;
        self.actual_inputs = Some(actual);
        Ok(())
    }

    /// 額の確定: `min(交付決定額, the rule applied to the actual inputs)`.
    pub fn settle(&mut self, program: &SubsidyProgram, at: &str) -> Result<i64, ApplicationError> {
        self.check_program(program)?;
        let (Some(decided), Some(actual)) = (self.decided_amount, self.actual_inputs.as_ref())
        else {
            return Err(ApplicationError::Transition {
                id: self.id.clone(),
                from: self.status.label(),
                action: "額の確定",
            });
        };
        let calc = calculate(program, Some(&self.course_id), actual).map_err(|source| {
            ApplicationError::Calc {
                id: self.id.clone(),
                source,
            }
        })?;
        let final_amount = decided.min(calc.amount);
        let note = format!(
            "額の確定 {}（交付決定額 {} と実績による算定額 {} の少ない方）",
            yen(final_amount),
            yen(decided),
            yen(calc.amount)
        );
        self.transition(&[Status::Reported], "額の確定", Status::Settled, at, note)?;
        self.final_amount = Some(final_amount);
        Ok(final_amount)
    }

    fn check_program(&self, program: &SubsidyProgram) -> Result<(), ApplicationError> {
        if program.id == self.program_id {
            Ok(())
        } else {
            Err(ApplicationError::WrongProgram {
                id: self.id.clone(),
                program: program.name.clone(),
            })
        }
    }
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)` to seconds since 1970-01-01 UTC, so
/// times written with different offsets still order correctly.
pub fn time_key(text: &str) -> Result<i64, ApplicationError> {
    let bad = || ApplicationError::BadTime(text.to_owned());
    let b = text.as_bytes();
    if b.len() < 20
        || b.get(4) != Some(&b'-')
        || b.get(7) != Some(&b'-')
        || !matches!(b.get(10), Some(b'T' | b't' | b' '))
        || b.get(13) != Some(&b':')
        || b.get(16) != Some(&b':')
    {
        return Err(bad());
    }
    let num = |from: usize, to: usize| -> Result<i64, ApplicationError> {
        text.get(from..to)
            .filter(|s| s.bytes().all(|c| c.is_ascii_digit()))
            .and_then(|s| s.parse().ok())
            .ok_or_else(bad)
    };
    let (y, mo, d, h, mi, s) = (
        num(0, 4)?,
        num(5, 7)?,
        num(8, 10)?,
        num(11, 13)?,
        num(14, 16)?,
        num(17, 19)?,
    );
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return Err(bad());
    }
    let mut rest = text.get(19..).ok_or_else(bad)?;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        rest = frac.get(digits..).ok_or_else(bad)?;
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first() {
                Some(b'+') => 1,
                Some(b'-') => -1,
                _ => return Err(bad()),
            };
            if rest.len() != 6 || rest.as_bytes().get(3) != Some(&b':') {
                return Err(bad());
            }
            let oh: i64 = rest
                .get(1..3)
                .and_then(|s| s.parse().ok())
                .ok_or_else(bad)?;
            let om: i64 = rest
                .get(4..6)
                .and_then(|s| s.parse().ok())
                .ok_or_else(bad)?;
            sign * (oh * 3600 + om * 60)
        }
    };
    Ok(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s - offset)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_keys_order_across_offsets() {
        assert_eq!(time_key("1970-01-01T00:00:00Z").unwrap(), 0);
        assert_eq!(time_key("1970-01-01T09:00:00+09:00").unwrap(), 0);
        assert_eq!(
            time_key("2022-04-04T09:15:00.250+09:00").unwrap(),
            1_649_031_300
        );
        assert!(
            time_key("2022-04-04T09:15:00+09:00").unwrap()
                < time_key("2022-04-04T01:00:00Z").unwrap()
        );
        for bad in [
            "",
            "2022-04-04",
            "2022-13-01T00:00:00Z",
            "2022-04-04T09:15:00+0900",
            "令和4年4月4日",
        ] {
            assert!(time_key(bad).is_err(), "{bad}");
        }
    }
}
