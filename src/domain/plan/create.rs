//! Making plans: a blank plan, node and KPI ids that are free, a duplicate, renaming and
//! the period. Plan ids are made by `domain::workspace::ids`.

use super::edit::EditError;
use super::model::{Period, Plan};
use super::rules::RatingRules;

/// The longest period a plan may have, in fiscal years. City plans run 3–10 years; 30 leaves
/// room for long-range visions while catching a mistyped year (2204 for 2024).
pub const MAX_PERIOD_YEARS: u16 = 30;

/// The level names of a new plan: the names most plans use (厚木市).
pub const DEFAULT_LEVEL_NAMES: [&str; 4] = ["基本方針", "基本施策", "単位施策", "関連事業"];

/// The title suffix of a duplicated plan.
pub const DUPLICATE_SUFFIX: &str = "（複製）";

impl Plan {
    /// A new plan with no nodes, the default level names and revision 1. Timestamps are left
    /// empty for the caller to set with [`Plan::touch`] (the domain has no clock).
    pub fn blank(
        id: impl Into<String>,
        title: impl Into<String>,
        municipality: impl Into<String>,
        period: Period,
        rules: RatingRules,
    ) -> Plan {
        Plan {
            id: id.into(),
            title: title.into(),
            municipality: municipality.into(),
            period,
            level_names: DEFAULT_LEVEL_NAMES
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
            display: Default::default(),
            nodes: Vec::new(),
            rating: rules,
            notes: String::new(),
            revision: 1,
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    /// A node id not used by any node or KPI of the plan: `n-<k>`, k one past the largest
    /// in use, so ids of deleted nodes are not handed out again while the plan is open.
    pub fn next_node_id(&self) -> String {
        self.next_id("n-")
    }

    /// A KPI id not used by any node or KPI of the plan: `k-<k>` (see [`Plan::next_node_id`]).
    pub fn next_kpi_id(&self) -> String {
        self.next_id("k-")
    }

    fn next_id(&self, prefix: &str) -> String {
        let mut largest: u64 = 0;
        for (_, node) in self.walk() {
            for id in std::iter::once(&node.id).chain(node.kpis.iter().map(|k| &k.id)) {
                if let Some(k) = id.strip_prefix(prefix).and_then(|s| s.parse::<u64>().ok()) {
                    largest = largest.max(k);
                }
            }
        }
        let mut k = largest.saturating_add(1);
        loop {
            let id = format!("{prefix}{k}");
            if !self.id_in_use(&id) {
                return id;
            }
            k = k.saturating_add(1);
        }
    }

    /// A copy under a new id: the title suffixed 「（複製）」, revision 1, created and updated
    /// `now`.
    pub fn duplicate(&self, new_id: String, now: &str) -> Plan {
        let mut copy = self.clone();
        copy.id = new_id;
        copy.title = format!("{}{DUPLICATE_SUFFIX}", self.title);
        copy.revision = 1;
        copy.created_at = now.to_owned();
        copy.updated_at = now.to_owned();
        copy
    }

    /// Changes the plan's title (trimmed). A blank title is refused.
    pub fn rename(&mut self, title: impl Into<String>) -> Result<(), EditError> {
        let title = title.into();
        let title = title.trim();
        if title.is_empty() {
            return Err(EditError::EmptyTitle);
        }
        self.title = title.to_owned();
        self.bump();
        Ok(())
    }

    /// Changes the plan period. The first year must not be after the last, and the period
    /// may span at most [`MAX_PERIOD_YEARS`] fiscal years. Values entered for years that fall
    /// outside the new period are kept (validation reports them), so shortening the period by
    /// mistake loses nothing.
    pub fn set_period(&mut self, period: Period) -> Result<(), EditError> {
        if period.first > period.last {
            return Err(EditError::InvalidPeriod);
        }
        if period.last.0 - period.first.0 >= MAX_PERIOD_YEARS {
            return Err(EditError::PeriodTooLong(MAX_PERIOD_YEARS));
        }
        self.period = period;
        self.bump();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::domain::fiscal_year::FiscalYear;
    use crate::domain::plan::{Kpi, Node, preset};

    fn period(first: u16, last: u16) -> Period {
        Period {
            first: FiscalYear(first),
            last: FiscalYear(last),
        }
    }

    fn blank() -> Plan {
        Plan::blank(
            "p",
            "産業振興計画",
            "あきる野市",
            period(2024, 2028),
            preset("akiruno").unwrap(),
        )
    }

    #[test]
    fn blank_plan() {
        let p = blank();
        assert_eq!(p.revision, 1);
        assert!(p.nodes.is_empty());
        assert_eq!(
            p.level_names,
            ["基本方針", "基本施策", "単位施策", "関連事業"]
        );
        assert_eq!(p.rating.preset.as_deref(), Some("akiruno"));
        assert!(
            p.validate()
                .iter()
                .all(|problem| !problem.message.contains("ID"))
        );
    }

    #[test]
    fn next_ids_are_free_and_increase() {
        let mut p = blank();
        assert_eq!(p.next_node_id(), "n-1");
        assert_eq!(p.next_kpi_id(), "k-1");
        let mut n = Node::new("n-7", "", "施策");
        n.kpis.push(Kpi::new("k-2", "指標", "件"));
        n.kpis.push(Kpi::new("k-x", "指標", "件"));
        p.add_node(None, 0, n).unwrap();
        p.add_node(None, 1, Node::new("k-3", "", "紛らわしいID"))
            .unwrap();
        assert_eq!(p.next_node_id(), "n-8");
        assert_eq!(p.next_kpi_id(), "k-4");
    }

    #[test]
    fn duplicate_rename_period() {
        let mut p = blank();
        p.revision = 9;
        p.created_at = "2024-01-01T00:00:00+09:00".into();
        let copy = p.duplicate("p-2".into(), "2025-05-05T10:00:00+09:00");
        assert_eq!(copy.id, "p-2");
        assert_eq!(copy.title, "産業振興計画（複製）");
        assert_eq!(copy.revision, 1);
        assert_eq!(copy.created_at, "2025-05-05T10:00:00+09:00");
        assert_eq!(copy.updated_at, "2025-05-05T10:00:00+09:00");

        assert_eq!(p.rename("  "), Err(EditError::EmptyTitle));
        assert_eq!(p.revision, 9);
        assert!(EditError::EmptyTitle.to_string().contains("計画名"));
        p.rename(" 新しい計画 ").unwrap();
        assert_eq!((p.title.as_str(), p.revision), ("新しい計画", 10));

        assert_eq!(
            p.set_period(period(2026, 2025)),
            Err(EditError::InvalidPeriod)
        );
        assert_eq!(
            p.set_period(period(2024, 2054)),
            Err(EditError::PeriodTooLong(30))
        );
        assert_eq!(p.revision, 10);
        p.set_period(period(2024, 2053)).unwrap();
        p.set_period(period(2025, 2025)).unwrap();
        assert_eq!((p.period, p.revision), (period(2025, 2025), 12));
    }
}
