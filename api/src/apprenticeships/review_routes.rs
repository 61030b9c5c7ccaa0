//! Staff routes: HR and Connexions review every form of their authority; caseworkers follow
//! the forms of their caseload. Nothing here reads the health passport or prescriptions.
use axum::{Json, extract::State};
use chrono::{Days, NaiveDate, NaiveTime};
use entity::{
    care_leaver as cl, eoi_directorate as dir, eoi_opportunity_type as opp,
    expression_of_interest as eoi,
};
use sea_orm::{
    ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::{
    form_rules::AGE_BANDS,
    notify, present,
    service::{self, Move, check_text, status_of, transition_error},
    views::*,
    workflow,
};
use crate::{
    audit::{self, Event},
    auth::{
        AuthUser, Role,
        policy::{self, Action, Record},
    },
    care_leavers::{self, CareLeaver},
    error::{AppError, FieldError, Problem},
    http::{AppJson, AppPath, AppQuery, RequestId, pagination::Page},
    state::AppState,
};

const MAX_NOTE: usize = 2000;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(get_one))
        .routes(routes!(change_status))
}

fn is_reviewer(role: Role) -> bool {
    matches!(role, Role::Hr | Role::Connexions)
}

/// Loads a form and its young person if the policy lets `user` read it; otherwise 404. The
/// young person reads their own through `/v1/me/expressions-of-interest`, where staff notes
/// are left out, so this staff view is 404 for them too.
async fn visible(
    app: &AppState,
    user: &AuthUser,
    id: Uuid,
) -> Result<(eoi::Model, CareLeaver), AppError> {
    if user.role == Role::CareLeaver {
        return Err(AppError::NotFound);
    }
    let model = service::find(&app.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let leaver = care_leavers::visible_to(
        &app.db,
        user,
        model.care_leaver_id,
        Action::Read,
        Record::ExpressionOfInterest,
    )
    .await?;
    Ok((model, leaver))
}

fn start_of(day: NaiveDate) -> chrono::DateTime<chrono::Utc> {
    day.and_time(NaiveTime::MIN).and_utc()
}

/// Expressions of interest I may see
///
/// Staff see the expressions of interest their role may review: HR and Connexions see every form
/// shared with them, caseworkers see their own care leavers' forms.
#[utoipa::path(get, path = "/v1/expressions-of-interest", operation_id = "list_expressions_of_interest", tag = "chances4youth",
    params(ListQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "HR and Connexions: every form of their local authority (all are sent with consent to share with them); caseworkers: their caseload's. Newest first.", body = Page<EoiSummary>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Your role does not see expressions of interest", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad query parameter", body = Problem, content_type = "application/problem+json"),
    ))]
#[tracing::instrument(skip_all)]
async fn list(
    State(app): State<AppState>,
    user: AuthUser,
    AppQuery(query): AppQuery<ListQuery>,
) -> Result<Json<Page<EoiSummary>>, AppError> {
    user.require(&[Role::Hr, Role::Connexions, Role::Caseworker])?;
    let mut errors = Vec::new();
    let (limit, offset) = match crate::http::pagination::page(query.limit, query.offset) {
        Ok(page) => page,
        Err(e) => {
            errors.push(e);
            (0, 0)
        }
    };
    if let Some(band) = &query.age_band
        && !AGE_BANDS.contains(&band.as_str())
    {
        errors.push(FieldError::new(
            "age_band",
            "must be one of 16-17, 18-21, 22-25, 26+",
        ));
    }
    if let Some(d) = &query.directorate
        && !service::directorates(&app.config)
            .iter()
            .any(|x| x.id == *d)
    {
        errors.push(FieldError::new("directorate", "is not a directorate"));
    }
    if let (Some(from), Some(to)) = (query.submitted_from, query.submitted_to)
        && from > to
    {
        errors.push(FieldError::new(
            "submitted_to",
            "must be on or after submitted_from",
        ));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }

    let select = visible_forms(user.local_authority.as_str(), user.role, user.id, &query);
    let total = select.clone().count(&app.db).await?;
    let models = select.limit(limit).offset(offset).all(&app.db).await?;
    Ok(Json(Page {
        items: present::summaries(&app.db, models).await?,
        total,
        limit,
        offset,
    }))
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

/// Read one expression of interest (staff)
///
/// One expression of interest with its status and history, if the caller's role may see it; anyone
/// else gets 404.
#[utoipa::path(get, path = "/v1/expressions-of-interest/{id}", operation_id = "get_expression_of_interest", tag = "chances4youth",
    params(("id" = Uuid, Path, description = "Expression of interest id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The form, its history with staff notes, and the statuses the caller may move it to", body = EoiStaffView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such form, or not one you may see", body = Problem, content_type = "application/problem+json"),
    ))]
#[tracing::instrument(skip_all)]
async fn get_one(
    State(app): State<AppState>,
    user: AuthUser,
    request_id: RequestId,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<EoiStaffView>, AppError> {
    let (model, leaver) = visible(&app, &user, id).await?;
    audit::record(
        &app.db,
        Some(&user),
        &request_id,
        Event {
            action: "eoi.read",
            care_leaver_id: Some(leaver.id()),
            target: Some(format!("eoi:{id}")),
        },
    )
    .await?;
    Ok(Json(present::staff_view(&app.db, model, &user).await?))
}

/// Move an expression of interest through the review (HR and Connexions)
///
/// The caseworker is e-mailed on every change; the young person on an offer, or whenever
/// `feedback_for_young_person` is given. `note` is for staff only.
#[utoipa::path(post, path = "/v1/expressions-of-interest/{id}/status", operation_id = "change_expression_of_interest_status", tag = "chances4youth",
    params(("id" = Uuid, Path, description = "Expression of interest id")),
    request_body = StatusChange,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Moved", body = EoiStaffView),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only HR and Connexions review forms, and only the young person withdraws one", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such form, or not one you may see", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a move the form can make from where it is; the detail names its current status", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json"),
    ))]
#[tracing::instrument(skip_all)]
async fn change_status(
    State(app): State<AppState>,
    user: AuthUser,
    request_id: RequestId,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<StatusChange>,
) -> Result<Json<EoiStaffView>, AppError> {
    let (model, leaver) = visible(&app, &user, id).await?;
    let may_review = is_reviewer(user.role)
        && policy::allowed(
            &user.viewer(),
            Action::Write,
            Record::ExpressionOfInterest,
            &leaver.facts(),
        );
    if !may_review {
        return Err(AppError::Forbidden(
            "only HR and Connexions move an expression of interest through the review".into(),
        ));
    }
    let note = check_text("note", body.note.as_deref(), MAX_NOTE);
    let feedback = check_text(
        "feedback_for_young_person",
        body.feedback_for_young_person.as_deref(),
        MAX_NOTE,
    );
    let (note, feedback) = match (note, feedback) {
        (Ok(n), Ok(f)) => (n, f),
        (n, f) => {
            return Err(AppError::Validation(
                [n.err(), f.err()].into_iter().flatten().collect(),
            ));
        }
    };
    let from = status_of(&model)?;
    workflow::transition(from, body.status, workflow::Actor::Reviewer).map_err(transition_error)?;
    let txn = crate::db::begin_write(&app.db).await?;
    let model = service::move_status(
        &txn,
        &model,
        Move {
            from,
            to: body.status,
            by: (user.id, user.role),
            note: note.as_deref(),
            feedback: feedback.as_deref(),
            at: chrono::Utc::now(),
        },
    )
    .await?;
    audit::record(
        &txn,
        Some(&user),
        &request_id,
        Event {
            action: "eoi.status_changed",
            care_leaver_id: Some(leaver.id()),
            target: Some(format!("eoi:{id}:{}", body.status)),
        },
    )
    .await?;
    notify::status_changed(&txn, &app.config, &leaver, body.status, feedback.is_some()).await?;
    txn.commit().await?;
    app.mail_wakeup.notify_one();
    Ok(Json(present::staff_view(&app.db, model, &user).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hr_and_connexions_review() {
        for role in Role::ALL {
            assert_eq!(
                is_reviewer(role),
                matches!(role, Role::Hr | Role::Connexions),
                "{role}"
            );
        }
    }

    #[test]
    fn a_day_starts_at_midnight_utc() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert_eq!(start_of(day).to_rfc3339(), "2026-03-01T00:00:00+00:00");
    }
}
