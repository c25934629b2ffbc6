//! Plan files on a shared folder, opened and saved in place where the browser has the File
//! System Access API (Edge, Chrome): 「ファイルを開く」 links the plan to its file,
//! 「上書き保存」 writes the plan back, and a file changed on disk since it was opened or
//! last saved is not overwritten without asking. Elsewhere the buttons are not shown and
//! import (upload) and export (download) do the same job.
//!
//! The link lives in this tab's memory: a handle cannot be stored in localStorage, and
//! after a reload the browser asks again anyway.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::import::{ImportState, Importer};
use super::local::describe;
use super::{WorkspaceStore, clock};
use crate::domain::file::{export_plan, import_plan};
use crate::domain::plan::Plan;

/// A plan's file, as the UI shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkedFile {
    pub name: String,
    /// The file's `lastModified` when it was opened or last saved by this tab.
    pub last_modified: f64,
    /// The plan revision the file holds.
    pub saved_revision: u64,
}

/// A file opened and handed to the importer, linked once the plan it holds is stored.
struct Pending {
    plan: Plan,
    handle: web_sys::FileSystemFileHandle,
    file: LinkedFile,
}

/// The files linked to plans in this tab.
#[derive(Clone, Copy)]
pub struct LinkedFiles {
    pub files: RwSignal<BTreeMap<String, LinkedFile>>,
    /// A plan whose file changed on disk: 上書きする or やめる.
    pub conflict: RwSignal<Option<(String, String)>>,
    pub message: RwSignal<Option<String>>,
    handles: StoredValue<BTreeMap<String, web_sys::FileSystemFileHandle>, LocalStorage>,
    pending: StoredValue<Vec<Pending>, LocalStorage>,
    store: WorkspaceStore,
}

/// Whether this browser can open and save files in place.
pub fn supported() -> bool {
    js_sys::Reflect::has(&window(), &JsValue::from_str("showOpenFilePicker")).unwrap_or(false)
}

/// Ignores revision and times: what a file holds against what is stored.
fn same_content(a: &Plan, b: &Plan) -> bool {
    let strip = |p: &Plan| {
        let mut p = p.clone();
        p.revision = 0;
        p.created_at.clear();
        p.updated_at.clear();
        p
    };
    strip(a) == strip(b)
}

fn picker_options(suggested: Option<&str>) -> JsValue {
    let accept = js_sys::Object::new();
    let exts = js_sys::Array::of1(&JsValue::from_str(".json"));
    let _ = js_sys::Reflect::set(&accept, &JsValue::from_str("application/json"), &exts);
    let kind = js_sys::Object::new();
    let _ = js_sys::Reflect::set(
        &kind,
        &JsValue::from_str("description"),
        &JsValue::from_str("Shinko の計画ファイル"),
    );
    let _ = js_sys::Reflect::set(&kind, &JsValue::from_str("accept"), &accept);
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(
        &options,
        &JsValue::from_str("types"),
        &js_sys::Array::of1(&kind),
    );
    if let Some(name) = suggested {
        let _ = js_sys::Reflect::set(
            &options,
            &JsValue::from_str("suggestedName"),
            &JsValue::from_str(name),
        );
    }
    options.into()
}

/// Calls `window.<name>(options)` and awaits it. `Ok(None)`: the user closed the picker.
async fn call_picker(name: &str, options: JsValue) -> Result<Option<JsValue>, String> {
    let f = js_sys::Reflect::get(&window(), &JsValue::from_str(name))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or("このブラウザはファイルを直接開けません。データ管理の「ファイルを読み込む」を使ってください。")?;
    let promise = f
        .call1(&window(), &options)
        .map_err(|e| describe(&e))?
        .dyn_into::<js_sys::Promise>()
        .map_err(|_| "ファイルを選ぶ画面を開けませんでした。".to_owned())?;
    match JsFuture::from(promise).await {
        Ok(v) => Ok(Some(v)),
        Err(e) if describe(&e).starts_with("AbortError") => Ok(None),
        Err(e) => Err(format!("ファイルを選べませんでした（{}）。", describe(&e))),
    }
}

async fn read_file(handle: &web_sys::FileSystemFileHandle) -> Result<web_sys::File, String> {
    JsFuture::from(handle.get_file())
        .await
        .and_then(|f| f.dyn_into::<web_sys::File>())
        .map_err(|e| {
            format!(
                "ファイルを読めませんでした（{}）。共有フォルダに接続できているか、ファイルが移動・削除されていないか確かめてください。",
                describe(&e)
            )
        })
}

async fn write_file(handle: &web_sys::FileSystemFileHandle, text: &str) -> Result<(), String> {
    let fail = |e: JsValue| {
        format!(
            "ファイルに保存できませんでした（{}）。書き込みの許可、共有フォルダへの接続、ほかの人がファイルを開いていないかを確かめてください。作業内容はこのブラウザに残っています。",
            describe(&e)
        )
    };
    let stream = JsFuture::from(handle.create_writable())
        .await
        .map_err(fail)?
        .dyn_into::<web_sys::FileSystemWritableFileStream>()
        .map_err(fail)?;
    let written = stream.write_with_str(text).map_err(fail)?;
    JsFuture::from(written).await.map_err(fail)?;
    JsFuture::from(stream.close()).await.map_err(fail)?;
    Ok(())
}

impl LinkedFiles {
    pub fn provide(store: WorkspaceStore) -> LinkedFiles {
        let linked = LinkedFiles {
            files: RwSignal::new(BTreeMap::new()),
            conflict: RwSignal::new(None),
            message: RwSignal::new(None),
            handles: StoredValue::new_local(BTreeMap::new()),
            pending: StoredValue::new_local(Vec::new()),
            store,
        };
        // A file waiting for the same-id answer is linked once its plan is stored as the
        // file has it; dropped when the import ends otherwise.
        let importer = expect_context::<Importer>();
        Effect::new(move |_| {
            let state = importer.state.get();
            store.workspace.track();
            if matches!(state, ImportState::Reading(_) | ImportState::SameId { .. }) {
                return;
            }
            let pending = linked
                .pending
                .try_update_value(std::mem::take)
                .unwrap_or_default();
            for p in pending {
                let stored = store.workspace.with_untracked(|ws| {
                    ws.plan(&p.plan.id)
                        .filter(|s| same_content(s, &p.plan))
                        .map(|s| s.revision)
                });
                if let Some(revision) = stored {
                    linked.link(
                        p.plan.id.clone(),
                        p.handle,
                        LinkedFile {
                            saved_revision: revision,
                            ..p.file
                        },
                    );
                }
            }
        });
        provide_context(linked);
        linked
    }

    fn link(&self, plan_id: String, handle: web_sys::FileSystemFileHandle, file: LinkedFile) {
        self.handles.update_value(|h| {
            h.insert(plan_id.clone(), handle);
        });
        self.files.update(|f| {
            f.insert(plan_id, file);
        });
    }

    /// 「ファイルを開く」: pick a plan file, import it (with the same-id question when
    /// needed) and link the plan to the file.
    pub fn open(self, importer: Importer) {
        spawn_local(async move {
            let picked = match call_picker("showOpenFilePicker", picker_options(None)).await {
                Ok(Some(v)) => v,
                Ok(None) => return,
                Err(e) => return self.message.set(Some(e)),
            };
            let Some(handle) = js_sys::Array::from(&picked)
                .get(0)
                .dyn_into::<web_sys::FileSystemFileHandle>()
                .ok()
            else {
                return;
            };
            let file = match read_file(&handle).await {
                Ok(f) => f,
                Err(e) => return self.message.set(Some(e)),
            };
            let name = file.name();
            let last_modified = file.last_modified();
            let bytes = match JsFuture::from(file.array_buffer()).await {
                Ok(b) => js_sys::Uint8Array::new(&b).to_vec(),
                Err(e) => {
                    return self.message.set(Some(format!(
                        "ファイルを読めませんでした（{}）。",
                        describe(&e)
                    )));
                }
            };
            // A plan file is linked once stored; any other file is simply imported.
            if let Ok(envelope) = import_plan(&bytes) {
                self.pending.update_value(|p| {
                    p.push(Pending {
                        plan: envelope.data,
                        handle,
                        file: LinkedFile {
                            name: name.clone(),
                            last_modified,
                            saved_revision: 0,
                        },
                    })
                });
            }
            self.message.set(None);
            importer.import_bytes(&name, &bytes);
        });
    }

    /// 「上書き保存」: writes the plan to its file, unless the file changed on disk since
    /// it was opened or saved here and `force` is false (then asks).
    pub fn save(self, plan_id: String, force: bool) {
        let Some(handle) = self.handles.with_value(|h| h.get(&plan_id).cloned()) else {
            return;
        };
        let Some(linked) = self.files.with_untracked(|f| f.get(&plan_id).cloned()) else {
            return;
        };
        spawn_local(async move {
            let on_disk = match read_file(&handle).await {
                Ok(f) => f.last_modified(),
                Err(e) => return self.message.set(Some(e)),
            };
            if !force && on_disk != linked.last_modified {
                let when = js_sys::Date::new(&JsValue::from_f64(on_disk));
                let text = format!(
                    "「{}」は、開いた（保存した）後にほかの場所で変更されています（ファイルの更新日時 {}）。上書きすると、その変更は失われます。",
                    linked.name,
                    String::from(when.to_locale_string("ja-JP", &JsValue::UNDEFINED))
                );
                self.conflict.set(Some((plan_id, text)));
                return;
            }
            self.write(plan_id, handle, linked.name).await;
        });
    }

    /// 「名前を付けて保存」: choose a file (on a shared folder) and link the plan to it.
    pub fn save_as(self, plan_id: String) {
        let now = clock::now();
        let Some(file) = self
            .store
            .workspace
            .with_untracked(|ws| ws.plan(&plan_id).and_then(|p| export_plan(p, &now).ok()))
        else {
            return;
        };
        spawn_local(async move {
            let picked = match call_picker(
                "showSaveFilePicker",
                picker_options(Some(&file.file_name)),
            )
            .await
            {
                Ok(Some(v)) => v,
                Ok(None) => return,
                Err(e) => return self.message.set(Some(e)),
            };
            let Ok(handle) = picked.dyn_into::<web_sys::FileSystemFileHandle>() else {
                return;
            };
            let name = js_sys::Reflect::get(&handle, &JsValue::from_str("name"))
                .ok()
                .and_then(|n| n.as_string())
                .unwrap_or(file.file_name);
            self.write(plan_id, handle, name).await;
        });
    }

    async fn write(self, plan_id: String, handle: web_sys::FileSystemFileHandle, name: String) {
        let now = clock::now();
        let Some((file, revision)) = self.store.workspace.with_untracked(|ws| {
            ws.plan(&plan_id)
                .and_then(|p| export_plan(p, &now).ok().map(|f| (f, p.revision)))
        }) else {
            return self
                .message
                .set(Some("保存する計画が見つかりません。".into()));
        };
        if let Err(e) = write_file(&handle, &file.contents).await {
            return self.message.set(Some(e));
        }
        let last_modified = match read_file(&handle).await {
            Ok(f) => f.last_modified(),
            Err(e) => return self.message.set(Some(e)),
        };
        self.conflict.set(None);
        self.message.set(Some(format!(
            "「{name}」に保存しました（{}）。",
            clock::short(&now)
        )));
        self.link(
            plan_id,
            handle,
            LinkedFile {
                name,
                last_modified,
                saved_revision: revision,
            },
        );
    }
}

pub fn use_linked_files() -> LinkedFiles {
    expect_context::<LinkedFiles>()
}
