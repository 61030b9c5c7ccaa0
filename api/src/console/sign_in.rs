//! Signing in (password, then a code from an authenticator app, or setting the app up the
//! first time) and signing out.
use askama::Template;
use axum::{
    Router,
    extract::State,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use chrono::Utc;
use serde::Deserialize;

use super::{
    extract::{CsrfForm, Visitor},
    pages::{self, FormErrors, Layout, PageError, ProblemPage},
    session::{self, Session, Stage},
};
use crate::{
    audit::{AuditAction, Event},
    auth::{
        Actor, enrolment,
        policy::{self, Power},
        second_factor::{self, Proof},
        service,
    },
    error::AppError,
    http::{ClientIp, RequestId},
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sign-in", get(sign_in_page).post(sign_in))
        .route("/sign-in/code", get(code_page).post(code))
        .route("/sign-in/set-up", get(enrol_page).post(enrol))
        .route("/sign-out", post(sign_out))
}

#[derive(Template)]
#[template(path = "console/sign_in.html")]
struct SignInPage {
    layout: Layout,
    errors: FormErrors,
    email: String,
    notice: Option<String>,
}

#[derive(Template)]
#[template(path = "console/sign_in_code.html")]
struct CodePage {
    layout: Layout,
    errors: FormErrors,
}

#[derive(Template)]
#[template(path = "console/sign_in_enrol.html")]
struct EnrolPage {
    layout: Layout,
    errors: FormErrors,
    qr_svg: String,
    secret: String,
}

#[derive(Template)]
#[template(path = "console/recovery_codes.html")]
pub struct RecoveryCodesPage {
    pub layout: Layout,
    pub codes: Vec<String>,
    pub next: String,
}

/// Adds `Set-Cookie` for a new session id to a response.
pub fn with_cookie(mut response: Response, raw: Option<&str>) -> Response {
    if let Some(raw) = raw {
        response
            .headers_mut()
            .append(header::SET_COOKIE, session::set_cookie(raw));
    }
    response
}

/// The visitor's session, or a new anonymous one (returned with its raw id for the cookie).
pub async fn session_for_form(
    app: &AppState,
    visitor: Visitor,
) -> Result<(Session, Option<String>), PageError> {
    match visitor.session {
        Some(session) => Ok((session, None)),
        None => {
            let (session, raw) = session::create(
                &app.db,
                None,
                Stage::Anonymous,
                visitor.user_agent.as_deref(),
            )
            .await?;
            Ok((session, Some(raw)))
        }
    }
}

/// Renders the sign-in form (with a fresh anonymous session when needed).
pub async fn sign_in_form(
    app: &AppState,
    visitor: Visitor,
    status: StatusCode,
    notice: Option<String>,
) -> Result<Response, PageError> {
    let (session, raw) = session_for_form(app, visitor).await?;
    let page = SignInPage {
        layout: Layout::anonymous("Sign in", &session.csrf_token),
        errors: FormErrors::default(),
        email: String::new(),
        notice,
    };
    Ok(with_cookie(pages::render(status, &page), raw.as_deref()))
}

async fn sign_in_page(
    State(app): State<AppState>,
    visitor: Visitor,
) -> Result<Response, PageError> {
    match visitor.session.as_ref().map(session::stage_of) {
        Some(Stage::SignedIn) => Ok(pages::see_other("/")),
        _ => sign_in_form(&app, visitor, StatusCode::OK, None).await,
    }
}

#[derive(Deserialize)]
struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

async fn sign_in(
    State(app): State<AppState>,
    ClientIp(ip): ClientIp,
    request_id: RequestId,
    CsrfForm { session, form }: CsrfForm<SignInForm>,
) -> Result<Response, PageError> {
    let mut errors = FormErrors::default();
    if form.email.trim().is_empty() {
        errors.add("email", "Enter your e-mail address");
    }
    if form.password.is_empty() {
        errors.add("password", "Enter your password");
    }
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    if errors.is_empty() {
        match service::authenticate(
            &app.db,
            &app.keys,
            &form.email,
            form.password,
            &service::Attempt {
                client_ip: &ip,
                device: None,
                device_token: None,
            },
            request_id.0.as_deref(),
        )
        .await
        {
            Ok((user, role)) if policy::may(role, Power::UseConsole) => {
                let enrolled = second_factor::is_enrolled(&app.db, user.id).await?;
                let (stage, next) = if enrolled {
                    (Stage::SecondFactor, "/sign-in/code")
                } else {
                    (Stage::Enrol, "/sign-in/set-up")
                };
                let (_, raw) = session::rotate(&app.db, &session, user.id, stage).await?;
                return Ok(with_cookie(pages::see_other(next), Some(&raw)));
            }
            Ok(_) => errors.add(
                "email",
                "This website is for staff. Young people use the Care Passport app",
            ),
            Err(AppError::Unauthorized | AppError::SignInFailed) => {
                errors.add("email", "Enter a correct e-mail address and password")
            }
            Err(AppError::TooManyRequests { retry_after_secs }) => {
                status = StatusCode::TOO_MANY_REQUESTS;
                let minutes = retry_after_secs.div_ceil(60).max(1);
                errors.add(
                    "email",
                    format!(
                        "Too many wrong attempts. Wait {minutes} minute{} and try again",
                        if minutes == 1 { "" } else { "s" }
                    ),
                );
            }
            Err(other) => return Err(other.into()),
        }
    }
    let page = SignInPage {
        layout: Layout::anonymous("Sign in", &session.csrf_token),
        errors,
        email: form.email,
        notice: None,
    };
    Ok(pages::render(status, &page))
}

/// The session must be at `stage`; otherwise the visitor starts again at the sign-in page.
fn at_stage(visitor: Visitor, stage: Stage) -> Result<Session, PageError> {
    visitor
        .session
        .filter(|s| session::user_at(s, stage).is_some())
        .ok_or(PageError::SignIn)
}

async fn code_page(visitor: Visitor) -> Result<Response, PageError> {
    let session = at_stage(visitor, Stage::SecondFactor)?;
    Ok(pages::ok(&CodePage {
        layout: Layout::anonymous("Enter your security code", &session.csrf_token),
        errors: FormErrors::default(),
    }))
}

#[derive(Deserialize)]
struct CodeForm {
    code: Option<String>,
    recovery_code: Option<String>,
}

async fn code(
    State(app): State<AppState>,
    request_id: RequestId,
    CsrfForm { session, form }: CsrfForm<CodeForm>,
) -> Result<Response, PageError> {
    let user_id = session::user_at(&session, Stage::SecondFactor).ok_or(PageError::SignIn)?;
    let (proof, field) = match (form.code, form.recovery_code) {
        (_, Some(r)) if !r.trim().is_empty() => (Proof::RecoveryCode(r), "recovery_code"),
        (Some(c), _) if !c.trim().is_empty() => (Proof::Code(c), "code"),
        (_, Some(_)) => {
            return Ok(code_error(
                &session,
                "recovery_code",
                "Enter a recovery code",
            ));
        }
        _ => return Ok(code_error(&session, "code", "Enter the 6-digit code")),
    };
    let txn = crate::db::begin_write(&app.db).await?;
    let passed =
        second_factor::verify(&txn, &app.second_factor, user_id, &proof, Utc::now()).await?;
    if !passed {
        let attempts = session::count_attempt(&txn, &session).await?;
        txn.commit().await?;
        if attempts >= second_factor::MAX_ATTEMPTS {
            session::delete(&app.db, session.id).await?;
            let visitor = Visitor {
                session: None,
                user_agent: session.user_agent.clone(),
            };
            return sign_in_form(
                &app,
                visitor,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("Too many wrong codes. Sign in again.".into()),
            )
            .await;
        }
        let message = match proof {
            Proof::Code(_) => {
                "The code is wrong or has already been used. Enter the code your app shows now"
            }
            Proof::RecoveryCode(_) => "The recovery code is wrong or has already been used",
        };
        return Ok(code_error(&session, field, message));
    }
    let user = crate::accounts::store::find(&txn, user_id)
        .await?
        .ok_or(PageError::SignIn)?;
    crate::auth::service::record_own(
        &txn,
        &user,
        request_id.0.as_deref(),
        Event {
            action: match proof {
                Proof::Code(_) => AuditAction::AuthSecondFactorPassed,
                Proof::RecoveryCode(_) => AuditAction::AuthRecoveryCodeUsed,
            },
            care_leaver_id: None,
            target: Some("console".into()),
        },
    )
    .await?;
    let (_, raw) = session::rotate(&txn, &session, user_id, Stage::SignedIn).await?;
    txn.commit().await?;
    Ok(with_cookie(pages::see_other("/"), Some(&raw)))
}

fn code_error(session: &Session, field: &'static str, message: &str) -> Response {
    let mut errors = FormErrors::default();
    errors.add(field, message);
    pages::render(
        StatusCode::UNPROCESSABLE_ENTITY,
        &CodePage {
            layout: Layout::anonymous("Enter your security code", &session.csrf_token),
            errors,
        },
    )
}

/// The QR code for an `otpauth://` URI, as inline SVG.
pub fn qr_svg(uri: &str) -> String {
    match qrcode::QrCode::new(uri.as_bytes()) {
        Ok(code) => {
            let svg = code
                .render::<qrcode::render::svg::Color>()
                .min_dimensions(200, 200)
                .quiet_zone(true)
                .build();
            let svg = match svg.find("<svg") {
                Some(i) => &svg[i..],
                None => &svg,
            };
            svg.replacen(
                "<svg",
                "<svg role=\"img\" aria-label=\"QR code to scan with your authenticator app\"",
                1,
            )
        }
        Err(_) => String::new(),
    }
}

async fn enrolment_page(
    app: &AppState,
    session: &Session,
    errors: FormErrors,
    status: StatusCode,
) -> Result<Response, PageError> {
    let user_id = session.user_id.ok_or(PageError::SignIn)?;
    let user = crate::accounts::store::find(&app.db, user_id)
        .await?
        .ok_or(PageError::SignIn)?;
    let secret = second_factor::start_enrolment(&app.db, &app.second_factor, user_id).await?;
    let uri = second_factor::otpauth_uri(&secret, &user.email);
    Ok(pages::render(
        status,
        &EnrolPage {
            layout: Layout::anonymous("Set up your authenticator app", &session.csrf_token),
            errors,
            qr_svg: qr_svg(&uri),
            secret: second_factor::secret_for_typing(&secret),
        },
    ))
}

async fn enrol_page(State(app): State<AppState>, visitor: Visitor) -> Result<Response, PageError> {
    let session = at_stage(visitor, Stage::Enrol)?;
    enrolment_page(&app, &session, FormErrors::default(), StatusCode::OK).await
}

#[derive(Deserialize)]
struct EnrolForm {
    #[serde(default)]
    code: String,
}

async fn enrol(
    State(app): State<AppState>,
    request_id: RequestId,
    CsrfForm { session, form }: CsrfForm<EnrolForm>,
) -> Result<Response, PageError> {
    let user_id = session::user_at(&session, Stage::Enrol).ok_or(PageError::SignIn)?;
    if form.code.trim().is_empty() {
        let mut errors = FormErrors::default();
        errors.add("code", "Enter the 6-digit code your app shows");
        return enrolment_page(&app, &session, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let txn = crate::db::begin_write(&app.db).await?;
    let user = crate::accounts::store::find(&txn, user_id)
        .await?
        .ok_or(PageError::SignIn)?;
    let actor = Actor::of_account(&user, request_id.0.clone());
    let codes = match enrolment::confirm(&txn, &app.second_factor, &actor, &form.code).await {
        Ok(codes) => codes,
        Err(AppError::Validation(_)) => {
            drop(txn);
            let mut errors = FormErrors::default();
            errors.add(
                "code",
                "The code is wrong. Enter the 6-digit code your app shows now",
            );
            return enrolment_page(&app, &session, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
        Err(other) => return Err(other.into()),
    };
    let (new_session, raw) = session::rotate(&txn, &session, user_id, Stage::SignedIn).await?;
    txn.commit().await?;
    let mut layout = Layout::anonymous("Save your recovery codes", &new_session.csrf_token);
    layout.user = Some(pages::LayoutUser::new(user.name.clone(), user.role));
    let page = RecoveryCodesPage {
        layout,
        codes,
        next: "/".into(),
    };
    Ok(with_cookie(pages::ok(&page), Some(&raw)))
}

#[derive(Deserialize)]
struct Empty {}

async fn sign_out(
    State(app): State<AppState>,
    CsrfForm { session, .. }: CsrfForm<Empty>,
) -> Result<Response, PageError> {
    session::delete(&app.db, session.id).await?;
    let page = ProblemPage {
        layout: Layout::anonymous("You have signed out", ""),
        paragraphs: vec!["Close the browser window if you are using a shared computer.".into()],
        link: Some(("/sign-in".into(), "Sign in again".into())),
    };
    let mut response = pages::ok(&page);
    response
        .headers_mut()
        .append(header::SET_COOKIE, session::clear_cookie());
    response.headers_mut().insert(
        header::HeaderName::from_static("clear-site-data"),
        HeaderValue::from_static("\"cache\""),
    );
    Ok(response.into_response())
}
