//! Audit entries for every read, and e-mails without health details.
use entity::outbox_message::TemplateName;
use integration_tests::TestApp;
use reqwest::StatusCode;
use serde_json::json;

use super::*;
use crate::access::Cast;

#[tokio::test]
async fn every_read_is_audited_and_shows_in_the_young_persons_access_log() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, true).await;
    let id = cast.leaver.id;
    write_and_publish(&app, &cast.nurse, id, content()).await;
    let me = app.token(&cast.leaver).await;
    app.post(
        "/v1/me/passport/queries",
        &me,
        json!({"section": "allergies", "message": "Not me"}),
    )
    .await;
    let nurse = app.token(&cast.nurse).await;
    let base = format!("/v1/care-leavers/{id}/passport");
    for path in [
        draft_path(id),
        base.clone(),
        format!("{base}/versions"),
        format!("{base}/versions/1"),
        format!("{base}/versions/1/changes"),
        format!("{base}/queries"),
    ] {
        assert_eq!(app.get(&path, &nurse).await.0, StatusCode::OK, "{path}");
    }
    let caseworker = app.token(&cast.caseworker).await;
    assert_eq!(app.get(&base, &caseworker).await.0, StatusCode::OK);
    for path in [
        "/v1/me/passport",
        "/v1/me/passport/export",
        "/v1/me/passport/queries",
    ] {
        assert_eq!(app.get(path, &me).await.0, StatusCode::OK, "{path}");
    }

    let actions = app.audit_actions(id).await;
    for action in [
        "passport.draft_read",
        "passport.draft_updated",
        "passport.published",
        "passport.read",
        "passport.versions_listed",
        "passport.version_read",
        "passport.changes_read",
        "passport.queries_read",
        "passport.query_raised",
        "passport.exported",
    ] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} in {actions:?}"
        );
    }
    // Three passport reads: the nurse's, the caseworker's and the young person's own.
    assert_eq!(actions.iter().filter(|a| *a == "passport.read").count(), 3);

    let (_, log) = app.get("/v1/me/access-log", &me).await;
    let lines: Vec<&str> = (log["items"].as_array().unwrap().iter())
        .map(|e| e["summary"].as_str().unwrap())
        .collect();
    for expected in [
        "Test nurse (your nurse) read the draft of your health passport.",
        "Test nurse (your nurse) read your health passport.",
        "Test nurse (your nurse) read an old copy of your health passport.",
        "Test nurse (your nurse) looked at what changed in your health passport.",
        "Test nurse (your nurse) read what you asked about your passport.",
        "Test nurse (your nurse) shared a new copy of your health passport with you.",
        "Test caseworker (your adviser) read your health passport.",
    ] {
        assert!(lines.contains(&expected), "{expected} in {lines:#?}");
    }
}

#[tokio::test]
async fn publishing_emails_the_young_person_and_only_a_consenting_caseworker_without_health_details()
 {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, true).await;
    write_and_publish(&app, &cast.nurse, cast.leaver.id, content()).await;
    let to_caseworker = app
        .mail()
        .wait_for(&cast.caseworker.email, "health passport has been updated")
        .await;
    let to_leaver = app
        .mail()
        .wait_for(&cast.leaver.email, "Your health passport is ready")
        .await;
    for mail in [&to_caseworker, &to_leaver] {
        let text = mail.all_text();
        for word in HEALTH_WORDS {
            assert!(!text.contains(word), "{word} in {}", mail.subject());
        }
        assert!(text.contains(&app.state.config.public_base_url.to_string()));
    }
    assert!(to_caseworker.text().contains("Version 1 of Jordan's"));

    // Without consent the caseworker hears nothing.
    let (other, other_caseworker) = (&cast.other_leaver, &cast.other_caseworker);
    app.assign(other, Some(other_caseworker), Some(&cast.nurse), false)
        .await;
    write_and_publish(&app, &cast.nurse, other.id, content()).await;
    app.mail()
        .wait_for(&other.email, "Your health passport is ready")
        .await;
    let outbox = app.outbox().await;
    assert!(
        outbox
            .iter()
            .all(|m| m.to_address != other_caseworker.email)
    );

    // A query with no nurse assigned e-mails no one; with one, the nurse.
    app.assign(other, Some(other_caseworker), None, false).await;
    let token = app.token(other).await;
    let body = json!({"section": "medicines", "message": "Salbutamol is wrong"});
    assert_eq!(
        app.post("/v1/me/passport/queries", &token, body).await.0,
        StatusCode::CREATED
    );
    let outbox = app.outbox().await;
    assert!(
        outbox
            .iter()
            .all(|m| m.template != TemplateName::PassportQueryRaised)
    );
    let me = app.token(&cast.leaver).await;
    let body = json!({"section": "allergies", "message": "Penicillin rash was my brother"});
    assert_eq!(
        app.post("/v1/me/passport/queries", &me, body).await.0,
        StatusCode::CREATED
    );
    let to_nurse = app
        .mail()
        .wait_for(&cast.nurse.email, "has a question")
        .await;
    for word in HEALTH_WORDS {
        assert!(!to_nurse.all_text().contains(word), "{word}");
    }
}
