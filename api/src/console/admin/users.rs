//! Users of my authority: the list, inviting a member of staff, and one account's page with
//! its actions (change role, disable or enable, reset the second factor, resend the invitation).
use crate::auth::RoleWords;
use askama::Template;
use axum::{
    Router,
    extract::{Path, Query},
    response::Response,
    routing::{get, post},
};
use entity::user::UserStatus;
use sea_orm::Iterable;
use serde::Deserialize;
use uuid::Uuid;

use super::{AdminRequest, RecordPage, actor, after, show, staff};
use crate::{
    accounts::{self, AccountChanges, NewStaff},
    auth::Role,
    care_leavers::types::AccountStatusChange,
    console::{
        Console, ConsoleAdmin, CsrfForm,
        pages::{self, FormErrors, Layout, PageError},
    },
    error::AppError,
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/users", get(list))
        .route("/admin/users/invite", get(invite_form).post(invite))
        .route("/admin/users/{id}", get(show::<UserPage>))
        .route("/admin/users/{id}/role", post(change_role))
        .route("/admin/users/{id}/status", post(change_status))
        .route(
            "/admin/users/{id}/second-factor/reset",
            post(reset_second_factor),
        )
        .route("/admin/users/{id}/invitation", post(resend_invitation))
}

/// The staff roles an admin can give, with their plain names.
pub fn staff_roles() -> Vec<(String, &'static str)> {
    Role::iter()
        .filter(|r| r.is_staff())
        .map(|r| (r.to_string(), r.described()))
        .collect()
}

/// The staff role an admin chose on a form, if it names one.
fn staff_role(text: &str) -> Option<Role> {
    Role::iter().find(|r| r.is_staff() && r.to_string() == text)
}

pub struct UserRow {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub role: String,
    pub status: String,
}

impl From<entity::user::Model> for UserRow {
    fn from(u: entity::user::Model) -> Self {
        Self {
            id: u.id,
            role: pages::capitalise(u.role.described()),
            name: u.name,
            email: u.email,
            status: u.status.to_string(),
        }
    }
}

#[derive(Template)]
#[template(path = "console/admin/users.html")]
struct UsersPage {
    layout: Layout,
    users: Vec<UserRow>,
    /// Only those who have not accepted their invitation (the home page's count).
    only_invited: bool,
}

#[derive(Debug, Default, Deserialize)]
pub struct UsersFilter {
    status: Option<String>,
}

/// Staff accounts still waiting for their invitation to be accepted: the admin home page's
/// count and this page's `?status=invited` list.
pub fn awaiting_acceptance(users: Vec<entity::user::Model>) -> Vec<entity::user::Model> {
    users
        .into_iter()
        .filter(|u| u.status == UserStatus::Invited)
        .collect()
}

async fn list(
    Console(app, user, request_id): Console<ConsoleAdmin>,
    Query(filter): Query<UsersFilter>,
) -> Result<Response, PageError> {
    let mut users = staff(&app, &user, &request_id).await?;
    let only_invited = filter.status.as_deref() == Some("invited");
    if only_invited {
        users = awaiting_acceptance(users);
    }
    let title = if only_invited {
        "Invitations not yet accepted"
    } else {
        "Users"
    };
    Ok(pages::ok(&UsersPage {
        layout: user.layout(title).current("users"),
        users: users.into_iter().map(Into::into).collect(),
        only_invited,
    }))
}

#[derive(Debug, Default, Deserialize)]
pub struct InviteForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
}

#[derive(Template)]
#[template(path = "console/admin/invite.html")]
struct InvitePage {
    layout: Layout,
    form: InviteForm,
    roles: Vec<(String, &'static str)>,
    errors: FormErrors,
}

async fn invite_form(user: ConsoleAdmin) -> Response {
    pages::ok(&InvitePage {
        layout: user.layout("Invite a member of staff").current("users"),
        form: InviteForm::default(),
        roles: staff_roles(),
        errors: FormErrors::default(),
    })
}

async fn invite(
    Console(app, user, request_id): Console<ConsoleAdmin>,
    CsrfForm { form, .. }: CsrfForm<InviteForm>,
) -> Result<Response, PageError> {
    let role = staff_role(&form.role);
    let outcome = match role {
        None => Err(AppError::invalid("role", "choose a role")),
        Some(role) => {
            accounts::service::invite_staff(
                &app.db,
                &app.config,
                &actor(&user, &request_id),
                NewStaff {
                    role,
                    email: form.email.clone(),
                    name: form.name.clone(),
                },
            )
            .await
        }
    };
    let errors = match outcome {
        Ok(created) => {
            app.mail_wakeup.notify_one();
            return Ok(pages::see_other(&format!(
                "/admin/users/{}?done=invited",
                created.id
            )));
        }
        Err(AppError::Conflict { detail, .. }) => FormErrors(vec![("email", detail)]),
        Err(e) => FormErrors::from_app_error(e, |f| match f {
            "email" => "email",
            "role" => "role",
            _ => "name",
        })
        .map_err(|e| PageError::for_user(e, &user))?,
    };
    Ok(pages::render(
        axum::http::StatusCode::OK,
        &InvitePage {
            layout: user
                .layout("Error: Invite a member of staff")
                .current("users"),
            form,
            roles: staff_roles(),
            errors,
        },
    ))
}

#[derive(Template)]
#[template(path = "console/admin/user.html")]
struct UserPage {
    layout: Layout,
    account: UserRow,
    role: String,
    is_me: bool,
    roles: Vec<(String, &'static str)>,
    done: Option<&'static str>,
    errors: FormErrors,
}

impl RecordPage for UserPage {
    fn address(id: Uuid) -> String {
        format!("/admin/users/{id}")
    }

    fn done_message(done: &str) -> Option<&'static str> {
        Some(match done {
            "invited" => "Invitation sent. They have 7 days to accept it.",
            "role" => "Role changed. They need to sign in again.",
            "disabled" => "Account disabled. They have been signed out everywhere.",
            "enabled" => "Account enabled.",
            "second-factor" => {
                "Second factor reset. They set up a new one next time they sign in, and we have emailed them."
            }
            "resent" => "Invitation sent again. Earlier invitation links no longer work.",
            _ => return None,
        })
    }

    async fn page(
        request: &AdminRequest,
        id: Uuid,
        done: Option<&'static str>,
        errors: FormErrors,
    ) -> Result<Response, PageError> {
        let Console(app, user, request_id) = request;
        let account = accounts::service::find_managed(&app.db, &actor(user, request_id), id)
            .await
            .map_err(|e| PageError::for_user(e, user))?;
        if account.role == Role::CareLeaver {
            return Err(PageError::not_found_for(user));
        }
        // Errors re-render the form with 200: the page says "Error:" in its title and summary.
        let title = errors.title(&account.name);
        Ok(pages::render(
            axum::http::StatusCode::OK,
            &UserPage {
                layout: user.layout(title).current("users"),
                is_me: account.id == user.id,
                role: account.role.to_string(),
                account: account.into(),
                roles: staff_roles(),
                done,
                errors,
            },
        ))
    }

    /// A refusal of the account's state (the last admin, say) is said above the actions.
    fn errors(error: AppError) -> Result<FormErrors, AppError> {
        match error {
            AppError::Conflict { detail, .. } => {
                Ok(FormErrors(vec![("actions", pages::capitalise(&detail))]))
            }
            other => FormErrors::from_app_error(other, |f| match f {
                "role" => "role",
                _ => "actions",
            }),
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
}

async fn change_role(
    request: AdminRequest,
    Path(id): Path<Uuid>,
    CsrfForm { form, .. }: CsrfForm<RoleForm>,
) -> Result<Response, PageError> {
    let Console(app, user, request_id) = &request;
    let outcome = match staff_role(&form.role) {
        None => Err(AppError::invalid("role", "choose a role")),
        Some(role) => accounts::service::update_account(
            &app.db,
            &actor(user, request_id),
            id,
            AccountChanges {
                role: Some(role),
                ..Default::default()
            },
        )
        .await
        .map(|_| "role"),
    };
    after::<UserPage>(&request, id, outcome).await
}

#[derive(Debug, Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    status: String,
}

async fn change_status(
    request: AdminRequest,
    Path(id): Path<Uuid>,
    CsrfForm { form, .. }: CsrfForm<StatusForm>,
) -> Result<Response, PageError> {
    let Console(app, user, request_id) = &request;
    let (status, done) = match form.status.as_str() {
        "disabled" => (AccountStatusChange::Disabled, "disabled"),
        _ => (AccountStatusChange::Active, "enabled"),
    };
    let outcome = accounts::service::update_account(
        &app.db,
        &actor(user, request_id),
        id,
        AccountChanges {
            status: Some(status),
            ..Default::default()
        },
    )
    .await
    .map(|_| done);
    after::<UserPage>(&request, id, outcome).await
}

async fn reset_second_factor(
    request: AdminRequest,
    Path(id): Path<Uuid>,
    _form: CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, PageError> {
    let Console(app, user, request_id) = &request;
    let outcome =
        accounts::service::reset_second_factor(&app.db, &app.config, &actor(user, request_id), id)
            .await
            .map(|_| "second-factor");
    after_mailing(&request, id, outcome).await
}

async fn resend_invitation(
    request: AdminRequest,
    Path(id): Path<Uuid>,
    _form: CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, PageError> {
    let Console(app, user, request_id) = &request;
    let outcome =
        accounts::service::resend_invitation(&app.db, &app.config, &actor(user, request_id), id)
            .await
            .map(|_| "resent");
    after_mailing(&request, id, outcome).await
}

/// After an action that e-mails the account (a second-factor reset, an invitation sent
/// again): the mail worker is woken when it worked, then as [`after`].
async fn after_mailing(
    request: &AdminRequest,
    id: Uuid,
    outcome: Result<&'static str, AppError>,
) -> Result<Response, PageError> {
    if outcome.is_ok() {
        let Console(app, ..) = request;
        app.mail_wakeup.notify_one();
    }
    after::<UserPage>(request, id, outcome).await
}
