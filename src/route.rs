//! Hash routes (`#/plans`, `#/subsidies`, …).
//!
//! The URL hash is used rather than the path so the app works under any sub-path of a
//! static host and when opened from `file://`, where there is no server to rewrite paths.
//! Pure Rust so it is tested natively.

/// A view of the app, addressed by the URL hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// 計画: the plans kept in this browser.
    Plans,
    /// 進捗状況シート of one plan, by its id (`#/plans/<id>`).
    PlanSheet(String),
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
            ("plans", [id]) => Route::PlanSheet((*id).to_owned()),
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
            Route::PlanSheet(id) => format!("#/plans/{id}"),
            other => format!("#/{}", other.slug()),
        }
    }

    /// The navigation item this view belongs to: a plan's sheet is part of 計画.
    pub fn section(&self) -> Route {
        match self {
            Route::PlanSheet(_) => Route::Plans,
            other => other.clone(),
        }
    }

    /// A stable identifier used in the URL and for `data-testid` hooks.
    pub fn slug(&self) -> &'static str {
        match self {
            Route::Plans => "plans",
            Route::PlanSheet(_) => "plan-sheet",
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
            Route::PlanSheet(_) => "進捗状況シート",
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

    #[test]
    fn parses_every_form_of_hash() {
        let cases: &[(&str, Route)] = &[
            ("", Route::Plans),
            ("#", Route::Plans),
            ("#/", Route::Plans),
            ("#/plans", Route::Plans),
            ("#/plans/", Route::Plans),
            ("#/plans?sort=title", Route::Plans),
            ("#/plans/abc", Route::PlanSheet("abc".into())),
            ("#/plans/abc/", Route::PlanSheet("abc".into())),
            ("#/plans/abc?fy=2024", Route::PlanSheet("abc".into())),
            (
                "plans/akiruno-shokogyo-plan",
                Route::PlanSheet("akiruno-shokogyo-plan".into()),
            ),
            (
                "#/plans/abc/kpis",
                Route::NotFound("#/plans/abc/kpis".into()),
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
    fn a_plan_sheet_belongs_to_the_plans_section() {
        assert_eq!(Route::PlanSheet("x".into()).section(), Route::Plans);
        assert_eq!(Route::About.section(), Route::About);
    }

    #[test]
    fn hash_round_trips_for_every_nav_view() {
        for route in Route::NAV {
            assert_eq!(Route::from_hash(&route.hash()), route);
        }
    }

    #[test]
    fn plan_sheet_hash_round_trips() {
        let route = Route::PlanSheet("akiruno-shokogyo-plan".into());
        assert_eq!(route.hash(), "#/plans/akiruno-shokogyo-plan");
        assert_eq!(Route::from_hash(&route.hash()), route);
        assert_eq!(route.title(), "進捗状況シート");
        assert!(!Route::NAV.contains(&route), "a sheet is not a menu item");
    }
}
