//! Admin view of the outbox: failed mail and retrying it.
use crate::http::prelude::*;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::http::pagination::{CursorPage, CursorQuery};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct OutboxQuery {
    /// `pending`, `sending`, `sent` or `failed`.
    #[param(example = "failed", inline)]
    pub status: Option<OutboxStatus>,
    /// How many messages to return: 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` from the page before; leave out for the first page.
    #[param(min_length = 1, max_length = 200)]
    pub cursor: Option<String>,
}

pub use super::admin::OutboxStatus;

/// One outbox message, without its body.
#[derive(Debug, Serialize, ToSchema)]
pub struct OutboxMessageView {
    pub id: Uuid,
    pub message_id: String,
    pub to_address: String,
    pub template: String,
    pub subject: String,
    pub status: String,
    pub attempts: i32,
    pub send_after: DateTime<Utc>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

impl From<entity::outbox_message::Model> for OutboxMessageView {
    fn from(m: entity::outbox_message::Model) -> Self {
        Self {
            id: m.id,
            message_id: m.message_id,
            to_address: m.to_address,
            template: m.template.to_string(),
            subject: m.subject,
            status: m.status.to_string(),
            attempts: m.attempts,
            send_after: m.send_after,
            last_error: m.last_error,
            created_at: m.created_at,
            sent_at: m.sent_at,
        }
    }
}

/// List outbox messages (admins)
///
/// E-mails waiting to be sent, sent or failed, newest first, one page at a time: `limit`
/// (1–200, default 50) and `cursor` (the `next_cursor` of the page before). Admins only.
#[utoipa::path(get, path = "/v1/admin/outbox", operation_id = "list_outbox", tag = "admin",
    params(OutboxQuery),
    responses(
        (status = 200, description = "Mail to people of my local authority, newest first", body = CursorPage<OutboxMessageView>),
        (status = 422, description = "Unknown status, `limit` out of range or a `cursor` this list did not give out", body = Problem, content_type = "application/problem+json"),
        NotSignedIn, AdminsOnly,
    ))]
pub(crate) async fn list_outbox(
    Caller(app, _, actor, ..): Caller<Admins>,
    AppQuery(query): AppQuery<OutboxQuery>,
) -> Result<Json<CursorPage<OutboxMessageView>>, AppError> {
    let paging = CursorQuery {
        limit: query.limit,
        cursor: query.cursor,
    };
    let (limit, after) = paging.page()?;
    let rows = super::admin::page(&app.db, &actor, query.status, limit, after.as_ref()).await?;
    Ok(Json(CursorPage::from_rows(
        rows,
        limit,
        super::admin::cursor_of,
        |rows| rows.into_iter().map(Into::into).collect(),
    )))
}

/// Retry a failed message now (admins)
///
/// Puts a failed e-mail back in the queue to be sent now. Admins only.
#[utoipa::path(post, path = "/v1/admin/outbox/{id}/retry", operation_id = "retry_outbox_message", tag = "admin",
    params(("id" = Uuid, Path, description = "Outbox message id")),
    responses(
        (status = 200, description = "Queued again", body = OutboxMessageView),
        (status = 404, description = "No such message in your local authority", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Only failed messages can be retried", body = Problem, content_type = "application/problem+json"),
        NotSignedIn, AdminsOnly,
    ))]
pub(crate) async fn retry_message(
    Caller(app, _, actor, ..): Caller<Admins>,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<OutboxMessageView>, AppError> {
    let updated = super::admin::retry(&app.db, &actor, id).await?;
    app.mail_wakeup.notify_one();
    Ok(Json(updated.into()))
}
