use leptos::prelude::*;

use crate::domain::format::yen;
use crate::domain::subsidy::{Calculation, FormOutcome, FormResult};

/// The answer to 「いくら出ますか」: 対象 / 対象外 in words (never colour alone), the amount,
/// the steps exactly as the calculator wrote them, the conditions met, and every reason when
/// not eligible; or what to enter or correct before anything is computed.
#[component]
pub fn SubsidyResult(#[prop(into)] outcome: Signal<Option<FormOutcome>>) -> impl IntoView {
    // The verdict and amount are announced politely as they change; the details are not.
    let summary = move || {
        outcome.with(|o| match o.as_ref().map(|o| &o.result) {
            Some(FormResult::Calculated(calc)) => verdict(calc).into_any(),
            Some(FormResult::NeedsInput { .. }) => pending("未計算").into_any(),
            Some(FormResult::Failed(_)) => pending("計算できません").into_any(),
            None => pending("制度を選んでください").into_any(),
        })
    };
    let details = move || {
        outcome.with(|o| match o.as_ref().map(|o| &o.result) {
            Some(FormResult::Calculated(calc)) => calculation(calc).into_any(),
            Some(FormResult::NeedsInput { invalid, missing }) => {
                needs_input(invalid, missing).into_any()
            }
            Some(FormResult::Failed(message)) => view! {
                <p class="subsidy-alert" role="alert" data-testid="subsidy-error">
                    {message.clone()}
                </p>
            }
            .into_any(),
            None => ().into_any(),
        })
    };
    view! {
        <section
            class="subsidy-result"
            aria-labelledby="subsidy-result-title"
            data-testid="subsidy-result"
        >
            <h2 id="subsidy-result-title" class="subsidy-result__title">
                "計算結果"
            </h2>
            <div class="subsidy-result__summary" aria-live="polite" aria-atomic="true">
                {summary}
            </div>
            {details}
        </section>
    }
}

fn verdict(calc: &Calculation) -> impl IntoView {
    let (class, mark, word) = if calc.eligible {
        ("subsidy-verdict subsidy-verdict--eligible", "✓", "対象")
    } else {
        ("subsidy-verdict subsidy-verdict--ineligible", "✕", "対象外")
    };
    view! {
        <p class=class>
            <span class="subsidy-verdict__mark" aria-hidden="true">
                {mark}
            </span>
            <span data-testid="subsidy-eligibility">{word}</span>
        </p>
        <p class="subsidy-amount">
            <span class="subsidy-amount__label">"算定額"</span>
            <span class="subsidy-amount__value" data-testid="subsidy-amount">
                {yen(calc.amount)}
            </span>
        </p>
    }
}

fn pending(word: &'static str) -> impl IntoView {
    view! {
        <p class="subsidy-verdict subsidy-verdict--pending">
            <span class="subsidy-verdict__mark" aria-hidden="true">
                "…"
            </span>
            <span data-testid="subsidy-eligibility">{word}</span>
        </p>
    }
}

fn calculation(calc: &Calculation) -> impl IntoView {
    let reasons = (!calc.eligible).then(|| {
        view! {
            <h3 class="subsidy-result__heading">"対象外の理由"</h3>
            <ul class="subsidy-reasons" data-testid="subsidy-reasons">
                {calc.reasons.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}
            </ul>
        }
    });
    let steps = (!calc.steps.is_empty()).then(|| {
        view! {
            <h3 class="subsidy-result__heading">"計算過程"</h3>
            <ol class="subsidy-steps" data-testid="subsidy-steps">
                {calc
                    .steps
                    .iter()
                    .map(|s| view! { <li data-testid="subsidy-step">{s.text.clone()}</li> })
                    .collect_view()}
            </ol>
        }
    });
    let checks = (!calc.checks.is_empty()).then(|| {
        view! {
            <h3 class="subsidy-result__heading">"満たしている要件"</h3>
            <ul class="subsidy-checks" data-testid="subsidy-checks">
                {calc.checks.iter().map(|c| view! { <li>{c.clone()}</li> }).collect_view()}
            </ul>
        }
    });
    view! { {reasons} {steps} {checks} }
}

fn needs_input(invalid: &[String], missing: &[String]) -> impl IntoView {
    let fix = (!invalid.is_empty()).then(|| {
        view! {
            <p>"次の項目の入力を直してください（読めない値は計算に使いません）:"</p>
            <ul data-testid="subsidy-fix-list">
                {invalid.iter().map(|l| view! { <li>{l.clone()}</li> }).collect_view()}
            </ul>
        }
    });
    let enter = (!missing.is_empty()).then(|| {
        view! {
            <p>"次の項目を入力すると計算します:"</p>
            <ul data-testid="subsidy-missing-list">
                {missing.iter().map(|l| view! { <li>{l.clone()}</li> }).collect_view()}
            </ul>
        }
    });
    view! {
        <div class="subsidy-needs" data-testid="subsidy-needs-input">
            {fix}
            {enter}
        </div>
    }
}
