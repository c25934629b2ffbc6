//! `navigator.storage`: asking for persistent storage (so the browser does not evict the
//! working copy under pressure) and the usage estimate. Either may be missing (older
//! browsers, some `file://` pages): that is a state to show, not an error.

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::StorageManager;

/// Whether the browser keeps this site's storage even when disk space is short.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Persistence {
    Asking,
    Granted,
    Denied,
    Unsupported,
}

impl Persistence {
    pub fn label(self) -> &'static str {
        match self {
            Persistence::Asking => "確認中",
            Persistence::Granted => {
                "許可されています（ディスクが足りなくなっても、ブラウザがデータを消しません）"
            }
            Persistence::Denied => {
                "許可されていません（ディスクが足りなくなると、ブラウザがデータを消すことがあります。ファイルへの書き出しをこまめに行ってください）"
            }
            Persistence::Unsupported => {
                "このブラウザでは確認できません（ファイルへの書き出しをこまめに行ってください）"
            }
        }
    }
}

fn manager() -> Option<StorageManager> {
    let navigator = web_sys::window()?.navigator();
    let value = Reflect::get(&navigator, &JsValue::from_str("storage")).ok()?;
    if value.is_undefined() || value.is_null() {
        return None;
    }
    value.dyn_into::<StorageManager>().ok()
}

async fn resolve_bool(promise: Result<js_sys::Promise, JsValue>) -> Option<bool> {
    JsFuture::from(promise.ok()?).await.ok()?.as_bool()
}

/// Asks once: already persisted, or asks for it.
pub async fn request() -> Persistence {
    let Some(manager) = manager() else {
        return Persistence::Unsupported;
    };
    if resolve_bool(manager.persisted()).await == Some(true) {
        return Persistence::Granted;
    }
    match resolve_bool(manager.persist()).await {
        Some(true) => Persistence::Granted,
        Some(false) => Persistence::Denied,
        None => Persistence::Unsupported,
    }
}

/// `(usage, quota)` in bytes for the whole site, if the browser says.
pub async fn estimate() -> Option<(f64, f64)> {
    let estimate = JsFuture::from(manager()?.estimate().ok()?).await.ok()?;
    let number = |name: &str| {
        Reflect::get(&estimate, &JsValue::from_str(name))
            .ok()?
            .as_f64()
    };
    Some((number("usage")?, number("quota")?))
}
