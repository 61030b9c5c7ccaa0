//! Care leavers of my authority: the list, creating one, and assigning their nurse and
//! caseworker.
use askama::Template;
use axum::{
    Router,
    extract::Path,
    http::StatusCode,
    response::Response,
    routing::{get, post},
};
use chrono::NaiveDate;
use entity::user::UserStatus;
use serde::Deserialize;
use uuid::Uuid;

use super::{AdminRequest, RecordPage, actor, after, show, staff};
use crate::{
    auth::Role,
    care_leavers::{
        onboarding, service,
        types::{CareLeaverPatch, CareLeaverView, NewCareLeaver},
    },
    console::{
        Console, ConsoleAdmin, CsrfForm,
        pages::{self, FormErrors, Layout, PageError},
    },
    error::AppError,
    http::RequestId,
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/care-leavers", get(list))
        .route("/admin/care-leavers/new", get(new_form).post(create))
        .route("/admin/care-leavers/{id}", get(show::<ShowPage>))
        .route("/admin/care-leavers/{id}/assignments", post(assign))
}

#[derive(Template)]
#[template(path = "console/admin/care_leavers.html")]
struct ListPage {
    layout: Layout,
    care_leavers: Vec<CareLeaverView>,
}

async fn list(
    Console(app, user, request_id): Console<ConsoleAdmin>,
) -> Result<Response, PageError> {
    let care_leavers = service::list(&app.db, &actor(&user, &request_id), None, Some(200), None)
        .await
        .map_err(|e| PageError::for_user(e, &user))?;
    Ok(pages::ok(&ListPage {
        layout: user.layout("Care leavers").current("care-leavers"),
        care_leavers: care_leavers.items,
    }))
}

#[derive(Debug, Default, Deserialize)]
pub struct NewForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    date_of_birth: String,
    #[serde(default)]
    nurse_id: String,
    #[serde(default)]
    caseworker_id: String,
}

/// Staff of one role in the admin's authority who can be assigned: (id, name).
async fn assignable(
    app: &AppState,
    user: &ConsoleAdmin,
    request_id: &RequestId,
    role: Role,
) -> Result<Vec<(String, String)>, PageError> {
    Ok(staff(app, user, request_id)
        .await?
        .into_iter()
        .filter(|u| u.role == role && u.status != UserStatus::Disabled)
        .map(|u| (u.id.to_string(), u.name))
        .collect())
}

#[derive(Template)]
#[template(path = "console/admin/care_leaver_new.html")]
struct NewPage {
    layout: Layout,
    form: NewForm,
    nurses: Vec<(String, String)>,
    caseworkers: Vec<(String, String)>,
    errors: FormErrors,
}

async fn new_form(
    Console(app, user, request_id): Console<ConsoleAdmin>,
) -> Result<Response, PageError> {
    Ok(pages::ok(&NewPage {
        layout: user.layout("Add a care leaver").current("care-leavers"),
        nurses: assignable(&app, &user, &request_id, Role::Nurse).await?,
        caseworkers: assignable(&app, &user, &request_id, Role::Caseworker).await?,
        form: NewForm::default(),
        errors: FormErrors::default(),
    }))
}

fn optional_id(value: &str) -> Result<Option<Uuid>, ()> {
    if value.is_empty() {
        Ok(None)
    } else {
        value.parse().map(Some).map_err(|_| ())
    }
}

async fn create(
    Console(app, user, request_id): Console<ConsoleAdmin>,
    CsrfForm { form, .. }: CsrfForm<NewForm>,
) -> Result<Response, PageError> {
    let mut errors = FormErrors::default();
    let dob = NaiveDate::parse_from_str(form.date_of_birth.trim(), "%Y-%m-%d").ok();
    if dob.is_none() {
        errors.add(
            "date_of_birth",
            "Enter their date of birth as year-month-day, for example 2007-03-14",
        );
    }
    let nurse = optional_id(&form.nurse_id);
    let caseworker = optional_id(&form.caseworker_id);
    if nurse.is_err() {
        errors.add("nurse_id", "Choose a nurse from the list");
    }
    if caseworker.is_err() {
        errors.add("caseworker_id", "Choose a caseworker from the list");
    }
    if let (Some(dob), Ok(nurse_id), Ok(caseworker_id)) = (dob, nurse, caseworker) {
        let outcome = onboarding::create(
            &app.db,
            &app.config,
            &actor(&user, &request_id),
            NewCareLeaver {
                name: form.name.clone(),
                preferred_name: None,
                email: form.email.clone(),
                phone: None,
                date_of_birth: dob,
                nhs_number: None,
                local_authority: None,
                status: None,
                caseworker_id,
                nurse_id,
            },
        )
        .await;
        match outcome {
            Ok(id) => {
                app.mail_wakeup.notify_one();
                return Ok(pages::see_other(&format!(
                    "/admin/care-leavers/{id}?done=created"
                )));
            }
            Err(AppError::Conflict { detail, .. }) => errors.add("email", detail),
            Err(e) => {
                errors = FormErrors::from_app_error(e, |f| match f {
                    "email" => "email",
                    "date_of_birth" => "date_of_birth",
                    "nurse_id" => "nurse_id",
                    "caseworker_id" => "caseworker_id",
                    _ => "name",
                })
                .map_err(|e| PageError::for_user(e, &user))?;
            }
        }
    }
    Ok(pages::render(
        StatusCode::OK,
        &NewPage {
            layout: user
                .layout("Error: Add a care leaver")
                .current("care-leavers"),
            nurses: assignable(&app, &user, &request_id, Role::Nurse).await?,
            caseworkers: assignable(&app, &user, &request_id, Role::Caseworker).await?,
            form,
            errors,
        },
    ))
}

#[derive(Template)]
#[template(path = "console/admin/care_leaver.html")]
struct ShowPage {
    layout: Layout,
    leaver: CareLeaverView,
    nurse_id: String,
    caseworker_id: String,
    nurses: Vec<(String, String)>,
    caseworkers: Vec<(String, String)>,
    done: Option<&'static str>,
    errors: FormErrors,
}

impl RecordPage for ShowPage {
    fn address(id: Uuid) -> String {
        format!("/admin/care-leavers/{id}")
    }

    fn done_message(done: &str) -> Option<&'static str> {
        match done {
            "created" => Some("Care leaver added. We have emailed them an invitation."),
            "assigned" => Some("Nurse and caseworker saved."),
            _ => None,
        }
    }

    async fn page(
        request: &AdminRequest,
        id: Uuid,
        done: Option<&'static str>,
        errors: FormErrors,
    ) -> Result<Response, PageError> {
        let Console(app, user, request_id) = request;
        let leaver = onboarding::read(&app.db, &actor(user, request_id), id)
            .await
            .map_err(|e| PageError::for_user(e, user))?;
        let leaver = service::view(&app.db, &leaver, false).await?;
        // Errors re-render the form with 200: the page says "Error:" in its title and summary.
        let title = errors.title(&leaver.name);
        Ok(pages::render(
            StatusCode::OK,
            &ShowPage {
                layout: user.layout(title).current("care-leavers"),
                nurse_id: leaver
                    .nurse
                    .as_ref()
                    .map(|s| s.id.to_string())
                    .unwrap_or_default(),
                caseworker_id: leaver
                    .caseworker
                    .as_ref()
                    .map(|s| s.id.to_string())
                    .unwrap_or_default(),
                leaver,
                nurses: assignable(app, user, request_id, Role::Nurse).await?,
                caseworkers: assignable(app, user, request_id, Role::Caseworker).await?,
                done,
                errors,
            },
        ))
    }

    fn errors(error: AppError) -> Result<FormErrors, AppError> {
        FormErrors::from_app_error(error, |f| match f {
            "caseworker_id" => "caseworker_id",
            _ => "nurse_id",
        })
    }
}

#[derive(Debug, Deserialize)]
pub struct AssignForm {
    #[serde(default)]
    nurse_id: String,
    #[serde(default)]
    caseworker_id: String,
}

async fn assign(
    request: AdminRequest,
    Path(id): Path<Uuid>,
    CsrfForm { form, .. }: CsrfForm<AssignForm>,
) -> Result<Response, PageError> {
    let Console(app, user, request_id) = &request;
    let outcome = match (
        optional_id(&form.nurse_id),
        optional_id(&form.caseworker_id),
    ) {
        (Ok(nurse_id), Ok(caseworker_id)) => onboarding::update(
            &app.db,
            &app.config,
            &actor(user, request_id),
            id,
            CareLeaverPatch {
                nurse_id: Some(nurse_id),
                caseworker_id: Some(caseworker_id),
                ..Default::default()
            },
        )
        .await
        .map(|()| "assigned"),
        _ => Err(AppError::invalid("nurse_id", "Choose from the lists")),
    };
    if outcome.is_ok() {
        app.mail_wakeup.notify_one();
        app.passports.forget(id);
    }
    after::<ShowPage>(&request, id, outcome).await
}
