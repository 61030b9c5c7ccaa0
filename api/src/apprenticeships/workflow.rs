//! The Chances4YOUth review workflow: which status an expression of interest may move to, and
//! who may move it there.
//!
//! ```text
//! submitted → acknowledged → in_review → interview_offered        → started → continuing
//!                                      → work_experience_offered  │         → completed
//!                                      → mock_interview_offered   │         → left_early
//!                                      → coaching_offered         │         → moved_on
//!                                      → placement_offered        → not_progressed
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
//! - After `started` a reviewer records the outcome: `continuing` (a check-in, not the end),
//!   then `completed`, `left_early` or `moved_on` (into employment or further training).
//! - Only the young person withdraws, from any open state (before a start); nobody else can,
//!   and they can do nothing else. Once started, the young person's form is no longer theirs
//!   to change: its outcome is recorded by the team.
//! - `completed`, `left_early`, `moved_on`, `not_progressed` and `withdrawn` are terminal:
//!   nothing leaves them.

pub use entity::expression_of_interest::EoiStatus;
use sea_orm::Iterable;

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
/// and a second form cannot be opened beside it (the database's partial unique index lists
/// the same statuses).
pub fn is_open(status: EoiStatus) -> bool {
    use EoiStatus::*;
    matches!(
        status,
        Submitted
            | Acknowledged
            | InReview
            | InterviewOffered
            | WorkExperienceOffered
            | MockInterviewOffered
            | CoachingOffered
            | PlacementOffered
    )
}

/// Whether nothing can happen to the form any more.
pub fn is_terminal(status: EoiStatus) -> bool {
    use EoiStatus::*;
    matches!(
        status,
        Completed | LeftEarly | MovedOn | NotProgressed | Withdrawn
    )
}

/// Whether the status is an offer (the young person is e-mailed about it).
pub fn is_offer(status: EoiStatus) -> bool {
    matches!(
        status,
        EoiStatus::InterviewOffered
            | EoiStatus::WorkExperienceOffered
            | EoiStatus::MockInterviewOffered
            | EoiStatus::CoachingOffered
            | EoiStatus::PlacementOffered
    )
}

/// Whether the status is an outcome recorded after a start.
pub fn is_outcome(status: EoiStatus) -> bool {
    matches!(
        status,
        EoiStatus::Continuing | EoiStatus::Completed | EoiStatus::LeftEarly | EoiStatus::MovedOn
    )
}

/// Where a placement is: what a move to a status records about its directorate and team.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceRule {
    /// Directorate and team must be given (or, for a start, carried over from the offer).
    Required,
    /// Both or neither (work experience: forms moved before directorates were recorded have
    /// none, and the API keeps accepting a move without them).
    Optional,
    /// Not recorded for this status; giving them is an error.
    NotRecorded,
}

/// What a move to `to` records about the placement's directorate and team.
pub fn place_rule(to: EoiStatus) -> PlaceRule {
    match to {
        EoiStatus::PlacementOffered | EoiStatus::Started => PlaceRule::Required,
        EoiStatus::WorkExperienceOffered => PlaceRule::Optional,
        _ => PlaceRule::NotRecorded,
    }
}

/// Whether a move to `to` records the day it happened (`effective_on`): a start's day and an
/// outcome's date. When none is given it is the day the move is recorded.
pub fn records_effective_on(to: EoiStatus) -> bool {
    to == EoiStatus::Started || is_outcome(to)
}

/// Whether a reviewer may move a form from `from` to `to` (the state machine, without
/// withdrawal).
fn reviewer_may(from: EoiStatus, to: EoiStatus) -> bool {
    use EoiStatus::*;
    match from {
        Submitted => to == Acknowledged,
        Acknowledged => matches!(to, InReview | NotProgressed),
        InReview => is_offer(to) || to == NotProgressed,
        InterviewOffered
        | WorkExperienceOffered
        | MockInterviewOffered
        | CoachingOffered
        | PlacementOffered => (is_offer(to) && to != from) || matches!(to, Started | NotProgressed),
        Started => matches!(to, Continuing | Completed | LeftEarly | MovedOn),
        Continuing => matches!(to, Completed | LeftEarly | MovedOn),
        Completed | LeftEarly | MovedOn | NotProgressed | Withdrawn => false,
    }
}

/// Checks that `actor` may move an expression of interest from `from` to `to`.
pub fn transition(from: EoiStatus, to: EoiStatus, actor: Actor) -> Result<(), TransitionError> {
    let not_allowed = TransitionError::NotAllowed {
        current: from,
        requested: to,
    };
    if is_terminal(from) {
        return Err(not_allowed);
    }
    let by_young_person = to == EoiStatus::Withdrawn && is_open(from);
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
    EoiStatus::iter()
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
        (InReview, CoachingOffered, Actor::Reviewer),
        (InReview, PlacementOffered, Actor::Reviewer),
        (InReview, NotProgressed, Actor::Reviewer),
        (InterviewOffered, WorkExperienceOffered, Actor::Reviewer),
        (InterviewOffered, MockInterviewOffered, Actor::Reviewer),
        (InterviewOffered, CoachingOffered, Actor::Reviewer),
        (InterviewOffered, PlacementOffered, Actor::Reviewer),
        (InterviewOffered, Started, Actor::Reviewer),
        (InterviewOffered, NotProgressed, Actor::Reviewer),
        (WorkExperienceOffered, InterviewOffered, Actor::Reviewer),
        (WorkExperienceOffered, MockInterviewOffered, Actor::Reviewer),
        (WorkExperienceOffered, CoachingOffered, Actor::Reviewer),
        (WorkExperienceOffered, PlacementOffered, Actor::Reviewer),
        (WorkExperienceOffered, Started, Actor::Reviewer),
        (WorkExperienceOffered, NotProgressed, Actor::Reviewer),
        (MockInterviewOffered, InterviewOffered, Actor::Reviewer),
        (MockInterviewOffered, WorkExperienceOffered, Actor::Reviewer),
        (MockInterviewOffered, CoachingOffered, Actor::Reviewer),
        (MockInterviewOffered, PlacementOffered, Actor::Reviewer),
        (MockInterviewOffered, Started, Actor::Reviewer),
        (MockInterviewOffered, NotProgressed, Actor::Reviewer),
        (CoachingOffered, InterviewOffered, Actor::Reviewer),
        (CoachingOffered, WorkExperienceOffered, Actor::Reviewer),
        (CoachingOffered, MockInterviewOffered, Actor::Reviewer),
        (CoachingOffered, PlacementOffered, Actor::Reviewer),
        (CoachingOffered, Started, Actor::Reviewer),
        (CoachingOffered, NotProgressed, Actor::Reviewer),
        (PlacementOffered, InterviewOffered, Actor::Reviewer),
        (PlacementOffered, WorkExperienceOffered, Actor::Reviewer),
        (PlacementOffered, MockInterviewOffered, Actor::Reviewer),
        (PlacementOffered, CoachingOffered, Actor::Reviewer),
        (PlacementOffered, Started, Actor::Reviewer),
        (PlacementOffered, NotProgressed, Actor::Reviewer),
        (Started, Continuing, Actor::Reviewer),
        (Started, Completed, Actor::Reviewer),
        (Started, LeftEarly, Actor::Reviewer),
        (Started, MovedOn, Actor::Reviewer),
        (Continuing, Completed, Actor::Reviewer),
        (Continuing, LeftEarly, Actor::Reviewer),
        (Continuing, MovedOn, Actor::Reviewer),
        (Submitted, Withdrawn, Actor::YoungPerson),
        (Acknowledged, Withdrawn, Actor::YoungPerson),
        (InReview, Withdrawn, Actor::YoungPerson),
        (InterviewOffered, Withdrawn, Actor::YoungPerson),
        (WorkExperienceOffered, Withdrawn, Actor::YoungPerson),
        (MockInterviewOffered, Withdrawn, Actor::YoungPerson),
        (CoachingOffered, Withdrawn, Actor::YoungPerson),
        (PlacementOffered, Withdrawn, Actor::YoungPerson),
    ];

    #[test]
    fn every_pair_of_statuses_for_every_actor_follows_the_table() {
        for from in EoiStatus::iter() {
            for to in EoiStatus::iter() {
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
        for from in [Completed, LeftEarly, MovedOn, NotProgressed, Withdrawn] {
            let err = transition(from, Withdrawn, Actor::YoungPerson).unwrap_err();
            assert_eq!(
                err,
                TransitionError::NotAllowed {
                    current: from,
                    requested: Withdrawn
                }
            );
            assert!(err.to_string().contains(&from.to_string()));
        }
    }

    #[test]
    fn open_and_offer_statuses_are_classified() {
        // (status, open, offer, outcome, terminal)
        let cases = [
            (Submitted, true, false, false, false),
            (Acknowledged, true, false, false, false),
            (InReview, true, false, false, false),
            (InterviewOffered, true, true, false, false),
            (WorkExperienceOffered, true, true, false, false),
            (MockInterviewOffered, true, true, false, false),
            (CoachingOffered, true, true, false, false),
            (PlacementOffered, true, true, false, false),
            (Started, false, false, false, false),
            (Continuing, false, false, true, false),
            (Completed, false, false, true, true),
            (LeftEarly, false, false, true, true),
            (MovedOn, false, false, true, true),
            (NotProgressed, false, false, false, true),
            (Withdrawn, false, false, false, true),
        ];
        for (status, open, offer, outcome, terminal) in cases {
            assert_eq!(is_open(status), open, "{status} open");
            assert_eq!(is_offer(status), offer, "{status} offer");
            assert_eq!(is_outcome(status), outcome, "{status} outcome");
            assert_eq!(is_terminal(status), terminal, "{status} terminal");
        }
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
                CoachingOffered,
                PlacementOffered,
                NotProgressed
            ]
        );
        assert_eq!(
            next_statuses(Started, Actor::Reviewer),
            vec![Continuing, Completed, LeftEarly, MovedOn]
        );
        assert_eq!(
            next_statuses(Continuing, Actor::Reviewer),
            vec![Completed, LeftEarly, MovedOn]
        );
        assert_eq!(next_statuses(InReview, Actor::YoungPerson), vec![Withdrawn]);
        assert!(next_statuses(Started, Actor::YoungPerson).is_empty());
    }

    #[test]
    fn a_move_records_the_place_and_the_day_only_where_the_design_says() {
        let cases = [
            (PlacementOffered, PlaceRule::Required, false),
            (Started, PlaceRule::Required, true),
            (WorkExperienceOffered, PlaceRule::Optional, false),
            (CoachingOffered, PlaceRule::NotRecorded, false),
            (InterviewOffered, PlaceRule::NotRecorded, false),
            (Continuing, PlaceRule::NotRecorded, true),
            (Completed, PlaceRule::NotRecorded, true),
            (LeftEarly, PlaceRule::NotRecorded, true),
            (MovedOn, PlaceRule::NotRecorded, true),
            (NotProgressed, PlaceRule::NotRecorded, false),
        ];
        for (to, place, day) in cases {
            assert_eq!(place_rule(to), place, "{to} place");
            assert_eq!(records_effective_on(to), day, "{to} day");
        }
    }
}
