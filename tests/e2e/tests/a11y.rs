//! Accessibility: on a municipal laptop's screen (1366×768), every main screen, in the
//! states users see, passes axe-core's WCAG 2.0 / 2.1 / 2.2 checks at levels A and AA, and
//! a screenshot of each is saved in `test-output/screens/`. A self-test proves the check
//! can fail.

use std::time::{Duration, Instant};

use serde_json::json;
use shinko_e2e::{App, TestError, TestResult, WAIT, dist_dir, repo_root, run};

/// Opens `hash` on a 1366×768 screen.
async fn open_on_laptop(app: &App, hash: &str) -> TestResult {
    app.set_laptop_screen().await?;
    app.open(hash).await?;
    let size = app
        .client()
        .execute("return [window.innerWidth, window.innerHeight];", vec![])
        .await?;
    assert_eq!(size, json!([1366, 768]), "viewport");
    Ok(())
}

/// Saves the screenshot first (so a failing check still leaves one), then checks.
async fn check(app: &App, screen: &str) -> TestResult {
    // Let the page settle (fonts, the save status) before the picture.
    app.eval_async("await new Promise((r) => requestAnimationFrame(() => r())); return true;")
        .await?;
    app.save_screen(screen).await?;
    app.assert_accessible(screen).await
}

async fn wait_contains(app: &App, testid: &str, needle: &str) -> Result<String, TestError> {
    let started = Instant::now();
    loop {
        if let Ok(text) = app.text(testid).await
            && text.contains(needle)
        {
            return Ok(text);
        }
        if started.elapsed() > WAIT {
            let text = app.text(testid).await.unwrap_or_default();
            return Err(format!("{testid} に「{needle}」が出ません（「{text}」）").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn scroll_to(app: &App, testid: &str) -> TestResult {
    app.client()
        .execute(
            "document.querySelector(`[data-testid=\"${arguments[0]}\"]`)?.scrollIntoView({block: 'center'});",
            vec![json!(testid)],
        )
        .await?;
    Ok(())
}

#[tokio::test]
async fn plans_list_is_accessible() {
    run("a11y_plans_list", |app| async move {
        open_on_laptop(&app, "#/plans").await?;
        app.find("view-plans").await?;
        app.find("plan-list").await?;
        check(&app, "plans").await
    })
    .await;
}

/// Every sample plan's 進捗状況シート: the longest (厚木, 74 items) and the widest (平塚
/// H27, five fiscal years) as well as あきる野's.
#[tokio::test]
async fn plan_sheets_are_accessible() {
    run("a11y_plan_sheets", |app| async move {
        for id in [
            "akiruno-shokogyo-plan",
            "atsugi-sangyo-master-plan",
            "hiratsuka-gyosei-hyoka",
            "hiratsuka-kobetsu-shisaku-h27",
        ] {
            open_on_laptop(&app, &format!("#/plans/{id}")).await?;
            app.find("plan-sheet").await?;
            app.find("plan-sheet-table").await?;
            check(&app, &format!("plan-sheet-{id}")).await?;
        }

        // A grade's explanation, shown on keyboard focus.
        open_on_laptop(&app, "#/plans/akiruno-shokogyo-plan").await?;
        let grade = "rating-p01-kpi-2025";
        app.client()
            .execute(
                "const g = document.querySelector(`[data-testid=\"${arguments[0]}\"]`);
                 g.scrollIntoView({ block: 'center' });
                 g.focus();",
                vec![json!(grade)],
            )
            .await?;
        app.wait_until(
            "評価の説明が表示された状態",
            "const tip = document.getElementById('rating-tip-p01-kpi-2025');
             return getComputedStyle(tip).visibility !== 'hidden'
                 && getComputedStyle(tip).display !== 'none';",
        )
        .await?;
        check(&app, "plan-sheet-grade-explanation").await
    })
    .await;
}

#[tokio::test]
async fn subsidy_calculator_is_accessible_empty_with_a_result_and_with_an_error() {
    run("a11y_subsidies", |app| async move {
        open_on_laptop(&app, "#/subsidies").await?;
        app.find("view-subsidies").await?;
        app.find("subsidy-form").await?;
        check(&app, "subsidies").await?;

        app.find("subsidy-program")
            .await?
            .select_by_value("kyoujinka")
            .await?;
        app.find("subsidy-course")
            .await?
            .select_by_value("a")
            .await?;
        app.type_into("input-cost", "7,654,321").await?;
        // Without the prior consultation: 対象外, with the reason.
        app.wait_for_text("subsidy-amount", "0円").await?;
        app.find("subsidy-reasons").await?;
        scroll_to(&app, "subsidy-result").await?;
        check(&app, "subsidies-not-eligible").await?;

        app.find("input-consulted").await?.click().await?;
        app.wait_for_text("subsidy-amount", "5,100,000円").await?;
        app.find("subsidy-steps").await?;
        scroll_to(&app, "subsidy-result").await?;
        check(&app, "subsidies-result").await?;

        app.type_into("input-cost", "七百万円くらい").await?;
        app.find("input-error-cost").await?;
        check(&app, "subsidies-invalid-entry").await
    })
    .await;
}

#[tokio::test]
async fn data_management_is_accessible_empty_after_import_and_with_errors() {
    run("a11y_data", |app| async move {
        open_on_laptop(&app, "#/data").await?;
        app.find("view-data").await?;
        check(&app, "data").await?;

        let akiruno = repo_root().join("public/samples/akiruno-shokogyo-plan.json");
        app.upload("import-file", &akiruno).await?;
        wait_contains(&app, "import-done", "取り込みました").await?;
        app.find("stored-plan-akiruno-shokogyo-plan").await?;
        app.wait_for_text("save-status-text", "保存済み").await?;
        check(&app, "data-imported").await?;

        // Another version of the same plan: the same-id choice.
        let dir = tempfile::tempdir()?;
        let mut theirs: serde_json::Value = serde_json::from_slice(&std::fs::read(&akiruno)?)?;
        theirs["data"]["title"] = json!("同僚が直した計画");
        theirs["data"]["revision"] = json!(5);
        let theirs_path = dir.path().join("theirs.shinko-plan.json");
        std::fs::write(&theirs_path, serde_json::to_vec_pretty(&theirs)?)?;
        app.upload("import-file", &theirs_path).await?;
        app.find("import-same-id").await?;
        scroll_to(&app, "import-same-id").await?;
        check(&app, "data-same-id-choice").await?;
        app.click("import-cancel").await?;

        // A file with validation errors: every problem listed.
        app.upload(
            "import-file",
            &repo_root().join("tests/fixtures/file/invalid-plan.shinko-plan.json"),
        )
        .await?;
        app.find("import-problems").await?;
        scroll_to(&app, "import-error").await?;
        check(&app, "data-import-error").await
    })
    .await;
}

#[tokio::test]
async fn about_is_accessible() {
    run("a11y_about", |app| async move {
        open_on_laptop(&app, "#/about").await?;
        app.find("view-about").await?;
        check(&app, "about").await
    })
    .await;
}

#[tokio::test]
async fn not_found_views_are_accessible() {
    run("a11y_not_found", |app| async move {
        open_on_laptop(&app, "#/no-such-view").await?;
        app.find("view-not-found").await?;
        check(&app, "not-found").await?;

        open_on_laptop(&app, "#/plans/no-such-plan").await?;
        app.find("plan-not-found").await?;
        check(&app, "plan-not-found").await
    })
    .await;
}

/// The single file, opened from `file://` under its stricter policy (`default-src 'none'`):
/// axe runs there too, since WebDriver's scripts are not subject to the page's CSP.
#[tokio::test]
async fn the_single_file_is_accessible() {
    run("a11y_single_file", |app| async move {
        let single = dist_dir().join("shinko.html");
        assert!(
            single.is_file(),
            "{} がありません（./dev build が作ります）",
            single.display()
        );
        let url = format!("file://{}", single.canonicalize()?.display());
        app.set_laptop_screen().await?;
        app.open_url(&format!("{url}#/about")).await?;
        assert_eq!(app.text("build-kind").await?, "1ファイル版（shinko.html）");
        check(&app, "single-file-about").await?;
        app.open_url(&format!("{url}#/plans")).await?;
        app.find("plan-list").await?;
        app.assert_accessible("1ファイル版の計画").await
    })
    .await;
}

/// The check is not vacuous: an image without alternative text and an input without a
/// label, added to a page that passes, are both reported with their elements.
#[tokio::test]
async fn the_check_reports_an_image_without_alt_and_an_unlabelled_input() {
    run("a11y_check_can_fail", |app| async move {
        open_on_laptop(&app, "#/about").await?;
        app.find("view-about").await?;
        app.client()
            .execute(
                "const main = document.getElementById('main-content');
                 const img = document.createElement('img');
                 img.src = 'icon.svg';
                 img.id = 'a11y-bad-img';
                 main.append(img);
                 const input = document.createElement('input');
                 input.type = 'text';
                 input.id = 'a11y-bad-input';
                 main.append(input);",
                vec![],
            )
            .await?;
        let violations = app.axe().await?;
        let targets = |rule: &str| -> Vec<String> {
            violations
                .iter()
                .filter(|v| v.id == rule)
                .flat_map(|v| v.nodes.iter().flat_map(|n| n.target.clone()))
                .collect()
        };
        assert_eq!(targets("image-alt"), ["#a11y-bad-img"], "{violations:#?}");
        assert_eq!(targets("label"), ["#a11y-bad-input"], "{violations:#?}");
        let image = violations.iter().find(|v| v.id == "image-alt").unwrap();
        assert_eq!(image.impact, "critical");
        assert!(image.nodes[0].html.contains("a11y-bad-img"));

        let failure = app
            .assert_accessible("自己テスト")
            .await
            .expect_err("the check must fail")
            .to_string();
        assert!(failure.contains("自己テスト"), "{failure}");
        assert!(failure.contains("image-alt"), "{failure}");
        assert!(failure.contains("#a11y-bad-input"), "{failure}");
        Ok(())
    })
    .await;
}
