//! Dentists in the console: a nurse records and confirms what she knows about a practice, the
//! finder's notes older than 90 days are listed to check again, and errors are shown.
use care_passport::auth::Role;
use integration_tests::{TestApp, console::Browser};
use reqwest::StatusCode;

async fn dentist_app() -> TestApp {
    let app = TestApp::spawn().await;
    care_passport::demo::finder::load_demo(&app.state)
        .await
        .expect("shipped subset loads");
    app
}

#[tokio::test]
async fn a_nurse_records_a_dentist_and_an_old_note_is_listed_to_check_again_until_confirmed() {
    let app = dentist_app().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let mut browser = Browser::new(&app);
    browser.sign_in(&nurse).await;
    browser.get("/dentists").await;
    let old = care_passport::age::today() - chrono::Days::new(120);

    let recorded = browser
        .post(
            "/dentists",
            &[
                ("ods_code", "v00045"),
                ("nhs_patients", "adults"),
                ("phone", "01384 456111"),
                ("notes", "Ask for the Tuesday slot for care leavers."),
                ("confirmed-day", &old.format("%-d").to_string()),
                ("confirmed-month", &old.format("%-m").to_string()),
                ("confirmed-year", &old.format("%Y").to_string()),
            ],
        )
        .await;
    let listed = browser.get("/dentists?done=1").await;
    let confirmed = browser
        .post(
            "/dentists",
            &[("ods_code", "V00045"), ("nhs_patients", "not_now")],
        )
        .await;
    let after = browser.get("/dentists").await;

    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
    assert!(listed.contains("Saved. Young people see it in the finder"));
    let recheck = listed
        .body
        .split("id=\"to-recheck\"")
        .nth(1)
        .unwrap_or_default();
    let recheck = recheck.split("<h2>").next().unwrap_or_default();
    assert!(recheck.contains("PURITY (V00045)"), "{}", listed.body);
    assert!(listed.contains("Unconfirmed"));
    assert!(listed.contains("Ask for the Tuesday slot for care leavers."));
    assert_eq!(
        confirmed.status,
        StatusCode::SEE_OTHER,
        "{}",
        confirmed.body
    );
    assert!(
        after.contains("Nothing needs checking again."),
        "{}",
        after.body
    );
    assert!(after.contains("Not taking new NHS patients at the moment."));
    assert!(!after.contains("Unconfirmed"));
}

#[tokio::test]
async fn a_dentist_note_with_errors_is_shown_again_with_the_errors() {
    let app = dentist_app().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let mut browser = Browser::new(&app);
    browser.sign_in(&nurse).await;
    browser.get("/dentists").await;

    let unchosen = browser.post("/dentists", &[("ods_code", "V00045")]).await;
    let bad_phone = browser
        .post(
            "/dentists",
            &[
                ("ods_code", "V00045"),
                ("nhs_patients", "adults"),
                ("phone", "12"),
            ],
        )
        .await;
    let unknown = browser
        .post(
            "/dentists",
            &[("ods_code", "V99999"), ("nhs_patients", "adults")],
        )
        .await;

    assert_eq!(unchosen.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unchosen.contains("href=\"#nhs_patients-adults\""));
    assert!(
        unchosen.contains("value=\"V00045\""),
        "what was typed is kept"
    );
    assert_eq!(bad_phone.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_phone.contains("href=\"#phone\""), "{}", bad_phone.body);
    assert!(bad_phone.contains("is not a UK phone number"));
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.contains("There is no dental practice with this ODS code"));
}
