//! Files and the stored workspace (issue 5). Work in progress.
