#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Workspace operations: ids that never collide, each operation with its undo entry, work
//! backups and their rolling, the delete guard, conflicts and per-plan undo.

use std::path::Path;

use shinko::domain::file::{export_plan, import_plan};
use shinko::domain::fiscal_year::FiscalYear;
use shinko::domain::plan::{EditError, Period, Plan, preset};
use shinko::domain::workspace::{
    BackupReason, ConflictChoice, History, ImportAction, ImportChoice, NewPlan, Relation,
    RemoveRefused, Scope, StorageKey, WORK_BACKUP_INTERVAL_MS, WorkBackups, Workspace,
    check_remove, load,
};

const NOW: &str = "2026-12-08T09:00:00+09:00";
const LATER: &str = "2026-12-08T10:00:00+09:00";

fn sample(name: &str) -> Plan {
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("public/samples")
            .join(name),
    )
    .unwrap();
    import_plan(&bytes).unwrap().data
}

fn draft(title: &str) -> NewPlan {
    NewPlan {
        title: title.into(),
        municipality: "あきる野市".into(),
        period: Period {
            first: FiscalYear(2024),
            last: FiscalYear(2028),
        },
        rules: preset("akiruno").unwrap(),
        level_names: Vec::new(),
    }
}

fn stored_value(ws: &Workspace, key: &StorageKey) -> String {
    ws.stored_value(key, NOW).unwrap().unwrap()
}

#[test]
fn two_colleagues_plans_titled_alike_never_collide() {
    let (mut a, mut b) = (Workspace::default(), Workspace::default());
    let pa = a
        .create_plan(draft("産業振興計画"), 0x1234, NOW)
        .unwrap()
        .plan_id()
        .unwrap()
        .to_owned();
    let pb = b
        .create_plan(draft("産業振興計画"), 0x9876, NOW)
        .unwrap()
        .plan_id()
        .unwrap()
        .to_owned();
    assert!(
        pa.starts_with("plan-") && pb.starts_with("plan-"),
        "{pa} {pb}"
    );
    assert_ne!(pa, pb);
    let file_a = export_plan(a.plan(&pa).unwrap(), NOW).unwrap();
    let file_b = export_plan(b.plan(&pb).unwrap(), NOW).unwrap();
    let into_b = import_plan(file_a.contents.as_bytes()).unwrap().data;
    let into_a = import_plan(file_b.contents.as_bytes()).unwrap().data;
    assert_eq!(b.prepare_plan_import(&into_b), ImportChoice::New);
    assert_eq!(a.prepare_plan_import(&into_a), ImportChoice::New);
    b.apply_plan_import(into_b, ImportAction::Replace, 1, NOW);
    a.apply_plan_import(into_a, ImportAction::Replace, 1, NOW);
    assert_eq!(a.plans.len(), 2);
    assert_eq!(b.plans.len(), 2);
}

#[test]
fn new_plans_need_a_title_and_a_municipality() {
    let mut ws = Workspace::default();
    assert_eq!(
        ws.create_plan(draft("  "), 1, NOW).unwrap_err(),
        EditError::EmptyTitle
    );
    let mut d = draft("計画");
    d.municipality = " ".into();
    assert_eq!(
        ws.create_plan(d, 1, NOW).unwrap_err(),
        EditError::EmptyMunicipality
    );
    let mut d = draft("計画");
    d.level_names = vec!["方向性".into(), " ".into(), "個別施策".into()];
    let id = ws
        .create_plan(d, 1, NOW)
        .unwrap()
        .plan_id()
        .unwrap()
        .to_owned();
    let plan = ws.plan(&id).unwrap();
    assert_eq!(plan.level_names, ["方向性", "個別施策"]);
    assert_eq!((plan.revision, plan.created_at.as_str()), (1, NOW));
    assert!(ws.plans.len() == 1);
}

#[test]
fn an_id_with_backups_or_a_set_aside_value_is_never_reused() {
    // The id seed 7 gives in an empty workspace.
    let empty = Workspace::default();
    let first = empty.fresh_plan_id("plan", 7);

    // Deleted, with its backups kept: the same seed draws past it.
    let mut ws = Workspace::default();
    let id = ws.create_plan(draft("計画"), 7, NOW).unwrap();
    let id = id.plan_id().unwrap().to_owned();
    assert_eq!(id, first);
    ws.remove_plan(&id, NOW).unwrap();
    assert!(ws.plan(&id).is_none() && !ws.backups_of(&id).is_empty());
    let next = ws.create_plan(draft("計画"), 7, NOW).unwrap();
    assert_ne!(next.plan_id().unwrap(), id);

    // A value too new for this build under that id: loading reserves it.
    let mut newer = Workspace::default();
    newer.plans.push({
        let mut p = sample("akiruno-shokogyo-plan.json");
        p.id.clone_from(&first);
        p
    });
    let key = StorageKey::Plan(first.clone());
    let raw =
        stored_value(&newer, &key).replace("\"schema_version\": 1", "\"schema_version\": 999");
    let raw = raw.replacen("\"schema_version\":1", "\"schema_version\":999", 1);
    let loaded = load([(key.to_string().as_str(), raw.as_str())], NOW);
    assert!(
        loaded.blocked.contains(&key.to_string()),
        "{:?}",
        loaded.too_new
    );
    let mut ws = loaded.workspace;
    assert!(ws.reserved.contains(&first));
    let made = ws.copy_sample(&sample("akiruno-shokogyo-plan.json"), 7, NOW);
    assert_ne!(made.plan_id().unwrap(), first);
    let made = ws.create_plan(draft("計画"), 7, NOW).unwrap();
    assert_ne!(made.plan_id().unwrap(), first);
}

#[test]
fn copies_and_duplicates_get_new_ids_with_a_readable_prefix() {
    let mut ws = Workspace::default();
    let s = sample("atsugi-sangyo-master-plan.json");
    let a = ws.copy_sample(&s, 1, NOW).plan_id().unwrap().to_owned();
    let b = ws.copy_sample(&s, 1, NOW).plan_id().unwrap().to_owned();
    assert_ne!(a, b);
    assert!(a.starts_with(&format!("{}-", s.id)), "{a}");
    let d = ws.duplicate_plan(&a, 1, NOW).unwrap();
    let d = d.plan_id().unwrap();
    assert!(
        d.starts_with(&format!("{}-", s.id)) && d.len() == a.len(),
        "{d}"
    );
    assert!(ws.plan(d).unwrap().title.ends_with("（複製）"));
    assert!(ws.duplicate_plan("nothing", 1, NOW).is_err());
}

/// Every operation comes with an undo entry that puts the workspace back.
#[test]
fn every_operation_is_undoable_from_the_list() {
    let s = sample("akiruno-shokogyo-plan.json");
    type Op = Box<dyn Fn(&mut Workspace, &str) -> shinko::domain::workspace::Applied>;
    let ops: Vec<(&str, Op)> = vec![
        (
            "create",
            Box::new(|ws, _| ws.create_plan(draft("計画"), 3, NOW).unwrap()),
        ),
        (
            "copy",
            Box::new(|ws, _| ws.copy_sample(&sample("akiruno-shokogyo-plan.json"), 3, NOW)),
        ),
        (
            "duplicate",
            Box::new(|ws, id| ws.duplicate_plan(id, 3, NOW).unwrap()),
        ),
        (
            "remove",
            Box::new(|ws, id| ws.remove_plan(id, NOW).unwrap()),
        ),
        (
            "restore",
            Box::new(|ws, id| ws.restore_backup(id, 0, LATER).unwrap()),
        ),
        (
            "import over",
            Box::new(|ws, id| {
                let mut incoming = ws.plan(id).unwrap().clone();
                incoming.title = "取り込んだ版".into();
                incoming.revision += 3;
                ws.apply_plan_import(incoming, ImportAction::Replace, 3, NOW)
            }),
        ),
        (
            "import as copy",
            Box::new(|ws, id| {
                let mut incoming = ws.plan(id).unwrap().clone();
                incoming.title = "別の版".into();
                ws.apply_plan_import(incoming, ImportAction::ImportAsCopy, 3, NOW)
            }),
        ),
    ];
    for (name, op) in ops {
        let mut ws = Workspace::default();
        let id = ws.copy_sample(&s, 99, NOW).plan_id().unwrap().to_owned();
        let mut edited = ws.plan(&id).unwrap().clone();
        edited.title = "編集前の版".into();
        ws.push_backup(&edited, NOW, BackupReason::DuringWork);
        let plans_before = ws.plans.clone();
        let applied = op(&mut ws, &id);
        assert_ne!(ws.plans, plans_before, "{name} changed nothing");
        assert!(!applied.changed.keys.is_empty(), "{name}");
        let entry = applied.undo.expect(name);
        assert_eq!(entry.scope, Scope::Workspace, "{name}");
        let mut history = History::default();
        history.push(entry);
        history
            .undo_in(&Scope::Workspace, &mut ws, LATER)
            .unwrap()
            .unwrap();
        let strip = |plans: &[Plan]| -> Vec<(String, String, usize)> {
            plans
                .iter()
                .map(|p| (p.id.clone(), p.title.clone(), p.kpis().len()))
                .collect()
        };
        assert_eq!(strip(&ws.plans), strip(&plans_before), "{name} undone");
        history
            .redo_in(&Scope::Workspace, &mut ws, LATER)
            .unwrap()
            .unwrap();
        assert_ne!(strip(&ws.plans), strip(&plans_before), "{name} redone");
    }
}

#[test]
fn undo_acts_on_the_plan_on_screen_only() {
    let mut ws = Workspace::default();
    let a = ws.create_plan(draft("A"), 1, NOW).unwrap();
    let b = ws.create_plan(draft("B"), 2, NOW).unwrap();
    let (a, b) = (
        a.plan_id().unwrap().to_owned(),
        b.plan_id().unwrap().to_owned(),
    );
    let mut history = History::default();
    let before = ws.plan(&a).unwrap().clone();
    ws.plan_mut(&a).unwrap().rename("A2").unwrap();
    let after = ws.plan(&a).unwrap().clone();
    history.push(shinko::domain::workspace::Entry::diff("計画名の変更", &before, &after).unwrap());
    let scope_b = Scope::Plan(b.clone());
    assert_eq!(history.undo_label_in(&scope_b), None);
    assert_eq!(history.undo_in(&scope_b, &mut ws, LATER).unwrap(), None);
    assert_eq!(ws.plan(&a).unwrap().title, "A2");
    let scope_a = Scope::Plan(a.clone());
    assert_eq!(history.undo_label_in(&scope_a), Some("計画名の変更"));
    assert_eq!(history.undo_plan_in(&scope_a), Some(a.as_str()));
    history.undo_in(&scope_a, &mut ws, LATER).unwrap().unwrap();
    assert_eq!(ws.plan(&a).unwrap().title, "A");
    // A new step in B leaves A's redo alone.
    let before = ws.plan(&b).unwrap().clone();
    ws.plan_mut(&b).unwrap().rename("B2").unwrap();
    let after = ws.plan(&b).unwrap().clone();
    history.push(shinko::domain::workspace::Entry::diff("計画名の変更", &before, &after).unwrap());
    assert_eq!(history.redo_label_in(&scope_a), Some("計画名の変更"));
}

#[test]
fn work_backups_at_the_start_and_every_ten_minutes() {
    let mut ws = Workspace::default();
    let id = ws.create_plan(draft("計画"), 1, NOW).unwrap();
    let id = id.plan_id().unwrap().to_owned();
    let mut policy = WorkBackups::new();
    let t0 = 1_000_000;
    let v1 = ws.plan(&id).unwrap().clone();
    assert_eq!(
        ws.backup_before_work(&mut policy, &v1, NOW, t0),
        vec![StorageKey::Backups(id.clone())]
    );
    assert_eq!(ws.backups_of(&id)[0].reason, BackupReason::SessionStart);
    let mut v2 = v1.clone();
    v2.title = "途中".into();
    assert!(
        ws.backup_before_work(&mut policy, &v2, NOW, t0 + 60_000)
            .is_empty()
    );
    assert!(
        ws.backup_before_work(&mut policy, &v2, NOW, t0 + WORK_BACKUP_INTERVAL_MS)
            .len()
            == 1
    );
    assert_eq!(ws.backups_of(&id)[0].reason, BackupReason::DuringWork);
    assert_eq!(ws.backups_of(&id).len(), 2);
    // By hand, with a note.
    ws.backup_now(&id, "委員会の前", LATER).unwrap();
    assert_eq!(ws.backups_of(&id)[0].note, "委員会の前");
    assert_eq!(ws.backups_of(&id)[0].reason, BackupReason::Manual);
}

#[test]
fn rolling_drops_work_backups_first_and_never_the_only_copy_of_a_replaced_version() {
    let mut ws = Workspace::default();
    ws.settings.backup_count = 2;
    let id = ws.create_plan(draft("計画"), 1, NOW).unwrap();
    let id = id.plan_id().unwrap().to_owned();
    let version = |t: &str| {
        let mut p = ws.plan(&id).unwrap().clone();
        p.title = t.into();
        p
    };
    let (deleted, w1, w2, w3) = (
        version("消した版"),
        version("作業1"),
        version("作業2"),
        version("作業3"),
    );
    ws.push_backup(
        &deleted,
        "2026-12-01T09:00:00+09:00",
        BackupReason::BeforeImport,
    );
    ws.push_backup(&w1, "2026-12-02T09:00:00+09:00", BackupReason::DuringWork);
    ws.push_backup(&w2, "2026-12-03T09:00:00+09:00", BackupReason::DuringWork);
    ws.push_backup(&w3, "2026-12-04T09:00:00+09:00", BackupReason::DuringWork);
    let titles: Vec<&str> = ws
        .backups_of(&id)
        .iter()
        .map(|b| b.plan.title.as_str())
        .collect();
    assert_eq!(titles, ["作業3", "消した版"]);

    // Storage short: the oldest goes first, and the message can name it.
    let dropped = ws.drop_oldest_backup().unwrap();
    assert_eq!(dropped.summary.title, "消した版");
    assert_eq!(ws.backups_of(&id).len(), 1);
    // The last backup of a plan that no longer exists is never dropped for room.
    ws.plans.clear();
    assert_eq!(ws.drop_oldest_backup(), None);
}

#[test]
fn deleting_only_removes_what_this_tab_last_saw() {
    let mut ws = Workspace::default();
    let id = ws.create_plan(draft("計画"), 1, NOW).unwrap();
    let id = id.plan_id().unwrap().to_owned();
    let key = StorageKey::Plan(id.clone());
    let stored = stored_value(&ws, &key);
    assert_eq!(check_remove::<Plan>(Some(&stored), Some(1)), Ok(()));
    assert_eq!(check_remove::<Plan>(None, Some(1)), Ok(()));
    // Saved since by another tab.
    ws.plan_mut(&id).unwrap().revision = 4;
    let newer = stored_value(&ws, &key);
    assert!(matches!(
        check_remove::<Plan>(Some(&newer), Some(1)),
        Err(RemoveRefused::ChangedElsewhere { .. })
    ));
    assert!(check_remove::<Plan>(Some(&newer), None).is_err());
    // Unreadable or too new.
    assert!(matches!(
        check_remove::<Plan>(Some("{broken"), Some(1)),
        Err(RemoveRefused::Unreadable { .. })
    ));
    let too_new = newer.replacen("\"schema_version\":1", "\"schema_version\":999", 1);
    assert_ne!(too_new, newer);
    let refused = check_remove::<Plan>(Some(&too_new), Some(9)).unwrap_err();
    assert!(
        refused.to_string().contains("削除していません"),
        "{refused}"
    );
}

#[test]
fn a_conflict_can_keep_both_versions() {
    let mut ws = Workspace::default();
    let id = ws.create_plan(draft("計画"), 1, NOW).unwrap();
    let id = id.plan_id().unwrap().to_owned();
    let mut theirs = ws.plan(&id).unwrap().clone();
    theirs.title = "あちらの版".into();
    theirs.revision = 5;
    ws.plan_mut(&id).unwrap().title = "こちらの版".into();
    let resolved = ws
        .resolve_conflict(
            &id,
            Some(theirs.clone()),
            ConflictChoice::SaveOursAsCopy,
            3,
            NOW,
        )
        .unwrap();
    let copy = resolved.changed.plan_id.clone().unwrap();
    assert_ne!(copy, id);
    assert_eq!(ws.plan(&id).unwrap(), &theirs);
    assert!(ws.plan(&copy).unwrap().title.starts_with("こちらの版"));
    assert_eq!(resolved.base, Some(5));

    // Keep ours: the stored one goes to backups, ours moves past its revision.
    ws.plan_mut(&id).unwrap().title = "もう一度こちら".into();
    let resolved = ws
        .resolve_conflict(&id, Some(theirs.clone()), ConflictChoice::KeepOurs, 3, NOW)
        .unwrap();
    assert_eq!(resolved.base, Some(5));
    assert!(ws.plan(&id).unwrap().revision > 5);
    assert_eq!(ws.backups_of(&id)[0].plan, theirs);
}

#[test]
fn the_same_id_question_knows_older_newer_and_unrelated() {
    let mut ws = Workspace::default();
    let id = ws.create_plan(draft("計画"), 1, NOW).unwrap();
    let id = id.plan_id().unwrap().to_owned();
    ws.plan_mut(&id).unwrap().revision = 3;
    let current = ws.plan(&id).unwrap().clone();
    let relation = |incoming: &Plan| match ws.prepare_plan_import(incoming) {
        ImportChoice::SameId { relation, .. } => relation,
        other => panic!("{other:?}"),
    };
    let mut newer = current.clone();
    newer.revision = 4;
    newer.title = "新しい".into();
    assert_eq!(relation(&newer), Relation::Newer);
    assert_eq!(
        ImportChoice::safe_order(Relation::Newer)[0],
        ImportAction::Replace
    );
    let mut diverged = current.clone();
    diverged.title = "別々に".into();
    assert_eq!(relation(&diverged), Relation::Diverged);
    let mut unrelated = current.clone();
    unrelated.created_at = LATER.into();
    unrelated.title = "他人の計画".into();
    assert_eq!(relation(&unrelated), Relation::Unrelated);
    assert_eq!(
        ImportChoice::safe_order(Relation::Unrelated)[0],
        ImportAction::ImportAsCopy
    );
}

/// A value that is implausible but real loads with a warning; a value that is not a number
/// refuses the file with a Japanese message.
#[test]
fn warnings_load_and_errors_refuse_in_japanese() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("public/samples/akiruno-shokogyo-plan.json");
    let mut file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    fn first_kpi(v: &mut serde_json::Value) -> Option<&mut serde_json::Value> {
        for n in v.as_array_mut()? {
            if n["kpis"].as_array().is_some_and(|k| !k.is_empty()) {
                return n.get_mut("kpis")?.get_mut(0);
            }
            if let Some(k) = first_kpi(n.get_mut("children")?) {
                return Some(k);
            }
        }
        None
    }
    let mut falling = file.clone();
    let kpi = first_kpi(&mut falling["data"]["nodes"]).unwrap();
    kpi["kind"] = serde_json::json!("cumulative");
    kpi["years"] = serde_json::json!({
        "2024": { "actual": "30" },
        "2025": { "actual": "20" }
    });
    let plan = import_plan(falling.to_string().as_bytes()).unwrap().data;
    let warnings = plan.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].message.contains("累計"), "{warnings:?}");
    assert!(warnings[0].place.kpi.is_some() && warnings[0].place.fiscal_year.is_some());
    assert!(plan.validate().is_empty());

    let kpi = first_kpi(&mut file["data"]["nodes"]).unwrap();
    kpi["years"] = serde_json::json!({ "2022": { "actual": "未定" } });
    let err = import_plan(file.to_string().as_bytes()).unwrap_err();
    let text = format!(
        "{err} {:?}",
        err.problems()
            .iter()
            .map(|p| p.message.clone())
            .collect::<Vec<_>>()
    );
    assert!(text.contains("数値"), "{text}");
    assert!(
        !text.contains("Decimal") && !text.contains("expected"),
        "{text}"
    );
}

/// A hostile file's 100,000-character title is refused at import, with a short message;
/// the same limit holds for an edit.
#[test]
fn overlong_text_is_refused_with_a_readable_message() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("public/samples/akiruno-shokogyo-plan.json");
    let mut file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let long = "長".repeat(100_000);
    file["data"]["nodes"][0]["title"] = serde_json::json!(long);
    let err = import_plan(file.to_string().as_bytes()).unwrap_err();
    let problems = err.problems();
    assert!(!problems.is_empty());
    let message = &problems[0].message;
    assert!(
        message.contains("長すぎます（100000文字）"),
        "{}",
        &message[..200.min(message.len())]
    );
    assert!(
        message.chars().count() < 300,
        "the message names the place briefly"
    );

    let mut plan = sample("akiruno-shokogyo-plan.json");
    let id = plan.nodes[0].id.clone();
    let err = plan
        .apply_checked(|p| p.update_node(&id, |n| n.goal = "x".repeat(10_001)))
        .unwrap_err();
    assert!(err.to_string().contains("10000文字以内"), "{err}");
    assert!(
        plan.find_node(&id).unwrap().goal.len() < 10_001,
        "the plan is put back"
    );
}

#[test]
fn a_workspace_backup_merges_plan_by_plan_with_undo() {
    let mut ws = Workspace::default();
    let kept = ws
        .copy_sample(&sample("akiruno-shokogyo-plan.json"), 1, NOW)
        .plan_id()
        .unwrap()
        .to_owned();
    let mut backup = ws.clone();
    backup.plan_mut(&kept).unwrap().title = "ファイルの版".into();
    backup.plan_mut(&kept).unwrap().revision = 9;
    backup.plans.push(sample("hiratsuka-gyosei-hyoka.json"));
    let merged = ws.merge_backup(backup, 5, LATER);
    assert_eq!((merged.added, merged.replaced), (1, 1));
    assert_eq!(merged.undo.len(), 2);
    assert_eq!(ws.plan(&kept).unwrap().title, "ファイルの版");
    assert_eq!(ws.backups_of(&kept)[0].reason, BackupReason::BeforeImport);
    // Undoing both steps puts the workspace's plans back.
    let mut history = History::default();
    for entry in merged.undo {
        history.push(entry);
    }
    history
        .undo_in(&Scope::Workspace, &mut ws, LATER)
        .unwrap()
        .unwrap();
    history
        .undo_in(&Scope::Workspace, &mut ws, LATER)
        .unwrap()
        .unwrap();
    assert_eq!(ws.plans.len(), 1);
    assert_ne!(ws.plan(&kept).unwrap().title, "ファイルの版");
}
