//! `shinko-cli subsidy CATALOGUE.json --program ID [--course ID] --set NAME=VALUE … --format json`:
//! the amount with every step; `--describe` lists programmes, courses and inputs.
//! Bad input exits 2 with a message in Japanese; a not-eligible result is an answer (exit 0).

use std::collections::BTreeMap;
use std::process::ExitCode;

use shinko::domain::file::import_catalogue;
use shinko::domain::subsidy::{
    Calculation, Catalogue, InputDef, InputKind, SubsidyProgram, TaxBasis, calculate, parse_input,
    select_course, show_value,
};

#[derive(clap::Args)]
pub struct SubsidyArgs {
    /// 補助金カタログファイル（shinko-subsidy-catalogue 形式の JSON）
    pub catalogue: std::path::PathBuf,
    /// 制度の id（--describe で確認できます）
    #[arg(long)]
    pub program: Option<String>,
    /// コースの id（コースが1つの制度では省略可）
    #[arg(long)]
    pub course: Option<String>,
    /// 入力値 NAME=VALUE（例: --set cost=7654321）。複数指定可
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub set: Vec<String>,
    /// 出力形式
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// 制度・コース・入力項目の一覧を表示する
    #[arg(long)]
    pub describe: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}

pub fn run(args: SubsidyArgs) -> ExitCode {
    match execute(&args) {
        Ok(out) => {
            println!("{out}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("エラー: {message}");
            ExitCode::from(2)
        }
    }
}

fn execute(args: &SubsidyArgs) -> Result<String, String> {
    let bytes = std::fs::read(&args.catalogue).map_err(|e| {
        format!(
            "カタログファイル {} を読めません（{e}）。パスを確認してください。",
            args.catalogue.display()
        )
    })?;
    // The same staged reader as the app and `evaluate`: size, encoding, JSON, format,
    // version, migrations, then the catalogue's own checks.
    let catalogue = import_catalogue(&bytes)
        .map_err(|e| format!("{}: {e}", args.catalogue.display()))?
        .data;
    if args.describe {
        return describe(&catalogue, args.program.as_deref(), args.format);
    }
    let program_id = args.program.as_deref().ok_or_else(|| {
        format!(
            "--program で制度を指定してください。指定できる制度: {}",
            program_list(&catalogue)
        )
    })?;
    let program = find_program(&catalogue, program_id)?;
    let course = select_course(program, args.course.as_deref()).map_err(|e| e.to_string())?;
    let mut inputs = BTreeMap::new();
    for pair in &args.set {
        let (name, value) = pair.split_once('=').ok_or_else(|| {
            format!(
                "--set「{pair}」は NAME=VALUE の形で指定してください（例: --set cost=7654321）。"
            )
        })?;
        let name = name.trim();
        let def = program.input(course, name).ok_or_else(|| {
            let ids: Vec<&str> = program.inputs_for(course).map(|d| d.id.as_str()).collect();
            format!(
                "制度「{}」（{}）に入力項目「{name}」はありません。指定できる項目: {}",
                program.name,
                course.name,
                ids.join(", ")
            )
        })?;
        let value = parse_input(def, value).map_err(|e| e.to_string())?;
        if inputs.insert(name.to_owned(), value).is_some() {
            return Err(format!(
                "入力項目「{name}」が2回指定されています。1回だけ指定してください。"
            ));
        }
    }
    let calc = calculate(program, Some(&course.id), &inputs).map_err(|e| e.to_string())?;
    Ok(match args.format {
        OutputFormat::Json => json_output(&calc),
        OutputFormat::Text => text_output(program, &course.name, &calc),
    })
}

fn find_program<'a>(catalogue: &'a Catalogue, id: &str) -> Result<&'a SubsidyProgram, String> {
    catalogue.program(id).ok_or_else(|| {
        format!(
            "制度「{id}」はカタログにありません。指定できる制度: {}",
            program_list(catalogue)
        )
    })
}

fn program_list(catalogue: &Catalogue) -> String {
    catalogue
        .programs
        .iter()
        .map(|p| format!("{}（{}）", p.id, p.name))
        .collect::<Vec<_>>()
        .join("、")
}

fn json_output(calc: &Calculation) -> String {
    let value = serde_json::json!({
        "eligible": calc.eligible,
        "amount": calc.amount,
        "steps": calc.steps.iter().map(|s| s.text.as_str()).collect::<Vec<_>>(),
        "reasons": calc.reasons,
    });
    serde_json::to_string_pretty(&value).unwrap_or_else(|_| value.to_string())
}

fn text_output(program: &SubsidyProgram, course_name: &str, calc: &Calculation) -> String {
    let mut out = format!("{}（{}）\n", program.name, course_name);
    for check in &calc.checks {
        out.push_str(&format!("  要件 {check}\n"));
    }
    for step in &calc.steps {
        out.push_str(&format!("  {}\n", step.text));
    }
    if calc.eligible {
        out.push_str(&format!(
            "算定額: {}",
            shinko::domain::format::yen(calc.amount)
        ));
    } else {
        out.push_str("対象外:\n");
        out.push_str(
            &calc
                .reasons
                .iter()
                .map(|r| format!("  {r}"))
                .collect::<Vec<_>>()
                .join("\n"),
        );
    }
    out
}

fn kind_text(def: &InputDef) -> String {
    let tax = |t: &TaxBasis| match t {
        TaxBasis::Excluded => "税抜",
        TaxBasis::Included => "税込",
        TaxBasis::NotApplicable => "非課税",
    };
    match &def.kind {
        InputKind::Yen { tax: t } => format!("金額（円、{}）", tax(t)),
        InputKind::Count { unit } => format!("数（{unit}）"),
        InputKind::Flag => "はい／いいえ".into(),
        InputKind::Choice { options } => {
            format!(
                "選択: {}",
                options
                    .iter()
                    .map(|o| format!("{}={}", o.id, o.label))
                    .collect::<Vec<_>>()
                    .join(" / ")
            )
        }
        InputKind::YenList { tax: t, item } => {
            format!("金額の一覧（{item}ごと、円、{}、「;」区切り）", tax(t))
        }
    }
}

fn describe(
    catalogue: &Catalogue,
    only: Option<&str>,
    format: OutputFormat,
) -> Result<String, String> {
    let programs: Vec<&SubsidyProgram> = match only {
        Some(id) => vec![find_program(catalogue, id)?],
        None => catalogue.programs.iter().collect(),
    };
    if format == OutputFormat::Json {
        let value: Vec<_> = programs
            .iter()
            .map(|p| {
                serde_json::json!({
                    "id": p.id, "name": p.name, "fiscal_year": p.fiscal_year,
                    "courses": p.courses.iter().map(|c| serde_json::json!({
                        "id": c.id, "name": c.name,
                        "inputs": p.inputs_for(c).map(|d| serde_json::json!({
                            "id": d.id, "label": d.label, "unit": d.unit(), "kind": kind_text(d), "help": d.help,
                            "default": d.default.as_ref().map(|v| show_value(d, v)),
                        })).collect::<Vec<_>>(),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        return serde_json::to_string_pretty(&value).map_err(|e| e.to_string());
    }
    let mut out = format!("{} {}\n", catalogue.municipality, catalogue.department);
    for p in programs {
        out.push_str(&format!(
            "\n■ {}（--program {}）{}年度\n  根拠: {}\n",
            p.name, p.id, p.fiscal_year.0, p.legal_basis
        ));
        for c in &p.courses {
            out.push_str(&format!(
                "  コース: {}（--course {}）{}\n",
                c.name, c.id, c.description
            ));
            for d in p.inputs_for(c) {
                let default = d
                    .default
                    .as_ref()
                    .map(|v| format!(" 既定値: {}", show_value(d, v)))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "    --set {}=…  {} [{}]{default}\n      {}\n",
                    d.id,
                    d.label,
                    kind_text(d),
                    d.help
                ));
            }
        }
    }
    Ok(out.trim_end().to_owned())
}
