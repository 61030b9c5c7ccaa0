//! Staff routes: HR and Connexions review every form of their authority; caseworkers follow
//! the forms of their caseload. Nothing here reads the health passport or prescriptions.
use crate::http::prelude::*;
use entity::expression_of_interest as eoi;

use super::{
    form_rules::AgeBand,
    present, review, review_rules,
    service::{self, check_text},
    store,
    views::*,
};
use crate::care_leavers::CareLeaver;

const MAX_NOTE: usize = 2000;

/// The whole form, if `user` may read it; otherwise 404.
async fn visible(
    app: &AppState,
    user: &AuthUser,
    id: Uuid,
) -> Result<(eoi::Model, CareLeaver), AppError> {
    review::visible_form(&app.db, user, id, Record::ExpressionOfInterest).await
}

/// Expressions of interest I may see
///
/// Staff see the expressions of interest their role may review: HR and Connexions see every form
/// shared with them, caseworkers see their own care leavers' forms.
#[utoipa::path(get, path = "/v1/expressions-of-interest", operation_id = "list_expressions_of_interest", tag = "chances4youth",
    params(ListQuery),
    responses(
        (status = 200, description = "HR and Connexions: every form of their local authority (all are sent with consent to share with them); caseworkers: their caseload's. Newest first.", body = Page<EoiSummary>),
        (status = 403, description = "Your role does not see expressions of interest", body = Problem, content_type = "application/problem+json"),
        NotSignedIn, BadQuery,
    ))]
#[tracing::instrument(skip_all)]
pub(crate) async fn list(
    Caller(app, user, ..): Caller<InterestFollowers>,
    AppQuery(query): AppQuery<ListQuery>,
) -> Result<Json<Page<EoiSummary>>, AppError> {
    let mut errors = Vec::new();
    let (limit, offset) = match crate::http::pagination::page(query.limit, query.offset) {
        Ok(page) => page,
        Err(e) => {
            errors.push(e);
            (0, 0)
        }
    };
    if let Some(band) = &query.age_band
        && entity::from_stored_text::<AgeBand>(band).is_none()
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

    let who = (user.local_authority.as_str(), user.role, user.id);
    let (models, total) = store::page_of_visible_forms(&app.db, who, &query, limit, offset).await?;
    Ok(Json(Page {
        items: present::summaries(&app.db, models).await?,
        total,
        limit,
        offset,
    }))
}

/// Read one expression of interest (staff)
///
/// One expression of interest with its status and history, if the caller's role may see it; anyone
/// else gets 404.
#[utoipa::path(get, path = "/v1/expressions-of-interest/{id}", operation_id = "get_expression_of_interest", tag = "chances4youth",
    params(InterestPath),
    responses(
        (status = 200, description = "The form, its history with staff notes, and the statuses the caller may move it to", body = EoiStaffView),
        (status = 404, description = "No such form, or not one you may see", body = Problem, content_type = "application/problem+json"),
        NotSignedIn,
    ))]
#[tracing::instrument(skip_all)]
pub(crate) async fn get_one(
    Caller(app, user, actor, ..): Caller,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<EoiStaffView>, AppError> {
    let (model, leaver) = visible(&app, &user, id).await?;
    review::record_read(&app.db, &actor, &leaver, &model).await?;
    Ok(Json(present::staff_view(&app.db, model, user.role).await?))
}

/// Move an expression of interest through the review (HR and Connexions)
///
/// The caseworker is e-mailed on every change; the young person on an offer, or whenever
/// `feedback_for_young_person` is given. `note` is for staff only.
#[utoipa::path(post, path = "/v1/expressions-of-interest/{id}/status", operation_id = "change_expression_of_interest_status", tag = "chances4youth",
    params(InterestPath),
    request_body = StatusChange,
    responses(
        (status = 200, description = "Moved", body = EoiStaffView),
        (status = 403, description = "Only HR and Connexions review forms, and only the young person withdraws one", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such form, or not one you may see", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a move the form can make from where it is; the detail names its current status", body = Problem, content_type = "application/problem+json"),
        BodyErrors, NotSignedIn, BodyTooLarge, InvalidField,
    ))]
#[tracing::instrument(skip_all)]
pub(crate) async fn change_status(
    Caller(app, user, actor, ..): Caller,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<StatusChange>,
) -> Result<Json<EoiStaffView>, AppError> {
    let (model, leaver) = visible(&app, &user, id).await?;
    if !review::may_review(&user, &leaver) {
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
    fn trimmed(v: &Option<String>) -> Option<&str> {
        v.as_deref().map(str::trim).filter(|v| !v.is_empty())
    }
    let change = review::StatusMove {
        to: body.status,
        note: note.as_deref(),
        feedback: feedback.as_deref(),
        given: review_rules::Given {
            directorate: trimmed(&body.directorate),
            team: trimmed(&body.team),
            effective_on: body.effective_on,
        },
    };
    let model =
        review::change_status(&app.db, &app.config, &actor, &leaver, &model, change).await?;
    app.mail_wakeup.notify_one();
    Ok(Json(present::staff_view(&app.db, model, user.role).await?))
}
