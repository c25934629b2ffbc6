use leptos::prelude::*;

use crate::components::subsidy_calculator::SubsidyCalculator;
use crate::components::view_heading::ViewHeading;
use crate::domain::subsidy::{Catalogue, load_catalogue};

/// The sample catalogue (綾瀬市の支援制度), built into the app until users can keep their own
/// catalogues in the browser (the storage issue).
const SAMPLE_CATALOGUE: &str = include_str!(concat!(
    env!("OUT_DIR"),
    "/samples/ayase-shien-seido-catalogue.json"
));

/// The sample catalogue, read once per page load (like the plan samples): through the same
/// staged loader as any user file, so a broken build shows the reason instead of panicking.
fn sample_catalogue() -> &'static Result<Catalogue, String> {
    static SAMPLE: std::sync::OnceLock<Result<Catalogue, String>> = std::sync::OnceLock::new();
    SAMPLE.get_or_init(|| {
        load_catalogue(SAMPLE_CATALOGUE)
            .map(|envelope| envelope.data)
            .map_err(|e| e.to_string())
    })
}

/// 補助金: the calculator that answers 「いくら出ますか」 with every step for the 起案.
#[component]
pub fn SubsidiesPage() -> impl IntoView {
    let loaded = sample_catalogue().clone();
    view! {
        <section class="view" data-testid="view-subsidies">
            <ViewHeading title="補助金" />
            <p class="lead">
                "交付要綱の補助率・上限・下限・端数処理に従って補助額を計算し、"
                "計算過程を起案にそのまま使える形で示します。"
            </p>
            {match loaded {
                Ok(catalogue) => {
                    view! {
                        <p class="subsidy-sample" role="note" data-testid="subsidy-sample-notice">
                            <span class="subsidy-sample__badge">"見本"</span>
                            <span>
                                {format!(
                                    "{}の支援制度（サンプル）で計算しています。",
                                    catalogue.municipality,
                                )}
                                "要綱の改正や自治体独自の制度は反映されていません。"
                                "自分の自治体のカタログの保存は今後追加されます。"
                            </span>
                        </p>
                        <SubsidyCalculator catalogue />
                    }
                        .into_any()
                }
                Err(error) => {
                    view! {
                        <div class="subsidy-alert" role="alert" data-testid="subsidy-catalogue-error">
                            <h2>"補助金カタログを読み込めませんでした"</h2>
                            <p>{error.to_string()}</p>
                        </div>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
