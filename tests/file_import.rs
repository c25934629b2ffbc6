#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Staged import (issue 5): every sample imports, export → import round-trips exactly, and
//! every error class has its own variant and a Japanese message that says what to do.

use std::path::{Path, PathBuf};

use shinko::domain::envelope::{CATALOGUE_FORMAT, PLAN_FORMAT, SCHEMA_VERSION};
use shinko::domain::file::{
    EncodingProblem, FileKind, ImportError, Imported, MAX_FILE_BYTES, MigrationError,
    export_catalogue, export_plan, export_workspace, import_any, import_catalogue, import_plan,
    import_workspace,
};
use shinko::domain::workspace::Workspace;

const PLAN_SAMPLES: [&str; 4] = [
    "atsugi-sangyo-master-plan.json",
    "hiratsuka-gyosei-hyoka.json",
    "akiruno-shokogyo-plan.json",
    "hiratsuka-kobetsu-shisaku-h27.json",
];
const CATALOGUE_SAMPLE: &str = "ayase-shien-seido-catalogue.json";

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("public/samples")
            .join(name),
    )
    .unwrap()
}

fn fixture(name: &str) -> Vec<u8> {
    let path: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/file")
        .join(name);
    std::fs::read(path).unwrap()
}

fn plan_err(bytes: &[u8]) -> ImportError {
    import_plan(bytes).expect_err("must be refused")
}

#[test]
fn every_sample_imports_cleanly() {
    for name in PLAN_SAMPLES {
        let env = import_plan(&sample(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(env.format, PLAN_FORMAT);
        assert!(matches!(
            import_any(&sample(name)).unwrap(),
            Imported::Plan(_)
        ));
    }
    let env = import_catalogue(&sample(CATALOGUE_SAMPLE)).unwrap();
    assert_eq!(env.format, CATALOGUE_FORMAT);
    assert_eq!(
        import_any(&sample(CATALOGUE_SAMPLE)).unwrap().kind(),
        FileKind::Catalogue
    );
}

#[test]
fn export_then_import_gives_the_same_value_and_the_same_text() {
    let at = "2026-11-22T09:30:00+09:00";
    for name in PLAN_SAMPLES {
        let plan = import_plan(&sample(name)).unwrap().data;
        let file = export_plan(&plan, at).unwrap();
        assert!(
            file.file_name.ends_with("_2026-11-22.shinko-plan.json"),
            "{}",
            file.file_name
        );
        assert!(file.contents.ends_with("}\n"));
        let back = import_plan(file.contents.as_bytes()).unwrap();
        assert_eq!(back.data, plan, "{name}");
        assert_eq!(back.exported_at, at);
        assert_eq!(back.schema_version, SCHEMA_VERSION);
        assert_eq!(
            export_plan(&back.data, at).unwrap(),
            file,
            "{name}: stable text"
        );
    }
    let catalogue = import_catalogue(&sample(CATALOGUE_SAMPLE)).unwrap().data;
    let file = export_catalogue(&catalogue, at).unwrap();
    assert_eq!(
        import_catalogue(file.contents.as_bytes()).unwrap().data,
        catalogue
    );
    assert_eq!(
        file.file_name,
        "綾瀬市補助金カタログ_2026-11-22.shinko-subsidy-catalogue.json"
    );
}

#[test]
fn workspace_file_round_trips() {
    let mut ws = Workspace::default();
    for name in PLAN_SAMPLES {
        ws.plans.push(import_plan(&sample(name)).unwrap().data);
    }
    ws.add_catalogue(
        import_catalogue(&sample(CATALOGUE_SAMPLE)).unwrap().data,
        1,
        "2026-11-22T09:00:00+09:00",
    );
    let first = ws.plans[0].clone();
    ws.push_backup(
        &first,
        "2026-11-21T10:00:00+09:00",
        shinko::domain::workspace::BackupReason::Manual,
    );
    let file = export_workspace(&ws, "2026-11-22T09:30:00+09:00").unwrap();
    assert_eq!(
        file.file_name,
        "Shinkoバックアップ_2026-11-22.shinko-workspace.json"
    );
    assert_eq!(import_workspace(file.contents.as_bytes()).unwrap().data, ws);
    assert!(matches!(
        import_any(file.contents.as_bytes()).unwrap(),
        Imported::Workspace(_)
    ));
}

#[test]
fn utf8_bom_is_accepted() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(sample(PLAN_SAMPLES[3]));
    import_plan(&bytes).unwrap();
}

#[test]
fn too_large() {
    let bytes = vec![b' '; MAX_FILE_BYTES + 1];
    let e = plan_err(&bytes);
    assert_eq!(
        e,
        ImportError::TooLarge {
            bytes: MAX_FILE_BYTES + 1
        }
    );
    assert_eq!(
        e.to_string(),
        "ファイルが大きすぎます（20.0 MB）。読み込めるのは 20 MB までです。Shinko のファイルか確認してください。"
    );
    // Exactly the limit is not refused for its size.
    let at_limit = vec![b' '; MAX_FILE_BYTES];
    assert_eq!(plan_err(&at_limit), ImportError::Empty);
}

#[test]
fn empty() {
    for bytes in [&b""[..], b"   \n\t", b"\xEF\xBB\xBF", b"\xEF\xBB\xBF\r\n"] {
        let e = plan_err(bytes);
        assert_eq!(e, ImportError::Empty, "{bytes:?}");
        assert!(e.to_string().starts_with("ファイルが空です。"));
    }
}

fn encoding(bytes: &[u8]) -> EncodingProblem {
    match plan_err(bytes) {
        ImportError::Encoding(p) => p,
        other => panic!("{bytes:?}: {other:?}"),
    }
}

#[test]
fn wrong_encodings_are_named() {
    let text = String::from_utf8(sample(PLAN_SAMPLES[3])).unwrap();
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let mut le_bom = b"\xFF\xFE".to_vec();
    le_bom.extend(&le);
    let mut be_bom = b"\xFE\xFF".to_vec();
    be_bom.extend(&be);
    for bytes in [&le_bom, &be_bom, &le, &be] {
        assert_eq!(encoding(bytes), EncodingProblem::Utf16);
    }
    assert!(
        ImportError::Encoding(EncodingProblem::Utf16)
            .to_string()
            .contains("UTF-16")
    );
    // {"title": "計画"} in Shift_JIS.
    let sjis = b"{\"title\": \"\x8C\x76\x89\xE6\"}";
    assert_eq!(encoding(sjis), EncodingProblem::ShiftJis);
    assert!(
        ImportError::Encoding(EncodingProblem::ShiftJis)
            .to_string()
            .contains("Shift_JIS")
    );
    let zip = b"PK\x03\x04\x14\x00\x06\x00";
    let e = plan_err(zip);
    assert!(e.to_string().contains("Excel"), "{e}");
    assert!(matches!(
        encoding(b"%PDF-1.7\n"),
        EncodingProblem::Binary { .. }
    ));
    assert!(matches!(
        encoding(b"\x89PNG\r\n\x1a\n"),
        EncodingProblem::Binary { .. }
    ));
    assert!(matches!(
        encoding(b"{\x00\x01\x02\x00\xFF\x00\x00\x00\x07"),
        EncodingProblem::Binary { .. }
    ));
    // Valid UTF-8 with one damaged byte in the middle.
    let mut damaged = text.clone().into_bytes();
    let at = damaged.len() / 2;
    damaged.insert(at, 0xFF);
    let e = plan_err(&damaged);
    assert!(
        matches!(e, ImportError::Encoding(EncodingProblem::InvalidUtf8 { offset }) if offset > 0),
        "{e:?}"
    );
}

#[test]
fn truncated_files_say_so() {
    let e = plan_err(&fixture("truncated.shinko-plan.json"));
    assert_eq!(e, ImportError::Truncated { line: 6 });
    assert!(
        e.to_string()
            .starts_with("ファイルが途中で切れています（6行目で終わっています）")
    );
    for name in PLAN_SAMPLES {
        let bytes = sample(name);
        // Cut on a character boundary so the stage is JSON, not encoding.
        let text = String::from_utf8(bytes).unwrap();
        let mut cut = text.len() * 2 / 3;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let e = plan_err(&text.as_bytes()[..cut]);
        assert!(matches!(e, ImportError::Truncated { .. }), "{name}: {e:?}");
    }
}

#[test]
fn syntax_errors_give_line_and_column() {
    let e = plan_err(&fixture("not-json.shinko-plan.json"));
    match &e {
        ImportError::NotJson { line, detail, .. } => {
            assert_eq!(*line, 4);
            assert_eq!(detail, "「,」か「}」が必要です");
        }
        other => panic!("{other:?}"),
    }
    assert!(
        e.to_string().starts_with("JSON として読めません（4行目"),
        "{e}"
    );
    assert!(matches!(
        plan_err(b"{\"a\": 1,}"),
        ImportError::NotJson { .. }
    ));
    assert!(matches!(plan_err(b"hello"), ImportError::NotJson { .. }));
    assert!(matches!(plan_err(b"{} {}"), ImportError::NotJson { .. }));
}

#[test]
fn files_that_are_not_ours() {
    let e = plan_err(&fixture("not-ours.json"));
    assert_eq!(e, ImportError::NotOurs { found: None });
    assert!(e.to_string().starts_with("Shinko のファイルではありません"));
    for json in [
        &b"[1, 2]"[..],
        b"\"shinko-plan\"",
        b"null",
        b"{\"format\": 3}",
    ] {
        assert_eq!(plan_err(json), ImportError::NotOurs { found: None });
    }
    let e = plan_err(br#"{"format": "excalidraw"}"#);
    assert_eq!(
        e,
        ImportError::NotOurs {
            found: Some("excalidraw".into())
        }
    );
    let e = import_any(br#"{"format": "shinko-gantt", "schema_version": 1}"#).unwrap_err();
    assert!(
        e.to_string().contains("新しい版の Shinko で作られた可能性"),
        "{e}"
    );
}

#[test]
fn a_catalogue_is_not_a_plan() {
    let e = plan_err(&sample(CATALOGUE_SAMPLE));
    assert_eq!(
        e,
        ImportError::WrongKind {
            expected: PLAN_FORMAT.into(),
            found: CATALOGUE_FORMAT.into()
        }
    );
    assert_eq!(
        e.to_string(),
        "このファイルは補助金カタログファイルです。ここで読み込めるのは計画ファイルです。読み込む場所を選び直してください。"
    );
    assert!(matches!(
        import_catalogue(&sample(PLAN_SAMPLES[0])),
        Err(ImportError::WrongKind { .. })
    ));
}

#[test]
fn too_new() {
    let e = plan_err(&fixture("too-new.shinko-plan.json"));
    assert_eq!(
        e,
        ImportError::TooNew {
            found: 7,
            supported: SCHEMA_VERSION,
            app_version: Some("3.2.0".into())
        }
    );
    let message = e.to_string();
    assert!(
        message.starts_with("新しい版の Shinko（3.2.0）で作られたファイルです（形式の版 7。"),
        "{message}"
    );
    assert!(message.contains("Shinko を新しい版に更新してから開いてください"));
    // Even a version beyond u32 is "too new", not a crash.
    let huge = br#"{"format": "shinko-plan", "schema_version": 99999999999, "data": {}}"#;
    assert!(matches!(
        plan_err(huge),
        ImportError::TooNew {
            found: 99_999_999_999,
            ..
        }
    ));
}

#[test]
fn missing_or_bad_schema_version() {
    for json in [
        &br#"{"format": "shinko-plan", "data": {}}"#[..],
        br#"{"format": "shinko-plan", "schema_version": "1", "data": {}}"#,
        br#"{"format": "shinko-plan", "schema_version": -1, "data": {}}"#,
        br#"{"format": "shinko-plan", "schema_version": 1.5, "data": {}}"#,
    ] {
        let e = plan_err(json);
        assert_eq!(e.problems().len(), 1, "{e:?}");
        assert_eq!(e.problems()[0].path.to_string(), "schema_version");
    }
}

#[test]
fn version_zero_fails_migration() {
    let e = plan_err(br#"{"format": "shinko-plan", "schema_version": 0, "app_version": "0.0.1", "exported_at": "", "data": {}}"#);
    assert!(
        matches!(
            e,
            ImportError::Migration(MigrationError::NoStep { from: 0, .. })
        ),
        "{e:?}"
    );
    assert!(
        e.to_string()
            .contains("schema_version 0 の「shinko-plan」ファイル"),
        "{e}"
    );
}

#[test]
fn wrong_types_are_placed_by_path_and_line() {
    let e = plan_err(&fixture("wrong-type.shinko-plan.json"));
    let [p] = e.problems() else { panic!("{e:?}") };
    assert_eq!(p.path.to_string(), "data.period.last");
    assert_eq!(p.line, Some(10));
    assert_eq!(
        p.message,
        "値の種類が違います（文字列 \"令和8年度\"が入っていますが、0 以上の整数が必要です）。"
    );
}

#[test]
fn missing_fields_are_placed_at_their_object() {
    let e = plan_err(&fixture("missing-field.shinko-plan.json"));
    let [p] = e.problems() else { panic!("{e:?}") };
    assert_eq!(p.path.to_string(), "data");
    assert_eq!(
        p.message,
        "必要な項目「title」がありません。項目を追加してください。"
    );
    let message = e.to_string();
    assert!(
        message.starts_with("ファイルの内容に誤りが 1 件あります。"),
        "{message}"
    );
    assert!(
        message.contains("・data（13行目）: 必要な項目「title」"),
        "{message}"
    );
}

#[test]
fn unknown_values_list_what_is_allowed() {
    let text = String::from_utf8(sample("akiruno-shokogyo-plan.json")).unwrap();
    let broken = text.replacen("\"kind\": \"continuing\"", "\"kind\": \"paused\"", 1);
    let e = plan_err(broken.as_bytes());
    let [p] = e.problems() else { panic!("{e:?}") };
    assert_eq!(p.path.to_string(), "data.nodes[0].status.kind");
    assert_eq!(
        p.message,
        "「paused」は使えない値です。次のどれかにしてください: continuing, new, abolished"
    );
}

#[test]
fn every_validation_problem_has_a_path() {
    let e = plan_err(&fixture("invalid-plan.shinko-plan.json"));
    let problems: Vec<(String, &str)> = e
        .problems()
        .iter()
        .map(|p| (p.path.to_string(), p.message.as_str()))
        .collect();
    assert!(problems.len() >= 4, "{problems:#?}");
    let at = |path: &str, needle: &str| {
        assert!(
            problems
                .iter()
                .any(|(p, m)| p == path && m.contains(needle)),
            "{path} / {needle}: {problems:#?}"
        );
    };
    at("data", "計画名が空です");
    at("data.period", "計画期間の開始");
    at("data.nodes[0].children[0]", "名称が空です");
    at("data.nodes", "ID「n1」が2か所で使われています");
    assert!(
        e.to_string()
            .contains(&format!("誤りが {} 件あります", problems.len()))
    );
}

#[test]
fn a_broken_catalogue_lists_problems_at_programmes() {
    let text = String::from_utf8(sample(CATALOGUE_SAMPLE)).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let programs = value["data"]["programs"].as_array_mut().unwrap();
    programs[1]["courses"] = serde_json::json!([]);
    let dup = programs[0]["id"].clone();
    programs[2]["id"] = dup;
    let e = import_catalogue(value.to_string().as_bytes()).unwrap_err();
    let paths: Vec<String> = e.problems().iter().map(|p| p.path.to_string()).collect();
    assert!(paths.contains(&"data.programs[1]".to_owned()), "{e}");
    assert!(paths.contains(&"data.programs[2]".to_owned()), "{e}");
    assert!(
        e.problems()
            .iter()
            .any(|p| p.message.contains("コースが1つもありません"))
    );
}
