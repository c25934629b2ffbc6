//! Works anywhere: the hosted build under a sub-path works offline after the first visit
//! and offers new versions without reloading by itself; the single file works from
//! `file://`; no request leaves the app's own files; the CSP holds.

use std::path::Path;

use serde_json::json;
use shinko_e2e::{App, TestError, dist_dir, run, run_at};

const VIEWS: [(&str, &str); 4] = [
    ("plans", "計画"),
    ("subsidies", "補助金"),
    ("data", "データ管理"),
    ("about", "このアプリについて"),
];

/// The main flow every delivery must support: every view through the navigation.
async fn visit_every_view(app: &App) -> Result<(), TestError> {
    for (slug, heading) in VIEWS {
        app.click(&format!("nav-{slug}")).await?;
        app.find(&format!("view-{slug}")).await?;
        app.wait_for_text("view-title", heading).await?;
    }
    Ok(())
}

/// Waits until the service worker has taken control of the page.
async fn wait_for_service_worker(app: &App) -> Result<(), TestError> {
    app.wait_until(
        "Service Worker の制御下",
        "await navigator.serviceWorker.ready; return navigator.serviceWorker.controller !== null;",
    )
    .await
}

#[tokio::test]
async fn hosted_under_a_sub_path_works_offline_after_the_first_visit() {
    run_at("hosted_offline", "/city/shoko/shinko/", |app| async move {
        app.open("#/plans").await?;
        wait_for_service_worker(&app).await?;
        assert_eq!(app.text("build-kind").await.ok(), None, "no About yet");
        app.click("nav-about").await?;
        assert_eq!(app.text("build-kind").await?, "ホスト版（Webページ）");

        // Cut the network twice over: the browser is told it is offline, and the server
        // drops every request unanswered.
        app.cdp("Network.enable", json!({})).await?;
        app.cdp(
            "Network.emulateNetworkConditions",
            json!({ "offline": true, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 }),
        )
        .await?;
        app.server.set_unreachable(true);
        let served_before = app.server.requests().len();

        app.client().refresh().await?;
        app.find("app-header").await?;
        visit_every_view(&app).await?;
        app.open("#/subsidies").await?;
        app.find("view-subsidies").await?;
        app.screenshot("delivery-offline-hosted").await?;
        assert_eq!(app.server.requests().len(), served_before, "nothing reached the server");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn no_request_leaves_the_apps_own_origin() {
    run("no_request_leaves_origin", |app| async move {
        app.open("").await?;
        wait_for_service_worker(&app).await?;
        visit_every_view(&app).await?;
        app.client().refresh().await?;
        app.find("app-header").await?;
        visit_every_view(&app).await?;
        let urls = app.requested_urls().await?;
        assert!(
            !urls.is_empty(),
            "the request log is empty: the check would prove nothing"
        );
        let origin = app.server.origin().to_owned();
        let foreign: Vec<&String> = urls
            .iter()
            .filter(|u| {
                !u.starts_with(&origin) && !u.starts_with("data:") && !u.starts_with("blob:")
            })
            .collect();
        assert!(foreign.is_empty(), "requests outside {origin}: {foreign:?}");
        // And nothing asked the server for a file the build does not have.
        for path in app.server.requests() {
            let rel = path
                .trim_start_matches('/')
                .split(['?', '#'])
                .next()
                .unwrap_or_default();
            let file = if rel.is_empty() { "index.html" } else { rel };
            assert!(
                dist_dir().join(file).is_file(),
                "requested a missing file: {path}"
            );
        }
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_hosted_page_carries_a_strict_content_security_policy() {
    run("hosted_csp", |app| async move {
        app.open("").await?;
        let csp = app
            .find_css("meta[http-equiv='Content-Security-Policy']")
            .await?
            .attr("content")
            .await?
            .unwrap_or_default();
        for part in [
            "default-src 'self'",
            "'wasm-unsafe-eval'",
            "style-src 'self';",
            "object-src 'none'",
        ] {
            assert!(csp.contains(part), "CSP lacks {part}: {csp}");
        }
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"),
            "{csp}"
        );
        // The policy is enforced: an inline script slipped into the page does not run.
        // (Code sent through DevTools bypasses CSP, so the check goes through the DOM.)
        let ran = app
            .eval_async(
                "const s = document.createElement('script');
                 s.textContent = 'window.__shinkoInjected = true;';
                 document.head.appendChild(s);
                 await new Promise((r) => setTimeout(r, 50));
                 return window.__shinkoInjected === true;",
            )
            .await?;
        assert_eq!(ran, json!(false), "an injected inline script ran");
        // The refusal is logged as a CSP violation: expected here, and proof it was blocked.
        let errors = app.console_errors().await?;
        assert!(
            errors.iter().any(|e| e.contains("Content Security Policy")),
            "{errors:?}"
        );
        visit_every_view(&app).await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_update_prompt_appears_when_a_new_build_is_served() {
    run("update_prompt", |app| async move {
        app.open("#/plans").await?;
        wait_for_service_worker(&app).await?;
        assert!(!app.exists("update-banner").await?);
        // Work kept in the browser must survive the update untouched.
        app.client()
            .execute(
                "localStorage.setItem('shinko-test.update-check', '計画データ');",
                vec![],
            )
            .await?;

        // Deploy a new build in place: a copy of dist/ whose service worker differs, as
        // every new build's does (its version and file list change with the files).
        let next = tempfile::tempdir()?;
        copy_dir(&dist_dir(), next.path())?;
        let sw = std::fs::read_to_string(next.path().join("sw.js"))?;
        std::fs::write(
            next.path().join("sw.js"),
            sw.replacen("const VERSION = \"", "const VERSION = \"next-", 1),
        )?;
        app.server.set_root(next.path());

        // The browser checks for a new worker on navigation.
        app.client().refresh().await?;
        app.find("update-banner").await?;
        let banner = app.text("update-banner").await?;
        assert!(banner.contains("新しい版"), "{banner}");
        app.screenshot("delivery-update-banner").await?;
        // It waits for the user: the page has not reloaded by itself.
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        assert!(app.exists("update-banner").await?);

        app.click("update-reload").await?;
        app.wait_until(
            "新しい版の Service Worker",
            "return (await caches.keys()).some((k) => k.startsWith('shinko-next-'));",
        )
        .await?;
        app.find("app-header").await?;
        app.wait_until(
            "更新後の再読み込み",
            "return document.querySelector('[data-testid=update-banner]') === null;",
        )
        .await?;
        assert_eq!(
            app.local_storage("shinko-test.update-check")
                .await?
                .as_deref(),
            Some("計画データ"),
            "localStorage changed by the update"
        );
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_single_file_works_from_a_file_url() {
    run("single_file", |app| async move {
        let single = dist_dir().join("shinko.html");
        assert!(
            single.is_file(),
            "{} がありません（./dev build が作ります）",
            single.display()
        );
        // As a user would have it: copied into some folder on its own.
        let folder = tempfile::tempdir()?;
        let copy = folder.path().join("shinko.html");
        std::fs::copy(&single, &copy)?;
        let url = format!("file://{}", copy.canonicalize()?.display());

        app.open_url(&format!("{url}#/about")).await?;
        assert_eq!(app.text("build-kind").await?, "1ファイル版（shinko.html）");
        assert!(!app.exists("single-file-download").await?);
        visit_every_view(&app).await?;
        app.screenshot("delivery-single-file").await?;

        // localStorage works from file:// and survives a reload.
        app.client()
            .execute(
                "localStorage.setItem('shinko-single-file-check', '保存');",
                vec![],
            )
            .await?;
        app.client().refresh().await?;
        app.find("app-header").await?;
        assert_eq!(
            app.local_storage("shinko-single-file-check")
                .await?
                .as_deref(),
            Some("保存")
        );

        // The app's own work from file://: create a plan from a sample, reload, still
        // there; import a plan file and export it again.
        app.open_url(&format!("{url}#/plans")).await?;
        app.click("copy-sample-akiruno-shokogyo-plan").await?;
        let created = app.new_plan_id(&[]).await?;
        app.find(&format!("stored-plan-card-{created}")).await?;
        app.wait_for_text("save-status-text", "保存済み").await?;
        app.client().refresh().await?;
        app.find(&format!("stored-plan-card-{created}")).await?;
        assert!(
            app.local_storage(&format!("shinko.v1.plan.{created}"))
                .await?
                .is_some()
        );
        app.open_url(&format!("{url}#/data")).await?;
        let sample = shinko_e2e::repo_root().join("public/samples/hiratsuka-gyosei-hyoka.json");
        app.upload("import-file", &sample).await?;
        app.find("import-done").await?;
        app.find("stored-plan-hiratsuka-gyosei-hyoka").await?;
        app.wait_for_text("save-status-text", "保存済み").await?;
        app.click("export-plan-hiratsuka-gyosei-hyoka").await?;
        let exported = app
            .wait_for_download(|n| n.ends_with(".shinko-plan.json"))
            .await?;
        let exported: serde_json::Value = serde_json::from_slice(&std::fs::read(exported)?)?;
        let stored: serde_json::Value = serde_json::from_str(
            &app.local_storage("shinko.v1.plan.hiratsuka-gyosei-hyoka")
                .await?
                .ok_or("the imported plan is not stored")?,
        )?;
        let original: serde_json::Value = serde_json::from_slice(&std::fs::read(&sample)?)?;
        assert_eq!(exported["format"], "shinko-plan");
        // The file holds exactly what is stored (the exporter also writes the fields the
        // hand-made sample leaves at their defaults).
        assert_eq!(exported["data"], stored["data"]);
        assert_eq!(exported["data"]["title"], original["data"]["title"]);
        // The same KPIs, compared as the domain reads them: the writer leaves out empty
        // notes and absent manual ratings, which the hand-made sample writes out.
        let kpis = |file: &serde_json::Value| {
            serde_json::from_value::<Vec<shinko::domain::plan::Kpi>>(
                file["data"]["nodes"][0]["kpis"].clone(),
            )
        };
        let exported_kpis = kpis(&exported)?;
        assert!(
            !exported_kpis.is_empty(),
            "the exported plan's first node has no KPI"
        );
        assert_eq!(exported_kpis, kpis(&original)?);
        app.screenshot("delivery-single-file-data").await?;

        // No request leaves the file.
        let urls = app.requested_urls().await?;
        assert!(!urls.is_empty());
        let foreign: Vec<&String> = urls
            .iter()
            .filter(|u| {
                !u.starts_with(&url.replace(' ', "%20"))
                    && !u.starts_with("file://")
                    && !u.starts_with("data:")
                    && !u.starts_with("blob:")
            })
            .collect();
        assert!(
            foreign.is_empty(),
            "requests from the single file: {foreign:?}"
        );
        let other_files: Vec<&String> = urls
            .iter()
            .filter(|u| u.starts_with("file://") && !u.starts_with(&url))
            .collect();
        assert!(
            other_files.is_empty(),
            "the single file loaded other files: {other_files:?}"
        );
        Ok(())
    })
    .await;
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
