use leptos::prelude::*;

use crate::domain::subsidy::{Course, SubsidyProgram};

/// What the programme is: its 要綱 (legal basis), description, the course's description and
/// the procedural notes staff must not forget (事前相談必須, 申請期間…).
#[component]
pub fn SubsidyProgramInfo(
    #[prop(into)] program: Signal<Option<SubsidyProgram>>,
    #[prop(into)] course: Signal<Option<Course>>,
) -> impl IntoView {
    let course_description = move || {
        course.with(|c| {
            c.as_ref()
                .map(|c| c.description.clone())
                .filter(|d| !d.is_empty())
        })
    };
    move || {
        program.with(|p| {
            p.as_ref().map(|p| {
                let notes = p.notes.clone();
                let has_notes = !notes.is_empty();
                view! {
                    <div class="subsidy-info" data-testid="subsidy-info">
                        <dl class="subsidy-info__facts">
                            <dt>"根拠"</dt>
                            <dd data-testid="subsidy-legal-basis">{p.legal_basis.clone()}</dd>
                            <dt>"年度"</dt>
                            <dd>{p.fiscal_year.to_string()}</dd>
                        </dl>
                        <p class="subsidy-info__description" data-testid="subsidy-description">
                            {p.description.clone()}
                        </p>
                        {move || {
                            course_description()
                                .map(|d| {
                                    view! {
                                        <p
                                            class="subsidy-info__course"
                                            data-testid="subsidy-course-description"
                                        >
                                            {d}
                                        </p>
                                    }
                                })
                        }}
                        {has_notes
                            .then(|| {
                                view! {
                                    <details class="subsidy-info__notes" open>
                                        <summary data-testid="subsidy-notes-toggle">"留意事項"</summary>
                                        <ul data-testid="subsidy-notes">
                                            {notes
                                                .into_iter()
                                                .map(|n| view! { <li>{n}</li> })
                                                .collect_view()}
                                        </ul>
                                    </details>
                                }
                            })}
                    </div>
                }
            })
        })
    }
}
