//! Health information in the console: a nurse adds an article, edits its draft and sources (its
//! reading ease score shown, live as she types by the publish check's own rule), publishes it
//! (a version appears, audited as through the API), takes it out of the app, sees errors beside
//! the fields, and keeps the services directory; caseworkers and HR are refused.
use care_passport::auth::Role;
use integration_tests::{
    TestApp,
    console::{Browser, Page},
};
use reqwest::StatusCode;

use crate::content::{ARTICLES, article, audited, published, service};

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
        ("source-0-title", "Find a GP".to_owned()),
        (
            "source-0-url",
            "https://www.nhs.uk/service-search/find-a-gp".to_owned(),
        ),
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
    assert!(after_save.contains("Reading ease score of the title, summary and article:"));
    assert!(after_save.contains("Plain English: you can publish it."));
    assert!(after_save.contains("Not published yet."));
    assert!(after_save.contains("data-live-readability=\"/health-information/readability\""));
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
    assert!(too_early.contains("The review date must be after the day it was checked"));
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

/// The fields of a new article, with `sources` as (name, link) rows.
fn new_article_fields(title: &str, topic: &str, sources: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut fields = vec![
        ("title".to_owned(), title.to_owned()),
        (
            "summary".to_owned(),
            "Your GP can help you. It is free.".to_owned(),
        ),
        (
            "body_markdown".to_owned(),
            "## How to book\n\nPhone the surgery. Ask for a time that suits you.\n".to_owned(),
        ),
        ("topic".to_owned(), topic.to_owned()),
        ("reviewed_on-day".to_owned(), "10".to_owned()),
        ("reviewed_on-month".to_owned(), "1".to_owned()),
        ("reviewed_on-year".to_owned(), "2026".to_owned()),
        ("review_due-day".to_owned(), "10".to_owned()),
        ("review_due-month".to_owned(), "1".to_owned()),
        ("review_due-year".to_owned(), "2027".to_owned()),
    ];
    for (i, (name, link)) in sources.iter().enumerate() {
        fields.push((format!("source-{i}-title"), (*name).to_owned()));
        fields.push((format!("source-{i}-url"), (*link).to_owned()));
    }
    fields
}

async fn post_owned(browser: &mut Browser<'_>, path: &str, fields: &[(String, String)]) -> Page {
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    browser.post(path, &fields).await
}

/// The article id a redirect to its page names.
fn article_id(page: &Page) -> String {
    let location = page.location().expect("a redirect");
    location
        .trim_start_matches("/health-information/articles/")
        .split('?')
        .next()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_nurse_adds_an_article_with_its_sources_and_it_starts_as_a_draft() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let mut browser = Browser::new(&app);
    browser.sign_in(&nurse).await;

    let list = browser.get("/health-information").await;
    let form = browser.get("/health-information/articles/new").await;
    let created = post_owned(
        &mut browser,
        "/health-information/articles",
        &new_article_fields(
            "Booking a GP visit",
            "registering_with_a_gp",
            &[("Find a GP", "https://www.nhs.uk/service-search/find-a-gp")],
        ),
    )
    .await;
    let id = article_id(&created);
    let page = browser.get(created.location().unwrap()).await;
    let (status, draft) = app
        .get(
            &format!("/v1/content/articles/{id}/draft"),
            &app.token(&nurse).await,
        )
        .await;

    assert!(list.contains("href=\"/health-information/articles/new\""));
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.contains("<h1>Add an article</h1>"));
    assert!(form.contains("id=\"source-0-url\""));
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    assert!(page.contains("Article added as a draft."), "{}", page.body);
    assert!(page.contains("Never published: the app does not show it."));
    assert!(page.contains("value=\"https://www.nhs.uk/service-search/find-a-gp\""));
    assert_eq!(status, StatusCode::OK, "{draft}");
    assert_eq!(draft["status"], "draft");
    assert_eq!(draft["title"], "Booking a GP visit");
    assert_eq!(draft["sources"][0]["title"], "Find a GP", "{draft}");
    assert_eq!(
        audited(&app, "content.article_created").await,
        vec![Some(format!("article:{id}"))]
    );
}

#[tokio::test]
async fn adding_an_article_shows_each_mistake_beside_its_field_and_saves_nothing() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let mut browser = Browser::new(&app);
    browser.sign_in(&nurse).await;
    browser.get("/health-information/articles/new").await;
    let path = "/health-information/articles";

    let no_topic = post_owned(&mut browser, path, &new_article_fields("A title", "", &[])).await;
    let no_sources = post_owned(
        &mut browser,
        path,
        &new_article_fields("A title", "sleep", &[]),
    )
    .await;
    let bad_link = post_owned(
        &mut browser,
        path,
        &new_article_fields(
            "",
            "sleep",
            &[("", ""), ("Sleep tips", "http://www.nhs.uk/sleep")],
        ),
    )
    .await;

    assert_eq!(no_topic.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_topic.contains("href=\"#topic\""), "{}", no_topic.body);
    assert!(no_topic.contains("id=\"topic-error\""));
    assert!(
        no_topic.contains("href=\"#source-0-title\""),
        "every mistake is shown at once: {}",
        no_topic.body
    );
    assert_eq!(no_sources.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        no_sources.contains("href=\"#source-0-title\""),
        "{}",
        no_sources.body
    );
    assert!(no_sources.contains("Add at least one source"));
    assert_eq!(bad_link.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_link.contains("There is a problem"));
    assert!(bad_link.contains("href=\"#title\""), "{}", bad_link.body);
    assert!(
        bad_link.contains("href=\"#source-1-url\""),
        "the error points at the row it came from: {}",
        bad_link.body
    );
    assert!(bad_link.contains("id=\"source-1-url-error\""));
    assert!(
        bad_link.contains("The link of source 2 must be an https:// link"),
        "{}",
        bad_link.body
    );
    assert!(bad_link.contains("The title must not be blank"));
    assert!(
        bad_link.contains("value=\"Sleep tips\""),
        "what was typed is kept"
    );
    assert!(audited(&app, "content.article_created").await.is_empty());
}

#[tokio::test]
async fn a_nurse_adds_changes_and_removes_the_sources_of_a_draft() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let token = app.token(&nurse).await;
    let id = draft(&app, &token).await;
    let mut browser = Browser::new(&app);
    browser.sign_in(&nurse).await;
    let path = format!("/health-information/articles/{id}");
    let sources_of = |draft: &serde_json::Value| {
        draft["sources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["url"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };

    let opened = browser.get(&path).await;
    let mut two = draft_fields(
        &opened,
        "Registering with a GP",
        "Ask at the desk. It is free.",
    );
    two.retain(|(k, _)| !k.starts_with("source-"));
    two.push(("source-0-title", "Find a GP".to_owned()));
    two.push((
        "source-0-url",
        "https://www.nhs.uk/service-search/find-a-gp".to_owned(),
    ));
    two.push(("source-1-title", "Registering with a GP".to_owned()));
    two.push((
        "source-1-url",
        "https://www.nhs.uk/nhs-services/gps/".to_owned(),
    ));
    let added = post(&mut browser, &path, &two).await;
    let (_, after_add) = app
        .get(&format!("/v1/content/articles/{id}/draft"), &token)
        .await;
    let reopened = browser.get(&path).await;
    let mut one = draft_fields(
        &reopened,
        "Registering with a GP",
        "Ask at the desk. It is free.",
    );
    one.retain(|(k, _)| !k.starts_with("source-"));
    one.push(("source-0-title", String::new()));
    one.push(("source-0-url", String::new()));
    one.push(("source-1-title", "Registering with a GP".to_owned()));
    one.push((
        "source-1-url",
        "https://www.nhs.uk/nhs-services/gps/".to_owned(),
    ));
    let removed = post(&mut browser, &path, &one).await;
    let (_, after_remove) = app
        .get(&format!("/v1/content/articles/{id}/draft"), &token)
        .await;

    assert!(opened.contains("value=\"https://www.nhs.uk/service-search/find-a-gp\""));
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    assert_eq!(
        sources_of(&after_add),
        vec![
            "https://www.nhs.uk/service-search/find-a-gp",
            "https://www.nhs.uk/nhs-services/gps/"
        ]
    );
    assert!(
        reopened.contains("id=\"source-2-title\""),
        "room for one more"
    );
    assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.body);
    assert_eq!(
        sources_of(&after_remove),
        vec!["https://www.nhs.uk/nhs-services/gps/"]
    );
    assert_eq!(audited(&app, "content.article_updated").await.len(), 2);
}

#[tokio::test]
async fn a_nurse_takes_a_published_article_out_of_the_app_after_confirming() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let leaver = app.token(&app.care_leaver("dudley", 19, 0).await).await;
    let id = draft(&app, &app.token(&nurse).await).await;
    let mut browser = Browser::new(&app);
    browser.sign_in(&nurse).await;
    let path = format!("/health-information/articles/{id}");

    let never_published = browser.get(&format!("{path}/unpublish")).await;
    let opened = browser.get(&path).await;
    let revision = opened.hidden("revision").unwrap();
    browser
        .post(&format!("{path}/publish"), &[("revision", &revision)])
        .await;
    let live = browser.get(&path).await;
    let seen_before = app.get(&format!("{ARTICLES}/{id}"), &leaver).await.0;
    let confirm = browser.get(&format!("{path}/unpublish")).await;
    let revision = confirm.hidden("revision").unwrap();
    let taken_down = browser
        .post(&format!("{path}/unpublish"), &[("revision", &revision)])
        .await;
    let after = browser.get(&format!("{path}?done=unpublished")).await;
    let seen_after = app.get(&format!("{ARTICLES}/{id}"), &leaver).await.0;
    let again = browser
        .post(
            &format!("{path}/unpublish"),
            &[("revision", &after.hidden("revision").unwrap())],
        )
        .await;
    let list = browser.get("/health-information").await;

    assert_eq!(never_published.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(never_published.contains("nothing to take down"));
    assert!(
        !opened.contains("Take it out of the app"),
        "only a live article"
    );
    assert!(
        live.contains(&format!("href=\"{path}/unpublish\"")),
        "{}",
        live.body
    );
    assert_eq!(seen_before, StatusCode::OK);
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(confirm.contains("out of the app?"), "{}", confirm.body);
    assert!(confirm.contains("Yes, take it out of the app"));
    assert_eq!(
        taken_down.status,
        StatusCode::SEE_OTHER,
        "{}",
        taken_down.body
    );
    assert!(after.contains("Taken out of the app. Its versions are kept"));
    assert!(after.contains("<td class=\"nhsuk-table__cell\">Version 1</td>"));
    assert_eq!(
        seen_after,
        StatusCode::NOT_FOUND,
        "young people no longer see it"
    );
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.contains("nothing to take down"));
    assert!(list.contains("Taken out of the app"));
    assert_eq!(
        audited(&app, "content.article_unpublished").await,
        vec![Some(format!("article:{id}"))]
    );
}

/// The live hint's words for a title, summary and article, as the console's script gets them.
async fn live_hint(browser: &mut Browser<'_>, title: &str, summary: &str, body: &str) -> Page {
    browser
        .post(
            "/health-information/readability",
            &[
                ("title", title),
                ("summary", summary),
                ("body_markdown", body),
            ],
        )
        .await
}

#[tokio::test]
async fn the_live_hint_shows_the_score_and_verdict_that_publishing_then_applies() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let token = app.token(&nurse).await;
    let mut browser = Browser::new(&app);
    browser.sign_in(&nurse).await;
    let plain = (
        "Seeing a GP",
        "You can see a GP for free. It is quick.",
        "Phone the surgery. Ask for a time. Take a friend if you like.",
    );
    let hard = (
        "Pharmacological contraindications",
        "Comprehensive consideration of contraindications is fundamentally necessary.",
        "Concomitant administration of immunosuppressive medications necessitates extraordinarily careful individualised pharmacological evaluation, particularly regarding hepatotoxicity.",
    );

    for (title, summary, body) in [plain, hard] {
        let id = draft(&app, &token).await;
        let path = format!("/health-information/articles/{id}");
        let opened = browser.get(&path).await;
        let hint = live_hint(&mut browser, title, summary, body).await;
        let mut fields = draft_fields(&opened, title, body);
        for (k, v) in &mut fields {
            if *k == "summary" {
                *v = summary.to_owned();
            }
        }
        post(&mut browser, &path, &fields).await;
        let saved = browser.get(&path).await;
        let (_, api) = app
            .get(&format!("/v1/content/articles/{id}/draft"), &token)
            .await;
        let published = browser
            .post(
                &format!("{path}/publish"),
                &[("revision", &saved.hidden("revision").unwrap())],
            )
            .await;

        let score = format!("{:.1}", api["readability"]["score"].as_f64().unwrap());
        assert_eq!(hint.status, StatusCode::OK);
        assert!(
            hint.body.contains(&format!("article: {score} (")),
            "the live hint shows the score publishing checks ({score}): {}",
            hint.body
        );
        assert!(
            saved.contains(&format!("<p id=\"score\">{}</p>", hint.body)),
            "the saved draft's score is shown in the live hint's words: {}",
            saved.body
        );
        let hint_says_confirm = hint.body.contains("you will need to confirm to publish it");
        let publish_asked_to_confirm = published.status == StatusCode::UNPROCESSABLE_ENTITY
            && published.contains("href=\"#confirm_low_readability\"");
        assert_eq!(
            hint_says_confirm, publish_asked_to_confirm,
            "hint: {}; publish answered {}",
            hint.body, published.status
        );
        assert_eq!(
            hint_says_confirm,
            api["readability"]["plain_english"] == false,
            "{api}"
        );
    }
    assert_eq!(
        audited(&app, "content.article_published").await.len(),
        1,
        "the plain article was published; the hard one waits for a confirmation"
    );
}

#[tokio::test]
async fn a_nurse_adds_a_service_to_the_directory_and_mistakes_are_shown_beside_their_fields() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let mut browser = Browser::new(&app);
    browser.sign_in(&nurse).await;
    let path = "/health-information/services";
    let fields = |name: &'static str, phone: &'static str, topic: bool| {
        let mut f = vec![
            ("name", name.to_owned()),
            ("offers", "Free advice about money and housing.".to_owned()),
            ("who_for", "Care leavers aged 16 to 25".to_owned()),
            ("open_to", "mine".to_owned()),
            ("phone", phone.to_owned()),
            ("opening_times", "Monday to Friday, 9am to 5pm".to_owned()),
        ];
        if topic {
            f.push(("topic-leaving_care_support", "yes".to_owned()));
        }
        f
    };

    let list = browser.get(path).await;
    let form = browser.get("/health-information/services/new").await;
    let refused = post(&mut browser, path, &fields("Dudley Money Help", "", false)).await;
    let added = post(
        &mut browser,
        path,
        &fields("Dudley Money Help", "01384 812345", true),
    )
    .await;
    let location = added.location().unwrap_or_default().to_owned();
    let page = browser.get(&location).await;
    browser.get("/health-information/services/new").await;
    let twice = post(
        &mut browser,
        path,
        &fields("Dudley Money Help", "01384 812345", true),
    )
    .await;
    let (_, api) = app
        .get(
            "/v1/content/services?local_authority=dudley",
            &app.token(&nurse).await,
        )
        .await;

    assert!(list.contains("href=\"/health-information/services/new\""));
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.contains("<h1>Add a service</h1>"));
    assert!(form.contains("In Dudley only"));
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("href=\"#phone\""), "{}", refused.body);
    assert!(refused.contains("id=\"phone-error\""));
    assert!(refused.contains("href=\"#topic-registering_with_a_gp\""));
    assert!(refused.contains("id=\"topics-error\""));
    assert!(
        refused.contains("value=\"Dudley Money Help\""),
        "what was typed is kept"
    );
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    assert!(page.contains("<h1>Dudley Money Help</h1>"), "{}", page.body);
    assert!(page.contains("Saved."));
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(twice.contains("id=\"name-error\""), "{}", twice.body);
    let items = api["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{api}");
    assert_eq!(items[0]["name"], "Dudley Money Help");
    assert_eq!(items[0]["local_authority"], "dudley");
    assert_eq!(items[0]["topics"][0], "leaving_care_support");
    assert_eq!(items[0]["phone"], "01384 812345");
    let id = items[0]["id"].as_str().unwrap();
    assert_eq!(
        location,
        format!("/health-information/services/{id}?done=1")
    );
    assert_eq!(
        audited(&app, "content.service_created").await,
        vec![Some(format!("service:{id}"))]
    );
}

#[tokio::test]
async fn only_nurses_add_articles_and_services_take_articles_down_or_ask_for_the_live_score() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let id = draft(&app, &app.token(&nurse).await).await;
    let caseworker = app.staff(Role::Caseworker, "dudley").await;
    let mut browser = Browser::new(&app);
    browser.sign_in(&caseworker).await;
    browser.get("/").await;
    let article = format!("/health-information/articles/{id}");

    let pages = [
        browser.get("/health-information/articles/new").await,
        browser.get("/health-information/services/new").await,
        browser.get(&format!("{article}/unpublish")).await,
        post_owned(
            &mut browser,
            "/health-information/articles",
            &new_article_fields(
                "Booking a GP visit",
                "registering_with_a_gp",
                &[("Find a GP", "https://www.nhs.uk/service-search/find-a-gp")],
            ),
        )
        .await,
        browser
            .post(
                "/health-information/services",
                &[("name", "A service"), ("open_to", "everyone")],
            )
            .await,
        browser
            .post(&format!("{article}/unpublish"), &[("revision", "1")])
            .await,
        live_hint(&mut browser, "Hello", "Hello there.", "Some words.").await,
    ];

    for page in &pages {
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{}", page.body);
    }
    assert_eq!(
        audited(&app, "content.article_created").await,
        vec![Some(format!("article:{id}"))],
        "only the nurse's own draft"
    );
    assert!(audited(&app, "content.service_created").await.is_empty());
    assert!(
        audited(&app, "content.article_unpublished")
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn the_review_due_list_shows_the_published_articles_the_api_lists_as_due() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let token = app.token(&nurse).await;
    let (status, overdue) = app
        .post(
            ARTICLES,
            &token,
            article(
                "Dentists for care leavers",
                "dentists_and_eye_tests",
                "2026-06-10",
            ),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{overdue}");
    let overdue = overdue["id"].as_str().unwrap().to_owned();
    let current = draft(&app, &token).await;
    let mut browser = Browser::new(&app);
    browser.sign_in(&nurse).await;
    for id in [&overdue, &current] {
        let path = format!("/health-information/articles/{id}");
        let page = browser.get(&path).await;
        let revision = page.hidden("revision").unwrap();
        let published = browser
            .post(&format!("{path}/publish"), &[("revision", &revision)])
            .await;
        assert_eq!(
            published.status,
            StatusCode::SEE_OTHER,
            "{}",
            published.body
        );
    }

    let list = browser.get("/health-information").await;
    let (_, api) = app.get("/v1/content/review-due", &token).await;

    let due_section = &list.body
        [list.body.find("id=\"review-due\"").unwrap()..list.body.find("id=\"articles\"").unwrap()];
    let api_ids: Vec<&str> = api["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(api_ids, vec![overdue.as_str()], "{api}");
    assert!(
        due_section.contains(&format!("href=\"/health-information/articles/{overdue}\"")),
        "{due_section}"
    );
    assert!(due_section.contains("Dentists for care leavers"));
    assert!(
        !due_section.contains(&current),
        "an article reviewed in time is not listed"
    );
}

/// How many SQL statements the console's list of articles takes.
async fn statements_for_the_list(app: &TestApp, browser: &mut Browser<'_>) -> usize {
    app.statements.start();
    let list = browser.get("/health-information").await;
    let statements = app.statements.take();
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    statements.len()
}

#[tokio::test]
async fn the_article_list_takes_as_many_sql_statements_for_seven_articles_as_for_one() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let token = app.token(&nurse).await;
    let mut browser = Browser::new(&app);
    browser.sign_in(&nurse).await;
    let overdue = article(
        "Dentists for care leavers",
        "dentists_and_eye_tests",
        "2026-06-10",
    );
    published(&app, &token, overdue.clone()).await;
    let for_one = statements_for_the_list(&app, &mut browser).await;

    let other_nurse = app.staff(Role::Nurse, "dudley").await;
    let other_token = app.token(&other_nurse).await;
    for (token, review_due) in [(&token, "2026-06-10"), (&other_token, "2027-01-10")] {
        let mut body = overdue.clone();
        body["review_due"] = review_due.into();
        published(&app, token, body.clone()).await;
        published(&app, token, body).await;
    }
    draft(&app, &other_token).await;
    draft(&app, &token).await;
    let for_seven = statements_for_the_list(&app, &mut browser).await;

    assert_eq!(for_seven, for_one);
}
