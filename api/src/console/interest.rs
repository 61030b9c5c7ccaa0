//! Chances4YOUth in the console. HR and Connexions: their authority's forms by stage (new, in
//! review, offers out, started, closed), filtered by status, directorate, opportunity type and
//! age band; a form's page with the young person's answers, the history with staff notes and
//! feedback, and the next steps the workflow allows. Caseworkers follow their caseload's forms
//! (read-only). The Virtual School sees the forms of 16–17-year-olds and only their education
//! answers. Lists are `apprenticeships::store::visible_forms` (the API's query), a form is
//! loaded by `review::visible_form` and moved by `review::change_status`, as in the API.
use crate::auth::RoleWords;
use askama::Template;
use axum::{
    Router,
    extract::{Path, Query, State},
    http::StatusCode,
    response::Response,
    routing::{get, post},
};
use chrono::NaiveDate;
use sea_orm::Iterable;
use sea_orm::{PaginatorTrait, QuerySelect};
use serde::Deserialize;
use uuid::Uuid;

use super::{
    Console, ConsoleUser, CsrfForm, WithRole,
    pages::{self, DoneQuery, FormErrors, Layout, PageError},
};
use crate::{
    apprenticeships::{
        form::{AgeBand, Directorate, OpportunityType},
        present::{self, EducationAnswers},
        report_routes::opportunity_label,
        review::{self, StatusMove},
        review_rules::Given,
        service::{self, check_text},
        store::{self, Stage},
        views::{EoiStaffView, EoiSummary, ListQuery},
        workflow::{EoiStatus, PlaceRule, place_rule, records_effective_on},
    },
    auth::{
        guard::RoleSet,
        policy::{self, Power, Record},
    },
    error::AppError,
    state::AppState,
    words::{labels::eoi_status, long_date, long_day},
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/work/interest", get(list))
        .route("/work/interest/{id}", get(form_page))
        .route("/work/interest/{id}/status", post(move_form))
}

/// HR and Connexions, who move forms through the review.
pub struct Reviewers;
impl RoleSet for Reviewers {
    const POWER: Power = Power::ReviewInterest;
}

/// Someone who reads forms here: those who follow them (HR, Connexions, caseworkers) and the
/// Virtual School (education answers only). Everyone else gets the 403 page.
fn reader(user: ConsoleUser) -> Result<(ConsoleUser, bool), PageError> {
    if policy::may(user.role, Power::FollowInterest) {
        Ok((user, false))
    } else if policy::may(user.role, Power::ReadEducationAnswers) {
        Ok((user, true))
    } else {
        Err(PageError::Forbidden(Box::new(user)))
    }
}

/// How many forms a list shows at most.
const LIST_LIMIT: u64 = 200;
const MAX_NOTE: usize = 2000;

#[derive(Deserialize, Default, Clone, PartialEq)]
pub struct Filters {
    #[serde(default)]
    stage: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    directorate: String,
    #[serde(default)]
    opportunity_type: String,
    #[serde(default)]
    age_band: String,
}

/// A form in the list.
pub struct Row {
    id: Uuid,
    name: String,
    age_band: AgeBand,
    status: &'static str,
    wanted: String,
    directorates: String,
    sent: String,
}

#[derive(Template)]
#[template(path = "console/interest/list.html")]
struct ListPage {
    layout: Layout,
    education_only: bool,
    stage: &'static str,
    stages: Vec<(&'static str, &'static str)>,
    filters: Filters,
    statuses: Vec<(String, String)>,
    directorates: Vec<(String, String)>,
    types: Vec<(String, String)>,
    bands: Vec<String>,
    errors: FormErrors,
    /// For the Virtual School, the template shows only name, age band and day sent.
    rows: Vec<Row>,
    total: u64,
    more: bool,
}

fn stage_words(stage: Option<Stage>) -> &'static str {
    match stage {
        Some(Stage::New) => "New",
        Some(Stage::InReview) => "In review",
        Some(Stage::OffersOut) => "Offers out",
        Some(Stage::Started) => "Started",
        Some(Stage::Closed) => "Closed",
        None => "All",
    }
}

fn directorate_names(list: &[Directorate], ids: &[String]) -> String {
    if ids.is_empty() {
        return "Any".into();
    }
    ids.iter()
        .map(|id| {
            list.iter()
                .find(|d| d.id == *id)
                .map_or(id.clone(), |d| d.name.clone())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A row of the list; for the Virtual School (`education_only`) without the status, the
/// opportunities and the directorates, which it may not see.
fn row(summary: EoiSummary, directorates: &[Directorate], education_only: bool) -> Row {
    let mut row = Row {
        id: summary.id,
        name: match summary.young_person.preferred_name {
            Some(p) => format!("{} ({p})", summary.young_person.name),
            None => summary.young_person.name,
        },
        age_band: summary.age_band,
        status: eoi_status(summary.status),
        wanted: summary
            .opportunity_types
            .into_iter()
            .map(opportunity_label)
            .collect::<Vec<_>>()
            .join(", "),
        directorates: directorate_names(directorates, &summary.directorates),
        sent: long_day(&summary.submitted_at),
    };
    if education_only {
        row.status = "";
        row.wanted.clear();
        row.directorates.clear();
    }
    row
}

/// The list's filters as the API's query; a value that is not one of the choices is an error
/// on its field.
fn parse_filters(
    filters: &Filters,
    directorates: &[Directorate],
) -> (Option<Stage>, ListQuery, FormErrors) {
    let mut errors = FormErrors::default();
    let given = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    // No stage at all is the new forms (the home page's count links here).
    let stage = match filters.stage.trim() {
        "" if filters == &Filters::default() => Some(Stage::New),
        "" | "all" => None,
        s => Stage::parse(s).or_else(|| {
            errors.add("stage", "Choose a stage from the list");
            None
        }),
    };
    let status = given(&filters.status).and_then(|s| {
        entity::from_stored_text::<EoiStatus>(&s).or_else(|| {
            errors.add("status", "Choose a status from the list");
            None
        })
    });
    let directorate = given(&filters.directorate).filter(|d| {
        let known = directorates.iter().any(|x| x.id == *d);
        if !known {
            errors.add("directorate", "Choose a directorate from the list");
        }
        known
    });
    let opportunity_type = given(&filters.opportunity_type).and_then(|t| {
        entity::from_stored_text::<OpportunityType>(&t).or_else(|| {
            errors.add("opportunity_type", "Choose an opportunity from the list");
            None
        })
    });
    let age_band = given(&filters.age_band).filter(|b| {
        let known = entity::from_stored_text::<AgeBand>(b).is_some();
        if !known {
            errors.add("age_band", "Choose an age band from the list");
        }
        known
    });
    let query = ListQuery {
        status,
        directorate,
        opportunity_type,
        age_band,
        submitted_from: None,
        submitted_to: None,
        limit: None,
        offset: None,
    };
    (stage, query, errors)
}

async fn list(
    State(app): State<AppState>,
    user: ConsoleUser,
    Query(filters): Query<Filters>,
) -> Result<Response, PageError> {
    let (user, education_only) = reader(user)?;
    let directorates = service::directorates(&app.config);
    let (mut stage, mut query, errors) = parse_filters(&filters, &directorates);
    if education_only {
        // The Virtual School's list has no stages and filters by age band only: a filter on
        // status, directorate or opportunity would tell it the status it may not see, by who
        // is left in the list.
        stage = None;
        query.status = None;
        query.directorate = None;
        query.opportunity_type = None;
    }
    let select =
        store::visible_forms_at((&user.local_authority, user.role, user.id), &query, stage);
    let total = select.clone().count(&app.db).await?;
    let models = select.limit(LIST_LIMIT).all(&app.db).await?;
    let shown = models.len() as u64;
    let summaries = present::summaries(&app.db, models).await?;
    let rows = summaries
        .into_iter()
        .map(|s| row(s, &directorates, education_only))
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let title = if education_only {
        "Chances4YOUth forms from 16 and 17 year olds".to_owned()
    } else {
        format!("Chances4YOUth forms: {}", stage_words(stage).to_lowercase())
    };
    Ok(pages::render(
        status,
        &ListPage {
            layout: user.layout(title).current("interest"),
            education_only,
            stage: stage.map_or("all", Stage::as_str),
            stages: Stage::ALL
                .into_iter()
                .map(|s| (s.as_str(), stage_words(Some(s))))
                .chain([("all", "All")])
                .collect(),
            filters,
            statuses: crate::words::labels::EOI_STATUSES
                .iter()
                .map(|(s, l)| (s.to_string(), (*l).to_owned()))
                .collect(),
            directorates: directorates
                .iter()
                .map(|d| (d.id.clone(), d.name.clone()))
                .collect(),
            types: OpportunityType::iter()
                .map(|t| (t.to_string(), opportunity_label(t).to_owned()))
                .collect(),
            bands: AgeBand::iter().map(|b| b.to_string()).collect(),
            errors,
            rows,
            total,
            more: total > shown,
        },
    ))
}

/// One line of the young person's answers.
pub struct Answer {
    question: &'static str,
    answer: String,
}

/// A step of the history as the page shows it.
pub struct Step {
    status: &'static str,
    at: String,
    by: String,
    place: Option<String>,
    on: Option<String>,
    note: Option<String>,
    feedback: Option<String>,
}

/// What the move form shows, and what was typed into it.
#[derive(Default, Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    status: String,
    #[serde(default)]
    directorate: String,
    #[serde(default)]
    team: String,
    #[serde(default, rename = "effective_on-day")]
    day: String,
    #[serde(default, rename = "effective_on-month")]
    month: String,
    #[serde(default, rename = "effective_on-year")]
    year: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    feedback: String,
}

#[derive(Template)]
#[template(path = "console/interest/form.html")]
struct FormPage {
    layout: Layout,
    id: Uuid,
    name: String,
    status: &'static str,
    age_band: AgeBand,
    sent: String,
    wanted: String,
    directorates_wanted: String,
    answers: Vec<Answer>,
    history: Vec<Step>,
    /// `(value, words, hint)` of each next step; empty when the viewer cannot move the form.
    next: Vec<(String, &'static str, &'static str)>,
    needs_place: bool,
    needs_day: bool,
    directorates: Vec<(String, String)>,
    form: MoveForm,
    errors: FormErrors,
    done: Option<String>,
}

#[derive(Template)]
#[template(path = "console/interest/education.html")]
struct EducationPage {
    layout: Layout,
    answers: EducationAnswers,
}

fn answers_of(view: &EoiStaffView) -> Vec<Answer> {
    use crate::words::labels::{
        ACTIVITIES, CONTACT_METHODS, DRIVING_LICENCES, HOURS, QUALIFICATION_LEVELS, RIGHT_TO_WORK,
    };
    let f = &view.form;
    let text = |s: &Option<String>| s.clone().unwrap_or_else(|| "Not given".into());
    let qualification = |q: crate::apprenticeships::form::Qualification| {
        let level = present::label(&QUALIFICATION_LEVELS, q.level);
        if q.studying_now {
            format!("{level} (studying for a better grade now)")
        } else {
            level.to_owned()
        }
    };
    let level = crate::apprenticeships::report_routes::LEVELS
        .iter()
        .find(|(l, _, _)| *l == f.level_sought)
        .map_or("", |(_, _, w)| w);
    vec![
        Answer {
            question: "Name they want to be called",
            answer: f.contact.name.clone(),
        },
        Answer {
            question: "Email",
            answer: text(&f.contact.email),
        },
        Answer {
            question: "Phone",
            answer: text(&f.contact.phone),
        },
        Answer {
            question: "Best way to get in touch",
            answer: present::label(&CONTACT_METHODS, f.contact.preferred_contact_method).into(),
        },
        Answer {
            question: "Level wanted",
            answer: level.into(),
        },
        Answer {
            question: "Doing now",
            answer: f
                .current_activities
                .iter()
                .map(|a| present::label(&ACTIVITIES, *a))
                .collect::<Vec<_>>()
                .join(", "),
        },
        Answer {
            question: "English",
            answer: qualification(f.english),
        },
        Answer {
            question: "Maths",
            answer: qualification(f.maths),
        },
        Answer {
            question: "Career goal",
            answer: text(&f.career_goal),
        },
        Answer {
            question: "Hours",
            answer: present::label(&HOURS, f.availability.hours).into(),
        },
        Answer {
            question: "Available from",
            answer: f
                .availability
                .available_from
                .map_or("Straight away".into(), long_date),
        },
        Answer {
            question: "Notes on availability",
            answer: text(&f.availability.notes),
        },
        Answer {
            question: "Longest journey (minutes, one way)",
            answer: f
                .travel
                .max_travel_minutes
                .map_or("Not given".into(), |m| m.to_string()),
        },
        Answer {
            question: "Driving licence",
            answer: present::label(&DRIVING_LICENCES, f.travel.driving_licence).into(),
        },
        Answer {
            question: "Notes on travel",
            answer: text(&f.travel.notes),
        },
        Answer {
            question: "Right to work in the UK",
            answer: present::label(&RIGHT_TO_WORK, f.right_to_work).into(),
        },
        Answer {
            question: "Support or adjustments",
            answer: text(&f.support_needs),
        },
        Answer {
            question: "Share with a future employer",
            answer: if f.consents.share_with_future_employer {
                "Yes".into()
            } else {
                "No".into()
            },
        },
    ]
}

fn hint(to: EoiStatus) -> &'static str {
    match (place_rule(to), records_effective_on(to)) {
        (PlaceRule::Required, true) => "Give the directorate, team and start date.",
        (PlaceRule::Required, false) => "Give the directorate and team.",
        (PlaceRule::Optional, _) => "Give the directorate and team if you know them.",
        (PlaceRule::NotRecorded, true) => "Give the date it happened.",
        (PlaceRule::NotRecorded, false) => "",
    }
}

#[allow(clippy::too_many_arguments)]
fn render_form(
    app: &AppState,
    user: &ConsoleUser,
    view: EoiStaffView,
    may_review: bool,
    form: Option<MoveForm>,
    errors: FormErrors,
    done: Option<String>,
) -> Result<Response, PageError> {
    let directorates = service::directorates(&app.config);
    let offered =
        service::offered_place(view.history.iter().map(|h| (h.to, &h.directorate, &h.team)));
    let next: Vec<EoiStatus> = if may_review {
        view.next_statuses.clone()
    } else {
        Vec::new()
    };
    let form = form.unwrap_or_else(|| MoveForm {
        directorate: offered
            .as_ref()
            .map(|p| p.directorate.clone())
            .unwrap_or_default(),
        team: offered.map(|p| p.team).unwrap_or_default(),
        ..MoveForm::default()
    });
    let history = view
        .history
        .iter()
        .map(|h| Step {
            status: eoi_status(h.to),
            at: h.at.format("%-d %B %Y %H:%M").to_string(),
            by: h
                .by
                .as_ref()
                .map_or("Someone whose account was removed".into(), |a| {
                    let role = if a.role == crate::auth::Role::CareLeaver {
                        "the young person"
                    } else {
                        a.role.described()
                    };
                    format!("{} ({role})", a.name)
                }),
            place: match (&h.directorate, &h.team) {
                (Some(d), Some(t)) => Some(format!(
                    "{}, {t}",
                    directorate_names(&directorates, std::slice::from_ref(d))
                )),
                _ => None,
            },
            on: h.effective_on.map(long_date),
            note: h.note.clone(),
            feedback: h.feedback_for_young_person.clone(),
        })
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let summary = &view.summary;
    let page = FormPage {
        layout: user
            .layout(format!(
                "Chances4YOUth form from {}",
                summary.young_person.name
            ))
            .current("interest"),
        id: summary.id,
        name: summary.young_person.name.clone(),
        status: eoi_status(summary.status),
        age_band: summary.age_band,
        sent: long_day(&summary.submitted_at),
        wanted: summary
            .opportunity_types
            .iter()
            .map(|t| opportunity_label(*t))
            .collect::<Vec<_>>()
            .join(", "),
        directorates_wanted: directorate_names(&directorates, &summary.directorates),
        answers: answers_of(&view),
        history,
        needs_place: next
            .iter()
            .any(|s| place_rule(*s) != PlaceRule::NotRecorded),
        needs_day: next.iter().any(|s| records_effective_on(*s)),
        next: next
            .into_iter()
            .map(|s| (s.to_string(), eoi_status(s), hint(s)))
            .collect(),
        directorates: directorates
            .into_iter()
            .filter(|d| !d.retired)
            .map(|d| (d.id, d.name))
            .collect(),
        form,
        errors,
        done,
    };
    Ok(pages::render(status, &page))
}

fn not_found(user: &ConsoleUser) -> PageError {
    PageError::NotFound(Some(Box::new(user.clone())))
}

async fn form_page(
    Console(app, user, request_id): Console<ConsoleUser>,
    Path(id): Path<Uuid>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, PageError> {
    let (user, education_only) = reader(user)?;
    let record = if education_only {
        Record::EducationAnswers
    } else {
        Record::ExpressionOfInterest
    };
    let auth = user.auth_user();
    let (model, leaver) = match review::visible_form(&app.db, &auth, id, record).await {
        Ok(found) => found,
        Err(AppError::NotFound) => return Err(not_found(&user)),
        Err(e) => return Err(e.into()),
    };
    review::record_read(&app.db, &auth.actor(&request_id), &leaver, &model).await?;
    if education_only {
        let answers = present::education_answers(&model, &leaver.user.name)?;
        return Ok(pages::ok(&EducationPage {
            layout: user
                .layout(format!("Education answers from {}", leaver.user.name))
                .current("interest"),
            answers,
        }));
    }
    let may_review = review::may_review(&auth, &leaver);
    let view = present::staff_view(&app.db, model, user.role).await?;
    let done = (q.done == "moved").then(|| {
        format!(
            "Saved. The form is now: {}.",
            eoi_status(view.summary.status).to_lowercase()
        )
    });
    render_form(
        &app,
        &user,
        view,
        may_review,
        None,
        FormErrors::default(),
        done,
    )
}

/// The form's field for an error from the service.
fn field_for(field: &str) -> &'static str {
    match field {
        "directorate" => "directorate",
        "team" => "team",
        "effective_on" => "effective_on-day",
        "note" => "note",
        "feedback_for_young_person" => "feedback",
        _ => "status",
    }
}

fn day_given(form: &MoveForm) -> Result<Option<NaiveDate>, ()> {
    if pages::no_date_typed(&form.day, &form.month, &form.year) {
        return Ok(None);
    }
    pages::typed_date(&form.day, &form.month, &form.year)
        .map(Some)
        .ok_or(())
}

async fn move_form(
    Console(app, user, request_id): Console<WithRole<Reviewers>>,
    Path(id): Path<Uuid>,
    CsrfForm { form, .. }: CsrfForm<MoveForm>,
) -> Result<Response, PageError> {
    let user = user.0;
    let auth = user.auth_user();
    let (model, leaver) =
        match review::visible_form(&app.db, &auth, id, Record::ExpressionOfInterest).await {
            Ok(found) => found,
            Err(AppError::NotFound) => return Err(not_found(&user)),
            Err(e) => return Err(e.into()),
        };
    if !review::may_review(&auth, &leaver) {
        return Err(not_found(&user));
    }
    let mut errors = FormErrors::default();
    let to = entity::from_stored_text::<EoiStatus>(form.status.trim());
    if to.is_none() {
        errors.add("status", "Choose what happens next");
    }
    let note = check_text("note", Some(&form.note), MAX_NOTE);
    let feedback = check_text("feedback_for_young_person", Some(&form.feedback), MAX_NOTE);
    for e in [note.as_ref().err(), feedback.as_ref().err()]
        .into_iter()
        .flatten()
    {
        errors.add(field_for(&e.field), e.message.clone());
    }
    let effective_on = day_given(&form).unwrap_or_else(|()| {
        errors.add(
            "effective_on-day",
            "Enter the date as a real date, like 30 11 2026",
        );
        None
    });
    if let (true, Some(to), Ok(note), Ok(feedback)) = (errors.is_empty(), to, &note, &feedback) {
        fn trimmed(s: &str) -> Option<&str> {
            Some(s.trim()).filter(|s| !s.is_empty())
        }
        let change = StatusMove {
            to,
            note: note.as_deref(),
            feedback: feedback.as_deref(),
            given: Given {
                directorate: trimmed(&form.directorate),
                team: trimmed(&form.team),
                effective_on,
            },
        };
        let actor = auth.actor(&request_id);
        match review::change_status(&app.db, &app.config, &actor, &leaver, &model, change).await {
            Ok(_) => {
                app.mail_wakeup.notify_one();
                return Ok(pages::see_other(&format!("/work/interest/{id}?done=moved")));
            }
            Err(AppError::Conflict { detail, .. }) => errors.add("status", detail),
            Err(error) => {
                errors = FormErrors::from_app_error(error, field_for)?;
            }
        }
    }
    let model = service::find(&app.db, id)
        .await?
        .ok_or_else(|| not_found(&user))?;
    let view = present::staff_view(&app.db, model, user.role).await?;
    render_form(&app, &user, view, true, Some(form), errors, None)
}
