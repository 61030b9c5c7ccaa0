//! The work lists behind the home page's counts, for the roles whose own pages come later:
//! nurses' passports due, and the expressions of interest HR, Connexions and caseworkers
//! follow. Each list is the API's own query (`passport::due_service::due_in`,
//! `apprenticeships::store::visible_forms`), so a count and its list always agree.
use askama::Template;
use axum::{Router, extract::State, response::Response, routing::get};
use sea_orm::{PaginatorTrait, QuerySelect};

use super::{
    ConsoleNurse, WithRole,
    pages::{self, Layout, PageError},
};
use crate::{
    apprenticeships::{
        present, store,
        views::{EoiSummary, ListQuery},
        workflow::EoiStatus,
    },
    passport::{
        due_service,
        views::{DueImmunisations, DueWithoutPassport},
    },
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/work/passports-due", get(passports_due))
        .route("/work/interest", get(new_interest))
}

/// The roles that follow expressions of interest, as `GET /v1/expressions-of-interest`.
pub type ConsoleInterest = WithRole<crate::auth::guard::InterestFollowers>;

/// New forms (sent, not yet acknowledged) that `user` sees, newest first: the query of the
/// API's list with `status=submitted`.
pub fn new_interest_query(
    user: &super::ConsoleUser,
) -> sea_orm::Select<entity::expression_of_interest::Entity> {
    store::visible_forms(
        &user.local_authority,
        user.role,
        user.id,
        &ListQuery {
            status: Some(EoiStatus::Submitted),
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

/// How many forms the interest page shows at most.
const INTEREST_PAGE: u64 = 200;

#[derive(Template)]
#[template(path = "console/work/interest.html")]
struct InterestPage {
    layout: Layout,
    total: u64,
    /// More forms match than are shown.
    more: bool,
    forms: Vec<EoiSummary>,
}

async fn new_interest(
    State(app): State<AppState>,
    user: ConsoleInterest,
) -> Result<Response, PageError> {
    let select = new_interest_query(&user);
    let total = select.clone().count(&app.db).await?;
    let models = select.limit(INTEREST_PAGE).all(&app.db).await?;
    let forms = present::summaries(&app.db, models).await?;
    Ok(pages::ok(&InterestPage {
        layout: user.layout("New expressions of interest").current("home"),
        total,
        more: total > forms.len() as u64,
        forms,
    }))
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
