use leptos::prelude::*;

use crate::domain::file::export::export_catalogue_entry;
use crate::domain::workspace::Stored;
use crate::storage::clock::now;
use crate::storage::download::download;
use crate::storage::use_workspace;

/// The subsidy catalogues stored in this browser, each with its export.
#[component]
pub fn DataCatalogues() -> impl IntoView {
    let store = use_workspace();
    let message = RwSignal::new(None::<String>);
    let summaries = move || {
        store.workspace.with(|ws| {
            ws.catalogues
                .iter()
                .map(Stored::summary)
                .collect::<Vec<_>>()
        })
    };
    let export = move |id: String| {
        let entry = store
            .workspace
            .with_untracked(|ws| ws.catalogue(&id).cloned());
        if let Some(entry) = entry {
            let result = export_catalogue_entry(&entry, &now())
                .map_err(|e| e.to_string())
                .and_then(|file| download(&file).map_err(|e| e.to_string()));
            message.set(result.err());
        }
    };
    view! {
        <Show when=move || store.workspace.with(|ws| !ws.catalogues.is_empty())>
            <section class="data-section" aria-labelledby="data-catalogues-heading">
                <h2 id="data-catalogues-heading">"このブラウザに保存した補助金カタログ"</h2>
                {move || message.get().map(|m| view! { <p role="alert">{m}</p> })}
                <ul class="data-plans" data-testid="stored-catalogues">
                    <For each=summaries key=|s| (s.id.clone(), s.revision) let:s>
                        <li class="data-plan" data-testid=format!("stored-catalogue-{}", s.id)>
                            <p class="data-plan__head">
                                <span class="data-plan__title">{s.to_string()}</span>
                                <button type="button" class="button"
                                    data-testid=format!("export-catalogue-{}", s.id)
                                    on:click={let id = s.id.clone(); move |_| export(id.clone())}>
                                    "ファイルに書き出す"
                                </button>
                            </p>
                        </li>
                    </For>
                </ul>
            </section>
        </Show>
    }
}
