use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LocalAuthorities::Table)
                    .col(string(LocalAuthorities::Code).primary_key())
                    .col(string(LocalAuthorities::Name))
                    .to_owned(),
            )
            .await?;
        // The Black Country authorities: data, so a fifth can be added without a code change.
        let mut insert = Query::insert()
            .into_table(LocalAuthorities::Table)
            .columns([LocalAuthorities::Code, LocalAuthorities::Name])
            .to_owned();
        for (code, name) in [
            ("dudley", "Dudley Metropolitan Borough Council"),
            ("sandwell", "Sandwell Metropolitan Borough Council"),
            ("walsall", "Walsall Council"),
            ("wolverhampton", "City of Wolverhampton Council"),
        ] {
            insert.values_panic([code.into(), name.into()]);
        }
        manager.exec_stmt(insert).await?;

        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(pk_uuid(Users::Id))
                    .col(string_len(Users::Role, 32))
                    .col(string_uniq(Users::Email))
                    .col(string(Users::Name))
                    .col(string_null(Users::PreferredName))
                    .col(string(Users::LocalAuthority))
                    .col(text_null(Users::PasswordHash))
                    .col(string_len(Users::Status, 16))
                    .col(timestamp_with_time_zone(Users::TokensValidAfter))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .col(timestamp_with_time_zone(Users::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Users::Table, Users::LocalAuthority)
                            .to(LocalAuthorities::Table, LocalAuthorities::Code),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CareLeavers::Table)
                    .col(pk_uuid(CareLeavers::UserId))
                    .col(date(CareLeavers::DateOfBirth))
                    .col(string_null(CareLeavers::Phone))
                    .col(string_len_null(CareLeavers::NhsNumber, 10))
                    .col(string_len(CareLeavers::LeavingCareStatus, 16))
                    .col(uuid_null(CareLeavers::CaseworkerId))
                    .col(uuid_null(CareLeavers::NurseId))
                    .col(boolean(CareLeavers::ConsentSharePassportWithCaseworker).default(false))
                    .col(string_len_null(CareLeavers::GpOdsCode, 16))
                    .col(string_len_null(CareLeavers::DentistOdsCode, 16))
                    .col(timestamp_with_time_zone(CareLeavers::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CareLeavers::Table, CareLeavers::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CareLeavers::Table, CareLeavers::CaseworkerId)
                            .to(Users::Table, Users::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CareLeavers::Table, CareLeavers::NurseId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_care_leavers_caseworker")
                    .table(CareLeavers::Table)
                    .col(CareLeavers::CaseworkerId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OneTimeTokens::Table)
                    .col(pk_uuid(OneTimeTokens::Id))
                    .col(uuid(OneTimeTokens::UserId))
                    .col(string_len(OneTimeTokens::Purpose, 32))
                    .col(string_uniq(OneTimeTokens::TokenHash))
                    .col(timestamp_with_time_zone(OneTimeTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(OneTimeTokens::UsedAt))
                    .col(timestamp_with_time_zone(OneTimeTokens::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(OneTimeTokens::Table, OneTimeTokens::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RefreshTokens::Table)
                    .col(pk_uuid(RefreshTokens::Id))
                    .col(uuid(RefreshTokens::UserId))
                    .col(uuid(RefreshTokens::FamilyId))
                    .col(string_uniq(RefreshTokens::TokenHash))
                    .col(timestamp_with_time_zone(RefreshTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(RefreshTokens::UsedAt))
                    .col(timestamp_with_time_zone_null(RefreshTokens::RevokedAt))
                    .col(timestamp_with_time_zone(RefreshTokens::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RefreshTokens::Table, RefreshTokens::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_refresh_tokens_family")
                    .table(RefreshTokens::Table)
                    .col(RefreshTokens::FamilyId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(LoginThrottles::Table)
                    .col(string(LoginThrottles::Key).primary_key())
                    .col(integer(LoginThrottles::Failures))
                    .col(timestamp_with_time_zone_null(LoginThrottles::BlockedUntil))
                    .col(timestamp_with_time_zone(LoginThrottles::UpdatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            LoginThrottles::Table.into_iden(),
            RefreshTokens::Table.into_iden(),
            OneTimeTokens::Table.into_iden(),
            CareLeavers::Table.into_iden(),
            Users::Table.into_iden(),
            LocalAuthorities::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
pub enum LocalAuthorities {
    Table,
    Code,
    Name,
}

#[derive(DeriveIden)]
pub enum Users {
    Table,
    Id,
    Role,
    Email,
    Name,
    PreferredName,
    LocalAuthority,
    PasswordHash,
    Status,
    TokensValidAfter,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub enum CareLeavers {
    Table,
    UserId,
    DateOfBirth,
    Phone,
    NhsNumber,
    LeavingCareStatus,
    CaseworkerId,
    NurseId,
    ConsentSharePassportWithCaseworker,
    GpOdsCode,
    DentistOdsCode,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum OneTimeTokens {
    Table,
    Id,
    UserId,
    Purpose,
    TokenHash,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    Id,
    UserId,
    FamilyId,
    TokenHash,
    ExpiresAt,
    UsedAt,
    RevokedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum LoginThrottles {
    Table,
    Key,
    Failures,
    BlockedUntil,
    UpdatedAt,
}
