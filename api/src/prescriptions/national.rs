//! The NHS England exemptions, each a three-valued check over the facts.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::age::{age_on, last_day_before};
use super::answer::{QuestionId, Route, RouteKind};
use super::data::{AgeLimits, Effective, NationalRoute, RuleSet, UniversalCreditLimits};
use super::facts::{Certificate, Facts, UniversalCredit, WhoGetsIt};
use super::wording::long_date;

/// One rule's answer: it applies (maybe until a known last day), it doesn't, or we must ask.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    Applies { ends_on: Option<NaiveDate> },
    DoesNotApply,
    Unknown(Vec<QuestionId>),
}

impl Check {
    /// A yes/no fact: unknown becomes the question that asks for it.
    pub fn answer(fact: Option<bool>, question: QuestionId) -> Self {
        match fact {
            Some(true) => Check::Applies { ends_on: None },
            Some(false) => Check::DoesNotApply,
            None => Check::Unknown(vec![question]),
        }
    }

    /// Both must hold; `next` is only looked at (and only asked about) once `self` holds.
    pub fn then(self, next: impl FnOnce() -> Check) -> Check {
        match self {
            Check::Applies { ends_on } => match next() {
                Check::Applies { ends_on: later } => Check::Applies {
                    ends_on: earliest(ends_on, later),
                },
                other => other,
            },
            other => other,
        }
    }
}

fn earliest(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The national exemptions that apply, the questions that could still change the answer, and
/// notes (such as an expired certificate).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NationalChecks {
    pub routes: Vec<Route>,
    pub questions: BTreeSet<QuestionId>,
    pub notes: Vec<String>,
}

/// Checks every national exemption in force on `on`.
pub fn check_national(rules: &RuleSet, facts: &Facts, on: NaiveDate) -> NationalChecks {
    let mut result = NationalChecks::default();
    let (Some(ages), Some(uc)) = (
        rules.age_limits_on(on),
        rules.universal_credit_limits_on(on),
    ) else {
        return result; // before the data starts: callers refuse such dates
    };
    let ctx = Context {
        facts,
        on,
        ages,
        uc,
    };
    for definition in rules.national_routes.iter().filter(|r| r.in_force_on(on)) {
        match ctx.check(&definition.id, &mut result.notes) {
            Check::Applies { ends_on } => result.routes.push(route(rules, definition, ends_on)),
            Check::DoesNotApply => {}
            Check::Unknown(questions) => result.questions.extend(questions),
        }
    }
    result
}

fn route(rules: &RuleSet, definition: &NationalRoute, ends_on: Option<NaiveDate>) -> Route {
    Route {
        id: definition.id.clone(),
        name: definition.name.clone(),
        kind: RouteKind::NationalExemption,
        eps_code: rules.eps_code(&definition.id),
        evidence: definition.evidence.clone(),
        ends_on,
    }
}

struct Context<'a> {
    facts: &'a Facts,
    on: NaiveDate,
    ages: &'a AgeLimits,
    uc: &'a UniversalCreditLimits,
}

impl Context<'_> {
    fn check(&self, id: &str, notes: &mut Vec<String>) -> Check {
        use QuestionId as Q;
        let f = self.facts;
        let a = self.ages;
        match id {
            "age_under_16" => self.age(|age| age < a.free_under, Some(a.free_under)),
            "age_16_18_education" => self
                .age(
                    |age| (a.education_from..a.education_under).contains(&age),
                    Some(a.education_under),
                )
                .then(|| Check::answer(f.in_full_time_education, Q::InFullTimeEducation)),
            "age_60_plus" => self.age(|age| age >= a.free_from, None),
            "maternity" => self.certificate(
                f.pregnant_or_recent_birth_with_matex,
                Q::MaternityCertificate,
                "MatEx card",
                notes,
            ),
            "medical_condition" => self.certificate(
                f.medical_exemption_certificate,
                Q::MedicalCertificate,
                "MedEx card",
                notes,
            ),
            "war_pension" => self.certificate(
                f.war_pension_certificate,
                Q::WarPensionCertificate,
                "war pension certificate",
                notes,
            ),
            "nhs_inpatient" => Check::answer(f.nhs_inpatient, Q::NhsInpatient),
            "income_support" => self.benefit(f.benefits.income_support, Q::IncomeSupport),
            "jsa_income_based" => self.benefit(f.benefits.income_based_jsa, Q::IncomeBasedJsa),
            "esa_income_related" => {
                self.benefit(f.benefits.income_related_esa, Q::IncomeRelatedEsa)
            }
            "pension_credit_gc" => self.benefit(
                f.benefits.pension_credit_guarantee,
                Q::PensionCreditGuarantee,
            ),
            "universal_credit" => match f.benefits.universal_credit {
                None => Check::Unknown(vec![Q::UniversalCredit]),
                Some(uc) => self
                    .benefit(uc.who_gets, Q::UniversalCredit)
                    .then(|| self.uc_pay(&uc)),
            },
            "tax_credit_exemption" => self.certificate(
                f.tax_credit_exemption_certificate,
                Q::TaxCreditCertificate,
                "NHS tax credit certificate",
                notes,
            ),
            "hc2" => self.certificate(
                f.hc2_certificate,
                Q::Hc2Certificate,
                "HC2 certificate",
                notes,
            ),
            // Data validation only admits ids listed in KNOWN_NATIONAL_ROUTES, all handled above.
            _ => Check::DoesNotApply,
        }
    }

    /// An age rule; `until` is the age at which it stops, giving the last day it applies.
    fn age(&self, applies: impl Fn(u32) -> bool, until: Option<u32>) -> Check {
        let Some(born) = self.facts.date_of_birth else {
            return Check::Unknown(vec![QuestionId::DateOfBirth]);
        };
        match age_on(born, self.on) {
            None => Check::Unknown(vec![QuestionId::DateOfBirth]),
            Some(age) if applies(age) => Check::Applies {
                ends_on: until.and_then(|limit| last_day_before(born, limit)),
            },
            Some(_) => Check::DoesNotApply,
        }
    }

    fn benefit(&self, who: Option<WhoGetsIt>, question: QuestionId) -> Check {
        match who {
            None => Check::Unknown(vec![question]),
            Some(WhoGetsIt::NoOne) => Check::DoesNotApply,
            Some(WhoGetsIt::Me | WhoGetsIt::MyPartner) => Check::Applies { ends_on: None },
            Some(WhoGetsIt::SomeoneIDependOn) => {
                let limit = self.ages.dependant_under;
                self.age(|age| age < limit, Some(limit))
            }
        }
    }

    fn uc_pay(&self, uc: &UniversalCredit) -> Check {
        use QuestionId as Q;
        match uc.take_home_pay_pence {
            None => Check::Unknown(vec![Q::UniversalCreditTakeHomePay]),
            Some(pay) if pay <= self.uc.take_home_pay_pence => Check::Applies { ends_on: None },
            Some(pay) if pay <= self.uc.with_child_or_limited_capability_pence => {
                match (uc.has_child_element, uc.has_limited_capability_for_work) {
                    (Some(true), _) | (_, Some(true)) => Check::Applies { ends_on: None },
                    (Some(false), Some(false)) => Check::DoesNotApply,
                    (child, capability) => Check::Unknown(
                        [
                            child.is_none().then_some(Q::UniversalCreditChildElement),
                            capability
                                .is_none()
                                .then_some(Q::UniversalCreditLimitedCapability),
                        ]
                        .into_iter()
                        .flatten()
                        .collect(),
                    ),
                }
            }
            Some(_) => Check::DoesNotApply,
        }
    }

    fn certificate(
        &self,
        certificate: Option<Certificate>,
        question: QuestionId,
        name: &str,
        notes: &mut Vec<String>,
    ) -> Check {
        match certificate {
            None => Check::Unknown(vec![question]),
            Some(c) if c.is_valid_on(self.on) => Check::Applies { ends_on: c.expires },
            Some(c) => {
                if let Some(last_day) = c.expired_before(self.on) {
                    notes.push(format!(
                        "Your {name} ran out on {}. If you can still get one, ask for a new one.",
                        long_date(last_day)
                    ));
                }
                Check::DoesNotApply
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prescriptions::data::KNOWN_NATIONAL_ROUTES;
    use crate::prescriptions::facts::Benefits;
    use crate::prescriptions::facts::examples::{answered, d};

    /// The routes that apply and the questions still open.
    fn check(facts: &Facts, on: NaiveDate) -> (Vec<String>, Vec<QuestionId>) {
        let result = check_national(RuleSet::current(), facts, on);
        let routes = result.routes.into_iter().map(|r| r.id).collect();
        (routes, result.questions.into_iter().collect())
    }

    #[test]
    fn universal_credit_counts_up_to_and_including_each_pay_limit() {
        // Take-home pay in pence, child element, limited capability for work ("?" = unknown),
        // whether the route applies, and the questions left.
        let table = "
            0      no   no   applies  -
            43500  no   no   applies  -
            43501  no   no   no       -
            43501  ?    ?    no       child,capability
            93500  yes  no   applies  -
            93501  yes  no   no       -
            93500  no   yes  applies  -
            93501  no   yes  no       -
            93500  no   ?    no       capability
            93500  ?    ?    no       child,capability
        ";
        let yes_no = |text: &str| match text {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        };
        for row in table.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let cells: Vec<&str> = row.split_whitespace().collect();
            let [pay, child, capability, applies, questions] = cells[..] else {
                panic!("five cells in {row}");
            };
            let mut facts = answered(d(1995, 5, 5));
            facts.benefits.universal_credit = Some(UniversalCredit {
                who_gets: Some(WhoGetsIt::Me),
                take_home_pay_pence: pay.parse().ok(),
                has_child_element: yes_no(child),
                has_limited_capability_for_work: yes_no(capability),
            });
            let routes: Vec<String> = [applies]
                .iter()
                .filter(|a| **a == "applies")
                .map(|_| "universal_credit".to_string())
                .collect();
            let asked: Vec<QuestionId> = questions
                .split(',')
                .filter_map(|q| match q {
                    "child" => Some(QuestionId::UniversalCreditChildElement),
                    "capability" => Some(QuestionId::UniversalCreditLimitedCapability),
                    _ => None,
                })
                .collect();
            assert_eq!(check(&facts, d(2025, 6, 2)), (routes, asked), "{row}");
        }
    }

    #[test]
    fn take_home_pay_is_only_asked_once_we_know_someone_gets_universal_credit() {
        let mut facts = answered(d(1995, 5, 5));
        facts.benefits.universal_credit = None;
        let on = d(2025, 6, 2);
        assert_eq!(check(&facts, on).1, vec![QuestionId::UniversalCredit]);
        facts.benefits.universal_credit = Some(UniversalCredit {
            who_gets: Some(WhoGetsIt::MyPartner),
            ..Default::default()
        });
        assert_eq!(
            check(&facts, on).1,
            vec![QuestionId::UniversalCreditTakeHomePay]
        );
    }

    #[test]
    fn a_benefit_a_parent_or_carer_gets_counts_until_the_20th_birthday() {
        let depends = |born| {
            let mut facts = answered(born);
            facts.benefits.income_support = Some(WhoGetsIt::SomeoneIDependOn);
            facts
        };
        let rules = RuleSet::current();
        let day_before = check_national(rules, &depends(d(2005, 9, 1)), d(2025, 8, 31));
        let route = &day_before.routes[0];
        assert_eq!(
            (route.id.as_str(), route.eps_code.as_deref(), route.ends_on),
            ("income_support", Some("0011"), Some(d(2025, 8, 31)))
        );
        assert_eq!(
            check(&depends(d(2005, 9, 1)), d(2025, 9, 1)).0,
            Vec::<String>::new()
        );
        let unknown_age = Facts {
            date_of_birth: None,
            ..depends(d(2005, 9, 1))
        };
        assert!(
            check(&unknown_age, d(2025, 6, 2))
                .1
                .contains(&QuestionId::DateOfBirth)
        );

        let mut partner = answered(d(1990, 1, 1));
        partner.benefits.income_based_jsa = Some(WhoGetsIt::MyPartner);
        assert_eq!(check(&partner, d(2025, 6, 2)).0, vec!["jsa_income_based"]);
    }

    #[test]
    fn every_national_route_the_data_names_has_a_rule_that_can_apply() {
        let yes = Some(Certificate::held());
        let me = Some(WhoGetsIt::Me);
        let adult = || answered(d(1990, 1, 1));
        let mut people: Vec<(&str, Facts)> = vec![
            ("age_under_16", answered(d(2015, 1, 1))),
            (
                "age_16_18_education",
                Facts {
                    in_full_time_education: Some(true),
                    ..answered(d(2008, 1, 1))
                },
            ),
            ("age_60_plus", answered(d(1950, 1, 1))),
            (
                "maternity",
                Facts {
                    pregnant_or_recent_birth_with_matex: yes,
                    ..adult()
                },
            ),
            (
                "medical_condition",
                Facts {
                    medical_exemption_certificate: yes,
                    ..adult()
                },
            ),
            (
                "war_pension",
                Facts {
                    war_pension_certificate: yes,
                    ..adult()
                },
            ),
            (
                "nhs_inpatient",
                Facts {
                    nhs_inpatient: Some(true),
                    ..adult()
                },
            ),
            (
                "tax_credit_exemption",
                Facts {
                    tax_credit_exemption_certificate: yes,
                    ..adult()
                },
            ),
            (
                "hc2",
                Facts {
                    hc2_certificate: yes,
                    ..adult()
                },
            ),
        ];
        let mut benefit = |id, set: fn(&mut Benefits)| {
            let mut facts = adult();
            set(&mut facts.benefits);
            people.push((id, facts));
        };
        benefit("income_support", |b| b.income_support = Some(WhoGetsIt::Me));
        benefit("jsa_income_based", |b| {
            b.income_based_jsa = Some(WhoGetsIt::Me)
        });
        benefit("esa_income_related", |b| {
            b.income_related_esa = Some(WhoGetsIt::Me)
        });
        benefit("pension_credit_gc", |b| {
            b.pension_credit_guarantee = Some(WhoGetsIt::Me)
        });
        let uc = UniversalCredit {
            who_gets: me,
            take_home_pay_pence: Some(0),
            ..Default::default()
        };
        people.push((
            "universal_credit",
            Facts {
                benefits: Benefits {
                    universal_credit: Some(uc),
                    ..adult().benefits
                },
                ..adult()
            },
        ));

        let ids: Vec<&str> = people.iter().map(|(id, _)| *id).collect();
        assert_eq!(ids.len(), KNOWN_NATIONAL_ROUTES.len());
        for (id, facts) in &people {
            assert!(KNOWN_NATIONAL_ROUTES.contains(id), "{id}");
            // Checked on a day each route was in force (tax credit certificates ended on
            // 5 April 2025).
            let on = if *id == "tax_credit_exemption" {
                d(2025, 4, 5)
            } else {
                d(2025, 6, 2)
            };
            assert_eq!(check(facts, on).0, vec![id.to_string()], "{id}");
        }
    }
}
