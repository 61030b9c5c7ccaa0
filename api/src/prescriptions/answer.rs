//! What the rules answer: the outcome, the routes that apply, what is still unknown, and what
//! to do next, in words a 16-year-old understands.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

/// The headline answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Free prescriptions (nationally, or through a care leavers' scheme).
    Eligible,
    /// No free prescriptions on what we know.
    NotEligible,
    /// We can't tell yet: see `questions`.
    NeedMoreInformation,
}

/// A fact we still need, named by its JSON path in the request. Declared in asking order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, ToSchema)]
pub enum QuestionId {
    #[serde(rename = "date_of_birth")]
    DateOfBirth,
    #[serde(rename = "in_full_time_education")]
    InFullTimeEducation,
    #[serde(rename = "nhs_inpatient")]
    NhsInpatient,
    #[serde(rename = "pregnant_or_recent_birth_with_matex")]
    MaternityCertificate,
    #[serde(rename = "medical_exemption_certificate")]
    MedicalCertificate,
    #[serde(rename = "war_pension_certificate")]
    WarPensionCertificate,
    #[serde(rename = "benefits.income_support")]
    IncomeSupport,
    #[serde(rename = "benefits.income_based_jsa")]
    IncomeBasedJsa,
    #[serde(rename = "benefits.income_related_esa")]
    IncomeRelatedEsa,
    #[serde(rename = "benefits.pension_credit_guarantee")]
    PensionCreditGuarantee,
    #[serde(rename = "benefits.universal_credit.who_gets")]
    UniversalCredit,
    #[serde(rename = "benefits.universal_credit.take_home_pay_pence")]
    UniversalCreditTakeHomePay,
    #[serde(rename = "benefits.universal_credit.has_child_element")]
    UniversalCreditChildElement,
    #[serde(rename = "benefits.universal_credit.has_limited_capability_for_work")]
    UniversalCreditLimitedCapability,
    #[serde(rename = "tax_credit_exemption_certificate")]
    TaxCreditCertificate,
    #[serde(rename = "hc2_certificate")]
    Hc2Certificate,
    #[serde(rename = "eligible_for_leaving_care_service")]
    EligibleForLeavingCareService,
    #[serde(rename = "leaving_care_local_authority")]
    LeavingCareLocalAuthority,
    #[serde(rename = "registered_with_gp")]
    RegisteredWithGp,
}

impl QuestionId {
    /// The question in plain English.
    pub fn text(self) -> &'static str {
        use QuestionId::*;
        match self {
            DateOfBirth => "What is your date of birth?",
            InFullTimeEducation => "Are you in full-time education, such as at school or college?",
            NhsInpatient => "Are you staying in an NHS hospital right now?",
            MaternityCertificate => {
                "You get a MatEx card if you are pregnant or had a baby in the last 12 months. Do you have one?"
            }
            MedicalCertificate => {
                "You get a MedEx card if you have certain long-term health problems. Do you have one?"
            }
            WarPensionCertificate => {
                "Do you get a war pension, and do you have a card for free prescriptions?"
            }
            IncomeSupport => {
                "Do you or your partner get Income Support? If you are under 20, does a parent or carer who looks after you get it?"
            }
            IncomeBasedJsa => {
                "Do you or your partner get Jobseeker's Allowance based on income? If you are under 20, does a parent or carer who looks after you get it?"
            }
            IncomeRelatedEsa => {
                "Do you or your partner get Employment and Support Allowance based on income? If you are under 20, does a parent or carer who looks after you get it?"
            }
            PensionCreditGuarantee => {
                "Do you or your partner get Pension Credit (the Guarantee Credit part)? If you are under 20, does a parent or carer who looks after you get it?"
            }
            UniversalCredit => {
                "Do you or your partner get Universal Credit? If you are under 20, does a parent or carer who looks after you get it?"
            }
            UniversalCreditTakeHomePay => {
                "How much take-home pay was on your last Universal Credit statement? If you claim with a partner, add both of your pay."
            }
            UniversalCreditChildElement => {
                "Does your Universal Credit give you any money for a child?"
            }
            UniversalCreditLimitedCapability => {
                "Does your Universal Credit say your health limits the work you can do?"
            }
            TaxCreditCertificate => {
                "Do you have an NHS certificate for tax credits that says you get free prescriptions?"
            }
            Hc2Certificate => "Do you have an HC2 certificate (full help with health costs)?",
            EligibleForLeavingCareService => {
                "Are you a care leaver who gets help from a council's leaving-care team?"
            }
            LeavingCareLocalAuthority => "Which council's leaving-care team helps you?",
            RegisteredWithGp => "Are you signed up with a GP (a family doctor)?",
        }
    }
}

/// A question still to answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Question {
    pub id: QuestionId,
    pub text: String,
}

impl From<QuestionId> for Question {
    fn from(id: QuestionId) -> Self {
        Self {
            id,
            text: id.text().to_string(),
        }
    }
}

/// Whether a route is a national exemption or a local care leavers' scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RouteKind {
    NationalExemption,
    LocalScheme,
}

/// One way the person gets free prescriptions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Route {
    #[schema(example = "age_16_18_education")]
    pub id: String,
    #[schema(example = "You are 16, 17 or 18 and in full-time education")]
    pub name: String,
    pub kind: RouteKind,
    /// EPS prescription-charge-exemption code, where there is one.
    #[schema(example = "0003")]
    pub eps_code: Option<String>,
    /// What to show, or which box to tick on the prescription form.
    pub evidence: String,
    /// The last day this route applies, when known (e.g. the day before the 19th birthday).
    pub ends_on: Option<NaiveDate>,
}

/// Why a scheme does not apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReasonId {
    SchemeNotRunning,
    NotACareLeaver,
    CouncilNotCovered,
    TooYoung,
    TooOld,
    NotRegisteredWithGp,
    AlreadyExempt,
}

/// A reason, with a stable id and plain-English text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Reason {
    pub id: ReasonId,
    pub text: String,
}

impl Reason {
    pub fn new(id: ReasonId, text: impl Into<String>) -> Self {
        Self {
            id,
            text: text.into(),
        }
    }
}

/// Where the person stands with a care leavers' scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SchemeStatus {
    Applies,
    /// They already have a certificate from this scheme that has not run out.
    CertificateHeld,
    /// They already get free prescriptions another way.
    NotNeeded,
    DoesNotApply,
    NeedMoreInformation,
}

/// A care leavers' scheme in force on the date checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct SchemeCheck {
    #[schema(example = "black_country_care_leavers")]
    pub id: String,
    pub name: String,
    pub status: SchemeStatus,
    pub reasons: Vec<Reason>,
}

/// Prices in force on the date checked, in pence, for someone who is not exempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ChargeInfo {
    #[schema(example = 990)]
    pub item_pence: i64,
    #[schema(example = 3205)]
    pub ppc_3_month_pence: i64,
    #[schema(example = 11450)]
    pub ppc_12_month_pence: i64,
    /// When these prices started.
    pub prices_from: NaiveDate,
    /// A prepayment certificate covers them up to and including this day: no charge till then.
    pub prepaid_until: Option<NaiveDate>,
    /// The EPS code to use while a prepayment certificate is valid.
    pub prepaid_eps_code: Option<String>,
}

/// The full answer from [`super::rules::evaluate`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Eligibility {
    pub outcome: Outcome,
    /// Still needed to decide, in asking order; empty once we know.
    pub questions: Vec<Question>,
    /// Every route that applies.
    pub routes: Vec<Route>,
    /// The EPS code of the first route that has one.
    pub eps_code: Option<String>,
    /// The last day of free prescriptions, when every route that applies has a known end.
    pub ends_on: Option<NaiveDate>,
    pub schemes: Vec<SchemeCheck>,
    /// Present whenever the person may have to pay.
    pub charges: Option<ChargeInfo>,
    pub next_step: String,
    /// A link for the next step (e.g. the GP finder).
    pub next_step_link: Option<String>,
    /// Anything else worth knowing (an expired certificate, what an HC3 does).
    pub notes: Vec<String>,
}

/// Whether someone can apply for the local care leavers' scheme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum SchemeDecision {
    Eligible { scheme: Route },
    NotEligible { reasons: Vec<Reason> },
    AlreadyExempt { routes: Vec<Route> },
    NeedMoreInformation { questions: Vec<Question> },
}
