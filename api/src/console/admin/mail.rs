//! Failed mail, and sending it again.
use askama::Template;
use axum::{
    Router,
    extract::{Path, Query},
    response::Response,
    routing::{get, post},
};
use uuid::Uuid;

use super::actor;
use crate::{
    console::{
        Console, ConsoleAdmin, CsrfForm,
        pages::{self, DoneQuery, Layout, PageError},
    },
    mail::admin::{self, OutboxStatus},
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/mail", get(failed))
        .route("/admin/mail/{id}/retry", post(retry))
}

pub struct MailRow {
    pub id: Uuid,
    pub to: String,
    pub subject: String,
    pub attempts: i32,
    pub last_error: String,
    pub created: String,
}

#[derive(Template)]
#[template(path = "console/admin/mail.html")]
struct MailPage {
    layout: Layout,
    messages: Vec<MailRow>,
    retried: bool,
}

async fn failed(
    Console(app, user, request_id): Console<ConsoleAdmin>,
    Query(done): Query<DoneQuery>,
) -> Result<Response, PageError> {
    let messages = admin::list(
        &app.db,
        &actor(&user, &request_id),
        Some(OutboxStatus::Failed),
    )
    .await
    .map_err(|e| PageError::for_user(e, &user))?
    .into_iter()
    .map(|m| MailRow {
        id: m.id,
        to: m.to_address,
        subject: m.subject,
        attempts: m.attempts,
        last_error: m.last_error.unwrap_or_default(),
        created: m.created_at.format("%-d %B %Y %H:%M").to_string(),
    })
    .collect();
    Ok(pages::ok(&MailPage {
        layout: user.layout("Failed mail").current("mail"),
        messages,
        retried: done.done() == Some("retried"),
    }))
}

async fn retry(
    Console(app, user, request_id): Console<ConsoleAdmin>,
    Path(id): Path<Uuid>,
    _form: CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, PageError> {
    match admin::retry(&app.db, &actor(&user, &request_id), id).await {
        Ok(_) => {
            app.mail_wakeup.notify_one();
            Ok(pages::see_other("/admin/mail?done=retried"))
        }
        // Already retried (e.g. a second click): the list shows where it stands.
        Err(crate::error::AppError::Conflict { .. }) => Ok(pages::see_other("/admin/mail")),
        Err(e) => Err(PageError::for_user(e, &user)),
    }
}
