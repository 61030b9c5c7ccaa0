//! Published demo passports for the demo care leavers (see `crate::demo`). Jordan, Kyle and Mia
//! get two versions each, written from the demo stories and fitted to them (names, NHS number,
//! their nurse and caseworker); Aisha has none, so she is on the nurses' due list.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::EntityTrait;
use serde_json::Value;

use super::passport_content::{DemoStory, demo_versions};
use crate::passport::model::PassportContent;
use crate::passport::service::today;
use crate::passport::store;
use crate::passport::validate::validate;
use crate::{
    care_leavers::{self, CareLeaver},
    error::AppError,
    state::AppState,
};

/// Which story each demo care leaver gets.
const STORIES: [(&str, DemoStory); 3] = [
    ("jordan", DemoStory::TypeOneDiabetes),
    ("kyle", DemoStory::AutismWithEhcp),
    ("mia", DemoStory::AsthmaAndAnxiety),
];

/// The people a story names, to be replaced by the demo people: (story text, replacement).
fn replacements(
    story: DemoStory,
    leaver: &CareLeaver,
    nurse: Option<&entity::user::Model>,
    caseworker: Option<&entity::user::Model>,
) -> Vec<(String, String)> {
    let (young_person, story_nurse, nurse_email, story_caseworker, caseworker_email, nhs) =
        match story {
            DemoStory::AsthmaAndAnxiety => (
                "Kayleigh",
                "Sarah Bennett",
                "sarah.bennett@example.org",
                "Dan Price",
                "dan.price@example.org",
                "9990000018",
            ),
            DemoStory::AutismWithEhcp => (
                "Jay",
                "Priya Kaur",
                "priya.kaur@example.org",
                "Michelle Evans",
                "michelle.evans@example.org",
                "9990000026",
            ),
            DemoStory::TypeOneDiabetes => (
                "Amira",
                "Sarah Bennett",
                "sarah.bennett@example.org",
                "Tom Hughes",
                "tom.hughes@example.org",
                "9997654323",
            ),
        };
    let first = |name: &str| name.split_whitespace().next().unwrap_or(name).to_owned();
    let mut pairs = vec![(young_person.to_owned(), leaver.first_name())];
    if let Some(nhs_number) = &leaver.profile.nhs_number {
        pairs.push((nhs.to_owned(), nhs_number.clone()));
    }
    if let Some(nurse) = nurse {
        pairs.push((story_nurse.to_owned(), nurse.name.clone()));
        pairs.push((nurse_email.to_owned(), nurse.email.clone()));
    }
    if let Some(caseworker) = caseworker {
        pairs.push((story_caseworker.to_owned(), caseworker.name.clone()));
        pairs.push((caseworker_email.to_owned(), caseworker.email.clone()));
        // "Dan (Personal Adviser)" in the health plan.
        let short = format!("{} (Personal Adviser)", first(story_caseworker));
        pairs.push((
            short,
            format!("{} (Personal Adviser)", first(&caseworker.name)),
        ));
    }
    pairs
}

fn fitted(
    content: &PassportContent,
    pairs: &[(String, String)],
) -> Result<PassportContent, AppError> {
    let mut text = serde_json::to_string(content).map_err(|e| AppError::Internal(e.into()))?;
    for (from, to) in pairs {
        text = text.replace(from.as_str(), to.as_str());
    }
    let value: Value = serde_json::from_str(&text).map_err(|e| AppError::Internal(e.into()))?;
    store::content_of(&value)
}

/// The latest stamp in a version: it was published an hour after the last entry was written.
fn published_at(content: &PassportContent, fallback: DateTime<Utc>) -> DateTime<Utc> {
    fn latest(value: &Value, found: &mut Option<DateTime<Utc>>) {
        match value {
            Value::Object(map) => {
                for (key, v) in map {
                    if key == "recorded_at"
                        && let Some(at) = v.as_str().and_then(|s| s.parse().ok())
                    {
                        *found = (*found).max(Some(at));
                    }
                    latest(v, found);
                }
            }
            Value::Array(list) => list.iter().for_each(|v| latest(v, found)),
            _ => {}
        }
    }
    let mut found = None;
    latest(
        &serde_json::to_value(content).unwrap_or_default(),
        &mut found,
    );
    found.map_or(fallback, |at| (at + Duration::hours(1)).min(fallback))
}

/// Publishes the demo passports. Skips anyone who already has a published version.
pub async fn load_demo(app: &AppState) -> Result<(), AppError> {
    let today: NaiveDate = today();
    for (key, story) in STORIES {
        let Some(account) = super::demo_user(app, key).await? else {
            continue;
        };
        let Some(leaver) = care_leavers::find(&app.db, account.id).await? else {
            continue;
        };
        if store::latest_version(&app.db, leaver.id()).await?.is_some() {
            continue;
        }
        let staff = |id: Option<uuid::Uuid>| async move {
            match id {
                Some(id) => entity::user::Entity::find_by_id(id).one(&app.db).await,
                None => Ok(None),
            }
        };
        let nurse = staff(leaver.profile.nurse_id).await?;
        let caseworker = staff(leaver.profile.caseworker_id).await?;
        let Some(publisher) = nurse.clone() else {
            continue;
        };
        let pairs = replacements(story, &leaver, nurse.as_ref(), caseworker.as_ref());
        let dob = leaver.profile.date_of_birth;
        let txn = crate::db::begin_write(&app.db).await?;
        for (index, content) in demo_versions(story, dob, today).iter().enumerate() {
            let content = fitted(content, &pairs)?;
            validate(&content, dob, today)?;
            let at = published_at(&content, Utc::now());
            let number = index as i32 + 1;
            let by = (publisher.id, publisher.name.as_str());
            let version =
                store::insert_version(&txn, leaver.id(), number, &content, by, at).await?;
            // The young person acknowledged the first version; the current one is new to them.
            if number == 1 {
                store::acknowledge(&txn, &version, at + Duration::days(2)).await?;
            }
        }
        txn.commit().await?;
    }
    Ok(())
}
