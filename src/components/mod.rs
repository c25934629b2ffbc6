//! Shared UI pieces. One component per file.

pub mod app_header;
pub mod main_nav;
pub mod skip_link;
pub mod update_banner;
pub mod view_heading;
