use leptos::prelude::*;

use crate::components::plan_card::PlanCard;
use crate::components::view_heading::ViewHeading;
use crate::domain::plan::samples;

/// 計画: the plans available in this browser. For now the four sample plans (seeds 000–003),
/// read-only; a sample that fails to load is listed with the reason instead.
#[component]
pub fn PlansPage() -> impl IntoView {
    let items = samples()
        .iter()
        .map(|sample| match &sample.plan {
            Ok(plan) => view! { <PlanCard plan /> }.into_any(),
            Err(e) => view! {
                <li class="plan-card plan-card--error" role="alert" data-testid="plan-load-error">
                    <h3 class="plan-card__title">"見本を読み込めませんでした"</h3>
                    <p>{e.to_string()}</p>
                    <p>"アプリの配布元に連絡してください。ほかの計画はそのまま使えます。"</p>
                </li>
            }
            .into_any(),
        })
        .collect_view();
    view! {
        <section class="view" data-testid="view-plans">
            <ViewHeading title="計画" />
            <p class="lead">
                "産業振興計画の体系（基本方針・施策・事業）、年度ごとの計画と実績、"
                "成果指標の目標と実績を管理し、達成度の評価を確かめます。"
            </p>
            <h2>"見本の計画"</h2>
            <p class="plans__note">
                "4つの市の実際の資料から作った見本です（読み取り専用）。"
                "計画名を選ぶと、委員会に出す形の進捗状況シートを表示・印刷できます。"
                "計画の作成・編集と保存は今後追加します。"
            </p>
            <ul class="plan-list" data-testid="plan-list">
                {items}
            </ul>
        </section>
    }
}
