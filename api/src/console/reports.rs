//! The Corporate Parenting Board's reports in the console: a list of the reports the signed-in
//! role may read, and a page per report for a period (a financial year, or `from` and `to`),
//! with its tables, a chart beside some of them, and the same tables as CSV
//! (`/reports/<name>.csv?from=&to=`). Figures come from `reports::service`.
use askama::Template;
use axum::{
    Router,
    extract::{Path, Query},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use super::{
    Console, ConsoleUser, charts,
    pages::{self, Layout, PageError, ProblemPage},
};
use crate::{
    auth::{Role, policy},
    reports::{BoardReport, ChartKind, Period, ReportKind, Table, figures, service},
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/reports", get(index))
        .route("/reports/{name}", get(report))
}

/// The reports `role` may read, in menu order.
pub fn readable(role: Role) -> Vec<ReportKind> {
    ReportKind::ALL
        .into_iter()
        .filter(|k| policy::may(role, k.power()))
        .collect()
}

/// A report the list links to.
pub struct Link {
    pub href: String,
    pub title: &'static str,
}

#[derive(Template)]
#[template(path = "console/reports/index.html")]
struct IndexPage {
    layout: Layout,
    links: Vec<Link>,
}

async fn index(user: ConsoleUser) -> Result<Response, PageError> {
    let links: Vec<Link> = readable(user.role)
        .into_iter()
        .map(|k| Link {
            href: format!("/reports/{}", k.slug()),
            title: k.title(),
        })
        .collect();
    if links.is_empty() {
        return Err(PageError::Forbidden(Box::new(user)));
    }
    Ok(pages::ok(&IndexPage {
        layout: user.layout("Reports").current("reports"),
        links,
    }))
}

/// `?year=2026` for the financial year from 1 April 2026, or `?from=2026-04-01&to=…`.
#[derive(Deserialize, Default)]
struct PeriodQuery {
    #[serde(default)]
    year: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

/// The longest period a report covers, so a typing slip does not ask for centuries.
const MAX_YEARS: i32 = 10;

/// The period asked for, the current financial year when none is; `Err` says what is wrong in
/// plain words.
fn period_of(q: &PeriodQuery, today: NaiveDate) -> Result<Period, String> {
    let (year, from, to) = (q.year.trim(), q.from.trim(), q.to.trim());
    if !from.is_empty() || !to.is_empty() {
        let parse = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let (Some(from), Some(to)) = (parse(from), parse(to)) else {
            return Err("Enter both dates of the period as real dates, like 2026-04-01".into());
        };
        if from > to {
            return Err("The start of the period must be on or before its end".into());
        }
        if to.year() - from.year() > MAX_YEARS {
            return Err(format!("Choose a period of {MAX_YEARS} years or less"));
        }
        return Ok(Period { from, to });
    }
    if year.is_empty() {
        return Ok(Period::financial_year_of(today));
    }
    match year.parse::<i32>() {
        Ok(y) if (2000..=today.year() + 1).contains(&y) => Ok(Period::financial_year(y)),
        _ => Err("Choose a financial year from the list".into()),
    }
}

/// A financial year to choose.
pub struct YearOption {
    pub value: i32,
    pub label: String,
    pub selected: bool,
}

fn year_options(period: Period, today: NaiveDate) -> Vec<YearOption> {
    let current = Period::financial_year_of(today).from.year();
    (current - 5..=current)
        .rev()
        .map(|y| YearOption {
            value: y,
            label: format!("April {y} to March {}", y + 1),
            selected: period == Period::financial_year(y),
        })
        .collect()
}

/// A table on the page, with its chart when it has one.
pub struct Section {
    pub table: Table,
    pub chart: Option<String>,
}

#[derive(Template)]
#[template(path = "console/reports/report.html")]
struct ReportPage {
    layout: Layout,
    title: &'static str,
    authority: String,
    period_words: String,
    csv_href: String,
    years: Vec<YearOption>,
    sections: Vec<Section>,
}

/// The report's tables in page order, each with the SVG chart drawn from it, if any.
pub fn sections(report: BoardReport) -> Vec<Section> {
    report
        .tables
        .into_iter()
        .map(|table| {
            let chart = report.charts.iter().find(|c| c.table == table.id).map(|c| {
                let id = format!("chart-{}", table.id);
                match c.kind {
                    ChartKind::Bar => charts::bar_chart(&id, &c.title, &table.column(0)),
                    ChartKind::Line => {
                        let labels: Vec<String> =
                            table.rows.iter().map(|r| r.label.clone()).collect();
                        let series: Vec<(String, Vec<Option<u64>>)> = table
                            .columns
                            .iter()
                            .skip(1)
                            .enumerate()
                            .map(|(i, name)| {
                                (
                                    name.clone(),
                                    table.column(i).into_iter().map(|(_, v)| v).collect(),
                                )
                            })
                            .collect();
                        charts::line_chart(&id, &c.title, &labels, &series)
                    }
                }
            });
            Section { table, chart }
        })
        .collect()
}

async fn report(
    Console(app, user, request_id): Console<ConsoleUser>,
    Path(name): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let (slug, csv) = match name.strip_suffix(".csv") {
        Some(slug) => (slug, true),
        None => (name.as_str(), false),
    };
    let Some(kind) = ReportKind::from_slug(slug) else {
        return Err(PageError::NotFound(Some(Box::new(user))));
    };
    if !policy::may(user.role, kind.power()) {
        return Err(PageError::Forbidden(Box::new(user)));
    }
    let today = crate::age::today();
    let period = match period_of(&q, today) {
        Ok(period) => period,
        Err(message) => {
            return Ok(pages::render(
                StatusCode::BAD_REQUEST,
                &ProblemPage {
                    layout: user.layout("Check the period"),
                    paragraphs: vec![message],
                    link: Some((
                        format!("/reports/{slug}"),
                        "Show this financial year".into(),
                    )),
                },
            ));
        }
    };
    let actor = user.auth_user().actor(&request_id);
    let report = service::report(&app.db, &app.config, &actor, kind, &period, today).await?;
    if csv {
        return Ok(csv_response(kind, period, &figures::to_csv(&report.tables)));
    }
    let authority = crate::passport::store::authority_name(&app.db, &user.local_authority)
        .await?
        .unwrap_or_else(|| user.local_authority.clone());
    Ok(pages::ok(&ReportPage {
        layout: user
            .layout(format!("{} report", kind.title()))
            .current("reports"),
        title: kind.title(),
        authority,
        period_words: period.words(),
        csv_href: format!("/reports/{slug}.csv?from={}&to={}", period.from, period.to),
        years: year_options(period, today),
        sections: sections(report),
    }))
}

fn csv_response(kind: ReportKind, period: Period, body: &str) -> Response {
    let filename = format!(
        "attachment; filename=\"{}-{}-to-{}.csv\"",
        kind.slug(),
        period.from,
        period.to
    );
    let mut response = body.to_owned().into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(&filename) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn q(year: &str, from: &str, to: &str) -> PeriodQuery {
        PeriodQuery {
            year: year.into(),
            from: from.into(),
            to: to.into(),
        }
    }

    #[test]
    fn the_period_is_the_current_financial_year_a_chosen_one_or_two_dates() {
        let today = d(2026, 11, 30);
        let fy = |y| Ok(Period::financial_year(y));
        let cases = [
            (q("", "", ""), fy(2026)),
            (q("2024", "", ""), fy(2024)),
            (
                q("", "2026-06-01", "2026-06-30"),
                Ok(Period {
                    from: d(2026, 6, 1),
                    to: d(2026, 6, 30),
                }),
            ),
        ];
        for (query, expected) in cases {
            assert_eq!(period_of(&query, today), expected);
        }
        for bad in [
            q("1066", "", ""),
            q("next", "", ""),
            q("", "2026-06-01", ""),
            q("", "2026-02-30", "2026-03-01"),
            q("", "2026-07-01", "2026-06-01"),
            q("", "1900-01-01", "2026-01-01"),
        ] {
            assert!(
                period_of(&bad, today).is_err(),
                "{} {} {}",
                bad.year,
                bad.from,
                bad.to
            );
        }
    }

    #[test]
    fn the_year_list_offers_six_years_with_the_period_chosen() {
        let options = year_options(Period::financial_year(2025), d(2026, 11, 30));
        assert_eq!(options.len(), 6);
        assert_eq!(options[0].label, "April 2026 to March 2027");
        let chosen: Vec<i32> = options
            .iter()
            .filter(|o| o.selected)
            .map(|o| o.value)
            .collect();
        assert_eq!(chosen, [2025]);
    }
}
