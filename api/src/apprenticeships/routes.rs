//! The young person's Chances4YOUth routes: `/v1/me/expressions-of-interest`. Staff routes
//! are in `review_routes`, the report and the form's options in `report_routes`.
use crate::http::prelude::*;
use entity::expression_of_interest as eoi;
use serde_json::Value;

use super::{
    form::ExpressionOfInterestForm,
    present, service, store,
    submission::{self, Profile},
    views::*,
    young_person,
};
use crate::care_leavers::{self, CareLeaver};

/// The signed-in young person, if the policy lets them `action` their own forms (the caller's
/// handler holds `Caller<FormOwners>`).
async fn me(app: &AppState, user: &AuthUser, action: Action) -> Result<CareLeaver, AppError> {
    care_leavers::visible_to(&app.db, user, user.id, action, Record::ExpressionOfInterest).await
}

/// One of the caller's own forms; anyone else's is 404.
async fn mine(app: &AppState, leaver: &CareLeaver, id: Uuid) -> Result<eoi::Model, AppError> {
    service::find(&app.db, id)
        .await?
        .filter(|m| m.care_leaver_id == leaver.id())
        .ok_or(AppError::NotFound)
}

async fn view_of(app: &AppState, id: Uuid) -> Result<MyExpressionOfInterest, AppError> {
    let model = service::find(&app.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    present::my_views(&app.db, vec![model])
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}

fn fill_from_profile(body: &mut Value, leaver: &CareLeaver) {
    let name = leaver
        .user
        .preferred_name
        .as_deref()
        .unwrap_or(&leaver.user.name);
    submission::fill_contact(
        body,
        Profile {
            name,
            email: &leaver.user.email,
            phone: leaver.profile.phone.as_deref(),
        },
    );
}

/// Send a Chances4YOUth expression of interest
///
/// For care leavers and 16–17 year olds in the Through Care service. `contact.name`,
/// `contact.email`, `contact.phone` and `contact.preferred_contact_method` may be left out:
/// they are filled from the profile (send `null` to leave one empty). The caseworker and the
/// Chances4YOUth inbox are e-mailed.
#[utoipa::path(post, path = "/v1/me/expressions-of-interest", operation_id = "submit_expression_of_interest", tag = "chances4youth",
    request_body(content = ExpressionOfInterestForm, description = "The form; contact details may be left out and are then taken from the profile"),
    responses(
        (status = 201, description = "Sent", body = MyExpressionOfInterest),
        (status = 403, description = "Only young people send expressions of interest", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "An expression of interest is already open", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid field, missing consent (`consents.share_with_hr_and_connexions`), under 16 (`date_of_birth`) or a closed case (`leaving_care_status`)", body = Problem, content_type = "application/problem+json"),
        BodyErrors, NotSignedIn, BodyTooLarge,
    ))]
#[tracing::instrument(skip_all)]
pub(crate) async fn submit(
    Caller(app, user, actor, ..): Caller<FormOwners>,
    AppJson(mut body): AppJson<Value>,
) -> Result<(StatusCode, Json<MyExpressionOfInterest>), AppError> {
    let leaver = me(&app, &user, Action::Write).await?;
    fill_from_profile(&mut body, &leaver);
    let model = young_person::submit(&app.db, &app.config, &actor, &leaver, &body).await?;
    app.mail_wakeup.notify_one();
    Ok((StatusCode::CREATED, Json(view_of(&app, model.id).await?)))
}

/// My expressions of interest, their progress and feedback
///
/// The signed-in young person's own Chances4YOUth forms, newest first, with their status and any
/// feedback from HR or Connexions.
#[utoipa::path(get, path = "/v1/me/expressions-of-interest", operation_id = "list_my_expressions_of_interest", tag = "chances4youth",
    params(IfNoneMatch, PageQuery),
    responses(
        (status = 200, description = "Newest first, each with its history and any feedback (never staff notes)", body = Page<MyExpressionOfInterest>,
            headers(("ETag" = String, description = "Changes when a form, its status or its feedback changes"))),
        NotModified, NotSignedIn, FormOwnersOnly, PageOutOfRange,
    ))]
#[tracing::instrument(skip_all)]
pub(crate) async fn list_mine(
    Caller(app, user, ..): Caller<FormOwners>,
    AppQuery(paging): AppQuery<PageQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (limit, offset) = paging.page()?;
    let leaver = me(&app, &user, Action::Read).await?;
    let (models, total) = store::page_of_forms_of(&app.db, leaver.id(), limit, offset).await?;
    with_etag(
        &headers,
        &Page {
            items: present::my_views(&app.db, models).await?,
            total,
            limit,
            offset,
        },
    )
}

/// One of my expressions of interest
///
/// One of the signed-in young person's own forms; someone else's form is 404.
#[utoipa::path(get, path = "/v1/me/expressions-of-interest/{id}", operation_id = "get_my_expression_of_interest", tag = "chances4youth",
    params(IfNoneMatch, InterestPath),
    responses(
        (status = 200, description = "The form, its history and any feedback", body = MyExpressionOfInterest,
            headers(("ETag" = String, description = "Changes when the form, its status or its feedback changes"))),
        (status = 404, description = "Not one of yours", body = Problem, content_type = "application/problem+json"),
        NotModified, NotSignedIn, FormOwnersOnly,
    ))]
#[tracing::instrument(skip_all)]
pub(crate) async fn get_mine(
    Caller(app, user, ..): Caller<FormOwners>,
    AppPath(id): AppPath<Uuid>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let leaver = me(&app, &user, Action::Read).await?;
    let model = mine(&app, &leaver, id).await?;
    with_etag(&headers, &view_of(&app, model.id).await?)
}

/// Changes an open form to `body` (already merged or filled) and answers with the new view.
async fn update(
    app: &AppState,
    actor: &crate::auth::Actor,
    leaver: &CareLeaver,
    model: eoi::Model,
    body: &Value,
) -> Result<Json<MyExpressionOfInterest>, AppError> {
    young_person::update(&app.db, &app.config, actor, leaver, &model, body).await?;
    Ok(Json(view_of(app, model.id).await?))
}

/// Replace my open expression of interest
///
/// The whole form, as for sending it; contact details left out are filled from the profile.
#[utoipa::path(put, path = "/v1/me/expressions-of-interest/{id}", operation_id = "replace_my_expression_of_interest", tag = "chances4youth",
    params(InterestPath),
    request_body(content = ExpressionOfInterestForm, description = "The whole form"),
    responses(
        (status = 200, description = "Updated", body = MyExpressionOfInterest),
        (status = 404, description = "Not one of yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No longer open (the detail names its status), or changed meanwhile", body = Problem, content_type = "application/problem+json"),
        BodyErrors, NotSignedIn, FormOwnersOnly, BodyTooLarge, InvalidField,
    ))]
#[tracing::instrument(skip_all)]
pub(crate) async fn replace_mine(
    Caller(app, user, actor, ..): Caller<FormOwners>,
    AppPath(id): AppPath<Uuid>,
    AppJson(mut body): AppJson<Value>,
) -> Result<Json<MyExpressionOfInterest>, AppError> {
    let leaver = me(&app, &user, Action::Write).await?;
    let model = mine(&app, &leaver, id).await?;
    fill_from_profile(&mut body, &leaver);
    update(&app, &actor, &leaver, model, &body).await
}

/// Change part of my open expression of interest
///
/// A JSON merge patch (RFC 7396) on the form: objects merge, `null` removes a value, arrays
/// are replaced whole. Example: `{"directorates": ["public_health"], "career_goal": null}`.
#[utoipa::path(patch, path = "/v1/me/expressions-of-interest/{id}", operation_id = "update_my_expression_of_interest", tag = "chances4youth",
    params(InterestPath),
    request_body(content = Object, content_type = "application/merge-patch+json", description = "The fields of the form to change",
        example = json!({"career_goal": "I want to work in IT support or cyber security", "travel": {"max_travel_minutes": 60}})),
    responses(
        (status = 200, description = "Updated", body = MyExpressionOfInterest),
        (status = 404, description = "Not one of yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No longer open (the detail names its status), or changed meanwhile", body = Problem, content_type = "application/problem+json"),
        BodyErrors, NotSignedIn, FormOwnersOnly, BodyTooLarge, InvalidField,
    ))]
#[tracing::instrument(skip_all)]
pub(crate) async fn patch_mine(
    Caller(app, user, actor, ..): Caller<FormOwners>,
    AppPath(id): AppPath<Uuid>,
    AppJson(patch): AppJson<Value>,
) -> Result<Json<MyExpressionOfInterest>, AppError> {
    let leaver = me(&app, &user, Action::Write).await?;
    let model = mine(&app, &leaver, id).await?;
    let mut body = model.form.clone();
    submission::merge_patch(&mut body, &patch);
    update(&app, &actor, &leaver, model, &body).await
}

/// Withdraw my expression of interest
///
/// Possible from any open status. The caseworker is told.
#[utoipa::path(post, path = "/v1/me/expressions-of-interest/{id}/withdraw", operation_id = "withdraw_my_expression_of_interest", tag = "chances4youth",
    params(InterestPath),
    responses(
        (status = 200, description = "Withdrawn", body = MyExpressionOfInterest),
        (status = 403, description = "Only young people withdraw their expressions of interest", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not one of yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already closed; the detail names its status", body = Problem, content_type = "application/problem+json"),
        NotSignedIn,
    ))]
#[tracing::instrument(skip_all)]
pub(crate) async fn withdraw(
    Caller(app, user, actor, ..): Caller<FormOwners>,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<MyExpressionOfInterest>, AppError> {
    let leaver = me(&app, &user, Action::Write).await?;
    let model = mine(&app, &leaver, id).await?;
    young_person::withdraw(&app.db, &app.config, &actor, &leaver, &model).await?;
    app.mail_wakeup.notify_one();
    Ok(Json(view_of(&app, model.id).await?))
}
