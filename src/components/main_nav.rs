use leptos::prelude::*;

use crate::route::Route;

/// The main navigation. The current view is marked with `aria-current="page"` (or
/// `"true"` when a view inside its section is open, such as a plan's sheet under 計画)
/// and, for sighted users, by a bar and bold text: never by colour alone.
#[component]
pub fn MainNav(#[prop(into)] current: Signal<Route>) -> impl IntoView {
    let items = Route::NAV
        .into_iter()
        .map(|route| {
            let slug = route.slug();
            let aria_current = {
                let route = route.clone();
                move || {
                    current.with(|c| {
                        if *c == route {
                            Some("page")
                        } else if c.section() == route {
                            Some("true")
                        } else {
                            None
                        }
                    })
                }
            };
            view! {
                <li>
                    <a
                        class="main-nav__link"
                        href=route.hash()
                        data-testid=format!("nav-{slug}")
                        aria-current=aria_current
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
