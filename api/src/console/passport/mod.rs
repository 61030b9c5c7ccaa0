//! The passport editor: the draft section by section as forms, saved with the revision each
//! form was opened on (a save on an older revision is merged in front of the nurse, never
//! lost), a preview as the young person sees it, publishing with a section-by-section diff,
//! and the versions with theirs. Every read and write goes through `passport::service`, as
//! the API's do.
mod editor;
pub mod form;
pub mod merge;
pub mod parts;
mod view;

pub use view::{PreviewSection, preview_sections};

use axum::{
    Router,
    routing::{get, post},
};
use base64::Engine;
use serde_json::Value;

use super::{ConsoleUser, pages::PageError};
use crate::{
    auth::{
        Actor,
        policy::{Action, Record},
    },
    care_leavers::{CareLeaver, visible_to},
    http::RequestId,
    passport::{diff::SectionChange, model::SectionId, views::DraftView, visibility::Viewer},
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/care-leavers/{id}/passport", get(view::overview))
        .route("/care-leavers/{id}/passport/preview", get(view::preview))
        .route(
            "/care-leavers/{id}/passport/publish",
            get(view::publish_page).post(view::publish),
        )
        .route("/care-leavers/{id}/passport/versions", get(view::versions))
        .route(
            "/care-leavers/{id}/passport/sections/{section}",
            get(editor::section_page).post(editor::save_fields),
        )
        .route(
            "/care-leavers/{id}/passport/sections/{section}/state",
            post(editor::set_state),
        )
        .route(
            "/care-leavers/{id}/passport/sections/{section}/{list}/new",
            get(editor::new_entry_page).post(editor::add_entry),
        )
        .route(
            "/care-leavers/{id}/passport/sections/{section}/{list}/{index}",
            get(editor::entry_page).post(editor::edit_entry),
        )
        .route(
            "/care-leavers/{id}/passport/sections/{section}/{list}/{index}/remove",
            post(editor::remove_entry),
        )
        .route("/readability", post(readability_hint))
}

#[derive(serde::Deserialize)]
struct TextForm {
    #[serde(default)]
    text: String,
}

/// The readability hint for text a nurse is writing, as plain text (empty when it reads
/// easily), for the editor's script to show beside the field while she types. The same rule
/// as the draft's `hard_to_read`; posted, so the text never lands in a web address or a log.
async fn readability_hint(
    _user: super::ConsoleNurse,
    super::CsrfForm { form, .. }: super::CsrfForm<TextForm>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let hard =
        crate::content::readability::hard_to_read_fields(&serde_json::json!({ "text": form.text }));
    let hint = hard
        .first()
        .map(|h| form::hard_to_read_hint(h.score))
        .unwrap_or_default();
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; charset=utf-8",
        )],
        hint,
    )
        .into_response()
}

/// Whose draft it is, the nurse as an actor, and the sections she may see.
type Editing = (CareLeaver, Actor, Viewer);

/// The young person, if the nurse may `action` their draft, and the nurse as an actor.
async fn leaver_for(
    app: &AppState,
    user: &ConsoleUser,
    request_id: &RequestId,
    id: uuid::Uuid,
    action: Action,
    record: Record,
) -> Result<Editing, PageError> {
    let auth = user.auth_user();
    let leaver = visible_to(&app.db, &auth, id, action, record)
        .await
        .map_err(|e| PageError::for_user(e, user))?;
    let viewer = crate::passport::service::viewer_for(&auth.viewer(), &leaver);
    Ok((leaver, auth.actor(request_id), viewer))
}

/// The young person, if the nurse may `action` their passport draft, as `leaver_for`.
async fn draft_for(
    app: &AppState,
    user: &ConsoleUser,
    request_id: &RequestId,
    id: uuid::Uuid,
    action: Action,
) -> Result<Editing, PageError> {
    leaver_for(app, user, request_id, id, action, Record::PassportDraft).await
}

/// The draft's section for `key`, if the nurse may change the young person's draft and see
/// that section, with whose draft it is (a save needs the young person only this once).
async fn writable_section(
    app: &AppState,
    user: &ConsoleUser,
    request_id: &RequestId,
    id: uuid::Uuid,
    key: &str,
) -> Result<(&'static parts::Section, Editing), PageError> {
    let editing = draft_for(app, user, request_id, id, Action::Write).await?;
    let section = section_for(key, editing.2, user)?;
    Ok((section, editing))
}

/// The editor's section for `key`, if this nurse may see it.
fn section_for(
    key: &str,
    viewer: Viewer,
    user: &ConsoleUser,
) -> Result<&'static parts::Section, PageError> {
    parts::section(key)
        .filter(|s| viewer.can_see(s.id))
        .ok_or_else(|| PageError::not_found_for(user))
}

/// A section's title, for lists of changes.
pub fn title_of(section: SectionId) -> &'static str {
    match parts::SECTIONS.iter().find(|s| s.id == section) {
        Some(s) => s.title,
        None => "The young person's own words",
    }
}

/// One changed section in words.
pub struct ChangeLine {
    pub title: &'static str,
    pub words: String,
}

/// Section changes in words: "Changed: 1 added, 1 changed".
pub fn change_lines(changes: &[SectionChange]) -> Vec<ChangeLine> {
    use crate::passport::diff::Change;
    changes
        .iter()
        .map(|c| {
            let what = match c.change {
                Change::Added => "Added",
                Change::Removed => "Removed",
                Change::Changed => "Changed",
            };
            let counts = c.entries.map(|e| {
                [
                    (e.added, "added"),
                    (e.removed, "removed"),
                    (e.changed, "changed"),
                ]
                .into_iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, w)| format!("{n} {w}"))
                .collect::<Vec<_>>()
                .join(", ")
            });
            let words = match counts {
                Some(counts) if !counts.is_empty() => format!("{what}: {counts}"),
                _ => what.to_owned(),
            };
            ChangeLine {
                title: title_of(c.section),
                words,
            }
        })
        .collect()
}

/// A section's JSON, to carry in a form as the base of the nurse's change.
fn encode_base(value: &Value) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value.to_string())
}

fn decode_base(text: &str) -> Value {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text.trim())
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or(Value::Null)
}

/// "Last saved by Nurse Name on 2 May 2026 at 10:00 UTC." once someone saved the draft.
fn saved_line(view: &DraftView) -> Option<String> {
    match (&view.updated_by, view.updated_at) {
        (Some(who), Some(at)) if view.saved => {
            Some(format!("Last saved by {who} on {}.", when(at)))
        }
        _ => None,
    }
}

/// A time as the console shows it (UTC).
fn when(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%-d %B %Y at %H:%M UTC").to_string()
}
