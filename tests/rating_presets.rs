//! Every preset at and around each boundary, exact (table-driven).

// Test helpers may unwrap: a panic is a test failure with its location.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::str::FromStr;

use rust_decimal::Decimal;
use shinko::domain::fiscal_year::{FiscalYear, YearStyle};
use shinko::domain::plan::{
    Baseline, Direction, Kpi, KpiYear, PRESET_IDS, Period, RatingRules, preset, presets,
    rate_kpi_year,
};

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

const FY: FiscalYear = FiscalYear(2024);
const PERIOD: Period = Period {
    first: FiscalYear(2024),
    last: FiscalYear(2026),
};

fn kpi(baseline: Option<&str>, target: &str, actual: &str, direction: Direction) -> Kpi {
    let mut k = Kpi::new("k", "指標", "件");
    k.direction = direction;
    k.baseline = baseline.map(|b| Baseline {
        value: d(b),
        fiscal_year: None,
        label: "基準値".into(),
    });
    k.years.insert(
        FY,
        KpiYear {
            target: Some(d(target)),
            actual: Some(d(actual)),
            ..KpiYear::default()
        },
    );
    k
}

fn rate(rules: &RatingRules, k: &Kpi) -> String {
    rate_kpi_year(rules, &PERIOD, k, FY, YearStyle::Era)
        .label()
        .to_owned()
}

/// (preset, baseline, target, actual, expected label) — 増加 indicators.
const CASES: &[(&str, Option<&str>, &str, &str, &str)] = &[
    // あきる野市: S ≥ 120, A ≥ 90, B > 50, C ≤ 50.
    ("akiruno", None, "100", "120", "S"),
    ("akiruno", None, "100", "119.99", "A"),
    ("akiruno", None, "100", "90", "A"),
    ("akiruno", None, "1.1", "0.99", "A"), // exactly 90% (f64 says 89.999…)
    ("akiruno", None, "100", "89.99", "B"),
    ("akiruno", None, "105", "94", "B"), // 89.5%, seed 002 るのカード
    ("akiruno", None, "100", "50.01", "B"),
    ("akiruno", None, "10", "5", "C"), // exactly 50%, seed 002 事業承継相談
    ("akiruno", None, "100", "0", "C"),
    ("akiruno", None, "3", "3.6", "S"),
    ("akiruno", None, "3", "3.5999", "A"),
    // A–D: A ≥ 110, B ≥ 80, C ≥ 50, D below.
    ("abcd", None, "100", "110", "A"),
    ("abcd", None, "100", "109.9", "B"),
    ("abcd", None, "100", "80", "B"),
    ("abcd", None, "100", "79.9", "C"),
    ("abcd", None, "100", "50", "C"),
    ("abcd", None, "100", "49.9", "D"),
    // いの町: ◎ > target, ○ = target, △ moved from baseline, × no progress.
    ("ino", Some("40"), "50", "50.1", "◎"),
    ("ino", Some("40"), "50", "50", "○"),
    ("ino", Some("40"), "50", "49.9", "△"),
    ("ino", Some("40"), "50", "40.1", "△"),
    ("ino", Some("40"), "50", "40", "×"),
    ("ino", Some("40"), "50", "30", "×"),
    // 長与町: S > target; A > baseline +10%; B within ±10% of baseline; C below.
    ("nagayo", Some("100"), "150", "150.1", "S"),
    ("nagayo", Some("100"), "150", "150", "A"),
    ("nagayo", Some("100"), "150", "110.1", "A"),
    ("nagayo", Some("100"), "150", "110", "B"),
    ("nagayo", Some("100"), "150", "90", "B"),
    ("nagayo", Some("100"), "150", "89.9", "C"),
    // 多摩市 (進捗率, year target here): A ≥ 100, B ≥ 80, C ≥ 50, D below.
    ("tama", Some("40"), "50", "50", "A"),
    ("tama", Some("40"), "50", "49.99", "B"),
    ("tama", Some("40"), "50", "48", "B"),
    ("tama", Some("40"), "50", "47.99", "C"),
    ("tama", Some("40"), "50", "45", "C"),
    ("tama", Some("40"), "50", "44.99", "D"),
    // 佐野市: 7 at 100%, one less per 10%, 1 below 50%.
    ("sano", None, "100", "100", "7"),
    ("sano", None, "100", "99.99", "6"),
    ("sano", None, "100", "90", "6"),
    ("sano", None, "100", "89.99", "5"),
    ("sano", None, "100", "80", "5"),
    ("sano", None, "100", "70", "4"),
    ("sano", None, "100", "60", "3"),
    ("sano", None, "100", "59.99", "2"),
    ("sano", None, "100", "50", "2"),
    ("sano", None, "100", "49.99", "1"),
    // 長野県: 順調 target met (進捗率 ≥ 100), おおむね順調 ≥ 80, 努力を要する.
    ("nagano", Some("0"), "10", "10", "順調"),
    ("nagano", Some("0"), "10", "9.99", "おおむね順調"),
    ("nagano", Some("0"), "10", "8", "おおむね順調"),
    ("nagano", Some("0"), "10", "7.99", "努力を要する"),
];

#[test]
fn every_preset_at_and_around_its_boundaries() {
    for (id, baseline, target, actual, expected) in CASES {
        let rules = preset(id).unwrap();
        let k = kpi(*baseline, target, actual, Direction::Increase);
        assert_eq!(
            rate(&rules, &k),
            *expected,
            "{id}: 実績 {actual} / 目標 {target} (基準 {baseline:?})"
        );
    }
}

#[test]
fn every_preset_is_offered_and_described() {
    assert_eq!(presets().len(), PRESET_IDS.len());
    for rules in presets() {
        assert!(
            !rules.description.is_empty(),
            "{}: formula in words",
            rules.name
        );
        assert!(
            rules.bands.last().unwrap().lower.is_none(),
            "{}: last band catches the rest",
            rules.name
        );
        let id = rules.preset.clone().unwrap();
        let preset_ids_tested: Vec<&str> = CASES.iter().map(|c| c.0).collect();
        assert!(
            preset_ids_tested.contains(&id.as_str()),
            "{id} has boundary cases"
        );
    }
    assert!(preset("unknown").is_none());
}

#[test]
fn decreasing_indicators_under_every_preset_mirror_increasing_ones() {
    // 減少: 達成率 = 目標 ÷ 実績, so target 90 / actual 100 = 90%.
    let cases: &[(&str, Option<&str>, &str, &str, &str)] = &[
        ("akiruno", None, "90", "100", "A"),
        ("akiruno", None, "99", "110", "A"),
        ("akiruno", None, "89.9", "100", "B"),
        ("akiruno", None, "50", "100", "C"),
        ("akiruno", None, "120", "100", "S"),
        ("akiruno", None, "5", "0", "S"), // reached 0 against a positive target
        ("abcd", None, "80", "100", "B"),
        ("sano", None, "100", "100", "7"),
        ("sano", None, "100", "101", "6"),
        ("nagayo", Some("100"), "80", "79", "S"),
        ("nagayo", Some("100"), "80", "90", "A"), // 100/90 = 111% of baseline
        ("nagayo", Some("100"), "80", "100", "B"),
        ("nagayo", Some("100"), "80", "112", "C"), // 100/112 = 89.3%
        ("nagano", Some("20"), "10", "10", "順調"),
        ("nagano", Some("20"), "10", "12", "おおむね順調"),
        ("nagano", Some("20"), "10", "12.01", "努力を要する"),
        ("ino", Some("20"), "10", "19", "△"),
        ("ino", Some("20"), "10", "20", "×"),
    ];
    for (id, baseline, target, actual, expected) in cases {
        let rules = preset(id).unwrap();
        let k = kpi(*baseline, target, actual, Direction::Decrease);
        assert_eq!(
            rate(&rules, &k),
            *expected,
            "{id} 減少: 実績 {actual} / 目標 {target}"
        );
    }
}
