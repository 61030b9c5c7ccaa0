//! The young person's whole passport as one JSON document they can keep
//! (`GET /v1/me/passport/export`). A FHIR International Patient Summary export will come later;
//! see the IPS notes on the clinical types.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::PassportContent;

/// Identifies the layout of the export so that future readers can tell versions apart.
pub const EXPORT_FORMAT: &str = "care-passport-export/1";

/// The whole passport: who it belongs to, the latest published content and the version history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PassportExport {
    /// Always `care-passport-export/1` for this layout.
    #[schema(example = "care-passport-export/1")]
    pub format: String,
    pub exported_at: DateTime<Utc>,
    pub care_leaver: ExportProfile,
    /// Number of the latest published version; `null` when nothing is published yet.
    #[schema(example = 2)]
    pub latest_version: Option<i32>,
    pub published_at: Option<DateTime<Utc>>,
    /// Content of the latest published version, in full (the owner sees every section).
    pub content: Option<PassportContent>,
    /// Every published version, oldest first.
    pub versions: Vec<PassportVersionSummary>,
}

/// Profile fields copied into the export, as the service holds them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ExportProfile {
    #[schema(example = "Kayleigh Smith")]
    pub name: String,
    pub date_of_birth: NaiveDate,
    #[schema(example = "Dudley")]
    pub local_authority: Option<String>,
}

/// One published version in the history (also what `GET …/passport/versions` lists).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PassportVersionSummary {
    #[schema(example = 1)]
    pub number: i32,
    pub published_at: DateTime<Utc>,
    /// Name of the nurse who published it.
    #[schema(example = "Sarah Bennett")]
    pub published_by: String,
    /// When the young person acknowledged receiving it.
    pub acknowledged_at: Option<DateTime<Utc>>,
}

impl PassportExport {
    /// Builds the export; `latest` is the latest published version with its content, and
    /// `versions` the whole history.
    pub fn new(
        exported_at: DateTime<Utc>,
        care_leaver: ExportProfile,
        latest: Option<(&PassportVersionSummary, PassportContent)>,
        versions: Vec<PassportVersionSummary>,
    ) -> Self {
        let (latest_version, published_at, content) = match latest {
            Some((summary, content)) => (
                Some(summary.number),
                Some(summary.published_at),
                Some(content),
            ),
            None => (None, None, None),
        };
        PassportExport {
            format: EXPORT_FORMAT.to_owned(),
            exported_at,
            care_leaver,
            latest_version,
            published_at,
            content,
            versions,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_export_names_its_format_and_the_latest_version() {
        let at = |d| {
            Utc.with_ymd_and_hms(2026, 1, d, 10, 0, 0)
                .single()
                .unwrap_or_default()
        };
        let version = |number, day| PassportVersionSummary {
            number,
            published_at: at(day),
            published_by: "Sarah Bennett".into(),
            acknowledged_at: None,
        };
        let profile = ExportProfile {
            name: "Kayleigh Smith".into(),
            date_of_birth: NaiveDate::from_ymd_opt(2008, 5, 1).unwrap_or_default(),
            local_authority: Some("Dudley".into()),
        };
        let versions = vec![version(1, 5), version(2, 12)];
        let export = PassportExport::new(
            at(15),
            profile,
            Some((&versions[1], PassportContent::default())),
            versions.clone(),
        );
        let json = serde_json::to_value(&export).unwrap_or_default();
        assert_eq!(json["format"], "care-passport-export/1");
        assert_eq!(json["latest_version"], 2);
        assert_eq!(json["published_at"], "2026-01-12T10:00:00Z");
        assert_eq!(json["versions"].as_array().map(Vec::len), Some(2));

        let empty = PassportExport::new(at(15), export.care_leaver, None, vec![]);
        assert_eq!((empty.latest_version, empty.content), (None, None));
    }
}
