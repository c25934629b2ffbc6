//! A catalogue as a city keeps it: its programmes, and the applications and allocations of
//! its programmes' years.

use serde::{Deserialize, Serialize};

use super::allocation::AllocationRecord;
use super::application::Application;
use super::model::SubsidyProgram;

/// A city's subsidy catalogue with the applications and recorded budget allocations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Catalogue {
    /// 「綾瀬市」.
    pub municipality: String,
    /// The department that owns the programmes (「産業振興部 工業振興企業誘致課」).
    #[serde(default)]
    pub department: String,
    pub programs: Vec<SubsidyProgram>,
    #[serde(default)]
    pub applications: Vec<Application>,
    /// Allocations as they were performed; shown later unchanged.
    #[serde(default)]
    pub allocations: Vec<AllocationRecord>,
}

impl Catalogue {
    pub fn program(&self, id: &str) -> Option<&SubsidyProgram> {
        self.programs.iter().find(|p| p.id == id)
    }
}
