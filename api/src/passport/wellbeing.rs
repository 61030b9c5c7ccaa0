//! The care sections of a passport: dental, optical and hearing checks, emotional health,
//! health assessments, health plan actions and where to get help next.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::stamp::stamped;

stamped! {
    /// The last dental, optical or hearing check (one per kind).
    #[schema(example = json!({
        "kind": "dental", "last_check": "2025-09-10",
        "outcome": "One filling; brushing advice.", "next_due": "2026-03-10"
    }))]
    pub struct HealthCheck {
        pub kind: CheckKind,
        pub last_check: Option<NaiveDate>,
        pub outcome: Option<String>,
        /// May be in the future.
        pub next_due: Option<NaiveDate>,
    }
}

/// Which kind of check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    Dental,
    Optical,
    Hearing,
}

stamped! {
    /// Emotional health and wellbeing: support received and Strengths and Difficulties
    /// Questionnaire (SDQ) scores.
    #[derive(Default)]
    #[schema(example = json!({
        "summary": "Anxiety around placement moves; much more settled now.",
        "support": [{"service": "Lighthouse Links", "from": "2023-01-09", "to": null, "notes": null}],
        "sdq_scores": [{"date": "2024-02-01", "score": 17, "informant": "carer"}]
    }))]
    pub struct EmotionalHealth {
        pub summary: Option<String>,
        #[serde(default)]
        pub support: Vec<SupportReceived>,
        #[serde(default)]
        pub sdq_scores: Vec<SdqScore>,
    }
}

stamped! {
    /// Support from a service such as CAMHS or Lighthouse Links.
    pub struct SupportReceived {
        #[schema(example = "CAMHS")]
        pub service: String,
        pub from: Option<NaiveDate>,
        /// Empty while the support continues.
        pub to: Option<NaiveDate>,
        pub notes: Option<String>,
    }
}

stamped! {
    /// An SDQ total difficulties score (0–40; 17 and above is a cause for concern).
    pub struct SdqScore {
        pub date: NaiveDate,
        #[schema(example = 17, minimum = 0, maximum = 40)]
        pub score: u32,
        pub informant: Option<SdqInformant>,
    }
}

/// Who completed the SDQ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SdqInformant {
    Carer,
    YoungPerson,
    Teacher,
}

stamped! {
    /// A statutory health assessment: the initial one on coming into care, then reviews.
    #[schema(example = json!({"kind": "review", "date": "2025-04-03", "notes": null}))]
    pub struct HealthAssessment {
        pub kind: AssessmentKind,
        pub date: NaiveDate,
        pub notes: Option<String>,
    }
}

/// Initial or review health assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentKind {
    Initial,
    Review,
}

stamped! {
    /// An action from the health plan.
    #[schema(example = json!({
        "action": "Book the second MMR dose at the GP practice",
        "responsible": "Kayleigh, with support from Dan (PA)", "due": "2026-06-30", "done": false
    }))]
    pub struct HealthPlanAction {
        pub action: String,
        pub responsible: String,
        /// May be in the future.
        pub due: Option<NaiveDate>,
        #[serde(default)]
        pub done: bool,
    }
}

stamped! {
    /// A service to contact next, with at least one way to reach it.
    #[schema(example = json!({
        "name": "Samaritans", "what_for": "Someone to talk to, any time, day or night",
        "phone": "116 123", "sms": null, "email": "jo@samaritans.org",
        "website": "https://www.samaritans.org"
    }))]
    pub struct HelpService {
        pub name: String,
        pub what_for: Option<String>,
        pub phone: Option<String>,
        /// Number to text, e.g. Shout's 85258.
        pub sms: Option<String>,
        pub email: Option<String>,
        pub website: Option<String>,
    }
}
