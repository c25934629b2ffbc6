//! The 計画 view and the 進捗状況シート: the four sample plans are listed, each sheet shows
//! the rating engine's results exactly as seed 002 prints them, explanations appear on
//! focus, the year selector drives the roll-up, and screenshots of every sheet are saved.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use serde_json::json;
use shinko_e2e::{App, TestError, WAIT, run};

const AKIRUNO: &str = "akiruno-shokogyo-plan";

/// (id, municipality, period as the plan prints it) of every sample, in list order.
const SAMPLES: [(&str, &str, &str); 4] = [
    (
        "atsugi-sangyo-master-plan",
        "厚木市",
        "令和6年度〜令和8年度",
    ),
    ("hiratsuka-gyosei-hyoka", "平塚市", "2024年度〜2027年度"),
    (AKIRUNO, "あきる野市", "令和5年度〜令和8年度"),
    (
        "hiratsuka-kobetsu-shisaku-h27",
        "平塚市",
        "平成27年度〜令和元年度",
    ),
];

/// Seed 002 as printed (`tests/fixtures/plan/akiruno-printed.json`, shared with the
/// native tests): each 実施事業 with its 評価 for 令和5, 6, 7年度, in document order.
fn akiruno_printed() -> Vec<(String, Vec<String>)> {
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("../../fixtures/plan/akiruno-printed.json"))
            .expect("akiruno-printed.json");
    fixture["projects"]
        .as_array()
        .expect("projects")
        .iter()
        .map(|p| {
            let ratings = p["ratings"].as_array().expect("ratings");
            (
                p["project"].as_str().expect("project").to_owned(),
                ratings
                    .iter()
                    .map(|r| r.as_str().expect("rating").to_owned())
                    .collect(),
            )
        })
        .collect()
}

fn akiruno_kpi(index: usize) -> String {
    format!("p{:02}-kpi", index + 1)
}

async fn attr(app: &App, testid: &str, name: &str) -> Result<String, TestError> {
    Ok(app
        .find(testid)
        .await?
        .attr(name)
        .await?
        .unwrap_or_default())
}

/// The plan roll-up's counts as shown: label → count.
async fn rollup_counts(app: &App) -> Result<BTreeMap<String, usize>, TestError> {
    let mut counts = BTreeMap::new();
    for cell in app
        .find_all_css("[data-testid=rollup-plan] [data-testid=rollup-plan-count]")
        .await?
    {
        let label = cell.attr("data-label").await?.unwrap_or_default();
        let count: usize = cell.text().await?.trim().parse()?;
        counts.insert(label, count);
    }
    Ok(counts)
}

/// The rating cells of one year's column, counted by label (zero counts left out).
async fn column_counts(app: &App, fy: u16) -> Result<BTreeMap<String, usize>, TestError> {
    let mut counts = BTreeMap::new();
    for cell in app
        .find_all_css(&format!("[data-testid^=rating-][data-fy='{fy}']"))
        .await?
    {
        let label = cell.attr("data-label").await?.unwrap_or_default();
        *counts.entry(label).or_insert(0) += 1;
    }
    Ok(counts)
}

fn non_zero(counts: &BTreeMap<String, usize>) -> BTreeMap<String, usize> {
    counts
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(l, n)| (l.clone(), *n))
        .collect()
}

/// Waits until `testid`'s text contains `part`.
async fn wait_for_contains(app: &App, testid: &str, part: &str) -> Result<String, TestError> {
    let started = Instant::now();
    loop {
        let text = app.text(testid).await?;
        if text.contains(part) {
            return Ok(text);
        }
        if started.elapsed() > WAIT {
            return Err(format!("{testid} に「{part}」が表示されません（「{text}」）").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn plan_list_shows_the_four_samples() {
    run("plan_list_shows_the_four_samples", |app| async move {
        app.open("#/plans").await?;
        app.find("view-plans").await?;
        assert_eq!(app.text("view-title").await?, "計画");
        app.find("plan-list").await?;
        let cards = app
            .find_all_css("[data-testid=plan-list] > [data-testid^=plan-card-]")
            .await?;
        assert_eq!(cards.len(), 4, "four sample cards");
        assert!(
            !app.exists("plan-load-error").await?,
            "no sample failed to load"
        );
        for (i, (id, municipality, period)) in SAMPLES.iter().enumerate() {
            assert_eq!(
                cards[i].attr("data-testid").await?.as_deref(),
                Some(format!("plan-card-{id}").as_str()),
                "list order"
            );
            let card = app.text(&format!("plan-card-{id}")).await?;
            assert!(card.contains("見本（読み取り専用）"), "{card}");
            assert_eq!(
                app.text(&format!("plan-card-municipality-{id}")).await?,
                *municipality
            );
            assert_eq!(app.text(&format!("plan-card-period-{id}")).await?, *period);
            assert_eq!(
                attr(&app, &format!("plan-link-{id}"), "href").await?,
                format!("#/plans/{id}")
            );
        }
        assert_eq!(
            app.text(&format!("plan-card-counts-{AKIRUNO}")).await?,
            "（24項目・成果指標14件）"
        );
        // The latest year with any 実績 is 令和7年度; seed 002's printed column.
        assert_eq!(
            app.text(&format!("plan-card-dist-{AKIRUNO}")).await?,
            "令和7年度: S 1・A 2・B 6・C 5"
        );
        // 厚木市's sheet has no 実績 yet.
        assert!(
            app.text("plan-card-dist-atsugi-sangyo-master-plan")
                .await?
                .contains("まだありません")
        );
        assert!(
            app.text("plan-card-dist-hiratsuka-gyosei-hyoka")
                .await?
                .starts_with("2024年度: A ")
        );
        app.screenshot("plans-list").await?;
        app.client()
            .execute("window.scrollTo(0, document.body.scrollHeight);", vec![])
            .await?;
        app.screenshot("plans-list-bottom").await?;

        // A card's title opens its sheet, and focus moves to the sheet's heading.
        app.click(&format!("plan-link-{AKIRUNO}")).await?;
        app.find("plan-sheet").await?;
        app.wait_for_text("view-title", "あきる野市商工業振興プラン 進捗状況")
            .await?;
        let url = app.client().current_url().await?;
        assert_eq!(url.fragment(), Some(format!("/plans/{AKIRUNO}").as_str()));
        let focused = app
            .client()
            .active_element()
            .await?
            .attr("data-testid")
            .await?;
        assert_eq!(focused.as_deref(), Some("view-title"));
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn akiruno_sheet_shows_every_printed_rating() {
    run(
        "akiruno_sheet_shows_every_printed_rating",
        |app| async move {
            app.open(&format!("#/plans/{AKIRUNO}")).await?;
            app.find("plan-sheet").await?;
            assert_eq!(app.text("plan-municipality").await?, "あきる野市");
            assert_eq!(app.text("plan-period").await?, "令和5年度〜令和8年度");
            assert_eq!(
                app.text("plan-rules-name").await?,
                "あきる野市方式（S/A/B/C）"
            );
            assert!(
                app.text("plan-rules-formula")
                    .await?
                    .contains("達成率 = 実績 ÷ 年間目標")
            );
            // The tree in order: 方向性 → 個別施策 → 実施事業, each with its level name.
            let first = app.text("node-d1").await?;
            assert!(
                first.contains("方向性")
                    && first.contains("地域経済循環の担い手となる事業者の育成"),
                "{first}"
            );
            assert!(app.text("node-d1-m1").await?.contains("個別施策"));
            let project = app.text("node-p06").await?;
            assert!(
                project.contains("実施事業") && project.contains("新規"),
                "{project}"
            );

            // KPI ids p01-kpi … p14-kpi, in the same order.
            for (i, (project, printed)) in akiruno_printed().iter().enumerate() {
                let kpi = akiruno_kpi(i);
                app.find(&format!("kpi-row-{kpi}")).await?;
                let node = app
                    .find_css(&format!(
                        "[data-testid^=node-]:has([data-testid=kpi-row-{kpi}]) .node-head__name"
                    ))
                    .await?
                    .text()
                    .await?;
                assert_eq!(node, *project);
                for (fy, expected) in [2023u16, 2024, 2025].into_iter().zip(printed) {
                    let testid = format!("rating-{kpi}-{fy}");
                    assert_eq!(app.text(&testid).await?, *expected, "{project} {fy}");
                    assert_eq!(attr(&app, &testid, "data-label").await?, *expected);
                }
                assert_eq!(
                    app.text(&format!("rating-{kpi}-2026")).await?,
                    "未評価",
                    "{project}: 令和8年度 has no 実績 yet"
                );
            }

            // Explanations, including both printed boundaries.
            let cases = [
                ("p01-kpi", 2025, "実績 17 ÷ 目標 45 = 37.8% → C（50%以下）"),
                ("p02-kpi", 2023, "実績 5 ÷ 目標 10 = 50.0% → C（50%以下）"),
                (
                    "p09-kpi",
                    2024,
                    "実績 94 ÷ 目標 105 = 89.5% → B（50%超90%未満）",
                ),
                (
                    "p13-kpi",
                    2025,
                    "実績 23,000 ÷ 目標 30,000 = 76.7% → B（50%超90%未満）",
                ),
            ];
            for (kpi, fy, explanation) in cases {
                let testid = format!("rating-{kpi}-{fy}");
                assert_eq!(attr(&app, &testid, "title").await?, explanation);
                let tip = app
                    .find(&format!("rating-tip-{kpi}-{fy}"))
                    .await?
                    .prop("textContent")
                    .await?;
                assert_eq!(tip.as_deref(), Some(explanation));
            }
            // The row itself: numbers with commas, the rate with one decimal.
            let row = app.text("kpi-row-p13-kpi").await?;
            for part in [
                "発行部数",
                "部",
                "年間",
                "増加",
                "30,000",
                "23,000",
                "76.7%",
            ] {
                assert!(row.contains(part), "{part} in {row}");
            }
            let row = app.text("kpi-row-p02-kpi").await?;
            assert!(row.contains("50.0%"), "{row}");
            // Numbers are right-aligned in tabular figures.
            let cell = app
                .find_css("[data-testid=kpi-row-p13-kpi] td.num.year-start")
                .await?;
            assert_eq!(cell.css_value("text-align").await?, "right");
            assert!(
                cell.css_value("font-variant-numeric")
                    .await?
                    .contains("tabular-nums")
            );
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn focusing_a_rating_shows_its_explanation() {
    run(
        "focusing_a_rating_shows_its_explanation",
        |app| async move {
            app.open(&format!("#/plans/{AKIRUNO}")).await?;
            let tip = app.find("rating-tip-p01-kpi-2025").await?;
            assert!(!tip.is_displayed().await?, "hidden until focused");
            // Keyboard: from the 令和6年度 grade, Tab moves to the 令和7年度 one.
            let before = app.find("rating-p01-kpi-2024").await?;
            app.client()
                .execute("arguments[0].focus();", vec![json!(before)])
                .await?;
            before.send_keys("\u{E004}").await?;
            let focused = app.client().active_element().await?;
            assert_eq!(
                focused.attr("data-testid").await?.as_deref(),
                Some("rating-p01-kpi-2025")
            );
            assert_eq!(
                focused.attr("aria-describedby").await?.as_deref(),
                Some("rating-tip-p01-kpi-2025")
            );
            assert!(tip.is_displayed().await?, "shown on keyboard focus");
            assert_eq!(
                tip.text().await?,
                "実績 17 ÷ 目標 45 = 37.8% → C（50%以下）"
            );
            // The focus ring is visible (4px black outline).
            assert_eq!(focused.css_value("outline-style").await?, "solid");
            assert_eq!(focused.css_value("outline-width").await?, "4px");
            app.screenshot("akiruno-rating-explanation").await?;
            // Moving on hides it again.
            focused.send_keys("\u{E004}").await?;
            assert!(!tip.is_displayed().await?, "hidden after focus leaves");
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn year_selector_drives_the_rollup_counts() {
    run("year_selector_drives_the_rollup_counts", |app| async move {
        app.open(&format!("#/plans/{AKIRUNO}")).await?;
        let select = app.find("fy-select").await?;
        // Opens on the latest year with any 実績.
        assert_eq!(select.prop("value").await?.as_deref(), Some("2025"));
        let label = app.find_css("label[for=fy-select]").await?.text().await?;
        assert_eq!(label, "集計する年度");

        let expected_2025: BTreeMap<String, usize> = [("S", 1), ("A", 2), ("B", 6), ("C", 5)]
            .into_iter()
            .map(|(l, n)| (l.to_owned(), n))
            .collect();
        assert_eq!(rollup_counts(&app).await?, expected_2025);
        assert_eq!(
            non_zero(&rollup_counts(&app).await?),
            column_counts(&app, 2025).await?
        );
        assert_eq!(app.text("rollup-plan-total").await?, "14");
        assert_eq!(
            app.text("rollup-plan-text").await?,
            "令和7年度: S 1・A 2・B 6・C 5"
        );

        let mut seen = vec![rollup_counts(&app).await?];
        for (fy, title) in [
            (2023u16, "令和5年度"),
            (2024, "令和6年度"),
            (2026, "令和8年度"),
        ] {
            app.find("fy-select")
                .await?
                .select_by_value(&fy.to_string())
                .await?;
            wait_for_contains(&app, "rollup-plan", &format!("計画全体の評価（{title}）")).await?;
            let counts = rollup_counts(&app).await?;
            assert_eq!(
                non_zero(&counts),
                column_counts(&app, fy).await?,
                "{fy}: the roll-up counts equal the column's grades"
            );
            assert_eq!(counts.values().sum::<usize>(), 14, "{fy}");
            assert!(!seen.contains(&counts), "{fy}: counts change with the year");
            seen.push(counts);
            // The node roll-ups follow the year too.
            assert!(app.text("rollup-dist-d1").await?.starts_with(title), "{fy}");
        }
        // 令和8年度: nothing entered yet.
        assert_eq!(
            app.text("rollup-plan-text").await?,
            "令和8年度: S 0・A 0・B 0・C 0・未評価 14"
        );
        app.screenshot("akiruno-year-r8").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn sheet_opens_directly_and_unknown_plan_says_not_found() {
    run(
        "sheet_opens_directly_and_unknown_plan_says_not_found",
        |app| async move {
            app.open("#/plans/hiratsuka-kobetsu-shisaku-h27").await?;
            app.find("plan-sheet").await?;
            assert_eq!(
                app.text("view-title").await?,
                "個別施策 I-(1) 基幹産業の競争力を強化する"
            );
            assert_eq!(app.text("plan-period").await?, "平成27年度〜令和元年度");
            let title = app.client().title().await?;
            assert!(title.starts_with("進捗状況シート | Shinko"), "{title}");
            // The sheet is inside 計画: the navigation says so.
            let current = app.find("nav-plans").await?.attr("aria-current").await?;
            assert_eq!(current.as_deref(), Some("true"));

            app.open("#/plans/no-such-plan").await?;
            let text = app.text("plan-not-found").await?;
            assert!(text.contains("計画が見つかりません"), "{text}");
            assert!(text.contains("no-such-plan"), "{text}");
            assert!(!app.exists("plan-sheet").await?);
            app.click("back-to-plans").await?;
            app.find("view-plans").await?;
            app.find("plan-list").await?;
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn screenshots_of_every_sheet_and_its_print_view() {
    run(
        "screenshots_of_every_sheet_and_its_print_view",
        |app| async move {
            for (id, _, _) in SAMPLES {
                app.open(&format!("#/plans/{id}")).await?;
                app.find("plan-sheet").await?;
                app.find("rollup-plan").await?;
                let shot = app.screenshot(&format!("plan-sheet-{id}")).await?;
                assert!(std::fs::metadata(&shot)?.len() > 1000);
                // Scrolled to the tree, where the KPI rows are.
                let table = app.find("plan-sheet-table").await?;
                app.client()
                    .execute("arguments[0].scrollIntoView();", vec![json!(table)])
                    .await?;
                app.screenshot(&format!("plan-sheet-{id}-table")).await?;
            }
            // 平成27〜令和元年度 is five years wide: the table scrolls inside its container
            // and the KPI names stay in view.
            let scroll = app.find_css(".plan-sheet__scroll").await?;
            let widths = app
                .client()
                .execute(
                    "const e = arguments[0]; e.scrollLeft = e.scrollWidth; \
                     return [e.scrollWidth, e.clientWidth, document.documentElement.scrollWidth, \
                     document.documentElement.clientWidth];",
                    vec![json!(scroll)],
                )
                .await?;
            let w: Vec<u64> = widths
                .as_array()
                .map(|a| a.iter().filter_map(serde_json::Value::as_u64).collect())
                .unwrap_or_default();
            assert_eq!(w.len(), 4, "{widths}");
            assert!(
                w[2] <= w[3],
                "the page itself does not scroll sideways: {widths}"
            );
            app.find("kpi-row-h1-1-k2").await?;
            let name_cell = app
                .find_css("[data-testid=kpi-row-h1-1-k2] th.col-name")
                .await?;
            assert!(name_cell.is_displayed().await?);
            let left = app
                .client()
                .execute(
                    "return arguments[0].getBoundingClientRect().left - \
                     arguments[1].getBoundingClientRect().left;",
                    vec![json!(name_cell), json!(scroll)],
                )
                .await?;
            assert!(
                left.as_f64().is_some_and(|l| l.abs() < 2.0),
                "the KPI name sticks to the left edge: {left}"
            );
            app.screenshot("plan-sheet-hiratsuka-kobetsu-shisaku-h27-scrolled")
                .await?;
            // The print view: no navigation or controls, grades as letters in black frames.
            app.open(&format!("#/plans/{AKIRUNO}")).await?;
            app.find("plan-sheet").await?;
            app.cdp("Emulation.setEmulatedMedia", json!({"media": "print"}))
                .await?;
            let nav = app.find_css(".main-nav").await?;
            assert!(!nav.is_displayed().await?, "navigation is not printed");
            assert!(!app.find("print-button").await?.is_displayed().await?);
            assert!(!app.find("fy-select").await?.is_displayed().await?);
            let grade = app.find("rating-p01-kpi-2025").await?;
            assert_eq!(grade.css_value("color").await?, "rgba(0, 0, 0, 1)");
            assert_eq!(
                grade.css_value("border-top-color").await?,
                "rgba(0, 0, 0, 1)"
            );
            app.screenshot("plan-sheet-akiruno-print-media").await?;
            let pdf = app
                .cdp(
                    "Page.printToPDF",
                    json!({"preferCSSPageSize": true, "printBackground": false}),
                )
                .await?;
            if let Some(data) = pdf.get("data").and_then(|d| d.as_str()) {
                use base64::Engine as _;
                let bytes = base64::engine::general_purpose::STANDARD.decode(data)?;
                let path = shinko_e2e::output_dir()
                    .join("screenshots")
                    .join("plan-sheet-akiruno.pdf");
                std::fs::write(&path, &bytes)?;
                assert!(bytes.starts_with(b"%PDF"));
            } else {
                return Err(format!("printToPDF returned no data: {pdf}").into());
            }
            Ok(())
        },
    )
    .await;
}
