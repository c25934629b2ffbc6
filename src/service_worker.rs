//! The service worker of the hosted build: registered so the app opens offline after the
//! first visit, and watched so the user is told when a new version has been deployed.
//! The page never reloads by itself: the user chooses when (they may be editing).
//!
//! Registered only by the hosted build: not from `file://` (the single file), where
//! service workers do not run, nor by trunk's development server, which has no `sw.js`.

use leptos::prelude::*;
use leptos::task::spawn_local;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorkerRegistration, ServiceWorkerState};

/// The message `sw.js` answers by taking over (see `src/bin/shinko-dist/sw.js`).
const SKIP_WAITING: &str = "skip-waiting";

/// Registers `sw.js` and sets `update_available` when a new version is installed and
/// waiting. Failures (offline, an old browser) only mean no offline copy: they are not
/// shown as errors.
///
/// Registering waits until the browser is first idle after the first screen: it makes the
/// browser fetch `sw.js` to look for a new version, and a page that already has a worker
/// is served by it anyway.
pub fn register(update_available: RwSignal<bool>) {
    if crate::dom::BuildKind::current() != crate::dom::BuildKind::Hosted {
        return;
    }
    crate::dom::when_idle(move || register_now(update_available));
}

fn register_now(update_available: RwSignal<bool>) {
    let container = window().navigator().service_worker();
    let had_controller = container.controller().is_some();
    let registering = container.register("./sw.js");
    spawn_local(async move {
        let Ok(registration) = JsFuture::from(registering).await else {
            return;
        };
        let Ok(registration) = registration.dyn_into::<ServiceWorkerRegistration>() else {
            return;
        };
        // A version installed on an earlier visit is already waiting.
        if had_controller && registration.waiting().is_some() {
            update_available.set(true);
        }
        watch_for_updates(&registration, update_available);
    });
}

fn watch_for_updates(registration: &ServiceWorkerRegistration, update_available: RwSignal<bool>) {
    let watched = registration.clone();
    let on_update_found = Closure::<dyn FnMut()>::new(move || {
        let Some(installing) = watched.installing() else {
            return;
        };
        let worker = installing.clone();
        let on_state_change = Closure::<dyn FnMut()>::new(move || {
            // Without a controller this is the first install, not an update.
            let controlled = window().navigator().service_worker().controller().is_some();
            if worker.state() == ServiceWorkerState::Installed && controlled {
                update_available.set(true);
            }
        });
        installing.set_onstatechange(Some(on_state_change.as_ref().unchecked_ref()));
        // Lives as long as the worker it watches; there are few of them.
        on_state_change.forget();
    });
    registration.set_onupdatefound(Some(on_update_found.as_ref().unchecked_ref()));
    on_update_found.forget();
}

/// The user chose to update: let the waiting worker take over, then reload once it
/// controls the page.
pub fn apply_update() {
    let container = window().navigator().service_worker();
    let on_controller_change = Closure::<dyn FnMut()>::new(|| {
        let _ = window().location().reload();
    });
    container.set_oncontrollerchange(Some(on_controller_change.as_ref().unchecked_ref()));
    on_controller_change.forget();
    spawn_local(async move {
        let waiting = JsFuture::from(container.get_registration())
            .await
            .ok()
            .and_then(|r| r.dyn_into::<ServiceWorkerRegistration>().ok())
            .and_then(|r| r.waiting());
        match waiting {
            Some(worker) => {
                let _ = worker.post_message(&JsValue::from_str(SKIP_WAITING));
            }
            // Nothing waiting any more (another tab updated): a reload shows the new version.
            None => {
                let _ = window().location().reload();
            }
        }
    });
}
