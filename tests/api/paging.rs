//! One paging envelope for every list: `items` and `limit`, with `total` and `offset` (offset
//! paging) or `next_cursor` (cursor paging, for the lists that grow while they are read).
use std::collections::BTreeSet;

use care_passport::auth::Role;
use chrono::{DateTime, Duration, SubsecRound, Utc};
use integration_tests::TestApp;
use reqwest::{Method, StatusCode};
use sea_orm::{ActiveValue::Set, EntityTrait};
use serde_json::Value;
use uuid::Uuid;

/// Every page of an offset-paged list, `limit` at a time, as (items, totals seen).
async fn offset_pages(
    app: &TestApp,
    path: &str,
    token: &str,
    limit: u64,
) -> (Vec<Value>, Vec<u64>) {
    let (mut items, mut totals, mut offset) = (Vec::new(), Vec::new(), 0);
    loop {
        let (status, page) = app
            .get(&format!("{path}?limit={limit}&offset={offset}"), token)
            .await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(
            (page["limit"].as_u64(), page["offset"].as_u64()),
            (Some(limit), Some(offset))
        );
        let total = page["total"].as_u64().expect("an offset page has a total");
        items.extend(page["items"].as_array().expect("items").iter().cloned());
        totals.push(total);
        offset += limit;
        if offset >= total {
            return (items, totals);
        }
    }
}

/// Every page of a cursor-paged list, `limit` at a time, and how many pages it took.
async fn cursor_pages(app: &TestApp, path: &str, token: &str, limit: u64) -> (Vec<Value>, usize) {
    let (mut items, mut pages) = (Vec::new(), 0);
    let mut cursor: Option<String> = None;
    loop {
        let query = match &cursor {
            None => format!("{path}?limit={limit}"),
            Some(c) => format!("{path}?limit={limit}&cursor={c}"),
        };
        let (status, page) = app.get(&query, token).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(page["limit"].as_u64(), Some(limit));
        assert!(page.get("total").is_none(), "a cursor page has no total");
        items.extend(page["items"].as_array().expect("items").iter().cloned());
        pages += 1;
        match &page["next_cursor"] {
            Value::Null => return (items, pages),
            Value::String(next) => cursor = Some(next.clone()),
            other => panic!("next_cursor is text or null, not {other}"),
        }
    }
}

#[tokio::test]
async fn paging_through_care_leavers_gives_each_once_and_the_right_total() {
    let app = TestApp::spawn().await;
    let mut expected = BTreeSet::new();
    for _ in 0..7 {
        expected.insert(app.care_leaver("dudley", 18, 0).await.id.to_string());
    }
    app.care_leaver("walsall", 18, 0).await; // another authority's: not in the list
    let nurse = app.staff(Role::Nurse, "dudley").await;

    let (items, totals) = offset_pages(&app, "/v1/care-leavers", &app.token(&nurse).await, 3).await;

    let ids: Vec<String> = items
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 7, "no one twice");
    assert_eq!(ids.into_iter().collect::<BTreeSet<_>>(), expected);
    assert_eq!(totals, vec![7, 7, 7]);
}

#[tokio::test]
async fn a_small_fixed_list_has_the_same_envelope_and_a_page_past_the_end_is_empty() {
    let app = TestApp::spawn().await;
    let (status, _, all) = app
        .call(Method::GET, "/v1/local-authorities", None, None, &[])
        .await;
    assert_eq!(status, StatusCode::OK);
    let total = all["total"].as_u64().unwrap();
    assert_eq!(all["items"].as_array().unwrap().len() as u64, total);
    assert_eq!(
        (all["limit"].as_u64(), all["offset"].as_u64()),
        (Some(50), Some(0))
    );

    let (_, _, past) = app
        .call(
            Method::GET,
            "/v1/local-authorities?offset=100",
            None,
            None,
            &[],
        )
        .await;
    assert_eq!(past["items"], Value::Array(vec![]));
    assert_eq!(past["total"].as_u64(), Some(total));
}

/// Writes `count` readings of the young person's profile by `nurse`, two to each millisecond
/// (so pages also break between entries made at the same moment), newest first from `newest`.
async fn readings(app: &TestApp, leaver: Uuid, nurse: Uuid, newest: DateTime<Utc>, count: i64) {
    use entity::audit_event::ActiveModel;
    let rows = (0..count).map(|i| ActiveModel {
        at: Set(newest - Duration::milliseconds(i / 2)),
        actor_id: Set(Some(nurse)),
        actor_role: Set(Some(Role::Nurse)),
        action: Set(entity::audit_event::AuditAction::CareLeaverRead),
        care_leaver_id: Set(Some(leaver)),
        target: Set(None),
        request_id: Set(None),
        ..Default::default()
    });
    entity::audit_event::Entity::insert_many(rows)
        .exec(&app.state.db)
        .await
        .expect("audit rows written");
}

#[tokio::test]
async fn the_access_log_pages_by_cursor_past_500_entries_each_once_newest_first() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    // Whole milliseconds, as every database keeps them.
    let newest = (Utc::now() - Duration::hours(1)).trunc_subsecs(3);
    readings(&app, leaver.id, nurse.id, newest, 521).await;
    let token = app.token(&leaver).await;

    let (items, pages) = cursor_pages(&app, "/v1/me/access-log", &token, 200).await;

    assert_eq!(pages, 3);
    let times: Vec<DateTime<Utc>> = items
        .iter()
        .map(|e| e["at"].as_str().unwrap().parse().unwrap())
        .collect();
    let expected: Vec<DateTime<Utc>> = (0..521)
        .map(|i| newest - Duration::milliseconds(i / 2))
        .collect();
    assert_eq!(times, expected, "every entry once, newest first");
    assert!(
        items
            .iter()
            .all(|e| e["summary"] == "Test nurse (your nurse) looked at your profile.")
    );
}

#[tokio::test]
async fn an_entry_added_while_the_log_is_paged_does_not_shift_the_pages() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    // Whole milliseconds, as every database keeps them.
    let newest = (Utc::now() - Duration::hours(1)).trunc_subsecs(3);
    readings(&app, leaver.id, nurse.id, newest, 4).await;
    let token = app.token(&leaver).await;
    let (_, first) = app.get("/v1/me/access-log?limit=2", &token).await;
    let cursor = first["next_cursor"].as_str().unwrap().to_owned();

    readings(&app, leaver.id, nurse.id, Utc::now().trunc_subsecs(3), 1).await;
    let (_, second) = app
        .get(
            &format!("/v1/me/access-log?limit=2&cursor={cursor}"),
            &token,
        )
        .await;

    let at = |page: &Value, i: usize| {
        page["items"][i]["at"]
            .as_str()
            .unwrap()
            .parse::<DateTime<Utc>>()
            .unwrap()
    };
    assert_eq!(at(&second, 0), newest - Duration::milliseconds(1));
    assert_eq!(second["items"].as_array().unwrap().len(), 2);
    assert_eq!(second["next_cursor"], Value::Null);
}

#[tokio::test]
async fn the_outbox_pages_by_cursor_and_shows_each_message_once() {
    let app = TestApp::spawn().await;
    let admin = app.staff(Role::Admin, "dudley").await;
    let created = (Utc::now() - Duration::hours(1)).trunc_subsecs(3);
    let mut expected = Vec::new();
    for i in 0..5 {
        let id = Uuid::new_v4();
        expected.push(id.to_string());
        entity::outbox_message::Entity::insert(entity::outbox_message::ActiveModel {
            id: Set(id),
            message_id: Set(format!("<paging-{i}@care-passport.test>")),
            to_address: Set(format!("person{i}@young.example")),
            to_name: Set(None),
            subject: Set("Your passport".into()),
            body_text: Set("Hello".into()),
            body_html: Set("<p>Hello</p>".into()),
            template: Set(entity::outbox_message::TemplateName::PassportReadyForYoungPerson),
            status: Set(entity::outbox_message::OutboxStatus::Failed),
            attempts: Set(5),
            send_after: Set(created),
            claimed_until: Set(None),
            last_error: Set(Some("550 no such mailbox".into())),
            // Two at each moment: the id orders those.
            created_at: Set(created - Duration::seconds(i / 2)),
            sent_at: Set(None),
            local_authority: Set(Some("dudley".into())),
            care_leaver_id: Set(None),
        })
        .exec(&app.state.db)
        .await
        .expect("outbox row written");
    }

    let (items, pages) = cursor_pages(&app, "/v1/admin/outbox", &app.token(&admin).await, 2).await;

    assert_eq!(pages, 3);
    let ids: Vec<String> = items
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 5);
    assert_eq!(
        ids.iter().cloned().collect::<BTreeSet<_>>(),
        expected.into_iter().collect()
    );
    let times: Vec<&str> = items
        .iter()
        .map(|m| m["created_at"].as_str().unwrap())
        .collect();
    assert!(
        times.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {times:?}"
    );
}

#[tokio::test]
async fn a_limit_out_of_range_or_a_made_up_cursor_is_refused_naming_the_parameter() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let admin = app.staff(Role::Admin, "dudley").await;
    let (leaver, admin) = (app.token(&leaver).await, app.token(&admin).await);
    let cases = [
        ("/v1/me/access-log?limit=0", &leaver, "limit"),
        ("/v1/me/access-log?limit=201", &leaver, "limit"),
        ("/v1/me/access-log?cursor=garbage", &leaver, "cursor"),
        (
            "/v1/me/access-log?cursor=MjAyNnxub3QtYS1rZXk",
            &leaver,
            "cursor",
        ),
        ("/v1/admin/outbox?cursor=%20", &admin, "cursor"),
        ("/v1/me/sessions?limit=201", &leaver, "limit"),
        ("/v1/me/prescription-applications?limit=0", &leaver, "limit"),
        (
            "/v1/me/passport/share-links?offset=1000001",
            &leaver,
            "offset",
        ),
        ("/v1/content/links?limit=0", &leaver, "limit"),
    ];
    for (path, token, field) in cases {
        let (status, headers, problem) = app.call(Method::GET, path, Some(token), None, &[]).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path}: {problem}"
        );
        assert_eq!(
            headers["content-type"], "application/problem+json",
            "{path}"
        );
        assert_eq!(problem["errors"][0]["field"], field, "{path}");
        let message = problem["errors"][0]["message"].as_str().unwrap();
        assert!(
            message.to_lowercase().starts_with(field),
            "{path}: the sentence names the parameter: {message}"
        );
    }
}

#[tokio::test]
async fn a_paged_list_still_answers_304_while_its_page_is_unchanged() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let token = app.token(&leaver).await;
    let path = "/v1/me/prescription-applications?limit=1";
    let (status, headers, _) = app.call(Method::GET, path, Some(&token), None, &[]).await;
    assert_eq!(status, StatusCode::OK);
    let etag = headers["etag"].to_str().unwrap().to_owned();

    let (again, _, body) = app
        .call(
            Method::GET,
            path,
            Some(&token),
            None,
            &[("if-none-match", &etag)],
        )
        .await;

    assert_eq!((again, body), (StatusCode::NOT_MODIFIED, Value::Null));
}
