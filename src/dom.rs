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
