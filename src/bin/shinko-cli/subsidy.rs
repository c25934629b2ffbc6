//! `shinko-cli subsidy` (work in progress: issue 4).

use std::process::ExitCode;

#[derive(clap::Args)]
pub struct SubsidyArgs {}

pub fn run(_args: SubsidyArgs) -> ExitCode {
    eprintln!("エラー: subsidy はまだ実装されていません。");
    ExitCode::from(2)
}
