//! "My own words": the passport section the young person writes and changes themselves (what
//! they want a future GP to know). It is kept apart from the nurse's draft, so no save of the
//! draft can overwrite it; the draft, and each version when it is published, carry the young
//! person's current words, marked as theirs.
use crate::audit::AuditAction;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    sea_query::OnConflict,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::about::MyOwnWords;
use super::checker::MAX_OWN_WORDS;
use super::model::PassportContent;
use super::store;
use crate::{
    audit::{self, Event},
    auth::Actor,
    care_leavers::CareLeaver,
    error::{AppError, FieldError},
};

use entity::passport_own_words as own;

/// What the young person sends.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"text": "Please explain things to me before you do them. I don't like being touched without being asked first."}))]
pub struct OwnWordsInput {
    /// Plain text, 1–5000 characters; new lines are kept.
    pub text: String,
}

/// The young person's own words as they last wrote them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct OwnWordsView {
    /// `null` until written, or after they were taken out.
    #[schema(example = "Please explain things to me before you do them.")]
    pub text: Option<String>,
    pub updated_at: Option<DateTime<Utc>>,
    /// Whether the latest published passport already shows these words. If not, the nurse's
    /// next published version will.
    pub in_published_passport: bool,
}

/// Said when the text is blank.
pub const BLANK: &str = "Write something first. To take your words out, delete them instead.";
/// Said when the text holds control characters.
pub const NOT_PLAIN: &str = "Use plain text only: letters, numbers, spaces and new lines.";

/// The young person's text, tidied: trimmed, line endings made `\n`; an error for blank, too
/// long or non-plain text.
pub fn check(text: &str) -> Result<String, FieldError> {
    let text = text.replace("\r\n", "\n").trim().to_owned();
    if text.is_empty() {
        return Err(FieldError::new("text", BLANK));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(FieldError::new("text", NOT_PLAIN));
    }
    let length = text.chars().count();
    if length > MAX_OWN_WORDS {
        return Err(FieldError::new(
            "text",
            format!(
                "Make it shorter: it can be up to {MAX_OWN_WORDS} characters, and it is {length}."
            ),
        ));
    }
    Ok(text)
}

/// The stored row, if the young person ever wrote their own words.
pub async fn stored(
    conn: &impl ConnectionTrait,
    care_leaver: uuid::Uuid,
) -> Result<Option<own::Model>, DbErr> {
    own::Entity::find_by_id(care_leaver).one(conn).await
}

/// The section as the passport shows it, from the stored row.
pub fn section(row: &own::Model, leaver: &CareLeaver) -> Option<MyOwnWords> {
    row.text.as_ref().map(|text| MyOwnWords {
        text: text.clone(),
        by_young_person: true,
        recorded_by: Some(leaver.user.name.clone()),
        recorded_at: Some(row.updated_at),
    })
}

/// Puts the young person's current words into `content` (once they have written any, their
/// row decides, even when they took the words out).
pub async fn apply(
    conn: &impl ConnectionTrait,
    leaver: &CareLeaver,
    content: &mut PassportContent,
) -> Result<(), DbErr> {
    if let Some(row) = stored(conn, leaver.id()).await? {
        content.my_own_words = section(&row, leaver);
    }
    Ok(())
}

/// Said to a nurse whose draft changes the young person's own words.
pub const NURSE_CANNOT_CHANGE: &str = "the young person writes this section themselves, so it \
    cannot be changed here; send it back as it was, or send null";

/// A nurse's draft may carry the own-words section only unchanged (or leave it out): `kept`
/// is what the passport holds now.
pub fn check_nurse_draft(
    sent: Option<&MyOwnWords>,
    kept: Option<&MyOwnWords>,
) -> Result<(), FieldError> {
    match sent {
        None => Ok(()),
        Some(sent) if kept.is_some_and(|k| k.text.trim() == sent.text.trim()) => Ok(()),
        Some(_) => Err(FieldError::new("my_own_words", NURSE_CANNOT_CHANGE)),
    }
}

/// The young person's own words now, with whether the latest version shows them.
pub async fn view(
    conn: &impl ConnectionTrait,
    leaver: &CareLeaver,
) -> Result<OwnWordsView, AppError> {
    let row = stored(conn, leaver.id()).await?;
    let text = row.as_ref().and_then(|r| r.text.clone());
    let published = match store::latest_version(conn, leaver.id()).await? {
        Some(version) => store::content_of(&version.content)?
            .my_own_words
            .map(|w| w.text),
        None => None,
    };
    Ok(OwnWordsView {
        in_published_passport: text.is_some() && published == text,
        text,
        updated_at: row.map(|r| r.updated_at),
    })
}

/// The young person writes (or rewrites) their own words; audited. 403 for anyone else.
pub async fn write(
    db: &DatabaseConnection,
    actor: &Actor,
    leaver: &CareLeaver,
    text: &str,
) -> Result<OwnWordsView, AppError> {
    let text = check(text)?;
    save(
        db,
        actor,
        leaver,
        Some(text),
        AuditAction::PassportOwnWordsUpdated,
    )
    .await
}

/// The young person takes their own words out of the passport; audited. 403 for anyone else.
pub async fn remove(
    db: &DatabaseConnection,
    actor: &Actor,
    leaver: &CareLeaver,
) -> Result<OwnWordsView, AppError> {
    save(
        db,
        actor,
        leaver,
        None,
        AuditAction::PassportOwnWordsRemoved,
    )
    .await
}

async fn save(
    db: &DatabaseConnection,
    actor: &Actor,
    leaver: &CareLeaver,
    text: Option<String>,
    action: AuditAction,
) -> Result<OwnWordsView, AppError> {
    if actor.id != leaver.id() {
        return Err(AppError::Forbidden(
            "only the young person writes their own words".into(),
        ));
    }
    let now = store::now();
    let txn = crate::db::begin_write(db).await?;
    own::Entity::insert(own::ActiveModel {
        care_leaver_id: Set(leaver.id()),
        text: Set(text),
        written_by: Set(actor.id),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(own::Column::CareLeaverId)
            .update_columns([
                own::Column::Text,
                own::Column::WrittenBy,
                own::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    let event = Event {
        action,
        care_leaver_id: Some(leaver.id()),
        target: Some("passport:own_words".to_owned()),
    };
    audit::record_by(&txn, actor, event).await?;
    let view = view(&txn, leaver).await?;
    txn.commit().await?;
    Ok(view)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> MyOwnWords {
        MyOwnWords {
            text: text.into(),
            by_young_person: true,
            recorded_by: None,
            recorded_at: None,
        }
    }

    #[test]
    fn the_young_persons_text_is_tidied_and_bounded() {
        assert_eq!(
            check("  Hi there\r\nThanks  ").as_deref(),
            Ok("Hi there\nThanks")
        );
        let cases = [
            ("   ", BLANK.to_owned()),
            ("bell\u{7}", NOT_PLAIN.to_owned()),
            (
                &"x".repeat(MAX_OWN_WORDS + 1),
                format!(
                    "Make it shorter: it can be up to {MAX_OWN_WORDS} characters, and it is 5001."
                ),
            ),
        ];
        for (text, message) in cases {
            assert_eq!(check(text).map_err(|e| e.message), Err(message));
        }
        assert!(check(&"x".repeat(MAX_OWN_WORDS)).is_ok());
    }

    #[test]
    fn a_nurse_may_send_the_young_persons_words_back_unchanged_or_leave_them_out() {
        let kept = words("Please ask before you touch me.");
        let cases = [
            (None, Some(&kept), true),
            (
                Some(words("Please ask before you touch me. ")),
                Some(&kept),
                true,
            ),
            (Some(words("Something else")), Some(&kept), false),
            (Some(words("Typed by a nurse")), None, false),
            (None, None, true),
        ];
        for (sent, kept, allowed) in cases {
            let result = check_nurse_draft(sent.as_ref(), kept);
            assert_eq!(result.is_ok(), allowed, "{sent:?} / {kept:?}");
        }
    }
}
