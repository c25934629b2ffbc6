//! Why a subsidy calculation could not be made: one error type that the input parser, the
//! money arithmetic, the conditions and the formula all report.

/// Why a calculation could not be made. Not-eligible is not an error: it is a result with
/// reasons. These are input or catalogue mistakes the user must correct.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CalcError {
    #[error("制度「{program}」にコース「{course}」はありません。指定できるコース: {available}")]
    UnknownCourse {
        program: String,
        course: String,
        available: String,
    },
    #[error(
        "制度「{program}」にはコースが複数あります。--course で次のいずれかを指定してください: {available}"
    )]
    CourseRequired { program: String, available: String },
    #[error("「{label}」（{id}）の値がありません。入力してください。")]
    MissingInput { id: String, label: String },
    #[error("この制度に入力項目「{id}」はありません。指定できる項目: {available}")]
    UnknownInput { id: String, available: String },
    #[error("「{label}」には {expected} を指定してください。")]
    WrongKind { label: String, expected: String },
    #[error("「{label}」が負の値（{value}）です。0 以上の値を入力してください。")]
    Negative { label: String, value: String },
    #[error("「{label}」の {value} は上限 {max} を超えています。入力の桁を確認してください。")]
    AboveMax {
        label: String,
        value: String,
        max: String,
    },
    #[error("「{label}」に選択肢「{value}」はありません。指定できるのは {options} です。")]
    UnknownChoice {
        label: String,
        value: String,
        options: String,
    },
    #[error(
        "計算結果 {value}円 が扱える金額の範囲を超えました。入力した金額・人数の桁を確認してください。"
    )]
    Overflow { value: String },
    #[error(
        "「{label}」が負（{value}）になりました。差し引く金額が元の金額を超えていないか確認してください。"
    )]
    NegativeDifference { label: String, value: String },
    #[error("カタログの誤り: {detail}。カタログファイルを管理している担当者に連絡してください。")]
    CatalogueDefect { detail: String },
}
