//! Roll-ups: every node and the whole plan, per fiscal year (DOMAIN §2): the count and share
//! of each band and status (always), and one summary grade chosen by the plan — the mean rate
//! mapped to a band, the mean band score mapped to a band, or the weighted mean score.
//! A node's roll-up covers the KPIs of the node and all its descendants.

use std::collections::HashMap;

use compact_str::CompactString;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use super::kpi::{Kpi, Verdict};
use super::model::{Node, Plan};
use super::rating::{Rate, Rating, Words, rate_kpi_year_with};
use super::ratio::Ratio;
use super::rules::{RatingRules, RatingStatus, SummaryMethod};
use crate::domain::fiscal_year::FiscalYear;

/// Count and share of one band or status.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Share {
    /// Band label or status label (inline when short: a roll-up has one share per band and
    /// status, and a plan has a roll-up per node and year).
    pub label: CompactString,
    pub count: usize,
    /// Percentage of all KPIs in the roll-up (statuses included), half up to one decimal.
    pub share_percent: Decimal,
}

/// The roll-up of a node (or the plan) in one fiscal year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rollup {
    pub fiscal_year: FiscalYear,
    /// KPIs counted (every KPI of the subtree).
    pub total: usize,
    /// One entry per band, in the rules' order (zero counts included).
    pub bands: Vec<Share>,
    /// One entry per status, in [`RatingStatus::ALL`] order.
    pub statuses: Vec<Share>,
    /// The summary grade: a band, or 未評価 when nothing is rated.
    pub summary: Verdict,
    pub summary_band_index: Option<usize>,
    /// The mean rate (%) or mean score the summary was mapped from.
    pub summary_value: Option<Decimal>,
    pub explanation: String,
}

/// Running sums for one fiscal year, merged from children to parents.
#[derive(Debug, Clone, Default)]
struct Acc {
    total: usize,
    bands: Vec<usize>,
    statuses: [usize; 5],
    rate_sum: Decimal,
    rate_n: usize,
    score_sum: Decimal,
    score_n: usize,
    weighted_sum: Decimal,
    weight_sum: Decimal,
    /// Set when a sum overflowed: the summary becomes 評価不能.
    overflow: bool,
}

impl Acc {
    fn new(bands: usize) -> Acc {
        Acc {
            bands: vec![0; bands],
            ..Acc::default()
        }
    }

    fn add_rating(&mut self, rules: &RatingRules, kpi: &Kpi, rating: &Rating) {
        self.total += 1;
        match (&rating.verdict, rating.band_index) {
            (Verdict::Band(_), Some(i)) => {
                if let Some(c) = self.bands.get_mut(i) {
                    *c += 1;
                }
                if let Some(band) = rules.bands.get(i) {
                    let w = kpi.weight();
                    match (
                        self.score_sum.checked_add(band.score),
                        band.score
                            .checked_mul(w)
                            .and_then(|sw| self.weighted_sum.checked_add(sw)),
                        self.weight_sum.checked_add(w),
                    ) {
                        (Some(s), Some(ws), Some(wt)) => {
                            self.score_sum = s;
                            self.score_n += 1;
                            self.weighted_sum = ws;
                            self.weight_sum = wt;
                        }
                        _ => self.overflow = true,
                    }
                }
                if let Some(Rate::Finite(r)) = rating.rate {
                    match r
                        .percent_approx()
                        .and_then(|p| self.rate_sum.checked_add(p))
                    {
                        Some(s) => {
                            self.rate_sum = s;
                            self.rate_n += 1;
                        }
                        None => self.overflow = true,
                    }
                }
            }
            // A manual band label that is not in the rules counts as 評価不能.
            (Verdict::Band(_), None) => self.statuses[RatingStatus::NotRatable.position()] += 1,
            (Verdict::Status(s), _) => self.statuses[s.position()] += 1,
        }
    }

    fn merge(&mut self, other: &Acc) {
        self.total += other.total;
        for (a, b) in self.bands.iter_mut().zip(&other.bands) {
            *a += b;
        }
        for (a, b) in self.statuses.iter_mut().zip(other.statuses) {
            *a += b;
        }
        let sums = (
            self.rate_sum.checked_add(other.rate_sum),
            self.score_sum.checked_add(other.score_sum),
            self.weighted_sum.checked_add(other.weighted_sum),
            self.weight_sum.checked_add(other.weight_sum),
        );
        match sums {
            (Some(r), Some(s), Some(ws), Some(wt)) => {
                self.rate_sum = r;
                self.score_sum = s;
                self.weighted_sum = ws;
                self.weight_sum = wt;
            }
            _ => self.overflow = true,
        }
        self.rate_n += other.rate_n;
        self.score_n += other.score_n;
        self.overflow |= other.overflow;
    }

    fn finish(&self, rules: &RatingRules, fy: FiscalYear) -> Rollup {
        let share = |label: &str, count: usize| Share {
            label: CompactString::from(label),
            count,
            share_percent: share_percent(count, self.total),
        };
        let bands = rules
            .bands
            .iter()
            .zip(&self.bands)
            .map(|(b, c)| share(&b.label, *c))
            .collect();
        let statuses = RatingStatus::ALL
            .iter()
            .zip(self.statuses)
            .map(|(s, c)| share(s.label(), c))
            .collect();
        let (summary, index, value, explanation) = summarise(rules, self);
        Rollup {
            fiscal_year: fy,
            total: self.total,
            bands,
            statuses,
            summary,
            summary_band_index: index,
            summary_value: value,
            explanation,
        }
    }
}

/// `count / total` in percent, rounded half up to one decimal (0 when `total` is 0): in
/// integers, `floor((2 × 1000 × count + total) / (2 × total))` tenths, the same as
/// [`Ratio::percent_half_up`] and cheaper (a roll-up has a share per band and status).
fn share_percent(count: usize, total: usize) -> Decimal {
    let (Ok(count), Ok(total)) = (i64::try_from(count), i64::try_from(total)) else {
        return Ratio::new(Decimal::from(count), Decimal::from(total))
            .and_then(|r| r.percent_half_up(1))
            .unwrap_or(Decimal::ZERO);
    };
    let tenths = count
        .checked_mul(2000)
        .and_then(|a| a.checked_add(total))
        .zip(total.checked_mul(2))
        .and_then(|(a, b)| a.checked_div(b));
    match tenths {
        Some(t) => Decimal::new(t, 1),
        None => Decimal::ZERO,
    }
}

type Summary = (Verdict, Option<usize>, Option<Decimal>, String);

fn summarise(rules: &RatingRules, acc: &Acc) -> Summary {
    let unrated = |why: &str| {
        (
            Verdict::Status(RatingStatus::Unrated),
            None,
            None,
            why.to_owned(),
        )
    };
    if acc.overflow {
        return (
            Verdict::Status(RatingStatus::NotRatable),
            None,
            None,
            "値が大きすぎるため集計できません".to_owned(),
        );
    }
    let mean = |sum: Decimal, n: Decimal| {
        sum.checked_div(n).map(|m| {
            m.round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero)
                .normalize()
        })
    };
    match rules.summary {
        SummaryMethod::MeanRate => {
            if acc.rate_n == 0 {
                return unrated("評価済みの指標がないため未評価");
            }
            let Some(m) = mean(acc.rate_sum, Decimal::from(acc.rate_n)) else {
                return unrated("集計できません");
            };
            // The mean is compared with each band's bound in percent, whatever its measure.
            let exact = acc
                .rate_sum
                .checked_div(Decimal::from(acc.rate_n))
                .unwrap_or(m);
            let index = rules.bands.iter().position(|b| match b.lower {
                None => true,
                Some(bound) if bound.inclusive => exact >= bound.percent,
                Some(bound) => exact > bound.percent,
            });
            finish(
                rules,
                index,
                m,
                format!("{}指標の平均{} {}%", acc.rate_n, rules.formula.label(), m),
            )
        }
        SummaryMethod::MeanScore | SummaryMethod::WeightedScore => {
            let weighted = rules.summary == SummaryMethod::WeightedScore;
            let (sum, n) = if weighted {
                (acc.weighted_sum, acc.weight_sum)
            } else {
                (acc.score_sum, Decimal::from(acc.score_n))
            };
            if acc.score_n == 0 || n.is_zero() {
                return unrated("評価済みの指標がないため未評価");
            }
            let Some(m) = mean(sum, n) else {
                return unrated("集計できません");
            };
            let exact = sum.checked_div(n).unwrap_or(m);
            // The best band whose score the mean reaches.
            let index = rules
                .bands
                .iter()
                .position(|b| exact >= b.score)
                .or(rules.bands.len().checked_sub(1));
            let what = if weighted {
                "重み付き平均評価点"
            } else {
                "平均評価点"
            };
            finish(rules, index, m, format!("{}指標の{what} {m}", acc.score_n))
        }
    }
}

fn finish(rules: &RatingRules, index: Option<usize>, value: Decimal, words: String) -> Summary {
    match index.and_then(|i| rules.bands.get(i).map(|b| (i, b))) {
        Some((i, band)) => (
            Verdict::Band(CompactString::from(band.label.as_str())),
            Some(i),
            Some(value),
            format!("{words} → {}", band.label),
        ),
        None => (
            Verdict::Status(RatingStatus::NotRatable),
            None,
            Some(value),
            words,
        ),
    }
}

/// Every rating and roll-up of a plan: what the UI's tables and the CLI show.
#[derive(Debug, Clone, Default)]
pub struct PlanEvaluation {
    /// The fiscal years evaluated (the plan period).
    pub years: Vec<FiscalYear>,
    /// Per KPI id: one rating per year, in `years` order.
    pub ratings: HashMap<String, Vec<Rating>>,
    /// Per node id: one roll-up per year, in `years` order.
    pub nodes: HashMap<String, Vec<Rollup>>,
    /// The whole plan: one roll-up per year.
    pub plan: Vec<Rollup>,
    /// Per node id: the subtree's sums per year, so [`PlanEvaluation::update_kpi`] can redo
    /// one path without rating every other KPI again.
    subtree: HashMap<String, Vec<Acc>>,
    /// Per KPI id: the child indices from the top level down to the node holding it.
    kpi_paths: HashMap<String, Vec<usize>>,
    /// Whether the ratings carry their explanations ([`Plan::evaluate_with`]).
    pub words: Words,
}

impl PlanEvaluation {
    pub fn rating(&self, kpi_id: &str, fy: FiscalYear) -> Option<&Rating> {
        let i = self.years.iter().position(|y| *y == fy)?;
        self.ratings.get(kpi_id)?.get(i)
    }

    pub fn node_rollup(&self, node_id: &str, fy: FiscalYear) -> Option<&Rollup> {
        let i = self.years.iter().position(|y| *y == fy)?;
        self.nodes.get(node_id)?.get(i)
    }

    pub fn plan_rollup(&self, fy: FiscalYear) -> Option<&Rollup> {
        let i = self.years.iter().position(|y| *y == fy)?;
        self.plan.get(i)
    }

    /// Brings the evaluation up to date after one KPI's values changed in `plan` (目標,
    /// 実績, 基準値, 最終目標, manual rating, weight, kind, direction …, but not the tree's
    /// shape, the rules or the period): re-rates that KPI in every year and recomputes the
    /// roll-ups of the nodes on its path and of the plan from the cached sums of everything
    /// else. The cost is the path's depth × (the KPIs and children of each node on it), not
    /// the plan's size; the result is identical to a fresh [`Plan::evaluate`].
    ///
    /// Returns the ids of the nodes whose roll-ups were recomputed, top level first; `None`
    /// when the plan has no such KPI. Should the plan's period or shape have changed after
    /// all, everything is evaluated afresh and every node id is returned.
    pub fn update_kpi(&mut self, plan: &Plan, kpi_id: &str) -> Option<Vec<String>> {
        match self.update_path(plan, kpi_id) {
            Some(ids) => Some(ids),
            None => {
                plan.find_kpi(kpi_id)?;
                *self = plan.evaluate_with(self.words);
                Some(plan.walk().into_iter().map(|(_, n)| n.id.clone()).collect())
            }
        }
    }

    /// The incremental update, or `None` when the caches do not fit the plan.
    fn update_path(&mut self, plan: &Plan, kpi_id: &str) -> Option<Vec<String>> {
        if !plan.period.years().eq(self.years.iter().copied()) {
            return None;
        }
        let mut path: Vec<&Node> = Vec::new();
        let mut siblings = &plan.nodes;
        for &i in self.kpi_paths.get(kpi_id)? {
            let node = siblings.get(i)?;
            path.push(node);
            siblings = &node.children;
        }
        let kpi = path.last()?.kpis.iter().find(|k| k.id == kpi_id)?;
        let rules = &plan.rating;
        let ratings = self
            .years
            .iter()
            .map(|fy| plan.rate_kpi(kpi, *fy, self.words))
            .collect();
        self.ratings.insert(kpi.id.clone(), ratings);
        for node in path.iter().rev() {
            let mut accs = vec![Acc::new(rules.bands.len()); self.years.len()];
            for k in &node.kpis {
                for (acc, rating) in accs.iter_mut().zip(self.ratings.get(&k.id)?) {
                    acc.add_rating(rules, k, rating);
                }
            }
            for child in &node.children {
                for (acc, c) in accs.iter_mut().zip(self.subtree.get(&child.id)?) {
                    acc.merge(c);
                }
            }
            let rollups = finish_all(rules, &accs, &self.years);
            self.nodes.insert(node.id.clone(), rollups);
            self.subtree.insert(node.id.clone(), accs);
        }
        let mut total = vec![Acc::new(rules.bands.len()); self.years.len()];
        for node in &plan.nodes {
            for (acc, c) in total.iter_mut().zip(self.subtree.get(&node.id)?) {
                acc.merge(c);
            }
        }
        self.plan = finish_all(rules, &total, &self.years);
        Some(path.iter().map(|n| n.id.clone()).collect())
    }
}

fn finish_all(rules: &RatingRules, accs: &[Acc], years: &[FiscalYear]) -> Vec<Rollup> {
    accs.iter()
        .zip(years)
        .map(|(acc, fy)| acc.finish(rules, *fy))
        .collect()
}

struct Evaluator<'a> {
    plan: &'a Plan,
    years: Vec<FiscalYear>,
    out: PlanEvaluation,
}

impl Evaluator<'_> {
    /// Rates the node's KPIs, recurses into children, and returns the subtree's sums per year.
    /// `path` holds the child indices down to `node`.
    fn node(&mut self, node: &Node, path: &mut Vec<usize>) -> Vec<Acc> {
        let rules = &self.plan.rating;
        let mut accs = vec![Acc::new(rules.bands.len()); self.years.len()];
        for kpi in &node.kpis {
            let ratings: Vec<Rating> = self
                .years
                .iter()
                .map(|fy| self.plan.rate_kpi(kpi, *fy, self.out.words))
                .collect();
            for (acc, rating) in accs.iter_mut().zip(&ratings) {
                acc.add_rating(rules, kpi, rating);
            }
            self.out.ratings.insert(kpi.id.clone(), ratings);
            self.out.kpi_paths.insert(kpi.id.clone(), path.clone());
        }
        for (i, child) in node.children.iter().enumerate() {
            path.push(i);
            let child_accs = self.node(child, path);
            path.pop();
            for (acc, c) in accs.iter_mut().zip(&child_accs) {
                acc.merge(c);
            }
        }
        let rollups = finish_all(rules, &accs, &self.years);
        self.out.nodes.insert(node.id.clone(), rollups);
        self.out.subtree.insert(node.id.clone(), accs.clone());
        accs
    }
}

impl Plan {
    /// Rates every KPI in every fiscal year of the period and rolls them up to every node and
    /// the plan.
    pub fn evaluate(&self) -> PlanEvaluation {
        self.evaluate_with(Words::Explain)
    }

    /// [`Plan::evaluate`], with or without each rating's explanation (the roll-ups are always
    /// explained). Without, a large plan is evaluated in about half the time; the KPI grid
    /// explains the ratings it draws with [`Plan::rate`].
    pub fn evaluate_with(&self, words: Words) -> PlanEvaluation {
        let years: Vec<FiscalYear> = self.period.years().collect();
        // Sized once: growing the maps rehashed every id (a tenth of the time on 1,000 KPIs).
        let (mut node_count, mut kpi_count) = (0, 0);
        let mut stack: Vec<&Node> = self.nodes.iter().collect();
        while let Some(n) = stack.pop() {
            node_count += 1;
            kpi_count += n.kpis.len();
            stack.extend(n.children.iter());
        }
        let mut ev = Evaluator {
            plan: self,
            years: years.clone(),
            out: PlanEvaluation {
                years: years.clone(),
                ratings: HashMap::with_capacity(kpi_count),
                nodes: HashMap::with_capacity(node_count),
                subtree: HashMap::with_capacity(node_count),
                kpi_paths: HashMap::with_capacity(kpi_count),
                words,
                ..PlanEvaluation::default()
            },
        };
        let mut total = vec![Acc::new(self.rating.bands.len()); years.len()];
        for (i, node) in self.nodes.iter().enumerate() {
            let accs = ev.node(node, &mut vec![i]);
            for (acc, c) in total.iter_mut().zip(&accs) {
                acc.merge(c);
            }
        }
        ev.out.plan = total
            .iter()
            .zip(&years)
            .map(|(acc, fy)| acc.finish(&self.rating, *fy))
            .collect();
        ev.out
    }

    /// The rating of one KPI in one fiscal year (`None` when the KPI does not exist).
    pub fn rate(&self, kpi_id: &str, fy: FiscalYear) -> Option<Rating> {
        let kpi = self.find_kpi(kpi_id)?;
        Some(self.rate_kpi(kpi, fy, Words::Explain))
    }

    /// `kpi`'s rating in `fy` under this plan's rules, period and year style.
    fn rate_kpi(&self, kpi: &Kpi, fy: FiscalYear, words: Words) -> Rating {
        rate_kpi_year_with(
            &self.rating,
            &self.period,
            kpi,
            fy,
            self.display.year_style,
            words,
        )
    }

    /// The roll-up of one node (its KPIs and all descendants') in one fiscal year.
    pub fn rollup(&self, node_id: &str, fy: FiscalYear) -> Option<Rollup> {
        let node = self.find_node(node_id)?;
        let mut acc = Acc::new(self.rating.bands.len());
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            for kpi in &n.kpis {
                let r = self.rate_kpi(kpi, fy, Words::Skip);
                acc.add_rating(&self.rating, kpi, &r);
            }
            stack.extend(n.children.iter());
        }
        Some(acc.finish(&self.rating, fy))
    }

    /// The roll-up of the whole plan in one fiscal year.
    pub fn rollup_plan(&self, fy: FiscalYear) -> Rollup {
        let mut acc = Acc::new(self.rating.bands.len());
        for (_, kpi) in self.kpis() {
            let r = self.rate_kpi(kpi, fy, Words::Skip);
            acc.add_rating(&self.rating, kpi, &r);
        }
        acc.finish(&self.rating, fy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The integer shares equal the exact ratio's, digit for digit, including the scale.
    #[test]
    fn share_percent_equals_the_exact_ratio() {
        for total in 1..=60usize {
            for count in 0..=total {
                let exact = Ratio::new(Decimal::from(count), Decimal::from(total))
                    .and_then(|r| r.percent_half_up(1))
                    .unwrap();
                let fast = share_percent(count, total);
                assert_eq!(fast.to_string(), exact.to_string(), "{count}/{total}");
            }
        }
        assert_eq!(share_percent(0, 0).to_string(), "0");
        assert_eq!(share_percent(1, 8).to_string(), "12.5");
        assert_eq!(share_percent(1, 16).to_string(), "6.3");
    }
}
