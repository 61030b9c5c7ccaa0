//! The GP and dentist finder's reference data: NHS ODS practices, OS Code-Point postcode
//! positions and postcode-district (outcode) centroids. Loaded by the import commands; never
//! written by the API.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Postcodes::Table)
                    .col(string_len(Postcodes::Postcode, 8).primary_key())
                    .col(integer(Postcodes::Easting))
                    .col(integer(Postcodes::Northing))
                    .col(small_integer(Postcodes::Quality))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Outcodes::Table)
                    .col(string_len(Outcodes::Outcode, 4).primary_key())
                    .col(integer(Outcodes::Easting))
                    .col(integer(Outcodes::Northing))
                    .col(string_null(Outcodes::Place))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Practices::Table)
                    .col(string_len(Practices::OdsCode, 10).primary_key())
                    .col(string_len(Practices::Kind, 16))
                    .col(string(Practices::Name))
                    .col(json(Practices::AddressLines))
                    .col(string_null(Practices::Town))
                    .col(string_null(Practices::County))
                    .col(string_len(Practices::Postcode, 8))
                    .col(string_len_null(Practices::Telephone, 32))
                    .col(string_len(Practices::Status, 16))
                    .col(boolean_null(Practices::Nhs))
                    .col(string_len_null(Practices::PrescribingSetting, 8))
                    .col(boolean(Practices::Registrable))
                    .col(date_null(Practices::OpenDate))
                    .col(date_null(Practices::CloseDate))
                    .col(integer_null(Practices::Easting))
                    .col(integer_null(Practices::Northing))
                    .col(string_len(Practices::PositionSource, 16))
                    .col(timestamp_with_time_zone(Practices::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        // Start-up loads the registrable practices into the spatial index; re-placing
        // practices after a postcode import looks them up by postcode.
        manager
            .create_index(
                Index::create()
                    .name("idx_practices_registrable")
                    .table(Practices::Table)
                    .col(Practices::Registrable)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_practices_postcode")
                    .table(Practices::Table)
                    .col(Practices::Postcode)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Practices::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Outcodes::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Postcodes::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Postcodes {
    Table,
    Postcode,
    Easting,
    Northing,
    Quality,
}

#[derive(DeriveIden)]
enum Outcodes {
    Table,
    Outcode,
    Easting,
    Northing,
    Place,
}

#[derive(DeriveIden)]
enum Practices {
    Table,
    OdsCode,
    Kind,
    Name,
    AddressLines,
    Town,
    County,
    Postcode,
    Telephone,
    Status,
    Nhs,
    PrescribingSetting,
    Registrable,
    OpenDate,
    CloseDate,
    Easting,
    Northing,
    PositionSource,
    UpdatedAt,
}
