//! The queries behind the lists of expressions of interest (one query per list, shared by the
//! API and the staff console). Storing a form and its history is in `service`.
use chrono::{Days, NaiveDate, NaiveTime};
use entity::{
    care_leaver as cl, eoi_directorate as dir, eoi_opportunity_type as opp,
    expression_of_interest as eoi,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    QueryTrait,
};
use uuid::Uuid;

use super::views::ListQuery;
use crate::{auth::Role, http::pagination::fetch_page};

/// One page of a young person's forms, newest first, and how many they have in all.
pub async fn page_of_forms_of(
    conn: &impl ConnectionTrait,
    care_leaver: Uuid,
    limit: u64,
    offset: u64,
) -> Result<(Vec<eoi::Model>, u64), DbErr> {
    let mine = eoi::Entity::find()
        .filter(eoi::Column::CareLeaverId.eq(care_leaver))
        .order_by_desc(eoi::Column::SubmittedAt)
        .order_by_desc(eoi::Column::Id);
    let page = fetch_page(conn, mine, (limit, offset)).await?;
    Ok((page.items, page.total))
}

/// One page of `visible_forms` and how many there are in all.
pub async fn page_of_visible_forms(
    conn: &impl ConnectionTrait,
    (local_authority, role, user_id): (&str, Role, Uuid),
    query: &ListQuery,
    limit: u64,
    offset: u64,
) -> Result<(Vec<eoi::Model>, u64), DbErr> {
    let select = visible_forms(local_authority, role, user_id, query);
    let page = fetch_page(conn, select, (limit, offset)).await?;
    Ok((page.items, page.total))
}

/// The forms a member of staff sees (HR and Connexions: every form of their authority;
/// caseworkers: their caseload's), filtered by `query`, newest first: the API's list and the
/// staff console's home page and list share this one query. `query` is already checked.
pub fn visible_forms(
    local_authority: &str,
    role: Role,
    user_id: Uuid,
    query: &ListQuery,
) -> sea_orm::Select<eoi::Entity> {
    let mut select = eoi::Entity::find().filter(eoi::Column::LocalAuthority.eq(local_authority));
    if role == Role::Caseworker {
        select = select.filter(
            eoi::Column::CareLeaverId.in_subquery(
                cl::Entity::find()
                    .select_only()
                    .column(cl::Column::UserId)
                    .filter(cl::Column::CaseworkerId.eq(user_id))
                    .into_query(),
            ),
        );
    }
    if let Some(status) = query.status {
        select = select.filter(eoi::Column::Status.eq(status.as_str()));
    }
    if let Some(d) = &query.directorate {
        select = select.filter(
            eoi::Column::Id.in_subquery(
                dir::Entity::find()
                    .select_only()
                    .column(dir::Column::EoiId)
                    .filter(dir::Column::Directorate.eq(d))
                    .into_query(),
            ),
        );
    }
    if let Some(t) = query.opportunity_type {
        select = select.filter(
            eoi::Column::Id.in_subquery(
                opp::Entity::find()
                    .select_only()
                    .column(opp::Column::EoiId)
                    .filter(opp::Column::OpportunityType.eq(t.as_str()))
                    .into_query(),
            ),
        );
    }
    if let Some(band) = &query.age_band {
        select = select.filter(eoi::Column::AgeBand.eq(band));
    }
    if let Some(from) = query.submitted_from {
        select = select.filter(eoi::Column::SubmittedAt.gte(start_of(from)));
    }
    if let Some(to) = query
        .submitted_to
        .and_then(|d| d.checked_add_days(Days::new(1)))
    {
        select = select.filter(eoi::Column::SubmittedAt.lt(start_of(to)));
    }
    select
        .order_by_desc(eoi::Column::SubmittedAt)
        .order_by_desc(eoi::Column::Id)
}

fn start_of(day: NaiveDate) -> chrono::DateTime<chrono::Utc> {
    day.and_time(NaiveTime::MIN).and_utc()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_starts_at_midnight_utc() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert_eq!(start_of(day).to_rfc3339(), "2026-03-01T00:00:00+00:00");
    }
}
