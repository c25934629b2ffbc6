//! The sample plans shipped inside the app (seeds 000–003), embedded at compile time so the
//! 計画 view works offline and from `file://` with nothing to fetch.
//!
//! Each sample goes through the same checks an imported file would (is it JSON, is it a
//! plan file, is it too new, does it deserialize, does it validate); a sample that fails is
//! reported with a Japanese message, never a panic.

use std::sync::OnceLock;

use thiserror::Error;

use super::model::Plan;
use crate::domain::envelope::{Envelope, PLAN_FORMAT, SCHEMA_VERSION};

/// The embedded samples: file name and text, in the order the 計画 view lists them.
pub const SAMPLE_FILES: [(&str, &str); 4] = [
    (
        "atsugi-sangyo-master-plan.json",
        include_str!(concat!(
            env!("OUT_DIR"),
            "/samples/atsugi-sangyo-master-plan.json"
        )),
    ),
    (
        "hiratsuka-gyosei-hyoka.json",
        include_str!(concat!(
            env!("OUT_DIR"),
            "/samples/hiratsuka-gyosei-hyoka.json"
        )),
    ),
    (
        "akiruno-shokogyo-plan.json",
        include_str!(concat!(
            env!("OUT_DIR"),
            "/samples/akiruno-shokogyo-plan.json"
        )),
    ),
    (
        "hiratsuka-kobetsu-shisaku-h27.json",
        include_str!(concat!(
            env!("OUT_DIR"),
            "/samples/hiratsuka-kobetsu-shisaku-h27.json"
        )),
    ),
];

/// Why a sample could not be shown. Messages are for users, in Japanese.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum SampleError {
    #[error("見本「{file}」はJSONとして読み取れません（{detail}）。")]
    NotJson { file: String, detail: String },
    #[error("見本「{file}」は計画のファイルではありません（形式「{format}」）。")]
    NotAPlan { file: String, format: String },
    #[error(
        "見本「{file}」は新しい版（スキーマ {found}）で作られています。このアプリはスキーマ {supported} までしか読めません。"
    )]
    TooNew {
        file: String,
        found: u32,
        supported: u32,
    },
    #[error("見本「{file}」の内容を計画として読み取れません（{detail}）。")]
    Unreadable { file: String, detail: String },
    #[error("見本「{file}」に{count}件の問題があります。最初の問題: {first}")]
    Invalid {
        file: String,
        count: usize,
        first: String,
    },
}

/// One embedded sample: its file name and the plan, or why it cannot be shown.
#[derive(Debug, Clone)]
pub struct Sample {
    pub file: &'static str,
    pub plan: Result<Plan, SampleError>,
}

/// Reads one sample file in stages, reporting the first stage that fails.
pub fn load_sample(file: &str, text: &str) -> Result<Plan, SampleError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| SampleError::NotJson {
            file: file.to_owned(),
            detail: e.to_string(),
        })?;
    let format = value
        .get("format")
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default();
    if format != PLAN_FORMAT {
        return Err(SampleError::NotAPlan {
            file: file.to_owned(),
            format: format.to_owned(),
        });
    }
    let found = value
        .get("schema_version")
        .and_then(serde_json::Value::as_u64)
        .unwrap_or_default();
    if found > u64::from(SCHEMA_VERSION) {
        return Err(SampleError::TooNew {
            file: file.to_owned(),
            found: u32::try_from(found).unwrap_or(u32::MAX),
            supported: SCHEMA_VERSION,
        });
    }
    let envelope: Envelope<Plan> =
        serde_json::from_value(value).map_err(|e| SampleError::Unreadable {
            file: file.to_owned(),
            detail: e.to_string(),
        })?;
    let plan = envelope.data;
    let problems = plan.validate();
    if let Some(first) = problems.first() {
        return Err(SampleError::Invalid {
            file: file.to_owned(),
            count: problems.len(),
            first: first.to_string(),
        });
    }
    Ok(plan)
}

/// Every embedded sample, parsed once and kept for the life of the page.
pub fn samples() -> &'static [Sample] {
    static SAMPLES: OnceLock<Vec<Sample>> = OnceLock::new();
    SAMPLES.get_or_init(|| {
        SAMPLE_FILES
            .iter()
            .map(|(file, text)| Sample {
                file,
                plan: load_sample(file, text),
            })
            .collect()
    })
}

/// The sample plan with this id, if it loaded.
pub fn sample_plan(id: &str) -> Option<&'static Plan> {
    samples()
        .iter()
        .filter_map(|s| s.plan.as_ref().ok())
        .find(|p| p.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_sample_loads() {
        let ids: Vec<&str> = samples()
            .iter()
            .map(|s| match &s.plan {
                Ok(p) => p.id.as_str(),
                Err(e) => panic!("{e}"),
            })
            .collect();
        assert_eq!(
            ids,
            [
                "atsugi-sangyo-master-plan",
                "hiratsuka-gyosei-hyoka",
                "akiruno-shokogyo-plan",
                "hiratsuka-kobetsu-shisaku-h27"
            ]
        );
        assert!(sample_plan("akiruno-shokogyo-plan").is_some());
        assert!(sample_plan("no-such-plan").is_none());
    }

    /// build.rs embeds each sample as compact JSON: the same document as the file in
    /// `public/samples/`, without its indentation.
    #[test]
    fn embedded_samples_are_the_files_compacted() {
        for (file, text) in SAMPLE_FILES {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("public/samples")
                .join(file);
            let on_disk = std::fs::read_to_string(&path).unwrap();
            assert!(text.len() < on_disk.len(), "{file} is not compacted");
            assert!(!text.contains('\n'), "{file} keeps line breaks");
            let embedded: serde_json::Value = serde_json::from_str(text).unwrap();
            let original: serde_json::Value = serde_json::from_str(&on_disk).unwrap();
            assert_eq!(embedded, original, "{file}");
        }
    }

    #[test]
    fn a_broken_sample_is_an_error_in_japanese() {
        let cases: &[(&str, &str)] = &[
            ("{", "JSONとして読み取れません"),
            (
                r#"{"format":"shinko-subsidy-catalogue"}"#,
                "計画のファイルではありません",
            ),
            (
                r#"{"format":"shinko-plan","schema_version":99}"#,
                "新しい版",
            ),
            (
                r#"{"format":"shinko-plan","schema_version":1,"app_version":"0.1.0","exported_at":"x","data":{}}"#,
                "計画として読み取れません",
            ),
        ];
        for (text, expected) in cases {
            let err = load_sample("x.json", text).err().map(|e| e.to_string());
            assert!(
                err.as_deref().is_some_and(|e| e.contains(expected)),
                "{text}: {err:?}"
            );
        }
        // A plan that parses but does not validate (empty title) is reported too.
        let (_, text) = SAMPLE_FILES[2];
        let mut value: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(
            value["data"]["title"],
            "あきる野市商工業振興プラン 進捗状況"
        );
        value["data"]["title"] = serde_json::json!("");
        let broken = value.to_string();
        let err = load_sample("x.json", &broken).err().map(|e| e.to_string());
        assert!(
            err.as_deref().is_some_and(|e| e.contains("問題があります")),
            "{err:?}"
        );
    }
}
