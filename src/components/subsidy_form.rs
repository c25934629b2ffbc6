use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::components::subsidy_field::SubsidyField;
use crate::domain::subsidy::InputDef;

/// The inputs of the chosen programme and course, one row per input, in the catalogue's
/// order. Each row reads only its own text and message, so typing in one re-renders one.
#[component]
pub fn SubsidyForm(
    /// `(row key, definition)`.
    #[prop(into)]
    fields: Signal<Vec<(String, InputDef)>>,
    /// The typed text per input id; rows write their own entry.
    texts: RwSignal<BTreeMap<String, String>>,
    /// The message per input id whose text cannot be used.
    #[prop(into)]
    invalid: Signal<BTreeMap<String, String>>,
) -> impl IntoView {
    view! {
        <fieldset class="subsidy-form" data-testid="subsidy-form">
            <legend class="subsidy-form__legend">"申請内容"</legend>
            <p class="subsidy-form__hint">
                "金額は「7,654,321」「500万」のように入力できます。入力するとすぐに計算します。"
            </p>
            <For each=move || fields.get() key=|(key, _)| key.clone() let:field>
                {
                    let (_, def) = field;
                    let text = Memo::new({
                        let id = def.id.clone();
                        move |_| texts.with(|t| t.get(&id).cloned().unwrap_or_default())
                    });
                    let error = Memo::new({
                        let id = def.id.clone();
                        move |_| invalid.with(|m| m.get(&id).cloned())
                    });
                    let on_text = Callback::new({
                        let id = def.id.clone();
                        move |value: String| {
                            texts.update(|t| {
                                t.insert(id.clone(), value);
                            })
                        }
                    });
                    view! { <SubsidyField def text=text error=error on_text=on_text /> }
                }
            </For>
        </fieldset>
    }
}
