//! Positions on the British National Grid (OSGB36, EPSG:27700) and their conversion to and
//! from GPS latitude/longitude (WGS84, taken as ETRS89) with the OSTN15 transformation of
//! the `lonlat_bng` crate.

use crate::error::FieldError;

const METRES_PER_MILE: f64 = 1609.344;
/// The extent of the National Grid that OSTN15 covers.
const MAX_EASTING: f64 = 700_000.0;
const MAX_NORTHING: f64 = 1_250_000.0;

/// The island of Ireland (latitude, longitude), drawn through the sea between it and Great
/// Britain. OSTN15 converts positions there, but they are not in Great Britain.
const IRELAND: [(f64, f64); 9] = [
    (51.0, -11.0),
    (51.0, -5.7),
    (54.0, -5.7),
    (54.3, -5.3),
    (54.9, -5.35),
    (55.2, -5.9),
    (55.35, -5.95),
    (55.5, -6.3),
    (55.5, -11.0),
];
/// The Isle of Man (latitude range, longitude range): a Crown dependency, not Great Britain.
const ISLE_OF_MAN: ((f64, f64), (f64, f64)) = ((54.03, 54.43), (-4.87, -4.30));

/// A position on the British National Grid, in metres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GridPoint {
    pub easting: f64,
    pub northing: f64,
}

impl GridPoint {
    /// A grid position from eastings and northings in metres.
    pub const fn new(easting: f64, northing: f64) -> Self {
        Self { easting, northing }
    }

    /// Straight-line distance in metres. The grid is in metres and its scale error is under
    /// 0.1% across Great Britain, which is plenty for "how far is my nearest GP".
    pub fn distance_m(self, other: GridPoint) -> f64 {
        (self.easting - other.easting).hypot(self.northing - other.northing)
    }

    /// Whether the point lies within the National Grid's extent.
    pub fn is_on_grid(self) -> bool {
        (0.0..=MAX_EASTING).contains(&self.easting) && (0.0..=MAX_NORTHING).contains(&self.northing)
    }
}

/// Converts a GPS position to the grid. Out-of-range or non-numeric values name the field
/// `lat` or `lon`; positions outside Great Britain name `lat`.
pub fn wgs84_to_grid(lat: f64, lon: f64) -> Result<GridPoint, FieldError> {
    check_degrees("lat", lat, 90.0)?;
    check_degrees("lon", lon, 180.0)?;
    let outside = || FieldError::new("lat", "This position is outside Great Britain.");
    if !in_great_britain(lat, lon) {
        return Err(outside());
    }
    let (easting, northing) = lonlat_bng::convert_osgb36(lon, lat).map_err(|_| outside())?;
    Some(GridPoint::new(easting, northing))
        .filter(|point| point.is_on_grid())
        .ok_or_else(outside)
}

/// Whether a grid position is in Great Britain rather than Ireland, the Isle of Man or off
/// the grid. Coarse: the sea around Great Britain counts as in it.
///
/// The check uses the plain Transverse Mercator inverse, without OSTN15's shifts (under
/// 150 m anywhere), because the lines it tests against are drawn through open sea. OSTN15
/// is a table of 876,951 shifts (about 28 MiB) inside the binary: asking it for every outcode
/// of an import (about 3,000, each at a random place in the table) made nearly all of it
/// resident for the life of the process, for a question that needs no such precision.
pub fn is_in_great_britain(point: GridPoint) -> bool {
    point.is_on_grid()
        && lonlat_bng::convert_etrs89_to_ll(point.easting, point.northing)
            .is_ok_and(|(lon, lat)| in_great_britain(lat, lon))
}

/// Converts a grid position to GPS (latitude, longitude), or `None` off the grid.
pub fn grid_to_wgs84(point: GridPoint) -> Option<(f64, f64)> {
    if !point.is_on_grid() {
        return None;
    }
    lonlat_bng::convert_osgb36_to_ll(point.easting, point.northing)
        .ok()
        .map(|(lon, lat)| (lat, lon))
}

/// Metres as kilometres.
pub fn metres_to_km(metres: f64) -> f64 {
    metres / 1000.0
}

/// Metres as statute miles.
pub fn metres_to_miles(metres: f64) -> f64 {
    metres / METRES_PER_MILE
}

fn check_degrees(field: &str, value: f64, limit: f64) -> Result<(), FieldError> {
    if !value.is_finite() {
        return Err(FieldError::new(field, format!("{field} must be a number.")));
    }
    if !(-limit..=limit).contains(&value) {
        let message = format!("{field} must be between -{limit} and {limit}.");
        return Err(FieldError::new(field, message));
    }
    Ok(())
}

fn in_great_britain(lat: f64, lon: f64) -> bool {
    let ((south, north), (west, east)) = ISLE_OF_MAN;
    let in_isle_of_man = (south..=north).contains(&lat) && (west..=east).contains(&lon);
    !in_isle_of_man && !in_polygon(&IRELAND, lat, lon)
}

/// Even-odd ray casting; fine for a small hand-drawn polygon.
fn in_polygon(polygon: &[(f64, f64)], lat: f64, lon: f64) -> bool {
    let mut inside = false;
    let mut previous = polygon[polygon.len() - 1];
    for &current in polygon {
        let ((lat_a, lon_a), (lat_b, lon_b)) = (current, previous);
        if (lat_a > lat) != (lat_b > lat) {
            let lon_at_lat = lon_a + (lat - lat_a) * (lon_b - lon_a) / (lat_b - lat_a);
            if lon < lon_at_lat {
                inside = !inside;
            }
        }
        previous = current;
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ordnance Survey OSTN15 developer pack test points in Great Britain: OSGB36
    /// eastings/northings and their ETRS89 latitude/longitude (TP02 Cornwall, TP09 London,
    /// TP12 Worcestershire, TP16 Merseyside, TP25 Tyneside, TP29 Aberdeen, TP40 Shetland).
    const OS_TEST_POINTS: [(&str, f64, f64, f64, f64); 7] = [
        ("TP02", 170370.718, 11572.405, 49.96006138, -5.2030461),
        ("TP09", 530624.974, 178388.464, 51.48936565, -0.11992557),
        ("TP12", 389544.19, 261912.153, 52.25529382, -2.15458614),
        ("TP16", 357455.843, 383290.436, 53.3448028, -2.64049321),
        ("TP25", 424639.355, 565012.703, 54.97912274, -1.61657685),
        ("TP29", 397160.491, 805349.736, 57.13902519, -2.04856031),
        ("TP40", 395999.668, 1138728.951, 60.13308092, -2.07382823),
    ];

    #[test]
    fn gps_positions_convert_to_the_grid_within_a_metre_of_the_os_test_points() {
        for (id, easting, northing, lat, lon) in OS_TEST_POINTS {
            let point = wgs84_to_grid(lat, lon).expect(id);
            let error = point.distance_m(GridPoint::new(easting, northing));
            assert!(error < 1.0, "{id} is {error:.3} m out");
        }
    }

    #[test]
    fn grid_positions_convert_to_gps_within_a_metre_of_the_os_test_points() {
        for (id, easting, northing, lat, lon) in OS_TEST_POINTS {
            let (got_lat, got_lon) = grid_to_wgs84(GridPoint::new(easting, northing)).expect(id);
            // One degree of latitude is about 111.2 km; a degree of longitude shrinks by cos(lat).
            let north_m = (got_lat - lat) * 111_200.0;
            let east_m = (got_lon - lon) * 111_200.0 * lat.to_radians().cos();
            let error = north_m.hypot(east_m);
            assert!(error < 1.0, "{id} is {error:.3} m out");
        }
    }

    #[test]
    fn out_of_range_coordinates_name_the_offending_field() {
        for (lat, lon, field) in [
            (91.0, -2.0, "lat"),
            (-90.5, -2.0, "lat"),
            (f64::NAN, -2.0, "lat"),
            (52.5, 180.5, "lon"),
            (52.5, f64::INFINITY, "lon"),
        ] {
            assert_eq!(
                wgs84_to_grid(lat, lon).map_err(|e| e.field),
                Err(field.into())
            );
        }
    }

    #[test]
    fn positions_outside_great_britain_are_rejected_on_lat() {
        for (place, lat, lon) in [
            ("Paris", 48.8566, 2.3522),
            ("New York", 40.7128, -74.006),
            ("Dublin", 53.3498, -6.2603),
            ("Belfast", 54.5973, -5.9301),
            ("Rathlin Island", 55.30, -6.17),
            ("Ards peninsula", 54.483, -5.44),
            ("Douglas, Isle of Man", 54.15, -4.48),
            ("Jersey", 49.2, -2.1),
            ("Atlantic west of Cornwall", 50.0, -8.5),
        ] {
            let result = wgs84_to_grid(lat, lon);
            assert_eq!(result.map_err(|e| e.field), Err("lat".into()), "{place}");
        }
    }

    #[test]
    fn coastal_places_in_great_britain_are_accepted() {
        for (place, lat, lon) in [
            ("Mull of Kintyre", 55.29, -5.79),
            ("Portpatrick", 54.842, -5.117),
            ("St Davids", 51.88, -5.26),
            ("Holyhead", 53.31, -4.63),
            ("Tresco, Scilly", 49.95, -6.33),
            ("Lerwick", 60.155, -1.145),
            ("Stornoway", 58.209, -6.388),
            ("Dudley", 52.512, -2.084),
        ] {
            assert!(wgs84_to_grid(lat, lon).is_ok(), "{place}");
        }
    }

    #[test]
    fn grid_points_are_checked_for_being_in_great_britain() {
        for (place, easting, northing, expected) in [
            ("Dudley", 394373.0, 290482.0, true),
            ("St Agnes, Scilly", 88100.0, 8200.0, true),
            ("Belfast", 146300.0, 529800.0, false),
            ("Douglas, Isle of Man", 237942.0, 475605.0, false),
            ("St Peter Port, Guernsey", 361100.0, -48888.0, false),
        ] {
            let point = GridPoint::new(easting, northing);
            assert_eq!(is_in_great_britain(point), expected, "{place}");
        }
    }

    #[test]
    fn the_coarse_check_is_within_150_metres_of_ostn15_across_great_britain() {
        // Every 50 km of the grid from Land's End to Shetland that OSTN15 converts.
        let mut compared = 0;
        for easting in (100_000..=650_000).step_by(50_000) {
            for northing in (50_000..=1_150_000).step_by(50_000) {
                let point = GridPoint::new(f64::from(easting), f64::from(northing));
                let Some((lat, lon)) = grid_to_wgs84(point) else {
                    continue;
                };
                let (coarse_lon, coarse_lat) =
                    lonlat_bng::convert_etrs89_to_ll(point.easting, point.northing).unwrap();
                let north_m = (coarse_lat - lat) * 111_320.0;
                let east_m = (coarse_lon - lon) * 111_320.0 * lat.to_radians().cos();
                let apart = north_m.hypot(east_m);
                assert!(apart < 150.0, "{easting},{northing}: {apart:.0} m apart");
                compared += 1;
            }
        }
        assert!(compared > 100, "only {compared} grid points compared");
    }

    #[test]
    fn grid_points_off_the_grid_have_no_gps_position() {
        assert_eq!(grid_to_wgs84(GridPoint::new(-1.0, 290000.0)), None);
        assert_eq!(grid_to_wgs84(GridPoint::new(394000.0, f64::NAN)), None);
    }

    #[test]
    fn distances_are_straight_lines_in_metres_km_and_miles() {
        let a = GridPoint::new(394373.0, 290482.0);
        let b = GridPoint::new(397373.0, 294482.0);
        assert_eq!(a.distance_m(b), 5000.0);
        assert_eq!(metres_to_km(5000.0), 5.0);
        assert!((metres_to_miles(1609.344) - 1.0).abs() < 1e-12);
    }
}
