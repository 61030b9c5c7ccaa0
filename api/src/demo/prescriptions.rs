//! Demo applications: Kyle's approved, with a certificate; Jordan's waiting for the nurse,
//! sent by his caseworker. Checked against the rules like real ones. Idempotent: a young person
//! who has any application is left alone. No e-mail is queued for demo data.

use chrono::{Days, Months, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use crate::prescriptions::answer::SchemeDecision;
use crate::prescriptions::decision::scheme_eligibility;
use crate::prescriptions::facts::{Benefits, Certificate};
use crate::prescriptions::known::{fill_in, known_facts};
use crate::prescriptions::types::EligibilityRequest;
use crate::prescriptions::views::ApplicationStatus;
use crate::{care_leavers, error::AppError, state::AppState};

/// A young person who answered "no" to every national exemption and is registered with a GP.
fn answers() -> EligibilityRequest {
    EligibilityRequest {
        in_full_time_education: Some(false),
        pregnant_or_recent_birth_with_matex: Some(Certificate::none()),
        medical_exemption_certificate: Some(Certificate::none()),
        war_pension_certificate: Some(Certificate::none()),
        nhs_inpatient: Some(false),
        benefits: Some(Benefits::none()),
        tax_credit_exemption_certificate: Some(Certificate::none()),
        hc2_certificate: Some(Certificate::none()),
        registered_with_gp: Some(true),
        ..EligibilityRequest::default()
    }
}

/// Adds the demo applications unless they are there already.
pub async fn load_demo(app: &AppState) -> Result<(), AppError> {
    use entity::prescription_application::{ActiveModel, Column, Entity};
    let now = Utc::now();
    let (Some(nurse), Some(caseworker)) = (
        super::demo_user_id(app, "nurse").await?,
        super::demo_user_id(app, "caseworker").await?,
    ) else {
        return Ok(());
    };
    // (young person, days since applying, approved days ago)
    for (key, applied_days_ago, approved_days_ago) in [("kyle", 65, Some(60)), ("jordan", 3, None)]
    {
        let Some(id) = super::demo_user_id(app, key).await? else {
            continue;
        };
        let Some(leaver) = care_leavers::find(&app.db, id).await? else {
            continue;
        };
        let existing = Entity::find()
            .filter(Column::CareLeaverId.eq(id))
            .count(&app.db)
            .await?;
        if existing > 0 {
            continue;
        }
        let applied_at = now - Days::new(applied_days_ago);
        let applied_on = crate::age::uk_date(applied_at);
        let known = known_facts(&app.db, &leaver, applied_on).await?;
        let (mut request, _) = fill_in(answers(), &known);
        request.on = Some(applied_on);
        let (on, facts) = request.clone().into_facts(applied_on)?;
        let SchemeDecision::Eligible { scheme } = scheme_eligibility(&facts, on) else {
            tracing::warn!(
                demo = key,
                "demo young person no longer fits the scheme; skipped"
            );
            continue;
        };
        let decided_at = approved_days_ago.map(|days| now - Days::new(days));
        let expires_on = decided_at
            .and_then(|at| crate::age::uk_date(at).checked_add_months(Months::new(12)))
            .and_then(|day| day.pred_opt());
        let status = match decided_at {
            Some(_) => ApplicationStatus::Approved,
            None => ApplicationStatus::Submitted,
        };
        Entity::insert(ActiveModel {
            id: Set(Uuid::new_v4()),
            care_leaver_id: Set(id),
            applied_by: Set(if decided_at.is_some() { id } else { caseworker }),
            scheme_id: Set(scheme.id),
            status: Set(status),
            facts: Set(serde_json::to_value(&request).map_err(|e| AppError::Internal(e.into()))?),
            decided_by: Set(decided_at.map(|_| nurse)),
            decided_at: Set(decided_at),
            ppc_number: Set(decided_at.map(|_| "DEMO 0000 0001".to_string())),
            certificate_expires_on: Set(expires_on),
            decline_reason: Set(None),
            renews_application_id: Set(None),
            created_at: Set(applied_at),
            updated_at: Set(decided_at.unwrap_or(applied_at)),
        })
        .exec_without_returning(&app.db)
        .await?;
    }
    Ok(())
}
