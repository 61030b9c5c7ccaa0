//! The work lists behind the home page's counts: nurses' passports due here, and the query
//! of the new expressions of interest HR, Connexions and caseworkers follow (listed on
//! `/work/interest`, `console::interest`). Each is the API's own query
//! (`passport::due_service::due_in`, `apprenticeships::store::visible_forms`), so a count and
//! its list always agree.
use askama::Template;
use axum::{Router, extract::State, response::Response, routing::get};

use super::{
    ConsoleNurse,
    pages::{self, Layout, PageError},
};
use crate::{
    apprenticeships::{store, views::ListQuery, workflow::EoiStatus},
    passport::{
        due_service,
        views::{DueImmunisations, DueWithoutPassport},
    },
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new().route("/work/passports-due", get(passports_due))
}

/// New forms (sent, not yet acknowledged) that `user` sees, newest first: the query of the
/// API's list with `status=submitted`.
pub fn new_interest_query(
    user: &super::ConsoleUser,
) -> sea_orm::Select<entity::expression_of_interest::Entity> {
    interest_query(user, Some(EoiStatus::Submitted))
}

/// The forms `user` sees (in `status`, or all), newest first: the query of the API's list.
pub fn interest_query(
    user: &super::ConsoleUser,
    status: Option<EoiStatus>,
) -> sea_orm::Select<entity::expression_of_interest::Entity> {
    store::visible_forms(
        &user.local_authority,
        user.role,
        user.id,
        &ListQuery {
            status,
            directorate: None,
            opportunity_type: None,
            age_band: None,
            submitted_from: None,
            submitted_to: None,
            limit: None,
            offset: None,
        },
    )
}

#[derive(Template)]
#[template(path = "console/work/passports_due.html")]
struct DuePage {
    layout: Layout,
    without_passport: Vec<DueWithoutPassport>,
    approaching_19: Vec<DueImmunisations>,
}

async fn passports_due(
    State(app): State<AppState>,
    user: ConsoleNurse,
) -> Result<Response, PageError> {
    let today = crate::passport::service::today();
    let due = due_service::due_in(&app.db, &user.local_authority, today).await?;
    Ok(pages::ok(&DuePage {
        layout: user.layout("Passports due").current("home"),
        without_passport: due.without_passport,
        approaching_19: due.approaching_19_without_immunisations,
    }))
}
