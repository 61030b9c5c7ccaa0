//! A health article: the nurses' working draft, with pointers to the version the app shows.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "articles")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    // The current draft.
    pub title: String,
    pub summary: String,
    /// Markdown as the nurse wrote it; sanitised whenever it is sent out.
    pub body_markdown: String,
    pub topic: Topic,
    pub reviewed_on: Date,
    pub review_due: Date,
    /// `[{"title", "url"}]`.
    pub sources: Json,
    pub status: ArticleStatus,
    /// Bumped on every change; the `ETag` for `If-Match` derives from it.
    pub revision: i32,
    /// Number of the version in `article_versions` the app shows (the latest published).
    pub live_version: Option<i32>,
    /// The live version's topic and review date, copied here so lists can filter on them.
    pub live_topic: Option<Topic>,
    pub live_review_due: Option<Date>,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_by: Uuid,
    pub updated_at: DateTimeUtc,
    /// When the live version was published.
    pub published_at: Option<DateTimeUtc>,
    /// When the article was last taken down.
    pub unpublished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

column_enum! {
    /// Where an article is in its life.
    #[derive(Serialize, Deserialize, ToSchema)]
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
    #[serde(rename_all = "snake_case")]
    pub enum ArticleStatus {
        /// Never published.
        #[sea_orm(string_value = "draft")]
        Draft,
        #[sea_orm(string_value = "published")]
        Published,
        /// Taken out of the app; its versions are kept.
        #[sea_orm(string_value = "unpublished")]
        Unpublished,
    }
}

column_enum! {
    /// What an article or service is about. The ids are stable: the app filters on them.
    #[derive(PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
    #[serde(rename_all = "snake_case")]
    pub enum Topic {
        #[sea_orm(string_value = "registering_with_a_gp")]
        RegisteringWithAGp,
        #[sea_orm(string_value = "dentists_and_eye_tests")]
        DentistsAndEyeTests,
        #[sea_orm(string_value = "prescriptions")]
        Prescriptions,
        #[sea_orm(string_value = "mental_health")]
        MentalHealth,
        #[sea_orm(string_value = "sexual_health")]
        SexualHealth,
        #[sea_orm(string_value = "healthy_eating")]
        HealthyEating,
        #[sea_orm(string_value = "alcohol_and_drugs")]
        AlcoholAndDrugs,
        #[sea_orm(string_value = "staying_safe")]
        StayingSafe,
        #[sea_orm(string_value = "sleep")]
        Sleep,
        #[sea_orm(string_value = "urgent_care")]
        UrgentCare,
        #[sea_orm(string_value = "nhs_app")]
        NhsApp,
        #[sea_orm(string_value = "health_passport")]
        HealthPassport,
        #[sea_orm(string_value = "education_and_work")]
        EducationAndWork,
        #[sea_orm(string_value = "leaving_care_support")]
        LeavingCareSupport,
    }
}

display_as_stored!(ArticleStatus, Topic);
