use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::components::subsidy_copy_button::SubsidyCopyButton;
use crate::components::subsidy_form::SubsidyForm;
use crate::components::subsidy_picker::SubsidyPicker;
use crate::components::subsidy_program_info::SubsidyProgramInfo;
use crate::components::subsidy_result::SubsidyResult;
use crate::domain::subsidy::{
    Catalogue, FormOutcome, FormResult, InputDef, InputKind, InputValue, SubsidyProgram,
    calculation_text, evaluate_form,
};

/// The calculator: pick a programme and course, type the inputs, read the result.
/// It holds only what was typed (text per input id); every rule is the domain's.
#[component]
pub fn SubsidyCalculator(catalogue: Catalogue) -> impl IntoView {
    let programs: Vec<(String, String)> = catalogue
        .programs
        .iter()
        .map(|p| (p.id.clone(), p.name.clone()))
        .collect();
    let first = catalogue.programs.first().cloned();
    let catalogue = StoredValue::new(catalogue);

    let program_id = RwSignal::new(first.as_ref().map(|p| p.id.clone()).unwrap_or_default());
    let course_id = RwSignal::new(first.as_ref().map(first_course).unwrap_or_default());
    let texts = RwSignal::new(first.as_ref().map(initial_texts).unwrap_or_default());

    let program =
        Memo::new(move |_| program_id.with(|id| catalogue.with_value(|c| c.program(id).cloned())));
    let course = Memo::new(move |_| {
        course_id.with(|cid| program.with(|p| p.as_ref().and_then(|p| p.course(cid).cloned())))
    });
    let courses = Memo::new(move |_| {
        program.with(|p| {
            p.iter()
                .flat_map(|p| &p.courses)
                .map(|c| (c.id.clone(), c.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    // The form's rows, keyed by programme, course and input so a row is rebuilt whenever
    // its definition can differ (the same id has other options in another course).
    let fields = Memo::new(move |_| {
        program.with(|p| {
            course.with(|c| match (p, c) {
                (Some(p), Some(c)) => p
                    .inputs_for(c)
                    .map(|d| (format!("{}/{}/{}", p.id, c.id, d.id), d.clone()))
                    .collect::<Vec<_>>(),
                _ => Vec::new(),
            })
        })
    });
    let outcome: Memo<Option<FormOutcome>> = Memo::new(move |_| {
        program.with(|p| {
            course.with(|c| match (p, c) {
                (Some(p), Some(c)) => Some(texts.with(|t| evaluate_form(p, c, t))),
                _ => None,
            })
        })
    });
    let invalid = Memo::new(move |_| {
        outcome.with(|o| o.as_ref().map(|o| o.invalid.clone()).unwrap_or_default())
    });
    let copy_text = Memo::new(move |_| {
        outcome.with(|o| match o {
            Some(FormOutcome {
                result: FormResult::Calculated(calc),
                ..
            }) => program.with(|p| {
                course.with(|c| match (p, c) {
                    (Some(p), Some(c)) => Some(calculation_text(p, c, calc)),
                    _ => None,
                })
            }),
            _ => None,
        })
    });

    let choose_program = Callback::new(move |id: String| {
        if let Some(p) = catalogue.with_value(|c| c.program(&id).cloned()) {
            course_id.set(first_course(&p));
            texts.set(initial_texts(&p));
            program_id.set(id);
        }
    });
    // Entries carry over between courses: the same input id means the same figure
    // (補助対象経費 in course A and B).
    let choose_course = Callback::new(move |id: String| course_id.set(id));

    view! {
        <div class="subsidy-calculator">
            <div class="subsidy-calculator__input">
                <SubsidyPicker
                    programs
                    program_id=program_id
                    on_program=choose_program
                    courses=courses
                    course_id=course_id
                    on_course=choose_course
                />
                <SubsidyProgramInfo program=program course=course />
                <SubsidyForm fields=fields texts=texts invalid=invalid />
            </div>
            <div class="subsidy-calculator__output">
                <SubsidyResult outcome=outcome />
                <SubsidyCopyButton text=copy_text />
            </div>
        </div>
    }
}

fn first_course(program: &SubsidyProgram) -> String {
    program
        .courses
        .first()
        .map(|c| c.id.clone())
        .unwrap_or_default()
}

/// What a fresh form holds: a checkbox is always an answer, so flags start as their default
/// or いいえ; everything else starts empty (a default then applies without being shown).
fn initial_texts(program: &SubsidyProgram) -> BTreeMap<String, String> {
    program
        .inputs
        .iter()
        .chain(program.courses.iter().flat_map(|c| &c.inputs))
        .filter(|d: &&InputDef| matches!(d.kind, InputKind::Flag))
        .map(|d| {
            let on = matches!(d.default, Some(InputValue::Flag(true)));
            (d.id.clone(), on.to_string())
        })
        .collect()
}
