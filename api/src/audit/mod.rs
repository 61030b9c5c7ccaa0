//! The append-only audit log and the young person's view of it.
pub mod access_log;
pub mod group;
pub mod routes;
pub mod search;
pub mod store;
pub mod views;

use crate::auth::Role;
pub use entity::audit_event::AuditAction;
pub use group::AuditLog;

use chrono::Utc;
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};
use uuid::Uuid;

use crate::auth::Actor;

/// One thing that happened. Never carries health details: only who, what, whose, when.
pub struct Event {
    pub action: AuditAction,
    pub care_leaver_id: Option<Uuid>,
    pub target: Option<String>,
}

/// Appends an event by `actor` on `conn` (inside the caller's transaction when it has one).
pub async fn record_by(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    event: Event,
) -> Result<(), DbErr> {
    record_raw(
        conn,
        Some(actor.id),
        Some(actor.role),
        actor.request_id.as_deref(),
        event,
    )
    .await
}

/// As `record_by`, for events whose actor is known only by id (e.g. a failed sign-in) or not
/// at all (someone opening a share link).
pub async fn record_raw(
    conn: &impl ConnectionTrait,
    actor_id: Option<Uuid>,
    actor_role: Option<Role>,
    request_id: Option<&str>,
    event: Event,
) -> Result<(), DbErr> {
    entity::audit_event::Entity::insert(entity::audit_event::ActiveModel {
        at: Set(Utc::now()),
        actor_id: Set(actor_id),
        actor_role: Set(actor_role),
        action: Set(event.action),
        care_leaver_id: Set(event.care_leaver_id),
        target: Set(event.target),
        request_id: Set(request_id.map(str::to_owned)),
        ..Default::default()
    })
    .exec_without_returning(conn)
    .await?;
    metrics::counter!("audit_events_recorded_total").increment(1);
    Ok(())
}

/// Records one `action` by `actor` about each of `care_leavers` in a single statement (a list
/// that shows personal data is a read of each young person on it).
pub async fn record_each_by(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    action: AuditAction,
    care_leavers: &[Uuid],
) -> Result<(), DbErr> {
    record_each_raw(
        conn,
        actor.id,
        actor.role,
        actor.request_id.as_deref(),
        action,
        care_leavers,
    )
    .await
}

async fn record_each_raw(
    conn: &impl ConnectionTrait,
    actor_id: Uuid,
    actor_role: crate::auth::Role,
    request_id: Option<&str>,
    action: AuditAction,
    care_leavers: &[Uuid],
) -> Result<(), DbErr> {
    if care_leavers.is_empty() {
        return Ok(());
    }
    let now = Utc::now();
    entity::audit_event::Entity::insert_many(care_leavers.iter().map(|id| {
        entity::audit_event::ActiveModel {
            at: Set(now),
            actor_id: Set(Some(actor_id)),
            actor_role: Set(Some(actor_role)),
            action: Set(action),
            care_leaver_id: Set(Some(*id)),
            target: Set(None),
            request_id: Set(request_id.map(str::to_owned)),
            ..Default::default()
        }
    }))
    .exec_without_returning(conn)
    .await
    .map(|_| ())
}

/// How an action reads in the young person's access log, after "Sam Jones (your nurse)", or
/// `None` for actions they are not shown this way. Exhaustive: a new action must say how the
/// access log words it.
pub fn describe(action: AuditAction) -> Option<&'static str> {
    use AuditAction::*;
    Some(match action {
        AuditSearched => "looked at the list of who has seen your records",
        AuthEmailChangeRequested => "asked to change the e-mail you sign in with",
        AuthEmailChanged => "changed the e-mail you sign in with",
        CareLeaverCaseworkerAssigned => "gave you a new adviser",
        CareLeaverCaseworkerUnassigned => "took off your adviser",
        CareLeaverCreated => "set up your account",
        CareLeaverListed => "saw your name in a list of young people",
        CareLeaverNurseAssigned => "gave you a new nurse",
        CareLeaverNurseUnassigned => "took your nurse off your record",
        CareLeaverRead => "looked at your profile",
        CareLeaverUpdated => "changed your profile",
        EoiRead => "looked at your Chances4YOUth form",
        EoiStatusChanged => "said how far your Chances4YOUth form has got",
        EoiSubmitted => "sent your Chances4YOUth form",
        EoiUpdated => "changed your Chances4YOUth form",
        EoiWithdrawn => "took back your Chances4YOUth form",
        PassportAcknowledged => "said that you got your health passport",
        PassportChangesRead => "looked at what changed in your health passport",
        PassportDraftRead => "read the draft of your health passport",
        PassportDraftUpdated => "worked on the draft of your health passport",
        PassportExported => "saved a copy of your health passport",
        PassportFhirExported => "saved a copy of your health passport for doctors",
        PassportOwnWordsRemoved => "took your own words out of your health passport",
        PassportOwnWordsUpdated => "wrote your own words in your health passport",
        PassportPdfDownloaded => "saved a copy of your health passport to print",
        PassportPublished => "shared a new copy of your health passport with you",
        PassportQueriesRead => "read what you asked about your passport",
        PassportQueryRaised => "asked about your health passport",
        PassportQueryResolved => "wrote back to you about your passport",
        PassportRead => "read your health passport",
        PassportVersionRead => "read an old copy of your health passport",
        PassportVersionsListed => "looked at the list of old copies of your health passport",
        PrescriptionsApplicationRead => "looked at your form for free prescriptions",
        PrescriptionsApplied => "asked for free prescriptions for you",
        PrescriptionsDecided => "made a choice on your form for free prescriptions",
        PrescriptionsEligibilityChecked => "checked if you can get free prescriptions",
        PrescriptionsWithdrawn => "took back your form for free prescriptions",
        // Share-link openings have no signed-in actor: `passport::share::share_link_line`
        // words them after "Someone".
        PassportShareLocked | PassportShareOpened | PassportSharePasscodeWrong => return None,
        // Not shown to the young person: their own doings, sign-ins and staff accounts.
        AuthInvitationAccepted
        | AuthLogin
        | AuthLoginFailed
        | AuthPasswordChanged
        | AuthPasswordReset
        | AuthRecoveryCodeUsed
        | AuthRecoveryCodesReplaced
        | AuthRefreshReuseDetected
        | AuthSecondFactorEnrolled
        | AuthSecondFactorPassed
        | AuthSecondFactorRemoved
        | AuthSessionEnded
        | ContentArticleCreated
        | ContentArticlePublished
        | ContentArticleUnpublished
        | ContentArticleUpdated
        | ContentServiceCreated
        | ContentServiceUpdated
        | FinderDentistNoteRecorded
        | MeUpdated
        | PassportShareCreated
        | PassportShareRevoked
        | PrescriptionsNoteAdded
        | UserCreated
        | UserInvitationResent
        | UserRoleChanged
        | UserSecondFactorReset
        | UserUpdated => return None,
    })
}

#[cfg(test)]
mod tests {
    use sea_orm::{ActiveEnum, Iterable};

    use super::*;

    /// The stored names, exactly as the column has always held them: changing one would
    /// orphan every entry already written under it.
    const STORED: [&str; 68] = [
        "audit.searched",
        "auth.email_change_requested",
        "auth.email_changed",
        "auth.invitation_accepted",
        "auth.login",
        "auth.login_failed",
        "auth.password_changed",
        "auth.password_reset",
        "auth.recovery_code_used",
        "auth.recovery_codes_replaced",
        "auth.refresh_reuse_detected",
        "auth.second_factor_enrolled",
        "auth.second_factor_passed",
        "auth.second_factor_removed",
        "auth.session_ended",
        "care_leaver.caseworker_assigned",
        "care_leaver.caseworker_unassigned",
        "care_leaver.created",
        "care_leaver.listed",
        "care_leaver.nurse_assigned",
        "care_leaver.nurse_unassigned",
        "care_leaver.read",
        "care_leaver.updated",
        "content.article_created",
        "content.article_published",
        "content.article_unpublished",
        "content.article_updated",
        "content.service_created",
        "content.service_updated",
        "eoi.read",
        "eoi.status_changed",
        "eoi.submitted",
        "eoi.updated",
        "eoi.withdrawn",
        "finder.dentist_note_recorded",
        "me.updated",
        "passport.acknowledged",
        "passport.changes_read",
        "passport.draft_read",
        "passport.draft_updated",
        "passport.exported",
        "passport.fhir_exported",
        "passport.own_words_removed",
        "passport.own_words_updated",
        "passport.pdf_downloaded",
        "passport.published",
        "passport.queries_read",
        "passport.query_raised",
        "passport.query_resolved",
        "passport.read",
        "passport.share_created",
        "passport.share_locked",
        "passport.share_opened",
        "passport.share_passcode_wrong",
        "passport.share_revoked",
        "passport.version_read",
        "passport.versions_listed",
        "prescriptions.application_read",
        "prescriptions.applied",
        "prescriptions.decided",
        "prescriptions.eligibility_checked",
        "prescriptions.note_added",
        "prescriptions.withdrawn",
        "user.created",
        "user.invitation_resent",
        "user.role_changed",
        "user.second_factor_reset",
        "user.updated",
    ];

    #[test]
    fn every_action_is_stored_under_its_dotted_name_and_reads_back() {
        let names: Vec<String> = AuditAction::iter().map(|a| a.to_value()).collect();
        assert_eq!(names, STORED);
        for action in AuditAction::iter() {
            assert_eq!(
                AuditAction::try_from_value(&action.to_value()).ok(),
                Some(action)
            );
        }
        assert!(AuditAction::try_from_value(&"passport.Read".to_owned()).is_err());
    }

    #[test]
    fn the_access_log_words_staff_actions_and_hides_the_young_persons_own() {
        let cases = [
            (AuditAction::PassportRead, Some("read your health passport")),
            (
                AuditAction::CareLeaverListed,
                Some("saw your name in a list of young people"),
            ),
            (
                AuditAction::AuditSearched,
                Some("looked at the list of who has seen your records"),
            ),
            (AuditAction::AuthLogin, None),
            (AuditAction::MeUpdated, None),
            (AuditAction::PassportShareOpened, None),
            (AuditAction::UserCreated, None),
        ];
        for (action, words) in cases {
            assert_eq!(describe(action), words, "{action:?}");
        }
        assert_eq!(AuditAction::iter().filter_map(describe).count(), 37);
    }
}
