use leptos::prelude::*;

use crate::storage::clock::short;
use crate::storage::download::download;
use crate::storage::use_workspace;

/// What could not be read at startup: each value set aside with its errors and its raw text
/// to download; values from a newer Shinko, left untouched.
#[component]
pub fn DataSetAside() -> impl IntoView {
    let store = use_workspace();
    let message = RwSignal::new(None::<String>);
    let report = move || store.report.get();
    view! {
        <Show when=move || { let r = report(); !r.set_aside.is_empty() || !r.too_new.is_empty() || r.storage_error.is_some() }>
            <section class="data-section data-section--warning" aria-labelledby="data-set-aside-heading" data-testid="set-aside">
                <h2 id="data-set-aside-heading">"読めなかったデータ"</h2>
                <p>
                    "次のデータは読めなかったため、ほかのデータとは別に退避しました（消してはいません）。"
                    "元のデータをファイルに書き出して、担当者に確認してください。"
                </p>
                {move || report().storage_error.map(|e| view! { <p role="alert">{e}</p> })}
                {move || message.get().map(|m| view! { <p role="alert">{m}</p> })}
                <ul>
                    {move || report().set_aside.into_iter().enumerate().map(|(i, item)| {
                        let record = item.record.clone();
                        let save = move |_| message.set(download(&record.download()).err().map(|e| e.to_string()));
                        view! {
                            <li class="set-aside-item" data-testid=format!("set-aside-{i}")>
                                <p>
                                    <strong>{item.record.original_key.clone()}</strong>
                                    {format!("（{}に退避{}）", short(&item.record.quarantined_at),
                                        if item.moved { "" } else { "。保存領域が足りず元の場所に残しています" })}
                                </p>
                                <ul data-testid=format!("set-aside-problems-{i}")>
                                    {item.record.problems.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}
                                </ul>
                                <button type="button" class="button" data-testid=format!("set-aside-download-{i}") on:click=save>
                                    "元のデータをファイルに書き出す"
                                </button>
                            </li>
                        }
                    }).collect_view()}
                    {move || report().too_new.into_iter().map(|(key, message)| view! {
                        <li class="set-aside-item" data-testid="too-new">
                            <p><strong>{key}</strong></p>
                            <p>{message}</p>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        </Show>
        <Show when=move || !report().unknown.is_empty()>
            <section class="data-section" aria-labelledby="data-load-notes-heading" data-testid="load-notes">
                <h2 id="data-load-notes-heading">"読み込まなかったデータ"</h2>
                <p>"次のデータは Shinko の別の形式のもので、読み込まずにそのまま残しています（消してはいません）。"</p>
                <ul data-testid="load-unknown">
                    {move || report().unknown.into_iter().map(|key| view! { <li><code>{key}</code></li> }).collect_view()}
                </ul>
            </section>
        </Show>
    }
}
