//! Keeping work safe (issue 5), in the browser: files imported into localStorage survive a
//! reload, export and re-import round-trip, the same-id choice keeps the old version, every
//! class of bad file is refused with its message and changes nothing, unreadable stored
//! values are set aside, a full storage says so and still gives a backup, and two tabs
//! neither lose each other's changes nor overwrite a newer version silently.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use shinko_e2e::{App, TestError, WAIT, repo_root, run};

const AKIRUNO: &str = "akiruno-shokogyo-plan";
const PLAN_KEY: &str = "shinko.v1.plan.akiruno-shokogyo-plan";

fn sample(name: &str) -> PathBuf {
    repo_root().join("public/samples").join(name)
}

fn akiruno() -> PathBuf {
    sample("akiruno-shokogyo-plan.json")
}

/// The sample plan with its title changed, as another colleague's version of it.
fn modified_akiruno(dir: &Path, title: &str, revision: u64) -> Result<PathBuf, TestError> {
    let mut file: Value = serde_json::from_slice(&std::fs::read(akiruno())?)?;
    file["data"]["title"] = json!(title);
    file["data"]["revision"] = json!(revision);
    let path = dir.join(format!("modified-{revision}.shinko-plan.json"));
    std::fs::write(&path, serde_json::to_vec_pretty(&file)?)?;
    Ok(path)
}

/// Every `shinko.` key with its value, sorted.
async fn shinko_storage(app: &App) -> Result<Vec<(String, String)>, TestError> {
    let mut out = Vec::new();
    for key in app.local_storage_keys().await? {
        if key.starts_with("shinko.")
            && let Some(value) = app.local_storage(&key).await?
        {
            out.push((key, value));
        }
    }
    out.sort();
    Ok(out)
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

/// Scrolls the element into view, for a screenshot of it.
async fn scroll_to(app: &App, testid: &str) -> Result<(), TestError> {
    app.client()
        .execute(
            "document.querySelector(`[data-testid=\"${arguments[0]}\"]`)?.scrollIntoView({block: 'center'});",
            vec![json!(testid)],
        )
        .await?;
    Ok(())
}

async fn wait_saved(app: &App) -> Result<(), TestError> {
    app.wait_for_text("save-status-text", "保存済み").await?;
    Ok(())
}

/// Imports the sample plan on データ管理 and waits until it is stored.
async fn import_akiruno(app: &App) -> Result<(), TestError> {
    app.upload("import-file", &akiruno()).await?;
    wait_contains(app, "import-done", "取り込みました").await?;
    app.find(&format!("stored-plan-{AKIRUNO}")).await?;
    wait_saved(app).await
}

fn stored_data(raw: &str) -> Result<Value, TestError> {
    let value: Value = serde_json::from_str(raw)?;
    Ok(value["data"].clone())
}

#[tokio::test]
async fn an_imported_plan_is_listed_and_survives_a_reload() {
    run(
        "an_imported_plan_is_listed_and_survives_a_reload",
        |app| async move {
            app.open("#/data").await?;
            app.find("stored-plans-empty").await?;
            import_akiruno(&app).await?;
            let raw = app
                .local_storage(PLAN_KEY)
                .await?
                .ok_or("plan key missing")?;
            assert_eq!(stored_data(&raw)?["id"], json!(AKIRUNO));
            app.open("#/data").await?;
            let title = app.text(&format!("stored-plan-title-{AKIRUNO}")).await?;
            assert!(title.contains("あきる野市"), "{title}");
            assert_eq!(app.text("save-status-text").await?, "保存済み");
            assert!(app.text("storage-used").await?.contains("KB"));
            app.screenshot("data-with-stored-plan").await?;
            scroll_to(&app, &format!("stored-plan-{AKIRUNO}")).await?;
            app.screenshot("data-stored-plans-and-usage").await?;
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn an_exported_plan_imports_back_identical() {
    run(
        "an_exported_plan_imports_back_identical",
        |app| async move {
            app.open("#/data").await?;
            import_akiruno(&app).await?;
            app.click(&format!("export-plan-{AKIRUNO}")).await?;
            let file = app
                .wait_for_download(|n| n.ends_with(".shinko-plan.json"))
                .await?;
            assert!(
                file.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("あきる野市")),
                "{file:?}"
            );
            let exported: Value = serde_json::from_slice(&std::fs::read(&file)?)?;
            let original: Value = serde_json::from_slice(&std::fs::read(akiruno())?)?;
            let stored = stored_data(&app.local_storage(PLAN_KEY).await?.ok_or("no plan")?)?;
            assert_eq!(exported["data"], stored);
            assert_eq!(exported["data"]["nodes"], original["data"]["nodes"]);
            let before = shinko_storage(&app).await?;
            app.upload("import-file", &file).await?;
            wait_contains(&app, "import-done", "同じ内容がすでに保存されています").await?;
            assert_eq!(shinko_storage(&app).await?, before);
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn a_plan_with_the_same_id_is_replaced_or_imported_as_a_copy() {
    run(
        "a_plan_with_the_same_id_is_replaced_or_imported_as_a_copy",
        |app| async move {
            let dir = tempfile::tempdir()?;
            app.open("#/data").await?;
            import_akiruno(&app).await?;
            let theirs = modified_akiruno(dir.path(), "同僚が直した計画", 5)?;
            app.upload("import-file", &theirs).await?;
            app.find("import-same-id").await?;
            let current = app.text("import-current").await?;
            let incoming = app.text("import-incoming").await?;
            assert!(current.contains("あきる野市"), "{current}");
            assert!(incoming.contains("同僚が直した計画"), "{incoming}");
            scroll_to(&app, "import-same-id").await?;
            app.screenshot("data-same-id-choice").await?;
            app.click("import-replace").await?;
            wait_contains(
                &app,
                &format!("stored-plan-title-{AKIRUNO}"),
                "同僚が直した計画",
            )
            .await?;
            wait_saved(&app).await?;
            // The replaced version is the newest backup, also in storage.
            let backup = app.find(&format!("backup-{AKIRUNO}-0")).await?;
            let _ = backup;
            let backups = app
                .local_storage(&format!("shinko.v1.backups.{AKIRUNO}"))
                .await?
                .ok_or("no backups key")?;
            assert!(backups.contains("取り込み") || backups.contains("before_import"));
            let stored = stored_data(&app.local_storage(PLAN_KEY).await?.ok_or("no plan")?)?;
            assert_eq!(stored["title"], json!("同僚が直した計画"));

            // The original again, as a copy: two plans.
            app.upload("import-file", &akiruno()).await?;
            app.find("import-same-id").await?;
            let before = app.stored_plan_ids().await?;
            app.click("import-as-copy").await?;
            let copy = app.new_plan_id(&before).await?;
            assert!(copy.starts_with(&format!("{AKIRUNO}-")), "{copy}");
            app.find(&format!("stored-plan-{copy}")).await?;
            wait_saved(&app).await?;
            let plans: Vec<String> = app
                .local_storage_keys()
                .await?
                .into_iter()
                .filter(|k| k.starts_with("shinko.v1.plan."))
                .collect();
            assert_eq!(plans.len(), 2, "{plans:?}");

            // Cancel changes nothing.
            let before = shinko_storage(&app).await?;
            app.upload("import-file", &theirs).await?;
            app.find("import-same-id").await?;
            app.click("import-cancel").await?;
            wait_contains(&app, "import-done", "キャンセル").await?;
            assert_eq!(shinko_storage(&app).await?, before);
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn every_bad_file_is_refused_with_its_message_and_nothing_changes() {
    run(
        "every_bad_file_is_refused_with_its_message_and_nothing_changes",
        |app| async move {
            let dir = tempfile::tempdir()?;
            let text = std::fs::read_to_string(akiruno())?;
            // Cut at a character boundary (a cut inside a character is reported as broken
            // bytes, not as a truncated file).
            let half = (0..=text.len() / 2)
                .rev()
                .find(|i| text.is_char_boundary(*i))
                .unwrap_or(0);
            let mut newer: Value = serde_json::from_str(&text)?;
            newer["schema_version"] = json!(99);
            let utf16: Vec<u8> = [0xFF, 0xFE]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
                .collect();
            let png = [
                0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D',
                b'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0,
            ];
            let cases: Vec<(&str, Vec<u8>, &str)> = vec![
                (
                    "not-json.json",
                    b"hello, world".to_vec(),
                    "JSON として読めません",
                ),
                (
                    "truncated.json",
                    text.as_bytes()[..half].to_vec(),
                    "途中で切れています",
                ),
                ("empty.json", Vec::new(), "ファイルが空です"),
                ("image.json", png.to_vec(), "テキストファイルではありません"),
                ("utf16.json", utf16, "UTF-16"),
                (
                    "other-app.json",
                    br#"{"name": "other", "version": 3}"#.to_vec(),
                    "Shinko のファイルではありません",
                ),
                (
                    "newer.json",
                    serde_json::to_vec(&newer)?,
                    "新しい版の Shinko",
                ),
                (
                    "invalid.json",
                    std::fs::read(
                        repo_root().join("tests/fixtures/file/invalid-plan.shinko-plan.json"),
                    )?,
                    "誤りが",
                ),
            ];
            app.open("#/data").await?;
            import_akiruno(&app).await?;
            let before = shinko_storage(&app).await?;
            for (name, bytes, message) in cases {
                let path = dir.path().join(name);
                std::fs::write(&path, bytes)?;
                app.upload("import-file", &path).await?;
                wait_contains(&app, "import-error", name).await?;
                wait_contains(&app, "import-error-message", message).await?;
                if name == "invalid.json" {
                    let problems = app.text("import-problems").await?;
                    assert!(problems.contains("data.period"), "{problems}");
                    scroll_to(&app, "import-error").await?;
                    app.screenshot("data-import-error").await?;
                }
                assert_eq!(
                    shinko_storage(&app).await?,
                    before,
                    "{name} changed storage"
                );
                assert_eq!(app.text("save-status-text").await?, "保存済み");
            }
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn an_unreadable_stored_value_is_set_aside_and_the_rest_loads() {
    run(
        "an_unreadable_stored_value_is_set_aside_and_the_rest_loads",
        |app| async move {
            app.open("#/data").await?;
            let text = std::fs::read_to_string(akiruno())?;
            app.client()
                .execute(
                    "localStorage.setItem(arguments[0], arguments[1]);
                     localStorage.setItem('shinko.v1.plan.broken', '{\"format\": \"shinko-plan\", tru');",
                    vec![json!(PLAN_KEY), json!(text)],
                )
                .await?;
            app.open("#/data").await?;
            app.find(&format!("stored-plan-{AKIRUNO}")).await?;
            let item = app.text("set-aside-0").await?;
            assert!(item.contains("shinko.v1.plan.broken"), "{item}");
            let keys = app.local_storage_keys().await?;
            assert!(!keys.iter().any(|k| k == "shinko.v1.plan.broken"), "{keys:?}");
            let moved: Vec<&String> = keys
                .iter()
                .filter(|k| k.starts_with("shinko.v1.quarantine."))
                .collect();
            assert_eq!(moved.len(), 1, "{keys:?}");
            app.screenshot("data-set-aside").await?;
            app.click("set-aside-download-0").await?;
            let file = app.wait_for_download(|n| n.contains("退避データ")).await?;
            assert_eq!(
                std::fs::read_to_string(file)?,
                "{\"format\": \"shinko-plan\", tru"
            );
            // A second load keeps the record where it is.
            app.open("#/data").await?;
            app.find("set-aside-0").await?;
            assert_eq!(app.local_storage_keys().await?.len(), keys.len());
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn a_full_storage_says_so_keeps_the_data_and_gives_a_backup() {
    run(
        "a_full_storage_says_so_keeps_the_data_and_gives_a_backup",
        |app| async move {
            app.open("#/data").await?;
            import_akiruno(&app).await?;
            let before = shinko_storage(&app).await?;
            // Fill what is left of the quota with another key.
            let filled = app.fill_storage().await?;
            assert!(filled > 0, "{filled}");
            app.upload("import-file", &sample("hiratsuka-gyosei-hyoka.json"))
                .await?;
            wait_contains(&app, "import-done", "取り込みました").await?;
            app.wait_for_text("save-status-text", "保存できません")
                .await?;
            wait_contains(&app, "storage-message", "いっぱい").await?;
            app.screenshot("data-storage-full").await?;
            // Nothing stored was damaged, and the new plan is on screen.
            assert_eq!(shinko_storage(&app).await?, before);
            app.find("stored-plan-hiratsuka-gyosei-hyoka").await?;
            app.click("quota-backup").await?;
            let file = app
                .wait_for_download(|n| n.ends_with(".shinko-workspace.json"))
                .await?;
            let backup: Value = serde_json::from_slice(&std::fs::read(file)?)?;
            assert_eq!(backup["format"], json!("shinko-workspace"));
            let ids: Vec<&str> = backup["data"]["plans"]
                .as_array()
                .ok_or("no plans")?
                .iter()
                .filter_map(|p| p["id"].as_str())
                .collect();
            assert_eq!(ids.len(), 2, "{ids:?}");
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn two_tabs_see_each_others_changes_and_never_overwrite_newer_ones() {
    run(
        "two_tabs_see_each_others_changes_and_never_overwrite_newer_ones",
        |app| async move {
            let dir = tempfile::tempdir()?;
            app.open("#/data").await?;
            import_akiruno(&app).await?;
            let first = app.client().window().await?;
            let second = app.client().new_window(true).await?.handle;
            app.client().switch_to_window(second.clone()).await?;
            app.open("#/data").await?;
            app.find(&format!("stored-plan-{AKIRUNO}")).await?;

            // A change in the second tab appears in the first.
            let theirs = modified_akiruno(dir.path(), "2つ目のタブで直した計画", 3)?;
            app.upload("import-file", &theirs).await?;
            app.click("import-replace").await?;
            wait_saved(&app).await?;
            app.client().switch_to_window(first.clone()).await?;
            wait_contains(
                &app,
                &format!("stored-plan-title-{AKIRUNO}"),
                "2つ目のタブで直した計画",
            )
            .await?;

            // A newer version is stored without this tab hearing of it; this tab's
            // replacement must not overwrite it.
            let mut newer: Value =
                serde_json::from_str(&app.local_storage(PLAN_KEY).await?.ok_or("no plan")?)?;
            newer["data"]["title"] = json!("もっと新しい版");
            newer["data"]["revision"] = json!(999);
            let newer = serde_json::to_string_pretty(&newer)?;
            app.client()
                .execute(
                    "localStorage.setItem(arguments[0], arguments[1]);",
                    vec![json!(PLAN_KEY), json!(newer)],
                )
                .await?;
            app.upload("import-file", &akiruno()).await?;
            app.click("import-replace").await?;
            app.wait_for_text("save-status-text", "保存できません")
                .await?;
            let message = wait_contains(&app, "storage-message", "より新しい版").await?;
            assert!(message.contains("もっと新しい版"), "{message}");
            assert_eq!(
                app.local_storage(PLAN_KEY).await?.as_deref(),
                Some(newer.as_str())
            );
            app.screenshot("data-conflict").await?;
            app.click("conflict-take-stored").await?;
            wait_saved(&app).await?;
            wait_contains(
                &app,
                &format!("stored-plan-title-{AKIRUNO}"),
                "もっと新しい版",
            )
            .await?;
            assert_eq!(
                app.local_storage(PLAN_KEY).await?.as_deref(),
                Some(newer.as_str())
            );
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn stored_plans_are_listed_above_the_samples_and_open_their_sheets() {
    run(
        "stored_plans_are_listed_above_the_samples_and_open_their_sheets",
        |app| async move {
            app.open("#/plans").await?;
            app.find("stored-plan-list-empty").await?;
            app.click(&format!("copy-sample-{AKIRUNO}")).await?;
            let copy = app.new_plan_id(&[]).await?;
            app.find(&format!("stored-plan-card-{copy}")).await?;
            wait_saved(&app).await?;
            let raw = app
                .local_storage(&format!("shinko.v1.plan.{copy}"))
                .await?
                .ok_or("copy not stored")?;
            assert_eq!(stored_data(&raw)?["id"], json!(copy));
            // The sample itself is unchanged and still read-only.
            let sample = app.text(&format!("plan-card-{AKIRUNO}")).await?;
            assert!(sample.contains("見本（読み取り専用）"), "{sample}");
            assert_eq!(
                app.text(&format!("stored-plan-card-counts-{copy}")).await?,
                "（24項目・成果指標14件）"
            );
            app.screenshot("plans-with-stored-plan").await?;
            // A stored plan opens in its workspace, on the dashboard.
            app.click(&format!("stored-plan-link-{copy}")).await?;
            app.find("dashboard").await?;
            assert!(
                app.text("plan-sheet-badge")
                    .await?
                    .contains("このブラウザに保存")
            );
            // After a reload the address still finds the stored plan and its sheet.
            app.open(&format!("#/plans/{copy}/sheet")).await?;
            app.find("plan-sheet").await?;
            assert!(
                app.text("plan-sheet-badge")
                    .await?
                    .contains("このブラウザに保存")
            );
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn a_file_dropped_anywhere_is_imported() {
    run("a_file_dropped_anywhere_is_imported", |app| async move {
        app.open("#/plans").await?;
        let text = std::fs::read_to_string(akiruno())?;
        app.client()
            .execute(
                "const data = new DataTransfer();
                 data.items.add(new File([arguments[0]], 'dropped.json', { type: 'application/json' }));
                 document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));",
                vec![json!(text)],
            )
            .await?;
        app.find("view-data").await?;
        wait_contains(&app, "import-done", "取り込みました").await?;
        wait_saved(&app).await?;
        assert!(app.local_storage(PLAN_KEY).await?.is_some());
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_last_change_is_saved_when_the_page_is_left_at_once() {
    run(
        "the_last_change_is_saved_when_the_page_is_left_at_once",
        |app| async move {
            app.open("#/data").await?;
            app.upload("import-file", &akiruno()).await?;
            wait_contains(&app, "import-done", "取り込みました").await?;
            // Leave within the 500 ms debounce (not saved yet): pagehide must flush the save.
            let saved_before_leaving = app.local_storage(PLAN_KEY).await?.is_some();
            app.client().goto("about:blank").await?;
            assert!(!saved_before_leaving, "saved before the debounce ended");
            app.open("#/data").await?;
            app.find(&format!("stored-plan-{AKIRUNO}")).await?;
            assert!(app.local_storage(PLAN_KEY).await?.is_some());
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn a_backup_can_be_downloaded_and_restored() {
    run(
        "a_backup_can_be_downloaded_and_restored",
        |app| async move {
            let dir = tempfile::tempdir()?;
            app.open("#/data").await?;
            import_akiruno(&app).await?;
            app.upload(
                "import-file",
                &modified_akiruno(dir.path(), "直した計画", 2)?,
            )
            .await?;
            app.click("import-replace").await?;
            wait_saved(&app).await?;
            app.click(&format!("backups-toggle-{AKIRUNO}")).await?;
            let backup = app.text(&format!("backup-{AKIRUNO}-0")).await?;
            assert!(backup.contains("取り込みで置き換える前"), "{backup}");
            app.click(&format!("backup-download-{AKIRUNO}-0")).await?;
            let file = app
                .wait_for_download(|n| n.ends_with(".shinko-plan.json"))
                .await?;
            let downloaded: Value = serde_json::from_slice(&std::fs::read(file)?)?;
            let original: Value = serde_json::from_slice(&std::fs::read(akiruno())?)?;
            assert_eq!(downloaded["data"]["title"], original["data"]["title"]);
            app.click(&format!("backup-restore-{AKIRUNO}-0")).await?;
            wait_contains(&app, &format!("stored-plan-title-{AKIRUNO}"), "あきる野市").await?;
            wait_saved(&app).await?;
            let stored = stored_data(&app.local_storage(PLAN_KEY).await?.ok_or("no plan")?)?;
            assert_eq!(stored["title"], original["data"]["title"]);
            // The replaced version is kept in turn.
            let backups = app
                .local_storage(&format!("shinko.v1.backups.{AKIRUNO}"))
                .await?
                .ok_or("no backups")?;
            assert!(backups.contains("直した計画"), "restored-over version kept");
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn keeping_this_tabs_version_moves_the_newer_one_to_backups() {
    run(
        "keeping_this_tabs_version_moves_the_newer_one_to_backups",
        |app| async move {
            let dir = tempfile::tempdir()?;
            app.open("#/data").await?;
            import_akiruno(&app).await?;
            let mut newer: Value =
                serde_json::from_str(&app.local_storage(PLAN_KEY).await?.ok_or("no plan")?)?;
            newer["data"]["title"] = json!("別のタブの版");
            newer["data"]["revision"] = json!(50);
            app.client()
                .execute(
                    "localStorage.setItem(arguments[0], arguments[1]);",
                    vec![json!(PLAN_KEY), json!(serde_json::to_string(&newer)?)],
                )
                .await?;
            app.upload(
                "import-file",
                &modified_akiruno(dir.path(), "このタブの版", 1)?,
            )
            .await?;
            app.click("import-replace").await?;
            wait_contains(&app, "storage-message", "より新しい版").await?;
            app.click("conflict-keep-ours").await?;
            wait_saved(&app).await?;
            let stored = stored_data(&app.local_storage(PLAN_KEY).await?.ok_or("no plan")?)?;
            assert_eq!(stored["title"], json!("このタブの版"));
            assert!(
                stored["revision"].as_u64().is_some_and(|r| r > 50),
                "{stored}"
            );
            let backups = app
                .local_storage(&format!("shinko.v1.backups.{AKIRUNO}"))
                .await?
                .ok_or("no backups")?;
            assert!(
                backups.contains("別のタブの版"),
                "the newer version is kept"
            );
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn an_imported_catalogue_is_stored_and_exported() {
    run(
        "an_imported_catalogue_is_stored_and_exported",
        |app| async move {
            app.open("#/data").await?;
            app.upload("import-file", &sample("ayase-shien-seido-catalogue.json"))
                .await?;
            wait_contains(&app, "import-done", "補助金カタログ").await?;
            wait_saved(&app).await?;
            // The catalogue's id is new and random: read it from the stored key.
            let id = app
                .local_storage_keys()
                .await?
                .into_iter()
                .find_map(|k| k.strip_prefix("shinko.v1.catalogue.").map(str::to_owned))
                .ok_or("no catalogue stored")?;
            assert!(
                id.starts_with("catalogue-") && id.len() > "catalogue-1".len(),
                "{id}"
            );
            let item = app.text(&format!("stored-catalogue-{id}")).await?;
            assert!(item.contains("綾瀬市"), "{item}");
            app.click(&format!("export-catalogue-{id}")).await?;
            let file = app
                .wait_for_download(|n| n.ends_with(".shinko-subsidy-catalogue.json"))
                .await?;
            // The exported file imports back as the same catalogue: nothing is added.
            let before = shinko_storage(&app).await?;
            app.upload("import-file", &file).await?;
            wait_contains(&app, "import-done", "同じ内容がすでに保存されています").await?;
            assert_eq!(shinko_storage(&app).await?, before);
            Ok(())
        },
    )
    .await;
}
