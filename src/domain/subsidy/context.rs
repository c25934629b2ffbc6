//! The evaluation context of one calculation: the programme, the course, the resolved
//! values, and the look-ups the conditions and the formula share.

use super::error::CalcError;
use super::model::{Course, InputDef, InputValue, Inputs, SubsidyProgram};

/// The evaluation context: resolved values and the definitions to label them.
pub(crate) struct Eval<'a> {
    pub program: &'a SubsidyProgram,
    pub course: &'a Course,
    pub values: &'a Inputs,
}

impl Eval<'_> {
    pub(crate) fn def(&self, id: &str) -> Result<&InputDef, CalcError> {
        self.program
            .input(self.course, id)
            .ok_or_else(|| CalcError::CatalogueDefect {
                detail: format!("計算式が未定義の入力項目「{id}」を参照しています"),
            })
    }

    pub(crate) fn int(&self, id: &str) -> Result<i64, CalcError> {
        match self.values.get(id) {
            Some(InputValue::Int(v)) => Ok(*v),
            None => {
                let def = self.def(id)?;
                Err(CalcError::MissingInput {
                    id: id.to_owned(),
                    label: def.label.clone(),
                })
            }
            _ => Err(CalcError::CatalogueDefect {
                detail: format!("計算式が数値でない入力項目「{id}」を数値として参照しています"),
            }),
        }
    }
}
