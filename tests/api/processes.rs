//! The real binary as a child process: its request log lines, `restore` refusing a running
//! server, and a SIGKILL in the middle of writes.
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::Duration,
};

use care_passport::{AppState, auth::Role};
use entity::outbox_message::TemplateName;
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

/// The nurse's authenticator secret: staff sign in with a second factor.
const NURSE_SECOND_FACTOR: &[u8; 20] = b"processes-nurse-totp";

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
    care_passport::auth::second_factor::enrol_confirmed(
        &state.db,
        &state.second_factor,
        nurse,
        Some(NURSE_SECOND_FACTOR.to_vec()),
    )
    .await
    .expect("second factor");
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

async fn sign_in(client: &reqwest::Client, server: &Process, email: &str) -> Value {
    let res = client
        .post(server.url("/v1/auth/login"))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.expect("json");
    let Some(challenge) = body["challenge"].as_str() else {
        return body;
    };
    let code = care_passport::auth::second_factor::code_at(NURSE_SECOND_FACTOR, chrono::Utc::now());
    let res = client
        .post(server.url("/v1/auth/login/totp"))
        .json(&json!({"challenge": challenge, "code": code}))
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), StatusCode::OK, "second factor");
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
    // The server names each request itself (a client's id is kept only beside its own).
    let request_id = draft
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .expect("the server's request id")
        .to_owned();
    assert_ne!(request_id, "log-test-request");
    let nearby_status = nearby.status().as_u16();
    let wanted = |l: &Value| l["fields"]["request_id"] == request_id.as_str();
    let nearby_line = |l: &Value| {
        l["fields"]["route"] == "/v1/practices/nearby" && l["fields"]["status"] == nearby_status
    };
    // A line is written as its response goes out, so it may come just after the client has
    // the answer.
    eventually(Duration::from_secs(10), "both requests' log lines", || {
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
    assert!(requests.iter().any(nearby_line));
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
    invitations: usize,
    /// Prescription applications answered 201 (each one e-mails the young person's nurse in
    /// the same transaction).
    applications: usize,
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

/// Adds young people (each one's invitation e-mail is queued in the same transaction) until
/// the server stops answering. (Password-reset e-mails are queued after the answer on
/// purpose, so that known and unknown addresses look alike: they are no acknowledged write.)
async fn add_young_people(
    base: String,
    token: String,
    writer: usize,
    ack: Arc<Mutex<Acknowledged>>,
) {
    let client = reqwest::Client::new();
    for n in 0.. {
        let Ok(res) = client
            .post(format!("{base}/v1/care-leavers"))
            .bearer_auth(&token)
            .json(&json!({
                "name": "Sam Tester",
                "email": format!("new-{writer}-{n}@young.example"),
                "date_of_birth": "2006-05-01",
            }))
            .send()
            .await
        else {
            return;
        };
        if res.status() == StatusCode::CREATED {
            ack.lock().expect("ack").invitations += 1;
        }
    }
}

/// A young person applies for the free-prescription scheme and withdraws, over and over,
/// until the server stops answering (one application may wait at a time, so each new one
/// needs the last withdrawn).
async fn apply_and_withdraw(base: String, token: String, ack: Arc<Mutex<Acknowledged>>) {
    let client = reqwest::Client::new();
    let answers = crate::prescriptions::answers();
    loop {
        let Ok(res) = client
            .post(format!("{base}/v1/me/prescription-applications"))
            .bearer_auth(&token)
            .json(&answers)
            .send()
            .await
        else {
            return;
        };
        let status = res.status();
        let Ok(body) = res.json::<Value>().await else {
            return;
        };
        if status == StatusCode::CONFLICT {
            // The one acknowledged just before a lost answer is still waiting: find it.
            let Ok(res) = client
                .get(format!("{base}/v1/me/prescription-applications"))
                .bearer_auth(&token)
                .send()
                .await
            else {
                return;
            };
            let Ok(mine) = res.json::<Value>().await else {
                return;
            };
            let open = mine["items"].as_array().and_then(|all| {
                all.iter()
                    .find(|a| a["status"] == "submitted")
                    .and_then(|a| a["id"].as_str())
                    .map(str::to_owned)
            });
            let Some(id) = open else { return };
            let withdrawn = client
                .post(format!("{base}/v1/prescription-applications/{id}/withdraw"))
                .bearer_auth(&token)
                .send()
                .await;
            if withdrawn.is_err() {
                return;
            }
            continue;
        }
        assert_eq!(status, StatusCode::CREATED, "{body}");
        ack.lock().expect("ack").applications += 1;
        let id = body["id"].as_str().expect("id");
        let Ok(res) = client
            .post(format!("{base}/v1/prescription-applications/{id}/withdraw"))
            .bearer_auth(&token)
            .send()
            .await
        else {
            return;
        };
        if res.status() != StatusCode::OK {
            return;
        }
    }
}

/// Each of `leavers` is registered with a GP (which the scheme asks for) and signed in.
async fn applicants(
    state: &AppState,
    client: &reqwest::Client,
    server: &Process,
    leavers: &[(Uuid, String)],
) -> Vec<String> {
    let mut tokens = Vec::new();
    for (id, email) in leavers {
        entity::care_leaver::Entity::update(entity::care_leaver::ActiveModel {
            user_id: Set(*id),
            gp_ods_code: Set(Some("M87017".into())),
            ..Default::default()
        })
        .exec(&state.db)
        .await
        .expect("registered with a GP");
        let signed_in = sign_in(client, server, email).await;
        tokens.push(
            signed_in["access_token"]
                .as_str()
                .expect("token")
                .to_owned(),
        );
    }
    tokens
}

#[tokio::test]
async fn a_server_killed_mid_write_keeps_every_acknowledged_write_whole_and_loses_no_mail() {
    let dir = tempfile::tempdir().expect("dir");
    let url = fresh_database(dir.path()).await;
    let sink = MailSink::start();
    // A short claim, so a message claimed when the process died is retried soon after.
    let env = [("MAIL_CLAIM_SECS", "4")];
    let server = Process::serve(dir.path(), &url, sink.port, &env);
    let state = state_on(&url, dir.path(), sink.port).await;
    let (nurse_email, leavers) = nurse_with_leavers(&state, 6).await;
    let client = reqwest::Client::new();
    let token = sign_in(&client, &server, &nurse_email).await["access_token"]
        .as_str()
        .expect("token")
        .to_owned();
    let ack = Arc::new(Mutex::new(Acknowledged::default()));
    let base = server.url("");
    // Four young people's passports are saved by the nurse; two others apply for free
    // prescriptions themselves.
    let (drafted, applying) = leavers.split_at(4);
    let ids: Vec<Uuid> = drafted.iter().map(|(id, _)| *id).collect();
    let applicant_tokens = applicants(&state, &client, &server, applying).await;
    let mut writers = vec![
        tokio::spawn(save_drafts(
            base.clone(),
            token.clone(),
            ids.clone(),
            ack.clone(),
        )),
        tokio::spawn(add_young_people(
            base.clone(),
            token.clone(),
            1,
            ack.clone(),
        )),
        tokio::spawn(add_young_people(
            base.clone(),
            token.clone(),
            2,
            ack.clone(),
        )),
    ];
    for applicant in applicant_tokens {
        writers.push(tokio::spawn(apply_and_withdraw(
            base.clone(),
            applicant,
            ack.clone(),
        )));
    }
    eventually(Duration::from_secs(60), "writes under way", || {
        let a = ack.lock().expect("ack");
        let going =
            a.revisions.values().sum::<i64>() >= 12 && a.invitations >= 12 && a.applications >= 8;
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
    // Mail: every acknowledged invitation has its token and its message; all are delivered,
    // once.
    let tokens = entity::one_time_token::Entity::find()
        .filter(entity::one_time_token::Column::Purpose.eq("invitation"))
        .count(&state.db)
        .await
        .expect("tokens");
    let outbox = entity::outbox_message::Entity::find()
        .all(&state.db)
        .await
        .expect("outbox");
    let invitations = outbox
        .iter()
        .filter(|m| m.template == TemplateName::Invitation)
        .count();
    assert!(
        invitations >= ack.invitations,
        "an acknowledged invitation e-mail was lost"
    );
    assert_eq!(
        tokens as usize, invitations,
        "a token without its e-mail, or the reverse"
    );
    // Applications: every acknowledged one is stored, each with its audit row and the
    // e-mail to the nurse (all three in one transaction); each withdrawal with its audit row;
    // never two waiting at once for one young person.
    let applications = entity::prescription_application::Entity::find()
        .all(&state.db)
        .await
        .expect("applications");
    assert!(
        applications.len() >= ack.applications,
        "an acknowledged application was lost"
    );
    let audited = |action: &'static str| {
        let db = state.db.clone();
        async move {
            entity::audit_event::Entity::find()
                .filter(entity::audit_event::Column::Action.eq(action))
                .count(&db)
                .await
                .expect("audit") as usize
        }
    };
    assert_eq!(
        audited("prescriptions.applied").await,
        applications.len(),
        "an application without its audit row, or the reverse"
    );
    let withdrawn = applications
        .iter()
        .filter(|a| a.status.to_string() == "withdrawn")
        .count();
    assert_eq!(
        audited("prescriptions.withdrawn").await,
        withdrawn,
        "a withdrawal without its audit row, or the reverse"
    );
    for (id, _) in applying {
        let waiting = applications
            .iter()
            .filter(|a| a.care_leaver_id == *id && a.status.to_string() == "submitted")
            .count();
        assert!(waiting <= 1, "two applications waiting at once");
    }
    let told = outbox
        .iter()
        .filter(|m| m.template == TemplateName::PrescriptionApplicationReceived)
        .count();
    assert_eq!(
        told,
        applications.len(),
        "an application whose nurse was not told, or the reverse"
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
    // No mail lost; at most one sent twice, and identifiably so. SMTP gives no exactly-once:
    // the server's "250 accepted" and the outbox's "sent" are two systems, and a SIGKILL can
    // fall between them. The worker records the accept in the very next statement, but a
    // message accepted just before the kill is still "sending" in the outbox and goes again
    // once its claim lapses. One worker sends one message at a time, so only the message in
    // flight at the kill can repeat, and it repeats under the Message-ID stored with it in
    // the outbox, so a mail system (or reader) can recognise the copy. Closing this would
    // need a receiver that deduplicates by Message-ID, which SMTP does not promise.
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
