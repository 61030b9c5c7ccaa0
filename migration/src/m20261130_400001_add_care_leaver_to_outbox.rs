//! An outbox message can name the young person it is about (`care_leaver_id`), so a caseworker
//! can see the e-mails they were sent about each young person on their caseload. Mail sent
//! before this column existed names nobody.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(OutboxMessages::Table)
                    .add_column(uuid_null(OutboxMessages::CareLeaverId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_care_leaver")
                    .table(OutboxMessages::Table)
                    .col(OutboxMessages::CareLeaverId)
                    .col(OutboxMessages::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_outbox_care_leaver")
                    .table(OutboxMessages::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(OutboxMessages::Table)
                    .drop_column(OutboxMessages::CareLeaverId)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum OutboxMessages {
    Table,
    CareLeaverId,
    CreatedAt,
}
