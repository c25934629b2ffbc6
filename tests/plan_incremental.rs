//! Incremental evaluation: after any sequence of edits to single KPIs, updating the
//! evaluation KPI by KPI gives exactly what a fresh evaluation gives, under every preset.

// Test helpers may unwrap: a panic is a test failure with its location.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use rust_decimal::Decimal;
use shinko::domain::fiscal_year::FiscalYear;
use shinko::domain::plan::{
    GridColumn, Kpi, ManualRating, PRESET_IDS, Plan, PlanEvaluation, Rating, RatingStatus, Verdict,
    Words, generate_plan, preset,
};

/// One edit to one KPI.
#[derive(Debug, Clone)]
enum Op {
    Actual(usize, u16, Option<Decimal>),
    Target(usize, u16, Option<Decimal>),
    Baseline(usize, Option<Decimal>),
    FinalTarget(usize, Option<Decimal>),
    Manual(usize, u16, Option<Verdict>),
    Weight(usize, Option<Decimal>),
}

fn value() -> impl Strategy<Value = Option<Decimal>> {
    prop_oneof![
        1 => Just(None),
        1 => Just(Some(Decimal::ZERO)),
        6 => (0i64..200_000, 0u32..3).prop_map(|(m, s)| Some(Decimal::new(m, s))),
    ]
}

fn verdict() -> impl Strategy<Value = Option<Verdict>> {
    prop_oneof![
        Just(None),
        Just(Some(Verdict::Band("A".into()))),
        Just(Some(Verdict::Band("どこにもない".into()))),
        Just(Some(Verdict::Status(RatingStatus::Discontinued))),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    let k = 0usize..1000;
    let y = 0u16..6;
    prop_oneof![
        4 => (k.clone(), y.clone(), value()).prop_map(|(k, y, v)| Op::Actual(k, y, v)),
        4 => (k.clone(), y.clone(), value()).prop_map(|(k, y, v)| Op::Target(k, y, v)),
        1 => (k.clone(), value()).prop_map(|(k, v)| Op::Baseline(k, v)),
        1 => (k.clone(), value()).prop_map(|(k, v)| Op::FinalTarget(k, v)),
        1 => (k.clone(), y, verdict()).prop_map(|(k, y, v)| Op::Manual(k, y, v)),
        1 => (k, value()).prop_map(|(k, v)| Op::Weight(k, v)),
    ]
}

/// A generated plan with some KPIs on the upper levels too, rated under `preset_id`.
fn plan(kpis: usize, years: u16, seed: u64, preset_id: &str) -> Plan {
    let mut plan = generate_plan(kpis, years, seed);
    plan.set_rating_rules(preset(preset_id).unwrap());
    plan.add_kpi("p1", Kpi::new("top", "基本方針の指標", "件"))
        .unwrap();
    plan.add_kpi("p2-m3", Kpi::new("mid", "基本施策の指標", "%"))
        .unwrap();
    plan
}

fn assert_same(incremental: &PlanEvaluation, fresh: &PlanEvaluation) {
    assert_eq!(incremental.years, fresh.years);
    assert_eq!(incremental.ratings, fresh.ratings);
    assert_eq!(incremental.nodes, fresh.nodes);
    assert_eq!(incremental.plan, fresh.plan);
}

/// An evaluation without the KPIs' explanations equals the explained one in everything else:
/// every verdict, band, value, rate and percentage, and every roll-up (explained in both).
fn assert_same_but_words(brief: &PlanEvaluation, explained: &PlanEvaluation) {
    let strip = |r: &Rating| Rating {
        explanation: String::new(),
        ..r.clone()
    };
    assert_eq!(brief.years, explained.years);
    assert_eq!(brief.ratings.len(), explained.ratings.len());
    for (id, ratings) in &explained.ratings {
        let want: Vec<Rating> = ratings.iter().map(strip).collect();
        let got: Vec<Rating> = brief.ratings[id].iter().map(strip).collect();
        assert_eq!(got, want, "{id}");
        for (b, e) in brief.ratings[id].iter().zip(ratings) {
            // Unexplained, except for a 評価不能 reason.
            assert!(b.explanation.is_empty() || b.explanation == e.explanation);
            assert!(!e.explanation.is_empty());
        }
    }
    assert_eq!(brief.nodes, explained.nodes);
    assert_eq!(brief.plan, explained.plan);
}

fn apply(plan: &mut Plan, op: &Op, ids: &[String]) -> String {
    let fy = |y: &u16| {
        FiscalYear(plan.period.first.0 + y % (plan.period.last.0 - plan.period.first.0 + 1))
    };
    let id = |k: &usize| ids[k % ids.len()].clone();
    let (kpi, result) = match op {
        Op::Actual(k, y, v) => {
            let f = fy(y);
            (id(k), plan.set_actual(&id(k), f, *v))
        }
        Op::Target(k, y, v) => {
            let f = fy(y);
            (id(k), plan.set_target(&id(k), f, *v))
        }
        Op::Baseline(k, v) => (id(k), plan.set_cell(&id(k), GridColumn::Baseline, *v)),
        Op::FinalTarget(k, v) => (id(k), plan.set_cell(&id(k), GridColumn::FinalTarget, *v)),
        Op::Manual(k, y, v) => {
            let f = fy(y);
            let manual = v.clone().map(|verdict| ManualRating {
                verdict,
                reason: "事業中止のため".to_owned(),
            });
            (id(k), plan.set_manual_rating(&id(k), f, manual))
        }
        Op::Weight(k, v) => (id(k), plan.update_kpi(&id(k), |kpi| kpi.weight = *v)),
    };
    result.unwrap();
    kpi
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn update_kpi_matches_a_fresh_evaluation(
        kpis in 1usize..40,
        years in 1u16..6,
        seed in any::<u64>(),
        preset_index in 0..PRESET_IDS.len(),
        ops in prop::collection::vec(op(), 1..25),
    ) {
        let mut plan = plan(kpis, years, seed, PRESET_IDS[preset_index]);
        let ids: Vec<String> = plan.kpis().iter().map(|(_, k)| k.id.clone()).collect();
        let mut ev = plan.evaluate();
        for op in &ops {
            let kpi = apply(&mut plan, op, &ids);
            let path = ev.update_kpi(&plan, &kpi).unwrap();
            let want: Vec<String> = plan.kpi_path(&kpi).unwrap().iter().map(|n| n.id.clone()).collect();
            prop_assert_eq!(path, want);
            assert_same(&ev, &plan.evaluate());
        }
    }

    #[test]
    fn an_unexplained_evaluation_differs_only_in_words(
        kpis in 1usize..40,
        years in 1u16..6,
        seed in any::<u64>(),
        preset_index in 0..PRESET_IDS.len(),
        ops in prop::collection::vec(op(), 1..25),
    ) {
        let mut plan = plan(kpis, years, seed, PRESET_IDS[preset_index]);
        let ids: Vec<String> = plan.kpis().iter().map(|(_, k)| k.id.clone()).collect();
        let mut brief = plan.evaluate_with(Words::Skip);
        assert_same_but_words(&brief, &plan.evaluate());
        for op in &ops {
            let kpi = apply(&mut plan, op, &ids);
            brief.update_kpi(&plan, &kpi).unwrap();
            assert_same(&brief, &plan.evaluate_with(Words::Skip));
            assert_same_but_words(&brief, &plan.evaluate());
            // Plan::rate explains, whatever the grid's evaluation does.
            let explained = plan.evaluate();
            for fy in plan.period.years() {
                prop_assert_eq!(plan.rate(&kpi, fy), explained.rating(&kpi, fy).cloned());
            }
        }
    }
}

#[test]
fn update_kpi_unknown_kpi_is_none() {
    let plan = generate_plan(20, 3, 1);
    let mut ev = plan.evaluate();
    assert_eq!(ev.update_kpi(&plan, "no-such-kpi"), None);
    assert_eq!(
        ev.update_kpi(&plan, "k1"),
        Some(vec!["p1".into(), "p1-m1".into(), "p1-m1-l1".into()])
    );
}

#[test]
fn update_kpi_after_a_shape_change_falls_back_to_a_fresh_evaluation() {
    let mut plan = generate_plan(20, 3, 1);
    let mut ev = plan.evaluate();
    // Outside the contract (a KPI added, the period changed), the result is still right.
    plan.add_kpi("p3", Kpi::new("new", "新しい指標", "件"))
        .unwrap();
    plan.set_actual("new", FiscalYear(2024), Some(Decimal::ONE))
        .unwrap();
    let ids = ev.update_kpi(&plan, "new").unwrap();
    assert_eq!(ids.len(), plan.walk().len());
    assert_same(&ev, &plan.evaluate());
    plan.set_period(shinko::domain::plan::Period {
        first: FiscalYear(2024),
        last: FiscalYear(2030),
    })
    .unwrap();
    ev.update_kpi(&plan, "k1").unwrap();
    assert_same(&ev, &plan.evaluate());
}
