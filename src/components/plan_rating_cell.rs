use leptos::prelude::*;

use crate::domain::plan::{Rating, RatingRules};

/// The 評価 cell of one KPI in one year. The grade is focusable: on hover and on keyboard
/// focus its explanation (「実績 17 ÷ 目標 45 = 37.8% → C（50%以下）」) appears beside it, and
/// screen readers read it as the grade's description. `title` carries it too.
#[component]
pub fn PlanRatingCell(kpi_id: String, rating: Rating, rules: RatingRules) -> impl IntoView {
    let fy = rating.fiscal_year.0;
    let tip_id = format!("rating-tip-{kpi_id}-{fy}");
    let colour = rules.band_colour(rating.band_index).map(str::to_owned);
    let class = if colour.is_some() {
        "grade grade--focusable"
    } else {
        "grade grade--status grade--focusable"
    };
    // CSSOM (style.setProperty), allowed by the Content Security Policy, unlike a
    // `style` attribute.
    let style = colour.map(|c| ("--band-colour", c));
    let mark = rules.mark(&rating).to_owned();
    let manual = rating.manual.then(|| {
        view! { <span class="grade__manual">"（手動）"</span> }
    });
    view! {
        <td class="rating-cell">
            <span
                class=class
                style=style
                tabindex="0"
                data-testid=format!("rating-{kpi_id}-{fy}")
                data-label=rating.label().to_owned()
                data-fy=fy.to_string()
                title=rating.explanation.clone()
                aria-describedby=tip_id.clone()
            >
                {mark}
                {manual}
            </span>
            <span
                class="rating-tip"
                role="tooltip"
                id=tip_id.clone()
                data-testid=tip_id
            >
                {rating.explanation}
            </span>
        </td>
    }
}
