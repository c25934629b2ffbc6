//! Reading a file in stages, after tldraw's `parseTldrawJsonFile` (STYLE.md): size → empty →
//! encoding → JSON → is it ours → is it too new → migrate → deserialize → validate. Each stage
//! has its own [`ImportError`] variant with a Japanese message that says what to do; the last
//! two list every problem with its JSON path. Nothing is changed by a failed import: these
//! functions only read bytes.
//!
//! The same path restores the browser's stored working copy (`workspace::load`), so a plan
//! read back from storage, from a shared-folder file or from a backup is checked the same way
//! (Excalidraw's single `restore`).

use std::collections::BTreeSet;
use std::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::migrate::{MigrationError, migrate};
use super::path::{JsonPath, offset_of, path_at};
use super::{FileKind, MAX_FILE_BYTES, MAX_FILE_SIZE_LABEL};
use crate::domain::envelope::{Envelope, SCHEMA_VERSION};
use crate::domain::plan::{Place, Plan};
use crate::domain::subsidy::{Catalogue, validate as validate_catalogue};
use crate::domain::workspace::{MAX_BACKUP_COUNT, Workspace, stored_format_label};

/// Why the bytes are not UTF-8 text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum EncodingProblem {
    /// UTF-16 (メモ帳の「Unicode」), with or without a byte order mark.
    Utf16,
    /// Shift_JIS (ANSI on Japanese Windows).
    ShiftJis,
    /// Not text: an Excel/Word file (ZIP), a PDF, an image, or other binary data.
    Binary { what: &'static str },
    /// Mostly UTF-8 but with broken bytes at `offset` (a damaged copy).
    InvalidUtf8 { offset: usize },
}

impl fmt::Display for EncodingProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EncodingProblem::Utf16 => f.write_str(
                "文字コードが UTF-16 のファイルです。Shinko のファイルは UTF-8 で保存します。メモ帳などで保存し直した場合は、文字コードに「UTF-8」を選んで保存し直すか、Shinko から書き出した元のファイルを読み込んでください。",
            ),
            EncodingProblem::ShiftJis => f.write_str(
                "文字コードが Shift_JIS（ANSI）のファイルです。Shinko のファイルは UTF-8 で保存します。メモ帳などで保存し直した場合は、文字コードに「UTF-8」を選んで保存し直すか、Shinko から書き出した元のファイルを読み込んでください。",
            ),
            EncodingProblem::Binary { what } => write!(
                f,
                "テキストファイルではありません（{what}のようです）。Shinko から書き出した「.shinko-plan.json」などの JSON ファイルを選んでください。"
            ),
            EncodingProblem::InvalidUtf8 { offset } => write!(
                f,
                "ファイルの先頭から {offset} バイト目以降が文字として読めません。コピーの途中で壊れた可能性があります。元のファイルをもう一度コピーしてから読み込んでください。"
            ),
        }
    }
}

/// One problem at one place in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileProblem {
    /// Where: `data.nodes[0].kpis[1].years["2024"]`.
    pub path: JsonPath,
    /// What is wrong and what to do, in Japanese.
    pub message: String,
    /// Line in the file as read (1-based), when known.
    pub line: Option<usize>,
}

impl FileProblem {
    pub fn new(path: JsonPath, message: impl Into<String>) -> Self {
        Self {
            path,
            message: message.into(),
            line: None,
        }
    }
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}（{line}行目）: {}", self.path, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

fn problems_text(problems: &[FileProblem]) -> String {
    problems
        .iter()
        .map(|p| format!("・{p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Why a file could not be imported, one variant per stage. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    #[error(
        "ファイルが大きすぎます（{}）。読み込めるのは {MAX_FILE_SIZE_LABEL} までです。Shinko のファイルか確認してください。", size_label(*.bytes)
    )]
    TooLarge { bytes: usize },
    #[error(
        "ファイルが空です。保存やコピーが終わっていない可能性があります。元のファイルを確認してから、もう一度読み込んでください。"
    )]
    Empty,
    #[error("{0}")]
    Encoding(EncodingProblem),
    #[error(
        "ファイルが途中で切れています（{line}行目で終わっています）。保存やコピーが最後まで終わっていない可能性があります。元のファイルをもう一度コピーしてから読み込んでください。"
    )]
    Truncated { line: usize },
    #[error(
        "JSON として読めません（{line}行目 {column}文字目付近: {detail}）。Shinko から書き出したファイルか、手で編集していないか確認してください。"
    )]
    NotJson {
        line: usize,
        column: usize,
        detail: String,
    },
    #[error("{}", not_ours_message(.found.as_deref()))]
    NotOurs { found: Option<String> },
    #[error(
        "このファイルは{}です。ここで読み込めるのは{}です。読み込む場所を選び直してください。", format_label(.found), format_label(.expected)
    )]
    WrongKind { expected: String, found: String },
    #[error(
        "新しい版の Shinko{}で作られたファイルです（形式の版 {found}。この Shinko {} が読めるのは版 {supported} までです）。Shinko を新しい版に更新してから開いてください。ファイルは変更していません。",
        .app_version.as_deref().map_or_else(|| " ".to_owned(), |v| format!("（{v}）")), crate::APP_VERSION
    )]
    TooNew {
        found: u64,
        supported: u32,
        app_version: Option<String>,
    },
    #[error("{0}")]
    Migration(MigrationError),
    #[error(
        "ファイルの内容に誤りが {} 件あります。ファイルを作成した人に確認するか、該当箇所を直してから読み込んでください。\n{}", .0.len(), problems_text(.0)
    )]
    Invalid(Vec<FileProblem>),
}

impl ImportError {
    /// Every problem with its place, for the list under the message (empty unless the file
    /// parsed but its content is wrong).
    pub fn problems(&self) -> &[FileProblem] {
        match self {
            ImportError::Invalid(problems) => problems,
            _ => &[],
        }
    }
}

fn size_label(bytes: usize) -> String {
    // Tenths of a MB, in integers: no float formatting.
    let tenths = bytes.saturating_mul(10) / (1024 * 1024);
    format!("{}.{} MB", tenths / 10, tenths % 10)
}

fn not_ours_message(found: Option<&str>) -> String {
    match found {
        Some(f) if f.starts_with("shinko-") => format!(
            "このファイルの種類「{f}」はこの Shinko では扱えません。新しい版の Shinko で作られた可能性があります。Shinko を更新するか、作成した人に確認してください。"
        ),
        Some(f) => format!(
            "Shinko のファイルではありません（format:「{f}」）。Shinko から書き出した計画・補助金カタログ・バックアップのファイルを選んでください。"
        ),
        None => "Shinko のファイルではありません（「format」の項目がありません）。Shinko から書き出した計画・補助金カタログ・バックアップのファイルを選んでください。".to_owned(),
    }
}

/// A format's name for users: 「計画ファイル」.
pub fn format_label(format: &str) -> String {
    match FileKind::from_format(format) {
        Some(kind) => kind.label().to_owned(),
        None => stored_format_label(format).map_or_else(|| format!("「{format}」"), str::to_owned),
    }
}

/// A successfully read file of any of the three kinds.
#[derive(Debug, Clone, PartialEq)]
pub enum Imported {
    Plan(Box<Envelope<Plan>>),
    Catalogue(Envelope<Catalogue>),
    Workspace(Envelope<Workspace>),
}

impl Imported {
    pub fn kind(&self) -> FileKind {
        match self {
            Imported::Plan(_) => FileKind::Plan,
            Imported::Catalogue(_) => FileKind::Catalogue,
            Imported::Workspace(_) => FileKind::Workspace,
        }
    }
}

/// Reads a plan file.
pub fn import_plan(bytes: &[u8]) -> Result<Envelope<Plan>, ImportError> {
    strict(restore(bytes, &[FileKind::Plan.format()], plan_problems))
}

/// Reads a subsidy catalogue file.
pub fn import_catalogue(bytes: &[u8]) -> Result<Envelope<Catalogue>, ImportError> {
    strict(restore(
        bytes,
        &[FileKind::Catalogue.format()],
        catalogue_problems,
    ))
}

/// Reads a workspace backup file.
pub fn import_workspace(bytes: &[u8]) -> Result<Envelope<Workspace>, ImportError> {
    strict(restore(
        bytes,
        &[FileKind::Workspace.format()],
        workspace_problems,
    ))
}

/// Reads any Shinko file, deciding the kind from its `format` (one 「ファイルを開く」 button).
pub fn import_any(bytes: &[u8]) -> Result<Imported, ImportError> {
    let text = decode(bytes)?;
    let value = parse_json(text)?;
    let format = envelope_format(&value, &[])?;
    match FileKind::from_format(&format) {
        Some(FileKind::Plan) => import_plan(bytes).map(|e| Imported::Plan(Box::new(e))),
        Some(FileKind::Catalogue) => import_catalogue(bytes).map(Imported::Catalogue),
        Some(FileKind::Workspace) => import_workspace(bytes).map(Imported::Workspace),
        None => Err(ImportError::NotOurs {
            found: Some(format),
        }),
    }
}

fn strict<T>(restored: Result<Restored<T>, ImportError>) -> Result<Envelope<T>, ImportError> {
    let restored = restored?;
    if restored.problems.is_empty() {
        Ok(restored.envelope)
    } else {
        Err(ImportError::Invalid(restored.problems))
    }
}

/// A file that parsed and deserialized, with what validation found (which `import_*` turns
/// into [`ImportError::Invalid`], and the stored working copy keeps as warnings).
#[derive(Debug, Clone, PartialEq)]
pub struct Restored<T> {
    pub envelope: Envelope<T>,
    /// The version the file had when it was older than this build.
    pub migrated_from: Option<u32>,
    pub problems: Vec<FileProblem>,
}

/// The staged reader every source goes through: `formats` are the `format` values accepted,
/// `validate` lists problems in the typed data (paths from the file's root).
pub fn restore<T: DeserializeOwned>(
    bytes: &[u8],
    formats: &[&str],
    validate: impl Fn(&T) -> Vec<FileProblem>,
) -> Result<Restored<T>, ImportError> {
    let text = decode(bytes)?;
    // The common case (a file or stored value of this version, of a kind asked for) is read
    // in one pass; anything else takes the staged path below, which names every problem.
    if let Ok(envelope) = serde_json::from_str::<Envelope<T>>(text)
        && envelope.schema_version == SCHEMA_VERSION
        && formats.contains(&envelope.format.as_str())
    {
        let problems = validate(&envelope.data);
        return Ok(Restored {
            envelope,
            migrated_from: None,
            problems,
        });
    }
    let mut value = parse_json(text)?;
    let format = envelope_format(&value, formats)?;
    let version = schema_version(&value)?;
    let mut migrated_from = None;
    if version < u64::from(SCHEMA_VERSION) {
        let from = u32::try_from(version).unwrap_or(0);
        if let Value::Object(map) = &mut value {
            if let Some(data) = map.remove("data") {
                let data = migrate(&format, from, data).map_err(ImportError::Migration)?;
                map.insert("data".to_owned(), data);
            } else {
                // Still check the version exists, then let deserialization name the gap.
                migrate(&format, from, Value::Null).map_err(ImportError::Migration)?;
            }
            map.insert("schema_version".to_owned(), Value::from(SCHEMA_VERSION));
        }
        migrated_from = Some(from);
    }
    let envelope: Envelope<T> = if migrated_from.is_some() {
        // Deserialize the migrated value through text so an error still has a path; line
        // numbers would point into the migrated text, not the user's file, so drop them.
        let migrated = serde_json::to_string(&value).map_err(|e| {
            ImportError::Invalid(vec![FileProblem::new(
                JsonPath::root(),
                format!("変換後のデータを読めません（{e}）。"),
            )])
        })?;
        deserialize(&migrated, false)?
    } else {
        deserialize(text, true)?
    };
    let problems = validate(&envelope.data);
    Ok(Restored {
        envelope,
        migrated_from,
        problems,
    })
}

/// Stage 1–3: size, emptiness, encoding. A UTF-8 byte order mark is allowed and dropped.
pub fn decode(bytes: &[u8]) -> Result<&str, ImportError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge { bytes: bytes.len() });
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::Empty);
    }
    if let Some(problem) = encoding_problem(body) {
        return Err(ImportError::Encoding(problem));
    }
    std::str::from_utf8(body).map_err(|e| {
        ImportError::Encoding(EncodingProblem::InvalidUtf8 {
            offset: e.valid_up_to() + 1,
        })
    })
}

const MAGIC: [(&[u8], &str); 8] = [
    (b"PK\x03\x04", "Excel・Word などの ZIP 形式のファイル"),
    (b"%PDF", "PDF ファイル"),
    (b"\x89PNG", "PNG 画像"),
    (b"\xFF\xD8\xFF", "JPEG 画像"),
    (b"GIF8", "GIF 画像"),
    (b"\x1F\x8B", "gzip 圧縮ファイル"),
    (b"\xD0\xCF\x11\xE0", "古い形式の Excel・Word ファイル"),
    (b"Rar!", "RAR 圧縮ファイル"),
];

fn encoding_problem(bytes: &[u8]) -> Option<EncodingProblem> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Some(EncodingProblem::Utf16);
    }
    if let Some((_, what)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Some(EncodingProblem::Binary { what });
    }
    let head = bytes.get(..bytes.len().min(4096)).unwrap_or(bytes);
    let nuls = head.iter().filter(|b| **b == 0).count();
    if nuls > 0 {
        // UTF-16 text of mostly ASCII JSON: every other byte is NUL.
        let even = head.iter().step_by(2).filter(|b| **b == 0).count();
        let odd = nuls - even;
        let pairs = head.len() / 2;
        // Japanese text has no NUL in either byte, so only require that NULs sit on one
        // side (ASCII punctuation and keys) and make up a good share of it.
        let (many, few) = if even >= odd {
            (even, odd)
        } else {
            (odd, even)
        };
        if pairs > 0 && many * 4 >= pairs && few * 20 <= many {
            return Some(EncodingProblem::Utf16);
        }
        return Some(EncodingProblem::Binary {
            what: "文字ではないデータ",
        });
    }
    let controls = head
        .iter()
        .filter(|b| **b < 0x20 && !matches!(**b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    if controls * 20 > head.len() {
        return Some(EncodingProblem::Binary {
            what: "文字ではないデータ",
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(_) => None,
        Err(_) if looks_like_shift_jis(bytes) => Some(EncodingProblem::ShiftJis),
        Err(_) => None, // decode() reports where the bytes break.
    }
}

/// True when every byte ≥ 0x80 forms a valid Shift_JIS double-byte character (or a
/// half-width katakana) and there is at least one.
fn looks_like_shift_jis(bytes: &[u8]) -> bool {
    let mut i = 0;
    let mut multibyte = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            0x00..=0x7F | 0xA1..=0xDF => i += 1,
            0x81..=0x9F | 0xE0..=0xFC => {
                match bytes.get(i + 1) {
                    Some(0x40..=0x7E | 0x80..=0xFC) => {}
                    _ => return false,
                }
                multibyte += 1;
                i += 2;
            }
            _ => return false,
        }
    }
    multibyte > 0
}

/// Stage 4: JSON syntax. A file that ends mid-way is named as truncated.
fn parse_json(text: &str) -> Result<Value, ImportError> {
    serde_json::from_str(text).map_err(|e| {
        if e.is_eof() {
            ImportError::Truncated { line: e.line() }
        } else {
            ImportError::NotJson {
                line: e.line(),
                column: e.column(),
                detail: syntax_detail(&e),
            }
        }
    })
}

fn raw_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text.get(..i).unwrap_or(&text).to_owned(),
        None => text,
    }
}

fn syntax_detail(e: &serde_json::Error) -> String {
    let raw = raw_message(e);
    let known = [
        ("expected value", "値が必要な所に値がありません"),
        ("expected ident", "true・false・null の綴りが違います"),
        ("expected `:`", "項目名の後に「:」がありません"),
        ("expected `,` or `}`", "「,」か「}」が必要です"),
        ("expected `,` or `]`", "「,」か「]」が必要です"),
        ("trailing comma", "最後の要素の後に余分な「,」があります"),
        ("trailing characters", "JSON の後ろに余分な文字があります"),
        ("key must be a string", "項目名が「\"」で囲まれていません"),
        (
            "control character",
            "文字列の中に改行などの制御文字があります",
        ),
        ("invalid escape", "「\\」の後の文字が正しくありません"),
        ("invalid number", "数値の書き方が正しくありません"),
        ("number out of range", "数値が大きすぎます"),
        ("recursion limit exceeded", "入れ子が深すぎます"),
    ];
    known
        .iter()
        .find(|(en, _)| raw.starts_with(en))
        .map_or_else(|| format!("書式の誤り: {raw}"), |(_, ja)| (*ja).to_owned())
}

/// Stage 5: is it ours, and the kind asked for? `accepted` empty means any Shinko format.
fn envelope_format(value: &Value, accepted: &[&str]) -> Result<String, ImportError> {
    let Some(found) = value.get("format").and_then(Value::as_str) else {
        return Err(ImportError::NotOurs { found: None });
    };
    if accepted.is_empty() || accepted.contains(&found) {
        return Ok(found.to_owned());
    }
    let ours = FileKind::from_format(found).is_some() || stored_format_label(found).is_some();
    if ours {
        Err(ImportError::WrongKind {
            expected: accepted.first().copied().unwrap_or_default().to_owned(),
            found: found.to_owned(),
        })
    } else {
        Err(ImportError::NotOurs {
            found: Some(found.to_owned()),
        })
    }
}

/// Stage 6: the schema version, refused when newer than this build.
fn schema_version(value: &Value) -> Result<u64, ImportError> {
    let Some(version) = value.get("schema_version").and_then(Value::as_u64) else {
        return Err(ImportError::Invalid(vec![FileProblem::new(
            JsonPath::keys(&["schema_version"]),
            "形式の版（schema_version）がないか、0 以上の整数ではありません。Shinko から書き出し直したファイルを使ってください。",
        )]));
    };
    if version > u64::from(SCHEMA_VERSION) {
        return Err(ImportError::TooNew {
            found: version,
            supported: SCHEMA_VERSION,
            app_version: value
                .get("app_version")
                .and_then(Value::as_str)
                .map(str::to_owned),
        });
    }
    Ok(version)
}

/// Stage 8: typed data. serde stops at the first error; its position is turned into a path.
fn deserialize<T: DeserializeOwned>(text: &str, lines: bool) -> Result<T, ImportError> {
    serde_json::from_str(text).map_err(|e| {
        let offset = offset_of(text, e.line(), e.column());
        let path = path_at(text, offset);
        ImportError::Invalid(vec![FileProblem {
            path,
            message: data_message(&raw_message(&e)),
            line: lines.then(|| e.line()),
        }])
    })
}

/// serde's English message → Japanese, with the field or value it names.
fn data_message(raw: &str) -> String {
    let ticked = |s: &str| -> String { s.split('`').nth(1).unwrap_or_default().to_owned() };
    if let Some(rest) = raw.strip_prefix("missing field ") {
        return format!(
            "必要な項目「{}」がありません。項目を追加してください。",
            ticked(rest)
        );
    }
    if let Some(rest) = raw.strip_prefix("unknown variant ") {
        let allowed = rest
            .split_once("expected ")
            .map(|(_, e)| e.trim_start_matches("one of ").replace('`', ""))
            .unwrap_or_default();
        return format!(
            "「{}」は使えない値です。次のどれかにしてください: {allowed}",
            ticked(rest)
        );
    }
    if let Some(rest) = raw.strip_prefix("unknown field ") {
        return format!("知らない項目「{}」があります。", ticked(rest));
    }
    if let Some(rest) = raw.strip_prefix("duplicate field ") {
        return format!(
            "項目「{}」が2回書かれています。1つにしてください。",
            ticked(rest)
        );
    }
    if let Some(rest) = raw.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!(
            "値の種類が違います（{}が入っていますが、{}が必要です）。",
            japanese_type(found),
            japanese_expected(expected)
        );
    }
    if let Some(rest) = raw.strip_prefix("invalid value: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!(
            "値が正しくありません（{}が入っていますが、{}が必要です）。",
            japanese_type(found),
            japanese_expected(expected)
        );
    }
    if let Some(rest) = raw.strip_prefix("invalid length ") {
        return format!("要素の数が違います（{rest}）。");
    }
    format!("内容を読めません（{raw}）。")
}

/// What serde says it expected, in Japanese: no English reaches a user's message.
fn japanese_expected(expected: &str) -> &'static str {
    let e = expected.trim();
    let pairs = [
        (
            "a Decimal",
            "数値（例: 12.5。「未定」などの文字は入れられません）",
        ),
        ("a string", "文字列"),
        ("a boolean", "true か false"),
        ("a sequence", "配列"),
        ("a map", "オブジェクト"),
        ("struct", "オブジェクト"),
        ("a borrowed string", "文字列"),
        ("a character", "1文字"),
        ("unit", "null"),
        ("an integer", "整数"),
        ("u8", "0 以上の整数"),
        ("u16", "0 以上の整数"),
        ("u32", "0 以上の整数"),
        ("u64", "0 以上の整数"),
        ("usize", "0 以上の整数"),
        ("i8", "整数"),
        ("i16", "整数"),
        ("i32", "整数"),
        ("i64", "整数"),
        ("f64", "数値"),
        ("f32", "数値"),
        ("option", "値か null"),
    ];
    pairs
        .iter()
        .find(|(en, _)| e.starts_with(en))
        .map_or("正しい形式の値", |(_, ja)| ja)
}

fn japanese_type(found: &str) -> String {
    let pairs = [
        ("string", "文字列"),
        ("integer", "整数"),
        ("floating point", "小数"),
        ("boolean", "真偽値"),
        ("map", "オブジェクト"),
        ("sequence", "配列"),
        ("null", "null"),
        ("unit value", "null"),
    ];
    for (en, ja) in pairs {
        if let Some(rest) = found.strip_prefix(en) {
            return format!("{ja}{rest}");
        }
    }
    found.to_owned()
}

/// Every problem of a plan, with its path inside a plan file (`data.…`).
pub fn plan_problems(plan: &Plan) -> Vec<FileProblem> {
    plan_problems_at(plan, &JsonPath::keys(&["data"]))
}

/// Every problem of a plan whose JSON is at `at` (`data`, `data.plans[2]`).
pub fn plan_problems_at(plan: &Plan, at: &JsonPath) -> Vec<FileProblem> {
    plan.validate()
        .into_iter()
        .map(|problem| {
            FileProblem::new(
                at.clone().join(&place_path(plan, &problem.place)),
                problem.to_string(),
            )
        })
        .collect()
}

fn place_path(plan: &Plan, place: &Place) -> JsonPath {
    if let Some(node_id) = &place.node_id
        && let Some(indices) = node_indices(plan, node_id, &place.node_path)
    {
        let mut path = JsonPath::root();
        let mut nodes = &plan.nodes;
        let mut node = None;
        for (depth, i) in indices.into_iter().enumerate() {
            path = path
                .key(if depth == 0 { "nodes" } else { "children" })
                .index(i);
            node = nodes.get(i);
            if let Some(n) = node {
                nodes = &n.children;
            }
        }
        if let (Some(node), Some(kpi_id)) = (node, &place.kpi_id)
            && let Some(k) = node.kpis.iter().position(|k| &k.id == kpi_id)
        {
            path = path.key("kpis").index(k);
            if let Some(fy) = place.fiscal_year {
                path = path.key("years").key(fy.0.to_string());
            }
        }
        return path;
    }
    let key = match place.section.as_deref() {
        Some("計画期間") => "period",
        Some("評価基準") => "rating",
        Some("階層名") => "level_names",
        Some("ID") => "nodes",
        _ => return JsonPath::root(),
    };
    JsonPath::keys(&[key])
}

/// The index path (`nodes[i].children[j]…`) of the node with `id` whose ancestors' display
/// names are `names` (ids may be duplicated in a broken plan), else the first with `id`.
fn node_indices(plan: &Plan, id: &str, names: &[String]) -> Option<Vec<usize>> {
    type Entry<'a> = (Vec<usize>, Vec<String>, &'a crate::domain::plan::Node);
    let mut first = None;
    let mut stack: Vec<Entry<'_>> = plan
        .nodes
        .iter()
        .enumerate()
        .rev()
        .map(|(i, n)| (vec![i], vec![n.display_name()], n))
        .collect();
    while let Some((indices, path, node)) = stack.pop() {
        if node.id == id {
            if path == names {
                return Some(indices);
            }
            if first.is_none() {
                first = Some(indices.clone());
            }
        }
        for (i, child) in node.children.iter().enumerate().rev() {
            let mut child_indices = indices.clone();
            child_indices.push(i);
            let mut child_path = path.clone();
            child_path.push(child.display_name());
            stack.push((child_indices, child_path, child));
        }
    }
    first
}

/// Every problem of a catalogue, with its path inside a catalogue file (`data.…`).
pub fn catalogue_problems(catalogue: &Catalogue) -> Vec<FileProblem> {
    catalogue_problems_at(catalogue, &JsonPath::keys(&["data"]))
}

/// The subsidy validator reports problems as text naming the programme; each is placed at
/// the programme or application it concerns by validating the programmes one at a time.
/// Whatever cannot be placed is reported at the catalogue itself: nothing is dropped.
pub fn catalogue_problems_at(catalogue: &Catalogue, at: &JsonPath) -> Vec<FileProblem> {
    let all = validate_catalogue(catalogue);
    if all.is_empty() {
        return Vec::new();
    }
    let mut candidates: Vec<(String, JsonPath)> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (i, program) in catalogue.programs.iter().enumerate() {
        let here = at.clone().key("programs").index(i);
        if !seen.insert(program.id.as_str()) {
            candidates.push((
                format!("制度 id「{}」が重複しています", program.id),
                here.clone(),
            ));
        }
        let alone = Catalogue {
            municipality: catalogue.municipality.clone(),
            department: String::new(),
            programs: vec![program.clone()],
            applications: Vec::new(),
            allocations: Vec::new(),
        };
        candidates.extend(
            validate_catalogue(&alone)
                .into_iter()
                .map(|m| (m, here.clone())),
        );
    }
    for (j, app) in catalogue.applications.iter().enumerate() {
        let prefix = format!("申請 {}:", app.id);
        let here = at.clone().key("applications").index(j);
        for message in &all {
            if message.starts_with(&prefix) {
                candidates.push((message.clone(), here.clone()));
            }
        }
    }
    all.into_iter()
        .map(|message| {
            let path = candidates
                .iter()
                .position(|(m, _)| *m == message)
                .map(|i| candidates.swap_remove(i).1)
                .unwrap_or_else(|| at.clone());
            FileProblem::new(path, format!("{message}。直してください。"))
        })
        .collect()
}

/// Every problem of a workspace backup file, each with its path.
pub fn workspace_problems(ws: &Workspace) -> Vec<FileProblem> {
    let data = JsonPath::keys(&["data"]);
    let mut out = Vec::new();
    let mut ids = BTreeSet::new();
    for (i, plan) in ws.plans.iter().enumerate() {
        let at = data.clone().key("plans").index(i);
        if !ids.insert(plan.id.as_str()) {
            out.push(FileProblem::new(
                at.clone().key("id"),
                format!(
                    "計画ID「{}」が2つ以上の計画で使われています。どちらかのIDを変えてください。",
                    plan.id
                ),
            ));
        }
        out.extend(plan_problems_at(plan, &at));
    }
    let mut ids = BTreeSet::new();
    for (i, entry) in ws.catalogues.iter().enumerate() {
        let at = data.clone().key("catalogues").index(i);
        if !ids.insert(entry.id.as_str()) {
            out.push(FileProblem::new(
                at.clone().key("id"),
                format!(
                    "カタログID「{}」が重複しています。どちらかのIDを変えてください。",
                    entry.id
                ),
            ));
        }
        out.extend(catalogue_problems_at(
            &entry.catalogue,
            &at.key("catalogue"),
        ));
    }
    if !(1..=MAX_BACKUP_COUNT).contains(&ws.settings.backup_count) {
        out.push(FileProblem::new(
            data.key("settings").key("backup_count"),
            format!(
                "バックアップの保存数 {} は使えません。1〜{MAX_BACKUP_COUNT} にしてください。",
                ws.settings.backup_count
            ),
        ));
    }
    out
}
