//! The queries behind the lists of expressions of interest (one query per list, shared by the
//! API and the staff console). Storing a form and its history is in `service`.
use chrono::{Days, NaiveDate, NaiveTime};
use entity::{
    care_leaver as cl, eoi_directorate as dir, eoi_opportunity_type as opp,
    expression_of_interest as eoi,
};
use sea_orm::Iterable;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    QueryTrait,
};
use uuid::Uuid;

use super::{
    views::ListQuery,
    workflow::{EoiStatus, is_offer},
};
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

/// Where forms are in the review, for the console's lists ("new", "offers out" …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Sent, not yet acknowledged.
    New,
    /// Acknowledged or being reviewed.
    InReview,
    /// An offer is out.
    OffersOut,
    /// Started, with or without a check-in.
    Started,
    /// Nothing more will happen.
    Closed,
}

impl Stage {
    pub const ALL: [Stage; 5] = [
        Stage::New,
        Stage::InReview,
        Stage::OffersOut,
        Stage::Started,
        Stage::Closed,
    ];

    /// The statuses at this stage.
    pub fn statuses(self) -> Vec<EoiStatus> {
        EoiStatus::iter().filter(|&s| Self::of(s) == self).collect()
    }

    /// The stage a status is at.
    pub fn of(status: EoiStatus) -> Stage {
        match status {
            EoiStatus::Submitted => Stage::New,
            EoiStatus::Acknowledged | EoiStatus::InReview => Stage::InReview,
            s if is_offer(s) => Stage::OffersOut,
            EoiStatus::Started | EoiStatus::Continuing => Stage::Started,
            _ => Stage::Closed,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::New => "new",
            Stage::InReview => "in_review",
            Stage::OffersOut => "offers_out",
            Stage::Started => "started",
            Stage::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// [`visible_forms`] at one stage of the review (the console's tabs).
pub fn visible_forms_at(
    who: (&str, Role, Uuid),
    query: &ListQuery,
    stage: Option<Stage>,
) -> sea_orm::Select<eoi::Entity> {
    let select = visible_forms(who.0, who.1, who.2, query);
    match stage {
        Some(stage) => select.filter(eoi::Column::Status.is_in(stage.statuses())),
        None => select,
    }
}

/// The forms a member of staff sees (HR and Connexions: every form of their authority;
/// caseworkers: their caseload's; the Virtual School: those sent at 16 or 17), filtered by `query`, newest first: the API's list and the
/// staff console's home page and list share this one query. `query` is already checked.
pub fn visible_forms(
    local_authority: &str,
    role: Role,
    user_id: Uuid,
    query: &ListQuery,
) -> sea_orm::Select<eoi::Entity> {
    let mut select = eoi::Entity::find().filter(eoi::Column::LocalAuthority.eq(local_authority));
    if role == Role::VirtualSchool {
        select =
            select.filter(eoi::Column::AgeBand.eq(crate::auth::policy::VIRTUAL_SCHOOL_AGE_BAND));
    }
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
        select = select.filter(eoi::Column::Status.eq(status));
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
                    .filter(opp::Column::OpportunityType.eq(t))
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
    fn every_status_is_at_exactly_one_stage() {
        let mut seen: Vec<EoiStatus> = Stage::ALL.into_iter().flat_map(Stage::statuses).collect();
        seen.sort();
        assert_eq!(seen, EoiStatus::iter().collect::<Vec<_>>());
        assert_eq!(
            Stage::OffersOut.statuses(),
            vec![
                EoiStatus::InterviewOffered,
                EoiStatus::WorkExperienceOffered,
                EoiStatus::MockInterviewOffered,
                EoiStatus::CoachingOffered,
                EoiStatus::PlacementOffered
            ]
        );
        for stage in Stage::ALL {
            assert_eq!(Stage::parse(stage.as_str()), Some(stage));
        }
    }

    #[test]
    fn a_day_starts_at_midnight_utc() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert_eq!(start_of(day).to_rfc3339(), "2026-03-01T00:00:00+00:00");
    }
}
