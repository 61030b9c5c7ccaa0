//! The nurse's decision on an application: stored, audited, and e-mailed to the young person
//! and their caseworker (never with health details), with a reminder before the certificate
//! runs out.

use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};
use entity::user::UserStatus;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use super::applications::close;
use super::views::{ApplicationStatus, CheckedDecision};
use super::wording::long_date;
use crate::{
    audit::{self, AuditAction, Event},
    auth::Actor,
    care_leavers::CareLeaver,
    config::Config,
    error::AppError,
    mail::{self, Outgoing, Template},
};

use entity::prescription_application::{ActiveModel, Model};

/// How long before a certificate runs out the young person is reminded: the day a renewal
/// can first be sent.
pub const REMINDER_DAYS_BEFORE: u64 = super::renewal::RENEWAL_DAYS_BEFORE;

/// When the expiry reminder goes out: 09:00 UTC, 30 days before the last valid day.
pub fn reminder_at(expires_on: NaiveDate) -> DateTime<Utc> {
    let day = expires_on
        .checked_sub_days(Days::new(REMINDER_DAYS_BEFORE))
        .unwrap_or(expires_on);
    let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default();
    day.and_time(nine).and_utc()
}

/// Records `decision` on a submitted application; 409 naming the status if it was decided
/// (or withdrawn) already.
#[tracing::instrument(skip_all, fields(application_id = %application.id))]
pub async fn decide(
    db: &sea_orm::DatabaseConnection,
    config: &Config,
    nurse: &Actor,
    application: &Model,
    leaver: &CareLeaver,
    decision: CheckedDecision,
) -> Result<Model, AppError> {
    let now = Utc::now();
    let mut changes = ActiveModel {
        decided_by: Set(Some(nurse.id)),
        decided_at: Set(Some(now)),
        ..Default::default()
    };
    let (status, expires_on) = match &decision {
        CheckedDecision::Approve {
            ppc_number,
            expires_on,
        } => {
            changes.ppc_number = Set(Some(ppc_number.clone()));
            changes.certificate_expires_on = Set(Some(*expires_on));
            (ApplicationStatus::Approved, Some(*expires_on))
        }
        CheckedDecision::Decline { reason } => {
            changes.decline_reason = Set(Some(reason.clone()));
            (ApplicationStatus::Declined, None)
        }
    };
    let approved = status == ApplicationStatus::Approved;

    let txn = crate::db::begin_write(db).await?;
    let decided = close(&txn, application, status, changes).await?;
    audit::record_by(
        &txn,
        nurse,
        Event {
            action: AuditAction::PrescriptionsDecided,
            care_leaver_id: Some(leaver.id()),
            target: Some(format!(
                "prescription_application:{}:{}",
                application.id, status
            )),
        },
    )
    .await?;
    let young_person = leaver.user.name.clone();
    let mut messages = vec![Outgoing {
        to: leaver.user.email.clone(),
        to_name: Some(leaver.user.name.clone()),
        template: Template::PrescriptionDecision {
            name: leaver.first_name(),
            young_person: young_person.clone(),
            approved,
            for_young_person: true,
        },
        send_after: None,
    }];
    if let Some(caseworker) = active_user(&txn, leaver.profile.caseworker_id).await? {
        let to_caseworker = Outgoing {
            to: caseworker.email,
            to_name: Some(caseworker.name.clone()),
            template: Template::PrescriptionDecision {
                name: caseworker.name,
                young_person,
                approved,
                for_young_person: false,
            },
            send_after: None,
        };
        mail::enqueue_about(&txn, config, to_caseworker, leaver.id()).await?;
    }
    if let Some(expires_on) = expires_on {
        messages.push(Outgoing {
            to: leaver.user.email.clone(),
            to_name: Some(leaver.user.name.clone()),
            template: Template::PrescriptionCertificateExpiring {
                name: leaver.first_name(),
                expires_on: long_date(expires_on),
            },
            send_after: Some(reminder_at(expires_on)),
        });
    }
    if approved && application.renews_application_id.is_some() {
        cancel_reminders(&txn, leaver).await?;
    }
    for message in messages {
        mail::enqueue(&txn, config, message).await?;
    }
    txn.commit().await?;
    Ok(decided)
}

/// A renewal was approved: a reminder that an older certificate is running out is no longer
/// wanted, so any still waiting is taken out of the outbox before it is sent (the new
/// certificate's reminder is queued after this).
async fn cancel_reminders(conn: &impl ConnectionTrait, leaver: &CareLeaver) -> Result<(), DbErr> {
    use entity::outbox_message::{Column, Entity as Outbox};
    let template = Template::PrescriptionCertificateExpiring {
        name: String::new(),
        expires_on: String::new(),
    };
    Outbox::delete_many()
        .filter(Column::Template.eq(template.name()))
        .filter(Column::ToAddress.eq(&leaver.user.email))
        .filter(Column::Status.eq(entity::outbox_message::OutboxStatus::Pending))
        .exec(conn)
        .await?;
    Ok(())
}

/// The user, unless their account is disabled.
async fn active_user(
    conn: &impl ConnectionTrait,
    id: Option<uuid::Uuid>,
) -> Result<Option<entity::user::Model>, DbErr> {
    let Some(id) = id else { return Ok(None) };
    Ok(entity::user::Entity::find_by_id(id)
        .one(conn)
        .await?
        .filter(|u| u.status != UserStatus::Disabled))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prescriptions::facts::examples::d;

    #[test]
    fn the_reminder_goes_out_30_days_before_the_last_valid_day() {
        let cases = [
            (d(2026, 6, 30), d(2026, 5, 31)),
            (d(2026, 3, 1), d(2026, 1, 30)),
            (d(2028, 3, 1), d(2028, 1, 31)),
        ];
        for (expires, reminded) in cases {
            let at = reminder_at(expires);
            assert_eq!(at.date_naive(), reminded, "{expires}");
            assert_eq!(at.time(), NaiveTime::from_hms_opt(9, 0, 0).unwrap());
        }
    }
}
