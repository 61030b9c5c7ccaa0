//! Staff console sessions (cookie id stored hashed), TOTP second factors (secret encrypted),
//! one-time recovery codes (hashed) and the API's short-lived second-factor challenges.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ConsoleSessions::Table)
                    .col(pk_uuid(ConsoleSessions::Id))
                    .col(string_uniq(ConsoleSessions::TokenHash))
                    .col(uuid_null(ConsoleSessions::UserId))
                    .col(string_len(ConsoleSessions::Stage, 16))
                    .col(string(ConsoleSessions::CsrfToken))
                    .col(integer(ConsoleSessions::Attempts).default(0))
                    .col(string_len_null(ConsoleSessions::UserAgent, 200))
                    .col(timestamp_with_time_zone(ConsoleSessions::CreatedAt))
                    .col(timestamp_with_time_zone(ConsoleSessions::LastSeenAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ConsoleSessions::Table, ConsoleSessions::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_console_sessions_user")
                    .table(ConsoleSessions::Table)
                    .col(ConsoleSessions::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SecondFactors::Table)
                    .col(pk_uuid(SecondFactors::UserId))
                    .col(text(SecondFactors::SecretCiphertext))
                    .col(timestamp_with_time_zone_null(SecondFactors::ConfirmedAt))
                    .col(big_integer_null(SecondFactors::LastUsedStep))
                    .col(timestamp_with_time_zone(SecondFactors::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(SecondFactors::Table, SecondFactors::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RecoveryCodes::Table)
                    .col(pk_uuid(RecoveryCodes::Id))
                    .col(uuid(RecoveryCodes::UserId))
                    .col(string(RecoveryCodes::CodeHash))
                    .col(timestamp_with_time_zone_null(RecoveryCodes::UsedAt))
                    .col(timestamp_with_time_zone(RecoveryCodes::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RecoveryCodes::Table, RecoveryCodes::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_recovery_codes_user")
                    .table(RecoveryCodes::Table)
                    .col(RecoveryCodes::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LoginChallenges::Table)
                    .col(pk_uuid(LoginChallenges::Id))
                    .col(uuid(LoginChallenges::UserId))
                    .col(string_uniq(LoginChallenges::TokenHash))
                    .col(integer(LoginChallenges::Attempts).default(0))
                    .col(timestamp_with_time_zone(LoginChallenges::ExpiresAt))
                    .col(timestamp_with_time_zone_null(LoginChallenges::UsedAt))
                    .col(timestamp_with_time_zone(LoginChallenges::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(LoginChallenges::Table, LoginChallenges::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            LoginChallenges::Table.into_iden(),
            RecoveryCodes::Table.into_iden(),
            SecondFactors::Table.into_iden(),
            ConsoleSessions::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ConsoleSessions {
    Table,
    Id,
    TokenHash,
    UserId,
    Stage,
    CsrfToken,
    Attempts,
    UserAgent,
    CreatedAt,
    LastSeenAt,
}

#[derive(DeriveIden)]
enum SecondFactors {
    Table,
    UserId,
    SecretCiphertext,
    ConfirmedAt,
    LastUsedStep,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RecoveryCodes {
    Table,
    Id,
    UserId,
    CodeHash,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum LoginChallenges {
    Table,
    Id,
    UserId,
    TokenHash,
    Attempts,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}
