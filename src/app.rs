//! The app shell: header, navigation and the view the URL hash names.

use leptos::prelude::*;

use crate::components::{
    app_header::AppHeader, main_nav::MainNav, skip_link::SkipLink, storage_banner::StorageBanner,
    update_banner::UpdateBanner,
};
use crate::pages::{
    about::AboutPage, data::DataPage, not_found::NotFoundPage, plan::PlanPage, plans::PlansPage,
    subsidies::SubsidiesPage,
};
use crate::route::Route;
use crate::storage::import::Importer;
use crate::storage::provide_workspace;

/// The product name as the header and the page title show it.
pub const PRODUCT_NAME: &str = "Shinko 産業振興計画 進捗・補助金ワークベンチ";

fn current_route() -> Route {
    // Reading the hash cannot fail in a window; an error would mean no location at all,
    // and the home view is the right answer then.
    Route::from_hash(&window().location().hash().unwrap_or_default())
}

/// Moves focus to the new view's heading so screen readers announce the change, as a
/// page load would.
fn focus_view_heading() {
    request_animation_frame(|| crate::dom::focus("#main-content h1"));
}

/// Before the view changes, a field being edited (a grid cell's editor above all) gets its
/// blur, as a click elsewhere would: the value is stored, or kept as a marked draft, while
/// its page still exists. Without this the Back button dropped a typed value silently.
fn commit_open_editor() {
    if let Some(el) = document()
        .active_element()
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    {
        let _ = el.blur();
    }
}

#[component]
pub fn App() -> impl IntoView {
    let route = RwSignal::new(current_route());
    let update_available = RwSignal::new(false);
    crate::service_worker::register(update_available);
    crate::dom::mark("shinko:app");
    let store = provide_workspace();
    crate::dom::mark("shinko:workspace-loaded");
    let importer = Importer::provide(store);
    crate::storage::file_access::LinkedFiles::provide(store);
    crate::storage::history::install_shortcuts(store);
    crate::storage::history::install_refresh(store);

    // A file dropped anywhere on the page is imported, and データ管理 shows the result.
    // While a file is dragged over the page, an outline and a sentence say so.
    let dragging = RwSignal::new(false);
    let dragover = window_event_listener(leptos::ev::dragover, move |e| {
        e.prevent_default();
        let has_files = e
            .data_transfer()
            .is_some_and(|d| d.types().includes(&"Files".into(), 0));
        if has_files && !dragging.get_untracked() {
            dragging.set(true);
        }
    });
    let dragleave = window_event_listener(leptos::ev::dragleave, move |e| {
        // Leaving the window (not just moving between elements).
        if e.related_target().is_none() {
            dragging.set(false);
        }
    });
    let drop = window_event_listener(leptos::ev::drop, move |e| {
        e.prevent_default();
        dragging.set(false);
        if let Some(file) = e
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            importer.import_file(file);
            let _ = window().location().set_hash("#/data");
        }
    });
    on_cleanup(move || {
        dragover.remove();
        dragleave.remove();
        drop.remove();
    });

    let listener = window_event_listener(leptos::ev::hashchange, move |_| {
        commit_open_editor();
        let next = current_route();
        // Choosing a node in the tree keeps the plan's page: focus the node's heading
        // rather than the page's, so keyboard users stay where they work.
        let node = matches!(
            &next,
            Route::Plan {
                tab: crate::route::PlanTab::Structure(Some(_)),
                ..
            }
        ) && matches!(
            route.get_untracked(),
            Route::Plan {
                tab: crate::route::PlanTab::Structure(_),
                ..
            }
        );
        route.set(next);
        if node {
            request_animation_frame(|| crate::dom::focus("[data-testid=node-title]"));
        } else {
            focus_view_heading();
        }
    });
    on_cleanup(move || listener.remove());

    Effect::new(move |_| {
        let title = route.with(Route::title);
        document().set_title(&format!("{title} | {PRODUCT_NAME}"));
    });

    view! {
        <Show when=move || dragging.get()>
            <div class="drop-overlay" data-testid="drop-overlay">
                <p>"ここにファイルを放すと読み込みます（計画・補助金カタログ・バックアップのファイル）"</p>
            </div>
        </Show>
        <SkipLink />
        <AppHeader />
        <StorageBanner />
        <UpdateBanner available=update_available />
        <MainNav current=route />
        <main id="main-content" class="main" tabindex="-1">
            {move || match route.get() {
                Route::Plans => view! { <PlansPage /> }.into_any(),
                Route::Plan { id, tab } => view! { <PlanPage id tab /> }.into_any(),
                Route::Subsidies => view! { <SubsidiesPage /> }.into_any(),
                Route::Data => view! { <DataPage /> }.into_any(),
                Route::About => view! { <AboutPage /> }.into_any(),
                Route::NotFound(hash) => view! { <NotFoundPage hash /> }.into_any(),
            }}
        </main>
    }
}
