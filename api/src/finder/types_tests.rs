use super::*;

fn query(pairs: &[(&str, &str)]) -> NearbyQuery {
    let mut query = NearbyQuery::default();
    for (key, value) in pairs {
        let value = Some((*value).to_owned());
        match *key {
            "kind" => query.kind = value,
            "postcode" => query.postcode = value,
            "lat" => query.lat = value,
            "lon" => query.lon = value,
            "limit" => query.limit = value,
            "nhs_only" => query.nhs_only = value,
            other => panic!("no parameter {other}"),
        }
    }
    query
}

#[test]
fn a_postcode_search_gets_default_limit_and_normalised_postcode() {
    let search = query(&[("kind", "gp"), ("postcode", "dy11hf")]).validate();
    let expected = NearbySearch {
        kind: PracticeKind::Gp,
        position: SearchPosition::Postcode(Postcode::parse("DY1 1HF").expect("valid")),
        limit: 10,
        nhs_only: false,
    };
    assert_eq!(search, Ok(expected));
}

#[test]
fn a_coordinate_search_is_converted_to_the_grid() {
    let pairs = [
        ("kind", "Dentist"),
        ("lat", "52.5122"),
        ("lon", "-2.0843"),
        ("limit", "50"),
        ("nhs_only", "true"),
    ];
    let search = query(&pairs).validate().expect("valid search");
    assert_eq!(
        (search.kind, search.limit, search.nhs_only),
        (PracticeKind::Dentist, 50, true)
    );
    let SearchPosition::Coordinates { lat, lon, point } = search.position else {
        panic!("expected coordinates");
    };
    assert_eq!((lat, lon), (52.5122, -2.0843));
    // DY1 1HF is at 394373, 290482 on the grid, a few metres from this position.
    assert!(point.distance_m(GridPoint::new(394373.0, 290482.0)) < 10.0);
}

#[test]
fn every_bad_parameter_is_reported_by_name() {
    let gp = ("kind", "gp");
    let dy1 = ("postcode", "DY1 1HF");
    for (pairs, field) in [
        (vec![dy1], "kind"),
        (vec![("kind", "pharmacy"), dy1], "kind"),
        (vec![gp], "postcode"),
        (vec![gp, ("postcode", "  ")], "postcode"),
        (vec![gp, ("postcode", "DY1")], "postcode"),
        (vec![gp, ("postcode", "NOT A POSTCODE")], "postcode"),
        (vec![gp, dy1, ("lat", "52.5"), ("lon", "-2.1")], "postcode"),
        (vec![gp, ("lat", "52.5")], "lon"),
        (vec![gp, ("lon", "-2.1")], "lat"),
        (vec![gp, ("lat", "north"), ("lon", "-2.1")], "lat"),
        (vec![gp, ("lat", "52.5"), ("lon", "west")], "lon"),
        (vec![gp, ("lat", "NaN"), ("lon", "-2.1")], "lat"),
        (vec![gp, ("lat", "95"), ("lon", "-2.1")], "lat"),
        (vec![gp, ("lat", "52.5"), ("lon", "-200")], "lon"),
        (vec![gp, ("lat", "48.8566"), ("lon", "2.3522")], "lat"),
        (vec![gp, ("lat", "53.3498"), ("lon", "-6.2603")], "lat"),
        (vec![gp, dy1, ("limit", "0")], "limit"),
        (vec![gp, dy1, ("limit", "51")], "limit"),
        (vec![gp, dy1, ("limit", "-1")], "limit"),
        (vec![gp, dy1, ("limit", "ten")], "limit"),
        (vec![gp, dy1, ("limit", "2.5")], "limit"),
        (vec![gp, dy1, ("nhs_only", "yes")], "nhs_only"),
    ] {
        let result = query(&pairs).validate();
        assert_eq!(
            result.map_err(|e| e.field),
            Err(field.to_owned()),
            "{pairs:?}"
        );
    }
}

#[test]
fn the_query_string_rejects_unknown_parameters() {
    let parsed: Result<NearbyQuery, _> =
        serde_json::from_value(serde_json::json!({"kind": "gp", "radius": "5"}));
    assert!(parsed.is_err());
}

#[test]
fn an_unknown_postcode_is_reported_on_the_postcode_field() {
    let postcode = Postcode::parse("DY1 9ZZ").expect("valid");
    assert_eq!(unknown_postcode(&postcode).field, "postcode");
}
