//! Smoke tests: the app loads cleanly, every navigation item shows its view, every view's
//! hash opens it directly, and a screenshot of each view is saved.

use shinko_e2e::run;

/// (data-testid slug, heading) for every view in the main navigation.
const VIEWS: [(&str, &str); 4] = [
    ("plans", "計画"),
    ("subsidies", "補助金"),
    ("data", "データ管理"),
    ("about", "このアプリについて"),
];

#[tokio::test]
async fn app_loads_with_header_and_navigation() {
    run("app_loads_with_header_and_navigation", |app| async move {
        app.open("").await?;
        let header = app.text("app-header").await?;
        assert!(header.contains("Shinko"), "header: {header}");
        assert!(
            header.contains("産業振興計画 進捗・補助金ワークベンチ"),
            "header: {header}"
        );
        // The start view is 計画, marked as current in the navigation.
        app.find("view-plans").await?;
        let current = app.find("nav-plans").await?.attr("aria-current").await?;
        assert_eq!(current.as_deref(), Some("page"));
        let title = app.client().title().await?;
        assert!(title.starts_with("計画 | Shinko"), "title: {title}");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn each_navigation_item_shows_its_view() {
    run("each_navigation_item_shows_its_view", |app| async move {
        app.open("#/about").await?;
        for (slug, heading) in VIEWS {
            app.click(&format!("nav-{slug}")).await?;
            app.find(&format!("view-{slug}")).await?;
            app.wait_for_text("view-title", heading).await?;
            let url = app.client().current_url().await?;
            assert_eq!(url.fragment(), Some(format!("/{slug}").as_str()));
            for (other, _) in VIEWS {
                let current = app
                    .find(&format!("nav-{other}"))
                    .await?
                    .attr("aria-current")
                    .await?;
                let expected = (other == slug).then_some("page");
                assert_eq!(current.as_deref(), expected, "nav-{other} while on {slug}");
            }
            // Focus moves to the new view's heading for screen-reader users.
            let focused = app
                .client()
                .active_element()
                .await?
                .attr("data-testid")
                .await?;
            assert_eq!(
                focused.as_deref(),
                Some("view-title"),
                "focus after opening {slug}"
            );
        }
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn each_view_opens_directly_from_its_hash_url() {
    run(
        "each_view_opens_directly_from_its_hash_url",
        |app| async move {
            for (slug, heading) in VIEWS {
                app.open(&format!("#/{slug}")).await?;
                app.find(&format!("view-{slug}")).await?;
                assert_eq!(app.text("view-title").await?, heading);
                let shot = app.screenshot(&format!("view-{slug}")).await?;
                assert!(
                    std::fs::metadata(&shot)?.len() > 1000,
                    "{} is empty",
                    shot.display()
                );
            }
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn unknown_hash_says_so_and_links_home() {
    run("unknown_hash_says_so_and_links_home", |app| async move {
        app.open("#/no-such-view").await?;
        app.find("view-not-found").await?;
        let text = app.text("view-not-found").await?;
        assert!(text.contains("#/no-such-view"), "{text}");
        app.find_css("[data-testid=view-not-found] a[href='#/plans']")
            .await?
            .click()
            .await?;
        app.find("view-plans").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn about_shows_version_and_build() {
    run("about_shows_version_and_build", |app| async move {
        app.open("#/about").await?;
        assert_eq!(app.text("app-version").await?, env!("CARGO_PKG_VERSION"));
        assert!(!app.text("build-kind").await?.is_empty());
        Ok(())
    })
    .await;
}

/// The harness itself must catch a page error: a test that cannot fail is a defect.
#[tokio::test]
#[should_panic(expected = "コンソールにエラー")]
async fn harness_fails_a_test_on_a_console_error() {
    run(
        "harness_fails_a_test_on_a_console_error",
        |app| async move {
            app.open("").await?;
            app.client()
                .execute(
                    "console.error('deliberate error from the harness self-test');",
                    vec![],
                )
                .await?;
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
#[should_panic(expected = "コンソールにエラー")]
async fn harness_fails_a_test_on_an_uncaught_exception() {
    run(
        "harness_fails_a_test_on_an_uncaught_exception",
        |app| async move {
            app.open("").await?;
            app.client()
                .execute(
                    "setTimeout(() => { throw new Error('deliberate uncaught'); }, 0);",
                    vec![],
                )
                .await?;
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn harness_reads_local_storage_and_collects_downloads() {
    run(
        "harness_reads_local_storage_and_collects_downloads",
        |app| async move {
            app.open("").await?;
            // A fresh profile starts empty.
            assert!(app.local_storage_keys().await?.is_empty());
            app.client()
                .execute(
                    "localStorage.setItem('shinko-harness-check', 'ok');
                 const a = document.createElement('a');
                 a.href = URL.createObjectURL(new Blob(['hello'], {type: 'text/plain'}));
                 a.download = 'harness-check.txt';
                 document.body.appendChild(a); a.click(); a.remove();",
                    vec![],
                )
                .await?;
            assert_eq!(
                app.local_storage("shinko-harness-check").await?.as_deref(),
                Some("ok")
            );
            let file = app.wait_for_download(|n| n == "harness-check.txt").await?;
            assert_eq!(std::fs::read_to_string(file)?, "hello");
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn harness_uploads_a_file_into_a_file_input() {
    run(
        "harness_uploads_a_file_into_a_file_input",
        |app| async move {
            app.open("").await?;
            app.client()
                .execute(
                    "const input = document.createElement('input');
                 input.type = 'file';
                 input.dataset.testid = 'harness-file';
                 input.addEventListener('change', async () => {
                   document.body.dataset.uploaded = await input.files[0].text();
                 });
                 document.body.appendChild(input);",
                    vec![],
                )
                .await?;
            let dir = tempfile::tempdir()?;
            let file = dir.path().join("計画.json");
            std::fs::write(&file, "{\"format\":\"shinko-plan\"}")?;
            app.upload("harness-file", &file).await?;
            let started = std::time::Instant::now();
            loop {
                let uploaded = app
                    .client()
                    .execute("return document.body.dataset.uploaded ?? null;", vec![])
                    .await?;
                if uploaded.as_str() == Some("{\"format\":\"shinko-plan\"}") {
                    break;
                }
                assert!(
                    started.elapsed() < shinko_e2e::WAIT,
                    "upload not seen: {uploaded}"
                );
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            Ok(())
        },
    )
    .await;
}
