//! Loading care leavers with the access policy applied, and keeping their records valid.
use chrono::NaiveDate;
use entity::user::UserStatus;
use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::types::{CareLeaverView, Consents, LeavingCareStatus, StaffContact};
use crate::audit::AuditAction;
use crate::domain_types::{EmailAddress, NhsNumber, PhoneNumber, email, phone};
use crate::{
    auth::policy::{self, Action, AsViewer, LeaverFacts, Power, Record},
    error::{AppError, FieldError},
    http::pagination::Page,
};

/// A care leaver: their account and their care-leaver record.
#[derive(Debug, Clone)]
pub struct CareLeaver {
    pub user: entity::user::Model,
    pub profile: entity::care_leaver::Model,
}

impl CareLeaver {
    pub fn id(&self) -> Uuid {
        self.user.id
    }

    pub fn facts(&self) -> LeaverFacts {
        LeaverFacts {
            id: self.user.id,
            local_authority: self.user.local_authority.clone(),
            caseworker_id: self.profile.caseworker_id,
            nurse_id: self.profile.nurse_id,
            shares_passport_with_caseworker: self.profile.consent_share_passport_with_caseworker,
        }
    }

    /// The name to use when talking to or about them.
    pub fn first_name(&self) -> String {
        self.user.preferred_name.clone().unwrap_or_else(|| {
            self.user
                .name
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_owned()
        })
    }

    pub fn age_on(&self, day: NaiveDate) -> i32 {
        age_on(self.profile.date_of_birth, day)
    }
}

/// Whole years between `dob` and `day` (see `crate::age`); -1 before birth.
pub fn age_on(dob: NaiveDate, day: NaiveDate) -> i32 {
    crate::age::age_on(dob, day).map_or(-1, |age| age as i32)
}

/// Loads a care leaver by id, whoever asks.
pub async fn find(conn: &impl ConnectionTrait, id: Uuid) -> Result<Option<CareLeaver>, DbErr> {
    let Some(profile) = entity::care_leaver::Entity::find_by_id(id)
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let Some(user) = entity::user::Entity::find_by_id(id).one(conn).await? else {
        return Ok(None);
    };
    Ok(Some(CareLeaver { user, profile }))
}

/// Loads a care leaver if `who` (a signed-in user, a service's actor) may `action` their
/// `record`; otherwise 404, so that a record the caller may not see looks exactly like one that
/// does not exist.
pub async fn visible_to(
    conn: &impl ConnectionTrait,
    who: &impl AsViewer,
    id: Uuid,
    action: Action,
    record: Record,
) -> Result<CareLeaver, AppError> {
    let leaver = find(conn, id).await?.ok_or(AppError::NotFound)?;
    if policy::allowed(&who.as_viewer(), action, record, &leaver.facts()) {
        Ok(leaver)
    } else {
        Err(AppError::NotFound)
    }
}

/// One page of the care leavers the actor works with, by name, and how many there are in all:
/// nurses and admins their local authority, caseworkers their caseload; only those with
/// `status` when given. 403 for other roles.
pub async fn list(
    conn: &impl ConnectionTrait,
    actor: &crate::auth::Actor,
    status: Option<LeavingCareStatus>,
    limit: Option<u32>,
    offset: Option<u32>,
) -> Result<Page<CareLeaverView>, AppError> {
    let paging = crate::http::pagination::page(limit, offset)?;
    let query = scoped(actor, status, None)?;
    let (users, page) = crate::http::pagination::fetch_page(conn, query, paging)
        .await?
        .take_items();
    Ok(page.with_items(listed(conn, actor, users).await?))
}

/// What a search for one young person matches on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// Part of their name or preferred name, any case.
    Name(String),
    NhsNumber(NhsNumber),
    DateOfBirth(NaiveDate),
}

impl Lookup {
    /// Reads a search box: a valid NHS number, a date (`2007-03-14` or `14/03/2007`), or else
    /// a name of at least two letters. `None` for a search too short to be one person.
    pub fn parse(text: &str) -> Option<Lookup> {
        let text = text.trim();
        if let Ok(nhs) = NhsNumber::parse(text) {
            return Some(Lookup::NhsNumber(nhs));
        }
        for format in ["%Y-%m-%d", "%d/%m/%Y"] {
            if let Ok(day) = NaiveDate::parse_from_str(text, format) {
                return Some(Lookup::DateOfBirth(day));
            }
        }
        // Names never hold LIKE's wildcards, so they are dropped rather than escaped.
        let name: String = text
            .chars()
            .filter(|c| !matches!(c, '%' | '_' | '\\'))
            .collect::<String>()
            .to_lowercase();
        (name.chars().filter(|c| c.is_alphabetic()).count() >= 2).then_some(Lookup::Name(name))
    }
}

/// The care leavers the actor may list who match `lookup`, by name, at most `limit`. Only the
/// matches are shown, so only they are audited as listed (a search reveals nobody else).
pub async fn search(
    conn: &impl ConnectionTrait,
    actor: &crate::auth::Actor,
    lookup: &Lookup,
    limit: u64,
) -> Result<Vec<CareLeaverView>, AppError> {
    use sea_orm::QuerySelect;
    let users = scoped(actor, None, Some(lookup))?
        .limit(limit)
        .all(conn)
        .await?;
    listed(conn, actor, users).await
}

/// The care-leaver accounts `actor` may list (their authority; a caseworker's own caseload),
/// by name, optionally of one status or matching a lookup. 403 for roles with no caseload.
pub(super) fn scoped(
    actor: &crate::auth::Actor,
    status: Option<LeavingCareStatus>,
    lookup: Option<&Lookup>,
) -> Result<sea_orm::Select<entity::user::Entity>, AppError> {
    use crate::auth::Role;
    use entity::care_leaver::Column as C;
    use entity::user::Column as U;
    use sea_orm::{
        QueryOrder,
        sea_query::{Expr, ExprTrait, Func},
    };
    actor.require(Power::OnboardCareLeavers)?;
    let viewer = &actor.viewer();
    let mut select = entity::user::Entity::find()
        .filter(U::Role.eq(Role::CareLeaver))
        .filter(U::LocalAuthority.eq(&viewer.local_authority))
        .order_by_asc(U::Name)
        .order_by_asc(U::Id);
    // One query for the page, as a subquery rather than a list of every id in the authority.
    let mut leavers = sea_orm::sea_query::Query::select()
        .column(C::UserId)
        .from(entity::care_leaver::Entity)
        .to_owned();
    if viewer.role == Role::Caseworker {
        leavers.and_where(C::CaseworkerId.eq(viewer.id));
    }
    if let Some(status) = status {
        leavers.and_where(C::LeavingCareStatus.eq(status));
    }
    match lookup {
        Some(Lookup::NhsNumber(nhs)) => {
            leavers.and_where(C::NhsNumber.eq(nhs.as_str()));
        }
        Some(Lookup::DateOfBirth(day)) => {
            leavers.and_where(C::DateOfBirth.eq(*day));
        }
        Some(Lookup::Name(part)) => {
            let pattern = format!("%{part}%");
            select = select.filter(
                sea_orm::Condition::any()
                    .add(Expr::expr(Func::lower(Expr::col(U::Name))).like(pattern.as_str()))
                    .add(
                        Expr::expr(Func::lower(Expr::col(U::PreferredName))).like(pattern.as_str()),
                    ),
            );
        }
        None => {}
    }
    Ok(select.filter(U::Id.in_subquery(leavers)))
}

/// Views of `users` for `actor`; a list that shows personal data is a read of each young
/// person on it.
pub(super) async fn listed(
    conn: &impl ConnectionTrait,
    actor: &crate::auth::Actor,
    users: Vec<entity::user::Model>,
) -> Result<Vec<CareLeaverView>, AppError> {
    let ids: Vec<Uuid> = users.iter().map(|u| u.id).collect();
    crate::audit::record_each_by(conn, actor, AuditAction::CareLeaverListed, &ids).await?;
    Ok(views(conn, users, actor.viewer().role == crate::auth::Role::Nurse).await?)
}

/// Builds the view, resolving assigned staff. `show_nhs_number` is for the young person and
/// their nurses.
pub async fn view(
    conn: &impl ConnectionTrait,
    leaver: &CareLeaver,
    show_nhs_number: bool,
) -> Result<CareLeaverView, DbErr> {
    let staff = staff_contacts(conn, std::slice::from_ref(leaver)).await?;
    Ok(build_view(leaver, &staff, show_nhs_number))
}

/// Views of many care leavers with three queries in all, whatever their number.
pub async fn views(
    conn: &impl ConnectionTrait,
    users: Vec<entity::user::Model>,
    show_nhs_number: bool,
) -> Result<Vec<CareLeaverView>, DbErr> {
    let ids: Vec<Uuid> = users.iter().map(|u| u.id).collect();
    let mut profiles: HashMap<Uuid, entity::care_leaver::Model> =
        entity::care_leaver::Entity::find()
            .filter(entity::care_leaver::Column::UserId.is_in(ids))
            .all(conn)
            .await?
            .into_iter()
            .map(|p| (p.user_id, p))
            .collect();
    let leavers: Vec<CareLeaver> = users
        .into_iter()
        .filter_map(|user| {
            profiles
                .remove(&user.id)
                .map(|profile| CareLeaver { user, profile })
        })
        .collect();
    let staff = staff_contacts(conn, &leavers).await?;
    Ok(leavers
        .iter()
        .map(|l| build_view(l, &staff, show_nhs_number))
        .collect())
}

/// The caseworkers and nurses assigned to `leavers`, by id.
async fn staff_contacts(
    conn: &impl ConnectionTrait,
    leavers: &[CareLeaver],
) -> Result<HashMap<Uuid, StaffContact>, DbErr> {
    let ids: Vec<Uuid> = leavers
        .iter()
        .flat_map(|l| [l.profile.caseworker_id, l.profile.nurse_id])
        .flatten()
        .collect();
    Ok(crate::accounts::store::by_id(conn, ids)
        .await?
        .into_iter()
        .map(|(id, u)| {
            (
                id,
                StaffContact {
                    id,
                    name: u.name,
                    email: u.email,
                },
            )
        })
        .collect())
}

fn build_view(
    leaver: &CareLeaver,
    staff: &HashMap<Uuid, StaffContact>,
    show_nhs_number: bool,
) -> CareLeaverView {
    let contact = |id: Option<Uuid>| id.and_then(|id| staff.get(&id).cloned());
    CareLeaverView {
        id: leaver.user.id,
        name: leaver.user.name.clone(),
        preferred_name: leaver.user.preferred_name.clone(),
        email: leaver.user.email.clone(),
        phone: leaver.profile.phone.clone(),
        date_of_birth: leaver.profile.date_of_birth,
        nhs_number: leaver
            .profile
            .nhs_number
            .clone()
            .filter(|_| show_nhs_number),
        local_authority: leaver.user.local_authority.clone(),
        status: leaver.profile.leaving_care_status,
        account_status: leaver.user.status.to_string(),
        caseworker: contact(leaver.profile.caseworker_id),
        nurse: contact(leaver.profile.nurse_id),
        consents: Consents {
            share_passport_with_caseworker: leaver.profile.consent_share_passport_with_caseworker,
        },
        gp_ods_code: leaver.profile.gp_ods_code.clone(),
        dentist_ods_code: leaver.profile.dentist_ods_code.clone(),
        updated_at: leaver.profile.updated_at,
    }
}

// ---- field words, shared by create and update; the rules are `crate::domain_types`' ----

/// What they read when an NHS number does not parse.
pub const NOT_AN_NHS_NUMBER: &str = "is not a valid NHS number (check digit failed)";
/// What they read when a GP's or dentist's code does not parse.
pub const NOT_AN_ODS_CODE: &str = "must be an ODS code such as M87017";

/// An account's sign-in e-mail address, or why not under `email`: the one check the API, the
/// console, the CLI and the demo data make.
pub fn email_field(input: &str) -> Result<EmailAddress, FieldError> {
    EmailAddress::parse(input).map_err(|_| FieldError::new("email", email::NOT_AN_EMAIL))
}

/// A young person's own phone: a whole number (UK or international), not a short code.
pub fn own_phone(field: &str, input: &str) -> Result<PhoneNumber, FieldError> {
    PhoneNumber::parse(input)
        .ok()
        .filter(PhoneNumber::is_full_number)
        .ok_or_else(|| FieldError::new(field, phone::NOT_A_PHONE))
}

pub fn check_date_of_birth(field: &str, dob: NaiveDate) -> Result<NaiveDate, FieldError> {
    let today = crate::age::today();
    let age = age_on(dob, today);
    if dob > today {
        return Err(FieldError::new(field, "must not be in the future"));
    }
    if !(10..=30).contains(&age) {
        return Err(FieldError::new(
            field,
            "the young person must be between 10 and 30 years old",
        ));
    }
    Ok(dob)
}

/// Checks that a staff id names an active member of staff with `role` in `local_authority`.
pub async fn check_staff(
    conn: &impl ConnectionTrait,
    field: &str,
    id: Uuid,
    role: crate::auth::Role,
    local_authority: &str,
) -> Result<Option<FieldError>, DbErr> {
    let user = entity::user::Entity::find_by_id(id).one(conn).await?;
    Ok(match user {
        Some(u)
            if u.role == role
                && u.local_authority == local_authority
                && u.status != UserStatus::Disabled =>
        {
            None
        }
        _ => Some(FieldError::new(
            field,
            format!("must be the id of a {role} in the same local authority"),
        )),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_counts_whole_years_including_leap_day_birthdays() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let cases = [
            ("2008-05-10", "2026-05-09", 17),
            ("2008-05-10", "2026-05-10", 18),
            ("2008-02-29", "2026-02-28", 17),
            ("2008-02-29", "2026-03-01", 18),
        ];
        for (dob, day, age) in cases {
            assert_eq!(age_on(d(dob), d(day)), age, "{dob} on {day}");
        }
    }

    #[test]
    fn a_young_persons_own_phone_is_a_whole_number_kept_as_typed_not_a_short_code() {
        assert_eq!(
            own_phone("phone", " 07700 900123 ").map(String::from),
            Ok("07700 900123".to_owned())
        );
        assert!(own_phone("phone", "+1 202 555 0143").is_ok());
        for bad in ["call me", "111", "116 123"] {
            assert_eq!(
                own_phone("phone", bad),
                Err(FieldError::new("phone", phone::NOT_A_PHONE)),
                "{bad:?}"
            );
        }
    }
}
