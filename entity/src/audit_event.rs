//! Append-only audit log. Never holds health details: only who, what, whose record, when.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: DateTimeUtc,
    pub actor_id: Option<Uuid>,
    pub actor_role: Option<crate::user::Role>,
    /// Dotted action name, e.g. `passport.read`, `auth.login_failed`.
    pub action: AuditAction,
    pub care_leaver_id: Option<Uuid>,
    /// What was touched, e.g. `passport:v3`; never content.
    pub target: Option<String>,
    pub request_id: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

column_enum! {
    /// What an audit entry records, stored as its dotted name (e.g. `passport.read`), exactly as
    /// the column has always held it.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
    pub enum AuditAction {
        #[sea_orm(string_value = "audit.searched")]
        AuditSearched,
        #[sea_orm(string_value = "auth.email_change_requested")]
        AuthEmailChangeRequested,
        #[sea_orm(string_value = "auth.email_changed")]
        AuthEmailChanged,
        #[sea_orm(string_value = "auth.invitation_accepted")]
        AuthInvitationAccepted,
        #[sea_orm(string_value = "auth.login")]
        AuthLogin,
        #[sea_orm(string_value = "auth.login_failed")]
        AuthLoginFailed,
        #[sea_orm(string_value = "auth.password_changed")]
        AuthPasswordChanged,
        #[sea_orm(string_value = "auth.password_reset")]
        AuthPasswordReset,
        #[sea_orm(string_value = "auth.recovery_code_used")]
        AuthRecoveryCodeUsed,
        #[sea_orm(string_value = "auth.recovery_codes_replaced")]
        AuthRecoveryCodesReplaced,
        #[sea_orm(string_value = "auth.refresh_reuse_detected")]
        AuthRefreshReuseDetected,
        #[sea_orm(string_value = "auth.second_factor_enrolled")]
        AuthSecondFactorEnrolled,
        #[sea_orm(string_value = "auth.second_factor_passed")]
        AuthSecondFactorPassed,
        #[sea_orm(string_value = "auth.second_factor_removed")]
        AuthSecondFactorRemoved,
        #[sea_orm(string_value = "auth.session_ended")]
        AuthSessionEnded,
        #[sea_orm(string_value = "care_leaver.caseworker_assigned")]
        CareLeaverCaseworkerAssigned,
        #[sea_orm(string_value = "care_leaver.caseworker_unassigned")]
        CareLeaverCaseworkerUnassigned,
        #[sea_orm(string_value = "care_leaver.created")]
        CareLeaverCreated,
        #[sea_orm(string_value = "care_leaver.listed")]
        CareLeaverListed,
        #[sea_orm(string_value = "care_leaver.nurse_assigned")]
        CareLeaverNurseAssigned,
        #[sea_orm(string_value = "care_leaver.nurse_unassigned")]
        CareLeaverNurseUnassigned,
        #[sea_orm(string_value = "care_leaver.read")]
        CareLeaverRead,
        #[sea_orm(string_value = "care_leaver.updated")]
        CareLeaverUpdated,
        #[sea_orm(string_value = "content.article_created")]
        ContentArticleCreated,
        #[sea_orm(string_value = "content.article_published")]
        ContentArticlePublished,
        #[sea_orm(string_value = "content.article_unpublished")]
        ContentArticleUnpublished,
        #[sea_orm(string_value = "content.article_updated")]
        ContentArticleUpdated,
        #[sea_orm(string_value = "content.service_created")]
        ContentServiceCreated,
        #[sea_orm(string_value = "content.service_updated")]
        ContentServiceUpdated,
        #[sea_orm(string_value = "eoi.read")]
        EoiRead,
        #[sea_orm(string_value = "eoi.status_changed")]
        EoiStatusChanged,
        #[sea_orm(string_value = "eoi.submitted")]
        EoiSubmitted,
        #[sea_orm(string_value = "eoi.updated")]
        EoiUpdated,
        #[sea_orm(string_value = "eoi.withdrawn")]
        EoiWithdrawn,
        #[sea_orm(string_value = "finder.dentist_note_recorded")]
        FinderDentistNoteRecorded,
        #[sea_orm(string_value = "me.updated")]
        MeUpdated,
        #[sea_orm(string_value = "passport.acknowledged")]
        PassportAcknowledged,
        #[sea_orm(string_value = "passport.changes_read")]
        PassportChangesRead,
        #[sea_orm(string_value = "passport.draft_read")]
        PassportDraftRead,
        #[sea_orm(string_value = "passport.draft_updated")]
        PassportDraftUpdated,
        #[sea_orm(string_value = "passport.exported")]
        PassportExported,
        #[sea_orm(string_value = "passport.fhir_exported")]
        PassportFhirExported,
        #[sea_orm(string_value = "passport.own_words_removed")]
        PassportOwnWordsRemoved,
        #[sea_orm(string_value = "passport.own_words_updated")]
        PassportOwnWordsUpdated,
        #[sea_orm(string_value = "passport.pdf_downloaded")]
        PassportPdfDownloaded,
        #[sea_orm(string_value = "passport.published")]
        PassportPublished,
        #[sea_orm(string_value = "passport.queries_read")]
        PassportQueriesRead,
        #[sea_orm(string_value = "passport.query_raised")]
        PassportQueryRaised,
        #[sea_orm(string_value = "passport.query_resolved")]
        PassportQueryResolved,
        #[sea_orm(string_value = "passport.read")]
        PassportRead,
        #[sea_orm(string_value = "passport.share_created")]
        PassportShareCreated,
        #[sea_orm(string_value = "passport.share_locked")]
        PassportShareLocked,
        #[sea_orm(string_value = "passport.share_opened")]
        PassportShareOpened,
        #[sea_orm(string_value = "passport.share_passcode_wrong")]
        PassportSharePasscodeWrong,
        #[sea_orm(string_value = "passport.share_revoked")]
        PassportShareRevoked,
        #[sea_orm(string_value = "passport.version_read")]
        PassportVersionRead,
        #[sea_orm(string_value = "passport.versions_listed")]
        PassportVersionsListed,
        #[sea_orm(string_value = "prescriptions.application_read")]
        PrescriptionsApplicationRead,
        #[sea_orm(string_value = "prescriptions.applied")]
        PrescriptionsApplied,
        #[sea_orm(string_value = "prescriptions.decided")]
        PrescriptionsDecided,
        #[sea_orm(string_value = "prescriptions.eligibility_checked")]
        PrescriptionsEligibilityChecked,
        #[sea_orm(string_value = "prescriptions.note_added")]
        PrescriptionsNoteAdded,
        #[sea_orm(string_value = "prescriptions.withdrawn")]
        PrescriptionsWithdrawn,
        #[sea_orm(string_value = "user.created")]
        UserCreated,
        #[sea_orm(string_value = "user.invitation_resent")]
        UserInvitationResent,
        #[sea_orm(string_value = "user.role_changed")]
        UserRoleChanged,
        #[sea_orm(string_value = "user.second_factor_reset")]
        UserSecondFactorReset,
        #[sea_orm(string_value = "user.updated")]
        UserUpdated,
    }
}
