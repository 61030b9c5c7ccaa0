//! Reading the postcode position files (OS Code-Point Open and the outcode centroid file).
//! The postcode itself is [`crate::domain_types::Postcode`].

use std::io::Read;

use super::geo::{self, GridPoint};
use super::rows::{RowError, csv_rows};
use crate::domain_types::{Postcode, is_outcode};
use crate::error::FieldError;

/// Normalises an outward code ("dy1" -> "DY1") and checks its format. Errors name `postcode`.
pub fn parse_outcode(input: &str) -> Result<String, FieldError> {
    let outcode: String = input.trim().to_ascii_uppercase();
    if is_outcode(&outcode) {
        Ok(outcode)
    } else {
        Err(FieldError::new(
            "postcode",
            "This is not a UK postcode district.",
        ))
    }
}

/// One postcode and its position on the British National Grid (metres).
#[derive(Debug, Clone, PartialEq)]
pub struct PostcodePosition {
    pub postcode: Postcode,
    pub point: GridPoint,
    /// Code-Point positional quality: 10 (within the building) to 60 (estimated).
    pub quality: i16,
}

/// Reads OS Code-Point Open rows (headerless: postcode, quality, eastings, northings, …).
/// Postcodes without a grid position (quality 90) are reported as row errors.
pub fn read_codepoint<R: Read>(
    reader: R,
) -> impl Iterator<Item = Result<PostcodePosition, RowError>> {
    read_codepoint_numbered(reader).map(|row| row.map(|(_, position)| position))
}

/// Like [`read_codepoint`], with the line each position was read from.
pub fn read_codepoint_numbered<R: Read>(
    reader: R,
) -> impl Iterator<Item = Result<(u64, PostcodePosition), RowError>> {
    csv_rows(reader, false).map(|row| {
        let row = row?;
        let postcode = Postcode::parse(row.field(0))
            .map_err(|e| row.error(format!("postcode {:?}: {}", row.field(0), e.message)))?;
        if row.field(1) == "90" {
            return Err(row.error(format!("{postcode} has no grid position (quality 90)")));
        }
        let quality = row.field(1).parse::<i16>().map_err(|_| {
            row.error(format!(
                "{postcode}: positional quality {:?} is not a number",
                row.field(1)
            ))
        })?;
        let point = grid_fields(row.field(2), row.field(3))
            .map_err(|reason| row.error(format!("{postcode}: {reason}")))?;
        let position = PostcodePosition {
            postcode,
            point,
            quality,
        };
        Ok((row.line, position))
    })
}

/// The centre of a postcode district, used when a full postcode is not in Code-Point.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcodeCentroid {
    pub outcode: String,
    pub point: GridPoint,
    /// Place name from the file, e.g. "Dudley" (its town, or else its region column).
    pub place: Option<String>,
}

/// Reads the outcode centroid CSV (header `postcode,eastings,northings,latitude,longitude,
/// town,region,…`; the grid columns are used). Districts outside Great Britain (Northern Ireland, Isle of Man, Channel
/// Islands) are reported as row errors, so a postcode there is unknown rather than placed
/// at the nearest British practices.
pub fn read_outcodes<R: Read>(
    reader: R,
) -> impl Iterator<Item = Result<OutcodeCentroid, RowError>> {
    read_outcodes_numbered(reader).map(|row| row.map(|(_, centroid)| centroid))
}

/// Like [`read_outcodes`], with the line each centroid was read from.
pub fn read_outcodes_numbered<R: Read>(
    reader: R,
) -> impl Iterator<Item = Result<(u64, OutcodeCentroid), RowError>> {
    csv_rows(reader, true).map(|row| {
        let row = row?;
        let outcode = parse_outcode(row.field(0))
            .map_err(|_| row.error(format!("outcode {:?} is not a UK outcode", row.field(0))))?;
        let point = grid_fields(row.field(1), row.field(2))
            .map_err(|reason| row.error(format!("{outcode}: {reason}")))?;
        if !geo::is_in_great_britain(point) || !in_a_british_area(&outcode) {
            return Err(row.error(format!("{outcode} is outside Great Britain")));
        }
        let place = row.optional(5).or_else(|| row.optional(6));
        let centroid = OutcodeCentroid {
            outcode,
            point,
            place,
        };
        Ok((row.line, centroid))
    })
}

/// Whether a district's postcode area is in Great Britain: not Northern Ireland (BT), the
/// Isle of Man (IM) or the Channel Islands (GY, JE). Checked as well as the position because
/// the centroid file places some of them at sea (IM8 lies east of the island).
fn in_a_british_area(outcode: &str) -> bool {
    let area: String = outcode
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    !matches!(area.as_str(), "BT" | "IM" | "GY" | "JE")
}

fn grid_fields(easting: &str, northing: &str) -> Result<GridPoint, String> {
    let (Ok(e), Ok(n)) = (easting.parse::<i32>(), northing.parse::<i32>()) else {
        return Err(format!(
            "eastings/northings {easting:?}/{northing:?} are not whole metres"
        ));
    };
    let point = GridPoint::new(f64::from(e), f64::from(n));
    if e == 0 && n == 0 || !point.is_on_grid() {
        return Err(format!(
            "eastings/northings {e}/{n} are not on the British National Grid"
        ));
    }
    Ok(point)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcodes_are_normalised_and_checked() {
        assert_eq!(parse_outcode(" dy1 "), Ok("DY1".into()));
        assert!(parse_outcode("DY1 1").is_err());
    }

    #[test]
    fn codepoint_rows_become_positions_and_bad_rows_are_reported_with_their_line() {
        let data = concat!(
            "\"DY1 1HF\",10,394373,290482,\"E92000001\",\"E19000001\",\"E18000005\",\"\",\"E08000027\",\"E05015922\"\n",
            "\"WV98 2AA\",90,0,0,\"E92000001\",\"\",\"\",\"\",\"\",\"\"\n",
            "\"NOT A PC\",10,394373,290482\n",
            "\"DY1 1AE\",10,east,290414\n",
            "\"DY1 1AF\",10,394483,290503\n",
        );
        let rows: Vec<_> = read_codepoint(data.as_bytes()).collect();
        let first = rows[0].as_ref().ok();
        assert_eq!(first.map(|p| p.postcode.as_str()), Some("DY1 1HF"));
        assert_eq!(
            first.map(|p| p.point),
            Some(GridPoint::new(394373.0, 290482.0))
        );
        let error_lines: Vec<u64> = rows
            .iter()
            .filter_map(|r| r.as_ref().err())
            .map(|e| e.line)
            .collect();
        assert_eq!(error_lines, vec![2, 3, 4]);
        assert!(rows[4].is_ok());
    }

    #[test]
    fn outcode_rows_outside_great_britain_are_skipped_with_a_reason() {
        let data = concat!(
            "postcode,eastings,northings,latitude,longitude,town,region,uk_region,country,country_string\n",
            "DY1,393500,291000,52.51648,-2.0958,,Dudley,West Midlands,ENG,England\n",
            "BT1,146300,529800,54.59941,-5.92838,,Belfast,Northern Ireland,NIR,Northern Ireland\n",
            "GY1,361100,-48888,49.45856,-2.53684,St Peter Port,Guernsey,Crown Dependencies,GG,Guernsey\n",
            "B1,406300,286800,52.47872,-1.90723,Central,Birmingham,West Midlands,ENG,England\n",
            "IM8,264281,488951,54.31,-4.08,Ramsay,Isle of Man,Crown Dependencies,IM,Isle of Man\n",
        );
        let rows: Vec<_> = read_outcodes(data.as_bytes()).collect();
        assert_eq!(rows[4].as_ref().err().map(|e| e.line), Some(6));
        let dy1 = rows[0].as_ref().ok();
        assert_eq!(dy1.map(|c| c.outcode.as_str()), Some("DY1"));
        assert_eq!(dy1.and_then(|c| c.place.as_deref()), Some("Dudley"));
        assert_eq!(rows[1].as_ref().err().map(|e| e.line), Some(3));
        assert_eq!(rows[2].as_ref().err().map(|e| e.line), Some(4));
        assert_eq!(
            rows[3].as_ref().ok().and_then(|c| c.place.as_deref()),
            Some("Central")
        );
    }

    #[test]
    fn the_shipped_outcode_file_skips_only_districts_outside_great_britain() {
        let data = include_str!("../../seed/postcodes/outcodes/postcodes.csv");
        let (ok, errors): (Vec<_>, Vec<_>) =
            read_outcodes(data.as_bytes()).partition(Result::is_ok);
        let dy1 = ok.iter().flatten().find(|c| c.outcode == "DY1");
        assert_eq!(
            dy1.map(|c| c.point),
            Some(GridPoint::new(393500.0, 291000.0))
        );
        assert!(ok.len() > 2700, "{} districts", ok.len());
        for error in errors.iter().filter_map(|e| e.as_ref().err()) {
            // Channel Islands are off the grid; W1M is a retired London district.
            let expected = error.reason.contains("outside Great Britain")
                || error.reason.contains("not on the British National Grid")
                || error.reason.contains("\"W1M\"");
            assert!(expected, "{error}");
        }
    }
}
