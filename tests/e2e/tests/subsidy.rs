//! The 補助金 calculator in the browser, on the built-in 綾瀬市 sample catalogue: amounts and
//! steps as the domain computes them, 対象外 with reasons, invalid entries marked in place,
//! keyboard use, copying the steps, and screenshots of a result.

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use serde_json::json;
use shinko_e2e::{App, TestError, TestResult, run};

/// Opens the calculator and chooses `program` (and `course` when given).
async fn choose(app: &App, program: &str, course: Option<&str>) -> TestResult {
    app.open("#/subsidies").await?;
    app.find("subsidy-program")
        .await?
        .select_by_value(program)
        .await?;
    if let Some(course) = course {
        app.find("subsidy-course")
            .await?
            .select_by_value(course)
            .await?;
    }
    Ok(())
}

/// The text of every calculation step, in order.
async fn steps(app: &App) -> Result<Vec<String>, TestError> {
    app.find("subsidy-steps").await?;
    let mut texts = Vec::new();
    for step in app
        .find_all_css("[data-testid=subsidy-steps] [data-testid=subsidy-step]")
        .await?
    {
        texts.push(step.text().await?);
    }
    Ok(texts)
}

/// Ticks a checkbox (a flag input) unless it already is.
async fn check(app: &App, testid: &str) -> TestResult {
    let checkbox = app.find(testid).await?;
    if !checkbox.is_selected().await? {
        checkbox.click().await?;
    }
    Ok(())
}

/// The `data-testid` of the element that has keyboard focus.
async fn focused(app: &App) -> Result<String, TestError> {
    Ok(app
        .client()
        .active_element()
        .await?
        .attr("data-testid")
        .await?
        .unwrap_or_default())
}

/// Presses and releases one key on whatever has focus, as a keyboard user would.
async fn press(app: &App, key: Key) -> TestResult {
    let Some(value) = key.chars().next() else {
        return Err("key without a code".into());
    };
    let actions = KeyActions::new("keyboard".to_owned())
        .then(KeyAction::Down { value })
        .then(KeyAction::Up { value });
    app.client().perform_actions(actions).await?;
    Ok(())
}

/// Types text into whatever has focus.
async fn type_keys(app: &App, text: &str) -> TestResult {
    let mut actions = KeyActions::new("keyboard".to_owned());
    for value in text.chars() {
        actions = actions
            .then(KeyAction::Down { value })
            .then(KeyAction::Up { value });
    }
    app.client().perform_actions(actions).await?;
    Ok(())
}

const KYOUJINKA_A_STEPS: [&str; 3] = [
    "補助対象経費（税抜）7,654,321円 × 2/3 = 5,102,880円（円未満切捨て）",
    "上限 10,000,000円 以内 → 5,102,880円",
    "1万円未満切捨て → 5,100,000円",
];

#[tokio::test]
async fn kyoujinka_a_course_gives_the_amount_with_its_steps() {
    run(
        "kyoujinka_a_course_gives_the_amount_with_its_steps",
        |app| async move {
            choose(&app, "kyoujinka", Some("a")).await?;
            // Labelled honestly as a sample, with the programme's legal basis.
            let notice = app.text("subsidy-sample-notice").await?;
            assert!(
                notice.contains("見本") && notice.contains("綾瀬市"),
                "{notice}"
            );
            assert_eq!(
                app.text("subsidy-legal-basis").await?,
                "綾瀬市中小企業強靭化推進補助金交付要綱"
            );
            assert!(!app.text("subsidy-notes").await?.is_empty());

            app.type_into("input-cost", "7,654,321").await?;
            check(&app, "input-consulted").await?;
            app.wait_for_text("subsidy-eligibility", "対象").await?;
            assert_eq!(app.text("subsidy-amount").await?, "5,100,000円");
            assert_eq!(steps(&app).await?, KYOUJINKA_A_STEPS);
            let checks = app.text("subsidy-checks").await?;
            assert!(checks.contains("事前相談"), "{checks}");
            assert!(!app.exists("subsidy-reasons").await?);

            // 「500万」 is read as 5,000,000円, exactly at course A's minimum.
            app.type_into("input-cost", "500万").await?;
            app.wait_for_text("subsidy-amount", "3,330,000円").await?;
            // The same cost in course B hits its 300万円 cap.
            app.find("subsidy-course")
                .await?
                .select_by_value("b")
                .await?;
            app.wait_for_text("subsidy-amount", "3,000,000円").await?;
            let last = steps(&app).await?;
            assert!(
                last.iter().any(|s| s.contains("上限 3,000,000円")),
                "{last:?}"
            );
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn below_the_minimum_is_not_eligible_with_the_reason() {
    run(
        "below_the_minimum_is_not_eligible_with_the_reason",
        |app| async move {
            choose(&app, "kyoujinka", Some("a")).await?;
            app.type_into("input-cost", "4,999,999").await?;
            check(&app, "input-consulted").await?;
            app.wait_for_text("subsidy-eligibility", "対象外").await?;
            assert_eq!(app.text("subsidy-amount").await?, "0円");
            let reasons = app.text("subsidy-reasons").await?;
            assert!(
                reasons.contains("補助対象経費の下限額")
                    && reasons.contains("4,999,999円 が 5,000,000円 に達していない"),
                "{reasons}"
            );
            assert!(!app.exists("subsidy-steps").await?);

            // Every reason is listed: without 事前相談 there are two.
            app.click("input-consulted").await?;
            let started = std::time::Instant::now();
            loop {
                let items = app
                    .find_all_css("[data-testid=subsidy-reasons] li")
                    .await?
                    .len();
                if items == 2 {
                    break;
                }
                assert!(started.elapsed() < shinko_e2e::WAIT, "{items} reasons");
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            let reasons = app.text("subsidy-reasons").await?;
            assert!(reasons.contains("事前相談"), "{reasons}");
            app.screenshot("subsidy-not-eligible").await?;
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn text_in_a_number_cell_is_marked_and_never_computed() {
    run(
        "text_in_a_number_cell_is_marked_and_never_computed",
        |app| async move {
            choose(&app, "kyoujinka", Some("a")).await?;
            check(&app, "input-consulted").await?;
            app.type_into("input-cost", "7654321").await?;
            app.wait_for_text("subsidy-amount", "5,100,000円").await?;

            app.type_into("input-cost", "七百万円くらい").await?;
            let message = app.text("input-error-cost").await?;
            assert!(
                message.contains("数として読めません") && message.contains("500万"),
                "{message}"
            );
            let input = app.find("input-cost").await?;
            assert_eq!(input.attr("aria-invalid").await?.as_deref(), Some("true"));
            let described = input.attr("aria-describedby").await?.unwrap_or_default();
            assert!(described.contains("subsidy-error-cost"), "{described}");
            // The result says what to fix, and nothing is computed from the text.
            app.wait_for_text("subsidy-eligibility", "未計算").await?;
            let fix = app.text("subsidy-fix-list").await?;
            assert!(fix.contains("補助対象経費（税抜）"), "{fix}");
            assert!(!app.exists("subsidy-amount").await?);
            assert!(!app.exists("subsidy-steps").await?);
            assert!(!app.exists("subsidy-copy").await?);
            app.screenshot("subsidy-invalid-entry").await?;

            // Corrected, the mark goes and the amount comes back.
            app.type_into("input-cost", "７，６５４，３２１円").await?;
            app.wait_for_text("subsidy-amount", "5,100,000円").await?;
            assert!(!app.exists("input-error-cost").await?);
            let input = app.find("input-cost").await?;
            assert_eq!(input.attr("aria-invalid").await?, None);
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn empty_required_entries_are_listed_before_calculating() {
    run(
        "empty_required_entries_are_listed_before_calculating",
        |app| async move {
            choose(&app, "ricchi", Some("employment")).await?;
            app.wait_for_text("subsidy-eligibility", "未計算").await?;
            let missing = app.text("subsidy-missing-list").await?;
            for label in [
                "企業規模",
                "立地に要する投下資本額（税抜）",
                "継続雇用している市民（男性）",
            ] {
                assert!(missing.contains(label), "{label} not in {missing}");
            }
            // A default is not required: うち障がい者 defaults to 0人.
            assert!(!missing.contains("うち障がい者"), "{missing}");
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn per_head_amounts_are_computed_right() {
    run("per_head_amounts_are_computed_right", |app| async move {
        choose(&app, "shougaisha", None).await?;
        // A single-course programme has no course select.
        assert!(!app.exists("subsidy-course").await?);
        check(&app, "input-one_year_in_city").await?;
        app.type_into("input-residents", "3").await?;
        app.type_into("input-non_residents", "2人").await?;
        app.type_into("input-new_residents", "1").await?;
        app.wait_for_text("subsidy-amount", "360,000円").await?;
        assert_eq!(
            steps(&app).await?,
            [
                "市内在住の障がい者 60,000円 × 3人 = 180,000円",
                "市外在住の障がい者 40,000円 × 2人 = 80,000円",
                "新規雇用加算（市内在住）100,000円 × 1人 = 100,000円",
                "新規雇用加算（市外在住）100,000円 × 0人 = 0円",
                "報奨金の合計 = 市内在住の障がい者 180,000円 + 市外在住の障がい者 80,000円 + \
                 新規雇用加算（市内在住）100,000円 + 新規雇用加算（市外在住）0円 = 360,000円",
            ]
        );

        // 企業立地奨励金 雇用: 20万円 per man, 30万円 per woman, +10万円 per disabled person.
        app.find("subsidy-program")
            .await?
            .select_by_value("ricchi")
            .await?;
        app.find("subsidy-course")
            .await?
            .select_by_value("employment")
            .await?;
        app.find("input-company_size")
            .await?
            .select_by_value("sme")
            .await?;
        app.type_into("input-investment", "5000万").await?;
        app.type_into("input-men", "10").await?;
        app.type_into("input-women", "5").await?;
        app.type_into("input-disabled", "2").await?;
        app.wait_for_text("subsidy-amount", "3,700,000円").await?;
        let shown = steps(&app).await?;
        assert_eq!(shown.len(), 6, "{shown:?}");
        assert_eq!(shown[0], "男性 200,000円 × 10人 = 2,000,000円");
        assert_eq!(shown[4], "限度額 6,000,000円 以内 → 3,700,000円");
        // 30 men and 20 women (12,000,000円) meet the 600万円 cap.
        app.type_into("input-men", "30").await?;
        app.type_into("input-women", "20").await?;
        app.wait_for_text("subsidy-amount", "6,000,000円").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn per_item_cap_counts_each_premium_up_to_5000_yen() {
    run(
        "per_item_cap_counts_each_premium_up_to_5000_yen",
        |app| async move {
            choose(&app, "taishokukin", None).await?;
            app.type_into("input-monthly_premiums", "5,000;8,000、3000")
                .await?;
            app.type_into("input-months", "12").await?;
            app.type_into("input-contract_month", "13").await?;
            app.wait_for_text("subsidy-amount", "15,600円").await?;
            assert_eq!(
                steps(&app).await?,
                [
                    "月額掛金の合計（1人5,000円まで算入）: 5,000円 + 5,000円（8,000円のうち5,000円まで算入） + 3,000円 = 13,000円",
                    "月額掛金の合計（1人5,000円まで算入）13,000円 × 補助対象期間の納付月数 12か月 = 156,000円",
                    "補助対象掛金 156,000円 × 10% = 15,600円",
                    "100円未満切捨て → 15,600円",
                ]
            );
            // 13 months is above the input's maximum: marked on the input, not computed.
            app.type_into("input-months", "13").await?;
            let message = app.text("input-error-months").await?;
            assert!(message.contains("上限"), "{message}");
            assert!(!app.exists("subsidy-amount").await?);
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn the_form_is_usable_with_the_keyboard_alone() {
    run(
        "the_form_is_usable_with_the_keyboard_alone",
        |app| async move {
            app.open("#/subsidies").await?;
            app.find("subsidy-program").await?;
            // Tab from the start of the page to the programme select.
            let mut reached = false;
            for _ in 0..20 {
                press(&app, Key::Tab).await?;
                if focused(&app).await? == "subsidy-program" {
                    reached = true;
                    break;
                }
            }
            assert!(reached, "Tab never reached the programme select");
            // The focus ring is visible (4px outline), not just a colour change.
            let outline = app
                .client()
                .execute(
                    "const s = getComputedStyle(document.activeElement);
                     return s.outlineStyle + ' ' + s.outlineWidth;",
                    vec![],
                )
                .await?;
            assert_eq!(outline.as_str(), Some("solid 4px"));

            // Programme → course → 留意事項 (a disclosure) → the inputs in form order.
            press(&app, Key::Tab).await?;
            assert_eq!(focused(&app).await?, "subsidy-course");
            press(&app, Key::Tab).await?;
            assert_eq!(focused(&app).await?, "subsidy-notes-toggle");
            press(&app, Key::Tab).await?;
            assert_eq!(focused(&app).await?, "input-cost");
            type_keys(&app, "7654321").await?;
            press(&app, Key::Tab).await?;
            assert_eq!(focused(&app).await?, "input-consulted");
            // Tick 事前相談 with the space bar.
            press(&app, Key::Space).await?;
            app.wait_for_text("subsidy-amount", "5,100,000円").await?;
            press(&app, Key::Tab).await?;
            assert_eq!(focused(&app).await?, "input-project");
            // The copy button comes right after the form, and Enter presses it.
            press(&app, Key::Tab).await?;
            assert_eq!(focused(&app).await?, "subsidy-copy");
            press(&app, Key::Enter).await?;
            let status = app.find("subsidy-copy-status").await?;
            let started = std::time::Instant::now();
            while status.text().await?.is_empty() {
                assert!(
                    started.elapsed() < shinko_e2e::WAIT,
                    "no status after Enter"
                );
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn copy_puts_the_steps_on_the_clipboard_or_says_it_could_not() {
    run(
        "copy_puts_the_steps_on_the_clipboard_or_says_it_could_not",
        |app| async move {
            app.cdp(
                "Browser.grantPermissions",
                json!({ "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"] }),
            )
            .await?;
            choose(&app, "kyoujinka", Some("a")).await?;
            app.type_into("input-cost", "7654321").await?;
            check(&app, "input-consulted").await?;
            app.wait_for_text("subsidy-amount", "5,100,000円").await?;
            app.click("subsidy-copy").await?;
            app.wait_for_text(
                "subsidy-copy-status",
                "計算過程をコピーしました。起案に貼り付けられます。",
            )
            .await?;
            let copied = app
                .client()
                .execute_async(
                    "const done = arguments[arguments.length - 1];
                     navigator.clipboard.readText().then(done, e => done('ERROR ' + e));",
                    vec![],
                )
                .await?;
            let copied = copied.as_str().unwrap_or_default().to_owned();
            assert!(
                copied.starts_with("中小企業強靭化推進補助金（Ａコース（上限1,000万円））\n"),
                "{copied}"
            );
            for step in KYOUJINKA_A_STEPS {
                assert!(
                    copied.contains(&format!("\n{step}\n")),
                    "{step} in {copied}"
                );
            }
            assert!(copied.ends_with("\n算定額: 5,100,000円"), "{copied}");

            // A changed result hides the old message.
            app.type_into("input-cost", "8000000").await?;
            app.wait_for_text("subsidy-copy-status", "").await?;

            // When the browser refuses, the page says so (and logs no error).
            app.client()
                .execute(
                    "navigator.clipboard.writeText = () => Promise.reject(new Error('denied'));",
                    vec![],
                )
                .await?;
            app.click("subsidy-copy").await?;
            let started = std::time::Instant::now();
            loop {
                let status = app.text("subsidy-copy-status").await?;
                if status.starts_with("コピーできませんでした") {
                    assert!(status.contains("Ctrl+C"), "{status}");
                    break;
                }
                assert!(started.elapsed() < shinko_e2e::WAIT, "status: {status}");
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn screenshots_of_a_result() {
    run("screenshots_of_a_result", |app| async move {
        choose(&app, "kyoujinka", Some("a")).await?;
        app.type_into("input-cost", "7,654,321").await?;
        check(&app, "input-consulted").await?;
        app.find("input-project")
            .await?
            .select_by_value("factory")
            .await?;
        app.wait_for_text("subsidy-amount", "5,100,000円").await?;
        let shot = app.screenshot("subsidy-kyoujinka-result").await?;
        assert!(
            std::fs::metadata(&shot)?.len() > 10_000,
            "{}",
            shot.display()
        );
        // The top of the screen as staff first see it: sample notice, pickers, programme.
        app.client()
            .execute("window.scrollTo(0, 0);", vec![])
            .await?;
        app.screenshot("subsidy-kyoujinka-top").await?;

        choose(&app, "taishokukin", None).await?;
        app.type_into("input-monthly_premiums", "5000;8000;3000")
            .await?;
        app.type_into("input-months", "12").await?;
        app.type_into("input-contract_month", "13").await?;
        app.wait_for_text("subsidy-amount", "15,600円").await?;
        app.screenshot("subsidy-taishokukin-result").await?;
        Ok(())
    })
    .await;
}
