//! Plans, KPIs and achievement ratings (issue 3). Work in progress.
