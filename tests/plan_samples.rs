//! The sample plans in `public/samples/` (seeds 000–003): they parse, validate cleanly, keep
//! their preset rules, round-trip through serde, and seed 002's printed 評価 come out of the
//! engine exactly.

// Test helpers may unwrap: a panic is a test failure with its location.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use shinko::domain::envelope::{Envelope, PLAN_FORMAT, SCHEMA_VERSION};
use shinko::domain::fiscal_year::FiscalYear;
use shinko::domain::plan::{KpiKind, NodeStatusKind, Plan, Verdict, preset};

const SAMPLES: [&str; 4] = [
    "atsugi-sangyo-master-plan.json",
    "hiratsuka-gyosei-hyoka.json",
    "akiruno-shokogyo-plan.json",
    "hiratsuka-kobetsu-shisaku-h27.json",
];

fn read(name: &str) -> (String, Envelope<Plan>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("public/samples")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let envelope: Envelope<Plan> = serde_json::from_str(&text).unwrap();
    (text, envelope)
}

#[test]
fn every_sample_is_a_valid_plan_envelope() {
    for name in SAMPLES {
        let (_, env) = read(name);
        assert_eq!(env.format, PLAN_FORMAT, "{name}");
        assert_eq!(env.schema_version, SCHEMA_VERSION, "{name}");
        assert_eq!(env.app_version, "0.1.0", "{name}");
        assert!(env.exported_at.contains('T'), "{name}: RFC 3339");
        let problems = env.data.validate();
        assert!(problems.is_empty(), "{name}: {problems:#?}");
        assert!(!env.data.kpis().is_empty(), "{name} has KPIs");
    }
}

#[test]
fn samples_keep_their_preset_rules() {
    for name in SAMPLES {
        let (_, env) = read(name);
        let id = env.data.rating.preset.clone().unwrap();
        assert_eq!(Some(env.data.rating.clone()), preset(&id), "{name}");
    }
}

#[test]
fn samples_round_trip_exactly() {
    for name in SAMPLES {
        let (text, env) = read(name);
        let again = serde_json::to_string_pretty(&env).unwrap();
        let reparsed: Envelope<Plan> = serde_json::from_str(&again).unwrap();
        assert_eq!(reparsed, env, "{name}");
        // Decimals are strings in the file, never floats.
        let raw: serde_json::Value = serde_json::from_str(&text).unwrap();
        let target = &raw["data"]["nodes"][0]["children"][0]["children"][0]["kpis"][0]["years"]["2023"]
            ["target"];
        if name.starts_with("akiruno") {
            assert_eq!(target, "20");
        }
    }
}

/// Seed 002 as printed (`tests/fixtures/plan/akiruno-printed.json`, shared with the
/// browser tests): each 実施事業 with its 評価 for 令和5, 6, 7年度, in document order.
fn akiruno_printed() -> Vec<(String, Vec<String>)> {
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/plan/akiruno-printed.json"))
            .expect("akiruno-printed.json");
    fixture["projects"]
        .as_array()
        .expect("projects")
        .iter()
        .map(|p| {
            let ratings = p["ratings"].as_array().expect("ratings");
            (
                p["project"].as_str().expect("project").to_owned(),
                ratings
                    .iter()
                    .map(|r| r.as_str().expect("rating").to_owned())
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn akiruno_printed_ratings_are_reproduced() {
    let (_, env) = read("akiruno-shokogyo-plan.json");
    let plan = env.data;
    let kpis = plan.kpis();
    let printed_table = akiruno_printed();
    assert_eq!(kpis.len(), printed_table.len());
    let eval = plan.evaluate();
    for ((path, kpi), (project, printed)) in kpis.iter().zip(&printed_table) {
        let node = path.last().unwrap();
        assert_eq!(&node.title, project);
        assert_eq!(path.len(), 3, "方向性 → 個別施策 → 実施事業");
        for (fy, expected) in [2023u16, 2024, 2025].into_iter().zip(printed) {
            let r = eval.rating(&kpi.id, FiscalYear(fy)).unwrap();
            assert_eq!(
                r.label(),
                expected.as_str(),
                "{project} {fy}: {}",
                r.explanation
            );
            assert!(!r.manual, "computed, not typed in");
        }
        let r8 = eval.rating(&kpi.id, FiscalYear(2026)).unwrap();
        assert_eq!(r8.label(), "未評価", "{project}: 令和8年度 has no 実績 yet");
    }
}

#[test]
fn akiruno_boundaries_the_seed_prints() {
    let (_, env) = read("akiruno-shokogyo-plan.json");
    let plan = env.data;
    let find = |title: &str| {
        plan.kpis()
            .into_iter()
            .find(|(p, _)| p.last().unwrap().title == title)
            .unwrap()
            .1
            .id
            .clone()
    };
    // 事業承継相談 令和5年度: 5 of 10 = exactly 50% → C.
    let r = plan.rate(&find("事業承継相談"), FiscalYear(2023)).unwrap();
    assert_eq!(r.explanation, "実績 5 ÷ 目標 10 = 50.0% → C（50%以下）");
    // るのカード 令和6年度: 94 of 105 = 89.5% → B.
    let r = plan
        .rate(&find("るのカード普及事業"), FiscalYear(2024))
        .unwrap();
    assert_eq!(
        r.explanation,
        "実績 94 ÷ 目標 105 = 89.5% → B（50%超90%未満）"
    );
    // 事業承継セミナー 令和7年度: the issue's example.
    let r = plan
        .rate(&find("事業承継セミナー"), FiscalYear(2025))
        .unwrap();
    assert_eq!(r.explanation, "実績 17 ÷ 目標 45 = 37.8% → C（50%以下）");
    let r = plan
        .rate(&find("地域マップの作成"), FiscalYear(2025))
        .unwrap();
    assert_eq!(
        r.explanation,
        "実績 23,000 ÷ 目標 30,000 = 76.7% → B（50%超90%未満）"
    );
}

#[test]
fn akiruno_new_projects_have_no_baseline() {
    let (_, env) = read("akiruno-shokogyo-plan.json");
    for (path, kpi) in env.data.kpis() {
        let node = path.last().unwrap();
        let is_new = node.status.kind == NodeStatusKind::New;
        assert_eq!(
            kpi.baseline.is_none(),
            is_new,
            "{}: 「-」 exactly for 【新規事業】",
            node.title
        );
        assert!(!node.implementer.is_empty() && !node.goal.is_empty());
        assert!(
            !node.years[&FiscalYear(2025)].progress.is_empty(),
            "実施状況・課題(令和7年度)"
        );
    }
}

#[test]
fn hiratsuka_sheets_keep_kinds_baselines_and_eras() {
    let (_, env) = read("hiratsuka-gyosei-hyoka.json");
    let plan = env.data;
    let kpis = plan.kpis();
    assert_eq!(kpis.len(), 3);
    assert!(kpis.iter().all(|(_, k)| k.kind == KpiKind::Cumulative));
    let (path, k) = &kpis[2];
    assert_eq!(k.baseline.as_ref().unwrap().label, "計画策定時");
    assert_eq!(k.actual(FiscalYear(2024)).unwrap().to_string(), "10406");
    assert_eq!(k.final_target.unwrap().fiscal_year, FiscalYear(2027));
    assert_eq!(k.footnotes.len(), 1);
    assert_eq!(
        path[0].settlement_thousand_yen[&FiscalYear(2024)].to_string(),
        "1587511"
    );
    assert_eq!(path[0].issues.len(), 4);
    assert_eq!(path[0].projects.len(), 9);

    let (_, env) = read("hiratsuka-kobetsu-shisaku-h27.json");
    let plan = env.data;
    assert_eq!(plan.period.first.era_label(), "平成27年度");
    assert_eq!(
        plan.period.last.era_label(),
        "令和元年度",
        "31年度 = 平成31年度 = 令和元年度"
    );
    let kpis = plan.kpis();
    assert_eq!(kpis[0].1.kind, KpiKind::Annual);
    assert_eq!(kpis[1].1.kind, KpiKind::Cumulative);
    assert_eq!(kpis[1].1.unit, "店舗");
    assert_eq!(kpis[0].0[0].issues.len(), 6);
    assert!(
        kpis[0].0[0]
            .projects
            .iter()
            .all(|p| !p.initiative.is_empty())
    );
}

#[test]
fn atsugi_tree_has_every_level_and_remark() {
    let (_, env) = read("atsugi-sangyo-master-plan.json");
    let plan = env.data;
    assert_eq!(
        plan.level_names,
        ["政策", "基本方針", "基本施策", "単位施策"]
    );
    assert_eq!(
        plan.nodes
            .iter()
            .map(|n| n.label.as_str())
            .collect::<Vec<_>>(),
        ["Ⅰ", "Ⅱ", "Ⅲ"]
    );
    let abolished = plan.find_node("I-1-1-2").unwrap();
    assert_eq!(abolished.status.kind, NodeStatusKind::Abolished);
    assert_eq!(abolished.status.note, "令和4年度をもって廃止");
    let added: Vec<_> = plan
        .walk()
        .into_iter()
        .filter(|(_, n)| n.status.kind == NodeStatusKind::New)
        .map(|(_, n)| n.title.clone())
        .collect();
    assert_eq!(
        added,
        [
            "SDGsの実現を支援",
            "カーボンニュートラルの実現を支援",
            "DXの推進を支援"
        ]
    );
    // Every KPI rated 未評価 (the seed has no values yet), and the plan rolls up to 未評価.
    let eval = plan.evaluate();
    let total = eval.plan_rollup(FiscalYear(2024)).unwrap();
    assert_eq!(total.total, plan.kpis().len());
    assert_eq!(
        total.summary,
        Verdict::Status(shinko::domain::plan::RatingStatus::Unrated)
    );
    assert!(plan.kpis().len() >= 30);
}
