//! Rating benchmark: a generated plan of 5,000 KPIs × 10 fiscal years, every rating and every
//! roll-up (node and plan), timed with `std::time::Instant`; then one KPI's update through
//! `PlanEvaluation::update_kpi` on `generate_plan(1000, 5, …)` against a full evaluation.
//!
//! Run: `cargo bench --bench ratings` (prints the figures; no harness).

use std::hint::black_box;
use std::time::Instant;

use rust_decimal::Decimal;
use shinko::domain::fiscal_year::FiscalYear;
use shinko::domain::plan::{
    Baseline, Direction, FinalTarget, Kpi, KpiKind, KpiYear, Node, Period, Plan, generate_plan,
    preset,
};

const KPIS: usize = 5_000;
const YEARS: u16 = 10;

/// 50 基本方針 × 10 施策 × 10 KPIs, mixed kinds and directions, some years left blank.
fn generate() -> Plan {
    let period = Period {
        first: FiscalYear(2024),
        last: FiscalYear(2024 + YEARS - 1),
    };
    let mut nodes = Vec::new();
    let mut n = 0usize;
    for p in 0..50 {
        let mut policy = Node::new(
            format!("p{p}"),
            format!("{}", p + 1),
            format!("基本方針{}", p + 1),
        );
        for s in 0..10 {
            let mut measure = Node::new(
                format!("p{p}-s{s}"),
                format!("({})", s + 1),
                format!("施策{}", s + 1),
            );
            for _ in 0..KPIS / 500 {
                n += 1;
                let mut k = Kpi::new(format!("k{n}"), format!("指標{n}"), "件");
                k.kind = [KpiKind::Annual, KpiKind::Cumulative, KpiKind::Snapshot][n % 3];
                k.direction = match n % 7 {
                    0 => Direction::Decrease,
                    1 => Direction::Maintain {
                        tolerance_percent: Decimal::new(5, 0),
                    },
                    _ => Direction::Increase,
                };
                k.baseline = Some(Baseline {
                    value: Decimal::from(100 + n % 50),
                    fiscal_year: None,
                    label: "現状値".into(),
                });
                k.final_target = Some(FinalTarget {
                    value: Decimal::from(200 + n % 80),
                    fiscal_year: period.last,
                });
                for y in 0..YEARS {
                    if (n + usize::from(y)).is_multiple_of(11) {
                        continue; // missing data → 未評価
                    }
                    let target = Decimal::new(1000 + (n as i64 % 300) + i64::from(y) * 37, 1);
                    let noise = (n as i64 * 7919 + i64::from(y) * 104_729) % 700;
                    // 累計 values only grow; the others wander.
                    let actual = if k.kind == KpiKind::Cumulative {
                        Decimal::new(800 + n as i64 % 700 + i64::from(y) * 60, 1)
                    } else {
                        Decimal::new(800 + noise, 1)
                    };
                    k.years.insert(
                        FiscalYear(2024 + y),
                        KpiYear {
                            target: Some(target),
                            actual: Some(actual),
                            ..KpiYear::default()
                        },
                    );
                }
                measure.kpis.push(k);
            }
            policy.children.push(measure);
        }
        nodes.push(policy);
    }
    let mut plan: Plan = Plan {
        id: "bench".into(),
        title: "ベンチマーク計画".into(),
        municipality: "ベンチ市".into(),
        period,
        level_names: vec!["基本方針".into(), "施策".into()],
        display: Default::default(),
        nodes,
        rating: preset("akiruno").unwrap_or_else(|| unreachable!()),
        notes: String::new(),
        revision: 0,
        created_at: String::new(),
        updated_at: String::new(),
    };
    plan.touch("2025-01-01T00:00:00+09:00");
    plan
}

fn main() {
    let plan = generate();
    let kpis = plan.kpis().len();
    println!(
        "plan: {kpis} KPIs × {YEARS} fiscal years, {} nodes",
        plan.walk().len()
    );

    let runs = 5;
    let mut best = f64::MAX;
    for i in 0..runs {
        let start = Instant::now();
        let eval = black_box(plan.evaluate());
        let elapsed = start.elapsed().as_secs_f64();
        best = best.min(elapsed);
        let rated: usize = eval.ratings.values().map(Vec::len).sum();
        println!(
            "run {}: {rated} ratings + {} node roll-ups + plan roll-up in {:.1} ms",
            i + 1,
            eval.nodes.len() * usize::from(YEARS),
            elapsed * 1e3
        );
    }
    println!(
        "best: {:.1} ms for {} ratings ({:.2} µs per rating incl. roll-ups)",
        best * 1e3,
        kpis * usize::from(YEARS),
        best * 1e6 / (kpis * usize::from(YEARS)) as f64
    );

    let start = Instant::now();
    let problems = black_box(plan.validate());
    println!(
        "validate: {} problems in {:.1} ms",
        problems.len(),
        start.elapsed().as_secs_f64() * 1e3
    );

    incremental();
    startup();
}

/// What the app does with a stored 1,000 × 5 plan when it starts: read it back from its
/// localStorage text (envelope, migrations, validation) with `workspace::load`.
fn startup() {
    use shinko::domain::workspace::{StorageKey, Workspace, load};
    let plan = generate_plan(1_000, 5, 20_261_122);
    let key = StorageKey::Plan(plan.id.clone());
    let ws = Workspace {
        plans: vec![plan],
        ..Workspace::default()
    };
    let Ok(Some(raw)) = ws.stored_value(&key, "2026-11-22T09:00:00+09:00") else {
        println!("startup: could not serialise the plan");
        return;
    };
    let name = key.to_string();
    let mut best = f64::MAX;
    for _ in 0..5 {
        let start = Instant::now();
        let loaded = black_box(load(
            [(name.as_str(), raw.as_str())],
            "2026-11-22T09:00:00+09:00",
        ));
        best = best.min(start.elapsed().as_secs_f64());
        black_box(loaded);
    }
    let start = Instant::now();
    for _ in 0..5 {
        black_box(ws.stored_value(&key, "2026-11-22T09:00:00+09:00").ok());
    }
    let save = start.elapsed().as_secs_f64() / 5.0;
    println!(
        "startup: load a stored 1,000 × 5 plan ({} characters) in {:.1} ms (best of 5); serialise it for a save in {:.1} ms",
        raw.len(),
        best * 1e3,
        save * 1e3
    );
}

/// One cell edited in the grid: the evaluation brought up to date by `update_kpi` (the KPI's
/// path only) against a full `evaluate`, on 1,000 KPIs × 5 fiscal years.
fn incremental() {
    let mut plan = generate_plan(1_000, 5, 2024);
    let ids: Vec<String> = plan.kpis().iter().map(|(_, k)| k.id.clone()).collect();
    let mut eval = plan.evaluate();
    let start = Instant::now();
    let full = black_box(plan.evaluate());
    let full_ms = start.elapsed().as_secs_f64() * 1e3;
    let edits = 1_000;
    let mut total = 0.0;
    for i in 0..edits {
        let id = &ids[(i * 7919) % ids.len()];
        let value = Decimal::from(50 + i % 200);
        if plan.set_actual(id, FiscalYear(2025), Some(value)).is_err() {
            println!("update_kpi: could not set {id}");
            return;
        }
        let start = Instant::now();
        black_box(eval.update_kpi(&plan, id));
        total += start.elapsed().as_secs_f64();
    }
    println!(
        "update_kpi: {} KPIs × 5 fiscal years, {} nodes: {:.1} µs per edited KPI (mean of {edits}) vs {:.1} ms for a full evaluation",
        ids.len(),
        full.nodes.len(),
        total * 1e6 / edits as f64,
        full_ms
    );
}
