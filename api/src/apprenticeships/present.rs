//! Building the views from stored rows: the young person's (feedback, no staff notes) and
//! staff's (notes, who did what, what can happen next).
use crate::auth::RoleWords;
use entity::{eoi_status_history as hist, expression_of_interest as eoi};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::{
    form::AgeBand,
    service::{self, form_of},
    views::*,
    workflow::{self, is_open},
};
use crate::accounts::store::by_id;
use crate::words::labels::eoi_status;
use crate::{auth::Role, error::AppError};

/// The young person's own forms, in the order given.
pub async fn my_views(
    conn: &impl ConnectionTrait,
    models: Vec<eoi::Model>,
) -> Result<Vec<MyExpressionOfInterest>, AppError> {
    let ids: Vec<Uuid> = models.iter().map(|m| m.id).collect();
    let mut histories = service::histories(conn, &ids).await?;
    models
        .into_iter()
        .map(|m| {
            let status = m.status;
            let history = histories
                .remove(&m.id)
                .unwrap_or_default()
                .into_iter()
                .map(my_history_entry)
                .collect::<Result<_, _>>()?;
            Ok(MyExpressionOfInterest {
                id: m.id,
                status,
                status_label: eoi_status(status).into(),
                form: form_of(&m)?,
                age_band: m.age_band,
                submitted_at: m.submitted_at,
                acknowledged_at: m.acknowledged_at,
                updated_at: m.updated_at,
                withdrawn_at: m.withdrawn_at,
                open: is_open(status),
                history,
            })
        })
        .collect()
}

/// Staff notes are dropped here, and only here, for the young person.
fn my_history_entry(h: hist::Model) -> Result<MyHistoryEntry, AppError> {
    let by = match h.by_role {
        Role::CareLeaver => "you",
        role => role.described(),
    };
    let from = h.from_status;
    let to = h.to_status;
    Ok(MyHistoryEntry {
        from,
        from_label: from.map(|s| eoi_status(s).into()),
        to,
        to_label: eoi_status(to).into(),
        at: h.at,
        by: by.into(),
        feedback_for_young_person: h.feedback_for_young_person,
    })
}

/// Staff list rows, in the order given.
pub async fn summaries(
    conn: &impl ConnectionTrait,
    models: Vec<eoi::Model>,
) -> Result<Vec<EoiSummary>, AppError> {
    let ids: Vec<Uuid> = models.iter().map(|m| m.id).collect();
    let mut tags = service::tags(conn, &ids).await?;
    let people = by_id(conn, models.iter().map(|m| m.care_leaver_id)).await?;
    models
        .into_iter()
        .map(|m| {
            let person = people
                .get(&m.care_leaver_id)
                .ok_or_else(|| AppError::Internal(anyhow::anyhow!("EOI without its account")))?;
            Ok(EoiSummary {
                id: m.id,
                young_person: YoungPerson {
                    id: person.id,
                    name: person.name.clone(),
                    preferred_name: person.preferred_name.clone(),
                    local_authority: person.local_authority.clone(),
                },
                status: m.status,
                age_band: m.age_band,
                directorates: tags.directorates.remove(&m.id).unwrap_or_default(),
                opportunity_types: tags.opportunity_types.remove(&m.id).unwrap_or_default(),
                consent_share_with_employer: m.consent_share_with_employer,
                submitted_at: m.submitted_at,
                acknowledged_at: m.acknowledged_at,
                updated_at: m.updated_at,
            })
        })
        .collect()
}

/// One form for a member of staff (with `role`) who may see it.
pub async fn staff_view(
    conn: &impl ConnectionTrait,
    model: eoi::Model,
    role: Role,
) -> Result<EoiStaffView, AppError> {
    let status = model.status;
    let form = form_of(&model)?;
    let withdrawn_at = model.withdrawn_at;
    let history = service::histories(conn, &[model.id])
        .await?
        .remove(&model.id)
        .unwrap_or_default();
    let actors = by_id(conn, history.iter().filter_map(|h| h.by_user_id)).await?;
    let history = history
        .into_iter()
        .map(|h| {
            Ok(StaffHistoryEntry {
                from: h.from_status,
                to: h.to_status,
                at: h.at,
                by: h.by_user_id.and_then(|id| actors.get(&id)).map(|u| Actor {
                    id: u.id,
                    name: u.name.clone(),
                    role: u.role,
                }),
                note: h.note,
                feedback_for_young_person: h.feedback_for_young_person,
                directorate: h.directorate,
                team: h.team,
                effective_on: h.effective_on,
            })
        })
        .collect::<Result<_, AppError>>()?;
    let next_statuses =
        if crate::auth::policy::may(role, crate::auth::policy::Power::ReviewInterest) {
            workflow::next_statuses(status, workflow::Actor::Reviewer)
        } else {
            Vec::new()
        };
    let summary = summaries(conn, vec![model])
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
    Ok(EoiStaffView {
        summary,
        form,
        withdrawn_at,
        history,
        next_statuses,
    })
}

/// The education answers on a form: all the Virtual School sees of it, besides the young
/// person's name, the age band and the day it was sent. Left out on purpose: contact details,
/// support needs (which can touch on health), right to work, travel, availability, the
/// opportunities and directorates wanted, the status, the history and every note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EducationAnswers {
    pub id: Uuid,
    pub name: String,
    pub age_band: AgeBand,
    pub submitted_at: chrono::DateTime<chrono::Utc>,
    /// What they do now, in words ("At college").
    pub current_activities: Vec<&'static str>,
    pub english: String,
    pub maths: String,
    pub level_sought: &'static str,
}

/// The education answers of `model`, from `name`'s form.
pub fn education_answers(model: &eoi::Model, name: &str) -> Result<EducationAnswers, AppError> {
    use crate::words::labels::{ACTIVITIES, QUALIFICATION_LEVELS};
    let form = form_of(model)?;
    let qualification = |q: super::form::Qualification| {
        let level = label(&QUALIFICATION_LEVELS, q.level);
        if q.studying_now {
            format!("{level} (studying for a better grade now)")
        } else {
            level.to_owned()
        }
    };
    Ok(EducationAnswers {
        id: model.id,
        name: name.to_owned(),
        age_band: model.age_band,
        submitted_at: model.submitted_at,
        current_activities: form
            .current_activities
            .iter()
            .map(|a| label(&ACTIVITIES, *a))
            .collect(),
        english: qualification(form.english),
        maths: qualification(form.maths),
        level_sought: super::report_routes::LEVELS
            .iter()
            .find(|(l, _, _)| *l == form.level_sought)
            .map_or("", |(_, _, words)| words),
    })
}

/// The words for `value` in a label table.
pub fn label<T: PartialEq + Copy>(table: &[(T, &'static str)], value: T) -> &'static str {
    table
        .iter()
        .find(|(v, _)| *v == value)
        .map_or("", |(_, words)| words)
}
