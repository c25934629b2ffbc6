//! A deterministic synthetic plan for benchmarks and property tests.

use rust_decimal::{Decimal, RoundingStrategy};

use super::kpi::{Baseline, Direction, FinalTarget, Kpi, KpiKind, KpiYear};
use super::model::{Node, Period, Plan};
use super::presets::preset;
use super::rules::RatingRules;
use crate::domain::fiscal_year::FiscalYear;
use crate::domain::subsidy::rng::SplitMix64;

/// 基本方針 in a generated plan.
const POLICIES: usize = 5;
/// 基本施策 per 基本方針.
const MEASURES: usize = 4;
/// KPIs per 単位施策 (the last may hold fewer).
const KPIS_PER_LEAF: usize = 5;

/// A synthetic plan of `kpis` KPIs over `years` fiscal years (FY2024 onwards; at least one),
/// the same for the same `seed`.
///
/// Shape: 5 基本方針 → 4 基本施策 each → 単位施策 holding 5 KPIs each, the 単位施策 dealt
/// round-robin over the 基本施策 (1,000 KPIs: 200 単位施策, 10 under each 基本施策). Every
/// KPI has a baseline, a target every year, an actual in every year but the last, and a
/// final target in the last year; kinds and directions are mixed (about 60% 増加, 25% 減少,
/// 15% 維持 ±5%), and actuals range from 30% to 150% of the target, with the occasional
/// zero. Rated with the あきる野市 preset.
pub fn generate_plan(kpis: usize, years: u16, seed: u64) -> Plan {
    let mut rng = SplitMix64::new(seed);
    let years = years.max(1);
    let period = Period {
        first: FiscalYear(2024),
        last: FiscalYear(2024_u16.saturating_add(years - 1)),
    };
    let mut policies: Vec<Node> = (0..POLICIES)
        .map(|p| {
            let mut policy = Node::new(
                format!("p{}", p + 1),
                format!("{}", p + 1),
                format!("基本方針{}", p + 1),
            );
            policy.children = (0..MEASURES)
                .map(|m| {
                    Node::new(
                        format!("p{}-m{}", p + 1, m + 1),
                        format!("({})", m + 1),
                        format!("基本施策{}-{}", p + 1, m + 1),
                    )
                })
                .collect();
            policy
        })
        .collect();
    let leaves = kpis.div_ceil(KPIS_PER_LEAF);
    let mut n = 0;
    for leaf in 0..leaves {
        let slot = leaf % (POLICIES * MEASURES);
        let (p, m) = (slot / MEASURES, slot % MEASURES);
        let mut node = Node::new(
            format!("p{}-m{}-l{}", p + 1, m + 1, leaf + 1),
            circled(leaf / (POLICIES * MEASURES)),
            format!("単位施策{}", leaf + 1),
        );
        while node.kpis.len() < KPIS_PER_LEAF && n < kpis {
            n += 1;
            node.kpis.push(kpi(&mut rng, n, period));
        }
        if let Some(measure) = policies.get_mut(p).and_then(|x| x.children.get_mut(m)) {
            measure.children.push(node);
        }
    }
    let rating = preset("akiruno").unwrap_or_else(fallback_rules);
    let mut plan = Plan::blank(
        format!("generated-{seed}"),
        format!("生成計画（{kpis}指標 × {years}年度）"),
        "生成市",
        period,
        rating,
    );
    plan.level_names = ["基本方針", "基本施策", "単位施策"]
        .map(str::to_owned)
        .to_vec();
    plan.nodes = policies;
    plan
}

/// Never used: the あきる野市 preset exists. Keeps the generator free of `expect`.
fn fallback_rules() -> RatingRules {
    RatingRules {
        preset: None,
        name: String::new(),
        description: String::new(),
        formula: super::rules::Formula::Achievement,
        target_basis: Default::default(),
        bands: Vec::new(),
        statuses: super::rules::RatingStatus::all(),
        summary: Default::default(),
    }
}

fn circled(i: usize) -> String {
    char::from_u32('①' as u32 + (i % 20) as u32)
        .map(String::from)
        .unwrap_or_default()
}

fn kpi(rng: &mut SplitMix64, n: usize, period: Period) -> Kpi {
    const UNITS: [&str; 6] = ["件", "人", "店", "%", "回", "千円"];
    let mut k = Kpi::new(
        format!("k{n}"),
        format!("指標{n}"),
        UNITS[pick(rng, UNITS.len())],
    );
    k.kind = [KpiKind::Annual, KpiKind::Cumulative, KpiKind::Snapshot][pick(rng, 3)];
    k.direction = match rng.below(20) {
        // A 累計 total only grows.
        _ if k.kind == KpiKind::Cumulative => Direction::Increase,
        0..=11 => Direction::Increase,
        12..=16 => Direction::Decrease,
        _ => Direction::Maintain {
            tolerance_percent: Decimal::from(5),
        },
    };
    let base = Decimal::from(50 + rng.below(450));
    k.baseline = Some(Baseline {
        value: base,
        fiscal_year: Some(FiscalYear(period.first.0.saturating_sub(1))),
        label: "基準値".to_owned(),
    });
    let step = Decimal::from(1 + rng.below(20));
    let mut target = base;
    let mut previous = Decimal::ZERO;
    for fy in period.years() {
        target = match k.direction {
            Direction::Increase => target + step,
            // Down by a step, but never below 1.
            Direction::Decrease => (target - step).max(Decimal::ONE),
            Direction::Maintain { .. } => base,
        };
        let actual = (fy != period.last).then(|| {
            let value = if rng.below(50) == 0 {
                Decimal::ZERO
            } else {
                // 30%–150% of the target, to one decimal.
                let percent = 30 + i64::try_from(rng.below(121)).unwrap_or(0);
                (target * Decimal::new(percent, 2))
                    .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero)
            };
            if k.kind == KpiKind::Cumulative {
                previous = previous.max(value);
                previous
            } else {
                value
            }
        });
        k.years.insert(
            fy,
            KpiYear {
                target: Some(target),
                actual,
                ..KpiYear::default()
            },
        );
    }
    k.final_target = Some(FinalTarget {
        value: target,
        fiscal_year: period.last,
    });
    k
}

fn pick(rng: &mut SplitMix64, n: usize) -> usize {
    usize::try_from(rng.below(n as u64)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_and_determinism() {
        let plan = generate_plan(1000, 5, 7);
        assert_eq!(plan.kpis().len(), 1000);
        let leaves = plan.walk().iter().filter(|(p, _)| p.len() == 3).count();
        assert_eq!(leaves, 200);
        assert_eq!(plan.walk().len(), 5 + 20 + 200);
        assert_eq!(plan.period.years().count(), 5);
        assert_eq!(plan.rating.preset.as_deref(), Some("akiruno"));
        assert_eq!(plan, generate_plan(1000, 5, 7));
        assert_ne!(plan.nodes, generate_plan(1000, 5, 8).nodes);
        assert!(plan.validate().is_empty(), "{:?}", plan.validate());
        let last = plan.period.last;
        for (_, k) in plan.kpis() {
            assert!(plan.period.years().all(|fy| k.target(fy).is_some()));
            assert!(
                plan.period
                    .years()
                    .all(|fy| (fy == last) == k.actual(fy).is_none())
            );
        }
        assert_eq!(generate_plan(7, 0, 1).kpis().len(), 7);
        assert_eq!(generate_plan(0, 3, 1).kpis().len(), 0);
    }
}
