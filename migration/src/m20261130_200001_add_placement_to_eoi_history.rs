//! Chances4YOUth placements and outcomes, recorded on the status history so that the Board's
//! reports count events in a period rather than a form's current status:
//! - `directorate` and `team`: where a placement offered or started is (the directorate's id
//!   from the directorate list, and the team in words, e.g. "Digital and IT", "Service desk");
//! - `effective_on`: the day it happened when that is not the day it was recorded (a placement's
//!   start, an outcome's date).
//!
//! Also an index for the reports, which read history rows by status and time.
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
                    .table(EoiStatusHistory::Table)
                    .add_column(string_len_null(EoiStatusHistory::Directorate, 100))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(EoiStatusHistory::Table)
                    .add_column(string_len_null(EoiStatusHistory::Team, 200))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(EoiStatusHistory::Table)
                    .add_column(date_null(EoiStatusHistory::EffectiveOn))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_eoi_status_history_to_status_at")
                    .table(EoiStatusHistory::Table)
                    .col(EoiStatusHistory::ToStatus)
                    .col(EoiStatusHistory::At)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_eoi_status_history_to_status_at")
                    .table(EoiStatusHistory::Table)
                    .to_owned(),
            )
            .await?;
        for column in [
            EoiStatusHistory::EffectiveOn,
            EoiStatusHistory::Team,
            EoiStatusHistory::Directorate,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(EoiStatusHistory::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum EoiStatusHistory {
    Table,
    Directorate,
    Team,
    EffectiveOn,
    ToStatus,
    At,
}
