//! The browser test harness: serves the built `dist/` on a loopback port, drives it in
//! headless Chromium through chromedriver, and gives tests small helpers that find
//! elements by `data-testid`.
//!
//! Every test runs through [`run`], which gives it a fresh browser profile, fails it on any
//! console error or uncaught exception in the page, and saves a screenshot when it fails.

pub mod axe;
pub mod browser;
pub mod server;

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fantoccini::Locator;
use fantoccini::elements::Element;
use futures_util::FutureExt;
use serde_json::{Value, json};

use crate::browser::Browser;
use crate::server::{ServerHandle, StaticServer};

pub type TestError = Box<dyn std::error::Error + Send + Sync>;
pub type TestResult = Result<(), TestError>;

/// How long helpers wait for an element or a download before failing.
pub const WAIT: Duration = Duration::from_secs(10);

/// The repository root (two folders above this crate).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The built app: `$SHINKO_DIST` or `dist/`.
pub fn dist_dir() -> PathBuf {
    std::env::var_os("SHINKO_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("dist"))
}

/// Where screenshots go: `$SHINKO_TEST_OUTPUT` or `test-output/`.
pub fn output_dir() -> PathBuf {
    std::env::var_os("SHINKO_TEST_OUTPUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("test-output"))
}

/// What a test drives: a handle on the browser session and the server it loads the app
/// from, with helpers. Cheap to clone; the browser process and the server are owned by
/// [`run`], which ends them after the test.
#[derive(Clone)]
pub struct App {
    client: fantoccini::Client,
    pub server: ServerHandle,
    downloads: PathBuf,
    name: String,
}

/// Runs one browser test named `name` against `dist/` served at `/`.
pub async fn run<F, Fut>(name: &str, test: F)
where
    F: FnOnce(App) -> Fut,
    Fut: Future<Output = TestResult>,
{
    run_at(name, "/", test).await;
}

/// Runs one browser test with the app served under `prefix` (e.g. `/city/shinko/`).
pub async fn run_at<F, Fut>(name: &str, prefix: &str, test: F)
where
    F: FnOnce(App) -> Fut,
    Fut: Future<Output = TestResult>,
{
    let dist = dist_dir();
    assert!(
        dist.join("index.html").is_file(),
        "{} に index.html がありません。先に `./dev build` でアプリを作ってください。",
        dist.display()
    );
    let server = StaticServer::start(&dist, prefix).expect("start the test server");
    let browser = match Browser::start().await {
        Ok(browser) => browser,
        Err(e) => panic!("{name}: {e}"),
    };
    let app = App {
        client: browser.client.clone(),
        server: server.handle(),
        downloads: browser.downloads.clone(),
        name: name.to_owned(),
    };

    let outcome = AssertUnwindSafe(test(app.clone())).catch_unwind().await;
    let mut failure = match outcome {
        Ok(Ok(())) => None,
        Ok(Err(e)) => Some(e.to_string()),
        Err(panic) => Some(panic_message(&panic)),
    };
    match app.console_errors().await {
        Ok(errors) if errors.is_empty() => {}
        Ok(errors) => {
            let msg = format!(
                "ページのコンソールにエラーがあります:\n  {}",
                errors.join("\n  ")
            );
            failure = Some(failure.map_or(msg.clone(), |f| format!("{f}\n{msg}")));
        }
        Err(e) => failure = Some(format!("コンソールを読めません: {e}")),
    }
    if let Some(failure) = failure {
        let shot = output_dir().join("failures").join(format!("{name}.png"));
        let saved = app.save_screenshot(&shot).await.is_ok();
        browser.close().await;
        drop(server);
        if saved {
            panic!("{name} failed: {failure}\n(screenshot: {})", shot.display());
        }
        panic!("{name} failed: {failure}");
    }
    browser.close().await;
    drop(server);
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_owned()
    }
}

fn by_testid(testid: &str) -> String {
    format!("[data-testid=\"{testid}\"]")
}

impl App {
    pub fn client(&self) -> &fantoccini::Client {
        &self.client
    }

    /// Runs a DevTools protocol command (e.g. `Network.emulateNetworkConditions`).
    pub async fn cdp(&self, cmd: &str, params: Value) -> Result<Value, TestError> {
        browser::cdp(&self.client, cmd, params).await
    }

    /// Loads the app afresh at `hash` (e.g. `"#/plans"`, or `""` for the start) and waits
    /// until it has mounted. Going through `about:blank` makes it a real page load even when
    /// only the hash differs from the current address.
    pub async fn open(&self, hash: &str) -> TestResult {
        self.client().goto("about:blank").await?;
        self.client().goto(&self.server.url(hash)).await?;
        self.find("app-header").await?;
        Ok(())
    }

    /// Loads any address (e.g. a `file://` URL) and waits until the app has mounted.
    pub async fn open_url(&self, url: &str) -> TestResult {
        self.client().goto("about:blank").await?;
        self.client().goto(url).await?;
        self.find("app-header").await?;
        Ok(())
    }

    /// The URL of every request the page (and its service worker) started since the last
    /// call, from Chromium's DevTools events.
    pub async fn requested_urls(&self) -> Result<Vec<String>, TestError> {
        browser::requested_urls(&self.client).await
    }

    /// Runs `script` (which may `await`) in the page and returns its value.
    pub async fn eval_async(&self, script: &str) -> Result<Value, TestError> {
        let wrapped = format!(
            "const done = arguments[arguments.length - 1];
             (async () => {{ {script} }})().then(done, (e) => done('error: ' + e));"
        );
        Ok(self.client().execute_async(&wrapped, vec![]).await?)
    }

    /// Waits until `script` (an async function body) returns `true`. A poll that fails,
    /// as one cut off by a page reload does, counts as "not yet"; the last error is
    /// reported if the wait runs out.
    pub async fn wait_until(&self, what: &str, script: &str) -> TestResult {
        let started = Instant::now();
        let mut last_error = String::new();
        loop {
            match self.eval_async(script).await {
                Ok(Value::Bool(true)) => return Ok(()),
                Ok(_) => {}
                Err(e) => last_error = e.to_string(),
            }
            if started.elapsed() > WAIT * 3 {
                return Err(format!("待っても {what} になりません（{last_error}）").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits for the element with `data-testid="{testid}"`.
    pub async fn find(&self, testid: &str) -> Result<Element, TestError> {
        self.find_css(&by_testid(testid)).await
    }

    /// Waits for the first element matching a CSS selector.
    pub async fn find_css(&self, css: &str) -> Result<Element, TestError> {
        self.client()
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .map_err(|e| format!("{css} が見つかりません: {e}").into())
    }

    /// Every element matching a CSS selector now (no waiting).
    pub async fn find_all_css(&self, css: &str) -> Result<Vec<Element>, TestError> {
        Ok(self.client().find_all(Locator::Css(css)).await?)
    }

    /// Whether an element with this `data-testid` is in the page now (no waiting).
    pub async fn exists(&self, testid: &str) -> Result<bool, TestError> {
        Ok(!self.find_all_css(&by_testid(testid)).await?.is_empty())
    }

    pub async fn click(&self, testid: &str) -> TestResult {
        self.find(testid).await?.click().await?;
        Ok(())
    }

    /// Replaces the value of an input and types `text` into it.
    pub async fn type_into(&self, testid: &str, text: &str) -> TestResult {
        let input = self.find(testid).await?;
        input.clear().await?;
        input.send_keys(text).await?;
        Ok(())
    }

    /// Sends keys to whatever has keyboard focus (WebDriver key codes such as
    /// [`keys::ENTER`] may be mixed with text; a modifier such as [`keys::CONTROL`] stays
    /// down until [`keys::NULL`] or the end of the string).
    pub async fn keys(&self, keys: &str) -> TestResult {
        self.client()
            .active_element()
            .await?
            .send_keys(keys)
            .await?;
        Ok(())
    }

    /// The `data-testid` of the element with keyboard focus.
    pub async fn focused(&self) -> Result<Option<String>, TestError> {
        Ok(self
            .client()
            .active_element()
            .await?
            .attr("data-testid")
            .await?)
    }

    /// The visible text of an element.
    pub async fn text(&self, testid: &str) -> Result<String, TestError> {
        Ok(self.find(testid).await?.text().await?)
    }

    /// Waits until the element's text equals `expected`; returns the last text seen.
    pub async fn wait_for_text(&self, testid: &str, expected: &str) -> Result<String, TestError> {
        let started = Instant::now();
        loop {
            let text = self.text(testid).await?;
            if text == expected {
                return Ok(text);
            }
            if started.elapsed() > WAIT {
                return Err(
                    format!("{testid} の表示が「{expected}」になりません（「{text}」）").into(),
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Chooses `file` in the `<input type="file">` with this `data-testid`.
    pub async fn upload(&self, testid: &str, file: &Path) -> TestResult {
        let path = file.canonicalize()?;
        self.find(testid)
            .await?
            .send_keys(&path.to_string_lossy())
            .await?;
        Ok(())
    }

    /// Waits for a finished download whose file name satisfies `matches` and returns its path.
    pub async fn wait_for_download(
        &self,
        matches: impl Fn(&str) -> bool,
    ) -> Result<PathBuf, TestError> {
        let started = Instant::now();
        // Chromium reserves the final name (an empty file) before it writes through a
        // `.crdownload` file and renames it: a match counts once no download is in
        // progress and its size has stayed the same over two polls.
        let mut last: Option<(PathBuf, u64)> = None;
        loop {
            let mut in_progress = false;
            let mut found = None;
            for entry in std::fs::read_dir(&self.downloads)? {
                let path = entry?.path();
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if name.ends_with(".crdownload") {
                    in_progress = true;
                } else if matches(&name) {
                    found = Some(path);
                }
            }
            if let Some(path) = found
                && !in_progress
            {
                let size = std::fs::metadata(&path)?.len();
                if last.as_ref() == Some(&(path.clone(), size)) {
                    return Ok(path);
                }
                last = Some((path, size));
            }
            if started.elapsed() > WAIT {
                return Err("ダウンロードされたファイルがありません".into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Every downloaded file so far.
    pub fn downloads(&self) -> Result<Vec<PathBuf>, TestError> {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(&self.downloads)? {
            files.push(entry?.path());
        }
        files.sort();
        Ok(files)
    }

    /// `localStorage.getItem(key)`.
    pub async fn local_storage(&self, key: &str) -> Result<Option<String>, TestError> {
        let value = self
            .client()
            .execute(
                "return window.localStorage.getItem(arguments[0]);",
                vec![json!(key)],
            )
            .await?;
        Ok(value.as_str().map(str::to_owned))
    }

    /// The ids of the plans stored in this browser (keys `shinko.v1.plan.<id>`), sorted.
    pub async fn stored_plan_ids(&self) -> Result<Vec<String>, TestError> {
        let mut ids: Vec<String> = self
            .local_storage_keys()
            .await?
            .into_iter()
            .filter_map(|k| k.strip_prefix("shinko.v1.plan.").map(str::to_owned))
            .collect();
        ids.sort();
        Ok(ids)
    }

    /// Waits until a plan not in `before` is stored, and returns its id (new plans get a
    /// random id, so a test learns it this way).
    pub async fn new_plan_id(&self, before: &[String]) -> Result<String, TestError> {
        let known = serde_json::to_string(before)?;
        self.wait_until(
            "新しい計画が保存される",
            &format!(
                "const known = {known};
                 return Object.keys(localStorage).some(k => k.startsWith('shinko.v1.plan.')
                     && !known.includes(k.slice('shinko.v1.plan.'.length)));"
            ),
        )
        .await?;
        let now = self.stored_plan_ids().await?;
        now.into_iter()
            .find(|id| !before.contains(id))
            .ok_or_else(|| "新しい計画が見つかりません".into())
    }

    /// Fills what is left of the localStorage quota to the last character with keys
    /// `filler-<n>`, as another page of the same origin could; returns how many were written.
    pub async fn fill_storage(&self) -> Result<u64, TestError> {
        let n = self
            .eval_async(
                "let size = 1 << 22; let i = 0;
                 while (size >= 1) {
                   try { localStorage.setItem('filler-' + i, 'x'.repeat(size)); i++; }
                   catch (e) { size = Math.floor(size / 2); }
                 }
                 return i;",
            )
            .await?;
        n.as_u64().ok_or_else(|| "storage was not filled".into())
    }

    /// Every localStorage key.
    pub async fn local_storage_keys(&self) -> Result<Vec<String>, TestError> {
        let value = self
            .client()
            .execute("return Object.keys(window.localStorage);", vec![])
            .await?;
        Ok(value
            .as_array()
            .map(|keys| {
                keys.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Saves a screenshot as `test-output/screenshots/{name}.png` and returns its path.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf, TestError> {
        let path = output_dir().join("screenshots").join(format!("{name}.png"));
        self.save_screenshot(&path).await?;
        Ok(path)
    }

    async fn save_screenshot(&self, path: &Path) -> TestResult {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let png = self.client().screenshot().await?;
        std::fs::write(path, png)?;
        Ok(())
    }

    /// Console errors and uncaught exceptions logged since the last call.
    pub async fn console_errors(&self) -> Result<Vec<String>, TestError> {
        Ok(browser::console(&self.client)
            .await?
            .into_iter()
            .filter(|(level, _)| level == "SEVERE")
            .map(|(_, message)| message)
            .collect())
    }

    /// The name this test runs under.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// WebDriver key codes for [`App::keys`].
pub mod keys {
    pub const NULL: &str = "\u{E000}";
    pub const TAB: &str = "\u{E004}";
    pub const ENTER: &str = "\u{E007}";
    pub const SHIFT: &str = "\u{E008}";
    pub const CONTROL: &str = "\u{E009}";
    pub const ALT: &str = "\u{E00A}";
    pub const ESCAPE: &str = "\u{E00C}";
    pub const LEFT: &str = "\u{E012}";
    pub const UP: &str = "\u{E013}";
    pub const RIGHT: &str = "\u{E014}";
    pub const DOWN: &str = "\u{E015}";
    pub const DELETE: &str = "\u{E017}";
}
