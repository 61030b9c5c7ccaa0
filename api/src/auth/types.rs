//! Request and response bodies for sign-in.
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[schema(example = "jordan.care-leaver@demo.care-passport.test")]
    pub email: String,
    #[schema(example = "correct horse battery staple", format = Password)]
    pub password: String,
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
pub struct SecondFactorLoginRequest {
    pub challenge: String,
    #[schema(example = "492039")]
    pub code: Option<String>,
    #[schema(example = "abcd-efgh-jkmn-pqrs")]
    pub recovery_code: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptInvitationRequest {
    /// The token from the invitation e-mail's link.
    pub token: String,
    /// At least 8 characters and not a commonly used password.
    #[schema(example = "tr0mbone-lighthouse", format = Password, min_length = 8, max_length = 128)]
    pub password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetRequest {
    #[schema(example = "jordan.care-leaver@demo.care-passport.test")]
    pub email: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetConfirm {
    pub token: String,
    /// At least 8 characters and not a commonly used password.
    #[schema(example = "tr0mbone-lighthouse", format = Password, min_length = 8, max_length = 128)]
    pub password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    #[schema(format = Password)]
    pub current_password: String,
    /// At least 8 characters and not a commonly used password.
    #[schema(format = Password, min_length = 8, max_length = 128)]
    pub new_password: String,
}

/// A plain acknowledgement.
#[derive(Debug, Serialize, ToSchema)]
pub struct Accepted {
    #[schema(example = "If that address has an account, we have sent it a link.")]
    pub message: String,
}
