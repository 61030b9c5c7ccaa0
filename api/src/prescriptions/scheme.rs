//! The criteria of a care leavers' scheme (the Black Country's, or a future national one).
//! Whether the person is already exempt is decided by the caller: national routes win.

use chrono::NaiveDate;

use super::age::{age_on, birthday, last_day_before};
use super::answer::{QuestionId, Reason, ReasonId, Route, RouteKind};
use super::data::{CareLeaverScheme, RuleSet};
use super::facts::Facts;
use super::national::Check;
use super::wording::{councils_list, long_date, ordinal};

/// A scheme's own criteria, before looking at national exemptions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Criteria {
    /// `DoesNotApply` exactly when `reasons` is not empty.
    pub check: Check,
    pub reasons: Vec<Reason>,
}

/// Checks every criterion, so the person hears all the reasons at once.
pub fn check_criteria(scheme: &CareLeaverScheme, facts: &Facts, on: NaiveDate) -> Criteria {
    let mut questions = Vec::new();
    let mut reasons = Vec::new();

    match facts.eligible_for_leaving_care_service {
        Some(false) => {
            return not_met(vec![Reason::new(
                ReasonId::NotACareLeaver,
                "This scheme is for care leavers who get help from a council's leaving-care team.",
            )]);
        }
        None => questions.push(QuestionId::EligibleForLeavingCareService),
        Some(true) => {}
    }

    if let Some(councils) = &scheme.local_authorities {
        match facts.leaving_care_local_authority.as_deref() {
            None => questions.push(QuestionId::LeavingCareLocalAuthority),
            Some(council) if councils.contains(&normalise_council(council)) => {}
            Some(council) => reasons.push(Reason::new(
                ReasonId::CouncilNotCovered,
                format!(
                    "This scheme is only for care leavers from {}. You left care in {}, so ask \
                     your personal adviser there. They can tell you how to get help to pay for \
                     your medicine.",
                    councils_list(councils),
                    councils_list(&[council.trim().to_owned()])
                ),
            )),
        }
    }

    let mut ends_on = None;
    let born = facts.date_of_birth;
    match born.and_then(|born| age_on(born, on).map(|age| (born, age))) {
        None => questions.push(QuestionId::DateOfBirth),
        Some((born, age)) if age < scheme.age_from => {
            let from = birthday(born, scheme.age_from)
                .map(long_date)
                .unwrap_or_default();
            reasons.push(Reason::new(
                ReasonId::TooYoung,
                format!(
                    "This scheme starts at {}. You can use it from your {} birthday ({from}).",
                    scheme.age_from,
                    ordinal(scheme.age_from)
                ),
            ));
        }
        Some((_, age)) if age >= scheme.age_under => reasons.push(Reason::new(
            ReasonId::TooOld,
            format!(
                "This scheme is for care leavers up to their {} birthday.",
                ordinal(scheme.age_under)
            ),
        )),
        Some((born, _)) => ends_on = last_day_before(born, scheme.age_under),
    }

    if scheme.requires_gp_registration {
        match facts.registered_with_gp {
            None => questions.push(QuestionId::RegisteredWithGp),
            Some(false) => reasons.push(Reason::new(
                ReasonId::NotRegisteredWithGp,
                "You need to be registered with a GP (a doctor's surgery) first.",
            )),
            Some(true) => {}
        }
    }

    if !reasons.is_empty() {
        not_met(reasons)
    } else if !questions.is_empty() {
        Criteria {
            check: Check::Unknown(questions),
            reasons,
        }
    } else {
        Criteria {
            check: Check::Applies { ends_on },
            reasons,
        }
    }
}

fn not_met(reasons: Vec<Reason>) -> Criteria {
    Criteria {
        check: Check::DoesNotApply,
        reasons,
    }
}

/// True when registering with a GP is the only thing between the person and the scheme.
pub fn only_needs_a_gp(criteria: &Criteria) -> bool {
    !criteria.reasons.is_empty()
        && criteria
            .reasons
            .iter()
            .all(|r| r.id == ReasonId::NotRegisteredWithGp)
}

/// The scheme as a route, for when it applies.
pub fn scheme_route(
    rules: &RuleSet,
    scheme: &CareLeaverScheme,
    ends_on: Option<NaiveDate>,
) -> Route {
    Route {
        id: scheme.id.clone(),
        name: scheme.name.clone(),
        kind: if scheme.national {
            RouteKind::NationalExemption
        } else {
            RouteKind::LocalScheme
        },
        eps_code: scheme
            .eps_category
            .as_deref()
            .and_then(|c| rules.eps_code(c)),
        evidence: scheme.evidence.clone(),
        ends_on,
    }
}

/// Lower-cases a council name and drops the usual decorations ("City of ... Council").
pub fn normalise_council(name: &str) -> String {
    let lower = name.trim().to_lowercase();
    let lower = lower.strip_prefix("city of ").unwrap_or(&lower);
    let lower = lower.strip_suffix(" council").unwrap_or(lower);
    let lower = lower.strip_suffix(" metropolitan borough").unwrap_or(lower);
    lower.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prescriptions::facts::examples::d;

    fn black_country() -> &'static CareLeaverScheme {
        RuleSet::current()
            .care_leaver_schemes
            .iter()
            .find(|s| s.id == "black_country_care_leavers")
            .expect("the Black Country scheme is in the data")
    }

    fn care_leaver(council: &str, born: NaiveDate, gp: Option<bool>) -> Facts {
        Facts {
            date_of_birth: Some(born),
            eligible_for_leaving_care_service: Some(true),
            leaving_care_local_authority: Some(council.to_string()),
            registered_with_gp: gp,
            ..Facts::default()
        }
    }

    #[test]
    fn the_scheme_runs_from_the_18th_birthday_to_the_day_before_the_25th() {
        let born = d(2008, 2, 29);
        let until = Check::Applies {
            ends_on: Some(d(2033, 2, 28)),
        };
        let cases = [
            (d(2026, 2, 28), Check::DoesNotApply),
            (d(2026, 3, 1), until.clone()),
            (d(2033, 2, 28), until),
            (d(2033, 3, 1), Check::DoesNotApply),
        ];
        for (on, expected) in cases {
            let facts = care_leaver("Dudley", born, Some(true));
            assert_eq!(
                check_criteria(black_country(), &facts, on).check,
                expected,
                "on {on}"
            );
        }
    }

    #[test]
    fn councils_are_matched_whatever_their_spelling_and_others_are_named_in_the_reason() {
        let on = d(2025, 6, 1);
        let born = d(2004, 1, 1);
        for council in [
            "dudley",
            " Sandwell ",
            "City of Wolverhampton Council",
            "WALSALL",
        ] {
            let criteria =
                check_criteria(black_country(), &care_leaver(council, born, Some(true)), on);
            assert!(matches!(criteria.check, Check::Applies { .. }), "{council}");
        }
        let criteria = check_criteria(
            black_country(),
            &care_leaver("Birmingham", born, Some(true)),
            on,
        );
        assert_eq!(criteria.check, Check::DoesNotApply);
        assert_eq!(criteria.reasons[0].id, ReasonId::CouncilNotCovered);
        assert!(
            criteria.reasons[0]
                .text
                .contains("Dudley, Sandwell, Walsall or Wolverhampton")
        );
    }

    #[test]
    fn an_unregistered_care_leaver_only_needs_a_gp_and_an_unknown_one_is_asked() {
        let on = d(2025, 6, 1);
        let unregistered = check_criteria(
            black_country(),
            &care_leaver("dudley", d(2004, 1, 1), Some(false)),
            on,
        );
        assert!(only_needs_a_gp(&unregistered));
        let unknown = check_criteria(
            black_country(),
            &care_leaver("dudley", d(2004, 1, 1), None),
            on,
        );
        assert_eq!(
            unknown.check,
            Check::Unknown(vec![QuestionId::RegisteredWithGp])
        );
        let too_old_and_unregistered = check_criteria(
            black_country(),
            &care_leaver("dudley", d(1990, 1, 1), Some(false)),
            on,
        );
        assert!(!only_needs_a_gp(&too_old_and_unregistered));
    }

    #[test]
    fn council_names_are_normalised_for_matching() {
        let cases = [
            ("Dudley", "dudley"),
            (" City of Wolverhampton Council ", "wolverhampton"),
            ("Walsall Metropolitan Borough Council", "walsall"),
            ("SANDWELL", "sandwell"),
        ];
        for (given, expected) in cases {
            assert_eq!(normalise_council(given), expected);
        }
    }
}
