//! Operations: `/metrics`, the request timeout and load shedding.
use std::time::Duration;

use care_passport::auth::Role;
use integration_tests::TestApp;
use reqwest::{Method, StatusCode};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbBackend};
use serde_json::json;

const METRICS_TOKEN: &str = "scrape-0123456789abcdef0123456789";

async fn scrape(app: &TestApp, token: Option<&str>) -> (StatusCode, String) {
    let mut req = app.client.get(app.url("/metrics"));
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    let res = req.send().await.expect("scrape");
    (res.status(), res.text().await.expect("body"))
}

/// Holds the database so that a sign-in (which writes an audit row) waits: SQLite's write
/// lock, or an exclusive lock on the audit table on PostgreSQL.
async fn hold_writes(app: &TestApp) -> DatabaseTransaction {
    let txn = care_passport::db::begin_write(&app.state.db)
        .await
        .expect("begin");
    if app.state.db.get_database_backend() == DbBackend::Postgres {
        txn.execute_unprepared("LOCK TABLE audit_events IN EXCLUSIVE MODE")
            .await
            .expect("lock");
    }
    txn
}

/// A sign-in as a request future that owns what it needs (so it can be spawned).
fn sign_in(app: &TestApp, email: &str) -> impl Future<Output = reqwest::Response> + 'static {
    let req = app
        .client
        .post(app.url("/v1/auth/login"))
        .json(&json!({"email": email, "password": integration_tests::PASSWORD}))
        .send();
    async move { req.await.expect("sent") }
}

#[tokio::test]
async fn metrics_name_every_series_an_operator_needs_and_no_personal_data() {
    let app = TestApp::spawn_configured(|c| c.metrics_token = Some(METRICS_TOKEN.into())).await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let token = app.token(&leaver).await;
    let (status, _) = app.get("/v1/me", &token).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, _) = app
        .call(
            Method::POST,
            "/v1/auth/login",
            None,
            Some(json!({"email": leaver.email, "password": "not-the-password-1"})),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let (without, _) = scrape(&app, None).await;
    let (wrong, _) = scrape(&app, Some("scrape-but-not-the-right-token")).await;
    let (status, text) = scrape(&app, Some(METRICS_TOKEN)).await;

    assert_eq!(without, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong, StatusCode::UNAUTHORIZED);
    assert_eq!(status, StatusCode::OK);
    for series in [
        r#"http_requests_total{method="GET",route="/v1/me",status="200"}"#,
        r#"http_request_duration_seconds_bucket{method="POST",route="/v1/auth/login",status="401",le="0.005"}"#,
        "http_requests_shed_total",
        "http_requests_timed_out_total",
        r#"mail_outbox_messages{status="pending"}"#,
        "mail_outbox_oldest_pending_age_seconds",
        "mail_sent_total",
        "mail_send_failures_total",
        "auth_sign_in_failures_total",
        "auth_sign_in_throttled_total",
        r#"db_pool_connections{state="in_use"}"#,
        "db_pool_max_connections",
        "audit_events_recorded_total",
        r#"care_passport_build_info{version=""#,
    ] {
        assert!(text.contains(series), "{series} missing from:\n{text}");
    }
    for personal in [leaver.email.as_str(), &leaver.id.to_string(), &token] {
        assert!(!text.contains(personal), "{personal} in the metrics");
    }
    promtool_accepts(&text);
}

/// `promtool check metrics` when Prometheus's tool is installed (CI installs it with
/// `scripts/promtool.sh`); otherwise says so.
fn promtool_accepts(text: &str) {
    use std::io::Write;
    let child = std::process::Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        println!("promtool is not installed: skipping `promtool check metrics`");
        return;
    };
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(text.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("promtool");
    assert!(
        out.status.success(),
        "promtool check metrics: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn metrics_are_not_served_on_the_main_address_without_a_configured_token() {
    let app = TestApp::spawn().await;

    let (status, text) = scrape(&app, Some(METRICS_TOKEN)).await;

    assert_eq!(status, StatusCode::NOT_FOUND, "{text}");
}

#[tokio::test]
async fn a_request_still_running_at_the_timeout_gets_503_problem_json() {
    let app = TestApp::spawn_configured(|c| c.request_timeout = Duration::from_secs(1)).await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let held = hold_writes(&app).await;

    let res = sign_in(&app, &nurse.email).await;

    let status = res.status();
    let content_type = res.headers()["content-type"].to_str().unwrap().to_owned();
    let retry_after = res.headers().get("retry-after").cloned();
    let body: serde_json::Value = res.json().await.expect("json");
    held.rollback().await.expect("release");
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(content_type, "application/problem+json");
    assert_eq!(body["status"], 503);
    assert_eq!(
        body["detail"],
        "The request took too long. Please try again."
    );
    assert!(retry_after.is_some());
    // The abandoned request rolled back; the service carries on.
    app.login(&nurse.email, &nurse.password).await;
}

#[tokio::test]
async fn requests_beyond_the_concurrency_limit_are_refused_at_once_with_retry_after() {
    let app = TestApp::spawn_configured(|c| c.max_concurrent_requests = 1).await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let held = hold_writes(&app).await;
    let waiting = tokio::spawn(sign_in(&app, &nurse.email));

    // The held sign-in takes the only slot as soon as it arrives; poll until it has.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    let refused = loop {
        let res = app
            .client
            .get(app.url("/v1/local-authorities"))
            .send()
            .await
            .expect("sent");
        if res.status() == StatusCode::SERVICE_UNAVAILABLE {
            break res;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no request was shed"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let (health, _, _) = app.call(Method::GET, "/healthz", None, None, &[]).await;
    held.rollback().await.expect("release");
    let finished = waiting.await.expect("the held sign-in");

    assert_eq!(refused.headers()["retry-after"], "1");
    assert_eq!(
        refused.headers()["content-type"],
        "application/problem+json"
    );
    assert_eq!(health, StatusCode::OK, "probes are never shed");
    assert_eq!(
        finished.status(),
        StatusCode::OK,
        "the admitted request completes"
    );
}
