//! Request and response bodies of the passport routes.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::diff::SectionChange;
use super::immunisations::ImmunisationGap;
use super::model::{PassportContent, SectionId};

/// A published passport version, as the caller may see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PassportView {
    pub care_leaver_id: Uuid,
    /// The version number (1 for the first published passport).
    #[schema(example = 2)]
    pub version: i32,
    pub published_at: DateTime<Utc>,
    /// Name of the nurse who published it.
    #[schema(example = "Sam Patel")]
    pub published_by: String,
    /// When the young person acknowledged receiving this version.
    pub acknowledged_at: Option<DateTime<Utc>>,
    /// The content. Sections in `hidden_sections` are `null` for this caller. Where the passport
    /// does not name a GP practice or dentist, the ones registered on the young person's
    /// profile are shown.
    pub content: PassportContent,
    /// Routine immunisations due by today that the record does not show; `null` when no
    /// immunisations are recorded at all.
    pub immunisation_gaps: Option<Vec<ImmunisationGap>>,
    /// Sections withheld from this caller (the sexual health section, for caseworkers).
    pub hidden_sections: Vec<SectionId>,
}

/// The nurse's working draft.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DraftView {
    pub care_leaver_id: Uuid,
    /// Save counter: 0 until the draft is first saved. The `ETag` header derives from it.
    #[schema(example = 3)]
    pub revision: i32,
    /// False while the draft has never been saved (it is then seeded from the latest
    /// published version, or empty).
    pub saved: bool,
    /// Who last saved the draft.
    #[schema(example = "Sam Patel")]
    pub updated_by: Option<String>,
    pub updated_at: Option<DateTime<Utc>>,
    /// Number of the latest published version, if any.
    #[schema(example = 2)]
    pub latest_version: Option<i32>,
    /// The content; sections in `hidden_sections` are `null` and are kept as stored on save.
    pub content: PassportContent,
    /// What publishing now would change, section by section, against the latest version.
    pub unpublished_changes: Vec<SectionChange>,
    /// Routine immunisations due by today that the draft does not show; `null` when no
    /// immunisations are recorded at all.
    pub immunisation_gaps: Option<Vec<ImmunisationGap>>,
    pub hidden_sections: Vec<SectionId>,
    /// GP practice registered on the young person's profile (shown in "about me" when the
    /// passport names none).
    #[schema(example = "M87006")]
    pub registered_gp_ods_code: Option<String>,
    #[schema(example = "V03347")]
    pub registered_dentist_ods_code: Option<String>,
    /// Free-text fields (8 words or more) that score under Flesch reading ease 70, the plain
    /// English the young person needs. A warning for the nurse: saving and publishing still
    /// work.
    pub hard_to_read: Vec<crate::content::readability::FieldReadability>,
}

/// `from` for the changes between two versions.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ChangesQuery {
    /// The earlier version to compare with; defaults to the one before. `0` compares with an
    /// empty passport.
    #[param(minimum = 0)]
    pub from: Option<i32>,
}

/// What changed between two versions, section by section.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChangesView {
    #[schema(example = 1)]
    pub from: i32,
    #[schema(example = 2)]
    pub to: i32,
    /// Sections that differ, in passport order. Sections hidden from the caller are left out.
    pub changes: Vec<SectionChange>,
}

/// The young person's acknowledgement of a version.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AcknowledgementView {
    #[schema(example = 2)]
    pub version: i32,
    pub acknowledged_at: DateTime<Utc>,
}

/// A query on a section, or on one entry of it, that the young person thinks is wrong.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"section": "allergies", "entry_index": 0, "version": 2,
    "message": "I am not allergic to penicillin any more. I had a test last year."}))]
pub struct NewQuery {
    pub section: SectionId,
    /// The entry the question is about: its place in the section's list (0 = first) in the
    /// version read. Leave it out to ask about the whole section. Only list sections (and the
    /// family history) have entries.
    #[serde(default)]
    #[schema(minimum = 0, example = 0)]
    pub entry_index: Option<i32>,
    /// The published version the young person was reading; defaults to the latest.
    #[serde(default)]
    #[schema(minimum = 1, example = 2)]
    pub version: Option<i32>,
    /// 1–2000 characters.
    #[schema(example = "I stopped taking the brown inhaler last year.")]
    pub message: String,
}

/// The nurse's answer when resolving a query.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"note": "Thanks, I've taken it off and published a new version."}))]
pub struct ResolveQuery {
    /// 1–2000 characters, shown to the young person.
    #[schema(example = "Thanks, I've taken it off and published a new version.")]
    pub note: String,
}

pub use entity::passport_query::QueryStatus;

/// A query and its answer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QueryView {
    pub id: Uuid,
    pub care_leaver_id: Uuid,
    /// The published version the young person was reading.
    #[schema(example = 2)]
    pub version: i32,
    pub section: SectionId,
    /// The entry asked about (its place in the section's list in `version`, 0 = first), or
    /// `null` for a question on the whole section.
    #[schema(example = 0)]
    pub entry_index: Option<i32>,
    /// That entry's name in `version`, e.g. the allergy's substance.
    #[schema(example = "Penicillin")]
    pub entry_label: Option<String>,
    pub message: String,
    pub status: QueryStatus,
    pub resolution_note: Option<String>,
    /// Name of the nurse who resolved it.
    pub resolved_by: Option<String>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// An open question on the list of a nurse's caseload, with whose it is.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CaseloadQuery {
    #[serde(flatten)]
    pub query: QueryView,
    /// The young person's full name.
    #[schema(example = "Kayleigh Smith")]
    pub name: String,
    pub preferred_name: Option<String>,
    /// Their assigned nurse, if any.
    pub nurse_id: Option<Uuid>,
}

/// Whose questions a nurse lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CaseloadScope {
    /// The young people of my authority I am the assigned nurse of.
    #[default]
    Mine,
    /// Every young person of my authority.
    Authority,
}

/// Filter for the nurses' list of open questions.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CaseloadQueryFilter {
    /// `mine` (default): my caseload; `authority`: every young person of my authority.
    #[param(inline)]
    pub scope: Option<CaseloadScope>,
    /// How many questions to return: 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// How many questions to skip, for the next page: 0–1000000, default 0.
    #[param(minimum = 0, maximum = 1000000)]
    pub offset: Option<u32>,
}

/// Filter for a care leaver's queries.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct QueryStatusFilter {
    /// Only queries with this status.
    #[param(inline)]
    pub status: Option<QueryStatus>,
    /// How many queries to return: 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// How many queries to skip, for the next page: 0–1000000, default 0.
    #[param(minimum = 0, maximum = 1000000)]
    pub offset: Option<u32>,
}

/// The day to evaluate the due list on.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DueQuery {
    /// `YYYY-MM-DD`; defaults to today.
    pub on: Option<NaiveDate>,
}

/// Passports a nurse's authority should write next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct DueList {
    pub on: NaiveDate,
    /// Aged 17½ or over without a published passport, by 18th birthday (earliest first).
    pub without_passport: Vec<DueWithoutPassport>,
    /// Within six months of 19 with no immunisation history recorded in the passport or its
    /// draft (child health records stop holding it at 19), by 19th birthday.
    pub approaching_19_without_immunisations: Vec<DueImmunisations>,
}

/// A care leaver who needs a first passport.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct DueWithoutPassport {
    pub care_leaver_id: Uuid,
    #[schema(example = "Aisha Khan")]
    pub name: String,
    pub preferred_name: Option<String>,
    pub date_of_birth: NaiveDate,
    /// The 18th birthday, when the passport should be ready.
    pub due_by: NaiveDate,
    /// True after the 18th birthday.
    pub overdue: bool,
    /// Whether a draft has been started.
    pub has_draft: bool,
    pub nurse_id: Option<Uuid>,
}

/// A care leaver nearing 19 whose immunisation history is not yet in their passport.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct DueImmunisations {
    pub care_leaver_id: Uuid,
    pub name: String,
    pub preferred_name: Option<String>,
    pub date_of_birth: NaiveDate,
    pub nineteenth_birthday: NaiveDate,
    pub has_published_passport: bool,
    pub nurse_id: Option<Uuid>,
}
