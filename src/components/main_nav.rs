use leptos::prelude::*;

use crate::route::Route;

/// The main navigation. The current view is marked with `aria-current="page"` and, for
/// sighted users, by a bar and bold text: never by colour alone.
#[component]
pub fn MainNav(#[prop(into)] current: Signal<Route>) -> impl IntoView {
    let items = Route::NAV
        .into_iter()
        .map(|route| {
            let slug = route.slug();
            let is_current = {
                let route = route.clone();
                move || current.with(|c| *c == route)
            };
            view! {
                <li>
                    <a
                        class="main-nav__link"
                        href=route.hash()
                        data-testid=format!("nav-{slug}")
                        aria-current=move || is_current().then_some("page")
                    >
                        {route.title()}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="main-nav" aria-label="メインメニュー">
            <ul class="main-nav__list">{items}</ul>
        </nav>
    }
}
