//! Sign-in throttling: after repeated failures for one account or from one address, further
//! attempts wait a growing delay (capped, so an attacker cannot lock a young person out).
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait, sea_query::OnConflict};
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
    if key.starts_with("account:") {
        FREE_FAILURES_ACCOUNT
    } else {
        FREE_FAILURES_ADDRESS
    }
}

/// Seconds the caller must still wait, if any key is blocked.
pub async fn retry_after(
    conn: &impl ConnectionTrait,
    keys: &[String],
    now: DateTime<Utc>,
) -> Result<Option<u64>, DbErr> {
    let mut wait = 0i64;
    for key in keys {
        if let Some(row) = Entity::find_by_id(key.clone()).one(conn).await?
            && let Some(until) = row.blocked_until
            && until > now
        {
            wait = wait.max((until - now).num_milliseconds().div_euclid(1000) + 1);
        }
    }
    Ok((wait > 0).then_some(wait as u64))
}

/// Counts a failure against each key.
pub async fn record_failure(
    conn: &impl ConnectionTrait,
    keys: &[String],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    for key in keys {
        let previous = Entity::find_by_id(key.clone()).one(conn).await?;
        // A long quiet spell forgets old failures.
        let failures = match previous {
            Some(p) if (now - p.updated_at).num_seconds() < MAX_DELAY_SECS * 4 => p.failures + 1,
            _ => 1,
        };
        let delay = delay_secs(failures, free_for(key));
        let blocked_until = (delay > 0).then(|| now + chrono::Duration::seconds(delay));
        Entity::insert(ActiveModel {
            key: Set(key.clone()),
            failures: Set(failures),
            blocked_until: Set(blocked_until),
            updated_at: Set(now),
        })
        .on_conflict(
            OnConflict::column(Column::Key)
                .update_columns([Column::Failures, Column::BlockedUntil, Column::UpdatedAt])
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    }
    Ok(())
}

/// A success clears the counters.
pub async fn reset(conn: &impl ConnectionTrait, keys: &[String]) -> Result<(), DbErr> {
    for key in keys {
        Entity::delete_by_id(key.clone()).exec(conn).await?;
    }
    Ok(())
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
