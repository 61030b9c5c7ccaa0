use std::time::Duration;

use care_passport::{
    auth::Role,
    mail::{self, Outgoing, Template, transport::Mailer, worker},
};
use integration_tests::{MailSink, Smtp, TestApp, eventually, smtp::free_port};
use reqwest::StatusCode;
use serde_json::json;

async fn create_leaver(app: &TestApp, token: &str, email: &str) -> StatusCode {
    app.post(
        "/v1/care-leavers",
        token,
        json!({"name": "Casey Young", "email": email, "date_of_birth": "2006-04-04"}),
    )
    .await
    .0
}

#[tokio::test]
async fn a_message_arrives_with_the_right_recipient_subject_body_and_message_id() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    assert_eq!(
        create_leaver(&app, &app.token(&nurse).await, "casey@young.example").await,
        StatusCode::CREATED
    );
    let mail = app
        .mail()
        .wait_for("casey@young.example", "You're invited to Care Passport")
        .await;
    assert_eq!(mail.to, vec!["casey@young.example".to_string()]);
    assert!(mail.text().contains("Hi Casey Young"));
    assert!(
        mail.text()
            .contains(&app.state.config.public_base_url.to_string())
    );
    assert!(mail.html().contains("<a href="));
    // The worker marks the row sent just after the server accepted the message.
    eventually(Duration::from_secs(5), "status sent", || async {
        app.outbox().await[0].status.to_string() == "sent"
    })
    .await;
    assert_eq!(
        format!("<{}>", mail.message_id()),
        app.outbox().await[0].message_id
    );
}

#[tokio::test]
async fn with_smtp_down_mail_stays_pending_then_arrives_exactly_once() {
    let port = free_port();
    let app = TestApp::spawn_with(Smtp::Down(port)).await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    assert_eq!(
        create_leaver(&app, &app.token(&nurse).await, "outage@young.example").await,
        StatusCode::CREATED
    );
    eventually(Duration::from_secs(10), "a failed attempt", || async {
        app.outbox()
            .await
            .first()
            .is_some_and(|m| m.attempts >= 1 && m.status.to_string() == "pending")
    })
    .await;
    assert!(app.outbox().await[0].last_error.is_some());
    let sink = MailSink::start_on(port);
    sink.wait_for("outage@young.example", "invited").await;
    eventually(Duration::from_secs(5), "status sent", || async {
        app.outbox().await[0].status.to_string() == "sent"
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(sink.to("outage@young.example").len(), 1, "exactly once");
}

#[tokio::test]
async fn a_rolled_back_change_sends_nothing() {
    let app = TestApp::spawn().await;
    // A write transaction as the app opens them (on SQLite it takes the write lock first, so
    // the background writers cannot make it fail with "database is locked").
    let txn = care_passport::db::begin_write(&app.state.db).await.unwrap();
    mail::enqueue(
        &txn,
        &app.state.config,
        Outgoing {
            to: "never@young.example".into(),
            to_name: None,
            template: Template::PasswordReset {
                name: "Never".into(),
                token: "t".into(),
            },
            send_after: None,
        },
    )
    .await
    .unwrap();
    txn.rollback().await.unwrap();
    // And a request that fails half-way (duplicate e-mail) queues nothing either.
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let token = app.token(&nurse).await;
    assert_eq!(
        create_leaver(&app, &token, "dup@young.example").await,
        StatusCode::CREATED
    );
    assert_eq!(
        create_leaver(&app, &token, "dup@young.example").await,
        StatusCode::CONFLICT
    );
    app.mail().wait_for("dup@young.example", "invited").await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(app.outbox().await.len(), 1);
    assert!(app.mail().to("never@young.example").is_empty());
    assert_eq!(app.mail().to("dup@young.example").len(), 1);
}

#[tokio::test]
async fn a_permanently_failing_address_ends_failed_and_admins_can_retry_it() {
    let app = TestApp::spawn().await;
    let admin = app.staff(Role::Admin, "dudley").await;
    let token = app.token(&admin).await;
    assert_eq!(
        create_leaver(&app, &token, "bounce@young.example").await,
        StatusCode::CREATED
    );
    eventually(Duration::from_secs(15), "status failed", || async {
        app.outbox().await[0].status.to_string() == "failed"
    })
    .await;
    let row = &app.outbox().await[0];
    assert_eq!(row.attempts, app.state.config.mail.max_attempts);
    let (status, list) = app.get("/v1/admin/outbox?status=failed", &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["items"][0]["id"], json!(row.id));
    assert!(
        list["items"][0]["last_error"]
            .as_str()
            .unwrap()
            .contains("550")
    );
    let (status, retried) = app
        .post(
            &format!("/v1/admin/outbox/{}/retry", row.id),
            &token,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(retried["status"], "pending");
    let nurse = app.staff(Role::Nurse, "dudley").await;
    assert_eq!(
        app.get("/v1/admin/outbox", &app.token(&nurse).await)
            .await
            .0,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn two_workers_on_one_database_send_each_message_once() {
    let mut app = TestApp::spawn_with(Smtp::Down(free_port())).await;
    app.stop().await; // only the two workers below send
    let sink = MailSink::start();
    let mut config = app.state.config.as_ref().clone();
    config.smtp_url = Some(format!("smtp://127.0.0.1:{}", sink.port).parse().unwrap());
    for i in 0..30 {
        mail::enqueue(
            &app.state.db,
            &config,
            Outgoing {
                to: format!("many{i}@young.example"),
                to_name: None,
                template: Template::PassportReadyForYoungPerson {
                    name: format!("Person {i}"),
                },
                send_after: Some(chrono::Utc::now() + chrono::Duration::seconds(2)),
            },
        )
        .await
        .unwrap();
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let run = |db: sea_orm::DatabaseConnection| {
        let config = config.clone();
        tokio::spawn(async move {
            let mailer = Mailer::from_config(&config).unwrap();
            let mut total = 0;
            for _ in 0..20 {
                total += worker::deliver_due(&db, &mailer, &config.mail)
                    .await
                    .unwrap();
            }
            total
        })
    };
    let second_db = care_passport::db::connect(&app.database_url).await.unwrap();
    let (a, b) = (run(app.state.db.clone()), run(second_db));
    let (a, b) = (a.await.unwrap(), b.await.unwrap());
    let delivered: Vec<_> = sink
        .messages()
        .into_iter()
        .filter(|m| m.to[0].starts_with("many"))
        .collect();
    let mut ids: Vec<_> = delivered.iter().map(|m| m.message_id()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(
        (delivered.len(), ids.len()),
        (30, 30),
        "workers attempted {a} + {b}"
    );
}

#[tokio::test]
async fn the_service_restarts_with_pending_mail_and_delivers_it() {
    let port = free_port();
    let app = TestApp::spawn_with(Smtp::Down(port)).await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    assert_eq!(
        create_leaver(&app, &app.token(&nurse).await, "restart@young.example").await,
        StatusCode::CREATED
    );
    let (dir, url) = app.into_parts().await;
    let sink = MailSink::start_on(port);
    let restarted = TestApp::spawn_on(Smtp::Sink(sink.clone()), dir, url).await;
    sink.wait_for("restart@young.example", "invited").await;
    eventually(Duration::from_secs(5), "sent", || async {
        restarted.outbox().await[0].status.to_string() == "sent"
    })
    .await;
}

#[tokio::test]
async fn without_smtp_url_mail_is_written_as_eml_files() {
    let mut app = TestApp::spawn().await;
    app.stop().await; // only the file-writing worker below sends
    let mut config = app.state.config.as_ref().clone();
    config.smtp_url = None;
    mail::enqueue(
        &app.state.db,
        &config,
        Outgoing {
            to: "files@young.example".into(),
            to_name: Some("Files".into()),
            template: Template::PassportReadyForYoungPerson {
                name: "Files".into(),
            },
            send_after: None,
        },
    )
    .await
    .unwrap();
    let mailer = Mailer::from_config(&config).unwrap();
    assert_eq!(
        worker::deliver_due(&app.state.db, &mailer, &config.mail)
            .await
            .unwrap(),
        1
    );
    let row = app
        .outbox()
        .await
        .into_iter()
        .find(|m| m.to_address == "files@young.example")
        .unwrap();
    assert_eq!(row.status.to_string(), "sent");
    let path = config.data_dir.join("mail").join(format!("{}.eml", row.id));
    let eml = std::fs::read_to_string(&path).expect("the .eml file");
    assert!(eml.contains("Subject: Your health passport is ready"));
    assert!(eml.contains(&format!("Message-ID: {}", row.message_id)));
}
