//! The e-mails the demo caseworker was sent about their young people, as the service would have
//! sent them for the demo's passports, prescription decisions and Chances4YOUth forms: a new
//! passport version only for those who share their passport (Jordan, Mia), the decision on
//! Kyle's application, each form sent and each step of its review. Written to the outbox as
//! already sent at the time of the event, so the mail worker sends nothing. Idempotent: nothing
//! is added once the caseworker has any mail about a young person.
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::{
    apprenticeships::{service::status_words, workflow::EoiStatus},
    care_leavers::{self, CareLeaver},
    error::AppError,
    mail::{Outgoing, Template},
    passport::store,
    prescriptions::views::ApplicationStatus,
    state::AppState,
};

/// Adds the caseworker's mail history unless it is there already.
pub async fn load_demo(app: &AppState) -> Result<(), AppError> {
    use entity::outbox_message::{Column, Entity};
    let Some(caseworker) = super::demo_user(app, "caseworker").await? else {
        return Ok(());
    };
    let existing = Entity::find()
        .filter(Column::ToAddress.eq(&caseworker.email))
        .filter(Column::CareLeaverId.is_not_null())
        .count(&app.db)
        .await?;
    if existing > 0 {
        return Ok(());
    }
    let profiles = entity::care_leaver::Entity::find()
        .filter(entity::care_leaver::Column::CaseworkerId.eq(caseworker.id))
        .all(&app.db)
        .await?;
    for profile in profiles {
        let Some(leaver) = care_leavers::find(&app.db, profile.user_id).await? else {
            continue;
        };
        for (at, template) in events(app, &leaver, &caseworker.name).await? {
            record_sent(app, &caseworker, &leaver, at, template).await?;
        }
    }
    Ok(())
}

/// What the caseworker would have been told about `leaver`, and when.
async fn events(
    app: &AppState,
    leaver: &CareLeaver,
    caseworker_name: &str,
) -> Result<Vec<(DateTime<Utc>, Template)>, AppError> {
    let mut events = Vec::new();
    if leaver.profile.consent_share_passport_with_caseworker {
        for version in store::summaries(&app.db, leaver.id()).await? {
            events.push((
                version.published_at,
                Template::PassportPublished {
                    caseworker_name: caseworker_name.to_owned(),
                    young_person: leaver.first_name(),
                    version: version.number,
                },
            ));
        }
    }
    let applications = entity::prescription_application::Entity::find()
        .filter(entity::prescription_application::Column::CareLeaverId.eq(leaver.id()))
        .all(&app.db)
        .await?;
    for application in applications {
        let approved = match application.status {
            ApplicationStatus::Approved => true,
            ApplicationStatus::Declined => false,
            ApplicationStatus::Submitted | ApplicationStatus::Withdrawn => continue,
        };
        if let Some(at) = application.decided_at {
            events.push((
                at,
                Template::PrescriptionDecision {
                    name: caseworker_name.to_owned(),
                    young_person: leaver.user.name.clone(),
                    approved,
                    for_young_person: false,
                },
            ));
        }
    }
    let (forms, _) =
        crate::apprenticeships::store::page_of_forms_of(&app.db, leaver.id(), 20, 0).await?;
    let ids: Vec<_> = forms.iter().map(|f| f.id).collect();
    let histories = crate::apprenticeships::service::histories(&app.db, &ids).await?;
    for form in forms {
        events.push((
            form.submitted_at,
            Template::EoiSubmitted {
                recipient_name: caseworker_name.to_owned(),
                young_person: leaver.user.name.clone(),
            },
        ));
        for step in histories.get(&form.id).into_iter().flatten() {
            let to = step.to_status;
            if step.from_status.is_none() || to == EoiStatus::Submitted {
                continue;
            }
            events.push((
                step.at,
                Template::EoiStatusChanged {
                    caseworker_name: caseworker_name.to_owned(),
                    young_person: leaver.user.name.clone(),
                    status_words: status_words(to).into(),
                },
            ));
        }
    }
    Ok(events)
}

/// Queues the message about `leaver` and marks it sent a minute after `at`.
async fn record_sent(
    app: &AppState,
    caseworker: &entity::user::Model,
    leaver: &CareLeaver,
    at: DateTime<Utc>,
    template: Template,
) -> Result<(), AppError> {
    use entity::outbox_message::{ActiveModel, Entity, OutboxStatus};
    let message = Outgoing {
        to: caseworker.email.clone(),
        to_name: Some(caseworker.name.clone()),
        template,
        send_after: None,
    };
    let txn = crate::db::begin_write(&app.db).await?;
    let id = crate::mail::enqueue_about(&txn, &app.config, message, leaver.id()).await?;
    Entity::update(ActiveModel {
        id: Set(id),
        status: Set(OutboxStatus::Sent),
        attempts: Set(1),
        created_at: Set(at),
        send_after: Set(at),
        sent_at: Set(Some(at + Duration::minutes(1))),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    txn.commit().await?;
    Ok(())
}
