//! Plans, KPIs and exact achievement ratings (issue 3).
//!
//! - [`model`]: the plan tree ([`Plan`], [`Node`]) that holds every plan in seeds 000–003.
//! - [`kpi`]: 成果指標 with kind (年間/累計/時点), direction (増加/減少/維持) and per-year values.
//! - [`rules`] and [`presets`]: rating rules as data stored in the plan, and city presets.
//! - [`rating`]: one KPI in one year → a band or status with its explanation, exactly.
//! - [`rollup`]: distributions and summary grades per node and plan, per year.
//! - [`validate`]: every problem with its place, in Japanese.
//! - [`edit`]: the named operations the UI calls (`set_actual`, `move_node` …).
//! - [`create`]: blank plans, free ids, duplicates, renaming, the period.
//! - [`generate`]: a deterministic synthetic plan for benchmarks and property tests.
//! - [`grid`]: the KPI grid: reading typed or pasted numbers, its columns, pasting a block.
//! - [`missing`]: what is still to be entered for a year, and a KPI's trend.
//! - [`samples`]: the sample plans embedded in the app, loaded with Japanese errors.
//! - [`sheet`]: small read-only views for the 進捗状況シート (default year, distribution text).

pub mod create;
pub mod edit;
pub mod generate;
pub mod grid;
pub mod kpi;
pub mod missing;
pub mod model;
pub mod outline;
pub mod presets;
pub mod rating;
pub mod ratio;
pub mod rollup;
pub mod rules;
pub mod samples;
pub mod sheet;
pub mod validate;

pub use create::{DEFAULT_LEVEL_NAMES, DUPLICATE_SUFFIX, MAX_PERIOD_YEARS};
pub use edit::EditError;
pub use generate::generate_plan;
pub use grid::{
    CellError, GridColumn, PasteReport, RejectedCell, editable_columns, parse_number_cell,
    parse_tsv,
};
pub use kpi::{Baseline, Direction, FinalTarget, Kpi, KpiKind, KpiYear, ManualRating, Verdict};
pub use missing::{Missing, MissingKind, PATH_SEPARATOR, TrendPoint};
pub use model::{
    DisplaySettings, IssueAndPolicy, Node, NodeStatus, NodeStatusKind, Period, Plan, Project,
    YearText,
};
pub use presets::{PRESET_IDS, preset, presets};
pub use rating::{Rate, Rating, Words, rate_kpi_year, rate_kpi_year_with};
pub use ratio::{ArithError, Ratio};
pub use rollup::{PlanEvaluation, Rollup, Share};
pub use rules::{
    Band, Bound, Formula, Measure, RatingRules, RatingStatus, SummaryMethod, TargetBasis,
};
pub use samples::{Sample, SampleError, sample_plan, samples};
pub use validate::{MAX_NAME_CHARS, MAX_TEXT_CHARS, Place, Problem, Severity, kpi_warnings};
