//! The plan workspace (issue 6) in Chromium: a plan made from a sample, the KPI grid
//! driven by keyboard (entering actuals, text refused in a number cell, a 3×4 block pasted
//! from Excel), a manual rating with its reason, undo and redo, the dashboard's counts,
//! nodes and a KPI added by keyboard, every change surviving a reload, and axe-core's
//! A/AA check with a 1366×768 screenshot of each screen.

use serde_json::Value;
use shinko_e2e::{App, TestError, TestResult, keys, run};

const SAMPLE: &str = "akiruno-shokogyo-plan";
/// Makes the plan from the sample, waits until it is stored, and returns its (random) id.
async fn make_plan(app: &App) -> Result<String, TestError> {
    app.set_laptop_screen().await?;
    app.open("#/plans").await?;
    let before = app.stored_plan_ids().await?;
    app.click(&format!("copy-sample-{SAMPLE}")).await?;
    let plan = app.new_plan_id(&before).await?;
    assert!(plan.starts_with(&format!("{SAMPLE}-")), "{plan}");
    app.find(&format!("stored-plan-card-{plan}")).await?;
    app.wait_for_text("save-status-text", "保存済み").await?;
    Ok(plan)
}

async fn cell_text(app: &App, kpi: &str, col: &str) -> Result<String, TestError> {
    app.text(&format!("cell-{kpi}-{col}")).await
}

/// The grade label of a rating cell (the explanation beside it is not part of it).
async fn grade(app: &App, kpi: &str, fy: u16) -> Result<String, TestError> {
    let el = app
        .find_css(&format!("[data-testid='cell-{kpi}-rating-{fy}'] .grade"))
        .await?;
    Ok(el.attr("data-label").await?.unwrap_or_default())
}

/// The explanation a rating cell shows on hover or focus (hidden until then, so read as
/// `textContent`).
async fn tip(app: &App, kpi: &str, fy: u16) -> Result<String, TestError> {
    let text = app
        .eval_async(&format!(
            "const t = document.querySelector(\"[data-testid='cell-{kpi}-rating-{fy}'] .rating-tip\");
             return t ? t.textContent : null;"
        ))
        .await?;
    Ok(text.as_str().ok_or("no rating tip")?.to_owned())
}

async fn wait_grade(app: &App, kpi: &str, fy: u16, want: &str) -> TestResult {
    app.wait_until(
        &format!("{kpi} {fy} の評価が {want}"),
        &format!(
            "const g = document.querySelector(\"[data-testid='cell-{kpi}-rating-{fy}'] .grade\");
             return !!g && g.dataset.label === '{want}';"
        ),
    )
    .await
}

/// The stored plan's data, as localStorage holds it.
async fn stored(app: &App, plan: &str) -> Result<Value, TestError> {
    let raw = app
        .local_storage(&format!("shinko.v1.plan.{plan}"))
        .await?
        .ok_or("the plan is not stored")?;
    let v: Value = serde_json::from_str(&raw)?;
    Ok(v["data"].clone())
}

fn kpi_year<'a>(plan: &'a Value, kpi: &str, fy: u16) -> &'a Value {
    fn go<'a>(nodes: &'a Value, kpi: &str) -> Option<&'a Value> {
        nodes.as_array()?.iter().find_map(|n| {
            n["kpis"]
                .as_array()
                .and_then(|ks| ks.iter().find(|k| k["id"] == kpi))
                .or_else(|| go(&n["children"], kpi))
        })
    }
    go(&plan["nodes"], kpi)
        .map(|k| &k["years"][fy.to_string()])
        .unwrap_or(&Value::Null)
}

async fn select_cell(app: &App, kpi: &str, col: &str) -> TestResult {
    app.click(&format!("cell-{kpi}-{col}")).await?;
    assert_eq!(app.focused().await?, Some(format!("cell-{kpi}-{col}")));
    Ok(())
}

/// Pastes `text` as Excel puts it on the clipboard, onto the selected cell.
async fn paste(app: &App, text: &str) -> TestResult {
    let script = format!(
        "const dt = new DataTransfer(); dt.setData('text/plain', {});
         const ev = new ClipboardEvent('paste', {{ clipboardData: dt, bubbles: true, cancelable: true }});
         document.activeElement.dispatchEvent(ev); return true;",
        serde_json::to_string(text)?
    );
    app.eval_async(&script).await?;
    Ok(())
}

#[tokio::test]
async fn grid_entry_paste_rejection_manual_rating_undo_and_reload() {
    run(
        "grid_entry_paste_rejection_manual_rating_undo_and_reload",
        |app| async move {
            let plan = make_plan(&app).await?;
            app.open(&format!("#/plans/{plan}/kpis")).await?;
            app.find("kpi-grid").await?;
            assert_eq!(grade(&app, "p01-kpi", 2026).await?, "未評価");
            // Rows are rendered as they come into view, which needs every body row to have
            // the height the grid computes with.
            let heights = app
                .eval_async(
                    "return [...document.querySelectorAll('[data-testid=kpi-grid] tbody tr:not(.kpi-grid__spacer)')]
                       .map((r) => Math.round(r.getBoundingClientRect().height * 10) / 10);",
                )
                .await?;
            let heights = heights.as_array().ok_or("no rows")?;
            assert!(heights.len() > 10, "{heights:?}");
            assert!(heights.iter().all(|h| h.as_f64() == Some(34.0)), "{heights:?}");
            // …and the spacer standing for the lines above takes no room at the top.
            let spacer = app
                .eval_async(
                    "return document.querySelector('[data-testid=kpi-grid] .kpi-grid__spacer').getBoundingClientRect().height;",
                )
                .await?;
            assert_eq!(spacer.as_f64(), Some(0.0), "top spacer at the start");

            // Typing a number on a cell starts editing; Enter stores it and moves down.
            select_cell(&app, "p01-kpi", "actual-2026").await?;
            app.keys(&format!("80{}", keys::ENTER)).await?;
            wait_grade(&app, "p01-kpi", 2026, "S").await?;
            assert_eq!(cell_text(&app, "p01-kpi", "actual-2026").await?, "80");
            assert_eq!(cell_text(&app, "p01-kpi", "rate-2026").await?, "123.1%");
            // The grade explains itself (the grid rates the plan without words and explains
            // what it draws), and the explanation follows the edit.
            let explained = tip(&app, "p01-kpi", 2026).await?;
            assert!(explained.contains("実績 80 ÷ 目標") && explained.contains("= 123.1% → S"), "{explained}");
            assert_eq!(app.focused().await?.as_deref(), Some("cell-p02-kpi-actual-2026"));
            // The roll-ups on its path and the plan total change with it.
            app.wait_for_text("summary-total-2026", "S").await?;
            assert!(app.text("rollup-total-2026").await?.contains("S 1"));

            // Text in a number cell is refused in place and never stored.
            app.keys(&format!("abc{}", keys::ENTER)).await?;
            let error = app.text("grid-editor-error").await?;
            assert!(error.contains("数値として読めません"), "{error}");
            assert_eq!(app.find("grid-editor").await?.attr("aria-invalid").await?.as_deref(), Some("true"));
            app.keys(keys::ESCAPE).await?;
            assert!(!app.exists("grid-editor").await?);
            assert_eq!(cell_text(&app, "p02-kpi", "actual-2026").await?, "");

            // Full-width digits with a comma, as Japanese keyboards type them.
            app.keys(&format!("{}１，２３４{}", keys::ENTER, keys::ENTER)).await?;
            assert_eq!(cell_text(&app, "p02-kpi", "actual-2026").await?, "1,234");

            // A 3×4 block copied from Excel, pasted with its top-left on p03's 2025 実績:
            // 実績2025, 目標2026, 実績2026, 最終目標 for p03, p04, p05.
            select_cell(&app, "p03-kpi", "actual-2025").await?;
            paste(&app, "16\t25\t20\t30\r\n70\t115\t90\t120\r\n150\t100\t110\t100\r\n").await?;
            app.wait_for_text("cell-p05-kpi-final", "100").await?;
            assert!(app.text("grid-message").await?.contains("12セルを貼り付けました"));
            assert_eq!(cell_text(&app, "p04-kpi", "actual-2026").await?, "90");
            assert_eq!(cell_text(&app, "p04-kpi", "target-2026").await?, "115");
            wait_grade(&app, "p03-kpi", 2026, "B").await?;
            wait_grade(&app, "p05-kpi", 2026, "A").await?;

            // A block with a word in it: the numbers are stored, the word is marked.
            select_cell(&app, "p06-kpi", "actual-2026").await?;
            paste(&app, "40\t未定\n").await?;
            app.find("grid-problems").await?;
            let problems = app.text("grid-problems").await?;
            assert!(problems.contains("未定"), "{problems}");
            let bad = app.find("cell-p06-kpi-final").await?;
            assert_eq!(bad.attr("aria-invalid").await?.as_deref(), Some("true"));
            assert_eq!(cell_text(&app, "p06-kpi", "actual-2026").await?, "40");
            app.save_screen("workspace-grid").await?;
            // Delete on the marked cell drops its text: the mark and the list go with it.
            select_cell(&app, "p06-kpi", "final").await?;
            app.keys(keys::DELETE).await?;
            app.wait_until(
                "入力できなかったセルの一覧が消えた状態",
                "return !document.querySelector('[data-testid=grid-problems]')
                   && !document.querySelector('[data-testid=cell-p06-kpi-final]').hasAttribute('aria-invalid');",
            )
            .await?;
            assert_eq!(cell_text(&app, "p06-kpi", "final").await?, "");

            // A manual rating needs a reason and is marked as manual.
            select_cell(&app, "p01-kpi", "rating-2025").await?;
            assert_eq!(grade(&app, "p01-kpi", 2025).await?, "C");
            app.keys(keys::ENTER).await?;
            app.find("manual-panel").await?;
            let computed = app.text("manual-panel").await?;
            assert!(computed.contains("いまの評価：C") && computed.contains("→ C"), "{computed}");
            app.eval_async(
                "const s = document.querySelector('[data-testid=manual-verdict]');
                 s.value = [...s.options].find((o) => o.text === 'A').value;
                 s.dispatchEvent(new Event('change', { bubbles: true })); return true;",
            )
            .await?;
            app.click("manual-save").await?;
            assert!(app.text("manual-error").await?.contains("理由"));
            app.type_into("manual-reason", "年度途中で事業内容を見直したため").await?;
            app.click("manual-save").await?;
            wait_grade(&app, "p01-kpi", 2025, "A").await?;
            assert!(app.text("cell-p01-kpi-rating-2025").await?.contains("（手動）"));
            let manual = tip(&app, "p01-kpi", 2025).await?;
            assert!(manual.starts_with("手動評価 A（理由: 年度途中で事業内容を見直したため）。自動計算では: "), "{manual}");
            app.wait_for_text("save-status-text", "保存済み").await?;
            let data = stored(&app, &plan).await?;
            assert_eq!(kpi_year(&data, "p01-kpi", 2025)["manual"]["reason"], "年度途中で事業内容を見直したため");

            // Undo (Ctrl+Z) and redo (Ctrl+Y) from the grid, then with the buttons.
            select_cell(&app, "p01-kpi", "rating-2025").await?;
            app.keys(&format!("{}z{}", keys::CONTROL, keys::NULL)).await?;
            wait_grade(&app, "p01-kpi", 2025, "C").await?;
            assert!(app.text("history-status").await?.contains("手動評価"));
            app.keys(&format!("{}y{}", keys::CONTROL, keys::NULL)).await?;
            wait_grade(&app, "p01-kpi", 2025, "A").await?;
            app.click("undo-button").await?;
            wait_grade(&app, "p01-kpi", 2025, "C").await?;
            app.click("redo-button").await?;
            wait_grade(&app, "p01-kpi", 2025, "A").await?;

            // Everything survives a reload.
            app.wait_for_text("save-status-text", "保存済み").await?;
            app.open(&format!("#/plans/{plan}/kpis")).await?;
            app.find("kpi-grid").await?;
            assert_eq!(cell_text(&app, "p01-kpi", "actual-2026").await?, "80");
            assert_eq!(cell_text(&app, "p05-kpi", "final").await?, "100");
            wait_grade(&app, "p01-kpi", 2025, "A").await?;
            wait_grade(&app, "p03-kpi", 2026, "B").await?;
            let data = stored(&app, &plan).await?;
            assert_eq!(kpi_year(&data, "p04-kpi", 2026)["actual"], "90");
            assert_eq!(kpi_year(&data, "p02-kpi", 2026)["actual"], "1234");
            app.assert_accessible("workspace-grid").await?;
            // The grid's plan total for 2026, which the dashboard must match.
            let grid_total = app.text("rollup-total-2026").await?;
            assert_eq!(grid_total, "S 2・A 2・B 2・C 0・未評価 8");
            // Ctrl+End reaches the last cell, though its row was not rendered until then.
            select_cell(&app, "p01-kpi", "actual-2026").await?;
            app.keys(&format!("{}{}{}", keys::CONTROL, "\u{E010}", keys::NULL)).await?;
            app.wait_until(
                "focus on the last KPI's 最終目標",
                "const a = document.activeElement; return !!a && a.dataset.testid === 'cell-p14-kpi-final';",
            )
            .await?;
            app.keys(&format!("{}{}{}", keys::CONTROL, "\u{E011}", keys::NULL)).await?;
            app.wait_until(
                "focus back on the first KPI's name",
                "const a = document.activeElement; return !!a && a.id.endsWith('-0-0');",
            )
            .await?;

            // The dashboard counts what the grid shows for 2026: S p01 p02, A p05 p06,
            // B p03 p04, and 8 KPIs without an actual.
            app.open(&format!("#/plans/{plan}")).await?;
            app.find("dashboard").await?;
            app.eval_async(
                "const s = document.querySelector('[data-testid=fy-select]'); s.value = '2026';
                 s.dispatchEvent(new Event('change', { bubbles: true })); return true;",
            )
            .await?;
            app.wait_for_text("dist-count-plan-S", "2").await?;
            let count = |label: &'static str| {
                let app = &app;
                async move { app.text(&format!("dist-count-plan-{label}")).await }
            };
            assert_eq!(count("A").await?, "2");
            assert_eq!(count("B").await?, "2");
            assert_eq!(count("C").await?, "0");
            assert_eq!(count("未評価").await?, "8");
            let mut from_chart = Vec::new();
            for label in ["S", "A", "B", "C", "未評価"] {
                from_chart.push(format!("{label} {}", count(label).await?));
            }
            assert_eq!(from_chart.join("・"), grid_total, "dashboard vs grid");
            let kpi_links = app
                .find_all_css("[data-testid=missing-list] a[href*='/kpis/']")
                .await?;
            assert_eq!(kpi_links.len(), 8, "KPIs without a 2026 actual");
            app.find("trend-chart").await?;
            app.save_screen("workspace-dashboard").await?;
            app.assert_accessible("workspace-dashboard").await?;
            // A 未入力 link opens the grid on that cell.
            kpi_links[0].click().await?;
            app.find("kpi-grid").await?;
            app.wait_until(
                "the linked cell has focus",
                "const a = document.activeElement; return !!a && (a.dataset.testid || '').endsWith('-actual-2026');",
            )
            .await?;
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn structure_by_keyboard_settings_and_plan_list() {
    run("structure_by_keyboard_settings_and_plan_list", |app| async move {
        let plan = make_plan(&app).await?;
        app.open(&format!("#/plans/{plan}/tree")).await?;
        app.find("structure").await?;

        // A new top-level node, typed and added with Enter.
        app.find("add-top-input").await?.click().await?;
        app.keys(&format!("観光と連携した商業振興{}", keys::ENTER)).await?;
        app.wait_until(
            "the new node is in the tree",
            "return [...document.querySelectorAll('[data-testid=tree] a')].some((a) => a.textContent.includes('観光と連携した商業振興'));",
        )
        .await?;
        let id: String = app
            .eval_async(
                "return [...document.querySelectorAll('[data-testid=tree] a')].find((a) => a.textContent.includes('観光と連携した商業振興')).dataset.treeId;",
            )
            .await?
            .as_str()
            .ok_or("no id")?
            .to_owned();
        // Open it from the tree with the keyboard.
        app.eval_async(&format!(
            "document.querySelector(\"[data-tree-id='{id}']\").focus(); return true;"
        ))
        .await?;
        app.keys(keys::ENTER).await?;
        app.find("node-page").await?;
        app.wait_for_text("node-name", "").await.ok();
        // A child and a KPI, each typed and added with Enter.
        app.find("add-child-input").await?.click().await?;
        app.keys(&format!("商店街の回遊促進{}", keys::ENTER)).await?;
        app.find("add-kpi-input").await?.click().await?;
        app.keys(&format!("来街者数{}", keys::ENTER)).await?;
        app.wait_until(
            "the KPI row is in the node's grid",
            "return [...document.querySelectorAll('[data-testid=kpi-grid] tr')].some((r) => r.textContent.includes('来街者数'));",
        )
        .await?;
        // Its unit, set in the KPI's definition.
        let kpi_id: String = app
            .eval_async("return document.querySelector('[data-testid^=kpi-def-]').dataset.testid.slice('kpi-def-'.length);")
            .await?
            .as_str()
            .ok_or("no KPI definition")?
            .to_owned();
        app.find_css(".kpi-defs__details summary").await?.click().await?;
        app.type_into(&format!("kpi-unit-{kpi_id}"), "人").await?;
        app.keys(keys::TAB).await?;
        app.wait_until(
            "the unit shows in the grid",
            &format!("const r = document.querySelector(\"[data-testid='grid-row-{kpi_id}']\"); return !!r && r.textContent.includes('人');"),
        )
        .await?;

        // The node's grid was built again for the new KPI; two entries in a row work
        // (its cells belong to the grid, not to the effect that rebuilt it).
        select_cell(&app, &kpi_id, "target-2026").await?;
        app.keys(&format!("1200{}", keys::ENTER)).await?;
        select_cell(&app, &kpi_id, "actual-2026").await?;
        app.keys(&format!("1500{}", keys::ENTER)).await?;
        wait_grade(&app, &kpi_id, 2026, "S").await?;
        // A negative count is refused with the validator's reason and not stored.
        select_cell(&app, &kpi_id, "actual-2025").await?;
        app.keys(keys::ENTER).await?;
        app.find("grid-editor").await?;
        app.keys(&format!("△3{}", keys::ENTER)).await?;
        let error = app.text("grid-editor-error").await?;
        assert!(error.contains("負の値"), "{error}");
        app.keys(keys::ESCAPE).await?;
        assert_eq!(cell_text(&app, &kpi_id, "actual-2025").await?, "");

        // Reorder with Alt+↑ in the tree: the new node moves above 方向性 3.
        app.eval_async(&format!(
            "document.querySelector(\"[data-tree-id='{id}']\").focus(); return true;"
        ))
        .await?;
        app.keys(&format!("{}{}{}", keys::ALT, keys::UP, keys::NULL)).await?;
        app.wait_until(
            "the node moved up",
            &format!("const ids = [...document.querySelectorAll('[data-testid=tree] a')].map((a) => a.dataset.treeId); return ids.indexOf('{id}') < ids.indexOf('d3');"),
        )
        .await?;
        // With the mouse: drag the new node onto the upper half of 方向性 1 (d1).
        app.eval_async(&format!(
            "const src = document.querySelector(\"[data-tree-id='{id}']\");
             const dst = document.querySelector(\"[data-tree-id='d1']\").closest('li');
             const r = dst.getBoundingClientRect();
             const dt = new DataTransfer();
             src.dispatchEvent(new DragEvent('dragstart', {{ dataTransfer: dt, bubbles: true }}));
             const at = {{ dataTransfer: dt, bubbles: true, cancelable: true, clientX: r.left + 5, clientY: r.top + 2 }};
             dst.dispatchEvent(new DragEvent('dragover', at));
             dst.dispatchEvent(new DragEvent('drop', at));
             src.dispatchEvent(new DragEvent('dragend', {{ dataTransfer: dt, bubbles: true }}));
             return true;"
        ))
        .await?;
        app.wait_until(
            "the dragged node is first",
            &format!("const ids = [...document.querySelectorAll('[data-testid=tree] a')].map((a) => a.dataset.treeId); return ids[0] === '{id}';"),
        )
        .await?;
        app.save_screen("workspace-structure").await?;
        app.assert_accessible("workspace-structure").await?;

        // Settings: the year style and the plan title.
        app.open(&format!("#/plans/{plan}/settings")).await?;
        app.find("settings").await?;
        app.type_into("settings-title", "あきる野市商工業振興プラン（令和8年度版）").await?;
        app.keys(keys::TAB).await?;
        app.wait_for_text("view-title", "あきる野市商工業振興プラン（令和8年度版）").await?;
        app.save_screen("workspace-settings").await?;
        app.assert_accessible("workspace-settings").await?;

        // After a reload, everything is still there.
        app.wait_for_text("save-status-text", "保存済み").await?;
        app.open(&format!("#/plans/{plan}/tree/{id}")).await?;
        app.find("node-page").await?;
        let tree = app.text("tree").await?;
        assert!(tree.contains("商店街の回遊促進"), "{tree}");
        let data: Value = serde_json::from_str(
            &app.local_storage(&format!("shinko.v1.plan.{plan}")).await?.ok_or("not stored")?,
        )?;
        assert_eq!(data["data"]["title"], "あきる野市商工業振興プラン（令和8年度版）");

        // The plan list: duplicate, rename and delete (asked first, undoable).
        app.open("#/plans").await?;
        let before = app.stored_plan_ids().await?;
        app.click(&format!("duplicate-{plan}")).await?;
        let copy = app.new_plan_id(&before).await?;
        app.find(&format!("stored-plan-card-{copy}")).await?;
        app.click(&format!("rename-{copy}")).await?;
        app.type_into(&format!("rename-input-{copy}"), "写し").await?;
        app.click(&format!("rename-save-{copy}")).await?;
        app.wait_for_text(&format!("stored-plan-link-{copy}"), "写し").await?;
        app.click(&format!("delete-{copy}")).await?;
        app.click(&format!("delete-confirm-{copy}")).await?;
        app.wait_until(
            "the copy is gone",
            &format!("return !document.querySelector(\"[data-testid='stored-plan-card-{copy}']\");"),
        )
        .await?;
        app.save_screen("workspace-plan-list").await?;
        app.assert_accessible("workspace-plan-list").await?;
        app.click("undo-button").await.ok();
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn backup_count_setting_and_drag_over_outline() {
    run("backup_count_setting_and_drag_over_outline", |app| async move {
        app.open("#/data").await?;
        // A word is refused with the range; a number is stored in the settings key.
        app.type_into("backup-count", "たくさん").await?;
        app.click("backup-count-save").await?;
        assert!(app.text("backup-count-message").await?.contains("1から50まで"));
        app.type_into("backup-count", "３").await?;
        app.click("backup-count-save").await?;
        app.wait_for_text("save-status-text", "保存済み").await?;
        let settings: Value = serde_json::from_str(
            &app.local_storage("shinko.v1.settings").await?.ok_or("no settings")?,
        )?;
        assert_eq!(settings["data"]["backup_count"], 3, "{settings}");
        app.open("#/data").await?;
        assert_eq!(app.find("backup-count").await?.prop("value").await?.as_deref(), Some("3"));

        // A file dragged over any view outlines the page and says what a drop does.
        app.open("#/plans").await?;
        assert!(!app.exists("drop-overlay").await?);
        app.eval_async(
            "const dt = new DataTransfer(); dt.items.add(new File(['{}'], 'plan.json', { type: 'application/json' }));
             window.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
             return true;",
        )
        .await?;
        assert!(app.text("drop-overlay").await?.contains("読み込みます"));
        app.eval_async(
            "window.dispatchEvent(new DragEvent('dragleave', { relatedTarget: null, bubbles: true })); return true;",
        )
        .await?;
        app.wait_until(
            "the outline is gone",
            "return !document.querySelector('[data-testid=drop-overlay]');",
        )
        .await?;
        Ok(())
    })
    .await;
}

/// Puts `text` in a file of the origin's private file system and makes the browser's file
/// pickers return it (headless Chromium cannot click through the native picker; the handle
/// is a real `FileSystemFileHandle`, read and written by the app as a file on a share is).
async fn file_on_disk(app: &App, text: &str) -> TestResult {
    app.eval_async(&format!(
        "const root = await navigator.storage.getDirectory();
         const h = await root.getFileHandle('shared-plan.json', {{ create: true }});
         const w = await h.createWritable(); await w.write({}); await w.close();
         window.showOpenFilePicker = async () => [h];
         window.showSaveFilePicker = async () => h;
         return true;",
        serde_json::to_string(text)?
    ))
    .await?;
    Ok(())
}

async fn disk_text(app: &App) -> Result<String, TestError> {
    let v = app
        .eval_async(
            "const root = await navigator.storage.getDirectory();
             const h = await root.getFileHandle('shared-plan.json');
             return await (await h.getFile()).text();",
        )
        .await?;
    Ok(v.as_str().ok_or("no text")?.to_owned())
}

async fn goto(app: &App, hash: &str) -> TestResult {
    app.eval_async(&format!("location.hash = '{hash}'; return true;"))
        .await?;
    Ok(())
}

#[tokio::test]
async fn plan_file_opened_saved_in_place_and_changed_on_disk() {
    run(
        "plan_file_opened_saved_in_place_and_changed_on_disk",
        |app| async move {
            let sample = std::fs::read_to_string(
                shinko_e2e::repo_root().join(format!("public/samples/{SAMPLE}.json")),
            )?;
            app.open("#/plans").await?;
            file_on_disk(&app, &sample).await?;
            goto(&app, "#/data").await?;
            app.click("file-open").await?;
            app.find("import-done").await?;
            goto(&app, &format!("#/plans/{SAMPLE}/kpis")).await?;
            app.wait_for_text("file-state", "ファイル: shared-plan.json（保存済み）")
                .await?;

            // An edit: the file no longer holds what the browser has, until 上書き保存.
            select_cell(&app, "p01-kpi", "actual-2026").await?;
            app.keys(&format!("80{}", keys::ENTER)).await?;
            app.wait_for_text(
                "file-state",
                "ファイル: shared-plan.json（ファイルに保存していない変更があります）",
            )
            .await?;
            app.click("file-save").await?;
            app.wait_for_text("file-state", "ファイル: shared-plan.json（保存済み）")
                .await?;
            let saved: Value = serde_json::from_str(&disk_text(&app).await?)?;
            assert_eq!(saved["format"], "shinko-plan");
            assert_eq!(kpi_year(&saved["data"], "p01-kpi", 2026)["actual"], "80");

            // Someone else changes the file on the share: saving asks first and writes nothing.
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            let theirs = sample.replace(
                "あきる野市商工業振興プラン",
                "あきる野市商工業振興プラン（別の人の版）",
            );
            file_on_disk(&app, &theirs).await?;
            select_cell(&app, "p02-kpi", "actual-2026").await?;
            app.keys(&format!("20{}", keys::ENTER)).await?;
            app.click("file-save").await?;
            let conflict = app.text("file-conflict").await?;
            assert!(
                conflict.contains("ほかの場所で変更されています"),
                "{conflict}"
            );
            app.save_screen("workspace-file-conflict").await?;
            app.assert_accessible("workspace-file-conflict").await?;
            assert!(disk_text(&app).await?.contains("別の人の版"));
            // やめる leaves the file alone; 上書きする writes this browser's plan.
            app.click("file-cancel").await?;
            assert!(!app.exists("file-conflict").await?);
            assert!(disk_text(&app).await?.contains("別の人の版"));
            app.click("file-save").await?;
            app.click("file-overwrite").await?;
            app.wait_for_text("file-state", "ファイル: shared-plan.json（保存済み）")
                .await?;
            let saved: Value = serde_json::from_str(&disk_text(&app).await?)?;
            assert!(!saved.to_string().contains("別の人の版"));
            assert_eq!(kpi_year(&saved["data"], "p02-kpi", 2026)["actual"], "20");
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn a_stored_plan_that_fails_validation_is_set_aside_not_loaded() {
    run(
        "a_stored_plan_that_fails_validation_is_set_aside_not_loaded",
        |app| async move {
            let plan = make_plan(&app).await?;
            // Someone edits the stored value by hand: valid JSON, but the plan has no title.
            app.eval_async(&format!(
                "const k = 'shinko.v1.plan.{plan}'; const v = JSON.parse(localStorage.getItem(k));
             v.data.title = ''; localStorage.setItem(k, JSON.stringify(v)); return true;"
            ))
            .await?;
            app.open("#/data").await?;
            let set_aside = app.text("set-aside-0").await?;
            assert!(set_aside.contains("計画名が空です"), "{set_aside}");
            assert!(
                app.local_storage(&format!("shinko.v1.plan.{plan}"))
                    .await?
                    .is_none()
            );
            let keys = app.local_storage_keys().await?;
            assert!(
                keys.iter().any(|k| k.starts_with("shinko.v1.quarantine.")),
                "{keys:?}"
            );
            app.open("#/plans").await?;
            assert!(!app.exists(&format!("stored-plan-card-{plan}")).await?);
            // Not gone without a word: listed as set aside, with the way to データ管理.
            let card = app.text(&format!("set-aside-plan-{plan}")).await?;
            assert!(card.contains("読めないため退避しました"), "{card}");
            app.click(&format!("set-aside-plan-link-{plan}")).await?;
            app.find("set-aside").await?;
            let record = app.text("set-aside-0").await?;
            assert!(
                record.contains("このブラウザに保存されていたデータ"),
                "{record}"
            );
            assert_eq!(
                record.matches("計画名が空です").count(),
                1,
                "each problem once: {record}"
            );
            // Its address says why, not that it may have been deleted.
            app.open(&format!("#/plans/{plan}")).await?;
            let why = app.text("plan-set-aside").await?;
            assert!(why.contains("退避しました"), "{why}");
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn a_plan_created_from_scratch() {
    run("a_plan_created_from_scratch", |app| async move {
        app.open("#/plans").await?;
        app.click("new-plan-toggle").await?;
        app.type_into("new-plan-title", "第2次産業振興計画").await?;
        app.click("new-plan-create").await?;
        assert!(app.text("new-plan-error").await?.contains("自治体名"));
        app.type_into("new-plan-municipality", "綾瀬市").await?;
        app.type_into("new-plan-first", "令和7").await?;
        app.type_into("new-plan-last", "2029").await?;
        app.click("new-plan-create").await?;
        app.find("structure").await?;
        app.wait_for_text("view-title", "第2次産業振興計画").await?;
        assert!(app.text("history-status").await?.contains("作成しました"));
        app.find("add-top-input").await?.click().await?;
        app.keys(&format!("中小企業の経営基盤の強化{}", keys::ENTER)).await?;
        app.wait_until(
            "the first node",
            "return document.querySelector('[data-testid=tree]').textContent.includes('中小企業の経営基盤の強化');",
        )
        .await?;
        app.wait_for_text("save-status-text", "保存済み").await?;
        let keys = app.local_storage_keys().await?;
        let key = keys
            .iter()
            .find(|k| k.starts_with("shinko.v1.plan."))
            .ok_or("no plan stored")?;
        let plan: Value = serde_json::from_str(&app.local_storage(key).await?.ok_or("gone")?)?;
        assert_eq!(plan["data"]["municipality"], "綾瀬市");
        assert_eq!(plan["data"]["period"]["first"], 2025);
        assert_eq!(plan["data"]["period"]["last"], 2029);
        assert_eq!(plan["data"]["nodes"][0]["title"], "中小企業の経営基盤の強化");
        Ok(())
    })
    .await;
}
