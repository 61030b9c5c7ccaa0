//! Request and response bodies for applications, decisions and the eligibility check.

use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::types::EligibilityResponse;
use crate::{auth::Role, error::FieldError};

pub use entity::prescription_application::ApplicationStatus;

/// A person named on an application.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonRef {
    pub id: Uuid,
    #[schema(example = "Jordan Smith")]
    pub name: String,
    pub role: Role,
}

/// The scheme applied for.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SchemeRef {
    #[schema(example = "black_country_care_leavers")]
    pub id: String,
    #[schema(example = "Black Country care leavers' prescription scheme")]
    pub name: String,
}

/// An application for the care leavers' scheme and, once made, the decision.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApplicationView {
    pub id: Uuid,
    pub care_leaver: PersonRef,
    /// The young person, or the member of staff who applied for them.
    pub applied_by: PersonRef,
    pub scheme: SchemeRef,
    pub status: ApplicationStatus,
    /// `status` in words to show, e.g. "Waiting for a decision".
    #[schema(example = "Waiting for a decision")]
    pub status_label: String,
    /// The facts the rules were checked against when applying, with the date checked.
    /// `null` for a caseworker the young person has not agreed to share health details with.
    #[schema(value_type = Option<super::types::EligibilityRequest>)]
    pub facts: Option<serde_json::Value>,
    pub decided_by: Option<PersonRef>,
    pub decided_at: Option<DateTime<Utc>>,
    /// Prescription prepayment certificate number, once approved.
    #[schema(example = "PPC 1234 5678")]
    pub ppc_number: Option<String>,
    /// The certificate's last valid day.
    pub certificate_expires_on: Option<NaiveDate>,
    /// True while an approved certificate has not run out.
    pub certificate_active: bool,
    /// Why it was declined, for the young person to read.
    pub decline_reason: Option<String>,
    /// A renewal: the approved application whose certificate this one renews.
    pub renews: Option<Uuid>,
    /// Nurses' notes, oldest first. Shown to nurses only; empty for everyone else.
    pub notes: Vec<NoteView>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A nurse's note on an application.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NoteView {
    pub id: Uuid,
    pub author: PersonRef,
    #[schema(example = "Spoke to Jordan: GP registration confirmed with the surgery.")]
    pub text: String,
    pub created_at: DateTime<Utc>,
}

/// A note for the designated nurse and the other nurses of the authority.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"text": "Spoke to Jordan: GP registration confirmed with the surgery."}))]
pub struct NewNote {
    pub text: String,
}

impl NewNote {
    /// The note's text, trimmed: 1 to 2000 characters, no control characters but new lines.
    pub fn check(&self) -> Result<String, FieldError> {
        let text = self.text.trim();
        if text.is_empty() || text.chars().count() > 2000 {
            return Err(FieldError::new(
                "text",
                "write the note in 1 to 2000 characters",
            ));
        }
        if text.chars().any(|c| c.is_control() && c != '\n') {
            return Err(FieldError::new(
                "text",
                "must not contain control characters",
            ));
        }
        Ok(text.to_string())
    }
}

impl ApplicationView {
    /// The view without health details: status, dates and people only. The decline reason
    /// goes too, as it can name the health fact that decided it.
    pub fn without_health_facts(mut self) -> Self {
        self.facts = None;
        self.decline_reason = None;
        self
    }

    /// The view with its health details for someone who may see them (`with_health_facts`),
    /// else [`without_health_facts`](Self::without_health_facts).
    pub fn seen_with(self, with_health_facts: bool) -> Self {
        if with_health_facts {
            self
        } else {
            self.without_health_facts()
        }
    }
}

/// Filters for the nurses' list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// Only applications with this status, e.g. `submitted` for the work list.
    #[param(inline)]
    pub status: Option<ApplicationStatus>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// How many to skip, for the next page.
    #[param(minimum = 0, maximum = 1000000)]
    pub offset: Option<u32>,
}

impl ListQuery {
    pub fn page(&self) -> Result<(u64, u64), FieldError> {
        crate::http::pagination::page(self.limit, self.offset)
    }
}

/// The eligibility answer, and which facts came from what we hold about the care leaver.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EligibilityCheck {
    #[serde(flatten)]
    pub answer: EligibilityResponse,
    /// Facts that came from the care leaver's record (date of birth, council, leaving-care
    /// service, registered GP, a certificate from the scheme) because the question left them
    /// out. Send a field to check "what if" with your own answer instead.
    #[schema(example = json!(["date_of_birth", "leaving_care_local_authority"]))]
    pub filled_in: Vec<String>,
    /// Facts that came from the question (the request fields that were sent).
    #[schema(example = json!(["benefits", "nhs_inpatient"]))]
    pub from_question: Vec<String>,
    /// Where the question says something other than the record. The check uses the
    /// question's answer, but an application always uses the record.
    pub differs_from_record: Vec<FieldError>,
}

/// Approve or decline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Decline,
}

/// A nurse's decision. Approving needs the certificate's number and last day; declining needs
/// a reason the young person will read.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"decision": "approve", "ppc_number": "PPC 1234 5678", "certificate_expires_on": "2026-06-30"}))]
pub struct DecisionRequest {
    pub decision: Decision,
    #[serde(default)]
    pub ppc_number: Option<String>,
    #[serde(default)]
    pub certificate_expires_on: Option<NaiveDate>,
    #[serde(default)]
    pub reason: Option<String>,
}

/// A decision that passed its checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckedDecision {
    Approve {
        ppc_number: String,
        expires_on: NaiveDate,
    },
    Decline {
        reason: String,
    },
}

/// The longest a certificate may run from today: a 12-month certificate can be back-dated
/// by up to a month, so anything later is a typing mistake.
const MAX_CERTIFICATE_MONTHS: u32 = 13;

impl DecisionRequest {
    /// Checks the fields for the decision, naming every field that is wrong.
    pub fn check(&self, today: NaiveDate) -> Result<CheckedDecision, Vec<FieldError>> {
        let mut errors = Vec::new();
        let not_for = |field: &str, decision: &str| {
            FieldError::new(field, format!("leave this out when you {decision}"))
        };
        match self.decision {
            Decision::Approve => {
                if self.reason.is_some() {
                    errors.push(not_for("reason", "approve"));
                }
                let ppc = self.ppc_number.as_deref().map(str::trim);
                let ppc = match ppc {
                    None | Some("") => {
                        errors.push(FieldError::new(
                            "ppc_number",
                            "give the prepayment certificate number",
                        ));
                        None
                    }
                    Some(n)
                        if n.len() > 32
                            || !n
                                .chars()
                                .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-') =>
                    {
                        errors.push(FieldError::new(
                            "ppc_number",
                            "use up to 32 letters, digits, spaces or hyphens",
                        ));
                        None
                    }
                    Some(n) => Some(n.to_ascii_uppercase()),
                };
                let latest = today.checked_add_months(Months::new(MAX_CERTIFICATE_MONTHS));
                let expires = match self.certificate_expires_on {
                    None => {
                        errors.push(FieldError::new(
                            "certificate_expires_on",
                            "give the certificate's last valid day",
                        ));
                        None
                    }
                    Some(day) if day <= today => {
                        errors.push(FieldError::new(
                            "certificate_expires_on",
                            "must be after today",
                        ));
                        None
                    }
                    Some(day) if latest.is_some_and(|latest| day > latest) => {
                        errors.push(FieldError::new(
                            "certificate_expires_on",
                            "must be within 13 months of today",
                        ));
                        None
                    }
                    Some(day) => Some(day),
                };
                match (ppc, expires) {
                    (Some(ppc_number), Some(expires_on)) if errors.is_empty() => {
                        Ok(CheckedDecision::Approve {
                            ppc_number,
                            expires_on,
                        })
                    }
                    _ => Err(errors),
                }
            }
            Decision::Decline => {
                if self.ppc_number.is_some() {
                    errors.push(not_for("ppc_number", "decline"));
                }
                if self.certificate_expires_on.is_some() {
                    errors.push(not_for("certificate_expires_on", "decline"));
                }
                let reason = self.reason.as_deref().map(str::trim).unwrap_or_default();
                if reason.is_empty() || reason.chars().count() > 1000 {
                    errors.push(FieldError::new(
                        "reason",
                        "explain why in 1 to 1000 characters; the young person will read it",
                    ));
                } else if reason.chars().any(|c| c.is_control() && c != '\n') {
                    errors.push(FieldError::new(
                        "reason",
                        "must not contain control characters",
                    ));
                }
                if errors.is_empty() {
                    Ok(CheckedDecision::Decline {
                        reason: reason.to_string(),
                    })
                } else {
                    Err(errors)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prescriptions::facts::examples::d;

    fn fields(request: DecisionRequest) -> Vec<String> {
        match request.check(d(2025, 6, 2)) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.into_iter().map(|e| e.field).collect(),
        }
    }

    fn approve(ppc: Option<&str>, expires: Option<NaiveDate>) -> DecisionRequest {
        DecisionRequest {
            decision: Decision::Approve,
            ppc_number: ppc.map(String::from),
            certificate_expires_on: expires,
            reason: None,
        }
    }

    fn decline(reason: Option<&str>) -> DecisionRequest {
        DecisionRequest {
            decision: Decision::Decline,
            ppc_number: None,
            certificate_expires_on: None,
            reason: reason.map(String::from),
        }
    }

    #[test]
    fn each_decision_needs_its_own_fields_and_names_the_ones_that_are_wrong() {
        let good = Some(d(2026, 6, 1));
        let cases: Vec<(DecisionRequest, Vec<&str>)> = vec![
            (approve(Some("ppc 1234-5678"), good), vec![]),
            (approve(Some("x"), Some(d(2025, 6, 3))), vec![]),
            (approve(Some("x"), Some(d(2026, 7, 2))), vec![]),
            (
                approve(Some("x"), Some(d(2026, 7, 3))),
                vec!["certificate_expires_on"],
            ),
            (
                approve(Some("x"), Some(d(2025, 6, 2))),
                vec!["certificate_expires_on"],
            ),
            (
                approve(None, None),
                vec!["ppc_number", "certificate_expires_on"],
            ),
            (approve(Some("  "), good), vec!["ppc_number"]),
            (approve(Some("PPC/123"), good), vec!["ppc_number"]),
            (
                DecisionRequest {
                    reason: Some("why".into()),
                    ..approve(Some("x"), good)
                },
                vec!["reason"],
            ),
            (decline(Some("You already have an HC2.")), vec![]),
            (decline(None), vec!["reason"]),
            (decline(Some(" ")), vec!["reason"]),
            (decline(Some(&"x".repeat(1001))), vec!["reason"]),
            (decline(Some("bell\u{7}")), vec!["reason"]),
            (
                DecisionRequest {
                    ppc_number: Some("1".into()),
                    certificate_expires_on: good,
                    ..decline(Some("no"))
                },
                vec!["ppc_number", "certificate_expires_on"],
            ),
        ];
        for (request, expected) in cases {
            let shown = format!("{request:?}");
            assert_eq!(fields(request), expected, "{shown}");
        }
        assert_eq!(
            approve(Some(" ppc 1234-5678 "), good).check(d(2025, 6, 2)),
            Ok(CheckedDecision::Approve {
                ppc_number: "PPC 1234-5678".into(),
                expires_on: d(2026, 6, 1)
            })
        );
    }
}
