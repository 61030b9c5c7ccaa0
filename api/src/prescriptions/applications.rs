//! Applying for the care leavers' scheme, and withdrawing. The rules decide who may apply
//! (`decision::scheme_eligibility`); this module stores the application, audits it and tells
//! the nurse, all in one transaction.

use entity::user::UserStatus;
use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use super::answer::SchemeDecision;
use super::data::RuleSet;
use super::decision::scheme_eligibility;
use super::known::{fill_in, known_facts};
use super::record;
use super::refusal::ApplyError;
use super::renewal::{Renewal, renewal};
use super::types::EligibilityRequest;
use super::views::{ApplicationStatus, ApplicationView, NoteView, PersonRef, SchemeRef};
use super::wording::long_date;
use crate::{
    audit::{self, AuditAction, Event},
    auth::{Actor, Role},
    care_leavers::CareLeaver,
    config::Config,
    error::AppError,
    mail::{self, Outgoing, Template},
};

use entity::prescription_application::{ActiveModel, Column, Entity, Model};

/// Records `action` by `actor` on `application`: the entry names the young person and the
/// application.
pub(super) async fn audit_application(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    action: AuditAction,
    application: &Model,
) -> Result<(), DbErr> {
    let event = Event {
        action,
        care_leaver_id: Some(application.care_leaver_id),
        target: Some(format!("prescription_application:{}", application.id)),
    };
    audit::record_by(conn, actor, event).await
}

/// Loads an application by id.
pub async fn find(conn: &impl ConnectionTrait, id: Uuid) -> Result<Option<Model>, DbErr> {
    Entity::find_by_id(id).one(conn).await
}

/// The application waiting for a decision, if there is one.
async fn open_application(
    conn: &impl ConnectionTrait,
    care_leaver_id: Uuid,
) -> Result<Option<Model>, DbErr> {
    Entity::find()
        .filter(Column::CareLeaverId.eq(care_leaver_id))
        .filter(Column::Status.eq(ApplicationStatus::Submitted))
        .one(conn)
        .await
}

/// The approved application with the latest certificate, if one has not run out by `today`.
pub async fn current_certificate(
    conn: &impl ConnectionTrait,
    care_leaver_id: Uuid,
    today: NaiveDate,
) -> Result<Option<Model>, DbErr> {
    Entity::find()
        .filter(Column::CareLeaverId.eq(care_leaver_id))
        .filter(Column::Status.eq(ApplicationStatus::Approved))
        .filter(Column::CertificateExpiresOn.gte(today))
        .order_by_desc(Column::CertificateExpiresOn)
        .one(conn)
        .await
}

/// Applies for `leaver`, checked against the rules for today (UK date). The facts the council
/// holds come from the record: a body that contradicts them is refused (422, `record-differs`)
/// rather than quietly overruled, so the young person learns what the record says and who
/// can correct it, and the nurse never sees facts the record does not back. Refused with the
/// rules' answer unless they are eligible; 409 while another application is open, or while a
/// certificate from the scheme has more than 30 days left (after that it is a renewal).
#[tracing::instrument(skip_all, fields(care_leaver_id = %leaver.id()))]
pub async fn apply(
    db: &sea_orm::DatabaseConnection,
    config: &Config,
    actor: &Actor,
    leaver: &CareLeaver,
    request: EligibilityRequest,
) -> Result<Model, ApplyError> {
    // The routes take `ApplicationRequest`, which has no `on`: an application is for today.
    let today = crate::age::today();
    let known = known_facts(db, leaver, today).await?;
    let differs = record::disagreements(&request, &known.profile);
    if !differs.is_empty() {
        return Err(ApplyError::RecordDiffers(differs));
    }
    let (mut merged, _) = fill_in(request, &known);
    merged.on = Some(today);
    let (on, facts) = merged.clone().into_facts(today)?;
    let scheme = match scheme_eligibility(&facts, on) {
        SchemeDecision::Eligible { scheme } => scheme,
        refused => return Err(ApplyError::Refused(refused)),
    };
    let snapshot = serde_json::to_value(&merged).map_err(|e| AppError::Internal(e.into()))?;

    let txn = crate::db::begin_write(db).await?;
    if let Some(open) = open_application(&txn, leaver.id()).await? {
        return Err(AppError::conflict(format!(
            "You already sent a form on {}, and it is waiting for a decision. Wait for the \
             nurse to decide, or withdraw it first.",
            long_date(crate::age::uk_date(open.created_at))
        ))
        .into());
    }
    let current = current_certificate(&txn, leaver.id(), today).await?;
    let renews = renews(current.as_ref(), today)?;
    let now = Utc::now();
    let id = Uuid::new_v4();
    let model = Entity::insert(ActiveModel {
        id: Set(id),
        care_leaver_id: Set(leaver.id()),
        applied_by: Set(actor.id),
        scheme_id: Set(scheme.id),
        status: Set(ApplicationStatus::Submitted),
        facts: Set(snapshot),
        decided_by: Set(None),
        decided_at: Set(None),
        ppc_number: Set(None),
        certificate_expires_on: Set(None),
        decline_reason: Set(None),
        renews_application_id: Set(renews),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_with_returning(&txn)
    .await?;
    audit_application(&txn, actor, AuditAction::PrescriptionsApplied, &model).await?;
    for nurse in nurses_to_tell(&txn, leaver).await? {
        mail::enqueue(
            &txn,
            config,
            Outgoing {
                to: nurse.email,
                to_name: Some(nurse.name.clone()),
                template: Template::PrescriptionApplicationReceived {
                    nurse_name: nurse.name,
                    young_person: leaver.user.name.clone(),
                },
                send_after: None,
            },
        )
        .await?;
    }
    txn.commit().await?;
    Ok(model)
}

/// Which certificate a new application renews: none without a current one; 409 naming the
/// current one until its renewal opens (30 days before it ends).
fn renews(current: Option<&Model>, today: NaiveDate) -> Result<Option<Uuid>, AppError> {
    let Some(current) = current else {
        return Ok(None);
    };
    match renewal(current.certificate_expires_on, today) {
        Renewal::NoCertificate => Ok(None),
        Renewal::Open { .. } => Ok(Some(current.id)),
        Renewal::TooEarly {
            expires_on,
            opens_on,
        } => Err(AppError::conflict(format!(
            "You already get free prescriptions until {}. Your prepayment certificate is {}, \
             from the form you sent on {} (form {}). You can ask for a new one from {}.",
            long_date(expires_on),
            current.ppc_number.as_deref().unwrap_or("from the scheme"),
            long_date(crate::age::uk_date(current.created_at)),
            current.id,
            long_date(opens_on),
        ))),
    }
}

/// The assigned nurse; while none is assigned (or theirs is disabled), every nurse of
/// the authority, so that no application waits unseen.
async fn nurses_to_tell(
    conn: &impl ConnectionTrait,
    leaver: &CareLeaver,
) -> Result<Vec<entity::user::Model>, DbErr> {
    use entity::user::Column as U;
    if let Some(id) = leaver.profile.nurse_id
        && let Some(nurse) = entity::user::Entity::find_by_id(id).one(conn).await?
        && nurse.status != UserStatus::Disabled
    {
        return Ok(vec![nurse]);
    }
    entity::user::Entity::find()
        .filter(U::Role.eq(Role::Nurse))
        .filter(U::LocalAuthority.eq(&leaver.user.local_authority))
        .filter(U::Status.ne(UserStatus::Disabled))
        .order_by_asc(U::Name)
        .all(conn)
        .await
}

/// Moves a submitted application to `to`, only if it is still submitted; otherwise 409
/// naming the status it has.
pub async fn close(
    conn: &impl ConnectionTrait,
    application: &Model,
    to: ApplicationStatus,
    changes: ActiveModel,
) -> Result<Model, AppError> {
    let changes = ActiveModel {
        status: Set(to),
        updated_at: Set(Utc::now()),
        ..changes
    };
    let result = Entity::update_many()
        .set(changes)
        .filter(Column::Id.eq(application.id))
        .filter(Column::Status.eq(ApplicationStatus::Submitted))
        .exec(conn)
        .await?;
    let current = find(conn, application.id)
        .await?
        .ok_or(AppError::NotFound)?;
    if result.rows_affected == 0 {
        return Err(AppError::Conflict {
            detail: format!("This application is already {}.", current.status),
            field: None,
        });
    }
    Ok(current)
}

/// Withdraws a submitted application.
pub async fn withdraw(
    db: &sea_orm::DatabaseConnection,
    actor: &Actor,
    application: &Model,
) -> Result<Model, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let closed = close(
        &txn,
        application,
        ApplicationStatus::Withdrawn,
        ActiveModel::default(),
    )
    .await?;
    audit_application(
        &txn,
        actor,
        AuditAction::PrescriptionsWithdrawn,
        application,
    )
    .await?;
    txn.commit().await?;
    Ok(closed)
}

/// Builds views, naming everyone in one query; with the nurses' notes when `with_notes`.
pub async fn views(
    conn: &impl ConnectionTrait,
    applications: Vec<Model>,
    today: NaiveDate,
    with_notes: bool,
) -> Result<Vec<ApplicationView>, DbErr> {
    let notes = match with_notes {
        true => notes_of(conn, applications.iter().map(|a| a.id)).await?,
        false => Vec::new(),
    };
    let ids: HashSet<Uuid> = applications
        .iter()
        .flat_map(|a| [Some(a.care_leaver_id), Some(a.applied_by), a.decided_by])
        .flatten()
        .chain(notes.iter().map(|n| n.author_id))
        .collect();
    let people: HashMap<Uuid, PersonRef> = entity::user::Entity::find()
        .filter(entity::user::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| {
            let person = PersonRef {
                id: u.id,
                name: u.name,
                role: u.role,
            };
            (u.id, person)
        })
        .collect();
    let person = |id: Uuid| {
        people.get(&id).cloned().unwrap_or(PersonRef {
            id,
            name: String::new(),
            role: Role::CareLeaver,
        })
    };
    let rules = RuleSet::current();
    Ok(applications
        .into_iter()
        .map(|a| {
            let status = a.status;
            let scheme_name = rules
                .care_leaver_schemes
                .iter()
                .find(|s| s.id == a.scheme_id)
                .map(|s| s.name.clone())
                .unwrap_or_else(|| a.scheme_id.clone());
            ApplicationView {
                id: a.id,
                care_leaver: person(a.care_leaver_id),
                applied_by: person(a.applied_by),
                scheme: SchemeRef {
                    id: a.scheme_id,
                    name: scheme_name,
                },
                status,
                status_label: crate::words::labels::application_status(status).into(),
                facts: Some(a.facts),
                decided_by: a.decided_by.map(person),
                decided_at: a.decided_at,
                ppc_number: a.ppc_number,
                certificate_expires_on: a.certificate_expires_on,
                certificate_active: status == ApplicationStatus::Approved
                    && a.certificate_expires_on.is_some_and(|last| last >= today),
                decline_reason: a.decline_reason,
                renews: a.renews_application_id,
                notes: notes
                    .iter()
                    .filter(|n| n.application_id == a.id)
                    .map(|n| NoteView {
                        id: n.id,
                        author: person(n.author_id),
                        text: n.text.clone(),
                        created_at: n.created_at,
                    })
                    .collect(),
                created_at: a.created_at,
                updated_at: a.updated_at,
            }
        })
        .collect())
}

/// One view, with the notes for nurses.
pub async fn view(
    conn: &impl ConnectionTrait,
    application: Model,
    viewer: Role,
) -> Result<ApplicationView, AppError> {
    views(
        conn,
        vec![application],
        crate::age::today(),
        viewer == Role::Nurse,
    )
    .await?
    .pop()
    .ok_or(AppError::NotFound)
}

/// The notes on these applications, oldest first.
async fn notes_of(
    conn: &impl ConnectionTrait,
    applications: impl IntoIterator<Item = Uuid>,
) -> Result<Vec<entity::prescription_application_note::Model>, DbErr> {
    use entity::prescription_application_note::{Column as N, Entity as Notes};
    Notes::find()
        .filter(N::ApplicationId.is_in(applications))
        .order_by_asc(N::CreatedAt)
        .order_by_asc(N::Id)
        .all(conn)
        .await
}

/// Adds a nurse's note to an application, audited.
pub async fn add_note(
    db: &sea_orm::DatabaseConnection,
    nurse: &Actor,
    application: &Model,
    text: String,
) -> Result<(), AppError> {
    let txn = crate::db::begin_write(db).await?;
    let id = Uuid::new_v4();
    entity::prescription_application_note::Entity::insert(
        entity::prescription_application_note::ActiveModel {
            id: Set(id),
            application_id: Set(application.id),
            author_id: Set(nurse.id),
            text: Set(text),
            created_at: Set(Utc::now()),
        },
    )
    .exec_without_returning(&txn)
    .await?;
    audit_application(
        &txn,
        nurse,
        AuditAction::PrescriptionsNoteAdded,
        application,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
