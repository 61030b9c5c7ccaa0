//! The audit search for one young person ("who looked at Jordan's passport this year"), on a
//! page and as CSV for a subject access request.
use askama::Template;
use axum::{
    Router,
    extract::Query,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use uuid::Uuid;

use super::actor;
use crate::{
    audit::search::{self, TrailEntry},
    care_leavers::service,
    console::{
        Console, ConsoleAdmin,
        pages::{self, FormErrors, Layout, PageError},
    },
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/audit", get(page))
        .route("/admin/audit.csv", get(csv))
}

#[derive(Debug, Default, Deserialize)]
pub struct SearchForm {
    /// The young person whose trail to show (from a match's link).
    #[serde(default)]
    care_leaver: String,
    /// A name, NHS number or date of birth to find them by.
    #[serde(default)]
    find: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

/// The search, checked: (young person, from, to), or the errors to show.
fn parse(form: &SearchForm) -> Result<(Uuid, NaiveDate, NaiveDate), FormErrors> {
    let mut errors = FormErrors::default();
    let id = form.care_leaver.parse::<Uuid>().ok();
    if id.is_none() {
        errors.add("find", "Find the young person first");
    }
    let (from, to) = dates(form, &mut errors);
    match (id, from, to) {
        (Some(id), Some(from), Some(to)) if errors.is_empty() => Ok((id, from, to)),
        _ => Err(errors),
    }
}

/// The period searched, with errors for days that are not dates.
fn dates(form: &SearchForm, errors: &mut FormErrors) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let date = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
    let (from, to) = (date(&form.from), date(&form.to));
    if from.is_none() {
        errors.add(
            "from",
            "Enter the first day as year-month-day, for example 2026-01-01",
        );
    }
    if to.is_none() {
        errors.add(
            "to",
            "Enter the last day as year-month-day, for example 2026-12-31",
        );
    }
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        errors.add("to", "The last day must be on or after the first day");
    }
    (from, to)
}

/// A young person who matched the search, with the link to their trail.
pub struct Match {
    pub name: String,
    pub date_of_birth: String,
    pub href: String,
}

/// At most this many matches are shown: a search is for one young person, not a list.
const MAX_MATCHES: u64 = 20;

#[derive(Template)]
#[template(path = "console/admin/audit.html")]
struct AuditPage {
    layout: Layout,
    form: SearchForm,
    /// The matches of a search by name, NHS number or date of birth; `None` before one.
    matches: Option<Vec<Match>>,
    searched: Option<String>,
    entries: Vec<TrailEntry>,
    truncated: bool,
    csv_href: String,
    errors: FormErrors,
}

/// The audit search. It never lists every young person of the authority: an admin finds one
/// by name, NHS number or date of birth, and only those who match are shown (and audited as
/// listed, as the API's list audits what it shows).
async fn page(
    Console(app, user, request_id): Console<ConsoleAdmin>,
    Query(mut form): Query<SearchForm>,
) -> Result<Response, PageError> {
    let today = crate::age::today();
    if form.from.is_empty() {
        form.from = NaiveDate::from_ymd_opt(today.year(), 1, 1)
            .unwrap_or(today)
            .to_string();
    }
    if form.to.is_empty() {
        form.to = today.to_string();
    }
    let mut page = AuditPage {
        layout: user.layout("Audit search").current("audit"),
        matches: None,
        searched: None,
        entries: Vec::new(),
        truncated: false,
        csv_href: String::new(),
        errors: FormErrors::default(),
        form,
    };
    if page.form.care_leaver.is_empty() {
        if page.form.find.trim().is_empty() {
            return Ok(pages::ok(&page));
        }
        let mut errors = FormErrors::default();
        let lookup = service::Lookup::parse(&page.form.find);
        if lookup.is_none() {
            errors.add(
                "find",
                "Enter at least 2 letters of their name, their NHS number or their date of birth",
            );
        }
        dates(&page.form, &mut errors);
        if let (Some(lookup), true) = (lookup, errors.is_empty()) {
            let found = service::search(&app.db, &actor(&user, &request_id), &lookup, MAX_MATCHES)
                .await
                .map_err(|e| PageError::for_user(e, &user))?;
            page.matches = Some(
                found
                    .into_iter()
                    .map(|c| Match {
                        href: format!(
                            "/admin/audit?{}",
                            form_urlencoded::Serializer::new(String::new())
                                .append_pair("care_leaver", &c.id.to_string())
                                .append_pair("from", page.form.from.trim())
                                .append_pair("to", page.form.to.trim())
                                .finish()
                        ),
                        name: c.name,
                        date_of_birth: crate::words::long_date(c.date_of_birth),
                    })
                    .collect(),
            );
            return Ok(pages::ok(&page));
        }
        page.layout = user.layout("Error: Audit search").current("audit");
        page.errors = errors;
        return Ok(pages::render(StatusCode::UNPROCESSABLE_ENTITY, &page));
    }
    match parse(&page.form) {
        Ok((id, from, to)) => {
            let trail = search::trail(&app.db, &actor(&user, &request_id), id, from, to)
                .await
                .map_err(|e| PageError::for_user(e, &user))?;
            page.searched = Some(trail.care_leaver.user.name.clone());
            page.entries = trail.entries;
            page.truncated = trail.truncated;
            page.csv_href = format!("/admin/audit.csv?care_leaver={id}&from={from}&to={to}");
            Ok(pages::ok(&page))
        }
        Err(errors) => {
            page.layout = user.layout("Error: Audit search").current("audit");
            page.errors = errors;
            Ok(pages::render(StatusCode::OK, &page))
        }
    }
}

async fn csv(
    Console(app, user, request_id): Console<ConsoleAdmin>,
    Query(form): Query<SearchForm>,
) -> Result<Response, PageError> {
    let Ok((id, from, to)) = parse(&form) else {
        return Err(PageError::BadForm);
    };
    let trail = search::trail(&app.db, &actor(&user, &request_id), id, from, to)
        .await
        .map_err(|e| PageError::for_user(e, &user))?;
    let body = search::to_csv(&trail.entries)?;
    let filename = format!("audit-{id}-{from}-to-{to}.csv");
    Ok((
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
                    .map_err(|e| PageError::Internal(anyhow::anyhow!(e).into()))?,
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response())
}
