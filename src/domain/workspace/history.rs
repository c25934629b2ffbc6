//! Undo and redo of plan edits.
//!
//! An [`Entry`] records the smallest change an edit made: the KPIs or nodes it changed
//! (before and after), or the whole plan when the tree's shape or the plan's settings
//! changed, or the plan's creation or deletion. Undo puts the `before` side back, redo the
//! `after` side.
//!
//! Two rules keep this safe beside other tabs editing the same workspace:
//! - a step is only applied when the plan still holds exactly the side being replaced;
//!   otherwise ([`HistoryError::Diverged`]) nothing changes and that plan's history is
//!   dropped, because its entries no longer describe the plan;
//! - every undo and redo is a new edit: the plan's revision goes up, never back, so a tab
//!   still holding an older copy cannot overwrite the result unnoticed.

use std::collections::HashMap;

use thiserror::Error;

use super::keys::StorageKey;
use super::model::Workspace;
use crate::domain::plan::{Kpi, Node, Plan};

/// How many entries [`History::default`] keeps.
pub const DEFAULT_HISTORY_LIMIT: usize = 200;

/// One change to a plan.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A KPI's fields (values, name, rules of the KPI …); same id on both sides.
    Kpi { before: Kpi, after: Kpi },
    /// A node's own fields; both sides hold the node without its children and KPIs.
    Node { before: Node, after: Node },
    /// The whole plan; `None` is "no such plan" (before a creation, after a deletion).
    Plan {
        before: Option<Plan>,
        after: Option<Plan>,
    },
}

/// Where a step was made, and so where 元に戻す undoes it: on a plan's own screens
/// (`Plan(id)`), or on the screens that list plans (計画, データ管理: creating, deleting,
/// importing, restoring). Each scope has its own history: Ctrl+Z on plan B never undoes
/// what was typed into plan A.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    Plan(String),
    Workspace,
}

/// One undoable step: what the user did (「実績の入力」「貼り付け」) and its changes to one plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Shown as 「元に戻す: {label}」.
    pub label: String,
    pub plan_id: String,
    /// The history this step belongs to: the plan's own unless made from a list.
    pub scope: Scope,
    pub changes: Vec<Change>,
}

/// How many whole-plan entries (tree, settings, create, delete) the undo stack keeps.
pub const MAX_WHOLE_PLAN_ENTRIES: usize = 30;

impl Entry {
    /// Whether the entry holds whole plans rather than single KPIs or nodes.
    pub fn is_whole_plan(&self) -> bool {
        self.changes
            .iter()
            .any(|c| matches!(c, Change::Plan { .. }))
    }

    /// A change to one KPI of plan `plan_id`.
    pub fn kpi(
        label: impl Into<String>,
        plan_id: impl Into<String>,
        before: Kpi,
        after: Kpi,
    ) -> Entry {
        let plan_id = plan_id.into();
        Entry {
            label: label.into(),
            scope: Scope::Plan(plan_id.clone()),
            plan_id,
            changes: vec![Change::Kpi { before, after }],
        }
    }

    /// The smallest changes turning `before` into `after` (the same plan, before and after an
    /// edit). When the tree's shape (node ids, their order and nesting, the KPI ids of each
    /// node) and the plan's own fields (title, period, rules, display …) are unchanged: one
    /// [`Change::Kpi`] per changed KPI and one [`Change::Node`] per node whose own fields
    /// changed, in document order. Otherwise one [`Change::Plan`] holding both plans. `None`
    /// when nothing differs but the revision and timestamps.
    pub fn diff(label: impl Into<String>, before: &Plan, after: &Plan) -> Option<Entry> {
        let label = label.into();
        if !same_settings(before, after) || !same_shape(&before.nodes, &after.nodes) {
            return (!same_content(before, after)).then(|| Entry {
                label,
                plan_id: after.id.clone(),
                scope: Scope::Plan(after.id.clone()),
                changes: vec![Change::Plan {
                    before: Some(before.clone()),
                    after: Some(after.clone()),
                }],
            });
        }
        let mut changes = Vec::new();
        diff_nodes(&before.nodes, &after.nodes, &mut changes);
        (!changes.is_empty()).then(|| Entry {
            label,
            plan_id: after.id.clone(),
            scope: Scope::Plan(after.id.clone()),
            changes,
        })
    }

    /// A whole-plan step: creation (`before` `None`), deletion (`after` `None`) or
    /// replacement (an import over it, a restored backup). The plan id is taken from
    /// `after`, or `before` for a deletion.
    pub fn plan(label: impl Into<String>, before: Option<Plan>, after: Option<Plan>) -> Entry {
        let plan_id = after
            .as_ref()
            .or(before.as_ref())
            .map(|p| p.id.clone())
            .unwrap_or_default();
        Entry {
            label: label.into(),
            scope: Scope::Plan(plan_id.clone()),
            plan_id,
            changes: vec![Change::Plan { before, after }],
        }
    }

    /// The same step, kept in the history of the screens that list plans.
    pub fn in_workspace(mut self) -> Entry {
        self.scope = Scope::Workspace;
        self
    }
}

/// What an undo or redo did: the step's label, its plan, and the storage keys to write
/// (`Workspace::stored_value` gives `None` for a plan that is now absent: remove the key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undone {
    pub label: String,
    pub plan_id: String,
    pub keys: Vec<StorageKey>,
}

/// Why an undo or redo was not done. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum HistoryError {
    #[error(
        "計画（ID「{plan_id}」）がほかのタブや画面で変更されたため、「{label}」を取り消し・やり直しできません。この計画の操作履歴は消去しました。必要な修正は画面で直接行ってください。"
    )]
    Diverged { plan_id: String, label: String },
}

/// The undo and redo stacks of a session, for every plan of the workspace.
#[derive(Debug, Clone)]
pub struct History {
    undo: Vec<Entry>,
    redo: Vec<Entry>,
    limit: usize,
    /// The highest revision each plan has had here, so a plan put back after a deletion
    /// still gets a revision above every copy seen.
    revisions: HashMap<String, u64>,
}

impl Default for History {
    fn default() -> Self {
        History::new(DEFAULT_HISTORY_LIMIT)
    }
}

impl History {
    /// Keeps at most `limit` undo entries (at least 1); the oldest are dropped.
    pub fn new(limit: usize) -> Self {
        History {
            undo: Vec::new(),
            redo: Vec::new(),
            limit: limit.max(1),
            revisions: HashMap::new(),
        }
    }

    /// Records a step the user just made. Clears the redo stack.
    pub fn push(&mut self, entry: Entry) {
        for change in &entry.changes {
            if let Change::Plan { before, after } = change {
                for p in before.iter().chain(after) {
                    self.seen(&p.id, p.revision);
                }
            }
        }
        self.redo.retain(|e| e.scope != entry.scope);
        self.undo.push(entry);
        if self.undo.len() > self.limit {
            let excess = self.undo.len() - self.limit;
            self.undo.drain(..excess);
        }
        // Whole-plan entries hold two copies of a plan (megabytes for a large one): keep
        // the newest MAX_WHOLE_PLAN_ENTRIES of them, dropping the oldest entries first.
        while self.undo.iter().filter(|e| e.is_whole_plan()).count() > MAX_WHOLE_PLAN_ENTRIES {
            self.undo.remove(0);
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// The label of the step [`History::undo`] would undo.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|e| e.label.as_str())
    }

    /// The label of the step [`History::redo`] would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|e| e.label.as_str())
    }

    /// Undoes the last step: puts each change's `before` back, last change first.
    /// `Ok(None)` when there is nothing to undo.
    pub fn undo(&mut self, ws: &mut Workspace, now: &str) -> Result<Option<Undone>, HistoryError> {
        let Some(entry) = self.undo.pop() else {
            return Ok(None);
        };
        let done = self.apply(ws, &entry, Direction::Back, now)?;
        self.redo.push(entry);
        Ok(Some(done))
    }

    /// Redoes the last undone step: puts each change's `after` back, first change first.
    /// `Ok(None)` when there is nothing to redo.
    pub fn redo(&mut self, ws: &mut Workspace, now: &str) -> Result<Option<Undone>, HistoryError> {
        let Some(entry) = self.redo.pop() else {
            return Ok(None);
        };
        let done = self.apply(ws, &entry, Direction::Forward, now)?;
        self.undo.push(entry);
        if self.undo.len() > self.limit {
            self.undo.remove(0);
        }
        Ok(Some(done))
    }

    /// The step [`History::undo_in`] would undo in `scope`.
    fn next_undo(&self, scope: &Scope) -> Option<&Entry> {
        self.undo.iter().rev().find(|e| e.scope == *scope)
    }

    /// The step [`History::redo_in`] would redo in `scope`.
    fn next_redo(&self, scope: &Scope) -> Option<&Entry> {
        self.redo.iter().rev().find(|e| e.scope == *scope)
    }

    /// The label of the step [`History::undo_in`] would undo in `scope`.
    pub fn undo_label_in(&self, scope: &Scope) -> Option<&str> {
        self.next_undo(scope).map(|e| e.label.as_str())
    }

    /// The label of the step [`History::redo_in`] would redo in `scope`.
    pub fn redo_label_in(&self, scope: &Scope) -> Option<&str> {
        self.next_redo(scope).map(|e| e.label.as_str())
    }

    /// The plan the step [`History::undo_in`] would undo changes (for its tooltip).
    pub fn undo_plan_in(&self, scope: &Scope) -> Option<&str> {
        self.next_undo(scope).map(|e| e.plan_id.as_str())
    }

    /// The plan the step [`History::redo_in`] would redo changes.
    pub fn redo_plan_in(&self, scope: &Scope) -> Option<&str> {
        self.next_redo(scope).map(|e| e.plan_id.as_str())
    }

    /// Undoes the last step made in `scope` (other scopes' steps stay as they are).
    pub fn undo_in(
        &mut self,
        scope: &Scope,
        ws: &mut Workspace,
        now: &str,
    ) -> Result<Option<Undone>, HistoryError> {
        let Some(i) = self.undo.iter().rposition(|e| e.scope == *scope) else {
            return Ok(None);
        };
        let entry = self.undo.remove(i);
        let done = self.apply(ws, &entry, Direction::Back, now)?;
        self.redo.push(entry);
        Ok(Some(done))
    }

    /// Redoes the last step undone in `scope`.
    pub fn redo_in(
        &mut self,
        scope: &Scope,
        ws: &mut Workspace,
        now: &str,
    ) -> Result<Option<Undone>, HistoryError> {
        let Some(i) = self.redo.iter().rposition(|e| e.scope == *scope) else {
            return Ok(None);
        };
        let entry = self.redo.remove(i);
        let done = self.apply(ws, &entry, Direction::Forward, now)?;
        self.undo.push(entry);
        if self.undo.len() > self.limit {
            self.undo.remove(0);
        }
        Ok(Some(done))
    }

    /// Forgets every step (e.g. after the workspace was reloaded from storage).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }

    fn seen(&mut self, plan_id: &str, revision: u64) {
        let r = self.revisions.entry(plan_id.to_owned()).or_default();
        *r = (*r).max(revision);
    }

    /// Applies `entry` in `direction` to the workspace, or changes nothing, drops the plan's
    /// history and reports the divergence.
    fn apply(
        &mut self,
        ws: &mut Workspace,
        entry: &Entry,
        direction: Direction,
        now: &str,
    ) -> Result<Undone, HistoryError> {
        let current = ws.plan(&entry.plan_id);
        let current_revision = current.map(|p| p.revision);
        if let Some(r) = current_revision {
            self.seen(&entry.plan_id, r);
        }
        let Some(result) = replay(current.cloned(), entry, direction) else {
            self.undo.retain(|e| e.plan_id != entry.plan_id);
            self.redo.retain(|e| e.plan_id != entry.plan_id);
            return Err(HistoryError::Diverged {
                plan_id: entry.plan_id.clone(),
                label: entry.label.clone(),
            });
        };
        let position = ws.plans.iter().position(|p| p.id == entry.plan_id);
        match (result, position) {
            (Some(mut plan), position) => {
                let highest = self
                    .revisions
                    .get(&entry.plan_id)
                    .copied()
                    .unwrap_or_default()
                    .max(plan.revision);
                plan.revision = highest.saturating_add(1);
                plan.touch(now);
                self.seen(&entry.plan_id, plan.revision);
                match position {
                    Some(i) => ws.plans[i] = plan,
                    None => ws.plans.push(plan),
                }
            }
            (None, Some(i)) => {
                // A plain removal: the step being undone created the plan, so it needs no
                // backup (redo brings it back).
                ws.plans.remove(i);
            }
            (None, None) => {}
        }
        Ok(Undone {
            label: entry.label.clone(),
            plan_id: entry.plan_id.clone(),
            keys: vec![StorageKey::Plan(entry.plan_id.clone())],
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// Undo: `after` → `before`.
    Back,
    /// Redo: `before` → `after`.
    Forward,
}

/// The plan (or its absence) after applying `entry` to `plan`, or `None` when a change does
/// not find the side it replaces.
fn replay(mut plan: Option<Plan>, entry: &Entry, direction: Direction) -> Option<Option<Plan>> {
    let changes: Vec<&Change> = match direction {
        Direction::Back => entry.changes.iter().rev().collect(),
        Direction::Forward => entry.changes.iter().collect(),
    };
    for change in changes {
        match change {
            Change::Plan { before, after } => {
                let (from, to) = sides(direction, before, after);
                let matches = match (&plan, from) {
                    (None, None) => true,
                    (Some(a), Some(b)) => same_content(a, b),
                    _ => false,
                };
                if !matches {
                    return None;
                }
                plan.clone_from(to);
            }
            Change::Kpi { before, after } => {
                let (from, to) = sides(direction, before, after);
                let kpi = plan.as_mut()?.find_kpi_mut(&from.id)?;
                if kpi != from {
                    return None;
                }
                kpi.clone_from(to);
            }
            Change::Node { before, after } => {
                let (from, to) = sides(direction, before, after);
                let node = plan.as_mut()?.find_node_mut(&from.id)?;
                if own_fields(node) != own_fields(from) {
                    return None;
                }
                let children = std::mem::take(&mut node.children);
                let kpis = std::mem::take(&mut node.kpis);
                node.clone_from(to);
                node.children = children;
                node.kpis = kpis;
            }
        }
    }
    Some(plan)
}

fn sides<'a, T>(direction: Direction, before: &'a T, after: &'a T) -> (&'a T, &'a T) {
    match direction {
        Direction::Back => (after, before),
        Direction::Forward => (before, after),
    }
}

/// A node without its children and KPIs: what [`Change::Node`] holds.
fn own_fields(node: &Node) -> Node {
    Node {
        children: Vec::new(),
        kpis: Vec::new(),
        ..node.clone()
    }
}

/// Equal in everything but the revision and timestamps.
fn same_content(a: &Plan, b: &Plan) -> bool {
    same_settings(a, b) && a.nodes == b.nodes
}

/// Equal in every plan field except the nodes, the revision and the timestamps.
fn same_settings(a: &Plan, b: &Plan) -> bool {
    // Destructured so a new field of `Plan` must be considered here.
    let Plan {
        id,
        title,
        municipality,
        period,
        level_names,
        display,
        nodes: _,
        rating,
        notes,
        revision: _,
        created_at: _,
        updated_at: _,
    } = a;
    *id == b.id
        && *title == b.title
        && *municipality == b.municipality
        && *period == b.period
        && *level_names == b.level_names
        && *display == b.display
        && *rating == b.rating
        && *notes == b.notes
}

/// Same node ids in the same order and nesting, with the same KPI ids in the same order.
fn same_shape(a: &[Node], b: &[Node]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            x.id == y.id
                && x.kpis.len() == y.kpis.len()
                && x.kpis.iter().zip(&y.kpis).all(|(k, l)| k.id == l.id)
                && same_shape(&x.children, &y.children)
        })
}

/// Node and KPI changes between two trees of the same shape, in document order.
fn diff_nodes(a: &[Node], b: &[Node], out: &mut Vec<Change>) {
    for (x, y) in a.iter().zip(b) {
        let (own_x, own_y) = (own_fields(x), own_fields(y));
        if own_x != own_y {
            out.push(Change::Node {
                before: own_x,
                after: own_y,
            });
        }
        for (k, l) in x.kpis.iter().zip(&y.kpis) {
            if k != l {
                out.push(Change::Kpi {
                    before: k.clone(),
                    after: l.clone(),
                });
            }
        }
        diff_nodes(&x.children, &y.children, out);
    }
}

#[cfg(test)]
mod whole_plan_cap_tests {
    use super::*;

    #[test]
    fn whole_plan_entries_are_capped_oldest_first() {
        let mut h = History::new(1_000);
        let plan = |n: u64| {
            let mut p = crate::domain::plan::sample_plan("akiruno-shokogyo-plan")
                .cloned()
                .unwrap();
            p.revision = n;
            p
        };
        for n in 0..(MAX_WHOLE_PLAN_ENTRIES as u64 + 5) {
            h.push(Entry::plan(
                format!("e{n}"),
                Some(plan(n)),
                Some(plan(n + 1)),
            ));
        }
        assert_eq!(
            h.undo.iter().filter(|e| e.is_whole_plan()).count(),
            MAX_WHOLE_PLAN_ENTRIES
        );
        assert_eq!(
            h.undo_label(),
            Some(format!("e{}", MAX_WHOLE_PLAN_ENTRIES + 4).as_str())
        );
        assert_eq!(h.undo.first().map(|e| e.label.as_str()), Some("e5"));
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use rust_decimal::Decimal;

    use super::*;
    use crate::domain::fiscal_year::FiscalYear;
    use crate::domain::plan::{Period, preset};

    const NOW: &str = "2025-06-01T10:00:00+09:00";
    const FY: FiscalYear = FiscalYear(2024);

    fn plan(id: &str) -> Plan {
        let mut p = Plan::blank(
            id,
            "計画",
            "市",
            Period {
                first: FiscalYear(2024),
                last: FiscalYear(2026),
            },
            preset("akiruno").unwrap(),
        );
        let mut n = Node::new("n1", "1", "強い経営基盤");
        n.kpis.push(Kpi::new("k1", "参加者数", "人"));
        n.kpis.push(Kpi::new("k2", "相談件数", "件"));
        n.children.push(Node::new("n2", "(1)", "創業支援"));
        p.nodes.push(n);
        p.revision = 5;
        p.created_at = "2025-01-01T00:00:00+09:00".into();
        p
    }

    fn ws(plans: Vec<Plan>) -> Workspace {
        Workspace {
            plans,
            ..Workspace::default()
        }
    }

    type Edit = fn(&mut Plan);

    /// Each edit, the kind of change its diff must give.
    fn cases() -> Vec<(&'static str, Edit, &'static str)> {
        vec![
            (
                "実績の入力",
                |p| p.set_actual("k1", FY, Some(Decimal::from(3))).unwrap(),
                "kpi",
            ),
            (
                "貼り付け",
                |p| {
                    p.set_target("k1", FY, Some(Decimal::from(3))).unwrap();
                    p.set_target("k2", FY, Some(Decimal::from(4))).unwrap();
                },
                "kpi",
            ),
            (
                "施策名の変更",
                |p| {
                    p.update_node("n2", |n| n.title = "創業・事業承継".into())
                        .unwrap()
                },
                "node",
            ),
            (
                "施策の追加",
                |p| {
                    p.add_node(Some("n1"), 0, Node::new("n3", "(0)", "新施策"))
                        .unwrap()
                },
                "plan",
            ),
            (
                "指標の削除",
                |p| {
                    p.remove_kpi("k2").unwrap();
                },
                "plan",
            ),
            ("計画名の変更", |p| p.rename("新計画").unwrap(), "plan"),
        ]
    }

    fn kind(c: &Change) -> &'static str {
        match c {
            Change::Kpi { .. } => "kpi",
            Change::Node { .. } => "node",
            Change::Plan { .. } => "plan",
        }
    }

    #[test]
    fn diff_undo_redo_round_trip() {
        for (label, edit, want) in cases() {
            let before = plan("p");
            let mut after = before.clone();
            edit(&mut after);
            let entry = Entry::diff(label, &before, &after).unwrap();
            assert!(entry.changes.iter().all(|c| kind(c) == want), "{label}");
            assert_eq!(entry.plan_id, "p");
            if label == "貼り付け" {
                assert_eq!(entry.changes.len(), 2);
            }
            if let Change::Node { before, after } = &entry.changes[0] {
                assert!(before.children.is_empty() && after.kpis.is_empty());
            }

            let mut w = ws(vec![plan("other"), after.clone()]);
            let mut h = History::default();
            h.push(entry);
            assert_eq!(h.undo_label(), Some(label));
            let done = h.undo(&mut w, NOW).unwrap().unwrap();
            assert_eq!(done.keys, vec![StorageKey::Plan("p".into())]);
            let undone = w.plan("p").unwrap();
            assert!(same_content(undone, &before), "{label}");
            assert!(undone.revision > after.revision, "{label}");
            assert_eq!(undone.updated_at, NOW);
            assert_eq!(undone.created_at, before.created_at);
            assert!(!h.can_undo() && h.can_redo());
            assert_eq!(h.redo_label(), Some(label));

            let r = undone.revision;
            h.redo(&mut w, NOW).unwrap().unwrap();
            let redone = w.plan("p").unwrap();
            assert!(same_content(redone, &after), "{label}");
            assert_eq!(redone.revision, r + 1);
            assert_eq!(w.plans[0], plan("other"));
            assert!(h.can_undo() && !h.can_redo());
        }
    }

    #[test]
    fn diff_ignores_revision_and_timestamps() {
        let before = plan("p");
        let mut after = before.clone();
        after.revision = 99;
        after.touch(NOW);
        assert_eq!(Entry::diff("なし", &before, &after), None);
        // A set that leaves the value as it was is no step either.
        after.set_actual("k1", FY, None).unwrap();
        assert_eq!(Entry::diff("なし", &before, &after), None);
    }

    #[test]
    fn create_and_delete() {
        let p = plan("p");
        // Undo of a creation removes the plan without a backup; redo brings it back.
        let mut w = ws(vec![p.clone()]);
        let mut h = History::new(10);
        h.push(Entry::plan("計画の作成", None, Some(p.clone())));
        h.undo(&mut w, NOW).unwrap().unwrap();
        assert!(w.plan("p").is_none());
        assert!(w.backups.is_empty());
        h.redo(&mut w, NOW).unwrap().unwrap();
        let back = w.plan("p").unwrap();
        assert!(same_content(back, &p));
        // The plan had revision 5 before its removal: the copy put back is above it.
        assert_eq!(back.revision, 6);

        // Undo of a deletion puts it back; redo deletes it again.
        let mut w = ws(vec![]);
        let mut h = History::new(10);
        h.push(Entry::plan("計画の削除", Some(p.clone()), None));
        assert_eq!(h.undo(&mut w, NOW).unwrap().unwrap().plan_id, "p");
        assert!(same_content(w.plan("p").unwrap(), &p));
        assert_eq!(w.plan("p").unwrap().revision, 6);
        h.redo(&mut w, NOW).unwrap().unwrap();
        assert!(w.plans.is_empty());
        h.undo(&mut w, NOW).unwrap().unwrap();
        assert_eq!(w.plan("p").unwrap().revision, 7);
    }

    #[test]
    fn replace_goes_back_with_a_higher_revision() {
        let old = plan("p");
        let mut new = plan("p");
        new.title = "取り込んだ計画".into();
        new.revision = 2;
        let mut w = ws(vec![new.clone()]);
        let mut h = History::default();
        h.push(Entry::plan(
            "取り込み（置き換え）",
            Some(old.clone()),
            Some(new),
        ));
        h.undo(&mut w, NOW).unwrap().unwrap();
        assert_eq!(w.plan("p").unwrap().title, "計画");
        assert_eq!(w.plan("p").unwrap().revision, 6);
    }

    #[test]
    fn nothing_to_undo_or_redo() {
        let mut w = ws(vec![plan("p")]);
        let mut h = History::default();
        assert_eq!(h.undo(&mut w, NOW), Ok(None));
        assert_eq!(h.redo(&mut w, NOW), Ok(None));
        assert_eq!(h.undo_label(), None);
    }

    fn actual_entry(p: &Plan, value: i64) -> (Entry, Plan) {
        let mut after = p.clone();
        after
            .set_actual("k1", FY, Some(Decimal::from(value)))
            .unwrap();
        let before_kpi = p.find_kpi("k1").unwrap().clone();
        let after_kpi = after.find_kpi("k1").unwrap().clone();
        (
            Entry::kpi(format!("実績 {value}"), "p", before_kpi, after_kpi),
            after,
        )
    }

    #[test]
    fn limit_and_redo_cleared_by_push() {
        let mut p = plan("p");
        let mut h = History::new(3);
        for v in 1..=5 {
            let (e, after) = actual_entry(&p, v);
            h.push(e);
            p = after;
        }
        let mut w = ws(vec![p]);
        let mut labels = Vec::new();
        while let Some(done) = h.undo(&mut w, NOW).unwrap() {
            labels.push(done.label);
        }
        assert_eq!(labels, ["実績 5", "実績 4", "実績 3"]);
        let kpi = w.plan("p").unwrap().find_kpi("k1").unwrap();
        assert_eq!(kpi.actual(FY), Some(Decimal::from(2)));

        h.redo(&mut w, NOW).unwrap().unwrap();
        assert!(h.can_redo());
        let (e, _) = actual_entry(w.plan("p").unwrap(), 9);
        h.push(e);
        assert!(!h.can_redo());
        assert_eq!(h.redo_label(), None);
        h.clear();
        assert!(!h.can_undo());
    }

    #[test]
    fn diverged_changes_nothing_and_drops_that_plans_history() {
        let p = plan("p");
        let (e1, after1) = actual_entry(&p, 1);
        let (e2, after2) = actual_entry(&after1, 2);
        let other = plan("q");
        let mut other_after = other.clone();
        other_after.rename("別の計画").unwrap();
        let mut h = History::default();
        h.push(e1);
        h.push(Entry::diff("計画名の変更", &other, &other_after).unwrap());
        h.push(e2);

        // Another tab changed k1 again.
        let mut changed = after2.clone();
        changed
            .set_actual("k1", FY, Some(Decimal::from(7)))
            .unwrap();
        let mut w = ws(vec![changed.clone(), other_after.clone()]);
        let err = h.undo(&mut w, NOW).unwrap_err();
        assert!(matches!(err, HistoryError::Diverged { ref plan_id, .. } if plan_id == "p"));
        assert!(err.to_string().contains("「実績 2」"));
        assert!(err.to_string().contains("履歴は消去しました"));
        assert_eq!(w.plans, vec![changed, other_after]);
        // Only plan q's entry is left.
        assert_eq!(h.undo_label(), Some("計画名の変更"));
        h.undo(&mut w, NOW).unwrap().unwrap();
        assert_eq!(w.plan("q").unwrap().title, "計画");
        assert!(!h.can_undo());
    }

    #[test]
    fn diverged_on_whole_plan_and_missing_targets() {
        // Undo of a creation when the plan was edited since.
        let p = plan("p");
        let mut edited = p.clone();
        edited.rename("編集済み").unwrap();
        let mut w = ws(vec![edited.clone()]);
        let mut h = History::default();
        h.push(Entry::plan("計画の作成", None, Some(p.clone())));
        assert!(h.undo(&mut w, NOW).is_err());
        assert_eq!(w.plans, vec![edited]);

        // Undo of a deletion when a plan with that id exists again.
        let mut w = ws(vec![p.clone()]);
        let mut h = History::default();
        h.push(Entry::plan("計画の削除", Some(p.clone()), None));
        assert!(h.undo(&mut w, NOW).is_err());

        // A KPI change whose KPI or plan is gone.
        let (e, _) = actual_entry(&p, 1);
        for mut w in [ws(vec![]), {
            let mut q = p.clone();
            q.remove_kpi("k1").unwrap();
            ws(vec![q])
        }] {
            let mut h = History::default();
            h.push(e.clone());
            let before = w.clone();
            assert!(h.undo(&mut w, NOW).is_err());
            assert_eq!(w, before);
        }

        // Redo checks too: the plan changed after the undo.
        let (e, after) = actual_entry(&p, 1);
        let mut w = ws(vec![after]);
        let mut h = History::default();
        h.push(e);
        h.undo(&mut w, NOW).unwrap().unwrap();
        w.plans[0].set_note("k1", FY, "別タブのメモ").unwrap();
        let before = w.clone();
        assert!(h.redo(&mut w, NOW).is_err());
        assert_eq!(w, before);
        assert!(!h.can_undo() && !h.can_redo());
    }
}
