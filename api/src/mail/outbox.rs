//! Queueing mail inside the caller's transaction.
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
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
    // The recipient's council, so that its admins (and only they) see the message.
    let local_authority = entity::user::Entity::find()
        .filter(entity::user::Column::Email.eq(&msg.to))
        .one(conn)
        .await?
        .map(|u| u.local_authority);
    enqueue_for(conn, config, msg, local_authority).await
}

/// As `enqueue`, when the caller knows the council the message belongs to (e.g. mail to an
/// address that is not, or not yet, an account's sign-in e-mail).
pub async fn enqueue_for(
    conn: &impl ConnectionTrait,
    config: &Config,
    msg: Outgoing,
    local_authority: Option<String>,
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
        template: Set(msg.template.name().to_owned()),
        status: Set(entity::outbox_message::OutboxStatus::Pending),
        attempts: Set(0),
        send_after: Set(msg.send_after.unwrap_or(now)),
        claimed_until: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
        local_authority: Set(local_authority),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(id)
}
