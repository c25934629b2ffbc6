//! The plan tree: a plan, its nodes (施策 at any depth) and what each node records.
//!
//! The shape holds every plan in seeds 000–003: 厚木市 (政策 → 基本方針 → 基本施策 → 単位施策),
//! 平塚市 (分野別施策 / 個別施策 with 成果 and 課題 ↔ 取組方針), あきる野市 (方向性 → 個別施策 →
//! 実施事業 with 実施主体, 目標とする姿, 実施状況・課題).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::kpi::Kpi;
use super::rules::RatingRules;
use crate::domain::fiscal_year::{Era, FiscalYear, YearStyle};
use crate::domain::format::NegativeStyle;

/// One plan (産業振興計画, 商工業振興プラン, 実施計画 …) with everything needed to rate it:
/// the rating rules are stored in the plan so a colleague who opens the file gets the same
/// results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// Unique id of the plan (a slug, e.g. `akiruno-shokogyo-plan`).
    pub id: String,
    /// The plan's title as printed.
    pub title: String,
    /// The city or town, e.g. 「あきる野市」.
    pub municipality: String,
    pub period: Period,
    /// The name of each level from the root: 「方向性」「個別施策」「実施事業」. Any depth; a
    /// node deeper than this list is named by the last entry.
    pub level_names: Vec<String>,
    #[serde(default)]
    pub display: DisplaySettings,
    /// The top-level nodes.
    pub nodes: Vec<Node>,
    pub rating: RatingRules,
    /// Free notes (the source document, how it was transcribed, caveats).
    #[serde(default)]
    pub notes: String,
    /// Bumped by every edit operation; lets the UI and a save detect stale copies.
    #[serde(default)]
    pub revision: u64,
    /// RFC 3339. The domain has no clock: the caller sets timestamps (see [`Plan::touch`]).
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: String,
}

/// The plan period: first and last fiscal year, both included (厚木市 R6–R8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub first: FiscalYear,
    pub last: FiscalYear,
}

impl Period {
    pub fn contains(&self, fy: FiscalYear) -> bool {
        self.first <= fy && fy <= self.last
    }

    /// Every fiscal year of the period, in order. Empty when `first > last`.
    pub fn years(&self) -> impl Iterator<Item = FiscalYear> + use<> {
        (self.first.0..=self.last.0).map(FiscalYear)
    }
}

/// How the plan prints years and numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DisplaySettings {
    /// 「令和6(2024)年度」, 「2024年度」 or 「令和6年度」.
    #[serde(default)]
    pub year_style: YearStyle,
    /// The era a bare 「27年度」 means when pasted or imported (seed 003: 平成).
    #[serde(default)]
    pub era_context: Option<Era>,
    /// `△` for negative amounts in 決算 tables, or `-`.
    #[serde(default)]
    pub negative_style: NegativeStyle,
}

/// A node of the plan tree (政策, 基本方針, 施策, 単位施策, 実施事業 … whatever the plan calls
/// its levels). Every text field is optional in practice: cities print different columns.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Node {
    /// Unique within the plan.
    pub id: String,
    /// The label as printed: 「1」「(1)」「①」「Ⅰ」; empty when the city prints none (あきる野市).
    #[serde(default)]
    pub label: String,
    pub title: String,
    #[serde(default)]
    pub status: NodeStatus,
    /// 目指す姿 / 目標とする姿.
    #[serde(default)]
    pub goal: String,
    /// 実施主体 (あきる野市: 「Bi@Sta」「商工会・市」).
    #[serde(default)]
    pub implementer: String,
    /// A page or section reference as printed (あきる野市: 「P.33」).
    #[serde(default)]
    pub reference: String,
    /// Per fiscal year: 計画, 実績 and 実施状況・課題 text.
    #[serde(default)]
    pub years: BTreeMap<FiscalYear, YearText>,
    /// 施策の推進に向けた主な取組の「成果」 (平塚市), one entry per bullet.
    #[serde(default)]
    pub achievements: Vec<String>,
    /// 課題 and the 取組方針 answering it (平塚市 seed 003 prints them as pairs).
    #[serde(default)]
    pub issues: Vec<IssueAndPolicy>,
    /// 関連事業.
    #[serde(default)]
    pub projects: Vec<Project>,
    /// The node's total 事業費 (決算額) in 千円 per fiscal year, when printed for the node
    /// as a whole rather than per project (平塚市 seed 001: 2024年度 1,587,511千円).
    #[serde(default)]
    pub settlement_thousand_yen: BTreeMap<FiscalYear, Decimal>,
    /// 成果指標.
    #[serde(default)]
    pub kpis: Vec<Kpi>,
    #[serde(default)]
    pub children: Vec<Node>,
    /// Remarks (備考) and transcription notes.
    #[serde(default)]
    pub notes: String,
}

/// 継続 / 新規 / 廃止 with the remark the plan prints (厚木市: 「令和4年度をもって廃止」,
/// 「単位施策(実施計画)として新たに追加」).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct NodeStatus {
    pub kind: NodeStatusKind,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeStatusKind {
    /// 継続.
    #[default]
    Continuing,
    /// 新規.
    New,
    /// 廃止.
    Abolished,
}

impl NodeStatusKind {
    pub fn label(self) -> &'static str {
        match self {
            NodeStatusKind::Continuing => "継続",
            NodeStatusKind::New => "新規",
            NodeStatusKind::Abolished => "廃止",
        }
    }
}

/// One fiscal year's texts for a node.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct YearText {
    /// 計画.
    #[serde(default)]
    pub plan: String,
    /// 実績.
    #[serde(default)]
    pub result: String,
    /// 実施状況・課題 (あきる野市).
    #[serde(default)]
    pub progress: String,
}

/// A 課題 and the 取組方針 that answers it. Either may be empty when the city prints them
/// apart.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IssueAndPolicy {
    #[serde(default)]
    pub issue: String,
    #[serde(default)]
    pub policy: String,
}

/// A 関連事業, with optional per-year budget (予算額) and settlement (決算額) in 千円.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Project {
    pub name: String,
    /// The 【取組】 this project serves (平塚市 seed 003: 「【企業が立地する際…】（企業立地等促進事業）」).
    #[serde(default)]
    pub initiative: String,
    #[serde(default)]
    pub budget_thousand_yen: BTreeMap<FiscalYear, Decimal>,
    #[serde(default)]
    pub settlement_thousand_yen: BTreeMap<FiscalYear, Decimal>,
    #[serde(default)]
    pub note: String,
}

impl Node {
    /// A node with an id and title, everything else empty.
    pub fn new(id: impl Into<String>, label: impl Into<String>, title: impl Into<String>) -> Self {
        Node {
            id: id.into(),
            label: label.into(),
            title: title.into(),
            ..Node::default()
        }
    }

    /// The label and title as printed: 「1 強い経営基盤の構築」, 「(1)持続可能な産業振興を支援」,
    /// 「①研修機会の提供」, or the title alone.
    pub fn display_name(&self) -> String {
        match self.label.chars().last() {
            None => self.title.clone(),
            Some(c) if c == ')' || c == '）' || ('①'..='⑳').contains(&c) => {
                format!("{}{}", self.label, self.title)
            }
            Some(_) => format!("{} {}", self.label, self.title),
        }
    }
}

impl Plan {
    /// The name of the level at `depth` (0 = root). Deeper nodes take the last name.
    pub fn level_name(&self, depth: usize) -> &str {
        self.level_names
            .get(depth)
            .or(self.level_names.last())
            .map_or("施策", String::as_str)
    }

    /// Sets `updated_at` (and `created_at` if empty). The UI calls this with the clock's time
    /// when it saves.
    pub fn touch(&mut self, now: impl Into<String>) {
        let now = now.into();
        if self.created_at.is_empty() {
            self.created_at.clone_from(&now);
        }
        self.updated_at = now;
    }

    /// Every node, depth first, with its path of ancestors (root first, the node last).
    pub fn walk(&self) -> Vec<(Vec<&Node>, &Node)> {
        let mut out = Vec::new();
        let mut stack: Vec<(Vec<&Node>, &Node)> =
            self.nodes.iter().rev().map(|n| (vec![n], n)).collect();
        while let Some((path, node)) = stack.pop() {
            for child in node.children.iter().rev() {
                let mut child_path = path.clone();
                child_path.push(child);
                stack.push((child_path, child));
            }
            out.push((path, node));
        }
        out
    }

    /// Every KPI with the path of nodes that holds it, in document order.
    pub fn kpis(&self) -> Vec<(Vec<&Node>, &Kpi)> {
        self.walk()
            .into_iter()
            .flat_map(|(path, node)| node.kpis.iter().map(move |k| (path.clone(), k)))
            .collect()
    }
}
