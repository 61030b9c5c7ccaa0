//! UK postcodes: normalising what people type, and reading the postcode position files
//! (OS Code-Point Open and the outcode centroid file).

use std::fmt;
use std::io::Read;

use super::geo::{self, GridPoint};
use super::rows::{RowError, csv_rows};
use crate::error::FieldError;

/// A well-formed UK postcode in its usual written form: upper case, one space before the
/// last three characters ("DY1 1HF").
/// The shape [`Postcode::parse`] accepts, as the contract's JSON Schema `pattern` (ECMA-262):
/// any case and spacing, an outward code of one or two letters, a digit and maybe a letter or
/// digit (or `GIR`), then a digit and two letters. The parser also refuses letters the Royal
/// Mail never uses in some places (Q, V, X first; C, I, K, M, O, V in the inward code), which
/// the pattern leaves to the server.
pub const POSTCODE_PATTERN: &str = r"^\s*(?:[A-Za-z]\s*[A-Za-z]?\s*[0-9]\s*[A-Za-z0-9]?|[Gg]\s*[Ii]\s*[Rr])\s*[0-9]\s*[A-Za-z]\s*[A-Za-z]\s*$";

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Postcode(String);

impl Postcode {
    /// Normalises any case and spacing ("dy11hf", " Dy1  1hf ") and checks the UK format.
    /// Errors name the field `postcode`.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if compact.is_empty() {
            return Err(FieldError::new("postcode", "Enter a postcode."));
        }
        let malformed = || {
            FieldError::new(
                "postcode",
                "This is not a UK postcode. Check it and try again, for example DY1 1HF.",
            )
        };
        if !(5..=7).contains(&compact.len()) || !compact.is_ascii() {
            return Err(malformed());
        }
        let (outward, inward) = compact.split_at(compact.len() - 3);
        if !is_outcode(outward) || !is_inward(inward) {
            return Err(malformed());
        }
        Ok(Self(format!("{outward} {inward}")))
    }

    /// The whole postcode, e.g. "DY1 1HF".
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The outward code (postcode district), e.g. "DY1" for "DY1 1HF".
    pub fn outcode(&self) -> &str {
        self.0.split(' ').next().unwrap_or_default()
    }
}

impl fmt::Display for Postcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

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

/// Outward code shapes A9, A99, AA9, AA99, A9A, AA9A with the letters Royal Mail uses in
/// each position, plus the special GIR.
fn is_outcode(s: &str) -> bool {
    let b = s.as_bytes();
    let first = |c: u8| c.is_ascii_uppercase() && !b"QVX".contains(&c);
    let second = |c: u8| c.is_ascii_uppercase() && !b"IJZ".contains(&c);
    let digit = |c: u8| c.is_ascii_digit();
    match *b {
        [b'G', b'I', b'R'] => true,
        [a, n] => first(a) && digit(n),
        [a, x, y] => {
            let a9x = digit(x) && (digit(y) || b"ABCDEFGHJKPSTUW".contains(&y));
            first(a) && (a9x || second(x) && digit(y))
        }
        [a, l, n, x] => {
            first(a) && second(l) && digit(n) && (digit(x) || b"ABEHMNPRVWXY".contains(&x))
        }
        _ => false,
    }
}

/// Inward code: a digit and two letters, never C, I, K, M, O or V.
fn is_inward(s: &str) -> bool {
    let letter = |c: u8| c.is_ascii_uppercase() && !b"CIKMOV".contains(&c);
    matches!(*s.as_bytes(), [n, x, y] if n.is_ascii_digit() && letter(x) && letter(y))
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
    fn postcodes_are_accepted_in_any_case_and_spacing() {
        for (input, expected) in [
            ("DY1 1HF", "DY1 1HF"),
            ("dy11hf", "DY1 1HF"),
            ("  Dy1   1hF ", "DY1 1HF"),
            ("b11aa", "B1 1AA"),
            ("ws13 6pz", "WS13 6PZ"),
            ("sw1a1aa", "SW1A 1AA"),
            ("W1D 3QF", "W1D 3QF"),
            ("M1\t1AE", "M1 1AE"),
            ("gir0aa", "GIR 0AA"),
        ] {
            assert_eq!(
                Postcode::parse(input).map(|p| p.0),
                Ok(expected.into()),
                "{input}"
            );
        }
    }

    #[test]
    fn malformed_postcodes_are_rejected_naming_the_postcode_field() {
        for input in [
            "", "   ", "DY1", "DY1 1H", "DY11 HF1", "1Y1 1HF", "QY1 1HF", "DYY 1HF", "DY1 1CF",
            "DY1 1HFF", "D 1HF", "DÜ1 1HF", "DY1-1HF", "AB1C 1AA", "A1Z 1AA",
        ] {
            let error = Postcode::parse(input).expect_err(input);
            assert_eq!(error.field, "postcode", "{input}");
        }
    }

    #[test]
    fn the_outcode_is_everything_before_the_space() {
        for (input, outcode) in [("dy11hf", "DY1"), ("WS136PZ", "WS13"), ("EC1A 1BB", "EC1A")] {
            assert_eq!(
                Postcode::parse(input).map(|p| p.outcode().to_owned()),
                Ok(outcode.into())
            );
        }
    }

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
