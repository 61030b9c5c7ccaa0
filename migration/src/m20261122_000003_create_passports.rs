//! The Leaving Care Health Passport: the nurse's working draft, the published (immutable)
//! versions, the young person's acknowledgements and their queries on entries.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PassportDrafts::Table)
                    .col(pk_uuid(PassportDrafts::CareLeaverId))
                    .col(json(PassportDrafts::Content))
                    // Bumped on every save; the draft's ETag is derived from it.
                    .col(integer(PassportDrafts::Version))
                    .col(uuid_null(PassportDrafts::UpdatedBy))
                    .col(timestamp_with_time_zone(PassportDrafts::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PassportDrafts::Table, PassportDrafts::CareLeaverId)
                            .to(CareLeavers::Table, CareLeavers::UserId)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PassportDrafts::Table, PassportDrafts::UpdatedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PassportVersions::Table)
                    .col(pk_uuid(PassportVersions::Id))
                    .col(uuid(PassportVersions::CareLeaverId))
                    .col(integer(PassportVersions::Number))
                    .col(json(PassportVersions::Content))
                    .col(uuid(PassportVersions::PublishedBy))
                    // The publisher's name as it was, so a frozen version never changes.
                    .col(string(PassportVersions::PublishedByName))
                    .col(timestamp_with_time_zone(PassportVersions::PublishedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PassportVersions::Table, PassportVersions::CareLeaverId)
                            .to(CareLeavers::Table, CareLeavers::UserId)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PassportVersions::Table, PassportVersions::PublishedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_passport_versions_number")
                    .table(PassportVersions::Table)
                    .col(PassportVersions::CareLeaverId)
                    .col(PassportVersions::Number)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PassportAcknowledgements::Table)
                    .col(pk_uuid(PassportAcknowledgements::Id))
                    .col(uuid_uniq(PassportAcknowledgements::VersionId))
                    .col(uuid(PassportAcknowledgements::CareLeaverId))
                    .col(timestamp_with_time_zone(
                        PassportAcknowledgements::AcknowledgedAt,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                PassportAcknowledgements::Table,
                                PassportAcknowledgements::VersionId,
                            )
                            .to(PassportVersions::Table, PassportVersions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                PassportAcknowledgements::Table,
                                PassportAcknowledgements::CareLeaverId,
                            )
                            .to(CareLeavers::Table, CareLeavers::UserId)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_passport_acknowledgements_care_leaver")
                    .table(PassportAcknowledgements::Table)
                    .col(PassportAcknowledgements::CareLeaverId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PassportQueries::Table)
                    .col(pk_uuid(PassportQueries::Id))
                    .col(uuid(PassportQueries::CareLeaverId))
                    .col(integer(PassportQueries::Version))
                    .col(string_len(PassportQueries::Section, 64))
                    .col(text(PassportQueries::Message))
                    .col(string_len(PassportQueries::Status, 16))
                    .col(text_null(PassportQueries::ResolutionNote))
                    .col(uuid_null(PassportQueries::ResolvedBy))
                    .col(timestamp_with_time_zone_null(PassportQueries::ResolvedAt))
                    .col(timestamp_with_time_zone(PassportQueries::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PassportQueries::Table, PassportQueries::CareLeaverId)
                            .to(CareLeavers::Table, CareLeavers::UserId)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PassportQueries::Table, PassportQueries::ResolvedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_passport_queries_care_leaver")
                    .table(PassportQueries::Table)
                    .col(PassportQueries::CareLeaverId)
                    .col(PassportQueries::Status)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            PassportQueries::Table.into_iden(),
            PassportAcknowledgements::Table.into_iden(),
            PassportVersions::Table.into_iden(),
            PassportDrafts::Table.into_iden(),
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
enum CareLeavers {
    Table,
    UserId,
}

#[derive(DeriveIden)]
enum PassportDrafts {
    Table,
    CareLeaverId,
    Content,
    Version,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PassportVersions {
    Table,
    Id,
    CareLeaverId,
    Number,
    Content,
    PublishedBy,
    PublishedByName,
    PublishedAt,
}

#[derive(DeriveIden)]
enum PassportAcknowledgements {
    Table,
    Id,
    VersionId,
    CareLeaverId,
    AcknowledgedAt,
}

#[derive(DeriveIden)]
enum PassportQueries {
    Table,
    Id,
    CareLeaverId,
    Version,
    Section,
    Message,
    Status,
    ResolutionNote,
    ResolvedBy,
    ResolvedAt,
    CreatedAt,
}
