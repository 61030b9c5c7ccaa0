//! The young person's own words: the passport section they write themselves, kept apart from
//! the nurse's draft so that a nurse's save can never overwrite it. A row exists once they
//! have written; `text` is null when they took their words out again.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PassportOwnWords::Table)
                    .col(pk_uuid(PassportOwnWords::CareLeaverId))
                    .col(text_null(PassportOwnWords::Text))
                    .col(uuid(PassportOwnWords::WrittenBy))
                    .col(timestamp_with_time_zone(PassportOwnWords::CreatedAt))
                    .col(timestamp_with_time_zone(PassportOwnWords::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PassportOwnWords::Table, PassportOwnWords::CareLeaverId)
                            .to(CareLeavers::Table, CareLeavers::UserId)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PassportOwnWords::Table, PassportOwnWords::WrittenBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PassportOwnWords::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum PassportOwnWords {
    Table,
    CareLeaverId,
    Text,
    WrittenBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CareLeavers {
    Table,
    UserId,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
