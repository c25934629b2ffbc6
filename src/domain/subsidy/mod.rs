//! Subsidy rules and the calculator (issue 4). Work in progress.
