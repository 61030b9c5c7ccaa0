//! Two instances on one PostgreSQL database, as behind a load balancer. These tests need
//! `TEST_DATABASE_URL` (SQLite is one file for one server) and say so when it is unset.
use std::time::Duration;

use care_passport::auth::Role;
use integration_tests::{MailSink, Person, Smtp, TestApp, eventually};
use reqwest::{Method, StatusCode};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;

/// Two servers on one fresh PostgreSQL database, both sending to `A`'s SMTP sink, checking
/// the practice list every 200 ms. `None` (with a message) without `TEST_DATABASE_URL`.
async fn two_instances() -> Option<(TestApp, TestApp)> {
    if std::env::var("TEST_DATABASE_URL").is_ok_and(|v| !v.is_empty()) {
        let dir_a = tempfile::tempdir().expect("dir");
        let dir_b = tempfile::tempdir().expect("dir");
        let url = integration_tests::fresh_database(dir_a.path()).await;
        let sink = MailSink::start();
        let port = sink.port;
        // Instances behind one load balancer share their public address (the tokens' issuer)
        // and trust it to name the client.
        let quick = |c: &mut care_passport::Config| {
            c.finder_refresh = Duration::from_millis(200);
            c.public_base_url = url::Url::parse("http://care-passport.test/").expect("url");
            c.trusted_proxies = vec![std::net::Ipv4Addr::LOCALHOST.into()];
        };
        let a = TestApp::spawn_on_with(Smtp::Sink(sink), dir_a, url.clone(), quick).await;
        // `Down` only means "this port, no sink of its own": it is A's running sink.
        let b = TestApp::spawn_on_with(Smtp::Down(port), dir_b, url, quick).await;
        Some((a, b))
    } else {
        println!("skipped: two instances need PostgreSQL; set TEST_DATABASE_URL");
        None
    }
}

async fn wrong_password(app: &TestApp, person: &Person) -> StatusCode {
    let body = json!({"email": person.email, "password": "not-the-password-1"});
    app.call(Method::POST, "/v1/auth/login", None, Some(body), &[])
        .await
        .0
}

#[tokio::test]
async fn two_instances_send_each_queued_e_mail_exactly_once() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let mut leavers = Vec::new();
    for n in 0..6 {
        let app = if n % 2 == 0 { &a } else { &b };
        leavers.push(app.care_leaver("dudley", 20, n).await);
    }

    for round in 0..3 {
        for (n, leaver) in leavers.iter().enumerate() {
            let app = if (n + round) % 2 == 0 { &a } else { &b };
            let client_ip = format!("198.51.100.{}", round * 6 + n + 1);
            let (status, _, _) = app
                .call(
                    Method::POST,
                    "/v1/auth/password-reset",
                    None,
                    Some(json!({"email": leaver.email})),
                    // Many young people behind the one proxy, not one client asking 18 times.
                    &[("x-forwarded-for", client_ip.as_str())],
                )
                .await;
            assert_eq!(status, StatusCode::ACCEPTED);
        }
    }
    eventually(Duration::from_secs(30), "all 18 e-mails sent", || async {
        a.outbox()
            .await
            .iter()
            .all(|m| m.status.to_string() == "sent")
            && a.mail().messages().len() >= 18
    })
    .await;
    // Both workers keep polling; give a duplicate the chance to show before counting.
    tokio::time::sleep(Duration::from_secs(1)).await;

    let outbox = a.outbox().await;
    let received = a.mail().messages();
    assert_eq!(outbox.len(), 18);
    assert_eq!(received.len(), 18, "each message once");
    for leaver in &leavers {
        assert_eq!(a.mail().to(&leaver.email).len(), 3);
    }
}

#[tokio::test]
async fn sign_in_throttling_counts_failures_made_on_either_instance() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let leaver = a.care_leaver("dudley", 19, 0).await;

    let mut failures = 0;
    while failures < 5 {
        assert_eq!(wrong_password(&a, &leaver).await, StatusCode::UNAUTHORIZED);
        failures += 1;
    }
    let body = json!({"email": leaver.email, "password": leaver.password});
    let (on_b, headers, problem) = b
        .call(Method::POST, "/v1/auth/login", None, Some(body), &[])
        .await;

    assert_eq!(on_b, StatusCode::TOO_MANY_REQUESTS, "{problem}");
    assert!(headers.contains_key("retry-after"));
}

#[tokio::test]
async fn sessions_ended_on_one_instance_are_refused_on_the_other() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let leaver = a.care_leaver("dudley", 19, 0).await;
    let first = a.login(&leaver.email, &leaver.password).await;
    let second = b.login(&leaver.email, &leaver.password).await;
    let third = a.login(&leaver.email, &leaver.password).await;
    let refresh = |pair: &serde_json::Value| json!({"refresh_token": pair["refresh_token"]});

    // Signing out one session on A: its refresh token is refused on B.
    let (logout, _, _) = a
        .call(
            Method::POST,
            "/v1/auth/logout",
            None,
            Some(refresh(&first)),
            &[],
        )
        .await;
    let (refreshed, _, _) = b
        .call(
            Method::POST,
            "/v1/auth/refresh",
            None,
            Some(refresh(&first)),
            &[],
        )
        .await;
    assert_eq!(logout, StatusCode::NO_CONTENT);
    assert_eq!(refreshed, StatusCode::UNAUTHORIZED);

    // Changing the password on A ends every session: B refuses the access and refresh
    // tokens of a session that B itself issued.
    let access = second["access_token"].as_str().expect("token");
    let (status, _) = b.get("/v1/me", access).await;
    assert_eq!(status, StatusCode::OK);
    let (changed, _) = a
        .post(
            "/v1/me/password",
            third["access_token"].as_str().expect("token"),
            json!({"current_password": leaver.password, "new_password": "a-new-long-passphrase-7"}),
        )
        .await;
    assert_eq!(changed, StatusCode::NO_CONTENT);
    let (status, _) = b.get("/v1/me", access).await;
    let (refreshed, _, _) = b
        .call(
            Method::POST,
            "/v1/auth/refresh",
            None,
            Some(refresh(&second)),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(refreshed, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_access_token_signed_out_on_one_instance_is_refused_on_the_other_at_once() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let leaver = a.care_leaver("dudley", 19, 0).await;
    let pair = a.login(&leaver.email, &leaver.password).await;
    let access = pair["access_token"].as_str().expect("token");
    let (before, _) = b.get("/v1/me", access).await;

    let (logout, _, _) = a
        .call(
            Method::POST,
            "/v1/auth/logout",
            None,
            Some(json!({"refresh_token": pair["refresh_token"]})),
            &[],
        )
        .await;
    let (after, _) = b.get("/v1/me", access).await;

    assert_eq!(before, StatusCode::OK);
    assert_eq!(logout, StatusCode::NO_CONTENT);
    assert_eq!(after, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_import_on_one_instance_refreshes_the_finder_on_both_and_every_action_is_audited() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let before = (a.state.finder.index().len(), b.state.finder.index().len());
    let leaver = a.care_leaver("dudley", 19, 0).await;
    let nurse = b.staff(Role::Nurse, "dudley").await;
    a.assign(&leaver, None, Some(&nurse), false).await;

    care_passport::demo::finder::load_demo(&a.state)
        .await
        .expect("import on A");
    eventually(Duration::from_secs(20), "both indexes rebuilt", || async {
        a.state.finder.index().len() > before.0 && b.state.finder.index().len() > before.1
    })
    .await;
    // Audited actions through both instances, interleaved.
    let token_a = a.token(&nurse).await;
    let token_b = b.token(&nurse).await;
    let path = format!("/v1/care-leavers/{}/passport/draft", leaver.id);
    for (app, token) in [
        (&a, &token_a),
        (&b, &token_b),
        (&a, &token_a),
        (&b, &token_b),
    ] {
        let (_, headers, _) = app.call(Method::GET, &path, Some(token), None, &[]).await;
        let etag = headers["etag"].to_str().expect("etag").to_owned();
        let (status, _, body) = app
            .call(
                Method::PUT,
                &path,
                Some(token),
                Some(json!({"about_me": {"preferred_name": "Jordan"}})),
                &[("if-match", &etag)],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }

    assert_eq!(
        a.state.finder.index().len(),
        b.state.finder.index().len(),
        "both instances search the same practices"
    );
    let on_a = a.audit_actions(leaver.id).await;
    let on_b = b.audit_actions(leaver.id).await;
    assert_eq!(on_a, on_b, "one audit log");
    assert_eq!(
        on_a.iter()
            .filter(|x| *x == "passport.draft_updated")
            .count(),
        4,
        "every save through either instance: {on_a:?}"
    );
    let all = entity::audit_event::Entity::find()
        .count(&a.state.db)
        .await
        .expect("count");
    assert!(all >= 4 + 2, "sign-ins on both instances are audited too");
}

#[tokio::test]
async fn an_article_published_or_taken_down_on_one_instance_is_listed_so_on_the_other_at_once() {
    use crate::content::{ARTICLES, act, article, ids, published};
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let nurse = b.token(&b.staff(Role::Nurse, "dudley").await).await;
    let leaver = a.token(&a.care_leaver("dudley", 19, 0).await).await;
    let (before, empty) = a.get(ARTICLES, &leaver).await;

    // `A` keeps its serialised list; a publication through `B` must still show on `A`.
    let (id, tag) = published(
        &b,
        &nurse,
        article("Seeing a GP", "registering_with_a_gp", "2027-01-10"),
    )
    .await;
    let (_, listed) = a.get(ARTICLES, &leaver).await;
    let (_, listed_again) = a.get(ARTICLES, &leaver).await;
    let (status, _, _) = act(
        &b,
        &nurse,
        Method::POST,
        &format!("{ARTICLES}/{id}/unpublish"),
        &tag,
        None,
    )
    .await;
    let (_, after) = a.get(ARTICLES, &leaver).await;

    assert_eq!(before, StatusCode::OK);
    assert_eq!(ids(&empty, "items"), Vec::<String>::new());
    assert_eq!(ids(&listed, "items"), vec![id.clone()]);
    assert_eq!(listed_again, listed);
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ids(&after, "items"), Vec::<String>::new());
}
