//! The views the navigation leads to. One view per file.

pub mod about;
pub mod data;
pub mod not_found;
pub mod plan;
pub mod plans;
pub mod subsidies;
