//! Request and response bodies for sign-in.
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "jordan.care-leaver@demo.care-passport.test", "password": "correct horse battery staple", "device_token": null}))]
pub struct LoginRequest {
    #[schema(example = "jordan.care-leaver@demo.care-passport.test")]
    pub email: String,
    #[schema(example = "correct horse battery staple", format = Password)]
    pub password: String,
    /// The `device_token` this device got at its last successful sign-in, if any: with it,
    /// the owner can still sign in while others' wrong guesses have the account throttled.
    pub device_token: Option<String>,
}

/// A signed-in session: a short-lived access token and a single-use refresh token.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TokenPair {
    #[schema(example = "eyJhbGciOiJIUzI1NiIsInR5cCI6ImF0K2p3dCJ9…")]
    pub access_token: String,
    /// Opaque; exchange it once at `/v1/auth/refresh`. Store it in the platform keystore.
    #[schema(example = "q3Jx8m1y0Q6l2h4t0u9v8w7x6y5z4a3b2c1d0e9f8g7")]
    pub refresh_token: String,
    #[schema(example = "Bearer")]
    pub token_type: String,
    /// Seconds until the access token expires.
    #[schema(example = 900)]
    pub expires_in: i64,
    /// Only at sign-in: keep it on this device and send it with the next sign-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_token: Option<String>,
}

/// The answer to a right password: tokens, or (for accounts with a second factor, which every
/// staff account has) a challenge to exchange with a code at `/v1/auth/login/totp`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum LoginResponse {
    Tokens(TokenPair),
    SecondFactor(SecondFactorChallenge),
}

/// Proof that the password was right, valid for a few minutes and a few wrong codes.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SecondFactorChallenge {
    /// Opaque; send it with the code to `/v1/auth/login/totp`.
    #[schema(example = "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0")]
    pub challenge: String,
    /// Seconds until the challenge expires.
    #[schema(example = 300)]
    pub expires_in: i64,
    /// Always `totp`: a 6-digit code from an authenticator app (RFC 6238).
    #[schema(example = "totp")]
    pub second_factor: String,
}

/// A code from the authenticator app, or one of the recovery codes (each works once).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"challenge": "c2f1e0d9-8b7a-4c6d-9e5f-4a3b2c1d0e9f", "code": "492039", "recovery_code": null}))]
pub struct SecondFactorLoginRequest {
    pub challenge: String,
    #[schema(example = "492039")]
    pub code: Option<String>,
    #[schema(example = "abcd-efgh-jkmn-pqrs")]
    pub recovery_code: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"refresh_token": "rT7uV2wX9yZ1aB4cD6eF8gH0"}))]
pub struct RefreshRequest {
    pub refresh_token: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"token": "pL8wQ2mZr5tY1vXc9bN3kHs6", "password": "tr0mbone-lighthouse"}))]
pub struct AcceptInvitationRequest {
    /// The token from the invitation e-mail's link.
    pub token: String,
    /// At least 8 characters and not a commonly used password.
    #[schema(example = "tr0mbone-lighthouse", format = Password, min_length = 8, max_length = 128)]
    pub password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "jordan.care-leaver@demo.care-passport.test"}))]
pub struct PasswordResetRequest {
    #[schema(example = "jordan.care-leaver@demo.care-passport.test")]
    pub email: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"token": "mN4bV7cX1zL9kJ3hG5fD8sA2", "password": "tr0mbone-lighthouse"}))]
pub struct PasswordResetConfirm {
    pub token: String,
    /// At least 8 characters and not a commonly used password.
    #[schema(example = "tr0mbone-lighthouse", format = Password, min_length = 8, max_length = 128)]
    pub password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"current_password": "correct horse battery staple", "new_password": "tr0mbone-lighthouse"}))]
pub struct ChangePasswordRequest {
    #[schema(format = Password)]
    pub current_password: String,
    /// At least 8 characters and not a commonly used password.
    #[schema(format = Password, min_length = 8, max_length = 128)]
    pub new_password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"token": "k3Jd9sLq0vWmX2aYb7nC4eRt"}))]
pub struct EmailChangeConfirm {
    /// The token from the link sent to the new address.
    pub token: String,
}

/// A plain acknowledgement.
#[derive(Debug, Serialize, ToSchema)]
pub struct Accepted {
    #[schema(example = "If that address has an account, we have sent it a link.")]
    pub message: String,
}
