//! The nurses' list of passports to write next, for the API (`GET /v1/passports/due`) and the
//! staff console's work pages. The rule itself is pure (`due`); this gathers its facts.
use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::due::{DueFacts, approaching_19, due_list};
use super::model::PassportContent;
use super::store;
use super::views::DueList;
use crate::{auth::Role, error::AppError};

/// The nurses' due list for `local_authority` on `on` (the API's list and the console's counts).
pub async fn due_in(
    conn: &impl ConnectionTrait,
    local_authority: &str,
    on: NaiveDate,
) -> Result<DueList, AppError> {
    let facts = facts(conn, local_authority, on).await?;
    Ok(due_list(&facts, on))
}

fn has_immunisations(content: &PassportContent) -> bool {
    content
        .immunisations
        .as_ref()
        .is_some_and(|l| !l.is_empty())
}

/// The open (not closed) care leavers of `local_authority`, with what the rule needs on `on`.
async fn facts(
    conn: &impl ConnectionTrait,
    local_authority: &str,
    on: NaiveDate,
) -> Result<Vec<DueFacts>, AppError> {
    use entity::{care_leaver as cl, passport_draft as draft, passport_version as version, user};
    let users: HashMap<Uuid, user::Model> = user::Entity::find()
        .filter(user::Column::Role.eq(Role::CareLeaver))
        .filter(user::Column::LocalAuthority.eq(local_authority))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let ids: Vec<Uuid> = users.keys().copied().collect();
    let profiles = cl::Entity::find()
        .filter(cl::Column::UserId.is_in(ids.clone()))
        .filter(cl::Column::LeavingCareStatus.ne(entity::care_leaver::LeavingCareStatus::Closed))
        .all(conn)
        .await?;
    let published: HashSet<Uuid> = version::Entity::find()
        .select_only()
        .column(version::Column::CareLeaverId)
        .filter(version::Column::CareLeaverId.is_in(ids.clone()))
        .distinct()
        .into_tuple()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    let drafts: HashSet<Uuid> = draft::Entity::find()
        .select_only()
        .column(draft::Column::CareLeaverId)
        .filter(draft::Column::CareLeaverId.is_in(ids))
        .into_tuple()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    let mut facts = Vec::with_capacity(profiles.len());
    for profile in profiles {
        let Some(account) = users.get(&profile.user_id) else {
            continue;
        };
        let (has_published, has_draft) = (
            published.contains(&profile.user_id),
            drafts.contains(&profile.user_id),
        );
        let mut immunisations_recorded = false;
        // Content is read only for those in the six months before 19, where it matters.
        if approaching_19(profile.date_of_birth, on) && (has_published || has_draft) {
            if let Some(v) = store::latest_version(conn, profile.user_id).await? {
                immunisations_recorded |= has_immunisations(&store::content_of(&v.content)?);
            }
            if let Some(d) = draft::Entity::find_by_id(profile.user_id).one(conn).await? {
                immunisations_recorded |= has_immunisations(&store::content_of(&d.content)?);
            }
        }
        facts.push(DueFacts {
            id: profile.user_id,
            name: account.name.clone(),
            preferred_name: account.preferred_name.clone(),
            date_of_birth: profile.date_of_birth,
            nurse_id: profile.nurse_id,
            has_published,
            has_draft,
            immunisations_recorded,
        });
    }
    Ok(facts)
}
