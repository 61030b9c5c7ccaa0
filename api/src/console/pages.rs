//! What every console page shares: the layout's data, form errors, rendering, and the error
//! pages (403, 404, CSRF refusal, 500) in plain words.
use askama::Template;
use axum::{
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};

use super::{assets, extract::ConsoleUser};
use crate::{
    auth::{
        Role,
        policy::{Power, may},
    },
    error::AppError,
};

/// The page frame: title, who is signed in, the CSRF token for the header's sign-out form.
pub struct Layout {
    pub title: String,
    pub user: Option<LayoutUser>,
    pub csrf_token: String,
    pub assets: &'static str,
    /// Which header link is the current page (`home`, `account`, `admin`…).
    pub current: &'static str,
}

/// Who is signed in, for the header: their name, and their role for the menu, which shows the
/// links of the powers the role has (`policy::may`), so the menu and the pages' guards agree.
pub struct LayoutUser {
    pub name: String,
    pub role: Role,
}

impl LayoutUser {
    pub fn new(name: impl Into<String>, role: Role) -> Self {
        Self {
            name: name.into(),
            role,
        }
    }

    pub fn is_admin(&self) -> bool {
        may(self.role, Power::ManageAccounts)
    }

    pub fn is_nurse(&self) -> bool {
        may(self.role, Power::NurseWork)
    }

    pub fn is_caseworker(&self) -> bool {
        may(self.role, Power::FollowCaseload)
    }

    /// Whether the menu links to the Board's reports (any of them).
    pub fn reads_reports(&self) -> bool {
        !super::reports::readable(self.role).is_empty()
    }

    /// Reads Chances4YOUth forms (HR, Connexions, caseworkers, the Virtual School).
    pub fn is_interest(&self) -> bool {
        may(self.role, Power::FollowInterest) || may(self.role, Power::ReadEducationAnswers)
    }
}

impl Layout {
    /// For a page nobody is signed in to; `csrf_token` is the visitor session's.
    pub fn anonymous(title: impl Into<String>, csrf_token: &str) -> Self {
        Self {
            title: title.into(),
            user: None,
            csrf_token: csrf_token.into(),
            assets: assets::fingerprint(),
            current: "",
        }
    }

    pub fn signed_in(title: impl Into<String>, user: &ConsoleUser) -> Self {
        Self {
            title: title.into(),
            user: Some(LayoutUser::new(user.name.clone(), user.role)),
            csrf_token: user.session.csrf_token.clone(),
            assets: assets::fingerprint(),
            current: "",
        }
    }

    pub fn current(mut self, page: &'static str) -> Self {
        self.current = page;
        self
    }
}

/// Errors on a form, in page order, for the error summary and the fields.
#[derive(Default)]
pub struct FormErrors(pub Vec<(&'static str, String)>);

impl FormErrors {
    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.push((field, message.into()));
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A page's `title`, after "Error: " when the form shows errors.
    pub fn title(&self, title: &str) -> String {
        if self.is_empty() {
            title.to_owned()
        } else {
            format!("Error: {title}")
        }
    }

    /// The API's validation errors, with their fields mapped to this form's input ids.
    pub fn from_app_error(
        error: AppError,
        field_for: impl Fn(&str) -> &'static str,
    ) -> Result<Self, AppError> {
        match error {
            AppError::Validation(fields) => Ok(FormErrors(
                fields
                    .into_iter()
                    .map(|e| (field_for(&e.field), capitalise(&e.message)))
                    .collect(),
            )),
            other => Err(other),
        }
    }
}

/// `?done=…` after a form was sent: which message the page shows (empty for none).
#[derive(serde::Deserialize, Default)]
pub struct DoneQuery {
    #[serde(default)]
    pub done: String,
}

impl DoneQuery {
    /// What was done, if the address says.
    pub fn done(&self) -> Option<&str> {
        Some(self.done.as_str()).filter(|d| !d.is_empty())
    }
}

/// Text typed into an optional field, trimmed; `None` when left blank.
pub fn optional_text(s: &str) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// The date typed into day, month and year boxes, if it is a real date with a four-digit year
/// from 1900 (so "26" is not taken as the year 26).
pub fn typed_date(day: &str, month: &str, year: &str) -> Option<chrono::NaiveDate> {
    let year = year.trim();
    match (
        day.trim().parse(),
        month.trim().parse(),
        year.parse::<i32>(),
    ) {
        (Ok(d), Ok(m), Ok(y)) if year.len() == 4 && y >= 1900 => {
            chrono::NaiveDate::from_ymd_opt(y, m, d)
        }
        _ => None,
    }
}

/// Whether the day, month and year boxes were all left blank.
pub fn no_date_typed(day: &str, month: &str, year: &str) -> bool {
    [day, month, year].iter().all(|s| s.trim().is_empty())
}

/// `s` with its first letter in capitals.
pub fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

/// Renders a page with `status`.
pub fn render(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            )],
            html,
        )
            .into_response(),
        Err(error) => {
            tracing::error!(%error, "console: a template failed to render");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Sorry, something went wrong.",
            )
                .into_response()
        }
    }
}

/// 200 with a page.
pub fn ok(page: &impl Template) -> Response {
    render(StatusCode::OK, page)
}

/// 422 when the page shows again with the errors of the form just sent, else 200.
pub fn form_status(shows_errors: bool) -> StatusCode {
    if shows_errors {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    }
}

/// Post/redirect/get.
pub fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// A page that only says something: its heading is the page's title.
#[derive(Template)]
#[template(path = "console/problem.html")]
pub struct ProblemPage {
    pub layout: Layout,
    pub paragraphs: Vec<String>,
    pub link: Option<(String, String)>,
}

/// Why a console request stopped before its handler finished.
#[derive(Debug)]
pub enum PageError {
    /// Not signed in (or the session ended): go to the sign-in page.
    SignIn,
    /// Signed in, but the role cannot use this page.
    Forbidden(Box<ConsoleUser>),
    /// The form's CSRF token or Origin was wrong.
    CsrfRefused,
    /// A form body that is not a form.
    BadForm,
    NotFound(Option<Box<ConsoleUser>>),
    Internal(AppError),
}

impl PageError {
    /// 404 as a page for the signed-in user.
    pub fn not_found_for(user: &ConsoleUser) -> Self {
        PageError::NotFound(Some(Box::new(user.clone())))
    }

    /// A service's refusal as a page for the signed-in user: 404 stays 404 (another
    /// authority's record looks like no record), anything unexpected is the error page.
    pub fn for_user(error: AppError, user: &ConsoleUser) -> Self {
        match error {
            AppError::NotFound => Self::not_found_for(user),
            other => PageError::Internal(other),
        }
    }
}

impl From<AppError> for PageError {
    fn from(error: AppError) -> Self {
        PageError::Internal(error)
    }
}

impl From<sea_orm::DbErr> for PageError {
    fn from(error: sea_orm::DbErr) -> Self {
        PageError::Internal(error.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let anonymous = |title: &str| Layout::anonymous(title, "");
        let (status, page) = match self {
            PageError::SignIn => return see_other("/sign-in"),
            PageError::Forbidden(user) => (
                StatusCode::FORBIDDEN,
                ProblemPage {
                    layout: user.layout("You cannot use this page"),
                    paragraphs: vec![
                        "Your role does not give you access to this page.".into(),
                        "If you think it should, ask an account administrator.".into(),
                    ],
                    link: Some(("/".into(), "Go to your home page".into())),
                },
            ),
            PageError::CsrfRefused => (
                StatusCode::FORBIDDEN,
                ProblemPage {
                    layout: anonymous("We could not accept that form"),
                    paragraphs: vec![
                        "The form was too old, or it did not come from this service.".into(),
                        "Nothing was changed. Go back, reload the page and try again.".into(),
                    ],
                    link: Some(("/".into(), "Go to the start".into())),
                },
            ),
            PageError::BadForm => (
                StatusCode::BAD_REQUEST,
                ProblemPage {
                    layout: anonymous("We could not read that form"),
                    paragraphs: vec!["Nothing was changed. Go back and try again.".into()],
                    link: None,
                },
            ),
            PageError::NotFound(user) => (
                StatusCode::NOT_FOUND,
                ProblemPage {
                    layout: match user {
                        Some(user) => user.layout("Page not found"),
                        None => anonymous("Page not found"),
                    },
                    paragraphs: vec![
                        "There is nothing here, or you do not have access to it.".into(),
                        "If you typed the web address, check it is correct.".into(),
                    ],
                    link: Some(("/".into(), "Go to your home page".into())),
                },
            ),
            PageError::Internal(error) => {
                if !matches!(error, AppError::Internal(_)) {
                    tracing::warn!(%error, "console: unexpected error");
                } else {
                    tracing::error!(%error, "console: internal error");
                }
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ProblemPage {
                        layout: anonymous("Sorry, there is a problem with the service"),
                        paragraphs: vec![
                            "Try again later. What you entered has not been saved.".into(),
                        ],
                        link: None,
                    },
                )
            }
        };
        render(status, &page)
    }
}
