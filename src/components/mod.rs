//! Shared UI pieces. One component per file.

pub mod app_header;
pub mod main_nav;
pub mod plan_card;
pub mod plan_distribution;
pub mod plan_grade;
pub mod plan_kpi_row;
pub mod plan_node_row;
pub mod plan_rating_cell;
pub mod plan_rollup_table;
pub mod plan_rules;
pub mod plan_sheet_table;
pub mod plan_year_select;
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
