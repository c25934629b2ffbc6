//! Named edit operations the UI calls on the plan it holds. Each successful edit bumps
//! `revision`; a failed one changes nothing.

use rust_decimal::Decimal;
use thiserror::Error;

use super::kpi::{Kpi, KpiYear, ManualRating};
use super::model::{Node, Plan};
use super::rules::RatingRules;
use crate::domain::fiscal_year::{FiscalYear, YearStyle};

/// Why an edit was refused. Messages are for users.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum EditError {
    #[error("施策（ID: {0}）が見つかりません。画面を再読み込みしてください。")]
    NodeNotFound(String),
    #[error("成果指標（ID: {0}）が見つかりません。画面を再読み込みしてください。")]
    KpiNotFound(String),
    #[error("ID「{0}」は計画内ですでに使われています。別のIDにしてください。")]
    DuplicateId(String),
    #[error("IDが空です。")]
    EmptyId,
    #[error("施策をその下位の施策の中へ移動することはできません。")]
    WouldCreateCycle,
    #[error("{0}は計画期間の外です。計画期間を広げるか、期間内の年度を選んでください。")]
    OutsidePeriod(String),
    #[error("手動評価には理由が必要です。理由を入力してください。")]
    ReasonRequired,
    #[error("計画名が空です。計画名を入力してください。")]
    EmptyTitle,
    #[error("自治体名が空です。自治体名を入力してください（例: あきる野市）。")]
    EmptyMunicipality,
    #[error(
        "計画期間の開始年度が終了年度より後になっています。開始年度と終了年度を確かめてください。"
    )]
    InvalidPeriod,
    #[error(
        "計画期間が長すぎます。{0}年度以内にしてください（年度の入力間違いがないか確かめてください）。"
    )]
    PeriodTooLong(u16),
    #[error(
        "計画（ID: {0}）がこのブラウザにありません。ほかのタブで削除された可能性があります。計画の一覧から開き直してください。"
    )]
    PlanNotFound(String),
    #[error("その方向にはこれ以上移動できません。")]
    CannotMove,
    /// The edit would leave the plan with a problem it did not have (a negative count, a
    /// 累計 that goes down, bands out of order …): refused with the validator's message.
    #[error("{0}（この変更は保存していません）")]
    Rejected(String),
}

impl Plan {
    pub(crate) fn bump(&mut self) {
        self.revision = self.revision.wrapping_add(1);
    }

    /// Whether `id` is used by any node or KPI.
    pub fn id_in_use(&self, id: &str) -> bool {
        self.walk()
            .iter()
            .any(|(_, n)| n.id == id || n.kpis.iter().any(|k| k.id == id))
    }

    pub fn find_node(&self, id: &str) -> Option<&Node> {
        fn go<'a>(nodes: &'a [Node], id: &str) -> Option<&'a Node> {
            nodes.iter().find_map(|n| {
                if n.id == id {
                    Some(n)
                } else {
                    go(&n.children, id)
                }
            })
        }
        go(&self.nodes, id)
    }

    pub fn find_node_mut(&mut self, id: &str) -> Option<&mut Node> {
        fn go<'a>(nodes: &'a mut [Node], id: &str) -> Option<&'a mut Node> {
            for n in nodes {
                if n.id == id {
                    return Some(n);
                }
                if let Some(found) = go(&mut n.children, id) {
                    return Some(found);
                }
            }
            None
        }
        go(&mut self.nodes, id)
    }

    pub fn find_kpi(&self, id: &str) -> Option<&Kpi> {
        // Depth first without building paths: the grid calls this on every edit.
        fn go<'a>(nodes: &'a [Node], id: &str) -> Option<&'a Kpi> {
            nodes.iter().find_map(|n| {
                n.kpis
                    .iter()
                    .find(|k| k.id == id)
                    .or_else(|| go(&n.children, id))
            })
        }
        go(&self.nodes, id)
    }

    /// The KPI with this id, to change in place. Prefer the named edits, which bump the
    /// revision; this is for replaying recorded changes (undo and redo).
    pub fn find_kpi_mut(&mut self, id: &str) -> Option<&mut Kpi> {
        fn go<'a>(nodes: &'a mut [Node], id: &str) -> Option<&'a mut Kpi> {
            for n in nodes {
                if let Some(k) = n.kpis.iter_mut().find(|k| k.id == id) {
                    return Some(k);
                }
                if let Some(k) = go(&mut n.children, id) {
                    return Some(k);
                }
            }
            None
        }
        go(&mut self.nodes, id)
    }

    /// The nodes from the root down to the node holding KPI `kpi_id`.
    pub fn kpi_path(&self, kpi_id: &str) -> Option<Vec<&Node>> {
        self.walk()
            .into_iter()
            .find(|(_, n)| n.kpis.iter().any(|k| k.id == kpi_id))
            .map(|(path, _)| path)
    }

    fn year_mut(&mut self, kpi_id: &str, fy: FiscalYear) -> Result<&mut KpiYear, EditError> {
        if !self.period.contains(fy) {
            return Err(EditError::OutsidePeriod(fy.label(self.display.year_style)));
        }
        let kpi = self
            .find_kpi_mut(kpi_id)
            .ok_or_else(|| EditError::KpiNotFound(kpi_id.to_owned()))?;
        Ok(kpi.years.entry(fy).or_default())
    }

    /// Removes a year entry that has become empty, so files stay small.
    fn tidy_year(&mut self, kpi_id: &str, fy: FiscalYear) {
        if let Some(kpi) = self.find_kpi_mut(kpi_id)
            && kpi.years.get(&fy).is_some_and(KpiYear::is_empty)
        {
            kpi.years.remove(&fy);
        }
    }

    fn edit_year(
        &mut self,
        kpi_id: &str,
        fy: FiscalYear,
        f: impl FnOnce(&mut KpiYear),
    ) -> Result<(), EditError> {
        f(self.year_mut(kpi_id, fy)?);
        self.tidy_year(kpi_id, fy);
        self.bump();
        Ok(())
    }

    /// Sets (or clears) a KPI's 実績 for a fiscal year of the period.
    pub fn set_actual(
        &mut self,
        kpi_id: &str,
        fy: FiscalYear,
        value: Option<Decimal>,
    ) -> Result<(), EditError> {
        self.edit_year(kpi_id, fy, |y| y.actual = value)
    }

    /// Sets (or clears) a KPI's 目標 for a fiscal year of the period.
    pub fn set_target(
        &mut self,
        kpi_id: &str,
        fy: FiscalYear,
        value: Option<Decimal>,
    ) -> Result<(), EditError> {
        self.edit_year(kpi_id, fy, |y| y.target = value)
    }

    /// Sets a KPI's note for a fiscal year (an empty note clears it).
    pub fn set_note(
        &mut self,
        kpi_id: &str,
        fy: FiscalYear,
        note: impl Into<String>,
    ) -> Result<(), EditError> {
        let note = note.into();
        self.edit_year(kpi_id, fy, |y| y.note = note)
    }

    /// Sets or clears a manual rating; the reason must not be blank.
    pub fn set_manual_rating(
        &mut self,
        kpi_id: &str,
        fy: FiscalYear,
        manual: Option<ManualRating>,
    ) -> Result<(), EditError> {
        if manual.as_ref().is_some_and(|m| m.reason.trim().is_empty()) {
            return Err(EditError::ReasonRequired);
        }
        self.edit_year(kpi_id, fy, |y| y.manual = manual)
    }

    /// Changes a KPI through `f` (name, unit, kind, direction, baseline, final target …).
    /// The id cannot be changed this way.
    pub fn update_kpi(&mut self, kpi_id: &str, f: impl FnOnce(&mut Kpi)) -> Result<(), EditError> {
        let kpi = self
            .find_kpi_mut(kpi_id)
            .ok_or_else(|| EditError::KpiNotFound(kpi_id.to_owned()))?;
        let id = kpi.id.clone();
        f(kpi);
        kpi.id = id;
        self.bump();
        Ok(())
    }

    /// Changes a node's own fields through `f` (title, label, status, texts …). Its id,
    /// children and KPIs are kept: use the tree operations for those.
    pub fn update_node(
        &mut self,
        node_id: &str,
        f: impl FnOnce(&mut Node),
    ) -> Result<(), EditError> {
        let node = self
            .find_node_mut(node_id)
            .ok_or_else(|| EditError::NodeNotFound(node_id.to_owned()))?;
        let id = node.id.clone();
        let children = std::mem::take(&mut node.children);
        let kpis = std::mem::take(&mut node.kpis);
        f(node);
        node.id = id;
        node.children = children;
        node.kpis = kpis;
        self.bump();
        Ok(())
    }

    fn check_new_ids(&self, node: &Node) -> Result<(), EditError> {
        let mut seen = std::collections::HashSet::new();
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            for id in std::iter::once(&n.id).chain(n.kpis.iter().map(|k| &k.id)) {
                if id.is_empty() {
                    return Err(EditError::EmptyId);
                }
                if !seen.insert(id.clone()) || self.id_in_use(id) {
                    return Err(EditError::DuplicateId(id.clone()));
                }
            }
            stack.extend(n.children.iter());
        }
        Ok(())
    }

    /// Adds a node (with its subtree) under `parent` (`None`: top level) at `index`, or at the
    /// end when `index` is past it.
    pub fn add_node(
        &mut self,
        parent: Option<&str>,
        index: usize,
        node: Node,
    ) -> Result<(), EditError> {
        self.check_new_ids(&node)?;
        let siblings = match parent {
            None => &mut self.nodes,
            Some(p) => {
                &mut self
                    .find_node_mut(p)
                    .ok_or_else(|| EditError::NodeNotFound(p.to_owned()))?
                    .children
            }
        };
        siblings.insert(index.min(siblings.len()), node);
        self.bump();
        Ok(())
    }

    /// Removes a node with its subtree and returns it.
    pub fn remove_node(&mut self, node_id: &str) -> Result<Node, EditError> {
        fn go(nodes: &mut Vec<Node>, id: &str) -> Option<Node> {
            if let Some(i) = nodes.iter().position(|n| n.id == id) {
                return Some(nodes.remove(i));
            }
            nodes.iter_mut().find_map(|n| go(&mut n.children, id))
        }
        let removed = go(&mut self.nodes, node_id)
            .ok_or_else(|| EditError::NodeNotFound(node_id.to_owned()))?;
        self.bump();
        Ok(removed)
    }

    /// Moves a node (with its subtree) under `new_parent` (`None`: top level) at `index`.
    /// Refused when the new parent is the node itself or one of its descendants.
    pub fn move_node(
        &mut self,
        node_id: &str,
        new_parent: Option<&str>,
        index: usize,
    ) -> Result<(), EditError> {
        let node = self
            .find_node(node_id)
            .ok_or_else(|| EditError::NodeNotFound(node_id.to_owned()))?;
        if let Some(p) = new_parent {
            let mut stack = vec![node];
            while let Some(n) = stack.pop() {
                if n.id == p {
                    return Err(EditError::WouldCreateCycle);
                }
                stack.extend(n.children.iter());
            }
            if self.find_node(p).is_none() {
                return Err(EditError::NodeNotFound(p.to_owned()));
            }
        }
        let removed = self.remove_node(node_id)?;
        let siblings = match new_parent {
            None => Some(&mut self.nodes),
            Some(p) => self.find_node_mut(p).map(|n| &mut n.children),
        };
        if let Some(siblings) = siblings {
            siblings.insert(index.min(siblings.len()), removed);
        }
        // remove_node bumped once; a move is one edit.
        Ok(())
    }

    /// Adds a KPI to a node.
    pub fn add_kpi(&mut self, node_id: &str, kpi: Kpi) -> Result<(), EditError> {
        if kpi.id.is_empty() {
            return Err(EditError::EmptyId);
        }
        if self.id_in_use(&kpi.id) {
            return Err(EditError::DuplicateId(kpi.id));
        }
        self.find_node_mut(node_id)
            .ok_or_else(|| EditError::NodeNotFound(node_id.to_owned()))?
            .kpis
            .push(kpi);
        self.bump();
        Ok(())
    }

    /// Removes a KPI and returns it.
    pub fn remove_kpi(&mut self, kpi_id: &str) -> Result<Kpi, EditError> {
        fn go(nodes: &mut [Node], id: &str) -> Option<Kpi> {
            for n in nodes {
                if let Some(i) = n.kpis.iter().position(|k| k.id == id) {
                    return Some(n.kpis.remove(i));
                }
                if let Some(k) = go(&mut n.children, id) {
                    return Some(k);
                }
            }
            None
        }
        let removed =
            go(&mut self.nodes, kpi_id).ok_or_else(|| EditError::KpiNotFound(kpi_id.to_owned()))?;
        self.bump();
        Ok(removed)
    }

    /// Replaces the rating rules (a preset or edited bands).
    pub fn set_rating_rules(&mut self, rules: RatingRules) {
        self.rating = rules;
        self.bump();
    }

    /// Sets how years are printed.
    pub fn set_year_style(&mut self, style: YearStyle) {
        self.display.year_style = style;
        self.bump();
    }
}

impl Plan {
    /// Applies one edit only if it leaves the plan with no problem it did not have before:
    /// such a plan could not be imported again from its own file. On an error from `f` or a
    /// new problem the plan is put back exactly as it was. Returns `f`'s result and the
    /// plan as it was before (for the undo entry and a work backup).
    pub fn apply_checked<R>(
        &mut self,
        f: impl FnOnce(&mut Plan) -> Result<R, EditError>,
    ) -> Result<(R, Plan), EditError> {
        let before = self.clone();
        let problems = before.validate();
        match f(self) {
            Err(e) => {
                *self = before;
                Err(e)
            }
            Ok(result) => {
                if let Some(problem) = self.new_problems(&problems).first() {
                    let message = problem.to_string();
                    *self = before;
                    return Err(EditError::Rejected(message));
                }
                Ok((result, before))
            }
        }
    }

    /// [`Plan::apply_checked`] for an edit of one KPI's values (the grid's hot path): only
    /// that KPI is copied and checked, not the whole plan. Returns the KPI before and after.
    pub fn apply_checked_kpi(
        &mut self,
        kpi_id: &str,
        f: impl FnOnce(&mut Plan) -> Result<(), EditError>,
    ) -> Result<(Kpi, Kpi), EditError> {
        let Some(before) = self.find_kpi(kpi_id).cloned() else {
            return Err(EditError::KpiNotFound(kpi_id.to_owned()));
        };
        let (revision, updated_at) = (self.revision, self.updated_at.clone());
        let problems_before = self.validate_kpi(kpi_id);
        let restore = |plan: &mut Plan, before: Kpi| {
            if let Some(kpi) = plan.find_kpi_mut(kpi_id) {
                *kpi = before;
            }
            plan.revision = revision;
            plan.updated_at.clone_from(&updated_at);
        };
        if let Err(e) = f(self) {
            restore(self, before);
            return Err(e);
        }
        let introduced = self
            .validate_kpi(kpi_id)
            .into_iter()
            .find(|p| !problems_before.contains(p));
        if let Some(problem) = introduced {
            restore(self, before);
            return Err(EditError::Rejected(problem.to_string()));
        }
        let after = self
            .find_kpi(kpi_id)
            .cloned()
            .ok_or_else(|| EditError::KpiNotFound(kpi_id.to_owned()))?;
        Ok((before, after))
    }
}
