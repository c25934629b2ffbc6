//! The accessibility check: axe-core (from npm, installed by `./dev setup` into
//! `tests/e2e/node_modules`) run in the page against WCAG 2.0, 2.1 and 2.2 at levels A and
//! AA, and the screen size and screenshots of a municipal laptop.
//!
//! axe is injected through WebDriver's execute script, which the page's Content Security
//! Policy does not govern, so the app's policy stays as strict as it ships.

use std::fmt;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::{App, TestError, TestResult, output_dir};

/// axe's tags for WCAG 2.0, 2.1 and 2.2 at levels A and AA.
pub const WCAG_TAGS: [&str; 6] = [
    "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa",
];

/// The screen of a municipal laptop, in CSS pixels.
pub const LAPTOP: (u32, u32) = (1366, 768);

/// How long one axe run may take (the longest plan sheet has a few thousand cells).
const AXE_WAIT: Duration = Duration::from_secs(60);

/// axe-core's minified build, where `./dev setup` installs it.
pub fn axe_script_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("node_modules/axe-core/axe.min.js")
}

/// One rule that failed, with every element that fails it.
#[derive(Debug, Clone)]
pub struct AxeViolation {
    /// The rule, e.g. `color-contrast`.
    pub id: String,
    /// `minor`, `moderate`, `serious` or `critical`.
    pub impact: String,
    /// What the rule asks for, in one line.
    pub help: String,
    pub help_url: String,
    pub tags: Vec<String>,
    pub nodes: Vec<AxeNode>,
}

/// One element that fails a rule.
#[derive(Debug, Clone)]
pub struct AxeNode {
    /// The CSS selectors that reach the element (more than one inside frames or shadow
    /// roots).
    pub target: Vec<String>,
    /// The element's opening HTML, as axe quotes it.
    pub html: String,
    /// What to fix, in axe's words.
    pub failure_summary: String,
}

impl fmt::Display for AxeViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "[{}] {} ({}, {} 個所): {}",
            self.impact,
            self.id,
            self.tags
                .iter()
                .filter(|t| t.starts_with("wcag"))
                .cloned()
                .collect::<Vec<_>>()
                .join(" "),
            self.nodes.len(),
            self.help
        )?;
        writeln!(f, "    {}", self.help_url)?;
        for node in &self.nodes {
            writeln!(f, "    - {}", node.target.join(" >>> "))?;
            writeln!(f, "      {}", node.html)?;
            for line in node.failure_summary.lines() {
                writeln!(f, "        {line}")?;
            }
        }
        Ok(())
    }
}

fn string(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| a.iter().map(string).collect())
        .unwrap_or_default()
}

fn parse_violation(v: &Value) -> AxeViolation {
    AxeViolation {
        id: string(&v["id"]),
        impact: string(&v["impact"]),
        help: string(&v["help"]),
        help_url: string(&v["helpUrl"]),
        tags: strings(&v["tags"]),
        nodes: v["nodes"]
            .as_array()
            .map(|nodes| {
                nodes
                    .iter()
                    .map(|n| AxeNode {
                        target: strings(&n["target"]),
                        html: string(&n["html"]),
                        failure_summary: string(&n["failureSummary"]),
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}

impl App {
    /// Sets the viewport to a municipal laptop's screen, 1366×768 CSS pixels at scale 1,
    /// whatever size the headless window has.
    pub async fn set_laptop_screen(&self) -> TestResult {
        let (width, height) = LAPTOP;
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
        )
        .await?;
        Ok(())
    }

    /// Saves what the screen shows as `test-output/screens/{name}.png`, and the whole page
    /// (scrolled out of view too) as `{name}-full.png`. Returns the first path.
    pub async fn save_screen(&self, name: &str) -> Result<PathBuf, TestError> {
        let dir = output_dir().join("screens");
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, self.client().screenshot().await?)?;

        // The whole page from its top, so sticky parts sit where they belong; then the
        // scroll position is put back.
        let scrolled = self
            .client()
            .execute(
                "const at = [window.scrollX, window.scrollY]; window.scrollTo(0, 0); return at;",
                vec![],
            )
            .await?;
        let metrics = self.cdp("Page.getLayoutMetrics", json!({})).await?;
        let size = &metrics["cssContentSize"];
        let (width, height) = (
            size["width"].as_f64().unwrap_or(LAPTOP.0.into()),
            size["height"].as_f64().unwrap_or(LAPTOP.1.into()),
        );
        let shot = self
            .cdp(
                "Page.captureScreenshot",
                json!({
                    "format": "png",
                    "captureBeyondViewport": true,
                    "clip": { "x": 0, "y": 0, "width": width, "height": height, "scale": 1 },
                }),
            )
            .await?;
        let data = shot["data"]
            .as_str()
            .ok_or("Page.captureScreenshot: no data")?;
        use base64::Engine as _;
        let png = base64::engine::general_purpose::STANDARD.decode(data)?;
        std::fs::write(dir.join(format!("{name}-full.png")), png)?;
        self.client()
            .execute("window.scrollTo(arguments[0], arguments[1]);", {
                let at = scrolled.as_array().cloned().unwrap_or_default();
                at.into_iter().take(2).collect()
            })
            .await?;
        Ok(path)
    }

    /// Injects axe-core into the page (once per page load) and runs it on the whole
    /// document against WCAG 2.0–2.2 A and AA. Returns every violation.
    pub async fn axe(&self) -> Result<Vec<AxeViolation>, TestError> {
        let script_path = axe_script_path();
        let source = std::fs::read_to_string(&script_path).map_err(|e| {
            format!(
                "axe-core がありません（{}: {e}）。`./dev setup` で tests/e2e/node_modules に \
                 インストールしてください。",
                script_path.display()
            )
        })?;
        let present = self
            .client()
            .execute("return typeof window.axe === 'object';", vec![])
            .await?;
        if present != Value::Bool(true) {
            let loaded = self
                .client()
                .execute(
                    &format!("{source}\n;return window.axe ? window.axe.version : null;"),
                    vec![],
                )
                .await?;
            if loaded.is_null() {
                return Err("axe-core をページに読み込めませんでした".into());
            }
        }

        // axe.run can outlast WebDriver's script timeout on a long page: start it, then poll.
        self.client()
            .execute(
                "window.__shinkoAxe = { done: false };
                 axe.run(document, {
                     runOnly: { type: 'tag', values: arguments[0] },
                     resultTypes: ['violations'],
                 }).then(
                     (r) => { window.__shinkoAxe = { done: true, violations: r.violations }; },
                     (e) => { window.__shinkoAxe = { done: true, error: String(e) }; },
                 );",
                vec![json!(WCAG_TAGS)],
            )
            .await?;
        let started = Instant::now();
        let outcome = loop {
            let outcome = self
                .client()
                .execute(
                    "const r = window.__shinkoAxe;
                     if (!r || !r.done) return null;
                     if (r.error) return { error: r.error };
                     return { violations: r.violations.map((v) => ({
                         id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                         tags: v.tags,
                         nodes: v.nodes.map((n) => ({
                             target: n.target.map((t) => Array.isArray(t) ? t.join(' ') : t),
                             html: n.html, failureSummary: n.failureSummary,
                         })),
                     })) };",
                    vec![],
                )
                .await?;
            if !outcome.is_null() {
                break outcome;
            }
            if started.elapsed() > AXE_WAIT {
                return Err(format!("axe-core が {} 秒で終わりません", AXE_WAIT.as_secs()).into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        if let Some(error) = outcome["error"].as_str() {
            return Err(format!("axe-core が失敗しました: {error}").into());
        }
        Ok(outcome["violations"]
            .as_array()
            .map(|v| v.iter().map(parse_violation).collect())
            .unwrap_or_default())
    }

    /// Fails, listing every violation with its elements, if axe finds any WCAG A or AA
    /// violation on the page as it is now. `screen` names the screen in the message.
    pub async fn assert_accessible(&self, screen: &str) -> TestResult {
        let violations = self.axe().await?;
        if violations.is_empty() {
            return Ok(());
        }
        let nodes: usize = violations.iter().map(|v| v.nodes.len()).sum();
        let mut report = format!(
            "{screen}: axe-core が WCAG A/AA の違反を {} 件（{nodes} 個所）見つけました:\n",
            violations.len()
        );
        for v in &violations {
            report.push_str(&v.to_string());
        }
        Err(report.into())
    }
}
