//! Onboarding and profiles: `/v1/care-leavers`, `/v1/users`, `/v1/me`.
use axum::{
    Json,
    extract::State,
    http::{HeaderMap, StatusCode},
    response::Response,
};
use chrono::Utc;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::{
    onboarding,
    service::{self, Checks},
    types::*,
};
use crate::{
    audit::{self, Event},
    auth::{
        AuthUser, Role,
        guard::{Admins, Onboarders, Require},
    },
    error::{AppError, FieldError, Problem},
    finder::ods::PracticeKind,
    http::{
        AppJson, AppPath, AppQuery, IfNoneMatch, RequestId,
        pagination::{Page, PageQuery},
        with_etag,
    },
    state::AppState,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_care_leaver, list_care_leavers))
        .routes(routes!(get_care_leaver, update_care_leaver))
        .routes(routes!(create_user, list_users))
        .routes(routes!(update_user))
        .routes(routes!(get_me, update_me))
        .routes(routes!(list_local_authorities))
}

/// Create a care leaver's account and send their invitation
///
/// Staff create a care leaver's account in their own local authority; the young person gets an
/// invitation e-mail to choose a password.
#[utoipa::path(post, path = "/v1/care-leavers", operation_id = "create_care_leaver", tag = "care-leavers",
    request_body = NewCareLeaver,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created; an invitation e-mail is on its way", body = CareLeaverView),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only nurses, caseworkers and admins onboard care leavers", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "An account with this e-mail exists", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json"),
    ))]
async fn create_care_leaver(
    State(app): State<AppState>,
    Require(user, _): Require<Onboarders>,
    request_id: RequestId,
    AppJson(body): AppJson<NewCareLeaver>,
) -> Result<(StatusCode, Json<CareLeaverView>), AppError> {
    let id = onboarding::create(&app.db, &app.config, &user.actor(&request_id), body).await?;
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
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Nurses and admins: their local authority; caseworkers: their caseload. Ordered by name.", body = Page<CareLeaverView>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Your role has no caseload", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad query parameter", body = Problem, content_type = "application/problem+json"),
    ))]
async fn list_care_leavers(
    State(app): State<AppState>,
    user: AuthUser,
    request_id: RequestId,
    AppQuery(query): AppQuery<ListQuery>,
) -> Result<Json<Page<CareLeaverView>>, AppError> {
    let care_leavers = service::list(
        &app.db,
        &user.actor(&request_id),
        query.status,
        query.limit,
        query.offset,
    )
    .await?;
    Ok(Json(care_leavers))
}

/// Read one care leaver's profile
///
/// The profile of one care leaver the caller may see; anyone else is 404.
#[utoipa::path(get, path = "/v1/care-leavers/{id}", operation_id = "get_care_leaver", tag = "care-leavers",
    params(("id" = Uuid, Path, description = "Care leaver id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The profile", body = CareLeaverView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such care leaver, or not one you may see", body = Problem, content_type = "application/problem+json"),
    ))]
async fn get_care_leaver(
    State(app): State<AppState>,
    user: AuthUser,
    request_id: RequestId,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<CareLeaverView>, AppError> {
    let leaver = onboarding::read(&app.db, &user.actor(&request_id), id).await?;
    let show_nhs = matches!(user.role, Role::Nurse | Role::CareLeaver);
    Ok(Json(service::view(&app.db, &leaver, show_nhs).await?))
}

/// Update a care leaver's record (staff)
///
/// Staff change fields of a care leaver's record, such as their caseworker or leaving-care status.
/// Fields left out stay as they are.
#[utoipa::path(patch, path = "/v1/care-leavers/{id}", operation_id = "update_care_leaver", tag = "care-leavers",
    params(("id" = Uuid, Path, description = "Care leaver id")),
    request_body = CareLeaverPatch,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Updated", body = CareLeaverView),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such care leaver, or not one you may change", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "E-mail already used", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid field, or an assignment your role cannot make", body = Problem, content_type = "application/problem+json"),
    ))]
async fn update_care_leaver(
    State(app): State<AppState>,
    user: AuthUser,
    request_id: RequestId,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<CareLeaverPatch>,
) -> Result<Json<CareLeaverView>, AppError> {
    onboarding::update(&app.db, &app.config, &user.actor(&request_id), id, body).await?;
    app.mail_wakeup.notify_one();
    app.passports.forget(id);
    let leaver = service::find(&app.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(
        service::view(&app.db, &leaver, user.role == Role::Nurse).await?,
    ))
}

/// Create a staff account (admins)
///
/// Admins create a staff account in their own local authority; the new member of staff gets an
/// invitation e-mail.
#[utoipa::path(post, path = "/v1/users", operation_id = "create_user", tag = "users",
    request_body = NewStaffUser,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created; an invitation e-mail is on its way", body = UserView),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Admins only", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "An account with this e-mail exists", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json"),
    ))]
async fn create_user(
    State(app): State<AppState>,
    Require(user, _): Require<Admins>,
    request_id: RequestId,
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
        &user.actor(&request_id),
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

/// Inserts an account; 409 naming `email` if the address is taken. Used by the API, the CLI
/// and the demo data.
pub async fn create_account(
    conn: &impl sea_orm::ConnectionTrait,
    role: Role,
    email: &str,
    name: &str,
    local_authority: &str,
    password_hash: Option<String>,
) -> Result<entity::user::Model, AppError> {
    if entity::user::Entity::find()
        .filter(entity::user::Column::Email.eq(email))
        .one(conn)
        .await?
        .is_some()
    {
        return Err(AppError::Conflict {
            detail: "an account with this e-mail address already exists".into(),
            field: Some("email".into()),
        });
    }
    let now = Utc::now();
    let status = if password_hash.is_some() {
        "active"
    } else {
        "invited"
    };
    Ok(entity::user::Entity::insert(entity::user::ActiveModel {
        id: Set(Uuid::new_v4()),
        role: Set(role.as_str().into()),
        email: Set(email.to_owned()),
        name: Set(name.to_owned()),
        preferred_name: Set(None),
        local_authority: Set(local_authority.to_owned()),
        password_hash: Set(password_hash),
        status: Set(status.into()),
        designated_nurse: Set(false),
        tokens_valid_after: Set(now),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_with_returning(conn)
    .await?)
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
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Staff accounts, by name", body = Page<UserView>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Admins only", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`limit` or `offset` out of range", body = Problem, content_type = "application/problem+json"),
    ))]
async fn list_users(
    State(app): State<AppState>,
    Require(user, _): Require<Admins>,
    request_id: RequestId,
    AppQuery(query): AppQuery<UserListQuery>,
) -> Result<Json<Page<UserView>>, AppError> {
    let (users, total, limit, offset) = crate::accounts::service::list_staff_page(
        &app.db,
        &user.actor(&request_id),
        query.limit,
        query.offset,
    )
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
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Updated", body = UserView),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Admins only", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account in your local authority", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json"),
    ))]
async fn update_user(
    State(app): State<AppState>,
    Require(user, _): Require<Admins>,
    request_id: RequestId,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<UserPatch>,
) -> Result<Json<UserView>, AppError> {
    let updated = crate::accounts::service::update_account(
        &app.db,
        &user.actor(&request_id),
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

async fn me_view(app: &AppState, user: &AuthUser) -> Result<Me, AppError> {
    let account = entity::user::Entity::find_by_id(user.id)
        .one(&app.db)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let care_leaver = match service::find(&app.db, user.id).await? {
        Some(leaver) => Some(service::view(&app.db, &leaver, true).await?),
        None => None,
    };
    Ok(Me {
        id: account.id,
        role: user.role,
        name: account.name,
        preferred_name: account.preferred_name,
        email: account.email,
        local_authority: account.local_authority,
        designated_nurse: account.designated_nurse,
        care_leaver,
    })
}

/// My profile
///
/// The signed-in person's profile: name, contact details, consents and, for care leavers, their
/// registered GP and dentist.
#[utoipa::path(get, path = "/v1/me", operation_id = "get_me", tag = "me",
    security(("bearer" = [])),
    params(IfNoneMatch),
    responses(
        (status = 200, description = "Who I am", body = Me,
            headers(("ETag" = String, description = "Changes when anything in the profile changes"))),
        (status = 304, description = "Your copy is current"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    ))]
async fn get_me(
    State(app): State<AppState>,
    user: AuthUser,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    with_etag(&headers, &me_view(&app, &user).await?)
}

/// Change my contact details, consents and registered GP / dentist
///
/// Changes only the fields sent. A new sign-in e-mail address is confirmed by a link sent to it
/// before it is used.
#[utoipa::path(patch, path = "/v1/me", operation_id = "update_me", tag = "me",
    request_body = MePatch,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Updated", body = Me),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "E-mail already used", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json"),
    ))]
async fn update_me(
    State(app): State<AppState>,
    user: AuthUser,
    request_id: RequestId,
    AppJson(body): AppJson<MePatch>,
) -> Result<Json<Me>, AppError> {
    let mut checks = Checks::default();
    let now = Utc::now();
    let mut account = entity::user::ActiveModel {
        id: Set(user.id),
        updated_at: Set(now),
        ..Default::default()
    };
    let mut profile = entity::care_leaver::ActiveModel {
        user_id: Set(user.id),
        updated_at: Set(now),
        ..Default::default()
    };
    let is_leaver = user.role == Role::CareLeaver;
    let only_leavers = |field: &str| FieldError::new(field, "only care leavers have this");
    if let Some(p) = &body.preferred_name {
        account.preferred_name = Set(match p {
            Some(p) => checks.take(service::check_name("preferred_name", p)),
            None => None,
        });
    }
    let new_email = body
        .email
        .as_ref()
        .and_then(|e| checks.take(service::check_email("email", e)))
        .filter(|e| *e != user.email);
    let me_account = entity::user::Entity::find_by_id(user.id)
        .one(&app.db)
        .await?
        .ok_or(AppError::Unauthorized)?;
    if new_email.is_some() {
        let given = body.current_password.clone().unwrap_or_default();
        if !crate::auth::password::verify(given, me_account.password_hash.clone()).await {
            checks.0.push(FieldError::new(
                "current_password",
                "enter your current password to change your e-mail",
            ));
        }
    }
    let mut touches_profile = false;
    if let Some(p) = &body.phone {
        touches_profile = true;
        profile.phone = Set(match p {
            Some(p) => checks.take(service::check_phone("phone", p)),
            None => None,
        });
    }
    if let Some(c) = &body.consents {
        touches_profile = true;
        profile.consent_share_passport_with_caseworker = Set(c.share_passport_with_caseworker);
    }
    for (field, value, kind) in [
        ("gp_ods_code", &body.gp_ods_code, PracticeKind::Gp),
        (
            "dentist_ods_code",
            &body.dentist_ods_code,
            PracticeKind::Dentist,
        ),
    ] {
        let Some(value) = value else { continue };
        touches_profile = true;
        let mut code = match value {
            Some(code) => checks.take(service::check_ods_code(field, code)),
            None => None,
        };
        if let Some(known) = &code
            && let Some(error) =
                crate::finder::service::check_recorded_practice(&app.db, field, kind, known).await?
        {
            checks.0.push(error);
            code = None;
        }
        if field == "gp_ods_code" {
            profile.gp_ods_code = Set(code);
        } else {
            profile.dentist_ods_code = Set(code);
        }
    }
    if touches_profile && !is_leaver {
        let field = if body.phone.is_some() {
            "phone"
        } else if body.consents.is_some() {
            "consents"
        } else {
            "gp_ods_code"
        };
        checks.0.push(only_leavers(field));
    }
    checks.finish()?;
    let txn = crate::db::begin_write(&app.db).await?;
    entity::user::Entity::update(account).exec(&txn).await?;
    if touches_profile {
        entity::care_leaver::Entity::update(profile)
            .exec(&txn)
            .await?;
    }
    audit::record(
        &txn,
        Some(&user),
        &request_id,
        Event {
            action: "me.updated",
            care_leaver_id: is_leaver.then_some(user.id),
            target: None,
        },
    )
    .await?;
    if let Some(new_email) = new_email {
        crate::auth::email_change::request(
            &txn,
            &app.config,
            &me_account,
            &new_email,
            crate::auth::email_change::Requester {
                id: user.id,
                role: user.role,
            },
            request_id.0.clone(),
        )
        .await?;
    }
    txn.commit().await?;
    app.mail_wakeup.notify_one();
    app.passports.forget(user.id);
    Ok(Json(me_view(&app, &user).await?))
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
        (status = 304, description = "Your copy is current"),
        (status = 422, description = "`limit` or `offset` out of range", body = Problem, content_type = "application/problem+json"),
    ))]
async fn list_local_authorities(
    State(app): State<AppState>,
    AppQuery(paging): AppQuery<PageQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let paging = paging.page()?;
    let local_authorities = entity::local_authority::Entity::find()
        .order_by_asc(entity::local_authority::Column::Code)
        .all(&app.db)
        .await?
        .into_iter()
        .map(|m| LocalAuthority {
            code: m.code,
            name: m.name,
        })
        .collect();
    with_etag(&headers, &Page::of_all(local_authorities, paging))
}
