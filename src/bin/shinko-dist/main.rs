//! `shinko-dist`: finishes trunk's release build for the two ways Shinko is delivered.
//!
//! - `shinko-dist finalize DIST`: adds the Content Security Policy to `DIST/index.html`
//!   (with the hash of trunk's inline loader script) and writes `DIST/sw.js`, the service
//!   worker that keeps every file of this build for offline use.
//! - `shinko-dist single DIST OUT`: writes one self-contained HTML file (JavaScript glue,
//!   wasm, CSS and icon inlined) that works opened from a shared folder via `file://`,
//!   where service workers and module imports of other files do not work.
//!
//! Errors exit with status 1 and a message.

#[cfg(not(target_arch = "wasm32"))]
mod bundle;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use std::path::PathBuf;
    use std::process::ExitCode;

    use clap::{Parser, Subcommand};

    #[derive(Parser)]
    #[command(name = "shinko-dist", about = "Shinko のリリースビルドを仕上げる")]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand)]
    enum Command {
        /// dist/index.html に CSP を入れ、dist/sw.js を書く
        Finalize { dist: PathBuf },
        /// 1 ファイル版 HTML を書く
        Single { dist: PathBuf, out: PathBuf },
    }

    let cli = Cli::parse();
    let result = match cli.command {
        Command::Finalize { dist } => bundle::finalize_dir(&dist).map(|files| {
            println!("dist/index.html に CSP を入れ、sw.js（{files} ファイルを保持）を書きました");
        }),
        Command::Single { dist, out } => bundle::single_dir(&dist, &out).map(|bytes| {
            println!("{}: {bytes} バイト", out.display());
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("エラー: {e}");
            ExitCode::from(1)
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
