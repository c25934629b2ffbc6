#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The importer never panics (issue 5): arbitrary bytes, arbitrary JSON (bare and inside an
//! envelope of each format), and mutated sample files. Whatever it accepts round-trips.

use std::path::Path;

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use shinko::domain::file::{ImportError, Imported, export_plan, import_any, import_plan};
use shinko::domain::workspace::load;

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("public/samples")
            .join(name),
    )
    .unwrap()
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        (-1.0e6f64..1.0e6).prop_map(|f| json!(f)),
        ".{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("shinko-plan"),
            Just("shinko-subsidy-catalogue"),
            Just("shinko-workspace"),
            Just("2024"),
            Just("90"),
        ]
        .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(5, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        ".{0,8}",
                        Just("id".to_owned()),
                        Just("title".to_owned()),
                        Just("nodes".to_owned()),
                        Just("format".to_owned()),
                        Just("schema_version".to_owned()),
                        Just("data".to_owned()),
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Checks what every import result must satisfy.
fn check(bytes: &[u8]) {
    match import_any(bytes) {
        Ok(Imported::Plan(env)) => {
            let file = export_plan(&env.data, "2026-11-22T09:30:00+09:00").unwrap();
            assert_eq!(
                import_plan(file.contents.as_bytes()).unwrap().data,
                env.data
            );
        }
        Ok(_) => {}
        Err(e) => {
            assert!(!e.to_string().is_empty());
            if let ImportError::Invalid(problems) = &e {
                assert!(!problems.is_empty());
                for p in problems {
                    assert!(!p.message.is_empty());
                    let _ = p.to_string();
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        check(&bytes);
    }

    #[test]
    fn arbitrary_json(value in json_value()) {
        check(value.to_string().as_bytes());
        check(serde_json::to_string_pretty(&value).unwrap().as_bytes());
    }

    #[test]
    fn arbitrary_data_in_every_envelope(
        data in json_value(),
        format in prop_oneof![
            Just("shinko-plan"), Just("shinko-subsidy-catalogue"), Just("shinko-workspace")
        ],
        version in 0u64..3,
    ) {
        let file = json!({
            "format": format, "schema_version": version, "app_version": "0.1.0",
            "exported_at": "2026-11-22T09:30:00+09:00", "data": data,
        });
        check(file.to_string().as_bytes());
    }

    #[test]
    fn mutated_samples(
        which in 0usize..2,
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..4), 1..6),
    ) {
        let names = ["hiratsuka-gyosei-hyoka.json", "hiratsuka-kobetsu-shisaku-h27.json"];
        let mut bytes = sample(names[which]);
        for (at, byte, op) in edits {
            let i = at.index(bytes.len().max(1));
            match op {
                0 => { if let Some(b) = bytes.get_mut(i) { *b = byte; } }
                1 => bytes.insert(i.min(bytes.len()), byte),
                2 => { if i < bytes.len() { bytes.remove(i); } }
                _ => bytes.truncate(i),
            }
        }
        check(&bytes);
    }

    #[test]
    fn mutated_values_in_a_sample(
        path_choice in any::<prop::sample::Index>(),
        replacement in json_value(),
    ) {
        // Replace one value anywhere in a real plan: deserialization and validation must
        // report, not panic, and place the problem somewhere.
        let mut value: Value = serde_json::from_slice(&sample("hiratsuka-gyosei-hyoka.json")).unwrap();
        let mut pointers = Vec::new();
        let mut stack = vec![(String::new(), &value)];
        while let Some((ptr, v)) = stack.pop() {
            match v {
                Value::Object(m) => for (k, c) in m {
                    stack.push((format!("{ptr}/{}", k.replace('~', "~0").replace('/', "~1")), c));
                },
                Value::Array(a) => for (i, c) in a.iter().enumerate() {
                    stack.push((format!("{ptr}/{i}"), c));
                },
                _ => {}
            }
            pointers.push(ptr);
        }
        let ptr = pointers[path_choice.index(pointers.len())].clone();
        if let Some(slot) = value.pointer_mut(&ptr) {
            *slot = replacement;
        }
        check(value.to_string().as_bytes());
        check(serde_json::to_string_pretty(&value).unwrap().as_bytes());
    }

    #[test]
    fn loading_arbitrary_storage_never_panics(
        entries in prop::collection::vec(
            (
                prop_oneof![
                    Just("shinko.v1.settings".to_owned()),
                    "shinko\\.v1\\.(plan|catalogue|backups|quarantine)\\..{0,6}",
                    ".{0,10}",
                ],
                prop_oneof![json_value().prop_map(|v| v.to_string()), ".{0,40}"],
            ),
            0..8,
        )
    ) {
        // Storage holds each key once.
        let entries: std::collections::BTreeMap<String, String> = entries.into_iter().collect();
        let loaded = load(entries.iter().map(|(k, v)| (k.as_str(), v.as_str())), "2026-11-22T09:30:00+09:00");
        for q in &loaded.quarantine {
            let record: shinko::domain::workspace::QuarantineRecord = serde_json::from_str(&q.record).unwrap();
            prop_assert_eq!(&record.raw, &entries[&q.original_key]);
        }
    }
}
