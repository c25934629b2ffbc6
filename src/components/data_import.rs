use leptos::prelude::*;

use crate::components::file_buttons::OpenFileButton;
use web_sys::HtmlInputElement;

use crate::domain::file::MAX_FILE_SIZE_LABEL;
use crate::domain::workspace::{ImportAction, ImportChoice, PlanSummary};
use crate::storage::clock::short;
use crate::storage::import::{ImportState, use_importer};

fn summary_row(label: &'static str, s: &PlanSummary, testid: &'static str) -> impl IntoView {
    view! {
        <tr data-testid=testid>
            <th scope="row">{label}</th>
            <td>{s.title.clone()}</td>
            <td class="tabular">{s.revision}</td>
            <td class="tabular">{short(&s.updated_at)}</td>
            <td class="tabular">{s.nodes}</td>
            <td class="tabular">{s.kpis}</td>
        </tr>
    }
}

/// 「ファイルを読み込む」: any Shinko file, with every error and its problems listed, and
/// the choice when a plan with the same id is already here.
#[component]
pub fn DataImport() -> impl IntoView {
    let importer = use_importer();
    let on_change = move |ev: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            importer.import_file(file);
        }
        // The same file can be chosen again after fixing it.
        input.set_value("");
    };
    let status = move || {
        match importer.state.get() {
        ImportState::Idle => ().into_any(),
        ImportState::Reading(name) => {
            view! { <p data-testid="import-reading">{format!("「{name}」を読み込んでいます…")}</p> }
                .into_any()
        }
        ImportState::Done(message) => view! {
            <p class="import-result import-result--ok" role="status" data-testid="import-done">
                <span aria-hidden="true">"✓ "</span>{message}
            </p>
        }
        .into_any(),
        ImportState::Failed { file_name, message, problems } => view! {
            <div class="import-result import-result--error" role="alert" data-testid="import-error">
                <h3>{format!("✕ 「{file_name}」を読み込めませんでした（何も変更していません）")}</h3>
                <p class="import-result__message" data-testid="import-error-message">{message}</p>
                <Show when={let n = problems.len(); move || n > 0}>
                    <ul class="import-problems" data-testid="import-problems">
                        {problems.iter().map(|(path, message)| view! {
                            <li><code>{path.clone()}</code>": "{message.clone()}</li>
                        }).collect_view()}
                    </ul>
                </Show>
            </div>
        }
        .into_any(),
        ImportState::SameId { file_name, incoming, current, incoming_summary, relation, diff } => {
            let plan = StoredValue::new(*incoming);
            let choose = move |action| importer.apply(plan.get_value(), action);
            let buttons = ImportChoice::safe_order(relation)
                .into_iter()
                .enumerate()
                .map(|(i, action)| {
                    let (label, testid) = match action {
                        ImportAction::Replace => ("置き換える（今の版はバックアップへ）", "import-replace"),
                        ImportAction::ImportAsCopy => ("別の計画として取り込む", "import-as-copy"),
                        ImportAction::Cancel => ("取り込まない（今の版を残す）", "import-cancel"),
                    };
                    let class = if i == 0 { "button button--primary" } else { "button" };
                    view! {
                        <button type="button" class=class data-testid=testid
                            on:click=move |_| choose(action)>
                            {label}
                            {(i == 0).then_some("（おすすめ）")}
                        </button>
                    }
                })
                .collect_view();
            view! {
                <div class="import-choice" role="group" aria-labelledby="import-choice-heading" data-testid="import-same-id">
                    <h3 id="import-choice-heading">
                        {format!("「{file_name}」の計画と同じIDの計画が、すでに保存されています")}
                    </h3>
                    <p data-testid="import-relation">{relation.sentence()}</p>
                    <table class="table-dense">
                        <thead>
                            <tr>
                                <th scope="col">""</th>
                                <th scope="col">"計画名"</th>
                                <th scope="col">"版"</th>
                                <th scope="col">"更新日時"</th>
                                <th scope="col">"項目数"</th>
                                <th scope="col">"成果指標数"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {summary_row("保存済みの版", &current, "import-current")}
                            {summary_row("読み込んだファイル", &incoming_summary, "import-incoming")}
                        </tbody>
                    </table>
                    <div data-testid="import-diff">
                        <p>"保存済みの版と比べて: " {diff.counts()}</p>
                        <Show when={let n = diff.examples.len(); move || n > 0}>
                            <ul class="import-diff__examples">
                                {diff.examples.iter().map(|e| view! { <li><bdi>{e.clone()}</bdi></li> }).collect_view()}
                            </ul>
                        </Show>
                    </div>
                    <p class="import-choice__actions">{buttons}</p>
                </div>
            }
            .into_any()
        }
    }
    };
    view! {
        <section class="data-section" aria-labelledby="data-import-heading">
            <h2 id="data-import-heading">"ファイルを読み込む"</h2>
            <p>
                "計画、補助金カタログ、バックアップのファイル（JSON、"{MAX_FILE_SIZE_LABEL}"まで）を読み込みます。"
                "ファイルをこの画面のどこかにドラッグ＆ドロップしても読み込めます。"
            </p>
            <p class="file-picker">
                <label for="import-file">"ファイルを読み込む"</label>
                <input type="file" id="import-file" accept=".json,application/json"
                    data-testid="import-file" on:change=on_change />
            </p>
            <p class="file-picker">
                <OpenFileButton />
                {crate::storage::file_access::supported().then_some(
                    " 開いた計画は、計画の画面の「上書き保存」で同じファイルに保存できます（Edge・Chrome）。"
                )}
            </p>
            <div aria-live="polite">{status}</div>
            <Show when=move || !importer.warnings.with(Vec::is_empty)>
                <div class="import-result import-result--warning" data-testid="import-warnings">
                    <h3>"要確認（読み込みましたが、確かめてください）"</h3>
                    <ul>
                        {move || importer.warnings.get().into_iter().map(|w| view! { <li><bdi>{w}</bdi></li> }).collect_view()}
                    </ul>
                </div>
            </Show>
        </section>
    }
}
