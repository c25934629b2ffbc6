use leptos::prelude::*;

use crate::components::plan_grade::PlanGrade;
use crate::domain::plan::RatingRules;

/// The plan's rating rules in words: the method's name, the formula, how roll-ups are
/// summarised, and each band with its range and the city's wording.
#[component]
pub fn PlanRules(rules: RatingRules) -> impl IntoView {
    let rows = rules
        .bands
        .iter()
        .enumerate()
        .map(|(i, band)| {
            let mark = if band.symbol.trim().is_empty() {
                band.label.clone()
            } else {
                band.symbol.clone()
            };
            let colour = band.css_colour().map(str::to_owned);
            let range = rules.band_range_text(i);
            view! {
                <tr>
                    <th scope="row">
                        <PlanGrade mark colour />
                    </th>
                    <td class="tabular">{range}</td>
                    <td>{band.description.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="plan-rules" aria-labelledby="plan-rules-title" data-testid="plan-rules">
            <h2 id="plan-rules-title" class="plan-rules__title">
                "評価の方法: "
                <span data-testid="plan-rules-name">{rules.name.clone()}</span>
            </h2>
            <p class="plan-rules__formula" data-testid="plan-rules-formula">
                {rules.description.clone()}
            </p>
            <p class="plan-rules__summary">
                "施策・計画全体の総合評価: " {rules.summary.label()}
                "（区分ごとの指標数も併せて示します）"
            </p>
            <table class="table-dense plan-rules__bands">
                <caption class="visually-hidden">"評価区分"</caption>
                <thead>
                    <tr>
                        <th scope="col">"評価"</th>
                        <th scope="col">"範囲（" {rules.formula.label()} "）"</th>
                        <th scope="col">"意味"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}
