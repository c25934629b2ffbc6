use leptos::prelude::*;

use crate::domain::subsidy::{InputDef, InputKind, show_value};

/// One input of the calculator form: its label, the control for its kind, the unit, the help
/// text and, when the entry cannot be used, the reason in place (`aria-invalid`, never colour
/// alone). Amounts, counts and lists are typed as text and read by the domain.
#[component]
pub fn SubsidyField(
    def: InputDef,
    #[prop(into)] text: Signal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into)] on_text: Callback<String>,
) -> impl IntoView {
    let control_id = format!("subsidy-input-{}", def.id);
    let help_id = format!("subsidy-help-{}", def.id);
    let unit_id = format!("subsidy-unit-{}", def.id);
    let error_id = format!("subsidy-error-{}", def.id);
    let testid = format!("input-{}", def.id);
    let error_testid = format!("input-error-{}", def.id);

    let unit = match &def.kind {
        InputKind::YenList { item, .. } => format!("円（{item}ごと）"),
        _ => def.unit().to_owned(),
    };
    let has_unit = !unit.is_empty();
    let default_note = def
        .default
        .as_ref()
        .filter(|_| !matches!(def.kind, InputKind::Flag))
        .map(|v| format!("未入力のときは {}", show_value(&def, v)));
    let help = [
        Some(def.help.clone()).filter(|h| !h.is_empty()),
        default_note,
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let has_help = !help.is_empty();

    let is_invalid = move || error.with(Option::is_some);
    let described_by = {
        let (help_id, unit_id, error_id) = (help_id.clone(), unit_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if has_unit {
                ids.push(unit_id.clone());
            }
            if has_help {
                ids.push(help_id.clone());
            }
            if is_invalid() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let optional = def.optional.then(|| {
        view! { <span class="subsidy-field__tag">"任意"</span> }
    });

    let is_flag = matches!(def.kind, InputKind::Flag);
    let label = view! {
        <label class="subsidy-field__label" for=control_id.clone()>
            {def.label.clone()}
            {optional}
        </label>
    };
    let control = match &def.kind {
        InputKind::Flag => view! {
            <input
                type="checkbox"
                id=control_id.clone()
                class="subsidy-field__check"
                data-testid=testid
                aria-describedby=described_by
                aria-invalid=move || is_invalid().then_some("true")
                prop:checked=move || text.with(|t| t == "true")
                on:change:target=move |ev| on_text.run(ev.target().checked().to_string())
            />
        }
        .into_any(),
        InputKind::Choice { options } => {
            let first = if def.optional || def.default.is_some() {
                "（指定しない）"
            } else {
                "選択してください"
            };
            let options = options
                .iter()
                .map(|o| {
                    let id = o.id.clone();
                    let selected = {
                        let id = id.clone();
                        move || text.with(|t| *t == id)
                    };
                    view! {
                        <option value=id prop:selected=selected>
                            {o.label.clone()}
                        </option>
                    }
                })
                .collect_view();
            view! {
                <select
                    id=control_id.clone()
                    class="subsidy-select subsidy-field__select"
                    data-testid=testid
                    aria-describedby=described_by
                    aria-invalid=move || is_invalid().then_some("true")
                    on:change:target=move |ev| on_text.run(ev.target().value())
                >
                    <option value="" prop:selected=move || text.with(String::is_empty)>
                        {first}
                    </option>
                    {options}
                </select>
            }
            .into_any()
        }
        InputKind::Yen { .. } | InputKind::Count { .. } | InputKind::YenList { .. } => {
            let list = matches!(def.kind, InputKind::YenList { .. });
            view! {
                <input
                    type="text"
                    id=control_id.clone()
                    class="subsidy-field__text"
                    class:subsidy-field__text--list=list
                    data-testid=testid
                    autocomplete="off"
                    spellcheck="false"
                    aria-describedby=described_by
                    aria-invalid=move || is_invalid().then_some("true")
                    prop:value=move || text.get()
                    on:input:target=move |ev| on_text.run(ev.target().value())
                />
            }
            .into_any()
        }
    };

    view! {
        <div
            class="subsidy-field"
            class:subsidy-field--flag=is_flag
            class:subsidy-field--invalid=is_invalid
        >
            {if is_flag {
                view! {
                    <div class="subsidy-field__row">{control} {label}</div>
                }
                    .into_any()
            } else {
                view! {
                    {label}
                    <div class="subsidy-field__row">
                        {control}
                        {has_unit
                            .then(|| {
                                view! {
                                    <span class="subsidy-field__unit" id=unit_id.clone()>
                                        {unit.clone()}
                                    </span>
                                }
                            })}
                    </div>
                }
                    .into_any()
            }}
            {has_help
                .then(|| {
                    view! {
                        <p class="subsidy-field__help" id=help_id.clone()>
                            {help.clone()}
                        </p>
                    }
                })}
            {move || {
                error
                    .get()
                    .map(|message| {
                        view! {
                            <p
                                class="subsidy-field__error"
                                id=error_id.clone()
                                data-testid=error_testid.clone()
                            >
                                <span class="subsidy-field__error-mark">"入力エラー"</span>
                                {message}
                            </p>
                        }
                    })
            }}
        </div>
    }
}
