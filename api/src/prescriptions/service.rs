//! The prescription operations that are not an application's life cycle (`applications`,
//! `decisions`): checking eligibility, reading applications (each read audited) and the
//! authority's report.
use chrono::Utc;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::{
    applications,
    known::{fill_in, known_facts},
    record,
    report::{self, PrescriptionReport},
    rules::evaluate,
    store,
    types::{EligibilityRequest, EligibilityResponse},
    views::{ApplicationStatus, EligibilityCheck},
};
use crate::{
    audit::{self, AuditAction, Event},
    auth::{Actor, Role},
    care_leavers,
    error::AppError,
    http::pagination::Page,
};
use entity::prescription_application::Model;

/// Checks the rules for `request`. For a care leaver, what the service knows about them fills
/// in whatever the request leaves out. Nothing is stored but an audit entry.
pub async fn check_eligibility(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    request: EligibilityRequest,
) -> Result<EligibilityCheck, AppError> {
    let today = crate::age::today();
    let leaver = match actor.role {
        Role::CareLeaver => care_leavers::find(conn, actor.id).await?,
        _ => None,
    };
    let from_question = record::answered_in_question(&request);
    let (request, filled_in, differs_from_record, held) = match &leaver {
        Some(leaver) => {
            let known = known_facts(conn, leaver, request.on.unwrap_or(today)).await?;
            let differs = record::disagreements(&request, &known.profile);
            let (request, filled_in) = fill_in(request, &known);
            (request, filled_in, differs, known.scheme_certificate)
        }
        None => (request, Vec::new(), Vec::new(), None),
    };
    let (on, mut facts) = request.into_facts(today)?;
    facts.scheme_certificate = held;
    let eligibility = evaluate(&facts, on);
    audit::record_by(
        conn,
        actor,
        Event {
            action: AuditAction::PrescriptionsEligibilityChecked,
            care_leaver_id: leaver.as_ref().map(|l| l.id()),
            target: None,
        },
    )
    .await?;
    Ok(EligibilityCheck {
        answer: EligibilityResponse {
            checked_on: on,
            eligibility,
        },
        filled_in,
        from_question,
        differs_from_record,
    })
}

/// One page of one young person's applications, newest first, each read audited.
pub async fn read_of_care_leaver(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    care_leaver: Uuid,
    paging: (u64, u64),
) -> Result<Page<Model>, AppError> {
    let page = store::page_of_care_leaver(conn, care_leaver, paging).await?;
    audit_reads(conn, actor, &page.items).await?;
    Ok(page)
}

/// One page of the applications from the actor's authority, oldest first, each read audited.
pub async fn read_of_authority(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    status: Option<ApplicationStatus>,
    paging: (u64, u64),
) -> Result<Page<Model>, AppError> {
    let page = store::page_of_authority(conn, &actor.local_authority, status, paging).await?;
    audit_reads(conn, actor, &page.items).await?;
    Ok(page)
}

async fn audit_reads(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    rows: &[Model],
) -> Result<(), AppError> {
    for row in rows {
        let read = AuditAction::PrescriptionsApplicationRead;
        applications::audit_application(conn, actor, read, row).await?;
    }
    Ok(())
}

/// How the scheme is used in `local_authority`: counts only, no names.
pub async fn report(
    conn: &impl ConnectionTrait,
    local_authority: &str,
) -> Result<PrescriptionReport, AppError> {
    let rows: Vec<report::Row> = store::all_of_authority(conn, local_authority)
        .await?
        .into_iter()
        .map(|a| report::Row {
            status: a.status,
            created_at: a.created_at,
            decided_at: a.decided_at,
            certificate_expires_on: a.certificate_expires_on,
        })
        .collect();
    let now = Utc::now();
    Ok(report::build(
        local_authority,
        &rows,
        crate::age::uk_date(now),
        now,
    ))
}
