//! Renewals of a scheme certificate (an application names the approved one it renews) and
//! nurses' notes on applications.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // No foreign key: SQLite cannot add one to an existing table. The application it
        // renews belongs to the same young person and is only ever read through them.
        manager
            .alter_table(
                Table::alter()
                    .table(PrescriptionApplications::Table)
                    .add_column(uuid_null(PrescriptionApplications::RenewsApplicationId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PrescriptionApplicationNotes::Table)
                    .col(pk_uuid(PrescriptionApplicationNotes::Id))
                    .col(uuid(PrescriptionApplicationNotes::ApplicationId))
                    .col(uuid(PrescriptionApplicationNotes::AuthorId))
                    .col(text(PrescriptionApplicationNotes::Text))
                    .col(timestamp_with_time_zone(
                        PrescriptionApplicationNotes::CreatedAt,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                PrescriptionApplicationNotes::Table,
                                PrescriptionApplicationNotes::ApplicationId,
                            )
                            .to(
                                PrescriptionApplications::Table,
                                PrescriptionApplications::Id,
                            )
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                PrescriptionApplicationNotes::Table,
                                PrescriptionApplicationNotes::AuthorId,
                            )
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_prescription_application_notes_application")
                    .table(PrescriptionApplicationNotes::Table)
                    .col(PrescriptionApplicationNotes::ApplicationId)
                    .col(PrescriptionApplicationNotes::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(PrescriptionApplicationNotes::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(PrescriptionApplications::Table)
                    .drop_column(PrescriptionApplications::RenewsApplicationId)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum PrescriptionApplications {
    Table,
    Id,
    RenewsApplicationId,
}

#[derive(DeriveIden)]
enum PrescriptionApplicationNotes {
    Table,
    Id,
    ApplicationId,
    AuthorId,
    Text,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
