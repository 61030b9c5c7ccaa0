//! HR and Connexions hear of new forms of their authority as each prefers: an e-mail for each
//! form, one a day, or none. The daily digest is an outbox message scheduled for the next
//! 07:00 in England; each new form before then updates its count, and the outbox worker sends
//! it when it falls due, like any scheduled mail. It carries a count and a link, never a name.
//! The programme inbox (`CHANCES4YOUTH_INBOX`) is told of every form as well, as before.
use chrono::{DateTime, Days, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::London;
use entity::outbox_message::TemplateName;
use entity::user::UserStatus;
use entity::{expression_of_interest as eoi, outbox_message as outbox, user};
use sea_orm::Iterable;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
    sea_query::Expr,
};

use crate::{
    auth::{
        Actor, Role,
        policy::{self, Power},
    },
    config::Config,
    error::AppError,
    mail::{Outgoing, Template, enqueue},
};

pub use entity::user::InterestMail;

/// A choice of how to hear of new forms, in words.
pub trait InterestMailWords {
    /// The choice in words, for the account page.
    fn words(self) -> &'static str;
}

impl InterestMailWords for InterestMail {
    fn words(self) -> &'static str {
        match self {
            InterestMail::EachForm => "An e-mail for each new form",
            InterestMail::DailyDigest => "One e-mail a day, at 7am, if new forms arrived",
            InterestMail::None => "No e-mails",
        }
    }
}

/// The hour of the day (in England) the digest goes.
const DIGEST_HOUR: u32 = 7;

fn at_digest_hour(day: chrono::NaiveDate) -> DateTime<Utc> {
    let local = day.and_time(NaiveTime::from_hms_opt(DIGEST_HOUR, 0, 0).unwrap_or(NaiveTime::MIN));
    London
        .from_local_datetime(&local)
        .earliest()
        .map_or_else(|| local.and_utc(), |t| t.with_timezone(&Utc))
}

/// The next digest time after `now`: 07:00 in England today if that is still to come,
/// otherwise tomorrow's.
pub fn next_digest_at(now: DateTime<Utc>) -> DateTime<Utc> {
    let today = crate::age::uk_date(now);
    let at = at_digest_hour(today);
    if at > now {
        at
    } else {
        at_digest_hour(today.checked_add_days(Days::new(1)).unwrap_or(today))
    }
}

/// The digest due at `send_at` counts the forms sent since the digest before it.
pub fn digest_window_start(send_at: DateTime<Utc>) -> DateTime<Utc> {
    let day = crate::age::uk_date(send_at);
    at_digest_hour(day.checked_sub_days(Days::new(1)).unwrap_or(day))
}

/// The staff of `local_authority` told of new forms: active HR and Connexions accounts.
async fn reviewers(
    conn: &impl ConnectionTrait,
    local_authority: &str,
) -> Result<Vec<user::Model>, DbErr> {
    let roles: Vec<Role> = Role::iter()
        .filter(|r| policy::may(*r, Power::ReviewInterest))
        .collect();
    user::Entity::find()
        .filter(user::Column::LocalAuthority.eq(local_authority))
        .filter(user::Column::Role.is_in(roles))
        .filter(user::Column::Status.eq(UserStatus::Active))
        .all(conn)
        .await
}

/// A form of `local_authority` from `young_person` arrived at `now` (it is stored in the same
/// transaction): each reviewer hears of it as they chose.
pub async fn form_arrived(
    conn: &impl ConnectionTrait,
    config: &Config,
    local_authority: &str,
    young_person: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let send_at = next_digest_at(now);
    // Every digest of the authority counts the same forms: counted once, if one is wanted.
    let mut digest_count = None;
    for staff in reviewers(conn, local_authority).await? {
        match staff.interest_mail {
            InterestMail::EachForm => {
                enqueue(
                    conn,
                    config,
                    Outgoing {
                        to: staff.email,
                        to_name: Some(staff.name.clone()),
                        template: Template::EoiSubmitted {
                            recipient_name: staff.name,
                            young_person: young_person.to_owned(),
                        },
                        send_after: None,
                    },
                )
                .await?;
            }
            InterestMail::DailyDigest => {
                let count = match digest_count {
                    Some(count) => count,
                    None => *digest_count
                        .insert(forms_for_digest(conn, local_authority, send_at).await?),
                };
                digest(conn, config, &staff, send_at, count).await?;
            }
            InterestMail::None => {}
        }
    }
    Ok(())
}

/// How many forms of `local_authority` the digest due at `send_at` counts.
async fn forms_for_digest(
    conn: &impl ConnectionTrait,
    local_authority: &str,
    send_at: DateTime<Utc>,
) -> Result<u64, DbErr> {
    eoi::Entity::find()
        .filter(eoi::Column::LocalAuthority.eq(local_authority))
        .filter(eoi::Column::SubmittedAt.gte(digest_window_start(send_at)))
        .filter(eoi::Column::SubmittedAt.lt(send_at))
        .count(conn)
        .await
}

/// Creates or updates `staff`'s digest due at `send_at` with the `count` of forms sent since
/// the last one.
async fn digest(
    conn: &impl ConnectionTrait,
    config: &Config,
    staff: &user::Model,
    send_at: DateTime<Utc>,
    count: u64,
) -> Result<(), DbErr> {
    let template = Template::EoiDigest {
        recipient_name: staff.name.clone(),
        count,
    };
    let waiting: Option<uuid::Uuid> = outbox::Entity::find()
        .select_only()
        .column(outbox::Column::Id)
        .filter(outbox::Column::ToAddress.eq(&staff.email))
        .filter(outbox::Column::Template.eq(TemplateName::EoiDigest))
        .filter(outbox::Column::Status.eq(outbox::OutboxStatus::Pending))
        .filter(outbox::Column::SendAfter.eq(send_at))
        .into_tuple()
        .one(conn)
        .await?;
    match waiting {
        Some(id) => {
            let rendered = template.render(&config.public_base_url);
            outbox::Entity::update_many()
                .col_expr(outbox::Column::Subject, Expr::value(rendered.subject))
                .col_expr(outbox::Column::BodyText, Expr::value(rendered.text))
                .col_expr(outbox::Column::BodyHtml, Expr::value(rendered.html))
                .filter(outbox::Column::Id.eq(id))
                .filter(outbox::Column::Status.eq(outbox::OutboxStatus::Pending))
                .exec(conn)
                .await?;
        }
        None => {
            enqueue(
                conn,
                config,
                Outgoing {
                    to: staff.email.clone(),
                    to_name: Some(staff.name.clone()),
                    template,
                    send_after: Some(send_at),
                },
            )
            .await?;
        }
    }
    Ok(())
}

/// The actor's own choice (HR and Connexions only; 403 for other roles).
pub async fn preference(
    conn: &impl ConnectionTrait,
    actor: &Actor,
) -> Result<InterestMail, AppError> {
    if !policy::may(actor.role, Power::ReviewInterest) {
        return Err(AppError::Forbidden(
            "only HR and Connexions are e-mailed of new forms".into(),
        ));
    }
    let me = user::Entity::find_by_id(actor.id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(me.interest_mail)
}

/// Sets the actor's own choice (HR and Connexions only; 403 for other roles).
pub async fn set_preference(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    choice: InterestMail,
) -> Result<(), AppError> {
    preference(conn, actor).await?;
    user::Entity::update_many()
        .col_expr(user::Column::InterestMail, Expr::value(choice))
        .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(user::Column::Id.eq(actor.id))
        .exec(conn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_digest_goes_at_the_next_7am_in_england() {
        let cases = [
            // Winter: 07:00 in England is 07:00 UTC.
            ("2026-11-30T06:59:59Z", "2026-11-30T07:00:00Z"),
            ("2026-11-30T07:00:00Z", "2026-12-01T07:00:00Z"),
            ("2026-11-30T23:30:00Z", "2026-12-01T07:00:00Z"),
            // Summer: 07:00 BST is 06:00 UTC.
            ("2026-07-01T05:00:00Z", "2026-07-01T06:00:00Z"),
            ("2026-07-01T06:00:00Z", "2026-07-02T06:00:00Z"),
            // 23:30 UTC on 30 June is 00:30 on 1 July in England.
            ("2026-06-30T23:30:00Z", "2026-07-01T06:00:00Z"),
        ];
        for (now, expected) in cases {
            assert_eq!(next_digest_at(utc(now)), utc(expected), "{now}");
        }
    }

    #[test]
    fn a_digest_counts_from_the_digest_before_it_across_a_clock_change() {
        // The clocks went back at 01:00 UTC on 25 October 2026.
        assert_eq!(
            digest_window_start(utc("2026-10-26T07:00:00Z")),
            utc("2026-10-25T07:00:00Z")
        );
        assert_eq!(
            digest_window_start(utc("2026-10-25T07:00:00Z")),
            utc("2026-10-24T06:00:00Z")
        );
    }

    #[test]
    fn every_choice_has_words_and_each_form_is_the_default() {
        for m in InterestMail::iter() {
            assert!(!m.words().is_empty());
        }
        assert_eq!(InterestMail::default(), InterestMail::EachForm);
    }
}
