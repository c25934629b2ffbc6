//! The rule model: a catalogue of programmes, each fully described by data (serde), so a
//! catalogue file on the shared folder defines every programme (issue 4, DOMAIN.md §4–5).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::allocation::SelectionMode;
use super::money::{Rate, TruncUnit};
use super::review::ReviewScheme;
use crate::domain::fiscal_year::FiscalYear;

/// One programme (補助金・奨励金・報奨金・利子補給金) for one fiscal year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubsidyProgram {
    /// Stable ASCII id used by files and the CLI (`kyoujinka`).
    pub id: String,
    /// 「中小企業強靭化推進補助金」.
    pub name: String,
    pub fiscal_year: FiscalYear,
    /// The 要綱 (or 条例) the rule comes from.
    pub legal_basis: String,
    pub description: String,
    /// Where the rule was read (「seed 004 p.1, DOMAIN.md §5」), for whoever checks it.
    #[serde(default)]
    pub source: String,
    /// Inputs every course uses.
    #[serde(default)]
    pub inputs: Vec<InputDef>,
    /// Conditions every course must meet.
    #[serde(default)]
    pub conditions: Vec<Condition>,
    /// At least one course; a programme without コース has a single one.
    pub courses: Vec<Course>,
    /// The fiscal year's budget (予算額) in yen, when one is set.
    #[serde(default)]
    pub budget: Option<i64>,
    /// How applications are selected when they exceed the budget.
    pub selection: SelectionMode,
    /// 審査 criteria, for programmes selected by review.
    #[serde(default)]
    pub review: Option<ReviewScheme>,
    /// Procedural notes staff must not forget (事前相談必須, 申請期間…).
    #[serde(default)]
    pub notes: Vec<String>,
}

impl SubsidyProgram {
    pub fn course(&self, id: &str) -> Option<&Course> {
        self.courses.iter().find(|c| c.id == id)
    }

    /// The programme's inputs followed by the course's own, in form order.
    pub fn inputs_for<'a>(&'a self, course: &'a Course) -> impl Iterator<Item = &'a InputDef> {
        self.inputs.iter().chain(course.inputs.iter())
    }

    pub fn input<'a>(&'a self, course: &'a Course, id: &str) -> Option<&'a InputDef> {
        self.inputs_for(course).find(|i| i.id == id)
    }
}

/// A コース (or 対象事業 with its own rate and cap).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Course {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub inputs: Vec<InputDef>,
    #[serde(default)]
    pub conditions: Vec<Condition>,
    /// The amount, as a tree of building blocks.
    pub formula: Expr,
}

/// One input of a form: what staff type in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputDef {
    /// ASCII id (`cost`, `persons`), used in files and `--set cost=…`.
    pub id: String,
    /// 「補助対象経費（税抜）」.
    pub label: String,
    pub kind: InputKind,
    /// What to enter and where to find it, for the form.
    #[serde(default)]
    pub help: String,
    /// Used when the value is not given; without it the input is required.
    #[serde(default)]
    pub default: Option<InputValue>,
    /// Informational only (事業区分, 研修機関): may be left out; the calculation does not use it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
    /// Largest value accepted (a count or amount above it is a typing error, not a reason).
    #[serde(default)]
    pub max: Option<i64>,
}

impl InputDef {
    /// 「円」「人」「か月」, or empty for flags and choices.
    pub fn unit(&self) -> &str {
        match &self.kind {
            InputKind::Yen { .. } | InputKind::YenList { .. } => "円",
            InputKind::Count { unit } => unit,
            InputKind::Flag | InputKind::Choice { .. } => "",
        }
    }
}

/// Whether an amount includes 消費税 (DOMAIN.md §4: eligible cost is usually tax-excluded).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaxBasis {
    /// 税抜.
    Excluded,
    /// 税込.
    Included,
    /// Not subject to 消費税 (interest, guarantee fees, premiums).
    NotApplicable,
}

/// The kind of an input, which decides how it is typed and checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum InputKind {
    /// An amount of yen (never negative).
    Yen { tax: TaxBasis },
    /// A count (persons, months, companies); never negative. `unit`: 「人」「か月」「社」.
    Count { unit: String },
    /// Yes / no (事前相談済み, SEO対策を含む).
    Flag,
    /// One of several options (企業規模: 大企業 / 中小企業).
    Choice { options: Vec<ChoiceOption> },
    /// One amount per item (each person's monthly premium).
    YenList { tax: TaxBasis, item: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceOption {
    pub id: String,
    pub label: String,
}

/// A value given for an input. In JSON: `7654321`, `true`, `"sme"`, `[5000, 6000]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum InputValue {
    Flag(bool),
    Int(i64),
    Choice(String),
    List(Vec<i64>),
}

/// Input values by input id.
pub type Inputs = BTreeMap<String, InputValue>;

/// An eligibility condition (要件). When it fails the application is not eligible and
/// `label` with the values becomes one of the reasons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Condition {
    /// The rule in the 要綱's words: 「補助対象経費の下限額」「1社1年度5名まで」.
    pub label: String,
    pub test: Test,
    /// Applies only when another input has a given value (大企業 / 中小企業).
    #[serde(default)]
    pub when: Option<When>,
}

/// The comparison a condition makes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Test {
    /// `input ≥ value` (下限額: 500万円以上; 投下資本額 2億円以上).
    AtLeast { input: String, value: i64 },
    /// `input ≤ value` (5名まで; 60か月以内).
    AtMost { input: String, value: i64 },
    /// `input ≤ other` (新規雇用者数 ≤ 障がい者数).
    AtMostInput { input: String, other: String },
    /// A flag must be set (事前相談を受けている).
    IsTrue { input: String },
    /// A flag must not be set (実質無利子・無担保融資ではない).
    IsFalse { input: String },
    /// A list has at most `value` items (1社1年度5名まで).
    ItemsAtMost { input: String, value: i64 },
}

/// `input` equals `equals` (a choice id, or a flag).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct When {
    pub input: String,
    pub equals: InputValue,
}

/// What a cap is per (上限額の単位), shown in the step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CapScope {
    /// 1件あたり.
    Application,
    /// 1人あたり.
    Person,
    /// 1社あたり.
    Company,
    /// 同一年度内.
    FiscalYear,
    /// 限度額 (overall).
    Overall,
}

impl CapScope {
    pub fn label(self) -> &'static str {
        match self {
            Self::Application => "上限",
            Self::Person => "1人あたり上限",
            Self::Company => "1社あたり上限",
            Self::FiscalYear => "同一年度内の上限",
            Self::Overall => "限度額",
        }
    }
}

/// A calculation building block; blocks compose into a tree that yields yen.
///
/// The standard sentence 「補助対象経費の3分の2以内とし、上限額は30万円とする。ただし1,000円
/// 未満の端数は切り捨てる」 is `Truncate(Cap(Rate(Input cost, 2/3), 300000), 1000)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Expr {
    /// A yen input.
    Input { input: String },
    /// `of − each of minus` (経費総額 − センター負担額 − 消費税). A negative result is an error.
    Difference {
        label: String,
        of: Box<Expr>,
        minus: Vec<Expr>,
    },
    /// Sum of a list input, each item counted up to `item_cap` (月額掛金は1人5,000円まで).
    ListSum {
        input: String,
        label: String,
        #[serde(default)]
        item_cap: Option<i64>,
    },
    /// `of × rate`, truncated below 1円 (the step says so when something is cut off).
    Rate {
        label: String,
        of: Box<Expr>,
        rate: Rate,
    },
    /// `amount × count` (6万円 × 市内在住の障がい者数).
    PerUnit {
        label: String,
        amount: i64,
        count: String,
    },
    /// `of × count` (× 団体参画企業数, × 納付月数).
    Times {
        label: String,
        of: Box<Expr>,
        count: String,
    },
    /// Sum of components, each with its own caps.
    Sum { label: String, parts: Vec<Expr> },
    /// At most `cap` (× `per` when given, e.g. 100万円 × 参画企業数), less `used` when
    /// given (a 年度上限 already partly used by earlier grants in the same fiscal year).
    Cap {
        of: Box<Expr>,
        cap: i64,
        scope: CapScope,
        #[serde(default)]
        per: Option<String>,
        #[serde(default)]
        used: Option<String>,
    },
    /// Truncated down to a multiple of `unit` at this step (「1万円未満切捨て」).
    Truncate { of: Box<Expr>, unit: TruncUnit },
}

impl Expr {
    /// The truncation unit of the final step, if the tree ends in one.
    pub fn final_unit(&self) -> TruncUnit {
        match self {
            Self::Truncate { unit, .. } => *unit,
            _ => TruncUnit::Yen1,
        }
    }

    /// The fixed cap bounding the result, when the tree ends in one (ignoring a final
    /// truncation, which only lowers the amount). Caps per count or less used have none.
    pub fn outer_cap(&self) -> Option<i64> {
        match self {
            Self::Truncate { of, .. } => of.outer_cap(),
            Self::Cap {
                cap,
                per: None,
                used: None,
                ..
            } => Some(*cap),
            _ => None,
        }
    }
}
