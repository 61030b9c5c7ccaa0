//! Each outbox message belongs to the local authority of its recipient, so an admin sees and
//! retries only their own council's mail.
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
                    .add_column(string_len_null(OutboxMessages::LocalAuthority, 64))
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE outbox_messages SET local_authority = \
                 (SELECT users.local_authority FROM users WHERE users.email = outbox_messages.to_address)",
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_local_authority")
                    .table(OutboxMessages::Table)
                    .col(OutboxMessages::LocalAuthority)
                    .col(OutboxMessages::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_outbox_local_authority")
                    .table(OutboxMessages::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(OutboxMessages::Table)
                    .drop_column(OutboxMessages::LocalAuthority)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum OutboxMessages {
    Table,
    LocalAuthority,
    CreatedAt,
}
