//! Sign-in, token rotation, invitations and password resets.
use crate::auth::RoleWords;
use chrono::{Duration, Utc};
use entity::one_time_token::TokenPurpose;
use entity::user::UserStatus;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QuerySelect, sea_query::Expr,
};
use uuid::Uuid;

use super::{
    password,
    roles::Role,
    second_factor::{self, SecretCipher},
    sessions, throttle,
    tokens::{self, Keys},
    types::{LoginResponse, SecondFactorChallenge, TokenPair},
};
use crate::{
    audit::{self, AuditAction, Event},
    config::Config,
    domain_types::EmailAddress,
    error::AppError,
    mail::{self, Outgoing, Template},
};

/// What issuing tokens needs: the settings (token lifetimes, the public address) and the
/// signing keys. The API builds one from its state (`AppState::issuer`).
#[derive(Clone, Copy)]
pub struct Issuer<'a> {
    pub config: &'a Config,
    pub keys: &'a Keys,
}

pub const INVITATION_TTL_DAYS: i64 = 7;
pub const RESET_TTL_HOURS: i64 = 1;

/// Issues an access token and a new refresh token for `session`. The refresh token lasts the
/// idle window, but never beyond the session's absolute end.
pub async fn issue_session(
    conn: &impl ConnectionTrait,
    app: Issuer<'_>,
    user_id: Uuid,
    role: Role,
    session: &entity::session::Model,
) -> Result<TokenPair, AppError> {
    let now = Utc::now();
    let ttl = app.config.access_token_ttl.as_secs() as i64;
    let refresh = tokens::random_token();
    let idle_end = now + Duration::from_std(app.config.refresh_token_ttl).unwrap_or_default();
    entity::refresh_token::Entity::insert(entity::refresh_token::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(user_id),
        family_id: Set(session.id),
        token_hash: Set(tokens::hash_token(&refresh)),
        expires_at: Set(idle_end.min(session.expires_at)),
        used_at: Set(None),
        revoked_at: Set(None),
        created_at: Set(now),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(TokenPair {
        access_token: app.keys.issue_access(user_id, role, session.id, now, ttl),
        refresh_token: refresh,
        token_type: "Bearer".into(),
        expires_in: ttl,
        device_token: None,
    })
}

/// Starts a new session (a sign-in on a device) and issues its first tokens.
pub async fn start_session(
    conn: &impl ConnectionTrait,
    app: Issuer<'_>,
    user_id: Uuid,
    role: Role,
    device: Option<String>,
) -> Result<TokenPair, AppError> {
    let session = sessions::start(conn, app.config, user_id, role, device, Utc::now()).await?;
    issue_session(conn, app, user_id, role, &session).await
}

/// What a sign-in attempt brings besides the e-mail and password.
pub struct Attempt<'a> {
    pub client_ip: &'a str,
    pub device: Option<String>,
    pub device_token: Option<&'a str>,
}

/// How an invitation names a young person's account ("… as {these words}").
pub const CARE_LEAVER_INVITATION_WORDS: &str = "a young person supported by your leaving care team";

/// Signs in with e-mail and password. Accounts with a second factor (every staff account)
/// get a short-lived challenge instead of tokens; see `second_factor_login`.
pub async fn login(
    db: &DatabaseConnection,
    app: Issuer<'_>,
    email: &str,
    password_given: String,
    attempt: Attempt<'_>,
    request_id: Option<&str>,
) -> Result<LoginResponse, AppError> {
    let (user, role) =
        authenticate(db, app.keys, email, password_given, &attempt, request_id).await?;
    let txn = crate::db::begin_write(db).await?;
    let response = if second_factor::is_enrolled(&txn, user.id).await? {
        LoginResponse::SecondFactor(SecondFactorChallenge {
            challenge: second_factor::create_challenge(&txn, user.id).await?,
            expires_in: second_factor::CHALLENGE_TTL_SECS,
            second_factor: "totp".into(),
        })
    } else if second_factor::required_for(role) {
        return Err(AppError::Forbidden(format!(
            "Staff accounts need a second factor. Sign in once at {} to set it up.",
            app.config.public_base_url
        )));
    } else {
        let mut pair = start_session(&txn, app, user.id, role, attempt.device).await?;
        pair.device_token = Some(app.keys.issue_device(user.id, Utc::now()));
        LoginResponse::Tokens(pair)
    };
    txn.commit().await?;
    Ok(response)
}

/// Exchanges a challenge and a code (or a recovery code) for tokens.
pub async fn second_factor_login(
    db: &DatabaseConnection,
    app: Issuer<'_>,
    cipher: &SecretCipher,
    challenge: &str,
    proof: second_factor::Proof,
    device: Option<String>,
    request_id: Option<&str>,
) -> Result<TokenPair, AppError> {
    let now = Utc::now();
    let txn = crate::db::begin_write(db).await?;
    let outcome = second_factor::redeem_challenge(&txn, cipher, challenge, &proof, now).await;
    let user_id = match outcome {
        Ok(user_id) => user_id,
        Err(error) => {
            // Count the wrong attempt even though the request fails.
            txn.commit().await?;
            return Err(error);
        }
    };
    let user = entity::user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .filter(|u| u.status == UserStatus::Active)
        .ok_or(AppError::Unauthorized)?;
    let role = user.role;
    record_own(
        &txn,
        &user,
        request_id,
        Event {
            action: match proof {
                second_factor::Proof::Code(_) => AuditAction::AuthSecondFactorPassed,
                second_factor::Proof::RecoveryCode(_) => AuditAction::AuthRecoveryCodeUsed,
            },
            care_leaver_id: None,
            target: None,
        },
    )
    .await?;
    let mut pair = start_session(&txn, app, user.id, role, device).await?;
    pair.device_token = Some(app.keys.issue_device(user.id, now));
    txn.commit().await?;
    Ok(pair)
}

/// Records `event` as done by `user` themself, before they have a session (signing in,
/// setting a password from a link, confirming an e-mail change).
pub async fn record_own(
    conn: &impl ConnectionTrait,
    user: &entity::user::Model,
    request_id: Option<&str>,
    event: Event,
) -> Result<(), DbErr> {
    audit::record_raw(conn, Some(user.id), Some(user.role), request_id, event).await
}

/// Checks an e-mail and password (throttled, audited). Unknown addresses and wrong passwords
/// get the same answer in about the same time. The API and the staff console both sign in
/// through here.
pub async fn authenticate(
    db: &DatabaseConnection,
    keys: &Keys,
    email: &str,
    password_given: String,
    attempt: &Attempt<'_>,
    request_id: Option<&str>,
) -> Result<(entity::user::Model, Role), AppError> {
    let email = EmailAddress::normalise(email);
    let user = entity::user::Entity::find()
        .filter(entity::user::Column::Email.eq(&email))
        .one(db)
        .await?;
    // A device that signed in to this very account before counts its own failures.
    let trusted_device = attempt
        .device_token
        .and_then(|t| keys.verify_device(t))
        .filter(|c| user.as_ref().is_some_and(|u| u.id == c.sub));
    let own_key = match &trusted_device {
        Some(claims) => throttle::device_key(&claims.nonce.to_string()),
        None => throttle::account_key(&email),
    };
    let address_key = throttle::address_key(attempt.client_ip);
    let now = Utc::now();
    let txn = crate::db::begin_write(db).await?;
    if let Some(wait) =
        throttle::reserve(&txn, &[own_key.clone(), address_key.clone()], now).await?
    {
        metrics::counter!("auth_sign_in_throttled_total").increment(1);
        return Err(AppError::TooManyRequests {
            retry_after_secs: wait,
        });
    }
    txn.commit().await?;
    let usable = user.as_ref().filter(|u| u.status == UserStatus::Active);
    let ok = password::verify(password_given, usable.and_then(|u| u.password_hash.clone())).await;
    let txn = crate::db::begin_write(db).await?;
    let result = match (ok, usable) {
        (true, Some(user)) => {
            let role = user.role;
            throttle::succeeded(&txn, &own_key, &address_key).await?;
            record_own(
                &txn,
                user,
                request_id,
                Event {
                    action: AuditAction::AuthLogin,
                    care_leaver_id: (role == Role::CareLeaver).then_some(user.id),
                    target: None,
                },
            )
            .await?;
            Ok((user.clone(), role))
        }
        _ => {
            metrics::counter!("auth_sign_in_failures_total").increment(1);
            audit::record_raw(
                &txn,
                user.as_ref().map(|u| u.id),
                user.map(|u| u.role),
                request_id,
                Event {
                    action: AuditAction::AuthLoginFailed,
                    care_leaver_id: None,
                    target: None,
                },
            )
            .await?;
            Err(AppError::SignInFailed)
        }
    };
    txn.commit().await?;
    result
}

/// Exchanges a refresh token for a new pair. A token presented twice means it was stolen or
/// replayed: the whole family is revoked and both holders must sign in again.
pub async fn refresh(
    db: &DatabaseConnection,
    app: Issuer<'_>,
    presented: &str,
    request_id: Option<&str>,
) -> Result<TokenPair, AppError> {
    use entity::refresh_token::{Column, Entity};
    let now = Utc::now();
    let txn = crate::db::begin_write(db).await?;
    let row = Entity::find()
        .filter(Column::TokenHash.eq(tokens::hash_token(presented)))
        .one(&txn)
        .await?
        .ok_or(AppError::Unauthorized)?;
    if row.revoked_at.is_some() || row.expires_at <= now {
        return Err(AppError::Unauthorized);
    }
    // Claim the token: only one caller can move it from unused to used.
    let claimed = Entity::update_many()
        .col_expr(Column::UsedAt, Expr::value(now))
        .filter(Column::Id.eq(row.id))
        .filter(Column::UsedAt.is_null())
        .exec(&txn)
        .await?
        .rows_affected
        == 1;
    if !claimed {
        revoke_family(&txn, row.family_id).await?;
        sessions::revoke(&txn, row.family_id).await?;
        audit::record_raw(
            &txn,
            Some(row.user_id),
            None,
            request_id,
            Event {
                action: AuditAction::AuthRefreshReuseDetected,
                care_leaver_id: None,
                target: Some(format!("token_family:{}", row.family_id)),
            },
        )
        .await?;
        txn.commit().await?;
        return Err(AppError::Unauthorized);
    }
    let user = entity::user::Entity::find_by_id(row.user_id)
        .one(&txn)
        .await?
        .filter(|u| u.status == UserStatus::Active)
        .ok_or(AppError::Unauthorized)?;
    let role = user.role;
    // Signed out, ended by a password change, or past its absolute lifetime.
    let session = sessions::resume(&txn, row.family_id, now)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let pair = issue_session(&txn, app, user.id, role, &session).await?;
    txn.commit().await?;
    Ok(pair)
}

/// Revokes the presented refresh token's family (this device's session).
pub async fn logout(db: &DatabaseConnection, presented: &str) -> Result<(), AppError> {
    use entity::refresh_token::{Column, Entity};
    if let Some(row) = Entity::find()
        .filter(Column::TokenHash.eq(tokens::hash_token(presented)))
        .one(db)
        .await?
    {
        revoke_family(db, row.family_id).await?;
        // Its access tokens stop working now, not when they expire.
        sessions::revoke(db, row.family_id).await?;
    }
    Ok(())
}

/// Signs one of the actor's own devices out: the session and its refresh tokens are revoked,
/// audited. 404 unless it is an open session of theirs.
pub async fn end_own_session(
    db: &DatabaseConnection,
    actor: &crate::auth::Actor,
    id: Uuid,
) -> Result<(), AppError> {
    let mine = sessions::find_open(db, id, Utc::now())
        .await?
        .is_some_and(|s| super::policy::owns_session(&actor.viewer(), s.user_id));
    if !mine {
        return Err(AppError::NotFound);
    }
    let txn = crate::db::begin_write(db).await?;
    sessions::revoke(&txn, id).await?;
    revoke_family(&txn, id).await?;
    audit::record_by(
        &txn,
        actor,
        Event {
            action: AuditAction::AuthSessionEnded,
            care_leaver_id: None,
            target: Some(format!("session:{id}")),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Revokes every refresh token of one session.
pub async fn revoke_family(conn: &impl ConnectionTrait, family: Uuid) -> Result<(), AppError> {
    use entity::refresh_token::{Column, Entity};
    Entity::update_many()
        .col_expr(Column::RevokedAt, Expr::value(Utc::now()))
        .filter(Column::FamilyId.eq(family))
        .filter(Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

/// Ends every session of a user: refresh tokens revoked, access tokens refused from now, and
/// every staff console session signed out.
pub async fn end_all_sessions(conn: &impl ConnectionTrait, user_id: Uuid) -> Result<(), AppError> {
    let now = Utc::now();
    entity::refresh_token::Entity::update_many()
        .col_expr(entity::refresh_token::Column::RevokedAt, Expr::value(now))
        .filter(entity::refresh_token::Column::UserId.eq(user_id))
        .filter(entity::refresh_token::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    sessions::revoke_all(conn, user_id).await?;
    let cutoff = now;
    entity::user::Entity::update_many()
        .col_expr(entity::user::Column::TokensValidAfter, Expr::value(cutoff))
        .filter(entity::user::Column::Id.eq(user_id))
        .exec(conn)
        .await?;
    crate::console::session::end_all_for_user(conn, user_id, None).await?;
    Ok(())
}

/// Voids every unused one-time token of `user_id` with one of `purposes`: a newer link, a
/// changed password or a changed address makes older links useless.
pub async fn void_tokens(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    purposes: &[TokenPurpose],
) -> Result<(), AppError> {
    use entity::one_time_token::{Column, Entity};
    Entity::update_many()
        .col_expr(Column::UsedAt, Expr::value(Utc::now()))
        .filter(Column::UserId.eq(user_id))
        .filter(Column::Purpose.is_in(purposes.iter().copied()))
        .filter(Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

/// Creates a single-use e-mail token and returns the raw value for the link.
pub async fn create_one_time_token(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    purpose: TokenPurpose,
    ttl: Duration,
) -> Result<String, AppError> {
    create_one_time_token_with(conn, user_id, purpose, ttl, None).await
}

/// As `create_one_time_token`, carrying the new address of an e-mail change.
pub async fn create_one_time_token_with(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    purpose: TokenPurpose,
    ttl: Duration,
    new_email: Option<String>,
) -> Result<String, AppError> {
    let token = tokens::random_token();
    let now = Utc::now();
    entity::one_time_token::Entity::insert(entity::one_time_token::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(user_id),
        purpose: Set(purpose),
        token_hash: Set(tokens::hash_token(&token)),
        expires_at: Set(now + ttl),
        used_at: Set(None),
        created_at: Set(now),
        new_email: Set(new_email),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(token)
}

/// Queues the invitation e-mail for a new account, in the caller's transaction.
pub async fn queue_invitation(
    conn: &impl ConnectionTrait,
    config: &crate::config::Config,
    user: &entity::user::Model,
) -> Result<(), AppError> {
    let token = create_one_time_token(
        conn,
        user.id,
        TokenPurpose::Invitation,
        Duration::days(INVITATION_TTL_DAYS),
    )
    .await?;
    let role_words = match user.role {
        Role::CareLeaver => CARE_LEAVER_INVITATION_WORDS.to_string(),
        role => role.described_with_article().to_owned(),
    };
    mail::enqueue(
        conn,
        config,
        Outgoing {
            to: user.email.clone(),
            to_name: Some(user.name.clone()),
            template: Template::Invitation {
                name: user
                    .preferred_name
                    .clone()
                    .unwrap_or_else(|| user.name.clone()),
                token,
                role_words,
            },
            send_after: None,
        },
    )
    .await?;
    Ok(())
}

/// Uses a single-use token: marks it used and returns its user, or 422 naming `token`.
pub(crate) async fn use_token(
    conn: &impl ConnectionTrait,
    token: &str,
    purpose: TokenPurpose,
) -> Result<entity::user::Model, AppError> {
    let row = claim_token(conn, token, purpose).await?;
    entity::user::Entity::find_by_id(row.user_id)
        .one(conn)
        .await?
        .ok_or_else(invalid_link)
}

fn invalid_link() -> AppError {
    AppError::invalid(
        "token",
        "This link does not work. It may be used already or too old. Ask for a new one.",
    )
}

/// Marks a single-use token used and returns it, or 422 naming `token` when it is unknown,
/// expired or already used.
pub(crate) async fn claim_token(
    conn: &impl ConnectionTrait,
    token: &str,
    purpose: TokenPurpose,
) -> Result<entity::one_time_token::Model, AppError> {
    use entity::one_time_token::{Column, Entity};
    let now = Utc::now();
    let row = Entity::find()
        .filter(Column::TokenHash.eq(tokens::hash_token(token)))
        .filter(Column::Purpose.eq(purpose))
        .one(conn)
        .await?
        .ok_or_else(invalid_link)?;
    if row.expires_at <= now {
        return Err(invalid_link());
    }
    let claimed = Entity::update_many()
        .col_expr(Column::UsedAt, Expr::value(now))
        .filter(Column::Id.eq(row.id))
        .filter(Column::UsedAt.is_null())
        .exec(conn)
        .await?
        .rows_affected
        == 1;
    if !claimed {
        return Err(invalid_link());
    }
    Ok(row)
}

/// Sets a password from an e-mailed token (invitation or reset); ends older sessions.
pub async fn set_password_with_token(
    db: &DatabaseConnection,
    token: &str,
    new_password: String,
    purpose: TokenPurpose,
    request_id: Option<&str>,
) -> Result<entity::user::Model, AppError> {
    password::check_new_password(&new_password, "password")?;
    let hash = password::hash(new_password).await?;
    let txn = crate::db::begin_write(db).await?;
    let user = use_token(&txn, token, purpose).await?;
    if user.status == UserStatus::Disabled {
        return Err(AppError::invalid("token", "this account is disabled"));
    }
    end_all_sessions(&txn, user.id).await?;
    // Every other link sent before this one stops working too.
    void_tokens(
        &txn,
        user.id,
        &[TokenPurpose::PasswordReset, TokenPurpose::EmailChange],
    )
    .await?;
    let updated = entity::user::Entity::update(entity::user::ActiveModel {
        id: Set(user.id),
        password_hash: Set(Some(hash)),
        status: Set(UserStatus::Active),
        updated_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    record_own(
        &txn,
        &user,
        request_id,
        Event {
            action: if purpose == TokenPurpose::Invitation {
                AuditAction::AuthInvitationAccepted
            } else {
                AuditAction::AuthPasswordReset
            },
            care_leaver_id: None,
            target: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// Most reset e-mails one account gets in an hour, however often it is asked.
pub const RESETS_PER_ACCOUNT_PER_HOUR: u64 = 3;
/// Most reset requests one client address may make in an hour (known and unknown addresses
/// alike, so the answer says nothing about accounts).
pub const RESETS_PER_ADDRESS_PER_HOUR: i32 = 10;

/// Counts a reset request from `client_ip`; 429 once the hourly allowance is spent.
pub async fn count_reset_request(db: &DatabaseConnection, client_ip: &str) -> Result<(), AppError> {
    let txn = crate::db::begin_write(db).await?;
    let requests = throttle::count_in_window(
        &txn,
        &format!("reset:{client_ip}"),
        Utc::now(),
        Duration::hours(1),
    )
    .await?;
    txn.commit().await?;
    if requests > RESETS_PER_ADDRESS_PER_HOUR {
        return Err(AppError::TooManyRequests {
            retry_after_secs: 3600,
        });
    }
    Ok(())
}

/// Starts a password reset. Says nothing about whether the address has an account: the
/// caller answers at once and this runs afterwards, the same for every address. A new link
/// voids the older ones; an account gets at most 3 links an hour. `true` when an e-mail was
/// queued (the caller wakes the mail worker).
pub async fn request_password_reset(
    db: &DatabaseConnection,
    config: &Config,
    email: &str,
) -> Result<bool, AppError> {
    let email = EmailAddress::normalise(email);
    let Some(user) = entity::user::Entity::find()
        .filter(entity::user::Column::Email.eq(&email))
        .one(db)
        .await?
        .filter(|u| u.status == UserStatus::Active)
    else {
        return Ok(false);
    };
    let txn = crate::db::begin_write(db).await?;
    // Lock the account's row so parallel requests count one after another (PostgreSQL;
    // SQLite's write transactions are serialised already).
    entity::user::Entity::find_by_id(user.id)
        .lock_exclusive()
        .one(&txn)
        .await?;
    let recent = entity::one_time_token::Entity::find()
        .filter(entity::one_time_token::Column::UserId.eq(user.id))
        .filter(entity::one_time_token::Column::Purpose.eq("password_reset"))
        .filter(entity::one_time_token::Column::CreatedAt.gt(Utc::now() - Duration::hours(1)))
        .count(&txn)
        .await?;
    if recent >= RESETS_PER_ACCOUNT_PER_HOUR {
        return Ok(false);
    }
    void_tokens(&txn, user.id, &[TokenPurpose::PasswordReset]).await?;
    let token = create_one_time_token(
        &txn,
        user.id,
        TokenPurpose::PasswordReset,
        Duration::hours(RESET_TTL_HOURS),
    )
    .await?;
    mail::enqueue(
        &txn,
        config,
        Outgoing {
            to: user.email.clone(),
            to_name: Some(user.name.clone()),
            template: Template::PasswordReset {
                name: user.preferred_name.clone().unwrap_or(user.name.clone()),
                token,
            },
            send_after: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(true)
}
