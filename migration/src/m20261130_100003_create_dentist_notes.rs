//! What the nurses know about a dental practice that the NHS lists do not say: whether it is
//! taking new NHS patients, a phone number that works, notes for care leavers, and when and by
//! whom that was last confirmed. One row per practice.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DentistNotes::Table)
                    .col(string_len(DentistNotes::OdsCode, 10).primary_key())
                    .col(string_len(DentistNotes::NhsPatients, 16))
                    .col(string_len_null(DentistNotes::Phone, 16))
                    .col(text_null(DentistNotes::Notes))
                    .col(date(DentistNotes::ConfirmedOn))
                    .col(uuid(DentistNotes::ConfirmedBy))
                    .col(timestamp_with_time_zone(DentistNotes::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(DentistNotes::Table, DentistNotes::OdsCode)
                            .to(Practices::Table, Practices::OdsCode)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(DentistNotes::Table, DentistNotes::ConfirmedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        // The nurses' list of notes to check again, oldest first.
        manager
            .create_index(
                Index::create()
                    .name("idx_dentist_notes_confirmed_on")
                    .table(DentistNotes::Table)
                    .col(DentistNotes::ConfirmedOn)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(DentistNotes::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum DentistNotes {
    Table,
    OdsCode,
    NhsPatients,
    Phone,
    Notes,
    ConfirmedOn,
    ConfirmedBy,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Practices {
    Table,
    OdsCode,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
