//! Reading a catalogue file in stages (STYLE.md, after tldraw): is it JSON → is it ours →
//! is it too new → deserialize → validate every programme, reporting every problem with
//! its place, so a colleague's typo in a shared catalogue is found before it is used.

use std::collections::BTreeSet;

use super::book::Catalogue;
use super::model::{Condition, Course, Expr, InputKind, SubsidyProgram, Test};
use crate::domain::envelope::{CATALOGUE_FORMAT, Envelope, SCHEMA_VERSION};

/// Why a catalogue file could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogueError {
    #[error(
        "ファイルを JSON として読めません（{0}）。Shinko から書き出したカタログファイルか確認してください。"
    )]
    NotJson(String),
    #[error(
        "このファイルは補助金カタログではありません（format: 「{0}」）。「{CATALOGUE_FORMAT}」のファイルを指定してください。"
    )]
    WrongFormat(String),
    #[error(
        "このファイルはより新しい版の Shinko で作られています（schema_version {0}）。Shinko を更新してから開いてください。"
    )]
    TooNew(u32),
    #[error("カタログの内容を読めません（{0}）。")]
    Malformed(String),
    #[error("カタログに誤りが {} 件あります:\n{}", .0.len(), .0.join("\n"))]
    Invalid(Vec<String>),
}

/// Parses and validates a catalogue file (`Envelope<Catalogue>` JSON).
pub fn load_catalogue(json: &str) -> Result<Envelope<Catalogue>, CatalogueError> {
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| CatalogueError::NotJson(e.to_string()))?;
    let format = value.get("format").and_then(|f| f.as_str()).unwrap_or("");
    if format != CATALOGUE_FORMAT {
        return Err(CatalogueError::WrongFormat(format.to_owned()));
    }
    let version = value
        .get("schema_version")
        .and_then(serde_json::Value::as_u64)
        .unwrap_or(0);
    let version = u32::try_from(version).unwrap_or(u32::MAX);
    if version > SCHEMA_VERSION {
        return Err(CatalogueError::TooNew(version));
    }
    let envelope: Envelope<Catalogue> =
        serde_json::from_value(value).map_err(|e| CatalogueError::Malformed(e.to_string()))?;
    let problems = validate(&envelope.data);
    if problems.is_empty() {
        Ok(envelope)
    } else {
        Err(CatalogueError::Invalid(problems))
    }
}

/// Every problem in the catalogue, each with the programme and course it is in.
pub fn validate(catalogue: &Catalogue) -> Vec<String> {
    let mut problems = Vec::new();
    let mut ids = BTreeSet::new();
    for program in &catalogue.programs {
        if !ids.insert(program.id.as_str()) {
            problems.push(format!("制度 id「{}」が重複しています", program.id));
        }
        validate_program(program, &mut problems);
    }
    for app in &catalogue.applications {
        match catalogue.program(&app.program_id) {
            None => problems.push(format!(
                "申請 {}: 制度「{}」がありません",
                app.id, app.program_id
            )),
            Some(p) if p.course(&app.course_id).is_none() => {
                problems.push(format!(
                    "申請 {}: 制度「{}」にコース「{}」がありません",
                    app.id, p.name, app.course_id
                ));
            }
            Some(_) => {}
        }
    }
    problems
}

fn validate_program(program: &SubsidyProgram, problems: &mut Vec<String>) {
    if program.courses.is_empty() {
        problems.push(format!("{}: コースが1つもありません", program.name));
    }
    if program.budget.is_some_and(|b| b < 0) {
        problems.push(format!("{}: 予算額が負です", program.name));
    }
    let mut course_ids = BTreeSet::new();
    for course in &program.courses {
        let place = format!("{}／{}", program.name, course.name);
        if !course_ids.insert(course.id.as_str()) {
            problems.push(format!(
                "{place}: コース id「{}」が重複しています",
                course.id
            ));
        }
        let mut input_ids = BTreeSet::new();
        for def in program.inputs_for(course) {
            if !input_ids.insert(def.id.as_str()) {
                problems.push(format!(
                    "{place}: 入力項目 id「{}」が重複しています",
                    def.id
                ));
            }
            if let InputKind::Choice { options } = &def.kind
                && options.is_empty()
            {
                problems.push(format!("{place}: 「{}」に選択肢がありません", def.label));
            }
        }
        for condition in program.conditions.iter().chain(&course.conditions) {
            check_condition(program, course, condition, &place, problems);
        }
        check_expr(program, course, &course.formula, &place, problems);
    }
}

fn kind_of<'a>(program: &'a SubsidyProgram, course: &'a Course, id: &str) -> Option<&'a InputKind> {
    program.input(course, id).map(|d| &d.kind)
}

fn need(
    program: &SubsidyProgram,
    course: &Course,
    id: &str,
    want: &str,
    place: &str,
    problems: &mut Vec<String>,
) {
    let ok = match (kind_of(program, course, id), want) {
        (None, _) => {
            problems.push(format!("{place}: 入力項目「{id}」が定義されていません"));
            return;
        }
        (Some(InputKind::Yen { .. }), "yen" | "number") => true,
        (Some(InputKind::Count { .. }), "count" | "number") => true,
        (Some(InputKind::YenList { .. }), "list") => true,
        (Some(InputKind::Flag), "flag") => true,
        (Some(InputKind::Flag | InputKind::Choice { .. }), "any") => true,
        _ => false,
    };
    if !ok {
        problems.push(format!(
            "{place}: 入力項目「{id}」の種類がこの使い方に合いません（必要: {want}）"
        ));
    }
}

fn check_condition(
    program: &SubsidyProgram,
    course: &Course,
    c: &Condition,
    place: &str,
    problems: &mut Vec<String>,
) {
    match &c.test {
        Test::AtLeast { input, .. } | Test::AtMost { input, .. } => {
            need(program, course, input, "number", place, problems)
        }
        Test::AtMostInput { input, other } => {
            need(program, course, input, "number", place, problems);
            need(program, course, other, "number", place, problems);
        }
        Test::IsTrue { input } | Test::IsFalse { input } => {
            need(program, course, input, "flag", place, problems)
        }
        Test::ItemsAtMost { input, .. } => need(program, course, input, "list", place, problems),
    }
    if let Some(when) = &c.when {
        need(program, course, &when.input, "any", place, problems);
    }
}

fn check_expr(
    program: &SubsidyProgram,
    course: &Course,
    e: &Expr,
    place: &str,
    problems: &mut Vec<String>,
) {
    match e {
        Expr::Input { input } => need(program, course, input, "yen", place, problems),
        Expr::Difference { of, minus, .. } => {
            check_expr(program, course, of, place, problems);
            for m in minus {
                check_expr(program, course, m, place, problems);
            }
        }
        Expr::ListSum {
            input, item_cap, ..
        } => {
            need(program, course, input, "list", place, problems);
            if item_cap.is_some_and(|c| c < 0) {
                problems.push(format!("{place}: 1件あたりの算入上限が負です"));
            }
        }
        Expr::Rate { of, .. } | Expr::Truncate { of, .. } => {
            check_expr(program, course, of, place, problems)
        }
        Expr::PerUnit { amount, count, .. } => {
            need(program, course, count, "count", place, problems);
            if *amount < 0 {
                problems.push(format!("{place}: 単価が負です"));
            }
        }
        Expr::Times { of, count, .. } => {
            check_expr(program, course, of, place, problems);
            need(program, course, count, "count", place, problems);
        }
        Expr::Sum { parts, .. } => {
            for p in parts {
                check_expr(program, course, p, place, problems);
            }
        }
        Expr::Cap {
            of, cap, per, used, ..
        } => {
            check_expr(program, course, of, place, problems);
            if *cap < 0 {
                problems.push(format!("{place}: 上限額が負です"));
            }
            if let Some(per) = per {
                need(program, course, per, "count", place, problems);
            }
            if let Some(used) = used {
                need(program, course, used, "yen", place, problems);
            }
        }
    }
}
