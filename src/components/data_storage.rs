use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::storage::{local, persist, use_workspace};

/// The budget the usage is measured against: browsers give each site about 5 MB of
/// localStorage (Chromium and Edge: 5 MiB of UTF-16 text, about 10 MB of bytes; we show
/// the conservative figure).
pub const LOCAL_STORAGE_BUDGET: usize = 5 * 1024 * 1024;

/// `82 KB`, `4.8 MB`, `10.0 GB`.
fn size(bytes: f64) -> String {
    const KIB: f64 = 1024.0;
    if bytes < KIB * KIB {
        format!("{:.0} KB", (bytes / KIB).ceil())
    } else if bytes < KIB * KIB * KIB {
        format!("{:.1} MB", bytes / (KIB * KIB))
    } else {
        format!("{:.1} GB", bytes / (KIB * KIB * KIB))
    }
}

/// How much of the browser's storage Shinko uses, and whether it is persistent.
#[component]
pub fn DataStorage() -> impl IntoView {
    let store = use_workspace();
    // Recomputed whenever the workspace or the save state changes.
    let used = Memo::new(move |_| {
        store.workspace.track();
        store.save_state.track();
        local::shinko_bytes()
    });
    let estimate = RwSignal::new(None::<(f64, f64)>);
    spawn_local(async move { estimate.set(persist::estimate().await) });
    let percent = move || used.get() * 100 / LOCAL_STORAGE_BUDGET;
    view! {
        <section class="data-section" aria-labelledby="data-storage-heading">
            <h2 id="data-storage-heading">"保存領域"</h2>
            <dl class="facts">
                <dt>"Shinko のデータ"</dt>
                <dd data-testid="storage-used">
                    {move || format!("{} / 約 {}（{}%）", size(used.get() as f64), "5 MB", percent())}
                </dd>
                <dt>"サイト全体（ブラウザの見積もり）"</dt>
                <dd data-testid="storage-estimate">
                    {move || match estimate.get() {
                        Some((usage, quota)) => format!("{} 使用 / 上限 {}", size(usage), size(quota)),
                        None => "このブラウザでは確認できません".to_owned(),
                    }}
                </dd>
                <dt>"データの保護（永続化）"</dt>
                <dd data-testid="storage-persistence">{move || store.persistence.get().label()}</dd>
            </dl>
            <p class="data-section__note">
                "ブラウザの保存領域（localStorage）は1つのサイトにつき約 5 MB です。"
                "いっぱいになると保存できなくなるため、不要な計画やバックアップは削除し、"
                "計画はファイルに書き出して共有フォルダに保存してください。"
            </p>
        </section>
    }
}
