//! Headless Chromium through chromedriver, one fresh profile per test.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

use crate::TestError;

/// The flags this machine needs: no sandbox as root, and no background network traffic,
/// which a closed network refuses and which would only slow Chromium down.
const CHROMIUM_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--lang=ja",
    // A municipal laptop's screen.
    "--window-size=1366,768",
];

/// A running chromedriver with one Chromium session. Dropping it ends both.
pub struct Browser {
    pub client: Client,
    driver: Child,
    pub downloads: PathBuf,
    // Held so the profile and download folders live as long as the browser.
    _profile: tempfile::TempDir,
    _downloads: tempfile::TempDir,
}

fn chromium_binary() -> String {
    std::env::var("SHINKO_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned())
}

fn chromedriver_binary() -> String {
    std::env::var("SHINKO_CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".to_owned())
}

fn free_port() -> std::io::Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

impl Browser {
    /// Starts chromedriver and a headless Chromium with a new, empty profile.
    /// Fails with a message that says what is missing when either cannot start.
    pub async fn start() -> Result<Self, TestError> {
        let profile = tempfile::Builder::new()
            .prefix("shinko-profile-")
            .tempdir()?;
        let downloads = tempfile::Builder::new()
            .prefix("shinko-downloads-")
            .tempdir()?;
        let chromium = chromium_binary();
        if !Path::new(&chromium).exists() {
            return Err(format!(
                "Chromium が見つかりません（{chromium}）。`./dev test` が Debian の chromium を \
                 インストールします。別の場所にあれば SHINKO_CHROMIUM で指定してください。"
            )
            .into());
        }

        let port = free_port()?;
        let driver = Command::new(chromedriver_binary())
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| {
                format!(
                    "chromedriver を起動できません（{}）: {e}。`./dev test` が Debian の \
                     chromium-driver をインストールします。",
                    chromedriver_binary()
                )
            })?;
        let mut browser_args: Vec<String> = CHROMIUM_ARGS.iter().map(|a| a.to_string()).collect();
        browser_args.push(format!("--user-data-dir={}", profile.path().display()));
        let downloads_path = downloads.path().to_path_buf();
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": browser_args,
                "prefs": {
                    "download.default_directory": downloads_path,
                    "download.prompt_for_download": false,
                    "intl.accept_languages": "ja",
                },
            },
            // browser: console entries; performance: DevTools events, for every request.
            "goog:loggingPrefs": { "browser": "ALL", "performance": "ALL" },
        });
        let Value::Object(caps) = caps else {
            return Err("capabilities must be an object".into());
        };
        let client = connect(port, caps).await?;
        let browser = Browser {
            client,
            driver,
            downloads: downloads_path.clone(),
            _profile: profile,
            _downloads: downloads,
        };
        // An async script that never answers (its page reloaded under it) fails after 10 s
        // rather than WebDriver's default 30 s, so polling helpers can retry.
        browser
            .client
            .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
                Some(Duration::from_secs(10)),
                None,
                None,
            ))
            .await?;
        // Headless Chromium ignores the download preference unless told over DevTools.
        cdp(
            &browser.client,
            "Browser.setDownloadBehavior",
            json!({ "behavior": "allow", "downloadPath": downloads_path }),
        )
        .await?;
        Ok(browser)
    }

    /// Ends the session and chromedriver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Runs a DevTools protocol command through chromedriver.
pub async fn cdp(client: &Client, cmd: &str, params: Value) -> Result<Value, TestError> {
    let result = client
        .issue_cmd(SessionCommand {
            path: "goog/cdp/execute",
            body: json!({ "cmd": cmd, "params": params }),
        })
        .await?;
    Ok(result)
}

/// The browser console entries logged since the last call: `(level, message)`.
pub async fn console(client: &Client) -> Result<Vec<(String, String)>, TestError> {
    log(client, "browser").await
}

/// The URL of every request the page and its workers started since the last call.
/// Chromium's own pages (`chrome://`, the empty tab it starts with) are not the app's and
/// are left out.
pub async fn requested_urls(client: &Client) -> Result<Vec<String>, TestError> {
    let mut urls = Vec::new();
    for (_, message) in log(client, "performance").await? {
        let Ok(event) = serde_json::from_str::<Value>(&message) else {
            continue;
        };
        let event = &event["message"];
        if event["method"] == "Network.requestWillBeSent"
            && let Some(url) = event["params"]["request"]["url"].as_str()
            && !url.starts_with("chrome://")
        {
            urls.push(url.to_owned());
        }
    }
    Ok(urls)
}

async fn log(client: &Client, kind: &str) -> Result<Vec<(String, String)>, TestError> {
    let entries = client
        .issue_cmd(SessionCommand {
            path: "se/log",
            body: json!({ "type": kind }),
        })
        .await?;
    Ok(entries
        .as_array()
        .map(|entries| {
            entries
                .iter()
                .map(|e| {
                    let field = |k: &str| e.get(k).and_then(Value::as_str).unwrap_or_default();
                    (field("level").to_owned(), field("message").to_owned())
                })
                .collect()
        })
        .unwrap_or_default())
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

async fn connect(port: u16, caps: Capabilities) -> Result<Client, TestError> {
    let url = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    loop {
        match ClientBuilder::new(HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(client) => return Ok(client),
            // chromedriver is still starting: its port does not answer yet.
            Err(
                fantoccini::error::NewSessionError::Failed(_)
                | fantoccini::error::NewSessionError::FailedC(_)
                | fantoccini::error::NewSessionError::Lost(_),
            ) if started.elapsed() < Duration::from_secs(20) => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => {
                return Err(format!(
                    "ヘッドレス Chromium を起動できませんでした: {e}。chromium と \
                     chromium-driver の版が合っているか（`chromium --version`、\
                     `chromedriver --version`）確かめてください。"
                )
                .into());
            }
        }
    }
}

/// A chromedriver command on the current session that fantoccini has no method for.
#[derive(Debug)]
struct SessionCommand {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for SessionCommand {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}
