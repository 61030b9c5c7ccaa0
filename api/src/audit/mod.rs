//! The append-only audit log and the young person's view of it.
pub mod routes;
pub mod search;

use chrono::Utc;
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};
use uuid::Uuid;

use crate::{auth::AuthUser, http::RequestId};

/// One thing that happened. Never carries health details: only who, what, whose, when.
pub struct Event<'a> {
    pub action: &'a str,
    pub care_leaver_id: Option<Uuid>,
    pub target: Option<String>,
}

/// Appends an event on `conn` (inside the caller's transaction when it has one).
pub async fn record(
    conn: &impl ConnectionTrait,
    actor: Option<&AuthUser>,
    request_id: &RequestId,
    event: Event<'_>,
) -> Result<(), DbErr> {
    record_raw(
        conn,
        actor.map(|a| a.id),
        actor.map(|a| a.role.as_str().to_owned()),
        request_id,
        event,
    )
    .await
}

/// As `record`, for a domain service's `Actor`.
pub async fn record_by(
    conn: &impl ConnectionTrait,
    actor: &crate::auth::Actor,
    event: Event<'_>,
) -> Result<(), DbErr> {
    record_raw(
        conn,
        Some(actor.id),
        Some(actor.role.as_str().to_owned()),
        &actor.request(),
        event,
    )
    .await
}

/// As `record`, for events whose actor is known only by id (e.g. a failed sign-in).
pub async fn record_raw(
    conn: &impl ConnectionTrait,
    actor_id: Option<Uuid>,
    actor_role: Option<String>,
    request_id: &RequestId,
    event: Event<'_>,
) -> Result<(), DbErr> {
    entity::audit_event::Entity::insert(entity::audit_event::ActiveModel {
        at: Set(Utc::now()),
        actor_id: Set(actor_id),
        actor_role: Set(actor_role),
        action: Set(event.action.to_owned()),
        care_leaver_id: Set(event.care_leaver_id),
        target: Set(event.target),
        request_id: Set(request_id.0.clone()),
        ..Default::default()
    })
    .exec_without_returning(conn)
    .await
    .map(|_| ())
}

/// How an action reads in the young person's access log, or `None` for actions they are not
/// shown (e.g. their own sign-ins).
pub fn describe(action: &str) -> Option<&'static str> {
    Some(match action {
        "care_leaver.read" => "looked at your profile",
        "care_leaver.updated" => "changed your profile",
        "care_leaver.created" => "created your account",
        "audit.searched" => "looked at the list of who has seen your records",
        "passport.read" => "read your health passport",
        "passport.version_read" => "read an earlier version of your health passport",
        "passport.draft_read" => "read the draft of your health passport",
        "passport.draft_updated" => "updated the draft of your health passport",
        "passport.published" => "published a new version of your health passport",
        "passport.versions_listed" => "looked at the list of versions of your health passport",
        "passport.changes_read" => "compared two versions of your health passport",
        "passport.exported" => "downloaded your health passport",
        "passport.acknowledged" => "confirmed receiving your health passport",
        "passport.query_raised" => "raised a question about your health passport",
        "passport.queries_read" => "read your questions about your passport",
        "passport.query_resolved" => "answered a question you raised about your passport",
        "prescriptions.eligibility_checked" => "checked your free-prescription eligibility",
        "prescriptions.application_read" => "looked at your prescription application",
        "prescriptions.applied" => "applied for free prescriptions for you",
        "prescriptions.decided" => "made a decision on your prescription application",
        "prescriptions.withdrawn" => "withdrew your prescription application",
        "eoi.read" => "looked at your Chances4YOUth form",
        "eoi.status_changed" => "updated your Chances4YOUth form's progress",
        "eoi.submitted" => "sent your Chances4YOUth form",
        "eoi.updated" => "changed your Chances4YOUth form",
        "eoi.withdrawn" => "withdrew your Chances4YOUth form",
        _ => return None,
    })
}
