//! The local services directory: the list, a service's page to edit it, and adding a new one.
//! Through `content::service` like the API, which checks the rules and audits each change.
use crate::content::model::TopicLabel;
use sea_orm::Iterable;
use std::collections::HashMap;

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::Response,
};
use serde::Deserialize;
use uuid::Uuid;

use super::{DoneQuery, changed_meanwhile};
use crate::{
    console::{
        Console, ConsoleNurse, CsrfForm,
        pages::{self, FormErrors, Layout, PageError},
    },
    content::{
        directory,
        model::{ServiceInput, ServiceView, Topic},
        service,
        views::ServiceQuery,
    },
    error::AppError,
    state::AppState,
};

#[derive(Template)]
#[template(path = "console/nurse/health_services.html")]
struct ServicesPage {
    layout: Layout,
    services: Vec<ServiceView>,
}

pub(super) async fn services(
    State(app): State<AppState>,
    user: ConsoleNurse,
) -> Result<Response, PageError> {
    let query = ServiceQuery {
        local_authority: None,
        topic: None,
        updated_since: None,
        limit: None,
        offset: None,
    };
    let services = directory::list(&app.db, &query).await?;
    Ok(pages::render(
        StatusCode::OK,
        &ServicesPage {
            layout: user
                .layout("Services directory")
                .current("health-information"),
            services,
        },
    ))
}

/// The texts of a service that both the service form and the new service form hold.
#[derive(Deserialize, Default, Clone)]
pub struct ServiceText {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub offers: String,
    #[serde(default)]
    pub who_for: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub web: String,
    #[serde(default)]
    pub opening_times: String,
}

impl ServiceText {
    fn of(s: &ServiceView) -> Self {
        let text = |t: &Option<String>| t.clone().unwrap_or_default();
        Self {
            name: s.name.clone(),
            offers: s.offers.clone(),
            who_for: s.who_for.clone(),
            phone: text(&s.phone),
            email: text(&s.email),
            web: text(&s.web),
            opening_times: text(&s.opening_times),
        }
    }

    /// `input` with these texts, trimmed; a blank phone, email, website or opening times is
    /// none.
    fn apply(&self, input: ServiceInput) -> ServiceInput {
        ServiceInput {
            name: self.name.trim().to_owned(),
            offers: self.offers.trim().to_owned(),
            who_for: self.who_for.trim().to_owned(),
            phone: pages::optional_text(&self.phone),
            email: pages::optional_text(&self.email),
            web: pages::optional_text(&self.web),
            opening_times: pages::optional_text(&self.opening_times),
            ..input
        }
    }
}

/// What the service form holds.
#[derive(Deserialize, Default, Clone)]
pub struct ServiceForm {
    #[serde(default)]
    pub updated_at: String,
    #[serde(flatten)]
    pub text: ServiceText,
}

impl ServiceForm {
    fn of(s: &ServiceView) -> Self {
        Self {
            updated_at: s.updated_at.to_rfc3339(),
            text: ServiceText::of(s),
        }
    }
}

#[derive(Template)]
#[template(path = "console/nurse/health_service.html")]
struct ServicePage {
    layout: Layout,
    done: bool,
    errors: FormErrors,
    service: ServiceView,
    form: ServiceForm,
}

async fn service_for(
    app: &AppState,
    id: Uuid,
) -> Result<(entity::local_service::Model, ServiceView), PageError> {
    let m = directory::find(&app.db, id)
        .await?
        .ok_or(PageError::NotFound(None))?;
    let view = directory::view(&m)?;
    Ok((m, view))
}

fn render_service(
    user: &ConsoleNurse,
    service: ServiceView,
    done: bool,
    errors: FormErrors,
    form: Option<ServiceForm>,
) -> Response {
    let form = form.unwrap_or_else(|| ServiceForm::of(&service));
    pages::render(
        pages::form_status(!errors.is_empty()),
        &ServicePage {
            layout: user
                .layout(service.name.clone())
                .current("health-information"),
            done,
            errors,
            service,
            form,
        },
    )
}

pub(super) async fn service_page(
    State(app): State<AppState>,
    user: ConsoleNurse,
    Path(id): Path<Uuid>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, PageError> {
    let (_, service) = service_for(&app, id).await?;
    Ok(render_service(
        &user,
        service,
        q.done() == Some("1"),
        FormErrors::default(),
        None,
    ))
}

/// The service form's anchor for a field the service names.
fn service_anchor(field: &str) -> &'static str {
    match field {
        "local_authority" => "open_to",
        f if f.starts_with("topics") => TOPIC_ANCHOR,
        "offers" => "offers",
        "who_for" => "who_for",
        "phone" => "phone",
        "email" => "email",
        "web" => "web",
        "opening_times" => "opening_times",
        _ => "name",
    }
}

pub(super) async fn save_service(
    Console(app, user, request_id): Console<ConsoleNurse>,
    Path(id): Path<Uuid>,
    CsrfForm { form, .. }: CsrfForm<ServiceForm>,
) -> Result<Response, PageError> {
    let (current, view) = service_for(&app, id).await?;
    if form.updated_at != view.updated_at.to_rfc3339() {
        let errors = changed_meanwhile();
        return Ok(render_service(&user, view, false, errors, Some(form)));
    }
    let input = form.text.apply(directory::input(&current)?);
    let actor = user.auth_user().actor(&request_id);
    match service::update_service(&app.db, &actor, &current, &input).await {
        Ok(_) => Ok(pages::see_other(&format!(
            "/health-information/services/{id}?done=1"
        ))),
        Err(error @ AppError::Validation(_)) => {
            let errors = FormErrors::from_app_error(error, service_anchor)?;
            Ok(render_service(&user, view, false, errors, Some(form)))
        }
        Err(AppError::Conflict { detail, .. }) => {
            let errors = FormErrors(vec![("name", format!("Not saved: {detail}"))]);
            Ok(render_service(&user, view, false, errors, Some(form)))
        }
        Err(AppError::PreconditionFailed) => {
            let errors = changed_meanwhile();
            Ok(render_service(&user, view, false, errors, Some(form)))
        }
        Err(other) => Err(other.into()),
    }
}

// ---- Adding a service -------------------------------------------------------------------

/// Where an error about the topics points: the first checkbox.
const TOPIC_ANCHOR: &str = "topic-registering_with_a_gp";

/// What the new service form holds. Topics are checkboxes named `topic-<id>`.
#[derive(Deserialize, Default, Clone)]
pub struct NewServiceForm {
    #[serde(flatten)]
    pub text: ServiceText,
    /// `mine` (the nurse's own local authority) or `everyone`.
    #[serde(default)]
    pub open_to: String,
    #[serde(default)]
    pub referral_needed: String,
    /// The topic checkboxes (what `text` does not take).
    #[serde(flatten)]
    pub rest: HashMap<String, String>,
}

impl NewServiceForm {
    fn topics(&self) -> Vec<Topic> {
        Topic::iter()
            .filter(|t| self.rest.contains_key(&format!("topic-{t}")))
            .collect()
    }
}

/// A topic checkbox.
pub struct TopicBox {
    pub id: String,
    pub label: &'static str,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "console/nurse/health_service_new.html")]
struct NewServicePage {
    layout: Layout,
    errors: FormErrors,
    form: NewServiceForm,
    topics: Vec<TopicBox>,
    authority: String,
}

fn render_new(user: &ConsoleNurse, errors: FormErrors, form: NewServiceForm) -> Response {
    let chosen = form.topics();
    let topics = Topic::iter()
        .map(|t| TopicBox {
            id: format!("topic-{t}"),
            label: t.label(),
            checked: chosen.contains(&t),
        })
        .collect();
    let authority = pages::capitalise(&user.local_authority);
    pages::render(
        pages::form_status(!errors.is_empty()),
        &NewServicePage {
            layout: user.layout("Add a service").current("health-information"),
            errors,
            form,
            topics,
            authority,
        },
    )
}

pub(super) async fn new_service_page(user: ConsoleNurse) -> Response {
    let form = NewServiceForm {
        open_to: "mine".to_owned(),
        ..NewServiceForm::default()
    };
    render_new(&user, FormErrors::default(), form)
}

pub(super) async fn create_service(
    Console(app, user, request_id): Console<ConsoleNurse>,
    CsrfForm { form, .. }: CsrfForm<NewServiceForm>,
) -> Result<Response, PageError> {
    let local_authority = match form.open_to.as_str() {
        "mine" => Some(user.local_authority.clone()),
        "everyone" => None,
        _ => {
            let errors = FormErrors(vec![(
                "open_to",
                "Choose who can use the service".to_owned(),
            )]);
            return Ok(render_new(&user, errors, form));
        }
    };
    let input = form.text.apply(ServiceInput {
        name: String::new(),
        offers: String::new(),
        who_for: String::new(),
        min_age: None,
        max_age: None,
        area_note: None,
        phone: None,
        sms: None,
        email: None,
        web: None,
        address: None,
        opening_times: None,
        local_authority,
        referral_needed: form.referral_needed == "yes",
        topics: form.topics(),
    });
    let actor = user.auth_user().actor(&request_id);
    match service::create_service(&app.db, &actor, &input).await {
        Ok(created) => Ok(pages::see_other(&format!(
            "/health-information/services/{}?done=1",
            created.id
        ))),
        Err(error @ AppError::Validation(_)) => {
            let errors = FormErrors::from_app_error(error, service_anchor)?;
            Ok(render_new(&user, errors, form))
        }
        Err(AppError::Conflict { detail, .. }) => {
            let errors = FormErrors(vec![("name", format!("Not added: {detail}"))]);
            Ok(render_new(&user, errors, form))
        }
        Err(other) => Err(other.into()),
    }
}
