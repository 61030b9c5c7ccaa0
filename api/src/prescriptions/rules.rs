//! Free-prescription eligibility: national exemptions first, then care leavers' schemes.
//!
//! Pure functions over [`Facts`] and the date-effective [`RuleSet`]; no I/O. Callers must not
//! ask about dates before [`RuleSet::covers_from`] (the API refuses them), because the data
//! does not describe those years.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::answer::{
    ChargeInfo, Eligibility, Outcome, Question, QuestionId, Reason, ReasonId, Route, SchemeCheck,
    SchemeStatus,
};
use super::data::{CareLeaverScheme, RuleSet};
use super::facts::Facts;
use super::national::{Check, check_national};
use super::renewal::renewal;
use super::scheme::{Criteria, check_criteria, only_needs_a_gp, scheme_route};
use super::wording::{
    GP_FINDER_LINK, certificate_held_next_step, free_next_step, long_date, paying_next_step,
    questions_next_step, register_with_gp_next_step,
};

/// Checks free prescriptions on `on` with the rules compiled into this build.
pub fn evaluate(facts: &Facts, on: NaiveDate) -> Eligibility {
    evaluate_with(RuleSet::current(), facts, on)
}

/// Checks free prescriptions on `on` with the given rules (tests use edited copies).
pub fn evaluate_with(rules: &RuleSet, facts: &Facts, on: NaiveDate) -> Eligibility {
    let mut national = check_national(rules, facts, on);
    let mut local = Vec::new();
    for scheme in rules.care_leaver_schemes_on(on) {
        let criteria = check_criteria(scheme, facts, on);
        if scheme.national {
            // A national care-leaver entitlement is an exemption like any other.
            match criteria.check {
                Check::Applies { ends_on } => {
                    national.routes.push(scheme_route(rules, scheme, ends_on))
                }
                Check::Unknown(questions) => national.questions.extend(questions),
                Check::DoesNotApply => {}
            }
        } else {
            local.push((scheme, criteria));
        }
    }

    let exempt = !national.routes.is_empty();
    let mut questions: BTreeSet<QuestionId> = BTreeSet::new();
    if !exempt {
        questions.extend(national.questions.iter().copied());
    }
    let local = check_local(
        rules,
        local,
        exempt,
        !national.questions.is_empty(),
        (facts, on),
    );
    questions.extend(local.questions);
    let (schemes, scheme_routes) = (local.checks, local.routes);

    let routes = if exempt {
        national.routes
    } else {
        scheme_routes
    };
    let outcome = if !routes.is_empty() {
        questions.clear();
        Outcome::Eligible
    } else if !questions.is_empty() {
        Outcome::NeedMoreInformation
    } else {
        Outcome::NotEligible
    };
    let ends_on = last_free_day(&routes);
    let charges = if exempt {
        None
    } else {
        charge_info(rules, facts, on)
    };
    let mut notes = national.notes;
    notes.extend(other_notes(facts, on, outcome));

    let (next_step, next_step_link) = match (outcome, routes.first()) {
        (Outcome::Eligible, Some(first)) if exempt => (free_next_step(first, ends_on), None),
        (Outcome::Eligible, _) => (local.next_step.unwrap_or_default(), None),
        (Outcome::NeedMoreInformation, _) => (
            questions_next_step(local.would_apply, local.needs_gp),
            local.needs_gp.then(|| GP_FINDER_LINK.to_string()),
        ),
        (Outcome::NotEligible, _) if local.needs_gp => (
            register_with_gp_next_step(),
            Some(GP_FINDER_LINK.to_string()),
        ),
        (Outcome::NotEligible, _) => (
            charges
                .as_ref()
                .map(paying_next_step)
                .unwrap_or_else(|| "We can't check prescriptions for this date.".to_string()),
            None,
        ),
    };

    Eligibility {
        outcome,
        questions: questions.into_iter().map(Question::from).collect(),
        eps_code: routes.iter().find_map(|r| r.eps_code.clone()),
        routes,
        ends_on,
        schemes,
        charges,
        next_step,
        next_step_link,
        notes,
    }
}

/// Where the person stands with the local schemes in force.
struct LocalSchemes {
    checks: Vec<SchemeCheck>,
    routes: Vec<Route>,
    questions: Vec<QuestionId>,
    next_step: Option<String>,
    /// A scheme fits, but we must first rule out a national exemption.
    would_apply: bool,
    /// Registering with a GP is all that stands between them and a scheme.
    needs_gp: bool,
}

fn check_local(
    rules: &RuleSet,
    local: Vec<(&CareLeaverScheme, Criteria)>,
    exempt: bool,
    national_unknown: bool,
    (facts, on): (&Facts, NaiveDate),
) -> LocalSchemes {
    let mut result = LocalSchemes {
        checks: Vec::new(),
        routes: Vec::new(),
        questions: Vec::new(),
        next_step: None,
        would_apply: false,
        needs_gp: false,
    };
    for (scheme, criteria) in local {
        // A certificate from the scheme that has not run out: free until its last day,
        // whatever else has changed since it was approved.
        let held = (facts.scheme_certificate.as_ref())
            .filter(|c| c.scheme_id == scheme.id && c.expires_on >= on)
            .map(|c| c.expires_on);
        let (status, reasons) = if exempt {
            let text = "You already get free prescriptions, so you don't need this scheme.";
            let reasons = vec![Reason::new(ReasonId::AlreadyExempt, text)];
            (SchemeStatus::NotNeeded, reasons)
        } else if let Some(expires_on) = held {
            result
                .routes
                .push(scheme_route(rules, scheme, Some(expires_on)));
            result.next_step = Some(certificate_held_next_step(
                expires_on,
                &renewal(Some(expires_on), on),
            ));
            (SchemeStatus::CertificateHeld, Vec::new())
        } else {
            result.needs_gp |= only_needs_a_gp(&criteria);
            match criteria.check {
                Check::DoesNotApply => (SchemeStatus::DoesNotApply, criteria.reasons),
                Check::Unknown(asked) => {
                    result.questions.extend(asked);
                    (SchemeStatus::NeedMoreInformation, Vec::new())
                }
                // Only for people not already exempt: every national question must be answered.
                Check::Applies { .. } if national_unknown => {
                    result.would_apply = true;
                    (SchemeStatus::NeedMoreInformation, Vec::new())
                }
                Check::Applies { ends_on } => {
                    result.routes.push(scheme_route(rules, scheme, ends_on));
                    result
                        .next_step
                        .get_or_insert_with(|| scheme.next_step.clone());
                    (SchemeStatus::Applies, Vec::new())
                }
            }
        };
        result.checks.push(SchemeCheck {
            id: scheme.id.clone(),
            name: scheme.name.clone(),
            status,
            reasons,
        });
    }
    result
}

/// The last day of free prescriptions: the latest end, unless some route has no known end.
fn last_free_day(routes: &[Route]) -> Option<NaiveDate> {
    let ends: Option<Vec<NaiveDate>> = routes.iter().map(|r| r.ends_on).collect();
    ends?.into_iter().max()
}

fn charge_info(rules: &RuleSet, facts: &Facts, on: NaiveDate) -> Option<ChargeInfo> {
    let charges = rules.charges_on(on)?;
    let prepaid_until = facts
        .prepayment_certificate_expires
        .filter(|last_day| *last_day >= on);
    Some(ChargeInfo {
        item_pence: charges.item_pence,
        ppc_3_month_pence: charges.ppc_3_month_pence,
        ppc_12_month_pence: charges.ppc_12_month_pence,
        prices_from: charges.effective_from,
        prepaid_until,
        prepaid_eps_code: prepaid_until.and_then(|_| rules.eps_code("ppc")),
    })
}

fn other_notes(facts: &Facts, on: NaiveDate, outcome: Outcome) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(last_day) = facts.prepayment_certificate_expires.filter(|d| *d < on) {
        notes.push(format!(
            "Your prepayment certificate ran out on {}. You can buy a new one if you still need it.",
            long_date(last_day)
        ));
    }
    let has_hc3 = facts.hc3_certificate.is_some_and(|c| c.is_valid_on(on));
    if has_hc3 && outcome != Outcome::Eligible {
        notes.push(
            "An HC3 certificate doesn't make prescriptions free. But it can help with other NHS \
             costs, like the dentist or glasses."
                .to_string(),
        );
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prescriptions::facts::Certificate;
    use crate::prescriptions::facts::examples::{answered, care_leaver, d, student};
    use Outcome::{Eligible, NeedMoreInformation, NotEligible};

    fn ids(answer: &Eligibility) -> Vec<&str> {
        answer.routes.iter().map(|r| r.id.as_str()).collect()
    }

    fn outcome(text: &str) -> Outcome {
        match text {
            "eligible" => Eligible,
            "not_eligible" => NotEligible,
            _ => NeedMoreInformation,
        }
    }

    fn date(text: &str) -> Option<NaiveDate> {
        text.parse().ok()
    }

    #[test]
    fn birthdays_switch_routes_on_the_day_itself_including_29_february() {
        // person: answered "no" to everything; student: in full-time education;
        // leaver: a Dudley care leaver registered with a GP. "-" means none.
        let table = "
            person   2008-06-15  2024-06-14  eligible      age_under_16         2024-06-14
            person   2008-06-15  2024-06-15  not_eligible  -                    -
            student  2008-06-15  2024-06-15  eligible      age_16_18_education  2027-06-14
            student  2008-06-15  2027-06-14  eligible      age_16_18_education  2027-06-14
            student  2008-06-15  2027-06-15  not_eligible  -                    -
            person   1965-06-15  2025-06-14  not_eligible  -                    -
            person   1965-06-15  2025-06-15  eligible      age_60_plus          -
            leaver   2006-03-10  2024-03-09  not_eligible  -                    -
            leaver   2006-03-10  2024-03-10  eligible      black_country_care_leavers  2031-03-09
            leaver   2001-06-15  2026-06-14  eligible      black_country_care_leavers  2026-06-14
            leaver   2001-06-15  2026-06-15  not_eligible  -                    -
            person   2008-02-29  2024-02-28  eligible      age_under_16         2024-02-28
            person   2008-02-29  2024-02-29  not_eligible  -                    -
            student  2008-02-29  2027-02-28  eligible      age_16_18_education  2027-02-28
            student  2008-02-29  2027-03-01  not_eligible  -                    -
            leaver   2000-02-29  2025-02-28  eligible      black_country_care_leavers  2025-02-28
            leaver   2000-02-29  2025-03-01  not_eligible  -                    -
            person   1964-02-29  2024-02-28  not_eligible  -                    -
            person   1964-02-29  2024-02-29  eligible      age_60_plus          -
        ";
        for row in table.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let cells: Vec<&str> = row.split_whitespace().collect();
            let [who, born, on, expected, route, last_day] = cells[..] else {
                panic!("six cells in {row}");
            };
            let born = date(born).expect("born");
            let facts = match who {
                "student" => student(born),
                "leaver" => care_leaver(born, "dudley"),
                _ => answered(born),
            };
            let answer = evaluate(&facts, date(on).expect("on"));
            let routes: Vec<&str> = [route].into_iter().filter(|r| *r != "-").collect();
            assert_eq!(
                (answer.outcome, ids(&answer), answer.ends_on),
                (outcome(expected), routes, date(last_day)),
                "{row}"
            );
        }
    }

    #[test]
    fn tax_credit_certificates_count_until_5_april_2025_and_are_not_asked_about_after() {
        let holder = Facts {
            tax_credit_exemption_certificate: Some(Certificate::held()),
            ..answered(d(1990, 1, 1))
        };
        let cases = [
            (d(2025, 4, 4), Eligible, Some("0013")),
            (d(2025, 4, 5), Eligible, Some("0013")),
            (d(2025, 4, 6), NotEligible, None),
            (d(2025, 4, 7), NotEligible, None),
        ];
        for (on, expected, code) in cases {
            let answer = evaluate(&holder, on);
            assert_eq!(
                (answer.outcome, answer.eps_code.as_deref()),
                (expected, code),
                "{on}"
            );
        }
        let asked = |on| {
            let unknown = Facts {
                tax_credit_exemption_certificate: None,
                ..answered(d(1990, 1, 1))
            };
            evaluate(&unknown, on)
                .questions
                .iter()
                .any(|q| q.id == QuestionId::TaxCreditCertificate)
        };
        assert!(asked(d(2025, 4, 5)), "still asked on 5 April 2025");
        assert!(!asked(d(2025, 4, 6)), "not asked from 6 April 2025");
        assert!(!asked(d(2026, 1, 1)));
    }

    #[test]
    fn a_scheme_certificate_holder_is_told_they_already_get_free_prescriptions_until_it_ends() {
        use crate::prescriptions::facts::SchemeCertificate;
        let ends = d(2026, 6, 30);
        let holder = Facts {
            scheme_certificate: Some(SchemeCertificate {
                scheme_id: "black_country_care_leavers".into(),
                expires_on: ends,
            }),
            ..care_leaver(d(2004, 1, 1), "dudley")
        };
        // Day checked, status, and words the next step must contain.
        let cases = [
            (
                d(2026, 5, 30),
                SchemeStatus::CertificateHeld,
                "until 30 June 2026. Show your certificate, or tick its box on the back of the \
                 form. From 31 May 2026, you can ask for a new one",
            ),
            (
                d(2026, 5, 31),
                SchemeStatus::CertificateHeld,
                "It ends soon. If you still need it, you can ask for a new one now",
            ),
            (
                d(2026, 6, 30),
                SchemeStatus::CertificateHeld,
                "You already get free prescriptions until 30 June 2026.",
            ),
            (
                d(2026, 7, 1),
                SchemeStatus::Applies,
                "Apply for the care leavers' scheme",
            ),
        ];
        for (on, status, words) in cases {
            let answer = evaluate(&holder, on);
            assert_eq!(
                (answer.outcome, answer.schemes[0].status),
                (Eligible, status),
                "{on}"
            );
            assert!(
                answer.next_step.contains(words),
                "{on}: {}",
                answer.next_step
            );
        }
        let held = evaluate(&holder, d(2026, 6, 1));
        assert_eq!(
            (ids(&held), held.ends_on),
            (vec!["black_country_care_leavers"], Some(ends))
        );
        assert!(held.questions.is_empty());

        // A certificate from the scheme still counts after the 25th birthday, until it ends.
        let turned_25 = Facts {
            date_of_birth: Some(d(2001, 6, 1)),
            ..holder.clone()
        };
        assert_eq!(evaluate(&turned_25, d(2026, 6, 15)).outcome, Eligible);
        assert_eq!(evaluate(&turned_25, d(2026, 7, 1)).outcome, NotEligible);
    }

    #[test]
    fn with_nothing_known_the_questions_start_with_date_of_birth_in_a_stable_order() {
        let answer = evaluate(&Facts::default(), d(2025, 6, 2));
        assert_eq!(answer.outcome, NeedMoreInformation);
        let asked: Vec<QuestionId> = answer.questions.iter().map(|q| q.id).collect();
        assert_eq!(asked.first(), Some(&QuestionId::DateOfBirth));
        assert!(
            !asked.contains(&QuestionId::InFullTimeEducation),
            "asked once the age is known"
        );
        assert!(
            asked.windows(2).all(|w| w[0] < w[1]),
            "sorted and unique: {asked:?}"
        );
        assert!(answer.questions.iter().all(|q| q.text.ends_with('?')));
    }

    #[test]
    fn a_prepayment_certificate_means_no_charge_until_it_ends_but_is_not_an_exemption() {
        let facts = Facts {
            prepayment_certificate_expires: Some(d(2025, 9, 30)),
            ..answered(d(1990, 1, 1))
        };
        let answer = evaluate(&facts, d(2025, 6, 2));
        assert_eq!((answer.outcome, answer.routes.len()), (NotEligible, 0));
        let charges = answer.charges.expect("prices shown");
        assert_eq!(
            (charges.prepaid_until, charges.prepaid_eps_code.as_deref()),
            (Some(d(2025, 9, 30)), Some("0007"))
        );
        assert!(
            answer.next_step.contains("pay nothing"),
            "{}",
            answer.next_step
        );

        let expired = evaluate(&facts, d(2025, 10, 1));
        assert_eq!(expired.charges.and_then(|c| c.prepaid_until), None);
        assert!(
            expired
                .notes
                .iter()
                .any(|n| n.contains("30 September 2025"))
        );
    }

    #[test]
    fn an_hc3_does_not_give_free_prescriptions_but_an_hc2_does() {
        let hc3 = Facts {
            hc3_certificate: Some(Certificate::held()),
            ..answered(d(1990, 1, 1))
        };
        let answer = evaluate(&hc3, d(2025, 6, 2));
        assert_eq!(answer.outcome, NotEligible);
        assert!(answer.notes.iter().any(|n| n.contains("HC3")));
        let hc2 = Facts {
            hc2_certificate: Some(Certificate::until(d(2025, 12, 31))),
            ..answered(d(1990, 1, 1))
        };
        let answer = evaluate(&hc2, d(2025, 6, 2));
        assert_eq!(
            (ids(&answer), answer.eps_code.as_deref(), answer.ends_on),
            (vec!["hc2"], Some("0009"), Some(d(2025, 12, 31)))
        );
    }

    #[test]
    fn an_expired_certificate_does_not_count_and_is_mentioned() {
        let facts = Facts {
            medical_exemption_certificate: Some(Certificate::until(d(2025, 1, 31))),
            ..answered(d(1990, 1, 1))
        };
        let answer = evaluate(&facts, d(2025, 6, 2));
        assert_eq!(answer.outcome, NotEligible);
        assert!(
            answer
                .notes
                .iter()
                .any(|n| n.contains("ran out on 31 January 2025")),
            "{:?}",
            answer.notes
        );
        assert_eq!(
            evaluate(&facts, d(2025, 1, 31)).outcome,
            Eligible,
            "valid on its last day"
        );
    }

    #[test]
    fn every_route_that_applies_is_listed_and_free_lasts_until_the_latest_end() {
        let facts = Facts {
            medical_exemption_certificate: Some(Certificate::until(d(2029, 1, 1))),
            ..student(d(2008, 6, 15))
        };
        let answer = evaluate(&facts, d(2025, 6, 2));
        assert_eq!(
            ids(&answer),
            vec!["age_16_18_education", "medical_condition"]
        );
        assert_eq!(
            (answer.eps_code.as_deref(), answer.ends_on),
            (Some("0003"), Some(d(2029, 1, 1)))
        );
        assert!(
            answer.next_step.contains("1 January 2029"),
            "{}",
            answer.next_step
        );
    }
}
