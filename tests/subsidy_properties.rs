//! Invariants (issue 4): an amount is never negative, never above any cap, never above the
//! rate applied to the cost, always a multiple of its truncation unit, never falls when the
//! eligible cost rises; an allocation never exceeds the budget and re-derives from its record.

// Test helpers may unwrap: a panic is a test failure with a clear location.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use proptest::prelude::*;
use shinko::domain::fiscal_year::FiscalYear;
use shinko::domain::subsidy::*;

fn standard_program(rate: Rate, cap: i64, unit: TruncUnit, minimum: i64) -> SubsidyProgram {
    let formula = Expr::Truncate {
        of: Box::new(Expr::Cap {
            of: Box::new(Expr::Rate {
                label: "補助額".into(),
                of: Box::new(Expr::Input {
                    input: "cost".into(),
                }),
                rate,
            }),
            cap,
            scope: CapScope::Application,
            per: None,
            used: None,
        }),
        unit,
    };
    SubsidyProgram {
        id: "p".into(),
        name: "試験用補助金".into(),
        fiscal_year: FiscalYear(2024),
        legal_basis: "試験用要綱".into(),
        description: String::new(),
        source: String::new(),
        inputs: vec![InputDef {
            id: "cost".into(),
            label: "補助対象経費（税抜）".into(),
            kind: InputKind::Yen {
                tax: TaxBasis::Excluded,
            },
            help: String::new(),
            default: None,
            optional: false,
            max: None,
        }],
        conditions: vec![Condition {
            label: "下限額".into(),
            test: Test::AtLeast {
                input: "cost".into(),
                value: minimum,
            },
            when: None,
        }],
        courses: vec![Course {
            id: "standard".into(),
            name: "標準".into(),
            description: String::new(),
            inputs: vec![],
            conditions: vec![],
            formula,
        }],
        budget: None,
        selection: SelectionMode::FirstCome {
            partial: PartialPolicy::Stop,
        },
        review: None,
        notes: vec![],
    }
}

fn unit() -> impl Strategy<Value = TruncUnit> {
    prop_oneof![
        Just(TruncUnit::Yen1),
        Just(TruncUnit::Yen10),
        Just(TruncUnit::Yen100),
        Just(TruncUnit::Yen1000),
        Just(TruncUnit::Yen10000)
    ]
}

fn rate() -> impl Strategy<Value = Rate> {
    prop_oneof![
        (1_u32..=100).prop_map(|p| Rate::percent(p).unwrap()),
        (1_u32..=12).prop_flat_map(|d| (1..=d).prop_map(move |n| Rate::fraction(n, d).unwrap())),
    ]
}

fn amount(p: &SubsidyProgram, cost: i64) -> Calculation {
    calculate(
        p,
        None,
        &BTreeMap::from([("cost".to_owned(), InputValue::Int(cost))]),
    )
    .unwrap()
}

proptest! {
    #[test]
    fn the_standard_rule_respects_every_bound(
        rate in rate(),
        cap in 0_i64..50_000_000,
        unit in unit(),
        minimum in 0_i64..10_000_000,
        cost in 0_i64..1_000_000_000_000,
        rise in 0_i64..1_000_000_000,
    ) {
        let p = standard_program(rate, cap, unit, minimum);
        let calc = amount(&p, cost);
        prop_assert!(calc.amount >= 0);
        prop_assert!(calc.amount <= cap);
        let rated = i128::from(cost) * i128::from(rate.numerator()) / i128::from(rate.denominator());
        prop_assert!(i128::from(calc.amount) <= rated);
        prop_assert_eq!(calc.amount % unit.yen(), 0);
        prop_assert_eq!(calc.eligible, cost >= minimum);
        if !calc.eligible {
            prop_assert_eq!(calc.amount, 0);
            prop_assert_eq!(calc.reasons.len(), 1);
        }
        prop_assert!(amount(&p, cost + rise).amount >= calc.amount);
    }

    #[test]
    fn absurd_amounts_are_errors_never_panics(cost in any::<i64>()) {
        let p = standard_program(Rate::fraction(2, 3).unwrap(), 10_000_000, TruncUnit::Yen10000, 0);
        match calculate(&p, None, &BTreeMap::from([("cost".to_owned(), InputValue::Int(cost))])) {
            Ok(calc) => prop_assert!(cost >= 0 && calc.amount <= 10_000_000),
            Err(e) => {
                let negative = matches!(e, CalcError::Negative { .. });
                prop_assert!(cost < 0 && negative);
            }
        }
    }
}

fn ayase() -> Catalogue {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/public/samples/ayase-shien-seido-catalogue.json"
    );
    load_catalogue(&std::fs::read_to_string(path).unwrap())
        .unwrap()
        .data
}

/// Arbitrary values for every input of a course, from a stream of random numbers.
fn values_for(p: &SubsidyProgram, c: &Course, raw: &[u64]) -> Inputs {
    let mut out = BTreeMap::new();
    for (i, d) in p.inputs_for(c).enumerate() {
        let r = raw[i % raw.len()].rotate_left(u32::try_from(i).unwrap());
        let v = match &d.kind {
            InputKind::Yen { .. } => InputValue::Int((r % 2_000_000_000) as i64),
            InputKind::Count { .. } => {
                InputValue::Int((r % (d.max.unwrap_or(80) as u64 + 1)) as i64)
            }
            InputKind::Flag => InputValue::Flag(r % 4 != 0),
            InputKind::Choice { options } => {
                InputValue::Choice(options[(r as usize) % options.len()].id.clone())
            }
            InputKind::YenList { .. } => {
                InputValue::List((0..r % 8).map(|k| ((r >> k) % 12_000) as i64).collect())
            }
        };
        out.insert(d.id.clone(), v);
    }
    out
}

/// The input whose rise must never lower the amount, per course (the eligible cost).
fn cost_input(p: &SubsidyProgram, c: &Course) -> Option<&'static str> {
    [
        "cost",
        "exam_fees",
        "advisor_cost",
        "fair_cost",
        "guarantee_fee",
        "interest",
        "city_interest",
        "investment",
        "works_contract",
        "advisor_total",
        "men",
    ]
    .into_iter()
    .find(|id| {
        p.input(c, id).is_some()
            && !(p.id == "ricchi" && c.id == "local_contractor" && *id == "investment")
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn every_ayase_course_respects_its_bounds(raw in prop::collection::vec(any::<u64>(), 1..12), rise in 1_i64..100_000_000) {
        let cat = ayase();
        for p in &cat.programs {
            for c in &p.courses {
                let values = values_for(p, c, &raw);
                let calc = match calculate(p, Some(&c.id), &values) {
                    Ok(calc) => calc,
                    // Only the advisor course subtracts, and says so when the inputs do not add up.
                    Err(CalcError::NegativeDifference { .. }) if c.id == "advisor" => continue,
                    Err(e) => return Err(TestCaseError::fail(format!("{} {}: {e}", p.id, c.id))),
                };
                prop_assert!(calc.amount >= 0);
                prop_assert_eq!(calc.amount % c.formula.final_unit().yen(), 0, "{} {}", p.id, c.id);
                if let Some(cap) = c.formula.outer_cap() {
                    prop_assert!(calc.amount <= cap, "{} {}: {} > {}", p.id, c.id, calc.amount, cap);
                }
                prop_assert_eq!(calc.eligible, calc.reasons.is_empty());
                if let Some(id) = cost_input(p, c) {
                    let mut more = values.clone();
                    let InputValue::Int(v) = more[id] else { unreachable!() };
                    more.insert(id.to_owned(), InputValue::Int(v + rise));
                    let higher = calculate(p, Some(&c.id), &more).unwrap();
                    prop_assert!(higher.amount >= calc.amount, "{} {} {id}: {} → {}", p.id, c.id, calc.amount, higher.amount);
                }
            }
        }
    }
}

fn partial() -> impl Strategy<Value = PartialPolicy> {
    prop_oneof![
        unit().prop_map(|unit| PartialPolicy::Reduce { unit }),
        Just(PartialPolicy::SkipToNext),
        Just(PartialPolicy::Stop)
    ]
}

fn mode() -> impl Strategy<Value = SelectionMode> {
    prop_oneof![
        partial().prop_map(|partial| SelectionMode::FirstCome { partial }),
        partial().prop_map(|partial| SelectionMode::Lottery {
            partial,
            priority_input: Some("seo".into())
        }),
        partial().prop_map(|partial| SelectionMode::Review { partial }),
        unit().prop_map(|unit| SelectionMode::ProRata { unit }),
    ]
}

fn candidates() -> impl Strategy<Value = Vec<Candidate>> {
    prop::collection::vec(
        (
            0_i64..5_000_000,
            0_i64..100,
            any::<bool>(),
            prop::option::of(1_u32..20),
        ),
        0..25,
    )
    .prop_map(|rows| {
        rows.into_iter()
            .enumerate()
            .map(|(i, (requested, minute, priority, rank))| Candidate {
                application_id: format!("A{i:03}"),
                applicant: format!("申請者{i}"),
                received_at: format!("2024-04-01T09:{:02}:00+09:00", minute % 60),
                received_key: 1_711_929_600 + minute * 60,
                requested,
                priority,
                rank,
                score: None,
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn allocation_stays_within_the_budget_and_reproduces(
        budget in 0_i64..30_000_000,
        mode in mode(),
        seed in any::<u64>(),
        candidates in candidates(),
    ) {
        let record = allocate(AllocationRequest {
            program_id: "p".into(),
            fiscal_year: FiscalYear(2024),
            budget,
            mode,
            seed,
            candidates: candidates.clone(),
            performed_at: "2024-05-20T10:00:00+09:00".into(),
        }).unwrap();
        let total: i64 = record.lines.iter().map(|l| l.awarded).sum();
        prop_assert!(total <= budget);
        prop_assert_eq!(total, record.total_awarded);
        prop_assert_eq!(record.remaining, budget - total);
        prop_assert_eq!(record.lines.len(), candidates.len());
        for line in &record.lines {
            prop_assert!(line.awarded >= 0 && line.awarded <= line.requested);
            prop_assert_eq!(line.outcome == Outcome::Awarded, line.awarded == line.requested && line.requested > 0);
        }
        prop_assert!(record.verify());
        // The record saved to the file and read back still re-derives.
        let back: AllocationRecord = serde_json::from_str(&serde_json::to_string(&record).unwrap()).unwrap();
        prop_assert!(back.verify());
        let demand: i64 = candidates.iter().map(|c| c.requested).sum();
        if demand <= budget && !matches!(record.mode, SelectionMode::Review { .. }) {
            prop_assert_eq!(total, demand);
        }
    }
}
