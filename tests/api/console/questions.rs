//! Questions from young people in the console: open ones across the caseload, oldest first,
//! answered and resolved through the same service as the API.
use std::time::Duration;

use care_passport::auth::Role;
use integration_tests::{TestApp, console::Browser};
use reqwest::StatusCode;
use serde_json::json;

use crate::passport::{content, write_and_publish};

async fn ask(app: &TestApp, token: &str, section: &str, message: &str) -> String {
    // Questions on allergies point at the first allergy; others at the whole section.
    let body = match section {
        "allergies" => json!({"section": section, "entry_index": 0, "message": message}),
        _ => json!({"section": section, "message": message}),
    };
    let (status, body) = app.post("/v1/me/passport/queries", token, body).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_str().expect("an id").to_owned()
}

#[tokio::test]
async fn a_nurse_answers_the_oldest_question_first_and_the_young_person_reads_the_answer() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let leaver = app.care_leaver("dudley", 18, 10).await;
    app.assign(&leaver, None, Some(&nurse), false).await;
    write_and_publish(&app, &nurse, leaver.id, content()).await;
    let token = app.token(&leaver).await;
    let older = ask(
        &app,
        &token,
        "allergies",
        "I am not allergic to penicillin now.",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(20)).await;
    ask(
        &app,
        &token,
        "medicines",
        "I stopped the inhaler last year.",
    )
    .await;
    let mut browser = Browser::new(&app);
    browser.sign_in(&nurse).await;

    let page = browser.get("/questions").await;
    let blank = browser
        .post(&format!("/questions/{older}/answer"), &[("note", "  ")])
        .await;
    let answered = browser
        .post(
            &format!("/questions/{older}/answer"),
            &[("note", "Thanks. I will check with your GP and change it.")],
        )
        .await;
    let after = browser.get("/questions?answered=1").await;

    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let (first, second) = (
        page.body.find("not allergic to penicillin"),
        page.body.find("stopped the inhaler"),
    );
    assert!(
        first.is_some() && first < second,
        "oldest first: {}",
        page.body
    );
    assert!(
        page.contains("Allergies and reactions (Penicillin)"),
        "{}",
        page.body
    );
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(blank.contains("Enter your answer"));
    assert!(blank.contains(&format!("href=\"#note-{older}\"")));
    assert_eq!(answered.status, StatusCode::SEE_OTHER, "{}", answered.body);
    assert_eq!(answered.location(), Some("/questions?answered=1"));
    assert!(after.contains("Your answer was sent"));
    assert!(!after.contains("not allergic to penicillin"));
    assert!(after.contains("stopped the inhaler"));
    let (status, mine) = app.get("/v1/me/passport/queries", &token).await;
    assert_eq!(status, StatusCode::OK, "{mine}");
    let resolved = mine["items"]
        .as_array()
        .and_then(|items| items.iter().find(|q| q["id"] == older.as_str()))
        .cloned()
        .unwrap_or_default();
    assert_eq!(resolved["status"], "resolved");
    assert_eq!(
        resolved["resolution_note"],
        "Thanks. I will check with your GP and change it."
    );
    let actions = app.audit_actions(leaver.id).await;
    for action in ["passport.queries_read", "passport.query_resolved"] {
        assert!(actions.iter().any(|a| a == action), "{action}: {actions:?}");
    }
}

#[tokio::test]
async fn a_nurse_of_another_authority_cannot_see_or_answer_the_question() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let stranger = app.staff(Role::Nurse, "sandwell").await;
    let leaver = app.care_leaver("dudley", 18, 10).await;
    app.assign(&leaver, None, Some(&nurse), false).await;
    write_and_publish(&app, &nurse, leaver.id, content()).await;
    let token = app.token(&leaver).await;
    let id = ask(&app, &token, "allergies", "This allergy is wrong.").await;
    let mut browser = Browser::new(&app);
    browser.sign_in(&stranger).await;

    let page = browser.get("/questions?scope=all").await;
    let answer = browser
        .post(&format!("/questions/{id}/answer"), &[("note", "Hello")])
        .await;

    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.contains("This allergy is wrong."));
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    let (_, mine) = app.get("/v1/me/passport/queries", &token).await;
    assert_eq!(mine["items"][0]["status"], "open");
}
