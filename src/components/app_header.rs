use leptos::prelude::*;

use crate::components::save_status::SaveStatus;

/// The header with the product name and the save state, on every view.
#[component]
pub fn AppHeader() -> impl IntoView {
    view! {
        <header class="app-header" data-testid="app-header">
            <a class="app-header__brand" href="#/plans" data-testid="product-name">
                <span class="app-header__logo" aria-hidden="true">"S"</span>
                <span class="app-header__name">"Shinko"</span>
                <span class="app-header__tagline">"産業振興計画 進捗・補助金ワークベンチ"</span>
            </a>
            <SaveStatus />
        </header>
    }
}
