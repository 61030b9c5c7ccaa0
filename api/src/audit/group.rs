//! Group commit for the audit entries that reads write.
//!
//! Every read of a young person's records appends an audit entry before it is answered. On
//! SQLite each of those inserts would take the database's single write lock in turn, so
//! readers queued behind one another. Instead a writer task takes every entry waiting at that
//! moment, inserts them in one statement (one transaction, one commit) and only then lets
//! each waiting request answer: no read is answered before its entry is durable, and many
//! readers share one commit.
use std::sync::{Arc, OnceLock};

use chrono::Utc;
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait};
use tokio::sync::{mpsc, oneshot};

use super::Event;
use crate::{auth::Actor, error::AppError};

/// Entries per insert; well under SQLite's and PostgreSQL's bound-parameter limits.
const MAX_BATCH: usize = 256;

type Done = oneshot::Sender<Result<(), String>>;

/// The handle requests append through; the writer task starts on first use.
#[derive(Clone)]
pub struct AuditLog {
    db: DatabaseConnection,
    queue: Arc<OnceLock<mpsc::UnboundedSender<(entity::audit_event::ActiveModel, Done)>>>,
}

impl AuditLog {
    pub fn new(db: DatabaseConnection) -> Self {
        Self {
            db,
            queue: Arc::new(OnceLock::new()),
        }
    }

    /// Appends `event` and returns once it is committed.
    pub async fn record(&self, actor: &Actor, event: Event) -> Result<(), AppError> {
        let row = entity::audit_event::ActiveModel {
            at: Set(Utc::now()),
            actor_id: Set(Some(actor.id)),
            actor_role: Set(Some(actor.role)),
            action: Set(event.action),
            care_leaver_id: Set(event.care_leaver_id),
            target: Set(event.target),
            request_id: Set(actor.request_id.clone()),
            ..Default::default()
        };
        let queue = self.queue.get_or_init(|| {
            let (tx, rx) = mpsc::unbounded_channel();
            tokio::spawn(write_batches(self.db.clone(), rx));
            tx
        });
        let (done, committed) = oneshot::channel();
        queue
            .send((row, done))
            .map_err(|_| AppError::Internal(anyhow::anyhow!("the audit writer has stopped")))?;
        match committed.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(error)) => Err(AppError::Internal(anyhow::anyhow!(
                "audit entry not written: {error}"
            ))),
            Err(_) => Err(AppError::Internal(anyhow::anyhow!(
                "the audit writer stopped before committing"
            ))),
        }
    }
}

/// The writer: one multi-row insert per batch of waiting entries, one batch at a time. While a
/// batch commits, entries keep queueing and form the next one, so the busier the server the
/// more readers share a commit. It ends when every `AuditLog` handle is gone, after answering
/// everything already queued.
///
/// One writer on PostgreSQL too: with four batches committing at once (to join PostgreSQL's
/// shared log flushes) batches held 1.1 entries on average and a passport read cost 1.9
/// commits; with one, 1.3 commits, 189–224 µs of PostgreSQL's CPU instead of 293 µs, and
/// 4,205–4,687 reads/s instead of 3,650 (`bench/README.md`, run 8).
async fn write_batches(
    db: DatabaseConnection,
    mut queue: mpsc::UnboundedReceiver<(entity::audit_event::ActiveModel, Done)>,
) {
    loop {
        let mut batch = Vec::with_capacity(MAX_BATCH);
        if queue.recv_many(&mut batch, MAX_BATCH).await == 0 {
            break;
        }
        commit(&db, batch).await;
    }
}

/// Inserts one batch, then answers each of its requests with the outcome.
async fn commit(db: &DatabaseConnection, batch: Vec<(entity::audit_event::ActiveModel, Done)>) {
    let (rows, waiting): (Vec<_>, Vec<_>) = batch.into_iter().unzip();
    let result = entity::audit_event::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string());
    match &result {
        Ok(()) => metrics::counter!("audit_events_recorded_total").increment(waiting.len() as u64),
        Err(error) => {
            tracing::error!(%error, entries = waiting.len(), "audit: batch insert failed")
        }
    }
    for done in waiting {
        let _ = done.send(result.clone());
    }
}
