//! The nurse's caseload page: assigned to me or all of my authority, search, filters, the next
//! step on each row, and the list read audited as the API's is.
use care_passport::auth::Role;
use integration_tests::{Person, TestApp, console::Browser};
use reqwest::StatusCode;
use serde_json::json;

use crate::passport::{content, write_and_publish};

/// Renames a test person and sets their NHS number, directly.
pub async fn name_and_nhs(app: &TestApp, person: &Person, name: &str, nhs: Option<&str>) {
    use sea_orm::{ActiveValue::Set, EntityTrait};
    entity::user::Entity::update(entity::user::ActiveModel {
        id: Set(person.id),
        name: Set(name.to_owned()),
        ..Default::default()
    })
    .exec(&app.state.db)
    .await
    .expect("rename");
    entity::care_leaver::Entity::update(entity::care_leaver::ActiveModel {
        user_id: Set(person.id),
        nhs_number: Set(nhs.map(str::to_owned)),
        ..Default::default()
    })
    .exec(&app.state.db)
    .await
    .expect("nhs number");
}

/// The names in the caseload table, in order.
fn names(body: &str) -> Vec<String> {
    body.split("/passport\">")
        .skip(1)
        .filter_map(|rest| rest.split('<').next())
        .map(str::to_owned)
        .collect()
}

struct Caseload {
    app: TestApp,
    nurse: Person,
    aisha: Person,
    ben: Person,
    other_authority: Person,
}

async fn caseload() -> Caseload {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let colleague = app.staff(Role::Nurse, "dudley").await;
    let aisha = app.care_leaver("dudley", 17, 200).await;
    let ben = app.care_leaver("dudley", 18, 40).await;
    let other_authority = app.care_leaver("sandwell", 17, 200).await;
    name_and_nhs(&app, &aisha, "Aisha Khan", Some("9434765919")).await;
    name_and_nhs(&app, &ben, "Ben Ortiz", None).await;
    name_and_nhs(&app, &other_authority, "Cara Sandwell", None).await;
    app.assign(&aisha, None, Some(&nurse), false).await;
    app.assign(&ben, None, Some(&colleague), false).await;
    Caseload {
        app,
        nurse,
        aisha,
        ben,
        other_authority,
    }
}

#[tokio::test]
async fn a_nurse_sees_her_own_young_people_or_all_of_her_authority_with_the_next_step() {
    let c = caseload().await;
    let mut browser = Browser::new(&c.app);
    browser.sign_in(&c.nurse).await;

    let mine = browser.get("/caseload").await;
    let all = browser.get("/caseload?scope=all").await;

    assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
    assert_eq!(names(&mine.body), ["Aisha Khan"]);
    assert!(mine.contains("Start the first passport (due by"));
    assert_eq!(names(&all.body), ["Aisha Khan", "Ben Ortiz"]);
    assert!(all.contains("First passport overdue since"));
    assert!(all.contains("943 476 5919") || all.contains("9434765919"));
    assert!(!all.contains("Cara Sandwell"));
    // Each young person shown is audited as listed, as the API's list read is; nobody else.
    for shown in [&c.aisha, &c.ben] {
        let actions = c.app.audit_actions(shown.id).await;
        assert!(
            actions.iter().any(|a| a == "care_leaver.listed"),
            "{actions:?}"
        );
    }
    let hidden = c.app.audit_actions(c.other_authority.id).await;
    assert!(
        !hidden.iter().any(|a| a == "care_leaver.listed"),
        "{hidden:?}"
    );
}

#[tokio::test]
async fn the_caseload_is_searched_by_name_nhs_number_or_date_of_birth_and_filtered() {
    let c = caseload().await;
    let ben_dob = {
        use sea_orm::EntityTrait;
        entity::care_leaver::Entity::find_by_id(c.ben.id)
            .one(&c.app.state.db)
            .await
            .expect("query")
            .expect("profile")
            .date_of_birth
    };
    let mut browser = Browser::new(&c.app);
    browser.sign_in(&c.nurse).await;

    let by_name = browser.get("/caseload?scope=all&q=khan").await;
    let by_nhs = browser.get("/caseload?scope=all&q=943+476+5919").await;
    let by_dob = browser
        .get(&format!(
            "/caseload?scope=all&q={}",
            ben_dob.format("%d/%m/%Y")
        ))
        .await;
    let overdue = browser.get("/caseload?scope=all&filter=overdue").await;
    let due = browser.get("/caseload?scope=all&filter=passport_due").await;
    let too_short = browser.get("/caseload?scope=all&q=k").await;

    assert_eq!(names(&by_name.body), ["Aisha Khan"]);
    assert_eq!(names(&by_nhs.body), ["Aisha Khan"]);
    assert_eq!(names(&by_dob.body), ["Ben Ortiz"]);
    assert_eq!(names(&overdue.body), ["Ben Ortiz"]);
    assert_eq!(names(&due.body), ["Aisha Khan", "Ben Ortiz"]);
    assert_eq!(too_short.status, StatusCode::OK);
    assert!(too_short.contains("Enter at least 2 letters of a name"));
    assert!(names(&too_short.body).is_empty());
}

#[tokio::test]
async fn open_questions_and_drafts_in_progress_filter_the_caseload_and_set_the_next_step() {
    let c = caseload().await;
    write_and_publish(&c.app, &c.nurse, c.aisha.id, content()).await;
    let token = c.app.token(&c.aisha).await;
    let (status, body) = c
        .app
        .post(
            "/v1/me/passport/queries",
            &token,
            json!({"section": "allergies", "message": "I am not allergic to penicillin any more."}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let mut browser = Browser::new(&c.app);
    browser.sign_in(&c.nurse).await;

    let questions = browser.get("/caseload?scope=all&filter=questions").await;
    let drafts = browser.get("/caseload?scope=all&filter=draft").await;
    let scheme = browser.get("/caseload?scope=all&filter=scheme").await;

    assert_eq!(names(&questions.body), ["Aisha Khan"]);
    assert!(questions.contains("Answer 1 question"));
    // Published and not changed since: no draft in progress.
    assert!(names(&drafts.body).is_empty(), "{}", drafts.body);
    assert!(names(&scheme.body).is_empty());
}

#[tokio::test]
async fn only_nurses_open_the_caseload() {
    let app = TestApp::spawn().await;
    let caseworker = app.staff(Role::Caseworker, "dudley").await;
    let mut browser = Browser::new(&app);
    browser.sign_in(&caseworker).await;

    let page = browser.get("/caseload").await;

    assert_eq!(page.status, StatusCode::FORBIDDEN);
}
