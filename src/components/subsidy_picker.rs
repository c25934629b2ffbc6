use leptos::prelude::*;

/// 制度 and コース: a select of the catalogue's programmes, and a select of the programme's
/// courses when it has more than one. Options are `(id, name)`.
#[component]
pub fn SubsidyPicker(
    programs: Vec<(String, String)>,
    #[prop(into)] program_id: Signal<String>,
    #[prop(into)] on_program: Callback<String>,
    #[prop(into)] courses: Signal<Vec<(String, String)>>,
    #[prop(into)] course_id: Signal<String>,
    #[prop(into)] on_course: Callback<String>,
) -> impl IntoView {
    let program_options = programs
        .into_iter()
        .map(|(id, name)| {
            let selected = {
                let id = id.clone();
                move || program_id.with(|p| *p == id)
            };
            view! {
                <option value=id prop:selected=selected>
                    {name}
                </option>
            }
        })
        .collect_view();
    view! {
        <div class="subsidy-picker">
            <div class="subsidy-picker__item">
                <label class="subsidy-label" for="subsidy-program">
                    "制度"
                </label>
                <select
                    id="subsidy-program"
                    class="subsidy-select"
                    data-testid="subsidy-program"
                    on:change:target=move |ev| on_program.run(ev.target().value())
                >
                    {program_options}
                </select>
            </div>
            <Show when=move || courses.with(|c| c.len() > 1)>
                <div class="subsidy-picker__item">
                    <label class="subsidy-label" for="subsidy-course">
                        "コース"
                    </label>
                    <select
                        id="subsidy-course"
                        class="subsidy-select"
                        data-testid="subsidy-course"
                        on:change:target=move |ev| on_course.run(ev.target().value())
                    >
                        <For each=move || courses.get() key=|course| course.clone() let:course>
                            {
                                let (id, name) = course;
                                let selected = {
                                    let id = id.clone();
                                    move || course_id.with(|c| *c == id)
                                };
                                view! {
                                    <option value=id prop:selected=selected>
                                        {name}
                                    </option>
                                }
                            }
                        </For>
                    </select>
                </div>
            </Show>
        </div>
    }
}
