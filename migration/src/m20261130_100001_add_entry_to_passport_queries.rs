//! A question can point at one entry of a section (e.g. one allergy): its place in the list of
//! the published version the young person read (versions never change, so the place is stable)
//! and the entry's name there, for the nurse's list. Also an index for the nurses' list of
//! open questions, oldest first.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        manager
            .alter_table(
                Table::alter()
                    .table(PassportQueries::Table)
                    .add_column(integer_null(PassportQueries::EntryIndex))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(PassportQueries::Table)
                    .add_column(string_len_null(PassportQueries::EntryLabel, 200))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_passport_queries_status_created")
                    .table(PassportQueries::Table)
                    .col(PassportQueries::Status)
                    .col(PassportQueries::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_passport_queries_status_created")
                    .table(PassportQueries::Table)
                    .to_owned(),
            )
            .await?;
        for column in [PassportQueries::EntryLabel, PassportQueries::EntryIndex] {
            manager
                .alter_table(
                    Table::alter()
                        .table(PassportQueries::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum PassportQueries {
    Table,
    EntryIndex,
    EntryLabel,
    Status,
    CreatedAt,
}
