//! Articles: start one, edit its draft and sources, watch its reading ease score as it is
//! written, publish it, take it out of the app. Through `content::service` like the API.
use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use uuid::Uuid;

use super::{
    DoneQuery,
    article_form::{DraftForm, SourceRow, reading_ease_hint, service_errors, topics},
    changed_meanwhile,
};
use crate::{
    auth::Actor,
    console::{
        Console, ConsoleNurse, CsrfForm,
        pages::{self, FormErrors, Layout, PageError},
    },
    content::{
        model::ArticleStatus,
        service, store,
        views::{DraftView, StaffName},
    },
    error::AppError,
    state::AppState,
};

/// Whether the app shows the article now.
pub(super) fn is_live(article: &entity::article::Model) -> bool {
    article.status == ArticleStatus::Published
}

// ---- A new article ----------------------------------------------------------------------

#[derive(Template)]
#[template(path = "console/nurse/health_article_new.html")]
struct NewArticlePage {
    layout: Layout,
    errors: FormErrors,
    form: DraftForm,
    sources: Vec<SourceRow>,
    live_hint: String,
    topics: Vec<(String, &'static str)>,
}

fn render_new(user: &ConsoleNurse, errors: FormErrors, form: DraftForm) -> Response {
    pages::render(
        pages::form_status(!errors.is_empty()),
        &NewArticlePage {
            layout: user.layout("Add an article").current("health-information"),
            errors,
            sources: form.source_rows(),
            live_hint: form.hint(),
            form,
            topics: topics(),
        },
    )
}

pub(super) async fn new_article_page(user: ConsoleNurse) -> Response {
    render_new(
        &user,
        FormErrors::default(),
        DraftForm::blank(crate::age::today()),
    )
}

pub(super) async fn create_article(
    Console(app, user, request_id): Console<ConsoleNurse>,
    CsrfForm { form, .. }: CsrfForm<DraftForm>,
) -> Result<Response, PageError> {
    let (input, slots) = match form.input() {
        Ok(parsed) => parsed,
        Err(errors) => return Ok(render_new(&user, errors, form)),
    };
    let actor: Actor = user.auth_user().actor(&request_id);
    match service::create(&app.db, &actor, &input).await {
        Ok(article) => Ok(pages::see_other(&format!(
            "/health-information/articles/{}?done=created",
            article.id
        ))),
        Err(AppError::Validation(fields)) => {
            let errors = service_errors(fields, &slots);
            Ok(render_new(&user, errors, form))
        }
        Err(other) => Err(other.into()),
    }
}

// ---- An article's page: its draft, publishing, versions ---------------------------------

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
    live: bool,
    /// The saved draft's score, in the same words as the live hint.
    saved_hint: String,
    form: DraftForm,
    sources: Vec<SourceRow>,
    live_hint: String,
    topics: Vec<(String, &'static str)>,
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
    let saved = store::draft_input(article)?;
    let saved_hint = reading_ease_hint(&saved.title, &saved.summary, &saved.body_markdown);
    let form = match form {
        Some(form) => form,
        None => DraftForm::of(
            article.revision.to_string(),
            &saved,
            &article.topic.to_string(),
        ),
    };
    let versions = store::versions(&app.db, article.id).await?;
    let versions = (store::version_views(&app.db, article, versions).await?)
        .into_iter()
        .map(|v| VersionRow {
            number: v.number,
            published_by: v.published_by,
            published_at: v.published_at.format("%-d %B %Y %H:%M").to_string(),
            score: v.article.readability.score,
            title: v.article.title,
        })
        .collect();
    Ok(pages::render(
        pages::form_status(!errors.is_empty()),
        &ArticlePage {
            layout: user
                .layout(draft.article.title.clone())
                .current("health-information"),
            done,
            errors,
            draft,
            live: is_live(article),
            saved_hint,
            sources: form.source_rows(),
            live_hint: form.hint(),
            form,
            topics: topics(),
            versions,
        },
    ))
}

pub(super) async fn article_page(
    State(app): State<AppState>,
    user: ConsoleNurse,
    Path(id): Path<Uuid>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, PageError> {
    let article = article_for(&app, id).await?;
    let done = match q.done.as_str() {
        "created" => "Article added as a draft. The app does not show it until you publish it.",
        "saved" => "Draft saved. The app shows the published version until you publish.",
        "published" => "Published. The app shows this version now.",
        "unpublished" => "Taken out of the app. Its versions are kept; publish to put it back.",
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

pub(super) async fn save_draft(
    Console(app, user, request_id): Console<ConsoleNurse>,
    Path(id): Path<Uuid>,
    CsrfForm { form, .. }: CsrfForm<DraftForm>,
) -> Result<Response, PageError> {
    let article = article_for(&app, id).await?;
    if form.revision != article.revision.to_string() {
        let errors = changed_meanwhile();
        return render_article(&app, &user, &article, String::new(), errors, Some(form)).await;
    }
    let (input, slots) = match form.input() {
        Ok(parsed) => parsed,
        Err(errors) => {
            return render_article(&app, &user, &article, String::new(), errors, Some(form)).await;
        }
    };
    let actor: Actor = user.auth_user().actor(&request_id);
    match service::update_draft(&app.db, &actor, article.clone(), &input).await {
        Ok(_) => Ok(pages::see_other(&format!(
            "/health-information/articles/{id}?done=saved"
        ))),
        Err(AppError::Validation(fields)) => {
            let errors = service_errors(fields, &slots);
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
pub(super) struct PublishForm {
    #[serde(default)]
    revision: String,
    #[serde(default)]
    confirm_low_readability: String,
}

pub(super) async fn publish(
    Console(app, user, request_id): Console<ConsoleNurse>,
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
        Err(AppError::Validation(fields)) => {
            let errors = service_errors(fields, &[]);
            render_article(&app, &user, &article, String::new(), errors, None).await
        }
        Err(AppError::Conflict { detail, .. }) => {
            let errors = FormErrors(vec![("publish", format!("Not published: {detail}"))]);
            render_article(&app, &user, &article, String::new(), errors, None).await
        }
        Err(other) => Err(other.into()),
    }
}

// ---- Taking an article out of the app ---------------------------------------------------

#[derive(Template)]
#[template(path = "console/nurse/health_article_unpublish.html")]
struct UnpublishPage {
    layout: Layout,
    errors: FormErrors,
    id: Uuid,
    title: String,
    revision: String,
}

/// Why an article cannot be taken out of the app.
const NOT_IN_APP: &str = "This article is not in the app, so there is nothing to take down";

/// The page that asks to confirm taking `article` out of the app, with `errors`.
fn unpublish_view(
    user: &ConsoleNurse,
    article: &entity::article::Model,
    status: StatusCode,
    errors: FormErrors,
) -> Response {
    pages::render(
        status,
        &UnpublishPage {
            layout: user
                .layout(format!("Take {} out of the app", article.title))
                .current("health-information"),
            errors,
            id: article.id,
            title: article.title.clone(),
            revision: article.revision.to_string(),
        },
    )
}

pub(super) async fn unpublish_page(
    State(app): State<AppState>,
    user: ConsoleNurse,
    Path(id): Path<Uuid>,
) -> Result<Response, PageError> {
    let article = article_for(&app, id).await?;
    let mut errors = FormErrors::default();
    if !is_live(&article) {
        errors.add("unpublish", NOT_IN_APP);
    }
    let status = pages::form_status(!errors.is_empty());
    Ok(unpublish_view(&user, &article, status, errors))
}

#[derive(Deserialize, Default)]
pub(super) struct UnpublishForm {
    #[serde(default)]
    revision: String,
}

pub(super) async fn unpublish(
    Console(app, user, request_id): Console<ConsoleNurse>,
    Path(id): Path<Uuid>,
    CsrfForm { form, .. }: CsrfForm<UnpublishForm>,
) -> Result<Response, PageError> {
    let article = article_for(&app, id).await?;
    let refused = |message: String| {
        let errors = FormErrors(vec![("unpublish", message)]);
        unpublish_view(&user, &article, StatusCode::CONFLICT, errors)
    };
    if form.revision != article.revision.to_string() {
        return Ok(refused(
            "Someone changed this article since you opened it. Check it and try again".to_owned(),
        ));
    }
    let actor = user.auth_user().actor(&request_id);
    match service::unpublish(&app.db, &actor, &article).await {
        Ok(_) => Ok(pages::see_other(&format!(
            "/health-information/articles/{id}?done=unpublished"
        ))),
        Err(AppError::Conflict { .. }) => Ok(refused(NOT_IN_APP.to_owned())),
        Err(other) => Err(other.into()),
    }
}

// ---- The live reading ease hint ---------------------------------------------------------

#[derive(Deserialize, Default)]
pub(super) struct HintForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    body_markdown: String,
}

/// The article form's reading ease hint, as plain text, for the console's script to show while
/// the nurse types: [`reading_ease_hint`], the words the page shows under the form. Posted (the
/// whole form, so with its CSRF token) so the text never lands in a web address or a log.
pub(super) async fn readability_hint(
    _user: ConsoleNurse,
    CsrfForm { form, .. }: CsrfForm<HintForm>,
) -> Response {
    let hint = reading_ease_hint(form.title.trim(), form.summary.trim(), &form.body_markdown);
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], hint).into_response()
}
