//! Chances4YOUth expressions of interest, the directorates and opportunity types they name
//! (join tables, so filters are plain indexed lookups on SQLite and PostgreSQL alike) and the
//! history of every status change.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// One open form per young person, enforced by the database as well as by the handler, so two
/// submissions racing on PostgreSQL cannot both win. Partial unique indexes are written the
/// same way on SQLite and PostgreSQL; the builder has no syntax for them.
const ONE_OPEN_FORM: &str = "CREATE UNIQUE INDEX uq_eoi_one_open_per_care_leaver \
    ON expressions_of_interest (care_leaver_id) \
    WHERE status NOT IN ('started', 'not_progressed', 'withdrawn')";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ExpressionsOfInterest::Table)
                    .col(pk_uuid(ExpressionsOfInterest::Id))
                    .col(uuid(ExpressionsOfInterest::CareLeaverId))
                    .col(string(ExpressionsOfInterest::LocalAuthority))
                    .col(string_len(ExpressionsOfInterest::Status, 32))
                    .col(json(ExpressionsOfInterest::Form))
                    .col(string_len(ExpressionsOfInterest::AgeBand, 16))
                    .col(boolean(ExpressionsOfInterest::ConsentShareWithEmployer).default(false))
                    .col(timestamp_with_time_zone(ExpressionsOfInterest::SubmittedAt))
                    .col(timestamp_with_time_zone_null(
                        ExpressionsOfInterest::AcknowledgedAt,
                    ))
                    .col(timestamp_with_time_zone(ExpressionsOfInterest::UpdatedAt))
                    .col(timestamp_with_time_zone_null(
                        ExpressionsOfInterest::WithdrawnAt,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                ExpressionsOfInterest::Table,
                                ExpressionsOfInterest::CareLeaverId,
                            )
                            .to(CareLeavers::Table, CareLeavers::UserId)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                ExpressionsOfInterest::Table,
                                ExpressionsOfInterest::LocalAuthority,
                            )
                            .to(LocalAuthorities::Table, LocalAuthorities::Code),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_eoi_authority_submitted")
                    .table(ExpressionsOfInterest::Table)
                    .col(ExpressionsOfInterest::LocalAuthority)
                    .col(ExpressionsOfInterest::SubmittedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_eoi_care_leaver")
                    .table(ExpressionsOfInterest::Table)
                    .col(ExpressionsOfInterest::CareLeaverId)
                    .col(ExpressionsOfInterest::SubmittedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(ONE_OPEN_FORM)
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(EoiDirectorates::Table)
                    .col(uuid(EoiDirectorates::EoiId))
                    .col(string_len(EoiDirectorates::Directorate, 64))
                    .primary_key(
                        Index::create()
                            .col(EoiDirectorates::EoiId)
                            .col(EoiDirectorates::Directorate),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(EoiDirectorates::Table, EoiDirectorates::EoiId)
                            .to(ExpressionsOfInterest::Table, ExpressionsOfInterest::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_eoi_directorates_directorate")
                    .table(EoiDirectorates::Table)
                    .col(EoiDirectorates::Directorate)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(EoiOpportunityTypes::Table)
                    .col(uuid(EoiOpportunityTypes::EoiId))
                    .col(string_len(EoiOpportunityTypes::OpportunityType, 32))
                    .primary_key(
                        Index::create()
                            .col(EoiOpportunityTypes::EoiId)
                            .col(EoiOpportunityTypes::OpportunityType),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(EoiOpportunityTypes::Table, EoiOpportunityTypes::EoiId)
                            .to(ExpressionsOfInterest::Table, ExpressionsOfInterest::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_eoi_opportunity_types_type")
                    .table(EoiOpportunityTypes::Table)
                    .col(EoiOpportunityTypes::OpportunityType)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(EoiStatusHistory::Table)
                    .col(big_pk_auto(EoiStatusHistory::Id))
                    .col(uuid(EoiStatusHistory::EoiId))
                    .col(string_len_null(EoiStatusHistory::FromStatus, 32))
                    .col(string_len(EoiStatusHistory::ToStatus, 32))
                    .col(uuid_null(EoiStatusHistory::ByUserId))
                    .col(string_len(EoiStatusHistory::ByRole, 32))
                    .col(text_null(EoiStatusHistory::Note))
                    .col(text_null(EoiStatusHistory::FeedbackForYoungPerson))
                    .col(timestamp_with_time_zone(EoiStatusHistory::At))
                    .foreign_key(
                        ForeignKey::create()
                            .from(EoiStatusHistory::Table, EoiStatusHistory::EoiId)
                            .to(ExpressionsOfInterest::Table, ExpressionsOfInterest::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(EoiStatusHistory::Table, EoiStatusHistory::ByUserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_eoi_status_history_eoi")
                    .table(EoiStatusHistory::Table)
                    .col(EoiStatusHistory::EoiId)
                    .col(EoiStatusHistory::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            EoiStatusHistory::Table.into_iden(),
            EoiOpportunityTypes::Table.into_iden(),
            EoiDirectorates::Table.into_iden(),
            ExpressionsOfInterest::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum ExpressionsOfInterest {
    Table,
    Id,
    CareLeaverId,
    LocalAuthority,
    Status,
    Form,
    AgeBand,
    ConsentShareWithEmployer,
    SubmittedAt,
    AcknowledgedAt,
    UpdatedAt,
    WithdrawnAt,
}

#[derive(DeriveIden)]
enum EoiDirectorates {
    Table,
    EoiId,
    Directorate,
}

#[derive(DeriveIden)]
enum EoiOpportunityTypes {
    Table,
    EoiId,
    OpportunityType,
}

#[derive(DeriveIden)]
enum EoiStatusHistory {
    Table,
    Id,
    EoiId,
    FromStatus,
    ToStatus,
    ByUserId,
    ByRole,
    Note,
    FeedbackForYoungPerson,
    At,
}

#[derive(DeriveIden)]
enum CareLeavers {
    Table,
    UserId,
}

#[derive(DeriveIden)]
enum LocalAuthorities {
    Table,
    Code,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
