//! Request and response bodies for accounts and care-leaver profiles.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::Role;

pub use entity::care_leaver::LeavingCareStatus;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct Consents {
    /// Share my health passport with my personal adviser / social worker. Off until I say so.
    pub share_passport_with_caseworker: bool,
}

/// A member of staff, as shown next to a young person.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StaffContact {
    pub id: Uuid,
    #[schema(example = "Sam Patel")]
    pub name: String,
    #[schema(example = "sam.patel@demo.care-passport.test")]
    pub email: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CareLeaverView {
    pub id: Uuid,
    #[schema(example = "Jordan Smith")]
    pub name: String,
    #[schema(example = "Jo")]
    pub preferred_name: Option<String>,
    #[schema(example = "jordan.smith@demo.care-passport.test")]
    pub email: String,
    pub phone: Option<String>,
    #[schema(example = "2007-03-14")]
    pub date_of_birth: NaiveDate,
    /// Present only for staff who may see it.
    pub nhs_number: Option<String>,
    #[schema(example = "dudley")]
    pub local_authority: String,
    pub status: LeavingCareStatus,
    /// `invited` until the young person accepts their invitation.
    #[schema(example = "active")]
    pub account_status: String,
    pub caseworker: Option<StaffContact>,
    pub nurse: Option<StaffContact>,
    pub consents: Consents,
    /// ODS code of the GP practice they are registered with.
    #[schema(example = "M87017")]
    pub gp_ods_code: Option<String>,
    #[schema(example = "V03293")]
    pub dentist_ods_code: Option<String>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Jordan Smith", "preferred_name": "Jo", "email": "jordan.smith@example.org", "phone": "07700 900123", "date_of_birth": "2007-03-14", "nhs_number": "943 476 5919", "local_authority": "dudley", "status": "care_leaver", "caseworker_id": null, "nurse_id": null}))]
pub struct NewCareLeaver {
    #[schema(example = "Jordan Smith")]
    pub name: String,
    #[schema(example = "Jo")]
    pub preferred_name: Option<String>,
    #[schema(example = "jordan.smith@example.org")]
    pub email: String,
    #[schema(example = "07700 900123")]
    pub phone: Option<String>,
    #[schema(example = "2007-03-14")]
    pub date_of_birth: NaiveDate,
    #[schema(example = "943 476 5919")]
    pub nhs_number: Option<String>,
    /// Defaults to the member of staff's own authority.
    #[schema(example = "dudley")]
    pub local_authority: Option<String>,
    /// Defaults from the age: `through_care` under 18, `care_leaver` from 18.
    pub status: Option<LeavingCareStatus>,
    pub caseworker_id: Option<Uuid>,
    pub nurse_id: Option<Uuid>,
}

/// Staff changes to a young person's record. Absent fields are unchanged; `null` clears.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"preferred_name": "Jo", "phone": "07700 900456", "status": "care_leaver"}))]
pub struct CareLeaverPatch {
    pub name: Option<String>,
    #[serde(default, with = "::serde_with::rust::double_option")]
    #[schema(value_type = Option<String>)]
    pub preferred_name: Option<Option<String>>,
    /// A new sign-in e-mail is only requested: a confirmation link goes to the new address,
    /// and the e-mail changes when the young person follows it.
    pub email: Option<String>,
    #[serde(default, with = "::serde_with::rust::double_option")]
    #[schema(value_type = Option<String>)]
    pub phone: Option<Option<String>>,
    pub date_of_birth: Option<NaiveDate>,
    #[serde(default, with = "::serde_with::rust::double_option")]
    #[schema(value_type = Option<String>)]
    pub nhs_number: Option<Option<String>>,
    pub status: Option<LeavingCareStatus>,
    #[serde(default, with = "::serde_with::rust::double_option")]
    #[schema(value_type = Option<Uuid>)]
    pub caseworker_id: Option<Option<Uuid>>,
    #[serde(default, with = "::serde_with::rust::double_option")]
    #[schema(value_type = Option<Uuid>)]
    pub nurse_id: Option<Option<Uuid>>,
}

/// What a young person may change about themselves.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"preferred_name": "Jo", "phone": "07700 900123", "consents": {"share_passport_with_caseworker": true}, "gp_ods_code": "M87017", "dentist_ods_code": "V03293"}))]
pub struct MePatch {
    #[serde(default, with = "::serde_with::rust::double_option")]
    #[schema(value_type = Option<String>, example = "Jo")]
    pub preferred_name: Option<Option<String>>,
    /// A new sign-in e-mail: needs `current_password`, and changes only when I follow the
    /// link sent to the new address.
    #[schema(example = "jo@example.org")]
    pub email: Option<String>,
    /// My password, needed to change my sign-in e-mail.
    #[schema(format = Password)]
    pub current_password: Option<String>,
    #[serde(default, with = "::serde_with::rust::double_option")]
    #[schema(value_type = Option<String>, example = "07700 900123")]
    pub phone: Option<Option<String>>,
    pub consents: Option<Consents>,
    /// The GP practice I am registered with (an ODS code from the finder).
    #[serde(default, with = "::serde_with::rust::double_option")]
    #[schema(value_type = Option<String>, example = "M87017")]
    pub gp_ods_code: Option<Option<String>>,
    #[serde(default, with = "::serde_with::rust::double_option")]
    #[schema(value_type = Option<String>, example = "V03293")]
    pub dentist_ods_code: Option<Option<String>>,
}

/// The caller's own profile.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub id: Uuid,
    pub role: Role,
    #[schema(example = "Jordan Smith")]
    pub name: String,
    pub preferred_name: Option<String>,
    pub email: String,
    #[schema(example = "dudley")]
    pub local_authority: String,
    /// True for a nurse who is the Designated Nurse for Children in Care (decides
    /// applications for the care leavers' prescription scheme).
    pub designated_nurse: bool,
    /// Present for care leavers.
    pub care_leaver: Option<CareLeaverView>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"role": "nurse", "email": "sam.patel@dudley.gov.uk", "name": "Sam Patel", "local_authority": "dudley"}))]
pub struct NewStaffUser {
    pub role: Role,
    #[schema(example = "sam.patel@dudley.gov.uk")]
    pub email: String,
    #[schema(example = "Sam Patel")]
    pub name: String,
    #[schema(example = "dudley")]
    pub local_authority: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Sam Patel", "status": "active", "designated_nurse": false}))]
pub struct UserPatch {
    pub name: Option<String>,
    /// `active` or `disabled`; disabling ends every session at once.
    pub status: Option<AccountStatusChange>,
    /// Nurses only: whether they are the Designated Nurse for Children in Care, who approves
    /// or declines applications for the care leavers' prescription scheme.
    pub designated_nurse: Option<bool>,
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum AccountStatusChange {
    Active,
    Disabled,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UserView {
    pub id: Uuid,
    pub role: Role,
    pub email: String,
    pub name: String,
    pub local_authority: String,
    #[schema(example = "invited")]
    pub status: String,
    /// The Designated Nurse for Children in Care (nurses only).
    pub designated_nurse: bool,
    pub created_at: DateTime<Utc>,
}

impl From<entity::user::Model> for UserView {
    fn from(u: entity::user::Model) -> Self {
        Self {
            id: u.id,
            role: u.role,
            email: u.email,
            name: u.name,
            local_authority: u.local_authority,
            status: u.status.to_string(),
            designated_nurse: u.designated_nurse,
            created_at: u.created_at,
        }
    }
}
