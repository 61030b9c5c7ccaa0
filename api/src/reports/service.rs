//! A Board report for the actor's local authority and a period: the rows from `store`, the
//! figures from the pure report functions.
use chrono::NaiveDate;
use sea_orm::ConnectionTrait;
use sea_orm::Iterable;

use super::{BoardReport, Period, ReportKind, chances, passports, prescriptions, store};
use crate::{
    apprenticeships::form::{AgeBand, OpportunityType},
    auth::Actor,
    config::Config,
    error::AppError,
};

/// The report `kind` for `period` in the actor's authority, as it stands on `today`; 403 for
/// anyone whose role may not read it.
#[tracing::instrument(skip_all, fields(report = kind.slug()))]
pub async fn report(
    conn: &impl ConnectionTrait,
    config: &Config,
    actor: &Actor,
    kind: ReportKind,
    period: &Period,
    today: NaiveDate,
) -> Result<BoardReport, AppError> {
    actor.require(kind.power())?;
    let authority = actor.local_authority.as_str();
    match kind {
        ReportKind::HealthPassports => health_passports(conn, authority, period, today).await,
        ReportKind::Chances4Youth => chances4youth(conn, config, authority, period).await,
        ReportKind::Prescriptions => free_prescriptions(conn, authority, period, today).await,
    }
}

async fn health_passports(
    conn: &impl ConnectionTrait,
    authority: &str,
    period: &Period,
    today: NaiveDate,
) -> Result<BoardReport, AppError> {
    let leavers = store::care_leavers(conn, authority).await?;
    let ids: Vec<_> = leavers.iter().map(|(id, _)| *id).collect();
    let versions = store::versions(conn, &ids).await?;
    let acknowledged = store::acknowledged(conn, &ids).await?;
    let mut rows = Vec::with_capacity(leavers.len());
    for (id, born) in leavers {
        let theirs: Vec<_> = versions.iter().filter(|v| v.care_leaver_id == id).collect();
        let nineteen = crate::age::birthday(born, 19);
        let mut immunisations_before_19 = false;
        for v in &theirs {
            let before = nineteen.is_some_and(|n| crate::age::uk_date(v.published_at) < n);
            if before && !immunisations_before_19 {
                let content = crate::passport::store::content_of(&v.content)?;
                immunisations_before_19 = content.immunisations.is_some_and(|l| !l.is_empty());
            }
        }
        rows.push(passports::LeaverRow {
            date_of_birth: born,
            first_published: theirs.iter().map(|v| v.published_at).min(),
            acknowledged: acknowledged.contains(&id),
            immunisations_before_19,
        });
    }
    Ok(passports::build(period, today, &rows))
}

async fn chances4youth(
    conn: &impl ConnectionTrait,
    config: &Config,
    authority: &str,
    period: &Period,
) -> Result<BoardReport, AppError> {
    let forms = store::forms(conn, authority).await?;
    let ids: Vec<_> = forms.iter().map(|(id, _, _)| *id).collect();
    let mut tags = crate::apprenticeships::service::tags(conn, &ids).await?;
    let forms: Vec<chances::FormRow> = forms
        .into_iter()
        .map(|(id, submitted_at, age_band)| chances::FormRow {
            id,
            submitted_at,
            age_band,
            opportunity_types: tags
                .opportunity_types
                .remove(&id)
                .unwrap_or_default()
                .iter()
                .map(ToString::to_string)
                .collect(),
            directorates: tags.directorates.remove(&id).unwrap_or_default(),
        })
        .collect();
    let events: Vec<chances::EventRow> = store::form_history(conn, &ids)
        .await?
        .into_iter()
        .map(|h| chances::EventRow {
            eoi_id: h.eoi_id,
            to_status: h.to_status,
            at: h.at,
            directorate: h.directorate,
        })
        .collect();
    let names = chances::Names {
        age_bands: AgeBand::iter().collect(),
        opportunity_types: OpportunityType::iter()
            .map(|t| {
                (
                    t.to_string(),
                    crate::apprenticeships::report_routes::opportunity_label(t).to_owned(),
                )
            })
            .collect(),
        directorates: crate::apprenticeships::service::directorates(config)
            .into_iter()
            .map(|d| (d.id, d.name))
            .collect(),
    };
    Ok(chances::build(period, &names, &forms, &events))
}

async fn free_prescriptions(
    conn: &impl ConnectionTrait,
    authority: &str,
    period: &Period,
    today: NaiveDate,
) -> Result<BoardReport, AppError> {
    use crate::prescriptions::views::ApplicationStatus as S;
    let rows: Vec<prescriptions::ApplicationRow> =
        crate::prescriptions::store::all_of_authority(conn, authority)
            .await?
            .into_iter()
            .map(|a| prescriptions::ApplicationRow {
                created_at: a.created_at,
                decision: match (a.status, a.decided_at) {
                    (S::Approved, Some(at)) => Some((true, at)),
                    (S::Declined, Some(at)) => Some((false, at)),
                    _ => None,
                },
                certificate_expires_on: a.certificate_expires_on,
                renewal: a.renews_application_id.is_some(),
            })
            .collect();
    Ok(prescriptions::build(period, today, &rows))
}
