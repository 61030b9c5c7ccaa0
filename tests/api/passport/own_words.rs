//! The young person's own words: they write and change them; nurses see them as theirs and
//! cannot change them.
use integration_tests::TestApp;
use reqwest::{Method, StatusCode};
use sea_orm::EntityTrait;
use serde_json::{Value, json};

use super::*;
use crate::access::Cast;

const PATH: &str = "/v1/me/passport/own-words";

async fn put_words(app: &TestApp, token: &str, body: Value) -> (StatusCode, Value) {
    let (status, _, body) = app
        .call(Method::PUT, PATH, Some(token), Some(body), &[])
        .await;
    (status, body)
}

#[tokio::test]
async fn the_young_person_writes_their_own_words_and_the_nurse_sees_them_as_theirs_but_cannot_change_them()
 {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    let id = cast.leaver.id;
    write_and_publish(&app, &cast.nurse, id, content()).await;
    let me = app.token(&cast.leaver).await;
    let words = "Please tell me what you are going to do before you do it.";

    let (status, saved) = put_words(&app, &me, json!({"text": format!("  {words}\r\n")})).await;

    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["text"], words);
    assert_eq!(saved["in_published_passport"], false);
    let row = entity::passport_own_words::Entity::find_by_id(id)
        .one(&app.state.db)
        .await
        .expect("query")
        .expect("stored");
    assert_eq!((row.text.as_deref(), row.written_by), (Some(words), id));
    assert!(
        app.audit_actions(id)
            .await
            .contains(&"passport.own_words_updated".to_owned())
    );

    let nurse = app.token(&cast.nurse).await;
    let (status, tag, draft) = get_draft(&app, &nurse, id).await;
    assert_eq!(status, StatusCode::OK);
    let shown = &draft["content"]["my_own_words"];
    assert_eq!(
        (
            shown["text"].as_str(),
            shown["by_young_person"].as_bool(),
            shown["recorded_by"].as_str()
        ),
        (Some(words), Some(true), Some("Jordan Tester"))
    );
    assert!(
        draft["unpublished_changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["section"] == "my_own_words")
    );

    let mut changed = draft["content"].clone();
    changed["my_own_words"]["text"] = json!("Typed by the nurse instead.");
    let (status, _, problem) = put_draft(&app, &nurse, id, Some(&tag), changed).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "my_own_words");

    // Sent back as read, with another change: saved, and the words stay the young person's.
    let mut round_trip = draft["content"].clone();
    round_trip["medicines"][0]["dose"] = json!("2 puffs up to 4 times a day");
    let (status, headers, saved) = put_draft(&app, &nurse, id, Some(&tag), round_trip).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["content"]["my_own_words"]["text"], words);
    assert_eq!(saved["content"]["my_own_words"]["by_young_person"], true);
    assert_eq!(
        saved["content"]["my_own_words"]["recorded_by"],
        "Jordan Tester"
    );

    // Left out: kept as the young person wrote them.
    let mut without = saved["content"].clone();
    without["my_own_words"] = Value::Null;
    let (status, headers, saved) =
        put_draft(&app, &nurse, id, Some(&etag(&headers)), without).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["content"]["my_own_words"]["text"], words);

    let (status, version) = publish(&app, &nurse, id, Some(&etag(&headers))).await;
    assert_eq!(status, StatusCode::CREATED, "{version}");
    let (_, passport) = app.get("/v1/me/passport", &me).await;
    assert_eq!(passport["content"]["my_own_words"]["text"], words);
    assert_eq!(passport["content"]["my_own_words"]["by_young_person"], true);
    let (_, now) = app.get(PATH, &me).await;
    assert_eq!(now["in_published_passport"], true);

    // A later change shows in the nurse's draft straight away.
    let (status, _) = put_words(&app, &me, json!({"text": "I have changed my mind."})).await;
    assert_eq!(status, StatusCode::OK);
    let (_, _, draft) = get_draft(&app, &nurse, id).await;
    assert_eq!(
        draft["content"]["my_own_words"]["text"],
        "I have changed my mind."
    );
}

#[tokio::test]
async fn own_words_are_plain_bounded_text_only_the_young_person_writes_and_can_take_out() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    let me = app.token(&cast.leaver).await;

    let (status, empty) = app.get(PATH, &me).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (empty["text"].clone(), empty["updated_at"].clone()),
        (Value::Null, Value::Null)
    );

    let cases = [
        (json!({"text": "   "}), "Write something first"),
        (json!({"text": "x".repeat(5001)}), "up to 5000 characters"),
        (json!({"text": "ding\u{7}"}), "plain text only"),
    ];
    for (body, words) in cases {
        let (status, problem) = put_words(&app, &me, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(problem["errors"][0]["field"], "text");
        let message = problem["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(message.contains(words), "{message}");
    }
    let (status, _) = put_words(&app, &me, json!({"text": "x".repeat(5000)})).await;
    assert_eq!(status, StatusCode::OK);

    for staff in [&cast.nurse, &cast.caseworker] {
        let token = app.token(staff).await;
        let (status, _) = put_words(&app, &token, json!({"text": "Not mine to write."})).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{:?}", staff.role);
    }

    let (status, _, taken_out) = app.call(Method::DELETE, PATH, Some(&me), None, &[]).await;
    assert_eq!(status, StatusCode::OK, "{taken_out}");
    assert_eq!(taken_out["text"], Value::Null);
    assert!(
        app.audit_actions(cast.leaver.id)
            .await
            .contains(&"passport.own_words_removed".to_owned())
    );
    let nurse = app.token(&cast.nurse).await;
    let (_, tag, draft) = get_draft(&app, &nurse, cast.leaver.id).await;
    assert_eq!(draft["content"]["my_own_words"], Value::Null);
    // A nurse cannot write them in the young person's place either.
    let (status, _, problem) = put_draft(
        &app,
        &nurse,
        cast.leaver.id,
        Some(&tag),
        json!({"my_own_words": {"text": "Typed by the nurse."}}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "my_own_words");
}
