//! The young person's own passport read: what it costs in SQL, that every answer it gives is
//! audited (also under concurrency and across a shutdown), and that its rendering follows
//! every change.
use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

use integration_tests::{Person, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{content, second_content, write_and_publish};

/// A care leaver with a published passport, and their access token.
async fn published_passport(app: &TestApp) -> (Person, String) {
    let nurse = app.staff(care_passport::auth::Role::Nurse, "dudley").await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    write_and_publish(app, &nurse, leaver.id, content()).await;
    let token = app.token(&leaver).await;
    (leaver, token)
}

async fn passport_reads_audited(app: &TestApp, leaver: &Person) -> usize {
    let actions = app.audit_actions(leaver.id).await;
    actions.iter().filter(|a| *a == "passport.read").count()
}

#[tokio::test]
async fn a_care_leavers_passport_read_runs_at_most_three_sql_statements() {
    let app = TestApp::spawn().await;
    let (leaver, token) = published_passport(&app).await;

    for read in ["first read", "second read"] {
        app.statements.start();
        let (status, body) = app.get("/v1/me/passport", &token).await;
        let statements = app.statements.take();

        assert_eq!(status, StatusCode::OK, "{read}: {body}");
        assert_eq!(body["version"], 1);
        // Issue 16 allows three; the read takes two, as its sign-in check is folded into the
        // statement that loads the passport: that statement and the audit entry.
        assert!(
            statements.len() <= 2,
            "{read} ran {} statements: {statements:#?}",
            statements.len()
        );
        // The log does see the request's statements, the group-committed audit entry too.
        assert!(
            statements
                .iter()
                .any(|s| s.contains("INSERT INTO \"audit_events\"")),
            "{statements:#?}"
        );
    }
    assert_eq!(passport_reads_audited(&app, &leaver).await, 2);
}

#[tokio::test]
async fn every_passport_read_answered_200_has_exactly_one_audit_entry_under_32_concurrent_readers()
{
    let app = TestApp::spawn().await;
    let (leaver, token) = published_passport(&app).await;
    let (_, headers, _) = app
        .call(Method::GET, "/v1/me/passport", Some(&token), None, &[])
        .await;
    let etag = headers["etag"].to_str().expect("etag").to_owned();
    let before = passport_reads_audited(&app, &leaver).await;

    let answered = Arc::new(AtomicUsize::new(0));
    let readers = (0..32).map(|reader| {
        let (client, url) = (app.client.clone(), app.url("/v1/me/passport"));
        let (token, etag, answered) = (token.clone(), etag.clone(), answered.clone());
        tokio::spawn(async move {
            for read in 0..6 {
                let mut request = client.get(&url).bearer_auth(&token);
                // Every third read revalidates: a 304 is not a read of the passport.
                if (reader + read) % 3 == 0 {
                    request = request.header("if-none-match", &etag);
                }
                let response = request.send().await.expect("answer");
                match response.status() {
                    StatusCode::OK => {
                        answered.fetch_add(1, Ordering::SeqCst);
                    }
                    StatusCode::NOT_MODIFIED => {}
                    other => panic!("unexpected {other}"),
                }
            }
        })
    });
    for reader in futures::future::join_all(readers).await {
        reader.expect("reader");
    }

    let answered = answered.load(Ordering::SeqCst);
    assert_eq!(answered, 32 * 4);
    assert_eq!(
        passport_reads_audited(&app, &leaver).await - before,
        answered
    );
}

#[tokio::test]
async fn no_audit_entry_of_an_answered_read_is_lost_when_the_server_stops_mid_load() {
    let mut app = TestApp::spawn().await;
    let (leaver, token) = published_passport(&app).await;
    let answered = Arc::new(AtomicUsize::new(0));
    let readers: Vec<_> = (0..32)
        .map(|_| {
            let (client, url) = (app.client.clone(), app.url("/v1/me/passport"));
            let (token, answered) = (token.clone(), answered.clone());
            tokio::spawn(async move {
                // Until the server refuses or drops the connection.
                while let Ok(response) = client.get(&url).bearer_auth(&token).send().await {
                    match response.status() {
                        StatusCode::OK => answered.fetch_add(1, Ordering::SeqCst),
                        other => panic!("unexpected {other}"),
                    };
                }
            })
        })
        .collect();
    integration_tests::eventually(
        std::time::Duration::from_secs(60),
        "some reads answered",
        || {
            let answered = answered.clone();
            async move { answered.load(Ordering::SeqCst) >= 64 }
        },
    )
    .await;

    // The same graceful shutdown SIGTERM starts (`care_passport::shutdown_signal`), while
    // the readers keep sending.
    app.stop().await;
    for reader in futures::future::join_all(readers).await {
        reader.expect("reader");
    }

    let answered = answered.load(Ordering::SeqCst);
    assert!(answered >= 64);
    assert_eq!(passport_reads_audited(&app, &leaver).await, answered);
}

#[tokio::test]
async fn the_passport_read_shows_an_acknowledgement_a_new_version_and_a_profile_change_at_once() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(care_passport::auth::Role::Nurse, "dudley").await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    write_and_publish(&app, &nurse, leaver.id, content()).await;
    let token = app.token(&leaver).await;
    let (_, first) = app.get("/v1/me/passport", &token).await;
    assert_eq!(first["acknowledged_at"], json!(null));

    let (status, ack) = app
        .post("/v1/me/passport/acknowledge", &token, json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{ack}");
    let (_, acknowledged) = app.get("/v1/me/passport", &token).await;
    assert_eq!(acknowledged["acknowledged_at"], ack["acknowledged_at"]);

    write_and_publish(&app, &nurse, leaver.id, second_content()).await;
    let (_, second) = app.get("/v1/me/passport", &token).await;
    assert_eq!(second["version"], 2);
    assert_eq!(second["acknowledged_at"], json!(null));
    assert_eq!(
        second["content"]["medicines"].as_array().map(Vec::len),
        Some(2)
    );

    let (status, body) = app
        .patch("/v1/me", &token, json!({"gp_ods_code": "M87017"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, registered) = app.get("/v1/me/passport", &token).await;
    assert_eq!(
        registered["content"]["about_me"]["gp_practice_ods_code"],
        "M87017"
    );
}

/// The read checks the token's session in the statement that loads the passport: once the
/// device signs out, its access token reads nothing, even with the rendering cached.
#[tokio::test]
async fn a_passport_read_with_the_access_token_of_a_signed_out_device_is_refused() {
    let app = TestApp::spawn().await;
    let (leaver, _) = published_passport(&app).await;
    let device = app.login(&leaver.email, &leaver.password).await;
    let access = device["access_token"].as_str().expect("access token");
    assert_eq!(app.get("/v1/me/passport", access).await.0, StatusCode::OK);

    let (signed_out, _, _) = app
        .call(
            Method::POST,
            "/v1/auth/logout",
            None,
            Some(json!({"refresh_token": device["refresh_token"]})),
            &[],
        )
        .await;

    assert_eq!(signed_out, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/v1/me/passport", access).await.0,
        StatusCode::UNAUTHORIZED
    );
}
