//! localStorage, through web-sys, with every failure as a [`StorageError`]: nothing here
//! panics, and a browser exception (QuotaExceededError) is caught here, never logged.

use wasm_bindgen::JsValue;

use crate::domain::workspace::keys;

/// Why the browser's storage could not be read or written. Nothing else was changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StorageError {
    #[error(
        "このブラウザでは保存領域（localStorage）を使えません（{0}）。内容はこの画面を閉じると失われます。「バックアップを書き出す」でファイルに保存してください。"
    )]
    Unavailable(String),
    #[error(
        "ブラウザの保存領域がいっぱいで保存できませんでした。内容はこの画面には残っていますが、閉じると失われます。今すぐ「バックアップを書き出す」でファイルに保存し、不要な計画やバックアップを削除してください。保存済みのデータは変更していません。"
    )]
    QuotaExceeded,
    #[error("保存できませんでした（{0}）。保存済みのデータは変更していません。")]
    WriteFailed(String),
    #[error(
        "保存した内容を読み直すと一致しませんでした（{0}）。ブラウザの保存領域に問題がある可能性があります。「バックアップを書き出す」でファイルに保存してください。"
    )]
    VerifyFailed(String),
}

/// `name: message` of a thrown DOMException or Error.
pub fn describe(error: &JsValue) -> String {
    let field = |name: &str| {
        js_sys::Reflect::get(error, &JsValue::from_str(name))
            .ok()
            .and_then(|v| v.as_string())
    };
    match (field("name"), field("message")) {
        (Some(n), Some(m)) => format!("{n}: {m}"),
        (Some(n), None) => n,
        _ => error
            .as_string()
            .unwrap_or_else(|| "不明なエラー".to_owned()),
    }
}

fn is_quota(error: &JsValue) -> bool {
    js_sys::Reflect::get(error, &JsValue::from_str("name"))
        .ok()
        .and_then(|v| v.as_string())
        .is_some_and(|n| n == "QuotaExceededError" || n == "NS_ERROR_DOM_QUOTA_REACHED")
}

pub fn storage() -> Result<web_sys::Storage, StorageError> {
    let window =
        web_sys::window().ok_or_else(|| StorageError::Unavailable("window なし".to_owned()))?;
    window
        .local_storage()
        .map_err(|e| StorageError::Unavailable(describe(&e)))?
        .ok_or_else(|| StorageError::Unavailable("localStorage なし".to_owned()))
}

/// Every `shinko.` key with its value.
pub fn entries() -> Result<Vec<(String, String)>, StorageError> {
    let storage = storage()?;
    let len = storage
        .length()
        .map_err(|e| StorageError::Unavailable(describe(&e)))?;
    let mut out = Vec::new();
    for i in 0..len {
        let Ok(Some(key)) = storage.key(i) else {
            continue;
        };
        if !key.starts_with(keys::APP_PREFIX) {
            continue;
        }
        if let Ok(Some(value)) = storage.get_item(&key) {
            out.push((key, value));
        }
    }
    Ok(out)
}

pub fn get(key: &str) -> Result<Option<String>, StorageError> {
    storage()?
        .get_item(key)
        .map_err(|e| StorageError::Unavailable(describe(&e)))
}

/// Writes `value` and reads it back.
pub fn set_verified(key: &str, value: &str) -> Result<(), StorageError> {
    let storage = storage()?;
    storage.set_item(key, value).map_err(|e| {
        if is_quota(&e) {
            StorageError::QuotaExceeded
        } else {
            StorageError::WriteFailed(describe(&e))
        }
    })?;
    match storage.get_item(key) {
        Ok(Some(back)) if back == value => Ok(()),
        _ => Err(StorageError::VerifyFailed(key.to_owned())),
    }
}

pub fn remove(key: &str) -> Result<(), StorageError> {
    storage()?
        .remove_item(key)
        .map_err(|e| StorageError::WriteFailed(describe(&e)))
}

/// Bytes the Shinko keys take (UTF-16, as browsers count the quota).
pub fn shinko_bytes() -> usize {
    entries()
        .unwrap_or_default()
        .iter()
        .map(|(k, v)| (k.encode_utf16().count() + v.encode_utf16().count()) * 2)
        .sum()
}
