use leptos::prelude::*;

use crate::domain::file::export_plan;
use crate::storage::clock::{now, short};
use crate::storage::download::download;
use crate::storage::use_workspace;

/// The plans stored in this browser: export each, and its rolling backups (restore or
/// download).
#[component]
pub fn DataPlans() -> impl IntoView {
    let store = use_workspace();
    let message = RwSignal::new(None::<String>);
    let ids = Memo::new(move |_| {
        store.workspace.with(|ws| {
            let mut ids: Vec<String> = ws.plans.iter().map(|p| p.id.clone()).collect();
            // Plans removed or set aside but with backups: listed so they can come back.
            for id in ws.backups.keys() {
                if !ids.contains(id) {
                    ids.push(id.clone());
                }
            }
            ids
        })
    });
    let export = move |id: String| {
        let Some(plan) = store.plan(&id) else { return };
        let result = export_plan(&plan, &now())
            .map_err(|e| e.to_string())
            .and_then(|file| download(&file).map_err(|e| e.to_string()));
        message.set(result.err());
    };
    let restore = move |id: String, index: usize| {
        message.set(Some(
            match store.perform(|ws, now| ws.restore_backup(&id, index, now)) {
                Ok(_) => "バックアップを復元しました。復元する前の版はバックアップに移しました。「元に戻す」（Ctrl+Z）で復元を取り消せます。".to_owned(),
                Err(e) => e,
            },
        ));
    };
    let note = RwSignal::new(String::new());
    let backup_now = move |id: String| {
        let text = note.get_untracked();
        let mut outcome = None;
        store.change(|ws, now| match ws.backup_now(&id, &text, now) {
            Ok(changed) => {
                outcome = Some(Ok(()));
                changed.keys
            }
            Err(e) => {
                outcome = Some(Err(e.to_string()));
                Vec::new()
            }
        });
        match outcome {
            Some(Ok(())) => {
                note.set(String::new());
                message.set(Some("今の版をバックアップしました。".to_owned()));
            }
            Some(Err(e)) => message.set(Some(e)),
            None => {}
        }
    };
    let download_backup = move |id: String, index: usize| {
        let plan = store
            .workspace
            .with_untracked(|ws| ws.backups_of(&id).get(index).map(|b| b.plan.clone()));
        if let Some(plan) = plan {
            let result = export_plan(&plan, &now())
                .map_err(|e| e.to_string())
                .and_then(|file| download(&file).map_err(|e| e.to_string()));
            message.set(result.err());
        }
    };
    let row = move |id: String| {
        let title = store.workspace.with(|ws| {
            ws.plan(&id)
                .map(|p| {
                    format!(
                        "{}（版 {}・更新 {}）",
                        p.title,
                        p.revision,
                        short(&p.updated_at)
                    )
                })
                .unwrap_or_else(|| "（削除済み・バックアップのみ）".to_owned())
        });
        let present = store.workspace.with(|ws| ws.plan(&id).is_some());
        let backups = store.workspace.with(|ws| ws.backups_of(&id).to_vec());
        let (eid, lid, bid) = (id.clone(), id.clone(), id.clone());
        view! {
            <li class="data-plan" data-testid=format!("stored-plan-{id}")>
                <p class="data-plan__head">
                    <span class="data-plan__title" data-testid=format!("stored-plan-title-{id}")>{title}</span>
                    <Show when=move || present>
                        <a class="button" href=format!("#/plans/{lid}")>"開く"</a>
                        <button type="button" class="button" data-testid=format!("export-plan-{eid}")
                            on:click={let id = eid.clone(); move |_| export(id.clone())}>
                            "ファイルに書き出す"
                        </button>
                    </Show>
                </p>
                <Show when=move || present>
                    <form class="data-plan__backup-now" on:submit={let id = bid.clone(); move |e: leptos::ev::SubmitEvent| {
                        e.prevent_default();
                        backup_now(id.clone());
                    }}>
                        <label for=format!("backup-note-{bid}")>"メモ（任意）"</label>
                        <input type="text" id=format!("backup-note-{bid}") data-testid=format!("backup-note-{bid}")
                            prop:value=move || note.get() on:input=move |e| note.set(event_target_value(&e)) />
                        <button type="submit" class="button" data-testid=format!("backup-now-{bid}")>"今の版をバックアップ"</button>
                    </form>
                </Show>
                <details class="data-plan__backups">
                    <summary data-testid=format!("backups-toggle-{id}")>
                        {format!("バックアップ（{}件）", backups.len())}
                    </summary>
                    <ol data-testid=format!("backups-{id}")>
                        {backups.into_iter().enumerate().map(|(i, b)| {
                            let (rid, did) = (id.clone(), id.clone());
                            view! {
                                <li class="data-backup" data-testid=format!("backup-{id}-{i}")>
                                    <span class="tabular">{short(&b.saved_at)}</span>" "
                                    <span>{format!("{}：{}", b.reason.label(), b.summary)}</span>" "
                                    {(!b.note.is_empty()).then(|| view! { <span class="data-backup__note">"メモ: "<bdi>{b.note.clone()}</bdi></span>" " })}
                                    <button type="button" class="button" data-testid=format!("backup-restore-{id}-{i}")
                                        on:click=move |_| restore(rid.clone(), i)>"復元する"</button>
                                    <button type="button" class="button" data-testid=format!("backup-download-{id}-{i}")
                                        on:click=move |_| download_backup(did.clone(), i)>"ファイルに書き出す"</button>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                </details>
            </li>
        }
    };
    view! {
        <section class="data-section" aria-labelledby="data-plans-heading">
            <h2 id="data-plans-heading">"このブラウザに保存した計画"</h2>
            {move || message.get().map(|m| view! { <p role="status" data-testid="data-plans-message">{m}</p> })}
            <Show
                when=move || !ids.get().is_empty()
                fallback=|| view! { <p data-testid="stored-plans-empty">"保存した計画はまだありません。"</p> }
            >
                <ul class="data-plans" data-testid="stored-plans">
                    <For each=move || ids.get() key=|id| id.clone() let:id>
                        {move || row(id.clone())}
                    </For>
                </ul>
            </Show>
        </section>
    }
}
