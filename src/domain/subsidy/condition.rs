//! Eligibility conditions (要件): 下限額, 人数・月数の上限, 企業規模ごとの投下資本額の下限.
//! A failed condition is a reason, not an error: the applicant is told exactly why.

use super::context::Eval;
use super::error::CalcError;
use super::input::show_value;
use super::model::{Condition, InputValue, Test};
use crate::domain::format::group_digits;

/// Checks each condition in order; returns (met, unmet) as sentences with the values.
pub(crate) fn check_conditions<'c>(
    eval: &Eval<'_>,
    conditions: impl Iterator<Item = &'c Condition>,
) -> Result<(Vec<String>, Vec<String>), CalcError> {
    let mut met = Vec::new();
    let mut unmet = Vec::new();
    for condition in conditions {
        if let Some(when) = &condition.when {
            let def = eval.def(&when.input)?;
            if eval.values.get(&when.input) != Some(&when.equals) {
                continue;
            }
            // Say which case applied, so a 大企業 / 中小企業 threshold is not a mystery.
            let case = format!("（{}: {}）", def.label, show_value(def, &when.equals));
            let (ok, text) = check(eval, condition)?;
            push(
                ok,
                format!("{}{case}: {text}", condition.label),
                &mut met,
                &mut unmet,
            );
        } else {
            let (ok, text) = check(eval, condition)?;
            push(
                ok,
                format!("{}: {text}", condition.label),
                &mut met,
                &mut unmet,
            );
        }
    }
    Ok((met, unmet))
}

fn push(ok: bool, text: String, met: &mut Vec<String>, unmet: &mut Vec<String>) {
    if ok {
        met.push(format!("{text}（○）"));
    } else {
        unmet.push(text);
    }
}

fn check(eval: &Eval<'_>, condition: &Condition) -> Result<(bool, String), CalcError> {
    let show = |id: &str, v: i64| -> Result<String, CalcError> {
        Ok(show_value(eval.def(id)?, &InputValue::Int(v)))
    };
    Ok(match &condition.test {
        Test::AtLeast { input, value } => {
            let v = eval.int(input)?;
            let label = &eval.def(input)?.label;
            if v >= *value {
                (
                    true,
                    format!(
                        "{label} {} は {} 以上",
                        show(input, v)?,
                        show(input, *value)?
                    ),
                )
            } else {
                (
                    false,
                    format!(
                        "{label} {} が {} に達していないため対象外です",
                        show(input, v)?,
                        show(input, *value)?
                    ),
                )
            }
        }
        Test::AtMost { input, value } => {
            let v = eval.int(input)?;
            let label = &eval.def(input)?.label;
            if v <= *value {
                (
                    true,
                    format!(
                        "{label} {} は {} 以内",
                        show(input, v)?,
                        show(input, *value)?
                    ),
                )
            } else {
                (
                    false,
                    format!(
                        "{label} {} が {} を超えているため対象外です",
                        show(input, v)?,
                        show(input, *value)?
                    ),
                )
            }
        }
        Test::AtMostInput { input, other } => {
            let (a, b) = (eval.int(input)?, eval.int(other)?);
            let (la, lb) = (&eval.def(input)?.label, &eval.def(other)?.label);
            if a <= b {
                (
                    true,
                    format!("{la} {} は {lb} {} 以内", show(input, a)?, show(other, b)?),
                )
            } else {
                (
                    false,
                    format!(
                        "{la} {} が {lb} {} を超えています。入力を確認してください",
                        show(input, a)?,
                        show(other, b)?
                    ),
                )
            }
        }
        Test::IsTrue { input } | Test::IsFalse { input } => {
            let label = &eval.def(input)?.label;
            let want = matches!(condition.test, Test::IsTrue { .. });
            match eval.values.get(input) {
                Some(InputValue::Flag(v)) if *v == want => {
                    (true, format!("{label}: {}", yes_no(*v)))
                }
                Some(InputValue::Flag(v)) => (
                    false,
                    format!("{label} が「{}」のため対象外です", yes_no(*v)),
                ),
                _ => {
                    return Err(CalcError::CatalogueDefect {
                        detail: format!(
                            "要件が はい／いいえ でない入力項目「{input}」を参照しています"
                        ),
                    });
                }
            }
        }
        Test::ItemsAtMost { input, value } => {
            let label = &eval.def(input)?.label;
            let n = match eval.values.get(input) {
                Some(InputValue::List(items)) => items.len(),
                _ => {
                    return Err(CalcError::CatalogueDefect {
                        detail: format!(
                            "要件が一覧でない入力項目「{input}」の件数を参照しています"
                        ),
                    });
                }
            };
            let n = i64::try_from(n).unwrap_or(i64::MAX);
            if n <= *value {
                (
                    true,
                    format!(
                        "{label} {}件 は {}件 以内",
                        group_digits(n.into()),
                        group_digits((*value).into())
                    ),
                )
            } else {
                (
                    false,
                    format!(
                        "{label} が {}件 で、{}件 を超えているため対象外です",
                        group_digits(n.into()),
                        group_digits((*value).into())
                    ),
                )
            }
        }
    })
}

fn yes_no(v: bool) -> &'static str {
    if v { "はい" } else { "いいえ" }
}
