//! A caseworker's task: they sign in, open their young people, see how each is getting on
//! (passport status, prescription certificate, Chances4YOUth, e-mails) and open one who shares
//! their passport, then read that passport. axe-core checks each page; screenshots go to
//! `docs/console/`.
use care_passport::auth::Role;
use integration_tests::TestApp;
use reqwest::StatusCode;
use serde_json::json;

use crate::support::Browser;

#[tokio::test]
async fn journey_a_caseworker_opens_their_caseload_and_a_young_person_who_shares_their_passport() {
    let app = TestApp::spawn().await;
    let base = format!("http://{}", app.addr);
    let caseworker = app.staff(Role::Caseworker, "dudley").await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let shares = app.care_leaver("dudley", 19, 30).await;
    let private = app.care_leaver("dudley", 20, 60).await;
    rename(&app, shares.id, "Aisha Khan").await;
    rename(&app, private.id, "Ben Ortiz").await;
    app.assign(&shares, Some(&caseworker), Some(&nurse), true)
        .await;
    app.assign(&private, Some(&caseworker), Some(&nurse), false)
        .await;
    // The nurse publishes a passport for the young person who shares it: their caseworker
    // is e-mailed.
    let token = app.token(&nurse).await;
    let draft = format!("/v1/care-leavers/{}/passport/draft", shares.id);
    let (status, headers, _) = app
        .call(reqwest::Method::GET, &draft, Some(&token), None, &[])
        .await;
    assert_eq!(status, StatusCode::OK);
    let tag = etag(&headers);
    let content = json!({
        "conditions": [{"name": "Asthma", "status": "current"}],
        "allergies": [{"substance": "Penicillin", "reaction": "Itchy rash", "severity": "moderate"}]
    });
    let (status, headers, body) = app
        .call(
            reqwest::Method::PUT,
            &draft,
            Some(&token),
            Some(content),
            &[("If-Match", tag.as_str())],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let tag = etag(&headers);
    let (status, _, body) = app
        .call(
            reqwest::Method::POST,
            &format!("/v1/care-leavers/{}/passport/publish", shares.id),
            Some(&token),
            None,
            &[("If-Match", tag.as_str())],
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let b = Browser::start().await;

    // They sign in with their password and authenticator code.
    b.visit(&format!("{base}/sign-in")).await;
    b.fill("#email", &caseworker.email).await;
    b.fill("#password", &caseworker.password).await;
    b.click("main form button[type=submit]").await;
    assert_eq!(b.wait_path("/sign-in/code").await, "/sign-in/code");
    b.fill("#code", &app.next_code(caseworker.id).await).await;
    b.click("main form button[type=submit]").await;
    assert_eq!(b.wait_path("/").await, "/");

    // The menu leads to their young people.
    b.click("a[href='/my-young-people']").await;
    assert_eq!(b.wait_path("/my-young-people").await, "/my-young-people");
    let text = b.text().await;
    assert!(text.contains("Version 1 published on"), "{text}");
    assert!(text.contains("Not published yet"));
    assert!(text.contains("Does not share their passport"));
    b.assert_accessible().await;
    b.screenshot("caseworker-caseload").await;

    // The young person who shares their passport.
    let page = format!("/my-young-people/{}", shares.id);
    b.click(&format!("main a[href='{page}']")).await;
    assert_eq!(b.wait_path(&page).await, page);
    let text = b.text().await;
    assert!(
        text.contains("Passport published"),
        "the e-mail to them: {text}"
    );
    assert!(!text.contains("Penicillin"), "no contents on this page");
    b.assert_accessible().await;
    b.screenshot("caseworker-young-person").await;

    // Their passport, read-only.
    let passport = format!("{page}/passport");
    b.click(&format!("main a[href='{passport}']")).await;
    assert_eq!(b.wait_path(&passport).await, passport);
    assert!(b.shows("Penicillin").await);
    b.assert_accessible().await;
    b.screenshot("caseworker-passport").await;

    // The young person who does not share it: status only.
    b.visit(&format!("{base}/my-young-people/{}", private.id))
        .await;
    assert!(
        b.shows("has not agreed to share their health passport")
            .await
    );
    b.assert_accessible().await;
    b.close().await;
}

fn etag(headers: &reqwest::header::HeaderMap) -> String {
    headers
        .get(reqwest::header::ETAG)
        .and_then(|v| v.to_str().ok())
        .expect("an ETag")
        .to_owned()
}

/// Gives a test young person a name of their own, so the screenshots tell them apart.
async fn rename(app: &TestApp, id: uuid::Uuid, name: &str) {
    use sea_orm::{ActiveValue::Set, EntityTrait};
    entity::user::Entity::update(entity::user::ActiveModel {
        id: Set(id),
        name: Set(name.to_owned()),
        ..Default::default()
    })
    .exec(&app.state.db)
    .await
    .expect("renamed");
}
