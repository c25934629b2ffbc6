//! The plan validator: every problem in a plan, each with its place and a Japanese message
//! that says what to do. Used by the CLI, import and the editor.

use std::collections::HashMap;
use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

use super::kpi::{Direction, Kpi, KpiKind, Verdict};
use super::model::{Node, Plan};
use super::rules::Measure;
use crate::domain::fiscal_year::{FiscalYear, YearStyle};

/// Where a problem is: the plan itself, a node path, a KPI, a fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Place {
    /// Display names from the root: 「1 強い経営基盤の構築」「(1)持続可能な産業振興を支援」.
    pub node_path: Vec<String>,
    pub node_id: Option<String>,
    pub kpi: Option<String>,
    pub kpi_id: Option<String>,
    pub fiscal_year: Option<FiscalYear>,
    /// A part of the plan outside the tree: 「評価基準」「計画期間」.
    pub section: Option<String>,
}

/// How much a problem matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The plan cannot be used so (a negative count, a duplicate id, a value outside the
    /// period): a file with one is refused, an edit that would add one is not made.
    #[default]
    Error,
    /// Implausible but possibly real (a 累計 that falls, an actual ten times its target):
    /// it loads and is saved, and is listed as 要確認 with its place.
    Warning,
}

/// One problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub place: Place,
    pub message: String,
    #[serde(default)]
    pub severity: Severity,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if let Some(s) = &self.place.section {
            parts.push(s.clone());
        }
        if !self.place.node_path.is_empty() {
            let path: Vec<String> = self.place.node_path.iter().map(|n| short_name(n)).collect();
            parts.push(path.join(" > "));
        }
        if let Some(k) = &self.place.kpi {
            parts.push(format!("成果指標「{}」", short_name(k)));
        }
        if let Some(fy) = self.place.fiscal_year {
            parts.push(fy.label(YearStyle::EraWithWestern));
        }
        if parts.is_empty() {
            parts.push("計画".to_owned());
        }
        write!(f, "{}: {}", parts.join(" / "), self.message)
    }
}

/// The longest name a plan, node or KPI may have (titles, labels, units), in characters.
/// The longest real names in the seed documents are under 60 characters; a name far beyond
/// this is a paste gone wrong, and one of 100,000 characters froze the screen.
pub const MAX_NAME_CHARS: usize = 200;

/// The longest narrative text (目指す姿, a year's 計画・実績, 課題, notes), in characters.
/// A seed document's longest cell is about 600 characters.
pub const MAX_TEXT_CHARS: usize = 10_000;

/// A place's name as messages show it: at most 40 characters, so a message about an
/// overlong name stays readable.
fn short_name(name: &str) -> String {
    if name.chars().count() <= 40 {
        name.to_owned()
    } else {
        let mut s: String = name.chars().take(40).collect();
        s.push('…');
        s
    }
}

/// Units counted in whole things: a negative value is an error (DOMAIN §2 units).
const COUNT_UNITS: [&str; 14] = [
    "件",
    "人",
    "店",
    "店舗",
    "部",
    "回",
    "講座",
    "社",
    "者",
    "団体",
    "事業者",
    "箇所",
    "校",
    "台",
];

struct Checker<'a> {
    plan: &'a Plan,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn push(&mut self, place: Place, message: impl Into<String>) {
        self.problems.push(Problem {
            place,
            message: message.into(),
            severity: Severity::Error,
        });
    }

    fn warn(&mut self, place: Place, message: impl Into<String>) {
        self.problems.push(Problem {
            place,
            message: message.into(),
            severity: Severity::Warning,
        });
    }

    /// A text beyond its limit (see [`MAX_NAME_CHARS`], [`MAX_TEXT_CHARS`]).
    fn length(&mut self, place: &dyn Fn() -> Place, what: &str, text: &str, max: usize) {
        let n = text.chars().count();
        if n > max {
            self.push(
                place(),
                format!("{what}が長すぎます（{n}文字）。{max}文字以内にしてください。"),
            );
        }
    }

    fn label(&self, fy: FiscalYear) -> String {
        fy.label(self.plan.display.year_style)
    }

    fn plan_fields(&mut self) {
        let plan = self.plan;
        let section = |s: &str| Place {
            section: Some(s.to_owned()),
            ..Place::default()
        };
        for (value, what) in [
            (&plan.id, "計画のID"),
            (&plan.title, "計画名"),
            (&plan.municipality, "自治体名"),
        ] {
            if value.trim().is_empty() {
                self.push(
                    section("計画"),
                    format!("{what}が空です。{what}を入力してください。"),
                );
            }
        }
        for (value, what) in [
            (&plan.id, "計画のID"),
            (&plan.title, "計画名"),
            (&plan.municipality, "自治体名"),
        ] {
            self.length(&|| section("計画"), what, value, MAX_NAME_CHARS);
        }
        for name in &plan.level_names {
            self.length(&|| section("階層名"), "階層の名前", name, MAX_NAME_CHARS);
        }
        self.length(
            &|| section("計画"),
            "計画のメモ",
            &plan.notes,
            MAX_TEXT_CHARS,
        );
        if plan.period.first > plan.period.last {
            self.push(
                section("計画期間"),
                format!(
                    "計画期間の開始（{}）が終了（{}）より後です。期間を直してください。",
                    self.label(plan.period.first),
                    self.label(plan.period.last)
                ),
            );
        }
        if plan.level_names.iter().all(|n| n.trim().is_empty()) {
            self.push(
                section("階層名"),
                "階層の名前が空です。「基本方針」「施策」などを入力してください。",
            );
        }
        self.rules();
    }

    fn rules(&mut self) {
        let rules = &self.plan.rating;
        let place = || Place {
            section: Some("評価基準".to_owned()),
            ..Place::default()
        };
        if rules.bands.is_empty() {
            self.push(
                place(),
                "評価区分がありません。プリセットを選ぶか区分を追加してください。",
            );
            return;
        }
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for band in &rules.bands {
            if band.label.trim().is_empty() {
                self.push(
                    place(),
                    "名前が空の評価区分があります。区分名（S・A など）を入力してください。",
                );
            }
            *seen.entry(band.label.as_str()).or_default() += 1;
        }
        let mut dups: Vec<&str> = seen
            .iter()
            .filter(|(_, c)| **c > 1)
            .map(|(l, _)| *l)
            .collect();
        dups.sort_unstable();
        for label in dups {
            self.push(
                place(),
                format!("評価区分「{label}」が重複しています。区分名を変えてください。"),
            );
        }
        match rules.bands.iter().position(|b| b.lower.is_none()) {
            None => self.push(
                place(),
                "最後の評価区分に下限がないものがありません。どの区分にも当てはまらない値が出ないよう、最後の区分の下限を「なし」にしてください。",
            ),
            Some(i) if i + 1 < rules.bands.len() => self.push(
                place(),
                format!(
                    "評価区分「{}」は下限がないため、それより後の区分は使われません。区分の順番を直してください。",
                    rules.bands.get(i).map_or("", |b| b.label.as_str())
                ),
            ),
            Some(_) => {}
        }
        // On one measure, bounds must not rise from a better band to a worse one.
        let mut last: HashMap<Measure, Decimal> = HashMap::new();
        for band in &rules.bands {
            if let Some(b) = band.lower {
                let m = rules.measure_of(&b);
                if let Some(prev) = last.get(&m)
                    && b.percent > *prev
                {
                    self.push(
                        place(),
                        format!(
                            "評価区分「{}」の下限 {}% が上位の区分の下限より高くなっています。上位の区分から順に高い値にしてください。",
                            band.label,
                            b.percent.normalize()
                        ),
                    );
                }
                last.insert(m, b.percent);
            }
        }
    }

    /// Checks one node and its KPIs, counting their IDs in `ids`. A problem's place (the
    /// node path's display names) is built only when there is a problem: a large plan is
    /// validated every time it is loaded.
    fn node<'p>(&mut self, path: &[&'p Node], node: &'p Node, ids: &mut HashMap<&'p str, usize>) {
        let place = || Place {
            node_path: path.iter().map(|n| n.display_name()).collect(),
            node_id: Some(node.id.clone()),
            ..Place::default()
        };
        let plan = self.plan;
        let level = || plan.level_name(path.len().saturating_sub(1)).to_owned();
        if node.id.trim().is_empty() {
            self.push(
                place(),
                format!("{}のIDが空です。IDを付けてください。", level()),
            );
        }
        *ids.entry(node.id.as_str()).or_default() += 1;
        if node.title.trim().is_empty() {
            self.push(
                place(),
                format!("{}の名称が空です。名称を入力してください。", level()),
            );
        }
        for (what, text) in [
            ("ID", node.id.as_str()),
            ("番号", node.label.as_str()),
            ("名称", node.title.as_str()),
            ("実施主体", node.implementer.as_str()),
            ("参照", node.reference.as_str()),
        ] {
            self.length(
                &place,
                &format!("{}の{what}", level()),
                text,
                MAX_NAME_CHARS,
            );
        }
        let mut texts: Vec<(&str, &str)> = vec![
            ("目指す姿", node.goal.as_str()),
            ("メモ", node.notes.as_str()),
            ("状況の説明", node.status.note.as_str()),
        ];
        for y in node.years.values() {
            texts.extend([
                ("計画", y.plan.as_str()),
                ("実績", y.result.as_str()),
                ("実施状況・課題", y.progress.as_str()),
            ]);
        }
        texts.extend(node.achievements.iter().map(|a| ("成果", a.as_str())));
        for i in &node.issues {
            texts.extend([("課題", i.issue.as_str()), ("取組方針", i.policy.as_str())]);
        }
        for p in &node.projects {
            texts.extend([
                ("関連事業の名称", p.name.as_str()),
                ("関連事業の取組", p.initiative.as_str()),
                ("関連事業のメモ", p.note.as_str()),
            ]);
        }
        for (what, text) in texts {
            self.length(&place, what, text, MAX_TEXT_CHARS);
        }
        for fy in node.years.keys() {
            if !self.plan.period.contains(*fy) {
                self.push(
                    Place { fiscal_year: Some(*fy), ..place() },
                    format!(
                        "計画期間外の年度（{}）に計画・実績が入力されています。年度を直すか計画期間を広げてください。",
                        self.label(*fy)
                    ),
                );
            }
        }
        for kpi in &node.kpis {
            *ids.entry(kpi.id.as_str()).or_default() += 1;
            self.kpi(&place, kpi);
        }
    }

    /// Checks one KPI; `node_place` builds its node's place when a problem needs it.
    fn kpi(&mut self, node_place: &dyn Fn() -> Place, kpi: &Kpi) {
        let place = || Place {
            kpi: Some(kpi.name.clone()),
            kpi_id: Some(kpi.id.clone()),
            ..node_place()
        };
        let at = |fy: FiscalYear| Place {
            fiscal_year: Some(fy),
            ..place()
        };
        if kpi.id.trim().is_empty() {
            self.push(place(), "成果指標のIDが空です。IDを付けてください。");
        }
        for (what, text) in [
            ("成果指標のID", kpi.id.as_str()),
            ("成果指標の名称", kpi.name.as_str()),
            ("成果指標の単位", kpi.unit.as_str()),
        ] {
            self.length(&place, what, text, MAX_NAME_CHARS);
        }
        self.length(&place, "成果指標のメモ", &kpi.notes, MAX_TEXT_CHARS);
        for f in &kpi.footnotes {
            self.length(&place, "成果指標の注記", f, MAX_TEXT_CHARS);
        }
        for y in kpi.years.values() {
            self.length(&place, "年度のメモ", &y.note, MAX_TEXT_CHARS);
            if let Some(m) = &y.manual {
                self.length(&place, "手動評価の理由", &m.reason, MAX_TEXT_CHARS);
            }
        }
        if kpi.name.trim().is_empty() {
            self.push(
                place(),
                "成果指標の名称が空です。指標名を入力してください。",
            );
        }
        let count = COUNT_UNITS.contains(&kpi.unit.trim());
        let neg = |v: &Decimal| count && v.is_sign_negative() && !v.is_zero();
        if let Some(b) = &kpi.baseline
            && neg(&b.value)
        {
            self.push(
                place(),
                format!(
                    "基準値が負の値（{}）です。単位が「{}」の指標は0以上にしてください。",
                    b.value, kpi.unit
                ),
            );
        }
        if let Direction::Maintain { tolerance_percent } = kpi.direction
            && tolerance_percent.is_sign_negative()
            && !tolerance_percent.is_zero()
        {
            self.push(
                place(),
                "維持の許容幅が負の値です。0以上の%を入力してください。",
            );
        }
        if kpi
            .weight
            .is_some_and(|w| w.is_sign_negative() && !w.is_zero())
        {
            self.push(place(), "重みが負の値です。0以上にしてください。");
        }
        if let Some(f) = kpi.final_target {
            if !self.plan.period.contains(f.fiscal_year) {
                self.push(
                    at(f.fiscal_year),
                    format!(
                        "最終目標の年度（{}）が計画期間の外です。年度を直してください。",
                        self.label(f.fiscal_year)
                    ),
                );
            }
            if neg(&f.value) {
                self.push(
                    at(f.fiscal_year),
                    format!("最終目標が負の値（{}）です。0以上にしてください。", f.value),
                );
            }
        }
        let style = self.plan.display.year_style;
        for (fy, message) in kpi_warnings(kpi, style) {
            self.warn(at(fy), message);
        }
        for (fy, year) in &kpi.years {
            let fy = *fy;
            if !self.plan.period.contains(fy) && (year.target.is_some() || year.actual.is_some()) {
                self.push(
                    at(fy),
                    format!(
                        "計画期間外の年度（{}）に目標・実績が入力されています。年度を直すか計画期間を広げてください。",
                        self.label(fy)
                    ),
                );
            }
            for (value, what) in [(year.target, "目標"), (year.actual, "実績")] {
                if let Some(v) = value
                    && neg(&v)
                {
                    self.push(
                        at(fy),
                        format!(
                            "{what}が負の値（{v}）です。単位が「{}」の指標は0以上にしてください。",
                            kpi.unit
                        ),
                    );
                }
            }
            if let Some(m) = &year.manual {
                if m.reason.trim().is_empty() {
                    self.push(at(fy), "手動評価の理由が空です。理由を入力してください。");
                }
                if let Verdict::Band(label) = &m.verdict
                    && self.plan.rating.band_index(label).is_none()
                {
                    self.push(at(fy), format!("手動評価「{label}」は評価基準にない区分です。評価基準の区分から選んでください。"));
                }
            }
        }
    }
}

/// What is implausible but possibly real in one KPI's values, per fiscal year (要確認): a
/// 累計 whose 実績 falls below the year before, an 実績 ten times its 目標 or more. The grid
/// marks these cells; [`Plan::warnings`] lists them with their places.
pub fn kpi_warnings(kpi: &Kpi, style: YearStyle) -> Vec<(FiscalYear, String)> {
    let mut out = Vec::new();
    let mut previous: Option<(FiscalYear, Decimal)> = None;
    for (fy, year) in &kpi.years {
        let fy = *fy;
        if kpi.kind == KpiKind::Cumulative
            && let Some(actual) = year.actual
        {
            if let Some((pfy, pv)) = previous
                && actual < pv
            {
                out.push((
                    fy,
                    format!(
                        "要確認: 累計の実績が前の年度（{} {}）より減っています（{}）。累計は計画開始からの合計です（年度ごとの値ではありません）。減ったのが正しければそのままで構いません。",
                        pfy.label(style),
                        pv,
                        actual
                    ),
                ));
            }
            previous = Some((fy, actual));
        }
        if let (Some(target), Some(actual)) = (year.target, year.actual)
            && target > Decimal::ZERO
            && target
                .checked_mul(Decimal::TEN)
                .is_some_and(|ten| actual >= ten)
        {
            out.push((
                fy,
                format!(
                    "要確認: 実績（{actual}）が目標（{target}）の10倍以上です。桁や単位を確かめてください。正しければそのままで構いません。"
                ),
            ));
        }
    }
    out
}

impl Plan {
    /// The problems of one KPI, as [`Plan::validate`] reports them (for the grid's check of
    /// one edit without validating the whole plan). Empty when the KPI is not found.
    pub fn validate_kpi(&self, kpi_id: &str) -> Vec<Problem> {
        let mut c = Checker {
            plan: self,
            problems: Vec::new(),
        };
        // A depth-first search that stops at the KPI: this runs on every grid edit.
        fn find<'a>(nodes: &'a [Node], id: &str, path: &mut Vec<&'a Node>) -> Option<&'a Kpi> {
            for n in nodes {
                path.push(n);
                if let Some(k) = n.kpis.iter().find(|k| k.id == id) {
                    return Some(k);
                }
                if let Some(k) = find(&n.children, id, path) {
                    return Some(k);
                }
                path.pop();
            }
            None
        }
        let mut path = Vec::new();
        if let Some(kpi) = find(&self.nodes, kpi_id, &mut path) {
            let place = || Place {
                node_path: path.iter().map(|n| n.display_name()).collect(),
                node_id: path.last().map(|n| n.id.clone()),
                ..Place::default()
            };
            c.kpi(&place, kpi);
        }
        c.problems.retain(|p| p.severity == Severity::Error);
        c.problems
    }

    /// The problems `self` has that `before` did not: what an edit from `before` introduced.
    pub fn new_problems(&self, before: &[Problem]) -> Vec<Problem> {
        self.validate()
            .into_iter()
            .filter(|p| !before.contains(p))
            .collect()
    }

    /// Every error in the plan, in document order (plan, rules, then the tree). Empty when
    /// the plan is valid. Warnings (要確認) are left out: see [`Plan::warnings`].
    pub fn validate(&self) -> Vec<Problem> {
        let mut all = self.check();
        all.retain(|p| p.severity == Severity::Error);
        all
    }

    /// What is implausible but possibly real, each with its place: shown as 要確認, never a
    /// reason to refuse a file or an edit.
    pub fn warnings(&self) -> Vec<Problem> {
        let mut all = self.check();
        all.retain(|p| p.severity == Severity::Warning);
        all
    }

    /// Errors and warnings together, in document order.
    pub fn check(&self) -> Vec<Problem> {
        let mut c = Checker {
            plan: self,
            problems: Vec::new(),
        };
        c.plan_fields();
        let mut ids: HashMap<&str, usize> = HashMap::new();
        for (path, node) in self.walk() {
            c.node(&path, node, &mut ids);
        }
        let mut dups: Vec<(&&str, &usize)> = ids
            .iter()
            .filter(|(id, n)| **n > 1 && !id.is_empty())
            .collect();
        dups.sort();
        for (id, n) in dups {
            c.push(
                Place {
                    section: Some("ID".to_owned()),
                    ..Place::default()
                },
                format!("ID「{id}」が{n}か所で使われています。IDは計画内で一意にしてください。"),
            );
        }
        c.problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::plan::samples::sample_plan;

    #[test]
    fn one_kpi_is_checked_like_the_whole_plan() {
        let mut plan = sample_plan("akiruno-shokogyo-plan").cloned().unwrap();
        assert!(plan.validate_kpi("p01-kpi").is_empty());
        let before = plan.validate();
        plan.set_actual("p01-kpi", FiscalYear(2024), Some(Decimal::from(-3)))
            .unwrap();
        let one = plan.validate_kpi("p01-kpi");
        assert_eq!(one.len(), 1, "{one:?}");
        assert!(one[0].message.contains("負の値"), "{one:?}");
        assert_eq!(
            plan.new_problems(&before),
            one,
            "the same problem, the same place"
        );
        assert!(plan.validate_kpi("no-such-kpi").is_empty());
    }
}
