//! My account: change my password or sign-in e-mail, make new recovery codes, see and end my
//! other sessions.
use crate::auth::RoleWords;
use askama::Template;
use axum::{
    Router,
    extract::{Path, State},
    http::StatusCode,
    response::Response,
    routing::{get, post},
};
use sea_orm::Iterable;
use serde::Deserialize;
use uuid::Uuid;

use super::{
    extract::{Console, ConsoleUser, CsrfForm},
    pages::{self, FormErrors, Layout, PageError},
    session,
    sign_in::{RecoveryCodesPage, with_cookie},
};
use crate::{
    apprenticeships::inbox::{self, InterestMail, InterestMailWords},
    auth::{
        account, email_change, enrolment,
        policy::{self, Power},
        second_factor,
    },
    error::AppError,
    http::RequestId,
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account", get(account_page))
        .route("/account/password", post(change_password))
        .route("/account/email", post(change_email))
        .route("/account/recovery-codes", post(new_recovery_codes))
        .route("/account/sessions/{id}/end", post(end_session))
        .route("/account/interest-mail", post(change_interest_mail))
}

/// One row of "Where you are signed in".
pub struct SessionRow {
    pub id: Uuid,
    pub browser: String,
    pub signed_in: String,
    pub last_used: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "console/account.html")]
struct AccountPage {
    layout: Layout,
    errors: FormErrors,
    notice: Option<String>,
    name: String,
    email: String,
    /// What was typed into the change-of-e-mail form, kept when it has errors.
    new_email: String,
    role_words: &'static str,
    recovery_left: u64,
    sessions: Vec<SessionRow>,
    /// HR and Connexions: how they hear of new Chances4YOUth forms, and the choices.
    interest_mail: Option<(InterestMail, Vec<(InterestMail, &'static str)>)>,
}

/// A browser's plain name from its user agent (never shown to anyone but its owner).
fn browser_name(user_agent: Option<&str>) -> String {
    let ua = user_agent.unwrap_or_default();
    let browser = if ua.contains("Edg/") {
        "Edge"
    } else if ua.contains("Firefox/") {
        "Firefox"
    } else if ua.contains("Chrome/") || ua.contains("Chromium/") {
        "Chrome"
    } else if ua.contains("Safari/") {
        "Safari"
    } else {
        "Unknown browser"
    };
    let system = if ua.contains("Windows") {
        " on Windows"
    } else if ua.contains("Android") {
        " on Android"
    } else if ua.contains("iPhone") || ua.contains("iPad") {
        " on iOS"
    } else if ua.contains("Mac OS") {
        " on macOS"
    } else if ua.contains("Linux") {
        " on Linux"
    } else {
        ""
    };
    format!("{browser}{system}")
}

fn when(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%-d %B %Y at %H:%M UTC").to_string()
}

async fn render_account(
    app: &AppState,
    user: &ConsoleUser,
    errors: FormErrors,
    notice: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    render_account_with(app, user, errors, notice, status, String::new()).await
}

async fn render_account_with(
    app: &AppState,
    user: &ConsoleUser,
    errors: FormErrors,
    notice: Option<String>,
    status: StatusCode,
    new_email: String,
) -> Result<Response, PageError> {
    let sessions = session::of_user(&app.db, user.id)
        .await?
        .into_iter()
        .map(|s| SessionRow {
            id: s.id,
            browser: browser_name(s.user_agent.as_deref()),
            signed_in: when(s.created_at),
            last_used: when(s.last_seen_at),
            current: s.id == user.session.id,
        })
        .collect();
    let page = AccountPage {
        layout: user.layout("My account").current("account"),
        errors,
        notice,
        name: user.name.clone(),
        email: user.email.clone(),
        new_email,
        role_words: user.role.described(),
        recovery_left: second_factor::recovery_codes_left(&app.db, user.id).await?,
        sessions,
        interest_mail: interest_mail_choices(app, user).await?,
    };
    Ok(pages::render(status, &page))
}

async fn interest_mail_choices(
    app: &AppState,
    user: &ConsoleUser,
) -> Result<Option<(InterestMail, Vec<(InterestMail, &'static str)>)>, PageError> {
    if !policy::may(user.role, Power::ReviewInterest) {
        return Ok(None);
    }
    let actor = user.auth_user().actor(&RequestId(None));
    let chosen = inbox::preference(&app.db, &actor).await?;
    Ok(Some((
        chosen,
        InterestMail::iter().map(|m| (m, m.words())).collect(),
    )))
}

#[derive(Deserialize)]
struct InterestMailForm {
    #[serde(default)]
    interest_mail: String,
}

async fn change_interest_mail(
    Console(app, user, request_id): Console<ConsoleUser>,
    CsrfForm { form, .. }: CsrfForm<InterestMailForm>,
) -> Result<Response, PageError> {
    if !policy::may(user.role, Power::ReviewInterest) {
        return Err(PageError::Forbidden(Box::new(user)));
    }
    let Some(choice) = entity::from_stored_text::<InterestMail>(&form.interest_mail) else {
        let mut errors = FormErrors::default();
        errors.add("interest_mail", "Choose how we e-mail you about new forms");
        return render_account(&app, &user, errors, None, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    inbox::set_preference(&app.db, &user.auth_user().actor(&request_id), choice).await?;
    render_account(
        &app,
        &user,
        FormErrors::default(),
        Some(format!(
            "Saved. New Chances4YOUth forms: {}.",
            choice.words().to_lowercase()
        )),
        StatusCode::OK,
    )
    .await
}

async fn account_page(
    State(app): State<AppState>,
    user: ConsoleUser,
) -> Result<Response, PageError> {
    render_account(&app, &user, FormErrors::default(), None, StatusCode::OK).await
}

#[derive(Deserialize)]
struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    confirm: String,
}

async fn change_password(
    Console(app, user, request_id): Console<ConsoleUser>,
    CsrfForm { form, .. }: CsrfForm<PasswordForm>,
) -> Result<Response, PageError> {
    let mut errors = FormErrors::default();
    if form.current_password.is_empty() {
        errors.add("current_password", "Enter your current password");
    }
    if form.new_password.is_empty() {
        errors.add("new_password", "Enter a new password");
    } else if form.new_password != form.confirm {
        errors.add(
            "confirm",
            "The two new passwords are different. Type the same password twice",
        );
    }
    if errors.is_empty() {
        match account::change_password(
            &app.db,
            &user.auth_user().actor(&request_id),
            form.current_password,
            form.new_password,
        )
        .await
        {
            Ok(()) => {
                // Every session ended with the change, this one too: carry on in a new one.
                let (fresh, raw) = session::create(
                    &app.db,
                    Some(user.id),
                    session::Stage::SignedIn,
                    user.session.user_agent.as_deref(),
                )
                .await?;
                let user = ConsoleUser {
                    session: fresh,
                    ..user
                };
                let page = render_account(
                    &app,
                    &user,
                    FormErrors::default(),
                    Some(
                        "Your password has been changed. You have been signed out everywhere else."
                            .into(),
                    ),
                    StatusCode::OK,
                )
                .await?;
                return Ok(with_cookie(page, Some(&raw)));
            }
            Err(error @ AppError::Validation(_)) => {
                errors = FormErrors::from_app_error(error, |field| match field {
                    "current_password" => "current_password",
                    _ => "new_password",
                })?;
                for (field, message) in errors.0.iter_mut() {
                    if *field == "current_password" {
                        *message = "Your current password is wrong".into();
                    }
                }
            }
            Err(other) => return Err(other.into()),
        }
    }
    render_account(&app, &user, errors, None, StatusCode::UNPROCESSABLE_ENTITY).await
}

#[derive(Deserialize)]
struct EmailForm {
    #[serde(default)]
    new_email: String,
    #[serde(default)]
    email_current_password: String,
}

/// Asks for a new sign-in e-mail through the same service as `PATCH /v1/me`: a link goes to
/// the new address and nothing changes until it is confirmed there.
async fn change_email(
    Console(app, user, request_id): Console<ConsoleUser>,
    CsrfForm { form, .. }: CsrfForm<EmailForm>,
) -> Result<Response, PageError> {
    let account = crate::accounts::store::find(&app.db, user.id)
        .await?
        .ok_or(PageError::SignIn)?;
    let mut errors = FormErrors::default();
    if form.new_email.trim().is_empty() {
        errors.add("new_email", "Enter your new e-mail address");
    }
    if form.email_current_password.is_empty() {
        errors.add("email_current_password", "Enter your current password");
    }
    if errors.is_empty() {
        match email_change::request_own(
            &app.db,
            &app.config,
            &account,
            &form.new_email,
            form.email_current_password,
            request_id.0.clone(),
        )
        .await
        {
            Ok(sent_to) => {
                app.mail_wakeup.notify_one();
                return render_account(
                    &app,
                    &user,
                    FormErrors::default(),
                    Some(format!(
                        "We have sent a link to {sent_to}. Your e-mail address changes only when you open the link and confirm. The link works for 1 hour."
                    )),
                    StatusCode::OK,
                )
                .await;
            }
            Err(AppError::Conflict { detail, .. }) => errors.add("new_email", detail),
            Err(AppError::Validation(fields)) => {
                for field in fields {
                    if field.field == "current_password" {
                        errors.add("email_current_password", "Your current password is wrong");
                    } else if field.message == email_change::SAME_ADDRESS {
                        errors.add("new_email", "This is the address you sign in with now");
                    } else {
                        errors.add(
                            "new_email",
                            "Enter an e-mail address in the right format, like name@example.com",
                        );
                    }
                }
            }
            Err(other) => return Err(other.into()),
        }
    }
    render_account_with(
        &app,
        &user,
        errors,
        None,
        StatusCode::UNPROCESSABLE_ENTITY,
        form.new_email,
    )
    .await
}

#[derive(Deserialize)]
struct Empty {}

async fn new_recovery_codes(
    Console(app, user, request_id): Console<ConsoleUser>,
    CsrfForm { .. }: CsrfForm<Empty>,
) -> Result<Response, PageError> {
    let actor = user.auth_user().actor(&request_id);
    let codes = enrolment::replace_recovery_codes(&app.db, &actor).await?;
    Ok(pages::ok(&RecoveryCodesPage {
        layout: user.layout("Save your recovery codes").current("account"),
        codes,
        next: "/account".into(),
    }))
}

async fn end_session(
    State(app): State<AppState>,
    user: ConsoleUser,
    Path(id): Path<String>,
    CsrfForm { .. }: CsrfForm<Empty>,
) -> Result<Response, PageError> {
    let id = Uuid::parse_str(&id).map_err(|_| PageError::not_found_for(&user))?;
    if id == user.session.id || !session::end_for_user(&app.db, user.id, id).await? {
        return Err(PageError::not_found_for(&user));
    }
    render_account(
        &app,
        &user,
        FormErrors::default(),
        Some("That session has been signed out.".into()),
        StatusCode::OK,
    )
    .await
}
