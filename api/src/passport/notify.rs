//! E-mails about passports, queued in the caller's transaction. They carry names and a link to
//! sign in, never health details.

use entity::user::UserStatus;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};
use uuid::Uuid;

use crate::{
    care_leavers::CareLeaver,
    config::Config,
    mail::{self, Outgoing, Template},
};

/// An account that can still receive mail (not disabled).
async fn reachable(
    conn: &impl ConnectionTrait,
    id: Option<Uuid>,
) -> Result<Option<entity::user::Model>, DbErr> {
    let Some(id) = id else { return Ok(None) };
    let user = entity::user::Entity::find_by_id(id).one(conn).await?;
    Ok(user.filter(|u| u.status != UserStatus::Disabled))
}

/// A new version was published: the young person hears, and their caseworker too when the
/// young person consented to sharing their passport.
pub async fn published(
    conn: &impl ConnectionTrait,
    config: &Config,
    leaver: &CareLeaver,
    version: i32,
) -> Result<(), DbErr> {
    if leaver.profile.consent_share_passport_with_caseworker
        && let Some(caseworker) = reachable(conn, leaver.profile.caseworker_id).await?
    {
        let template = Template::PassportPublished {
            caseworker_name: caseworker.name.clone(),
            young_person: leaver.first_name(),
            version,
        };
        let message = Outgoing {
            to: caseworker.email.clone(),
            to_name: Some(caseworker.name.clone()),
            template,
            send_after: None,
        };
        mail::enqueue_about(conn, config, message, leaver.id()).await?;
    }
    if leaver.user.status != UserStatus::Disabled {
        let template = Template::PassportReadyForYoungPerson {
            name: leaver.first_name(),
        };
        send(conn, config, &leaver.user, template).await?;
    }
    Ok(())
}

/// The young person raised a query: their assigned nurse hears (no one, if none is assigned).
pub async fn query_raised(
    conn: &impl ConnectionTrait,
    config: &Config,
    leaver: &CareLeaver,
) -> Result<(), DbErr> {
    if let Some(nurse) = reachable(conn, leaver.profile.nurse_id).await? {
        let template = Template::PassportQueryRaised {
            nurse_name: nurse.name.clone(),
            young_person: leaver.first_name(),
        };
        send(conn, config, &nurse, template).await?;
    }
    Ok(())
}

/// The young person's question was answered: they hear that there is an answer to read in the
/// app (the answer itself stays out of the e-mail).
pub async fn query_answered(
    conn: &impl ConnectionTrait,
    config: &Config,
    leaver: &CareLeaver,
) -> Result<(), DbErr> {
    if leaver.user.status != UserStatus::Disabled {
        let template = Template::PassportQueryAnswered {
            name: leaver.first_name(),
        };
        send(conn, config, &leaver.user, template).await?;
    }
    Ok(())
}

async fn send(
    conn: &impl ConnectionTrait,
    config: &Config,
    to: &entity::user::Model,
    template: Template,
) -> Result<(), DbErr> {
    let message = Outgoing {
        to: to.email.clone(),
        to_name: Some(to.name.clone()),
        template,
        send_after: None,
    };
    mail::enqueue(conn, config, message).await.map(|_| ())
}
