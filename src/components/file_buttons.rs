use leptos::prelude::*;

use crate::storage::file_access::{supported, use_linked_files};
use crate::storage::import::use_importer;
use crate::storage::use_workspace;

/// 「ファイルを開く」: a plan file on a shared folder, opened so 「上書き保存」 can write it
/// back. Shown only where the browser can do it (Edge, Chrome).
#[component]
pub fn OpenFileButton() -> impl IntoView {
    if !supported() {
        return ().into_any();
    }
    let linked = use_linked_files();
    let importer = use_importer();
    view! {
        <button type="button" class="button" data-testid="file-open" on:click=move |_| linked.open(importer)>
            "ファイルを開く（共有フォルダのファイルを直接）"
        </button>
    }
    .into_any()
}

/// The plan's file: 「上書き保存」 to the file it was opened from (or 「名前を付けて保存」
/// to choose one), whether the browser holds changes the file does not, and the question
/// when the file changed on disk since.
#[component]
pub fn PlanFileButtons(plan_id: String) -> impl IntoView {
    if !supported() {
        return ().into_any();
    }
    let linked = use_linked_files();
    let store = use_workspace();
    let file = {
        let id = plan_id.clone();
        Memo::new(move |_| linked.files.with(|f| f.get(&id).cloned()))
    };
    let revision = {
        let id = plan_id.clone();
        Memo::new(move |_| store.workspace.with(|ws| ws.plan(&id).map(|p| p.revision)))
    };
    let conflict = {
        let id = plan_id.clone();
        move || {
            linked
                .conflict
                .get()
                .filter(|(p, _)| *p == id)
                .map(|(_, text)| text)
        }
    };
    let (save_id, overwrite_id, save_as_id) = (plan_id.clone(), plan_id.clone(), plan_id.clone());
    let state = move || {
        file.get().map(|f| {
            let unsaved = revision.get().is_some_and(|r| r != f.saved_revision);
            format!(
                "ファイル: {}{}",
                f.name,
                if unsaved {
                    "（ファイルに保存していない変更があります）"
                } else {
                    "（保存済み）"
                }
            )
        })
    };
    view! {
        <div class="file-buttons" role="group" aria-label="計画ファイル">
            <Show
                when=move || file.with(Option::is_some)
                fallback=move || {
                    let id = save_as_id.clone();
                    view! {
                        <button type="button" class="button" data-testid="file-save-as" on:click=move |_| linked.save_as(id.clone())>
                            "名前を付けて保存"
                        </button>
                    }
                }
            >
                <button type="button" class="button button--primary" data-testid="file-save" on:click={
                    let id = save_id.clone();
                    move |_| linked.save(id.clone(), false)
                }>
                    "上書き保存"
                </button>
            </Show>
            <span class="file-buttons__state" data-testid="file-state">{state}</span>
            <p class="file-buttons__message" role="status" data-testid="file-message">{move || linked.message.get()}</p>
            {move || conflict().map(|text| {
                let id = overwrite_id.clone();
                view! {
                    <div class="file-buttons__conflict" role="alert" data-testid="file-conflict">
                        <p>{text}</p>
                        <p>"ファイルの内容を確かめるには、「やめる」を選んでからファイルを読み込み、このブラウザの計画と見比べてください。"</p>
                        <button type="button" class="button button--danger" data-testid="file-overwrite" on:click=move |_| linked.save(id.clone(), true)>
                            "上書きする"
                        </button>
                        <button type="button" class="button" data-testid="file-cancel" on:click=move |_| linked.conflict.set(None)>
                            "やめる"
                        </button>
                    </div>
                }
            })}
        </div>
    }
    .into_any()
}
