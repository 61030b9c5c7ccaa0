//! TOTP second factor (RFC 6238): enrolment, codes accepted once, recovery codes, and the
//! API's short-lived sign-in challenges. Every staff account needs one; care leavers may add one.
use base64::{Engine, engine::general_purpose::STANDARD};
use chacha20poly1305::{
    KeyInit, XChaCha20Poly1305, XNonce,
    aead::{Aead, AeadCore, OsRng},
};
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    sea_query::{Expr, ExprTrait},
};
use totp_rs::{Algorithm, TOTP};
use uuid::Uuid;

use super::{roles::Role, tokens};
use crate::error::AppError;

/// The name an authenticator app shows beside the code.
pub const ISSUER: &str = "Care Passport";
/// Seconds per code.
pub const STEP_SECS: i64 = 30;
/// How long the API's challenge lasts between password and code.
pub const CHALLENGE_TTL_SECS: i64 = 300;
/// Wrong codes allowed against one challenge or one console sign-in.
pub const MAX_ATTEMPTS: i32 = 5;
pub const RECOVERY_CODES: usize = 10;

/// Whether an account must have a second factor to sign in.
pub fn required_for(role: Role) -> bool {
    role.is_staff()
}

/// Encrypts second-factor secrets at rest (XChaCha20-Poly1305, random 24-byte nonce).
pub struct SecretCipher(XChaCha20Poly1305);

impl SecretCipher {
    /// `key` must be 32 bytes (see `Config::second_factor_key`).
    pub fn new(key: &[u8]) -> Self {
        let mut k = [0u8; 32];
        let n = key.len().min(32);
        k[..n].copy_from_slice(&key[..n]);
        Self(XChaCha20Poly1305::new(&k.into()))
    }

    pub fn seal(&self, plain: &[u8]) -> String {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self
            .0
            .encrypt(&nonce, plain)
            .expect("encryption into a Vec cannot fail");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        STANDARD.encode(out)
    }

    pub fn open(&self, stored: &str) -> Option<Vec<u8>> {
        let bytes = STANDARD.decode(stored).ok()?;
        if bytes.len() < 24 {
            return None;
        }
        let (nonce, sealed) = bytes.split_at(24);
        let nonce = XNonce::from(<[u8; 24]>::try_from(nonce).ok()?);
        self.0.decrypt(&nonce, sealed).ok()
    }
}

/// A fresh 160-bit secret (RFC 4226's recommended length).
pub fn new_secret() -> Vec<u8> {
    let mut secret = vec![0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut secret);
    secret
}

fn totp(secret: &[u8], account: &str) -> TOTP {
    TOTP::new_unchecked(
        Algorithm::SHA1,
        6,
        1,
        STEP_SECS as u64,
        secret.to_vec(),
        Some(ISSUER.into()),
        account.replace(':', ""),
    )
}

/// The `otpauth://` URI an authenticator app reads from the QR code.
pub fn otpauth_uri(secret: &[u8], account: &str) -> String {
    totp(secret, account).get_url()
}

/// The secret as people type it: base32 in groups of four.
pub fn secret_for_typing(secret: &[u8]) -> String {
    let b32 = totp(secret, "").get_secret_base32();
    b32.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The code for `secret` at `at` (used by tests, scripts and the demo).
pub fn code_at(secret: &[u8], at: DateTime<Utc>) -> String {
    totp(secret, "").generate(u64::try_from(at.timestamp()).unwrap_or(0))
}

/// The time step a code belongs to.
pub fn step_of(at: DateTime<Utc>) -> i64 {
    at.timestamp().div_euclid(STEP_SECS)
}

/// The step (now, one before or one after, for clock drift) whose code `code` is, if any.
fn matching_step(secret: &[u8], code: &str, now: DateTime<Utc>) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let t = totp(secret, "");
    let current = step_of(now);
    [current - 1, current, current + 1]
        .into_iter()
        .find(|step| {
            let expected = t.generate(u64::try_from(step * STEP_SECS).unwrap_or(0));
            constant_time_eq(expected.as_bytes(), code.as_bytes())
        })
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// What the person gave as their second factor.
#[derive(Debug, Clone)]
pub enum Proof {
    Code(String),
    RecoveryCode(String),
}

/// The account's second factor, confirmed or waiting for its first code.
pub async fn find(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<Option<entity::second_factor::Model>, AppError> {
    Ok(entity::second_factor::Entity::find_by_id(user_id)
        .one(conn)
        .await?)
}

/// Whether the account has a confirmed second factor.
pub async fn is_enrolled(conn: &impl ConnectionTrait, user_id: Uuid) -> Result<bool, AppError> {
    Ok(find(conn, user_id)
        .await?
        .is_some_and(|f| f.confirmed_at.is_some()))
}

/// Starts (or restarts) enrolment: a new secret waiting for its first code. Refused with 409
/// when a confirmed second factor exists (remove it first).
pub async fn start_enrolment(
    conn: &impl ConnectionTrait,
    cipher: &SecretCipher,
    user_id: Uuid,
) -> Result<Vec<u8>, AppError> {
    if let Some(existing) = find(conn, user_id).await? {
        if existing.confirmed_at.is_some() {
            return Err(AppError::conflict(
                "a second factor is already set up; remove it first",
            ));
        }
        if let Some(secret) = cipher.open(&existing.secret_ciphertext) {
            return Ok(secret);
        }
        entity::second_factor::Entity::delete_by_id(user_id)
            .exec(conn)
            .await?;
    }
    let secret = new_secret();
    store(conn, cipher, user_id, &secret, None).await?;
    Ok(secret)
}

async fn store(
    conn: &impl ConnectionTrait,
    cipher: &SecretCipher,
    user_id: Uuid,
    secret: &[u8],
    confirmed_at: Option<DateTime<Utc>>,
) -> Result<(), AppError> {
    entity::second_factor::Entity::insert(entity::second_factor::ActiveModel {
        user_id: Set(user_id),
        secret_ciphertext: Set(cipher.seal(secret)),
        confirmed_at: Set(confirmed_at),
        last_used_step: Set(None),
        created_at: Set(Utc::now()),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// The secret waiting for its first code, if enrolment has started.
pub async fn pending_secret(
    conn: &impl ConnectionTrait,
    cipher: &SecretCipher,
    user_id: Uuid,
) -> Result<Option<Vec<u8>>, AppError> {
    Ok(find(conn, user_id)
        .await?
        .filter(|f| f.confirmed_at.is_none())
        .and_then(|f| cipher.open(&f.secret_ciphertext)))
}

/// Confirms enrolment with the first code; returns the ten recovery codes to show once.
pub async fn confirm_enrolment(
    conn: &impl ConnectionTrait,
    cipher: &SecretCipher,
    user_id: Uuid,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Vec<String>, AppError> {
    let wrong = || AppError::invalid("code", "Enter the 6-digit code your app shows now");
    let secret = pending_secret(conn, cipher, user_id)
        .await?
        .ok_or_else(|| AppError::conflict("there is no second factor waiting to be set up"))?;
    let step = matching_step(&secret, code, now).ok_or_else(wrong)?;
    entity::second_factor::Entity::update_many()
        .col_expr(
            entity::second_factor::Column::ConfirmedAt,
            Expr::value(Some(now)),
        )
        .col_expr(
            entity::second_factor::Column::LastUsedStep,
            Expr::value(Some(step)),
        )
        .filter(entity::second_factor::Column::UserId.eq(user_id))
        .exec(conn)
        .await?;
    new_recovery_codes(conn, user_id).await
}

/// Sets up a confirmed second factor in one go (the CLI, the demo and test fixtures, which
/// print or keep the secret). Replaces any existing one.
pub async fn enrol_confirmed(
    conn: &impl ConnectionTrait,
    cipher: &SecretCipher,
    user_id: Uuid,
    secret: Option<Vec<u8>>,
) -> Result<Vec<u8>, AppError> {
    remove(conn, user_id).await?;
    let secret = secret.unwrap_or_else(new_secret);
    store(conn, cipher, user_id, &secret, Some(Utc::now())).await?;
    Ok(secret)
}

/// Removes the second factor and its recovery codes.
pub async fn remove(conn: &impl ConnectionTrait, user_id: Uuid) -> Result<(), AppError> {
    entity::recovery_code::Entity::delete_many()
        .filter(entity::recovery_code::Column::UserId.eq(user_id))
        .exec(conn)
        .await?;
    entity::second_factor::Entity::delete_by_id(user_id)
        .exec(conn)
        .await?;
    Ok(())
}

/// Checks a code or recovery code. A code is accepted once: its step must be later than the
/// last accepted one. A recovery code is used up.
pub async fn verify(
    conn: &impl ConnectionTrait,
    cipher: &SecretCipher,
    user_id: Uuid,
    proof: &Proof,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    use entity::second_factor::{Column, Entity};
    let Some(factor) = find(conn, user_id)
        .await?
        .filter(|f| f.confirmed_at.is_some())
    else {
        return Ok(false);
    };
    match proof {
        Proof::Code(code) => {
            let Some(secret) = cipher.open(&factor.secret_ciphertext) else {
                tracing::error!("second factor: a stored secret does not decrypt with this key");
                return Ok(false);
            };
            let Some(step) = matching_step(&secret, code, now) else {
                return Ok(false);
            };
            let claimed = Entity::update_many()
                .col_expr(Column::LastUsedStep, Expr::value(Some(step)))
                .filter(Column::UserId.eq(user_id))
                .filter(
                    Condition::any()
                        .add(Column::LastUsedStep.is_null())
                        .add(Column::LastUsedStep.lt(step)),
                )
                .exec(conn)
                .await?
                .rows_affected
                == 1;
            Ok(claimed)
        }
        Proof::RecoveryCode(code) => {
            use entity::recovery_code::{Column, Entity};
            let hash = tokens::hash_token(&normalise_recovery_code(code));
            let used = Entity::update_many()
                .col_expr(Column::UsedAt, Expr::value(Some(now)))
                .filter(Column::UserId.eq(user_id))
                .filter(Column::CodeHash.eq(hash))
                .filter(Column::UsedAt.is_null())
                .exec(conn)
                .await?
                .rows_affected;
            Ok(used >= 1)
        }
    }
}

fn normalise_recovery_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Replaces the account's recovery codes with ten new ones and returns them (shown once).
pub async fn new_recovery_codes(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<Vec<String>, AppError> {
    use entity::recovery_code::{ActiveModel, Column, Entity};
    Entity::delete_many()
        .filter(Column::UserId.eq(user_id))
        .exec(conn)
        .await?;
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut codes = Vec::with_capacity(RECOVERY_CODES);
    let now = Utc::now();
    for _ in 0..RECOVERY_CODES {
        let mut bytes = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        let chars: String = bytes
            .iter()
            .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
            .collect();
        let code = format!(
            "{}-{}-{}-{}",
            &chars[0..4],
            &chars[4..8],
            &chars[8..12],
            &chars[12..16]
        );
        Entity::insert(ActiveModel {
            id: Set(Uuid::new_v4()),
            user_id: Set(user_id),
            code_hash: Set(tokens::hash_token(&normalise_recovery_code(&code))),
            used_at: Set(None),
            created_at: Set(now),
        })
        .exec_without_returning(conn)
        .await?;
        codes.push(code);
    }
    Ok(codes)
}

/// Recovery codes not used yet.
pub async fn recovery_codes_left(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<u64, AppError> {
    use entity::recovery_code::{Column, Entity};
    Ok(Entity::find()
        .filter(Column::UserId.eq(user_id))
        .filter(Column::UsedAt.is_null())
        .count(conn)
        .await?)
}

/// A challenge for the API: proof that the password was right, for five minutes and five
/// wrong codes. Returns the raw value.
pub async fn create_challenge(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<String, AppError> {
    let raw = tokens::random_token();
    let now = Utc::now();
    entity::login_challenge::Entity::insert(entity::login_challenge::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(user_id),
        token_hash: Set(tokens::hash_token(&raw)),
        attempts: Set(0),
        expires_at: Set(now + Duration::seconds(CHALLENGE_TTL_SECS)),
        used_at: Set(None),
        created_at: Set(now),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(raw)
}

/// Checks `proof` against a challenge. On success the challenge is used up and its user id
/// returned; a wrong proof counts an attempt; an unknown, used, expired or exhausted challenge
/// is 401.
pub async fn redeem_challenge(
    conn: &impl ConnectionTrait,
    cipher: &SecretCipher,
    challenge: &str,
    proof: &Proof,
    now: DateTime<Utc>,
) -> Result<Uuid, AppError> {
    use entity::login_challenge::{Column, Entity};
    let row = Entity::find()
        .filter(Column::TokenHash.eq(tokens::hash_token(challenge)))
        .one(conn)
        .await?
        .filter(|c| c.used_at.is_none() && c.expires_at > now && c.attempts < MAX_ATTEMPTS)
        .ok_or(AppError::Unauthorized)?;
    if !verify(conn, cipher, row.user_id, proof, now).await? {
        Entity::update_many()
            .col_expr(Column::Attempts, Expr::col(Column::Attempts).add(1))
            .filter(Column::Id.eq(row.id))
            .exec(conn)
            .await?;
        return Err(AppError::invalid(
            match proof {
                Proof::Code(_) => "code",
                Proof::RecoveryCode(_) => "recovery_code",
            },
            "is wrong, expired or already used",
        ));
    }
    let claimed = Entity::update_many()
        .col_expr(Column::UsedAt, Expr::value(Some(now)))
        .filter(Column::Id.eq(row.id))
        .filter(Column::UsedAt.is_null())
        .exec(conn)
        .await?
        .rows_affected
        == 1;
    if !claimed {
        return Err(AppError::Unauthorized);
    }
    Ok(row.user_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_with_the_same_key_only() {
        let cipher = SecretCipher::new(&[7u8; 32]);
        let sealed = cipher.seal(b"twenty bytes secret!");
        assert_eq!(cipher.open(&sealed).unwrap(), b"twenty bytes secret!");
        assert!(SecretCipher::new(&[8u8; 32]).open(&sealed).is_none());
        assert!(cipher.open("not base64!").is_none());
    }

    #[test]
    fn codes_match_their_step_and_its_neighbours_only() {
        let secret = new_secret();
        let now = Utc::now();
        let step = step_of(now);
        for (offset, expected) in [(-1, Some(step - 1)), (0, Some(step)), (1, Some(step + 1))] {
            let at = now + Duration::seconds(offset * STEP_SECS);
            assert_eq!(matching_step(&secret, &code_at(&secret, at), now), expected);
        }
        let far = code_at(&secret, now + Duration::seconds(5 * STEP_SECS));
        assert_ne!(matching_step(&secret, &far, now), Some(step + 5));
        assert_eq!(matching_step(&secret, "12345", now), None);
        assert_eq!(matching_step(&secret, "abcdef", now), None);
    }

    #[test]
    fn recovery_codes_ignore_case_spaces_and_dashes() {
        assert_eq!(
            normalise_recovery_code("AbCd-efgh 2345-6789"),
            "abcdefgh23456789"
        );
    }

    #[test]
    fn the_otpauth_uri_names_the_issuer_and_account() {
        let uri = otpauth_uri(&new_secret(), "sam@nhs.example");
        assert!(
            uri.starts_with("otpauth://totp/Care%20Passport:sam%40nhs.example?"),
            "{uri}"
        );
        assert!(uri.contains("issuer=Care%20Passport"));
    }
}
