//! The pure parts of `shinko-dist` (string in, string out) and the two folder operations.

use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use sha2::{Digest, Sha256};

/// The service worker template; see `sw.js` beside this file.
const SW_TEMPLATE: &str = include_str!("sw.js");

/// The single file's name inside `dist/`, so the hosted page can offer it for download.
pub const SINGLE_FILE_NAME: &str = "shinko.html";

/// What trunk's `index.html` loads.
#[derive(Debug, PartialEq, Eq)]
pub struct Assets {
    pub js: String,
    pub wasm: String,
    pub stylesheets: Vec<String>,
    pub icon: Option<String>,
}

/// The text between `start` and the next `end` after position `from`, with the index just
/// past it.
fn between<'a>(text: &'a str, start: &str, end: &str, from: usize) -> Option<(&'a str, usize)> {
    let rest = text.get(from..)?;
    let begin = rest.find(start)? + start.len();
    let len = rest.get(begin..)?.find(end)?;
    let value = rest.get(begin..begin + len)?;
    Some((value, from + begin + len + end.len()))
}

/// Every `href` of the `<link>` tags with `rel="{rel}"`, in document order.
fn link_hrefs(html: &str, rel: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some((tag, next)) = between(html, "<link ", ">", pos) {
        if tag.contains(&format!("rel=\"{rel}\""))
            && let Some((href, _)) = between(tag, "href=\"", "\"", 0)
        {
            out.push(href.trim_start_matches("./").to_owned());
        }
        pos = next;
    }
    out
}

/// Reads the asset names out of trunk's `index.html`.
pub fn parse_index(html: &str) -> Result<Assets, String> {
    let (script, _) =
        inline_module_script(html).ok_or("index.html に trunk の読み込みスクリプトがありません")?;
    let (js, _) = between(script, "from './", "'", 0)
        .ok_or("読み込みスクリプトに JavaScript の名前がありません")?;
    // trunk writes `module_or_path: './x_bg.wasm'`; a finalized page starts it earlier
    // (`module_or_path: self.shinkoWasm || './x_bg.wasm'`, see [`early_start`]).
    let (wasm, _) = between(script, "module_or_path: ", "}", 0)
        .and_then(|(arg, _)| between(arg, "'./", "'", 0))
        .ok_or("読み込みスクリプトに wasm の名前がありません")?;
    Ok(Assets {
        js: js.to_owned(),
        wasm: wasm.to_owned(),
        stylesheets: link_hrefs(html, "stylesheet"),
        icon: link_hrefs(html, "icon").into_iter().next(),
    })
}

/// The content of the first inline `<script type="module">` and its byte range.
fn inline_module_script(html: &str) -> Option<(&str, std::ops::Range<usize>)> {
    let open = "<script type=\"module\">";
    let start = html.find(open)? + open.len();
    let len = html.get(start..)?.find("</script>")?;
    Some((html.get(start..start + len)?, start..start + len))
}

/// The content of every inline `<script>` (one without `src`), in document order.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some((attrs, body_start)) = between(html, "<script", ">", pos) {
        let Some(len) = html
            .get(body_start..)
            .and_then(|rest| rest.find("</script>"))
        else {
            break;
        };
        if !attrs.contains("src=")
            && let Some(body) = html.get(body_start..body_start + len)
        {
            out.push(body);
        }
        pos = body_start + len;
    }
    out
}

/// A CSP source expression for inline content: `'sha256-…'` of its exact text.
pub fn csp_hash(content: &str) -> String {
    format!(
        "'sha256-{}'",
        BASE64.encode(Sha256::digest(content.as_bytes()))
    )
}

/// The hosted build's policy: only its own files, the page's inline scripts (trunk's loader
/// and the storage prime, by hash), and `wasm-unsafe-eval` to compile WebAssembly. No
/// `eval`, no inline styles.
pub fn hosted_csp(script_hashes: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {script_hashes}; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; \
         manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'none'"
    )
}

/// The single file's policy: nothing may be loaded at all; the one inline script and the
/// one inline style are allowed by hash.
pub fn single_csp(script_hash: &str, style_hash: &str) -> String {
    format!(
        "default-src 'none'; script-src 'wasm-unsafe-eval' {script_hash}; \
         style-src {style_hash}; img-src data:; object-src 'none'; base-uri 'none'; \
         form-action 'none'"
    )
}

fn csp_meta(policy: &str) -> String {
    format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">")
}

/// Removes a `<meta …>` tag that starts with `marker`, with the line break and indent it
/// was inserted with.
fn remove_meta(html: &mut String, marker: &str) -> Result<(), String> {
    if let Some(start) = html.find(marker) {
        let end = html
            .get(start..)
            .and_then(|rest| rest.find('>'))
            .map(|len| start + len + 1)
            .ok_or("index.html の meta が閉じていません")?;
        let line_start = html
            .get(..start)
            .map_or(start, |before| before.trim_end_matches([' ', '\n']).len());
        html.replace_range(line_start..end, "");
    }
    Ok(())
}

/// Finishes trunk's `index.html` for hosting: the policy (with the hashes of the inline
/// scripts), `<meta name="shinko-build" content="hosted">`, which tells the app to register
/// its service worker, and the early start ([`early_start`]) in place of trunk's preload of
/// the wasm. Running it again gives the same file.
pub fn finalize_index(html: &str) -> Result<String, String> {
    let mut html = html.to_owned();
    remove_meta(&mut html, "<meta http-equiv=\"Content-Security-Policy\"")?;
    remove_meta(&mut html, "<meta name=\"shinko-build\"")?;
    remove_early_start(&mut html);
    let assets = parse_index(&html)?;
    let wasm = format!("./{}", assets.wasm);
    // trunk's preload of the wasm: the early start fetches it instead.
    let mut pos = 0;
    while let Some((tag, next)) = between(&html, "<link ", ">", pos) {
        if tag.contains("rel=\"preload\"") && tag.contains(&format!("href=\"{wasm}\"")) {
            let start = next - tag.len() - "<link >".len();
            html.replace_range(start..next, "");
            break;
        }
        pos = next;
    }
    let trunk_call = format!("module_or_path: '{wasm}'");
    if html.contains(&trunk_call) {
        html = html.replacen(
            &trunk_call,
            &format!("module_or_path: self.shinkoWasm || '{wasm}'"),
            1,
        );
    }
    let early = early_start(&wasm);
    let mut hashes: Vec<String> = inline_scripts(&html).into_iter().map(csp_hash).collect();
    hashes.push(csp_hash(&early));
    let csp = csp_meta(&hosted_csp(&hashes.join(" ")));
    let charset = "<meta charset=\"utf-8\">";
    let at = html
        .find(charset)
        .ok_or("index.html に <meta charset=\"utf-8\"> がありません")?
        + charset.len();
    html.insert_str(
        at,
        &format!(
            "\n    {csp}\n    <meta name=\"shinko-build\" content=\"hosted\">\n    <script>{early}</script>"
        ),
    );
    Ok(html)
}

/// How the early start's script begins (to find it again when finalizing twice).
const EARLY_START_MARK: &str = "<script>self.shinkoWasm = ";

/// Removes the early start's script with the line break and indent it was inserted with.
fn remove_early_start(html: &mut String) {
    let Some(start) = html.find(EARLY_START_MARK) else {
        return;
    };
    let close = "</script>";
    let Some(end) = html
        .get(start..)
        .and_then(|rest| rest.find(close))
        .map(|len| start + len + close.len())
    else {
        return;
    };
    let line_start = html
        .get(..start)
        .map_or(start, |before| before.trim_end_matches([' ', '\n']).len());
    html.replace_range(line_start..end, "");
}

/// The hosted page's first script, in the head before the style sheets (which would hold a
/// later inline script back until they load): it asks for the wasm and starts compiling it
/// at once, then reads localStorage ([`PRIME_STORAGE`]) while the wasm arrives and
/// compiles. trunk's loader, which runs only once the whole page is parsed, passes the
/// compiling module to the app's start. A server that does not send the wasm as
/// `application/wasm` makes streaming compilation fail; the module is then compiled from
/// the downloaded bytes, as wasm-bindgen's own loader does.
///
/// The fetch carries no `integrity` (trunk's preload did): checking it holds the bytes back
/// until all 2.4 MB are hashed, and `main` started 15–18 ms later in alternating loads. The
/// wasm comes from the page's own origin (the policy allows no other), whose server could
/// change the page's hashes as easily as the wasm.
pub fn early_start(wasm: &str) -> String {
    format!(
        "self.shinkoWasm = (() => {{ const get = () => fetch(\"{wasm}\"); \
         const bytes = () => get().then((r) => r.arrayBuffer()).then((b) => WebAssembly.compile(b)); \
         try {{ return WebAssembly.compileStreaming(get()).catch(bytes); }} catch (e) {{ return bytes(); }} }})(); \
         {PRIME_STORAGE}"
    )
}

/// A short version that changes whenever any file of the build changes.
pub fn build_version(files: &[(String, Vec<u8>)]) -> String {
    let mut hasher = Sha256::new();
    for (name, contents) in files {
        hasher.update(name.as_bytes());
        hasher.update([0]);
        hasher.update(contents);
    }
    hasher
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The service worker for one build: its version and the files it keeps.
pub fn service_worker(version: &str, files: &[String]) -> Result<String, String> {
    let mut list = vec!["./".to_owned()];
    list.extend(files.iter().map(|f| format!("./{f}")));
    let list = serde_json::to_string_pretty(&list).map_err(|e| e.to_string())?;
    Ok(SW_TEMPLATE
        .replace("__SHINKO_VERSION__", version)
        .replace("__SHINKO_FILES__", &list))
}

/// Reads localStorage once, so Chromium loads the origin's storage (a synchronous read of
/// all of it, some 15–20 ms for a large plan) while the wasm downloads or compiles rather
/// than after, when the app first asks. The hosted page runs it in [`early_start`]; the
/// single file once the wasm's compilation has started.
pub const PRIME_STORAGE: &str = "try { window.localStorage.length; } catch (e) {}";

/// Shown from the first paint until the app replaces it (`src/main.rs` removes it); if the
/// app cannot start, it says what to do. Kept the same as in `index.html`.
pub const BOOT: &str = "<p id=\"shinko-boot\" class=\"boot\">Shinko を読み込んでいます…\
     表示が変わらないときは、Microsoft Edge または Google Chrome の新しい版で開いてください。</p>";

/// One self-contained page: the glue and the wasm (base64) in one module script, every
/// stylesheet in one style element, the icon as a data URL.
pub fn single_html(
    title: &str,
    glue_js: &str,
    wasm: &[u8],
    stylesheets: &[String],
    icon_svg: Option<&[u8]>,
) -> Result<String, String> {
    // The glue is wasm-bindgen's `--target web` module; it defines `__wbg_init`, which
    // accepts the module's bytes directly, so nothing is fetched.
    if !glue_js.contains("async function __wbg_init(") {
        return Err(
            "wasm-bindgen の JavaScript に __wbg_init がありません（版が変わりましたか）".into(),
        );
    }
    // `Uint8Array.fromBase64` (Chrome and Edge 140+) decodes natively; older browsers take
    // the byte-by-byte way.
    let script = format!(
        "{}\nconst wasmBase64 = \"{}\";\n\
         const bytes = typeof Uint8Array.fromBase64 === \"function\"\n  \
         ? Uint8Array.fromBase64(wasmBase64)\n  \
         : Uint8Array.from(atob(wasmBase64), (c) => c.charCodeAt(0));\n\
         const started = __wbg_init({{ module_or_path: bytes }});\n{PRIME_STORAGE}\nawait started;\n",
        glue_js.replace("</script", "<\\/script"),
        BASE64.encode(wasm)
    );
    let style = stylesheets.join("\n").replace("</style", "<\\/style");
    let icon = icon_svg
        .map(|svg| {
            format!(
                "\n    <link rel=\"icon\" href=\"data:image/svg+xml;base64,{}\">",
                BASE64.encode(svg)
            )
        })
        .unwrap_or_default();
    let meta = csp_meta(&single_csp(&csp_hash(&script), &csp_hash(&style)));
    Ok(format!(
        "<!DOCTYPE html>\n<html lang=\"ja\">\n  <head>\n    <meta charset=\"utf-8\">\n    \
         {meta}\n    <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n    \
         <meta name=\"shinko-build\" content=\"single-file\">\n    <title>{title}</title>{icon}\n    \
         <style>{style}</style>\n  </head>\n  <body>\n    <noscript><p>このアプリを使うには \
         JavaScript を有効にしてください（Microsoft Edge または Google Chrome）。</p></noscript>\n    \
         {BOOT}\n    <script type=\"module\">{script}</script>\n  </body>\n</html>\n"
    ))
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{} を読めません: {e}", path.display()))
}

fn read_text(path: &Path) -> Result<String, String> {
    String::from_utf8(read(path)?)
        .map_err(|_| format!("{} が UTF-8 ではありません", path.display()))
}

/// Every file below `dir`, as paths relative to it with `/`, sorted.
fn files_below(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let entries = std::fs::read_dir(&current)
            .map_err(|e| format!("{} を読めません: {e}", current.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(dir) {
                out.push(rel.to_path_buf());
            }
        }
    }
    out.sort();
    Ok(out)
}

/// `finalize DIST`: the CSP into `index.html`, then `sw.js` listing every file. Returns
/// how many files the service worker keeps.
pub fn finalize_dir(dist: &Path) -> Result<usize, String> {
    let index_path = dist.join("index.html");
    let html = finalize_index(&read_text(&index_path)?)?;
    std::fs::write(&index_path, html)
        .map_err(|e| format!("{} に書けません: {e}", index_path.display()))?;

    let mut files = Vec::new();
    for rel in files_below(dist)? {
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        // The worker itself and the single file (a download, not part of the page).
        if name == "sw.js" || name == SINGLE_FILE_NAME {
            continue;
        }
        let contents = read(&dist.join(&rel))?;
        files.push((name, contents));
    }
    let version = build_version(&files);
    let names: Vec<String> = files.into_iter().map(|(name, _)| name).collect();
    let sw = service_worker(&version, &names)?;
    std::fs::write(dist.join("sw.js"), sw).map_err(|e| format!("sw.js に書けません: {e}"))?;
    Ok(names.len())
}

/// `single DIST OUT`: the self-contained page. Returns its size in bytes.
pub fn single_dir(dist: &Path, out: &Path) -> Result<usize, String> {
    let index = read_text(&dist.join("index.html"))?;
    let assets = parse_index(&index)?;
    let title = between(&index, "<title>", "</title>", 0)
        .map(|(t, _)| t.to_owned())
        .unwrap_or_else(|| "Shinko".to_owned());
    let glue = read_text(&dist.join(&assets.js))?;
    let wasm = read(&dist.join(&assets.wasm))?;
    let mut css = Vec::new();
    for sheet in &assets.stylesheets {
        css.push(read_text(&dist.join(sheet))?);
    }
    let icon = match &assets.icon {
        Some(icon) if icon.ends_with(".svg") => Some(read(&dist.join(icon))?),
        _ => None,
    };
    let html = single_html(&title, &glue, &wasm, &css, icon.as_deref())?;
    std::fs::write(out, &html).map_err(|e| format!("{} に書けません: {e}", out.display()))?;
    Ok(html.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    const INDEX: &str = r#"<!DOCTYPE html>
<html lang="ja">
  <head>
    <meta charset="utf-8">
    <title>Shinko 産業振興計画</title>
    <link rel="icon" href="./icon-abc.svg" integrity="sha384-x"/>
    <link rel="stylesheet" href="./main-1.css" integrity="sha384-y"/>
    <link rel="stylesheet" href="./print-2.css" integrity="sha384-z"/>
<script type="module">
import init, * as bindings from './shinko-9.js';
const wasm = await init({ module_or_path: './shinko-9_bg.wasm' });
</script>
  <link rel="modulepreload" href="./shinko-9.js" integrity="sha384-j"><link rel="preload" href="./shinko-9_bg.wasm" crossorigin="anonymous" integrity="sha384-w" as="fetch" type="application/wasm"></head>
</html>"#;

    #[test]
    fn reads_trunks_asset_names_in_order() {
        assert_eq!(
            parse_index(INDEX).unwrap(),
            Assets {
                js: "shinko-9.js".into(),
                wasm: "shinko-9_bg.wasm".into(),
                stylesheets: vec!["main-1.css".into(), "print-2.css".into()],
                icon: Some("icon-abc.svg".into()),
            }
        );
        assert!(parse_index("<html></html>").is_err());
    }

    #[test]
    fn csp_hash_matches_a_known_sha256() {
        // sha256("") = 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU= (FIPS 180-2 empty string).
        assert_eq!(
            csp_hash(""),
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
        );
    }

    #[test]
    fn finalize_hashes_the_loader_marks_the_build_and_is_idempotent() {
        let once = finalize_index(INDEX).unwrap();
        let script = inline_module_script(&once).unwrap().0;
        assert!(once.contains(&csp_hash(script)));
        // The early start is allowed by its hash too.
        let early = early_start("./shinko-9_bg.wasm");
        assert!(once.contains(&format!("<script>{early}</script>")));
        assert!(once.contains(&csp_hash(&early)));
        assert_eq!(inline_scripts(&once).len(), 2);
        assert!(once.contains("script-src 'self' 'wasm-unsafe-eval'"));
        assert!(!once.contains("unsafe-inline"));
        assert!(once.contains("<meta name=\"shinko-build\" content=\"hosted\">"));
        let twice = finalize_index(&once).unwrap();
        assert_eq!(once, twice);
        assert_eq!(twice.matches("Content-Security-Policy").count(), 1);
        assert_eq!(twice.matches("shinko-build").count(), 1);
        assert_eq!(twice.matches(EARLY_START_MARK).count(), 1);
        // The single file still finds the assets in a finalized page.
        assert_eq!(parse_index(&twice).unwrap(), parse_index(INDEX).unwrap());
    }

    #[test]
    fn the_early_start_comes_first_and_replaces_the_preload() {
        let html = finalize_index(INDEX).unwrap();
        let early = html.find(EARLY_START_MARK).unwrap();
        // Before the style sheets, which hold an inline script back until they load.
        assert!(early < html.find("rel=\"stylesheet\"").unwrap());
        assert!(html.find("Content-Security-Policy").unwrap() < early);
        // Fetched once, by the early start.
        assert!(!html.contains("rel=\"preload\""));
        assert!(html.contains("rel=\"modulepreload\""));
        let script = &html[early..];
        assert!(script.contains("const get = () => fetch(\"./shinko-9_bg.wasm\");"));
        assert!(script.contains("WebAssembly.compileStreaming(get()).catch(bytes)"));
        assert!(script.contains(PRIME_STORAGE));
        // trunk's loader takes the compiling module, or fetches the wasm itself without it.
        assert!(html.contains("init({ module_or_path: self.shinkoWasm || './shinko-9_bg.wasm' })"));
    }

    #[test]
    fn index_html_leaves_inline_scripts_to_finalize() {
        // Every inline script of the hosted page is added by `finalize_index` and allowed
        // by its hash; the source page has none of its own.
        let index = include_str!("../../../index.html");
        assert!(inline_scripts(index).is_empty());
    }

    #[test]
    fn service_worker_lists_the_build_and_changes_with_it() {
        let a = vec![("a.js".to_owned(), b"1".to_vec())];
        let b = vec![("a.js".to_owned(), b"2".to_vec())];
        assert_ne!(build_version(&a), build_version(&b));
        assert_eq!(build_version(&a), build_version(&a));
        let sw = service_worker("v1", &["a.js".into(), "samples/x.json".into()]).unwrap();
        assert!(sw.contains("const VERSION = \"v1\";"));
        assert!(sw.contains("\"./samples/x.json\""));
        assert!(sw.contains("\"./\""));
        assert!(!sw.contains("__SHINKO_"));
    }

    #[test]
    fn single_html_inlines_everything_and_hashes_what_it_inlines() {
        let glue = "async function __wbg_init(m) {}\nconst s = '</script>';";
        let html = single_html(
            "T",
            glue,
            &[0, 97, 115, 109],
            &["body{}".into()],
            Some(b"<svg/>"),
        )
        .unwrap();
        let script = inline_module_script(&html).unwrap().0;
        assert!(
            script.contains("<\\/script>"),
            "a closing tag in the glue is escaped"
        );
        assert!(script.contains(&BASE64.encode([0u8, 97, 115, 109])));
        assert!(script.contains("Uint8Array.fromBase64(wasmBase64)"));
        assert!(script.find("const started = __wbg_init(") < script.find(PRIME_STORAGE));
        assert!(html.contains("id=\"shinko-boot\""));
        assert!(html.contains(&csp_hash(script)));
        assert!(html.contains(&csp_hash("body{}")));
        assert!(html.contains("default-src 'none'"));
        assert!(html.contains("data:image/svg+xml;base64,"));
        assert!(html.contains("<meta name=\"shinko-build\" content=\"single-file\">"));
        // Nothing refers to another file.
        assert!(!html.contains("src=\"./") && !html.contains("href=\"./"));
    }

    #[test]
    fn single_html_refuses_an_unknown_glue() {
        assert!(single_html("T", "export default function init() {}", &[], &[], None).is_err());
    }
}
