//! The real binary as a child process: its request log lines, `restore` refusing a running
//! server, and a SIGKILL in the middle of writes.
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::Duration,
};

use care_passport::{AppState, auth::Role};
use integration_tests::{MailSink, PASSWORD, eventually, fresh_database};

use crate::process::Process;
use reqwest::StatusCode;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

/// A state on the same database as the child process, for arranging and checking rows.
async fn state_on(database_url: &str, dir: &std::path::Path, smtp_port: u16) -> AppState {
    let config = integration_tests::test_config(database_url, dir, "http://127.0.0.1/", smtp_port);
    let db = care_passport::db::connect(database_url)
        .await
        .expect("connect");
    care_passport::db::migrate(&db).await.expect("migrate");
    AppState::new(db, config)
}

async fn nurse_with_leavers(state: &AppState, leavers: usize) -> (String, Vec<(Uuid, String)>) {
    let nurse_email = format!("nurse-{}@staff.example", Uuid::new_v4().simple());
    let nurse = care_passport::demo::create_user(
        state,
        Role::Nurse,
        &nurse_email,
        "Test nurse",
        "dudley",
        Some(PASSWORD.into()),
        None,
    )
    .await
    .expect("nurse");
    // Every staff account signs in with a second factor.
    care_passport::auth::second_factor::enrol_confirmed(
        &state.db,
        &state.second_factor,
        nurse,
        Some(NURSE_SECRET.to_vec()),
    )
    .await
    .expect("enrol second factor");
    let dob = chrono::NaiveDate::from_ymd_opt(2005, 6, 1).expect("date");
    let mut out = Vec::new();
    for _ in 0..leavers {
        let email = format!("leaver-{}@young.example", Uuid::new_v4().simple());
        let id = care_passport::demo::create_user(
            state,
            Role::CareLeaver,
            &email,
            "Jordan Tester",
            "dudley",
            Some(PASSWORD.into()),
            Some(dob),
        )
        .await
        .expect("leaver");
        entity::care_leaver::Entity::update(entity::care_leaver::ActiveModel {
            user_id: Set(id),
            nurse_id: Set(Some(nurse)),
            ..Default::default()
        })
        .exec(&state.db)
        .await
        .expect("assign");
        out.push((id, email));
    }
    (nurse_email, out)
}

/// The nurse's authenticator secret, so the test can compute her codes.
const NURSE_SECRET: &[u8; 20] = b"processes-test-totp!";

/// Signs the nurse in with her password and a second-factor code; the token pair.
async fn sign_in(client: &reqwest::Client, server: &Process, email: &str) -> Value {
    let res = client
        .post(server.url("/v1/auth/login"))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.expect("json");
    let challenge = body["challenge"]
        .as_str()
        .expect("a second-factor challenge");
    let code = care_passport::auth::second_factor::code_at(NURSE_SECRET, chrono::Utc::now());
    let res = client
        .post(server.url("/v1/auth/login/totp"))
        .json(&json!({"challenge": challenge, "code": code}))
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.expect("json")
}

#[tokio::test]
async fn each_request_is_logged_once_by_route_template_without_personal_data() {
    let dir = tempfile::tempdir().expect("dir");
    let url = fresh_database(dir.path()).await;
    let sink = MailSink::start();
    let server = Process::serve(dir.path(), &url, sink.port, &[]);
    let state = state_on(&url, dir.path(), sink.port).await;
    let (nurse_email, leavers) = nurse_with_leavers(&state, 1).await;
    let (leaver_id, leaver_email) = leavers[0].clone();
    let client = reqwest::Client::new();

    let pair = sign_in(&client, &server, &nurse_email).await;
    let access = pair["access_token"].as_str().expect("token");
    let draft = client
        .get(server.url(&format!("/v1/care-leavers/{leaver_id}/passport/draft")))
        .bearer_auth(access)
        .header("x-request-id", "log-test-request")
        .send()
        .await
        .expect("sent");
    let nearby = client
        .get(server.url("/v1/practices/nearby?postcode=DY1%201HR"))
        .bearer_auth(access)
        .send()
        .await
        .expect("sent");
    assert_eq!(draft.status(), StatusCode::OK);
    let nearby_status = nearby.status().as_u16();
    // The server makes its own request id; the client's is logged beside it.
    let wanted = |l: &Value| l["fields"]["client_request_id"] == "log-test-request";
    // Both requests' lines: the log is written asynchronously, in no promised order.
    let nearby_line = |v: &Value| v["fields"]["route"] == "/v1/practices/nearby";
    eventually(Duration::from_secs(10), "the request's log line", || {
        let lines: Vec<Value> = (server.log_lines().iter())
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .collect();
        let found = lines.iter().any(wanted) && lines.iter().any(nearby_line);
        async move { found }
    })
    .await;
    let lines = server.log_lines();

    let requests: Vec<Value> = (lines.iter())
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["fields"]["message"] == "request")
        .collect();
    let line = requests.iter().find(|v| wanted(v)).expect("logged");
    assert_eq!(line["level"], "INFO");
    assert_eq!(
        line["fields"]["route"],
        "/v1/care-leavers/{id}/passport/draft"
    );
    assert_eq!(line["fields"]["method"], "GET");
    assert_eq!(line["fields"]["status"], 200);
    assert!(line["fields"]["latency_us"].as_u64().is_some());
    assert_eq!(
        requests.iter().filter(|v| wanted(v)).count(),
        1,
        "one line per request"
    );
    assert!(requests.iter().any(|v| {
        v["fields"]["route"] == "/v1/practices/nearby" && v["fields"]["status"] == nearby_status
    }));
    let refresh = pair["refresh_token"].as_str().expect("refresh");
    let personal = [
        nurse_email.as_str(),
        leaver_email.as_str(),
        &leaver_id.to_string(),
        access,
        refresh,
        "DY1",
        PASSWORD,
    ];
    for line in &lines {
        for p in personal {
            assert!(!line.contains(p), "{p} appears in a log line: {line}");
        }
    }
}

#[tokio::test]
async fn restore_refuses_to_replace_the_database_of_a_running_server() {
    use crate::process::run;
    let dir = tempfile::tempdir().expect("dir");
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("care-passport.db").display()
    );
    let sink = MailSink::start();
    let server = Process::serve(dir.path(), &url, sink.port, &[]);
    let backups = tempfile::tempdir().expect("dir");
    let file = backups.path().join("nightly.db");
    let file_arg = file.display().to_string();

    let backup = run(dir.path(), &url, &["backup", &file_arg]);
    let refused = run(dir.path(), &url, &["restore", &file_arg]);
    server.kill();
    let allowed = run(dir.path(), &url, &["restore", &file_arg]);

    assert!(
        backup.status.success(),
        "{}",
        String::from_utf8_lossy(&backup.stderr)
    );
    assert!(file.is_file());
    assert!(!refused.status.success());
    let why = String::from_utf8_lossy(&refused.stderr);
    assert!(
        why.contains("in use by a running Care Passport server"),
        "{why}"
    );
    assert!(
        allowed.status.success(),
        "{}",
        String::from_utf8_lossy(&allowed.stderr)
    );
    assert!(String::from_utf8_lossy(&allowed.stdout).contains("is kept as"));
}

/// What the writers saw acknowledged before the kill.
#[derive(Default)]
struct Acknowledged {
    /// Highest draft revision acknowledged per young person.
    revisions: HashMap<Uuid, i64>,
    resets: usize,
}

/// Saves passport drafts, round robin, until the server stops answering.
async fn save_drafts(base: String, token: String, ids: Vec<Uuid>, ack: Arc<Mutex<Acknowledged>>) {
    let client = reqwest::Client::new();
    for n in 0.. {
        let id = ids[n % ids.len()];
        let path = format!("{base}/v1/care-leavers/{id}/passport/draft");
        let Ok(res) = client.get(&path).bearer_auth(&token).send().await else {
            return;
        };
        let etag = res.headers()["etag"].to_str().expect("etag").to_owned();
        let body = json!({"about_me": {"preferred_name": format!("Jordan {n}")}});
        let Ok(res) = client
            .put(&path)
            .bearer_auth(&token)
            .header("if-match", etag)
            .json(&body)
            .send()
            .await
        else {
            return;
        };
        let Ok(saved) = res.json::<Value>().await else {
            return;
        };
        let revision = saved["revision"].as_i64().expect("revision");
        ack.lock().expect("ack").revisions.insert(id, revision);
    }
}

/// Asks for password-reset e-mails until the server stops answering.
/// Asks for resets of `emails`, each as often as an account may in an hour, every request
/// from its own client address (through the trusted proxy), so no answer is a throttled one.
async fn ask_for_resets(base: String, emails: Vec<String>, ack: Arc<Mutex<Acknowledged>>) {
    let client = reqwest::Client::new();
    let per_account = care_passport::auth::service::RESETS_PER_ACCOUNT_PER_HOUR as usize;
    for n in 0..emails.len() * per_account {
        let Ok(res) = client
            .post(format!("{base}/v1/auth/password-reset"))
            .header(
                "x-forwarded-for",
                format!("10.0.{}.{}", n / 200, n % 200 + 1),
            )
            .json(&json!({"email": emails[n % emails.len()]}))
            .send()
            .await
        else {
            return;
        };
        if res.status() == StatusCode::ACCEPTED {
            ack.lock().expect("ack").resets += 1;
        }
    }
}

#[tokio::test]
async fn a_server_killed_mid_write_keeps_every_acknowledged_write_whole_and_loses_no_mail() {
    let dir = tempfile::tempdir().expect("dir");
    let url = fresh_database(dir.path()).await;
    let sink = MailSink::start();
    // A short claim, so a message claimed when the process died is retried soon after.
    let env = [("MAIL_CLAIM_SECS", "4"), ("TRUSTED_PROXIES", "127.0.0.1")];
    let server = Process::serve(dir.path(), &url, sink.port, &env);
    let state = state_on(&url, dir.path(), sink.port).await;
    let (nurse_email, leavers) = nurse_with_leavers(&state, 8).await;
    let client = reqwest::Client::new();
    let token = sign_in(&client, &server, &nurse_email).await["access_token"]
        .as_str()
        .expect("token")
        .to_owned();
    let ack = Arc::new(Mutex::new(Acknowledged::default()));
    let base = server.url("");
    let ids: Vec<Uuid> = leavers.iter().map(|(id, _)| *id).collect();
    let emails: Vec<String> = leavers.iter().map(|(_, e)| e.clone()).collect();
    let writers = [
        tokio::spawn(save_drafts(
            base.clone(),
            token.clone(),
            ids.clone(),
            ack.clone(),
        )),
        // Two writers, each on half of the accounts: every account gets its hourly allowance.
        tokio::spawn(ask_for_resets(
            base.clone(),
            emails[..4].to_vec(),
            ack.clone(),
        )),
        tokio::spawn(ask_for_resets(base, emails[4..].to_vec(), ack.clone())),
    ];
    eventually(Duration::from_secs(60), "writes under way", || {
        let a = ack.lock().expect("ack");
        let going = a.revisions.values().sum::<i64>() >= 12 && a.resets >= 12;
        async move { going }
    })
    .await;

    server.kill();
    for writer in writers {
        writer.await.expect("writer ends when the server is gone");
    }
    let restarted = Process::serve(dir.path(), &url, sink.port, &env);

    // Drafts: every acknowledged save survived, and each stored revision came with exactly
    // one audit row (the save and its audit entry commit together or not at all).
    let ack = std::mem::take(&mut *ack.lock().expect("ack"));
    for id in &ids {
        let draft = entity::passport_draft::Entity::find()
            .filter(entity::passport_draft::Column::CareLeaverId.eq(*id))
            .one(&state.db)
            .await
            .expect("draft");
        let revision = draft.map_or(0, |d| i64::from(d.version));
        let audited = entity::audit_event::Entity::find()
            .filter(entity::audit_event::Column::CareLeaverId.eq(*id))
            .filter(entity::audit_event::Column::Action.eq("passport.draft_updated"))
            .count(&state.db)
            .await
            .expect("audit");
        assert!(
            revision >= ack.revisions.get(id).copied().unwrap_or(0),
            "a save was lost"
        );
        assert_eq!(
            revision, audited as i64,
            "a save without its audit row, or the reverse"
        );
    }
    // Mail: every reset asked for has its token and its message; all are delivered, once.
    let tokens = entity::one_time_token::Entity::find()
        .filter(entity::one_time_token::Column::Purpose.eq("password_reset"))
        .count(&state.db)
        .await
        .expect("tokens");
    let outbox = entity::outbox_message::Entity::find()
        .all(&state.db)
        .await
        .expect("outbox");
    let resets = outbox
        .iter()
        .filter(|m| m.template == "password_reset")
        .count();
    assert!(
        resets >= ack.resets,
        "an acknowledged reset e-mail was lost"
    );
    assert_eq!(
        tokens as usize, resets,
        "a token without its e-mail, or the reverse"
    );
    eventually(Duration::from_secs(60), "every message delivered", || {
        let db = state.db.clone();
        async move {
            entity::outbox_message::Entity::find()
                .filter(entity::outbox_message::Column::Status.ne("sent"))
                .count(&db)
                .await
                .is_ok_and(|n| n == 0)
        }
    })
    .await;
    // SMTP has no way to ask "did you get this?": if the process died after the SMTP
    // server accepted a message but before the outbox recorded it, that one message goes
    // again after the claim lapses, under the same Message-ID. Only that one may repeat.
    let received = sink.messages();
    let mut repeated = 0;
    for message in &outbox {
        let copies = received
            .iter()
            .filter(|m| m.message_id() == message.message_id.trim_matches(['<', '>']))
            .count();
        assert!(copies >= 1, "{} was never delivered", message.template);
        repeated += copies - 1;
    }
    assert!(repeated <= 1, "{repeated} messages were delivered twice");
    assert_eq!(received.len(), outbox.len() + repeated);
    drop(restarted);
}
