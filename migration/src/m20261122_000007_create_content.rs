//! Health content: articles with their published versions, the local services directory and
//! the app's fixed links.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Articles::Table)
                    .col(pk_uuid(Articles::Id))
                    .col(string_len(Articles::Title, 200))
                    .col(text(Articles::Summary))
                    .col(text(Articles::BodyMarkdown))
                    .col(string_len(Articles::Topic, 64))
                    .col(date(Articles::ReviewedOn))
                    .col(date(Articles::ReviewDue))
                    .col(json(Articles::Sources))
                    .col(string_len(Articles::Status, 16))
                    .col(integer(Articles::Revision))
                    .col(integer_null(Articles::LiveVersion))
                    .col(string_len_null(Articles::LiveTopic, 64))
                    .col(date_null(Articles::LiveReviewDue))
                    .col(uuid(Articles::CreatedBy))
                    .col(timestamp_with_time_zone(Articles::CreatedAt))
                    .col(uuid(Articles::UpdatedBy))
                    .col(timestamp_with_time_zone(Articles::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Articles::PublishedAt))
                    .col(timestamp_with_time_zone_null(Articles::UnpublishedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Articles::Table, Articles::CreatedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Articles::Table, Articles::UpdatedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // The app's list and its incremental sync: published (or taken down) since a time.
        for (name, col) in [
            ("idx_articles_published", Articles::PublishedAt),
            ("idx_articles_unpublished", Articles::UnpublishedAt),
            ("idx_articles_review_due", Articles::LiveReviewDue),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Articles::Table)
                        .col(Articles::Status)
                        .col(col)
                        .to_owned(),
                )
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(ArticleVersions::Table)
                    .col(uuid(ArticleVersions::ArticleId))
                    .col(integer(ArticleVersions::Number))
                    .col(json(ArticleVersions::Content))
                    .col(double(ArticleVersions::ReadabilityScore))
                    .col(uuid(ArticleVersions::PublishedBy))
                    .col(timestamp_with_time_zone(ArticleVersions::PublishedAt))
                    .primary_key(
                        Index::create()
                            .col(ArticleVersions::ArticleId)
                            .col(ArticleVersions::Number),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ArticleVersions::Table, ArticleVersions::ArticleId)
                            .to(Articles::Table, Articles::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ArticleVersions::Table, ArticleVersions::PublishedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Services::Table)
                    .col(pk_uuid(Services::Id))
                    .col(string_len_uniq(Services::Name, 200))
                    .col(text(Services::Offers))
                    .col(text(Services::WhoFor))
                    .col(integer_null(Services::MinAge))
                    .col(integer_null(Services::MaxAge))
                    .col(text_null(Services::AreaNote))
                    .col(string_len_null(Services::Phone, 32))
                    .col(string_len_null(Services::Sms, 32))
                    .col(string_len_null(Services::Email, 254))
                    .col(text_null(Services::Web))
                    .col(text_null(Services::Address))
                    .col(text_null(Services::OpeningTimes))
                    .col(string_null(Services::LocalAuthority))
                    .col(boolean(Services::ReferralNeeded))
                    .col(json(Services::Topics))
                    .col(uuid_null(Services::CreatedBy))
                    .col(timestamp_with_time_zone(Services::CreatedAt))
                    .col(uuid_null(Services::UpdatedBy))
                    .col(timestamp_with_time_zone(Services::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Services::Table, Services::LocalAuthority)
                            .to(LocalAuthorities::Table, LocalAuthorities::Code),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Services::Table, Services::CreatedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Services::Table, Services::UpdatedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_services_local_authority")
                    .table(Services::Table)
                    .col(Services::LocalAuthority)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_services_updated")
                    .table(Services::Table)
                    .col(Services::UpdatedAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Links::Table)
                    .col(string_len(Links::Id, 50).primary_key())
                    .col(integer(Links::Position))
                    .col(string_len(Links::Title, 80))
                    .col(text(Links::Url))
                    .col(text(Links::Description))
                    .col(string_len(Links::Category, 32))
                    .col(timestamp_with_time_zone(Links::UpdatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Links::Table.into_iden(),
            Services::Table.into_iden(),
            ArticleVersions::Table.into_iden(),
            Articles::Table.into_iden(),
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
enum LocalAuthorities {
    Table,
    Code,
}

#[derive(DeriveIden)]
enum Articles {
    Table,
    Id,
    Title,
    Summary,
    BodyMarkdown,
    Topic,
    ReviewedOn,
    ReviewDue,
    Sources,
    Status,
    Revision,
    LiveVersion,
    LiveTopic,
    LiveReviewDue,
    CreatedBy,
    CreatedAt,
    UpdatedBy,
    UpdatedAt,
    PublishedAt,
    UnpublishedAt,
}

#[derive(DeriveIden)]
enum ArticleVersions {
    Table,
    ArticleId,
    Number,
    Content,
    ReadabilityScore,
    PublishedBy,
    PublishedAt,
}

#[derive(DeriveIden)]
enum Services {
    Table,
    Id,
    Name,
    Offers,
    WhoFor,
    MinAge,
    MaxAge,
    AreaNote,
    Phone,
    Sms,
    Email,
    Web,
    Address,
    OpeningTimes,
    LocalAuthority,
    ReferralNeeded,
    Topics,
    CreatedBy,
    CreatedAt,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Links {
    Table,
    Id,
    Position,
    Title,
    Url,
    Description,
    Category,
    UpdatedAt,
}
