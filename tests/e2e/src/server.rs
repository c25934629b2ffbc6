//! A static file server for the built app on a loopback port.
//!
//! It serves one folder (normally `dist/`) under a path prefix, so tests can also host the
//! app under a sub-path the way a municipal web server would, and records every request
//! path so tests can assert what the page asked for.

use std::io;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use tiny_http::{Header, Response, Server};

pub struct StaticServer {
    server: Arc<Server>,
    thread: Option<JoinHandle<()>>,
    addr: SocketAddr,
    prefix: String,
    requests: Arc<Mutex<Vec<String>>>,
    root: Arc<Mutex<PathBuf>>,
    unreachable: Arc<AtomicBool>,
}

impl StaticServer {
    /// Serves `root` at `http://127.0.0.1:PORT{prefix}`. `prefix` starts and ends with `/`.
    pub fn start(root: &Path, prefix: &str) -> io::Result<Self> {
        let server = Server::http("127.0.0.1:0").map_err(io::Error::other)?;
        let addr = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| io::Error::other("the test server has no IP address"))?;
        let server = Arc::new(server);
        let requests = Arc::new(Mutex::new(Vec::new()));
        let root = Arc::new(Mutex::new(root.to_path_buf()));
        let unreachable = Arc::new(AtomicBool::new(false));
        let thread = {
            let server = Arc::clone(&server);
            let requests = Arc::clone(&requests);
            let root = Arc::clone(&root);
            let unreachable = Arc::clone(&unreachable);
            let prefix = prefix.to_owned();
            std::thread::spawn(move || {
                // `recv` fails once `unblock` is called on drop.
                while let Ok(request) = server.recv() {
                    if unreachable.load(Ordering::SeqCst) {
                        // Dropping the request unanswered closes the connection: to the
                        // browser, the network is gone.
                        drop(request);
                        continue;
                    }
                    let url = request.url().to_owned();
                    if let Ok(mut log) = requests.lock() {
                        log.push(url.clone());
                    }
                    let current_root = root.lock().map(|r| r.clone()).unwrap_or_default();
                    let response = respond(&current_root, &prefix, &url);
                    let _ = request.respond(response);
                }
            })
        };
        Ok(Self {
            server,
            thread: Some(thread),
            addr,
            prefix: prefix.to_owned(),
            requests,
            root,
            unreachable,
        })
    }

    /// A cheap handle for tests: addresses on this server and its request log.
    pub fn handle(&self) -> ServerHandle {
        ServerHandle {
            origin: format!("http://{}", self.addr),
            prefix: self.prefix.clone(),
            requests: Arc::clone(&self.requests),
            root: Arc::clone(&self.root),
            unreachable: Arc::clone(&self.unreachable),
        }
    }
}

/// What a test needs of the server: where the app is and what was asked for.
#[derive(Clone)]
pub struct ServerHandle {
    origin: String,
    prefix: String,
    requests: Arc<Mutex<Vec<String>>>,
    root: Arc<Mutex<PathBuf>>,
    unreachable: Arc<AtomicBool>,
}

impl ServerHandle {
    /// The address of `rel` (e.g. `""`, `"index.html"`, `"#/plans"`) on this server.
    pub fn url(&self, rel: &str) -> String {
        format!("{}{}{}", self.origin, self.prefix, rel)
    }

    /// The origin, e.g. `http://127.0.0.1:41234`.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Every request path served so far, in order.
    pub fn requests(&self) -> Vec<String> {
        self.requests
            .lock()
            .map(|log| log.clone())
            .unwrap_or_default()
    }

    /// Serves another folder from now on (a new build deployed in place).
    pub fn set_root(&self, root: &Path) {
        if let Ok(mut current) = self.root.lock() {
            *current = root.to_path_buf();
        }
    }

    /// Cuts the network (every request is dropped unanswered) or restores it.
    pub fn set_unreachable(&self, unreachable: bool) {
        self.unreachable.store(unreachable, Ordering::SeqCst);
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn respond(root: &Path, prefix: &str, url: &str) -> Response<io::Cursor<Vec<u8>>> {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let Some(rel) = path.strip_prefix(prefix) else {
        return not_found();
    };
    let rel = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_owned()
    };
    let Some(file) = safe_join(root, &rel) else {
        return not_found();
    };
    match std::fs::read(&file) {
        Ok(body) => {
            let mut response = Response::from_data(body);
            for (name, value) in [
                ("Content-Type", content_type(&file)),
                // Tests that serve a new build must see it at once.
                ("Cache-Control", "no-cache"),
            ] {
                if let Ok(header) = Header::from_bytes(name, value) {
                    response.add_header(header);
                }
            }
            response
        }
        Err(_) => not_found(),
    }
}

/// Joins a URL path onto `root`, refusing anything that would leave it.
fn safe_join(root: &Path, rel: &str) -> Option<PathBuf> {
    let rel = Path::new(rel);
    if rel.components().all(|c| matches!(c, Component::Normal(_))) {
        Some(root.join(rel))
    } else {
        None
    }
}

fn not_found() -> Response<io::Cursor<Vec<u8>>> {
    Response::from_string("404 Not Found").with_status_code(404)
}

fn content_type(file: &Path) -> &'static str {
    match file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "md" | "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}
