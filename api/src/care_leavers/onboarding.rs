//! Onboarding a young person and changing their record as staff. The API
//! (`/v1/care-leavers`) and the staff console call these same operations.
use chrono::Utc;
use sea_orm::{ActiveValue::Set, ConnectionTrait, DatabaseConnection, EntityTrait};
use uuid::Uuid;

use super::{service, types::*};
use crate::{
    audit::{self, AuditAction, Event},
    auth::{
        Actor, Role,
        policy::{self, Action, Power, Record},
        service::queue_invitation,
    },
    config::Config,
    domain_types::{NhsNumber, PersonName},
    error::{AppError, FieldError, FieldErrors},
};

async fn check_local_authority(
    conn: &impl ConnectionTrait,
    code: &str,
) -> Result<Option<FieldError>, AppError> {
    Ok(entity::local_authority::Entity::find_by_id(code.to_owned())
        .one(conn)
        .await?
        .is_none()
        .then(|| {
            FieldError::new(
                "local_authority",
                "must be one of the local authorities listed at /v1/local-authorities",
            )
        }))
}

/// Reads a young person's profile, if the actor may; the read is audited. 404 otherwise.
pub async fn read(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> Result<service::CareLeaver, AppError> {
    let leaver = service::visible_to(conn, actor, id, Action::Read, Record::Profile).await?;
    audit::record_by(
        conn,
        actor,
        Event {
            action: AuditAction::CareLeaverRead,
            care_leaver_id: Some(id),
            target: None,
        },
    )
    .await?;
    Ok(leaver)
}

/// Creates a care leaver's account and record in the actor's authority and queues their
/// invitation e-mail; returns their id.
pub async fn create(
    db: &DatabaseConnection,
    config: &Config,
    user: &Actor,
    body: NewCareLeaver,
) -> Result<Uuid, AppError> {
    if !policy::may(user.role, Power::OnboardCareLeavers) {
        return Err(AppError::Forbidden(
            "your role cannot create care leavers".into(),
        ));
    }
    let mut checks = FieldErrors::default();
    let name = checks.take(PersonName::parse(&body.name).map_err(|e| e.at("name")));
    let preferred = match &body.preferred_name {
        Some(p) => checks
            .take(PersonName::parse(p).map_err(|e| e.at("preferred_name")))
            .map(Some),
        None => Some(None),
    };
    let email = checks.take(service::email_field(&body.email));
    let phone = match &body.phone {
        Some(p) => checks.take(service::own_phone("phone", p)).map(Some),
        None => Some(None),
    };
    let nhs = match &body.nhs_number {
        Some(n) => checks.take(nhs_number_field(n)).map(Some),
        None => Some(None),
    };
    let dob = checks.take(service::check_date_of_birth(
        "date_of_birth",
        body.date_of_birth,
    ));
    let la = body
        .local_authority
        .clone()
        .unwrap_or_else(|| user.local_authority.clone());
    if la != user.local_authority {
        checks.push(FieldError::new(
            "local_authority",
            "must be your own local authority",
        ));
    } else if let Some(e) = check_local_authority(db, &la).await? {
        checks.push(e);
    }
    if let Some(field) =
        policy::refused_assignment_at_creation(&user.viewer(), body.caseworker_id, body.nurse_id)
    {
        checks.push(FieldError::new(
            field,
            "only admins and the young person's nurse choose who looks after them",
        ));
    }
    let caseworker_id = body
        .caseworker_id
        .or((user.role == Role::Caseworker).then_some(user.id));
    let nurse_id = body
        .nurse_id
        .or((user.role == Role::Nurse).then_some(user.id));
    if let Some(id) = caseworker_id
        && let Some(e) =
            service::check_staff(db, "caseworker_id", id, Role::Caseworker, &la).await?
    {
        checks.push(e);
    }
    if let Some(id) = nurse_id
        && let Some(e) = service::check_staff(db, "nurse_id", id, Role::Nurse, &la).await?
    {
        checks.push(e);
    }
    checks.finish()?;
    let (Some(name), Some(preferred), Some(email), Some(phone), Some(nhs), Some(dob)) =
        (name, preferred, email, phone, nhs, dob)
    else {
        return Err(AppError::Internal(anyhow::anyhow!(
            "validated fields missing"
        )));
    };
    let status = body
        .status
        .unwrap_or(if service::age_on(dob, crate::age::today()) < 18 {
            LeavingCareStatus::ThroughCare
        } else {
            LeavingCareStatus::CareLeaver
        });
    let now = Utc::now();
    let txn = crate::db::begin_write(db).await?;
    let account = crate::accounts::create_account(
        &txn,
        crate::accounts::NewAccount {
            role: Role::CareLeaver,
            email: email.as_str(),
            name: name.as_str(),
            preferred_name: preferred.map(String::from),
            local_authority: &la,
            password_hash: None,
        },
    )
    .await?;
    let id = account.id;
    entity::care_leaver::Entity::insert(entity::care_leaver::ActiveModel {
        user_id: Set(id),
        date_of_birth: Set(dob),
        phone: Set(phone.map(String::from)),
        nhs_number: Set(nhs.map(String::from)),
        leaving_care_status: Set(status),
        caseworker_id: Set(caseworker_id),
        nurse_id: Set(nurse_id),
        consent_share_passport_with_caseworker: Set(false),
        gp_ods_code: Set(None),
        dentist_ods_code: Set(None),
        updated_at: Set(now),
    })
    .exec_without_returning(&txn)
    .await?;
    queue_invitation(&txn, config, &account).await?;
    audit::record_by(
        &txn,
        user,
        Event {
            action: AuditAction::CareLeaverCreated,
            care_leaver_id: Some(id),
            target: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// Changes a young person's record as a member of staff: details, status and, for those the
/// policy lets assign staff, their caseworker and nurse (each change audited for the young
/// person's access log). A new e-mail is only requested: the young person confirms it from
/// the new address. 404 unless the actor may change the record. The caller wakes the mail
/// worker and forgets the cached passport after this returns.
pub async fn update(
    db: &DatabaseConnection,
    config: &Config,
    user: &Actor,
    id: Uuid,
    body: CareLeaverPatch,
) -> Result<(), AppError> {
    if user.role == Role::CareLeaver {
        // Young people change their own details through PATCH /v1/me.
        return Err(AppError::NotFound);
    }
    let leaver = service::visible_to(db, user, id, Action::Write, Record::Profile).await?;
    let mut checks = FieldErrors::default();
    let la = leaver.user.local_authority.clone();
    let may_assign = policy::allowed(
        &user.viewer(),
        Action::Write,
        Record::Assignments,
        &leaver.facts(),
    );
    let mut account = entity::user::ActiveModel {
        id: Set(id),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    let mut profile = entity::care_leaver::ActiveModel {
        user_id: Set(id),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    if let Some(n) = &body.name
        && let Some(n) = checks.take(PersonName::parse(n).map_err(|e| e.at("name")))
    {
        account.name = Set(n.into());
    }
    if let Some(p) = &body.preferred_name {
        match p {
            Some(p) => {
                let parsed = PersonName::parse(p).map_err(|e| e.at("preferred_name"));
                if let Some(p) = checks.take(parsed) {
                    account.preferred_name = Set(Some(p.into()));
                }
            }
            None => account.preferred_name = Set(None),
        }
    }
    // Staff only request a new sign-in e-mail: the young person confirms it from the new
    // address, so nobody else can move their account to an address they control.
    let new_email = body
        .email
        .as_ref()
        .and_then(|e| checks.take(service::email_field(e)));
    if let Some(p) = &body.phone {
        match p {
            Some(p) => {
                if let Some(p) = checks.take(service::own_phone("phone", p)) {
                    profile.phone = Set(Some(p.into()));
                }
            }
            None => profile.phone = Set(None),
        }
    }
    if let Some(d) = body.date_of_birth
        && let Some(d) = checks.take(service::check_date_of_birth("date_of_birth", d))
    {
        profile.date_of_birth = Set(d);
    }
    if let Some(n) = &body.nhs_number {
        match n {
            Some(n) => {
                if let Some(n) = checks.take(nhs_number_field(n)) {
                    profile.nhs_number = Set(Some(n.into()));
                }
            }
            None => profile.nhs_number = Set(None),
        }
    }
    if let Some(s) = body.status {
        profile.leaving_care_status = Set(s);
    }
    let mut assignment_changes = Vec::new();
    for (field, value, role) in [
        ("caseworker_id", body.caseworker_id, Role::Caseworker),
        ("nurse_id", body.nurse_id, Role::Nurse),
    ] {
        let Some(value) = value else { continue };
        if !may_assign {
            checks.push(FieldError::new(
                field,
                "only admins and the young person's nurse change who looks after them",
            ));
            continue;
        }
        if let Some(staff) = value
            && let Some(e) = service::check_staff(db, field, staff, role, &la).await?
        {
            checks.push(e);
            continue;
        }
        let current = if role == Role::Caseworker {
            leaver.profile.caseworker_id
        } else {
            leaver.profile.nurse_id
        };
        if current != value {
            assignment_changes.push(assignment_action(role, value));
        }
        if role == Role::Caseworker {
            profile.caseworker_id = Set(value);
        } else {
            profile.nurse_id = Set(value);
        }
    }
    checks.finish()?;
    let txn = crate::db::begin_write(db).await?;
    entity::user::Entity::update(account).exec(&txn).await?;
    entity::care_leaver::Entity::update(profile)
        .exec(&txn)
        .await?;
    if let Some(new_email) = new_email {
        crate::auth::email_change::request(
            &txn,
            config,
            &leaver.user,
            &new_email,
            crate::auth::email_change::Requester {
                id: user.id,
                role: user.role,
            },
            user.request_id.clone(),
        )
        .await?;
    }
    audit::record_by(
        &txn,
        user,
        Event {
            action: AuditAction::CareLeaverUpdated,
            care_leaver_id: Some(id),
            target: None,
        },
    )
    .await?;
    for action in assignment_changes {
        audit::record_by(
            &txn,
            user,
            Event {
                action,
                care_leaver_id: Some(id),
                target: None,
            },
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The audit action for a change of the young person's caseworker or nurse.
fn assignment_action(role: Role, to: Option<Uuid>) -> AuditAction {
    match (role, to.is_some()) {
        (Role::Nurse, true) => AuditAction::CareLeaverNurseAssigned,
        (Role::Nurse, false) => AuditAction::CareLeaverNurseUnassigned,
        (_, true) => AuditAction::CareLeaverCaseworkerAssigned,
        (_, false) => AuditAction::CareLeaverCaseworkerUnassigned,
    }
}

/// The young person's NHS number, or why not under `nhs_number`.
fn nhs_number_field(input: &str) -> Result<NhsNumber, FieldError> {
    NhsNumber::parse(input).map_err(|_| FieldError::new("nhs_number", service::NOT_AN_NHS_NUMBER))
}
