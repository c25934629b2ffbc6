#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Migrations (issue 5): every step this build needs exists and has a before/after fixture
//! that it turns one into the other; the mechanism is shown with synthetic steps.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use shinko::domain::envelope::SCHEMA_VERSION;
use shinko::domain::file::migrate::{
    MIGRATIONS, Migration, MigrationError, keep, migrate, migrate_with, required_steps,
};

fn fixture_dir(format: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/file/migrations")
        .join(format)
}

fn read(format: &str, name: String) -> Value {
    let path = fixture_dir(format).join(&name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}. Add the fixture for this step.", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// Runs one step on its fixtures.
fn check_step(m: &Migration) {
    let before = read(m.format, format!("{}-before.json", m.from));
    let after = read(m.format, format!("{}-after.json", m.from));
    let got = (m.step)(before).unwrap_or_else(|e| panic!("{} {}: {e}", m.format, m.name));
    assert_eq!(got, after, "{} step from {} ({})", m.format, m.from, m.name);
}

#[test]
fn every_required_step_exists_and_has_fixtures() {
    for (format, from) in required_steps() {
        let step = MIGRATIONS
            .iter()
            .find(|m| m.format == format && m.from == from)
            .unwrap_or_else(|| {
                panic!("SCHEMA_VERSION is {SCHEMA_VERSION}: add a step for {format} from {from}")
            });
        check_step(step);
    }
    for m in MIGRATIONS {
        assert!(
            (1..SCHEMA_VERSION).contains(&m.from),
            "{}: step from {} is out of range",
            m.format,
            m.from
        );
        let same = MIGRATIONS
            .iter()
            .filter(|o| o.format == m.format && o.from == m.from)
            .count();
        assert_eq!(same, 1, "{}: two steps from {}", m.format, m.from);
    }
}

#[test]
fn current_version_is_left_alone() {
    let data = json!({"id": "x"});
    assert_eq!(
        migrate("shinko-plan", SCHEMA_VERSION, data.clone()).unwrap(),
        data
    );
}

fn rename_notes(mut v: Value) -> Result<Value, MigrationError> {
    let obj = v.as_object_mut().ok_or_else(|| {
        MigrationError::step_failed(1, "rename_notes", "data がオブジェクトではありません")
    })?;
    if let Some(notes) = obj.remove("notes") {
        obj.insert("remarks".into(), notes);
    }
    Ok(v)
}

fn add_tags(mut v: Value) -> Result<Value, MigrationError> {
    if let Some(obj) = v.as_object_mut() {
        obj.entry("tags").or_insert(json!([]));
    }
    Ok(v)
}

const SYNTHETIC: &[Migration] = &[
    Migration {
        format: "synthetic",
        from: 2,
        name: "add_tags",
        step: add_tags,
    },
    Migration {
        format: "synthetic",
        from: 1,
        name: "rename_notes",
        step: rename_notes,
    },
    Migration {
        format: "other",
        from: 1,
        name: "keep",
        step: keep,
    },
    Migration {
        format: "other",
        from: 2,
        name: "keep",
        step: keep,
    },
];

#[test]
fn synthetic_steps_have_fixtures_and_chain_in_order() {
    for m in SYNTHETIC.iter().filter(|m| m.format == "synthetic") {
        check_step(m);
    }
    let v1 = read("synthetic", "1-before.json".into());
    let v3 = read("synthetic", "2-after.json".into());
    assert_eq!(
        migrate_with(SYNTHETIC, 3, "synthetic", 1, v1.clone()).unwrap(),
        v3
    );
    assert_eq!(
        migrate_with(SYNTHETIC, 3, "other", 1, v1.clone()).unwrap(),
        v1
    );
}

#[test]
fn gaps_and_failures_are_errors_not_panics() {
    let e = migrate_with(SYNTHETIC, 4, "synthetic", 1, json!({})).unwrap_err();
    assert_eq!(
        e,
        MigrationError::NoStep {
            format: "synthetic".into(),
            from: 3,
            target: 4
        }
    );
    let e = migrate_with(SYNTHETIC, 3, "synthetic", 1, json!([1])).unwrap_err();
    assert!(matches!(e, MigrationError::StepFailed { from: 1, .. }));
    assert_eq!(
        e.to_string(),
        "ファイルを版 1 から版 2 に変換できませんでした（rename_notes: data がオブジェクトではありません）。元のファイルは変更していません。作成した人に確認してください。"
    );
    assert!(matches!(
        migrate("shinko-plan", 0, json!({})),
        Err(MigrationError::NoStep { from: 0, .. })
    ));
}
