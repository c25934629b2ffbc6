use leptos::prelude::*;

use crate::components::plan_year_select::PlanYearSelect;
use crate::domain::fiscal_year::FiscalYear;
use crate::domain::format::{self, NegativeStyle};
use crate::domain::plan::{MissingKind, Plan, RatingRules, Rollup, TrendPoint};
use crate::storage::use_workspace;

/// The dashboard of a plan for one fiscal year: the distribution of ratings for the plan
/// and each top-level node (SVG bar charts with the numbers on them), a trend chart of
/// target against actual for any KPI, and 未入力: every KPI, project and node whose actual
/// for the year is still empty, each linking to where it is entered.
#[component]
pub fn PlanDashboard(plan_id: String) -> impl IntoView {
    let store = use_workspace();
    let plan = {
        let id = plan_id.clone();
        Memo::new(move |_| store.workspace.with(|ws| ws.plan(&id).cloned()))
    };
    let Some(initial) = plan.get_untracked() else {
        return ().into_any();
    };
    let year = RwSignal::new(initial.sheet_year());
    let style = initial.display.year_style;
    let years: Vec<_> = initial
        .period
        .years()
        .map(|fy| (fy, fy.label(style)))
        .collect();
    let kpi = RwSignal::new(initial.kpis().first().map(|(_, k)| k.id.clone()));
    let charts = move || {
        plan.with(|p| {
            p.as_ref()
                .map(|p| distribution_charts(p, year.get()).into_any())
        })
    };
    let missing = {
        let plan_id = plan_id.clone();
        move || plan.with(|p| p.as_ref().map(|p| missing_list(p, &plan_id, year.get())))
    };
    let kpi_options = move || {
        plan.with(|p| {
            p.as_ref().map(|p| {
                p.kpis()
                    .into_iter()
                    .map(|(path, k)| {
                        let place = path.last().map(|n| n.display_name()).unwrap_or_default();
                        let id = k.id.clone();
                        let selected = kpi.with_untracked(|s| s.as_deref() == Some(id.as_str()));
                        view! { <option value=id selected=selected>{format!("{}（{place}）", k.name)}</option> }
                    })
                    .collect_view()
            })
        })
    };
    let trend = move || {
        let id = kpi.get()?;
        plan.with(|p| {
            let p = p.as_ref()?;
            let k = p.find_kpi(&id)?;
            let points = p.trend(&id)?;
            Some(trend_chart(&k.name, &k.unit, &points, p.display.year_style))
        })
    };
    view! {
        <div class="dashboard" data-testid="dashboard">
            <div class="dashboard__toolbar">
                <PlanYearSelect years year />
            </div>
            <section class="dashboard__section" aria-labelledby="dash-dist-h">
                <h2 id="dash-dist-h">"評価の分布"</h2>
                <div class="dashboard__charts">{charts}</div>
            </section>
            <section class="dashboard__section" aria-labelledby="dash-missing-h">
                <h2 id="dash-missing-h">"未入力"</h2>
                {missing}
            </section>
            <section class="dashboard__section" aria-labelledby="dash-trend-h">
                <h2 id="dash-trend-h">"目標と実績の推移"</h2>
                <div class="field">
                    <label for="trend-kpi">"成果指標"</label>
                    <select id="trend-kpi" data-testid="trend-kpi-select" on:change=move |e| kpi.set(Some(event_target_value(&e)))>
                        {kpi_options}
                    </select>
                </div>
                {trend}
            </section>
        </div>
    }
    .into_any()
}

/// One bar chart per group: the plan, then each top-level node.
fn distribution_charts(plan: &Plan, fy: FiscalYear) -> impl IntoView + use<> {
    let style = plan.display.year_style;
    let mut groups = vec![(
        "plan".to_owned(),
        format!("計画全体（{}）", fy.label(style)),
        plan.rollup_plan(fy),
    )];
    for node in &plan.nodes {
        if let Some(r) = plan.rollup(&node.id, fy) {
            groups.push((node.id.clone(), node.display_name(), r));
        }
    }
    groups
        .into_iter()
        .map(|(id, title, rollup)| bar_chart(&id, &title, &rollup, &plan.rating))
        .collect_view()
}

const BAR_W: f64 = 44.0;
const GAP: f64 = 16.0;
const CHART_H: f64 = 150.0;
const TOP: f64 = 24.0;
const BOTTOM: f64 = 28.0;

fn bar_chart(id: &str, title: &str, rollup: &Rollup, rules: &RatingRules) -> impl IntoView + use<> {
    let shares: Vec<_> = rollup
        .bands
        .iter()
        .cloned()
        .map(|s| {
            let colour = rules
                .band_colour(rules.band_index(&s.label))
                .unwrap_or("#5f6368")
                .to_owned();
            (s, colour)
        })
        .chain(
            rollup
                .statuses
                .iter()
                .filter(|s| s.count > 0)
                .cloned()
                .map(|s| (s, "#767676".to_owned())),
        )
        .collect();
    let max = shares
        .iter()
        .map(|(s, _)| s.count)
        .max()
        .unwrap_or(0)
        .max(1);
    let width = GAP + (BAR_W + GAP) * shares.len() as f64;
    let height = TOP + CHART_H + BOTTOM;
    let summary = format!(
        "{title}: {}",
        shares
            .iter()
            .map(|(s, _)| format!("{} {}件", s.label, s.count))
            .collect::<Vec<_>>()
            .join("、")
    );
    let title_id = format!("dist-title-{id}");
    let desc_id = format!("dist-desc-{id}");
    let bars = shares
        .into_iter()
        .enumerate()
        .map(|(i, (s, colour))| {
            let x = GAP + (BAR_W + GAP) * i as f64;
            let h = CHART_H * s.count as f64 / max as f64;
            let y = TOP + CHART_H - h;
            view! {
                <g>
                    <rect x=x y=y width=BAR_W height=h fill=colour stroke="#1a1a1a" stroke-width="1"></rect>
                    <text x=x + BAR_W / 2.0 y=y - 6.0 text-anchor="middle" class="chart__value" data-testid=format!("dist-count-{id}-{}", s.label)>
                        {s.count.to_string()}
                    </text>
                    <text x=x + BAR_W / 2.0 y=TOP + CHART_H + 18.0 text-anchor="middle" class="chart__label">
                        {s.label.to_string()}
                    </text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="chart" data-testid=format!("dist-chart-{id}")>
            <figcaption id=title_id.clone()>{title.to_owned()} " " <span class="chart__total">{format!("（{}指標）", rollup.total)}</span></figcaption>
            <svg
                role="img"
                aria-labelledby=format!("{title_id} {desc_id}")
                viewBox=format!("0 0 {width} {height}")
                width=width
                height=height
            >
                <desc id=desc_id.clone()>{summary}</desc>
                <line x1="0" x2=width y1=TOP + CHART_H y2=TOP + CHART_H stroke="#1a1a1a"></line>
                {bars}
            </svg>
        </figure>
    }
}

fn trend_chart(
    name: &str,
    unit: &str,
    points: &[TrendPoint],
    style: crate::domain::fiscal_year::YearStyle,
) -> impl IntoView + use<> {
    // Plot positions only: the values written on the chart are the exact decimals.
    let to_f = |d: &rust_decimal::Decimal| d.to_string().parse::<f64>().unwrap_or(0.0);
    let values: Vec<f64> = points
        .iter()
        .flat_map(|p| p.target.iter().chain(p.actual.iter()).map(to_f))
        .collect();
    let (lo, hi) = values
        .iter()
        .fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
    let (lo, hi) = if values.is_empty() {
        (0.0, 1.0)
    } else if (hi - lo).abs() < f64::EPSILON {
        (lo - 1.0, hi + 1.0)
    } else {
        (lo.min(0.0), hi)
    };
    let w = 640.0;
    let h = 260.0;
    let (left, right, top, bottom) = (56.0, 24.0, 24.0, 40.0);
    let step = if points.len() > 1 {
        (w - left - right) / (points.len() - 1) as f64
    } else {
        0.0
    };
    let x = move |i: usize| {
        left + step * i as f64
            + if points.len() == 1 {
                (w - left - right) / 2.0
            } else {
                0.0
            }
    };
    let y = move |v: f64| top + (h - top - bottom) * (1.0 - (v - lo) / (hi - lo));
    let series = |pick: fn(&TrendPoint) -> Option<rust_decimal::Decimal>| {
        points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| pick(p).map(|v| (i, v)))
            .collect::<Vec<_>>()
    };
    let target = series(|p| p.target);
    let actual = series(|p| p.actual);
    let path = |s: &[(usize, rust_decimal::Decimal)]| {
        s.iter()
            .map(|(i, v)| format!("{:.1},{:.1}", x(*i), y(to_f(v))))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let text = |v: &rust_decimal::Decimal| format::decimal(v, NegativeStyle::Minus);
    let desc = points
        .iter()
        .map(|p| {
            format!(
                "{} 目標 {} 実績 {}",
                p.fiscal_year.label(style),
                p.target.as_ref().map_or("なし".into(), text),
                p.actual.as_ref().map_or("未入力".into(), text)
            )
        })
        .collect::<Vec<_>>()
        .join("、");
    let x_labels = points
        .iter()
        .enumerate()
        .map(|(i, p)| view! { <text x=x(i) y=h - 12.0 text-anchor="middle" class="chart__label">{p.fiscal_year.label(crate::domain::fiscal_year::YearStyle::Western)}</text> })
        .collect_view();
    let target_marks = target
        .iter()
        .map(|(i, v)| {
            let (cx, cy) = (x(*i), y(to_f(v)));
            view! {
                <rect x=cx - 4.0 y=cy - 4.0 width="8" height="8" fill="#ffffff" stroke="#1a1a1a" stroke-width="2"></rect>
                <text x=cx y=cy + 18.0 text-anchor="middle" class="chart__value chart__value--target">{text(v)}</text>
            }
        })
        .collect_view();
    let actual_marks = actual
        .iter()
        .map(|(i, v)| {
            let (cx, cy) = (x(*i), y(to_f(v)));
            view! {
                <circle cx=cx cy=cy r="5" fill="#0031d8"></circle>
                <text x=cx y=cy - 10.0 text-anchor="middle" class="chart__value" data-testid="trend-actual-value">{text(v)}</text>
            }
        })
        .collect_view();
    view! {
        <figure class="chart chart--trend" data-testid="trend-chart">
            <figcaption id="trend-title">{format!("{name}（{unit}）")}</figcaption>
            <svg role="img" aria-labelledby="trend-title trend-desc" viewBox=format!("0 0 {w} {h}") width=w height=h>
                <desc id="trend-desc">{desc}</desc>
                <line x1=left x2=w - right y1=h - bottom y2=h - bottom stroke="#1a1a1a"></line>
                <polyline points=path(&target) fill="none" stroke="#1a1a1a" stroke-width="2" stroke-dasharray="6 4"></polyline>
                <polyline points=path(&actual) fill="none" stroke="#0031d8" stroke-width="3"></polyline>
                {target_marks}
                {actual_marks}
                {x_labels}
            </svg>
            <p class="chart__legend">
                <span class="legend legend--target">"□ 破線：目標"</span>
                " "
                <span class="legend legend--actual">"● 実線：実績"</span>
            </p>
        </figure>
    }
}

fn missing_list(plan: &Plan, plan_id: &str, fy: FiscalYear) -> impl IntoView + use<> {
    let items = plan.missing(fy);
    let count = items.len();
    let list = items
        .into_iter()
        .map(|m| {
            let (href, what) = match (m.kind, &m.kpi_id) {
                (MissingKind::KpiActual, Some(k)) => (
                    format!("#/plans/{plan_id}/kpis/{k}@{}", fy.0),
                    "成果指標の実績",
                ),
                (MissingKind::ProjectSettlement, _) => (
                    format!("#/plans/{plan_id}/tree/{}", m.node_id),
                    "事業の決算額",
                ),
                _ => (
                    format!("#/plans/{plan_id}/tree/{}", m.node_id),
                    "施策の実績",
                ),
            };
            view! {
                <li>
                    <span class="missing__kind">{what}</span>
                    " "
                    <a href=href>{m.name.clone()}</a>
                    <span class="missing__path">{m.path.clone()}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <p data-testid="missing-count">
            {if count == 0 {
                format!("{}の実績はすべて入力されています。", fy.label(plan.display.year_style))
            } else {
                format!("{}の実績が未入力のものが{count}件あります。", fy.label(plan.display.year_style))
            }}
        </p>
        <ul class="missing" data-testid="missing-list">{list}</ul>
    }
}
