//! Health content: drafts, publishing, the app's sync, services and links.
use care_passport::auth::Role;
use integration_tests::{Person, TestApp};
use reqwest::{Method, StatusCode, header::HeaderMap};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::access::Cast;

pub(crate) const ARTICLES: &str = "/v1/content/articles";

/// A plain-English article that passes validation.
pub(crate) fn article(title: &str, topic: &str, review_due: &str) -> Value {
    json!({
        "title": title,
        "summary": "You can see a GP for free. It is quick to sign up.",
        "body_markdown": "## What to do\n\nAsk at the front desk. Bring a friend if you like.\n\n- It is free.\n- You do not need ID.\n",
        "topic": topic,
        "reviewed_on": "2026-01-10",
        "review_due": review_due,
        "sources": [{"title": "Find a GP", "url": "https://www.nhs.uk/service-search/find-a-gp"}],
    })
}

/// The draft's current strong ETag, for If-Match (a `*` does not pass: issue 13).
async fn current_etag(app: &TestApp, token: &str, id: &str) -> String {
    let (status, headers, body) = app
        .call(
            Method::GET,
            &format!("{ARTICLES}/{id}/draft"),
            Some(token),
            None,
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    etag(&headers)
}

pub(crate) fn etag(headers: &HeaderMap) -> String {
    headers
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .expect("an ETag header")
        .to_owned()
}

pub(crate) fn ids(list: &Value, key: &str) -> Vec<String> {
    let mut ids: Vec<String> = list[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} in {list}"))
        .iter()
        .map(|a| a.get("id").unwrap_or(a).as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids
}

/// Creates a draft; returns its id and ETag.
async fn create(app: &TestApp, token: &str, body: Value) -> (String, String) {
    let (status, headers, draft) = app
        .call(Method::POST, ARTICLES, Some(token), Some(body), &[])
        .await;
    assert_eq!(status, StatusCode::CREATED, "{draft}");
    (draft["id"].as_str().unwrap().to_owned(), etag(&headers))
}

pub(crate) async fn act(
    app: &TestApp,
    token: &str,
    method: Method,
    path: &str,
    if_match: &str,
    body: Option<Value>,
) -> (StatusCode, HeaderMap, Value) {
    app.call(method, path, Some(token), body, &[("If-Match", if_match)])
        .await
}

/// Publishes with the given ETag; returns the new ETag.
async fn publish(app: &TestApp, token: &str, id: &str, tag: &str) -> String {
    let path = format!("{ARTICLES}/{id}/publish");
    let (status, headers, body) = act(app, token, Method::POST, &path, tag, Some(json!({}))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    etag(&headers)
}

/// Creates and publishes an article; returns its id and current ETag.
pub(crate) async fn published(app: &TestApp, token: &str, body: Value) -> (String, String) {
    let (id, tag) = create(app, token, body).await;
    let tag = publish(app, token, &id, &tag).await;
    (id, tag)
}

pub(crate) async fn audited(app: &TestApp, action: &str) -> Vec<Option<String>> {
    entity::audit_event::Entity::find()
        .filter(entity::audit_event::Column::Action.eq(action))
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.target)
        .collect()
}

#[tokio::test]
async fn a_published_article_reaches_care_leavers_and_unpublishing_hides_it_again() {
    let app = TestApp::spawn().await;
    let nurse = app.token(&app.staff(Role::Nurse, "dudley").await).await;
    let leaver = app.token(&app.care_leaver("dudley", 19, 0).await).await;
    let (id, tag) = create(
        &app,
        &nurse,
        article("Seeing a GP", "registering_with_a_gp", "2027-01-10"),
    )
    .await;
    let path = format!("{ARTICLES}/{id}");

    // A draft is the nurse's alone.
    let (status, draft) = app.get(&path, &nurse).await;
    assert_eq!(
        (status, draft["status"].as_str()),
        (StatusCode::OK, Some("draft"))
    );
    assert!(
        draft["readability"]["score"].as_f64().unwrap() >= 60.0,
        "{draft}"
    );
    assert_eq!(app.get(&path, &leaver).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        ids(&app.get(ARTICLES, &leaver).await.1, "items"),
        Vec::<String>::new()
    );

    let tag = publish(&app, &nurse, &id, &tag).await;
    let (status, seen) = app.get(&path, &leaver).await;
    assert_eq!(status, StatusCode::OK, "{seen}");
    assert_eq!(
        (seen["status"].as_str(), seen["version"].as_i64()),
        (Some("published"), Some(1))
    );
    assert_eq!(seen["title"], "Seeing a GP");
    assert!(
        seen["body_html"]
            .as_str()
            .unwrap()
            .contains("<h2>What to do</h2>")
    );
    assert_eq!(
        ids(&app.get(ARTICLES, &leaver).await.1, "items"),
        vec![id.clone()]
    );

    // Editing the draft leaves the published text alone until it is published again.
    let (status, headers, draft) = act(
        &app,
        &nurse,
        Method::PUT,
        &path,
        &tag,
        Some(article(
            "Signing up with a GP",
            "registering_with_a_gp",
            "2027-01-10",
        )),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{draft}");
    assert_eq!(draft["unpublished_changes"], json!(true));
    assert_eq!(app.get(&path, &leaver).await.1["title"], "Seeing a GP");
    let tag = publish(&app, &nurse, &id, &etag(&headers)).await;
    let (_, seen) = app.get(&path, &leaver).await;
    assert_eq!(
        (seen["title"].as_str(), seen["version"].as_i64()),
        (Some("Signing up with a GP"), Some(2))
    );

    // Every published version is kept, with who published it.
    let (status, history) = app.get(&format!("{path}/versions"), &nurse).await;
    assert_eq!(status, StatusCode::OK, "{history}");
    let versions = history["items"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(
        (
            versions[0]["number"].as_i64(),
            versions[1]["article"]["title"].as_str()
        ),
        (Some(2), Some("Seeing a GP"))
    );
    assert_eq!(versions[0]["published_by"]["name"], "Test nurse");

    let (status, _, body) = act(
        &app,
        &nurse,
        Method::POST,
        &format!("{path}/unpublish"),
        &tag,
        None,
    )
    .await;
    assert_eq!(
        (status, body["status"].as_str()),
        (StatusCode::OK, Some("unpublished")),
        "{body}"
    );
    assert_eq!(app.get(&path, &leaver).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        ids(&app.get(ARTICLES, &leaver).await.1, "items"),
        Vec::<String>::new()
    );
    assert_eq!(app.get(&path, &nurse).await.1["status"], "unpublished");

    assert_eq!(
        audited(&app, "content.article_created").await,
        vec![Some(format!("article:{id}"))]
    );
    assert_eq!(
        audited(&app, "content.article_published").await,
        vec![
            Some(format!("article:{id}:v1")),
            Some(format!("article:{id}:v2"))
        ]
    );
    assert_eq!(audited(&app, "content.article_unpublished").await.len(), 1);
}

#[tokio::test]
async fn changes_need_if_match_and_a_stale_one_gets_412_with_nothing_saved() {
    let app = TestApp::spawn().await;
    let nurse = app.token(&app.staff(Role::Nurse, "dudley").await).await;
    let admin = app.token(&app.staff(Role::Admin, "dudley").await).await;
    let (id, first) = create(
        &app,
        &nurse,
        article("Seeing a GP", "registering_with_a_gp", "2027-01-10"),
    )
    .await;
    let path = format!("{ARTICLES}/{id}");
    let edit = article("Sam's version", "registering_with_a_gp", "2027-01-10");

    let (status, _, body) = app
        .call(Method::PUT, &path, Some(&nurse), Some(edit.clone()), &[])
        .await;
    assert_eq!(status, StatusCode::PRECONDITION_REQUIRED, "{body}");
    let (status, _, _) = app
        .call(
            Method::POST,
            &format!("{path}/publish"),
            Some(&nurse),
            Some(json!({})),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::PRECONDITION_REQUIRED);

    // The admin saves first; the nurse's copy is now stale.
    let (status, headers, _) = act(
        &app,
        &admin,
        Method::PUT,
        &path,
        &first,
        Some(article(
            "Alex's version",
            "registering_with_a_gp",
            "2027-01-10",
        )),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let current = etag(&headers);
    assert_ne!(current, first);
    let (status, _, body) = act(&app, &nurse, Method::PUT, &path, &first, Some(edit)).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED, "{body}");
    let (status, _, _) = act(
        &app,
        &nurse,
        Method::POST,
        &format!("{path}/publish"),
        &first,
        Some(json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);

    let (status, headers, draft) = app
        .call(
            Method::GET,
            &format!("{path}/draft"),
            Some(&nurse),
            None,
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (draft["title"].as_str(), draft["status"].as_str()),
        (Some("Alex's version"), Some("draft"))
    );
    assert_eq!(etag(&headers), current);
    let (status, _, _) = app
        .call(
            Method::GET,
            &format!("{path}/draft"),
            Some(&nurse),
            None,
            &[("If-None-Match", &current)],
        )
        .await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert_eq!(audited(&app, "content.article_updated").await.len(), 1);

    // Publishing twice with nothing new is refused rather than making an empty version.
    let current = publish(&app, &nurse, &id, &current).await;
    let (status, _, body) = act(
        &app,
        &nurse,
        Method::POST,
        &format!("{path}/publish"),
        &current,
        Some(json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
}

#[tokio::test]
async fn hr_connexions_caseworkers_and_care_leavers_cannot_change_content_and_never_see_drafts() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, true).await;
    let nurse = app.token(&cast.nurse).await;
    let (draft, draft_tag) = create(
        &app,
        &nurse,
        article("A draft", "sexual_health", "2027-01-10"),
    )
    .await;
    let (live, live_tag) =
        published(&app, &nurse, article("Live", "sexual_health", "2027-01-10")).await;
    let service = json!({
        "name": "Somewhere", "offers": "Help.", "who_for": "Anyone", "min_age": null,
        "max_age": null, "area_note": null, "phone": "01384 000000", "sms": null, "email": null,
        "web": null, "address": null, "opening_times": null, "local_authority": "dudley",
        "referral_needed": false, "topics": ["sexual_health"],
    });
    let outsiders: [(&str, &Person); 4] = [
        ("HR", &cast.hr),
        ("Connexions", &cast.connexions),
        ("a care leaver", &cast.leaver),
        ("a caseworker", &cast.caseworker),
    ];
    let body = article("Mine now", "sexual_health", "2027-01-10");
    for (who, person) in outsiders {
        let token = app.token(person).await;
        let (status, _, _) = app
            .call(
                Method::POST,
                ARTICLES,
                Some(&token),
                Some(body.clone()),
                &[],
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who} creates");
        // Writing content is a route their role may never use, whatever the article: 403
        // before anything else (issue 13), which says nothing about whether a draft exists.
        let cases = [
            (
                Method::PUT,
                format!("{ARTICLES}/{draft}"),
                &draft_tag,
                Some(body.clone()),
                StatusCode::FORBIDDEN,
            ),
            (
                Method::POST,
                format!("{ARTICLES}/{draft}/publish"),
                &draft_tag,
                Some(json!({})),
                StatusCode::FORBIDDEN,
            ),
            (
                Method::GET,
                format!("{ARTICLES}/{draft}"),
                &draft_tag,
                None,
                StatusCode::NOT_FOUND,
            ),
            (
                Method::GET,
                format!("{ARTICLES}/{draft}/draft"),
                &draft_tag,
                None,
                StatusCode::NOT_FOUND,
            ),
            (
                Method::GET,
                format!("{ARTICLES}/{draft}/versions"),
                &draft_tag,
                None,
                StatusCode::NOT_FOUND,
            ),
            (
                Method::PUT,
                format!("{ARTICLES}/{live}"),
                &live_tag,
                Some(body.clone()),
                StatusCode::FORBIDDEN,
            ),
            (
                Method::POST,
                format!("{ARTICLES}/{live}/unpublish"),
                &live_tag,
                None,
                StatusCode::FORBIDDEN,
            ),
            (
                Method::GET,
                format!("{ARTICLES}/{live}/draft"),
                &live_tag,
                None,
                StatusCode::FORBIDDEN,
            ),
            (
                Method::GET,
                format!("{ARTICLES}/{live}/versions"),
                &live_tag,
                None,
                StatusCode::FORBIDDEN,
            ),
            (
                Method::GET,
                format!("{ARTICLES}/{live}"),
                &live_tag,
                None,
                StatusCode::OK,
            ),
            (
                Method::GET,
                "/v1/content/review-due".into(),
                &live_tag,
                None,
                StatusCode::FORBIDDEN,
            ),
            (
                Method::POST,
                "/v1/content/services".into(),
                &live_tag,
                Some(service.clone()),
                StatusCode::FORBIDDEN,
            ),
        ];
        for (method, path, tag, body, expected) in cases {
            let (status, _, got) = act(&app, &token, method.clone(), &path, tag, body).await;
            assert_eq!(status, expected, "{who}: {method} {path}: {got}");
        }
    }
    // Nothing changed: the nurse's ETags still hold and the app still shows the same text.
    let (_, headers, draft_view) = app
        .call(
            Method::GET,
            &format!("{ARTICLES}/{draft}/draft"),
            Some(&nurse),
            None,
            &[],
        )
        .await;
    assert_eq!(
        (etag(&headers), draft_view["title"].as_str()),
        (draft_tag, Some("A draft"))
    );
    assert_eq!(
        app.get(&format!("{ARTICLES}/{live}"), &nurse).await.1["title"],
        "Live"
    );
    // Admins stand in for nurses.
    let admin = app.token(&cast.admin).await;
    create(
        &app,
        &admin,
        article("From the admin", "sleep", "2027-01-10"),
    )
    .await;
}

#[tokio::test]
async fn updated_since_returns_exactly_what_changed_including_what_was_taken_down() {
    let app = TestApp::spawn().await;
    let nurse = app.token(&app.staff(Role::Nurse, "dudley").await).await;
    let leaver = app.token(&app.care_leaver("dudley", 18, 0).await).await;
    let (a, a_tag) = published(&app, &nurse, article("Article A", "sleep", "2027-01-10")).await;
    let (b, b_tag) = published(
        &app,
        &nurse,
        article("Article B", "sexual_health", "2027-01-10"),
    )
    .await;
    let (first, first_list) = app.get(ARTICLES, &leaver).await;
    assert_eq!(first, StatusCode::OK);
    assert_eq!(ids(&first_list, "items"), sorted(&[&a, &b]));
    assert_eq!(ids(&first_list, "removed"), Vec::<String>::new());
    let cursor = first_list["changes_up_to"].as_str().unwrap().to_owned();
    let since = |cursor: &str| format!("{ARTICLES}?updated_since={}", cursor.replace('+', "%2B"));

    // Nothing published since: nothing to fetch, even though a draft changed.
    let (_, headers, _) = act(
        &app,
        &nurse,
        Method::PUT,
        &format!("{ARTICLES}/{b}"),
        &b_tag,
        Some(article(
            "Article B, second edition",
            "sexual_health",
            "2027-01-10",
        )),
    )
    .await;
    let b_tag = etag(&headers);
    let (status, delta) = app.get(&since(&cursor), &leaver).await;
    assert_eq!(status, StatusCode::OK, "{delta}");
    assert_eq!(
        (ids(&delta, "items"), ids(&delta, "removed")),
        (vec![], vec![])
    );
    assert_eq!(delta["changes_up_to"].as_str(), Some(cursor.as_str()));

    // B republished, C new, A taken down, and a new draft D that stays a draft.
    publish(&app, &nurse, &b, &b_tag).await;
    let (c, _) = published(&app, &nurse, article("Article C", "sleep", "2027-01-10")).await;
    let (status, _, _) = act(
        &app,
        &nurse,
        Method::POST,
        &format!("{ARTICLES}/{a}/unpublish"),
        &a_tag,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    create(&app, &nurse, article("Article D", "sleep", "2027-01-10")).await;

    let (_, delta) = app.get(&since(&cursor), &leaver).await;
    assert_eq!(ids(&delta, "items"), sorted(&[&b, &c]));
    assert_eq!(ids(&delta, "removed"), vec![a.clone()]);
    let b_view = delta["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == json!(b))
        .unwrap();
    assert_eq!(
        (b_view["title"].as_str(), b_view["version"].as_i64()),
        (Some("Article B, second edition"), Some(2))
    );
    let next = delta["changes_up_to"].as_str().unwrap().to_owned();
    assert_ne!(next, cursor);
    let (_, delta) = app.get(&since(&next), &leaver).await;
    assert_eq!(
        (ids(&delta, "items"), ids(&delta, "removed")),
        (vec![], vec![])
    );

    // Topic filters apply to changes and take-downs alike.
    let (_, delta) = app
        .get(&format!("{}&topic=sleep", since(&cursor)), &leaver)
        .await;
    assert_eq!(
        (ids(&delta, "items"), ids(&delta, "removed")),
        (vec![c.clone()], vec![a.clone()])
    );
    let (_, all) = app
        .get(&format!("{ARTICLES}?topic=sexual_health"), &leaver)
        .await;
    assert_eq!(ids(&all, "items"), vec![b.clone()]);

    for bad in [
        "?updated_since=yesterday",
        "?topic=astrology",
        "?colour=red",
    ] {
        let (status, body) = app.get(&format!("{ARTICLES}{bad}"), &leaver).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {body}");
    }
}

fn sorted(ids: &[&String]) -> Vec<String> {
    let mut ids: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn an_unchanged_list_answers_304_and_a_new_publication_changes_its_etag() {
    let app = TestApp::spawn().await;
    let nurse = app.token(&app.staff(Role::Nurse, "dudley").await).await;
    let leaver = app.token(&app.care_leaver("dudley", 18, 0).await).await;
    published(&app, &nurse, article("Article A", "sleep", "2027-01-10")).await;
    let (status, headers, _) = app
        .call(Method::GET, ARTICLES, Some(&leaver), None, &[])
        .await;
    assert_eq!(status, StatusCode::OK);
    let tag = etag(&headers);
    let (status, headers, body) = app
        .call(
            Method::GET,
            ARTICLES,
            Some(&leaver),
            None,
            &[("If-None-Match", &tag)],
        )
        .await;
    assert_eq!((status, body), (StatusCode::NOT_MODIFIED, Value::Null));
    assert_eq!(etag(&headers), tag);

    // A draft does not change what the app sees; a publication does.
    let (id, draft_tag) = create(&app, &nurse, article("Article B", "sleep", "2027-01-10")).await;
    let (status, _, _) = app
        .call(
            Method::GET,
            ARTICLES,
            Some(&leaver),
            None,
            &[("If-None-Match", &tag)],
        )
        .await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    publish(&app, &nurse, &id, &draft_tag).await;
    let (status, headers, body) = app
        .call(
            Method::GET,
            ARTICLES,
            Some(&leaver),
            None,
            &[("If-None-Match", &tag)],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_ne!(etag(&headers), tag);
    assert_eq!(body["items"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn the_review_due_list_shows_published_articles_from_their_review_date() {
    let app = TestApp::spawn().await;
    let nurse = app.token(&app.staff(Role::Nurse, "dudley").await).await;
    let (june, june_tag) =
        published(&app, &nurse, article("Due in June", "sleep", "2026-06-30")).await;
    let (sept, _) = published(
        &app,
        &nurse,
        article("Due in September", "sleep", "2026-09-01"),
    )
    .await;
    create(
        &app,
        &nurse,
        article("Never published", "sleep", "2026-03-01"),
    )
    .await;
    let due = |on: &'static str| {
        let app = &app;
        let nurse = &nurse;
        async move {
            let (status, body) = app
                .get(&format!("/v1/content/review-due?on={on}"), nurse)
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
            assert_eq!(body["on"], on);
            body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| {
                    (
                        a["id"].as_str().unwrap().to_owned(),
                        a["days_overdue"].as_i64().unwrap(),
                    )
                })
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(due("2026-06-29").await, vec![]);
    assert_eq!(due("2026-06-30").await, vec![(june.clone(), 0)]);
    assert_eq!(
        due("2026-09-15").await,
        vec![(june.clone(), 77), (sept.clone(), 14)]
    );

    // A new review date counts once it is published; a taken-down article is not listed.
    let (_, headers, _) = act(
        &app,
        &nurse,
        Method::PUT,
        &format!("{ARTICLES}/{june}"),
        &june_tag,
        Some(article("Due in June", "sleep", "2027-06-30")),
    )
    .await;
    let (_, body) = app
        .get("/v1/content/review-due?on=2026-09-15", &nurse)
        .await;
    assert_eq!(body["items"][0]["draft_waiting"], json!(true));
    publish(&app, &nurse, &june, &etag(&headers)).await;
    assert_eq!(due("2026-09-15").await, vec![(sept.clone(), 14)]);
    let tag = current_etag(&app, &nurse, &sept).await;
    act(
        &app,
        &nurse,
        Method::POST,
        &format!("{ARTICLES}/{sept}/unpublish"),
        &tag,
        None,
    )
    .await;
    assert_eq!(due("2026-09-15").await, vec![]);
    assert_eq!(due("2027-07-01").await, vec![(june.clone(), 1)]);
    let (status, _) = app.get("/v1/content/review-due?on=soon", &nurse).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// Checks that neither field can run anything in a browser or a Markdown renderer.
fn assert_inert(view: &Value) {
    let markdown = view["body_markdown"].as_str().unwrap().to_ascii_lowercase();
    for raw in ["<script", "<img", "<iframe", "<svg", "](javascript:"] {
        assert!(!markdown.contains(raw), "markdown has {raw}: {markdown}");
    }
    let html = view["body_html"].as_str().unwrap().to_ascii_lowercase();
    let allowed = [
        "p",
        "a",
        "strong",
        "em",
        "del",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "code",
        "pre",
        "img",
        "blockquote",
        "hr",
        "br",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    ];
    for tag in html
        .split('<')
        .skip(1)
        .map(|t| t.split('>').next().unwrap())
    {
        let name = tag
            .trim_start_matches('/')
            .split_whitespace()
            .next()
            .unwrap_or("");
        assert!(allowed.contains(&name), "html has <{tag}>: {html}");
        assert!(!tag.contains("javascript:"), "html has <{tag}>: {html}");
        assert!(
            !tag.split_whitespace()
                .any(|a| a.starts_with("on") && a.contains('=')),
            "html has <{tag}>: {html}"
        );
    }
    // Raw HTML is shown as text, not dropped: the reader sees what was written.
    assert!(html.contains("&lt;script&gt;"), "{html}");
    assert!(markdown.contains("&lt;script>"), "{markdown}");
}

#[tokio::test]
async fn html_and_script_in_markdown_never_come_back_executable() {
    let app = TestApp::spawn().await;
    let nurse = app.token(&app.staff(Role::Nurse, "dudley").await).await;
    let leaver = app.token(&app.care_leaver("dudley", 18, 0).await).await;
    let mut body = article("Staying safe online", "staying_safe", "2027-01-10");
    body["body_markdown"] = json!(
        "Be safe.\n\n<script>alert('x')</script>\n\nHi <img src=x onerror=alert(1)> there.\n\n\
         [Click me](javascript:alert(1)) and ![pic](javascript:alert(2)).\n\n\
         <iframe src=\"https://evil.example\"></iframe>\n\n<svg onload=alert(3)>\n\n\
         [Ask NHS 111](https://111.nhs.uk/) today."
    );
    let (status, _, draft) = app
        .call(Method::POST, ARTICLES, Some(&nurse), Some(body), &[])
        .await;
    assert_eq!(status, StatusCode::CREATED, "{draft}");
    assert_inert(&draft);
    let id = draft["id"].as_str().unwrap();
    let tag = current_etag(&app, &nurse, id).await;
    let (status, _, _) = act(
        &app,
        &nurse,
        Method::POST,
        &format!("{ARTICLES}/{id}/publish"),
        &tag,
        Some(json!({"confirm_low_readability": true})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, seen) = app.get(&format!("{ARTICLES}/{id}"), &leaver).await;
    assert_inert(&seen);
    assert!(
        seen["body_html"]
            .as_str()
            .unwrap()
            .contains("href=\"https://111.nhs.uk/\""),
        "{seen}"
    );
    let (_, list) = app.get(ARTICLES, &leaver).await;
    assert_inert(&list["items"][0]);
    let (_, history) = app.get(&format!("{ARTICLES}/{id}/versions"), &nurse).await;
    assert_inert(&history["items"][0]["article"]);
}

#[tokio::test]
async fn a_hard_to_read_article_needs_the_nurse_to_confirm_before_it_is_published() {
    let app = TestApp::spawn().await;
    let nurse = app.token(&app.staff(Role::Nurse, "dudley").await).await;
    let mut body = article(
        "Pharmacological considerations",
        "prescriptions",
        "2027-01-10",
    );
    body["summary"] =
        json!("Comprehensive pharmaceutical exemption documentation necessitates consideration.");
    body["body_markdown"] = json!(
        "Individuals experiencing socioeconomic disadvantage may, notwithstanding administrative \
         complexity, qualify for comprehensive prescription charge exemption certification."
    );
    let (status, headers, draft) = app
        .call(Method::POST, ARTICLES, Some(&nurse), Some(body), &[])
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let score = draft["readability"]["score"].as_f64().unwrap();
    assert!(score < 60.0, "{draft}");
    assert_eq!(draft["readability"]["plain_english"], json!(false));
    let id = draft["id"].as_str().unwrap();
    let path = format!("{ARTICLES}/{id}/publish");
    let tag = etag(&headers);

    for request in [json!({}), json!({"confirm_low_readability": false})] {
        let (status, _, problem) =
            act(&app, &nurse, Method::POST, &path, &tag, Some(request)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(problem["errors"][0]["field"], "confirm_low_readability");
        assert!(
            problem["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains(&format!("{score:.1}")),
            "{problem}"
        );
    }
    let (_, draft) = app.get(&format!("{ARTICLES}/{id}/draft"), &nurse).await;
    assert_eq!(draft["status"], "draft");

    let (status, _, done) = act(
        &app,
        &nurse,
        Method::POST,
        &path,
        &tag,
        Some(json!({"confirm_low_readability": true})),
    )
    .await;
    assert_eq!(
        (status, done["status"].as_str()),
        (StatusCode::OK, Some("published")),
        "{done}"
    );
}

#[tokio::test]
async fn invalid_articles_are_refused_naming_the_field() {
    let app = TestApp::spawn().await;
    let nurse = app.token(&app.staff(Role::Nurse, "dudley").await).await;
    let cases = [
        ("title", json!("")),
        ("review_due", json!("2026-01-01")),
        ("sources", json!([])),
        ("topic", json!("astrology")),
    ];
    for (field, value) in cases {
        let mut body = article("Seeing a GP", "registering_with_a_gp", "2027-01-10");
        body[field] = value;
        let (status, body) = app.post(ARTICLES, &nurse, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {body}");
        assert_eq!(body["errors"][0]["field"], field, "{body}");
    }
}

pub(crate) fn service(name: &str, la: Option<&str>, topics: &[&str]) -> Value {
    json!({
        "name": name,
        "offers": "Someone to talk to.",
        "who_for": "Young people aged 16 to 25",
        "min_age": 16, "max_age": 25, "area_note": null,
        "phone": "01384 818181", "sms": null, "email": "help@example.org",
        "web": "https://www.example.org/", "address": null, "opening_times": "Monday to Friday",
        "local_authority": la, "referral_needed": false, "topics": topics,
    })
}

#[tokio::test]
async fn nurses_keep_the_services_directory_and_everyone_filters_it() {
    let app = TestApp::spawn().await;
    let nurse = app.token(&app.staff(Role::Nurse, "dudley").await).await;
    let sandwell_nurse = app.token(&app.staff(Role::Nurse, "sandwell").await).await;
    let leaver = app.token(&app.care_leaver("dudley", 18, 0).await).await;
    let services = "/v1/content/services";
    let (status, headers, talk) = app
        .call(
            Method::POST,
            services,
            Some(&nurse),
            Some(service("Dudley Talk", Some("dudley"), &["mental_health"])),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{talk}");
    let talk_id = talk["id"].as_str().unwrap().to_owned();
    let talk_tag = etag(&headers);
    let (_, sandwell) = app
        .post(
            services,
            &sandwell_nurse,
            service("Sandwell Clinic", Some("sandwell"), &["sexual_health"]),
        )
        .await;
    let (_, national) = app
        .post(
            services,
            &nurse,
            service("Talk Anytime", None, &["mental_health", "sleep"]),
        )
        .await;
    let names = |body: &Value| -> Vec<String> {
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["name"].as_str().unwrap().to_owned())
            .collect()
    };

    let (_, all) = app.get(services, &leaver).await;
    assert_eq!(
        names(&all),
        ["Dudley Talk", "Sandwell Clinic", "Talk Anytime"]
    );
    let (_, dudley) = app
        .get(&format!("{services}?local_authority=dudley"), &leaver)
        .await;
    assert_eq!(names(&dudley), ["Dudley Talk", "Talk Anytime"]);
    let (_, sleep) = app
        .get(
            &format!("{services}?local_authority=dudley&topic=sleep"),
            &leaver,
        )
        .await;
    assert_eq!(names(&sleep), ["Talk Anytime"]);
    assert_eq!(sleep["items"][0]["id"], national["id"]);
    let (status, body) = app
        .get(&format!("{services}?local_authority=birmingham"), &leaver)
        .await;
    assert_eq!(
        (status, body["errors"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("local_authority"))
    );

    // Edits: If-Match as for articles; only the service's own authority; names stay unique.
    let path = format!("{services}/{talk_id}");
    let renamed = service("Dudley Talk Service", Some("dudley"), &["mental_health"]);
    let (status, _, _) = app
        .call(Method::PUT, &path, Some(&nurse), Some(renamed.clone()), &[])
        .await;
    assert_eq!(status, StatusCode::PRECONDITION_REQUIRED);
    let (status, _, _) = act(
        &app,
        &sandwell_nurse,
        Method::PUT,
        &path,
        &talk_tag,
        Some(renamed.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = act(
        &app,
        &leaver,
        Method::PUT,
        &path,
        &talk_tag,
        Some(renamed.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, body) = act(
        &app,
        &nurse,
        Method::PUT,
        &path,
        &talk_tag,
        Some(service("Talk Anytime", Some("dudley"), &["mental_health"])),
    )
    .await;
    assert_eq!(
        (status, body["errors"][0]["field"].as_str()),
        (StatusCode::CONFLICT, Some("name"))
    );
    let (status, headers, saved) = act(
        &app,
        &nurse,
        Method::PUT,
        &path,
        &talk_tag,
        Some(renamed.clone()),
    )
    .await;
    assert_eq!(
        (status, saved["name"].as_str()),
        (StatusCode::OK, Some("Dudley Talk Service")),
        "{saved}"
    );
    let (status, _, _) = act(&app, &nurse, Method::PUT, &path, &talk_tag, Some(renamed)).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    let (status, get_headers, _) = app.call(Method::GET, &path, Some(&leaver), None, &[]).await;
    assert_eq!(
        (status, etag(&get_headers)),
        (StatusCode::OK, etag(&headers))
    );
    let (_, changed) = app
        .get(
            &format!(
                "{services}?updated_since={}",
                talk["updated_at"].as_str().unwrap().replace('+', "%2B")
            ),
            &leaver,
        )
        .await;
    assert_eq!(
        names(&changed),
        ["Dudley Talk Service", "Sandwell Clinic", "Talk Anytime"]
    );
    let (_, changed) = app
        .get(
            &format!(
                "{services}?updated_since={}",
                saved["updated_at"].as_str().unwrap().replace('+', "%2B")
            ),
            &leaver,
        )
        .await;
    assert_eq!(names(&changed), Vec::<String>::new());

    let (status, body) = app
        .post(
            services,
            &nurse,
            service("Elsewhere", Some("sandwell"), &["sleep"]),
        )
        .await;
    assert_eq!(
        (status, body["errors"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("local_authority"))
    );
    let mut bad = service("Bad web", None, &["sleep"]);
    bad["web"] = json!("javascript:alert(1)");
    let (status, body) = app.post(services, &nurse, bad).await;
    assert_eq!(
        (status, body["errors"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("web"))
    );
    assert_eq!(sandwell["local_authority"], "sandwell");
    assert_eq!(audited(&app, "content.service_created").await.len(), 3);
    assert_eq!(
        audited(&app, "content.service_updated").await,
        vec![Some(format!("service:{talk_id}"))]
    );
}

#[tokio::test]
async fn the_demo_loads_published_articles_services_and_links_once() {
    let app = TestApp::spawn().await;
    care_passport::demo::load(&app.state).await.unwrap();
    care_passport::demo::load(&app.state).await.unwrap();
    let leaver = app.token(&app.care_leaver("dudley", 18, 0).await).await;

    let (_, list) = app.get(ARTICLES, &leaver).await;
    let articles = list["items"].as_array().unwrap();
    assert_eq!(articles.len(), 12);
    assert!(
        articles
            .iter()
            .all(|a| a["status"] == "published" && a["version"] == 1)
    );
    assert!(
        articles
            .iter()
            .all(|a| a["readability"]["plain_english"] == json!(true))
    );

    let seeded = care_passport::content::seed::services().unwrap();
    let (_, services) = app.get("/v1/content/services", &leaver).await;
    assert_eq!(services["items"].as_array().unwrap().len(), seeded.len());
    let lighthouse = services["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Lighthouse Links")
        .unwrap();
    assert_eq!(
        (
            lighthouse["min_age"].as_i64(),
            lighthouse["max_age"].as_i64()
        ),
        (Some(0), Some(25))
    );

    let (status, headers, links) = app
        .call(Method::GET, "/v1/content/links", Some(&leaver), None, &[])
        .await;
    assert_eq!(status, StatusCode::OK);
    let ids: Vec<&str> = links["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "nhs_app",
            "nhs_111_online",
            "nhs_111_phone",
            "urgent_mental_health",
            "emergency_999"
        ]
    );
    let (status, _, _) = app
        .call(
            Method::GET,
            "/v1/content/links",
            Some(&leaver),
            None,
            &[("If-None-Match", &etag(&headers))],
        )
        .await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    let (status, _, _) = app
        .call(Method::GET, "/v1/content/links", None, None, &[])
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
