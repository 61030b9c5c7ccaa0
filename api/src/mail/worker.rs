//! The outbox worker: claims due messages, sends them, retries with backoff and jitter.
use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};
use rand::Rng;
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, DatabaseConnection, DbBackend, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
    sea_query::{Expr, LockBehavior, LockType},
};
use tokio::sync::{Notify, watch};

use super::transport::Mailer;
use crate::config::MailSettings;
use entity::outbox_message::{ActiveModel, Column, Entity, Model, OutboxStatus};

const BATCH: u64 = 20;

/// Runs until `shutdown` turns true, delivering due mail whenever woken or every poll interval.
pub async fn run(
    db: DatabaseConnection,
    mailer: Mailer,
    settings: MailSettings,
    wakeup: std::sync::Arc<Notify>,
    mut shutdown: watch::Receiver<bool>,
) {
    tracing::info!(destination = %mailer.describe(), "mail worker started");
    loop {
        match deliver_due(&db, &mailer, &settings).await {
            Ok(n) if n > 0 => continue, // there may be more due right away
            Ok(_) => {}
            Err(err) => tracing::warn!(error = %err, "mail worker pass failed"),
        }
        tokio::select! {
            _ = wakeup.notified() => {}
            _ = tokio::time::sleep(settings.poll_interval) => {}
            _ = shutdown.changed() => {}
        }
        if *shutdown.borrow() {
            break;
        }
    }
    tracing::info!("mail worker stopped");
}

fn due(now: DateTime<Utc>) -> Condition {
    Condition::any()
        .add(
            Condition::all()
                .add(Column::Status.eq(OutboxStatus::Pending))
                .add(Column::SendAfter.lte(now)),
        )
        .add(
            Condition::all()
                .add(Column::Status.eq(OutboxStatus::Sending))
                .add(Column::ClaimedUntil.lt(now)),
        )
}

/// Claims a batch of due messages. On PostgreSQL the rows are locked with
/// `FOR UPDATE SKIP LOCKED`, so several instances never claim the same message; the claim
/// itself is a status change committed before sending.
async fn claim(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    claim_for: Duration,
) -> Result<(Vec<Model>, DateTime<Utc>), DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let mut query = Entity::find()
        .filter(due(now))
        .order_by_asc(Column::SendAfter)
        .limit(BATCH);
    if db.get_database_backend() == DbBackend::Postgres {
        query = query.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let rows = query.all(&txn).await?;
    // Whole seconds, so the stored value compares equal on every backend (see the release
    // in `deliver_due`).
    let until = (now + chrono::Duration::from_std(claim_for).unwrap_or_default()).trunc_subsecs(0);
    let mut claimed = Vec::with_capacity(rows.len());
    for row in rows {
        // Conditional on the state we read, so a claim can never be taken twice.
        let result = Entity::update_many()
            .col_expr(Column::Status, Expr::value(OutboxStatus::Sending))
            .col_expr(Column::ClaimedUntil, Expr::value(until))
            .filter(Column::Id.eq(row.id))
            .filter(due(now))
            .exec(&txn)
            .await?;
        if result.rows_affected == 1 {
            claimed.push(row);
        }
    }
    txn.commit().await?;
    Ok((claimed, until))
}

/// One pass: claims and sends what is due. Returns how many messages were attempted.
pub async fn deliver_due(
    db: &DatabaseConnection,
    mailer: &Mailer,
    settings: &MailSettings,
) -> Result<usize, DbErr> {
    let (claimed, until) = claim(db, Utc::now(), settings.claim_for).await?;
    let mut count = 0;
    let smtp_timeout = chrono::Duration::from_std(settings.smtp_timeout).unwrap_or_default();
    for row in claimed {
        // A send started now could outlast the claim, and then another instance could
        // claim and send the same message: hand the rest of the batch back instead.
        if Utc::now() + smtp_timeout >= until {
            Entity::update_many()
                .col_expr(Column::Status, Expr::value(OutboxStatus::Pending))
                .col_expr(
                    Column::ClaimedUntil,
                    Expr::value(Option::<DateTime<Utc>>::None),
                )
                .filter(Column::Id.eq(row.id))
                .filter(Column::Status.eq(OutboxStatus::Sending))
                .filter(Column::ClaimedUntil.eq(until))
                .exec(db)
                .await?;
            continue;
        }
        count += 1;
        let outcome = mailer.send(&row).await;
        let attempts = row.attempts + 1;
        let mut update = ActiveModel {
            id: Set(row.id),
            attempts: Set(attempts),
            claimed_until: Set(None),
            ..Default::default()
        };
        match outcome {
            Ok(()) => {
                metrics::counter!("mail_sent_total").increment(1);
                update.status = Set(OutboxStatus::Sent);
                update.sent_at = Set(Some(Utc::now()));
                update.last_error = Set(None);
            }
            Err(err) => {
                let failed = attempts >= settings.max_attempts;
                let outcome = if failed { "gave_up" } else { "retry" };
                metrics::counter!("mail_send_failures_total", "outcome" => outcome).increment(1);
                tracing::warn!(outbox_id = %row.id, attempts, failed, error = %err.message, "mail delivery failed");
                update.status = Set(if failed {
                    OutboxStatus::Failed
                } else {
                    OutboxStatus::Pending
                });
                update.last_error = Set(Some(err.message.chars().take(500).collect()));
                update.send_after = Set(Utc::now() + backoff(settings, attempts));
            }
        }
        Entity::update(update).exec(db).await?;
    }
    Ok(count)
}

/// Exponential backoff with "equal jitter": half the delay fixed, half random.
pub fn backoff(settings: &MailSettings, attempts: i32) -> chrono::Duration {
    let exp = settings
        .retry_base
        .saturating_mul(2u32.saturating_pow((attempts - 1).clamp(0, 20) as u32))
        .min(settings.retry_max);
    let half = exp / 2;
    let jitter = rand::thread_rng().gen_range(0..=half.as_millis().max(1) as u64);
    chrono::Duration::from_std(half + Duration::from_millis(jitter)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_exponentially_within_jitter_and_is_capped() {
        let settings = MailSettings {
            retry_base: Duration::from_secs(10),
            retry_max: Duration::from_secs(100),
            ..MailSettings::default()
        };
        for (attempts, full) in [(1, 10), (2, 20), (3, 40), (4, 80), (5, 100), (30, 100)] {
            let d = backoff(&settings, attempts).num_milliseconds();
            assert!(
                d >= full * 500 && d <= full * 1000,
                "attempt {attempts}: {d}"
            );
        }
    }
}
