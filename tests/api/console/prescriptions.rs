//! The free-prescription scheme in the console: applications waiting with the record's facts,
//! the Designated Nurse's decision, other nurses' notes (and their decisions refused), and
//! certificates ending in the next 30 days.
use chrono::Days;
use integration_tests::console::Browser;
use reqwest::StatusCode;
use serde_json::Value;

use crate::prescriptions::{answers, apply, approval, decide, team, today};
use care_passport::auth::Role;
use integration_tests::{Person, TestApp};

async fn my_application(app: &TestApp, leaver: &Person) -> Value {
    let (status, body) = app
        .get("/v1/me/prescription-applications", &app.token(leaver).await)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["items"][0].clone()
}

#[tokio::test]
async fn another_nurse_adds_a_note_but_cannot_decide_and_the_designated_nurse_approves() {
    let app = TestApp::spawn().await;
    let t = team(&app).await;
    let (status, applied) = apply(&app, &t.leaver, answers()).await;
    assert_eq!(status, StatusCode::CREATED, "{applied}");
    let id = applied["id"].as_str().expect("an id").to_owned();
    let colleague = app.staff(Role::Nurse, "dudley").await;
    let mut other = Browser::new(&app);
    other.sign_in(&colleague).await;
    let expires = today().checked_add_days(Days::new(300)).expect("a date");
    let (day, month, year) = (
        expires.format("%-d").to_string(),
        expires.format("%-m").to_string(),
        expires.format("%Y").to_string(),
    );
    let fields = [
        ("decision", "approve".to_owned()),
        ("ppc_number", "PPC 1234 5678".to_owned()),
        ("expires-day", day),
        ("expires-month", month),
        ("expires-year", year),
    ];
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();

    let waiting = other.get("/prescriptions").await;
    let refused = other
        .post(&format!("/prescriptions/{id}/decision"), &borrowed)
        .await;
    let noted = other
        .post(
            &format!("/prescriptions/{id}/notes"),
            &[("text", "Spoke to the GP surgery: registration confirmed.")],
        )
        .await;
    let mut designated = Browser::new(&app);
    designated.sign_in(&t.nurse).await;
    let seen = designated.get("/prescriptions").await;
    let approved = designated
        .post(&format!("/prescriptions/{id}/decision"), &borrowed)
        .await;

    assert_eq!(waiting.status, StatusCode::OK, "{}", waiting.body);
    assert!(waiting.contains("The Designated Nurse decides"));
    assert!(
        !waiting.contains("name=\"decision\""),
        "no decision forms for her"
    );
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(refused.contains("Only the Designated Nurse for Children in Care can approve"));
    assert_eq!(noted.status, StatusCode::SEE_OTHER, "{}", noted.body);
    assert!(seen.contains("You are the Designated Nurse"));
    assert!(seen.contains("Spoke to the GP surgery: registration confirmed."));
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    assert_eq!(approved.location(), Some("/prescriptions?done=approved"));
    let mine = my_application(&app, &t.leaver).await;
    assert_eq!(mine["status"], "approved");
    assert_eq!(mine["certificate_expires_on"], expires.to_string());
    let actions = app.audit_actions(t.leaver.id).await;
    assert!(
        actions.iter().any(|a| a == "prescriptions.decided"),
        "{actions:?}"
    );
    assert!(
        actions
            .iter()
            .any(|a| a == "prescriptions.application_read")
    );
}

#[tokio::test]
async fn the_designated_nurse_declines_with_a_reason_and_a_missing_date_is_an_error() {
    let app = TestApp::spawn().await;
    let t = team(&app).await;
    let (_, applied) = apply(&app, &t.leaver, answers()).await;
    let id = applied["id"].as_str().expect("an id").to_owned();
    let mut browser = Browser::new(&app);
    browser.sign_in(&t.nurse).await;
    browser.get("/prescriptions").await;

    let no_date = browser
        .post(
            &format!("/prescriptions/{id}/decision"),
            &[("decision", "approve"), ("ppc_number", "PPC 1")],
        )
        .await;
    let no_reason = browser
        .post(
            &format!("/prescriptions/{id}/decision"),
            &[("decision", "decline"), ("reason", " ")],
        )
        .await;
    let declined = browser
        .post(
            &format!("/prescriptions/{id}/decision"),
            &[
                ("decision", "decline"),
                ("reason", "You are not a care leaver of Dudley."),
            ],
        )
        .await;

    assert_eq!(no_date.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_date.contains("last valid day as a real date"));
    assert!(no_date.contains(&format!("href=\"#application-{id}\"")));
    assert_eq!(
        no_reason.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        no_reason.body
    );
    assert!(no_reason.contains("There is a problem"));
    assert_eq!(declined.status, StatusCode::SEE_OTHER, "{}", declined.body);
    let mine = my_application(&app, &t.leaver).await;
    assert_eq!(mine["status"], "declined");
    assert_eq!(
        mine["decline_reason"],
        "You are not a care leaver of Dudley."
    );
}

#[tokio::test]
async fn certificates_ending_in_the_next_30_days_are_listed() {
    let app = TestApp::spawn().await;
    let t = team(&app).await;
    let (_, applied) = apply(&app, &t.leaver, answers()).await;
    let id = applied["id"].as_str().expect("an id").to_owned();
    let soon = today().checked_add_days(Days::new(10)).expect("a date");
    let (status, body) = decide(&app, &t.nurse, &id, approval(soon)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let later = TestApp::spawn().await;
    let u = team(&later).await;
    let (_, applied) = apply(&later, &u.leaver, answers()).await;
    let far = today().checked_add_days(Days::new(90)).expect("a date");
    let (status, body) = decide(
        &later,
        &u.nurse,
        applied["id"].as_str().unwrap(),
        approval(far),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let mut browser = Browser::new(&app);
    browser.sign_in(&t.nurse).await;
    let page = browser.get("/prescriptions").await;
    let mut other = Browser::new(&later);
    other.sign_in(&u.nurse).await;
    let not_yet = other.get("/prescriptions").await;

    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.contains(&soon.format("%-d %B %Y").to_string()),
        "{}",
        page.body
    );
    assert!(page.contains("No applications are waiting."));
    assert!(not_yet.contains("No certificates end in the next 30 days."));
}
