use leptos::prelude::*;

/// A grade as text with its band colour as a stripe and border: the letter or symbol is the
/// message, the colour only repeats it (JIS X 8341-3: never colour alone). Statuses such as
/// 未評価 get a dashed grey frame.
#[component]
pub fn PlanGrade(
    /// What prints: 「S」「◎」「未評価」.
    #[prop(into)]
    mark: String,
    /// The band's colour (a hex colour from [`crate::domain::plan::Band::css_colour`]); `None`
    /// for a status.
    colour: Option<String>,
) -> impl IntoView {
    let class = if colour.is_some() {
        "grade"
    } else {
        "grade grade--status"
    };
    // CSSOM (style.setProperty), allowed by the Content Security Policy, unlike a
    // `style` attribute.
    let style = colour.map(|c| ("--band-colour", c));
    view! {
        <span class=class style=style>
            {mark}
        </span>
    }
}
