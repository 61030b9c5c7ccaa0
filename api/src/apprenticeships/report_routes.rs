//! The "outcomes so far" report for the Corporate Parenting Board, and the options the app
//! needs to draw the form.
use crate::http::prelude::*;
use axum::http::HeaderValue;
use sea_orm::Iterable;

use super::{
    form::{BURSARY_PROMPT, LevelSought, OpportunityType},
    form_rules::{AgeBand, MIN_AGE},
    report::{Chances4YouthReport, to_csv},
    service,
    views::*,
};
use crate::{http::NoQuery, words::labels};

/// Chances4YOUth outcomes so far (HR, Connexions, admins)
///
/// Counts by status, directorate, opportunity type and month of submission, the median days
/// from submission to acknowledgement, and how many young people have started, for the
/// caller's local authority; and, counted as events (every move in the forms' history, not
/// only where forms are now), moves by status, placements offered and started by directorate,
/// and outcomes after a start. No personal data. `?format=csv` downloads the same figures as
/// CSV (`measure,key,value`).
#[utoipa::path(get, path = "/v1/reports/chances4youth", operation_id = "get_chances4youth_report", tag = "chances4youth",
    params(ReportQuery),
    responses(
        (status = 200, description = "The report: JSON by default, CSV with `?format=csv`", content(
            (Chances4YouthReport = "application/json"),
            (String = "text/csv", example = "measure,key,value\ntotal,,6\nstatus,submitted,1\n")
        )),
        (status = 403, description = "Only HR, Connexions and admins see the report", body = Problem, content_type = "application/problem+json"),
        NotSignedIn, BadQuery,
    ))]
#[tracing::instrument(skip_all)]
pub(crate) async fn report(
    Caller(app, user, ..): Caller<InterestReportReaders>,
    AppQuery(query): AppQuery<ReportQuery>,
) -> Result<Response, AppError> {
    let report = super::report_service::interest_report(&app.db, &user.local_authority).await?;
    Ok(match query.format.unwrap_or(ReportFormat::Json) {
        ReportFormat::Json => Json(report).into_response(),
        ReportFormat::Csv => {
            let mut response = to_csv(&report).into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            );
            headers.insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"chances4youth-report.csv\""),
            );
            response
        }
    })
}

/// An opportunity type in words (the form's options and the Board's report).
pub fn opportunity_label(t: OpportunityType) -> &'static str {
    match t {
        OpportunityType::Apprenticeship => "Apprenticeship",
        OpportunityType::WorkExperience => "Work experience",
        OpportunityType::MockInterview => "Mock interview",
        OpportunityType::CoachingMentoring => "Coaching or mentoring",
        OpportunityType::Internship => "Internship",
    }
}

/// Levels sought: the value, its id and its words.
pub const LEVELS: [(LevelSought, &str, &str); 6] = [
    (LevelSought::Entry, "entry", "Entry level or foundation"),
    (
        LevelSought::Intermediate,
        "intermediate",
        "Intermediate (level 2, like GCSEs)",
    ),
    (
        LevelSought::Advanced,
        "advanced",
        "Advanced (level 3, like A levels)",
    ),
    (
        LevelSought::Higher,
        "higher",
        "Higher (levels 4 and 5, a step below a degree)",
    ),
    (
        LevelSought::Degree,
        "degree",
        "Degree apprenticeship (levels 6 and 7)",
    ),
    (LevelSought::NotSure, "not_sure", "Not sure yet"),
];

/// What the Chances4YOUth form offers
///
/// The council directorates, opportunity types and levels to choose from, the apprenticeship
/// bursary prompt, and the age rules. Needs no sign-in: it is the same for everyone.
#[utoipa::path(get, path = "/v1/chances4youth/options", operation_id = "get_chances4youth_options", tag = "chances4youth", security(),
    params(IfNoneMatch),
    responses(
        (status = 200, description = "The choices on the form", body = FormOptions,
            headers(("ETag" = String, description = "Changes when the choices change"))),
        NotModified, QueryStringRefused,
    ))]
pub(crate) async fn options(
    State(app): State<AppState>,
    _: NoQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    with_etag(
        &headers,
        &FormOptions {
            directorates: service::directorates(&app.config),
            opportunity_types: OpportunityType::iter()
                .map(|t| Choice {
                    id: t.to_string(),
                    label: opportunity_label(t).into(),
                })
                .collect(),
            levels: LEVELS
                .iter()
                .map(|(_, id, label)| Choice {
                    id: (*id).into(),
                    label: (*label).into(),
                })
                .collect(),
            statuses: choices(&labels::EOI_STATUSES),
            activities: choices(&labels::ACTIVITIES),
            qualification_levels: choices(&labels::QUALIFICATION_LEVELS),
            hours: choices(&labels::HOURS),
            driving_licences: choices(&labels::DRIVING_LICENCES),
            right_to_work: choices(&labels::RIGHT_TO_WORK),
            contact_methods: choices(&labels::CONTACT_METHODS),
            bursary_prompt: BURSARY_PROMPT.into(),
            minimum_age: MIN_AGE,
            age_bands: AgeBand::iter().collect(),
        },
    )
}

/// The opportunity and level labels the options endpoint shows (for the readability test).
pub fn option_labels() -> Vec<&'static str> {
    OpportunityType::iter()
        .map(opportunity_label)
        .chain(LEVELS.iter().map(|(_, _, label)| *label))
        .collect()
}

/// Choices from an enum's labels; the id is the enum's JSON name.
fn choices<T: serde::Serialize>(labelled: &[(T, &str)]) -> Vec<Choice> {
    labelled
        .iter()
        .map(|(value, label)| Choice {
            id: serde_json::to_value(value)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            label: (*label).into(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_ids_are_the_names_the_form_accepts() {
        for (level, id, _) in LEVELS {
            assert_eq!(serde_json::to_value(level).unwrap(), id);
        }
    }

    #[test]
    fn every_opportunity_type_has_a_label() {
        for t in OpportunityType::iter() {
            assert!(!opportunity_label(t).is_empty());
        }
    }
}
