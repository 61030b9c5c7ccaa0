//! The caseworkers' pages (personal advisers and social workers): their young people with, for
//! each, the passport's status (never its contents unless the young person shares it), the
//! prescription scheme's certificate, Chances4YOUth progress and the e-mails the caseworker was
//! sent; a young person's page with their history; and, when the young person shares it, their
//! published passport. Read-only. Everything comes from `care_leavers::caseworker` and
//! `passport::service::read_latest`, which audit as the API's reads do.
use askama::Template;
use axum::{Router, extract::Path, response::Response, routing::get};
use uuid::Uuid;

use super::{
    Console, ConsoleUser, WithRole,
    pages::{self, Layout, PageError},
    passport::{PreviewSection, preview_sections},
};
use crate::{
    auth::{
        guard::Caseworkers,
        policy::{Action, Record},
    },
    care_leavers::{
        caseworker::{self, Row, YoungPerson},
        visible_to,
    },
    error::AppError,
    passport::service,
    state::AppState,
    words::long_day,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/my-young-people", get(caseload_page))
        .route("/my-young-people/{id}", get(young_person_page))
        .route("/my-young-people/{id}/passport", get(passport_page))
}

/// Caseworkers only.
pub type ConsoleCaseworker = WithRole<Caseworkers>;

#[derive(Template)]
#[template(path = "console/caseworker/caseload.html")]
struct CaseloadPage {
    layout: Layout,
    rows: Vec<Row>,
}

async fn caseload_page(
    Console(app, user, request_id): Console<ConsoleCaseworker>,
) -> Result<Response, PageError> {
    let actor = user.auth_user().actor(&request_id);
    let today = service::today();
    let rows = caseworker::caseload(&app.db, &actor, &user.email, today).await?;
    Ok(pages::ok(&CaseloadPage {
        layout: user.layout("My young people").current("my-young-people"),
        rows,
    }))
}

#[derive(Template)]
#[template(path = "console/caseworker/young_person.html")]
struct YoungPersonPage {
    layout: Layout,
    p: YoungPerson,
}

async fn young_person_page(
    Console(app, user, request_id): Console<ConsoleCaseworker>,
    Path(id): Path<Uuid>,
) -> Result<Response, PageError> {
    let actor = user.auth_user().actor(&request_id);
    let today = service::today();
    let p = caseworker::young_person(&app.db, &app.audit, &actor, &user.email, id, today)
        .await
        .map_err(|e| not_found(e, &user))?;
    Ok(pages::ok(&YoungPersonPage {
        layout: user
            .layout(p.leaver.name.clone())
            .current("my-young-people"),
        p,
    }))
}

#[derive(Template)]
#[template(path = "console/caseworker/passport.html")]
struct PassportPage {
    layout: Layout,
    leaver_id: Uuid,
    first_name: String,
    /// The latest version, when one is published.
    version: Option<VersionLine>,
    sections: Vec<PreviewSection>,
    own_words: Option<String>,
}

/// A published version's header, in words.
struct VersionLine {
    number: i32,
    published: String,
    published_by: String,
    acknowledged: Option<String>,
}

/// The published passport, only when the young person shares it with their caseworker: the
/// API's caseworker read (`passport::service::read_latest`, audited as `passport.read`).
async fn passport_page(
    Console(app, user, request_id): Console<ConsoleCaseworker>,
    Path(id): Path<Uuid>,
) -> Result<Response, PageError> {
    let auth = user.auth_user();
    let leaver = visible_to(&app.db, &auth, id, Action::Read, Record::Passport)
        .await
        .map_err(|e| not_found(e, &user))?;
    let viewer = service::viewer_for(&auth.viewer(), &leaver);
    let read = service::read_latest(
        &app.db,
        &app.audit,
        &auth.actor(&request_id),
        &leaver,
        viewer,
    )
    .await?;
    let (version, sections, own_words) = match read {
        Some(view) => {
            let own_words = view.content.my_own_words.as_ref().map(|w| w.text.clone());
            let version = VersionLine {
                number: view.version,
                published: long_day(&view.published_at),
                published_by: view.published_by.clone(),
                acknowledged: view.acknowledged_at.as_ref().map(long_day),
            };
            (
                Some(version),
                preview_sections(view.content, viewer)?,
                own_words,
            )
        }
        None => (None, Vec::new(), None),
    };
    Ok(pages::ok(&PassportPage {
        layout: user
            .layout(format!("{}'s health passport", leaver.first_name()))
            .current("my-young-people"),
        leaver_id: id,
        first_name: leaver.first_name(),
        version,
        sections,
        own_words,
    }))
}

/// 404 as a page for the signed-in user; other errors as they are.
fn not_found(error: AppError, user: &ConsoleUser) -> PageError {
    match error {
        AppError::NotFound => PageError::NotFound(Some(Box::new(user.clone()))),
        other => PageError::Internal(other),
    }
}
