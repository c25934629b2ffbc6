//! Writes the samples of `public/samples/` as compact JSON into `OUT_DIR`, for the app to
//! embed (`src/domain/plan/samples.rs`, `src/pages/subsidies.rs`). The files stay
//! pretty-printed for people and for `dist/samples/`; inside the wasm their indentation
//! would be some 117 KB of nothing. A file that does not parse is copied unchanged, so the
//! app still reports it in Japanese as it would any broken file.

use std::fs;
use std::path::Path;

fn main() {
    let samples = Path::new("public/samples");
    println!("cargo::rerun-if-changed={}", samples.display());
    let Some(out) = std::env::var_os("OUT_DIR") else {
        println!("cargo::error=OUT_DIR is not set");
        return;
    };
    let out = Path::new(&out).join("samples");
    if let Err(e) = fs::create_dir_all(&out) {
        println!("cargo::error=cannot create {}: {e}", out.display());
        return;
    }
    let entries = match fs::read_dir(samples) {
        Ok(entries) => entries,
        Err(e) => {
            println!("cargo::error=cannot read {}: {e}", samples.display());
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|x| x != "json") {
            continue;
        }
        println!("cargo::rerun-if-changed={}", path.display());
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => {
                println!("cargo::error=cannot read {}: {e}", path.display());
                return;
            }
        };
        let compact = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| serde_json::to_string(&v).ok())
            .unwrap_or(text);
        if let Err(e) = fs::write(out.join(entry.file_name()), compact) {
            println!("cargo::error=cannot write {}: {e}", out.display());
            return;
        }
    }
}
