//! The Chances4YOUth review workflow: which status an expression of interest may move to, and
//! who may move it there.
//!
//! ```text
//! submitted → acknowledged → in_review → interview_offered        → started
//!                                      → work_experience_offered  → not_progressed
//!                                      → mock_interview_offered
//! ```
//! Decisions the issue left open, made here:
//! - Reviewers (HR and Connexions) move a form forward one step at a time; nothing skips
//!   `acknowledged`, because the "days to acknowledgement" figure the Corporate Parenting Board
//!   sees depends on every form being acknowledged.
//! - `not_progressed` is reachable by a reviewer from `acknowledged`, `in_review` or any offer,
//!   but not straight from `submitted`: a young person is always acknowledged before being
//!   turned down.
//! - A reviewer may replace one offer with another (a mock interview often leads to a real
//!   interview or to work experience) instead of closing the form and asking for a new one.
//! - Only the young person withdraws, from any open state; nobody else can, and they can do
//!   nothing else.
//! - `started`, `not_progressed` and `withdrawn` are terminal: nothing leaves them.

use serde::{Deserialize, Serialize};
use std::fmt;
use utoipa::ToSchema;

/// Where an expression of interest is in the Chances4YOUth review.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
#[schema(example = "in_review")]
pub enum EoiStatus {
    Submitted,
    Acknowledged,
    InReview,
    InterviewOffered,
    WorkExperienceOffered,
    MockInterviewOffered,
    Started,
    NotProgressed,
    Withdrawn,
}

impl EoiStatus {
    /// Every status, in workflow order.
    pub const ALL: [EoiStatus; 9] = [
        EoiStatus::Submitted,
        EoiStatus::Acknowledged,
        EoiStatus::InReview,
        EoiStatus::InterviewOffered,
        EoiStatus::WorkExperienceOffered,
        EoiStatus::MockInterviewOffered,
        EoiStatus::Started,
        EoiStatus::NotProgressed,
        EoiStatus::Withdrawn,
    ];

    /// The stable snake_case name used in JSON, the database and query strings.
    pub fn as_str(self) -> &'static str {
        match self {
            EoiStatus::Submitted => "submitted",
            EoiStatus::Acknowledged => "acknowledged",
            EoiStatus::InReview => "in_review",
            EoiStatus::InterviewOffered => "interview_offered",
            EoiStatus::WorkExperienceOffered => "work_experience_offered",
            EoiStatus::MockInterviewOffered => "mock_interview_offered",
            EoiStatus::Started => "started",
            EoiStatus::NotProgressed => "not_progressed",
            EoiStatus::Withdrawn => "withdrawn",
        }
    }

    /// The status named by `s` (as written by [`EoiStatus::as_str`]), if any.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == s)
    }
}

impl fmt::Display for EoiStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who is asking for a status change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Actor {
    /// The care leaver (or through-care 16–17 year old) who sent the form.
    YoungPerson,
    /// HR (Talent and Development) or Connexions, who review the forms.
    Reviewer,
}

/// Why a status change was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// The current status does not lead to the requested one (HTTP 409, naming `current`).
    #[error("this expression of interest is {current} and cannot move to {requested}")]
    NotAllowed {
        current: EoiStatus,
        requested: EoiStatus,
    },
    /// The move exists, but this actor may not make it (HTTP 403).
    #[error("{requested} can only be set by {allowed}")]
    WrongActor {
        current: EoiStatus,
        requested: EoiStatus,
        allowed: &'static str,
    },
}

impl TransitionError {
    /// The status the expression of interest is in now.
    pub fn current(&self) -> EoiStatus {
        match self {
            TransitionError::NotAllowed { current, .. } => *current,
            TransitionError::WrongActor { current, .. } => *current,
        }
    }
}

/// Whether the form is still being considered: the young person can update or withdraw it,
/// and a second form cannot be opened beside it.
pub fn is_open(status: EoiStatus) -> bool {
    !matches!(
        status,
        EoiStatus::Started | EoiStatus::NotProgressed | EoiStatus::Withdrawn
    )
}

/// Whether the status is an offer (the young person is e-mailed about it).
pub fn is_offer(status: EoiStatus) -> bool {
    matches!(
        status,
        EoiStatus::InterviewOffered
            | EoiStatus::WorkExperienceOffered
            | EoiStatus::MockInterviewOffered
    )
}

/// Whether a reviewer may move a form from `from` to `to` (the state machine, without
/// withdrawal).
fn reviewer_may(from: EoiStatus, to: EoiStatus) -> bool {
    use EoiStatus::*;
    match from {
        Submitted => to == Acknowledged,
        Acknowledged => matches!(to, InReview | NotProgressed),
        InReview => is_offer(to) || to == NotProgressed,
        InterviewOffered | WorkExperienceOffered | MockInterviewOffered => {
            (is_offer(to) && to != from) || matches!(to, Started | NotProgressed)
        }
        Started | NotProgressed | Withdrawn => false,
    }
}

/// Checks that `actor` may move an expression of interest from `from` to `to`.
pub fn transition(from: EoiStatus, to: EoiStatus, actor: Actor) -> Result<(), TransitionError> {
    let not_allowed = TransitionError::NotAllowed {
        current: from,
        requested: to,
    };
    if !is_open(from) {
        return Err(not_allowed);
    }
    let by_young_person = to == EoiStatus::Withdrawn;
    let by_reviewer = reviewer_may(from, to);
    match actor {
        Actor::YoungPerson if by_young_person => Ok(()),
        Actor::Reviewer if by_reviewer => Ok(()),
        Actor::YoungPerson if by_reviewer => Err(TransitionError::WrongActor {
            current: from,
            requested: to,
            allowed: "HR or Connexions",
        }),
        Actor::Reviewer if by_young_person => Err(TransitionError::WrongActor {
            current: from,
            requested: to,
            allowed: "the young person",
        }),
        _ => Err(not_allowed),
    }
}

/// The statuses `actor` may move a form in `from` to, in workflow order (for the UI's buttons).
pub fn next_statuses(from: EoiStatus, actor: Actor) -> Vec<EoiStatus> {
    EoiStatus::ALL
        .into_iter()
        .filter(|&to| transition(from, to, actor).is_ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::EoiStatus::*;
    use super::*;

    /// Every allowed move; anything not listed must be refused.
    const ALLOWED: &[(EoiStatus, EoiStatus, Actor)] = &[
        (Submitted, Acknowledged, Actor::Reviewer),
        (Acknowledged, InReview, Actor::Reviewer),
        (Acknowledged, NotProgressed, Actor::Reviewer),
        (InReview, InterviewOffered, Actor::Reviewer),
        (InReview, WorkExperienceOffered, Actor::Reviewer),
        (InReview, MockInterviewOffered, Actor::Reviewer),
        (InReview, NotProgressed, Actor::Reviewer),
        (InterviewOffered, WorkExperienceOffered, Actor::Reviewer),
        (InterviewOffered, MockInterviewOffered, Actor::Reviewer),
        (InterviewOffered, Started, Actor::Reviewer),
        (InterviewOffered, NotProgressed, Actor::Reviewer),
        (WorkExperienceOffered, InterviewOffered, Actor::Reviewer),
        (WorkExperienceOffered, MockInterviewOffered, Actor::Reviewer),
        (WorkExperienceOffered, Started, Actor::Reviewer),
        (WorkExperienceOffered, NotProgressed, Actor::Reviewer),
        (MockInterviewOffered, InterviewOffered, Actor::Reviewer),
        (MockInterviewOffered, WorkExperienceOffered, Actor::Reviewer),
        (MockInterviewOffered, Started, Actor::Reviewer),
        (MockInterviewOffered, NotProgressed, Actor::Reviewer),
        (Submitted, Withdrawn, Actor::YoungPerson),
        (Acknowledged, Withdrawn, Actor::YoungPerson),
        (InReview, Withdrawn, Actor::YoungPerson),
        (InterviewOffered, Withdrawn, Actor::YoungPerson),
        (WorkExperienceOffered, Withdrawn, Actor::YoungPerson),
        (MockInterviewOffered, Withdrawn, Actor::YoungPerson),
    ];

    #[test]
    fn every_pair_of_statuses_for_every_actor_follows_the_table() {
        for from in EoiStatus::ALL {
            for to in EoiStatus::ALL {
                for actor in [Actor::YoungPerson, Actor::Reviewer] {
                    let expected = ALLOWED.contains(&(from, to, actor));
                    let result = transition(from, to, actor);
                    assert_eq!(
                        result.is_ok(),
                        expected,
                        "{from} -> {to} by {actor:?}: {result:?}"
                    );
                    if let Err(e) = result {
                        assert_eq!(e.current(), from, "error names the current status");
                    }
                }
            }
        }
    }

    #[test]
    fn a_young_person_asking_for_a_reviewer_move_is_told_who_can_make_it() {
        let cases = [
            (Submitted, Acknowledged, "HR or Connexions"),
            (InReview, InterviewOffered, "HR or Connexions"),
            (MockInterviewOffered, Started, "HR or Connexions"),
        ];
        for (from, to, allowed) in cases {
            let expected = TransitionError::WrongActor {
                current: from,
                requested: to,
                allowed,
            };
            assert_eq!(transition(from, to, Actor::YoungPerson), Err(expected));
        }
    }

    #[test]
    fn a_reviewer_cannot_withdraw_on_the_young_persons_behalf() {
        let err = transition(InReview, Withdrawn, Actor::Reviewer).unwrap_err();
        assert!(matches!(
            err,
            TransitionError::WrongActor {
                allowed: "the young person",
                ..
            }
        ));
    }

    #[test]
    fn terminal_states_refuse_every_move_and_name_the_current_state() {
        for from in [Started, NotProgressed, Withdrawn] {
            let err = transition(from, Withdrawn, Actor::YoungPerson).unwrap_err();
            assert_eq!(
                err,
                TransitionError::NotAllowed {
                    current: from,
                    requested: Withdrawn
                }
            );
            assert!(err.to_string().contains(from.as_str()));
        }
    }

    #[test]
    fn open_and_offer_statuses_are_classified() {
        let cases = [
            (Submitted, true, false),
            (Acknowledged, true, false),
            (InReview, true, false),
            (InterviewOffered, true, true),
            (WorkExperienceOffered, true, true),
            (MockInterviewOffered, true, true),
            (Started, false, false),
            (NotProgressed, false, false),
            (Withdrawn, false, false),
        ];
        for (status, open, offer) in cases {
            assert_eq!(is_open(status), open, "{status} open");
            assert_eq!(is_offer(status), offer, "{status} offer");
        }
    }

    #[test]
    fn every_status_round_trips_through_its_name_and_json() {
        for status in EoiStatus::ALL {
            assert_eq!(EoiStatus::parse(status.as_str()), Some(status));
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(json, format!("\"{}\"", status.as_str()));
        }
        assert_eq!(EoiStatus::parse("Submitted"), None);
        assert_eq!(EoiStatus::parse(""), None);
    }

    #[test]
    fn next_statuses_lists_the_buttons_each_actor_sees() {
        assert_eq!(
            next_statuses(Submitted, Actor::Reviewer),
            vec![Acknowledged]
        );
        assert_eq!(
            next_statuses(InReview, Actor::Reviewer),
            vec![
                InterviewOffered,
                WorkExperienceOffered,
                MockInterviewOffered,
                NotProgressed
            ]
        );
        assert_eq!(next_statuses(InReview, Actor::YoungPerson), vec![Withdrawn]);
        assert!(next_statuses(Started, Actor::YoungPerson).is_empty());
    }
}
