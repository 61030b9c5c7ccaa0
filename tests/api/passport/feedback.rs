//! The young person's side: reading with ETags, acknowledging, queries and the export.
use care_passport::auth::Role;
use integration_tests::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::*;
use crate::access::Cast;

#[tokio::test]
async fn the_young_person_acknowledges_and_queries_and_their_nurse_resolves_the_query() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    let id = cast.leaver.id;
    write_and_publish(&app, &cast.nurse, id, content()).await;
    let me = app.token(&cast.leaver).await;

    let (status, ack) = app
        .post("/v1/me/passport/acknowledge", &me, json!({}))
        .await;
    assert_eq!(
        (status, ack["version"].as_i64()),
        (StatusCode::OK, Some(1)),
        "{ack}"
    );
    let (_, again) = app
        .post("/v1/me/passport/acknowledge", &me, json!({}))
        .await;
    assert_eq!(again["acknowledged_at"], ack["acknowledged_at"]);
    let nurse = app.token(&cast.nurse).await;
    let (_, versions) = app
        .get(&format!("/v1/care-leavers/{id}/passport/versions"), &nurse)
        .await;
    assert_eq!(
        versions["items"][0]["acknowledged_at"],
        ack["acknowledged_at"]
    );
    let (_, passport) = app.get("/v1/me/passport", &me).await;
    assert_eq!(passport["acknowledged_at"], ack["acknowledged_at"]);

    let message = "I stopped taking the inhaler last year.";
    let (status, query) = app
        .post(
            "/v1/me/passport/queries",
            &me,
            json!({"section": "medicines", "message": message}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{query}");
    assert_eq!(
        (query["status"].as_str(), query["version"].as_i64()),
        (Some("open"), Some(1))
    );
    let (status, problem) = app
        .post(
            "/v1/me/passport/queries",
            &me,
            json!({"section": "medicnes", "message": "x"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "section");
    let (status, problem) = app
        .post(
            "/v1/me/passport/queries",
            &me,
            json!({"section": "allergies", "message": "  "}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "message");

    let mail = app
        .mail()
        .wait_for(&cast.nurse.email, "has a question")
        .await;
    assert!(
        !mail.all_text().contains("inhaler"),
        "the message stays out of the e-mail"
    );

    let path = format!("/v1/care-leavers/{id}/passport/queries");
    let (status, open) = app.get(&format!("{path}?status=open"), &nurse).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(open["items"][0]["message"], message);
    let (status, _) = app.get(&format!("{path}?status=maybe"), &nurse).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let resolve = format!(
        "/v1/passport-queries/{}/resolve",
        query["id"].as_str().unwrap()
    );
    let note = json!({"note": "Thanks, taken off in version 2."});
    assert_eq!(
        app.post(&resolve, &me, note.clone()).await.0,
        StatusCode::FORBIDDEN
    );
    let caseworker = app.token(&cast.caseworker).await;
    assert_eq!(
        app.post(&resolve, &caseworker, note.clone()).await.0,
        StatusCode::NOT_FOUND
    );
    let stranger = app.token(&cast.other_la_nurse).await;
    assert_eq!(
        app.post(&resolve, &stranger, note.clone()).await.0,
        StatusCode::NOT_FOUND
    );
    let (status, problem) = app.post(&resolve, &nurse, json!({"note": ""})).await;
    assert_eq!(
        (status, problem["errors"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("note"))
    );
    let (status, resolved) = app.post(&resolve, &nurse, note.clone()).await;
    assert_eq!(status, StatusCode::OK, "{resolved}");
    assert_eq!(resolved["status"], "resolved");
    assert_eq!(resolved["resolved_by"], "Test nurse");
    assert_eq!(
        app.post(&resolve, &nurse, note).await.0,
        StatusCode::CONFLICT
    );

    let (_, mine) = app.get("/v1/me/passport/queries", &me).await;
    assert_eq!(
        mine["items"][0]["resolution_note"],
        "Thanks, taken off in version 2."
    );
    let (_, open) = app.get(&format!("{path}?status=open"), &nurse).await;
    assert_eq!(open["items"], json!([]));
}

#[tokio::test]
async fn queries_on_the_sensitive_section_are_hidden_from_nurses_who_may_not_see_it() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    write_and_publish(&app, &cast.nurse, cast.leaver.id, content()).await;
    let me = app.token(&cast.leaver).await;
    let body =
        json!({"section": "sexual_health_and_substance_use", "message": "Please remove this."});
    let (status, query) = app.post("/v1/me/passport/queries", &me, body).await;
    assert_eq!(status, StatusCode::CREATED);
    let colleague = app.token(&app.staff(Role::Nurse, "dudley").await).await;
    let path = format!("/v1/care-leavers/{}/passport/queries", cast.leaver.id);
    let (_, list) = app.get(&path, &colleague).await;
    assert_eq!(list["items"], json!([]));
    let resolve = format!(
        "/v1/passport-queries/{}/resolve",
        query["id"].as_str().unwrap()
    );
    let note = json!({"note": "Done."});
    assert_eq!(
        app.post(&resolve, &colleague, note.clone()).await.0,
        StatusCode::NOT_FOUND
    );
    let nurse = app.token(&cast.nurse).await;
    assert_eq!(
        app.get(&path, &nurse).await.1["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(app.post(&resolve, &nurse, note).await.0, StatusCode::OK);
}

#[tokio::test]
async fn my_passport_answers_304_while_my_copy_is_current() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    write_and_publish(&app, &cast.nurse, cast.leaver.id, content()).await;
    let me = app.token(&cast.leaver).await;
    let (status, headers, _) = app
        .call(Method::GET, "/v1/me/passport", Some(&me), None, &[])
        .await;
    assert_eq!(status, StatusCode::OK);
    let tag = etag(&headers);
    let (status, headers, body) = app
        .call(
            Method::GET,
            "/v1/me/passport",
            Some(&me),
            None,
            &[("if-none-match", &tag)],
        )
        .await;
    assert_eq!((status, body), (StatusCode::NOT_MODIFIED, Value::Null));
    assert_eq!(etag(&headers), tag);

    write_and_publish(&app, &cast.nurse, cast.leaver.id, second_content()).await;
    // Acknowledging with the ETag of the copy read before version 2 is refused.
    let (status, _, _) = app
        .call(
            Method::POST,
            "/v1/me/passport/acknowledge",
            Some(&me),
            None,
            &[("if-match", &tag)],
        )
        .await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    let (status, headers, body) = app
        .call(
            Method::GET,
            "/v1/me/passport",
            Some(&me),
            None,
            &[("if-none-match", &tag)],
        )
        .await;
    assert_eq!(
        (status, body["version"].as_i64()),
        (StatusCode::OK, Some(2))
    );
    let (status, _, ack) = app
        .call(
            Method::POST,
            "/v1/me/passport/acknowledge",
            Some(&me),
            None,
            &[("if-match", &etag(&headers))],
        )
        .await;
    assert_eq!((status, ack["version"].as_i64()), (StatusCode::OK, Some(2)));
}

#[tokio::test]
async fn the_export_is_the_whole_passport_in_one_document_with_my_registered_gp() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    let me = app.token(&cast.leaver).await;
    let (status, _, empty) = app
        .call(Method::GET, "/v1/me/passport/export", Some(&me), None, &[])
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (empty["latest_version"].clone(), empty["content"].clone()),
        (Value::Null, Value::Null)
    );

    write_and_publish(&app, &cast.nurse, cast.leaver.id, content()).await;
    write_and_publish(&app, &cast.nurse, cast.leaver.id, second_content()).await;
    let (status, _) = app
        .patch("/v1/me", &me, json!({"gp_ods_code": "M87017"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, headers, export) = app
        .call(Method::GET, "/v1/me/passport/export", Some(&me), None, &[])
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(export["format"], "care-passport-export/1");
    assert_eq!(export["latest_version"], 2);
    assert_eq!(export["care_leaver"]["name"], "Jordan Tester");
    assert_eq!(
        export["care_leaver"]["local_authority"],
        "Dudley Metropolitan Borough Council"
    );
    assert_eq!(export["versions"].as_array().unwrap().len(), 2);
    assert_eq!(export["content"]["medicines"].as_array().unwrap().len(), 2);
    assert_eq!(
        export["content"]["sexual_health_and_substance_use"]["contraception"],
        "Contraceptive implant"
    );
    assert_eq!(
        export["content"]["about_me"]["gp_practice_ods_code"],
        "M87017"
    );
    let (_, passport) = app.get("/v1/me/passport", &me).await;
    assert_eq!(
        passport["content"]["about_me"]["gp_practice_ods_code"],
        "M87017"
    );
    assert_eq!(
        app.get("/v1/me/passport/export", &app.token(&cast.nurse).await)
            .await
            .0,
        StatusCode::FORBIDDEN
    );
}
