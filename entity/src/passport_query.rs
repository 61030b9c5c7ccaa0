//! A query the young person raised on a section of their published passport.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "passport_queries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub care_leaver_id: Uuid,
    /// The published version number the young person was reading.
    pub version: i32,
    pub section: SectionId,
    /// The entry's place (0 = first) in the section's list in `version`, when the question is
    /// about one entry.
    pub entry_index: Option<i32>,
    /// That entry's name in `version` (e.g. the allergy's substance).
    pub entry_label: Option<String>,
    pub message: String,
    pub status: QueryStatus,
    pub resolution_note: Option<String>,
    pub resolved_by: Option<Uuid>,
    pub resolved_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

column_enum! {
    /// Whether a query still needs an answer.
    #[derive(Serialize, Deserialize, ToSchema)]
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
    #[serde(rename_all = "snake_case")]
    pub enum QueryStatus {
        #[sea_orm(string_value = "open")]
        Open,
        #[sea_orm(string_value = "resolved")]
        Resolved,
    }
}

column_enum! {
    /// A section of the passport, named as its JSON field.
    #[derive(Serialize, Deserialize, ToSchema)]
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
    #[serde(rename_all = "snake_case")]
    pub enum SectionId {
        #[sea_orm(string_value = "about_me")]
        AboutMe,
        #[sea_orm(string_value = "birth_history")]
        BirthHistory,
        #[sea_orm(string_value = "family_history")]
        FamilyHistory,
        #[sea_orm(string_value = "development")]
        Development,
        #[sea_orm(string_value = "conditions")]
        Conditions,
        #[sea_orm(string_value = "operations_and_hospital_stays")]
        OperationsAndHospitalStays,
        #[sea_orm(string_value = "therapies")]
        Therapies,
        #[sea_orm(string_value = "medicines")]
        Medicines,
        #[sea_orm(string_value = "allergies")]
        Allergies,
        #[sea_orm(string_value = "immunisations")]
        Immunisations,
        #[sea_orm(string_value = "dental_optical_hearing")]
        DentalOpticalHearing,
        #[sea_orm(string_value = "emotional_health")]
        EmotionalHealth,
        #[sea_orm(string_value = "sexual_health_and_substance_use")]
        SexualHealthAndSubstanceUse,
        #[sea_orm(string_value = "health_assessments")]
        HealthAssessments,
        #[sea_orm(string_value = "health_plan_actions")]
        HealthPlanActions,
        #[sea_orm(string_value = "where_to_get_help")]
        WhereToGetHelp,
        #[sea_orm(string_value = "my_own_words")]
        MyOwnWords,
    }
}

impl SectionId {
    /// Every section, in the order the passport shows them.
    pub const ALL: [SectionId; 17] = [
        SectionId::AboutMe,
        SectionId::BirthHistory,
        SectionId::FamilyHistory,
        SectionId::Development,
        SectionId::Conditions,
        SectionId::OperationsAndHospitalStays,
        SectionId::Therapies,
        SectionId::Medicines,
        SectionId::Allergies,
        SectionId::Immunisations,
        SectionId::DentalOpticalHearing,
        SectionId::EmotionalHealth,
        SectionId::SexualHealthAndSubstanceUse,
        SectionId::HealthAssessments,
        SectionId::HealthPlanActions,
        SectionId::WhereToGetHelp,
        SectionId::MyOwnWords,
    ];

    /// Sections shown only to the young person and their nurse.
    pub fn is_sensitive(self) -> bool {
        self == SectionId::SexualHealthAndSubstanceUse
    }
}

display_as_stored!(QueryStatus, SectionId);
