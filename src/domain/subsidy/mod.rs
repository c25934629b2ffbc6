//! Subsidy rules and a calculator that shows its working (issue 4).
//!
//! - [`model`]: the rule model as data (a catalogue file fully defines each programme).
//! - [`calc`]: `calculate(program, course, inputs)` → amount, steps in Japanese, reasons.
//! - [`form`]: typed text per input → the calculation, or what to fix first (the UI's form).
//! - [`application`], [`review`], [`allocation`]: applications, 審査, and the budget.
//!
//! Money is integer yen with checked arithmetic; rates are exact fractions; every
//! truncation (切り捨て) is an explicit, recorded step (DOMAIN.md §4).

pub mod allocation;
pub mod application;
pub mod book;
pub mod calc;
pub mod candidates;
pub mod catalogue;
mod condition;
mod context;
pub mod error;
pub mod form;
pub mod input;
pub mod model;
pub mod money;
pub mod review;
pub mod rng;

pub use allocation::{
    AllocationError, AllocationLine, AllocationRecord, AllocationRequest, Candidate, Outcome,
    PartialPolicy, SelectionMode, allocate,
};
pub use application::{Applicant, Application, ApplicationError, HistoryEntry, Status};
pub use book::Catalogue;
pub use calc::{CalcError, Calculation, Step, calculate, final_amount, select_course};
pub use candidates::candidates_for;
pub use catalogue::{CatalogueError, load_catalogue, validate};
pub use form::{FormOutcome, FormResult, calculation_text, evaluate_form};
pub use input::{InputParseError, parse_input, show_value};
pub use model::{
    CapScope, ChoiceOption, Condition, Course, Expr, InputDef, InputKind, InputValue, Inputs,
    SubsidyProgram, TaxBasis, Test, When,
};
pub use money::{Rate, RateError, TruncUnit};
pub use review::{ReviewError, ReviewResult, ReviewScheme, ReviewSheet, Score, TieBreak};
