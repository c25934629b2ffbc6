//! The domain: plans, KPIs, ratings, subsidy rules, the file format, validation.
//!
//! Pure Rust only: nothing here may import leptos, web-sys, wasm-bindgen or gloo, so every
//! rule is decided here and tested natively with `cargo test`.

pub mod envelope;
pub mod file;
pub mod fiscal_year;
pub mod format;
pub mod plan;
pub mod subsidy;
pub mod workspace;
