//! What we know about a person when checking free prescriptions. Every fact is optional:
//! `None` means "not told yet", which the rules turn into a question when it matters.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Everything the prescription rules may use. `None` means unknown, never "no".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    pub date_of_birth: Option<NaiveDate>,
    pub in_full_time_education: Option<bool>,
    /// Maternity exemption certificate (pregnant or had a baby in the last 12 months).
    pub pregnant_or_recent_birth_with_matex: Option<Certificate>,
    pub medical_exemption_certificate: Option<Certificate>,
    pub war_pension_certificate: Option<Certificate>,
    pub nhs_inpatient: Option<bool>,
    pub benefits: Benefits,
    pub tax_credit_exemption_certificate: Option<Certificate>,
    pub hc2_certificate: Option<Certificate>,
    /// An HC3 gives partial help with some costs, never free prescriptions.
    pub hc3_certificate: Option<Certificate>,
    /// Last day of a prescription prepayment certificate, if the person has one.
    pub prepayment_certificate_expires: Option<NaiveDate>,
    pub registered_with_gp: Option<bool>,
    /// The council whose leaving-care service the person is entitled to, e.g. `dudley`.
    pub leaving_care_local_authority: Option<String>,
    pub eligible_for_leaving_care_service: Option<bool>,
    /// A certificate approved through a care leavers' scheme, from the record (never from
    /// what the person tells us).
    pub scheme_certificate: Option<SchemeCertificate>,
}

/// A prepayment certificate a care leavers' scheme gave the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemeCertificate {
    /// The scheme it came through, e.g. `black_country_care_leavers`.
    pub scheme_id: String,
    /// Its last valid day.
    pub expires_on: NaiveDate,
}

/// An exemption certificate the person told us about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"held": true, "expires": "2026-08-31"}))]
pub struct Certificate {
    /// Whether they have one at all.
    pub held: bool,
    /// The last day it is valid, when known.
    #[serde(default)]
    pub expires: Option<NaiveDate>,
}

impl Certificate {
    /// A certificate with no known expiry date.
    pub fn held() -> Self {
        Self {
            held: true,
            expires: None,
        }
    }

    /// No certificate.
    pub fn none() -> Self {
        Self {
            held: false,
            expires: None,
        }
    }

    /// A certificate valid up to and including `expires`.
    pub fn until(expires: NaiveDate) -> Self {
        Self {
            held: true,
            expires: Some(expires),
        }
    }

    /// Held and not expired on `on`.
    pub fn is_valid_on(&self, on: NaiveDate) -> bool {
        self.held && self.expires.is_none_or(|last_day| last_day >= on)
    }

    /// Held but ran out before `on`, so worth mentioning.
    pub fn expired_before(&self, on: NaiveDate) -> Option<NaiveDate> {
        self.expires.filter(|last_day| self.held && *last_day < on)
    }
}

/// Who in the person's life gets a qualifying benefit. Partners count; so does a parent or
/// carer when the person is under 20 and their dependant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WhoGetsIt {
    NoOne,
    Me,
    MyPartner,
    /// A parent or carer the person depends on; only counts while the person is under 20.
    SomeoneIDependOn,
}

/// Means-tested benefits that can give free prescriptions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Benefits {
    #[serde(default)]
    pub income_support: Option<WhoGetsIt>,
    #[serde(default)]
    pub income_based_jsa: Option<WhoGetsIt>,
    #[serde(default)]
    pub income_related_esa: Option<WhoGetsIt>,
    #[serde(default)]
    pub pension_credit_guarantee: Option<WhoGetsIt>,
    #[serde(default)]
    pub universal_credit: Option<UniversalCredit>,
}

impl Benefits {
    /// Nobody (neither the person nor a partner) gets any of them.
    pub fn none() -> Self {
        let no = Some(WhoGetsIt::NoOne);
        Self {
            income_support: no,
            income_based_jsa: no,
            income_related_esa: no,
            pension_credit_guarantee: no,
            universal_credit: Some(UniversalCredit {
                who_gets: no,
                ..Default::default()
            }),
        }
    }
}

/// Universal Credit and the figures on its latest statement.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"who_gets": "me", "take_home_pay_pence": 41000}))]
pub struct UniversalCredit {
    #[serde(default)]
    pub who_gets: Option<WhoGetsIt>,
    /// Take-home pay in the last assessment period, in pence (a couple's together).
    #[serde(default)]
    pub take_home_pay_pence: Option<i64>,
    #[serde(default)]
    pub has_child_element: Option<bool>,
    /// Limited capability for work (or for work-related activity).
    #[serde(default)]
    pub has_limited_capability_for_work: Option<bool>,
}

/// Ready-made people for the rules' tests.
#[cfg(test)]
pub mod examples {
    use super::*;

    /// A date, for tables of cases.
    pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    /// Someone registered with a GP who answered "no" to everything else.
    pub fn answered(born: NaiveDate) -> Facts {
        Facts {
            date_of_birth: Some(born),
            in_full_time_education: Some(false),
            pregnant_or_recent_birth_with_matex: Some(Certificate::none()),
            medical_exemption_certificate: Some(Certificate::none()),
            war_pension_certificate: Some(Certificate::none()),
            nhs_inpatient: Some(false),
            benefits: Benefits::none(),
            tax_credit_exemption_certificate: Some(Certificate::none()),
            hc2_certificate: Some(Certificate::none()),
            registered_with_gp: Some(true),
            eligible_for_leaving_care_service: Some(false),
            ..Facts::default()
        }
    }

    /// As [`answered`], but in full-time education.
    pub fn student(born: NaiveDate) -> Facts {
        Facts {
            in_full_time_education: Some(true),
            ..answered(born)
        }
    }

    /// As [`answered`], but a care leaver supported by `council`.
    pub fn care_leaver(born: NaiveDate, council: &str) -> Facts {
        Facts {
            eligible_for_leaving_care_service: Some(true),
            leaving_care_local_authority: Some(council.to_string()),
            ..answered(born)
        }
    }
}
