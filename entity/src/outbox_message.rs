//! The mail outbox: written in the same transaction as the change that causes the mail.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox_messages")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Stable RFC 5322 Message-ID, the same on every attempt.
    #[sea_orm(unique)]
    pub message_id: String,
    pub to_address: String,
    pub to_name: Option<String>,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub template: TemplateName,
    pub status: OutboxStatus,
    pub attempts: i32,
    /// Not sent before this time (scheduled mail and retry backoff).
    pub send_after: DateTimeUtc,
    /// While `sending`, the claim expires at this time so a crashed worker's message is retried.
    pub claimed_until: Option<DateTimeUtc>,
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
    /// The recipient's local authority when they have an account: admins see only theirs.
    pub local_authority: Option<String>,
    /// The young person the message is about, when it is about one (e.g. a caseworker told
    /// of a new passport version): their caseworker's console lists these.
    pub care_leaver_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

// No doc comment: it would become the schema's description in the committed contract.
column_enum! {
    #[derive(Serialize, Deserialize, ToSchema)]
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
    #[serde(rename_all = "snake_case")]
    pub enum OutboxStatus {
        #[sea_orm(string_value = "pending")]
        Pending,
        #[sea_orm(string_value = "sending")]
        Sending,
        #[sea_orm(string_value = "sent")]
        Sent,
        #[sea_orm(string_value = "failed")]
        Failed,
    }
}

column_enum! {
    /// Which e-mail a message is, by its template's short name (for admins reading the outbox).
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
    pub enum TemplateName {
        #[sea_orm(string_value = "invitation")]
        Invitation,
        #[sea_orm(string_value = "password_reset")]
        PasswordReset,
        #[sea_orm(string_value = "email_change_confirm")]
        EmailChangeConfirm,
        #[sea_orm(string_value = "email_changed")]
        EmailChanged,
        #[sea_orm(string_value = "second_factor_reset")]
        SecondFactorReset,
        #[sea_orm(string_value = "passport_published")]
        PassportPublished,
        #[sea_orm(string_value = "passport_query_raised")]
        PassportQueryRaised,
        #[sea_orm(string_value = "passport_ready")]
        PassportReadyForYoungPerson,
        #[sea_orm(string_value = "passport_query_answered")]
        PassportQueryAnswered,
        #[sea_orm(string_value = "prescription_application_received")]
        PrescriptionApplicationReceived,
        #[sea_orm(string_value = "prescription_decision")]
        PrescriptionDecision,
        #[sea_orm(string_value = "prescription_certificate_expiring")]
        PrescriptionCertificateExpiring,
        #[sea_orm(string_value = "eoi_submitted")]
        EoiSubmitted,
        #[sea_orm(string_value = "eoi_digest")]
        EoiDigest,
        #[sea_orm(string_value = "eoi_status_changed")]
        EoiStatusChanged,
        #[sea_orm(string_value = "eoi_update")]
        EoiUpdateForYoungPerson,
    }
}

display_as_stored!(OutboxStatus, TemplateName);
