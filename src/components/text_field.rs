use leptos::prelude::*;

/// A labelled text field (one line or several) that stores its text when it changes
/// (on leaving the field), so each edit is one undo step rather than one per keystroke.
#[component]
pub fn TextField(
    #[prop(into)] label: String,
    #[prop(into)] id: String,
    #[prop(into)] value: Signal<String>,
    #[prop(optional)] multiline: bool,
    on_commit: Callback<String>,
) -> impl IntoView {
    let on_change = move |e: leptos::ev::Event| {
        let v = event_target_value(&e);
        if v != value.get_untracked() {
            on_commit.run(v);
        }
    };
    let input = if multiline {
        view! { <textarea id=id.clone() rows="3" data-testid=id.clone() prop:value=move || value.get() on:change=on_change></textarea> }.into_any()
    } else {
        view! { <input id=id.clone() type="text" data-testid=id.clone() prop:value=move || value.get() on:change=on_change /> }.into_any()
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {input}
        </div>
    }
}
