//! Shared UI pieces. One component per file.

pub mod app_header;
pub mod main_nav;
pub mod skip_link;
pub mod subsidy_calculator;
pub mod subsidy_copy_button;
pub mod subsidy_field;
pub mod subsidy_form;
pub mod subsidy_picker;
pub mod subsidy_program_info;
pub mod subsidy_result;
pub mod update_banner;
pub mod view_heading;
