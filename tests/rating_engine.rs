//! The rating engine: both formulas, both directions, 維持, all three kinds, missing and zero
//! values, pro-rata years, manual ratings and explanations.

// Test helpers may unwrap: a panic is a test failure with its location.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::str::FromStr;

use rust_decimal::Decimal;
use shinko::domain::fiscal_year::{FiscalYear, YearStyle};
use shinko::domain::plan::{
    Baseline, Direction, FinalTarget, Formula, Kpi, KpiKind, KpiYear, ManualRating, Period,
    RatingRules, RatingStatus, TargetBasis, Verdict, preset, rate_kpi_year,
};

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

const PERIOD: Period = Period {
    first: FiscalYear(2024),
    last: FiscalYear(2028),
};

fn akiruno() -> RatingRules {
    preset("akiruno").unwrap()
}

fn with_formula(formula: Formula) -> RatingRules {
    RatingRules {
        formula,
        ..akiruno()
    }
}

fn kpi(baseline: Option<&str>, years: &[(u16, Option<&str>, Option<&str>)]) -> Kpi {
    let mut k = Kpi::new("k", "指標", "人");
    k.baseline = baseline.map(|b| Baseline {
        value: d(b),
        fiscal_year: Some(FiscalYear(2023)),
        label: "現状値".into(),
    });
    for (fy, t, a) in years {
        k.years.insert(
            FiscalYear(*fy),
            KpiYear {
                target: t.map(d),
                actual: a.map(d),
                ..KpiYear::default()
            },
        );
    }
    k
}

fn rate(rules: &RatingRules, k: &Kpi, fy: u16) -> shinko::domain::plan::Rating {
    rate_kpi_year(rules, &PERIOD, k, FiscalYear(fy), YearStyle::Era)
}

/// (formula, direction, baseline, target, actual, expected percent, expected band)
type Case = (
    Formula,
    Direction,
    Option<&'static str>,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

#[test]
fn achievement_and_progress_for_both_directions() {
    // (formula, direction, baseline, target, actual, expected percent, expected band)
    let cases: &[Case] = &[
        (
            Formula::Achievement,
            Direction::Increase,
            None,
            "45",
            "17",
            "37.8",
            "C",
        ),
        (
            Formula::Achievement,
            Direction::Decrease,
            None,
            "30",
            "40",
            "75.0",
            "B",
        ),
        (
            Formula::Achievement,
            Direction::Decrease,
            None,
            "30",
            "25",
            "120.0",
            "S",
        ),
        (
            Formula::Progress,
            Direction::Increase,
            Some("10"),
            "20",
            "19",
            "90.0",
            "A",
        ),
        // A baseline of zero written with a decimal place.
        (
            Formula::Progress,
            Direction::Increase,
            Some("0.0"),
            "10",
            "9",
            "90.0",
            "A",
        ),
        (
            Formula::Progress,
            Direction::Increase,
            Some("10"),
            "20",
            "8",
            "-20.0",
            "C",
        ),
        // 減少 with 進捗率: from 50 down to 30; 32 is 90% of the way.
        (
            Formula::Progress,
            Direction::Decrease,
            Some("50"),
            "30",
            "32",
            "90.0",
            "A",
        ),
        (
            Formula::Progress,
            Direction::Decrease,
            Some("50"),
            "30",
            "41",
            "45.0",
            "C",
        ),
        (
            Formula::Progress,
            Direction::Decrease,
            Some("50"),
            "30",
            "26",
            "120.0",
            "S",
        ),
        // Rising 減少 value is worse than the baseline: negative progress.
        (
            Formula::Progress,
            Direction::Decrease,
            Some("50"),
            "30",
            "55",
            "-25.0",
            "C",
        ),
    ];
    for (formula, dir, base, target, actual, pct, band) in cases {
        let mut k = kpi(*base, &[(2024, Some(target), Some(actual))]);
        k.direction = *dir;
        let r = rate(&with_formula(*formula), &k, 2024);
        assert_eq!(
            r.percent,
            Some(d(pct)),
            "{formula:?} {dir:?} {actual}/{target}: {}",
            r.explanation
        );
        assert_eq!(r.label(), *band, "{}", r.explanation);
    }
}

#[test]
fn explanations_say_the_formula() {
    let mut k = kpi(Some("50"), &[(2024, Some("30"), Some("40"))]);
    k.direction = Direction::Decrease;
    let r = rate(&akiruno(), &k, 2024);
    assert_eq!(
        r.explanation,
        "目標 30 ÷ 実績 40（減少指標） = 75.0% → B（50%超90%未満）"
    );
    let r = rate(&with_formula(Formula::Progress), &k, 2024);
    assert_eq!(
        r.explanation,
        "(実績 40 − 基準値 50) ÷ (目標 30 − 基準値 50) = 50.0% → C（50%以下）"
    );
}

#[test]
fn maintain_is_achieved_within_its_tolerance() {
    let cases: &[(&str, &str, &str)] = &[
        ("100", "95", "A"),
        ("100", "105", "A"),
        ("100", "100", "A"),
        ("100", "94.9", "A"), // 100 − 5.1 = 94.9%
        ("100", "140", "B"),  // 60%
        ("100", "50", "C"),   // 50%
        ("100", "160", "C"),  // 40%
    ];
    for (target, actual, band) in cases {
        let mut k = kpi(None, &[(2024, Some(target), Some(actual))]);
        k.direction = Direction::Maintain {
            tolerance_percent: d("5"),
        };
        let r = rate(&akiruno(), &k, 2024);
        assert_eq!(r.label(), *band, "{actual}: {}", r.explanation);
    }
    let mut k = kpi(None, &[(2024, Some("100"), Some("105"))]);
    k.direction = Direction::Maintain {
        tolerance_percent: d("5"),
    };
    assert_eq!(rate(&akiruno(), &k, 2024).percent, Some(d("100.0")));
    k.years.get_mut(&FiscalYear(2024)).unwrap().actual = Some(d("105.01"));
    assert_eq!(
        rate(&akiruno(), &k, 2024).percent,
        Some(d("94.99").round_dp(1))
    );
}

#[test]
fn cumulative_values_are_rated_as_entered_never_summed() {
    for kind in [KpiKind::Annual, KpiKind::Cumulative, KpiKind::Snapshot] {
        let mut k = kpi(
            Some("10"),
            &[
                (2024, Some("20"), Some("18")),
                (2025, Some("30"), Some("31")),
            ],
        );
        k.kind = kind;
        // 2025: 31 / 30, whatever the kind (a summed 累計 would be 49 / 30 → S).
        let r = rate(&akiruno(), &k, 2025);
        assert_eq!(r.actual, Some(d("31")), "{kind:?}");
        assert_eq!(r.percent, Some(d("103.3")), "{kind:?}");
        assert_eq!(r.label(), "A", "{kind:?}");
    }
}

#[test]
fn missing_and_zero_values_never_panic() {
    let rules = akiruno();
    // No 実績 → 未評価.
    let r = rate(&rules, &kpi(None, &[(2024, Some("10"), None)]), 2024);
    assert_eq!(r.verdict, Verdict::Status(RatingStatus::Unrated));
    assert_eq!(r.explanation, "令和6年度の実績が未入力のため未評価");
    assert_eq!(r.target, Some(d("10")));
    // Nothing at all for the year → 未評価.
    assert_eq!(rate(&rules, &kpi(None, &[]), 2025).label(), "未評価");
    // 実績 without a target → 評価不能 with the reason.
    let r = rate(&rules, &kpi(None, &[(2024, None, Some("3"))]), 2024);
    assert_eq!(r.label(), "評価不能");
    assert!(
        r.explanation.contains("目標値が未設定"),
        "{}",
        r.explanation
    );
    // Zero target → 評価不能, not a division by zero.
    let r = rate(&rules, &kpi(None, &[(2024, Some("0"), Some("3"))]), 2024);
    assert_eq!(r.label(), "評価不能");
    assert!(r.explanation.contains("目標が0以下"), "{}", r.explanation);
    // 進捗率 with target = baseline → 評価不能.
    let r = rate(
        &with_formula(Formula::Progress),
        &kpi(Some("10"), &[(2024, Some("10"), Some("12"))]),
        2024,
    );
    assert_eq!(r.label(), "評価不能");
    assert!(
        r.explanation.contains("目標と基準値が同じ（10）"),
        "{}",
        r.explanation
    );
    // 進捗率 without a baseline → 評価不能.
    let r = rate(
        &with_formula(Formula::Progress),
        &kpi(None, &[(2024, Some("10"), Some("12"))]),
        2024,
    );
    assert!(
        r.explanation.contains("基準値が未入力"),
        "{}",
        r.explanation
    );
    // Zero 実績 on an increasing KPI is simply 0%.
    let r = rate(&rules, &kpi(None, &[(2024, Some("10"), Some("0"))]), 2024);
    assert_eq!((r.label(), r.percent), ("C", Some(d("0.0"))));
    // Values too large to multiply exactly → 評価不能, not a panic.
    let r = rate(
        &rules,
        &kpi(
            None,
            &[(
                2024,
                Some("0.0000000000000000000000000003"),
                Some("79228162514264337593543950335"),
            )],
        ),
        2024,
    );
    assert_eq!(r.label(), "評価不能", "{}", r.explanation);
}

#[test]
fn final_target_is_used_in_its_own_year() {
    let mut k = kpi(Some("10"), &[(2026, None, Some("27"))]);
    k.final_target = Some(FinalTarget {
        value: d("30"),
        fiscal_year: FiscalYear(2026),
    });
    assert_eq!(rate(&akiruno(), &k, 2026).label(), "A");
    assert_eq!(rate(&akiruno(), &k, 2025).label(), "未評価");
}

#[test]
fn pro_rata_targets_year_by_year() {
    // 多摩市: a 5-year plan (2024–2028), baseline 100, final 200 in 2028: year n → 100 + 20n.
    let rules = RatingRules {
        target_basis: TargetBasis::ProRata,
        ..akiruno()
    };
    let mut k = kpi(
        Some("100"),
        &[
            (2024, None, Some("120")),
            (2025, None, Some("126")),
            (2026, None, Some("160")),
            (2027, None, Some("200")),
            (2028, None, Some("170")),
        ],
    );
    k.final_target = Some(FinalTarget {
        value: d("200"),
        fiscal_year: FiscalYear(2028),
    });
    let expected: &[(u16, &str, &str, &str)] = &[
        (2024, "120", "100.0", "A"),
        (2025, "140", "90.0", "A"),
        (2026, "160", "100.0", "A"),
        (2027, "180", "111.1", "A"),
        (2028, "200", "85.0", "B"),
    ];
    for (fy, target, pct, band) in expected {
        let r = rate(&rules, &k, *fy);
        assert_eq!(r.target, Some(d(target)), "{fy}");
        assert_eq!(r.percent, Some(d(pct)), "{fy}: {}", r.explanation);
        assert_eq!(r.label(), *band, "{fy}");
    }
    let r = rate(&rules, &k, 2025);
    assert_eq!(
        r.explanation,
        "按分目標 140 = 基準値 100 + (最終目標 200 − 基準値 100) × 2/5。実績 126 ÷ 按分目標 140 = 90.0% → A（90%以上120%未満）"
    );
    // Progress on a pro-rata target: (126 − 100) / (140 − 100) = 65%.
    let progress = RatingRules {
        formula: Formula::Progress,
        ..rules.clone()
    };
    assert_eq!(rate(&progress, &k, 2025).percent, Some(d("65.0")));
    // A non-terminating interim target stays exact: final 110 over 3 years from 100.
    let mut k3 = kpi(Some("100"), &[(2024, None, Some("103.3333333333"))]);
    k3.final_target = Some(FinalTarget {
        value: d("110"),
        fiscal_year: FiscalYear(2026),
    });
    let r = rate(&progress, &k3, 2024);
    assert_eq!(r.target, Some(d("103.33")));
    assert_eq!(r.label(), "A", "just under 100% of 10/3: {}", r.explanation);
    k3.years.get_mut(&FiscalYear(2024)).unwrap().actual = Some(d("103"));
    assert_eq!(
        rate(&progress, &k3, 2024).percent,
        Some(d("90.0")),
        "3 / (10/3) = 90% exactly"
    );
    assert_eq!(rate(&progress, &k3, 2024).label(), "A");
    // Without a final target, pro-rata falls back to the year's own target.
    let plain = kpi(Some("100"), &[(2024, Some("110"), Some("110"))]);
    assert_eq!(rate(&rules, &plain, 2024).label(), "A");
}

#[test]
fn manual_rating_overrides_and_keeps_the_computed_explanation() {
    let mut k = kpi(None, &[(2024, Some("10"), Some("2"))]);
    k.years.get_mut(&FiscalYear(2024)).unwrap().manual = Some(ManualRating {
        verdict: Verdict::Status(RatingStatus::Discontinued),
        reason: "事業中止のため".into(),
    });
    let r = rate(&akiruno(), &k, 2024);
    assert!(r.manual);
    assert_eq!(r.label(), "中止");
    assert_eq!(
        r.explanation,
        "手動評価 中止（理由: 事業中止のため）。自動計算では: 実績 2 ÷ 目標 10 = 20.0% → C（50%以下）"
    );
    k.years.get_mut(&FiscalYear(2024)).unwrap().manual = Some(ManualRating {
        verdict: Verdict::Band("B".into()),
        reason: "年度途中で目標を見直したため".into(),
    });
    let r = rate(&akiruno(), &k, 2024);
    assert_eq!((r.label(), r.band_index), ("B", Some(2)));
}

#[test]
fn year_labels_follow_the_plan_style() {
    let k = kpi(None, &[]);
    let rules = akiruno();
    let r = rate_kpi_year(
        &rules,
        &PERIOD,
        &k,
        FiscalYear(2024),
        YearStyle::EraWithWestern,
    );
    assert_eq!(r.explanation, "令和6(2024)年度の実績が未入力のため未評価");
    let r = rate_kpi_year(&rules, &PERIOD, &k, FiscalYear(2024), YearStyle::Western);
    assert_eq!(r.explanation, "2024年度の実績が未入力のため未評価");
}
