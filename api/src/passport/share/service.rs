//! Making, listing, revoking and opening share links, and how openings read in the young
//! person's access log.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use super::rules::{self, LinkState, LinkStatus};
use super::views::ShareLinkView;
use crate::{
    audit::{self, AuditAction, Event, views::AccessLogEntry},
    auth::{Actor, password, tokens},
    error::AppError,
    passport::model::SectionId,
};
use entity::passport_share_link::{ActiveModel, Column, Entity, Model};

/// The link as its owner sees it.
pub fn view(link: &Model, now: DateTime<Utc>) -> ShareLinkView {
    ShareLinkView {
        id: link.id,
        recipient: link.recipient.clone(),
        sections: sections_of(link),
        status: status_of(link, now),
        created_at: link.created_at,
        expires_at: link.expires_at,
        openings: link.openings,
        last_opened_at: link.last_opened_at,
    }
}

/// The sections a link shares (none if the stored list cannot be read).
pub fn sections_of(link: &Model) -> Vec<SectionId> {
    serde_json::from_value(link.sections.clone()).unwrap_or_default()
}

fn status_of(link: &Model, now: DateTime<Utc>) -> LinkStatus {
    let state = LinkState {
        expires_at: link.expires_at,
        revoked: link.revoked_at.is_some(),
        locked: link.locked_at.is_some(),
    };
    rules::status(state, now)
}

/// A new link: the stored row, the token for the URL and the passcode, both shown once.
pub struct Created {
    pub link: Model,
    pub token: String,
    pub passcode: String,
}

/// Longest `recipient` of a share link, in characters.
pub const MAX_RECIPIENT: usize = 120;

/// Records something the young person did to one of their own links.
async fn audit_own(
    conn: &impl ConnectionTrait,
    owner: &Actor,
    action: AuditAction,
    link: Uuid,
) -> Result<(), DbErr> {
    let event = Event {
        action,
        care_leaver_id: Some(owner.id),
        target: Some(format!("share:{link}")),
    };
    audit::record_by(conn, owner, event).await
}

/// Makes a link to the passport of `owner` (the young person), audited; the recipient,
/// sections and hours are checked here.
pub async fn create(
    conn: &impl ConnectionTrait,
    owner: &Actor,
    recipient: &str,
    sections: &[SectionId],
    hours: u32,
    now: DateTime<Utc>,
) -> Result<Created, AppError> {
    let recipient = recipient.trim();
    let mut errors = Vec::new();
    if recipient.is_empty() || recipient.chars().count() > MAX_RECIPIENT {
        errors.push(crate::error::FieldError::new(
            "recipient",
            "say who the link is for, in 1 to 120 characters",
        ));
    }
    let chosen = rules::chosen_sections(sections)
        .map_err(|m| errors.push(crate::error::FieldError::new("sections", m)));
    let expires_at = rules::expiry(now, hours)
        .map_err(|m| errors.push(crate::error::FieldError::new("expires_in_hours", m)));
    let (Ok(chosen), Ok(expires_at), true) = (chosen, expires_at, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let token = tokens::random_token();
    let passcode = rules::new_passcode();
    let link = ActiveModel {
        id: Set(Uuid::new_v4()),
        care_leaver_id: Set(owner.id),
        recipient: Set(recipient.to_owned()),
        sections: Set(serde_json::to_value(&chosen).map_err(|e| AppError::Internal(e.into()))?),
        token_hash: Set(tokens::hash_token(&token)),
        passcode_hash: Set(password::hash(passcode.clone()).await?),
        failed_attempts: Set(0),
        openings: Set(0),
        expires_at: Set(expires_at),
        revoked_at: Set(None),
        locked_at: Set(None),
        last_opened_at: Set(None),
        created_at: Set(now),
    }
    .insert(conn)
    .await?;
    audit_own(conn, owner, AuditAction::PassportShareCreated, link.id).await?;
    Ok(Created {
        link,
        token,
        passcode,
    })
}

/// The young person's links, newest first.
pub async fn list(conn: &impl ConnectionTrait, care_leaver_id: Uuid) -> Result<Vec<Model>, DbErr> {
    Entity::find()
        .filter(Column::CareLeaverId.eq(care_leaver_id))
        .order_by_desc(Column::CreatedAt)
        .order_by_desc(Column::Id)
        .all(conn)
        .await
}

/// Stops one of `owner`'s links for good, audited. Revoking twice changes nothing; someone
/// else's link is 404.
pub async fn revoke(
    conn: &impl ConnectionTrait,
    owner: &Actor,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<Model, AppError> {
    let link = revoked(conn, owner.id, id, now).await?;
    audit_own(conn, owner, AuditAction::PassportShareRevoked, link.id).await?;
    Ok(link)
}

async fn revoked(
    conn: &impl ConnectionTrait,
    care_leaver_id: Uuid,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<Model, AppError> {
    let link = Entity::find_by_id(id)
        .filter(Column::CareLeaverId.eq(care_leaver_id))
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    if link.revoked_at.is_some() {
        return Ok(link);
    }
    let mut active: ActiveModel = link.into();
    active.revoked_at = Set(Some(now));
    Ok(active.update(conn).await?)
}

/// Opens a link with its passcode, for `what` (`fhir` or `pdf`). Unknown, expired, revoked and
/// locked links are 404; a wrong passcode is 403 and counts towards the lock.
pub async fn open(
    conn: &impl ConnectionTrait,
    request_id: Option<&str>,
    token: &str,
    passcode: &str,
    what: &str,
) -> Result<Model, AppError> {
    let now = Utc::now();
    let usable = |link: &Model| status_of(link, Utc::now()) == LinkStatus::Active;
    let link = Entity::find()
        .filter(Column::TokenHash.eq(tokens::hash_token(token)))
        .one(conn)
        .await?
        .filter(usable)
        .ok_or(AppError::NotFound)?;
    if !rules::is_passcode(passcode) {
        return Err(AppError::invalid(
            "passcode",
            "type the 6 digits the young person gave you",
        ));
    }
    // Whoever opens a link has no account: the audit entry names no actor.
    let target = format!("share:{}:{what}", link.id);
    let record = async |action| {
        let event = Event {
            action,
            care_leaver_id: Some(link.care_leaver_id),
            target: Some(target.clone()),
        };
        audit::record_raw(conn, None, None, request_id, event).await
    };
    if !password::verify(passcode.to_owned(), Some(link.passcode_hash.clone())).await {
        Entity::update_many()
            .col_expr(
                Column::FailedAttempts,
                Expr::col(Column::FailedAttempts).add(1),
            )
            .filter(Column::Id.eq(link.id))
            .exec(conn)
            .await?;
        let wrong = Entity::find_by_id(link.id)
            .one(conn)
            .await?
            .map_or(rules::MAX_WRONG_PASSCODES, |l| l.failed_attempts);
        if rules::locks_after(wrong) {
            Entity::update_many()
                .col_expr(Column::LockedAt, Expr::value(now))
                .filter(Column::Id.eq(link.id))
                .filter(Column::LockedAt.is_null())
                .exec(conn)
                .await?;
            record(AuditAction::PassportShareLocked).await?;
            return Err(AppError::Forbidden(
                "That passcode is not right. The link is now locked: ask the young person to make a new one."
                    .into(),
            ));
        }
        record(AuditAction::PassportSharePasscodeWrong).await?;
        let left = rules::MAX_WRONG_PASSCODES - wrong;
        return Err(AppError::Forbidden(format!(
            "That passcode is not right. You can try {left} more time{}.",
            if left == 1 { "" } else { "s" }
        )));
    }
    // A lock or revoke that landed while the passcode was checked still wins.
    let link = Entity::find_by_id(link.id)
        .one(conn)
        .await?
        .filter(usable)
        .ok_or(AppError::NotFound)?;
    Entity::update_many()
        .col_expr(Column::Openings, Expr::col(Column::Openings).add(1))
        .col_expr(Column::LastOpenedAt, Expr::value(now))
        .filter(Column::Id.eq(link.id))
        .exec(conn)
        .await?;
    record(AuditAction::PassportShareOpened).await?;
    Ok(link)
}

/// How the access log names whoever used a share link (they never sign in).
pub const SHARE_LINK_ROLE: &str = "someone with your share link";

/// Share-link actions as the young person's access log words them, after "Someone".
pub const SHARE_LINK_ACTIONS: [AuditAction; 3] = [
    AuditAction::PassportShareOpened,
    AuditAction::PassportSharePasscodeWrong,
    AuditAction::PassportShareLocked,
];

/// What happened to a share link, as the access log says it after "Someone", or `None` for an
/// action that is not about a share link (those `audit::describe` words).
pub fn share_link_line(action: AuditAction, recipient: &str, day: &str) -> Option<String> {
    Some(match action {
        AuditAction::PassportShareOpened => {
            format!("opened the link you made for {recipient}. This was on {day}")
        }
        AuditAction::PassportSharePasscodeWrong => {
            format!("typed a wrong passcode for the link you made for {recipient} on {day}")
        }
        AuditAction::PassportShareLocked => format!(
            "typed a wrong passcode 5 times, so the link you made for {recipient} is locked ({day})"
        ),
        _ => return None,
    })
}

/// Access-log entries for the share-link events among `events` (which have no signed-in
/// actor), keyed by audit event id: "Someone opened the link you made for Limestone Surgery.
/// This was on 3 March."
pub async fn access_log_entries(
    conn: &impl ConnectionTrait,
    events: &[entity::audit_event::Model],
) -> Result<HashMap<i64, AccessLogEntry>, DbErr> {
    let link_id = |e: &entity::audit_event::Model| {
        let target = e.target.as_deref()?.strip_prefix("share:")?;
        Uuid::parse_str(target.split(':').next()?).ok()
    };
    let ids: Vec<Uuid> = events.iter().filter_map(link_id).collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let recipients: HashMap<Uuid, String> = Entity::find()
        .filter(Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|l| (l.id, l.recipient))
        .collect();
    let mut entries = HashMap::new();
    for event in events.iter().filter(|e| e.actor_id.is_none()) {
        let Some(recipient) = link_id(event).and_then(|id| recipients.get(&id)) else {
            continue;
        };
        let day = event.at.format("%-d %B").to_string();
        let Some(what) = share_link_line(event.action, recipient, &day) else {
            continue;
        };
        let who = "Someone";
        entries.insert(
            event.id,
            AccessLogEntry {
                at: event.at,
                who: who.to_owned(),
                role: SHARE_LINK_ROLE.to_owned(),
                summary: format!("{who} {what}."),
                what,
            },
        );
    }
    Ok(entries)
}
