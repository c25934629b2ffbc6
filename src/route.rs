//! Hash routes (`#/plans`, `#/subsidies`, …).
//!
//! The URL hash is used rather than the path so the app works under any sub-path of a
//! static host and when opened from `file://`, where there is no server to rewrite paths.
//! Pure Rust so it is tested natively.

/// The tabs of a plan's workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanTab {
    /// `#/plans/<id>`: the dashboard of a stored plan; a sample shows its sheet.
    Home,
    /// `#/plans/<id>/tree[/<node id>]`: the hierarchy and one node's page.
    Structure(Option<String>),
    /// `#/plans/<id>/kpis[/<kpi id>@<fiscal year>]`: the KPI grid, optionally focusing the
    /// 実績 cell of one KPI in one year (the 未入力 list links there).
    Kpis(Option<String>),
    /// `#/plans/<id>/settings`.
    Settings,
    /// `#/plans/<id>/sheet`: the printable 進捗状況シート.
    Sheet,
}

impl PlanTab {
    /// The tabs in the order the plan's tab bar shows them.
    pub const BAR: [PlanTab; 5] = [
        PlanTab::Home,
        PlanTab::Structure(None),
        PlanTab::Kpis(None),
        PlanTab::Sheet,
        PlanTab::Settings,
    ];

    /// The path after `#/plans/<id>`.
    pub fn suffix(&self) -> String {
        match self {
            PlanTab::Home => String::new(),
            PlanTab::Structure(None) => "/tree".into(),
            PlanTab::Structure(Some(node)) => format!("/tree/{node}"),
            PlanTab::Kpis(None) => "/kpis".into(),
            PlanTab::Kpis(Some(cell)) => format!("/kpis/{cell}"),
            PlanTab::Settings => "/settings".into(),
            PlanTab::Sheet => "/sheet".into(),
        }
    }

    /// The tab's name in the tab bar.
    pub fn title(&self) -> &'static str {
        match self {
            PlanTab::Home => "ダッシュボード",
            PlanTab::Structure(_) => "体系と施策",
            PlanTab::Kpis(_) => "成果指標の入力",
            PlanTab::Settings => "計画の設定",
            PlanTab::Sheet => "進捗状況シート",
        }
    }

    /// A stable identifier for `data-testid` hooks.
    pub fn slug(&self) -> &'static str {
        match self {
            PlanTab::Home => "home",
            PlanTab::Structure(_) => "tree",
            PlanTab::Kpis(_) => "kpis",
            PlanTab::Settings => "settings",
            PlanTab::Sheet => "sheet",
        }
    }

    /// Whether `self` is the same tab as `other`, whatever node or cell each names.
    pub fn same_tab(&self, other: &PlanTab) -> bool {
        self.slug() == other.slug()
    }
}

/// A view of the app, addressed by the URL hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// 計画: the plans kept in this browser.
    Plans,
    /// One plan, by its id, and the tab shown (`#/plans/<id>`, `#/plans/<id>/kpis` …).
    Plan { id: String, tab: PlanTab },
    /// 補助金: subsidy catalogues, the calculator and applications.
    Subsidies,
    /// データ管理: import, export and backups.
    Data,
    /// このアプリについて: version and build.
    About,
    /// A hash that names no view; holds what was asked for so it can be shown.
    NotFound(String),
}

impl Route {
    /// The views in the main navigation, in order.
    pub const NAV: [Route; 4] = [Route::Plans, Route::Subsidies, Route::Data, Route::About];

    /// Parses `location.hash` (with or without the leading `#`). An empty hash is the
    /// home view, 計画. `#/plans/<id>` is a plan's sheet; a query (`?…`) is ignored.
    pub fn from_hash(hash: &str) -> Route {
        let path = hash.strip_prefix('#').unwrap_or(hash);
        let path = path.strip_prefix('/').unwrap_or(path);
        let path = path.split('?').next().unwrap_or_default();
        let mut segments = path.split('/');
        let first = segments.next().unwrap_or_default();
        let rest: Vec<&str> = segments.filter(|s| !s.is_empty()).collect();
        match (first, rest.as_slice()) {
            ("" | "plans", []) => Route::Plans,
            ("plans", [id, rest @ ..]) => {
                let tab = match rest {
                    [] => PlanTab::Home,
                    ["tree"] => PlanTab::Structure(None),
                    ["tree", node] => PlanTab::Structure(Some((*node).to_owned())),
                    ["kpis"] => PlanTab::Kpis(None),
                    ["kpis", cell] => PlanTab::Kpis(Some((*cell).to_owned())),
                    ["settings"] => PlanTab::Settings,
                    ["sheet"] => PlanTab::Sheet,
                    _ => return Route::NotFound(hash.to_owned()),
                };
                Route::Plan {
                    id: (*id).to_owned(),
                    tab,
                }
            }
            (_, [_, ..]) => Route::NotFound(hash.to_owned()),
            ("subsidies", []) => Route::Subsidies,
            ("data", []) => Route::Data,
            ("about", []) => Route::About,
            _ => Route::NotFound(hash.to_owned()),
        }
    }

    /// The hash that opens this view, e.g. `#/plans`.
    pub fn hash(&self) -> String {
        match self {
            Route::NotFound(hash) => hash.clone(),
            Route::Plan { id, tab } => format!("#/plans/{id}{}", tab.suffix()),
            other => format!("#/{}", other.slug()),
        }
    }

    /// The navigation item this view belongs to: a plan's sheet is part of 計画.
    pub fn section(&self) -> Route {
        match self {
            Route::Plan { .. } => Route::Plans,
            other => other.clone(),
        }
    }

    /// A stable identifier used in the URL and for `data-testid` hooks.
    pub fn slug(&self) -> &'static str {
        match self {
            Route::Plans => "plans",
            Route::Plan { .. } => "plan",
            Route::Subsidies => "subsidies",
            Route::Data => "data",
            Route::About => "about",
            Route::NotFound(_) => "not-found",
        }
    }

    /// The view's name as the navigation and the page title show it.
    pub fn title(&self) -> &'static str {
        match self {
            Route::Plans => "計画",
            Route::Plan { tab, .. } => tab.title(),
            Route::Subsidies => "補助金",
            Route::Data => "データ管理",
            Route::About => "このアプリについて",
            Route::NotFound(_) => "ページが見つかりません",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(id: &str, tab: PlanTab) -> Route {
        Route::Plan { id: id.into(), tab }
    }

    #[test]
    fn parses_every_form_of_hash() {
        let cases: &[(&str, Route)] = &[
            ("", Route::Plans),
            ("#", Route::Plans),
            ("#/", Route::Plans),
            ("#/plans", Route::Plans),
            ("#/plans/", Route::Plans),
            ("#/plans?sort=title", Route::Plans),
            ("#/plans/abc", plan("abc", PlanTab::Home)),
            ("#/plans/abc/", plan("abc", PlanTab::Home)),
            ("#/plans/abc?fy=2024", plan("abc", PlanTab::Home)),
            (
                "plans/akiruno-shokogyo-plan",
                plan("akiruno-shokogyo-plan", PlanTab::Home),
            ),
            ("#/plans/abc/kpis", plan("abc", PlanTab::Kpis(None))),
            (
                "#/plans/abc/kpis/k-1@2025",
                plan("abc", PlanTab::Kpis(Some("k-1@2025".into()))),
            ),
            ("#/plans/abc/tree", plan("abc", PlanTab::Structure(None))),
            (
                "#/plans/abc/tree/n-3",
                plan("abc", PlanTab::Structure(Some("n-3".into()))),
            ),
            ("#/plans/abc/settings", plan("abc", PlanTab::Settings)),
            ("#/plans/abc/sheet", plan("abc", PlanTab::Sheet)),
            (
                "#/plans/abc/sheet/more",
                Route::NotFound("#/plans/abc/sheet/more".into()),
            ),
            (
                "#/plans/abc/nothing",
                Route::NotFound("#/plans/abc/nothing".into()),
            ),
            ("#/about/more", Route::NotFound("#/about/more".into())),
            ("#/subsidies", Route::Subsidies),
            ("#/data", Route::Data),
            ("#/data?tab=backup", Route::Data),
            ("#/about", Route::About),
            ("#about", Route::About),
            ("#/nothing", Route::NotFound("#/nothing".into())),
            ("#main", Route::NotFound("#main".into())),
        ];
        for (hash, expected) in cases {
            assert_eq!(&Route::from_hash(hash), expected, "{hash:?}");
        }
    }

    #[test]
    fn a_plan_belongs_to_the_plans_section() {
        assert_eq!(plan("x", PlanTab::Sheet).section(), Route::Plans);
        assert_eq!(Route::About.section(), Route::About);
    }

    #[test]
    fn hash_round_trips_for_every_nav_view() {
        for route in Route::NAV {
            assert_eq!(Route::from_hash(&route.hash()), route);
        }
    }

    #[test]
    fn plan_hashes_round_trip() {
        let route = plan("akiruno-shokogyo-plan", PlanTab::Sheet);
        assert_eq!(route.hash(), "#/plans/akiruno-shokogyo-plan/sheet");
        assert_eq!(route.title(), "進捗状況シート");
        assert!(!Route::NAV.contains(&route), "a plan is not a menu item");
        let tabs = PlanTab::BAR.into_iter().chain([
            PlanTab::Structure(Some("n-1".into())),
            PlanTab::Kpis(Some("k-1@2024".into())),
        ]);
        for tab in tabs {
            let route = plan("p", tab);
            assert_eq!(Route::from_hash(&route.hash()), route);
        }
    }
}
