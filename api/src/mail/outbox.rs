//! Queueing mail inside the caller's transaction.
use chrono::{DateTime, Utc};
use entity::outbox_message::{OutboxStatus, TemplateName};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, DerivePartialModel, EntityTrait,
    QueryFilter, QueryOrder,
};
use uuid::Uuid;

use super::templates::Template;
use crate::config::Config;

/// A message to queue.
pub struct Outgoing {
    pub to: String,
    pub to_name: Option<String>,
    pub template: Template,
    /// Scheduled mail (e.g. certificate expiry reminders); `None` sends as soon as possible.
    pub send_after: Option<DateTime<Utc>>,
}

/// Writes the rendered message to the outbox on `conn`. Call it with the transaction that
/// makes the change the message is about: if that rolls back, no mail is sent.
pub async fn enqueue(
    conn: &impl ConnectionTrait,
    config: &Config,
    msg: Outgoing,
) -> Result<Uuid, DbErr> {
    let local_authority = authority_of(conn, &msg.to).await?;
    insert(conn, config, msg, local_authority, None).await
}

/// As `enqueue`, for a message about one young person (`care_leaver_id`), such as mail to
/// their caseworker: the caseworker's console lists it beside the young person.
pub async fn enqueue_about(
    conn: &impl ConnectionTrait,
    config: &Config,
    msg: Outgoing,
    care_leaver_id: Uuid,
) -> Result<Uuid, DbErr> {
    let local_authority = authority_of(conn, &msg.to).await?;
    insert(conn, config, msg, local_authority, Some(care_leaver_id)).await
}

/// As `enqueue`, when the caller knows the council the message belongs to (e.g. mail to an
/// address that is not, or not yet, an account's sign-in e-mail).
pub async fn enqueue_for(
    conn: &impl ConnectionTrait,
    config: &Config,
    msg: Outgoing,
    local_authority: Option<String>,
) -> Result<Uuid, DbErr> {
    insert(conn, config, msg, local_authority, None).await
}

/// What a caseworker's pages show of a message sent about a young person: not its bodies.
#[derive(Debug, DerivePartialModel)]
#[sea_orm(entity = "entity::outbox_message::Entity")]
pub struct SentAbout {
    pub care_leaver_id: Option<Uuid>,
    pub subject: String,
    pub template: TemplateName,
    pub status: OutboxStatus,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

/// The messages to `to_address` about any of `care_leavers`, newest first: what a caseworker
/// was sent about the young people on their caseload.
pub async fn sent_about(
    conn: &impl ConnectionTrait,
    to_address: &str,
    care_leavers: &[Uuid],
) -> Result<Vec<SentAbout>, DbErr> {
    use entity::outbox_message::{Column, Entity};
    Entity::find()
        .filter(Column::ToAddress.eq(to_address))
        .filter(Column::CareLeaverId.is_in(care_leavers.iter().copied()))
        .order_by_desc(Column::CreatedAt)
        .order_by_desc(Column::Id)
        .into_partial_model::<SentAbout>()
        .all(conn)
        .await
}

/// The recipient's council, so that its admins (and only they) see the message.
async fn authority_of(conn: &impl ConnectionTrait, to: &str) -> Result<Option<String>, DbErr> {
    Ok(entity::user::Entity::find()
        .filter(entity::user::Column::Email.eq(to))
        .one(conn)
        .await?
        .map(|u| u.local_authority))
}

async fn insert(
    conn: &impl ConnectionTrait,
    config: &Config,
    msg: Outgoing,
    local_authority: Option<String>,
    care_leaver_id: Option<Uuid>,
) -> Result<Uuid, DbErr> {
    let rendered = msg.template.render(&config.public_base_url);
    let id = Uuid::new_v4();
    let host = config
        .public_base_url
        .host_str()
        .unwrap_or("care-passport.local")
        .to_owned();
    let now = Utc::now();
    entity::outbox_message::Entity::insert(entity::outbox_message::ActiveModel {
        id: Set(id),
        message_id: Set(format!("<{id}@{host}>")),
        to_address: Set(msg.to),
        to_name: Set(msg.to_name),
        subject: Set(rendered.subject),
        body_text: Set(rendered.text),
        body_html: Set(rendered.html),
        template: Set(msg.template.name()),
        status: Set(entity::outbox_message::OutboxStatus::Pending),
        attempts: Set(0),
        send_after: Set(msg.send_after.unwrap_or(now)),
        claimed_until: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
        local_authority: Set(local_authority),
        care_leaver_id: Set(care_leaver_id),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(id)
}
