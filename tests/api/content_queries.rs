//! Health content's queries at scale: an article's history takes as many SQL statements for
//! many versions by several nurses as for one, and lists of more published articles than one
//! SQLite expression may name (about a thousand terms) still come back whole.
use care_passport::auth::Role;
use chrono::{NaiveDate, SecondsFormat, Utc};
use entity::article::{ArticleStatus, Topic};
use entity::{article, article_version};
use integration_tests::{TestApp, console::Browser};
use reqwest::{Method, StatusCode};
use sea_orm::{ActiveValue::Set, EntityTrait, TransactionTrait};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::content::{ARTICLES, act, article, etag, published};

/// Saves `body` as the draft of `id` (whose ETag is `tag`) and publishes it as the next
/// version; returns the new ETag.
async fn publish_again(app: &TestApp, token: &str, id: &str, tag: &str, body: Value) -> String {
    let path = format!("{ARTICLES}/{id}");
    let (status, headers, draft) = act(app, token, Method::PUT, &path, tag, Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{draft}");
    let publish = format!("{path}/publish");
    let (status, headers, view) = act(
        app,
        token,
        Method::POST,
        &publish,
        &etag(&headers),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{view}");
    etag(&headers)
}

/// The statements the API's history of `id` and the console's page of it take, and the
/// history's body.
async fn statements_for_the_history(
    app: &TestApp,
    browser: &mut Browser<'_>,
    token: &str,
    id: &str,
) -> (usize, usize, Value) {
    app.statements.start();
    let (status, history) = app.get(&format!("{ARTICLES}/{id}/versions"), token).await;
    let api = app.statements.take();
    assert_eq!(status, StatusCode::OK, "{history}");
    app.statements.start();
    let page = browser
        .get(&format!("/health-information/articles/{id}"))
        .await;
    let console = app.statements.take();
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    (api.len(), console.len(), history)
}

#[tokio::test]
async fn an_articles_history_takes_as_many_sql_statements_for_five_versions_as_for_one() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let other_nurse = app.staff(Role::Nurse, "dudley").await;
    let (token, other_token) = (app.token(&nurse).await, app.token(&other_nurse).await);
    let mut browser = Browser::new(&app);
    browser.sign_in(&nurse).await;
    let body = article("Seeing a GP", "registering_with_a_gp", "2027-01-10");
    let (one, _) = published(&app, &token, body.clone()).await;
    let (many, mut tag) = published(&app, &token, body.clone()).await;
    for (n, token) in [
        (2, &other_token),
        (3, &token),
        (4, &other_token),
        (5, &token),
    ] {
        let mut body = body.clone();
        body["title"] = format!("Seeing a GP, part {n}").into();
        tag = publish_again(&app, token, &many, &tag, body).await;
    }

    let (api_for_one, console_for_one, _) =
        statements_for_the_history(&app, &mut browser, &token, &one).await;
    let (api_for_five, console_for_five, history) =
        statements_for_the_history(&app, &mut browser, &token, &many).await;

    assert_eq!(
        (api_for_five, console_for_five),
        (api_for_one, console_for_one)
    );
    let publishers: Vec<(i64, &str)> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            let by = &v["published_by"];
            assert_eq!(by["name"], "Test nurse", "{v}");
            (v["number"].as_i64().unwrap(), by["id"].as_str().unwrap())
        })
        .collect();
    let (first, second) = (nurse.id.to_string(), other_nurse.id.to_string());
    assert_eq!(
        publishers,
        vec![
            (5, first.as_str()),
            (4, second.as_str()),
            (3, first.as_str()),
            (2, second.as_str()),
            (1, first.as_str()),
        ]
    );
}

/// More published articles than one SQLite expression may name.
const MANY: usize = 1_100;

/// Stores `MANY` published articles (version 1 each, by `nurse`) straight in the database, in
/// one transaction; returns when they were published.
async fn many_published_articles(app: &TestApp, nurse: Uuid) -> chrono::DateTime<Utc> {
    let at = Utc::now() - chrono::Duration::hours(1);
    let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let txn = app.state.db.begin().await.unwrap();
    let numbered: Vec<usize> = (0..MANY).collect();
    for numbers in numbered.chunks(100) {
        let rows: Vec<(article::ActiveModel, article_version::ActiveModel)> = (numbers.iter())
            .map(|n| {
                let id = Uuid::new_v4();
                let content = article(
                    &format!("Seeing a GP {n:04}"),
                    "registering_with_a_gp",
                    "2026-06-10",
                );
                let draft = article::ActiveModel {
                    id: Set(id),
                    title: Set(content["title"].as_str().unwrap().to_owned()),
                    summary: Set(content["summary"].as_str().unwrap().to_owned()),
                    body_markdown: Set(content["body_markdown"].as_str().unwrap().to_owned()),
                    topic: Set(Topic::RegisteringWithAGp),
                    reviewed_on: Set(date("2026-01-10")),
                    review_due: Set(date("2026-06-10")),
                    sources: Set(content["sources"].clone()),
                    status: Set(ArticleStatus::Published),
                    revision: Set(2),
                    live_version: Set(Some(1)),
                    live_topic: Set(Some(Topic::RegisteringWithAGp)),
                    live_review_due: Set(Some(date("2026-06-10"))),
                    created_by: Set(nurse),
                    created_at: Set(at),
                    updated_by: Set(nurse),
                    updated_at: Set(at),
                    published_at: Set(Some(at)),
                    unpublished_at: Set(None),
                };
                let version = article_version::ActiveModel {
                    article_id: Set(id),
                    number: Set(1),
                    content: Set(content),
                    readability_score: Set(80.0),
                    published_by: Set(nurse),
                    published_at: Set(at),
                };
                (draft, version)
            })
            .collect();
        let (drafts, versions): (Vec<_>, Vec<_>) = rows.into_iter().unzip();
        article::Entity::insert_many(drafts)
            .exec_without_returning(&txn)
            .await
            .unwrap();
        article_version::Entity::insert_many(versions)
            .exec_without_returning(&txn)
            .await
            .unwrap();
    }
    txn.commit().await.unwrap();
    at
}

#[tokio::test]
async fn more_than_a_thousand_published_articles_are_listed_whole() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let token = app.token(&nurse).await;
    let leaver = app.token(&app.care_leaver("dudley", 19, 0).await).await;
    let at = many_published_articles(&app, nurse.id).await;
    let total = MANY as u64;

    let (status, first) = app.get(&format!("{ARTICLES}?limit=200"), &leaver).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(first["total"].as_u64(), Some(total));
    assert_eq!(first["items"][0]["title"], "Seeing a GP 0000");
    let (_, last) = app
        .get(&format!("{ARTICLES}?limit=200&offset=1000"), &leaver)
        .await;
    assert_eq!(last["items"].as_array().map(Vec::len), Some(MANY - 1000));
    assert_eq!(last["items"][99]["title"], "Seeing a GP 1099");

    let since = (at - chrono::Duration::minutes(1)).to_rfc3339_opts(SecondsFormat::Secs, true);
    let (status, changed) = app
        .get(&format!("{ARTICLES}?updated_since={since}"), &leaver)
        .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["total"].as_u64(), Some(total));

    let (status, due) = app
        .get("/v1/content/review-due?on=2026-07-01&limit=200", &token)
        .await;
    assert_eq!(status, StatusCode::OK, "{due}");
    assert_eq!(due["total"].as_u64(), Some(total));

    let mut browser = Browser::new(&app);
    browser.sign_in(&nurse).await;
    let list = browser.get("/health-information").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert!(list.contains("Seeing a GP 1099"));
}
