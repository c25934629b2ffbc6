use leptos::prelude::*;

use crate::domain::fiscal_year::FiscalYear;

/// Chooses the fiscal year the roll-ups are shown for. A native `<select>` with a visible
/// label, so keyboards and screen readers use it like any form control.
#[component]
pub fn PlanYearSelect(
    /// Each year of the period with its label as the plan prints it, in order.
    years: Vec<(FiscalYear, String)>,
    year: RwSignal<FiscalYear>,
) -> impl IntoView {
    let options = years
        .into_iter()
        .map(|(fy, label)| {
            view! {
                <option value=fy.0.to_string() selected=move || year.get() == fy>
                    {label}
                </option>
            }
        })
        .collect_view();
    let on_change = move |ev: leptos::ev::Event| {
        if let Ok(y) = event_target_value(&ev).parse::<u16>() {
            year.set(FiscalYear(y));
        }
    };
    view! {
        <div class="plan-year-select">
            <label for="fy-select">"集計する年度"</label>
            <select id="fy-select" data-testid="fy-select" on:change=on_change>
                {options}
            </select>
        </div>
    }
}
