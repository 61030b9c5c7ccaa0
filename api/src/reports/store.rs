//! The rows the Board's reports are computed from, for one local authority. Queries only.
use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::auth::Role;

/// The authority's care leavers (any leaving-care status) with their dates of birth.
pub async fn care_leavers(
    conn: &impl ConnectionTrait,
    local_authority: &str,
) -> Result<Vec<(Uuid, NaiveDate)>, DbErr> {
    use entity::{care_leaver as cl, user};
    let ids: Vec<Uuid> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::Role.eq(Role::CareLeaver))
        .filter(user::Column::LocalAuthority.eq(local_authority))
        .into_tuple()
        .all(conn)
        .await?;
    cl::Entity::find()
        .select_only()
        .columns([cl::Column::UserId, cl::Column::DateOfBirth])
        .filter(cl::Column::UserId.is_in(ids))
        .into_tuple()
        .all(conn)
        .await
}

/// Every published passport version of `leavers`: who, when, and its content.
pub async fn versions(
    conn: &impl ConnectionTrait,
    leavers: &[Uuid],
) -> Result<Vec<entity::passport_version::Model>, DbErr> {
    use entity::passport_version as v;
    v::Entity::find()
        .filter(v::Column::CareLeaverId.is_in(leavers.iter().copied()))
        .order_by_asc(v::Column::PublishedAt)
        .all(conn)
        .await
}

/// Those of `leavers` who have acknowledged any version of their passport.
pub async fn acknowledged(
    conn: &impl ConnectionTrait,
    leavers: &[Uuid],
) -> Result<HashSet<Uuid>, DbErr> {
    use entity::passport_acknowledgement as a;
    let ids: Vec<Uuid> = a::Entity::find()
        .select_only()
        .column(a::Column::CareLeaverId)
        .filter(a::Column::CareLeaverId.is_in(leavers.iter().copied()))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(ids.into_iter().collect())
}

/// The authority's Chances4YOUth forms: id, when received and the age band.
pub async fn forms(
    conn: &impl ConnectionTrait,
    local_authority: &str,
) -> Result<Vec<(Uuid, DateTime<Utc>, entity::expression_of_interest::AgeBand)>, DbErr> {
    use entity::expression_of_interest as eoi;
    eoi::Entity::find()
        .select_only()
        .columns([
            eoi::Column::Id,
            eoi::Column::SubmittedAt,
            eoi::Column::AgeBand,
        ])
        .filter(eoi::Column::LocalAuthority.eq(local_authority))
        .into_tuple()
        .all(conn)
        .await
}

/// Every history row of `forms`.
pub async fn form_history(
    conn: &impl ConnectionTrait,
    forms: &[Uuid],
) -> Result<Vec<entity::eoi_status_history::Model>, DbErr> {
    use entity::eoi_status_history as hist;
    hist::Entity::find()
        .filter(hist::Column::EoiId.is_in(forms.iter().copied()))
        .order_by_asc(hist::Column::Id)
        .all(conn)
        .await
}
