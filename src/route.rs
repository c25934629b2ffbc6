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
    /// home view, 計画.
    pub fn from_hash(hash: &str) -> Route {
        let path = hash.strip_prefix('#').unwrap_or(hash);
        let path = path.strip_prefix('/').unwrap_or(path);
        let first = path.split(['/', '?']).next().unwrap_or_default();
        match first {
            "" | "plans" => Route::Plans,
            "subsidies" => Route::Subsidies,
            "data" => Route::Data,
            "about" => Route::About,
            _ => Route::NotFound(hash.to_owned()),
        }
    }

    /// The hash that opens this view, e.g. `#/plans`.
    pub fn hash(&self) -> String {
        match self {
            Route::NotFound(hash) => hash.clone(),
            other => format!("#/{}", other.slug()),
        }
    }

    /// A stable identifier used in the URL and for `data-testid` hooks.
    pub fn slug(&self) -> &'static str {
        match self {
            Route::Plans => "plans",
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
            ("#/plans/abc", Route::Plans),
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
    fn hash_round_trips_for_every_nav_view() {
        for route in Route::NAV {
            assert_eq!(Route::from_hash(&route.hash()), route);
        }
    }
}
