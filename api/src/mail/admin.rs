//! The outbox as admins see it: failed mail, and sending it again. The API
//! (`/v1/admin/outbox`) and the staff console call these same operations.
use chrono::Utc;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use crate::{
    auth::{Actor, policy::Power},
    error::AppError,
    http::pagination::Cursor,
};

pub use entity::outbox_message::OutboxStatus;

/// Outbox messages, newest first, at most 200; only those with `status` when given.
pub async fn list(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    status: Option<OutboxStatus>,
) -> Result<Vec<entity::outbox_message::Model>, AppError> {
    Ok(newest_first(actor, status)?.limit(200).all(conn).await?)
}

/// Up to `limit + 1` outbox messages, newest first, strictly after `after` (where the last
/// page stopped); the extra one tells there is a next page. Keyset paging, so mail queued
/// while an admin pages does not shift what they see.
pub async fn page(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    status: Option<OutboxStatus>,
    limit: u64,
    after: Option<&Cursor<Uuid>>,
) -> Result<Vec<entity::outbox_message::Model>, AppError> {
    use entity::outbox_message::Column;
    let mut select = newest_first(actor, status)?;
    if let Some(cursor) = after {
        select = select.filter(cursor.after(Column::CreatedAt, Column::Id));
    }
    Ok(select.limit(limit + 1).all(conn).await?)
}

/// Where a page that ends with `message` stopped.
pub fn cursor_of(message: &entity::outbox_message::Model) -> Cursor<Uuid> {
    Cursor {
        at: message.created_at,
        key: message.id,
    }
}

/// The admin's outbox, newest first; only messages with `status` when given.
fn newest_first(
    actor: &Actor,
    status: Option<OutboxStatus>,
) -> Result<sea_orm::Select<entity::outbox_message::Entity>, AppError> {
    actor.require(Power::ManageAccounts)?;
    use entity::outbox_message::{Column, Entity};
    // Only mail to people of the admin's own council.
    let mut select = Entity::find()
        .filter(Column::LocalAuthority.eq(&actor.local_authority))
        .order_by_desc(Column::CreatedAt)
        .order_by_desc(Column::Id);
    if let Some(status) = status {
        select = select.filter(Column::Status.eq(status));
    }
    Ok(select)
}

/// Queues a failed message again, to be sent now. 409 unless it failed.
pub async fn retry(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> Result<entity::outbox_message::Model, AppError> {
    actor.require(Power::ManageAccounts)?;
    use entity::outbox_message::{ActiveModel, Entity};
    let row = Entity::find_by_id(id)
        .one(conn)
        .await?
        .filter(|m| {
            m.local_authority
                .as_deref()
                .is_some_and(|la| crate::auth::policy::admin_may_manage(&actor.viewer(), la))
        })
        .ok_or(AppError::NotFound)?;
    if row.status != OutboxStatus::Failed {
        return Err(AppError::conflict(format!(
            "only failed messages can be retried; this one is {}",
            row.status
        )));
    }
    Ok(Entity::update(ActiveModel {
        id: Set(id),
        status: Set(OutboxStatus::Pending),
        attempts: Set(0),
        send_after: Set(Utc::now()),
        ..Default::default()
    })
    .exec(conn)
    .await?)
}
