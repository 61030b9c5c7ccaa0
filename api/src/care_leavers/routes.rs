//! Onboarding and profiles: `/v1/care-leavers`, `/v1/users`, `/v1/me`.
use crate::http::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{me, onboarding, service, store, types::*};

/// Create a care leaver's account and send their invitation
///
/// Staff create a care leaver's account in their own local authority; the young person gets an
/// invitation e-mail to choose a password.
#[utoipa::path(post, path = "/v1/care-leavers", operation_id = "create_care_leaver", tag = "care-leavers",
    request_body = NewCareLeaver,
    responses(
        (status = 201, description = "Created; an invitation e-mail is on its way", body = CareLeaverView),
        (status = 403, description = "Only nurses, caseworkers and admins onboard care leavers", body = Problem, content_type = "application/problem+json"),
        BodyErrors, NotSignedIn, InvalidField, EmailTaken,
    ))]
pub(crate) async fn create_care_leaver(
    Caller(app, _, actor, ..): Caller<Onboarders>,
    AppJson(body): AppJson<NewCareLeaver>,
) -> Result<(StatusCode, Json<CareLeaverView>), AppError> {
    let id = onboarding::create(&app.db, &app.config, &actor, body).await?;
    app.mail_wakeup.notify_one();
    let leaver = service::find(&app.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let view = service::view(&app.db, &leaver, true).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    #[param(inline)]
    pub status: Option<LeavingCareStatus>,
    /// How many to return, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// How many to skip, for the next page.
    #[param(minimum = 0, maximum = 1000000)]
    pub offset: Option<u32>,
}

/// List the care leavers I may see
///
/// Care leavers the caller's role and local authority allow them to see, by name.
#[utoipa::path(get, path = "/v1/care-leavers", operation_id = "list_care_leavers", tag = "care-leavers",
    params(ListQuery),
    responses(
        (status = 200, description = "Nurses and admins: their local authority; caseworkers: their caseload. Ordered by name.", body = Page<CareLeaverView>),
        (status = 403, description = "Your role has no caseload", body = Problem, content_type = "application/problem+json"),
        NotSignedIn, BadQuery,
    ))]
pub(crate) async fn list_care_leavers(
    Caller(app, _, actor, ..): Caller<Onboarders>,
    AppQuery(query): AppQuery<ListQuery>,
) -> Result<Json<Page<CareLeaverView>>, AppError> {
    let care_leavers =
        service::list(&app.db, &actor, query.status, query.limit, query.offset).await?;
    Ok(Json(care_leavers))
}

/// Read one care leaver's profile
///
/// The profile of one care leaver the caller may see; anyone else is 404.
#[utoipa::path(get, path = "/v1/care-leavers/{id}", operation_id = "get_care_leaver", tag = "care-leavers",
    params(CareLeaverPath),
    responses(
        (status = 200, description = "The profile", body = CareLeaverView),
        (status = 404, description = "No such care leaver, or not one you may see", body = Problem, content_type = "application/problem+json"),
        NotSignedIn,
    ))]
pub(crate) async fn get_care_leaver(
    Caller(app, user, actor, ..): Caller,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<CareLeaverView>, AppError> {
    let leaver = onboarding::read(&app.db, &actor, id).await?;
    let show_nhs = policy::may(user.role, Power::SeeNhsNumber);
    Ok(Json(service::view(&app.db, &leaver, show_nhs).await?))
}

/// Update a care leaver's record (staff)
///
/// Staff change fields of a care leaver's record, such as their caseworker or leaving-care status.
/// Fields left out stay as they are.
#[utoipa::path(patch, path = "/v1/care-leavers/{id}", operation_id = "update_care_leaver", tag = "care-leavers",
    params(CareLeaverPath),
    request_body = CareLeaverPatch,
    responses(
        (status = 200, description = "Updated", body = CareLeaverView),
        (status = 404, description = "No such care leaver, or not one you may change", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid field, or an assignment your role cannot make", body = Problem, content_type = "application/problem+json"),
        BodyErrors, NotSignedIn, EmailTaken,
    ))]
pub(crate) async fn update_care_leaver(
    Caller(app, user, actor, ..): Caller,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<CareLeaverPatch>,
) -> Result<Json<CareLeaverView>, AppError> {
    onboarding::update(&app.db, &app.config, &actor, id, body).await?;
    app.mail_wakeup.notify_one();
    app.passports.forget(id);
    let leaver = service::find(&app.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(
        service::view(
            &app.db,
            &leaver,
            policy::may(user.role, Power::SeeNhsNumber),
        )
        .await?,
    ))
}

/// Create a staff account (admins)
///
/// Admins create a staff account in their own local authority; the new member of staff gets an
/// invitation e-mail.
#[utoipa::path(post, path = "/v1/users", operation_id = "create_user", tag = "users",
    request_body = NewStaffUser,
    responses(
        (status = 201, description = "Created; an invitation e-mail is on its way", body = UserView),
        BodyErrors, NotSignedIn, AdminsOnly, InvalidField, EmailTaken,
    ))]
pub(crate) async fn create_user(
    Caller(app, user, actor, ..): Caller<Admins>,
    AppJson(body): AppJson<NewStaffUser>,
) -> Result<(StatusCode, Json<UserView>), AppError> {
    if body.local_authority != user.local_authority {
        return Err(AppError::invalid(
            "local_authority",
            "must be your own local authority",
        ));
    }
    let created = crate::accounts::service::invite_staff(
        &app.db,
        &app.config,
        &actor,
        crate::accounts::NewStaff {
            role: body.role,
            email: body.email,
            name: body.name,
        },
    )
    .await?;
    app.mail_wakeup.notify_one();
    Ok((StatusCode::CREATED, Json(created.into())))
}

/// Paging for the staff list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct UserListQuery {
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// How many to skip, for the next page.
    #[param(minimum = 0, maximum = 1000000)]
    pub offset: Option<u32>,
}

/// List staff accounts of my local authority (admins)
///
/// Staff accounts in the admin's own local authority, by name, one page at a time: `limit`
/// (1–200, default 50) and `offset`; `total` says how many there are in all.
#[utoipa::path(get, path = "/v1/users", operation_id = "list_users", tag = "users",
    params(UserListQuery),
    responses(
        (status = 200, description = "Staff accounts, by name", body = Page<UserView>),
        NotSignedIn, AdminsOnly, PageOutOfRange,
    ))]
pub(crate) async fn list_users(
    Caller(app, _, actor, ..): Caller<Admins>,
    AppQuery(query): AppQuery<UserListQuery>,
) -> Result<Json<Page<UserView>>, AppError> {
    let (users, total, limit, offset) =
        crate::accounts::service::list_staff_page(&app.db, &actor, query.limit, query.offset)
            .await?;
    Ok(Json(Page {
        items: users.into_iter().map(Into::into).collect(),
        total,
        limit,
        offset,
    }))
}

/// Rename, disable or re-enable an account, or name a Designated Nurse (admins)
///
/// `designated_nurse` marks a nurse of the authority as the Designated Nurse for Children in
/// Care, who approves or declines applications for the care leavers' prescription scheme.
#[utoipa::path(patch, path = "/v1/users/{id}", operation_id = "update_user", tag = "users",
    params(("id" = Uuid, Path, description = "User id")),
    request_body = UserPatch,
    responses(
        (status = 200, description = "Updated", body = UserView),
        (status = 404, description = "No such account in your local authority", body = Problem, content_type = "application/problem+json"),
        BodyErrors, NotSignedIn, AdminsOnly, InvalidField,
    ))]
pub(crate) async fn update_user(
    Caller(app, _, actor, ..): Caller<Admins>,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<UserPatch>,
) -> Result<Json<UserView>, AppError> {
    let updated = crate::accounts::service::update_account(
        &app.db,
        &actor,
        id,
        crate::accounts::AccountChanges {
            name: body.name,
            role: None,
            status: body.status,
            designated_nurse: body.designated_nurse,
        },
    )
    .await?;
    Ok(Json(updated.into()))
}

/// My profile
///
/// The signed-in person's profile: name, contact details, consents and, for care leavers, their
/// registered GP and dentist.
#[utoipa::path(get, path = "/v1/me", operation_id = "get_me", tag = "me",
    params(IfNoneMatch),
    responses(
        (status = 200, description = "Who I am", body = Me,
            headers(("ETag" = String, description = "Changes when anything in the profile changes"))),
        NotModified, NotSignedIn,
    ))]
pub(crate) async fn get_me(
    Caller(app, user, ..): Caller,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    with_etag(&headers, &me::view(&app.db, user.id, user.role).await?)
}

/// Change my contact details, consents and registered GP / dentist
///
/// Changes only the fields sent. A new sign-in e-mail address is confirmed by a link sent to it
/// before it is used.
#[utoipa::path(patch, path = "/v1/me", operation_id = "update_me", tag = "me",
    request_body = MePatch,
    responses(
        (status = 200, description = "Updated", body = Me),
        BodyErrors, NotSignedIn, InvalidField, EmailTaken,
    ))]
pub(crate) async fn update_me(
    Caller(app, user, actor, ..): Caller,
    AppJson(body): AppJson<MePatch>,
) -> Result<Json<Me>, AppError> {
    me::update(&app.db, &app.config, &actor, body).await?;
    app.mail_wakeup.notify_one();
    app.passports.forget(user.id);
    Ok(Json(me::view(&app.db, user.id, user.role).await?))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LocalAuthority {
    #[schema(example = "dudley")]
    pub code: String,
    #[schema(example = "Dudley Metropolitan Borough Council")]
    pub name: String,
}

/// The local authorities accounts can belong to
///
/// Every local authority an account can belong to, with its code and name. No sign-in needed.
#[utoipa::path(get, path = "/v1/local-authorities", operation_id = "list_local_authorities", tag = "users", security(),
    params(IfNoneMatch, PageQuery),
    responses(
        (status = 200, description = "The Black Country authorities, by code", body = Page<LocalAuthority>,
            headers(("ETag" = String, description = "Changes when the list changes"))),
        NotModified, PageOutOfRange,
    ))]
pub(crate) async fn list_local_authorities(
    State(app): State<AppState>,
    AppQuery(paging): AppQuery<PageQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let paging = paging.page()?;
    let local_authorities = store::local_authorities(&app.db)
        .await?
        .into_iter()
        .map(|m| LocalAuthority {
            code: m.code,
            name: m.name,
        })
        .collect();
    with_etag(&headers, &Page::of_all(local_authorities, paging))
}
