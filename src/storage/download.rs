//! Downloads through a Blob, an object URL and `<a download>`: works from `file://` and
//! under the strict CSP, and needs no server.

use std::time::Duration;

use leptos::prelude::{WithUntracked, document, set_timeout};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

use super::local::describe;
use crate::domain::file::ExportedFile;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DownloadError {
    #[error(
        "ファイルをダウンロードできませんでした（{0}）。ブラウザのダウンロードの設定を確認してください。データは変更していません。"
    )]
    Browser(String),
}

/// Saves `file` through the browser's download.
pub fn download(file: &ExportedFile) -> Result<(), DownloadError> {
    let err = |e: JsValue| DownloadError::Browser(describe(&e));
    let parts = js_sys::Array::of1(&JsValue::from_str(&file.contents));
    let options = BlobPropertyBag::new();
    options.set_type(&format!("{};charset=utf-8", file.mime_type));
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(err)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(err)?;
    let anchor: HtmlAnchorElement = document()
        .create_element("a")
        .map_err(err)?
        .dyn_into()
        .map_err(|_| DownloadError::Browser("a 要素を作れません".to_owned()))?;
    anchor.set_href(&url);
    anchor.set_download(&file.file_name);
    let body = document()
        .body()
        .ok_or_else(|| DownloadError::Browser("body なし".to_owned()))?;
    body.append_child(&anchor).map_err(err)?;
    anchor.click();
    anchor.remove();
    // The download has started by now; revoke later so slow PCs still get the file.
    set_timeout(
        move || {
            let _ = Url::revoke_object_url(&url);
        },
        Duration::from_secs(30),
    );
    Ok(())
}

/// The whole workspace as a backup file, downloaded now. Returns the message to show on
/// failure.
pub fn download_workspace(store: super::WorkspaceStore) -> Result<(), String> {
    let now = super::clock::now();
    let file = store
        .workspace
        .with_untracked(|ws| crate::domain::file::export_workspace(ws, &now))
        .map_err(|e| e.to_string())?;
    download(&file).map_err(|e| e.to_string())
}
