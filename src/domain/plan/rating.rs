//! The rating engine: one KPI in one fiscal year → a band or a status, with its explanation
//! (「実績 17 ÷ 目標 45 = 37.8% → C（50%以下）」).
//!
//! Rules (DOMAIN §2): 達成率 = 実績 ÷ 目標, for 減少 目標 ÷ 実績; 進捗率 = (実績 − 基準値) ÷
//! (目標 − 基準値) for both directions; 維持 is achieved (100%) within its tolerance; 累計
//! values are rated as entered, never summed; a missing 実績 is 未評価; a zero target or a
//! target equal to the baseline is 評価不能 with the reason. Band decisions are exact (see
//! [`super::ratio`]).

use compact_str::CompactString;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use super::kpi::{Direction, Kpi, Verdict};
use super::model::Period;
use super::ratio::{self, ArithError, Ratio};
use super::rules::{Measure, RatingRules, RatingStatus, TargetBasis};
use crate::domain::fiscal_year::{FiscalYear, YearStyle};
use crate::domain::format::{self, NegativeStyle};

/// Whether a rating writes its explanation. Every screen that shows ratings explains them;
/// a grid of a large plan rates thousands of KPI-years at start to sum them up, shows a few
/// dozen, and explains those as it draws them ([`Words::Skip`] there leaves
/// [`Rating::explanation`] empty, except for a 評価不能 reason).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Words {
    #[default]
    Explain,
    Skip,
}

/// `format!` when explaining, an empty string when not.
macro_rules! words {
    ($w:expr, $($arg:tt)*) => {
        if $w == Words::Explain { format!($($arg)*) } else { String::new() }
    };
}

/// A rate: a finite exact fraction, or unbounded (a 減少 indicator that reached 0 against a
/// positive target: better than any bound).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Rate {
    Finite(#[serde(skip)] Ratio),
    Infinite,
}

impl Rate {
    fn meets(&self, percent: Decimal, inclusive: bool) -> Result<bool, ArithError> {
        match self {
            Rate::Infinite => Ok(true),
            Rate::Finite(r) => {
                let ord = r.cmp_percent(percent)?;
                Ok(ord.is_gt() || (inclusive && ord.is_eq()))
            }
        }
    }

    /// The exact fraction, when finite.
    pub fn ratio(&self) -> Option<Ratio> {
        match self {
            Rate::Finite(r) => Some(*r),
            Rate::Infinite => None,
        }
    }
}

/// The rating of one KPI in one fiscal year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rating {
    pub fiscal_year: FiscalYear,
    /// The band (by label) or status.
    pub verdict: Verdict,
    /// Index into the rules' bands when the verdict is a known band.
    pub band_index: Option<usize>,
    /// The target judged against (a pro-rata target rounded to 2 decimals for display).
    pub target: Option<Decimal>,
    pub actual: Option<Decimal>,
    /// The exact rate on the rules' formula.
    #[serde(skip)]
    pub rate: Option<Rate>,
    /// The rate in percent, rounded half up to one decimal (display only: bands are decided
    /// on the exact rate).
    pub percent: Option<Decimal>,
    /// How the verdict was reached, in Japanese.
    pub explanation: String,
    /// Set by hand ([`super::kpi::ManualRating`]).
    pub manual: bool,
}

impl Rating {
    /// The band label or the status label: 「A」, 「未評価」.
    pub fn label(&self) -> &str {
        match &self.verdict {
            Verdict::Band(label) => label,
            Verdict::Status(s) => s.label(),
        }
    }

    fn status(fy: FiscalYear, status: RatingStatus, explanation: String) -> Rating {
        Rating {
            fiscal_year: fy,
            verdict: Verdict::Status(status),
            band_index: None,
            target: None,
            actual: None,
            rate: None,
            percent: None,
            explanation,
            manual: false,
        }
    }
}

/// The target a year is judged against, as an exact fraction `num / den` (den > 0).
struct Target {
    num: Decimal,
    den: Decimal,
    shown: Decimal,
    /// 「目標」 or 「按分目標」.
    word: &'static str,
    /// How a pro-rata target was derived, or empty.
    derivation: String,
}

fn num(v: Decimal) -> String {
    format::decimal(&v, NegativeStyle::Minus)
}

/// Why a year has no target to rate against. The words are made only when a rating shows
/// them ([`TargetProblem::message`]): an unrated year asks only for the target's number.
enum TargetProblem {
    /// The final target's year is before the period starts (pro rata).
    FinalBeforeStart(FiscalYear),
    /// The year is before the period (pro rata).
    BeforePeriod,
    Arith(ArithError),
    /// No target for the year.
    Missing(FiscalYear),
}

impl TargetProblem {
    fn message(&self, style: YearStyle) -> String {
        match self {
            TargetProblem::FinalBeforeStart(fy) => format!(
                "最終目標の年度（{}）が計画期間の開始より前のため按分目標を計算できません",
                fy.label(style)
            ),
            TargetProblem::BeforePeriod => {
                "計画期間より前の年度のため按分目標を計算できません".to_owned()
            }
            TargetProblem::Arith(e) => e.to_string(),
            TargetProblem::Missing(fy) => format!(
                "{}の目標値が未設定のため評価できません（目標値を入力してください）",
                fy.label(style)
            ),
        }
    }
}

fn resolve_target(
    rules: &RatingRules,
    period: &Period,
    kpi: &Kpi,
    fy: FiscalYear,
    words: Words,
) -> Result<Target, TargetProblem> {
    let year_target = kpi.target(fy).or_else(|| {
        kpi.final_target
            .filter(|f| f.fiscal_year == fy)
            .map(|f| f.value)
    });
    let plain = |v: Decimal| Target {
        num: v,
        den: Decimal::ONE,
        shown: v,
        word: "目標",
        derivation: String::new(),
    };
    match (rules.target_basis, kpi.final_target) {
        (TargetBasis::ProRata, Some(fin)) => {
            let n = i32::from(fy.0) - i32::from(period.first.0) + 1;
            let total = i32::from(fin.fiscal_year.0) - i32::from(period.first.0) + 1;
            if total <= 0 {
                return Err(TargetProblem::FinalBeforeStart(fin.fiscal_year));
            }
            if n <= 0 {
                return Err(TargetProblem::BeforePeriod);
            }
            if n >= total {
                return Ok(plain(fin.value));
            }
            let base = kpi.baseline.as_ref().map_or(Decimal::ZERO, |b| b.value);
            let big_n = Decimal::from(total);
            let small_n = Decimal::from(n);
            let tnum = ratio::mul(base, big_n)
                .and_then(|bn| ratio::add(bn, ratio::mul(ratio::sub(fin.value, base)?, small_n)?))
                .map_err(TargetProblem::Arith)?;
            let shown = tnum
                .checked_div(big_n)
                .unwrap_or_default()
                .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
                .normalize();
            let base_text = if kpi.baseline.is_some() {
                "基準値"
            } else {
                "基準値(未入力のため0)"
            };
            Ok(Target {
                num: tnum,
                den: big_n,
                shown,
                word: "按分目標",
                derivation: words!(
                    words,
                    "按分目標 {} = {base_text} {} + (最終目標 {} − {base_text} {}) × {n}/{total}。",
                    num(shown),
                    num(base),
                    num(fin.value),
                    num(base)
                ),
            })
        }
        _ => year_target.map(plain).ok_or(TargetProblem::Missing(fy)),
    }
}

/// Computes one measure's rate and the words for it (without 「= x%」).
fn measure_rate(
    measure: Measure,
    kpi: &Kpi,
    actual: Decimal,
    t: &Target,
    words: Words,
) -> Result<(Rate, String), String> {
    let arith = |e: ArithError| e.to_string();
    let a_scaled = ratio::mul(actual, t.den).map_err(arith)?;
    if let Direction::Maintain { tolerance_percent } = kpi.direction {
        if !t.num.is_sign_positive() || t.num.is_zero() {
            return Err("目標が0以下のため維持の評価ができません".to_owned());
        }
        let dev = ratio::sub(a_scaled, t.num).map_err(arith)?.abs();
        let within = ratio::mul(dev, Decimal::ONE_HUNDRED).map_err(arith)?
            <= ratio::mul(t.num, tolerance_percent).map_err(arith)?;
        let head = words!(
            words,
            "維持（許容幅 ±{}%）: 実績 {} と{} {} の差",
            tolerance_percent.normalize(),
            num(actual),
            t.word,
            num(t.shown)
        );
        return if within {
            Ok((
                Rate::Finite(Ratio::one()),
                words!(words, "{head}が許容幅以内のため 100%"),
            ))
        } else {
            let r = Ratio::new(ratio::sub(t.num, dev).map_err(arith)?, t.num).map_err(arith)?;
            Ok((
                Rate::Finite(r),
                words!(
                    words,
                    "{head}が許容幅を超えるため ({} − 差) ÷ {}",
                    t.word,
                    t.word
                ),
            ))
        };
    }
    let decrease = kpi.direction == Direction::Decrease;
    let baseline = kpi.baseline.as_ref().map(|b| b.value);
    match measure {
        Measure::Achievement => {
            if !t.num.is_sign_positive() || t.num.is_zero() {
                return Err(format!("{}が0以下のため達成率を計算できません", t.word));
            }
            if decrease {
                let text = words!(
                    words,
                    "{} {} ÷ 実績 {}（減少指標）",
                    t.word,
                    num(t.shown),
                    num(actual)
                );
                if actual.is_zero() {
                    return Ok((Rate::Infinite, text));
                }
                if actual.is_sign_negative() {
                    return Err("減少指標の実績が負の値のため達成率を計算できません".to_owned());
                }
                let r = Ratio::new(t.num, a_scaled).map_err(arith)?;
                Ok((Rate::Finite(r), text))
            } else {
                let r = Ratio::new(a_scaled, t.num).map_err(arith)?;
                Ok((
                    Rate::Finite(r),
                    words!(words, "実績 {} ÷ {} {}", num(actual), t.word, num(t.shown)),
                ))
            }
        }
        Measure::Progress => {
            let b = baseline.ok_or("基準値が未入力のため進捗率を計算できません")?;
            let b_scaled = ratio::mul(b, t.den).map_err(arith)?;
            let top = ratio::sub(a_scaled, b_scaled).map_err(arith)?;
            let bottom = ratio::sub(t.num, b_scaled).map_err(arith)?;
            if bottom.is_zero() {
                return Err(format!(
                    "{}と基準値が同じ（{}）ため進捗率を計算できません",
                    t.word,
                    num(b)
                ));
            }
            let r = Ratio::new(top, bottom).map_err(arith)?;
            Ok((
                Rate::Finite(r),
                words!(
                    words,
                    "(実績 {} − 基準値 {}) ÷ ({} {} − 基準値 {})",
                    num(actual),
                    num(b),
                    t.word,
                    num(t.shown),
                    num(b)
                ),
            ))
        }
        Measure::VersusBaseline => {
            let b = baseline.ok_or("基準値が未入力のため基準値比を計算できません")?;
            if !b.is_sign_positive() || b.is_zero() {
                return Err("基準値が0以下のため基準値比を計算できません".to_owned());
            }
            if decrease {
                let text = words!(
                    words,
                    "基準値 {} ÷ 実績 {}（減少指標）",
                    num(b),
                    num(actual)
                );
                if actual.is_zero() {
                    return Ok((Rate::Infinite, text));
                }
                if actual.is_sign_negative() {
                    return Err("減少指標の実績が負の値のため基準値比を計算できません".to_owned());
                }
                Ok((Rate::Finite(Ratio::new(b, actual).map_err(arith)?), text))
            } else {
                let text = words!(words, "実績 {} ÷ 基準値 {}", num(actual), num(b));
                Ok((Rate::Finite(Ratio::new(actual, b).map_err(arith)?), text))
            }
        }
    }
}

fn percent_text(rate: &Rate, words: Words) -> Result<(Option<Decimal>, String), ArithError> {
    match rate {
        Rate::Infinite => Ok((None, words!(words, "∞（実績0）"))),
        Rate::Finite(r) => {
            let p = r.percent_half_up(1)?;
            Ok((Some(p), words!(words, "{}%", num_fixed(p))))
        }
    }
}

/// A percentage with exactly one decimal and commas: 「1,234.0」.
fn num_fixed(p: Decimal) -> String {
    let mut p = p;
    p.rescale(1);
    let text = format::decimal(&p, NegativeStyle::Minus);
    if text.contains('.') {
        text
    } else {
        format!("{text}.0")
    }
}

/// Rates one KPI in one fiscal year under the plan's rules. Never panics: every failure is a
/// status with its reason. A manual rating, when set, overrides the computed one and the
/// explanation keeps both.
pub fn rate_kpi_year(
    rules: &RatingRules,
    period: &Period,
    kpi: &Kpi,
    fy: FiscalYear,
    style: YearStyle,
) -> Rating {
    rate_kpi_year_with(rules, period, kpi, fy, style, Words::Explain)
}

/// [`rate_kpi_year`], explained or not: the verdict, band, values and rate are the same.
pub fn rate_kpi_year_with(
    rules: &RatingRules,
    period: &Period,
    kpi: &Kpi,
    fy: FiscalYear,
    style: YearStyle,
    words: Words,
) -> Rating {
    let computed = compute(rules, period, kpi, fy, style, words);
    let Some(manual) = kpi.year(fy).and_then(|y| y.manual.as_ref()) else {
        return computed;
    };
    let band_index = match &manual.verdict {
        Verdict::Band(label) => rules.band_index(label),
        Verdict::Status(_) => None,
    };
    let label = match &manual.verdict {
        Verdict::Band(l) => l.as_str(),
        Verdict::Status(s) => s.label(),
    };
    Rating {
        verdict: manual.verdict.clone(),
        band_index,
        explanation: words!(
            words,
            "手動評価 {label}（理由: {}）。自動計算では: {}",
            manual.reason,
            computed.explanation
        ),
        manual: true,
        ..computed
    }
}

fn compute(
    rules: &RatingRules,
    period: &Period,
    kpi: &Kpi,
    fy: FiscalYear,
    style: YearStyle,
    words: Words,
) -> Rating {
    let not_ratable = |reason: String| {
        Rating::status(fy, RatingStatus::NotRatable, format!("評価不能: {reason}"))
    };
    let Some(actual) = kpi.actual(fy) else {
        let mut r = Rating::status(
            fy,
            RatingStatus::Unrated,
            words!(words, "{}の実績が未入力のため未評価", fy.label(style)),
        );
        // Only the number is shown: no words for how it was derived.
        r.target = resolve_target(rules, period, kpi, fy, Words::Skip)
            .ok()
            .map(|t| t.shown);
        return r;
    };
    let target = match resolve_target(rules, period, kpi, fy, words) {
        Ok(t) => t,
        Err(problem) => {
            let mut r = not_ratable(problem.message(style));
            r.actual = Some(actual);
            return r;
        }
    };
    let with_values = |mut r: Rating| {
        r.actual = Some(actual);
        r.target = Some(target.shown);
        r
    };
    let primary_measure = Measure::from(rules.formula);
    let (primary, primary_words) = match measure_rate(primary_measure, kpi, actual, &target, words)
    {
        Ok(x) => x,
        Err(reason) => return with_values(not_ratable(reason)),
    };
    let (percent, primary_pct) = match percent_text(&primary, words) {
        Ok(x) => x,
        Err(e) => return with_values(not_ratable(e.to_string())),
    };
    let mut text = words!(
        words,
        "{}{primary_words} = {primary_pct}",
        target.derivation
    );
    // Other measures a band consults (長与町: 基準値比), each computed once.
    let mut others: Vec<(Measure, Rate)> = Vec::new();
    for (index, band) in rules.bands.iter().enumerate() {
        let met = match band.lower {
            None => true,
            Some(bound) => {
                let m = rules.measure_of(&bound);
                let rate = if m == primary_measure {
                    primary
                } else if let Some((_, r)) = others.iter().find(|(om, _)| *om == m) {
                    *r
                } else {
                    match measure_rate(m, kpi, actual, &target, words) {
                        Ok((r, measure_words)) => {
                            if words == Words::Explain {
                                let pct = percent_text(&r, words).map(|x| x.1).unwrap_or_default();
                                text.push_str(&format!("、{} {measure_words} = {pct}", m.label()));
                            }
                            others.push((m, r));
                            r
                        }
                        Err(reason) => return with_values(not_ratable(reason)),
                    }
                };
                match rate.meets(bound.percent, bound.inclusive) {
                    Ok(met) => met,
                    Err(e) => return with_values(not_ratable(e.to_string())),
                }
            }
        };
        if met {
            let tail = match words {
                Words::Skip => String::new(),
                Words::Explain => {
                    let range = rules.band_range_text(index);
                    if range.is_empty() {
                        String::new()
                    } else {
                        format!("（{range}）")
                    }
                }
            };
            return with_values(Rating {
                fiscal_year: fy,
                verdict: Verdict::Band(CompactString::from(band.label.as_str())),
                band_index: Some(index),
                target: None,
                actual: None,
                rate: Some(primary),
                percent,
                explanation: words!(words, "{text} → {}{tail}", band.label),
                manual: false,
            });
        }
    }
    with_values(not_ratable(format!(
        "{text} に当てはまる評価区分がありません（評価基準の最後の区分を下限なしにしてください）"
    )))
}
