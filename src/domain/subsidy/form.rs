//! The calculator form (issue 4): the text staff typed into each input, read with
//! [`parse_input`] and checked one by one, then either the calculation or what must be fixed
//! first. Pure, so the browser form stays a thin shell and these rules are tested natively.

use std::collections::BTreeMap;

use super::calc::{Calculation, calculate};
use super::input::{check_value, parse_input};
use super::model::{Course, Inputs, SubsidyProgram};
use crate::domain::format::yen;

/// What the form shows for the text typed so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormOutcome {
    /// A message (Japanese) per input id whose text cannot be used; the input is marked with
    /// it in place. Such a text is never turned into a number.
    pub invalid: BTreeMap<String, String>,
    pub result: FormResult,
}

/// The result part of [`FormOutcome`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormResult {
    /// Nothing was computed: the labels of the entries to correct and of the required
    /// entries still empty, in form order.
    NeedsInput {
        invalid: Vec<String>,
        missing: Vec<String>,
    },
    /// Computed: eligible with an amount, or not eligible with every reason.
    Calculated(Calculation),
    /// The calculator refused the values (an overflow, a catalogue defect): its message.
    Failed(String),
}

/// Reads every input of `program` / `course` from `texts` (by input id) and calculates only
/// when every entry is valid and every required one is given. An empty text means "not
/// entered": the input's default is used when it has one, an optional input is left out.
pub fn evaluate_form(
    program: &SubsidyProgram,
    course: &Course,
    texts: &BTreeMap<String, String>,
) -> FormOutcome {
    let mut inputs = Inputs::new();
    let mut invalid = BTreeMap::new();
    let mut invalid_labels = Vec::new();
    let mut missing = Vec::new();
    for def in program.inputs_for(course) {
        let text = texts.get(&def.id).map_or("", |t| t.trim());
        if text.is_empty() {
            if def.default.is_none() && !def.optional {
                missing.push(def.label.clone());
            }
            continue;
        }
        let value = parse_input(def, text)
            .map_err(|e| e.to_string())
            .and_then(|v| check_value(def, &v).map(|()| v).map_err(|e| e.to_string()));
        match value {
            Ok(v) => {
                inputs.insert(def.id.clone(), v);
            }
            Err(message) => {
                invalid.insert(def.id.clone(), message);
                invalid_labels.push(def.label.clone());
            }
        }
    }
    let result = if invalid_labels.is_empty() && missing.is_empty() {
        match calculate(program, Some(&course.id), &inputs) {
            Ok(calc) => FormResult::Calculated(calc),
            Err(e) => FormResult::Failed(e.to_string()),
        }
    } else {
        FormResult::NeedsInput {
            invalid: invalid_labels,
            missing,
        }
    };
    FormOutcome { invalid, result }
}

/// The calculation as plain text to paste into a 起案: the programme (and course when it
/// has several), each condition met, every step exactly as the calculator wrote it, and the
/// amount; or 対象外 with every reason.
pub fn calculation_text(program: &SubsidyProgram, course: &Course, calc: &Calculation) -> String {
    let mut lines = Vec::new();
    if program.courses.len() > 1 {
        lines.push(format!("{}（{}）", program.name, course.name));
    } else {
        lines.push(program.name.clone());
    }
    lines.extend(calc.checks.iter().map(|c| format!("要件 {c}")));
    if calc.eligible {
        lines.extend(calc.steps.iter().map(|s| s.text.clone()));
        lines.push(format!("算定額: {}", yen(calc.amount)));
    } else {
        lines.push("対象外:".to_owned());
        lines.extend(calc.reasons.iter().map(|r| format!("  {r}")));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::subsidy::{Catalogue, load_catalogue};

    fn sample() -> Catalogue {
        let json = include_str!(concat!(
            env!("OUT_DIR"),
            "/samples/ayase-shien-seido-catalogue.json"
        ));
        match load_catalogue(json) {
            Ok(envelope) => envelope.data,
            Err(e) => panic!("sample catalogue: {e}"),
        }
    }

    fn texts(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn outcome(program: &str, course: &str, pairs: &[(&str, &str)]) -> FormOutcome {
        let catalogue = sample();
        let Some(program) = catalogue.program(program) else {
            panic!("no programme {program}");
        };
        let Some(course) = program.course(course) else {
            panic!("no course {course}");
        };
        evaluate_form(program, course, &texts(pairs))
    }

    #[test]
    fn calculates_from_text_as_staff_type_it() {
        let out = outcome(
            "kyoujinka",
            "a",
            &[("cost", "7,654,321"), ("consulted", "true")],
        );
        assert!(out.invalid.is_empty());
        let FormResult::Calculated(calc) = out.result else {
            panic!("not calculated: {:?}", out.result);
        };
        assert!(calc.eligible);
        assert_eq!(calc.amount, 5_100_000);
        let steps: Vec<_> = calc.steps.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            steps,
            [
                "補助対象経費（税抜）7,654,321円 × 2/3 = 5,102,880円（円未満切捨て）",
                "上限 10,000,000円 以内 → 5,102,880円",
                "1万円未満切捨て → 5,100,000円",
            ]
        );
        let same = outcome(
            "kyoujinka",
            "a",
            &[("cost", "７，６５４，３２１円"), ("consulted", "はい")],
        );
        assert_eq!(same.result, FormResult::Calculated(calc));
    }

    #[test]
    fn an_invalid_entry_is_marked_and_nothing_is_computed() {
        let out = outcome("kyoujinka", "a", &[("cost", "abc"), ("consulted", "true")]);
        let message = out.invalid.get("cost").cloned().unwrap_or_default();
        assert!(message.contains("数として読めません"), "{message}");
        assert_eq!(
            out.result,
            FormResult::NeedsInput {
                invalid: vec!["補助対象経費（税抜）".into()],
                missing: vec![],
            }
        );
    }

    #[test]
    fn negative_and_too_large_entries_are_marked_on_their_input() {
        let out = outcome("kyoujinka", "a", &[("cost", "-5"), ("consulted", "true")]);
        assert!(out.invalid.contains_key("cost"), "{out:?}");
        let out = outcome(
            "taishokukin",
            "standard",
            &[
                ("monthly_premiums", "5000"),
                ("months", "13"),
                ("contract_month", "1"),
            ],
        );
        let message = out.invalid.get("months").cloned().unwrap_or_default();
        assert!(message.contains("上限"), "{message}");
        assert!(matches!(out.result, FormResult::NeedsInput { .. }));
    }

    #[test]
    fn empty_required_entries_are_listed_and_defaults_fill_the_rest() {
        let out = outcome("shougaisha", "standard", &[("residents", " ")]);
        assert!(out.invalid.is_empty());
        assert_eq!(
            out.result,
            FormResult::NeedsInput {
                invalid: vec![],
                missing: vec![
                    "申請時に市内で1年以上継続して事業を営んでいる".into(),
                    "市内在住の障がい者数".into(),
                    "市外在住の障がい者数".into(),
                ],
            }
        );
        // 新規雇用加算 defaults to 0 persons; 対象事業 (optional) may stay empty.
        let out = outcome(
            "shougaisha",
            "standard",
            &[
                ("one_year_in_city", "true"),
                ("residents", "3"),
                ("non_residents", "2"),
            ],
        );
        let FormResult::Calculated(calc) = out.result else {
            panic!("not calculated: {:?}", out.result);
        };
        assert_eq!(calc.amount, 260_000);
    }

    #[test]
    fn below_the_minimum_is_a_result_with_every_reason() {
        let out = outcome(
            "kyoujinka",
            "a",
            &[("cost", "4,999,999"), ("consulted", "false")],
        );
        let FormResult::Calculated(calc) = out.result else {
            panic!("not calculated: {:?}", out.result);
        };
        assert!(!calc.eligible);
        assert_eq!(calc.amount, 0);
        assert_eq!(calc.reasons.len(), 2, "{:?}", calc.reasons);
    }

    #[test]
    fn plain_text_has_the_steps_and_the_amount_or_the_reasons() {
        let catalogue = sample();
        let (Some(program), Some(course)) = (
            catalogue.program("kyoujinka"),
            catalogue.program("kyoujinka").and_then(|p| p.course("a")),
        ) else {
            panic!("kyoujinka a");
        };
        let out = evaluate_form(
            program,
            course,
            &texts(&[("cost", "7654321"), ("consulted", "true")]),
        );
        let FormResult::Calculated(calc) = out.result else {
            panic!("not calculated");
        };
        let text = calculation_text(program, course, &calc);
        assert_eq!(
            text,
            "中小企業強靭化推進補助金（Ａコース（上限1,000万円））\n\
             要件 事前相談（申請の要件）: 事前相談を受けた: はい（○）\n\
             要件 補助対象経費の下限額（Ａコース）: 補助対象経費（税抜） 7,654,321円 は 5,000,000円 以上（○）\n\
             補助対象経費（税抜）7,654,321円 × 2/3 = 5,102,880円（円未満切捨て）\n\
             上限 10,000,000円 以内 → 5,102,880円\n\
             1万円未満切捨て → 5,100,000円\n\
             算定額: 5,100,000円"
        );
        let out = evaluate_form(
            program,
            course,
            &texts(&[("cost", "100"), ("consulted", "true")]),
        );
        let FormResult::Calculated(calc) = out.result else {
            panic!("not calculated");
        };
        let text = calculation_text(program, course, &calc);
        assert!(text.contains("対象外:\n  補助対象経費の下限額"), "{text}");
        assert!(!text.contains("算定額"), "{text}");
    }
}
