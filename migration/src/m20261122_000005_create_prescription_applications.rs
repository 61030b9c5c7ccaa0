//! Applications for the care leavers' free-prescription scheme and the nurse's decision.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PrescriptionApplications::Table)
                    .col(pk_uuid(PrescriptionApplications::Id))
                    .col(uuid(PrescriptionApplications::CareLeaverId))
                    .col(uuid(PrescriptionApplications::AppliedBy))
                    .col(string_len(PrescriptionApplications::SchemeId, 64))
                    .col(string_len(PrescriptionApplications::Status, 16))
                    .col(json(PrescriptionApplications::Facts))
                    .col(uuid_null(PrescriptionApplications::DecidedBy))
                    .col(timestamp_with_time_zone_null(
                        PrescriptionApplications::DecidedAt,
                    ))
                    .col(string_len_null(PrescriptionApplications::PpcNumber, 32))
                    .col(date_null(PrescriptionApplications::CertificateExpiresOn))
                    .col(text_null(PrescriptionApplications::DeclineReason))
                    .col(timestamp_with_time_zone(
                        PrescriptionApplications::CreatedAt,
                    ))
                    .col(timestamp_with_time_zone(
                        PrescriptionApplications::UpdatedAt,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                PrescriptionApplications::Table,
                                PrescriptionApplications::CareLeaverId,
                            )
                            .to(CareLeavers::Table, CareLeavers::UserId)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                PrescriptionApplications::Table,
                                PrescriptionApplications::AppliedBy,
                            )
                            .to(Users::Table, Users::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                PrescriptionApplications::Table,
                                PrescriptionApplications::DecidedBy,
                            )
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // A young person's applications, newest first.
        manager
            .create_index(
                Index::create()
                    .name("idx_prescription_applications_care_leaver")
                    .table(PrescriptionApplications::Table)
                    .col(PrescriptionApplications::CareLeaverId)
                    .col(PrescriptionApplications::CreatedAt)
                    .to_owned(),
            )
            .await?;
        // The nurses' work list, filtered by status.
        manager
            .create_index(
                Index::create()
                    .name("idx_prescription_applications_status")
                    .table(PrescriptionApplications::Table)
                    .col(PrescriptionApplications::Status)
                    .col(PrescriptionApplications::CreatedAt)
                    .to_owned(),
            )
            .await?;
        // One open application at a time. The service checks first (for a clear 409); this
        // partial index holds the rule even when two requests race on PostgreSQL.
        manager
            .create_index(
                Index::create()
                    .name("uq_prescription_applications_one_open")
                    .table(PrescriptionApplications::Table)
                    .col(PrescriptionApplications::CareLeaverId)
                    .unique()
                    .and_where(Expr::col(PrescriptionApplications::Status).eq("submitted"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(PrescriptionApplications::Table)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum PrescriptionApplications {
    Table,
    Id,
    CareLeaverId,
    AppliedBy,
    SchemeId,
    Status,
    Facts,
    DecidedBy,
    DecidedAt,
    PpcNumber,
    CertificateExpiresOn,
    DeclineReason,
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
