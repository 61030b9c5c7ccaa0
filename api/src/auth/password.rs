//! Password rules and Argon2id hashing, always off the async runtime.
use std::sync::LazyLock;

use argon2::{
    Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version,
    password_hash::SaltString,
};
use tokio::sync::Semaphore;

use crate::error::{AppError, FieldError};

/// OWASP's minimum for Argon2id: 19 MiB, two passes, one lane.
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("static Argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

const COMMON: &str = include_str!("common-passwords.txt");

static COMMON_PASSWORDS: LazyLock<std::collections::HashSet<String>> = LazyLock::new(|| {
    COMMON
        .lines()
        .map(|l| l.trim().to_lowercase())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// Checks a new password: 8 to 128 characters and not a commonly used one.
pub fn check_new_password(password: &str, field: &str) -> Result<(), FieldError> {
    let length = password.chars().count();
    if length < 8 {
        return Err(FieldError::new(field, "must be at least 8 characters"));
    }
    if length > 128 {
        return Err(FieldError::new(field, "must be at most 128 characters"));
    }
    if COMMON_PASSWORDS.contains(&password.to_lowercase()) {
        return Err(FieldError::new(
            field,
            "is one of the most commonly used passwords; choose another",
        ));
    }
    Ok(())
}

/// Hashes running at once: one per core. Each holds 19 MiB; without a bound a burst of
/// sign-ins (128 at once took resident memory from 239 MiB to over 1 GiB) would start one
/// blocking thread and one 19 MiB block per request. Waiting for a permit costs no thread.
static HASHING: LazyLock<Semaphore> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    Semaphore::new(cores)
});

/// Runs `work` on the blocking pool once a hashing permit is free.
async fn bounded<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let _permit = HASHING.acquire().await.ok()?;
    tokio::task::spawn_blocking(work).await.ok()
}

/// Hashes a password on the blocking pool.
pub async fn hash(password: String) -> Result<String, AppError> {
    bounded(move || {
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(anyhow::anyhow!("hashing failed: {e}")))
    })
    .await
    .ok_or_else(|| AppError::Internal(anyhow::anyhow!("hashing task failed")))?
}

/// A hash of a random password, verified against when the account does not exist so that an
/// unknown e-mail costs the same time as a wrong password.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    argon2()
        .hash_password(uuid::Uuid::new_v4().as_bytes(), &salt)
        .map(|h| h.to_string())
        .unwrap_or_default()
});

/// Verifies on the blocking pool. `None` for the hash still does the full work.
pub async fn verify(password: String, stored: Option<String>) -> bool {
    bounded(move || {
        let real = stored.is_some();
        let hash = stored.unwrap_or_else(|| DUMMY_HASH.clone());
        let ok = PasswordHash::new(&hash)
            .map(|parsed| {
                argon2()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false);
        ok && real
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_passwords_are_checked_for_length_and_commonness() {
        let cases = [
            ("short", false),
            ("password", false),
            ("Password1", false),
            ("12345678", false),
            ("correct horse battery staple", true),
            ("tr0mbone-lighthouse", true),
            (&"x".repeat(64), true),
            (&"x".repeat(129), false),
        ];
        for (password, ok) in cases {
            assert_eq!(
                check_new_password(password, "password").is_ok(),
                ok,
                "{password}"
            );
        }
    }

    #[tokio::test]
    async fn a_hash_verifies_only_its_own_password_and_uses_owasp_parameters() {
        let h = hash("tr0mbone-lighthouse".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify("tr0mbone-lighthouse".into(), Some(h.clone())).await);
        assert!(!verify("tr0mbone-lighthousE".into(), Some(h)).await);
        assert!(!verify("anything".into(), None).await);
    }
}
