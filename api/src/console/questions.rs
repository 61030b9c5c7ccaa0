//! Questions from young people: the open ones across the nurse's caseload (or all of their
//! authority), oldest first, each answered and resolved on the page through the same services
//! as the API (`passport::caseload::open_for_caseload`, `passport::questions::answer`).
use askama::Template;
use axum::{
    Router,
    extract::{Path, Query},
    response::Response,
    routing::{get, post},
};
use serde::Deserialize;
use uuid::Uuid;

use super::{
    Console, ConsoleNurse, CsrfForm,
    pages::{self, Layout, PageError},
};
use crate::{
    care_leavers::caseload::Scope,
    error::AppError,
    http::RequestId,
    passport::{caseload::open_for_caseload, questions, views::CaseloadQuery},
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/questions", get(questions_page))
        .route("/questions/{id}/answer", post(answer))
}

/// How many questions the page shows at most.
const PAGE_QUESTIONS: usize = 100;

#[derive(Deserialize, Default)]
struct QuestionsParams {
    #[serde(default)]
    scope: String,
    #[serde(default)]
    answered: String,
}

/// An open question as the page shows it.
pub struct QuestionRow {
    pub item: CaseloadQuery,
    /// The entry asked about, when the question is about one.
    pub entry: Option<String>,
    pub section: &'static str,
    pub asked: String,
    pub note: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "console/nurse/questions.html")]
struct QuestionsPage {
    layout: Layout,
    all: bool,
    answered: bool,
    rows: Vec<QuestionRow>,
}

async fn render(
    app: &AppState,
    user: &ConsoleNurse,
    request_id: &RequestId,
    scope: Scope,
    answered: bool,
    error: Option<(Uuid, String, String)>,
) -> Result<Response, PageError> {
    let actor = user.auth_user().actor(request_id);
    let mut items = open_for_caseload(&app.db, &actor, scope).await?;
    items.truncate(PAGE_QUESTIONS);
    let rows = items
        .into_iter()
        .map(|item| {
            let (note, error) = match &error {
                Some((id, note, message)) if *id == item.query.id => {
                    (note.clone(), Some(message.clone()))
                }
                _ => (String::new(), None),
            };
            QuestionRow {
                entry: item.query.entry_label.clone(),
                section: super::passport::title_of(item.query.section),
                asked: item
                    .query
                    .created_at
                    .format("%-d %B %Y at %H:%M UTC")
                    .to_string(),
                item,
                note,
                error,
            }
        })
        .collect();
    Ok(pages::render(
        pages::form_status(error.is_some()),
        &QuestionsPage {
            layout: user
                .layout("Questions from young people")
                .current("questions"),
            all: scope == Scope::Authority,
            answered,
            rows,
        },
    ))
}

/// `scope=all`: all of the nurse's authority; else her own caseload.
fn scope_of(param: &str) -> Scope {
    match param {
        "all" => Scope::Authority,
        _ => Scope::Mine,
    }
}

async fn questions_page(
    Console(app, user, request_id): Console<ConsoleNurse>,
    Query(params): Query<QuestionsParams>,
) -> Result<Response, PageError> {
    let scope = scope_of(&params.scope);
    render(
        &app,
        &user,
        &request_id,
        scope,
        params.answered == "1",
        None,
    )
    .await
}

#[derive(Deserialize)]
struct AnswerForm {
    #[serde(default)]
    note: String,
    #[serde(default)]
    scope: String,
}

async fn answer(
    Console(app, user, request_id): Console<ConsoleNurse>,
    Path(id): Path<Uuid>,
    CsrfForm { form, .. }: CsrfForm<AnswerForm>,
) -> Result<Response, PageError> {
    let scope = scope_of(&form.scope);
    let actor = user.auth_user().actor(&request_id);
    let message = match questions::answer(&app.db, &app.config, &actor, id, &form.note).await {
        Ok(_) => {
            app.mail_wakeup.notify_one();
            let back = if scope == Scope::Authority {
                "/questions?scope=all&answered=1"
            } else {
                "/questions?answered=1"
            };
            return Ok(pages::see_other(back));
        }
        Err(AppError::NotFound) => {
            return Err(PageError::not_found_for(&user));
        }
        Err(AppError::Validation(fields)) => fields
            .into_iter()
            .next()
            .map(|f| format!("Your answer {}", f.message))
            .unwrap_or_else(|| "Enter your answer".into()),
        Err(AppError::Conflict { .. }) => {
            "This question has already been answered by another nurse".into()
        }
        Err(other) => return Err(other.into()),
    };
    let message = if form.note.trim().is_empty() {
        "Enter your answer".to_owned()
    } else {
        message
    };
    render(
        &app,
        &user,
        &request_id,
        scope,
        false,
        Some((id, form.note, message)),
    )
    .await
}
