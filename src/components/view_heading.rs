use leptos::prelude::*;

/// A view's `h1`. Focusable from script (`tabindex="-1"`) so navigation can move focus to
/// it; tests read it through `data-testid="view-title"`.
#[component]
pub fn ViewHeading(#[prop(into)] title: Signal<String>) -> impl IntoView {
    view! {
        <h1 class="view-title" tabindex="-1" data-testid="view-title">
            {title}
        </h1>
    }
}
