//! The GP and dentist finder on the real Dudley-area NHS and OS data the repository ships
//! (api/seed): imports, nearest-practice searches with known answers, every 422, one
//! practice, and recording a care leaver's GP and dentist.

use std::path::PathBuf;

use care_passport::finder::import::{self, Input};
use care_passport::finder::summary::ImportReport;
use integration_tests::{Smtp, TestApp};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn seed(path: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../api/seed")).join(path)
}

fn read(path: &str) -> Input {
    Input::read(&seed(path)).expect("shipped seed file")
}

/// Imports the shipped subset with the import commands' own functions, from the files.
async fn import_shipped(app: &TestApp) -> (ImportReport, ImportReport) {
    let codepoint: Vec<Input> = import::codepoint_files(&[seed("postcodes/codepoint-open")])
        .expect("Code-Point directory")
        .iter()
        .map(|path| Input::read(path).expect("Code-Point file"))
        .collect();
    let outcodes = read("postcodes/outcodes/postcodes.csv");
    let postcodes = import::import_postcodes(&app.state, &codepoint, Some(&outcodes), false)
        .await
        .expect("postcode import");
    let gp = read("ods/epraccur.csv");
    let dental = read("ods/egdpprac.csv");
    let practices = import::import_practices(&app.state, Some(&gp), Some(&dental), false)
        .await
        .expect("practice import");
    (postcodes, practices)
}

/// A server with the shipped subset loaded, and a signed-in care leaver's token.
async fn finder_app() -> (TestApp, String) {
    let app = TestApp::spawn().await;
    care_passport::demo::finder::load_demo(&app.state)
        .await
        .expect("shipped subset loads");
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let token = app.token(&leaver).await;
    (app, token)
}

fn codes(body: &Value) -> Vec<String> {
    body["practices"]
        .as_array()
        .expect("practices array")
        .iter()
        .map(|p| p["ods_code"].as_str().expect("ods_code").to_owned())
        .collect()
}

#[tokio::test]
async fn the_nearest_gp_practices_to_dy1_1hf_are_the_known_registrable_ones() {
    let (app, token) = finder_app().await;

    let (status, body) = app
        .get(
            "/v1/practices/nearby?kind=gp&postcode=dy11hf&limit=3",
            &token,
        )
        .await;

    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(codes(&body), ["M87025", "M87017", "M87605"]);
    let km: Vec<f64> = body["practices"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| p["distance_km"].as_f64().unwrap_or_default())
        .collect();
    assert_eq!(km, [0.4, 0.52, 0.75]);
    let first = &body["practices"][0];
    assert_eq!(first["name"], "LIMESTONE SURGERY");
    assert_eq!(first["kind"], "gp");
    assert_eq!(first["status"], "active");
    assert_eq!(first["distance_miles"], 0.25);
    assert_eq!(first["position_approximate"], false);
    assert!(first["postcode"].is_string() && first["address_lines"].is_array());
    assert_eq!(body["origin"]["postcode"], "DY1 1HF");
    assert_eq!(body["origin"]["source"], "postcode");
    assert!(body["origin"].get("note").is_none());
    let guidance = body["guidance"].as_str().unwrap_or_default();
    assert!(guidance.contains("proof of address, ID, immigration status or an NHS number"));
}

#[tokio::test]
async fn closed_and_non_gp_practices_are_never_returned() {
    let (app, token) = finder_app().await;

    let (status, body) = app
        .get(
            "/v1/practices/nearby?kind=gp&postcode=DY1%201HF&limit=50",
            &token,
        )
        .await;

    assert_eq!(status, StatusCode::OK, "{body}");
    let found = codes(&body);
    assert_eq!(found.len(), 50);
    // Y02955 is closed (746 m away); M87637 (195 m) and Y04159 are not GP practices.
    for code in ["Y02955", "M87637", "Y04159"] {
        assert!(!found.contains(&code.to_owned()), "{code} was returned");
    }
    let practices = body["practices"].as_array().expect("array");
    assert!(practices.iter().all(|p| p["status"] == "active"));
    let km: Vec<f64> = practices
        .iter()
        .map(|p| p["distance_km"].as_f64().unwrap_or_default())
        .collect();
    assert!(km.windows(2).all(|w| w[0] <= w[1]), "ordered by distance");
}

#[tokio::test]
async fn a_postcode_missing_from_the_data_is_searched_from_its_district_centre_and_says_so() {
    let (app, token) = finder_app().await;

    let (status, body) = app
        .get(
            "/v1/practices/nearby?kind=gp&postcode=DY1%204ZZ&limit=5",
            &token,
        )
        .await;

    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["origin"]["source"], "outcode_centroid");
    assert_eq!(body["origin"]["postcode"], "DY1 4ZZ");
    let note = body["origin"]["note"].as_str().unwrap_or_default();
    assert!(note.contains("DY1 4ZZ") && note.contains("DY1"), "{note}");
    // The DY1 centroid (393500, 291000) is about 52.5165, -2.0958.
    let (lat, lon) = (
        body["origin"]["lat"].as_f64(),
        body["origin"]["lon"].as_f64(),
    );
    assert!(
        lat.is_some_and(|lat| (lat - 52.5165).abs() < 0.001),
        "{lat:?}"
    );
    assert!(
        lon.is_some_and(|lon| (lon + 2.0958).abs() < 0.002),
        "{lon:?}"
    );
    assert_eq!(codes(&body).len(), 5);
}

#[tokio::test]
async fn nhs_only_replaces_the_private_only_dentist_with_the_next_nhs_one() {
    let (app, token) = finder_app().await;

    let (_, all) = app
        .get(
            "/v1/practices/nearby?kind=dentist&postcode=DY11HF&limit=5",
            &token,
        )
        .await;
    let (status, nhs) = app
        .get(
            "/v1/practices/nearby?kind=dentist&postcode=DY11HF&limit=5&nhs_only=true",
            &token,
        )
        .await;

    assert_eq!(status, StatusCode::OK, "{nhs}");
    assert_eq!(
        codes(&all),
        ["V03347", "V04107", "V03367", "V03425", "V83076"]
    );
    assert_eq!(all["practices"][4]["nhs"], "private_only");
    assert_eq!(
        codes(&nhs),
        ["V03347", "V04107", "V03367", "V03425", "V17384"]
    );
    let practices = nhs["practices"].as_array().expect("array");
    assert!(practices.iter().all(|p| p["nhs"] == "nhs_and_private"));
    assert!(practices.iter().all(|p| p["kind"] == "dentist"));
    assert!(
        nhs["guidance"]
            .as_str()
            .is_some_and(|g| g.contains("ask whether it is taking new NHS patients"))
    );
}

#[tokio::test]
async fn a_gps_position_near_dudley_finds_the_same_practices_as_its_postcode() {
    let (app, token) = finder_app().await;

    // WGS84 position of DY1 1HF (grid 394373, 290482).
    let (status, body) = app
        .get(
            "/v1/practices/nearby?kind=gp&lat=52.512212&lon=-2.084338&limit=3",
            &token,
        )
        .await;

    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(codes(&body), ["M87025", "M87017", "M87605"]);
    assert_eq!(body["origin"]["source"], "coordinates");
    assert!(body["origin"].get("postcode").is_none());
    assert_eq!(body["practices"][0]["distance_km"], 0.4);
}

#[tokio::test]
async fn every_bad_parameter_is_a_422_naming_it() {
    let (app, token) = finder_app().await;
    let cases = [
        ("kind=gp", "postcode"),
        ("postcode=DY11HF", "kind"),
        ("kind=vet&postcode=DY11HF", "kind"),
        ("kind=gp&postcode=NOT%20A%20PC", "postcode"),
        ("kind=gp&postcode=DY1", "postcode"),
        ("kind=gp&postcode=DY99%201AA", "postcode"),
        ("kind=gp&postcode=DY11HF&lat=52.5&lon=-2.1", "postcode"),
        ("kind=gp&lat=91&lon=-2.1", "lat"),
        ("kind=gp&lat=-90.5&lon=-2.1", "lat"),
        ("kind=gp&lat=52.5&lon=180.5", "lon"),
        ("kind=gp&lat=north&lon=-2.1", "lat"),
        ("kind=gp&lat=52.5&lon=west", "lon"),
        ("kind=gp&lat=52.5", "lon"),
        ("kind=gp&lon=-2.1", "lat"),
        ("kind=gp&lat=48.8566&lon=2.3522", "lat"),
        ("kind=gp&lat=53.3498&lon=-6.2603", "lat"),
        ("kind=gp&lat=54.15&lon=-4.48", "lat"),
        ("kind=gp&postcode=DY11HF&limit=0", "limit"),
        ("kind=gp&postcode=DY11HF&limit=51", "limit"),
        ("kind=gp&postcode=DY11HF&limit=ten", "limit"),
        ("kind=gp&postcode=DY11HF&limit=-1", "limit"),
        ("kind=dentist&postcode=DY11HF&nhs_only=maybe", "nhs_only"),
        ("kind=gp&postcode=DY11HF&radius=5", "radius"),
        ("kind=gp&kind=dentist&postcode=DY11HF", "kind"),
    ];
    for (query, field) in cases {
        let (status, headers, body) = app
            .call(
                reqwest::Method::GET,
                &format!("/v1/practices/nearby?{query}"),
                Some(&token),
                None,
                &[],
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {body}");
        assert_eq!(
            headers["content-type"], "application/problem+json",
            "{query}"
        );
        assert_eq!(body["errors"][0]["field"], field, "{query}: {body}");
    }
}

#[tokio::test]
async fn the_finder_is_for_signed_in_users() {
    let app = TestApp::spawn().await;
    for path in [
        "/v1/practices/nearby?kind=gp&postcode=DY11HF",
        "/v1/practices/M87025",
    ] {
        let (status, _, _) = app.call(reqwest::Method::GET, path, None, None, &[]).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}");
    }
}

#[tokio::test]
async fn a_search_before_any_practice_data_is_imported_is_a_503() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let token = app.token(&leaver).await;

    let (status, body) = app
        .get("/v1/practices/nearby?kind=gp&postcode=DY11HF", &token)
        .await;

    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
}

#[tokio::test]
async fn one_practice_is_read_by_its_code_in_any_case_closed_ones_included() {
    let (app, token) = finder_app().await;

    let (status, body) = app.get("/v1/practices/m87025", &token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["ods_code"], "M87025");
    assert_eq!(body["name"], "LIMESTONE SURGERY");
    assert_eq!(body["kind"], "gp");
    assert_eq!(body["registrable"], true);
    assert_eq!(body["position"]["approximate"], false);
    assert!(
        body["position"]["lat"]
            .as_f64()
            .is_some_and(|l| (52.0..53.0).contains(&l))
    );
    assert!(
        body["guidance"]
            .as_str()
            .is_some_and(|g| g.contains("proof of address"))
    );

    let (status, closed) = app.get("/v1/practices/Y02955", &token).await;
    assert_eq!(status, StatusCode::OK, "{closed}");
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["registrable"], false);
    assert!(closed["close_date"].is_string());

    let (status, _) = app.get("/v1/practices/ZZZ999", &token).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, bad) = app.get("/v1/practices/M8-7", &token).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    assert_eq!(bad["errors"][0]["field"], "ods_code");
}

#[tokio::test]
async fn a_practice_whose_postcode_is_unknown_is_placed_at_its_district_centre_and_says_so() {
    let (app, token) = finder_app().await;

    // V10855's postcode DY4 0UB is not in Code-Point (terminated), so it sits at DY4's centre.
    let (status, body) = app.get("/v1/practices/V10855", &token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["position"]["approximate"], true);
    let (lat, lon) = (&body["position"]["lat"], &body["position"]["lon"]);

    let (status, near) = app
        .get(
            &format!("/v1/practices/nearby?kind=dentist&lat={lat}&lon={lon}&limit=50"),
            &token,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{near}");
    let found = near["practices"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["ods_code"] == "V10855")
        .expect("V10855 is found near its district centre");
    assert_eq!(found["position_approximate"], true);
}

#[tokio::test]
async fn importing_the_shipped_files_counts_every_row_and_a_second_import_changes_nothing() {
    let app = TestApp::spawn().await;

    let (postcodes, practices) = import_shipped(&app).await;
    let (postcodes_again, practices_again) = import_shipped(&app).await;

    let gp = practices.summary("GP practices").expect("GP summary");
    assert_eq!((gp.read, gp.inserted, gp.skipped.len()), (499, 499, 0));
    assert_eq!(gp.closed, Some(125));
    let dental = practices
        .summary("dental practices")
        .expect("dental summary");
    assert_eq!(
        (dental.read, dental.inserted, dental.closed),
        (200, 200, Some(3))
    );
    let codepoint = postcodes.summary("postcodes").expect("postcode summary");
    assert_eq!((codepoint.read, codepoint.inserted), (27_384, 27_384));
    let outcodes = postcodes.summary("outcodes").expect("outcode summary");
    assert!(outcodes.inserted > 2700);
    assert!(
        outcodes
            .skipped
            .iter()
            .any(|s| s.line == 290 && s.reason.contains("BT1 is outside Great Britain"))
    );

    assert_eq!(postcodes_again.changed() + practices_again.changed(), 0);
    let gp = practices_again.summary("GP practices").expect("GP summary");
    assert_eq!(
        (gp.inserted, gp.updated, gp.unchanged, gp.closed),
        (0, 0, 499, Some(0))
    );
    let codepoint = postcodes_again
        .summary("postcodes")
        .expect("postcode summary");
    assert_eq!(codepoint.unchanged, 27_384);
    let stored = entity_count(&app).await;
    assert_eq!(stored, 699);
}

async fn entity_count(app: &TestApp) -> u64 {
    use sea_orm::{EntityTrait, PaginatorTrait};
    entity::practice::Entity::find()
        .count(&app.state.db)
        .await
        .expect("count")
}

#[tokio::test]
async fn bad_rows_are_reported_with_their_line_numbers_and_the_rest_is_imported() {
    let app = TestApp::spawn().await;
    let good = |code: &str| {
        format!(
            "\"{code}\",\"THE SURGERY\",\"Y60\",\"QUA\",\"CROSS STREET\",\"\",\"DUDLEY\",\
             \"WEST MIDLANDS\",\"\",\"DY1 1RN\",\"19740401\",\"\",\"A\",\"B\",\"05C\",\
             \"20130401\",\"\",\"01384 459044\",\"\",\"\",\"\",\"0\",\"\",\"05C\",\"\",\"4\",\"\"\n"
        )
    };
    let mut file = Vec::new();
    file.extend(good("X00001").bytes()); // line 1
    file.extend(b"\"X00002\",\"SHORT ROW\"\n"); // line 2
    file.extend(good("X00003").replace("DY1 1RN", "NOWHERE").bytes()); // line 3
    file.extend(good("X00004").replace("\"A\",\"B\"", "\"Q\",\"B\"").bytes()); // line 4
    file.extend(good("X00001").bytes()); // line 5: the same practice again
    file.extend(b"\"X0\xff\xfe05\",\"NOT UTF-8\"\n"); // line 6
    file.extend(good("X00007").replace("19740401", "1974-13-45").bytes()); // line 7
    file.extend(good("X00008").bytes()); // line 8
    let input = Input {
        name: "epraccur.csv".into(),
        bytes: file.into(),
    };

    let report = import::import_practices(&app.state, Some(&input), None, false)
        .await
        .expect("the import carries on past bad rows");

    let summary = report.summary("GP practices").expect("GP summary");
    assert_eq!((summary.read, summary.inserted), (8, 2));
    let skipped: Vec<(u64, &str)> = summary
        .skipped
        .iter()
        .map(|s| (s.line, s.reason.as_str()))
        .collect();
    let lines: Vec<u64> = skipped.iter().map(|(line, _)| *line).collect();
    assert_eq!(lines, [2, 3, 4, 5, 6, 7], "{skipped:?}");
    assert!(skipped[0].1.contains("fields"), "{skipped:?}");
    assert!(skipped[1].1.contains("postcode"), "{skipped:?}");
    assert!(skipped[2].1.contains("status"), "{skipped:?}");
    assert!(skipped[3].1.contains("already on line 1"), "{skipped:?}");
    assert!(skipped[5].1.contains("open date"), "{skipped:?}");
    assert!(report.to_string().contains("skipped epraccur.csv line 4: "));
    assert_eq!(entity_count(&app).await, 2);
}

/// The shipped GP file with one practice closed and another left out.
fn changed_gp_file() -> Input {
    let text = std::fs::read_to_string(seed("ods/epraccur.csv")).expect("GP file");
    let lines: Vec<String> = text
        .lines()
        .filter(|line| !line.starts_with("\"M87017\""))
        .map(|line| {
            if line.starts_with("\"M87025\"") {
                line.replacen("\"\",\"A\",\"B\"", "\"20251001\",\"C\",\"B\"", 1)
            } else {
                line.to_owned()
            }
        })
        .collect();
    assert!(lines.iter().any(|l| l.contains("\"20251001\",\"C\"")));
    Input {
        name: "epraccur-next.csv".into(),
        bytes: (lines.join("\n") + "\n").into_bytes().into(),
    }
}

#[tokio::test]
async fn a_practice_that_closes_is_marked_closed_and_one_missing_from_a_newer_file_is_kept() {
    let (app, token) = finder_app().await;

    let report = import::import_practices(&app.state, Some(&changed_gp_file()), None, false)
        .await
        .expect("import");

    let gp = report.summary("GP practices").expect("GP summary");
    assert_eq!((gp.inserted, gp.updated, gp.closed), (0, 1, Some(1)));
    assert_eq!(gp.unchanged, 497);
    assert!(
        gp.notes
            .iter()
            .any(|n| n.contains("1 stored GP practices are not in this file"))
    );
    let (_, closed) = app.get("/v1/practices/M87025", &token).await;
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["close_date"], "2025-10-01");
    let (status, kept) = app.get("/v1/practices/M87017", &token).await;
    assert_eq!(status, StatusCode::OK, "{kept}");
    assert_eq!(kept["status"], "active");
    // The index was rebuilt by the import: the closed practice is gone from searches.
    let (_, body) = app
        .get(
            "/v1/practices/nearby?kind=gp&postcode=DY11HF&limit=2",
            &token,
        )
        .await;
    assert_eq!(codes(&body), ["M87017", "M87605"]);
}

#[tokio::test]
async fn the_index_is_built_from_the_database_when_the_server_starts() {
    let (app, _) = finder_app().await;
    let (dir, url) = app.into_parts().await;

    let app = TestApp::spawn_on(Smtp::Sink(integration_tests::MailSink::start()), dir, url).await;
    let leaver = app.care_leaver("dudley", 20, 0).await;
    let token = app.token(&leaver).await;
    let (status, body) = app
        .get(
            "/v1/practices/nearby?kind=gp&postcode=DY11HF&limit=1",
            &token,
        )
        .await;

    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(codes(&body), ["M87025"]);
    // Loading the demo again leaves the data as it is.
    care_passport::demo::finder::load_demo(&app.state)
        .await
        .expect("demo again");
    assert_eq!(entity_count(&app).await, 699);
}

#[tokio::test]
async fn a_care_leaver_records_their_gp_and_dentist_from_the_finder() {
    let (app, token) = finder_app().await;

    let (status, me) = app
        .patch(
            "/v1/me",
            &token,
            json!({"gp_ods_code": "m87025", "dentist_ods_code": "V03347"}),
        )
        .await;

    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["care_leaver"]["gp_ods_code"], "M87025");
    assert_eq!(me["care_leaver"]["dentist_ods_code"], "V03347");
    for (body, field, says) in [
        (
            json!({"gp_ods_code": "ZZZ999"}),
            "gp_ods_code",
            "not in the NHS list",
        ),
        (
            json!({"gp_ods_code": "V03347"}),
            "gp_ods_code",
            "is a dentist",
        ),
        (
            json!({"gp_ods_code": "Y02955"}),
            "gp_ods_code",
            "has closed",
        ),
        (
            json!({"gp_ods_code": "M87637"}),
            "gp_ods_code",
            "cannot|can register",
        ),
        (
            json!({"dentist_ods_code": "M87025"}),
            "dentist_ods_code",
            "is a GP practice",
        ),
        (
            json!({"dentist_ods_code": "M8-7"}),
            "dentist_ods_code",
            "ODS code",
        ),
    ] {
        let (status, problem) = app.patch("/v1/me", &token, body.clone()).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {problem}"
        );
        assert_eq!(problem["errors"][0]["field"], field, "{body}: {problem}");
        let message = problem["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(
            says.split('|').any(|s| message.contains(s)),
            "{body}: {message}"
        );
    }
    let (_, me) = app.get("/v1/me", &token).await;
    assert_eq!(
        me["care_leaver"]["gp_ods_code"], "M87025",
        "unchanged by the bad requests"
    );
}

#[tokio::test]
async fn without_practice_data_any_well_formed_code_can_be_recorded() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let token = app.token(&leaver).await;

    let (status, me) = app
        .patch("/v1/me", &token, json!({"gp_ods_code": "M87025"}))
        .await;

    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["care_leaver"]["gp_ods_code"], "M87025");
}

#[tokio::test]
async fn a_running_server_picks_up_an_import_made_by_another_process() {
    let (app, token) = finder_app().await;
    // The import command runs in its own process, with its own state over the same database.
    let other = care_passport::AppState::new(app.state.db.clone(), (*app.state.config).clone());

    import::import_practices(&other, Some(&changed_gp_file()), None, false)
        .await
        .expect("import");

    let (_, stale) = app
        .get(
            "/v1/practices/nearby?kind=gp&postcode=DY11HF&limit=1",
            &token,
        )
        .await;
    assert_eq!(
        codes(&stale),
        ["M87025"],
        "not rebuilt until the server checks"
    );
    let rebuilt = app
        .state
        .finder
        .refresh_if_changed(&app.state.db)
        .await
        .expect("check");
    assert!(rebuilt);
    let (_, fresh) = app
        .get(
            "/v1/practices/nearby?kind=gp&postcode=DY11HF&limit=1",
            &token,
        )
        .await;
    assert_eq!(codes(&fresh), ["M87017"]);
    let again = app.state.finder.refresh_if_changed(&app.state.db).await;
    assert!(!again.expect("check"), "nothing changed since");
}
