//! What nurses do with applications, with the access decisions in one place for the API and
//! the staff console: the Designated Nurse decides, any nurse of the authority adds a note.
use crate::audit::AuditAction;
use chrono::NaiveDate;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::{
    applications, decisions, store,
    views::{DecisionRequest, NewNote},
};
use crate::{
    auth::{
        Actor,
        policy::{self, Action, Power, Record},
    },
    care_leavers::visible_to,
    config::Config,
    error::AppError,
};

use entity::prescription_application::Model;

/// What a nurse who is not the Designated Nurse is told when she tries to decide.
pub const ONLY_THE_DESIGNATED_NURSE: &str = "Only the Designated Nurse for Children in Care can \
    approve or decline an application. You can add a note for them instead.";

/// Decides application `id` as `actor`: 404 when it is not in their authority, 403 unless
/// they are the Designated Nurse, 422 for fields wrong for the decision, 409 when it was
/// decided already. The caller wakes the mail worker.
pub async fn decide(
    db: &DatabaseConnection,
    config: &Config,
    actor: &Actor,
    id: Uuid,
    request: &DecisionRequest,
    today: NaiveDate,
) -> Result<Model, AppError> {
    let application = applications::find(db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let leaver = visible_to(
        db,
        actor,
        application.care_leaver_id,
        Action::Write,
        Record::PrescriptionDecision,
    )
    .await?;
    let designated = store::is_designated_nurse(db, actor.id).await?;
    if !(policy::may(actor.role, Power::DecidePrescriptions) && designated) {
        return Err(AppError::Forbidden(ONLY_THE_DESIGNATED_NURSE.into()));
    }
    let decision = request.check(today).map_err(AppError::Validation)?;
    decisions::decide(db, config, actor, &application, &leaver, decision).await
}

/// Adds a note to application `id` as `actor` (404 when it is not in their authority) and
/// returns the application.
pub async fn add_note(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    note: &NewNote,
) -> Result<Model, AppError> {
    let application = applications::find(db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    visible_to(
        db,
        actor,
        application.care_leaver_id,
        Action::Read,
        Record::PrescriptionApplication,
    )
    .await?;
    let text = note.check()?;
    applications::add_note(db, actor, &application, text).await?;
    Ok(application)
}

/// Most applications a nurse's list reads at once.
pub const LIST_LIMIT: u64 = 200;

/// Approved certificates of `actor`'s authority that end within the renewal window on
/// `today` (the 30 days in which a renewal can be sent), soonest first. Each one shown is a
/// read of the young person's application, audited.
pub async fn certificates_ending(
    conn: &impl sea_orm::ConnectionTrait,
    actor: &Actor,
    today: NaiveDate,
) -> Result<Vec<Model>, AppError> {
    use super::{renewal, views::ApplicationStatus};
    let approved = store::page_of_authority(
        conn,
        &actor.local_authority,
        Some(ApplicationStatus::Approved),
        (LIST_LIMIT, 0),
    )
    .await?
    .items;
    let mut ending: Vec<Model> = approved
        .into_iter()
        .filter(|a| {
            matches!(
                renewal::renewal(a.certificate_expires_on, today),
                renewal::Renewal::Open { .. }
            )
        })
        .collect();
    ending.sort_by_key(|a| a.certificate_expires_on);
    for row in &ending {
        let read = AuditAction::PrescriptionsApplicationRead;
        applications::audit_application(conn, actor, read, row).await?;
    }
    Ok(ending)
}
