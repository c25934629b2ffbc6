use leptos::prelude::*;

use crate::domain::workspace::MAX_BACKUP_COUNT;
use crate::storage::use_workspace;

/// Settings of the workspace: how many versions of each plan the rolling backups keep.
#[component]
pub fn DataSettings() -> impl IntoView {
    let store = use_workspace();
    let count = move || store.workspace.with(|ws| ws.settings.backup_count);
    let draft = RwSignal::new(None::<String>);
    let message = RwSignal::new(None::<String>);
    let save = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let text = draft.get_untracked().unwrap_or_else(|| count().to_string());
        // Read as the grid reads numbers (全角 digits too), then it must be a whole count.
        let parsed = crate::domain::plan::grid::parse_number_cell(&text)
            .ok()
            .flatten()
            .map(|d| d.normalize())
            .filter(|d| d.fract().is_zero())
            .and_then(|d| usize::try_from(d.mantissa()).ok().map(|m| (m, d.scale())))
            .and_then(|(m, scale)| (scale == 0).then_some(m))
            .ok_or(());
        match parsed {
            Ok(n) if (1..=MAX_BACKUP_COUNT).contains(&n) => {
                store.change(|ws, _| ws.set_backup_count(n).keys);
                draft.set(None);
                message.set(Some(format!(
                    "各計画のバックアップを最新{n}件まで残します（それより古いものは削除しました）。"
                )));
            }
            _ => message.set(Some(format!(
                "「{text}」は使えません。1から{MAX_BACKUP_COUNT}までの整数を入力してください。"
            ))),
        }
    };
    view! {
        <section class="data-section" aria-labelledby="data-settings-heading">
            <h2 id="data-settings-heading">"設定"</h2>
            <form class="data-settings" on:submit=save novalidate>
                <label for="backup-count">{format!("計画ごとに残すバックアップの数（1〜{MAX_BACKUP_COUNT}）")}</label>
                <div class="add-form__row">
                    <input
                        id="backup-count"
                        type="text"
                        inputmode="numeric"
                        class="num"
                        data-testid="backup-count"
                        prop:value=move || draft.get().unwrap_or_else(|| count().to_string())
                        on:input=move |e| draft.set(Some(event_target_value(&e)))
                    />
                    <button type="submit" class="button" data-testid="backup-count-save">"変更する"</button>
                </div>
            </form>
            <p role="status" data-testid="backup-count-message">{move || message.get()}</p>
        </section>
    }
}
