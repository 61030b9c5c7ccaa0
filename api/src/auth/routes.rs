//! Sign-in endpoints for the app.
use crate::http::prelude::*;
use entity::one_time_token::TokenPurpose;

use super::{second_factor, service, types::*};
use crate::http::{ClientIp, Device};

/// Confirm a new sign-in e-mail with the token from the link sent to it
///
/// The account then signs in with the new address; the old address is told, and every
/// device is signed out.
#[utoipa::path(post, path = "/v1/auth/email-change/confirm", operation_id = "confirm_email_change", tag = "auth", security(),
    request_body = EmailChangeConfirm,
    responses(
        (status = 204, description = "Changed; every session of the account has ended"),
        (status = 422, description = "Invalid, used or expired token", body = Problem, content_type = "application/problem+json"),
        BodyErrors, EmailTaken,
    ))]
pub(crate) async fn confirm_email_change(
    State(app): State<AppState>,
    request_id: RequestId,
    AppJson(body): AppJson<EmailChangeConfirm>,
) -> Result<StatusCode, AppError> {
    super::email_change::confirm(&app.db, &app.config, &body.token, request_id.0).await?;
    app.mail_wakeup.notify_one();
    Ok(StatusCode::NO_CONTENT)
}

/// Sign in with e-mail and password
///
/// Checks the e-mail address and password. Care leavers without a second factor get tokens
/// straight away; staff and anyone with a second factor get a short-lived challenge to finish with
/// `/v1/auth/login/totp`.
#[utoipa::path(post, path = "/v1/auth/login", operation_id = "login", tag = "auth", security(),
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in (tokens), or, for an account with a second factor (every staff account), a challenge to send with a code to /v1/auth/login/totp", body = LoginResponse),
        (status = 401, description = "Wrong e-mail or password (the same answer for both)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A staff account without a second factor yet: set it up on the staff console first", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing or invalid field", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts; see Retry-After", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        BodyErrors,
    ))]
pub(crate) async fn login(
    State(app): State<AppState>,
    ClientIp(ip): ClientIp,
    request_id: RequestId,
    device: Device,
    AppJson(body): AppJson<LoginRequest>,
) -> Result<Json<LoginResponse>, AppError> {
    let attempt = service::Attempt {
        client_ip: &ip,
        device: device.0,
        device_token: body.device_token.as_deref(),
    };
    service::login(
        &app.db,
        app.issuer(),
        &body.email,
        body.password,
        attempt,
        request_id.0.as_deref(),
    )
    .await
    .map(Json)
}

/// Finish signing in with a second-factor code
///
/// Send the `challenge` from `/v1/auth/login` with the 6-digit `code` from the authenticator
/// app, or with one of the `recovery_code`s instead. A code is accepted once.
#[utoipa::path(post, path = "/v1/auth/login/totp", operation_id = "login_with_second_factor", tag = "auth", security(),
    request_body = SecondFactorLoginRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenPair),
        (status = 401, description = "Unknown, used or expired challenge, or too many wrong codes: sign in again", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong, expired or already used code, or neither or both of code and recovery_code", body = Problem, content_type = "application/problem+json"),
        BodyErrors,
    ))]
pub(crate) async fn login_totp(
    State(app): State<AppState>,
    request_id: RequestId,
    device: Device,
    AppJson(body): AppJson<SecondFactorLoginRequest>,
) -> Result<Json<TokenPair>, AppError> {
    let proof = match (body.code, body.recovery_code) {
        (Some(code), None) => second_factor::Proof::Code(code),
        (None, Some(code)) => second_factor::Proof::RecoveryCode(code),
        _ => {
            return Err(AppError::invalid(
                "code",
                "give either code or recovery_code, not both",
            ));
        }
    };
    service::second_factor_login(
        &app.db,
        app.issuer(),
        &app.second_factor,
        &body.challenge,
        proof,
        device.0,
        request_id.0.as_deref(),
    )
    .await
    .map(Json)
}

/// Exchange a refresh token for a new pair
///
/// Refresh tokens are single use. Presenting one twice revokes every token descended from the
/// same sign-in: the app must then ask the young person to sign in again.
#[utoipa::path(post, path = "/v1/auth/refresh", operation_id = "refresh_tokens", tag = "auth", security(),
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new access token and refresh token", body = TokenPair),
        (status = 401, description = "Unknown, expired, revoked or reused refresh token", body = Problem, content_type = "application/problem+json"),
        BodyErrors, MissingField,
    ))]
pub(crate) async fn refresh(
    State(app): State<AppState>,
    request_id: RequestId,
    AppJson(body): AppJson<RefreshRequest>,
) -> Result<Json<TokenPair>, AppError> {
    service::refresh(
        &app.db,
        app.issuer(),
        &body.refresh_token,
        request_id.0.as_deref(),
    )
    .await
    .map(Json)
}

/// Sign out this device
///
/// Ends the session the refresh token belongs to, so neither token can be used again. Other
/// devices stay signed in.
#[utoipa::path(post, path = "/v1/auth/logout", operation_id = "logout", tag = "auth", security(),
    request_body = RefreshRequest,
    responses(
        (status = 204, description = "Signed out (also when the token was already invalid)"),
        BodyErrors, MissingField,
    ))]
pub(crate) async fn logout(
    State(app): State<AppState>,
    AppJson(body): AppJson<RefreshRequest>,
) -> Result<StatusCode, AppError> {
    service::logout(&app.db, &body.refresh_token).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Accept an invitation and choose a password
///
/// Uses the token from the invitation e-mail to set the account's first password and sign in.
#[utoipa::path(post, path = "/v1/auth/invitations/accept", operation_id = "accept_invitation", tag = "auth", security(),
    request_body = AcceptInvitationRequest,
    responses(
        (status = 200, description = "Account active and signed in", body = TokenPair),
        (status = 403, description = "A staff invitation: staff accept theirs on the staff console (the e-mailed link), where they also set up their second factor", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid, used or expired token, or a weak password", body = Problem, content_type = "application/problem+json"),
        BodyErrors,
    ))]
pub(crate) async fn accept_invitation(
    State(app): State<AppState>,
    request_id: RequestId,
    device: Device,
    AppJson(body): AppJson<AcceptInvitationRequest>,
) -> Result<Json<TokenPair>, AppError> {
    // Tokens here would skip the second factor every staff account needs.
    if let super::links::LinkState::Usable(invited) = super::links::inspect(
        &app.db,
        &body.token,
        TokenPurpose::Invitation,
        chrono::Utc::now(),
    )
    .await?
        && second_factor::required_for(invited.role)
    {
        return Err(AppError::Forbidden(
            "Staff accept invitations on the staff console: open the link in the e-mail.".into(),
        ));
    }
    let user = service::set_password_with_token(
        &app.db,
        &body.token,
        body.password,
        TokenPurpose::Invitation,
        request_id.0.as_deref(),
    )
    .await?;
    let role = user.role;
    let pair = service::start_session(&app.db, app.issuer(), user.id, role, device.0).await?;
    Ok(Json(pair))
}

/// Ask for a password-reset e-mail
///
/// Sends a reset link to the address if an account has it. The answer is the same whether or not
/// the account exists.
#[utoipa::path(post, path = "/v1/auth/password-reset", operation_id = "request_password_reset", tag = "auth", security(),
    request_body = PasswordResetRequest,
    responses(
        (status = 202, description = "Always the same answer, whether or not the address has an account", body = Accepted),
        (status = 429, description = "Too many requests from this address; see Retry-After", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        BodyErrors, MissingField,
    ))]
pub(crate) async fn request_password_reset(
    State(app): State<AppState>,
    ClientIp(ip): ClientIp,
    AppJson(body): AppJson<PasswordResetRequest>,
) -> Result<(StatusCode, Json<Accepted>), AppError> {
    service::count_reset_request(&app.db, &ip).await?;
    // The answer goes back before the address is even looked up, so a known and an unknown
    // address take the same path and the same time.
    let worker = app.clone();
    tokio::spawn(async move {
        match service::request_password_reset(&worker.db, &worker.config, &body.email).await {
            Ok(true) => worker.mail_wakeup.notify_one(),
            Ok(false) => {}
            Err(error) => tracing::error!(%error, "password reset request failed"),
        }
    });
    Ok((
        StatusCode::ACCEPTED,
        Json(Accepted {
            message: "If that address has an account, we have sent it a link.".into(),
        }),
    ))
}

/// Choose a new password with the token from the reset e-mail
///
/// Sets a new password with the one-use token from the reset e-mail and signs out every device.
#[utoipa::path(post, path = "/v1/auth/password-reset/confirm", operation_id = "confirm_password_reset", tag = "auth", security(),
    request_body = PasswordResetConfirm,
    responses(
        (status = 204, description = "Password changed; every session of the account has ended"),
        (status = 422, description = "Invalid, used or expired token, or a weak password", body = Problem, content_type = "application/problem+json"),
        BodyErrors,
    ))]
pub(crate) async fn confirm_password_reset(
    State(app): State<AppState>,
    request_id: RequestId,
    AppJson(body): AppJson<PasswordResetConfirm>,
) -> Result<StatusCode, AppError> {
    service::set_password_with_token(
        &app.db,
        &body.token,
        body.password,
        TokenPurpose::PasswordReset,
        request_id.0.as_deref(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Change my password (signs out every device)
///
/// Needs the current password. Every session, this one included, is ended, so the app must sign in
/// again.
#[utoipa::path(post, path = "/v1/me/password", operation_id = "change_password", tag = "me",
    request_body = ChangePasswordRequest,
    responses(
        (status = 204, description = "Changed; sign in again"),
        (status = 422, description = "Wrong current password or weak new one", body = Problem, content_type = "application/problem+json"),
        BodyErrors, NotSignedIn,
    ))]
pub(crate) async fn change_password(
    Caller(app, _, actor, ..): Caller,
    AppJson(body): AppJson<ChangePasswordRequest>,
) -> Result<StatusCode, AppError> {
    super::account::change_password(&app.db, &actor, body.current_password, body.new_password)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
