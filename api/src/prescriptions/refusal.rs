//! Refusing an application the rules say cannot go ahead: a 422 problem that names the fields
//! behind each reason and carries the rules' whole answer, so the app can show every reason,
//! route or question.

use axum::{
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Serialize;
use utoipa::ToSchema;

use super::answer::{Reason, ReasonId, SchemeDecision};
use crate::error::{AppError, FieldError, Problem};

/// A 422 problem. `decision` is present when the rules refused the application; plain field
/// errors (e.g. a date of birth in the future) come without it.
#[derive(Debug, Serialize, ToSchema)]
pub struct SchemeRefusal {
    #[serde(flatten)]
    pub problem: Problem,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<SchemeDecision>,
}

/// Why applying failed: an ordinary error, or the rules said no.
#[derive(Debug)]
pub enum ApplyError {
    App(AppError),
    Refused(SchemeDecision),
    /// The body contradicts the facts the council holds (`super::record`).
    RecordDiffers(Vec<FieldError>),
}

impl From<AppError> for ApplyError {
    fn from(error: AppError) -> Self {
        Self::App(error)
    }
}

impl From<sea_orm::DbErr> for ApplyError {
    fn from(error: sea_orm::DbErr) -> Self {
        Self::App(error.into())
    }
}

impl From<FieldError> for ApplyError {
    fn from(error: FieldError) -> Self {
        Self::App(error.into())
    }
}

/// The request field a reason is about.
fn reason_field(id: ReasonId) -> &'static str {
    match id {
        ReasonId::SchemeNotRunning => "on",
        ReasonId::NotACareLeaver => "eligible_for_leaving_care_service",
        ReasonId::CouncilNotCovered => "leaving_care_local_authority",
        ReasonId::TooYoung | ReasonId::TooOld => "date_of_birth",
        ReasonId::NotRegisteredWithGp => "registered_with_gp",
        ReasonId::AlreadyExempt => "body",
    }
}

/// The reasons' words, one after another.
fn reason_texts(reasons: &[Reason]) -> String {
    reasons
        .iter()
        .map(|r| r.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Each reason as an error on the request field it is about.
fn reason_errors(reasons: &[Reason]) -> Vec<FieldError> {
    reasons
        .iter()
        .map(|r| FieldError::new(reason_field(r.id), r.text.clone()))
        .collect()
}

/// The problem document for a refusal. `None` when the decision is not a refusal.
pub fn refusal(decision: SchemeDecision) -> Option<SchemeRefusal> {
    let not_yet = matches!(&decision, SchemeDecision::NotEligible { reasons }
        if !reasons.is_empty() && reasons.iter().all(|r| r.id == ReasonId::TooYoung));
    let (slug, title, detail, errors) = match &decision {
        SchemeDecision::Eligible { .. } => return None,
        // Too young is "not yet", not "no": say when they can apply and how to get free
        // prescriptions until then.
        SchemeDecision::NotEligible { reasons } if not_yet => (
            "not-eligible",
            "You can apply when you are older",
            format!(
                "You can't apply yet, but you can later. {} Until then, you may get free \
                     prescriptions in other ways, for example if you are in full-time \
                     education. Ask your pharmacist or personal adviser.",
                reason_texts(reasons)
            ),
            reason_errors(reasons),
        ),
        SchemeDecision::NotEligible { reasons } => (
            "not-eligible",
            "You can't apply for the care leavers' scheme",
            format!(
                "You can't apply for the care leavers' scheme. {}",
                reason_texts(reasons)
            ),
            reason_errors(reasons),
        ),
        SchemeDecision::AlreadyExempt { routes } => (
            "already-exempt",
            "You already get free prescriptions",
            format!(
                "You already get free prescriptions, so you don't need the care leavers' \
                 scheme. This is why: {}.",
                routes
                    .iter()
                    .map(|r| r.name.as_str())
                    .collect::<Vec<_>>()
                    .join(". ")
            ),
            routes
                .iter()
                .map(|r| FieldError::new("body", format!("{}. {}", r.name, r.evidence)))
                .collect(),
        ),
        SchemeDecision::NeedMoreInformation { questions } => (
            "need-more-information",
            "We need more answers before you can apply",
            "We need a few more answers before you can apply. Answer the questions below, then \
             send your form again."
                .to_string(),
            questions
                .iter()
                .map(|q| {
                    let field = serde_json::to_value(q.id)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_else(|| "body".into());
                    FieldError::new(field, q.text.clone())
                })
                .collect(),
        ),
    };
    Some(SchemeRefusal {
        problem: Problem {
            problem_type: format!("urn:care-passport:problem:{slug}"),
            code: if not_yet {
                "not_yet_eligible".into()
            } else {
                slug.replace('-', "_")
            },
            title: title.into(),
            status: StatusCode::UNPROCESSABLE_ENTITY.as_u16(),
            detail,
            errors,
        },
        decision: Some(decision),
    })
}

impl IntoResponse for ApplyError {
    fn into_response(self) -> Response {
        let decision = match self {
            ApplyError::App(error) => return error.into_response(),
            ApplyError::Refused(decision) => decision,
            ApplyError::RecordDiffers(errors) => return problem_response(&record_differs(errors)),
        };
        let Some(body) = refusal(decision) else {
            let error = anyhow::anyhow!("an eligible application was refused");
            return AppError::Internal(error).into_response();
        };
        problem_response(&body)
    }
}

fn problem_response(body: &impl Serialize) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    let mut response = (StatusCode::UNPROCESSABLE_ENTITY, bytes).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    response
}

/// The problem for a body that contradicts the record: each field says what the record holds.
pub fn record_differs(errors: Vec<FieldError>) -> SchemeRefusal {
    SchemeRefusal {
        problem: Problem {
            problem_type: "urn:care-passport:problem:record-differs".into(),
            code: "record_differs".into(),
            title: "This doesn't match your record".into(),
            status: StatusCode::UNPROCESSABLE_ENTITY.as_u16(),
            detail: "What you sent doesn't match your record, so we can't use it. If your \
                     record is wrong, ask your personal adviser or nurse to correct it. Then \
                     apply again."
                .into(),
            errors,
        },
        decision: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prescriptions::decision::scheme_eligibility;
    use crate::prescriptions::facts::{
        Certificate, Facts,
        examples::{care_leaver, d},
    };

    fn body(facts: &Facts) -> serde_json::Value {
        let decision = scheme_eligibility(facts, d(2025, 6, 2));
        serde_json::to_value(refusal(decision).expect("a refusal")).expect("serialises")
    }

    #[test]
    fn every_refusal_names_its_fields_and_keeps_the_rules_answer() {
        let outside = body(&care_leaver(d(2004, 1, 1), "Birmingham"));
        assert_eq!(outside["type"], "urn:care-passport:problem:not-eligible");
        assert_eq!(outside["status"], 422);
        assert_eq!(
            outside["errors"][0]["field"],
            "leaving_care_local_authority"
        );
        assert_eq!(outside["decision"]["decision"], "not_eligible");
        assert_eq!(
            outside["decision"]["reasons"][0]["id"],
            "council_not_covered"
        );

        let too_old = body(&care_leaver(d(2000, 1, 1), "dudley"));
        assert_eq!(too_old["errors"][0]["field"], "date_of_birth");
        assert_eq!(too_old["decision"]["reasons"][0]["id"], "too_old");

        let mut medex = care_leaver(d(2004, 1, 1), "dudley");
        medex.medical_exemption_certificate = Some(Certificate::until(d(2026, 1, 31)));
        let exempt = body(&medex);
        assert_eq!(exempt["type"], "urn:care-passport:problem:already-exempt");
        assert_eq!(exempt["decision"]["routes"][0]["id"], "medical_condition");

        let mut unsure = care_leaver(d(2004, 1, 1), "dudley");
        unsure.registered_with_gp = None;
        let questions = body(&unsure);
        assert_eq!(
            questions["type"],
            "urn:care-passport:problem:need-more-information"
        );
        assert_eq!(questions["errors"][0]["field"], "registered_with_gp");
    }

    #[test]
    fn an_eligible_answer_is_not_a_refusal() {
        let decision = scheme_eligibility(&care_leaver(d(2004, 1, 1), "dudley"), d(2025, 6, 2));
        assert!(refusal(decision).is_none());
    }
}
