//! `/v1/me/second-factor`: a care leaver may turn on a TOTP second factor for the app (staff
//! always have one, set up on the staff console).
use crate::http::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{enrolment, second_factor};

/// A new secret to add to an authenticator app.
#[derive(Debug, Serialize, ToSchema)]
pub struct SecondFactorSetup {
    /// Base32, for typing into the app.
    #[schema(example = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")]
    pub secret: String,
    /// For a QR code.
    #[schema(
        example = "otpauth://totp/Care%20Passport:jordan%40example.com?secret=JBSW…&issuer=Care%20Passport"
    )]
    pub otpauth_uri: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"code": "492039"}))]
pub struct SecondFactorConfirm {
    /// The 6-digit code the app shows now.
    #[schema(example = "492039")]
    pub code: String,
}

/// Ten one-time recovery codes, shown once.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecoveryCodes {
    pub recovery_codes: Vec<String>,
}

/// Start turning on a second factor
///
/// Makes a new authenticator secret and returns it with an `otpauth://` URI for a QR code. The
/// factor is only on once it is confirmed with a code.
#[utoipa::path(post, path = "/v1/me/second-factor", operation_id = "start_second_factor", tag = "me",
    responses(
        (status = 201, description = "A secret to add to an authenticator app; confirm it with a code", body = SecondFactorSetup),
        (status = 409, description = "A second factor is already on", body = Problem, content_type = "application/problem+json"),
        NotSignedIn,
    ))]
pub(crate) async fn start(
    Caller(app, user, ..): Caller,
) -> Result<(StatusCode, Json<SecondFactorSetup>), AppError> {
    let secret = second_factor::start_enrolment(&app.db, &app.second_factor, user.id).await?;
    Ok((
        StatusCode::CREATED,
        Json(SecondFactorSetup {
            secret: second_factor::secret_for_typing(&secret).replace(' ', ""),
            otpauth_uri: second_factor::otpauth_uri(&secret, &user.email),
        }),
    ))
}

/// Confirm the second factor with a code
///
/// Checks a code from the authenticator app against the pending secret and turns the second factor
/// on.
#[utoipa::path(post, path = "/v1/me/second-factor/confirm", operation_id = "confirm_second_factor", tag = "me",
    request_body = SecondFactorConfirm,
    responses(
        (status = 200, description = "On: from now, signing in needs a code too", body = RecoveryCodes),
        (status = 409, description = "Nothing waiting to be confirmed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong code", body = Problem, content_type = "application/problem+json"),
        BodyErrors, NotSignedIn,
    ))]
pub(crate) async fn confirm(
    Caller(app, _, actor, ..): Caller,
    AppJson(body): AppJson<SecondFactorConfirm>,
) -> Result<Json<RecoveryCodes>, AppError> {
    let codes = enrolment::turn_on(&app.db, &app.second_factor, &actor, &body.code).await?;
    Ok(Json(RecoveryCodes {
        recovery_codes: codes,
    }))
}

/// Turn the second factor off (care leavers only)
///
/// Care leavers may turn their second factor off; staff must keep one.
#[utoipa::path(delete, path = "/v1/me/second-factor", operation_id = "remove_second_factor", tag = "me",
    responses(
        (status = 204, description = "Off"),
        (status = 403, description = "Staff accounts must keep their second factor", body = Problem, content_type = "application/problem+json"),
        NotSignedIn,
    ))]
pub(crate) async fn remove(Caller(app, _, actor, ..): Caller) -> Result<StatusCode, AppError> {
    enrolment::turn_off(&app.db, &actor).await?;
    Ok(StatusCode::NO_CONTENT)
}
