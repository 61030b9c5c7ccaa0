//! `GET /v1/me/access-log` lists what others did with a young person's records. Their own
//! reads (one audit row per passport read) far outnumber those, and the index on
//! `(care_leaver_id, at)` made the list walk every one of them. This partial index holds only
//! the rows the access log shows, newest first, so the list is one short index range.
//!
//! The condition is written exactly as the query writes it: SQLite uses a partial index only
//! when the query's WHERE clause contains the index's condition term for term.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The access log's condition (also used by the query in `api/src/audit/routes.rs`).
pub const OTHERS_ACCESS: &str = "(actor_id IS NULL OR actor_id <> care_leaver_id)";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "CREATE INDEX idx_audit_others_access ON audit_events \
                 (care_leaver_id, at DESC, id DESC) WHERE {OTHERS_ACCESS}"
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_audit_others_access")
                    .table(AuditEvents::Table)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
}
