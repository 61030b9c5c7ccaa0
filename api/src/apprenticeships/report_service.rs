//! The API's Chances4YOUth report (`GET /v1/reports/chances4youth`): the forms as they are
//! now (`service::report_rows`) and their history rows, counted as events, from the Board
//! reports' store.
use sea_orm::ConnectionTrait;

use super::report::{Chances4YouthReport, EventRow, build_report};
use crate::{error::AppError, reports::store};

/// The report for `local_authority`.
pub async fn interest_report(
    conn: &impl ConnectionTrait,
    local_authority: &str,
) -> Result<Chances4YouthReport, AppError> {
    let rows = super::service::report_rows(conn, local_authority).await?;
    let ids: Vec<_> = store::forms(conn, local_authority)
        .await?
        .into_iter()
        .map(|(id, _, _)| id)
        .collect();
    let events: Vec<EventRow> = store::form_history(conn, &ids)
        .await?
        .into_iter()
        .map(|h| EventRow {
            eoi_id: h.eoi_id,
            to_status: h.to_status,
            directorate: h.directorate,
        })
        .collect();
    Ok(build_report(&rows, &events))
}
