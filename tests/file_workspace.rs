#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The stored workspace: keys, loading with quarantine, rolling backups, the write
//! guard between tabs, the storage event, and the same-id import choice.

use std::path::Path;

use shinko::domain::file::{ImportError, import_catalogue, import_plan};
use shinko::domain::plan::Plan;
use shinko::domain::workspace::{
    BackupReason, COPY_SUFFIX, Conflict, DEFAULT_BACKUP_COUNT, ExternalChange, ImportAction,
    ImportChoice, PlanSummary, Relation, StorageKey, Workspace, check_write, keys, load,
    on_external_change,
};

const NOW: &str = "2026-11-22T09:30:00+09:00";

fn sample_plan(name: &str) -> Plan {
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("public/samples")
            .join(name),
    )
    .unwrap();
    import_plan(&bytes).unwrap().data
}

fn akiruno() -> Plan {
    sample_plan("akiruno-shokogyo-plan.json")
}

fn workspace() -> Workspace {
    let mut ws = Workspace::default();
    ws.plans.push(akiruno());
    ws.plans.push(sample_plan("hiratsuka-gyosei-hyoka.json"));
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("public/samples/ayase-shien-seido-catalogue.json"),
    )
    .unwrap();
    ws.add_catalogue(import_catalogue(&bytes).unwrap().data, 1, NOW);
    ws
}

fn stored(ws: &Workspace) -> Vec<(String, String)> {
    ws.stored_entries(NOW)
        .unwrap()
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
}

fn load_all(entries: &[(String, String)]) -> shinko::domain::workspace::Loaded {
    load(entries.iter().map(|(k, v)| (k.as_str(), v.as_str())), NOW)
}

#[test]
fn keys_round_trip_and_share_one_prefix() {
    for key in [
        StorageKey::Settings,
        StorageKey::Plan("akiruno-shokogyo-plan".into()),
        StorageKey::Catalogue("catalogue-1".into()),
        StorageKey::Backups("a.b.c".into()),
        StorageKey::quarantine_for("shinko.v1.plan.x", NOW),
    ] {
        let text = key.to_string();
        assert!(text.starts_with(keys::PREFIX), "{text}");
        assert_eq!(StorageKey::parse(&text), Some(key));
    }
    assert_eq!(StorageKey::Plan("p".into()).to_string(), "shinko.v1.plan.p");
    assert_eq!(StorageKey::parse("shinko.v1.plan."), None);
    assert_eq!(StorageKey::parse("shinko.v2.plan.x"), None);
    assert_eq!(StorageKey::parse("excalidraw"), None);
}

#[test]
fn a_stored_workspace_loads_back_identically() {
    let mut ws = workspace();
    let plan = ws.plans[0].clone();
    ws.push_backup(&plan, NOW, BackupReason::SessionStart);
    ws.settings.backup_count = 3;
    let loaded = load_all(&stored(&ws));
    assert_eq!(loaded.workspace, ws);
    assert!(loaded.quarantine.is_empty() && loaded.too_new.is_empty());
    assert_eq!(
        loaded.revisions.get("shinko.v1.plan.akiruno-shokogyo-plan"),
        Some(&plan.revision)
    );
    // A stored plan is a plan file.
    let (_, text) = stored(&ws)
        .into_iter()
        .find(|(k, _)| k.contains(".plan."))
        .unwrap();
    import_plan(text.as_bytes()).unwrap();
}

#[test]
fn damaged_values_are_set_aside_and_the_rest_loads() {
    let ws = workspace();
    let mut entries = stored(&ws);
    let hiratsuka = entries
        .iter()
        .position(|(k, _)| k.ends_with("hiratsuka-gyosei-hyoka"))
        .unwrap();
    let damaged = entries[hiratsuka].1[..201].to_owned();
    entries[hiratsuka].1 = damaged.clone();
    entries.push(("shinko.v1.settings".into(), "not json".into()));
    entries.push(("other-app.key".into(), "{}".into()));
    entries.push(("shinko.v2.plan.x".into(), "{}".into()));
    let loaded = load_all(&entries);
    // The intact plan and catalogue load; nothing is replaced by a default.
    assert_eq!(loaded.workspace.plans.len(), 1);
    assert_eq!(loaded.workspace.plans[0].id, "akiruno-shokogyo-plan");
    assert_eq!(loaded.workspace.catalogues.len(), 1);
    assert_eq!(loaded.quarantine.len(), 2);
    let q = loaded
        .quarantine
        .iter()
        .find(|q| q.original_key.ends_with("hiratsuka-gyosei-hyoka"))
        .unwrap();
    assert!(matches!(q.error, ImportError::Truncated { .. }));
    assert!(q.quarantine_key.starts_with(keys::QUARANTINE));
    assert!(loaded.blocked.contains(&q.original_key));
    assert!(loaded.blocked.contains("shinko.v1.settings"));
    assert_eq!(loaded.unknown, ["shinko.v2.plan.x"]);
    // The record keeps the raw text byte for byte and says why.
    let record: shinko::domain::workspace::QuarantineRecord =
        serde_json::from_str(&q.record).unwrap();
    assert_eq!(record.raw, damaged);
    assert!(record.problems[0].contains("途中で切れています"));
    let file = record.download();
    assert_eq!(file.contents, damaged);
    assert!(
        file.file_name
            .starts_with("退避データ_shinko.v1.plan.hiratsuka-gyosei-hyoka_2026-11-22")
    );
    // Once moved aside, the next start lists it.
    let mut after = entries.clone();
    after.retain(|(k, _)| !k.ends_with("hiratsuka-gyosei-hyoka") && k != "shinko.v1.settings");
    after.push((q.quarantine_key.clone(), q.record.clone()));
    let again = load_all(&after);
    assert!(again.quarantine.is_empty());
    assert_eq!(again.set_aside.len(), 1);
    assert_eq!(again.set_aside[0].1.raw, damaged);
}

#[test]
fn values_from_a_newer_app_are_left_alone() {
    let ws = workspace();
    let mut entries = stored(&ws);
    let i = entries
        .iter()
        .position(|(k, _)| k.contains(".plan."))
        .unwrap();
    entries[i].1 = entries[i]
        .1
        .replacen("\"schema_version\":1", "\"schema_version\":9", 1);
    let loaded = load_all(&entries);
    assert_eq!(loaded.too_new.len(), 1);
    assert!(loaded.quarantine.is_empty());
    assert!(loaded.blocked.contains(&entries[i].0));
    assert_eq!(loaded.workspace.plans.len(), 1);
}

#[test]
fn a_stored_plan_that_fails_validation_is_set_aside_with_its_problems() {
    let mut ws = workspace();
    ws.plans[0].title.clear();
    let entries = stored(&ws);
    let loaded = load_all(&entries);
    assert_eq!(
        loaded.workspace.plans.len(),
        1,
        "the other plan still loads"
    );
    let q = &loaded.quarantine[0];
    assert!(
        q.quarantine_key.starts_with(keys::QUARANTINE),
        "{}",
        q.quarantine_key
    );
    assert_eq!(q.original_key, "shinko.v1.plan.akiruno-shokogyo-plan");
    assert!(loaded.blocked.contains(&q.original_key));
    let record: shinko::domain::workspace::QuarantineRecord =
        serde_json::from_str(&q.record).unwrap();
    assert!(
        record.problems.iter().any(|p| p.contains("計画名が空です")),
        "{:?}",
        record.problems
    );
    // The raw text is kept whole, for download.
    let raw = &entries
        .iter()
        .find(|(k, _)| k == "shinko.v1.plan.akiruno-shokogyo-plan")
        .unwrap()
        .1;
    assert_eq!(&record.raw, raw);
}

#[test]
fn a_plan_under_another_key_is_set_aside() {
    let ws = workspace();
    let mut entries = stored(&ws);
    let i = entries
        .iter()
        .position(|(k, _)| k.contains(".plan.akiruno"))
        .unwrap();
    entries[i].0 = "shinko.v1.plan.someone-else".into();
    let loaded = load_all(&entries);
    assert_eq!(loaded.quarantine.len(), 1);
    assert!(
        loaded.quarantine[0]
            .error
            .to_string()
            .contains("一致しません")
    );
}

#[test]
fn backups_keep_the_last_n_newest_first() {
    let mut ws = Workspace::default();
    assert_eq!(ws.settings.backup_count, DEFAULT_BACKUP_COUNT);
    let mut plan = akiruno();
    for r in 0..15 {
        plan.revision = r;
        assert!(ws.push_backup(
            &plan,
            &format!("2026-11-22T09:{r:02}:00+09:00"),
            BackupReason::Manual
        ));
    }
    assert!(
        !ws.push_backup(&plan, NOW, BackupReason::Manual),
        "same version not kept twice"
    );
    let list = ws.backups_of(&plan.id);
    assert_eq!(list.len(), 10);
    assert_eq!(list[0].summary.revision, 14);
    assert_eq!(list[9].summary.revision, 5);
    assert_eq!(list[0].saved_at, "2026-11-22T09:14:00+09:00");
    assert_eq!(list[0].summary.kpis, 14);
    assert_eq!(list[0].summary.nodes, plan.walk().len());
    let changed = ws.set_backup_count(3);
    assert_eq!(ws.backups_of(&plan.id).len(), 3);
    assert!(changed.keys.contains(&StorageKey::Backups(plan.id.clone())));
}

#[test]
fn restoring_a_backup_keeps_the_current_version_and_raises_the_revision() {
    let mut ws = Workspace::default();
    let mut plan = akiruno();
    plan.revision = 4;
    ws.push_backup(&plan, "2026-11-20T10:00:00+09:00", BackupReason::Manual);
    plan.revision = 9;
    plan.title = "編集後".into();
    ws.plans.push(plan.clone());
    let changed = ws.restore_backup(&plan.id, 0, NOW).unwrap();
    let now = ws.plan(&plan.id).unwrap();
    assert_eq!(now.revision, 10);
    assert_eq!(now.title, akiruno().title);
    assert_eq!(now.updated_at, NOW);
    assert_eq!(ws.backups_of(&plan.id)[0].plan, plan);
    assert_eq!(
        ws.backups_of(&plan.id)[0].reason,
        BackupReason::BeforeRestore
    );
    assert_eq!(changed.changed.keys.len(), 2);
    assert!(changed.undo.is_some());
    assert!(ws.restore_backup(&plan.id, 7, NOW).is_err());
}

#[test]
fn removing_a_plan_keeps_it_restorable() {
    let mut ws = workspace();
    let plan = ws.plans[0].clone();
    ws.remove_plan(&plan.id, NOW).unwrap();
    assert!(ws.plan(&plan.id).is_none());
    assert_eq!(
        ws.stored_value(&StorageKey::Plan(plan.id.clone()), NOW)
            .unwrap(),
        None
    );
    ws.restore_backup(&plan.id, 0, NOW).unwrap();
    assert_eq!(ws.plan(&plan.id).unwrap().nodes, plan.nodes);
}

fn stored_plan(plan: &Plan) -> String {
    let mut ws = Workspace::default();
    ws.plans.push(plan.clone());
    ws.stored_value(&StorageKey::Plan(plan.id.clone()), NOW)
        .unwrap()
        .unwrap()
}

#[test]
fn a_stale_tab_cannot_overwrite_a_newer_revision() {
    let mut stored = akiruno();
    stored.revision = 7;
    let raw = stored_plan(&stored);
    // This tab read revision 5 and made ten edits since: its own revision is 15.
    let mut ours = akiruno();
    ours.revision = 15;
    ours.title = "このタブで直した計画".into();
    let e = check_write(Some(&raw), Some(5), &ours).unwrap_err();
    match &e {
        Conflict::NewerStored {
            ours: o,
            base,
            stored: s,
            differences,
        } => {
            assert_eq!((o.revision, *base, s.revision), (15, 5, 7));
            // The two versions can be told apart by what differs, not only by number.
            assert!(differences.contains("計画名"), "{differences}");
        }
        other => panic!("{other:?}"),
    }
    assert!(
        e.to_string()
            .starts_with("別のタブかウィンドウで、より新しい版が保存されています。")
    );
    assert!(e.to_string().contains("版 7"));
    // Having read revision 7, it may write.
    check_write(Some(&raw), Some(7), &ours).unwrap();
    // A new plan over nothing is fine; over something made elsewhere is not.
    check_write::<Plan>(None, None, &ours).unwrap();
    assert!(matches!(
        check_write(Some(&raw), None, &ours),
        Err(Conflict::CreatedElsewhere { .. })
    ));
    assert!(matches!(
        check_write::<Plan>(None, Some(7), &ours),
        Err(Conflict::RemovedElsewhere { .. })
    ));
    assert!(matches!(
        check_write(Some("{garbage"), Some(7), &ours),
        Err(Conflict::StoredUnreadable { .. })
    ));
}

#[test]
fn storage_events_adopt_or_ask() {
    let mut theirs = akiruno();
    theirs.revision = 8;
    theirs.title = "あちらの編集".into();
    let raw = stored_plan(&theirs);
    let ours = akiruno();
    assert_eq!(
        on_external_change(Some(&raw), &ours, Some(5), false),
        ExternalChange::Adopt(theirs)
    );
    assert!(matches!(
        on_external_change(Some(&raw), &ours, Some(5), true),
        ExternalChange::Conflict(Conflict::NewerStored { .. })
    ));
    assert_eq!(
        on_external_change(Some(&raw), &ours, Some(8), true),
        ExternalChange::Ignore
    );
    assert_eq!(
        on_external_change::<Plan>(None, &ours, Some(8), false),
        ExternalChange::Removed
    );
    assert!(matches!(
        on_external_change::<Plan>(None, &ours, Some(8), true),
        ExternalChange::Conflict(Conflict::RemovedElsewhere { .. })
    ));
    assert!(matches!(
        on_external_change(Some(""), &ours, Some(8), false),
        ExternalChange::Unreadable(ImportError::Empty)
    ));
}

#[test]
fn importing_a_plan_with_a_known_id() {
    let mut ws = workspace();
    ws.plans[0].revision = 5;
    let current = ws.plans[0].clone();
    assert_eq!(ws.prepare_plan_import(&current), ImportChoice::AlreadyHere);
    assert_eq!(
        ws.prepare_plan_import(&sample_plan("atsugi-sangyo-master-plan.json")),
        ImportChoice::New
    );
    let mut incoming = current.clone();
    incoming.revision = 2;
    incoming.updated_at = "2026-12-01T10:00:00+09:00".into();
    incoming.nodes.truncate(1);
    let ImportChoice::SameId {
        current: c,
        incoming: i,
        relation,
        diff,
    } = ws.prepare_plan_import(&incoming)
    else {
        panic!()
    };
    assert_eq!(c, PlanSummary::of(&current));
    assert_eq!(i.updated_at, "2026-12-01T10:00:00+09:00");
    assert!(i.nodes < c.nodes);
    assert!(c.to_string().contains("施策") && c.to_string().contains("成果指標 14"));
    // The same plan (same creation), revision 2 against the stored one's 5: older.
    assert_eq!(relation, Relation::Older);
    assert!(Relation::Older.sentence().contains("古い版"));
    assert_eq!(ImportChoice::safe_order(relation)[0], ImportAction::Cancel);
    assert!(diff.nodes > 0 && diff.kpis > 0, "{diff:?}");
    assert!(diff.examples[0].contains("削除"), "{:?}", diff.examples);

    // Cancel: nothing changes.
    let before = ws.clone();
    assert!(
        ws.apply_plan_import(incoming.clone(), ImportAction::Cancel, 1, NOW)
            .changed
            .keys
            .is_empty()
    );
    assert_eq!(ws, before);

    // As a copy: a new id and the suffix, both kept.
    let changed = ws.apply_plan_import(incoming.clone(), ImportAction::ImportAsCopy, 1, NOW);
    let copy_id = changed.plan_id().unwrap().to_owned();
    assert!(
        copy_id.starts_with(&format!("{}-", current.id)),
        "{copy_id}"
    );
    assert_ne!(copy_id, current.id);
    assert_eq!(
        ws.plan(&copy_id).unwrap().title,
        format!("{}{COPY_SUFFIX}", incoming.title)
    );
    assert_eq!(ws.plan(&current.id).unwrap(), &current);
    // Twice: two distinct ids, even from the same seed.
    let again = ws.apply_plan_import(incoming.clone(), ImportAction::ImportAsCopy, 1, NOW);
    let again_id = again.plan_id().unwrap();
    assert_ne!(again_id, copy_id);
    assert_ne!(again_id, current.id);

    // Replace: the current version goes to the backups; the revision moves past it.
    ws.apply_plan_import(incoming.clone(), ImportAction::Replace, 1, NOW);
    let now = ws.plan(&current.id).unwrap();
    assert_eq!(now.nodes, incoming.nodes);
    assert!(now.revision > current.revision);
    assert_eq!(ws.backups_of(&current.id)[0].plan, current);
    assert_eq!(
        ws.backups_of(&current.id)[0].reason,
        BackupReason::BeforeImport
    );
}

#[test]
fn a_workspace_file_with_duplicates_is_invalid() {
    let mut ws = workspace();
    ws.plans.push(ws.plans[0].clone());
    ws.settings.backup_count = 0;
    let problems = shinko::domain::file::import::workspace_problems(&ws);
    let paths: Vec<String> = problems.iter().map(|p| p.path.to_string()).collect();
    assert!(paths.contains(&"data.plans[2].id".to_owned()), "{paths:?}");
    assert!(
        paths.contains(&"data.settings.backup_count".to_owned()),
        "{paths:?}"
    );
}
