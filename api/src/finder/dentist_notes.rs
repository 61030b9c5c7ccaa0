//! Recording and reading the nurses' local knowledge of dental practices. Only nurses record
//! it, each change audited; everyone signed in reads it with the finder's results.
use crate::audit::AuditAction;
use std::collections::HashMap;

use chrono::NaiveDate;
use entity::dentist_note::{self as note, NhsPatients};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, sea_query::OnConflict,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::local_knowledge::{
    LocalKnowledge, age_days, checked_words, is_unconfirmed, nhs_patients_words, recheck_before,
};
use super::ods::PracticeKind;
use crate::{
    audit::{self, Event},
    auth::{Actor, Role},
    domain_types::{UkPhone, phone},
    error::{AppError, FieldError},
};

/// Longest note for care leavers, in characters.
pub const MAX_NOTES: usize = 500;

/// What a nurse records about a dental practice.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "nhs_patients": "adults", "phone": "01384 456111",
    "notes": "Ask for the care leavers' appointment slot on Tuesdays.",
    "confirmed_on": "2026-11-18"
}))]
pub struct DentistNoteInput {
    pub nhs_patients: NhsPatients,
    /// A UK phone number; spaces, brackets and +44 are fine.
    #[schema(example = "01384 456111")]
    pub phone: Option<String>,
    /// Notes for care leavers, up to 500 characters.
    pub notes: Option<String>,
    /// When the nurse checked; defaults to today. Not in the future.
    pub confirmed_on: Option<NaiveDate>,
}

/// A nurse's note on a dental practice, with the practice it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct DentistNote {
    #[schema(example = "V03347")]
    pub ods_code: String,
    #[schema(example = "CASTLE DENTAL CARE")]
    pub practice_name: String,
    #[schema(example = "DY1 1RN")]
    pub postcode: String,
    #[serde(flatten)]
    pub knowledge: LocalKnowledge,
}

fn nurses_only(actor: &Actor) -> Result<(), AppError> {
    if actor.role == Role::Nurse {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "only nurses keep the notes on dentists".into(),
        ))
    }
}

/// The input, checked: phone in national form, notes trimmed (blank is none), the date.
fn checked(
    input: &DentistNoteInput,
    today: NaiveDate,
) -> Result<(Option<String>, Option<String>, NaiveDate), AppError> {
    let mut errors = Vec::new();
    let phone = match input
        .phone
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        None => None,
        Some(p) => match UkPhone::parse(p) {
            Ok(phone) => Some(String::from(phone)),
            Err(_) => {
                errors.push(FieldError::new("phone", phone::NOT_A_UK_PHONE));
                None
            }
        },
    };
    let notes = input
        .notes
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned);
    if notes
        .as_ref()
        .is_some_and(|n| n.chars().count() > MAX_NOTES)
    {
        errors.push(FieldError::new(
            "notes",
            format!("must be at most {MAX_NOTES} characters"),
        ));
    }
    let confirmed_on = input.confirmed_on.unwrap_or(today);
    if confirmed_on > today {
        errors.push(FieldError::new("confirmed_on", "must not be in the future"));
    }
    if errors.is_empty() {
        Ok((phone, notes, confirmed_on))
    } else {
        Err(AppError::Validation(errors))
    }
}

/// A nurse records (or updates) what is known about dental practice `ods_code`, as of
/// `input.confirmed_on` (default `today`); audited. 403 for anyone but a nurse, 404 for an
/// unknown practice, 422 for a GP practice or a bad field.
pub async fn record(
    db: &DatabaseConnection,
    actor: &Actor,
    ods_code: &str,
    input: &DentistNoteInput,
    today: NaiveDate,
) -> Result<DentistNote, AppError> {
    nurses_only(actor)?;
    let code = super::ods::practice_code(ods_code)?;
    let practice = super::store::practice(db, code.clone())
        .await?
        .ok_or(AppError::NotFound)?;
    if practice.kind != PracticeKind::Dentist {
        return Err(AppError::invalid(
            "ods_code",
            format!("{code} is a GP practice, not a dentist."),
        ));
    }
    let (phone, notes, confirmed_on) = checked(input, today)?;
    let txn = crate::db::begin_write(db).await?;
    note::Entity::insert(note::ActiveModel {
        ods_code: Set(code.clone()),
        nhs_patients: Set(input.nhs_patients),
        phone: Set(phone),
        notes: Set(notes),
        confirmed_on: Set(confirmed_on),
        confirmed_by: Set(actor.id),
        updated_at: Set(now()),
    })
    .on_conflict(
        OnConflict::column(note::Column::OdsCode)
            .update_columns([
                note::Column::NhsPatients,
                note::Column::Phone,
                note::Column::Notes,
                note::Column::ConfirmedOn,
                note::Column::ConfirmedBy,
                note::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    let event = Event {
        action: AuditAction::FinderDentistNoteRecorded,
        care_leaver_id: None,
        target: Some(format!("practice:{code}")),
    };
    audit::record_by(&txn, actor, event).await?;
    txn.commit().await?;
    let row = note::Entity::find_by_id(code)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let names = crate::accounts::store::names(db, [row.confirmed_by]).await?;
    Ok(DentistNote {
        ods_code: practice.ods_code,
        practice_name: practice.name,
        postcode: practice.postcode,
        knowledge: knowledge(&row, &names, today),
    })
}

/// The notes confirmed more than 90 days before `today`, oldest first, for the nurses to check
/// again. 403 for anyone but a nurse.
pub async fn to_recheck(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    today: NaiveDate,
) -> Result<Vec<DentistNote>, AppError> {
    listed(conn, actor, today, true).await
}

/// Every note, oldest check first (the console's list of dentists). 403 for anyone but a
/// nurse.
pub async fn all(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    today: NaiveDate,
) -> Result<Vec<DentistNote>, AppError> {
    listed(conn, actor, today, false).await
}

async fn listed(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    today: NaiveDate,
    only_to_recheck: bool,
) -> Result<Vec<DentistNote>, AppError> {
    nurses_only(actor)?;
    let mut select = note::Entity::find();
    if only_to_recheck {
        select = select.filter(note::Column::ConfirmedOn.lt(recheck_before(today)));
    }
    let rows = select
        .order_by_asc(note::Column::ConfirmedOn)
        .order_by_asc(note::Column::OdsCode)
        .all(conn)
        .await?;
    let practices: HashMap<String, entity::practice::Model> = entity::practice::Entity::find()
        .filter(entity::practice::Column::OdsCode.is_in(rows.iter().map(|r| r.ods_code.clone())))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| (p.ods_code.clone(), p))
        .collect();
    let names = crate::accounts::store::names(conn, rows.iter().map(|r| r.confirmed_by)).await?;
    Ok(rows
        .iter()
        .filter_map(|row| {
            let practice = practices.get(&row.ods_code)?;
            Some(DentistNote {
                ods_code: row.ods_code.clone(),
                practice_name: practice.name.clone(),
                postcode: practice.postcode.clone(),
                knowledge: knowledge(row, &names, today),
            })
        })
        .collect())
}

/// What the nurses know about each of `codes` that has a note, as of `today`.
pub async fn for_practices(
    conn: &impl ConnectionTrait,
    codes: impl IntoIterator<Item = String>,
    today: NaiveDate,
) -> Result<HashMap<String, LocalKnowledge>, DbErr> {
    let codes: Vec<String> = codes.into_iter().collect();
    if codes.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = note::Entity::find()
        .filter(note::Column::OdsCode.is_in(codes))
        .all(conn)
        .await?;
    let names = crate::accounts::store::names(conn, rows.iter().map(|r| r.confirmed_by)).await?;
    Ok(rows
        .iter()
        .map(|row| (row.ods_code.clone(), knowledge(row, &names, today)))
        .collect())
}

/// Now, as the database keeps it (PostgreSQL stores microseconds).
fn now() -> chrono::DateTime<chrono::Utc> {
    use chrono::SubsecRound;
    chrono::Utc::now().trunc_subsecs(6)
}

fn knowledge(
    row: &note::Model,
    names: &HashMap<uuid::Uuid, String>,
    today: NaiveDate,
) -> LocalKnowledge {
    LocalKnowledge {
        nhs_patients: row.nhs_patients,
        nhs_patients_words: nhs_patients_words(row.nhs_patients).to_owned(),
        // Stored in national form; anything else (never written by `record`) is shown as is.
        phone: row.phone.as_deref().map(|stored| {
            UkPhone::parse(stored).map_or_else(|_| stored.to_owned(), |phone| phone.spaced())
        }),
        notes: row.notes.clone(),
        confirmed_on: row.confirmed_on,
        confirmed_by: names.get(&row.confirmed_by).cloned().unwrap_or_default(),
        age_days: age_days(row.confirmed_on, today),
        checked: checked_words(row.confirmed_on, today),
        unconfirmed: is_unconfirmed(row.confirmed_on, today),
    }
}
