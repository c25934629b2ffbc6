use leptos::prelude::*;

use crate::domain::plan::{RatingRules, Rollup};

/// A roll-up's distribution: 「S 1・A 2・B 6・C 5」 in words, with a bar of the band colours
/// beside it for a quick look (hidden from screen readers and from print: the words carry
/// everything).
#[component]
pub fn PlanDistribution(
    rollup: Rollup,
    rules: RatingRules,
    /// Put before the words, e.g. 「令和7年度」.
    #[prop(into, optional)]
    prefix: String,
    #[prop(into)] testid: String,
) -> impl IntoView {
    let segments = rollup
        .bands
        .iter()
        .enumerate()
        .map(|(i, s)| (s, rules.band_colour(Some(i)).map(str::to_owned)))
        .chain(rollup.statuses.iter().map(|s| (s, None::<String>)))
        .filter(|(s, _)| s.count > 0)
        .map(|(s, colour)| {
            // Set through CSSOM (style.setProperty), which the Content Security Policy
            // allows; a `style` attribute would need 'unsafe-inline'.
            let grow = s.count.to_string();
            let colour = colour.map(|c| ("--band-colour", c));
            let class = if rules.band_index(&s.label).is_some() {
                "dist-bar__seg"
            } else {
                "dist-bar__seg dist-bar__seg--status"
            };
            view! { <span class=class style:flex-grow=grow style=colour></span> }
        })
        .collect_view();
    let text = if prefix.is_empty() {
        rollup.distribution_text()
    } else {
        format!("{prefix}: {}", rollup.distribution_text())
    };
    view! {
        <span class="dist">
            <span class="dist-bar" aria-hidden="true">
                {segments}
            </span>
            <span class="dist__text tabular" data-testid=testid>
                {text}
            </span>
        </span>
    }
}
