//! The nurses' work in progress for the demo: a draft being written, open questions from young
//! people (one on a single allergy), a young person's own words, and nurses' notes on dentists
//! of different ages (one older than 90 days, so it is listed to check again). The application
//! waiting for the Designated Nurse comes from `super::prescriptions`.
use chrono::{Duration, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use crate::passport::{
    entries, model::SectionId, stamp::stamp, store, views::QueryStatus, wellbeing::HealthPlanAction,
};
use crate::{care_leavers, error::AppError, state::AppState};
use entity::dentist_note::NhsPatients;

/// Adds the nurses' work in progress unless it is there already.
pub async fn load_demo(app: &AppState) -> Result<(), AppError> {
    let Some(nurse) = super::demo_user(app, "nurse").await? else {
        return Ok(());
    };
    draft_in_progress(app, &nurse).await?;
    questions(app).await?;
    own_words(app).await?;
    dentist_notes(app, &nurse).await?;
    Ok(())
}

/// Kyle's passport has a saved draft with a new action in his health plan, not yet published.
async fn draft_in_progress(app: &AppState, nurse: &entity::user::Model) -> Result<(), AppError> {
    let Some(kyle) = super::demo_user(app, "kyle").await? else {
        return Ok(());
    };
    let draft = store::load_draft(&app.db, kyle.id).await?;
    if draft.saved() || store::latest_version(&app.db, kyle.id).await?.is_none() {
        return Ok(());
    }
    let mut content = draft.content.clone();
    content
        .health_plan_actions
        .get_or_insert_with(Vec::new)
        .push(HealthPlanAction {
            action: "Book an eye test at the optician before the end of the month".into(),
            responsible: "Kyle, with help from Chris".into(),
            due: crate::age::today().checked_add_days(chrono::Days::new(30)),
            done: false,
            recorded_by: None,
            recorded_at: None,
        });
    stamp(&mut content, Some(&draft.content), &nurse.name, Utc::now());
    store::save_draft(&app.db, kyle.id, 0, &content, nurse.id).await?;
    Ok(())
}

/// Mia asks about her penicillin allergy (one entry) and Jordan about his medicines (a whole
/// section), days apart, so the nurses' list has an oldest.
async fn questions(app: &AppState) -> Result<(), AppError> {
    use entity::passport_query as query;
    let asked = [
        (
            "mia",
            SectionId::Allergies,
            Some(0),
            "I had an allergy test last year and it said I am fine with penicillin now.",
            6,
        ),
        (
            "jordan",
            SectionId::Medicines,
            None,
            "My insulin pen is a different one now. Can you change it?",
            2,
        ),
    ];
    for (key, section, entry_index, message, days_ago) in asked {
        let Some(account) = super::demo_user(app, key).await? else {
            continue;
        };
        let existing = query::Entity::find()
            .filter(query::Column::CareLeaverId.eq(account.id))
            .count(&app.db)
            .await?;
        let Some(version) = store::latest_version(&app.db, account.id).await? else {
            continue;
        };
        if existing > 0 {
            continue;
        }
        let content = store::content_of(&version.content)?;
        let entry_label = match entry_index {
            Some(index) => entries::label_of(&content, section, index).ok(),
            None => None,
        };
        query::Entity::insert(query::ActiveModel {
            id: Set(Uuid::new_v4()),
            care_leaver_id: Set(account.id),
            version: Set(version.number),
            section: Set(section),
            entry_index: Set(entry_label.as_ref().and(entry_index)),
            entry_label: Set(entry_label),
            message: Set(message.to_owned()),
            status: Set(QueryStatus::Open),
            resolution_note: Set(None),
            resolved_by: Set(None),
            resolved_at: Set(None),
            created_at: Set(store::now() - Duration::days(days_ago)),
        })
        .exec_without_returning(&app.db)
        .await?;
    }
    Ok(())
}

/// Jordan has written his own words; the nurse's next version will carry them.
async fn own_words(app: &AppState) -> Result<(), AppError> {
    use entity::passport_own_words as own;
    let Some(jordan) = super::demo_user(app, "jordan").await? else {
        return Ok(());
    };
    if care_leavers::find(&app.db, jordan.id).await?.is_none()
        || own::Entity::find_by_id(jordan.id)
            .one(&app.db)
            .await?
            .is_some()
    {
        return Ok(());
    }
    let at = store::now() - Duration::days(1);
    own::Entity::insert(own::ActiveModel {
        care_leaver_id: Set(jordan.id),
        text: Set(Some(
            "If I seem mixed up or shaky, please check my blood sugar first. I like to be told \
             what is going on, in plain words."
                .to_owned(),
        )),
        written_by: Set(jordan.id),
        created_at: Set(at),
        updated_at: Set(at),
    })
    .exec_without_returning(&app.db)
    .await?;
    Ok(())
}

/// The dentists near Dudley town centre, checked 12, 45 and 130 days ago.
pub const DEMO_DENTIST_NOTES: [(&str, NhsPatients, Option<&str>, &str, i64); 3] = [
    (
        "V03347",
        NhsPatients::Adults,
        Some("01384 456111"),
        "Ring on a weekday morning and say you are a care leaver. They keep a few slots free.",
        12,
    ),
    (
        "V04107",
        NhsPatients::Under18s,
        None,
        "Only takes new NHS patients under 18. Older young people go on a waiting list.",
        45,
    ),
    (
        "V03367",
        NhsPatients::NotNow,
        None,
        "Was full when we last asked. Ask again, as this may have changed.",
        130,
    ),
];

async fn dentist_notes(app: &AppState, nurse: &entity::user::Model) -> Result<(), AppError> {
    use entity::dentist_note as note;
    let today = crate::age::today();
    for (code, taking, phone, notes, days_ago) in DEMO_DENTIST_NOTES {
        let practice_known = entity::practice::Entity::find_by_id(code.to_owned())
            .one(&app.db)
            .await?
            .is_some();
        let noted = note::Entity::find_by_id(code.to_owned())
            .one(&app.db)
            .await?
            .is_some();
        if !practice_known || noted {
            continue;
        }
        note::Entity::insert(note::ActiveModel {
            ods_code: Set(code.to_owned()),
            nhs_patients: Set(taking),
            phone: Set(phone.and_then(|p| {
                crate::domain_types::UkPhone::parse(p)
                    .ok()
                    .map(String::from)
            })),
            notes: Set(Some(notes.to_owned())),
            confirmed_on: Set(today - Duration::days(days_ago)),
            confirmed_by: Set(nurse.id),
            updated_at: Set(store::now()),
        })
        .exec_without_returning(&app.db)
        .await?;
    }
    Ok(())
}
