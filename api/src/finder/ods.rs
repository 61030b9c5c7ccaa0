//! NHS Organisation Data Service practice lists: `epraccur` (GP practices) and `egdpprac`
//! (dental practices), headerless CSV with 27 positional fields.

use std::io::Read;

use chrono::NaiveDate;

use super::rows::{Row, RowError, csv_rows};
use crate::{
    domain_types::{OdsCode, Postcode},
    error::FieldError,
};

pub use entity::practice::{PracticeKind, PracticeStatus};

/// Reads a practice status from ODS: the one-letter codes (A, C, D, P) and the words newer
/// exports write.
pub fn status_from_ods(code: &str) -> Option<PracticeStatus> {
    match code.trim().to_ascii_uppercase().as_str() {
        "A" | "ACTIVE" => Some(PracticeStatus::Active),
        "C" | "CLOSED" | "INACTIVE" => Some(PracticeStatus::Closed),
        "D" | "DORMANT" => Some(PracticeStatus::Dormant),
        "P" | "PROPOSED" => Some(PracticeStatus::Proposed),
        _ => None,
    }
}

/// One practice as the ODS file describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct PracticeRecord {
    pub ods_code: String,
    pub name: String,
    /// The street address lines that are not empty, without town and county.
    pub address_lines: Vec<String>,
    pub town: Option<String>,
    pub county: Option<String>,
    pub postcode: Postcode,
    pub telephone: Option<String>,
    pub kind: PracticeKind,
    pub status: PracticeStatus,
    /// Dentists only: `Some(true)` sees NHS and private patients, `Some(false)` private only.
    pub nhs: Option<bool>,
    /// GP file only: `4` (or role `RO76`) is an ordinary GP practice.
    pub prescribing_setting: Option<String>,
    pub open_date: Option<NaiveDate>,
    pub close_date: Option<NaiveDate>,
}

impl PracticeRecord {
    /// Whether a care leaver can register here: an active ordinary GP practice (setting 4 /
    /// RO76, not out-of-hours, walk-in, prison…), or an active dentist.
    pub fn is_registrable(&self) -> bool {
        self.status == PracticeStatus::Active
            && match self.kind {
                PracticeKind::Gp => self
                    .prescribing_setting
                    .as_deref()
                    .is_some_and(|s| s == "4" || s.eq_ignore_ascii_case("RO76")),
                PracticeKind::Dentist => true,
            }
    }
}

/// What a person reads when a practice code they gave is not an ODS code.
const NOT_A_PRACTICE_CODE: &str = "This is not an NHS practice code, such as M87025.";

/// The practice code a person gave in the `ods_code` field, as stored; a 422 on that field when
/// it is not an ODS code.
pub fn practice_code(input: &str) -> Result<String, FieldError> {
    OdsCode::parse(input)
        .map(Into::into)
        .map_err(|_| FieldError::new("ods_code", NOT_A_PRACTICE_CODE))
}

/// Reads an ODS practice file of the given kind. Bad rows come out as errors with their line
/// number; reading carries on after them.
pub fn read_practices<R: Read>(
    reader: R,
    kind: PracticeKind,
) -> impl Iterator<Item = Result<PracticeRecord, RowError>> {
    read_practices_numbered(reader, kind).map(|row| row.map(|(_, record)| record))
}

/// Like [`read_practices`], with the line each record starts on.
pub fn read_practices_numbered<R: Read>(
    reader: R,
    kind: PracticeKind,
) -> impl Iterator<Item = Result<(u64, PracticeRecord), RowError>> {
    csv_rows(reader, false).map(move |row| {
        let row = row?;
        parse_practice(&row, kind).map(|record| (row.line, record))
    })
}

/// Fields (0-based) of the ODS layout.
const CODE: usize = 0;
const NAME: usize = 1;
const ADDRESS: std::ops::Range<usize> = 4..9;
const POSTCODE: usize = 9;
const OPEN_DATE: usize = 10;
const CLOSE_DATE: usize = 11;
const STATUS: usize = 12;
const SUB_TYPE: usize = 13;
const TELEPHONE: usize = 17;
const PRESCRIBING_SETTING: usize = 25;

fn parse_practice(row: &Row, kind: PracticeKind) -> Result<PracticeRecord, RowError> {
    if row.record.len() <= SUB_TYPE {
        let found = row.record.len();
        return Err(row.error(format!("only {found} fields, expected 27")));
    }
    let ods_code = OdsCode::parse(row.field(CODE))
        .map(String::from)
        .map_err(|_| {
            row.error(format!(
                "organisation code {:?} is not an ODS code",
                row.field(CODE)
            ))
        })?;
    let fail = |reason: String| row.error(format!("{ods_code}: {reason}"));
    let name = row.optional(NAME).ok_or_else(|| fail("no name".into()))?;
    let postcode = Postcode::parse(row.field(POSTCODE)).map_err(|_| {
        fail(format!(
            "postcode {:?} is not a UK postcode",
            row.field(POSTCODE)
        ))
    })?;
    let status = status_from_ods(row.field(STATUS))
        .ok_or_else(|| fail(format!("status {:?} is not known", row.field(STATUS))))?;
    let open_date = date(row.field(OPEN_DATE)).map_err(|v| fail(format!("open date {v:?}")))?;
    let close_date = date(row.field(CLOSE_DATE)).map_err(|v| fail(format!("close date {v:?}")))?;
    let (nhs, prescribing_setting) = match kind {
        PracticeKind::Gp => (None, row.optional(PRESCRIBING_SETTING)),
        PracticeKind::Dentist => match row.field(SUB_TYPE).to_ascii_uppercase().as_str() {
            "D" => (Some(true), None),
            "P" => (Some(false), None),
            _ => (None, None),
        },
    };
    let (address_lines, town, county) = split_address(ADDRESS.map(|i| row.field(i)));
    Ok(PracticeRecord {
        ods_code,
        name,
        address_lines,
        town,
        county,
        postcode,
        telephone: row.optional(TELEPHONE),
        kind,
        status,
        nhs,
        prescribing_setting,
        open_date,
        close_date,
    })
}

fn date(value: &str) -> Result<Option<NaiveDate>, String> {
    if value.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(value, "%Y%m%d")
        .or_else(|_| NaiveDate::parse_from_str(value, "%Y-%m-%d"))
        .map(Some)
        .map_err(|_| value.to_owned())
}

/// The GP file packs address lines upwards while the dental file keeps town and county in
/// lines 4 and 5, so town and county are found from the end: a trailing county name, then
/// the line before it.
fn split_address<'a>(
    lines: impl Iterator<Item = &'a str>,
) -> (Vec<String>, Option<String>, Option<String>) {
    let mut lines: Vec<String> = lines.filter(|l| !l.is_empty()).map(str::to_owned).collect();
    let county = match lines.last() {
        Some(last) if lines.len() > 1 && is_county(last) => lines.pop(),
        _ => None,
    };
    let town = if lines.len() > 1 { lines.pop() } else { None };
    (lines, town, county)
}

/// County names that appear in ODS address lines (ceremonial, former and postal counties).
fn is_county(line: &str) -> bool {
    const COUNTIES: &str = "\
        ANGUS|AVON|AYRSHIRE|BEDFORDSHIRE|BERKSHIRE|BLAENAU GWENT|BUCKINGHAMSHIRE|\
        CAMBRIDGESHIRE|CARMARTHENSHIRE|CEREDIGION|CHESHIRE|CITY OF BRISTOL|CLEVELAND|CLWYD|\
        CO DURHAM|CONWY|CORNWALL|COUNTY DURHAM|CUMBRIA|DENBIGHSHIRE|DERBYSHIRE|DEVON|DORSET|\
        DUNBARTONSHIRE|DYFED|EAST RIDING OF YORKSHIRE|EAST SUSSEX|EAST YORKSHIRE|ESSEX|FIFE|\
        FLINTSHIRE|GLAMORGAN|GLOUCESTERSHIRE|GREATER LONDON|GREATER MANCHESTER|GUERNSEY|\
        GWENT|GWYNEDD|HAMPSHIRE|HEREFORDSHIRE|HERTFORDSHIRE|HUMBERSIDE|INVERNESS-SHIRE|\
        ISLE OF ANGLESEY|ISLE OF MAN|ISLE OF WIGHT|ISLES OF SCILLY|JERSEY|KENT|LANCASHIRE|\
        LEICESTERSHIRE|LINCOLNSHIRE|MERSEYSIDE|MID GLAMORGAN|MIDDLESEX|MIDLOTHIAN|\
        MONMOUTHSHIRE|MORAYSHIRE|NORFOLK|NORTH HUMBERSIDE|NORTH LINCOLNSHIRE|NORTH SOMERSET|\
        NORTH YORKSHIRE|NORTHAMPTONSHIRE|NORTHUMBERLAND|NOTTINGHAMSHIRE|OXFORDSHIRE|\
        PEMBROKESHIRE|POWYS|RUTLAND|SHROPSHIRE|SOMERSET|SOUTH GLAMORGAN|\
        SOUTH GLOUCESTERSHIRE|SOUTH HUMBERSIDE|SOUTH YORKSHIRE|STAFFORDSHIRE|SUFFOLK|SURREY|\
        TYNE & WEAR|TYNE AND WEAR|VALE OF GLAMORGAN|WARWICKSHIRE|WEST GLAMORGAN|\
        WEST MIDLANDS|WEST SUSSEX|WEST YORKSHIRE|WILTSHIRE|WORCESTERSHIRE";
    COUNTIES
        .split('|')
        .any(|county| county.eq_ignore_ascii_case(line))
}

#[cfg(test)]
#[path = "ods_tests.rs"]
mod tests;
