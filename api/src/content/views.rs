//! What the content routes accept in query strings and send back, beyond the shared model.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::model::{ArticleView, Topic};
use crate::error::FieldError;

/// The working copy of an article, for nurses and admins.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[schema(as = ArticleDraftView)]
pub struct DraftView {
    /// The draft, sanitised and scored. `version` is the latest published version (0 if
    /// never published); `readability` is what publishing will check.
    #[serde(flatten)]
    pub article: ArticleView,
    /// Whether publishing would change what the app shows.
    pub unpublished_changes: bool,
    /// Who last changed the draft.
    pub updated_by: StaffName,
}

/// A member of staff, by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct StaffName {
    pub id: Uuid,
    #[schema(example = "Sam Patel")]
    pub name: String,
}

/// `GET /v1/content/articles` query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ArticleQuery {
    /// Only articles on this topic.
    #[param(inline)]
    pub topic: Option<Topic>,
    /// Only what changed after this instant (RFC 3339; use `changes_up_to` from your last
    /// sync). Articles taken down since then are listed in `removed`.
    pub updated_since: Option<DateTime<Utc>>,
    /// How many items to return: 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// How many items to skip, for the next page: 0–1000000, default 0.
    #[param(minimum = 0, maximum = 1000000)]
    pub offset: Option<u32>,
}

impl ArticleQuery {
    /// The checked (limit, offset).
    pub fn page(&self) -> Result<(u64, u64), FieldError> {
        crate::http::pagination::page(self.limit, self.offset)
    }
}

/// One page of published articles, or with `updated_since` of what changed since then: the
/// paging envelope (`items`, `total`, `limit`, `offset`) and the sync fields beside it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ArticleList {
    /// Published articles (new or changed ones with `updated_since`), by topic then title.
    pub items: Vec<ArticleView>,
    /// How many articles there are in all, across every page.
    pub total: u64,
    /// The page size used.
    pub limit: u64,
    /// How many articles were skipped before this page.
    pub offset: u64,
    /// With `updated_since`: ids of articles taken down since then; drop them from the offline
    /// cache. Always empty without `updated_since`.
    pub removed: Vec<Uuid>,
    /// The time of the latest publication or take-down; send it as `updated_since` next time.
    /// `null` while nothing has ever been published.
    pub changes_up_to: Option<DateTime<Utc>>,
}

/// One published version of an article.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct VersionView {
    pub number: i32,
    pub published_by: StaffName,
    pub published_at: DateTime<Utc>,
    /// The article as it was published (`status` is `published`, `version` is `number`).
    pub article: ArticleView,
}

/// `GET /v1/content/review-due` query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ReviewDueQuery {
    /// The day to check against (default today, UTC).
    pub on: Option<NaiveDate>,
    /// How many items to return: 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// How many items to skip, for the next page: 0–1000000, default 0.
    #[param(minimum = 0, maximum = 1000000)]
    pub offset: Option<u32>,
}

/// A published article whose review date has come.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ReviewDueItem {
    pub id: Uuid,
    pub title: String,
    pub topic: Topic,
    pub reviewed_on: NaiveDate,
    pub review_due: NaiveDate,
    /// Days since the review date (0 on the day itself).
    pub days_overdue: i64,
    /// Whether a draft with changes is waiting to be published.
    pub draft_waiting: bool,
}

/// One page of the published articles due for review on `on`, most overdue first: the paging
/// envelope and the day it was checked against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ReviewDueList {
    pub on: NaiveDate,
    /// The articles on this page.
    pub items: Vec<ReviewDueItem>,
    /// How many articles are due in all, across every page.
    pub total: u64,
    /// The page size used.
    pub limit: u64,
    /// How many articles were skipped before this page.
    pub offset: u64,
}

/// `GET /v1/content/services` query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ServiceQuery {
    /// Services of this local authority, plus those open to everyone.
    #[param(example = "dudley")]
    pub local_authority: Option<String>,
    /// Only services that help with this topic.
    #[param(inline)]
    pub topic: Option<Topic>,
    /// Only services changed after this instant (RFC 3339).
    pub updated_since: Option<DateTime<Utc>>,
    /// How many items to return: 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// How many items to skip, for the next page: 0–1000000, default 0.
    #[param(minimum = 0, maximum = 1000000)]
    pub offset: Option<u32>,
}
