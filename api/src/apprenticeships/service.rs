//! Storing expressions of interest, their status history and the join rows used by filters
//! and reports. Functions take `&impl ConnectionTrait` so they run inside a transaction.
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{
    eoi_directorate as dir, eoi_opportunity_type as opp, eoi_status_history as hist,
    expression_of_interest as eoi,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    sea_query::Expr,
};
use uuid::Uuid;

use super::{
    form::{
        AgeBand, DEFAULT_DIRECTORATES_JSON, Directorate, ExpressionOfInterestForm, OpportunityType,
        parse_directorates,
    },
    report::ReportRow,
    review_rules::{Place, Recorded},
    workflow::{EoiStatus, TransitionError, is_open},
};
use crate::{
    auth::Role, config::Config, error::AppError, error::FieldError, words::labels::eoi_status,
};

/// Where an installation can put its own directorate list (same format as the shipped one),
/// so the council can rename or retire a directorate without a release.
pub const DIRECTORATES_FILE: &str = "chances4youth-directorates.json";

/// The live directorate list: `DATA_DIR/chances4youth-directorates.json` if present and
/// valid, otherwise the list shipped with the service.
pub fn directorates(config: &Config) -> Vec<Directorate> {
    let shipped = || parse_directorates(DEFAULT_DIRECTORATES_JSON).unwrap_or_default();
    match std::fs::read_to_string(config.data_dir.join(DIRECTORATES_FILE)) {
        Ok(text) => parse_directorates(&text).unwrap_or_else(|e| {
            tracing::error!(error = %e, file = DIRECTORATES_FILE, "directorate list is invalid; using the shipped list");
            shipped()
        }),
        Err(_) => shipped(),
    }
}

/// The stored form, read back.
pub fn form_of(model: &eoi::Model) -> Result<ExpressionOfInterestForm, AppError> {
    serde_json::from_value(model.form.clone())
        .map_err(|e| AppError::Internal(anyhow::anyhow!("stored EOI form unreadable: {e}")))
}

fn form_json(form: &ExpressionOfInterestForm) -> Result<serde_json::Value, AppError> {
    serde_json::to_value(form).map_err(|e| AppError::Internal(e.into()))
}

pub async fn find(conn: &impl ConnectionTrait, id: Uuid) -> Result<Option<eoi::Model>, DbErr> {
    eoi::Entity::find_by_id(id).one(conn).await
}

/// The young person's open form, if they have one.
pub async fn open_form_of(
    conn: &impl ConnectionTrait,
    care_leaver_id: Uuid,
) -> Result<Option<eoi::Model>, DbErr> {
    let forms = eoi::Entity::find()
        .filter(eoi::Column::CareLeaverId.eq(care_leaver_id))
        .all(conn)
        .await?;
    Ok(forms.into_iter().find(|f| is_open(f.status)))
}

/// A new form, as the young person sent it.
pub struct NewForm<'a> {
    pub care_leaver_id: Uuid,
    pub local_authority: &'a str,
    pub form: &'a ExpressionOfInterestForm,
    pub age_band: AgeBand,
    pub submitted_at: DateTime<Utc>,
}

/// Stores a submitted form with its join rows and the first history entry.
pub async fn insert(conn: &impl ConnectionTrait, new: NewForm<'_>) -> Result<eoi::Model, AppError> {
    let id = Uuid::new_v4();
    let model = eoi::Entity::insert(eoi::ActiveModel {
        id: Set(id),
        care_leaver_id: Set(new.care_leaver_id),
        local_authority: Set(new.local_authority.to_owned()),
        status: Set(EoiStatus::Submitted),
        form: Set(form_json(new.form)?),
        age_band: Set(new.age_band),
        consent_share_with_employer: Set(new.form.consents.share_with_future_employer),
        submitted_at: Set(new.submitted_at),
        acknowledged_at: Set(None),
        updated_at: Set(new.submitted_at),
        withdrawn_at: Set(None),
    })
    .exec_with_returning(conn)
    .await
    .map_err(|e| match e.sql_err() {
        // Another submission won the race for the one open form.
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => already_open(),
        _ => e.into(),
    })?;
    write_tags(conn, id, new.form).await?;
    record_history(
        conn,
        id,
        None,
        EoiStatus::Submitted,
        (new.care_leaver_id, Role::CareLeaver),
        (None, None),
        new.submitted_at,
        Recorded::default(),
    )
    .await?;
    Ok(model)
}

/// 409 for a second open form.
pub fn already_open() -> AppError {
    AppError::conflict(
        "You already have a form open. Change that one, or withdraw it before you send a new one.",
    )
}

/// Replaces the form of an open expression of interest whose status is still `status`.
pub async fn replace_form(
    conn: &impl ConnectionTrait,
    model: &eoi::Model,
    status: EoiStatus,
    form: &ExpressionOfInterestForm,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let updated = eoi::Entity::update_many()
        .col_expr(eoi::Column::Form, Expr::value(form_json(form)?))
        .col_expr(
            eoi::Column::ConsentShareWithEmployer,
            Expr::value(form.consents.share_with_future_employer),
        )
        .col_expr(eoi::Column::UpdatedAt, Expr::value(now))
        .filter(eoi::Column::Id.eq(model.id))
        .filter(eoi::Column::Status.eq(status))
        .exec(conn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(changed_meanwhile());
    }
    dir::Entity::delete_many()
        .filter(dir::Column::EoiId.eq(model.id))
        .exec(conn)
        .await?;
    opp::Entity::delete_many()
        .filter(opp::Column::EoiId.eq(model.id))
        .exec(conn)
        .await?;
    write_tags(conn, model.id, form).await
}

fn changed_meanwhile() -> AppError {
    AppError::conflict("Your form changed while you were saving it. Load it again, then try again.")
}

async fn write_tags(
    conn: &impl ConnectionTrait,
    id: Uuid,
    form: &ExpressionOfInterestForm,
) -> Result<(), AppError> {
    let mut directorates = form.directorates.clone();
    directorates.sort();
    directorates.dedup();
    if !directorates.is_empty() {
        dir::Entity::insert_many(directorates.into_iter().map(|d| dir::ActiveModel {
            eoi_id: Set(id),
            directorate: Set(d),
        }))
        .exec_without_returning(conn)
        .await?;
    }
    let mut types = form.opportunity_types.clone();
    types.sort();
    types.dedup();
    if !types.is_empty() {
        opp::Entity::insert_many(types.into_iter().map(|t| opp::ActiveModel {
            eoi_id: Set(id),
            opportunity_type: Set(t),
        }))
        .exec_without_returning(conn)
        .await?;
    }
    Ok(())
}

/// A status change, already allowed by [`super::workflow::transition`].
pub struct Move<'a> {
    pub from: EoiStatus,
    pub to: EoiStatus,
    pub by: (Uuid, Role),
    pub note: Option<&'a str>,
    pub feedback: Option<&'a str>,
    pub at: DateTime<Utc>,
    /// Where a placement offered or started is, and the day a start or an outcome happened.
    pub recorded: Recorded,
}

/// Moves the form, unless someone else moved it first (409 naming the status it is in now).
pub async fn move_status(
    conn: &impl ConnectionTrait,
    model: &eoi::Model,
    change: Move<'_>,
) -> Result<eoi::Model, AppError> {
    let mut update = eoi::Entity::update_many()
        .col_expr(eoi::Column::Status, Expr::value(change.to))
        .col_expr(eoi::Column::UpdatedAt, Expr::value(change.at))
        .filter(eoi::Column::Id.eq(model.id))
        .filter(eoi::Column::Status.eq(change.from));
    if change.to == EoiStatus::Acknowledged && model.acknowledged_at.is_none() {
        update = update.col_expr(eoi::Column::AcknowledgedAt, Expr::value(change.at));
    }
    if change.to == EoiStatus::Withdrawn {
        update = update.col_expr(eoi::Column::WithdrawnAt, Expr::value(change.at));
    }
    if update.exec(conn).await?.rows_affected != 1 {
        let now = find(conn, model.id).await?.ok_or(AppError::NotFound)?;
        return Err(AppError::Conflict {
            detail: format!(
                "Someone changed this form while you were saving it. Its status is now: {}. \
                 Load it again, then try again.",
                eoi_status(now.status)
            ),
            field: Some("status".into()),
        });
    }
    record_history(
        conn,
        model.id,
        Some(change.from),
        change.to,
        change.by,
        (change.note, change.feedback),
        change.at,
        change.recorded,
    )
    .await?;
    find(conn, model.id).await?.ok_or(AppError::NotFound)
}

#[allow(clippy::too_many_arguments)]
async fn record_history(
    conn: &impl ConnectionTrait,
    eoi_id: Uuid,
    from: Option<EoiStatus>,
    to: EoiStatus,
    (by, role): (Uuid, Role),
    (note, feedback): (Option<&str>, Option<&str>),
    at: DateTime<Utc>,
    recorded: Recorded,
) -> Result<(), DbErr> {
    let (directorate, team) = recorded
        .place
        .map_or((None, None), |p| (Some(p.directorate), Some(p.team)));
    hist::Entity::insert(hist::ActiveModel {
        eoi_id: Set(eoi_id),
        from_status: Set(from),
        to_status: Set(to),
        by_user_id: Set(Some(by)),
        by_role: Set(role),
        note: Set(note.map(str::to_owned)),
        feedback_for_young_person: Set(feedback.map(str::to_owned)),
        at: Set(at),
        directorate: Set(directorate),
        team: Set(team),
        effective_on: Set(recorded.effective_on),
        ..Default::default()
    })
    .exec_without_returning(conn)
    .await
    .map(|_| ())
}

/// The history of each form, oldest first.
pub async fn histories(
    conn: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<hist::Model>>, DbErr> {
    let mut out: HashMap<Uuid, Vec<hist::Model>> = HashMap::new();
    for row in hist::Entity::find()
        .filter(hist::Column::EoiId.is_in(ids.iter().copied()))
        .order_by_asc(hist::Column::Id)
        .all(conn)
        .await?
    {
        out.entry(row.eoi_id).or_default().push(row);
    }
    Ok(out)
}

/// The place of the latest offer in a form's history (oldest first) that recorded one, from
/// each step's `(status moved to, directorate, team)`: stored rows and staff views alike.
pub fn offered_place<'a, I>(history: I) -> Option<Place>
where
    I: IntoIterator<Item = (EoiStatus, &'a Option<String>, &'a Option<String>)>,
    I::IntoIter: DoubleEndedIterator,
{
    history
        .into_iter()
        .rev()
        .filter(|(to, _, _)| super::workflow::is_offer(*to))
        .find_map(|step| match step {
            (_, Some(d), Some(t)) => Some(Place {
                directorate: d.clone(),
                team: t.clone(),
            }),
            _ => None,
        })
}

/// Directorate ids and opportunity types of each form, sorted.
pub struct Tags {
    pub directorates: HashMap<Uuid, Vec<String>>,
    pub opportunity_types: HashMap<Uuid, Vec<OpportunityType>>,
}

pub async fn tags(conn: &impl ConnectionTrait, ids: &[Uuid]) -> Result<Tags, DbErr> {
    let mut directorates: HashMap<Uuid, Vec<String>> = HashMap::new();
    for row in dir::Entity::find()
        .filter(dir::Column::EoiId.is_in(ids.iter().copied()))
        .order_by_asc(dir::Column::Directorate)
        .all(conn)
        .await?
    {
        directorates
            .entry(row.eoi_id)
            .or_default()
            .push(row.directorate);
    }
    let mut opportunity_types: HashMap<Uuid, Vec<OpportunityType>> = HashMap::new();
    for row in opp::Entity::find()
        .filter(opp::Column::EoiId.is_in(ids.iter().copied()))
        .all(conn)
        .await?
    {
        opportunity_types
            .entry(row.eoi_id)
            .or_default()
            .push(row.opportunity_type);
    }
    for types in opportunity_types.values_mut() {
        types.sort();
    }
    Ok(Tags {
        directorates,
        opportunity_types,
    })
}

/// Every form of one authority, as the report needs them (no personal data).
pub async fn report_rows(
    conn: &impl ConnectionTrait,
    local_authority: &str,
) -> Result<Vec<ReportRow>, AppError> {
    let forms = eoi::Entity::find()
        .filter(eoi::Column::LocalAuthority.eq(local_authority))
        .all(conn)
        .await?;
    let ids: Vec<Uuid> = forms.iter().map(|f| f.id).collect();
    let mut tags = tags(conn, &ids).await?;
    forms
        .into_iter()
        .map(|f| {
            let status = f.status;
            Ok(ReportRow {
                status,
                directorates: tags.directorates.remove(&f.id).unwrap_or_default(),
                opportunity_types: tags.opportunity_types.remove(&f.id).unwrap_or_default(),
                submitted_at: f.submitted_at,
                acknowledged_at: f.acknowledged_at,
            })
        })
        .collect()
}

/// Free text a reviewer writes: trimmed, empty means none, bounded, no control characters.
pub fn check_text(
    field: &str,
    value: Option<&str>,
    max: usize,
) -> Result<Option<String>, FieldError> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    match crate::text::check_free_text(field, value, max) {
        Some(error) => Err(error),
        None => Ok(Some(value.to_owned())),
    }
}

/// A refused status change: 409 naming the current status, or 403 naming who may make it.
pub fn transition_error(e: TransitionError) -> AppError {
    match e {
        TransitionError::NotAllowed { current, requested } => AppError::Conflict {
            detail: format!(
                "This form can't move to \u{201c}{}\u{201d} now. Right now it is: {}.",
                eoi_status(requested).to_lowercase(),
                eoi_status(current).to_lowercase()
            ),
            field: Some("status".into()),
        },
        TransitionError::WrongActor {
            requested, allowed, ..
        } => AppError::Forbidden(format!(
            "Only {allowed} can set a form to \u{201c}{}\u{201d}.",
            eoi_status(requested).to_lowercase()
        )),
    }
}

/// How a status reads in an e-mail ("… is now: interview offered").
pub fn status_words(status: EoiStatus) -> &'static str {
    match status {
        EoiStatus::Submitted => "sent",
        EoiStatus::Acknowledged => "received by the team",
        EoiStatus::InReview => "being reviewed",
        EoiStatus::InterviewOffered => "interview offered",
        EoiStatus::WorkExperienceOffered => "work experience offered",
        EoiStatus::MockInterviewOffered => "mock interview offered",
        EoiStatus::CoachingOffered => "coaching offered",
        EoiStatus::PlacementOffered => "placement offered",
        EoiStatus::Started => "started",
        EoiStatus::Continuing => "still going",
        EoiStatus::Completed => "finished",
        EoiStatus::LeftEarly => "left early",
        EoiStatus::MovedOn => "moved on to a job or training",
        EoiStatus::NotProgressed => "not taken further this time",
        EoiStatus::Withdrawn => "withdrawn",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::Iterable;

    #[test]
    fn reviewer_text_is_trimmed_bounded_and_free_of_control_characters() {
        let long = "x".repeat(2001);
        /// Input, and the kept text (`Err` when refused).
        type Case<'a> = (Option<&'a str>, Result<Option<&'a str>, ()>);
        let cases: [Case; 6] = [
            (None, Ok(None)),
            (Some("   "), Ok(None)),
            (Some(" Well done \n"), Ok(Some("Well done"))),
            (Some("line one\nline two"), Ok(Some("line one\nline two"))),
            (Some("bad\u{0}"), Err(())),
            (Some(&long), Err(())),
        ];
        for (input, expected) in cases {
            let got = check_text("note", input, 2000);
            match expected {
                Ok(v) => assert_eq!(got.unwrap().as_deref(), v, "{input:?}"),
                Err(()) => assert_eq!(got.unwrap_err().field, "note", "{input:?}"),
            }
        }
    }

    #[test]
    fn every_status_has_words_for_e_mails_that_are_not_its_code() {
        for status in EoiStatus::iter() {
            let words = status_words(status);
            assert!(!words.is_empty() && !words.contains('_'), "{status}");
        }
    }
}
