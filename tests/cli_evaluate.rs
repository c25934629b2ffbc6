//! `shinko-cli evaluate`: JSON and CSV output, and exit status 2 with the validator's messages.

// Test helpers may unwrap: a panic is a test failure with its location.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

use serde_json::Value;

fn cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_shinko-cli"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap()
}

const AKIRUNO: &str = "public/samples/akiruno-shokogyo-plan.json";

#[test]
fn json_has_one_object_per_kpi_and_year() {
    let out = cli(&["evaluate", AKIRUNO, "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows.len(), 14 * 4, "14 KPIs × 令和5–8年度");
    let first = &rows[2];
    assert_eq!(
        first["node_path"],
        serde_json::json!([
            "地域経済循環の担い手となる事業者の育成",
            "事業承継の促進",
            "事業承継セミナー"
        ])
    );
    assert_eq!(first["kpi"], "参加者数");
    assert_eq!(first["fiscal_year"], 2025);
    assert_eq!(first["target"], "45");
    assert_eq!(first["actual"], "17");
    assert_eq!(first["ratio_percent"], 37.8);
    assert_eq!(first["rating"], "C");
    assert_eq!(
        first["explanation"],
        "実績 17 ÷ 目標 45 = 37.8% → C（50%以下）"
    );
    let unrated = &rows[3];
    assert_eq!(
        (unrated["fiscal_year"].as_u64(), &unrated["rating"]),
        (Some(2026), &Value::from("未評価"))
    );
    assert_eq!(
        (&unrated["actual"], &unrated["ratio_percent"]),
        (&Value::Null, &Value::Null)
    );
    let keys: Vec<&String> = first.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 8);
    // Default format is JSON.
    assert_eq!(cli(&["evaluate", AKIRUNO]).stdout, out.stdout);
}

#[test]
fn csv_has_a_header_and_the_same_rows() {
    let out = cli(&["evaluate", AKIRUNO, "--format", "csv"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "node_path,kpi,fiscal_year,target,actual,ratio_percent,rating,explanation"
    );
    assert_eq!(lines.len(), 1 + 14 * 4);
    assert_eq!(
        lines[3],
        "地域経済循環の担い手となる事業者の育成 > 事業承継の促進 > 事業承継セミナー,参加者数,2025,45,17,37.8,C,実績 17 ÷ 目標 45 = 37.8% → C（50%以下）"
    );
    // Commas inside a field are quoted.
    assert!(
        lines
            .iter()
            .any(|l| l.contains("\"実績 23,000 ÷ 目標 30,000 = 76.7% → B（50%超90%未満）\""))
    );
    let bom = cli(&["evaluate", AKIRUNO, "--format", "csv", "--bom"]);
    assert!(bom.stdout.starts_with("\u{FEFF}node_path".as_bytes()));
}

#[test]
fn every_sample_evaluates() {
    for name in [
        "atsugi-sangyo-master-plan",
        "hiratsuka-gyosei-hyoka",
        "hiratsuka-kobetsu-shisaku-h27",
    ] {
        let out = cli(&["evaluate", &format!("public/samples/{name}.json")]);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let rows: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
        assert!(!rows.is_empty());
    }
}

#[test]
fn invalid_or_malformed_files_exit_2_with_messages() {
    let dir = std::env::temp_dir().join(format!("shinko-cli-evaluate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let invalid = dir.join("invalid.json");
    let plan = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/plan/invalid.json"
    ))
    .unwrap();
    std::fs::write(
        &invalid,
        format!(r#"{{"format":"shinko-plan","schema_version":1,"app_version":"0.1.0","exported_at":"2025-01-01T00:00:00+09:00","data":{plan}}}"#),
    )
    .unwrap();
    let out = cli(&["evaluate", invalid.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    // Its falling 累計 is a warning (要確認), not one of the errors.
    assert!(err.contains("誤りが 6 件"), "{err}");
    assert!(!err.contains("累計の実績が前の年度"), "{err}");
    assert!(err.contains("計画名が空です"), "{err}");
    assert!(err.contains("ID「dup」が2か所で使われています"), "{err}");
    assert!(out.stdout.is_empty());

    let cases: [(&str, &str); 4] = [
        ("broken.json", "{ not json"),
        (
            "other.json",
            r#"{"format":"shinko-subsidy-catalogue","schema_version":1,"app_version":"0.1.0","exported_at":"x","data":{}}"#,
        ),
        (
            "newer.json",
            r#"{"format":"shinko-plan","schema_version":99,"app_version":"9.0.0","exported_at":"x","data":{}}"#,
        ),
        (
            "shape.json",
            r#"{"format":"shinko-plan","schema_version":1,"app_version":"0.1.0","exported_at":"x","data":{"id":1}}"#,
        ),
    ];
    let expected = [
        "JSON として読めません",
        "ここで読み込めるのは計画ファイルです",
        "新しい版の Shinko",
        "ファイルの内容に誤り",
    ];
    for ((name, body), msg) in cases.iter().zip(expected) {
        let path = dir.join(name);
        std::fs::write(&path, body).unwrap();
        let out = cli(&["evaluate", path.to_str().unwrap(), "--format", "csv"]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(msg),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = cli(&["evaluate", dir.join("missing.json").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ファイルを読めません"));
    std::fs::remove_dir_all(&dir).unwrap();
}
