//! Dentists taking NHS patients: the nurses' local knowledge per practice (taking new NHS
//! patients or not, a phone number that works, notes for care leavers), recorded and confirmed
//! here, with the list of notes older than 90 days to check again. Through the same service
//! as the API (`finder::dentist_notes`), which audits each change.
use askama::Template;
use axum::{Router, extract::Query, response::Response, routing::get};
use entity::dentist_note::NhsPatients;
use serde::Deserialize;

use super::{
    Console, ConsoleNurse, CsrfForm,
    pages::{self, DoneQuery, Layout, PageError, optional_text, typed_date},
};
use crate::{
    error::AppError,
    finder::dentist_notes::{self, DentistNote, DentistNoteInput},
    http::RequestId,
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new().route("/dentists", get(page).post(record))
}

/// The choices for "taking new NHS patients", as the service words them.
const TAKING: [(&str, &str); 4] = [
    ("adults", "Yes, adults (most also take under-18s)"),
    ("under_18s", "Only under-18s"),
    ("not_now", "Not now"),
    ("unknown", "Not known"),
];

/// What the record form holds (empty, or as sent with errors).
#[derive(Deserialize, Default, Clone)]
pub struct NoteForm {
    #[serde(default)]
    pub ods_code: String,
    #[serde(default)]
    pub nhs_patients: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub notes: String,
    #[serde(default, rename = "confirmed-day")]
    pub day: String,
    #[serde(default, rename = "confirmed-month")]
    pub month: String,
    #[serde(default, rename = "confirmed-year")]
    pub year: String,
}

#[derive(Template)]
#[template(path = "console/nurse/dentists.html")]
struct DentistsPage {
    layout: Layout,
    done: bool,
    errors: Vec<(String, String)>,
    form: NoteForm,
    taking: Vec<(&'static str, &'static str)>,
    to_recheck: Vec<DentistNote>,
    notes: Vec<DentistNote>,
}

async fn render(
    app: &AppState,
    user: &ConsoleNurse,
    request_id: &RequestId,
    done: bool,
    errors: Vec<(String, String)>,
    form: NoteForm,
) -> Result<Response, PageError> {
    let actor = user.auth_user().actor(request_id);
    let today = crate::age::today();
    let to_recheck = dentist_notes::to_recheck(&app.db, &actor, today).await?;
    let notes = dentist_notes::all(&app.db, &actor, today).await?;
    Ok(pages::render(
        pages::form_status(!errors.is_empty()),
        &DentistsPage {
            layout: user.layout("Dentists").current("dentists"),
            done,
            errors,
            form,
            taking: TAKING.to_vec(),
            to_recheck,
            notes,
        },
    ))
}

async fn page(
    Console(app, user, request_id): Console<ConsoleNurse>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, PageError> {
    render(
        &app,
        &user,
        &request_id,
        q.done() == Some("1"),
        Vec::new(),
        NoteForm::default(),
    )
    .await
}

/// The form's anchor for a field the service names.
fn anchor(field: &str) -> &'static str {
    match field {
        "phone" => "phone",
        "notes" => "notes",
        "confirmed_on" => "confirmed-day",
        "nhs_patients" => "nhs_patients-adults",
        _ => "ods_code",
    }
}

async fn record(
    Console(app, user, request_id): Console<ConsoleNurse>,
    CsrfForm { form, .. }: CsrfForm<NoteForm>,
) -> Result<Response, PageError> {
    let mut errors = Vec::new();
    let taking: Option<NhsPatients> =
        serde_json::from_value(serde_json::Value::String(form.nhs_patients.clone())).ok();
    if taking.is_none() {
        errors.push((
            anchor("nhs_patients").to_owned(),
            "Choose whether the practice is taking new NHS patients".to_owned(),
        ));
    }
    let confirmed_on = if pages::no_date_typed(&form.day, &form.month, &form.year) {
        None
    } else {
        typed_date(&form.day, &form.month, &form.year).or_else(|| {
            errors.push((
                anchor("confirmed_on").to_owned(),
                "The day you checked must be a real date, like 18 11 2026".to_owned(),
            ));
            None
        })
    };
    if form.ods_code.trim().is_empty() {
        errors.push((
            "ods_code".to_owned(),
            "Enter the practice's ODS code, like V03347".to_owned(),
        ));
    }
    let (Some(nhs_patients), true) = (taking, errors.is_empty()) else {
        return render(&app, &user, &request_id, false, errors, form).await;
    };
    let input = DentistNoteInput {
        nhs_patients,
        phone: optional_text(&form.phone),
        notes: optional_text(&form.notes),
        confirmed_on,
    };
    let actor = user.auth_user().actor(&request_id);
    let today = crate::age::today();
    match dentist_notes::record(&app.db, &actor, form.ods_code.trim(), &input, today).await {
        Ok(_) => Ok(pages::see_other("/dentists?done=1")),
        Err(AppError::Validation(fields)) => {
            let errors = fields
                .into_iter()
                .map(|f| {
                    let label = f.field.replace('_', " ");
                    (
                        anchor(&f.field).to_owned(),
                        format!("The {label} {}", f.message),
                    )
                })
                .collect();
            render(&app, &user, &request_id, false, errors, form).await
        }
        Err(AppError::NotFound) => {
            let errors = vec![(
                "ods_code".to_owned(),
                "There is no dental practice with this ODS code".to_owned(),
            )];
            render(&app, &user, &request_id, false, errors, form).await
        }
        Err(other) => Err(other.into()),
    }
}
