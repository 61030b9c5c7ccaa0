//! Health information in the console: a nurse edits an article's draft (its reading ease score
//! shown), publishes it (a version appears, audited as through the API), sees errors beside the
//! fields, and keeps the services directory; caseworkers and HR are refused.
use care_passport::auth::Role;
use integration_tests::{
    TestApp,
    console::{Browser, Page},
};
use reqwest::StatusCode;

use crate::content::{ARTICLES, article, audited, service};

/// A draft created through the API by a nurse; returns its id.
async fn draft(app: &TestApp, token: &str) -> String {
    let (status, body) = app
        .post(
            ARTICLES,
            token,
            article(
                "Registering with a GP",
                "registering_with_a_gp",
                "2027-01-10",
            ),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_str().unwrap().to_owned()
}

fn draft_fields<'a>(page: &'a Page, title: &'a str, body: &'a str) -> Vec<(&'static str, String)> {
    vec![
        (
            "revision",
            page.hidden("revision").expect("the draft's revision"),
        ),
        ("title", title.to_owned()),
        (
            "summary",
            "You can see a GP for free. It is quick.".to_owned(),
        ),
        ("body_markdown", body.to_owned()),
        ("topic", "registering_with_a_gp".to_owned()),
        ("reviewed_on-day", "10".to_owned()),
        ("reviewed_on-month", "1".to_owned()),
        ("reviewed_on-year", "2026".to_owned()),
        ("review_due-day", "10".to_owned()),
        ("review_due-month", "1".to_owned()),
        ("review_due-year", "2027".to_owned()),
    ]
}

async fn post(browser: &mut Browser<'_>, path: &str, fields: &[(&'static str, String)]) -> Page {
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    browser.post(path, &fields).await
}

#[tokio::test]
async fn a_nurse_edits_a_draft_sees_its_score_and_publishes_a_version() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let id = draft(&app, &app.token(&nurse).await).await;
    let mut browser = Browser::new(&app);
    browser.sign_in(&nurse).await;
    let path = format!("/health-information/articles/{id}");

    let list = browser.get("/health-information").await;
    let opened = browser.get(&path).await;
    let saved = post(
        &mut browser,
        &path,
        &draft_fields(
            &opened,
            "Signing up with a GP",
            "## What to do\n\nAsk at the desk. Take a friend.\n\n- It is free.\n",
        ),
    )
    .await;
    let after_save = browser.get(&format!("{path}?done=saved")).await;
    let revision = after_save.hidden("revision").unwrap();
    let published = browser
        .post(&format!("{path}/publish"), &[("revision", &revision)])
        .await;
    let after_publish = browser.get(&format!("{path}?done=published")).await;
    let list_after = browser.get("/health-information").await;

    assert_eq!(list.status, StatusCode::OK);
    assert!(list.contains("Registering with a GP"), "{}", list.body);
    assert!(list.contains("Draft, never published"));
    assert!(list.contains("href=\"/health-information\""), "menu item");
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert!(after_save.contains("Draft saved."));
    assert!(after_save.contains("<h1>Signing up with a GP</h1>"));
    assert!(after_save.contains("Reading ease score: <strong>"));
    assert!(after_save.contains("Plain English."));
    assert!(after_save.contains("Not published yet."));
    assert!(after_save.contains("data-readability=\"body_markdown-readability\""));
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.body
    );
    assert!(after_publish.contains("Published. The app shows this version now."));
    assert!(after_publish.contains("Live in the app as version 1."));
    assert!(after_publish.contains("<td class=\"nhsuk-table__cell\">Version 1</td>"));
    assert!(list_after.contains("Live (version 1)"));
    assert_eq!(
        audited(&app, "content.article_updated").await,
        vec![Some(format!("article:{id}"))]
    );
    assert_eq!(
        audited(&app, "content.article_published").await,
        vec![Some(format!("article:{id}:v1"))]
    );
}

#[tokio::test]
async fn a_bad_field_is_shown_beside_it_and_nothing_is_saved() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let id = draft(&app, &app.token(&nurse).await).await;
    let mut browser = Browser::new(&app);
    browser.sign_in(&nurse).await;
    let path = format!("/health-information/articles/{id}");
    let opened = browser.get(&path).await;

    let mut fields = draft_fields(&opened, "", "Some words.");
    fields.retain(|(k, _)| *k != "review_due-day");
    let refused = post(&mut browser, &path, &fields).await;
    let mut past = draft_fields(&opened, "A title", "Some words.");
    for (k, v) in &mut past {
        if *k == "review_due-year" {
            *v = "2025".to_owned();
        }
    }
    let too_early = post(&mut browser, &path, &past).await;

    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("There is a problem"));
    assert!(refused.contains("href=\"#review_due-day\""));
    assert!(
        refused.contains("id=\"review_due-error\""),
        "{}",
        refused.body
    );
    assert!(refused.contains("value=\"10\""), "what was typed is kept");
    assert_eq!(too_early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        too_early.contains("href=\"#review_due-day\""),
        "{}",
        too_early.body
    );
    assert!(too_early.contains("Must be after reviewed_on"));
    assert!(too_early.contains("id=\"review_due-error\""));
    assert!(audited(&app, "content.article_updated").await.is_empty());
}

#[tokio::test]
async fn caseworkers_and_hr_cannot_open_health_information() {
    let app = TestApp::spawn().await;
    for role in [Role::Caseworker, Role::Hr] {
        let person = app.staff(role, "dudley").await;
        let mut browser = Browser::new(&app);
        browser.sign_in(&person).await;

        let list = browser.get("/health-information").await;
        let services = browser.get("/health-information/services").await;

        assert_eq!(list.status, StatusCode::FORBIDDEN, "{role:?}");
        assert_eq!(services.status, StatusCode::FORBIDDEN, "{role:?}");
        assert!(!list.contains("href=\"/health-information\""));
    }
}

#[tokio::test]
async fn a_nurse_edits_a_service_in_the_directory() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let (status, created) = app
        .post(
            "/v1/content/services",
            &app.token(&nurse).await,
            service("Dudley Talk", Some("dudley"), &["mental_health"]),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().unwrap();
    let mut browser = Browser::new(&app);
    browser.sign_in(&nurse).await;
    let path = format!("/health-information/services/{id}");

    let list = browser.get("/health-information/services").await;
    let opened = browser.get(&path).await;
    let updated_at = opened.hidden("updated_at").unwrap();
    let edit = |phone: &'static str| {
        vec![
            ("updated_at", updated_at.clone()),
            ("name", "Dudley Talk".to_owned()),
            (
                "offers",
                "Someone to talk to, in person or on the phone.".to_owned(),
            ),
            ("who_for", "Young people aged 16 to 25".to_owned()),
            ("phone", phone.to_owned()),
            ("web", "https://www.example.org/".to_owned()),
        ]
    };
    let refused = post(&mut browser, &path, &edit("12")).await;
    let saved = post(&mut browser, &path, &edit("01384 818182")).await;
    let after = browser.get(&format!("{path}?done=1")).await;
    let (_, api) = app
        .get(
            "/v1/content/services?local_authority=dudley",
            &app.token(&nurse).await,
        )
        .await;

    assert!(list.contains("Dudley Talk"), "{}", list.body);
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("href=\"#phone\""), "{}", refused.body);
    assert!(refused.contains("id=\"phone-error\""));
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert!(after.contains("Saved."));
    assert!(after.contains("value=\"01384 818182\""));
    assert_eq!(api["items"][0]["phone"], "01384 818182", "{api}");
    assert_eq!(
        api["items"][0]["offers"],
        "Someone to talk to, in person or on the phone."
    );
    assert_eq!(
        api["items"][0]["topics"][0], "mental_health",
        "the rest is kept"
    );
    assert_eq!(
        audited(&app, "content.service_updated").await,
        vec![Some(format!("service:{id}"))]
    );
}
