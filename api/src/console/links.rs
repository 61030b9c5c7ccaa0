//! Pages for the links the service e-mails: accept an invitation (then staff set up their
//! authenticator app; a young person is told how to get the app), reset a forgotten password,
//! confirm a new sign-in e-mail address. Each link works once and expires; a used, expired or
//! broken one says so in plain words. Opening a link never changes anything: e-mail scanners
//! fetch links, so every change needs the page's button (a POST with the CSRF token).
use askama::Template;
use axum::{
    Router,
    extract::{Query, State},
    http::StatusCode,
    response::Response,
    routing::get,
};
use chrono::Utc;
use entity::one_time_token::TokenPurpose;
use serde::Deserialize;

use super::{
    extract::{CsrfForm, Visitor},
    pages::{self, FormErrors, Layout, PageError, ProblemPage},
    session::{self, Stage},
    sign_in::{session_for_form, with_cookie},
};
use crate::{
    auth::{
        email_change,
        links::{self, LinkState},
        policy::{self, Power},
        second_factor, service,
    },
    error::AppError,
    http::RequestId,
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/invitations/accept",
            get(invitation_page).post(accept_invitation),
        )
        .route("/password-reset", get(reset_page).post(reset_password))
        .route("/forgot-password", get(forgot_page).post(forgot_password))
        .route(
            "/account/confirm-email",
            get(email_change_page).post(confirm_email_change),
        )
}

/// Which e-mailed link a page is for.
#[derive(Clone, Copy)]
enum Link {
    Invitation,
    Reset,
    EmailChange,
}

impl Link {
    fn purpose(self) -> TokenPurpose {
        match self {
            Link::Invitation => TokenPurpose::Invitation,
            Link::Reset => TokenPurpose::PasswordReset,
            Link::EmailChange => email_change::PURPOSE,
        }
    }
    fn action(self) -> &'static str {
        match self {
            Link::Invitation => "/invitations/accept",
            Link::Reset => "/password-reset",
            Link::EmailChange => "/account/confirm-email",
        }
    }
    fn heading(self) -> &'static str {
        match self {
            Link::Invitation => "Choose a password",
            Link::Reset => "Choose a new password",
            Link::EmailChange => "Confirm your new e-mail address",
        }
    }
}

#[derive(Template)]
#[template(path = "console/set_password.html")]
struct SetPasswordPage {
    layout: Layout,
    errors: FormErrors,
    heading: &'static str,
    action: &'static str,
    token: String,
    email: String,
}

#[derive(Template)]
#[template(path = "console/forgot_password.html")]
struct ForgotPage {
    layout: Layout,
    errors: FormErrors,
    email: String,
}

/// The plain-words page for a link that does not work, with its status.
fn link_problem(link: Link, state: &LinkState) -> Response {
    let again = match link {
        Link::Invitation => "Ask the person who invited you to send a new invitation.",
        Link::Reset => "You can ask for a new link.",
        Link::EmailChange => {
            "Your e-mail address has not changed. You can ask for the change again."
        }
    };
    let (status, heading, why) = match state {
        LinkState::Used => (
            StatusCode::GONE,
            "This link has already been used",
            "Each link works only once.",
        ),
        LinkState::Expired => (
            StatusCode::GONE,
            "This link has expired",
            match link {
                Link::Invitation => "Invitation links work for 7 days.",
                Link::Reset => "Password reset links work for 1 hour.",
                Link::EmailChange => "Links to confirm a new e-mail address work for 1 hour.",
            },
        ),
        LinkState::Disabled => (
            StatusCode::GONE,
            "This account has been closed",
            "The link cannot be used because the account is no longer open.",
        ),
        LinkState::Unknown | LinkState::Usable(_) => (
            StatusCode::NOT_FOUND,
            "This link does not work",
            "It may have been copied wrongly. Check you used the whole link from the e-mail.",
        ),
    };
    let page = ProblemPage {
        layout: Layout::anonymous(heading, ""),
        paragraphs: vec![why.into(), again.into()],
        link: match link {
            Link::Invitation | Link::EmailChange => None,
            Link::Reset => Some(("/forgot-password".into(), "Ask for a new link".into())),
        },
    };
    pages::render(status, &page)
}

#[derive(Deserialize)]
struct TokenQuery {
    #[serde(default)]
    token: String,
}

async fn form_page(
    app: &AppState,
    visitor: Visitor,
    link: Link,
    token: String,
) -> Result<Response, PageError> {
    let state = links::inspect(&app.db, &token, link.purpose(), Utc::now()).await?;
    let LinkState::Usable(user) = state else {
        return Ok(link_problem(link, &state));
    };
    let (session, raw) = session_for_form(app, visitor).await?;
    let page = SetPasswordPage {
        layout: Layout::anonymous(link.heading(), &session.csrf_token),
        errors: FormErrors::default(),
        heading: link.heading(),
        action: link.action(),
        token,
        email: user.email,
    };
    Ok(with_cookie(pages::ok(&page), raw.as_deref()))
}

async fn invitation_page(
    State(app): State<AppState>,
    visitor: Visitor,
    Query(q): Query<TokenQuery>,
) -> Result<Response, PageError> {
    form_page(&app, visitor, Link::Invitation, q.token).await
}

async fn reset_page(
    State(app): State<AppState>,
    visitor: Visitor,
    Query(q): Query<TokenQuery>,
) -> Result<Response, PageError> {
    form_page(&app, visitor, Link::Reset, q.token).await
}

#[derive(Deserialize)]
struct SetPasswordForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

/// Sets the password through the same service as the API; returns the account, or the page
/// to show instead (form errors, or why the link does not work).
async fn set_password(
    app: &AppState,
    link: Link,
    request_id: &RequestId,
    session: &session::Session,
    form: SetPasswordForm,
) -> Result<Result<entity::user::Model, Response>, PageError> {
    let state = links::inspect(&app.db, &form.token, link.purpose(), Utc::now()).await?;
    let LinkState::Usable(user) = state else {
        return Ok(Err(link_problem(link, &state)));
    };
    let mut errors = FormErrors::default();
    if form.password.is_empty() {
        errors.add("password", "Enter a new password");
    } else if form.password != form.confirm {
        errors.add(
            "confirm",
            "The two passwords are different. Type the same password twice",
        );
    }
    if errors.is_empty() {
        match service::set_password_with_token(
            &app.db,
            &form.token,
            form.password,
            link.purpose(),
            request_id.0.as_deref(),
        )
        .await
        {
            Ok(user) => return Ok(Ok(user)),
            Err(AppError::Validation(fields)) if fields.iter().any(|f| f.field == "token") => {
                let state =
                    links::inspect(&app.db, &form.token, link.purpose(), Utc::now()).await?;
                return Ok(Err(link_problem(link, &state)));
            }
            Err(error) => {
                errors = FormErrors::from_app_error(error, |_| "password")?;
            }
        }
    }
    let page = SetPasswordPage {
        layout: Layout::anonymous(link.heading(), &session.csrf_token),
        errors,
        heading: link.heading(),
        action: link.action(),
        token: form.token,
        email: user.email,
    };
    Ok(Err(pages::render(StatusCode::UNPROCESSABLE_ENTITY, &page)))
}

async fn accept_invitation(
    State(app): State<AppState>,
    request_id: RequestId,
    CsrfForm { session, form }: CsrfForm<SetPasswordForm>,
) -> Result<Response, PageError> {
    let user = match set_password(&app, Link::Invitation, &request_id, &session, form).await? {
        Ok(user) => user,
        Err(page) => return Ok(page),
    };
    if second_factor::required_for(user.role) {
        // The password is set; the authenticator app comes next, in a new session.
        let (_, raw) = session::rotate(&app.db, &session, user.id, Stage::Enrol).await?;
        return Ok(with_cookie(pages::see_other("/sign-in/set-up"), Some(&raw)));
    }
    Ok(pages::ok(&ProblemPage {
        layout: Layout::anonymous("Your password is set", &session.csrf_token),
        paragraphs: vec![
            "You can now use Care Passport.".into(),
            "Get the Care Passport app from the App Store or Google Play. Sign in to the app with your e-mail address and the password you just chose.".into(),
        ],
        link: None,
    }))
}

async fn reset_password(
    State(app): State<AppState>,
    request_id: RequestId,
    CsrfForm { session, form }: CsrfForm<SetPasswordForm>,
) -> Result<Response, PageError> {
    let user = match set_password(&app, Link::Reset, &request_id, &session, form).await? {
        Ok(user) => user,
        Err(page) => return Ok(page),
    };
    // The reset ended every session of the account, on the API and here.
    let staff = policy::may(user.role, Power::UseConsole);
    Ok(pages::ok(&ProblemPage {
        layout: Layout::anonymous("Your password has been changed", &session.csrf_token),
        paragraphs: vec![if staff {
            "Sign in with your new password.".into()
        } else {
            "Sign in to the Care Passport app with your new password.".into()
        }],
        link: staff.then(|| ("/sign-in".into(), "Sign in".into())),
    }))
}

async fn forgot_page(State(app): State<AppState>, visitor: Visitor) -> Result<Response, PageError> {
    let (session, raw) = session_for_form(&app, visitor).await?;
    let page = ForgotPage {
        layout: Layout::anonymous("Reset your password", &session.csrf_token),
        errors: FormErrors::default(),
        email: String::new(),
    };
    Ok(with_cookie(pages::ok(&page), raw.as_deref()))
}

#[derive(Deserialize)]
struct ForgotForm {
    #[serde(default)]
    email: String,
}

async fn forgot_password(
    State(app): State<AppState>,
    CsrfForm { session, form }: CsrfForm<ForgotForm>,
) -> Result<Response, PageError> {
    if form.email.trim().is_empty() || !form.email.contains('@') {
        let mut errors = FormErrors::default();
        errors.add("email", "Enter your e-mail address, like name@example.com");
        let page = ForgotPage {
            layout: Layout::anonymous("Reset your password", &session.csrf_token),
            errors,
            email: form.email,
        };
        return Ok(pages::render(StatusCode::UNPROCESSABLE_ENTITY, &page));
    }
    if service::request_password_reset(&app.db, &app.config, &form.email).await? {
        app.mail_wakeup.notify_one();
    }
    Ok(pages::ok(&ProblemPage {
        layout: Layout::anonymous("Check your e-mail", &session.csrf_token),
        paragraphs: vec![
            "If that address has an account, we have sent it a link to choose a new password."
                .into(),
            "The link works once and for 1 hour.".into(),
        ],
        link: Some(("/sign-in".into(), "Back to sign in".into())),
    }))
}

#[derive(Template)]
#[template(path = "console/confirm_email.html")]
struct ConfirmEmailPage {
    layout: Layout,
    token: String,
    name: String,
    old_email: String,
    new_email: String,
}

/// What an e-mail change link would do, without doing it: the account and both addresses,
/// and a button. Nothing changes until the button is pressed.
async fn email_change_page(
    State(app): State<AppState>,
    visitor: Visitor,
    Query(q): Query<TokenQuery>,
) -> Result<Response, PageError> {
    let link = Link::EmailChange;
    let (state, row) =
        links::inspect_with_token(&app.db, &q.token, link.purpose(), Utc::now()).await?;
    let (LinkState::Usable(user), Some(new_email)) = (&state, row.and_then(|r| r.new_email)) else {
        return Ok(link_problem(link, &state));
    };
    let (session, raw) = session_for_form(&app, visitor).await?;
    let page = ConfirmEmailPage {
        layout: Layout::anonymous(link.heading(), &session.csrf_token),
        token: q.token,
        name: user.name.clone(),
        old_email: user.email.clone(),
        new_email,
    };
    Ok(with_cookie(pages::ok(&page), raw.as_deref()))
}

#[derive(Deserialize)]
struct ConfirmEmailForm {
    #[serde(default)]
    token: String,
}

/// Confirms the change through the same service as `POST /v1/auth/email-change/confirm`.
async fn confirm_email_change(
    State(app): State<AppState>,
    request_id: RequestId,
    CsrfForm { session, form }: CsrfForm<ConfirmEmailForm>,
) -> Result<Response, PageError> {
    let link = Link::EmailChange;
    let confirmed = email_change::confirm(&app.db, &app.config, &form.token, request_id.0).await;
    let user = match confirmed {
        Ok(user) => {
            app.mail_wakeup.notify_one();
            user
        }
        Err(AppError::Validation(fields)) if fields.iter().any(|f| f.field == "token") => {
            let state = links::inspect(&app.db, &form.token, link.purpose(), Utc::now()).await?;
            return Ok(link_problem(link, &state));
        }
        Err(AppError::Conflict { .. }) => {
            return Ok(pages::render(
                StatusCode::CONFLICT,
                &ProblemPage {
                    layout: Layout::anonymous("This e-mail address is already in use", ""),
                    paragraphs: vec![
                        "Another account now signs in with that address, so we could not change yours.".into(),
                        "Your e-mail address has not changed.".into(),
                    ],
                    link: None,
                },
            ));
        }
        Err(other) => return Err(other.into()),
    };
    // The change ended every session of the account, so the visitor signs in afresh.
    let staff = policy::may(user.role, Power::UseConsole);
    Ok(pages::ok(&ProblemPage {
        layout: Layout::anonymous("Your e-mail address has been changed", &session.csrf_token),
        paragraphs: vec![
            format!("You now sign in with {}.", user.email),
            "We have told your old address about the change. You have been signed out everywhere."
                .into(),
        ],
        link: staff.then(|| ("/sign-in".into(), "Sign in".into())),
    }))
}
