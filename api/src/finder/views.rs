//! Response types of the practice finder API: practices as the app shows them, with
//! distances, the search origin and guidance.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::geo::{self, GridPoint};
use super::index::IndexedPractice;
use super::ods::{PracticeKind, PracticeRecord, PracticeStatus};
use super::types::unknown_postcode;
use crate::domain_types::Postcode;
use crate::error::FieldError;

/// Shown with GP results: what people are often wrongly told they need.
pub const GP_REGISTRATION_GUIDANCE: &str = "Anyone in England can register with a GP practice \
    for free. You do not need proof of address, ID, immigration status or an NHS number. A \
    practice may ask for these, but it must not refuse you because you do not have them.";

/// Shown with dentist results.
pub const DENTIST_GUIDANCE: &str = "You do not need to register with a dentist. Contact a \
    practice and ask whether it is taking new NHS patients.";

/// Whether a dentist sees NHS patients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NhsService {
    NhsAndPrivate,
    PrivateOnly,
}

impl NhsService {
    /// From the ODS dental flag: `true` NHS and private, `false` private only.
    pub fn from_flag(nhs: Option<bool>) -> Option<Self> {
        nhs.map(|nhs| {
            if nhs {
                Self::NhsAndPrivate
            } else {
                Self::PrivateOnly
            }
        })
    }
}

/// A practice as the app shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "ods_code": "M87025", "name": "LIMESTONE SURGERY",
    "address_lines": ["CROSS STREET HEALTH CTR.", "CROSS STREET"], "town": "DUDLEY",
    "postcode": "DY1 1RN", "telephone": "01384 459044", "kind": "gp", "nhs": null,
    "status": "active"
}))]
pub struct PracticeView {
    pub ods_code: String,
    pub name: String,
    pub address_lines: Vec<String>,
    pub town: Option<String>,
    pub postcode: String,
    pub telephone: Option<String>,
    pub kind: PracticeKind,
    /// Dentists only; `null` for GPs and dentists whose NHS status is not recorded.
    pub nhs: Option<NhsService>,
    pub status: PracticeStatus,
}

impl From<&PracticeRecord> for PracticeView {
    fn from(record: &PracticeRecord) -> Self {
        Self {
            ods_code: record.ods_code.clone(),
            name: record.name.clone(),
            address_lines: record.address_lines.clone(),
            town: record.town.clone(),
            postcode: record.postcode.to_string(),
            telephone: record.telephone.clone(),
            kind: record.kind,
            nhs: NhsService::from_flag(record.nhs),
            status: record.status,
        }
    }
}

/// A practice with its straight-line distance from the search position.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct NearbyPractice {
    #[serde(flatten)]
    pub practice: PracticeView,
    /// Kilometres, to 2 decimal places.
    #[schema(example = 0.4)]
    pub distance_km: f64,
    /// Miles, to 2 decimal places.
    #[schema(example = 0.25)]
    pub distance_miles: f64,
    /// True when the practice's postcode is not in the postcode data, so it is placed at
    /// the centre of its postcode district and the distance is only a rough guide.
    #[schema(example = false)]
    pub position_approximate: bool,
    /// Dentists: what the nurses know locally (taking NHS patients, phone, notes) and how long
    /// ago they checked; `null` when no nurse has recorded anything.
    pub local_knowledge: Option<super::local_knowledge::LocalKnowledge>,
}

impl NearbyPractice {
    /// A practice at `distance_m` metres.
    pub fn new(practice: PracticeView, distance_m: f64) -> Self {
        Self {
            practice,
            distance_km: round_to(geo::metres_to_km(distance_m), 2),
            distance_miles: round_to(geo::metres_to_miles(distance_m), 2),
            position_approximate: false,
            local_knowledge: None,
        }
    }
}

/// How the search position was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OriginSource {
    Postcode,
    OutcodeCentroid,
    Coordinates,
}

/// Where distances are measured from.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[schema(example = json!({
    "postcode": "DY1 1HF", "lat": 52.512212, "lon": -2.084338, "source": "postcode"
}))]
pub struct NearbyOrigin {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub source: OriginSource,
    /// Set when the position is only approximate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl NearbyOrigin {
    /// The exact position of a postcode found in the postcode data.
    pub fn from_postcode(postcode: &Postcode, point: GridPoint) -> Result<Self, FieldError> {
        Self::on_grid(postcode, point, OriginSource::Postcode, None)
    }

    /// The centre of the postcode's district, for a postcode missing from the data.
    pub fn from_outcode_centroid(
        postcode: &Postcode,
        point: GridPoint,
    ) -> Result<Self, FieldError> {
        let note = format!(
            "We could not find {postcode}, so distances are from the middle of the {} area.",
            postcode.outcode()
        );
        Self::on_grid(postcode, point, OriginSource::OutcodeCentroid, Some(note))
    }

    /// A GPS position as sent.
    pub fn from_coordinates(lat: f64, lon: f64) -> Self {
        Self {
            postcode: None,
            lat,
            lon,
            source: OriginSource::Coordinates,
            note: None,
        }
    }

    fn on_grid(
        postcode: &Postcode,
        point: GridPoint,
        source: OriginSource,
        note: Option<String>,
    ) -> Result<Self, FieldError> {
        let (lat, lon) = geo::grid_to_wgs84(point).ok_or_else(|| unknown_postcode(postcode))?;
        Ok(Self {
            postcode: Some(postcode.to_string()),
            lat: round_to(lat, 6),
            lon: round_to(lon, 6),
            source,
            note,
        })
    }
}

/// Answer of `GET /v1/practices/nearby`.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct NearbyResponse {
    pub origin: NearbyOrigin,
    /// Nearest first.
    pub practices: Vec<NearbyPractice>,
    /// Plain-English advice to show with the results.
    #[schema(example = "Anyone in England can register with a GP practice for free. …")]
    pub guidance: String,
}

impl NearbyResponse {
    /// The response for a search of `kind` from `origin` that found `practices`
    /// (as returned by [`super::index::PracticeIndex::nearest`]).
    pub fn new(
        kind: PracticeKind,
        origin: NearbyOrigin,
        practices: Vec<(&IndexedPractice, f64)>,
    ) -> Self {
        let guidance = match kind {
            PracticeKind::Gp => GP_REGISTRATION_GUIDANCE,
            PracticeKind::Dentist => DENTIST_GUIDANCE,
        };
        Self {
            origin,
            practices: practices
                .into_iter()
                .map(|(found, metres)| NearbyPractice {
                    position_approximate: found.approximate,
                    ..NearbyPractice::new(found.practice.clone(), metres)
                })
                .collect(),
            guidance: guidance.to_owned(),
        }
    }
}

fn round_to(value: f64, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    (value * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_are_given_in_km_and_miles_to_two_places() {
        let view = PracticeView {
            ods_code: "M87025".into(),
            name: "LIMESTONE SURGERY".into(),
            address_lines: vec!["CROSS STREET".into()],
            town: Some("DUDLEY".into()),
            postcode: "DY1 1RN".into(),
            telephone: None,
            kind: PracticeKind::Gp,
            nhs: None,
            status: PracticeStatus::Active,
        };
        let nearby = NearbyPractice::new(view, 397.175);
        assert_eq!((nearby.distance_km, nearby.distance_miles), (0.4, 0.25));
        let json = serde_json::to_value(&nearby).expect("serialises");
        assert_eq!(json["ods_code"], "M87025");
        assert_eq!(json["kind"], "gp");
        assert_eq!(json["status"], "active");
        assert_eq!(json["nhs"], serde_json::Value::Null);
        assert_eq!(json["distance_km"], 0.4);
    }

    #[test]
    fn dentists_say_whether_they_see_nhs_patients() {
        let json = |flag| serde_json::to_value(NhsService::from_flag(flag)).ok();
        assert_eq!(json(Some(true)), Some("nhs_and_private".into()));
        assert_eq!(json(Some(false)), Some("private_only".into()));
        assert_eq!(json(None), Some(serde_json::Value::Null));
    }

    #[test]
    fn an_outcode_centroid_origin_says_the_position_is_approximate() {
        let postcode = Postcode::parse("DY1 9ZZ").expect("valid");
        let origin =
            NearbyOrigin::from_outcode_centroid(&postcode, GridPoint::new(393500.0, 291000.0))
                .expect("on the grid");
        assert_eq!(origin.source, OriginSource::OutcodeCentroid);
        assert_eq!(origin.postcode.as_deref(), Some("DY1 9ZZ"));
        assert!(origin.note.as_deref().is_some_and(|n| n.contains("DY1")));
        assert!((origin.lat - 52.5165).abs() < 0.001 && (origin.lon + 2.0958).abs() < 0.002);
        let json = serde_json::to_value(&origin).expect("serialises");
        assert_eq!(json["source"], "outcode_centroid");
    }

    #[test]
    fn a_postcode_origin_has_no_note_and_coordinates_have_no_postcode() {
        let postcode = Postcode::parse("DY1 1HF").expect("valid");
        let origin = NearbyOrigin::from_postcode(&postcode, GridPoint::new(394373.0, 290482.0));
        let json = serde_json::to_value(origin.expect("on the grid")).expect("serialises");
        assert_eq!(json["source"], "postcode");
        assert!(json.get("note").is_none());
        let json = serde_json::to_value(NearbyOrigin::from_coordinates(52.5, -2.1)).expect("ok");
        assert_eq!(json["source"], "coordinates");
        assert!(json.get("postcode").is_none());
    }

    #[test]
    fn the_guidance_matches_the_kind_of_practice() {
        let origin = NearbyOrigin::from_coordinates(52.5, -2.1);
        let gp = NearbyResponse::new(PracticeKind::Gp, origin.clone(), Vec::new());
        assert!(
            gp.guidance
                .contains("proof of address, ID, immigration status or an NHS number")
        );
        let dentist = NearbyResponse::new(PracticeKind::Dentist, origin, Vec::new());
        assert_eq!(dentist.guidance, DENTIST_GUIDANCE);
    }
}
