//! Whether a care leaver can apply for the local care leavers' scheme: the rule the
//! application route enforces (422 unless `Eligible`).

use chrono::NaiveDate;

use super::answer::{Outcome, Reason, ReasonId, Route, RouteKind, SchemeDecision, SchemeStatus};
use super::data::RuleSet;
use super::facts::Facts;
use super::rules::evaluate_with;
use super::wording::long_date;

/// Whether the person can apply for the local care leavers' scheme on `on`.
pub fn scheme_eligibility(facts: &Facts, on: NaiveDate) -> SchemeDecision {
    scheme_eligibility_with(RuleSet::current(), facts, on)
}

/// [`scheme_eligibility`] with the given rules.
pub fn scheme_eligibility_with(rules: &RuleSet, facts: &Facts, on: NaiveDate) -> SchemeDecision {
    let answer = evaluate_with(rules, facts, on);
    let (national, local): (Vec<Route>, Vec<Route>) = answer
        .routes
        .into_iter()
        .partition(|r| r.kind == RouteKind::NationalExemption);
    if !national.is_empty() {
        return SchemeDecision::AlreadyExempt { routes: national };
    }
    if let Some(scheme) = local.into_iter().next() {
        return SchemeDecision::Eligible { scheme };
    }
    if answer.schemes.is_empty() {
        let text = format!(
            "The care leavers' scheme was not running on {}.",
            long_date(on)
        );
        let reasons = vec![Reason::new(ReasonId::SchemeNotRunning, text)];
        return SchemeDecision::NotEligible { reasons };
    }
    if answer.outcome == Outcome::NeedMoreInformation
        && answer
            .schemes
            .iter()
            .any(|s| s.status == SchemeStatus::NeedMoreInformation)
    {
        return SchemeDecision::NeedMoreInformation {
            questions: answer.questions,
        };
    }
    let reasons = answer.schemes.into_iter().flat_map(|s| s.reasons).collect();
    SchemeDecision::NotEligible { reasons }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prescriptions::answer::{Eligibility, QuestionId};
    use crate::prescriptions::facts::Certificate;
    use crate::prescriptions::facts::examples::{answered, care_leaver, d};
    use crate::prescriptions::rules::evaluate;
    use Outcome::{Eligible, NeedMoreInformation, NotEligible};

    const BC: &str = "black_country_care_leavers";

    fn ids(answer: &Eligibility) -> Vec<&str> {
        answer.routes.iter().map(|r| r.id.as_str()).collect()
    }

    #[test]
    fn a_care_leaver_from_outside_the_black_country_pays_and_is_told_why() {
        let answer = evaluate(&care_leaver(d(2004, 1, 1), "Birmingham"), d(2025, 6, 2));
        assert_eq!(answer.outcome, NotEligible);
        assert_eq!(answer.schemes[0].status, SchemeStatus::DoesNotApply);
        assert_eq!(answer.schemes[0].reasons[0].id, ReasonId::CouncilNotCovered);
        let charges = answer.charges.expect("paying, so prices shown");
        assert_eq!(
            (
                charges.item_pence,
                charges.ppc_3_month_pence,
                charges.ppc_12_month_pence
            ),
            (990, 3205, 11450)
        );
        assert!(
            answer.next_step.contains("£9.90") && answer.next_step.contains("£114.50"),
            "{}",
            answer.next_step
        );
    }

    #[test]
    fn an_already_exempt_care_leaver_uses_the_national_route_and_does_not_need_the_scheme() {
        let mut medex = care_leaver(d(2003, 5, 1), "dudley");
        medex.medical_exemption_certificate = Some(Certificate::until(d(2026, 1, 31)));
        let cases = [
            (
                Facts {
                    in_full_time_education: Some(true),
                    ..care_leaver(d(2006, 9, 1), "dudley")
                },
                "age_16_18_education",
                "0003",
                d(2025, 8, 31),
            ),
            (medex, "medical_condition", "0006", d(2026, 1, 31)),
        ];
        for (facts, route, code, ends_on) in cases {
            let answer = evaluate(&facts, d(2025, 6, 2));
            assert_eq!((answer.outcome, ids(&answer)), (Eligible, vec![route]));
            assert_eq!(
                (answer.eps_code.as_deref(), answer.ends_on),
                (Some(code), Some(ends_on))
            );
            assert_eq!(answer.schemes[0].status, SchemeStatus::NotNeeded);
            assert_eq!(answer.charges, None);
            assert!(
                matches!(scheme_eligibility(&facts, d(2025, 6, 2)), SchemeDecision::AlreadyExempt { routes } if routes[0].id == route)
            );
        }
    }

    #[test]
    fn an_unregistered_care_leaver_is_sent_to_the_gp_finder_first() {
        let facts = Facts {
            registered_with_gp: Some(false),
            ..care_leaver(d(2004, 1, 1), "dudley")
        };
        let answer = evaluate(&facts, d(2025, 6, 2));
        assert_eq!(answer.outcome, NotEligible);
        assert_eq!(
            answer.next_step_link.as_deref(),
            Some("/v1/practices/nearby?kind=gp")
        );
        assert!(
            answer.next_step.starts_with("Register with a GP"),
            "{}",
            answer.next_step
        );
        let SchemeDecision::NotEligible { reasons } = scheme_eligibility(&facts, d(2025, 6, 2))
        else {
            panic!("an unregistered care leaver cannot apply yet");
        };
        assert_eq!(
            reasons.iter().map(|r| r.id).collect::<Vec<_>>(),
            vec![ReasonId::NotRegisteredWithGp]
        );

        let mut unsure = facts;
        unsure.benefits.income_support = None;
        let answer = evaluate(&unsure, d(2025, 6, 2));
        assert_eq!(
            (answer.outcome, answer.next_step_link.is_some()),
            (NeedMoreInformation, true)
        );
    }

    #[test]
    fn a_past_date_gets_the_rules_and_prices_of_that_day() {
        let facts = care_leaver(d(2003, 1, 1), "dudley");
        let before = evaluate(&facts, d(2023, 3, 31));
        assert_eq!(
            (before.outcome, before.schemes.len()),
            (NotEligible, 0),
            "no scheme before April 2023"
        );
        assert_eq!(
            before
                .charges
                .as_ref()
                .map(|c| (c.item_pence, c.prices_from)),
            Some((935, d(2021, 4, 1)))
        );
        assert!(
            matches!(scheme_eligibility(&facts, d(2023, 3, 31)), SchemeDecision::NotEligible { reasons } if reasons[0].id == ReasonId::SchemeNotRunning)
        );

        let first_day = evaluate(&facts, d(2023, 4, 1));
        assert_eq!((first_day.outcome, ids(&first_day)), (Eligible, vec![BC]));
        assert_eq!(first_day.charges.map(|c| c.item_pence), Some(965));
        assert_eq!(
            first_day.eps_code.as_deref(),
            Some("0007"),
            "the scheme gives a prepayment certificate"
        );
    }

    #[test]
    fn a_care_leaver_who_fits_the_scheme_is_asked_the_national_questions_before_applying() {
        let mut facts = care_leaver(d(2004, 1, 1), "dudley");
        facts.benefits.universal_credit = None;
        let answer = evaluate(&facts, d(2025, 6, 2));
        assert_eq!(answer.outcome, NeedMoreInformation);
        assert!(
            answer.next_step.contains("care leavers' scheme"),
            "{}",
            answer.next_step
        );
        let SchemeDecision::NeedMoreInformation { questions } =
            scheme_eligibility(&facts, d(2025, 6, 2))
        else {
            panic!("must know they are not already exempt");
        };
        assert_eq!(
            questions.iter().map(|q| q.id).collect::<Vec<_>>(),
            vec![QuestionId::UniversalCredit]
        );

        let ready = care_leaver(d(2004, 1, 1), "dudley");
        let SchemeDecision::Eligible { scheme } = scheme_eligibility(&ready, d(2025, 6, 2)) else {
            panic!("a registered Dudley care leaver of 21 can apply");
        };
        assert_eq!(
            (scheme.id.as_str(), scheme.kind, scheme.ends_on),
            (BC, RouteKind::LocalScheme, Some(d(2028, 12, 31)))
        );
    }

    /// The shipped rules plus a made-up national entitlement for care leavers from April 2027.
    fn with_future_national_entitlement() -> RuleSet {
        let mut data: serde_json::Value =
            serde_json::from_str(include_str!("../../seed/prescriptions/rules.json"))
                .expect("JSON");
        let entitlement = serde_json::json!({
            "id": "national_care_leavers",
            "name": "Free prescriptions for care leavers",
            "national": true,
            "effective_from": "2027-04-01",
            "effective_to": null,
            "local_authorities": null,
            "age_from": 18,
            "age_under": 25,
            "requires_gp_registration": false,
            "eps_category": null,
            "evidence": "Tell the pharmacy you are a care leaver.",
            "next_step": "You don't have to pay for prescriptions."
        });
        data["care_leaver_schemes"]
            .as_array_mut()
            .expect("a list")
            .push(entitlement);
        RuleSet::with_rules_json(&data.to_string()).expect("still valid")
    }

    #[test]
    fn a_new_national_entitlement_is_new_data_that_changes_nothing_before_its_start_date() {
        let future = with_future_national_entitlement();
        let today = RuleSet::current();
        let people = [
            care_leaver(d(2006, 1, 1), "dudley"),
            care_leaver(d(2006, 1, 1), "Manchester"),
            Facts {
                registered_with_gp: Some(false),
                ..care_leaver(d(2006, 1, 1), "walsall")
            },
            Facts {
                in_full_time_education: Some(true),
                ..care_leaver(d(2009, 1, 1), "dudley")
            },
            answered(d(2006, 1, 1)),
            Facts::default(),
        ];
        for facts in &people {
            for on in [d(2025, 6, 2), d(2027, 3, 31)] {
                assert_eq!(
                    evaluate_with(&future, facts, on),
                    evaluate_with(today, facts, on),
                    "{facts:?} on {on}"
                );
                assert_eq!(
                    scheme_eligibility_with(&future, facts, on),
                    scheme_eligibility_with(today, facts, on)
                );
            }
        }

        let start = d(2027, 4, 1);
        let dudley = evaluate_with(&future, &people[0], start);
        assert_eq!(
            (dudley.outcome, ids(&dudley)),
            (Eligible, vec!["national_care_leavers"])
        );
        assert_eq!(dudley.routes[0].kind, RouteKind::NationalExemption);
        assert_eq!(
            dudley.schemes[0].status,
            SchemeStatus::NotNeeded,
            "the national route wins"
        );
        assert!(matches!(
            scheme_eligibility_with(&future, &people[0], start),
            SchemeDecision::AlreadyExempt { .. }
        ));

        let manchester = evaluate_with(&future, &people[1], start);
        assert_eq!(
            (manchester.outcome, ids(&manchester)),
            (Eligible, vec!["national_care_leavers"])
        );
        let unregistered = evaluate_with(&future, &people[2], start);
        assert_eq!(
            unregistered.outcome, Eligible,
            "the made-up national route needs no GP"
        );
        assert_eq!(
            evaluate_with(&future, &people[4], start).outcome,
            NotEligible,
            "not a care leaver"
        );
        assert_eq!(
            evaluate_with(today, &people[1], start).outcome,
            NotEligible,
            "without the new data"
        );
    }
}
