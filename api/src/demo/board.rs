//! Anonymous demo records for the Corporate Parenting Board's reports: thirty young people
//! (no names anyone would know, no contact details) turning 18 this financial year, with
//! passports on time, late and outstanding, Chances4YOUth forms that moved through offers,
//! starts and outcomes in several directorates, and free-prescription requests. Enough that
//! every report has figures of 5 or more to show. The named demo people are left unchanged.
//! History rows are written directly (statuses as in the shared Chances4YOUth design), as the
//! Board's figures count them, as far as the workflow knows the statuses. Loading again
//! changes nothing.
use chrono::{DateTime, Days, Months, NaiveDate, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

use super::{DEMO_DOMAIN, insert_care_leaver};
use crate::{
    accounts::{NewAccount, create_account},
    apprenticeships::{
        form::OpportunityType,
        form_rules::sender_age_band,
        service::{self, NewForm},
        workflow::EoiStatus,
    },
    auth::Role,
    error::AppError,
    reports::Period,
    state::AppState,
};

const PEOPLE: u32 = 30;

fn email(n: u32) -> String {
    format!("board-{n:02}@{DEMO_DOMAIN}")
}

fn at(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(10, 0, 0).unwrap_or_default().and_utc()
}

fn plus(day: NaiveDate, days: u64) -> NaiveDate {
    day.checked_add_days(Days::new(days)).unwrap_or(day)
}

/// What happens to person `n` (0-based), against this financial year.
struct Story {
    eighteenth: NaiveDate,
    /// Days from the 18th birthday to the first passport (negative: before it).
    passport: Option<i64>,
    acknowledged: bool,
    immunisations: bool,
}

fn story(n: u32, year: Period, today: NaiveDate) -> Story {
    let elapsed = u64::try_from((today - year.from).num_days().max(0)).unwrap_or(0);
    let at_fraction = |num: u64, den: u64| plus(year.from, elapsed * num / den.max(1));
    match n {
        // Birthdays fall in a few months, so the monthly trend has figures of 5 or more.
        // On time: published two weeks before the birthday.
        0..=11 => Story {
            eighteenth: at_fraction(if n < 6 { 1 } else { 4 }, 10),
            passport: Some(-14),
            acknowledged: n < 8,
            immunisations: n < 10,
        },
        // Late, by 5 to 35 days, birthdays early in the year so the passport is written now.
        12..=18 => Story {
            eighteenth: at_fraction(2, 10),
            passport: Some(5 * (i64::from(n) - 11)),
            acknowledged: n < 15,
            immunisations: n < 17,
        },
        // 18 now, still no passport.
        19..=23 => Story {
            eighteenth: at_fraction(7, 10),
            passport: None,
            acknowledged: false,
            immunisations: false,
        },
        // Not 18 yet.
        _ => Story {
            eighteenth: plus(today, 15).min(year.to),
            passport: None,
            acknowledged: false,
            immunisations: false,
        },
    }
}

/// Adds the anonymous records, once.
pub async fn load_demo(app: &AppState) -> Result<(), AppError> {
    let exists = entity::user::Entity::find()
        .filter(entity::user::Column::Email.eq(email(0)))
        .one(&app.db)
        .await?
        .is_some();
    let nurse = super::demo_user(app, "nurse").await?;
    let (true, Some(nurse)) = (!exists, nurse) else {
        return Ok(());
    };
    let today = crate::age::today();
    let year = Period::financial_year_of(today);
    let mut people = Vec::new();
    for n in 0..PEOPLE {
        let s = story(n, year, today);
        let born = s
            .eighteenth
            .checked_sub_months(Months::new(18 * 12))
            .unwrap_or(s.eighteenth);
        let txn = crate::db::begin_write(&app.db).await?;
        let user = create_account(
            &txn,
            NewAccount {
                role: Role::CareLeaver,
                email: &email(n),
                name: &format!("Board demo {n:02}"),
                preferred_name: None,
                local_authority: "dudley",
                password_hash: None,
            },
        )
        .await?;
        insert_care_leaver(&txn, user.id, born, None, Some(nurse.id)).await?;
        if let Some(days) = s.passport {
            let published = s
                .eighteenth
                .checked_add_signed(chrono::Duration::days(days))
                .unwrap_or(s.eighteenth)
                .min(today);
            publish(
                &txn,
                user.id,
                &nurse,
                published,
                s.immunisations,
                s.acknowledged,
            )
            .await?;
        }
        txn.commit().await?;
        people.push((user.id, born));
    }
    for (n, (id, born)) in people.iter().enumerate() {
        let n = u32::try_from(n).unwrap_or(0);
        interest(app, n, *id, *born, &year, today).await?;
        prescription(app, n, *id, &year, today).await?;
    }
    Ok(())
}

async fn publish(
    conn: &impl sea_orm::ConnectionTrait,
    leaver: Uuid,
    nurse: &entity::user::Model,
    on: NaiveDate,
    immunisations: bool,
    acknowledged: bool,
) -> Result<(), AppError> {
    let id = Uuid::new_v4();
    let content = if immunisations {
        json!({"immunisations": [{"vaccine": "MMR", "date": "2009-05-20", "dose_number": 1},
                                 {"vaccine": "Td/IPV", "date": "2022-02-01", "dose_number": 1}]})
    } else {
        json!({"allergies": []})
    };
    entity::passport_version::Entity::insert(entity::passport_version::ActiveModel {
        id: Set(id),
        care_leaver_id: Set(leaver),
        number: Set(1),
        content: Set(content),
        published_by: Set(nurse.id),
        published_by_name: Set(nurse.name.clone()),
        published_at: Set(at(on)),
    })
    .exec_without_returning(conn)
    .await?;
    if acknowledged {
        entity::passport_acknowledgement::Entity::insert(
            entity::passport_acknowledgement::ActiveModel {
                id: Set(Uuid::new_v4()),
                version_id: Set(id),
                care_leaver_id: Set(leaver),
                acknowledged_at: Set(at(on)),
            },
        )
        .exec_without_returning(conn)
        .await?;
    }
    Ok(())
}

const DIRECTORATES: [&[&str]; 4] = [
    &["digital_and_it"],
    &["environment"],
    &["digital_and_it", "public_health"],
    &[],
];
const TYPES: [&[OpportunityType]; 3] = [
    &[OpportunityType::Apprenticeship],
    &[OpportunityType::WorkExperience],
    &[
        OpportunityType::Apprenticeship,
        OpportunityType::CoachingMentoring,
    ],
];

/// Person `n`'s Chances4YOUth form and its history: a reply, then for most an offer, a start
/// and an outcome, each only when its day has come.
async fn interest(
    app: &AppState,
    n: u32,
    id: Uuid,
    born: NaiveDate,
    year: &Period,
    today: NaiveDate,
) -> Result<(), AppError> {
    let Some(leaver) = crate::care_leavers::find(&app.db, id).await? else {
        return Ok(());
    };
    let elapsed = u64::try_from((today - year.from).num_days().max(0)).unwrap_or(0);
    let submitted = plus(year.from, elapsed * u64::from(n % 10) / 20);
    let index = n as usize;
    let form = super::apprenticeships::anonymous_form(
        &leaver,
        TYPES[index % TYPES.len()],
        DIRECTORATES[index % DIRECTORATES.len()],
    );
    let txn = crate::db::begin_write(&app.db).await?;
    let model = service::insert(
        &txn,
        NewForm {
            care_leaver_id: id,
            local_authority: "dudley",
            form: &form,
            age_band: sender_age_band(born, submitted)?,
            submitted_at: at(submitted),
        },
    )
    .await?;
    let n64 = u64::from(n);
    // Where the placement is: two in three in Digital and IT, the rest in Environment.
    let placed = if n % 3 == 2 {
        "environment"
    } else {
        "digital_and_it"
    };
    let offer = if n.is_multiple_of(2) {
        EoiStatus::PlacementOffered
    } else {
        EoiStatus::WorkExperienceOffered
    };
    let mut steps: Vec<(u64, EoiStatus, Option<&str>)> =
        vec![(1 + n64 % 6, EoiStatus::Acknowledged, None)];
    if n < 24 {
        steps.push((8 + n64 % 9, offer, Some(placed)));
    }
    if n < 20 {
        steps.push((30, EoiStatus::Started, Some(placed)));
        let outcome = match n % 4 {
            0 | 1 => EoiStatus::Completed,
            2 => EoiStatus::Continuing,
            _ => EoiStatus::MovedOn,
        };
        let outcome = if n % 10 == 9 {
            EoiStatus::LeftEarly
        } else {
            outcome
        };
        steps.push((60, outcome, None));
    }
    let mut from = EoiStatus::Submitted;
    for (after, to, directorate) in steps {
        let on = plus(submitted, after);
        if on > today {
            break;
        }
        entity::eoi_status_history::Entity::insert(entity::eoi_status_history::ActiveModel {
            eoi_id: Set(model.id),
            from_status: Set(Some(from)),
            to_status: Set(to),
            by_user_id: Set(None),
            by_role: Set(Role::Hr),
            note: Set(None),
            feedback_for_young_person: Set(None),
            at: Set(at(on)),
            directorate: Set(directorate.map(str::to_owned)),
            team: Set(directorate.map(|_| "Apprenticeships team".to_owned())),
            effective_on: Set(matches!(
                to,
                EoiStatus::Started
                    | EoiStatus::Completed
                    | EoiStatus::Continuing
                    | EoiStatus::MovedOn
                    | EoiStatus::LeftEarly
            )
            .then_some(on)),
            ..Default::default()
        })
        .exec_without_returning(&txn)
        .await?;
        entity::expression_of_interest::Entity::update(
            entity::expression_of_interest::ActiveModel {
                id: Set(model.id),
                status: Set(to),
                acknowledged_at: Set(model.acknowledged_at.or(Some(at(on)))),
                updated_at: Set(at(on)),
                ..Default::default()
            },
        )
        .exec(&txn)
        .await?;
        from = to;
    }
    txn.commit().await?;
    Ok(())
}

/// Person `n`'s free-prescription request: most approved (some now ended and renewed), some
/// declined.
async fn prescription(
    app: &AppState,
    n: u32,
    id: Uuid,
    year: &Period,
    today: NaiveDate,
) -> Result<(), AppError> {
    let elapsed = u64::try_from((today - year.from).num_days().max(0)).unwrap_or(0);
    let created = plus(year.from, elapsed * u64::from(n % 15) / 16);
    let decided = plus(created, 2).min(today);
    let (status, expires) = match n % 5 {
        0..=2 => ("approved", Some(plus(today, 200))),
        3 => ("declined", None),
        _ => ("approved", Some(plus(created, 20).min(today))),
    };
    let first =
        insert_application(id, status, created, Some(decided), expires, None, &app.db).await?;
    // Those whose certificate ran out asked to renew it.
    if n % 5 == 4 && created < today {
        insert_application(id, "submitted", today, None, None, Some(first), &app.db).await?;
    }
    Ok(())
}

async fn insert_application(
    leaver: Uuid,
    status: &str,
    created: NaiveDate,
    decided: Option<NaiveDate>,
    expires: Option<NaiveDate>,
    renews: Option<Uuid>,
    conn: &impl sea_orm::ConnectionTrait,
) -> Result<Uuid, AppError> {
    use entity::prescription_application::{ActiveModel, ApplicationStatus, Entity};
    let status = match status {
        "approved" => ApplicationStatus::Approved,
        "declined" => ApplicationStatus::Declined,
        _ => ApplicationStatus::Submitted,
    };
    let id = Uuid::new_v4();
    Entity::insert(ActiveModel {
        id: Set(id),
        care_leaver_id: Set(leaver),
        applied_by: Set(leaver),
        scheme_id: Set("black_country_care_leavers".into()),
        status: Set(status),
        facts: Set(json!({})),
        decided_by: Set(None),
        decided_at: Set(decided
            .filter(|_| status != ApplicationStatus::Submitted)
            .map(at)),
        ppc_number: Set(expires.map(|_| "PPC demo".into())),
        certificate_expires_on: Set(expires),
        decline_reason: Set((status == ApplicationStatus::Declined)
            .then(|| "You live outside the scheme's area.".to_owned())),
        renews_application_id: Set(renews),
        created_at: Set(at(created)),
        updated_at: Set(at(decided.unwrap_or(created))),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(id)
}
