//! The queries on applications for the care leavers' scheme.
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    QueryTrait,
};
use uuid::Uuid;

use super::views::ApplicationStatus;
use crate::{
    auth::Role,
    http::pagination::{Page, fetch_page},
};
use entity::prescription_application::{Column, Entity, Model};

/// The care leavers of a local authority, for `IN (…)` filters.
fn leavers_of(local_authority: &str) -> sea_orm::sea_query::SelectStatement {
    use entity::user::Column as U;
    entity::user::Entity::find()
        .select_only()
        .column(U::Id)
        .filter(U::Role.eq(Role::CareLeaver))
        .filter(U::LocalAuthority.eq(local_authority))
        .into_query()
}

/// One page of one young person's applications, newest first.
pub async fn page_of_care_leaver(
    conn: &impl ConnectionTrait,
    care_leaver: Uuid,
    paging: (u64, u64),
) -> Result<Page<Model>, DbErr> {
    let select = Entity::find()
        .filter(Column::CareLeaverId.eq(care_leaver))
        .order_by_desc(Column::CreatedAt)
        .order_by_desc(Column::Id);
    fetch_page(conn, select, paging).await
}

/// One page of the applications from an authority's care leavers, oldest first, only those
/// with `status` when given.
pub async fn page_of_authority(
    conn: &impl ConnectionTrait,
    local_authority: &str,
    status: Option<ApplicationStatus>,
    paging: (u64, u64),
) -> Result<Page<Model>, DbErr> {
    let mut select =
        Entity::find().filter(Column::CareLeaverId.in_subquery(leavers_of(local_authority)));
    if let Some(status) = status {
        select = select.filter(Column::Status.eq(status));
    }
    let select = select
        .order_by_asc(Column::CreatedAt)
        .order_by_asc(Column::Id);
    fetch_page(conn, select, paging).await
}

/// Every application from an authority's care leavers (for the report, which shows counts).
pub async fn all_of_authority(
    conn: &impl ConnectionTrait,
    local_authority: &str,
) -> Result<Vec<Model>, DbErr> {
    Entity::find()
        .filter(Column::CareLeaverId.in_subquery(leavers_of(local_authority)))
        .all(conn)
        .await
}

/// Whether account `id` is a Designated Nurse for Children in Care.
pub async fn is_designated_nurse(conn: &impl ConnectionTrait, id: Uuid) -> Result<bool, DbErr> {
    Ok(entity::user::Entity::find_by_id(id)
        .one(conn)
        .await?
        .is_some_and(|account| account.designated_nurse))
}
