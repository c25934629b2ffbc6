//! Roll-ups, edit operations and the validator.

// Test helpers may unwrap: a panic is a test failure with its location.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::str::FromStr;

use rust_decimal::Decimal;
use shinko::domain::fiscal_year::FiscalYear;
use shinko::domain::plan::{
    Direction, EditError, FinalTarget, Kpi, KpiKind, KpiYear, ManualRating, Node, Plan,
    RatingStatus, SummaryMethod, Verdict, preset,
};

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

const FY: FiscalYear = FiscalYear(2024);

fn minimal() -> Plan {
    serde_json::from_str(include_str!("fixtures/plan/minimal.json")).unwrap()
}

/// n1 → (n1a: 3 KPIs, n1b: 1 KPI), n2: nothing rated. あきる野 rules.
fn tree() -> Plan {
    let mut plan = minimal();
    plan.rating = preset("akiruno").unwrap();
    plan.add_node(Some("n1"), 0, Node::new("n1a", "(1)", "施策A"))
        .unwrap();
    plan.add_node(Some("n1"), 1, Node::new("n1b", "(2)", "施策B"))
        .unwrap();
    plan.add_node(None, 9, Node::new("n2", "2", "施策2"))
        .unwrap();
    for (id, node, target, actual) in [
        ("k1", "n1a", "100", "130"), // S 130%
        ("k2", "n1a", "100", "95"),  // A 95%
        ("k3", "n1a", "100", "40"),  // C 40%
        ("k4", "n1b", "100", "60"),  // B 60%
    ] {
        plan.add_kpi(node, Kpi::new(id, id, "件")).unwrap();
        plan.set_target(id, FY, Some(d(target))).unwrap();
        plan.set_actual(id, FY, Some(d(actual))).unwrap();
    }
    plan.add_kpi("n2", Kpi::new("k5", "k5", "件")).unwrap();
    plan
}

#[test]
fn rollup_counts_shares_and_summaries() {
    let mut plan = tree();
    let eval = plan.evaluate();
    let n1 = eval.node_rollup("n1", FY).unwrap();
    assert_eq!(n1.total, 4);
    let counts: Vec<(&str, usize)> = n1
        .bands
        .iter()
        .map(|s| (s.label.as_str(), s.count))
        .collect();
    assert_eq!(counts, [("S", 1), ("A", 1), ("B", 1), ("C", 1)]);
    assert_eq!(n1.bands[0].share_percent, d("25.0"));
    // あきる野 preset summarises by mean score: (100 + 90 + 60 + 30) / 4 = 70 → B (score 60).
    assert_eq!(n1.summary, Verdict::Band("B".into()));
    assert_eq!(n1.summary_value, Some(d("70")));
    let n1a = eval.node_rollup("n1a", FY).unwrap();
    assert_eq!(n1a.total, 3);
    assert_eq!(n1a.bands[2].share_percent, d("0.0"));
    assert_eq!(n1a.bands[3].share_percent, d("33.3"));
    // Nothing rated → 未評価, counted as such.
    let n2 = eval.node_rollup("n2", FY).unwrap();
    assert_eq!(n2.summary, Verdict::Status(RatingStatus::Unrated));
    assert_eq!(n2.statuses[0].count, 1);
    assert_eq!(n2.statuses[0].share_percent, d("100.0"));
    let all = eval.plan_rollup(FY).unwrap();
    assert_eq!(all.total, 5);
    assert_eq!(all.statuses[0].count, 1);
    assert_eq!(
        eval.node_rollup("n1", FiscalYear(2025)).unwrap().summary,
        Verdict::Status(RatingStatus::Unrated)
    );

    // Mean rate: (130 + 95 + 40 + 60) / 4 = 81.25% → B.
    let mut rules = preset("akiruno").unwrap();
    rules.summary = SummaryMethod::MeanRate;
    plan.set_rating_rules(rules.clone());
    let r = plan.rollup("n1", FY).unwrap();
    assert_eq!(
        (r.summary.clone(), r.summary_value),
        (Verdict::Band("B".into()), Some(d("81.3")))
    );
    assert_eq!(r.explanation, "4指標の平均達成率 81.3% → B");
    // n1a alone: (130 + 95 + 40) / 3 = 88.33% → B; raise k3 to 45 → exactly 90% → A.
    assert_eq!(
        plan.rollup("n1a", FY).unwrap().summary,
        Verdict::Band("B".into())
    );
    plan.set_actual("k3", FY, Some(d("45"))).unwrap();
    assert_eq!(
        plan.rollup("n1a", FY).unwrap().summary,
        Verdict::Band("A".into())
    );

    // Weighted: k1 (S, 100) weight 3, k4 (B, 60) weight 1 → n1 = (300 + 90 + 30 + 60) / 6 = 80.
    rules.summary = SummaryMethod::WeightedScore;
    plan.set_rating_rules(rules);
    plan.set_actual("k3", FY, Some(d("40"))).unwrap();
    plan.update_kpi("k1", |k| k.weight = Some(d("3"))).unwrap();
    let r = plan.rollup("n1", FY).unwrap();
    assert_eq!(r.summary_value, Some(d("80")));
    assert_eq!(r.summary, Verdict::Band("B".into()));
    assert_eq!(plan.rollup_plan(FY).total, 5);
    // The single-node call agrees with the whole-plan evaluation.
    let eval = plan.evaluate();
    assert_eq!(eval.node_rollup("n1", FY), plan.rollup("n1", FY).as_ref());
}

#[test]
fn edits_bump_the_revision_and_refuse_bad_changes() {
    let mut plan = tree();
    let rev = plan.revision;
    plan.set_actual("k1", FY, Some(d("1"))).unwrap();
    assert_eq!(plan.revision, rev + 1);
    assert_eq!(
        plan.set_actual("k1", FiscalYear(2030), None),
        Err(EditError::OutsidePeriod("令和12(2030)年度".into()))
    );
    assert_eq!(
        plan.set_actual("nope", FY, None),
        Err(EditError::KpiNotFound("nope".into()))
    );
    assert_eq!(plan.revision, rev + 1, "failed edits change nothing");
    // Clearing everything removes the year entry.
    plan.set_actual("k1", FY, None).unwrap();
    plan.set_target("k1", FY, None).unwrap();
    assert!(plan.find_kpi("k1").unwrap().years.is_empty());
    // Manual rating needs a reason.
    let blank = ManualRating {
        verdict: Verdict::Status(RatingStatus::NotStarted),
        reason: "  ".into(),
    };
    assert_eq!(
        plan.set_manual_rating("k2", FY, Some(blank)),
        Err(EditError::ReasonRequired)
    );
    let ok = ManualRating {
        verdict: Verdict::Status(RatingStatus::NotStarted),
        reason: "着手前".into(),
    };
    plan.set_manual_rating("k2", FY, Some(ok)).unwrap();
    assert_eq!(plan.rate("k2", FY).unwrap().label(), "未着手");
    plan.set_note("k2", FY, "次年度に着手予定").unwrap();
    // Tree edits.
    assert_eq!(
        plan.add_node(None, 0, Node::new("k1", "", "x")),
        Err(EditError::DuplicateId("k1".into()))
    );
    assert_eq!(
        plan.move_node("n1", Some("n1a"), 0),
        Err(EditError::WouldCreateCycle)
    );
    plan.move_node("n1b", Some("n2"), 0).unwrap();
    assert_eq!(
        plan.kpi_path("k4")
            .unwrap()
            .iter()
            .map(|n| n.id.as_str())
            .collect::<Vec<_>>(),
        ["n2", "n1b"]
    );
    let removed = plan.remove_node("n1a").unwrap();
    assert_eq!(removed.kpis.len(), 3);
    assert!(plan.find_kpi("k1").is_none());
    plan.update_node("n2", |n| {
        n.title = "新しい名称".into();
        n.id = "hijack".into();
    })
    .unwrap();
    assert_eq!(plan.find_node("n2").unwrap().title, "新しい名称");
    assert_eq!(plan.remove_kpi("k5").unwrap().id, "k5");
    assert!(plan.validate().is_empty(), "{:#?}", plan.validate());
}

#[test]
fn validator_reports_every_problem_with_its_place() {
    let mut plan: Plan = serde_json::from_str(include_str!("fixtures/plan/invalid.json")).unwrap();
    let messages: Vec<String> = plan.validate().iter().map(ToString::to_string).collect();
    let expected = [
        "計画: 計画名が空です。計画名を入力してください。",
        "1 施策1 / 成果指標「相談件数」 / 令和9(2027)年度: 計画期間外の年度（令和9(2027)年度）に目標・実績が入力されています。年度を直すか計画期間を広げてください。",
        "1 施策1 / 成果指標「相談件数」 / 令和6(2024)年度: 実績が負の値（-3）です。単位が「件」の指標は0以上にしてください。",
        "1 施策1 / 成果指標「累計店舗数」 / 令和6(2024)年度: 手動評価の理由が空です。理由を入力してください。",
        "1 施策1 > (1): 施策の名称が空です。名称を入力してください。",
        "ID: ID「dup」が2か所で使われています。IDは計画内で一意にしてください。",
    ];
    for e in &expected {
        assert!(
            messages.contains(&e.to_string()),
            "missing: {e}\nall: {messages:#?}"
        );
    }
    assert_eq!(messages.len(), expected.len(), "{messages:#?}");
    // A falling 累計 is implausible but may be real: a warning (要確認), not an error.
    let warnings: Vec<String> = plan.warnings().iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "1 施策1 / 成果指標「累計店舗数」 / 令和7(2025)年度: 要確認: 累計の実績が前の年度（令和6(2024)年度 18）より減っています（15）。累計は計画開始からの合計です（年度ごとの値ではありません）。減ったのが正しければそのままで構いません。"
        ]
    );
    // Rules problems.
    plan.rating.bands.reverse();
    let messages: Vec<String> = plan.validate().iter().map(ToString::to_string).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("評価基準: 評価区分「B」は下限がない")),
        "{messages:#?}"
    );
}

#[test]
fn kinds_and_directions_round_trip_in_files() {
    let mut k = Kpi::new("k", "空き店舗数", "店");
    k.kind = KpiKind::Snapshot;
    k.direction = Direction::Maintain {
        tolerance_percent: d("2.5"),
    };
    k.final_target = Some(FinalTarget {
        value: d("0.10"),
        fiscal_year: FY,
    });
    let json = serde_json::to_value(&k).unwrap();
    assert_eq!(
        json["direction"],
        serde_json::json!({"maintain": {"tolerance_percent": "2.5"}})
    );
    assert_eq!(
        json["final_target"]["value"], "0.10",
        "exact decimals as strings"
    );
    assert_eq!(serde_json::from_value::<Kpi>(json).unwrap(), k);
}

/// A year's empty note and absent manual rating, and a KPI's empty footnotes, weight and
/// notes, are left out of the file (a fifth of a stored 1,000-KPI plan). Files that carry
/// them, as every file written before did, still read the same.
#[test]
fn empty_kpi_fields_are_left_out_and_still_read() {
    let mut k = Kpi::new("k", "参加者数", "人");
    k.years.insert(
        FY,
        KpiYear {
            target: Some(d("100")),
            actual: Some(d("96.5")),
            ..KpiYear::default()
        },
    );
    let json = serde_json::to_value(&k).unwrap();
    let year = &json["years"][FY.0.to_string()];
    assert_eq!(
        year,
        &serde_json::json!({"target": "100", "actual": "96.5"})
    );
    for absent in ["footnotes", "weight", "notes"] {
        assert!(json.get(absent).is_none(), "{absent} written: {json}");
    }
    assert_eq!(serde_json::from_value::<Kpi>(json.clone()).unwrap(), k);

    let mut old = json;
    old["footnotes"] = serde_json::json!([]);
    old["weight"] = serde_json::Value::Null;
    old["notes"] = serde_json::json!("");
    old["years"][FY.0.to_string()]["note"] = serde_json::json!("");
    old["years"][FY.0.to_string()]["manual"] = serde_json::Value::Null;
    assert_eq!(serde_json::from_value::<Kpi>(old).unwrap(), k);

    // What is there is written.
    k.notes = "出典: 商工課調べ".into();
    k.years.get_mut(&FY).unwrap().note = "速報値".into();
    let json = serde_json::to_value(&k).unwrap();
    assert_eq!(json["notes"], "出典: 商工課調べ");
    assert_eq!(json["years"][FY.0.to_string()]["note"], "速報値");
}
