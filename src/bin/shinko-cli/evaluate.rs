//! `shinko-cli evaluate PLAN.json [--format json|csv]`: every KPI's rating per fiscal year of
//! the plan period, for staff who batch-check plan files on a shared folder.
//!
//! Output rows: `node_path`, `kpi`, `fiscal_year`, `target`, `actual`, `ratio_percent`,
//! `rating`, `explanation`. A file that cannot be read, is not a plan, or fails validation
//! prints the messages on stderr and exits with status 2.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rust_decimal::Decimal;
use serde_json::{Value, json};
use shinko::domain::file::import_plan;
use shinko::domain::plan::{Plan, rate_kpi_year};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Json,
    Csv,
}

#[derive(clap::Args)]
pub struct EvaluateArgs {
    /// 計画ファイル（shinko-plan 形式の JSON）
    pub plan: PathBuf,
    /// 出力形式
    #[arg(long, value_enum, default_value_t = OutputFormat::Json)]
    pub format: OutputFormat,
    /// CSV の先頭に UTF-8 BOM を付ける（Excel でそのまま開く場合）
    #[arg(long)]
    pub bom: bool,
}

pub fn run(args: EvaluateArgs) -> ExitCode {
    let plan = match load(&args.plan) {
        Ok(plan) => plan,
        Err(messages) => {
            for m in messages {
                eprintln!("{m}");
            }
            return ExitCode::from(2);
        }
    };
    let rows = rows(&plan);
    match args.format {
        OutputFormat::Json => match serde_json::to_string_pretty(&Value::Array(rows)) {
            Ok(text) => println!("{text}"),
            Err(e) => {
                eprintln!("出力を作れませんでした: {e}");
                return ExitCode::from(2);
            }
        },
        OutputFormat::Csv => print!("{}", csv(&rows, args.bom)),
    }
    ExitCode::SUCCESS
}

/// Reads a plan file through the same staged import as the app (size, encoding, JSON,
/// format, version, migrations, validation); every message when it fails.
fn load(path: &Path) -> Result<Plan, Vec<String>> {
    let shown = path.display();
    let bytes = std::fs::read(path).map_err(|e| {
        vec![format!(
            "{shown}: ファイルを読めません（{e}）。パスを確認してください。"
        )]
    })?;
    import_plan(&bytes)
        .map(|envelope| envelope.data)
        .map_err(|err| vec![format!("{shown}: {err}")])
}

fn dec(v: Option<Decimal>) -> Value {
    v.map_or(Value::Null, |d| Value::String(d.normalize().to_string()))
}

/// The rate in percent as a JSON number with one decimal. The engine has already rounded
/// it half up, exactly, in decimal; the conversion only serves printing, and a one-decimal
/// value prints back exactly (37.8 → `37.8`).
fn percent_number(percent: Option<Decimal>) -> Value {
    percent
        .and_then(|mut p| {
            p.rescale(1);
            rust_decimal::prelude::ToPrimitive::to_f64(&p)
        })
        .and_then(serde_json::Number::from_f64)
        .map_or(Value::Null, Value::Number)
}

fn rows(plan: &Plan) -> Vec<Value> {
    let mut out = Vec::new();
    for (path, kpi) in plan.kpis() {
        let node_path: Vec<String> = path.iter().map(|n| n.display_name()).collect();
        for fy in plan.period.years() {
            let r = rate_kpi_year(&plan.rating, &plan.period, kpi, fy, plan.display.year_style);
            out.push(json!({
                "node_path": node_path,
                "kpi": kpi.name,
                "fiscal_year": fy.0,
                "target": dec(r.target),
                "actual": dec(r.actual),
                "ratio_percent": percent_number(r.percent),
                "rating": r.label(),
                "explanation": r.explanation,
            }));
        }
    }
    out
}

const COLUMNS: [&str; 8] = [
    "node_path",
    "kpi",
    "fiscal_year",
    "target",
    "actual",
    "ratio_percent",
    "rating",
    "explanation",
];

/// RFC 4180 CSV; `node_path` is joined with 「 > 」.
fn csv(rows: &[Value], bom: bool) -> String {
    let mut out = String::new();
    if bom {
        out.push('\u{FEFF}');
    }
    out.push_str(&COLUMNS.join(","));
    out.push_str("\r\n");
    for row in rows {
        let cells: Vec<String> = COLUMNS
            .iter()
            .map(|c| match row.get(c) {
                Some(Value::Array(items)) => items
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(" > "),
                Some(Value::String(s)) => s.clone(),
                Some(Value::Number(n)) => n.to_string(),
                _ => String::new(),
            })
            .map(|cell| {
                if cell.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", cell.replace('"', "\"\""))
                } else {
                    cell
                }
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}
