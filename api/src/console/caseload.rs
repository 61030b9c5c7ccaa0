//! The nurse's caseload: young people they are assigned to (or all of their authority),
//! searchable by name, NHS number or date of birth, filtered by what needs doing, each row
//! with its next step. The rows come from `care_leavers::caseload`, which audits them as the
//! API's list read does.
use askama::Template;
use axum::{Router, extract::Query, response::Response, routing::get};
use serde::Deserialize;

use super::{
    Console, ConsoleNurse,
    pages::{self, Layout, PageError},
};
use crate::{
    care_leavers::{
        caseload::{self, Filter, Row, Scope},
        service::Lookup,
    },
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new().route("/caseload", get(caseload_page))
}

/// How many rows the page shows at most.
const PAGE_ROWS: usize = 200;

#[derive(Deserialize, Default)]
struct CaseloadParams {
    #[serde(default)]
    scope: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    filter: String,
}

struct FilterOption {
    value: &'static str,
    label: &'static str,
    selected: bool,
}

#[derive(Template)]
#[template(path = "console/nurse/caseload.html")]
struct CaseloadPage {
    layout: Layout,
    all: bool,
    q: String,
    search_error: Option<String>,
    filters: Vec<FilterOption>,
    rows: Vec<Row>,
    total: usize,
}

async fn caseload_page(
    Console(app, user, request_id): Console<ConsoleNurse>,
    Query(params): Query<CaseloadParams>,
) -> Result<Response, PageError> {
    let scope = match params.scope.as_str() {
        "all" => Scope::Authority,
        _ => Scope::Mine,
    };
    let filter = Filter::parse(&params.filter);
    let q = params.q.trim().to_owned();
    let lookup = Lookup::parse(&q);
    let search_error = (!q.is_empty() && lookup.is_none()).then(|| {
        "Enter at least 2 letters of a name, an NHS number, or a date of birth like 14/03/2008"
            .to_owned()
    });
    let (rows, total) = if search_error.is_some() {
        (Vec::new(), 0)
    } else {
        let actor = user.auth_user().actor(&request_id);
        let query = caseload::Query {
            scope,
            lookup,
            filter,
        };
        let today = crate::passport::service::today();
        caseload::caseload(&app.db, &actor, &query, today, PAGE_ROWS).await?
    };
    let filters = Filter::ALL
        .into_iter()
        .map(|f| FilterOption {
            value: f.as_str(),
            label: f.label(),
            selected: filter == Some(f),
        })
        .collect();
    Ok(pages::ok(&CaseloadPage {
        layout: user.layout("Caseload").current("caseload"),
        all: scope == Scope::Authority,
        q,
        search_error,
        filters,
        rows,
        total,
    }))
}
