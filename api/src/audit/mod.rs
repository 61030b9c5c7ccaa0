//! The append-only audit log and the young person's view of it.
pub mod access_log;
pub mod group;
pub mod routes;
pub mod search;
pub mod store;
pub mod views;

pub use group::AuditLog;

use chrono::Utc;
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};
use uuid::Uuid;

use crate::auth::Actor;

/// One thing that happened. Never carries health details: only who, what, whose, when.
pub struct Event<'a> {
    pub action: &'a str,
    pub care_leaver_id: Option<Uuid>,
    pub target: Option<String>,
}

/// Appends an event by `actor` on `conn` (inside the caller's transaction when it has one).
pub async fn record_by(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    event: Event<'_>,
) -> Result<(), DbErr> {
    record_raw(
        conn,
        Some(actor.id),
        Some(actor.role.as_str().to_owned()),
        actor.request_id.as_deref(),
        event,
    )
    .await
}

/// As `record_by`, for events whose actor is known only by id (e.g. a failed sign-in) or not
/// at all (someone opening a share link).
pub async fn record_raw(
    conn: &impl ConnectionTrait,
    actor_id: Option<Uuid>,
    actor_role: Option<String>,
    request_id: Option<&str>,
    event: Event<'_>,
) -> Result<(), DbErr> {
    entity::audit_event::Entity::insert(entity::audit_event::ActiveModel {
        at: Set(Utc::now()),
        actor_id: Set(actor_id),
        actor_role: Set(actor_role),
        action: Set(event.action.to_owned()),
        care_leaver_id: Set(event.care_leaver_id),
        target: Set(event.target),
        request_id: Set(request_id.map(str::to_owned)),
        ..Default::default()
    })
    .exec_without_returning(conn)
    .await?;
    metrics::counter!("audit_events_recorded_total").increment(1);
    Ok(())
}

/// Records one `action` by `actor` about each of `care_leavers` in a single statement (a list
/// that shows personal data is a read of each young person on it).
pub async fn record_each_by(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    action: &str,
    care_leavers: &[Uuid],
) -> Result<(), DbErr> {
    record_each_raw(
        conn,
        actor.id,
        actor.role,
        actor.request_id.as_deref(),
        action,
        care_leavers,
    )
    .await
}

async fn record_each_raw(
    conn: &impl ConnectionTrait,
    actor_id: Uuid,
    actor_role: crate::auth::Role,
    request_id: Option<&str>,
    action: &str,
    care_leavers: &[Uuid],
) -> Result<(), DbErr> {
    if care_leavers.is_empty() {
        return Ok(());
    }
    let now = Utc::now();
    entity::audit_event::Entity::insert_many(care_leavers.iter().map(|id| {
        entity::audit_event::ActiveModel {
            at: Set(now),
            actor_id: Set(Some(actor_id)),
            actor_role: Set(Some(actor_role.as_str().to_owned())),
            action: Set(action.to_owned()),
            care_leaver_id: Set(Some(*id)),
            target: Set(None),
            request_id: Set(request_id.map(str::to_owned)),
            ..Default::default()
        }
    }))
    .exec_without_returning(conn)
    .await
    .map(|_| ())
}

/// How an action reads in the young person's access log, or `None` for actions they are not
/// shown (e.g. their own sign-ins).
pub fn describe(action: &str) -> Option<&'static str> {
    ACCESS_LOG_LINES
        .iter()
        .find(|(a, _)| *a == action)
        .map(|(_, what)| *what)
}

/// Every action a young person is shown, with how it reads after "Sam Jones (your nurse)".
pub const ACCESS_LOG_LINES: [(&str, &str); 37] = [
    ("care_leaver.read", "looked at your profile"),
    (
        "care_leaver.listed",
        "saw your name in a list of young people",
    ),
    ("care_leaver.updated", "changed your profile"),
    ("care_leaver.created", "set up your account"),
    ("care_leaver.nurse_assigned", "gave you a new nurse"),
    (
        "care_leaver.nurse_unassigned",
        "took your nurse off your record",
    ),
    ("care_leaver.caseworker_assigned", "gave you a new adviser"),
    ("care_leaver.caseworker_unassigned", "took off your adviser"),
    (
        "auth.email_change_requested",
        "asked to change the e-mail you sign in with",
    ),
    ("auth.email_changed", "changed the e-mail you sign in with"),
    (
        "audit.searched",
        "looked at the list of who has seen your records",
    ),
    ("passport.read", "read your health passport"),
    (
        "passport.version_read",
        "read an old copy of your health passport",
    ),
    (
        "passport.draft_read",
        "read the draft of your health passport",
    ),
    (
        "passport.draft_updated",
        "worked on the draft of your health passport",
    ),
    (
        "passport.published",
        "shared a new copy of your health passport with you",
    ),
    (
        "passport.versions_listed",
        "looked at the list of old copies of your health passport",
    ),
    (
        "passport.changes_read",
        "looked at what changed in your health passport",
    ),
    ("passport.exported", "saved a copy of your health passport"),
    (
        "passport.fhir_exported",
        "saved a copy of your health passport for doctors",
    ),
    (
        "passport.pdf_downloaded",
        "saved a copy of your health passport to print",
    ),
    (
        "passport.acknowledged",
        "said that you got your health passport",
    ),
    ("passport.query_raised", "asked about your health passport"),
    (
        "passport.queries_read",
        "read what you asked about your passport",
    ),
    (
        "passport.query_resolved",
        "wrote back to you about your passport",
    ),
    (
        "passport.own_words_updated",
        "wrote your own words in your health passport",
    ),
    (
        "passport.own_words_removed",
        "took your own words out of your health passport",
    ),
    (
        "prescriptions.eligibility_checked",
        "checked if you can get free prescriptions",
    ),
    (
        "prescriptions.application_read",
        "looked at your form for free prescriptions",
    ),
    (
        "prescriptions.applied",
        "asked for free prescriptions for you",
    ),
    (
        "prescriptions.decided",
        "made a choice on your form for free prescriptions",
    ),
    (
        "prescriptions.withdrawn",
        "took back your form for free prescriptions",
    ),
    ("eoi.read", "looked at your Chances4YOUth form"),
    (
        "eoi.status_changed",
        "said how far your Chances4YOUth form has got",
    ),
    ("eoi.submitted", "sent your Chances4YOUth form"),
    ("eoi.updated", "changed your Chances4YOUth form"),
    ("eoi.withdrawn", "took back your Chances4YOUth form"),
];
