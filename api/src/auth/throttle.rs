//! Sign-in throttling: after repeated failures for one account or from one address, further
//! attempts wait a growing delay (capped, so an attacker cannot lock a young person out).
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set,
    ConnectionTrait, DbErr, EntityTrait, QuerySelect,
    sea_query::{Expr, OnConflict},
};
use sha2::{Digest, Sha256};

use entity::login_throttle::{ActiveModel, Column, Entity};

/// Failures allowed before delays start.
const FREE_FAILURES_ACCOUNT: i32 = 5;
const FREE_FAILURES_ADDRESS: i32 = 20;
/// The longest wait; also how long a quiet spell takes to forget old failures.
const MAX_DELAY_SECS: i64 = 15 * 60;

pub fn account_key(email: &str) -> String {
    format!("account:{}", hex::encode(Sha256::digest(email.as_bytes())))
}

pub fn address_key(ip: &str) -> String {
    format!("address:{ip}")
}

/// Delay after `failures` failures, given the free allowance: 1 s, 2 s, 4 s … up to 15 min.
pub fn delay_secs(failures: i32, free: i32) -> i64 {
    if failures < free {
        return 0;
    }
    let step = (failures - free).min(20) as u32;
    (1i64 << step).min(MAX_DELAY_SECS)
}

fn free_for(key: &str) -> i32 {
    if key.starts_with("account:") || key.starts_with("device:") {
        FREE_FAILURES_ACCOUNT
    } else {
        FREE_FAILURES_ADDRESS
    }
}

/// Takes `key`'s row and its lock: inserts it with no failures, or makes a no-op update that
/// only takes the row lock, so parallel requests for one key count in turn.
async fn lock_row(conn: &impl ConnectionTrait, key: &str, now: DateTime<Utc>) -> Result<(), DbErr> {
    Entity::insert(ActiveModel {
        key: Set(key.to_owned()),
        failures: Set(0),
        blocked_until: Set(None),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(Column::Key)
            .value(Column::Failures, Expr::col((Entity, Column::Failures)))
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Counts this attempt against every key before the password is checked, atomically with
/// the check: the row lock taken by the increment makes parallel attempts queue, so once the
/// allowance is spent every later attempt sees the block. Returns the seconds to wait when a
/// key is blocked; the caller then drops `conn`'s transaction, so a refused attempt is not
/// counted. On success the caller calls `succeeded`.
pub async fn reserve(
    conn: &impl ConnectionTrait,
    keys: &[String],
    now: DateTime<Utc>,
) -> Result<Option<u64>, DbErr> {
    let mut wait = 0i64;
    for key in keys {
        // Take the row (and its lock) first: insert it, or bump it in place.
        lock_row(conn, key, now).await?;
        let Some(row) = Entity::find_by_id(key.clone()).one(conn).await? else {
            continue;
        };
        if let Some(until) = row.blocked_until
            && until > now
        {
            wait = wait.max((until - now).num_milliseconds().div_euclid(1000) + 1);
            continue;
        }
        // A long quiet spell forgets old failures.
        let failures = if (now - row.updated_at).num_seconds() < MAX_DELAY_SECS * 4 {
            row.failures + 1
        } else {
            1
        };
        let delay = delay_secs(failures, free_for(key));
        Entity::update(ActiveModel {
            key: Set(key.clone()),
            failures: Set(failures),
            blocked_until: Set((delay > 0).then(|| now + chrono::Duration::seconds(delay))),
            updated_at: Set(now),
        })
        .exec(conn)
        .await?;
    }
    Ok((wait > 0).then_some(wait as u64))
}

/// A successful sign-in: clears the account's (or trusted device's) own counter, and takes
/// back the attempt counted against the address, whose other failures stay counted, so
/// one valid account does not let an address spray passwords at others.
///
/// The address's row is read with its lock (`FOR UPDATE` on PostgreSQL; SQLite's write
/// transaction holds the whole database). Read without it, sign-ins succeeding at the same
/// moment on PostgreSQL each took one attempt from the same count and wrote over each other:
/// twelve at once left 4–8 of their attempts counted, so a busy address's count crept up
/// towards its allowance with no failure at all.
pub async fn succeeded(
    conn: &impl ConnectionTrait,
    own_key: &str,
    address_key: &str,
) -> Result<(), DbErr> {
    Entity::delete_by_id(own_key.to_owned()).exec(conn).await?;
    let address = Entity::find_by_id(address_key.to_owned())
        .lock_exclusive()
        .one(conn)
        .await?;
    if let Some(row) = address {
        let failures = (row.failures - 1).max(0);
        let blocked_until = if delay_secs(failures, free_for(address_key)) == 0 {
            None
        } else {
            row.blocked_until
        };
        Entity::update(ActiveModel {
            key: Set(row.key),
            failures: Set(failures),
            blocked_until: Set(blocked_until),
            updated_at: Set(row.updated_at),
        })
        .exec(conn)
        .await?;
    }
    Ok(())
}

/// Counts one event under `key` in a fixed window of `window` and returns the count so far
/// in this window (this event included).
pub async fn count_in_window(
    conn: &impl ConnectionTrait,
    key: &str,
    now: DateTime<Utc>,
    window: chrono::Duration,
) -> Result<i32, DbErr> {
    // Take the row and its lock first, so parallel requests count in turn.
    lock_row(conn, key, now).await?;
    let previous = Entity::find_by_id(key.to_owned()).one(conn).await?;
    let (count, started) = match previous {
        Some(p) if now - p.updated_at < window => (p.failures + 1, p.updated_at),
        _ => (1, now),
    };
    Entity::update(ActiveModel {
        key: Set(key.to_owned()),
        failures: Set(count),
        blocked_until: Set(None),
        updated_at: Set(started),
    })
    .exec(conn)
    .await?;
    Ok(count)
}

/// A counter of its own for a device that once signed in to the account (OWASP's device
/// cookie): failures from unknown devices do not lock its owner out.
pub fn device_key(nonce: &str) -> String {
    format!("device:{}", hex::encode(Sha256::digest(nonce.as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_start_after_the_free_allowance_and_grow_to_a_cap() {
        let cases = [
            (0, 0),
            (4, 0),
            (5, 1),
            (6, 2),
            (7, 4),
            (10, 32),
            (15, 900),
            (100, 900),
        ];
        for (failures, delay) in cases {
            assert_eq!(
                delay_secs(failures, FREE_FAILURES_ACCOUNT),
                delay,
                "{failures}"
            );
        }
        assert_eq!(delay_secs(19, FREE_FAILURES_ADDRESS), 0);
    }

    #[test]
    fn account_keys_do_not_contain_the_address() {
        let key = account_key("jo@example.org");
        assert!(!key.contains("jo@"));
    }
}
