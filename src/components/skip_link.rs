use leptos::prelude::*;

/// 「本文へスキップ」: the first Tab stop, for keyboard users (JIS X 8341-3 2.4.1).
/// It focuses the main region directly instead of changing the hash, which is the router's.
#[component]
pub fn SkipLink() -> impl IntoView {
    let skip = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        crate::dom::focus("#main-content");
    };
    view! {
        <a class="skip-link" href="#main-content" on:click=skip>
            "本文へスキップ"
        </a>
    }
}
