//! The date-effective rule data (`api/seed/prescriptions/`), compiled in and parsed once.
//!
//! A rule change is a new entry with a start date, so evaluating a past date still finds the
//! entry that applied then. See `api/seed/prescriptions/README.md`.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::Deserialize;

pub(super) const RULES_JSON: &str = include_str!("../../seed/prescriptions/rules.json");
pub(super) const CATEGORIES_CSV: &str =
    include_str!("../../seed/prescriptions/free_prescription_categories_england.csv");
pub(super) const EPS_CODES_CSV: &str =
    include_str!("../../seed/prescriptions/prescription-charge-exemption_codes.csv");

/// National exemption ids the engine has logic for (`super::national`).
pub const KNOWN_NATIONAL_ROUTES: &[&str] = &[
    "age_under_16",
    "age_16_18_education",
    "age_60_plus",
    "maternity",
    "medical_condition",
    "war_pension",
    "nhs_inpatient",
    "income_support",
    "jsa_income_based",
    "esa_income_related",
    "pension_credit_gc",
    "universal_credit",
    "tax_credit_exemption",
    "hc2",
];

/// Where the rule for a national route comes from, and the last day it applied where the
/// source says it has ended. The loader refuses data that lets a route run past that day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteSource {
    pub id: &'static str,
    /// The publication the rule (and any end date) is taken from.
    pub source: &'static str,
    /// The last day the route applied, as (year, month, day), if the source says it ended.
    pub ended_on: Option<(i32, u32, u32)>,
}

const NHSBSA_EXEMPTIONS: &str =
    "NHSBSA, Check if you have an NHS exemption (faq.nhsbsa.nhs.uk KA-25779)";

/// One entry per national route, in the order of [`KNOWN_NATIONAL_ROUTES`].
pub const ROUTE_SOURCES: &[RouteSource] = &[
    RouteSource::open("age_under_16", NHSBSA_EXEMPTIONS),
    RouteSource::open("age_16_18_education", NHSBSA_EXEMPTIONS),
    RouteSource::open("age_60_plus", NHSBSA_EXEMPTIONS),
    RouteSource::open("maternity", NHSBSA_EXEMPTIONS),
    RouteSource::open("medical_condition", NHSBSA_EXEMPTIONS),
    RouteSource::open(
        "war_pension",
        "NHSBSA, Check if you have an NHS exemption; FP10 declaration box 'Prescription \
         Exemption Certificate issued by the Ministry of Defence'",
    ),
    RouteSource::open("nhs_inpatient", NHSBSA_EXEMPTIONS),
    RouteSource::open("income_support", NHSBSA_EXEMPTIONS),
    RouteSource::open("jsa_income_based", NHSBSA_EXEMPTIONS),
    RouteSource::open("esa_income_related", NHSBSA_EXEMPTIONS),
    RouteSource::open("pension_credit_gc", NHSBSA_EXEMPTIONS),
    RouteSource::open("universal_credit", NHSBSA_EXEMPTIONS),
    RouteSource {
        id: "tax_credit_exemption",
        source: "Community Pharmacy England, April 2025: tax credits ended on 5 April 2025 and \
                 NHS tax credit exemption certificates (EPS exemption 0013) are no longer valid \
                 from 6 April 2025",
        ended_on: Some((2025, 4, 5)),
    },
    RouteSource::open("hc2", NHSBSA_EXEMPTIONS),
];

impl RouteSource {
    const fn open(id: &'static str, source: &'static str) -> Self {
        Self {
            id,
            source,
            ended_on: None,
        }
    }

    /// The last day the route applied, if its source says it has ended.
    pub fn ended_on(&self) -> Option<NaiveDate> {
        let (y, m, d) = self.ended_on?;
        NaiveDate::from_ymd_opt(y, m, d)
    }

    /// The source for a national route id.
    pub fn of(id: &str) -> Option<&'static RouteSource> {
        ROUTE_SOURCES.iter().find(|s| s.id == id)
    }
}

/// Why the rule data could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RulesError {
    #[error("prescription rules data is not valid JSON for the rule set: {0}")]
    Json(String),
    #[error("prescription reference CSV could not be read: {0}")]
    Csv(String),
    #[error("prescription rules data is inconsistent: {0}")]
    Invalid(String),
}

/// Something that applies from `effective_from` to `effective_to` (both inclusive).
pub trait Effective {
    fn effective_from(&self) -> NaiveDate;
    fn effective_to(&self) -> Option<NaiveDate>;
    fn in_force_on(&self, on: NaiveDate) -> bool {
        self.effective_from() <= on && self.effective_to().is_none_or(|to| on <= to)
    }
}

macro_rules! effective {
    ($($ty:ty),*) => {$(
        impl Effective for $ty {
            fn effective_from(&self) -> NaiveDate { self.effective_from }
            fn effective_to(&self) -> Option<NaiveDate> { self.effective_to }
        }
    )*};
}
effective!(
    Charges,
    UniversalCreditLimits,
    AgeLimits,
    NationalRoute,
    CareLeaverScheme
);

/// The prescription charge and prepayment certificate prices, in pence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Charges {
    pub effective_from: NaiveDate,
    pub effective_to: Option<NaiveDate>,
    pub item_pence: i64,
    pub ppc_3_month_pence: i64,
    pub ppc_12_month_pence: i64,
}

/// Universal Credit take-home pay limits for the last assessment period, in pence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UniversalCreditLimits {
    pub effective_from: NaiveDate,
    pub effective_to: Option<NaiveDate>,
    pub take_home_pay_pence: i64,
    pub with_child_or_limited_capability_pence: i64,
}

/// Ages (in whole years) for the age exemptions; `*_under` limits are exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgeLimits {
    pub effective_from: NaiveDate,
    pub effective_to: Option<NaiveDate>,
    pub free_under: u32,
    pub education_from: u32,
    pub education_under: u32,
    pub free_from: u32,
    pub dependant_under: u32,
}

/// A national exemption's wording; its EPS code comes from the categories CSV.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NationalRoute {
    pub id: String,
    pub effective_from: NaiveDate,
    pub effective_to: Option<NaiveDate>,
    pub name: String,
    pub evidence: String,
}

/// A care leavers' scheme: local (the Black Country's) or a future national entitlement.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CareLeaverScheme {
    pub id: String,
    pub name: String,
    /// National entitlements are exemptions in their own right; local schemes only help
    /// people who are not already exempt.
    pub national: bool,
    pub effective_from: NaiveDate,
    pub effective_to: Option<NaiveDate>,
    /// Lower-case council names; `None` means any council.
    #[serde(default)]
    pub local_authorities: Option<Vec<String>>,
    pub age_from: u32,
    pub age_under: u32,
    pub requires_gp_registration: bool,
    /// Id of the row in the categories CSV whose EPS code applies, if any.
    #[serde(default)]
    pub eps_category: Option<String>,
    pub evidence: String,
    pub next_step: String,
}

/// All prescription rule data, as in force over time.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    /// The earliest date the data describes; earlier dates are not modelled.
    pub covers_from: NaiveDate,
    pub charges: Vec<Charges>,
    pub universal_credit_limits: Vec<UniversalCreditLimits>,
    pub age_limits: Vec<AgeLimits>,
    pub national_routes: Vec<NationalRoute>,
    pub care_leaver_schemes: Vec<CareLeaverScheme>,
    /// Category id -> EPS prescription-charge-exemption code, from the categories CSV.
    #[serde(skip)]
    pub eps_codes: HashMap<String, String>,
}

#[derive(Deserialize)]
struct CategoryRow {
    id: String,
    eps_code: Option<String>,
}

#[derive(Deserialize)]
struct CodeRow {
    code: String,
}

impl RuleSet {
    /// The rules compiled into this build, parsed on first use.
    ///
    /// # Panics
    /// Only if the embedded data is broken, which `tests::the_embedded_rules_load_and_validate`
    /// catches before release. Call it at start-up to fail fast.
    pub fn current() -> &'static RuleSet {
        static RULES: OnceLock<RuleSet> = OnceLock::new();
        RULES.get_or_init(|| {
            Self::from_sources(RULES_JSON, CATEGORIES_CSV, EPS_CODES_CSV)
                .expect("embedded prescription rules are checked by a unit test")
        })
    }

    /// Checks the embedded data and loads it; `serve` calls this at start-up so broken data
    /// stops the service with an error instead of failing the first eligibility check.
    pub fn load_embedded() -> Result<&'static RuleSet, RulesError> {
        Self::from_sources(RULES_JSON, CATEGORIES_CSV, EPS_CODES_CSV)?;
        Ok(Self::current())
    }

    /// Parses and validates `rules.json`-shaped data against the embedded reference CSVs
    /// (for trying out a rule change before it is committed).
    pub fn with_rules_json(rules_json: &str) -> Result<Self, RulesError> {
        Self::from_sources(rules_json, CATEGORIES_CSV, EPS_CODES_CSV)
    }

    /// Parses and validates rule data from its three sources.
    pub fn from_sources(
        rules_json: &str,
        categories_csv: &str,
        codes_csv: &str,
    ) -> Result<Self, RulesError> {
        let mut rules: RuleSet =
            serde_json::from_str(rules_json).map_err(|e| RulesError::Json(e.to_string()))?;
        let codes: HashSet<String> = read_csv::<CodeRow>(codes_csv)?
            .into_iter()
            .map(|r| r.code)
            .collect();
        for row in read_csv::<CategoryRow>(categories_csv)? {
            match row.eps_code.filter(|c| !c.is_empty()) {
                Some(code) if !codes.contains(&code) => {
                    return Err(RulesError::Invalid(format!(
                        "category {} has unknown EPS code {code}",
                        row.id
                    )));
                }
                Some(code) => rules.eps_codes.insert(row.id, code),
                None => rules.eps_codes.insert(row.id, String::new()),
            };
        }
        super::validate::validate(&rules)?;
        Ok(rules)
    }

    /// The EPS code for a categories-CSV id, where that category has one.
    pub fn eps_code(&self, category: &str) -> Option<String> {
        self.eps_codes
            .get(category)
            .filter(|c| !c.is_empty())
            .cloned()
    }

    pub fn charges_on(&self, on: NaiveDate) -> Option<&Charges> {
        self.charges.iter().find(|c| c.in_force_on(on))
    }

    pub fn universal_credit_limits_on(&self, on: NaiveDate) -> Option<&UniversalCreditLimits> {
        self.universal_credit_limits
            .iter()
            .find(|c| c.in_force_on(on))
    }

    pub fn age_limits_on(&self, on: NaiveDate) -> Option<&AgeLimits> {
        self.age_limits.iter().find(|c| c.in_force_on(on))
    }

    pub fn care_leaver_schemes_on(&self, on: NaiveDate) -> impl Iterator<Item = &CareLeaverScheme> {
        self.care_leaver_schemes
            .iter()
            .filter(move |s| s.in_force_on(on))
    }
}

fn read_csv<T: serde::de::DeserializeOwned>(text: &str) -> Result<Vec<T>, RulesError> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .collect::<Result<Vec<T>, _>>()
        .map_err(|e| RulesError::Csv(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::prescriptions::facts::examples::d;

    #[test]
    fn the_embedded_rules_load_and_validate() {
        let rules =
            RuleSet::from_sources(RULES_JSON, CATEGORIES_CSV, EPS_CODES_CSV).expect("valid");
        assert_eq!(&rules, RuleSet::current());
        for id in KNOWN_NATIONAL_ROUTES {
            assert!(
                rules.national_routes.iter().any(|r| r.id == *id),
                "{id} has wording"
            );
        }
        assert_eq!(
            rules.eps_code("age_16_18_education").as_deref(),
            Some("0003")
        );
        assert_eq!(
            rules.eps_code("universal_credit"),
            None,
            "the CSV gives UC no code"
        );
        let scheme = &rules.care_leaver_schemes[0];
        assert_eq!(scheme.id, "black_country_care_leavers");
        assert_eq!(scheme.effective_from, d(2023, 4, 1));
        assert_eq!(
            (scheme.age_from, scheme.age_under, scheme.national),
            (18, 25, false)
        );
        let councils = ["dudley", "sandwell", "walsall", "wolverhampton"]
            .map(String::from)
            .to_vec();
        assert_eq!(scheme.local_authorities, Some(councils));
    }

    #[test]
    fn prices_and_limits_change_on_the_day_they_were_set() {
        let rules = RuleSet::current();
        let cases = [
            (d(2021, 3, 31), None),
            (d(2021, 4, 1), Some((935, 3025, 10810))),
            (d(2023, 3, 31), Some((935, 3025, 10810))),
            (d(2023, 4, 1), Some((965, 3125, 11160))),
            (d(2024, 4, 30), Some((965, 3125, 11160))),
            (d(2024, 5, 1), Some((990, 3205, 11450))),
            (d(2030, 1, 1), Some((990, 3205, 11450))),
        ];
        for (on, expected) in cases {
            let found = rules
                .charges_on(on)
                .map(|c| (c.item_pence, c.ppc_3_month_pence, c.ppc_12_month_pence));
            assert_eq!(found, expected, "on {on}");
        }
        let uc = rules
            .universal_credit_limits_on(d(2025, 6, 1))
            .expect("in force");
        assert_eq!(
            (
                uc.take_home_pay_pence,
                uc.with_child_or_limited_capability_pence
            ),
            (43500, 93500)
        );
        let ages = rules.age_limits_on(d(2025, 6, 1)).expect("in force");
        assert_eq!(
            (ages.free_under, ages.education_under, ages.free_from),
            (16, 19, 60)
        );
    }

    /// Each national route, the source its rule comes from, and its last day in the data.
    #[test]
    fn every_national_route_names_its_source_and_ends_where_the_source_says() {
        let rules = RuleSet::current();
        let table = [
            ("age_under_16", "NHSBSA", None),
            ("age_16_18_education", "NHSBSA", None),
            ("age_60_plus", "NHSBSA", None),
            ("maternity", "NHSBSA", None),
            ("medical_condition", "NHSBSA", None),
            ("war_pension", "Ministry of Defence", None),
            ("nhs_inpatient", "NHSBSA", None),
            ("income_support", "NHSBSA", None),
            ("jsa_income_based", "NHSBSA", None),
            ("esa_income_related", "NHSBSA", None),
            ("pension_credit_gc", "NHSBSA", None),
            ("universal_credit", "NHSBSA", None),
            (
                "tax_credit_exemption",
                "Community Pharmacy England, April 2025",
                Some(d(2025, 4, 5)),
            ),
            ("hc2", "NHSBSA", None),
        ];
        let ids: Vec<&str> = table.iter().map(|(id, _, _)| *id).collect();
        assert_eq!(ids, KNOWN_NATIONAL_ROUTES);
        for (id, source, last_day) in table {
            let named = RouteSource::of(id).expect("every route names a source");
            assert!(named.source.contains(source), "{id}: {}", named.source);
            assert_eq!(named.ended_on(), last_day, "{id}");
            let data_end = rules
                .national_routes
                .iter()
                .filter(|r| r.id == id)
                .map(|r| r.effective_to)
                .next_back()
                .expect("in the data");
            assert_eq!(data_end, last_day, "{id}");
        }
    }

    #[test]
    fn an_eps_code_missing_from_the_code_system_is_refused() {
        let categories = CATEGORIES_CSV.replace(",0003,", ",0099,");
        let error =
            RuleSet::from_sources(RULES_JSON, &categories, EPS_CODES_CSV).expect_err("refused");
        assert!(matches!(error, RulesError::Invalid(message) if message.contains("0099")));
    }
}
