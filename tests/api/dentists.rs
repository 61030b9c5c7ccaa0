//! The nurses' local knowledge of dentists: recording it (nurses only, audited), the list to
//! check again after 90 days, and the finder showing it with its age.
use care_passport::auth::Role;
use chrono::Duration;
use integration_tests::{Person, TestApp};
use reqwest::{Method, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

/// A server with the shipped Dudley practices, a nurse and a care leaver.
async fn dentist_app() -> (TestApp, Person, Person) {
    let app = TestApp::spawn().await;
    care_passport::demo::finder::load_demo(&app.state)
        .await
        .expect("shipped subset loads");
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    (app, nurse, leaver)
}

fn days_ago(days: i64) -> String {
    (care_passport::age::today() - Duration::days(days)).to_string()
}

async fn record(app: &TestApp, token: &str, code: &str, body: Value) -> (StatusCode, Value) {
    let path = format!("/v1/practices/{code}/dentist-note");
    let (status, _, body) = app
        .call(Method::PUT, &path, Some(token), Some(body), &[])
        .await;
    (status, body)
}

fn knowledge_of<'a>(nearby: &'a Value, code: &str) -> &'a Value {
    let practices = nearby["practices"].as_array().expect("practices");
    let found = practices.iter().find(|p| p["ods_code"] == code);
    &found.expect("the practice is in the results")["local_knowledge"]
}

#[tokio::test]
async fn a_nurse_records_what_a_dentist_takes_and_the_finder_shows_it_with_its_age() {
    let (app, nurse, leaver) = dentist_app().await;
    let token = app.token(&nurse).await;
    let note = "Ask for the care leavers' slot on Tuesday mornings.";

    let (status, saved) = record(
        &app,
        &token,
        "v03347",
        json!({"nhs_patients": "adults", "phone": "+44 1384 456111", "notes": note,
               "confirmed_on": days_ago(12)}),
    )
    .await;

    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["ods_code"], "V03347");
    assert_eq!(saved["phone"], "01384 456111");
    assert_eq!(saved["checked"], "Checked 12 days ago");
    assert_eq!(saved["unconfirmed"], false);
    assert_eq!(saved["confirmed_by"], "Test nurse");
    let row = entity::dentist_note::Entity::find_by_id("V03347".to_owned())
        .one(&app.state.db)
        .await
        .expect("query")
        .expect("stored");
    assert_eq!(
        (row.nhs_patients, row.phone.as_deref(), row.confirmed_by),
        (
            entity::dentist_note::NhsPatients::Adults,
            Some("01384456111"),
            nurse.id
        )
    );
    let audited = entity::audit_event::Entity::find()
        .filter(entity::audit_event::Column::Action.eq("finder.dentist_note_recorded"))
        .filter(entity::audit_event::Column::Target.eq("practice:V03347"))
        .one(&app.state.db)
        .await
        .expect("audit");
    assert_eq!(audited.and_then(|e| e.actor_id), Some(nurse.id));

    let me = app.token(&leaver).await;
    let (status, nearby) = app
        .get(
            "/v1/practices/nearby?kind=dentist&postcode=DY11HF&limit=3",
            &me,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{nearby}");
    let known = knowledge_of(&nearby, "V03347");
    assert_eq!(known["nhs_patients"], "adults");
    assert_eq!(
        known["nhs_patients_words"],
        "Taking new NHS patients, adults too."
    );
    assert_eq!(known["notes"], note);
    assert_eq!(known["age_days"], 12);
    assert_eq!(known["checked"], "Checked 12 days ago");
    assert_eq!(known["unconfirmed"], false);
    assert_eq!(knowledge_of(&nearby, "V04107"), &Value::Null);

    let (status, one) = app.get("/v1/practices/V03347", &me).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["local_knowledge"]["checked"], "Checked 12 days ago");

    // An update replaces the note.
    let (status, updated) =
        record(&app, &token, "V03347", json!({"nhs_patients": "not_now"})).await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(
        (updated["checked"].as_str(), updated["phone"].clone()),
        (Some("Checked today"), Value::Null)
    );
}

#[tokio::test]
async fn a_note_older_than_90_days_is_shown_unconfirmed_and_listed_to_check_again() {
    let (app, nurse, leaver) = dentist_app().await;
    let token = app.token(&nurse).await;
    for (code, taking, age) in [
        ("V03347", "under_18s", 12),
        ("V04107", "adults", 120),
        ("V03367", "unknown", 91),
        ("V03425", "not_now", 90),
    ] {
        let body = json!({"nhs_patients": taking, "confirmed_on": days_ago(age)});
        let (status, saved) = record(&app, &token, code, body).await;
        assert_eq!(status, StatusCode::OK, "{code}: {saved}");
    }

    let (status, stale) = app.get("/v1/dentist-notes/to-recheck", &token).await;

    assert_eq!(status, StatusCode::OK, "{stale}");
    assert_eq!(stale["total"], 2);
    let codes: Vec<&str> = stale["items"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|n| n["ods_code"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(codes, ["V04107", "V03367"]);
    assert_eq!(stale["items"][0]["age_days"], 120);
    assert_eq!(stale["items"][0]["unconfirmed"], true);
    assert!(
        stale["items"][0]["practice_name"]
            .as_str()
            .is_some_and(|n| !n.is_empty())
    );

    let me = app.token(&leaver).await;
    let (_, nearby) = app
        .get(
            "/v1/practices/nearby?kind=dentist&postcode=DY11HF&limit=5",
            &me,
        )
        .await;
    let old = knowledge_of(&nearby, "V04107");
    assert_eq!(old["unconfirmed"], true);
    assert_eq!(
        old["checked"],
        "Checked 120 days ago, so this may be out of date"
    );
    assert_eq!(knowledge_of(&nearby, "V03425")["unconfirmed"], false);

    let (status, _) = record(&app, &token, "V04107", json!({"nhs_patients": "adults"})).await;
    assert_eq!(status, StatusCode::OK);
    let (_, stale) = app.get("/v1/dentist-notes/to-recheck", &token).await;
    assert_eq!(stale["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(stale["items"][0]["ods_code"], "V03367");
}

#[tokio::test]
async fn only_nurses_record_dentist_notes_and_each_bad_field_is_a_422_naming_it() {
    let (app, nurse, leaver) = dentist_app().await;
    let caseworker = app.staff(Role::Caseworker, "dudley").await;
    let good = json!({"nhs_patients": "adults"});
    for who in [&leaver, &caseworker] {
        let token = app.token(who).await;
        let (status, _) = record(&app, &token, "V03347", good.clone()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{:?}", who.role);
        let (status, _) = app.get("/v1/dentist-notes/to-recheck", &token).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{:?}", who.role);
    }

    let token = app.token(&nurse).await;
    let in_two_days = (care_passport::age::today() + Duration::days(2)).to_string();
    let cases = [
        ("M87025", good.clone(), "ods_code"),
        ("V03347", json!({"nhs_patients": "maybe"}), "nhs_patients"),
        (
            "V03347",
            json!({"nhs_patients": "adults", "phone": "12345"}),
            "phone",
        ),
        (
            "V03347",
            json!({"nhs_patients": "adults", "notes": "x".repeat(501)}),
            "notes",
        ),
        (
            "V03347",
            json!({"nhs_patients": "adults", "confirmed_on": in_two_days}),
            "confirmed_on",
        ),
    ];
    for (code, body, field) in cases {
        let (status, problem) = record(&app, &token, code, body.clone()).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{code} {body}: {problem}"
        );
        assert_eq!(problem["errors"][0]["field"], field, "{body}");
    }
    let (status, _) = record(&app, &token, "V99999", good).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let stored = entity::dentist_note::Entity::find()
        .all(&app.state.db)
        .await
        .expect("query");
    assert!(stored.is_empty(), "nothing was recorded");
}
