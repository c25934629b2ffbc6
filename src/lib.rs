//! Shinko: 産業振興計画の進捗評価と補助金計算のワークベンチ.
//!
//! `domain` is pure Rust (no leptos, web-sys or gloo) and is compiled and tested natively.
//! The browser UI (`app`, `components`, `pages`) is compiled for wasm32 only.

pub mod domain;
pub mod route;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod dom;
#[cfg(target_arch = "wasm32")]
pub mod pages;
#[cfg(target_arch = "wasm32")]
pub mod service_worker;
#[cfg(target_arch = "wasm32")]
pub mod storage;

/// The version shown in the About view and written into exported files.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");
