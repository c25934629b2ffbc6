use leptos::prelude::*;

use crate::components::data_catalogues::DataCatalogues;
use crate::components::data_import::DataImport;
use crate::components::data_plans::DataPlans;
use crate::components::data_set_aside::DataSetAside;
use crate::components::data_settings::DataSettings;
use crate::components::data_storage::DataStorage;
use crate::components::history_buttons::HistoryButtons;
use crate::components::view_heading::ViewHeading;
use crate::domain::workspace::Scope;
use crate::storage::download::download_workspace;
use crate::storage::use_workspace;

/// データ管理: import, export and backups of the work kept in this browser.
#[component]
pub fn DataPage() -> impl IntoView {
    let store = use_workspace();
    store.history.show(Scope::Workspace);
    let backup_error = RwSignal::new(None::<String>);
    view! {
        <section class="view" data-testid="view-data">
            <ViewHeading title="データ管理" />
            <p class="lead">
                "計画と補助金カタログのファイル（JSON）の読み込みと書き出し、"
                "このブラウザに保存した内容のバックアップを扱います。"
            </p>
            <div class="plans__bar no-print">
                <HistoryButtons />
            </div>
            <div class="notice" role="note">
                <h2>"データの置き場所"</h2>
                <p>
                    "作業中の内容はこのブラウザ（localStorage）に保存されます。"
                    "共有フォルダに置く計画ファイルが正式な記録です。"
                </p>
                <p>
                    <button type="button" class="button button--primary" data-testid="backup-workspace"
                        on:click=move |_| backup_error.set(download_workspace(store).err())>
                        "バックアップを書き出す"
                    </button>
                    " すべての計画・カタログ・設定・バックアップを1つのファイルに保存します。"
                </p>
                {move || backup_error.get().map(|e| view! { <p role="alert">{e}</p> })}
            </div>
            <DataSetAside />
            <DataImport />
            <DataPlans />
            <DataCatalogues />
            <DataSettings />
            <DataStorage />
        </section>
    }
}
