//! Safe to share and nothing lost, in Chromium: undo stays with the plan on screen, a
//! first change after loading makes a backup that restores (and the restore undoes), the same-id
//! dialog tells an older file and its differences, a full storage drops old backups before
//! the work, and a delete never removes a value it must not.

use serde_json::{Value, json};
use shinko_e2e::{App, TestError, TestResult, keys, run};

const SAMPLE: &str = "akiruno-shokogyo-plan";

/// Copies the sample into the workspace and returns the new plan's id.
async fn copy_sample(app: &App) -> Result<String, TestError> {
    app.open("#/plans").await?;
    let before = app.stored_plan_ids().await?;
    app.click(&format!("copy-sample-{SAMPLE}")).await?;
    let id = app.new_plan_id(&before).await?;
    app.wait_for_text("save-status-text", "保存済み").await?;
    Ok(id)
}

async fn stored_plan(app: &App, id: &str) -> Result<Value, TestError> {
    let raw = app
        .local_storage(&format!("shinko.v1.plan.{id}"))
        .await?
        .ok_or("the plan is not stored")?;
    Ok(serde_json::from_str(&raw)?)
}

fn actual(plan: &Value, kpi: &str, fy: u16) -> Value {
    fn go<'a>(nodes: &'a Value, kpi: &str) -> Option<&'a Value> {
        for n in nodes.as_array()? {
            if let Some(k) = n["kpis"]
                .as_array()
                .and_then(|ks| ks.iter().find(|k| k["id"] == kpi))
            {
                return Some(k);
            }
            if let Some(k) = go(&n["children"], kpi) {
                return Some(k);
            }
        }
        None
    }
    go(&plan["data"]["nodes"], kpi)
        .map(|k| k["years"][fy.to_string()]["actual"].clone())
        .unwrap_or(Value::Null)
}

/// Types `value` into a KPI's 実績 cell and stores it with Enter.
async fn enter_actual(app: &App, plan: &str, kpi: &str, fy: u16, value: &str) -> TestResult {
    app.open(&format!("#/plans/{plan}/kpis")).await?;
    app.find("kpi-grid").await?;
    let cell = format!("cell-{kpi}-actual-{fy}");
    app.click(&cell).await?;
    app.wait_until(
        "the cell has focus",
        &format!("return document.activeElement?.dataset?.testid === '{cell}';"),
    )
    .await?;
    app.keys(value).await?;
    app.find("grid-editor").await?;
    app.keys(keys::ENTER).await?;
    app.wait_for_text(&cell, value).await?;
    app.wait_for_text("save-status-text", "保存済み").await?;
    Ok(())
}

/// Moves to `hash` inside the page (a change of `location.hash`, as a link does), keeping
/// this page's undo history and its work backups; `open` loads the page anew.
async fn go(app: &App, hash: &str, testid: &str) -> TestResult {
    app.client()
        .execute(
            "location.hash = arguments[0]; return true;",
            vec![json!(hash)],
        )
        .await?;
    app.find(testid).await?;
    Ok(())
}

async fn ctrl_z(app: &App) -> TestResult {
    app.eval_async("document.activeElement?.blur(); document.body.focus(); return true;")
        .await?;
    app.keys(&format!("{}z{}", keys::CONTROL, keys::NULL)).await
}

#[tokio::test]
async fn undo_stays_with_the_plan_on_screen() {
    run("undo_stays_with_the_plan_on_screen", |app| async move {
        app.set_laptop_screen().await?;
        let a = copy_sample(&app).await?;
        let b = copy_sample(&app).await?;
        assert_ne!(a, b);
        enter_actual(&app, &a, "p01-kpi", 2026, "84").await?;
        // Plan B on screen: Ctrl+Z and the buttons have nothing of B's to undo.
        go(&app, &format!("#/plans/{b}/kpis"), "kpi-grid").await?;
        app.wait_until(
            "B's grid",
            &format!("return location.hash === '#/plans/{b}/kpis';"),
        )
        .await?;
        assert!(
            app.find("undo-button").await?.attr("disabled").await?.is_some(),
            "B's undo button is off"
        );
        ctrl_z(&app).await?;
        app.wait_for_text("save-status-text", "保存済み").await?;
        assert_eq!(actual(&stored_plan(&app, &a).await?, "p01-kpi", 2026), json!("84"));
        assert_eq!(app.text("history-status").await?, "");
        // Back on A, its own step is there, named with the plan.
        go(&app, &format!("#/plans/{a}/kpis"), "kpi-grid").await?;
        let title = app
            .find("undo-button")
            .await?
            .attr("title")
            .await?
            .unwrap_or_default();
        assert!(title.contains("実績") && title.contains("計画「"), "{title}");
        app.click("undo-button").await?;
        app.wait_until(
            "A's value is undone",
            "return document.querySelector('[data-testid=\"cell-p01-kpi-actual-2026\"]').textContent.trim() === '';",
        )
        .await?;
        let status = app.text("history-status").await?;
        assert!(status.contains("元に戻しました"), "{status}");
        // The message is A's: it is not shown on B.
        go(&app, &format!("#/plans/{b}"), "dashboard").await?;
        assert_eq!(app.text("history-status").await?, "");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_first_change_after_loading_makes_a_backup_that_restores_and_undoes() {
    run(
        "the_first_change_after_loading_makes_a_backup_that_restores_and_undoes",
        |app| async move {
            app.set_laptop_screen().await?;
            let plan = copy_sample(&app).await?;
            enter_actual(&app, &plan, "p01-kpi", 2026, "84").await?;
            // The version before the first change since the page loaded is kept.
            go(&app, "#/data", "view-data").await?;
            let toggle = app.text(&format!("backups-toggle-{plan}")).await?;
            assert_eq!(toggle, "バックアップ（1件）");
            app.click(&format!("backups-toggle-{plan}")).await?;
            let row = app.text(&format!("backup-{plan}-0")).await?;
            assert!(row.contains("作業開始時") && row.contains("版 1"), "{row}");
            // By hand, with a note.
            app.type_into(&format!("backup-note-{plan}"), "委員会の前").await?;
            app.click(&format!("backup-now-{plan}")).await?;
            app.wait_until(
                "two backups",
                &format!("return document.querySelector(\"[data-testid='backups-toggle-{plan}']\").textContent.includes('2件');"),
            )
            .await?;
            let row = app.text(&format!("backup-{plan}-0")).await?;
            assert!(row.contains("手動") && row.contains("委員会の前"), "{row}");
            app.save_screen("data-backups").await?;
            app.assert_accessible("data-backups").await?;

            // Restoring the version from before that change brings the old value back…
            app.click(&format!("backup-restore-{plan}-1")).await?;
            app.wait_for_text("save-status-text", "保存済み").await?;
            assert_eq!(actual(&stored_plan(&app, &plan).await?, "p01-kpi", 2026), Value::Null);
            // …and is one undoable step.
            app.click("undo-button").await?;
            app.wait_for_text("save-status-text", "保存済み").await?;
            app.wait_until(
                "the restore is undone in storage",
                &format!(
                    "const v = JSON.parse(localStorage.getItem('shinko.v1.plan.{plan}'));
                     const find = (ns) => {{ for (const n of ns) {{
                         const k = (n.kpis || []).find(k => k.id === 'p01-kpi'); if (k) return k;
                         const c = find(n.children || []); if (c) return c; }} return null; }};
                     const k = find(v.data.nodes); return !!k && k.years['2026'] && k.years['2026'].actual === '84';"
                ),
            )
            .await?;
            // After a reload the backups are still there.
            app.client().refresh().await?;
            app.open("#/data").await?;
            let toggle = app.text(&format!("backups-toggle-{plan}")).await?;
            assert!(toggle.contains("件"), "{toggle}");
            assert_eq!(toggle, "バックアップ（2件）");
            app.click(&format!("backups-toggle-{plan}")).await?;
            let list = app.text(&format!("backups-{plan}")).await?;
            assert!(list.contains("作業開始時") && list.contains("委員会の前"), "{list}");
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn the_same_id_dialog_says_the_file_is_older_and_what_differs() {
    run(
        "the_same_id_dialog_says_the_file_is_older_and_what_differs",
        |app| async move {
            app.set_laptop_screen().await?;
            let plan = copy_sample(&app).await?;
            // The file as it was at the start (revision 1)…
            let dir = tempfile::tempdir()?;
            let old = dir.path().join("old.shinko-plan.json");
            let raw = app
                .local_storage(&format!("shinko.v1.plan.{plan}"))
                .await?
                .ok_or("not stored")?;
            std::fs::write(&old, &raw)?;
            // …then work goes on here.
            enter_actual(&app, &plan, "p01-kpi", 2026, "84").await?;
            app.open("#/data").await?;
            app.upload("import-file", &old).await?;
            app.find("import-same-id").await?;
            let relation = app.text("import-relation").await?;
            assert!(relation.contains("古い版"), "{relation}");
            let diff = app.text("import-diff").await?;
            assert!(diff.contains("成果指標 1（値 1）"), "{diff}");
            assert!(diff.contains("実績 84 → （空欄）"), "{diff}");
            // The safe choice first: keep what is here.
            let first = app
                .find_css("[data-testid=import-same-id] .import-choice__actions button")
                .await?
                .attr("data-testid")
                .await?;
            assert_eq!(first.as_deref(), Some("import-cancel"));
            app.save_screen("data-same-id-older").await?;
            app.assert_accessible("data-same-id-older").await?;
            app.click("import-cancel").await?;
            app.find("import-done").await?;
            assert_eq!(
                actual(&stored_plan(&app, &plan).await?, "p01-kpi", 2026),
                json!("84")
            );
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn a_full_storage_drops_old_backups_before_the_work_and_says_so() {
    run(
        "a_full_storage_drops_old_backups_before_the_work_and_says_so",
        |app| async move {
            app.set_laptop_screen().await?;
            let plan = copy_sample(&app).await?;
            // Two backups: the one before this page's first change, and one by hand after it.
            enter_actual(&app, &plan, "p01-kpi", 2026, "567").await?;
            go(&app, "#/data", "view-data").await?;
            app.type_into(&format!("backup-note-{plan}"), "一つ目")
                .await?;
            app.click(&format!("backup-now-{plan}")).await?;
            app.wait_for_text("save-status-text", "保存済み").await?;
            let key = format!("shinko.v1.backups.{plan}");
            let backups: Value =
                serde_json::from_str(&app.local_storage(&key).await?.ok_or("no backups")?)?;
            assert_eq!(backups["data"].as_array().map(Vec::len), Some(2));
            // Fill what is left of the quota to the last character.
            app.fill_storage().await?;
            // An edit that needs room (a longer plan name): the oldest backup goes, the
            // edit is saved, and the notice names what went.
            go(&app, "#/plans", "view-plans").await?;
            let title = format!("あきる野市商工業振興プラン{}", "（改訂版）".repeat(20));
            app.click(&format!("rename-{plan}")).await?;
            app.type_into(&format!("rename-input-{plan}"), &title)
                .await?;
            app.click(&format!("rename-save-{plan}")).await?;
            app.wait_for_text("save-status-text", "保存済み").await?;
            let notice = app.text("storage-notice").await?;
            assert!(
                notice.contains("古いバックアップを 1 件削除") && notice.contains("作業開始時"),
                "{notice}"
            );
            assert_eq!(
                stored_plan(&app, &plan).await?["data"]["title"],
                json!(title)
            );
            let backups: Value =
                serde_json::from_str(&app.local_storage(&key).await?.ok_or("no backups")?)?;
            assert_eq!(backups["data"].as_array().map(Vec::len), Some(1));
            app.save_screen("storage-backups-dropped").await?;
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn a_delete_never_removes_a_newer_or_unreadable_value() {
    run(
        "a_delete_never_removes_a_newer_or_unreadable_value",
        |app| async move {
            let cases = [
                (
                    "too new",
                    "const v = JSON.parse(localStorage.getItem(arguments[0])); v.schema_version = 999;
                     return JSON.stringify(v);",
                ),
                (
                    "newer",
                    "const v = JSON.parse(localStorage.getItem(arguments[0])); v.data.revision = 50;
                     v.data.title = '別の窓の版'; return JSON.stringify(v);",
                ),
                ("broken", "return '{\"format\": \"shinko-plan\", tru';"),
            ];
            for (what, script) in cases {
                let plan = copy_sample(&app).await?;
                let key = format!("shinko.v1.plan.{plan}");
                app.find(&format!("stored-plan-card-{plan}")).await?;
                // Another window rewrites the stored value without this tab hearing of it.
                let value = app.client().execute(script, vec![json!(key)]).await?;
                let value = value.as_str().ok_or("no value")?.to_owned();
                app.client()
                    .execute(
                        "localStorage.setItem(arguments[0], arguments[1]); return true;",
                        vec![json!(key), json!(value)],
                    )
                    .await?;
                app.click(&format!("delete-{plan}")).await?;
                app.click(&format!("delete-confirm-{plan}")).await?;
                app.wait_until(
                    &format!("{what}: the delete is refused"),
                    &format!(
                        "const c = document.querySelector(\"[data-testid='stored-plan-card-{plan}']\");
                         return !!c && c.textContent.includes('削除していません');"
                    ),
                )
                .await?;
                assert_eq!(
                    app.local_storage(&key).await?.as_deref(),
                    Some(value.as_str()),
                    "{what}: the stored value is kept as it was"
                );
                assert!(
                    app.local_storage(&format!("shinko.v1.backups.{plan}"))
                        .await?
                        .is_none(),
                    "{what}: no backup claims a delete that did not happen"
                );
            }
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn an_open_cell_editor_is_stored_when_the_address_changes() {
    run(
        "an_open_cell_editor_is_stored_when_the_address_changes",
        |app| async move {
            app.set_laptop_screen().await?;
            let plan = copy_sample(&app).await?;
            app.open(&format!("#/plans/{plan}")).await?;
            app.find("dashboard").await?;
            go(&app, &format!("#/plans/{plan}/kpis"), "kpi-grid").await?;
            app.click("cell-p01-kpi-actual-2026").await?;
            // Typed, not confirmed: the editor is open.
            app.keys("84").await?;
            app.find("grid-editor").await?;
            // Back, as the browser's button does (a change of location.hash).
            app.eval_async("history.back(); return true;").await?;
            app.find("dashboard").await?;
            app.wait_for_text("save-status-text", "保存済み").await?;
            assert_eq!(
                actual(&stored_plan(&app, &plan).await?, "p01-kpi", 2026),
                json!("84")
            );
            // Any other change of the address too.
            go(&app, &format!("#/plans/{plan}/kpis"), "kpi-grid").await?;
            app.click("cell-p01-kpi-actual-2025").await?;
            app.keys("12").await?;
            app.find("grid-editor").await?;
            app.eval_async("location.hash = '#/data'; return true;")
                .await?;
            app.find("view-data").await?;
            app.wait_for_text("save-status-text", "保存済み").await?;
            assert_eq!(
                actual(&stored_plan(&app, &plan).await?, "p01-kpi", 2025),
                json!("12")
            );
            // The harness fails the test on any console error: no panic on the way.
            Ok(())
        },
    )
    .await;
}

/// Whether a `beforeunload` now would ask before leaving.
async fn leaving_asks(app: &App) -> Result<bool, TestError> {
    let prevented = app
        .eval_async(
            "const e = new Event('beforeunload', { cancelable: true });
             window.dispatchEvent(e); return e.defaultPrevented;",
        )
        .await?;
    prevented.as_bool().ok_or_else(|| "no answer".into())
}

#[tokio::test]
async fn freeing_space_saves_what_waited_and_leaving_asks_meanwhile() {
    run(
        "freeing_space_saves_what_waited_and_leaving_asks_meanwhile",
        |app| async move {
            app.set_laptop_screen().await?;
            let plan = copy_sample(&app).await?;
            assert!(!leaving_asks(&app).await?, "nothing unsaved: no question");
            // This page's first change keeps a backup; make it now, while there is
            // room, so the full storage below has no backup left to drop.
            enter_actual(&app, &plan, "p01-kpi", 2024, "10").await?;
            app.eval_async(
                "for (const k of Object.keys(localStorage)) if (k.startsWith('shinko.v1.backups.')) localStorage.removeItem(k);
                 return true;",
            )
            .await?;
            app.fill_storage().await?;
            app.click("cell-p01-kpi-actual-2026").await?;
            app.keys("1234567").await?;
            app.find("grid-editor").await?;
            app.keys(keys::ENTER).await?;
            app.wait_for_text("save-status-text", "保存できません").await?;
            assert!(leaving_asks(&app).await?, "unsaved: leaving asks first");
            app.save_screen("storage-full-retry").await?;
            app.assert_accessible("storage-full-retry").await?;
            // Space is freed (here, by another page of the same origin).
            app.eval_async(
                "for (const k of Object.keys(localStorage)) if (k.startsWith('filler-')) localStorage.removeItem(k);
                 return true;",
            )
            .await?;
            app.click("save-retry").await?;
            app.wait_for_text("save-status-text", "保存済み").await?;
            assert_eq!(
                actual(&stored_plan(&app, &plan).await?, "p01-kpi", 2026),
                json!("1234567")
            );
            assert!(!leaving_asks(&app).await?, "all saved: no question");
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn a_conflict_keeps_both_versions_and_redraws_the_one_shown() {
    run(
        "a_conflict_keeps_both_versions_and_redraws_the_one_shown",
        |app| async move {
            app.set_laptop_screen().await?;
            let plan = copy_sample(&app).await?;
            enter_actual(&app, &plan, "p01-kpi", 2026, "84").await?;
            let before = app.stored_plan_ids().await?;
            // This tab types 85; before its save (500 ms later), another window saves 90 from
            // the same version, so both carry the same revision number.
            let cell = "cell-p01-kpi-actual-2026";
            app.click(cell).await?;
            app.keys("85").await?;
            app.find("grid-editor").await?;
            app.keys(keys::ENTER).await?;
            app.client()
                .execute(
                    "const k = arguments[0]; const v = JSON.parse(localStorage.getItem(k));
                     const find = (ns) => { for (const n of ns) {
                         const x = (n.kpis || []).find(k => k.id === 'p01-kpi'); if (x) return x;
                         const c = find(n.children || []); if (c) return c; } return null; };
                     const kpi = find(v.data.nodes); kpi.years['2026'].actual = '90';
                     v.data.revision += 1; localStorage.setItem(k, JSON.stringify(v)); return true;",
                    vec![json!(format!("shinko.v1.plan.{plan}"))],
                )
                .await?;
            app.wait_for_text("save-status-text", "保存できません").await?;
            let message = app.text("storage-message").await?;
            assert!(message.contains("実績 90 → 85"), "the versions differ by: {message}");
            app.save_screen("conflict-banner").await?;
            app.assert_accessible("conflict-banner").await?;
            app.click("conflict-save-as-copy").await?;
            app.wait_for_text("save-status-text", "保存済み").await?;
            // The stored version is on screen under the plan's own id…
            app.wait_for_text(cell, "90").await?;
            assert_eq!(actual(&stored_plan(&app, &plan).await?, "p01-kpi", 2026), json!("90"));
            // …and this tab's is kept as another plan.
            let copy = app.new_plan_id(&before).await?;
            let kept = stored_plan(&app, &copy).await?;
            assert_eq!(actual(&kept, "p01-kpi", 2026), json!("85"));
            assert!(
                kept["data"]["title"]
                    .as_str()
                    .is_some_and(|t| t.ends_with("（このタブの版）")),
                "{}",
                kept["data"]["title"]
            );
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn an_implausible_value_loads_marked_and_a_word_in_a_number_refuses() {
    run(
        "an_implausible_value_loads_marked_and_a_word_in_a_number_refuses",
        |app| async move {
            app.set_laptop_screen().await?;
            let dir = tempfile::tempdir()?;
            let sample = shinko_e2e::repo_root().join("public/samples/akiruno-shokogyo-plan.json");
            let mut file: Value = serde_json::from_slice(&std::fs::read(&sample)?)?;
            let set = |file: &mut Value, years: Value, kind: &str| {
                fn find(ns: &mut Value) -> Option<&mut Value> {
                    for n in ns.as_array_mut()? {
                        let hit = n["kpis"]
                            .as_array()
                            .and_then(|ks| ks.iter().position(|k| k["id"] == "p01-kpi"));
                        if let Some(i) = hit {
                            return n["kpis"].get_mut(i);
                        }
                        if let Some(k) = find(&mut n["children"]) {
                            return Some(k);
                        }
                    }
                    None
                }
                if let Some(k) = find(&mut file["data"]["nodes"]) {
                    k["kind"] = json!(kind);
                    k["years"] = years;
                }
            };
            // A word in a number: refused, in Japanese, nothing stored.
            let mut bad = file.clone();
            set(&mut bad, json!({ "2025": { "actual": "未定" } }), "annual");
            let bad_path = dir.path().join("bad.shinko-plan.json");
            std::fs::write(&bad_path, serde_json::to_vec(&bad)?)?;
            app.open("#/data").await?;
            app.upload("import-file", &bad_path).await?;
            let problems = app.text("import-error").await?;
            assert!(problems.contains("数値") && !problems.contains("Decimal"), "{problems}");
            assert!(app.stored_plan_ids().await?.is_empty());
            // A 累計 that falls: loaded, listed as 要確認, marked in the grid.
            set(
                &mut file,
                json!({ "2024": { "target": "30", "actual": "31" }, "2025": { "target": "45", "actual": "17" } }),
                "cumulative",
            );
            let path = dir.path().join("falling.shinko-plan.json");
            std::fs::write(&path, serde_json::to_vec(&file)?)?;
            app.upload("import-file", &path).await?;
            app.find("import-done").await?;
            let warnings = app.text("import-warnings").await?;
            assert!(warnings.contains("要確認") && warnings.contains("累計"), "{warnings}");
            app.save_screen("data-import-warnings").await?;
            app.assert_accessible("data-import-warnings").await?;
            let id = app.stored_plan_ids().await?.pop().ok_or("not stored")?;
            go(&app, &format!("#/plans/{id}/kpis"), "kpi-grid").await?;
            let listed = app.text("grid-warnings").await?;
            assert!(listed.contains("累計"), "{listed}");
            let mark = app
                .find("cell-p01-kpi-actual-2025")
                .await?
                .attr("data-warning")
                .await?;
            assert_eq!(mark.as_deref(), Some("要確認"));
            assert_eq!(app.text("cell-p01-kpi-actual-2025").await?, "17");
            app.save_screen("grid-warnings").await?;
            app.assert_accessible("grid-warnings").await?;
            Ok(())
        },
    )
    .await;
}
