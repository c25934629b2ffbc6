//! `shinko-cli`: batch tools for plan files and subsidy catalogues on a shared folder.
//!
//! - `shinko-cli evaluate PLAN.json --format json|csv`: every KPI's rating per fiscal year.
//! - `shinko-cli subsidy CATALOGUE.json --program ID [--course ID] --set NAME=VALUE …`:
//!   the subsidy amount with every step of the calculation.
//!
//! Bad input exits with status 2 and a message in Japanese.

#[cfg(not(target_arch = "wasm32"))]
mod evaluate;
#[cfg(not(target_arch = "wasm32"))]
mod subsidy;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use clap::{Parser, Subcommand};

    #[derive(Parser)]
    #[command(
        name = "shinko-cli",
        version,
        about = "Shinko の計画ファイル・補助金カタログを扱うコマンド"
    )]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand)]
    enum Command {
        /// 計画ファイルの全成果指標を年度ごとに評価する
        Evaluate(evaluate::EvaluateArgs),
        /// 補助金カタログから補助額を計算する（計算過程つき）
        Subsidy(subsidy::SubsidyArgs),
    }

    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // clap prints help/version with exit 0 and usage errors with exit 2.
            let _ = err.print();
            return std::process::ExitCode::from(if err.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Evaluate(args) => evaluate::run(args),
        Command::Subsidy(args) => subsidy::run(args),
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
