//! The calculator: a pure function from a programme, a course and input values to the
//! amount with every step written out in Japanese, as a 起案 must justify it (issue 4).

use serde::{Deserialize, Serialize};

use super::condition::check_conditions;
use super::context::Eval;
pub use super::error::CalcError;
use super::input::resolve_inputs;
use super::model::{Course, Expr, InputKind, InputValue, Inputs, SubsidyProgram};
use super::money;
use crate::domain::format::{group_digits, yen};

/// The result of a calculation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calculation {
    pub program_id: String,
    pub course_id: String,
    /// All conditions met. When false, `amount` is 0 and `reasons` says why.
    pub eligible: bool,
    /// The amount in yen (算定額).
    pub amount: i64,
    /// Each step with its value: 「補助対象経費（税抜）7,654,321円 × 2/3 = 5,102,880円（円未満切捨て）」.
    pub steps: Vec<Step>,
    /// Every unmet condition, in the catalogue's order.
    pub reasons: Vec<String>,
    /// The conditions that were met, for the 起案 (「要件: … ○」).
    pub checks: Vec<String>,
}

/// One step of a calculation: the sentence and the value it yields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub text: String,
    pub value: i64,
}

/// Picks the course: the one named, or the only one when the programme has a single course.
pub fn select_course<'a>(
    program: &'a SubsidyProgram,
    course: Option<&str>,
) -> Result<&'a Course, CalcError> {
    let available = || {
        program
            .courses
            .iter()
            .map(|c| format!("{}（{}）", c.id, c.name))
            .collect::<Vec<_>>()
            .join("、")
    };
    match course {
        Some(id) => program.course(id).ok_or_else(|| CalcError::UnknownCourse {
            program: program.name.clone(),
            course: id.to_owned(),
            available: available(),
        }),
        None => match program.courses.as_slice() {
            [only] => Ok(only),
            _ => Err(CalcError::CourseRequired {
                program: program.name.clone(),
                available: available(),
            }),
        },
    }
}

/// Computes the amount for `inputs` under `program` / `course`: the conditions first (every
/// failed one becomes a reason), then the course's formula, recording each step.
pub fn calculate(
    program: &SubsidyProgram,
    course: Option<&str>,
    inputs: &Inputs,
) -> Result<Calculation, CalcError> {
    let course = select_course(program, course)?;
    let values = resolve_inputs(program, course, inputs)?;
    let eval = Eval {
        program,
        course,
        values: &values,
    };
    let (checks, reasons) =
        check_conditions(&eval, program.conditions.iter().chain(&course.conditions))?;
    let mut steps = Vec::new();
    let amount = if reasons.is_empty() {
        let amount = eval.eval(&course.formula, &mut steps)?;
        if amount < 0 {
            return Err(CalcError::NegativeDifference {
                label: "算定額".into(),
                value: yen(amount),
            });
        }
        amount
    } else {
        0
    };
    Ok(Calculation {
        program_id: program.id.clone(),
        course_id: course.id.clone(),
        eligible: reasons.is_empty(),
        amount,
        steps,
        reasons,
        checks,
    })
}

impl Eval<'_> {
    /// 「団体参画企業数 4社」.
    fn count_text(&self, id: &str, n: i64) -> Result<String, CalcError> {
        let def = self.def(id)?;
        Ok(lv(
            &def.label,
            format!("{}{}", group_digits(i128::from(n)), def.unit()),
        ))
    }

    fn label(&self, expr: &Expr) -> String {
        match expr {
            Expr::Input { input } => self
                .def(input)
                .map_or_else(|_| input.clone(), |d| d.label.clone()),
            Expr::Difference { label, .. }
            | Expr::ListSum { label, .. }
            | Expr::Rate { label, .. }
            | Expr::PerUnit { label, .. }
            | Expr::Times { label, .. }
            | Expr::Sum { label, .. } => label.clone(),
            Expr::Cap { of, .. } | Expr::Truncate { of, .. } => self.label(of),
        }
    }

    pub(crate) fn eval(&self, expr: &Expr, steps: &mut Vec<Step>) -> Result<i64, CalcError> {
        match expr {
            Expr::Input { input } => {
                let def = self.def(input)?;
                if !matches!(def.kind, InputKind::Yen { .. }) {
                    return Err(CalcError::CatalogueDefect {
                        detail: format!(
                            "計算式が金額でない入力項目「{input}」を金額として参照しています"
                        ),
                    });
                }
                self.int(input)
            }
            Expr::Difference { label, of, minus } => {
                let mut value = self.eval(of, steps)?;
                let mut text = format!("{label} = {}", lv(&self.label(of), yen(value)));
                for m in minus {
                    let v = self.eval(m, steps)?;
                    value = money::sub(value, v)?;
                    text.push_str(&format!(" − {}", lv(&self.label(m), yen(v))));
                }
                if value < 0 {
                    return Err(CalcError::NegativeDifference {
                        label: label.clone(),
                        value: yen(value),
                    });
                }
                Ok(push(steps, format!("{text} = {}", yen(value)), value))
            }
            Expr::ListSum {
                input,
                label,
                item_cap,
            } => {
                let items = match self.values.get(input) {
                    Some(InputValue::List(items)) => items,
                    _ => {
                        return Err(CalcError::CatalogueDefect {
                            detail: format!(
                                "計算式が一覧でない入力項目「{input}」を一覧として参照しています"
                            ),
                        });
                    }
                };
                let mut total = 0_i64;
                let mut terms = Vec::new();
                for &item in items {
                    let counted = item_cap.map_or(item, |cap| item.min(cap));
                    total = money::add(total, counted)?;
                    terms.push(if counted < item {
                        format!(
                            "{}（{}のうち{}まで算入）",
                            yen(counted),
                            yen(item),
                            yen(counted)
                        )
                    } else {
                        yen(counted)
                    });
                }
                let text = if terms.is_empty() {
                    format!("{label}: 該当なし = 0円")
                } else {
                    format!("{label}: {} = {}", terms.join(" + "), yen(total))
                };
                Ok(push(steps, text, total))
            }
            Expr::Rate { label: _, of, rate } => {
                let base = self.eval(of, steps)?;
                let (value, cut) = rate.apply(base)?;
                let note = if cut { "（円未満切捨て）" } else { "" };
                Ok(push(
                    steps,
                    format!(
                        "{} × {rate} = {}{note}",
                        lv(&self.label(of), yen(base)),
                        yen(value)
                    ),
                    value,
                ))
            }
            Expr::PerUnit {
                label,
                amount,
                count,
            } => {
                let n = self.int(count)?;
                let value = money::mul(*amount, n)?;
                let def = self.def(count)?;
                let text = format!(
                    "{} × {}{} = {}",
                    lv(label, yen(*amount)),
                    group_digits(i128::from(n)),
                    def.unit(),
                    yen(value)
                );
                Ok(push(steps, text, value))
            }
            Expr::Times {
                label: _,
                of,
                count,
            } => {
                let base = self.eval(of, steps)?;
                let n = self.int(count)?;
                let value = money::mul(base, n)?;
                let text = format!(
                    "{} × {} = {}",
                    lv(&self.label(of), yen(base)),
                    self.count_text(count, n)?,
                    yen(value)
                );
                Ok(push(steps, text, value))
            }
            Expr::Sum { label, parts } => {
                let mut total = 0_i64;
                let mut terms = Vec::new();
                for part in parts {
                    let v = self.eval(part, steps)?;
                    total = money::add(total, v)?;
                    terms.push(lv(&self.label(part), yen(v)));
                }
                Ok(push(
                    steps,
                    format!("{label} = {} = {}", terms.join(" + "), yen(total)),
                    total,
                ))
            }
            Expr::Cap {
                of,
                cap,
                scope,
                per,
                used,
            } => {
                let value = self.eval(of, steps)?;
                let mut limit = *cap;
                let mut text = format!("{} {}", scope.label(), yen(*cap));
                if let Some(per) = per {
                    let n = self.int(per)?;
                    limit = money::mul(limit, n)?;
                    text.push_str(&format!(" × {} = {}", self.count_text(per, n)?, yen(limit)));
                }
                if let Some(used) = used {
                    let u = self.int(used)?;
                    limit = money::sub(limit, u)?.max(0);
                    text.push_str(&format!(
                        " − {} = {}",
                        lv(&self.def(used)?.label, yen(u)),
                        yen(limit)
                    ));
                }
                let capped = value.min(limit);
                let note = if capped < value {
                    "（上限額を適用）"
                } else {
                    ""
                };
                Ok(push(
                    steps,
                    format!("{text} 以内 → {}{note}", yen(capped)),
                    capped,
                ))
            }
            Expr::Truncate { of, unit } => {
                let value = self.eval(of, steps)?;
                let truncated = unit.truncate(value);
                Ok(push(
                    steps,
                    format!("{} → {}", unit.phrase(), yen(truncated)),
                    truncated,
                ))
            }
        }
    }
}

/// A label and its value: 「補助対象経費（税抜）7,654,321円」, 「団体参画企業数 4社」.
fn lv(label: &str, value: String) -> String {
    if label.ends_with('）') {
        format!("{label}{value}")
    } else {
        format!("{label} {value}")
    }
}

fn push(steps: &mut Vec<Step>, text: String, value: i64) -> i64 {
    steps.push(Step { text, value });
    value
}

/// Applies the course's formula to the actual cost of a result report (額の確定) with the
/// same inputs; the final amount is `min(decided, this)` (DOMAIN.md §4).
pub fn final_amount(
    program: &SubsidyProgram,
    course: Option<&str>,
    actual_inputs: &Inputs,
    decided: i64,
) -> Result<(i64, Calculation), CalcError> {
    let calc = calculate(program, course, actual_inputs)?;
    Ok((decided.min(calc.amount), calc))
}
