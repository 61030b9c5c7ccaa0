//! The nearby-practices query of the finder API and the checks that turn it into a search.

use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::geo::{self, GridPoint};
use super::ods::PracticeKind;
use crate::domain_types::Postcode;
use crate::error::FieldError;

/// Most practices a search can return; the default is [`DEFAULT_LIMIT`].
pub const MAX_LIMIT: usize = 50;
/// How many practices a search returns when no limit is given.
pub const DEFAULT_LIMIT: usize = 10;

/// Query of `GET /v1/practices/nearby`. Values arrive as text so that each bad value can be
/// reported naming its parameter. Give a postcode, or `lat` and `lon`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct NearbyQuery {
    /// `gp` or `dentist`.
    #[param(required = true, value_type = PracticeKind, example = "gp")]
    #[schema(value_type = PracticeKind, example = "gp")]
    pub kind: Option<String>,
    /// A UK postcode in any case and spacing.
    #[param(example = "DY1 1HF")]
    #[schema(example = "DY1 1HF")]
    pub postcode: Option<String>,
    /// GPS latitude (WGS84), with `lon`.
    #[param(value_type = Option<f64>, example = 52.5122)]
    #[schema(value_type = Option<f64>, example = 52.5122)]
    pub lat: Option<String>,
    /// GPS longitude (WGS84), with `lat`.
    #[param(value_type = Option<f64>, example = -2.0843)]
    #[schema(value_type = Option<f64>, example = -2.0843)]
    pub lon: Option<String>,
    /// How many practices, 1 to 50 (default 10).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 50, example = 10)]
    #[schema(value_type = Option<u32>, minimum = 1, maximum = 50, example = 10)]
    pub limit: Option<String>,
    /// Dentists only: leave out practices that see private patients only. Ignored for GPs.
    #[param(value_type = Option<bool>, example = true)]
    #[schema(value_type = Option<bool>, example = true)]
    pub nhs_only: Option<String>,
}

/// A checked nearby search.
#[derive(Debug, Clone, PartialEq)]
pub struct NearbySearch {
    pub kind: PracticeKind,
    pub position: SearchPosition,
    pub limit: usize,
    pub nhs_only: bool,
}

/// Where to search from, before a postcode is looked up.
#[derive(Debug, Clone, PartialEq)]
pub enum SearchPosition {
    Postcode(Postcode),
    Coordinates {
        lat: f64,
        lon: f64,
        point: GridPoint,
    },
}

impl NearbyQuery {
    /// Checks every parameter; the error names the first bad one.
    pub fn validate(&self) -> Result<NearbySearch, FieldError> {
        let kind = match given(&self.kind).map(str::to_ascii_lowercase).as_deref() {
            Some("gp") => PracticeKind::Gp,
            Some("dentist") => PracticeKind::Dentist,
            Some(_) => return Err(FieldError::new("kind", "kind must be gp or dentist.")),
            None => return Err(FieldError::new("kind", "Choose gp or dentist.")),
        };
        let limit = match given(&self.limit) {
            None => DEFAULT_LIMIT,
            Some(text) => text
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=MAX_LIMIT).contains(n))
                .ok_or_else(|| {
                    FieldError::new("limit", "limit must be a whole number from 1 to 50.")
                })?,
        };
        let nhs_only = match given(&self.nhs_only)
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            None | Some("false") => false,
            Some("true") => true,
            Some(_) => {
                return Err(FieldError::new(
                    "nhs_only",
                    "nhs_only must be true or false.",
                ));
            }
        };
        let position = self.position()?;
        Ok(NearbySearch {
            kind,
            position,
            limit,
            nhs_only,
        })
    }

    fn position(&self) -> Result<SearchPosition, FieldError> {
        let (postcode, lat, lon) = (given(&self.postcode), given(&self.lat), given(&self.lon));
        match (postcode, lat, lon) {
            (Some(_), Some(_), _) | (Some(_), _, Some(_)) => Err(FieldError::new(
                "postcode",
                "Give a postcode, or lat and lon, but not both.",
            )),
            (Some(postcode), None, None) => Postcode::parse(postcode).map(SearchPosition::Postcode),
            (None, Some(lat), Some(lon)) => {
                let lat = number("lat", lat)?;
                let lon = number("lon", lon)?;
                let point = geo::wgs84_to_grid(lat, lon)?;
                Ok(SearchPosition::Coordinates { lat, lon, point })
            }
            (None, Some(_), None) => Err(FieldError::new("lon", "Give lon as well as lat.")),
            (None, None, Some(_)) => Err(FieldError::new("lat", "Give lat as well as lon.")),
            (None, None, None) => Err(FieldError::new(
                "postcode",
                "Give a postcode, or lat and lon.",
            )),
        }
    }
}

/// The trimmed value, or `None` when absent or blank.
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn number(field: &str, text: &str) -> Result<f64, FieldError> {
    text.parse::<f64>()
        .map_err(|_| FieldError::new(field, format!("{field} must be a number.")))
}

/// The error for a well-formed postcode that is in neither the postcode nor the district data.
pub fn unknown_postcode(postcode: &Postcode) -> FieldError {
    FieldError::new(
        "postcode",
        format!("We could not find {postcode}. Check it, or use your location instead."),
    )
}

#[cfg(test)]
#[path = "types_tests.rs"]
mod tests;
