//! Input values: reading what staff type (「7,654,321円」「500万」「はい」) and checking the
//! values against the programme's input definitions before anything is computed.

use std::collections::BTreeMap;

use super::error::CalcError;
use super::model::{Course, InputDef, InputKind, InputValue, Inputs, SubsidyProgram};
use crate::domain::format::{group_digits, yen};

/// Why typed text is not a value for an input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InputParseError {
    #[error("「{label}」の値「{text}」を数として読めません。{hint}")]
    NotANumber {
        label: String,
        text: String,
        hint: &'static str,
    },
    #[error("「{label}」の値「{text}」が大きすぎます。桁を確認してください。")]
    TooLarge { label: String, text: String },
    #[error("「{label}」は はい／いいえ で指定してください（「{text}」は読めません）。")]
    NotAFlag { label: String, text: String },
    #[error("「{label}」に「{text}」という選択肢はありません。選べるのは {options} です。")]
    NotAnOption {
        label: String,
        text: String,
        options: String,
    },
}

const NUMBER_HINT: &str = "「7654321」「7,654,321円」「500万」のように書いてください。";

/// Reads typed text as a value of `def`'s kind. Accepts full-width digits, digit-grouping
/// commas, a trailing 円 / 人 / unit, and 万・億 multipliers; list items are separated by
/// `;`, `、` or spaces (commas group digits).
pub fn parse_input(def: &InputDef, text: &str) -> Result<InputValue, InputParseError> {
    let text = normalize(text);
    match &def.kind {
        InputKind::Yen { .. } | InputKind::Count { .. } => {
            parse_number(def, &text).map(InputValue::Int)
        }
        InputKind::YenList { .. } => text
            .split([';', '、', ' '])
            .filter(|s| !s.is_empty())
            .map(|item| parse_number(def, item))
            .collect::<Result<Vec<_>, _>>()
            .map(InputValue::List),
        InputKind::Flag => match text.to_lowercase().as_str() {
            "true" | "yes" | "1" | "はい" | "あり" | "有" => Ok(InputValue::Flag(true)),
            "false" | "no" | "0" | "いいえ" | "なし" | "無" => Ok(InputValue::Flag(false)),
            _ => Err(InputParseError::NotAFlag {
                label: def.label.clone(),
                text,
            }),
        },
        InputKind::Choice { options } => options
            .iter()
            .find(|o| o.id == text || o.label == text)
            .map(|o| InputValue::Choice(o.id.clone()))
            .ok_or_else(|| InputParseError::NotAnOption {
                label: def.label.clone(),
                text,
                options: options
                    .iter()
                    .map(|o| format!("{}（{}）", o.id, o.label))
                    .collect::<Vec<_>>()
                    .join("、"),
            }),
    }
}

fn normalize(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => {
                char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or(c)
            }
            '，' => ',',
            '－' | '−' => '-',
            '；' => ';',
            '　' => ' ',
            other => other,
        })
        .collect()
}

fn parse_number(def: &InputDef, text: &str) -> Result<i64, InputParseError> {
    let not_a_number = || InputParseError::NotANumber {
        label: def.label.clone(),
        text: text.to_owned(),
        hint: NUMBER_HINT,
    };
    let mut body: &str = text.trim();
    for unit in ["円", def.unit()] {
        if !unit.is_empty() {
            body = body.strip_suffix(unit).unwrap_or(body).trim_end();
        }
    }
    let (body, multiplier) = if let Some(b) = body.strip_suffix('億') {
        (b, 100_000_000_i128)
    } else if let Some(b) = body.strip_suffix('万') {
        (b, 10_000_i128)
    } else {
        (body, 1_i128)
    };
    let digits: String = body.chars().filter(|c| *c != ',').collect();
    let (negative, digits) = match digits.strip_prefix('-') {
        Some(rest) => (true, rest.to_owned()),
        None => (false, digits),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(not_a_number());
    }
    let too_large = || InputParseError::TooLarge {
        label: def.label.clone(),
        text: text.to_owned(),
    };
    let magnitude = digits.parse::<i128>().map_err(|_| too_large())?;
    let value = magnitude.checked_mul(multiplier).ok_or_else(too_large)?;
    let value = if negative { -value } else { value };
    i64::try_from(value).map_err(|_| too_large())
}

/// Shows a value the way the steps print it: 「1,500,000円」「3人」「はい」.
pub fn show_value(def: &InputDef, value: &InputValue) -> String {
    match (value, &def.kind) {
        (InputValue::Int(v), InputKind::Yen { .. }) => yen(*v),
        (InputValue::Int(v), _) => format!("{}{}", group_digits(i128::from(*v)), def.unit()),
        (InputValue::Flag(true), _) => "はい".to_owned(),
        (InputValue::Flag(false), _) => "いいえ".to_owned(),
        (InputValue::Choice(id), InputKind::Choice { options }) => options
            .iter()
            .find(|o| &o.id == id)
            .map_or_else(|| id.clone(), |o| o.label.clone()),
        (InputValue::Choice(id), _) => id.clone(),
        (InputValue::List(items), _) => {
            items.iter().map(|v| yen(*v)).collect::<Vec<_>>().join("、")
        }
    }
}

/// Checks every given value and fills defaults: the values the calculation will use.
///
/// Errors (not reasons): an unknown input, a missing required one, a value of the wrong
/// kind, a negative amount or count, a value above the input's `max`.
pub fn resolve_inputs(
    program: &SubsidyProgram,
    course: &Course,
    given: &Inputs,
) -> Result<Inputs, CalcError> {
    for id in given.keys() {
        if program.input(course, id).is_none() {
            return Err(CalcError::UnknownInput {
                id: id.clone(),
                available: program
                    .inputs_for(course)
                    .map(|d| d.id.clone())
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
    }
    let mut resolved = BTreeMap::new();
    for def in program.inputs_for(course) {
        let value = match given.get(&def.id).or(def.default.as_ref()) {
            Some(v) => v.clone(),
            None if def.optional => continue,
            None => {
                return Err(CalcError::MissingInput {
                    id: def.id.clone(),
                    label: def.label.clone(),
                });
            }
        };
        check_value(def, &value)?;
        resolved.insert(def.id.clone(), value);
    }
    Ok(resolved)
}

/// Checks one value against its definition: kind, sign, `max`, known choice.
pub(super) fn check_value(def: &InputDef, value: &InputValue) -> Result<(), CalcError> {
    let wrong = |expected: &str| CalcError::WrongKind {
        label: def.label.clone(),
        expected: expected.to_owned(),
    };
    let check_int = |v: i64| {
        if v < 0 {
            return Err(CalcError::Negative {
                label: def.label.clone(),
                value: group_digits(i128::from(v)),
            });
        }
        if let Some(max) = def.max.filter(|m| v > *m) {
            return Err(CalcError::AboveMax {
                label: def.label.clone(),
                value: show_value(def, &InputValue::Int(v)),
                max: show_value(def, &InputValue::Int(max)),
            });
        }
        Ok(())
    };
    match (&def.kind, value) {
        (InputKind::Yen { .. } | InputKind::Count { .. }, InputValue::Int(v)) => check_int(*v),
        (InputKind::YenList { .. }, InputValue::List(items)) => {
            items.iter().try_for_each(|v| check_int(*v))
        }
        (InputKind::Flag, InputValue::Flag(_)) => Ok(()),
        (InputKind::Choice { options }, InputValue::Choice(id)) => {
            if options.iter().any(|o| &o.id == id) {
                Ok(())
            } else {
                Err(CalcError::UnknownChoice {
                    label: def.label.clone(),
                    value: id.clone(),
                    options: options
                        .iter()
                        .map(|o| o.id.clone())
                        .collect::<Vec<_>>()
                        .join(", "),
                })
            }
        }
        (InputKind::Yen { .. }, _) => Err(wrong("円単位の整数")),
        (InputKind::Count { .. }, _) => Err(wrong("0以上の整数")),
        (InputKind::YenList { .. }, _) => Err(wrong("金額の一覧（例: [5000, 6000]）")),
        (InputKind::Flag, _) => Err(wrong("true / false")),
        (InputKind::Choice { .. }, _) => Err(wrong("選択肢の id")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::subsidy::model::{ChoiceOption, TaxBasis};

    fn def(kind: InputKind) -> InputDef {
        InputDef {
            id: "x".into(),
            label: "値".into(),
            kind,
            help: String::new(),
            default: None,
            optional: false,
            max: None,
        }
    }

    #[test]
    fn parses_amounts_as_staff_type_them() {
        let d = def(InputKind::Yen {
            tax: TaxBasis::Excluded,
        });
        let cases: &[(&str, i64)] = &[
            ("7654321", 7_654_321),
            ("7,654,321", 7_654_321),
            ("７，６５４，３２１円", 7_654_321),
            ("500万", 5_000_000),
            ("2億", 200_000_000),
            ("-5", -5),
        ];
        for (text, expected) in cases {
            assert_eq!(
                parse_input(&d, text).unwrap(),
                InputValue::Int(*expected),
                "{text}"
            );
        }
        for bad in ["", "abc", "1.5", "100000000000000000000", "99999999999億"] {
            assert!(parse_input(&d, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn parses_counts_lists_flags_and_choices() {
        let count = def(InputKind::Count { unit: "人".into() });
        assert_eq!(parse_input(&count, "3人").unwrap(), InputValue::Int(3));
        let list = def(InputKind::YenList {
            tax: TaxBasis::NotApplicable,
            item: "1人".into(),
        });
        assert_eq!(
            parse_input(&list, "5,000;6000 3000").unwrap(),
            InputValue::List(vec![5000, 6000, 3000])
        );
        let flag = def(InputKind::Flag);
        assert_eq!(parse_input(&flag, "はい").unwrap(), InputValue::Flag(true));
        assert!(parse_input(&flag, "たぶん").is_err());
        let choice = def(InputKind::Choice {
            options: vec![ChoiceOption {
                id: "sme".into(),
                label: "中小企業".into(),
            }],
        });
        assert_eq!(
            parse_input(&choice, "中小企業").unwrap(),
            InputValue::Choice("sme".into())
        );
        let err = parse_input(&choice, "large").unwrap_err().to_string();
        assert!(err.contains("sme（中小企業）"), "{err}");
    }
}
