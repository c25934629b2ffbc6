//! `shinko-cli evaluate` (work in progress: issue 3).

use std::process::ExitCode;

#[derive(clap::Args)]
pub struct EvaluateArgs {}

pub fn run(_args: EvaluateArgs) -> ExitCode {
    eprintln!("エラー: evaluate はまだ実装されていません。");
    ExitCode::from(2)
}
