//! Small DOM helpers shared by components.

use leptos::prelude::document;
use wasm_bindgen::JsCast;

/// Moves keyboard focus to the first element matching `selector`, if there is one.
/// Nothing to focus is not an error: the view may not have rendered it.
pub fn focus(selector: &str) {
    if let Ok(Some(element)) = document().query_selector(selector)
        && let Ok(element) = element.dyn_into::<web_sys::HtmlElement>()
    {
        let _ = element.focus();
    }
}

/// How this copy of the app was delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuildKind {
    /// `dist/` on a web server: service worker, works offline after the first visit.
    Hosted,
    /// `./dev serve` (trunk's development server): no service worker.
    Development,
    /// `shinko.html`, one self-contained file opened from a folder (`file://`).
    SingleFile,
}

impl BuildKind {
    /// Read from the page's `<meta name="shinko-build">`, which `shinko-dist` writes
    /// (`hosted` or `single-file`), so one wasm serves every build.
    pub fn current() -> BuildKind {
        let content = document()
            .query_selector("meta[name=\"shinko-build\"]")
            .ok()
            .flatten()
            .and_then(|meta| meta.get_attribute("content"));
        match content.as_deref() {
            Some("hosted") => BuildKind::Hosted,
            Some("single-file") => BuildKind::SingleFile,
            _ => BuildKind::Development,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            BuildKind::Hosted => "ホスト版（Webページ）",
            BuildKind::Development => "開発版（./dev serve）",
            BuildKind::SingleFile => "1ファイル版（shinko.html）",
        }
    }
}

/// Whether keyboard focus is in a field that takes text (an `<input>` other than a button
/// or checkbox, a `<textarea>`, a `<select>` or editable content): there, keys such as
/// Ctrl+Z belong to the field.
pub fn typing_in_field() -> bool {
    let Some(active) = document().active_element() else {
        return false;
    };
    if let Some(input) = active.dyn_ref::<web_sys::HtmlInputElement>() {
        return !matches!(
            input.type_().as_str(),
            "button" | "checkbox" | "radio" | "submit" | "reset" | "file"
        );
    }
    active.dyn_ref::<web_sys::HtmlTextAreaElement>().is_some()
        || active.dyn_ref::<web_sys::HtmlSelectElement>().is_some()
        || active
            .dyn_ref::<web_sys::HtmlElement>()
            .is_some_and(web_sys::HtmlElement::is_content_editable)
}

/// Marks a moment of the start or of a view in the browser's performance timeline
/// (`performance.mark`), so the benchmark can say where the time goes. Costs nothing
/// noticeable; a browser without the API is simply skipped.
pub fn mark(name: &str) {
    if let Some(p) = leptos::prelude::window().performance() {
        let _ = p.mark(name);
    }
}

/// Runs `f` once the browser is idle after the next frames (`requestIdleCallback`, at most
/// a second later), or after 200 ms where there is no such API: for work that must not
/// delay the first paint.
pub fn when_idle(f: impl FnOnce() + 'static) {
    let window = leptos::prelude::window();
    let has_idle = js_sys::Reflect::has(&window, &"requestIdleCallback".into()).unwrap_or(false);
    if !has_idle {
        leptos::prelude::set_timeout(f, std::time::Duration::from_millis(200));
        return;
    }
    let callback = wasm_bindgen::closure::Closure::once_into_js(f);
    let options = web_sys::IdleRequestOptions::new();
    options.set_timeout(1000);
    // Present, so it does not throw.
    let _ = window.request_idle_callback_with_options(callback.unchecked_ref(), &options);
}
