//! A nurse's caseload: the young people of their authority (or only those they are assigned
//! to), searchable and filtered by what needs doing, each with the next step. The facts come
//! from the same rules as the API's lists (`passport::due`), and showing a row is audited as
//! the API's list read is (`care_leaver.listed`).
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::service::{Lookup, listed, scoped};
use super::types::CareLeaverView;
use crate::{auth::Actor, error::AppError, words::long_date};

/// Whose young people to list: the same choice as the nurses' list of questions.
pub use crate::passport::views::CaseloadScope as Scope;

/// What needs doing, to narrow the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    /// A first passport is due (or overdue).
    PassportDue,
    /// The first passport is past the 18th birthday.
    Overdue,
    /// A saved draft has changes not yet published.
    DraftInProgress,
    OpenQuestions,
    /// A free-prescription application waits for a decision.
    SchemeWaiting,
}

impl Filter {
    pub const ALL: [Filter; 5] = [
        Filter::PassportDue,
        Filter::Overdue,
        Filter::DraftInProgress,
        Filter::OpenQuestions,
        Filter::SchemeWaiting,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Filter::PassportDue => "passport_due",
            Filter::Overdue => "overdue",
            Filter::DraftInProgress => "draft",
            Filter::OpenQuestions => "questions",
            Filter::SchemeWaiting => "scheme",
        }
    }

    pub fn parse(s: &str) -> Option<Filter> {
        Filter::ALL.into_iter().find(|f| f.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Filter::PassportDue => "First passport due",
            Filter::Overdue => "First passport overdue",
            Filter::DraftInProgress => "Draft in progress",
            Filter::OpenQuestions => "Open questions",
            Filter::SchemeWaiting => "Prescription application waiting",
        }
    }
}

/// What the caseload rules know about one young person.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// When a first passport is due (18th birthday) and whether that has passed; `None` when
    /// none is due yet or one is published.
    pub first_passport_due: Option<(NaiveDate, bool)>,
    pub has_published: bool,
    /// A saved draft with changes after the latest version.
    pub draft_in_progress: bool,
    pub open_questions: u64,
    pub applications_waiting: u64,
}

impl Facts {
    pub fn matches(&self, filter: Filter) -> bool {
        match filter {
            Filter::PassportDue => self.first_passport_due.is_some(),
            Filter::Overdue => self.first_passport_due.is_some_and(|(_, overdue)| overdue),
            Filter::DraftInProgress => self.draft_in_progress,
            Filter::OpenQuestions => self.open_questions > 0,
            Filter::SchemeWaiting => self.applications_waiting > 0,
        }
    }
}

/// The one thing to do next for a young person, most pressing first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextStep {
    FinishOverduePassport { due_by: NaiveDate },
    AnswerQuestions(u64),
    DecideApplication,
    StartFirstPassport { due_by: NaiveDate },
    FinishFirstPassport { due_by: NaiveDate },
    PublishDraft,
    Nothing,
}

impl NextStep {
    /// The step in the nurse's words.
    pub fn words(&self) -> String {
        match self {
            NextStep::FinishOverduePassport { due_by } => {
                format!(
                    "First passport overdue since {}: finish and publish it",
                    long_date(*due_by)
                )
            }
            NextStep::AnswerQuestions(1) => "Answer 1 question".into(),
            NextStep::AnswerQuestions(n) => format!("Answer {n} questions"),
            NextStep::DecideApplication => "Decide the prescription application".into(),
            NextStep::StartFirstPassport { due_by } => {
                format!("Start the first passport (due by {})", long_date(*due_by))
            }
            NextStep::FinishFirstPassport { due_by } => {
                format!(
                    "Finish and publish the first passport (due by {})",
                    long_date(*due_by)
                )
            }
            NextStep::PublishDraft => "Check the draft and publish it".into(),
            NextStep::Nothing => "Nothing due".into(),
        }
    }

    pub fn is_urgent(&self) -> bool {
        matches!(self, NextStep::FinishOverduePassport { .. })
    }
}

/// The next step: an overdue passport, then the young person's questions, then an
/// application waiting, then a passport due, then a draft to publish.
pub fn next_step(facts: &Facts) -> NextStep {
    match facts.first_passport_due {
        Some((due_by, true)) => return NextStep::FinishOverduePassport { due_by },
        _ if facts.open_questions > 0 => return NextStep::AnswerQuestions(facts.open_questions),
        _ if facts.applications_waiting > 0 => return NextStep::DecideApplication,
        Some((due_by, false)) if facts.draft_in_progress => {
            return NextStep::FinishFirstPassport { due_by };
        }
        Some((due_by, false)) => return NextStep::StartFirstPassport { due_by },
        None => {}
    }
    if facts.draft_in_progress {
        NextStep::PublishDraft
    } else {
        NextStep::Nothing
    }
}

/// One row of the caseload.
#[derive(Debug, Clone)]
pub struct Row {
    pub leaver: CareLeaverView,
    pub facts: Facts,
    pub next: NextStep,
}

/// What to list.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub scope: Scope,
    pub lookup: Option<Lookup>,
    pub filter: Option<Filter>,
}

/// The caseload on `today`, by name, at most `limit` rows, and how many matched in all. Only
/// the rows returned are audited as listed.
pub async fn caseload(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    query: &Query,
    today: NaiveDate,
    limit: usize,
) -> Result<(Vec<Row>, usize), AppError> {
    use entity::care_leaver as cl;
    use entity::user::Column as U;
    let mut select = scoped(actor, None, query.lookup.as_ref())?;
    if query.scope == Scope::Mine {
        let mine = sea_orm::sea_query::Query::select()
            .column(cl::Column::UserId)
            .from(cl::Entity)
            .and_where(cl::Column::NurseId.eq(actor.id))
            .to_owned();
        select = select.filter(U::Id.in_subquery(mine));
    }
    let users = select.all(conn).await?;
    let ids: Vec<Uuid> = users.iter().map(|u| u.id).collect();
    let facts = facts_of(conn, &actor.local_authority, &ids, today).await?;
    let mut matched: Vec<(entity::user::Model, Facts)> = users
        .into_iter()
        .map(|u| {
            let f = facts.get(&u.id).cloned().unwrap_or_default();
            (u, f)
        })
        .filter(|(_, f)| query.filter.is_none_or(|filter| f.matches(filter)))
        .collect();
    let total = matched.len();
    matched.truncate(limit);
    let by_id: HashMap<Uuid, Facts> = matched.iter().map(|(u, f)| (u.id, f.clone())).collect();
    let users = matched.into_iter().map(|(u, _)| u).collect();
    let views = listed(conn, actor, users).await?;
    let rows = views
        .into_iter()
        .map(|leaver| {
            let facts = by_id.get(&leaver.id).cloned().unwrap_or_default();
            Row {
                next: next_step(&facts),
                facts,
                leaver,
            }
        })
        .collect();
    Ok((rows, total))
}

/// The caseload facts of `ids` (all of `local_authority`), a handful of queries in all.
async fn facts_of(
    conn: &impl ConnectionTrait,
    local_authority: &str,
    ids: &[Uuid],
    today: NaiveDate,
) -> Result<HashMap<Uuid, Facts>, AppError> {
    use entity::{
        passport_draft as draft, passport_version as version,
        prescription_application as application,
    };
    let due = crate::passport::due_service::due_in(conn, local_authority, today).await?;
    let due: HashMap<Uuid, (NaiveDate, bool)> = due
        .without_passport
        .iter()
        .map(|d| (d.care_leaver_id, (d.due_by, d.overdue)))
        .collect();
    let published: Vec<(Uuid, DateTime<Utc>)> = version::Entity::find()
        .select_only()
        .column(version::Column::CareLeaverId)
        .column(version::Column::PublishedAt)
        .filter(version::Column::CareLeaverId.is_in(ids.to_vec()))
        .into_tuple()
        .all(conn)
        .await?;
    let mut last_published: HashMap<Uuid, DateTime<Utc>> = HashMap::new();
    for (id, at) in published {
        let last = last_published.entry(id).or_insert(at);
        *last = (*last).max(at);
    }
    let drafts: Vec<(Uuid, DateTime<Utc>)> = draft::Entity::find()
        .select_only()
        .column(draft::Column::CareLeaverId)
        .column(draft::Column::UpdatedAt)
        .filter(draft::Column::CareLeaverId.is_in(ids.to_vec()))
        .into_tuple()
        .all(conn)
        .await?;
    let in_progress: HashSet<Uuid> = drafts
        .into_iter()
        .filter(|(id, saved)| last_published.get(id).is_none_or(|p| saved > p))
        .map(|(id, _)| id)
        .collect();
    let questions = crate::passport::store::open_question_leavers(
        conn,
        ids,
        crate::passport::visibility::Viewer::Nurse,
    )
    .await?;
    let applications: Vec<Uuid> = application::Entity::find()
        .select_only()
        .column(application::Column::CareLeaverId)
        .filter(application::Column::CareLeaverId.is_in(ids.to_vec()))
        .filter(
            application::Column::Status
                .eq(entity::prescription_application::ApplicationStatus::Submitted),
        )
        .into_tuple()
        .all(conn)
        .await?;
    let mut facts: HashMap<Uuid, Facts> = ids
        .iter()
        .map(|id| {
            let f = Facts {
                first_passport_due: due.get(id).copied(),
                has_published: last_published.contains_key(id),
                draft_in_progress: in_progress.contains(id),
                ..Facts::default()
            };
            (*id, f)
        })
        .collect();
    for id in questions {
        if let Some(f) = facts.get_mut(&id) {
            f.open_questions += 1;
        }
    }
    for id in applications {
        if let Some(f) = facts.get_mut(&id) {
            f.applications_waiting += 1;
        }
    }
    Ok(facts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    #[test]
    fn the_next_step_is_the_most_pressing_thing() {
        let due = day("2027-01-10");
        let cases = [
            (Facts::default(), NextStep::Nothing),
            (
                Facts {
                    first_passport_due: Some((due, true)),
                    open_questions: 2,
                    applications_waiting: 1,
                    ..Facts::default()
                },
                NextStep::FinishOverduePassport { due_by: due },
            ),
            (
                Facts {
                    first_passport_due: Some((due, false)),
                    open_questions: 2,
                    ..Facts::default()
                },
                NextStep::AnswerQuestions(2),
            ),
            (
                Facts {
                    has_published: true,
                    draft_in_progress: true,
                    applications_waiting: 1,
                    ..Facts::default()
                },
                NextStep::DecideApplication,
            ),
            (
                Facts {
                    first_passport_due: Some((due, false)),
                    ..Facts::default()
                },
                NextStep::StartFirstPassport { due_by: due },
            ),
            (
                Facts {
                    first_passport_due: Some((due, false)),
                    draft_in_progress: true,
                    ..Facts::default()
                },
                NextStep::FinishFirstPassport { due_by: due },
            ),
            (
                Facts {
                    has_published: true,
                    draft_in_progress: true,
                    ..Facts::default()
                },
                NextStep::PublishDraft,
            ),
        ];
        for (facts, expected) in cases {
            assert_eq!(next_step(&facts), expected, "{facts:?}");
        }
    }

    #[test]
    fn filters_match_their_facts_only() {
        let overdue = Facts {
            first_passport_due: Some((day("2026-01-01"), true)),
            ..Facts::default()
        };
        let due = Facts {
            first_passport_due: Some((day("2027-01-01"), false)),
            ..Facts::default()
        };
        assert!(overdue.matches(Filter::PassportDue) && overdue.matches(Filter::Overdue));
        assert!(due.matches(Filter::PassportDue) && !due.matches(Filter::Overdue));
        assert!(!due.matches(Filter::OpenQuestions) && !due.matches(Filter::SchemeWaiting));
        for f in Filter::ALL {
            assert_eq!(Filter::parse(f.as_str()), Some(f));
            assert!(!Facts::default().matches(f));
        }
    }

    #[test]
    fn next_steps_read_plainly() {
        assert_eq!(NextStep::AnswerQuestions(1).words(), "Answer 1 question");
        assert_eq!(
            NextStep::StartFirstPassport {
                due_by: day("2027-03-04")
            }
            .words(),
            "Start the first passport (due by 4 March 2027)"
        );
    }
}
