//! Staff operations on expressions of interest: reading one (audited) and moving it through
//! the review. The access decision is the caller's; these record and notify.
use chrono::Utc;
use entity::expression_of_interest as eoi;
use sea_orm::{ConnectionTrait, DatabaseConnection};

use super::{
    notify,
    review_rules::{self, Given},
    service::{self, Move, transition_error},
    workflow::{self, EoiStatus},
};
use uuid::Uuid;

use crate::{
    audit::{self, AuditAction, Event},
    auth::{
        Actor,
        policy::{self, Action, AsViewer, Power, Record},
    },
    care_leavers::CareLeaver,
    config::Config,
    error::AppError,
};

/// Loads a form and its young person if `who` may read `record` of it (the whole form, or the
/// Virtual School's education answers); otherwise 404, exactly like a form that does not
/// exist. The young person reads their own through `/v1/me/expressions-of-interest`, where
/// staff notes are left out, so this staff view is 404 for them too. The API and the console
/// both load a form through here.
pub async fn visible_form(
    conn: &impl ConnectionTrait,
    who: &impl AsViewer,
    id: Uuid,
    record: Record,
) -> Result<(eoi::Model, CareLeaver), AppError> {
    let viewer = who.as_viewer();
    if policy::may(viewer.role, Power::HoldOwnRecords) {
        return Err(AppError::NotFound);
    }
    let model = service::find(conn, id).await?.ok_or(AppError::NotFound)?;
    if !policy::sees_form_of_age_band(viewer.role, model.age_band) {
        return Err(AppError::NotFound);
    }
    let leaver =
        crate::care_leavers::visible_to(conn, &viewer, model.care_leaver_id, Action::Read, record)
            .await?;
    Ok((model, leaver))
}

/// Whether `who` may move `leaver`'s form through the review (HR and Connexions of the
/// young person's authority).
pub fn may_review(who: &impl AsViewer, leaver: &CareLeaver) -> bool {
    let viewer = who.as_viewer();
    policy::may(viewer.role, Power::ReviewInterest)
        && policy::allowed(
            &viewer,
            Action::Write,
            Record::ExpressionOfInterest,
            &leaver.facts(),
        )
}

/// Records that the actor read `leaver`'s form `model`.
pub async fn record_read(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    leaver: &CareLeaver,
    model: &eoi::Model,
) -> Result<(), AppError> {
    audit::record_by(
        conn,
        actor,
        Event {
            action: AuditAction::EoiRead,
            care_leaver_id: Some(leaver.id()),
            target: Some(format!("eoi:{}", model.id)),
        },
    )
    .await?;
    Ok(())
}

/// A reviewer's move: the new status, a note for staff and feedback for the young person
/// (both already checked), and where a placement is or the day it happened (checked here).
pub struct StatusMove<'a> {
    pub to: EoiStatus,
    pub note: Option<&'a str>,
    pub feedback: Option<&'a str>,
    pub given: Given<'a>,
}

/// Moves a form to `change.to` if the review allows it from where it is (409 otherwise),
/// audited; the caseworker is e-mailed, and the young person on an offer or with feedback.
pub async fn change_status(
    db: &DatabaseConnection,
    config: &Config,
    actor: &Actor,
    leaver: &CareLeaver,
    model: &eoi::Model,
    change: StatusMove<'_>,
) -> Result<eoi::Model, AppError> {
    let from = model.status;
    workflow::transition(from, change.to, workflow::Actor::Reviewer).map_err(transition_error)?;
    let history = service::histories(db, &[model.id])
        .await?
        .remove(&model.id)
        .unwrap_or_default();
    let offered = service::offered_place(
        history
            .iter()
            .map(|h| (h.to_status, &h.directorate, &h.team)),
    );
    let directorates = service::directorates(config);
    let recorded = review_rules::check(
        change.to,
        &change.given,
        &review_rules::Context {
            directorates: &directorates,
            today: crate::age::today(),
            submitted_on: crate::age::uk_date(model.submitted_at),
            offered_place: offered.as_ref(),
        },
    )
    .map_err(AppError::Validation)?;
    let txn = crate::db::begin_write(db).await?;
    let model = service::move_status(
        &txn,
        model,
        Move {
            from,
            to: change.to,
            by: (actor.id, actor.role),
            note: change.note,
            feedback: change.feedback,
            at: Utc::now(),
            recorded,
        },
    )
    .await?;
    audit::record_by(
        &txn,
        actor,
        Event {
            action: AuditAction::EoiStatusChanged,
            care_leaver_id: Some(leaver.id()),
            target: Some(format!("eoi:{}:{}", model.id, change.to)),
        },
    )
    .await?;
    notify::status_changed(&txn, config, leaver, change.to, change.feedback.is_some()).await?;
    txn.commit().await?;
    Ok(model)
}
