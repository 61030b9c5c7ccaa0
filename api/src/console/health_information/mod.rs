//! Health information: the articles young people read in the app, with their drafts, reading
//! ease scores, versions and the list due for review, and the local services directory. Through
//! the same services as the API (`content::service`), which check the rules and audit each change.
use crate::content::model::TopicLabel;
use askama::Template;
use axum::{
    Router,
    extract::State,
    http::StatusCode,
    response::Response,
    routing::{get, post},
};

use super::{
    ConsoleNurse,
    pages::{self, DoneQuery, FormErrors, Layout, PageError},
};
use crate::{
    content::{
        store,
        views::{DraftView, ReviewDueItem},
    },
    state::AppState,
    words::long_date,
};

mod article_form;
mod articles;
mod services;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health-information", get(list))
        .route(
            "/health-information/articles",
            post(articles::create_article),
        )
        .route(
            "/health-information/articles/new",
            get(articles::new_article_page),
        )
        .route(
            "/health-information/articles/{id}",
            get(articles::article_page).post(articles::save_draft),
        )
        .route(
            "/health-information/articles/{id}/publish",
            post(articles::publish),
        )
        .route(
            "/health-information/articles/{id}/unpublish",
            get(articles::unpublish_page).post(articles::unpublish),
        )
        .route(
            "/health-information/readability",
            post(articles::readability_hint),
        )
        .route(
            "/health-information/services",
            get(services::services).post(services::create_service),
        )
        .route(
            "/health-information/services/new",
            get(services::new_service_page),
        )
        .route(
            "/health-information/services/{id}",
            get(services::service_page).post(services::save_service),
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

/// One row of the list of articles.
struct ArticleRow {
    draft: DraftView,
    review_due_words: String,
    /// Whether the app shows it now.
    live: bool,
}

#[derive(Template)]
#[template(path = "console/nurse/health_information.html")]
struct ListPage {
    layout: Layout,
    articles: Vec<ArticleRow>,
    review_due: Vec<ReviewDueItem>,
}

async fn list(State(app): State<AppState>, user: ConsoleNurse) -> Result<Response, PageError> {
    let mut articles = Vec::new();
    for (m, draft) in store::draft_views(&app.db).await? {
        let review_due_words = long_date(draft.article.review_due);
        articles.push(ArticleRow {
            live: articles::is_live(&m),
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
