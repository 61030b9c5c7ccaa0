//! The free-prescription scheme for nurses: applications waiting, with the facts from the
//! record and the nurses' notes; the Designated Nurse approves (certificate number and last
//! day) or declines with a reason the young person reads; other nurses add notes (a decision
//! from them is refused). Certificates ending in the next 30 days. Everything goes through
//! the same services as the API (`prescriptions::service`, `prescriptions::nurse_work`).
use askama::Template;
use axum::{
    Router,
    extract::Path,
    http::StatusCode,
    response::Response,
    routing::{get, post},
};
use serde::Deserialize;
use uuid::Uuid;

use super::{
    Console, ConsoleNurse, CsrfForm,
    pages::{self, DoneQuery, Layout, PageError, ProblemPage, optional_text, typed_date},
};
use crate::{
    error::AppError,
    http::RequestId,
    prescriptions::{
        applications,
        nurse_work::{self, LIST_LIMIT},
        service, store,
        views::{ApplicationStatus, ApplicationView, Decision, DecisionRequest, NewNote},
    },
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/prescriptions", get(page))
        .route("/prescriptions/{id}/decision", post(decide))
        .route("/prescriptions/{id}/notes", post(add_note))
}

/// An application on the page, with any error from the form just sent.
pub struct Row {
    pub view: ApplicationView,
    /// The record's facts as `(name, value)` lines.
    pub facts: Vec<(String, String)>,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "console/nurse/prescriptions.html")]
struct PrescriptionsPage {
    layout: Layout,
    designated: bool,
    done: Option<&'static str>,
    waiting: Vec<Row>,
    ending: Vec<ApplicationView>,
}

fn fact_lines(facts: &Option<serde_json::Value>) -> Vec<(String, String)> {
    let Some(serde_json::Value::Object(map)) = facts else {
        return Vec::new();
    };
    map.iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| {
            let value = match v {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Bool(true) => "Yes".into(),
                serde_json::Value::Bool(false) => "No".into(),
                other => other.to_string(),
            };
            (k.replace('_', " "), value)
        })
        .collect()
}

async fn render(
    app: &AppState,
    user: &ConsoleNurse,
    request_id: &RequestId,
    done: Option<&'static str>,
    error: Option<(Uuid, String)>,
) -> Result<Response, PageError> {
    let actor = user.auth_user().actor(request_id);
    let today = crate::age::today();
    let waiting = service::read_of_authority(
        &app.db,
        &actor,
        Some(ApplicationStatus::Submitted),
        (LIST_LIMIT, 0),
    )
    .await?
    .items;
    let waiting = applications::views(&app.db, waiting, today, true).await?;
    let ending = nurse_work::certificates_ending(&app.db, &actor, today).await?;
    let ending = applications::views(&app.db, ending, today, false).await?;
    let designated = store::is_designated_nurse(&app.db, user.id).await?;
    let rows = waiting
        .into_iter()
        .map(|view| Row {
            facts: fact_lines(&view.facts),
            error: error
                .as_ref()
                .filter(|(id, _)| *id == view.id)
                .map(|(_, m)| m.clone()),
            view,
        })
        .collect();
    Ok(pages::render(
        pages::form_status(error.is_some()),
        &PrescriptionsPage {
            layout: user.layout("Free prescriptions").current("prescriptions"),
            designated,
            done,
            waiting: rows,
            ending,
        },
    ))
}

async fn page(
    Console(app, user, request_id): Console<ConsoleNurse>,
    axum::extract::Query(q): axum::extract::Query<DoneQuery>,
) -> Result<Response, PageError> {
    let done = match q.done.as_str() {
        "approved" => Some("The application was approved. The young person has been told."),
        "declined" => Some("The application was declined. The young person has been told why."),
        "note" => Some("Your note was added for the Designated Nurse."),
        _ => None,
    };
    render(&app, &user, &request_id, done, None).await
}

#[derive(Deserialize)]
struct DecisionForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    ppc_number: String,
    #[serde(default, rename = "expires-day")]
    day: String,
    #[serde(default, rename = "expires-month")]
    month: String,
    #[serde(default, rename = "expires-year")]
    year: String,
    #[serde(default)]
    reason: String,
}

fn first_error(error: AppError) -> Result<String, PageError> {
    match error {
        AppError::Validation(fields) => Ok(fields
            .into_iter()
            .map(|f| format!("{}: {}", f.field.replace('_', " "), f.message))
            .collect::<Vec<_>>()
            .join(". ")),
        AppError::Conflict { .. } => {
            Ok("This application has already been decided or withdrawn".into())
        }
        other => Err(other.into()),
    }
}

async fn decide(
    Console(app, user, request_id): Console<ConsoleNurse>,
    Path(id): Path<Uuid>,
    CsrfForm { form, .. }: CsrfForm<DecisionForm>,
) -> Result<Response, PageError> {
    let decision = match form.decision.as_str() {
        "approve" => Decision::Approve,
        "decline" => Decision::Decline,
        _ => return Err(PageError::BadForm),
    };
    let expires = typed_date(&form.day, &form.month, &form.year);
    if decision == Decision::Approve && expires.is_none() {
        let message = "Enter the certificate's last valid day as a real date, like 30 6 2027";
        return render(&app, &user, &request_id, None, Some((id, message.into()))).await;
    }
    let request = DecisionRequest {
        decision,
        ppc_number: optional_text(&form.ppc_number).filter(|_| decision == Decision::Approve),
        certificate_expires_on: expires.filter(|_| decision == Decision::Approve),
        reason: optional_text(&form.reason).filter(|_| decision == Decision::Decline),
    };
    let actor = user.auth_user().actor(&request_id);
    let today = crate::age::today();
    match nurse_work::decide(&app.db, &app.config, &actor, id, &request, today).await {
        Ok(_) => {
            app.mail_wakeup.notify_one();
            let done = if decision == Decision::Approve {
                "approved"
            } else {
                "declined"
            };
            Ok(pages::see_other(&format!("/prescriptions?done={done}")))
        }
        Err(AppError::Forbidden(message)) => Ok(pages::render(
            StatusCode::FORBIDDEN,
            &ProblemPage {
                layout: user.layout("Only the Designated Nurse decides"),
                paragraphs: vec![message],
                link: Some(("/prescriptions".into(), "Add a note instead".into())),
            },
        )),
        Err(AppError::NotFound) => Err(PageError::not_found_for(&user)),
        Err(error) => {
            let message = first_error(error)?;
            render(&app, &user, &request_id, None, Some((id, message))).await
        }
    }
}

#[derive(Deserialize)]
struct NoteForm {
    #[serde(default)]
    text: String,
}

async fn add_note(
    Console(app, user, request_id): Console<ConsoleNurse>,
    Path(id): Path<Uuid>,
    CsrfForm { form, .. }: CsrfForm<NoteForm>,
) -> Result<Response, PageError> {
    let actor = user.auth_user().actor(&request_id);
    let note = NewNote { text: form.text };
    match nurse_work::add_note(&app.db, &actor, id, &note).await {
        Ok(_) => Ok(pages::see_other("/prescriptions?done=note")),
        Err(AppError::NotFound) => Err(PageError::not_found_for(&user)),
        Err(error) => {
            let message = first_error(error)?;
            render(&app, &user, &request_id, None, Some((id, message))).await
        }
    }
}
