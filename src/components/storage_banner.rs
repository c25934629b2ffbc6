use leptos::prelude::*;

use crate::storage::download::download_workspace;
use crate::storage::external::{keep_ours, save_ours_as_copy, take_stored};
use crate::storage::save::retry;
use crate::storage::{SaveFailure, SaveState, use_workspace};

/// Why the work is not saved and what to do: the backup download when storage is full, the
/// choice between two versions when another tab saved a newer one.
#[component]
pub fn StorageBanner() -> impl IntoView {
    let store = use_workspace();
    let download_error = RwSignal::new(None::<String>);
    let backup = move |_| download_error.set(download_workspace(store).err());
    let failure = move || match store.save_state.get() {
        SaveState::Failed(f) => Some(f),
        _ => None,
    };
    let body = move || {
        failure().map(|f| match f {
            SaveFailure::Quota(message) => view! {
                <p data-testid="storage-message">{message}</p>
                <p class="storage-banner__actions">
                    <button type="button" class="button button--primary" data-testid="quota-backup" on:click=backup>
                        "バックアップを書き出す"
                    </button>
                    <button type="button" class="button" data-testid="save-retry" on:click=move |_| retry(store)>
                        "もう一度保存"
                    </button>
                </p>
            }
            .into_any(),
            SaveFailure::Conflict { key, message } => {
                // Plans keep rolling backups; catalogues do not, so their labels say what is lost.
                let plan = matches!(key, crate::domain::workspace::StorageKey::Plan(_));
                let (take_label, keep_label) = if plan {
                    (
                        "保存済みの版を表示する（この画面の版はバックアップへ）",
                        "この画面の版で上書きする（保存済みの版はバックアップへ）",
                    )
                } else {
                    (
                        "保存済みの版を表示する（この画面の変更は失われます）",
                        "この画面の版で上書きする（別のタブの変更は失われます）",
                    )
                };
                let (a, b, c) = (key.clone(), key.clone(), key);
                view! {
                    <p data-testid="storage-message">{message}</p>
                    <p class="storage-banner__actions">
                        <button type="button" class="button" data-testid="conflict-take-stored"
                            on:click=move |_| take_stored(store, &a)>
                            {take_label}
                        </button>
                        <button type="button" class="button" data-testid="conflict-keep-ours"
                            on:click=move |_| keep_ours(store, &b)>
                            {keep_label}
                        </button>
                        {plan.then(|| view! {
                            <button type="button" class="button" data-testid="conflict-save-as-copy"
                                on:click=move |_| save_ours_as_copy(store, &c)>
                                "この画面の版を別の計画として保存する"
                            </button>
                        })}
                        <button type="button" class="button" data-testid="conflict-backup" on:click=backup>
                            "バックアップを書き出す"
                        </button>
                    </p>
                }
                .into_any()
            }
            SaveFailure::Other(message) => view! {
                <p data-testid="storage-message">{message}</p>
                <p class="storage-banner__actions">
                    <button type="button" class="button" data-testid="other-backup" on:click=backup>
                        "バックアップを書き出す"
                    </button>
                    <button type="button" class="button" data-testid="save-retry" on:click=move |_| retry(store)>
                        "もう一度保存"
                    </button>
                </p>
            }
            .into_any(),
        })
    };
    view! {
        <Show when=move || failure().is_some()>
            <div class="storage-banner" role="alert" data-testid="storage-banner">
                <h2 class="storage-banner__title">"作業内容を保存できていません"</h2>
                {body}
                {move || download_error.get().map(|e| view! { <p data-testid="download-error">{e}</p> })}
            </div>
        </Show>
        {move || store.notice.get().map(|message| view! {
            <div class="storage-banner" role="alert" data-testid="storage-notice">
                <p>{message}</p>
                <button type="button" class="button" on:click=move |_| store.notice.set(None)>"閉じる"</button>
            </div>
        })}
    }
}
