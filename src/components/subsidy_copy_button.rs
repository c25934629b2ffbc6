use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue, closure::Closure};
use web_sys::js_sys::{Array, Function, Promise, Reflect};

/// 「計算過程をコピー」: puts the calculation as plain text on the clipboard for the 起案,
/// and says in a status message whether it worked. Shown only when there is a result.
#[component]
pub fn SubsidyCopyButton(#[prop(into)] text: Signal<Option<String>>) -> impl IntoView {
    // The text the last attempt copied and whether it succeeded: the message is shown only
    // while the result is still that text, so it never speaks of an older result.
    let last = RwSignal::new(None::<(String, bool)>);
    let copy = move |_| {
        let Some(copied) = text.get_untracked() else {
            return;
        };
        let for_status = copied.clone();
        write_clipboard(&copied, move |ok| {
            // The view may be gone by the time the browser answers.
            let _ = last.try_set(Some((for_status, ok)));
        });
    };
    let status = move || {
        last.with(|l| match l {
            Some((copied, ok)) if text.with(|t| t.as_ref() == Some(copied)) => Some(*ok),
            _ => None,
        })
    };
    view! {
        <div class="subsidy-copy">
            <Show when=move || text.with(Option::is_some)>
                <button
                    type="button"
                    class="button button--primary"
                    data-testid="subsidy-copy"
                    on:click=copy
                >
                    "計算過程をコピー"
                </button>
            </Show>
            <p class="subsidy-copy__status" role="status" data-testid="subsidy-copy-status">
                {move || match status() {
                    Some(true) => "計算過程をコピーしました。起案に貼り付けられます。",
                    Some(false) => {
                        concat!(
                            "コピーできませんでした（このブラウザではクリップボードに書き込めません）。",
                            "計算過程の文章を選択して Ctrl+C でコピーしてください。",
                        )
                    }
                    None => "",
                }}
            </p>
        </div>
    }
}

/// Writes `text` with `navigator.clipboard.writeText` and calls `done` once with whether it
/// worked. Without the API (a page served over plain http) it reports failure at once.
fn write_clipboard(text: &str, done: impl FnOnce(bool) + 'static) {
    let Some(clipboard) = clipboard() else {
        done(false);
        return;
    };
    let written = clipboard.write_text(text);
    // allSettled never rejects, so the single callback always runs exactly once (and frees
    // itself); a rejected write is therefore never an uncaught error in the console.
    let settled = Promise::all_settled(&Array::of1(&written));
    let on_settled = Closure::<dyn FnMut(JsValue)>::once_into_js(move |results: JsValue| {
        let fulfilled = Array::from(&results).get(0);
        let status = Reflect::get(&fulfilled, &JsValue::from_str("status"))
            .ok()
            .and_then(|s| s.as_string());
        done(status.as_deref() == Some("fulfilled"));
    });
    let attached = Reflect::get(&settled, &JsValue::from_str("then"))
        .and_then(|then| then.dyn_into::<Function>())
        .and_then(|then| then.call1(&settled, &on_settled));
    if attached.is_err() {
        leptos::logging::warn!("クリップボードの結果を受け取れません");
    }
}

fn clipboard() -> Option<web_sys::Clipboard> {
    let navigator = window().navigator();
    let value = Reflect::get(&navigator, &JsValue::from_str("clipboard")).ok()?;
    if value.is_undefined() || value.is_null() {
        return None;
    }
    value.dyn_into::<web_sys::Clipboard>().ok()
}
