//! Access tokens (short-lived JWTs, RFC 8725 practice) and opaque refresh / e-mail tokens.
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::roles::Role;

/// The only algorithm we issue or accept.
const ALGORITHM: Algorithm = Algorithm::HS256;
/// RFC 9068 media type, so a token minted for another purpose never passes as an access token.
const ACCESS_TOKEN_TYP: &str = "at+jwt";
pub const AUDIENCE: &str = "care-passport-api";

/// Signing material and the fixed claims we check.
pub struct Keys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    issuer: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct AccessClaims {
    pub iss: String,
    pub aud: String,
    pub sub: Uuid,
    pub role: Role,
    pub iat: i64,
    pub exp: i64,
    pub jti: Uuid,
    /// The sign-in session this token belongs to: once it is revoked, the token is refused.
    pub sid: Uuid,
    /// Issue time in milliseconds: sessions ended at a given instant (password change,
    /// disabling) must refuse tokens issued earlier in the same second.
    pub iat_ms: i64,
    /// Always `access`: invitation and reset tokens are opaque and never JWTs, but the claim
    /// keeps the purpose explicit should another JWT kind ever be added.
    pub token_use: String,
}

/// OWASP's device cookie: proof that this device once signed in to the account.
const DEVICE_TOKEN_TYP: &str = "device+jwt";
const DEVICE_TOKEN_DAYS: i64 = 365;

#[derive(Debug, Serialize, Deserialize)]
pub struct DeviceClaims {
    pub iss: String,
    pub aud: String,
    pub sub: Uuid,
    pub exp: i64,
    /// Names this device's own throttle counter.
    pub nonce: Uuid,
    pub token_use: String,
}

impl Keys {
    pub fn new(secret: &[u8], issuer: &str) -> Self {
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            issuer: issuer.trim_end_matches('/').to_owned(),
        }
    }

    pub fn issue_access(
        &self,
        user: Uuid,
        role: Role,
        sid: Uuid,
        now: DateTime<Utc>,
        ttl_secs: i64,
    ) -> String {
        let claims = AccessClaims {
            iss: self.issuer.clone(),
            aud: AUDIENCE.into(),
            sub: user,
            role,
            iat: now.timestamp(),
            exp: now.timestamp() + ttl_secs,
            jti: Uuid::new_v4(),
            sid,
            iat_ms: now.timestamp_millis(),
            token_use: "access".into(),
        };
        let mut header = Header::new(ALGORITHM);
        header.typ = Some(ACCESS_TOKEN_TYP.into());
        jsonwebtoken::encode(&header, &claims, &self.encoding).unwrap_or_default()
    }

    /// A device token for `user`, handed out after a successful sign-in.
    pub fn issue_device(&self, user: Uuid, now: DateTime<Utc>) -> String {
        let claims = DeviceClaims {
            iss: self.issuer.clone(),
            aud: AUDIENCE.into(),
            sub: user,
            exp: (now + chrono::Duration::days(DEVICE_TOKEN_DAYS)).timestamp(),
            nonce: Uuid::new_v4(),
            token_use: "device".into(),
        };
        let mut header = Header::new(ALGORITHM);
        header.typ = Some(DEVICE_TOKEN_TYP.into());
        jsonwebtoken::encode(&header, &claims, &self.encoding).unwrap_or_default()
    }

    /// Verifies a device token as strictly as an access token; never accepts one for the other.
    pub fn verify_device(&self, token: &str) -> Option<DeviceClaims> {
        self.verified::<DeviceClaims>(token, &self.validation(), DEVICE_TOKEN_TYP)
            .filter(|claims| claims.token_use == "device")
    }

    /// Verifies signature, algorithm, issuer, audience, expiry and purpose.
    pub fn verify_access(&self, token: &str) -> Option<AccessClaims> {
        let mut validation = self.validation();
        validation.leeway = 30;
        self.verified::<AccessClaims>(token, &validation, ACCESS_TOKEN_TYP)
            .filter(|claims| claims.token_use == "access")
    }

    /// What every token we issue is checked for: our algorithm only, our issuer and audience,
    /// and the expiry, issuer, audience and subject claims present.
    fn validation(&self) -> Validation {
        let mut validation = Validation::new(ALGORITHM);
        validation.algorithms = vec![ALGORITHM];
        validation.set_issuer(&[&self.issuer]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation
    }

    /// The claims of `token` when it passes `validation` and its header's media type is `typ`
    /// (any case).
    fn verified<C: DeserializeOwned>(
        &self,
        token: &str,
        validation: &Validation,
        typ: &str,
    ) -> Option<C> {
        let data = jsonwebtoken::decode::<C>(token, &self.decoding, validation).ok()?;
        let typ_ok = data
            .header
            .typ
            .as_deref()
            .is_some_and(|t| t.eq_ignore_ascii_case(typ));
        typ_ok.then_some(data.claims)
    }
}

/// A fresh opaque token with 256 bits of randomness.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What we store instead of an opaque token.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Keys {
        Keys::new(&[7u8; 64], "http://127.0.0.1:8080/")
    }

    #[test]
    fn an_issued_token_verifies_with_its_subject_and_role() {
        let id = Uuid::new_v4();
        let token = keys().issue_access(id, Role::Nurse, Uuid::new_v4(), Utc::now(), 900);
        let claims = keys().verify_access(&token).expect("valid");
        assert_eq!((claims.sub, claims.role), (id, Role::Nurse));
    }

    #[test]
    fn expired_tampered_foreign_and_unsigned_tokens_are_refused() {
        let k = keys();
        let id = Uuid::new_v4();
        let expired = k.issue_access(
            id,
            Role::Nurse,
            Uuid::new_v4(),
            Utc::now() - chrono::Duration::hours(1),
            900,
        );
        let other_key = Keys::new(&[8u8; 64], "http://127.0.0.1:8080").issue_access(
            id,
            Role::Admin,
            Uuid::new_v4(),
            Utc::now(),
            900,
        );
        let good = k.issue_access(id, Role::CareLeaver, Uuid::new_v4(), Utc::now(), 900);
        let mut parts: Vec<String> = good.split('.').map(str::to_string).collect();
        let mut claims: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(&parts[1]).unwrap()).unwrap();
        claims["role"] = "admin".into();
        parts[1] = URL_SAFE_NO_PAD.encode(claims.to_string());
        let tampered = parts.join(".");
        let none_header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"at+jwt"}"#);
        let alg_none = format!("{none_header}.{}.", parts[1]);
        for (name, token) in [
            ("expired", expired),
            ("other key", other_key),
            ("tampered", tampered),
            ("alg none", alg_none),
            ("garbage", "abc.def.ghi".into()),
        ] {
            assert!(k.verify_access(&token).is_none(), "{name}");
        }
    }

    #[test]
    fn device_and_access_tokens_never_pass_for_each_other() {
        let k = keys();
        let id = Uuid::new_v4();
        let device = k.issue_device(id, Utc::now());
        assert_eq!(k.verify_device(&device).map(|c| c.sub), Some(id));
        assert!(k.verify_access(&device).is_none());
        let access = k.issue_access(id, Role::CareLeaver, Uuid::new_v4(), Utc::now(), 900);
        assert!(k.verify_device(&access).is_none());
    }

    #[test]
    fn random_tokens_are_unique_and_hashes_are_stable() {
        let (a, b) = (random_token(), random_token());
        assert_ne!(a, b);
        assert!(a.len() >= 43);
        assert_eq!(hash_token(&a), hash_token(&a));
    }
}
