//! Small read-only views of a plan for the 進捗状況シート and the plan list: which year to
//! show, how a distribution reads in words, what a grade prints as. Pure, so the UI only
//! renders what these return.

use super::kpi::{Direction, Verdict};
use super::model::Plan;
use super::rating::{Rate, Rating};
use super::rollup::{Rollup, Share};
use super::rules::{Band, RatingRules};
use crate::domain::fiscal_year::FiscalYear;
use crate::domain::format::{self, NegativeStyle};

impl Plan {
    /// The latest fiscal year of the plan period in which any KPI has an 実績: the year a
    /// committee is shown by default. `None` when nothing has been entered yet.
    pub fn latest_year_with_actuals(&self) -> Option<FiscalYear> {
        self.kpis()
            .into_iter()
            .flat_map(|(_, kpi)| {
                kpi.years
                    .iter()
                    .filter(|(fy, y)| y.actual.is_some() && self.period.contains(**fy))
                    .map(|(fy, _)| *fy)
            })
            .max()
    }

    /// The year a progress sheet opens on: the latest year with an 実績, else the first
    /// year of the period.
    pub fn sheet_year(&self) -> FiscalYear {
        self.latest_year_with_actuals().unwrap_or(self.period.first)
    }

    /// How many nodes the tree has, at every depth.
    pub fn node_count(&self) -> usize {
        self.walk().len()
    }

    /// The period in the plan's year style: 「令和5年度〜令和8年度」.
    pub fn period_label(&self) -> String {
        let style = self.display.year_style;
        format!(
            "{}〜{}",
            self.period.first.label(style),
            self.period.last.label(style)
        )
    }
}

impl Rollup {
    /// The entries a distribution shows: every band (zero counts too, so columns line up)
    /// and each status that occurs.
    pub fn shown_shares(&self) -> Vec<&Share> {
        self.bands
            .iter()
            .chain(self.statuses.iter().filter(|s| s.count > 0))
            .collect()
    }

    /// The distribution in words: 「S 2・A 5・B 3・C 1・未評価 4」.
    pub fn distribution_text(&self) -> String {
        self.shown_shares()
            .iter()
            .map(|s| format!("{} {}", s.label, s.count))
            .collect::<Vec<_>>()
            .join("・")
    }
}

impl RatingRules {
    /// What a verdict prints as: the band's symbol (its label when no symbol is set), or the
    /// status label (「未評価」). Paper is black and white, so this is the whole message.
    pub fn verdict_mark<'a>(&'a self, verdict: &'a Verdict, band_index: Option<usize>) -> &'a str {
        match (verdict, band_index.and_then(|i| self.bands.get(i))) {
            (Verdict::Band(_), Some(band)) if !band.symbol.trim().is_empty() => &band.symbol,
            (Verdict::Band(label), _) => label,
            (Verdict::Status(status), _) => status.label(),
        }
    }

    /// What a rating prints as (see [`RatingRules::verdict_mark`]).
    pub fn mark<'a>(&'a self, rating: &'a Rating) -> &'a str {
        self.verdict_mark(&rating.verdict, rating.band_index)
    }

    /// The screen colour of a band, when it is a safe hex colour.
    pub fn band_colour(&self, band_index: Option<usize>) -> Option<&str> {
        band_index
            .and_then(|i| self.bands.get(i))
            .and_then(Band::css_colour)
    }
}

impl Rating {
    /// The rate as the sheet prints it, always with one decimal: 「50.0%」, 「1,234.5%」;
    /// 「∞」 for a 減少 indicator that reached 0; `None` when there is no rate.
    pub fn percent_text(&self) -> Option<String> {
        match (self.percent, self.rate) {
            (Some(p), _) => {
                // format::decimal drops trailing zeros; the sheet keeps 「50.0%」 as printed.
                let text = format::decimal(&p.round_dp(1), NegativeStyle::Minus);
                if text.contains('.') {
                    Some(format!("{text}%"))
                } else {
                    Some(format!("{text}.0%"))
                }
            }
            (None, Some(Rate::Infinite)) => Some("∞".to_owned()),
            _ => None,
        }
    }
}

impl Band {
    /// The band's colour when it is a plain hex colour (`#0017C1`), safe to put into a style
    /// attribute; `None` for anything else (the grade still shows by its label).
    pub fn css_colour(&self) -> Option<&str> {
        let hex = self.colour.strip_prefix('#')?;
        (matches!(hex.len(), 3 | 4 | 6 | 8) && hex.chars().all(|c| c.is_ascii_hexdigit()))
            .then_some(self.colour.as_str())
    }
}

impl Direction {
    /// The direction in words, with a 維持 indicator's tolerance: 「維持（±5%）」.
    pub fn text(self) -> String {
        match self {
            Direction::Maintain { tolerance_percent } => {
                format!("維持（±{}%）", tolerance_percent.normalize())
            }
            other => other.label().to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use rust_decimal::Decimal;

    use super::*;
    use crate::domain::plan::samples::sample_plan;
    use crate::domain::plan::{Kpi, Node, Period, RatingStatus, preset};

    fn plan_with(values: &[(u16, Option<&str>)]) -> Plan {
        let mut kpi = Kpi::new("k", "件数", "件");
        for (fy, actual) in values {
            let y = kpi.years.entry(FiscalYear(*fy)).or_default();
            y.target = Some(Decimal::TEN);
            y.actual = actual.and_then(|a| Decimal::from_str(a).ok());
        }
        let mut node = Node::new("n", "1", "施策");
        node.kpis.push(kpi);
        Plan {
            id: "p".into(),
            title: "計画".into(),
            municipality: "市".into(),
            period: Period {
                first: FiscalYear(2023),
                last: FiscalYear(2026),
            },
            level_names: vec!["施策".into()],
            display: Default::default(),
            nodes: vec![node],
            rating: preset("akiruno").unwrap_or_else(|| unreachable!()),
            notes: String::new(),
            revision: 0,
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn latest_year_with_actuals_ignores_targets_and_years_outside_the_period() {
        // (entered (year, 実績), latest year with an 実績, the year the sheet opens on)
        type Case<'a> = (&'a [(u16, Option<&'a str>)], Option<u16>, u16);
        let cases: &[Case] = &[
            (&[], None, 2023),
            (&[(2023, None), (2024, None)], None, 2023),
            (&[(2023, Some("5")), (2024, None)], Some(2023), 2023),
            (&[(2023, Some("5")), (2025, Some("0"))], Some(2025), 2025),
            // 2030 is outside the period: the sheet has no column for it.
            (&[(2024, Some("5")), (2030, Some("9"))], Some(2024), 2024),
        ];
        for (values, latest, sheet) in cases {
            let plan = plan_with(values);
            assert_eq!(
                plan.latest_year_with_actuals(),
                latest.map(FiscalYear),
                "{values:?}"
            );
            assert_eq!(plan.sheet_year(), FiscalYear(*sheet), "{values:?}");
        }
    }

    #[test]
    fn akiruno_sample_opens_on_reiwa_7_with_its_distribution() {
        let Some(plan) = sample_plan("akiruno-shokogyo-plan") else {
            panic!("sample missing")
        };
        assert_eq!(plan.latest_year_with_actuals(), Some(FiscalYear(2025)));
        assert_eq!(plan.node_count(), 3 + 7 + 14);
        assert_eq!(plan.period_label(), "令和5年度〜令和8年度");
        // Seed 002 as printed, 令和7年度: S 1 (マル経), A 2, B 6, C 5.
        let r7 = plan.rollup_plan(FiscalYear(2025));
        assert_eq!(r7.distribution_text(), "S 1・A 2・B 6・C 5");
        // 令和8年度 has no 実績: every band at zero, then the status that occurs.
        let r8 = plan.rollup_plan(FiscalYear(2026));
        assert_eq!(r8.distribution_text(), "S 0・A 0・B 0・C 0・未評価 14");
        let shown: usize = r8.shown_shares().iter().map(|s| s.count).sum();
        assert_eq!(shown, r8.total);
    }

    #[test]
    fn atsugi_has_no_actuals_and_opens_on_its_first_year() {
        let Some(plan) = sample_plan("atsugi-sangyo-master-plan") else {
            panic!("sample missing")
        };
        assert_eq!(plan.latest_year_with_actuals(), None);
        assert_eq!(plan.sheet_year(), FiscalYear(2024));
        let h27 = sample_plan("hiratsuka-kobetsu-shisaku-h27");
        assert_eq!(
            h27.map(Plan::period_label).as_deref(),
            Some("平成27年度〜令和元年度")
        );
        let gyosei = sample_plan("hiratsuka-gyosei-hyoka");
        assert_eq!(
            gyosei.map(Plan::period_label).as_deref(),
            Some("2024年度〜2027年度")
        );
    }

    #[test]
    fn mark_is_the_symbol_or_the_status() {
        let mut plan = plan_with(&[(2023, Some("5")), (2024, None)]);
        let rated = plan.rate("k", FiscalYear(2023));
        let unrated = plan.rate("k", FiscalYear(2024));
        let (Some(rated), Some(unrated)) = (rated, unrated) else {
            panic!("kpi missing")
        };
        assert_eq!(plan.rating.mark(&rated), "C");
        assert_eq!(plan.rating.mark(&unrated), RatingStatus::Unrated.label());
        for band in &mut plan.rating.bands {
            band.symbol = format!("[{}]", band.label);
        }
        assert_eq!(plan.rating.mark(&rated), "[C]");
        for band in &mut plan.rating.bands {
            band.symbol = String::new();
        }
        assert_eq!(plan.rating.mark(&rated), "C", "falls back to the label");
        assert_eq!(plan.rating.band_colour(rated.band_index), Some("#EC0000"));
        assert_eq!(plan.rating.band_colour(unrated.band_index), None);
    }

    #[test]
    fn percent_text_keeps_one_decimal() {
        let Some(plan) = sample_plan("akiruno-shokogyo-plan") else {
            panic!("sample missing")
        };
        let text = |kpi: &str, fy: u16| {
            plan.rate(kpi, FiscalYear(fy))
                .and_then(|r| r.percent_text())
        };
        // 事業承継相談 令和5年度: 5 ÷ 10, exactly 50% → C.
        assert_eq!(text("p02-kpi", 2023).as_deref(), Some("50.0%"));
        // るのカード 令和6年度: 94 ÷ 105 = 89.5% → B.
        assert_eq!(text("p09-kpi", 2024).as_deref(), Some("89.5%"));
        assert_eq!(text("p01-kpi", 2026), None, "未評価 has no rate");
    }

    #[test]
    fn only_hex_colours_reach_a_style_attribute() {
        let cases: &[(&str, Option<&str>)] = &[
            ("#0017C1", Some("#0017C1")),
            ("#abc", Some("#abc")),
            ("#0017c1ff", Some("#0017c1ff")),
            ("", None),
            ("red", None),
            ("#12345", None),
            ("#0017C1; background:url(x)", None),
        ];
        for (colour, expected) in cases {
            let band = Band {
                label: "A".into(),
                symbol: "A".into(),
                lower: None,
                colour: (*colour).into(),
                score: Decimal::ZERO,
                description: String::new(),
            };
            assert_eq!(band.css_colour(), *expected, "{colour:?}");
        }
    }

    #[test]
    fn direction_in_words() {
        assert_eq!(Direction::Increase.text(), "増加");
        assert_eq!(Direction::Decrease.text(), "減少");
        assert_eq!(
            Direction::Maintain {
                tolerance_percent: Decimal::new(50, 1)
            }
            .text(),
            "維持（±5%）"
        );
    }
}
