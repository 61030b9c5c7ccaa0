use super::*;

/// A GP row in the ODS layout with the given status and prescribing setting.
fn gp_row(code: &str, status: &str, setting: &str) -> String {
    format!(
        "\"{code}\",\"THE SURGERY\",\"Y60\",\"QUA\",\"THE SURGERY\",\"TINCHBOURNE STREET\",\
         \"DUDLEY\",\"WEST MIDLANDS\",\"\",\"DY1 1RH\",\"19740401\",\"\",\"{status}\",\"B\",\
         \"05C\",\"20130401\",\"\",\"01384 235540\",\"\",\"\",\"\",\"0\",\"\",\"05C\",\"\",\
         \"{setting}\",\"\"\n"
    )
}

/// A dental row in the ODS layout with the given status and sub-type.
fn dental_row(code: &str, status: &str, sub_type: &str) -> String {
    format!(
        "\"{code}\",\"PRINCES END DENTAL PRACTICE\",\"Y60\",\"QUA\",\"ST. MARKS ROAD\",\"\",\"\",\
         \"TIPTON\",\"WEST MIDLANDS\",\"DY4 0UB\",\"20060401\",\"\",\"{status}\",\"{sub_type}\",\
         \"QUA\",\"20200401\",\"\",\"\",\"\",\"\",\"\",\"0\",\"\",\"\",\"\",\"\",\"\"\n"
    )
}

fn read_one(data: &str, kind: PracticeKind) -> Result<PracticeRecord, RowError> {
    read_practices(data.as_bytes(), kind)
        .next()
        .unwrap_or_else(|| Err(RowError::new(0, "no row")))
}

#[test]
fn a_gp_row_becomes_a_practice_record() {
    let record = read_one(&gp_row("M87614", "A", "4"), PracticeKind::Gp).expect("valid row");
    assert_eq!(record.ods_code, "M87614");
    assert_eq!(record.name, "THE SURGERY");
    assert_eq!(
        record.address_lines,
        vec!["THE SURGERY", "TINCHBOURNE STREET"]
    );
    assert_eq!(record.town.as_deref(), Some("DUDLEY"));
    assert_eq!(record.county.as_deref(), Some("WEST MIDLANDS"));
    assert_eq!(record.postcode.as_str(), "DY1 1RH");
    assert_eq!(record.telephone.as_deref(), Some("01384 235540"));
    assert_eq!(record.status, PracticeStatus::Active);
    assert_eq!(record.nhs, None);
    assert_eq!(record.open_date, NaiveDate::from_ymd_opt(1974, 4, 1));
    assert_eq!(record.close_date, None);
}

#[test]
fn a_dental_row_keeps_town_county_and_nhs_status() {
    let record = read_one(&dental_row("V10855", "A", "D"), PracticeKind::Dentist).expect("valid");
    assert_eq!(record.address_lines, vec!["ST. MARKS ROAD"]);
    assert_eq!(record.town.as_deref(), Some("TIPTON"));
    assert_eq!(record.county.as_deref(), Some("WEST MIDLANDS"));
    assert_eq!(record.telephone, None);
    assert_eq!(record.nhs, Some(true));
    assert_eq!(record.prescribing_setting, None);
}

#[test]
fn only_active_ordinary_gp_practices_and_active_dentists_are_registrable() {
    for (row, kind, status, nhs, registrable) in [
        (
            gp_row("M00001", "A", "4"),
            PracticeKind::Gp,
            PracticeStatus::Active,
            None,
            true,
        ),
        (
            gp_row("M00001", "ACTIVE", "RO76"),
            PracticeKind::Gp,
            PracticeStatus::Active,
            None,
            true,
        ),
        (
            gp_row("M00001", "active", "ro76"),
            PracticeKind::Gp,
            PracticeStatus::Active,
            None,
            true,
        ),
        (
            gp_row("M00001", "A", "9"),
            PracticeKind::Gp,
            PracticeStatus::Active,
            None,
            false,
        ),
        (
            gp_row("M00001", "A", "0"),
            PracticeKind::Gp,
            PracticeStatus::Active,
            None,
            false,
        ),
        (
            gp_row("M00001", "A", ""),
            PracticeKind::Gp,
            PracticeStatus::Active,
            None,
            false,
        ),
        (
            gp_row("M00001", "C", "4"),
            PracticeKind::Gp,
            PracticeStatus::Closed,
            None,
            false,
        ),
        (
            gp_row("M00001", "INACTIVE", "RO76"),
            PracticeKind::Gp,
            PracticeStatus::Closed,
            None,
            false,
        ),
        (
            gp_row("M00001", "D", "4"),
            PracticeKind::Gp,
            PracticeStatus::Dormant,
            None,
            false,
        ),
        (
            gp_row("M00001", "P", "4"),
            PracticeKind::Gp,
            PracticeStatus::Proposed,
            None,
            false,
        ),
        (
            dental_row("V00001", "A", "D"),
            PracticeKind::Dentist,
            PracticeStatus::Active,
            Some(true),
            true,
        ),
        (
            dental_row("V00001", "A", "P"),
            PracticeKind::Dentist,
            PracticeStatus::Active,
            Some(false),
            true,
        ),
        (
            dental_row("V00001", "A", ""),
            PracticeKind::Dentist,
            PracticeStatus::Active,
            None,
            true,
        ),
        (
            dental_row("V00001", "C", "D"),
            PracticeKind::Dentist,
            PracticeStatus::Closed,
            Some(true),
            false,
        ),
    ] {
        let record = read_one(&row, kind).expect(&row);
        assert_eq!(record.status, status, "{row}");
        assert_eq!(record.nhs, nhs, "{row}");
        assert_eq!(record.is_registrable(), registrable, "{row}");
    }
}

#[test]
fn bad_rows_are_reported_with_line_and_reason_and_reading_goes_on() {
    let good = gp_row("M00001", "A", "4");
    let data = [
        good.clone(),
        gp_row("M00002", "X", "4"),
        gp_row("M00003", "A", "4").replace("DY1 1RH", "NOT A POSTCODE"),
        gp_row("M00004", "A", "4").replace("19740401", "19741301"),
        gp_row("", "A", "4"),
        gp_row("M00006", "A", "4").replace("\"THE SURGERY\",\"Y60\"", "\"\",\"Y60\""),
        "\"M00007\",\"SHORT ROW\"\n".to_owned(),
        good,
    ]
    .concat();
    let results: Vec<_> = read_practices(data.as_bytes(), PracticeKind::Gp).collect();
    assert_eq!(results.len(), 8);
    assert!(results[0].is_ok() && results[7].is_ok());
    let errors: Vec<(u64, String)> = results
        .iter()
        .filter_map(|r| r.as_ref().err())
        .map(|e| (e.line, e.reason.clone()))
        .collect();
    let expected = [
        (2, "M00002: status \"X\" is not known"),
        (
            3,
            "M00003: postcode \"NOT A POSTCODE\" is not a UK postcode",
        ),
        (4, "M00004: open date \"19741301\""),
        (5, "organisation code \"\" is not an ODS code"),
        (6, "M00006: no name"),
        (7, "only 2 fields, expected 27"),
    ];
    let expected: Vec<(u64, String)> = expected.iter().map(|(l, r)| (*l, r.to_string())).collect();
    assert_eq!(errors, expected);
}

#[test]
fn towns_and_counties_are_found_from_the_end_of_the_address() {
    for (lines, address, town, county) in [
        (
            ["A", "B", "WALSALL", "", ""],
            vec!["A", "B"],
            Some("WALSALL"),
            None,
        ),
        (
            ["A", "", "", "TIPTON", "WEST MIDLANDS"],
            vec!["A"],
            Some("TIPTON"),
            Some("WEST MIDLANDS"),
        ),
        (
            ["A", "B", "C", "LONDON", "GREATER LONDON"],
            vec!["A", "B", "C"],
            Some("LONDON"),
            Some("GREATER LONDON"),
        ),
        (["A", "", "", "", ""], vec!["A"], None, None),
        (["A", "KENT", "", "", ""], vec!["A"], None, Some("KENT")),
    ] {
        let (got_address, got_town, got_county) = split_address(lines.into_iter());
        assert_eq!(got_address, address, "{lines:?}");
        assert_eq!(got_town.as_deref(), town, "{lines:?}");
        assert_eq!(got_county.as_deref(), county, "{lines:?}");
    }
}

#[test]
fn dates_accept_the_ods_and_iso_forms() {
    assert_eq!(date("20240531"), Ok(NaiveDate::from_ymd_opt(2024, 5, 31)));
    assert_eq!(date("2024-05-31"), Ok(NaiveDate::from_ymd_opt(2024, 5, 31)));
    assert_eq!(date(""), Ok(None));
    assert_eq!(date("31/05/2024"), Err("31/05/2024".into()));
}
