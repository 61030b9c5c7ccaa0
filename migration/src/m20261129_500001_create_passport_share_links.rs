//! Share links: a young person shares chosen sections of their passport with a new GP for a
//! while. Only hashes of the link token and the passcode are stored.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PassportShareLinks::Table)
                    .col(pk_uuid(PassportShareLinks::Id))
                    .col(uuid(PassportShareLinks::CareLeaverId))
                    .col(string_len(PassportShareLinks::Recipient, 120))
                    .col(json(PassportShareLinks::Sections))
                    .col(string_len_uniq(PassportShareLinks::TokenHash, 64))
                    .col(text(PassportShareLinks::PasscodeHash))
                    .col(integer(PassportShareLinks::FailedAttempts).default(0))
                    .col(integer(PassportShareLinks::Openings).default(0))
                    .col(timestamp_with_time_zone(PassportShareLinks::ExpiresAt))
                    .col(timestamp_with_time_zone_null(PassportShareLinks::RevokedAt))
                    .col(timestamp_with_time_zone_null(PassportShareLinks::LockedAt))
                    .col(timestamp_with_time_zone_null(
                        PassportShareLinks::LastOpenedAt,
                    ))
                    .col(timestamp_with_time_zone(PassportShareLinks::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PassportShareLinks::Table, PassportShareLinks::CareLeaverId)
                            .to(CareLeavers::Table, CareLeavers::UserId)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // A young person's links, newest first.
        manager
            .create_index(
                Index::create()
                    .name("idx_passport_share_links_care_leaver")
                    .table(PassportShareLinks::Table)
                    .col(PassportShareLinks::CareLeaverId)
                    .col(PassportShareLinks::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PassportShareLinks::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum PassportShareLinks {
    Table,
    Id,
    CareLeaverId,
    Recipient,
    Sections,
    TokenHash,
    PasscodeHash,
    FailedAttempts,
    Openings,
    ExpiresAt,
    RevokedAt,
    LockedAt,
    LastOpenedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CareLeavers {
    Table,
    UserId,
}
