//! What is still to be entered for a fiscal year (DOMAIN §2: "stale data nobody entered …
//! show what is missing"), and a KPI's targets and actuals over the period for its chart.

use rust_decimal::Decimal;

use super::model::{Node, Plan};
use crate::domain::fiscal_year::FiscalYear;

/// What kind of entry is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MissingKind {
    /// A KPI's 実績 (and no manual rating stands in for it).
    KpiActual,
    /// A 関連事業's 決算額, or (with `project_index` `None`) the node's own 事業費 total.
    ProjectSettlement,
    /// A node's 実績 text for a year whose 計画 text is filled in.
    NodeResult,
}

impl MissingKind {
    /// What the user has to enter: 「実績値」「決算額」「実績（取組内容）」.
    pub fn label(self) -> &'static str {
        match self {
            MissingKind::KpiActual => "実績値",
            MissingKind::ProjectSettlement => "決算額",
            MissingKind::NodeResult => "実績（取組内容）",
        }
    }
}

/// One missing entry, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub kind: MissingKind,
    /// The node holding the KPI or project, or the node itself.
    pub node_id: String,
    pub kpi_id: Option<String>,
    /// Index into the node's `projects`; `None` for the node's own 事業費 total.
    pub project_index: Option<usize>,
    /// The node's path as printed, root first: 「1 強い経営基盤 › (1)創業支援」.
    pub path: String,
    /// The KPI's name, the project's name, 「事業費（決算額）」, or the node's display name.
    pub name: String,
}

/// One fiscal year of a KPI's trend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrendPoint {
    pub fiscal_year: FiscalYear,
    /// The year's own target, or the final target in its year when the year has none.
    pub target: Option<Decimal>,
    pub actual: Option<Decimal>,
}

/// The separator of node names in [`Missing::path`].
pub const PATH_SEPARATOR: &str = " › ";

impl Plan {
    /// Everything still to be entered for `fy`, in document order (for each node: its own
    /// 実績 text, then its KPIs, then its projects, then its children). Empty when `fy` is
    /// outside the period. The rules:
    ///
    /// - a KPI whose 実績 for `fy` is empty and that has no manual rating for `fy`;
    /// - a 関連事業 with no 決算額 for `fy` when it has a 予算額 for `fy` or a 決算額 for some
    ///   other year (projects the plan only lists by name, with no figures at all, are never
    ///   reported); likewise a node's own 事業費 total when it has one for another year;
    /// - a node whose 計画 text for `fy` is filled in but whose 実績 text for `fy` is empty.
    pub fn missing(&self, fy: FiscalYear) -> Vec<Missing> {
        if !self.period.contains(fy) {
            return Vec::new();
        }
        let mut out = Vec::new();
        for (path, node) in self.walk() {
            let path_text = path_text(&path);
            let missing = |kind, kpi_id, project_index, name: String| Missing {
                kind,
                node_id: node.id.clone(),
                kpi_id,
                project_index,
                path: path_text.clone(),
                name,
            };
            if let Some(year) = node.years.get(&fy)
                && !year.plan.trim().is_empty()
                && year.result.trim().is_empty()
            {
                out.push(missing(
                    MissingKind::NodeResult,
                    None,
                    None,
                    node.display_name(),
                ));
            }
            for kpi in &node.kpis {
                let year = kpi.year(fy);
                if year.is_none_or(|y| y.actual.is_none() && y.manual.is_none()) {
                    out.push(missing(
                        MissingKind::KpiActual,
                        Some(kpi.id.clone()),
                        None,
                        kpi.name.clone(),
                    ));
                }
            }
            if !node.settlement_thousand_yen.is_empty()
                && !node.settlement_thousand_yen.contains_key(&fy)
            {
                out.push(missing(
                    MissingKind::ProjectSettlement,
                    None,
                    None,
                    "事業費（決算額）".to_owned(),
                ));
            }
            for (i, project) in node.projects.iter().enumerate() {
                let tracked = project.budget_thousand_yen.contains_key(&fy)
                    || !project.settlement_thousand_yen.is_empty();
                if tracked && !project.settlement_thousand_yen.contains_key(&fy) {
                    out.push(missing(
                        MissingKind::ProjectSettlement,
                        None,
                        Some(i),
                        project.name.clone(),
                    ));
                }
            }
        }
        out
    }

    /// A KPI's target and actual in every fiscal year of the period, for its trend chart.
    /// `None` when the plan has no such KPI.
    pub fn trend(&self, kpi_id: &str) -> Option<Vec<TrendPoint>> {
        let kpi = self.find_kpi(kpi_id)?;
        Some(
            self.period
                .years()
                .map(|fy| TrendPoint {
                    fiscal_year: fy,
                    target: kpi.target(fy).or_else(|| {
                        kpi.final_target
                            .filter(|f| f.fiscal_year == fy)
                            .map(|f| f.value)
                    }),
                    actual: kpi.actual(fy),
                })
                .collect(),
        )
    }
}

fn path_text(path: &[&Node]) -> String {
    path.iter()
        .map(|n| n.display_name())
        .collect::<Vec<_>>()
        .join(PATH_SEPARATOR)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::domain::plan::{
        FinalTarget, Kpi, ManualRating, Period, Project, Verdict, YearText, preset,
    };

    const FY: FiscalYear = FiscalYear(2024);

    fn d(n: i64) -> Decimal {
        Decimal::from(n)
    }

    fn plan() -> Plan {
        let mut p = Plan::blank(
            "p",
            "計画",
            "市",
            Period {
                first: FiscalYear(2024),
                last: FiscalYear(2026),
            },
            preset("akiruno").unwrap(),
        );
        let mut top = Node::new("n1", "1", "強い経営基盤");
        top.years.insert(
            FY,
            YearText {
                plan: "研修機会の提供".into(),
                result: " ".into(),
                progress: String::new(),
            },
        );
        top.years.insert(
            FiscalYear(2025),
            YearText {
                plan: "研修機会の提供".into(),
                result: "実施".into(),
                progress: String::new(),
            },
        );
        let mut child = Node::new("n2", "(1)", "創業支援");
        child.kpis.push(Kpi::new("k1", "参加者数", "人"));
        child.kpis.push(Kpi::new("k2", "相談件数", "件"));
        child.kpis.push(Kpi::new("k3", "中止した事業", "件"));
        child.projects = vec![
            Project {
                name: "名前だけの事業".into(),
                ..Project::default()
            },
            Project {
                name: "予算のある事業".into(),
                budget_thousand_yen: [(FY, d(100))].into(),
                ..Project::default()
            },
            Project {
                name: "前年に決算のある事業".into(),
                settlement_thousand_yen: [(FiscalYear(2025), d(90))].into(),
                ..Project::default()
            },
            Project {
                name: "決算済みの事業".into(),
                budget_thousand_yen: [(FY, d(100))].into(),
                settlement_thousand_yen: [(FY, d(95))].into(),
                ..Project::default()
            },
        ];
        child.settlement_thousand_yen = [(FiscalYear(2025), d(1000))].into();
        top.children.push(child);
        p.nodes.push(top);
        p.nodes.push(Node::new("n3", "2", "にぎわい"));
        p.set_actual("k2", FY, Some(d(4))).unwrap();
        p.set_manual_rating(
            "k3",
            FY,
            Some(ManualRating {
                verdict: Verdict::Status(crate::domain::plan::RatingStatus::Discontinued),
                reason: "事業中止のため".into(),
            }),
        )
        .unwrap();
        p
    }

    #[test]
    fn missing_in_document_order() {
        let p = plan();
        let missing = p.missing(FY);
        type Row = (MissingKind, String, Option<String>, Option<usize>, String);
        let summary: Vec<Row> = missing
            .iter()
            .map(|m| {
                (
                    m.kind,
                    m.node_id.clone(),
                    m.kpi_id.clone(),
                    m.project_index,
                    m.name.clone(),
                )
            })
            .collect();
        let s = |x: &str| x.to_owned();
        assert_eq!(
            summary,
            vec![
                (
                    MissingKind::NodeResult,
                    s("n1"),
                    None,
                    None,
                    s("1 強い経営基盤")
                ),
                (
                    MissingKind::KpiActual,
                    s("n2"),
                    Some(s("k1")),
                    None,
                    s("参加者数")
                ),
                (
                    MissingKind::ProjectSettlement,
                    s("n2"),
                    None,
                    None,
                    s("事業費（決算額）")
                ),
                (
                    MissingKind::ProjectSettlement,
                    s("n2"),
                    None,
                    Some(1),
                    s("予算のある事業")
                ),
                (
                    MissingKind::ProjectSettlement,
                    s("n2"),
                    None,
                    Some(2),
                    s("前年に決算のある事業")
                ),
            ]
        );
        assert_eq!(missing[1].path, "1 強い経営基盤 › (1)創業支援");
        assert_eq!(missing[0].path, "1 強い経営基盤");
        assert_eq!(MissingKind::KpiActual.label(), "実績値");
    }

    #[test]
    fn missing_other_years() {
        let p = plan();
        // 2025: n1's result is in; the 2025 settlements are in; every KPI's actual is missing.
        let kinds: Vec<_> = p.missing(FiscalYear(2025)).iter().map(|m| m.kind).collect();
        assert_eq!(
            kinds,
            vec![MissingKind::KpiActual; 3]
                .into_iter()
                .chain([MissingKind::ProjectSettlement])
                .collect::<Vec<_>>()
        );
        assert!(p.missing(FiscalYear(2023)).is_empty());
        assert!(p.missing(FiscalYear(2027)).is_empty());
    }

    #[test]
    fn missing_in_the_samples() {
        let atsugi = crate::domain::plan::sample_plan("atsugi-sangyo-master-plan").unwrap();
        let missing = atsugi.missing(FY);
        assert!(
            missing
                .iter()
                .any(|m| m.kind == MissingKind::NodeResult && m.node_id == "I-2-2-1")
        );
        assert!(
            !missing
                .iter()
                .any(|m| m.kind == MissingKind::NodeResult && m.node_id == "I-1-1-1")
        );
        // あきる野市 prints 実施状況・課題 only, no 計画 text: no node result is asked for.
        let akiruno = crate::domain::plan::sample_plan("akiruno-shokogyo-plan").unwrap();
        assert!(
            akiruno
                .period
                .years()
                .flat_map(|fy| akiruno.missing(fy))
                .all(|m| m.kind != MissingKind::NodeResult)
        );
    }

    #[test]
    fn trend_points() {
        let mut p = plan();
        p.set_target("k1", FY, Some(d(10))).unwrap();
        p.set_actual("k1", FY, Some(d(8))).unwrap();
        p.update_kpi("k1", |k| {
            k.final_target = Some(FinalTarget {
                value: d(30),
                fiscal_year: FiscalYear(2026),
            });
        })
        .unwrap();
        let t = p.trend("k1").unwrap();
        assert_eq!(
            t,
            vec![
                TrendPoint {
                    fiscal_year: FY,
                    target: Some(d(10)),
                    actual: Some(d(8)),
                },
                TrendPoint {
                    fiscal_year: FiscalYear(2025),
                    target: None,
                    actual: None,
                },
                TrendPoint {
                    fiscal_year: FiscalYear(2026),
                    target: Some(d(30)),
                    actual: None,
                },
            ]
        );
        p.set_target("k1", FiscalYear(2026), Some(d(25))).unwrap();
        assert_eq!(p.trend("k1").unwrap()[2].target, Some(d(25)));
        assert_eq!(p.trend("nope"), None);
    }
}
