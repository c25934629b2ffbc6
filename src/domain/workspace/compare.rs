//! Two versions of one plan side by side: whether a file is older or newer than the plan
//! kept here, and what differs, so the same-id question can be answered knowingly.

use std::collections::BTreeMap;

use crate::domain::format::NegativeStyle;
use crate::domain::plan::{Kpi, Node, Plan};

/// How an incoming version stands to the one kept here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// The same plan (same creation), an earlier revision: importing it would go back.
    Older,
    /// The same plan, a later revision: the file has work this browser has not seen.
    Newer,
    /// The same plan and revision number, but different content: both were edited apart.
    Diverged,
    /// A different plan that happens to carry the same id (created elsewhere).
    Unrelated,
}

impl Relation {
    /// Of `incoming` against `current` (the two differ in content).
    pub fn of(current: &Plan, incoming: &Plan) -> Relation {
        let same_line = !current.created_at.is_empty() && current.created_at == incoming.created_at;
        if !same_line {
            return Relation::Unrelated;
        }
        match incoming.revision.cmp(&current.revision) {
            std::cmp::Ordering::Less => Relation::Older,
            std::cmp::Ordering::Greater => Relation::Newer,
            std::cmp::Ordering::Equal => Relation::Diverged,
        }
    }

    /// The sentence the dialog leads with.
    pub fn sentence(self) -> &'static str {
        match self {
            Relation::Older => {
                "このファイルは、保存済みの計画より古い版です。置き換えると、保存済みの版にある変更が画面から消えます（保存済みの版はバックアップに残ります）。"
            }
            Relation::Newer => {
                "このファイルは、保存済みの計画の新しい版です。置き換えても、今の版はバックアップに残ります。"
            }
            Relation::Diverged => {
                "このファイルと保存済みの計画は、同じ版から別々に編集されています。どちらかを選ぶと、もう一方の変更は画面から消えます。両方を残すには「別の計画として取り込む」を選んでください。"
            }
            Relation::Unrelated => {
                "このファイルは、同じIDを持つ別の計画です（作成日時が異なります）。置き換えずに「別の計画として取り込む」ことをお勧めします。"
            }
        }
    }
}

/// What differs between two versions of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PlanDiff {
    /// Nodes whose own fields differ, or that are only in one version.
    pub nodes: usize,
    /// KPIs that differ in any field, or that are only in one version.
    pub kpis: usize,
    /// Target and actual cells that differ.
    pub values: usize,
    /// Whether the title, period, levels or rating rules differ.
    pub settings: bool,
    /// The first few changes, by name, in document order.
    pub examples: Vec<String>,
}

/// How many changes [`PlanDiff::examples`] names.
pub const DIFF_EXAMPLES: usize = 5;

impl PlanDiff {
    /// `current` → `incoming`.
    pub fn between(current: &Plan, incoming: &Plan) -> PlanDiff {
        let mut diff = PlanDiff::default();
        let style = incoming.display.year_style;
        let note = |diff: &mut PlanDiff, text: String| {
            if diff.examples.len() < DIFF_EXAMPLES {
                diff.examples.push(text);
            }
        };
        if current.title != incoming.title
            || current.period != incoming.period
            || current.level_names != incoming.level_names
            || current.rating != incoming.rating
            || current.display != incoming.display
        {
            diff.settings = true;
            if current.title != incoming.title {
                note(
                    &mut diff,
                    format!("計画名「{}」→「{}」", current.title, incoming.title),
                );
            } else {
                note(
                    &mut diff,
                    "計画の設定（期間・階層名・評価の方法など）".to_owned(),
                );
            }
        }
        let nodes_of = |p: &Plan| -> BTreeMap<String, Node> {
            p.walk()
                .into_iter()
                .map(|(_, n)| (n.id.clone(), own(n)))
                .collect()
        };
        let (a, b) = (nodes_of(current), nodes_of(incoming));
        for (_, node) in incoming.walk() {
            match a.get(&node.id) {
                None => {
                    diff.nodes += 1;
                    note(&mut diff, format!("施策「{}」を追加", node.title));
                }
                Some(old) if *old != own(node) => {
                    diff.nodes += 1;
                    note(&mut diff, format!("施策「{}」を変更", node.title));
                }
                Some(_) => {}
            }
        }
        for (_, node) in current.walk() {
            if !b.contains_key(&node.id) {
                diff.nodes += 1;
                note(&mut diff, format!("施策「{}」を削除", node.title));
            }
        }
        let kpis_of = |p: &Plan| -> BTreeMap<String, Kpi> {
            p.kpis()
                .into_iter()
                .map(|(_, k)| (k.id.clone(), k.clone()))
                .collect()
        };
        let (ka, kb) = (kpis_of(current), kpis_of(incoming));
        for (_, kpi) in incoming.kpis() {
            match ka.get(&kpi.id) {
                None => {
                    diff.kpis += 1;
                    diff.values += kpi
                        .years
                        .values()
                        .map(|y| usize::from(y.target.is_some()) + usize::from(y.actual.is_some()))
                        .sum::<usize>();
                    note(&mut diff, format!("成果指標「{}」を追加", kpi.name));
                }
                Some(old) if old != kpi => {
                    diff.kpis += 1;
                    let years = old.years.keys().chain(kpi.years.keys());
                    let mut cells = Vec::new();
                    for fy in years.collect::<std::collections::BTreeSet<_>>() {
                        let (o, n) = (old.year(*fy), kpi.year(*fy));
                        let pick = |y: Option<&crate::domain::plan::KpiYear>, t: bool| {
                            y.and_then(|y| if t { y.target } else { y.actual })
                        };
                        for (is_target, word) in [(true, "目標"), (false, "実績")] {
                            let (x, y) = (pick(o, is_target), pick(n, is_target));
                            if x != y {
                                cells.push(format!(
                                    "{} {word} {} → {}",
                                    fy.label(style),
                                    show(x),
                                    show(y)
                                ));
                            }
                        }
                    }
                    diff.values += cells.len();
                    match cells.first() {
                        Some(first) => {
                            note(&mut diff, format!("成果指標「{}」の{first}", kpi.name))
                        }
                        None => note(&mut diff, format!("成果指標「{}」を変更", kpi.name)),
                    }
                }
                Some(_) => {}
            }
        }
        for (_, kpi) in current.kpis() {
            if !kb.contains_key(&kpi.id) {
                diff.kpis += 1;
                note(&mut diff, format!("成果指標「{}」を削除", kpi.name));
            }
        }
        diff
    }

    /// 「施策 2・成果指標 3（値 5）が異なります」.
    pub fn counts(&self) -> String {
        if self.nodes == 0 && self.kpis == 0 && self.values == 0 {
            return if self.settings {
                "計画の設定だけが異なります。".to_owned()
            } else {
                "内容は同じです（版番号と日時だけが異なります）。".to_owned()
            };
        }
        let mut parts = Vec::new();
        if self.settings {
            parts.push("計画の設定".to_owned());
        }
        parts.push(format!("施策 {}", self.nodes));
        parts.push(format!("成果指標 {}（値 {}）", self.kpis, self.values));
        format!("{}が異なります。", parts.join("・"))
    }
}

fn show(v: Option<rust_decimal::Decimal>) -> String {
    v.map_or("（空欄）".to_owned(), |v| {
        crate::domain::format::decimal(&v, NegativeStyle::default())
    })
}

/// A node's own fields, without children and KPIs.
fn own(node: &Node) -> Node {
    Node {
        children: Vec::new(),
        kpis: Vec::new(),
        ..node.clone()
    }
}
