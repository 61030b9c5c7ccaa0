//! Who hears about an expression of interest, queued in the caller's transaction. Templates
//! carry names and statuses only: never the form, never anything about health.
use entity::user::UserStatus;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};

use super::{
    service::status_words,
    workflow::{EoiStatus, is_offer},
};
use crate::{
    care_leavers::CareLeaver,
    config::Config,
    mail::{Outgoing, Template, enqueue, enqueue_about},
};

/// The young person's caseworker, unless none is assigned or their account is disabled.
async fn caseworker(
    conn: &impl ConnectionTrait,
    leaver: &CareLeaver,
) -> Result<Option<entity::user::Model>, DbErr> {
    let Some(id) = leaver.profile.caseworker_id else {
        return Ok(None);
    };
    Ok(entity::user::Entity::find_by_id(id)
        .one(conn)
        .await?
        .filter(|u| u.status != UserStatus::Disabled))
}

/// Queues `template` (given the caseworker's name) for the young person's caseworker, when they
/// have one who can read it.
async fn tell_caseworker(
    conn: &impl ConnectionTrait,
    config: &Config,
    leaver: &CareLeaver,
    template: impl FnOnce(String) -> Template,
) -> Result<(), DbErr> {
    if let Some(cw) = caseworker(conn, leaver).await? {
        enqueue_about(
            conn,
            config,
            Outgoing {
                to: cw.email,
                to_name: Some(cw.name.clone()),
                template: template(cw.name),
                send_after: None,
            },
            leaver.id(),
        )
        .await?;
    }
    Ok(())
}

/// A new form: the caseworker, HR and Connexions of the authority (as each chose, see
/// `inbox`) and the programme inbox.
pub async fn submitted(
    conn: &impl ConnectionTrait,
    config: &Config,
    leaver: &CareLeaver,
) -> Result<(), DbErr> {
    let young_person = leaver.user.name.clone();
    super::inbox::form_arrived(
        conn,
        config,
        &leaver.user.local_authority,
        &young_person,
        chrono::Utc::now(),
    )
    .await?;
    tell_caseworker(conn, config, leaver, |recipient_name| {
        Template::EoiSubmitted {
            recipient_name,
            young_person: young_person.clone(),
        }
    })
    .await?;
    if let Some(inbox) = &config.chances4youth_inbox {
        enqueue(
            conn,
            config,
            Outgoing {
                to: inbox.clone(),
                to_name: Some("Chances4YOUth".into()),
                template: Template::EoiSubmitted {
                    recipient_name: "Chances4YOUth team".into(),
                    young_person,
                },
                send_after: None,
            },
        )
        .await?;
    }
    Ok(())
}

/// Any status change: the caseworker. An offer, or any change with feedback: the young
/// person too (not when they withdrew it themselves).
pub async fn status_changed(
    conn: &impl ConnectionTrait,
    config: &Config,
    leaver: &CareLeaver,
    to: EoiStatus,
    has_feedback: bool,
) -> Result<(), DbErr> {
    tell_caseworker(conn, config, leaver, |caseworker_name| {
        Template::EoiStatusChanged {
            caseworker_name,
            young_person: leaver.user.name.clone(),
            status_words: status_words(to).into(),
        }
    })
    .await?;
    if to != EoiStatus::Withdrawn && (is_offer(to) || has_feedback) {
        enqueue(
            conn,
            config,
            Outgoing {
                to: leaver.user.email.clone(),
                to_name: Some(leaver.user.name.clone()),
                template: Template::EoiUpdateForYoungPerson {
                    name: leaver.first_name(),
                    status_words: status_words(to).into(),
                    has_feedback,
                },
                send_after: None,
            },
        )
        .await?;
    }
    Ok(())
}
