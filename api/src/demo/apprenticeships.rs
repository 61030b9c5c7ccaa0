//! Demo expressions of interest in many states, so the console and the Board's reports have
//! something to show: Jordan's is in review (an earlier placement in Finance and Legal ended
//! early), Kyle started an apprenticeship in Environment and had a check-in, Aisha was coached,
//! finished a placement on Digital and IT's service desk and now has work experience offered
//! in Public Health, and Mia (16, Through Care, seen by the Virtual School) has just sent
//! hers. Loading again changes nothing.
use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::apprenticeships::{
    form::*,
    form_rules::{sender_age_band, validate},
    review_rules::{Place, Recorded},
    service::{self, Move, NewForm},
    workflow::{EoiStatus, records_effective_on},
};
use crate::{auth::Role, care_leavers::CareLeaver, error::AppError, state::AppState};

/// A review step: days ago, new status, who, staff note, feedback for the young person,
/// and where a placement is (directorate id, team).
type Step = (
    i64,
    EoiStatus,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<(&'static str, &'static str)>,
);

struct Plan {
    key: &'static str,
    submitted_days_ago: i64,
    opportunity_types: &'static [OpportunityType],
    directorates: &'static [&'static str],
    level: LevelSought,
    activity: CurrentActivity,
    career_goal: &'static str,
    steps: &'static [Step],
}

/// Every piece of feedback the demo reviewers give a young person (they read it in the app).
pub fn demo_feedback() -> impl Iterator<Item = &'static str> {
    PLANS
        .iter()
        .flat_map(|plan| plan.steps.iter())
        .filter_map(|&(_, _, _, _, feedback, _)| feedback)
}

const PLANS: [Plan; 6] = [
    Plan {
        key: "jordan",
        submitted_days_ago: 21,
        opportunity_types: &[
            OpportunityType::Apprenticeship,
            OpportunityType::WorkExperience,
        ],
        directorates: &["digital_and_it"],
        level: LevelSought::Advanced,
        activity: CurrentActivity::College,
        career_goal: "I want to work in IT support and one day run a network",
        steps: &[
            (
                19,
                EoiStatus::Acknowledged,
                "hr",
                Some("Phoned Jo to say hello; keen and clear about IT."),
                None,
                None,
            ),
            (
                12,
                EoiStatus::InReview,
                "connexions",
                Some(
                    "Checking Digital and IT's spring intake; maths level 1, studying for level 2.",
                ),
                Some(
                    "Thanks Jo, we're looking at IT support apprenticeships for you and will be in touch soon.",
                ),
                None,
            ),
        ],
    },
    Plan {
        key: "kyle",
        submitted_days_ago: 75,
        opportunity_types: &[OpportunityType::Apprenticeship],
        directorates: &["environment", "regeneration_and_enterprise"],
        level: LevelSought::Intermediate,
        activity: CurrentActivity::NotInAny,
        career_goal: "Working outdoors, maybe parks or grounds maintenance",
        steps: &[
            (73, EoiStatus::Acknowledged, "hr", None, None, None),
            (
                70,
                EoiStatus::InReview,
                "hr",
                Some("Environment have a grounds apprenticeship."),
                None,
                None,
            ),
            (
                60,
                EoiStatus::InterviewOffered,
                "hr",
                None,
                Some(
                    "We'd like you to come to an interview for a job and training in parks and gardens. Your caseworker can help you get ready.",
                ),
                None,
            ),
            (
                40,
                EoiStatus::Started,
                "hr",
                Some("Started with Environment. Bursary form sent."),
                None,
                Some(("environment", "Parks and grounds")),
            ),
            (
                10,
                EoiStatus::Continuing,
                "connexions",
                Some("Check-in with Kyle and his supervisor: going well."),
                None,
                None,
            ),
        ],
    },
    Plan {
        key: "mia",
        submitted_days_ago: 3,
        opportunity_types: &[
            OpportunityType::WorkExperience,
            OpportunityType::MockInterview,
        ],
        directorates: &["childrens_services", "public_health"],
        level: LevelSought::NotSure,
        activity: CurrentActivity::School,
        career_goal: "Maybe a youth worker",
        steps: &[],
    },
    Plan {
        key: "jordan",
        submitted_days_ago: 320,
        opportunity_types: &[OpportunityType::WorkExperience],
        directorates: &["finance_and_legal"],
        level: LevelSought::Intermediate,
        activity: CurrentActivity::College,
        career_goal: "Something with numbers",
        steps: &[
            (318, EoiStatus::Acknowledged, "hr", None, None, None),
            (310, EoiStatus::InReview, "connexions", None, None, None),
            (
                300,
                EoiStatus::PlacementOffered,
                "hr",
                None,
                Some("We'd like to offer you a placement with our payments team."),
                Some(("finance_and_legal", "Payments")),
            ),
            (
                290,
                EoiStatus::Started,
                "hr",
                None,
                None,
                Some(("finance_and_legal", "Payments")),
            ),
            (
                250,
                EoiStatus::LeftEarly,
                "connexions",
                Some("Left to focus on college; happy to try again later."),
                None,
                None,
            ),
        ],
    },
    Plan {
        key: "aisha",
        submitted_days_ago: 200,
        opportunity_types: &[
            OpportunityType::CoachingMentoring,
            OpportunityType::Apprenticeship,
        ],
        directorates: &["digital_and_it"],
        level: LevelSought::Advanced,
        activity: CurrentActivity::EmployedPartTime,
        career_goal: "Help people with their computers",
        steps: &[
            (198, EoiStatus::Acknowledged, "connexions", None, None, None),
            (195, EoiStatus::InReview, "hr", None, None, None),
            (
                190,
                EoiStatus::CoachingOffered,
                "hr",
                Some("Coaching with a mentor from the service desk."),
                Some("We'd like to give you some coaching to get ready for work."),
                None,
            ),
            (
                160,
                EoiStatus::PlacementOffered,
                "hr",
                None,
                Some("We'd like to offer you a placement on our service desk."),
                Some(("digital_and_it", "Service desk")),
            ),
            (
                150,
                EoiStatus::Started,
                "hr",
                None,
                None,
                Some(("digital_and_it", "Service desk")),
            ),
            (
                60,
                EoiStatus::Completed,
                "connexions",
                Some("Finished the placement; great feedback from the team."),
                Some("Well done on finishing your placement!"),
                None,
            ),
        ],
    },
    Plan {
        key: "aisha",
        submitted_days_ago: 30,
        opportunity_types: &[OpportunityType::WorkExperience],
        directorates: &["public_health"],
        level: LevelSought::Higher,
        activity: CurrentActivity::EmployedPartTime,
        career_goal: "Work in health improvement",
        steps: &[
            (28, EoiStatus::Acknowledged, "hr", None, None, None),
            (25, EoiStatus::InReview, "connexions", None, None, None),
            (
                15,
                EoiStatus::WorkExperienceOffered,
                "connexions",
                None,
                Some("We'd like to offer you two weeks of work experience in Public Health."),
                Some(("public_health", "Health improvement")),
            ),
        ],
    },
];

fn form_for(plan: &Plan, leaver: &CareLeaver) -> ExpressionOfInterestForm {
    ExpressionOfInterestForm {
        contact: ContactDetails {
            name: leaver.first_name(),
            email: Some(leaver.user.email.clone()),
            phone: leaver.profile.phone.clone(),
            preferred_contact_method: ContactMethod::Email,
        },
        opportunity_types: plan.opportunity_types.to_vec(),
        directorates: plan.directorates.iter().map(|d| (*d).to_owned()).collect(),
        level_sought: plan.level,
        current_activities: vec![plan.activity],
        english: Qualification {
            level: QualificationLevel::Level2OrAbove,
            studying_now: false,
        },
        maths: Qualification {
            level: QualificationLevel::Level1,
            studying_now: true,
        },
        career_goal: Some(plan.career_goal.into()),
        availability: Availability {
            hours: HoursWanted::FullTime,
            available_from: None,
            notes: None,
        },
        travel: Travel {
            max_travel_minutes: Some(45),
            driving_licence: DrivingLicence::None,
            notes: Some("Bus from Dudley bus station".into()),
        },
        right_to_work: RightToWork::Yes,
        support_needs: None,
        consents: Consents {
            share_with_hr_and_connexions: true,
            share_with_future_employer: plan.key == "kyle",
        },
    }
}

/// A valid form for an anonymous demo young person (the Board reports' demo records).
pub(super) fn anonymous_form(
    leaver: &CareLeaver,
    opportunity_types: &'static [OpportunityType],
    directorates: &'static [&'static str],
) -> ExpressionOfInterestForm {
    form_for(
        &Plan {
            key: "anonymous",
            submitted_days_ago: 0,
            opportunity_types,
            directorates,
            level: LevelSought::NotSure,
            activity: CurrentActivity::College,
            career_goal: "A job where I can learn",
            steps: &[],
        },
        leaver,
    )
}

/// Adds the demo forms for demo young people who have none yet.
pub async fn load_demo(app: &AppState) -> Result<(), AppError> {
    let now = Utc::now();
    let mut reviewers = std::collections::HashMap::new();
    for (key, role) in [("hr", Role::Hr), ("connexions", Role::Connexions)] {
        if let Some(id) = super::demo_user_id(app, key).await? {
            reviewers.insert(key, (id, role));
        }
    }
    // A young person's plans are loaded together, oldest first, or not at all.
    let mut had_forms = std::collections::HashMap::new();
    let mut plans: Vec<&Plan> = PLANS.iter().collect();
    // Oldest first: a young person has one open form at a time.
    plans.sort_by_key(|p| std::cmp::Reverse(p.submitted_days_ago));
    for plan in plans {
        let Some(id) = super::demo_user_id(app, plan.key).await? else {
            continue;
        };
        let Some(leaver) = crate::care_leavers::find(&app.db, id).await? else {
            continue;
        };
        if !had_forms.contains_key(plan.key) {
            let existing = entity::expression_of_interest::Entity::find()
                .filter(entity::expression_of_interest::Column::CareLeaverId.eq(id))
                .count(&app.db)
                .await?;
            had_forms.insert(plan.key, existing > 0);
        }
        if had_forms.get(plan.key) == Some(&true) {
            continue;
        }
        let form = form_for(plan, &leaver);
        let submitted_at = now - Duration::days(plan.submitted_days_ago);
        validate(
            &form,
            crate::age::uk_date(submitted_at),
            leaver.profile.date_of_birth,
            leaver.profile.leaving_care_status,
            &service::directorates(&app.config),
        )?;
        let txn = crate::db::begin_write(&app.db).await?;
        let mut model = service::insert(
            &txn,
            NewForm {
                care_leaver_id: id,
                local_authority: &leaver.user.local_authority,
                form: &form,
                age_band: sender_age_band(
                    leaver.profile.date_of_birth,
                    crate::age::uk_date(submitted_at),
                )?,
                submitted_at,
            },
        )
        .await?;
        let mut from = EoiStatus::Submitted;
        for &(days_ago, to, by, note, feedback, place) in plan.steps {
            let Some(&by) = reviewers.get(by) else { break };
            let at = now - Duration::days(days_ago);
            let recorded = Recorded {
                place: place.map(|(directorate, team)| Place {
                    directorate: directorate.into(),
                    team: team.into(),
                }),
                effective_on: records_effective_on(to).then(|| crate::age::uk_date(at)),
            };
            model = service::move_status(
                &txn,
                &model,
                Move {
                    from,
                    to,
                    by,
                    note,
                    feedback,
                    at,
                    recorded,
                },
            )
            .await?;
            from = to;
        }
        txn.commit().await?;
    }
    Ok(())
}
