//! Request and response bodies of the share-link routes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::rules::LinkStatus;
use crate::passport::model::SectionId;

/// A new share link: who it is for, what it shows, how long it lasts.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"recipient": "Limestone Surgery", "sections": ["about_me", "medicines", "allergies", "immunisations"], "expires_in_hours": 168}))]
pub struct NewShareLink {
    /// Who the link is for, as you will see it in your access log (1–120 characters).
    #[schema(example = "Limestone Surgery")]
    pub recipient: String,
    /// The sections to share. The sexual health section is shared only if you list it.
    #[schema(example = json!(["about_me", "medicines", "allergies", "immunisations"]))]
    pub sections: Vec<SectionId>,
    /// How long the link works: 1 hour to 30 days (720 hours).
    #[schema(example = 168, minimum = 1, maximum = 720)]
    pub expires_in_hours: u32,
}

/// A share link as its owner sees it. The passcode is never shown again after it is made.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ShareLinkView {
    pub id: Uuid,
    #[schema(example = "Limestone Surgery")]
    pub recipient: String,
    pub sections: Vec<SectionId>,
    pub status: LinkStatus,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// How many times the link was opened with the right passcode.
    #[schema(example = 1)]
    pub openings: i32,
    pub last_opened_at: Option<DateTime<Utc>>,
}

/// A link just made: give the practice the URL and, separately, the passcode.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CreatedShareLink {
    pub link: ShareLinkView,
    /// The address to give the practice. Opening it needs the passcode.
    #[schema(example = "https://care-passport.example.org/v1/shared/7H0kq3…")]
    pub url: String,
    /// 6 digits. Shown only now: tell it to the practice by phone or in person.
    #[schema(example = "493017")]
    pub passcode: String,
}

/// The passcode the young person gave the practice.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"passcode": "493017"}))]
pub struct Passcode {
    /// 6 digits.
    #[schema(example = "493017")]
    pub passcode: String,
}
