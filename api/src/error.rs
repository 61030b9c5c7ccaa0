//! One error type for the whole API, rendered as RFC 9457 `application/problem+json`.
use axum::{
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Serialize;
use utoipa::ToSchema;

use crate::words::errors as words;

/// A field that failed validation. `field` is its JSON path (e.g. `medicines[2].dose`) for the
/// app to find the input; `message` is a plain sentence to show beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    #[schema(example = "date_of_birth")]
    pub field: String,
    #[schema(example = "Date of birth must not be in the future.")]
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Collects every failing field instead of stopping at the first, so a form is answered
/// with all its problems at once. The care-leaver, account and passport checks all collect
/// into one.
#[derive(Debug, Default)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn push(&mut self, error: FieldError) {
        self.0.push(error);
    }

    /// The value if `result` is one; otherwise keeps its error and gives `None`.
    pub fn take<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.0.push(error);
                None
            }
        }
    }

    /// `Ok` when nothing failed, else the errors in the order they were found.
    pub fn into_result(self) -> Result<(), Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }

    /// `Ok` when nothing failed, else a 422 naming every failing field.
    pub fn finish(self) -> Result<(), AppError> {
        self.into_result().map_err(AppError::Validation)
    }
}

impl std::ops::Deref for FieldErrors {
    type Target = [FieldError];

    fn deref(&self) -> &[FieldError] {
        &self.0
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// An RFC 9457 problem document. `title`, `detail` and `errors[].message` are plain sentences
/// to show as they are; `code` (and `errors[].field`) are for the app to act on.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "type": "urn:care-passport:problem:validation",
    "code": "validation",
    "title": "Please check what you entered",
    "status": 422,
    "detail": "Date of birth must not be in the future.",
    "errors": [{"field": "date_of_birth", "message": "Date of birth must not be in the future."}]
}))]
pub struct Problem {
    #[serde(rename = "type")]
    pub problem_type: String,
    /// A stable code for the app to act on (`validation`, `sign_in_failed`,
    /// `passport_not_published`, …); the wording of `title` and `detail` may change.
    #[schema(example = "validation")]
    pub code: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    BadRequest(String),
    #[error("authentication required")]
    Unauthorized,
    #[error("{0}")]
    Forbidden(String),
    #[error("not found")]
    NotFound,
    #[error("{detail}")]
    Conflict {
        detail: String,
        field: Option<String>,
    },
    #[error("the resource changed since you read it")]
    PreconditionFailed,
    #[error("this request needs an If-Match header")]
    PreconditionRequired,
    #[error("request body too large")]
    PayloadTooLarge,
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("service unavailable")]
    Unavailable,
    /// Wrong e-mail or password at sign-in.
    #[error("wrong e-mail or password")]
    SignInFailed,
    /// A refusal worded for the person who reads it, with its own stable code.
    #[error("{}", .0.detail)]
    Worded(Box<Worded>),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// A problem with its own code, title and detail (see [`AppError::worded`]).
#[derive(Debug, Clone)]
pub struct Worded {
    pub status: StatusCode,
    pub code: &'static str,
    pub title: &'static str,
    pub detail: String,
}

impl AppError {
    /// A single-field validation error.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError::new(field, message)])
    }

    /// A refusal with its own code and wording.
    pub fn worded(
        status: StatusCode,
        code: &'static str,
        title: &'static str,
        detail: impl Into<String>,
    ) -> Self {
        Self::Worded(Box::new(Worded {
            status,
            code,
            title,
            detail: detail.into(),
        }))
    }

    /// 404 for a young person whose nurse has not published their passport yet.
    pub fn passport_not_published() -> Self {
        Self::worded(
            StatusCode::NOT_FOUND,
            "passport_not_published",
            words::TITLE_PASSPORT_NOT_PUBLISHED,
            words::PASSPORT_NOT_PUBLISHED,
        )
    }

    /// 403 for a route the caller's kind of account cannot use.
    pub fn not_for_your_account() -> Self {
        Self::Forbidden(words::NOT_FOR_YOUR_ACCOUNT.into())
    }

    /// 409 naming `field`: another account signs in with that e-mail address.
    pub fn email_taken(field: impl Into<String>) -> Self {
        Self::Conflict {
            detail: words::EMAIL_TAKEN.into(),
            field: Some(field.into()),
        }
    }

    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::Conflict {
            detail: detail.into(),
            field: None,
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            Self::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::SignInFailed => StatusCode::UNAUTHORIZED,
            Self::Worded(w) => w.status,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable code: the problem type's last part with underscores, or a worded
    /// problem's own code.
    pub fn code(&self) -> String {
        match self {
            Self::Worded(w) => w.code.to_string(),
            other => other.slug().replace('-', "_"),
        }
    }

    fn slug(&self) -> &'static str {
        match self {
            Self::BadRequest(_) => "bad-request",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden(_) => "forbidden",
            Self::NotFound => "not-found",
            Self::Conflict { .. } => "conflict",
            Self::PreconditionFailed => "precondition-failed",
            Self::PreconditionRequired => "precondition-required",
            Self::PayloadTooLarge => "payload-too-large",
            Self::UnsupportedMediaType(_) => "unsupported-media-type",
            Self::Validation(_) => "validation",
            Self::TooManyRequests { .. } => "too-many-requests",
            Self::Unavailable => "unavailable",
            Self::SignInFailed => "sign-in-failed",
            Self::Worded(w) => match w.status {
                StatusCode::NOT_FOUND => "not-found",
                StatusCode::FORBIDDEN => "forbidden",
                StatusCode::CONFLICT => "conflict",
                StatusCode::UNPROCESSABLE_ENTITY => "validation",
                _ => "bad-request",
            },
            Self::Internal(_) => "internal",
        }
    }

    /// A short plain title; never an HTTP reason phrase.
    fn title(&self) -> &'static str {
        match self {
            Self::BadRequest(_) => words::TITLE_BAD_REQUEST,
            Self::Unauthorized => words::TITLE_UNAUTHORIZED,
            Self::Forbidden(_) => words::TITLE_FORBIDDEN,
            Self::NotFound => words::TITLE_NOT_FOUND,
            Self::Conflict { .. } => words::TITLE_CONFLICT,
            Self::PreconditionFailed => words::TITLE_PRECONDITION_FAILED,
            Self::PreconditionRequired => words::TITLE_PRECONDITION_REQUIRED,
            Self::PayloadTooLarge => words::TITLE_PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => words::TITLE_UNSUPPORTED_MEDIA_TYPE,
            Self::Validation(_) => words::TITLE_VALIDATION,
            Self::TooManyRequests { .. } => words::TITLE_TOO_MANY_REQUESTS,
            Self::Unavailable => words::TITLE_UNAVAILABLE,
            Self::SignInFailed => words::TITLE_SIGN_IN_FAILED,
            Self::Worded(w) => w.title,
            Self::Internal(_) => words::TITLE_INTERNAL,
        }
    }

    pub fn to_problem(&self) -> Problem {
        let errors: Vec<FieldError> = match self {
            Self::Validation(errors) => errors
                .iter()
                .map(|e| FieldError::new(&e.field, words::sentence(&e.field, &e.message)))
                .collect(),
            Self::Conflict {
                field: Some(field),
                detail,
            } => vec![FieldError::new(field, words::sentence(field, detail))],
            _ => Vec::new(),
        };
        let detail = match self {
            Self::Validation(_) => words::validation_detail(
                &errors.iter().map(|e| e.message.clone()).collect::<Vec<_>>(),
            ),
            Self::Internal(_) => words::INTERNAL.into(),
            Self::NotFound => words::NOT_FOUND.into(),
            Self::Unauthorized => words::UNAUTHORIZED.into(),
            Self::SignInFailed => words::SIGN_IN_FAILED.into(),
            Self::PreconditionFailed => words::PRECONDITION_FAILED.into(),
            Self::PreconditionRequired => words::PRECONDITION_REQUIRED.into(),
            Self::PayloadTooLarge => words::PAYLOAD_TOO_LARGE.into(),
            Self::UnsupportedMediaType(_) => words::UNSUPPORTED_MEDIA_TYPE.into(),
            Self::Unavailable => words::UNAVAILABLE.into(),
            Self::TooManyRequests { retry_after_secs } => {
                words::too_many_requests(*retry_after_secs)
            }
            Self::BadRequest(detail) | Self::Forbidden(detail) => words::as_sentence(detail),
            Self::Conflict { detail, .. } => words::as_sentence(detail),
            Self::Worded(w) => w.detail.clone(),
        };
        Problem {
            problem_type: format!("urn:care-passport:problem:{}", self.slug()),
            code: self.code(),
            title: self.title().into(),
            status: self.status().as_u16(),
            detail,
            errors,
        }
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        if let Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) = err.sql_err() {
            return AppError::conflict(words::ALREADY_EXISTS);
        }
        AppError::Internal(anyhow::Error::new(err))
    }
}

impl<E: std::fmt::Display + std::fmt::Debug> From<sea_orm::TransactionError<E>> for AppError
where
    AppError: From<E>,
{
    fn from(err: sea_orm::TransactionError<E>) -> Self {
        match err {
            sea_orm::TransactionError::Connection(e) => e.into(),
            sea_orm::TransactionError::Transaction(e) => e.into(),
        }
    }
}

impl From<Vec<FieldError>> for AppError {
    fn from(errors: Vec<FieldError>) -> Self {
        AppError::Validation(errors)
    }
}

impl From<FieldError> for AppError {
    fn from(error: FieldError) -> Self {
        AppError::Validation(vec![error])
    }
}

/// Renders a problem document with the right content type.
pub fn problem_response(status: StatusCode, problem: &Problem) -> Response {
    let body = serde_json::to_vec(problem).unwrap_or_default();
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    response
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(err) = &self {
            // The request id is on the surrounding span; internals never reach the client.
            tracing::error!(error = %err, "internal error");
        }
        let mut response = problem_response(self.status(), &self.to_problem());
        match &self {
            AppError::TooManyRequests { retry_after_secs } => {
                response.headers_mut().insert(
                    header::RETRY_AFTER,
                    HeaderValue::from(retry_after_secs.max(&1).to_owned()),
                );
            }
            AppError::Unauthorized | AppError::SignInFailed => {
                response
                    .headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            _ => {}
        }
        response
    }
}

pub type AppResult<T> = Result<T, AppError>;
