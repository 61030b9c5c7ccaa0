//! What the young person's access log shows.
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct AccessLogEntry {
    pub at: DateTime<Utc>,
    /// The staff member's name.
    #[schema(example = "Sam Patel")]
    pub who: String,
    #[schema(example = "Children in Care nurse")]
    pub role: String,
    #[schema(example = "read your health passport")]
    pub what: String,
    /// One sentence for the app to show.
    #[schema(example = "Sam Patel (Children in Care nurse) read your health passport.")]
    pub summary: String,
}
