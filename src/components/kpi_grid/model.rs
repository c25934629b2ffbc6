//! The grid's reactive model: one signal per KPI row (its values and the drafts of cells
//! that could not be stored), one per rating cell and one per roll-up cell, so an edit
//! notifies only what it changes. The ratings come from an incrementally updated
//! [`PlanEvaluation`]: an edit re-rates one KPI and re-sums the nodes on its path.

use std::collections::{BTreeMap, HashMap};

use leptos::prelude::*;

use crate::domain::fiscal_year::FiscalYear;
use crate::domain::format::{self, NegativeStyle};
use crate::domain::plan::grid::{GridColumn, editable_columns};
use crate::domain::plan::{Kpi, Plan, PlanEvaluation, Rating, RatingRules, Rollup, Words};
use crate::storage::WorkspaceStore;

/// A cell whose text could not be stored: the text stays in place with its message.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub text: String,
    pub message: String,
}

/// A KPI row.
#[derive(Clone)]
pub struct Row {
    pub kpi_id: String,
    pub name: String,
    pub unit: String,
    /// Drafts by editable-column index.
    pub drafts: RwSignal<BTreeMap<usize, Draft>>,
    /// The row's values and ratings, made when the row is first drawn or used
    /// ([`Model::ensure_row`]): a plan of 1,000 KPIs shows some 20 rows at first.
    pub cells: Option<RowCells>,
}

/// The signals of a row that has been drawn.
#[derive(Clone)]
pub struct RowCells {
    pub kpi: RwSignal<Kpi>,
    /// One rating per year of the period.
    pub ratings: Vec<RwSignal<Rating>>,
}

/// A line of the grid in document order: a node's heading row or a KPI row.
#[derive(Clone)]
pub enum Line {
    Node {
        id: String,
        depth: usize,
        level: String,
        name: String,
        /// One per year, made when the line is first drawn ([`Model::ensure_node`]): a plan
        /// of 1,000 KPIs has some 200 nodes and shows a few at first.
        rollups: Option<Vec<RwSignal<Rollup>>>,
    },
    Kpi(usize),
}

/// What decides the grid's layout: when it changes the grid is built again.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    years: Vec<FiscalYear>,
    lines: Vec<(String, usize, Vec<String>)>,
    rules: RatingRules,
    style: crate::domain::fiscal_year::YearStyle,
    titles: Vec<String>,
    level_names: Vec<String>,
}

impl Layout {
    pub fn of(plan: &Plan, scope: Option<&str>) -> Layout {
        let lines = scoped_nodes(plan, scope)
            .into_iter()
            .map(|(depth, _, n)| {
                (
                    n.id.clone(),
                    depth,
                    n.kpis.iter().map(|k| k.id.clone()).collect(),
                )
            })
            .collect();
        let titles = plan
            .walk()
            .iter()
            .flat_map(|(_, n)| {
                std::iter::once(n.display_name())
                    .chain(n.kpis.iter().map(|k| format!("{}\u{1f}{}", k.name, k.unit)))
            })
            .collect();
        Layout {
            years: plan.period.years().collect(),
            lines,
            rules: plan.rating.clone(),
            style: plan.display.year_style,
            titles,
            level_names: plan.level_names.clone(),
        }
    }
}

/// The nodes the grid shows with their depth below the scope (for indenting) and in the
/// plan (for the level's name): the whole plan, or one node and its descendants.
fn scoped_nodes<'a>(
    plan: &'a Plan,
    scope: Option<&str>,
) -> Vec<(usize, usize, &'a crate::domain::plan::Node)> {
    let walk = plan.walk();
    match scope {
        None => walk
            .into_iter()
            .map(|(p, n)| (p.len() - 1, p.len() - 1, n))
            .collect(),
        Some(id) => {
            let Some(base) = walk.iter().find(|(_, n)| n.id == id).map(|(p, _)| p.len()) else {
                return Vec::new();
            };
            walk.into_iter()
                .filter(|(p, _)| p.iter().any(|a| a.id == id))
                .map(|(p, n)| (p.len() - base, p.len() - 1, n))
                .collect()
        }
    }
}

/// Everything the grid renders, built from one version of the plan.
pub struct Model {
    pub plan_id: String,
    pub scope: Option<String>,
    pub years: Vec<FiscalYear>,
    pub columns: Vec<GridColumn>,
    pub rows: Vec<Row>,
    pub lines: Vec<Line>,
    pub total: Vec<RwSignal<Rollup>>,
    pub rules: RatingRules,
    pub style: crate::domain::fiscal_year::YearStyle,
    pub layout: Layout,
    /// The plan revision the model shows.
    pub revision: u64,
    evaluation: PlanEvaluation,
    /// Where the rows' signals are made (the grid's owner, or a child of it after a
    /// rebuild), so a row drawn inside a render effect outlives that effect.
    owner: Owner,
    row_of: HashMap<String, usize>,
    /// The body line of each KPI row (moving by keyboard asks for it on every key).
    line_of: Vec<usize>,
    node_lines: HashMap<String, usize>,
}

impl Model {
    pub fn build(plan: &Plan, scope: Option<String>) -> Model {
        // Unexplained: the grid explains the few ratings it draws ([`explanation`]).
        let evaluation = plan.evaluate_with(Words::Skip);
        crate::dom::mark("shinko:evaluated");
        let years: Vec<FiscalYear> = plan.period.years().collect();
        let mut rows = Vec::new();
        let mut lines = Vec::new();
        let mut row_of = HashMap::new();
        let mut line_of = Vec::new();
        let mut node_lines = HashMap::new();
        for (depth, absolute, node) in scoped_nodes(plan, scope.as_deref()) {
            node_lines.insert(node.id.clone(), lines.len());
            lines.push(Line::Node {
                id: node.id.clone(),
                depth,
                level: plan.level_name(absolute).to_owned(),
                name: node.display_name(),
                rollups: None,
            });
            for kpi in &node.kpis {
                row_of.insert(kpi.id.clone(), rows.len());
                line_of.push(lines.len());
                lines.push(Line::Kpi(rows.len()));
                rows.push(Row {
                    kpi_id: kpi.id.clone(),
                    name: kpi.name.clone(),
                    unit: kpi.unit.clone(),
                    drafts: RwSignal::new(BTreeMap::new()),
                    cells: None,
                });
            }
        }
        let total = years
            .iter()
            .map(|fy| RwSignal::new(scope_total(plan, &evaluation, scope.as_deref(), *fy)))
            .collect();
        Model {
            plan_id: plan.id.clone(),
            layout: Layout::of(plan, scope.as_deref()),
            scope,
            columns: editable_columns(plan),
            years,
            rows,
            lines,
            total,
            rules: plan.rating.clone(),
            style: plan.display.year_style,
            revision: plan.revision,
            evaluation,
            owner: Owner::current().unwrap_or_default(),
            row_of,
            line_of,
            node_lines,
        }
    }

    /// The body line of KPI row `r`.
    pub fn line_of_row(&self, r: usize) -> Option<usize> {
        self.line_of.get(r).copied()
    }

    pub fn row_of(&self, kpi_id: &str) -> Option<usize> {
        self.row_of.get(kpi_id).copied()
    }

    /// Row `r`'s signals, made now from `plan` and the evaluation if the row has none yet.
    pub fn ensure_row(&mut self, r: usize, plan: &Plan) -> Option<RowCells> {
        let row = self.rows.get(r)?;
        if let Some(cells) = &row.cells {
            return Some(cells.clone());
        }
        let kpi = plan.find_kpi(&row.kpi_id)?.clone();
        let ratings: Vec<Rating> = self
            .years
            .iter()
            .map(|fy| {
                self.evaluation
                    .rating(&row.kpi_id, *fy)
                    .cloned()
                    .unwrap_or_else(|| empty_rating(*fy))
            })
            .collect();
        let cells = self.owner.with(|| RowCells {
            kpi: RwSignal::new(kpi),
            ratings: ratings.into_iter().map(RwSignal::new).collect(),
        });
        if let Some(row) = self.rows.get_mut(r) {
            row.cells = Some(cells.clone());
        }
        Some(cells)
    }

    /// Line `l`'s roll-up signals, made now from the evaluation if a node line has none yet
    /// (`None` for a KPI line).
    pub fn ensure_node(&mut self, l: usize) -> Option<Vec<RwSignal<Rollup>>> {
        let Some(Line::Node { id, rollups, .. }) = self.lines.get_mut(l) else {
            return None;
        };
        if let Some(signals) = rollups {
            return Some(signals.clone());
        }
        let evaluation = &self.evaluation;
        let signals: Vec<RwSignal<Rollup>> = self.owner.with(|| {
            self.years
                .iter()
                .map(|fy| RwSignal::new(rollup_or_empty(evaluation.node_rollup(id, *fy), *fy)))
                .collect()
        });
        *rollups = Some(signals.clone());
        Some(signals)
    }

    /// After one KPI's values changed in `plan`: re-rates it, re-sums its path and sets the
    /// signals whose values differ.
    pub fn kpi_changed(&mut self, plan: &Plan, kpi_id: &str) {
        self.revision = plan.revision;
        let Some(row) = self.row_of(kpi_id).and_then(|r| self.rows.get(r)) else {
            return;
        };
        // A row not drawn yet has no signals: it reads the plan when it is.
        let cells = row.cells.clone();
        if let (Some(cells), Some(kpi)) = (&cells, plan.find_kpi(kpi_id))
            && cells.kpi.with_untracked(|k| k != kpi)
        {
            cells.kpi.set(kpi.clone());
        }
        let Some(nodes) = self.evaluation.update_kpi(plan, kpi_id) else {
            return;
        };
        for (i, fy) in self.years.iter().enumerate() {
            if let (Some(sig), Some(r)) = (
                cells.as_ref().and_then(|c| c.ratings.get(i)),
                self.evaluation.rating(kpi_id, *fy),
            ) {
                set_if_changed(*sig, r);
            }
        }
        for node in nodes {
            // A node line not drawn yet has no signals: it reads the evaluation when it is.
            if let Some(Line::Node {
                rollups: Some(rollups),
                ..
            }) = self.node_lines.get(&node).and_then(|l| self.lines.get(*l))
            {
                for (i, fy) in self.years.iter().enumerate() {
                    if let (Some(sig), Some(r)) =
                        (rollups.get(i), self.evaluation.node_rollup(&node, *fy))
                    {
                        set_if_changed(*sig, r);
                    }
                }
            }
        }
        self.refresh_total(plan);
    }

    fn refresh_total(&self, plan: &Plan) {
        for (i, fy) in self.years.iter().enumerate() {
            if let Some(sig) = self.total.get(i) {
                let r = scope_total(plan, &self.evaluation, self.scope.as_deref(), *fy);
                set_if_changed(*sig, &r);
            }
        }
    }

    /// After any other change (undo, another tab, a paste): everything is re-derived and
    /// only differing signals are set. The caller has checked the layout is unchanged.
    pub fn resync(&mut self, plan: &Plan) {
        self.revision = plan.revision;
        self.evaluation = plan.evaluate_with(Words::Skip);
        for row in &self.rows {
            let Some(cells) = &row.cells else {
                continue;
            };
            if let Some(kpi) = plan.find_kpi(&row.kpi_id)
                && cells.kpi.with_untracked(|k| k != kpi)
            {
                cells.kpi.set(kpi.clone());
            }
            for (i, fy) in self.years.iter().enumerate() {
                if let (Some(sig), Some(r)) = (
                    cells.ratings.get(i),
                    self.evaluation.rating(&row.kpi_id, *fy),
                ) {
                    set_if_changed(*sig, r);
                }
            }
        }
        for line in &self.lines {
            if let Line::Node {
                id,
                rollups: Some(rollups),
                ..
            } = line
            {
                for (i, fy) in self.years.iter().enumerate() {
                    if let (Some(sig), Some(r)) =
                        (rollups.get(i), self.evaluation.node_rollup(id, *fy))
                    {
                        set_if_changed(*sig, r);
                    }
                }
            }
        }
        self.refresh_total(plan);
    }

    /// The stored text of an editable cell.
    pub fn value_text(kpi: &Kpi, column: GridColumn) -> String {
        let value = match column {
            GridColumn::Baseline => kpi.baseline.as_ref().map(|b| b.value),
            GridColumn::FinalTarget => kpi.final_target.as_ref().map(|t| t.value),
            GridColumn::Target(fy) => kpi.target(fy),
            GridColumn::Actual(fy) => kpi.actual(fy),
        };
        value.map_or_else(String::new, |v| format::decimal(&v, NegativeStyle::Minus))
    }
}

/// The explanation of KPI `kpi_id`'s rating in `fy`, from the plan as stored now (the grid's
/// own ratings carry none: it rates the whole plan to sum it up, and explains only what it
/// draws or a panel shows).
pub fn explanation(store: WorkspaceStore, plan_id: &str, kpi_id: &str, fy: FiscalYear) -> String {
    store
        .workspace
        .with_untracked(|ws| ws.plan(plan_id).and_then(|p| p.rate(kpi_id, fy)))
        .map(|r| r.explanation)
        .unwrap_or_default()
}

fn set_if_changed<T: Clone + PartialEq + Send + Sync + 'static>(sig: RwSignal<T>, value: &T) {
    if sig.with_untracked(|v| v != value) {
        sig.set(value.clone());
    }
}

fn scope_total(plan: &Plan, ev: &PlanEvaluation, scope: Option<&str>, fy: FiscalYear) -> Rollup {
    let r = match scope {
        None => ev.plan_rollup(fy),
        Some(id) => ev.node_rollup(id, fy),
    };
    r.cloned().unwrap_or_else(|| plan.rollup_plan(fy))
}

fn rollup_or_empty(r: Option<&Rollup>, fy: FiscalYear) -> Rollup {
    r.cloned().unwrap_or(Rollup {
        fiscal_year: fy,
        total: 0,
        bands: Vec::new(),
        statuses: Vec::new(),
        summary: crate::domain::plan::Verdict::Status(crate::domain::plan::RatingStatus::Unrated),
        summary_band_index: None,
        summary_value: None,
        explanation: String::new(),
    })
}

fn empty_rating(fy: FiscalYear) -> Rating {
    Rating {
        fiscal_year: fy,
        verdict: crate::domain::plan::Verdict::Status(crate::domain::plan::RatingStatus::Unrated),
        band_index: None,
        target: None,
        actual: None,
        rate: None,
        percent: None,
        explanation: String::new(),
        manual: false,
    }
}
