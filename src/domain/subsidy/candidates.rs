//! Turning a programme's pending applications into allocation candidates.

use super::allocation::{Candidate, SelectionMode};
use super::application::{Application, ApplicationError, Status};
use super::model::{InputValue, SubsidyProgram};
use super::review::ReviewError;

/// Why candidates could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CandidateError {
    #[error(transparent)]
    Application(#[from] ApplicationError),
    #[error("申請 {id} の審査結果: {source}")]
    Review {
        id: String,
        #[source]
        source: ReviewError,
    },
    #[error("申請 {0} の審査の採点がありません。審査順で配分する前に採点を入力してください。")]
    NotReviewed(String),
}

/// The programme's applications still awaiting a decision (申請・審査中) with an eligible
/// amount, as candidates: 優先採択 from the lottery's priority flag, rank from the review.
pub fn candidates_for(
    program: &SubsidyProgram,
    applications: &[Application],
) -> Result<Vec<Candidate>, CandidateError> {
    let pending: Vec<&Application> = applications
        .iter()
        .filter(|a| {
            a.program_id == program.id && matches!(a.status, Status::Applied | Status::UnderReview)
        })
        .collect();
    let mut ranks = std::collections::BTreeMap::new();
    if let (SelectionMode::Review { .. }, Some(scheme)) = (&program.selection, &program.review) {
        let mut entries = Vec::new();
        for a in &pending {
            let sheet = a
                .review
                .as_ref()
                .ok_or_else(|| CandidateError::NotReviewed(a.id.clone()))?;
            entries.push((a.id.as_str(), a.received_key()?, sheet));
        }
        let ranked = scheme
            .rank(&entries)
            .map_err(|source| CandidateError::Review {
                id: program.id.clone(),
                source,
            })?;
        let mut rank = 0;
        for r in ranked {
            if r.result.passed {
                rank += 1;
                ranks.insert(r.id.to_owned(), (Some(rank), r.result.total.display()));
            } else {
                ranks.insert(r.id.to_owned(), (None, r.result.total.display()));
            }
        }
    }
    let priority_input = match &program.selection {
        SelectionMode::Lottery { priority_input, .. } => priority_input.clone(),
        _ => None,
    };
    pending
        .into_iter()
        .map(|a| {
            let (rank, score) = ranks
                .get(&a.id)
                .cloned()
                .map_or((None, None), |(r, s)| (r, Some(s)));
            Ok(Candidate {
                application_id: a.id.clone(),
                applicant: a.applicant.name.clone(),
                received_at: a.received_at.clone(),
                received_key: a.received_key()?,
                requested: a.computed_amount,
                priority: priority_input
                    .as_ref()
                    .is_some_and(|p| a.inputs.get(p) == Some(&InputValue::Flag(true))),
                rank,
                score,
            })
        })
        .collect()
}
