//! Health information: the articles young people read in the app, with their drafts, reading
//! ease scores, versions and the list due for review, and the local services directory. Through
//! the same services as the API (`content::service`), which check the rules and audit each change.
use askama::Template;
use axum::{
    Router,
    extract::{Path, Query, State},
    http::StatusCode,
    response::Response,
    routing::{get, post},
};
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::{
    ConsoleNurse, CsrfForm,
    pages::{self, FormErrors, Layout, PageError},
};
use crate::{
    auth::Actor,
    content::{
        directory,
        model::{ArticleInput, ServiceView, Topic},
        service, store,
        views::{DraftView, ReviewDueItem, ServiceQuery, StaffName},
    },
    error::AppError,
    http::RequestId,
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health-information", get(list))
        .route(
            "/health-information/articles/{id}",
            get(article_page).post(save_draft),
        )
        .route("/health-information/articles/{id}/publish", post(publish))
        .route("/health-information/services", get(services))
        .route(
            "/health-information/services/{id}",
            get(service_page).post(save_service),
        )
}

/// Someone saved between this nurse opening the form and sending it.
fn changed_meanwhile() -> FormErrors {
    FormErrors(vec![(
        "title",
        "Someone changed this since you opened it. Check what it says now and make your change again"
            .to_owned(),
    )])
}

// ---- Articles ---------------------------------------------------------------------------

/// One row of the list of articles.
struct ArticleRow {
    draft: DraftView,
    review_due_words: String,
}

#[derive(Template)]
#[template(path = "console/nurse/health_information.html")]
struct ListPage {
    layout: Layout,
    articles: Vec<ArticleRow>,
    review_due: Vec<ReviewDueItem>,
}

fn day(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

async fn list(State(app): State<AppState>, user: ConsoleNurse) -> Result<Response, PageError> {
    let mut articles = Vec::new();
    for m in store::all(&app.db).await? {
        let draft = store::draft_view(&app.db, &m).await?;
        let review_due_words = day(draft.article.review_due);
        articles.push(ArticleRow {
            draft,
            review_due_words,
        });
    }
    let review_due = store::review_due_items(&app.db, crate::age::today()).await?;
    Ok(pages::render(
        StatusCode::OK,
        &ListPage {
            layout: user
                .layout("Health information")
                .current("health-information"),
            articles,
            review_due,
        },
    ))
}

/// What the draft form holds (from the draft, or as sent with errors).
#[derive(Deserialize, Default, Clone)]
pub struct DraftForm {
    #[serde(default)]
    pub revision: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub body_markdown: String,
    #[serde(default)]
    pub topic: String,
    #[serde(default, rename = "reviewed_on-day")]
    pub reviewed_day: String,
    #[serde(default, rename = "reviewed_on-month")]
    pub reviewed_month: String,
    #[serde(default, rename = "reviewed_on-year")]
    pub reviewed_year: String,
    #[serde(default, rename = "review_due-day")]
    pub due_day: String,
    #[serde(default, rename = "review_due-month")]
    pub due_month: String,
    #[serde(default, rename = "review_due-year")]
    pub due_year: String,
}

impl DraftForm {
    fn of(article: &entity::article::Model, input: &ArticleInput) -> Self {
        let parts = |d: NaiveDate| {
            (
                d.format("%-d").to_string(),
                d.format("%-m").to_string(),
                d.format("%Y").to_string(),
            )
        };
        let (reviewed_day, reviewed_month, reviewed_year) = parts(input.reviewed_on);
        let (due_day, due_month, due_year) = parts(input.review_due);
        Self {
            revision: article.revision.to_string(),
            title: input.title.clone(),
            summary: input.summary.clone(),
            body_markdown: input.body_markdown.clone(),
            topic: input.topic.as_str().to_owned(),
            reviewed_day,
            reviewed_month,
            reviewed_year,
            due_day,
            due_month,
            due_year,
        }
    }
}

/// A version as the history lists it.
struct VersionRow {
    number: i32,
    published_by: StaffName,
    published_at: String,
    score: f64,
    title: String,
}

#[derive(Template)]
#[template(path = "console/nurse/health_article.html")]
struct ArticlePage {
    layout: Layout,
    done: String,
    errors: FormErrors,
    draft: DraftView,
    form: DraftForm,
    topics: Vec<(&'static str, &'static str)>,
    versions: Vec<VersionRow>,
}

async fn article_for(app: &AppState, id: Uuid) -> Result<entity::article::Model, PageError> {
    store::find(&app.db, id)
        .await?
        .ok_or(PageError::NotFound(None))
}

async fn render_article(
    app: &AppState,
    user: &ConsoleNurse,
    article: &entity::article::Model,
    done: String,
    errors: FormErrors,
    form: Option<DraftForm>,
) -> Result<Response, PageError> {
    let draft = store::draft_view(&app.db, article).await?;
    let form = match form {
        Some(form) => form,
        None => DraftForm::of(article, &store::draft_input(article)?),
    };
    let mut versions = Vec::new();
    for v in store::versions(&app.db, article.id).await? {
        let view = store::public_view(article, &v)?;
        versions.push(VersionRow {
            number: v.number,
            published_by: store::staff_name(&app.db, v.published_by).await?,
            published_at: v.published_at.format("%-d %B %Y %H:%M").to_string(),
            score: view.readability.score,
            title: view.title,
        });
    }
    Ok(pages::render(
        pages::form_status(!errors.is_empty()),
        &ArticlePage {
            layout: user
                .layout(draft.article.title.clone())
                .current("health-information"),
            done,
            errors,
            draft,
            form,
            topics: Topic::ALL.iter().map(|t| (t.as_str(), t.label())).collect(),
            versions,
        },
    ))
}

#[derive(Deserialize, Default)]
struct DoneQuery {
    #[serde(default)]
    done: String,
}

async fn article_page(
    State(app): State<AppState>,
    user: ConsoleNurse,
    Path(id): Path<Uuid>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, PageError> {
    let article = article_for(&app, id).await?;
    let done = match q.done.as_str() {
        "saved" => "Draft saved. The app shows the published version until you publish.",
        "published" => "Published. The app shows this version now.",
        _ => "",
    };
    render_article(
        &app,
        &user,
        &article,
        done.to_owned(),
        FormErrors::default(),
        None,
    )
    .await
}

/// The draft form's anchor for a field the service names.
fn article_anchor(field: &str) -> &'static str {
    match field {
        "summary" => "summary",
        "body_markdown" => "body_markdown",
        "topic" => "topic",
        "reviewed_on" => "reviewed_on-day",
        "review_due" => "review_due-day",
        "confirm_low_readability" => "confirm_low_readability",
        f if f.starts_with("sources") => "sources",
        _ => "title",
    }
}

fn date(d: &str, m: &str, y: &str) -> Option<NaiveDate> {
    match (d.trim().parse(), m.trim().parse(), y.trim().parse::<i32>()) {
        (Ok(d), Ok(m), Ok(y)) if y >= 1900 => NaiveDate::from_ymd_opt(y, m, d),
        _ => None,
    }
}

async fn save_draft(
    State(app): State<AppState>,
    user: ConsoleNurse,
    request_id: RequestId,
    Path(id): Path<Uuid>,
    CsrfForm { form, .. }: CsrfForm<DraftForm>,
) -> Result<Response, PageError> {
    let article = article_for(&app, id).await?;
    if form.revision != article.revision.to_string() {
        let errors = changed_meanwhile();
        return render_article(&app, &user, &article, String::new(), errors, Some(form)).await;
    }
    let mut errors = FormErrors::default();
    let topic = Topic::parse(&form.topic);
    if topic.is_none() {
        errors.add("topic", "Choose a topic");
    }
    let reviewed_on = date(
        &form.reviewed_day,
        &form.reviewed_month,
        &form.reviewed_year,
    );
    if reviewed_on.is_none() {
        errors.add(
            "reviewed_on-day",
            "The day it was checked must be a real date, like 10 1 2026",
        );
    }
    let review_due = date(&form.due_day, &form.due_month, &form.due_year);
    if review_due.is_none() {
        errors.add(
            "review_due-day",
            "The review date must be a real date, like 10 1 2027",
        );
    }
    let (Some(topic), Some(reviewed_on), Some(review_due)) = (topic, reviewed_on, review_due)
    else {
        return render_article(&app, &user, &article, String::new(), errors, Some(form)).await;
    };
    let input = ArticleInput {
        title: form.title.trim().to_owned(),
        summary: form.summary.trim().to_owned(),
        body_markdown: form.body_markdown.clone(),
        topic,
        reviewed_on,
        review_due,
        sources: store::draft_input(&article)?.sources,
    };
    let actor: Actor = user.auth_user().actor(&request_id);
    match service::update_draft(&app.db, &actor, article.clone(), &input).await {
        Ok(_) => Ok(pages::see_other(&format!(
            "/health-information/articles/{id}?done=saved"
        ))),
        Err(error @ AppError::Validation(_)) => {
            let errors = FormErrors::from_app_error(error, article_anchor)?;
            render_article(&app, &user, &article, String::new(), errors, Some(form)).await
        }
        Err(AppError::PreconditionFailed) => {
            let errors = changed_meanwhile();
            render_article(&app, &user, &article, String::new(), errors, Some(form)).await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize, Default)]
struct PublishForm {
    #[serde(default)]
    revision: String,
    #[serde(default)]
    confirm_low_readability: String,
}

async fn publish(
    State(app): State<AppState>,
    user: ConsoleNurse,
    request_id: RequestId,
    Path(id): Path<Uuid>,
    CsrfForm { form, .. }: CsrfForm<PublishForm>,
) -> Result<Response, PageError> {
    let article = article_for(&app, id).await?;
    if form.revision != article.revision.to_string() {
        let errors = changed_meanwhile();
        return render_article(&app, &user, &article, String::new(), errors, None).await;
    }
    let actor = user.auth_user().actor(&request_id);
    let confirm = form.confirm_low_readability == "yes";
    match service::publish(&app.db, &actor, &article, confirm).await {
        Ok(_) => Ok(pages::see_other(&format!(
            "/health-information/articles/{id}?done=published"
        ))),
        Err(error @ AppError::Validation(_)) => {
            let errors = FormErrors::from_app_error(error, article_anchor)?;
            render_article(&app, &user, &article, String::new(), errors, None).await
        }
        Err(AppError::Conflict { detail, .. }) => {
            let errors = FormErrors(vec![("publish", format!("Not published: {detail}"))]);
            render_article(&app, &user, &article, String::new(), errors, None).await
        }
        Err(other) => Err(other.into()),
    }
}

// ---- Services ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "console/nurse/health_services.html")]
struct ServicesPage {
    layout: Layout,
    services: Vec<ServiceView>,
}

async fn services(State(app): State<AppState>, user: ConsoleNurse) -> Result<Response, PageError> {
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

/// What the service form holds.
#[derive(Deserialize, Default, Clone)]
pub struct ServiceForm {
    #[serde(default)]
    pub updated_at: String,
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

impl ServiceForm {
    fn of(s: &ServiceView) -> Self {
        let text = |t: &Option<String>| t.clone().unwrap_or_default();
        Self {
            updated_at: s.updated_at.to_rfc3339(),
            name: s.name.clone(),
            offers: s.offers.clone(),
            who_for: s.who_for.clone(),
            phone: text(&s.phone),
            email: text(&s.email),
            web: text(&s.web),
            opening_times: text(&s.opening_times),
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

async fn service_page(
    State(app): State<AppState>,
    user: ConsoleNurse,
    Path(id): Path<Uuid>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, PageError> {
    let (_, service) = service_for(&app, id).await?;
    Ok(render_service(
        &user,
        service,
        q.done == "1",
        FormErrors::default(),
        None,
    ))
}

/// The service form's anchor for a field the service names.
fn service_anchor(field: &str) -> &'static str {
    match field {
        "offers" => "offers",
        "who_for" => "who_for",
        "phone" => "phone",
        "email" => "email",
        "web" => "web",
        "opening_times" => "opening_times",
        _ => "name",
    }
}

async fn save_service(
    State(app): State<AppState>,
    user: ConsoleNurse,
    request_id: RequestId,
    Path(id): Path<Uuid>,
    CsrfForm { form, .. }: CsrfForm<ServiceForm>,
) -> Result<Response, PageError> {
    let (current, view) = service_for(&app, id).await?;
    if form.updated_at != view.updated_at.to_rfc3339() {
        let errors = changed_meanwhile();
        return Ok(render_service(&user, view, false, errors, Some(form)));
    }
    let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let mut input = directory::input(&current)?;
    input.name = form.name.trim().to_owned();
    input.offers = form.offers.trim().to_owned();
    input.who_for = form.who_for.trim().to_owned();
    input.phone = text(&form.phone);
    input.email = text(&form.email);
    input.web = text(&form.web);
    input.opening_times = text(&form.opening_times);
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
