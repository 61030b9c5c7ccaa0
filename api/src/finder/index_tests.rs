use std::collections::HashMap;
use std::sync::LazyLock;

use proptest::prelude::*;

use super::*;
use crate::domain_types::Postcode;
use crate::finder::ods::{PracticeStatus, read_practices};
use crate::finder::postcode::read_codepoint;

/// The Dudley-area subset the repository ships (api/seed), parsed and indexed once.
struct Seed {
    records: Vec<PracticeRecord>,
    positions: HashMap<Postcode, GridPoint>,
    all: Vec<IndexedPractice>,
    index: PracticeIndex,
}

static SEED: LazyLock<Seed> = LazyLock::new(|| {
    let codepoint = [
        include_str!("../../seed/postcodes/codepoint-open/dy.csv"),
        include_str!("../../seed/postcodes/codepoint-open/wv.csv"),
        include_str!("../../seed/postcodes/codepoint-open/b.csv"),
        include_str!("../../seed/postcodes/codepoint-open/ws.csv"),
    ];
    let positions: HashMap<Postcode, GridPoint> = codepoint
        .iter()
        .flat_map(|file| read_codepoint(file.as_bytes()))
        .map(|row| row.map(|p| (p.postcode, p.point)))
        .collect::<Result<_, _>>()
        .expect("every shipped Code-Point row parses");
    let gp = include_str!("../../seed/ods/epraccur.csv");
    let dental = include_str!("../../seed/ods/egdpprac.csv");
    let records: Vec<PracticeRecord> = read_practices(gp.as_bytes(), PracticeKind::Gp)
        .chain(read_practices(dental.as_bytes(), PracticeKind::Dentist))
        .collect::<Result<_, _>>()
        .expect("every shipped ODS row parses");
    let all: Vec<IndexedPractice> = records
        .iter()
        .filter_map(|r| {
            positions
                .get(&r.postcode)
                .map(|&p| IndexedPractice::from_record(r, p))
        })
        .collect();
    let index = PracticeIndex::build(all.clone());
    Seed {
        records,
        positions,
        all,
        index,
    }
});

fn position(postcode: &str) -> GridPoint {
    let postcode = Postcode::parse(postcode).expect("valid postcode");
    SEED.positions[&postcode]
}

fn codes(found: &[(&IndexedPractice, f64)]) -> Vec<String> {
    found
        .iter()
        .map(|(p, _)| p.practice.ods_code.clone())
        .collect()
}

/// What the index must return, found by measuring every practice.
fn brute_force(
    practices: &[IndexedPractice],
    point: GridPoint,
    kind: PracticeKind,
    nhs_only: bool,
    limit: usize,
) -> Vec<(String, f64)> {
    let mut matching: Vec<(String, f64)> = practices
        .iter()
        .filter(|p| p.registrable && p.practice.kind == kind)
        .filter(|p| {
            !(nhs_only && kind == PracticeKind::Dentist)
                || p.practice.nhs == Some(NhsService::NhsAndPrivate)
        })
        .map(|p| {
            let (dx, dy) = (
                p.point.easting - point.easting,
                p.point.northing - point.northing,
            );
            (p.practice.ods_code.clone(), dx * dx + dy * dy)
        })
        .collect();
    matching.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    matching.truncate(limit);
    matching
        .into_iter()
        .map(|(code, d2)| (code, d2.sqrt()))
        .collect()
}

fn indexed(found: Vec<(&IndexedPractice, f64)>) -> Vec<(String, f64)> {
    found
        .into_iter()
        .map(|(p, d)| (p.practice.ods_code.clone(), d))
        .collect()
}

#[test]
fn the_nearest_registrable_gp_practices_to_dy1_1hf_are_known() {
    let found = SEED
        .index
        .nearest(position("DY1 1HF"), PracticeKind::Gp, false, 3);
    assert_eq!(codes(&found), ["M87025", "M87017", "M87605"]);
    let metres: Vec<i64> = found.iter().map(|(_, d)| d.round() as i64).collect();
    assert_eq!(metres, [397, 520, 747]);
}

#[test]
fn closed_and_non_gp_practices_near_dy1_1hf_are_never_returned() {
    let found = codes(
        &SEED
            .index
            .nearest(position("DY1 1HF"), PracticeKind::Gp, false, 50),
    );
    // Y02955 Kates Hill Surgery is closed; M87637 The Zone and Y04159 are not GP practices.
    for code in ["Y02955", "M87637", "Y04159"] {
        assert!(!found.contains(&code.to_owned()), "{code} was returned");
    }
}

#[test]
fn no_closed_dormant_or_proposed_practice_is_ever_returned_even_at_its_own_door() {
    let not_registrable = SEED.all.iter().filter(|p| !p.registrable);
    let mut checked = 0;
    for practice in not_registrable {
        let found = SEED
            .index
            .nearest(practice.point, practice.practice.kind, false, 50);
        assert!(found.iter().all(|(p, _)| p.registrable));
        assert!(!codes(&found).contains(&practice.practice.ods_code));
        checked += 1;
    }
    let closed = SEED
        .records
        .iter()
        .filter(|r| r.status == PracticeStatus::Closed)
        .count();
    assert!(
        checked > 100 && closed > 100,
        "checked {checked}, closed {closed}"
    );
}

#[test]
fn practices_at_the_same_address_come_in_ods_code_order() {
    let found = SEED
        .index
        .nearest(position("DY1 1HF"), PracticeKind::Gp, false, 6);
    assert_eq!(codes(&found)[3..], ["M87006", "M87036", "M87026"]);
    let found = SEED
        .index
        .nearest(position("DY1 1HF"), PracticeKind::Gp, false, 7);
    assert_eq!(codes(&found)[5..], ["M87026", "M87612"]);
    assert_eq!(found[5].1, found[6].1);
}

#[test]
fn nhs_only_leaves_out_private_only_dentists() {
    let point = position("DY1 1HF");
    let all = codes(&SEED.index.nearest(point, PracticeKind::Dentist, false, 5));
    assert_eq!(all, ["V03347", "V04107", "V03367", "V03425", "V83076"]);
    let nhs = SEED.index.nearest(point, PracticeKind::Dentist, true, 5);
    assert_eq!(
        codes(&nhs),
        ["V03347", "V04107", "V03367", "V03425", "V17384"]
    );
    assert!(
        nhs.iter()
            .all(|(p, _)| p.practice.nhs == Some(NhsService::NhsAndPrivate))
    );
}

#[test]
fn a_limit_of_zero_or_an_empty_index_finds_nothing() {
    assert!(
        SEED.index
            .nearest(position("DY1 1HF"), PracticeKind::Gp, false, 0)
            .is_empty()
    );
    let empty = PracticeIndex::build(Vec::new());
    assert!(empty.is_empty());
    assert!(
        empty
            .nearest(position("DY1 1HF"), PracticeKind::Gp, false, 10)
            .is_empty()
    );
}

#[test]
fn the_index_holds_only_registrable_practices() {
    let registrable = SEED.all.iter().filter(|p| p.registrable).count();
    assert_eq!(SEED.index.len(), registrable);
    assert!(registrable < SEED.all.len());
}

fn kind() -> impl Strategy<Value = PracticeKind> {
    prop_oneof![Just(PracticeKind::Gp), Just(PracticeKind::Dentist)]
}

/// Synthetic practices on a coarse 500 m lattice, so that many share a position.
fn practices() -> impl Strategy<Value = Vec<IndexedPractice>> {
    let nhs = prop_oneof![Just(Some(true)), Just(Some(false)), Just(None)];
    prop::collection::vec((0u32..40, 0u32..40, kind(), nhs, any::<bool>()), 0..200).prop_map(
        |rows| {
            rows.into_iter()
                .enumerate()
                .map(|(i, (x, y, kind, nhs, registrable))| IndexedPractice {
                    practice: PracticeView {
                        ods_code: format!("X{:05}", (i * 7919) % 100_000),
                        name: format!("PRACTICE {i}"),
                        address_lines: Vec::new(),
                        town: None,
                        postcode: "DY1 1HF".into(),
                        telephone: None,
                        kind,
                        nhs: NhsService::from_flag(nhs),
                        status: PracticeStatus::Active,
                    },
                    point: GridPoint::new(
                        380_000.0 + f64::from(x) * 500.0,
                        280_000.0 + f64::from(y) * 500.0,
                    ),
                    registrable,
                    approximate: false,
                })
                .collect()
        },
    )
}

proptest! {
    #[test]
    fn nearest_equals_brute_force_on_the_shipped_dudley_data(
        easting in 370_000.0..420_000.0f64,
        northing in 265_000.0..315_000.0f64,
        kind in kind(),
        nhs_only in any::<bool>(),
        limit in 0usize..=50,
    ) {
        let point = GridPoint::new(easting, northing);
        let expected = brute_force(&SEED.all, point, kind, nhs_only, limit);
        prop_assert_eq!(indexed(SEED.index.nearest(point, kind, nhs_only, limit)), expected);
    }

    #[test]
    fn nearest_equals_brute_force_with_many_ties(
        practices in practices(),
        x in 0u32..40,
        y in 0u32..40,
        off_lattice in any::<bool>(),
        kind in kind(),
        nhs_only in any::<bool>(),
        limit in 0usize..=60,
    ) {
        let shift = if off_lattice { 123.0 } else { 0.0 };
        let point = GridPoint::new(
            380_000.0 + f64::from(x) * 500.0 + shift,
            280_000.0 + f64::from(y) * 500.0,
        );
        let expected = brute_force(&practices, point, kind, nhs_only, limit);
        let index = PracticeIndex::build(practices);
        prop_assert_eq!(indexed(index.nearest(point, kind, nhs_only, limit)), expected);
    }
}
