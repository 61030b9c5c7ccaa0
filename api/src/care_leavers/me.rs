//! The signed-in person's own profile (`/v1/me`): reading it and changing their contact
//! details, consents and registered GP and dentist.
use chrono::Utc;
use sea_orm::{ActiveValue::Set, DatabaseConnection};
use uuid::Uuid;

use super::{
    service, store,
    types::{Me, MePatch},
};
use crate::{
    audit::{self, AuditAction, Event},
    auth::{Actor, Role, email_change},
    config::Config,
    domain_types::{OdsCode, PersonName},
    error::{AppError, FieldError, FieldErrors},
    finder::ods::PracticeKind,
};

/// The profile of account `id` (signed in with `role`): the account and, for a care leaver,
/// their record. 401 when the account has gone.
pub async fn view(
    conn: &impl sea_orm::ConnectionTrait,
    id: Uuid,
    role: Role,
) -> Result<Me, AppError> {
    let account = crate::accounts::store::find(conn, id)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let care_leaver = match service::find(conn, id).await? {
        Some(leaver) => Some(service::view(conn, &leaver, true).await?),
        None => None,
    };
    Ok(Me {
        id: account.id,
        role,
        name: account.name,
        preferred_name: account.preferred_name,
        email: account.email,
        local_authority: account.local_authority,
        designated_nurse: account.designated_nurse,
        care_leaver,
    })
}

/// Changes the fields of `change` that were sent, every field checked first (422 naming each
/// bad one). A new e-mail needs the current password and is only requested: a link goes to
/// the new address. Audited. The caller wakes the mail worker and forgets the cached passport.
pub async fn update(
    db: &DatabaseConnection,
    config: &Config,
    actor: &Actor,
    change: MePatch,
) -> Result<(), AppError> {
    let mut checks = FieldErrors::default();
    let now = Utc::now();
    let mut account = entity::user::ActiveModel {
        id: Set(actor.id),
        updated_at: Set(now),
        ..Default::default()
    };
    let mut profile = entity::care_leaver::ActiveModel {
        user_id: Set(actor.id),
        updated_at: Set(now),
        ..Default::default()
    };
    let is_leaver = actor.role == Role::CareLeaver;
    let only_leavers = |field: &str| FieldError::new(field, "only care leavers have this");
    if let Some(p) = &change.preferred_name {
        account.preferred_name = Set(match p {
            Some(p) => checks
                .take(PersonName::parse(p).map_err(|e| e.at("preferred_name")))
                .map(String::from),
            None => None,
        });
    }
    let email = (change.email.as_ref()).and_then(|e| checks.take(service::email_field(e)));
    let me_account = crate::accounts::store::find(db, actor.id)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let new_email = email.filter(|e| e.as_str() != me_account.email);
    if new_email.is_some() {
        let given = change.current_password.clone().unwrap_or_default();
        if !crate::auth::password::verify(given, me_account.password_hash.clone()).await {
            checks.push(FieldError::new(
                "current_password",
                "enter your current password to change your e-mail",
            ));
        }
    }
    let mut touches_profile = false;
    if let Some(p) = &change.phone {
        touches_profile = true;
        profile.phone = Set(match p {
            Some(p) => checks
                .take(service::own_phone("phone", p))
                .map(String::from),
            None => None,
        });
    }
    if let Some(c) = &change.consents {
        touches_profile = true;
        profile.consent_share_passport_with_caseworker = Set(c.share_passport_with_caseworker);
    }
    for (field, value, kind) in [
        ("gp_ods_code", &change.gp_ods_code, PracticeKind::Gp),
        (
            "dentist_ods_code",
            &change.dentist_ods_code,
            PracticeKind::Dentist,
        ),
    ] {
        let Some(value) = value else { continue };
        touches_profile = true;
        let mut code = match value {
            Some(code) => checks
                .take(
                    OdsCode::parse(code)
                        .map_err(|_| FieldError::new(field, service::NOT_AN_ODS_CODE)),
                )
                .map(String::from),
            None => None,
        };
        if let Some(known) = &code
            && let Some(error) =
                crate::finder::service::check_recorded_practice(db, field, kind, known).await?
        {
            checks.push(error);
            code = None;
        }
        if field == "gp_ods_code" {
            profile.gp_ods_code = Set(code);
        } else {
            profile.dentist_ods_code = Set(code);
        }
    }
    if touches_profile && !is_leaver {
        let field = if change.phone.is_some() {
            "phone"
        } else if change.consents.is_some() {
            "consents"
        } else {
            "gp_ods_code"
        };
        checks.push(only_leavers(field));
    }
    checks.finish()?;
    let txn = crate::db::begin_write(db).await?;
    store::update_account(&txn, account).await?;
    if touches_profile {
        store::update_profile(&txn, profile).await?;
    }
    audit::record_by(
        &txn,
        actor,
        Event {
            action: AuditAction::MeUpdated,
            care_leaver_id: is_leaver.then_some(actor.id),
            target: None,
        },
    )
    .await?;
    if let Some(new_email) = new_email {
        email_change::request(
            &txn,
            config,
            &me_account,
            &new_email,
            email_change::Requester {
                id: actor.id,
                role: actor.role,
            },
            actor.request_id.clone(),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}
