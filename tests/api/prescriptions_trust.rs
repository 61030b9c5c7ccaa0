//! Issue 14, rules the council can trust: applications use the facts on the record, a
//! certificate holder is told so (and may only renew near the end), and only the Designated
//! Nurse decides.
use care_passport::auth::Role;
use chrono::{Days, Utc};
use entity::outbox_message::TemplateName;
use integration_tests::TestApp;
use reqwest::StatusCode;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

use crate::prescriptions::{
    answers, answers_with, application_count, apply, approval, decide, insert_application,
    register_with_gp, team, today,
};

fn long_date(date: chrono::NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

#[tokio::test]
async fn an_application_that_contradicts_the_record_is_refused_with_a_422_that_says_to_ask_for_a_correction()
 {
    let app = TestApp::spawn().await;
    let t = team(&app).await;
    let older = app.care_leaver("dudley", 28, 0).await;
    register_with_gp(&app, &older).await;
    let born = today()
        .checked_sub_months(chrono::Months::new(28 * 12))
        .expect("date");

    let cases = [
        (
            "a 28-year-old gives a younger date of birth",
            &older,
            answers_with(json!({"date_of_birth": "2004-01-01"})),
            "date_of_birth",
            format!("Your record says you were born on {}.", long_date(born)),
        ),
        (
            "another council",
            &t.leaver,
            answers_with(json!({"leaving_care_local_authority": "Birmingham"})),
            "leaving_care_local_authority",
            "Your record says Dudley's leaving-care team helps you.".to_string(),
        ),
        (
            "not registered with the GP on the record",
            &t.leaver,
            answers_with(json!({"registered_with_gp": false})),
            "registered_with_gp",
            "Your record says you are registered with a GP.".to_string(),
        ),
    ];
    for (what, leaver, body, field, record_says) in cases {
        let (status, problem) = apply(&app, leaver, body).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{what}: {problem}"
        );
        assert_eq!(
            problem["type"], "urn:care-passport:problem:record-differs",
            "{what}"
        );
        assert_eq!(problem["errors"][0]["field"], field, "{what}");
        let message = problem["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(message.starts_with(&record_says), "{what}: {message}");
        assert!(
            message.contains("ask your personal adviser or nurse to fix it"),
            "{what}: {message}"
        );
    }
    assert_eq!(application_count(&app).await, 0, "nothing stored");
    assert!(
        app.outbox()
            .await
            .iter()
            .all(|m| !m.template.to_string().starts_with("prescription")),
        "no nurse is told"
    );

    let same_as_record = answers_with(json!({
        "leaving_care_local_authority": "Dudley",
        "registered_with_gp": true,
        "eligible_for_leaving_care_service": true
    }));
    let (status, created) = apply(&app, &t.leaver, same_as_record).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["facts"]["leaving_care_local_authority"], "Dudley");
}

#[tokio::test]
async fn the_eligibility_checker_takes_what_if_answers_and_says_which_facts_came_from_the_record() {
    let app = TestApp::spawn().await;
    let t = team(&app).await;
    let (status, answer) = app
        .post(
            "/v1/prescriptions/eligibility",
            &app.token(&t.leaver).await,
            answers_with(json!({"date_of_birth": "2000-01-01"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(
        answer["filled_in"],
        json!([
            "leaving_care_local_authority",
            "eligible_for_leaving_care_service",
            "registered_with_gp"
        ])
    );
    let from_question = answer["from_question"].as_array().expect("a list");
    assert!(from_question.contains(&json!("date_of_birth")), "{answer}");
    assert!(from_question.contains(&json!("benefits")), "{answer}");
    assert_eq!(
        answer["differs_from_record"][0]["field"], "date_of_birth",
        "{answer}"
    );
    assert_eq!(
        answer["outcome"], "not_eligible",
        "the question's date is used"
    );
    assert_eq!(application_count(&app).await, 0);
}

#[tokio::test]
async fn a_certificate_holder_is_told_they_get_free_prescriptions_and_a_new_application_is_409_until_30_days_before_it_ends()
 {
    let app = TestApp::spawn().await;
    let t = team(&app).await;
    let token = app.token(&t.leaver).await;
    let expires = today() + Days::new(31);
    let current = insert_application(&app, &t.leaver, "approved", Utc::now(), Some(expires)).await;

    let (status, answer) = app
        .post("/v1/prescriptions/eligibility", &token, answers())
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["outcome"], "eligible");
    assert_eq!(answer["schemes"][0]["status"], "certificate_held");
    assert_eq!(answer["ends_on"], expires.to_string());
    let next_step = answer["next_step"].as_str().unwrap_or_default();
    assert!(
        next_step.starts_with(&format!(
            "You already get free prescriptions until {}.",
            long_date(expires)
        )),
        "{next_step}"
    );
    let opens = expires - Days::new(30);
    assert!(
        next_step.contains(&format!(
            "From {}, you can ask for a new one",
            long_date(opens)
        )),
        "{next_step}"
    );

    let (status, problem) = apply(&app, &t.leaver, answers()).await;
    assert_eq!(status, StatusCode::CONFLICT, "31 days before: {problem}");
    let detail = problem["detail"].as_str().unwrap_or_default();
    assert!(detail.contains(&current.to_string()), "names it: {detail}");
    assert!(detail.contains(&long_date(expires)), "{detail}");
    assert_eq!(application_count(&app).await, 1, "nothing new stored");

    // 30 days before the end: a renewal.
    let in_window = today() + Days::new(30);
    entity::prescription_application::Entity::update(
        entity::prescription_application::ActiveModel {
            id: Set(current),
            certificate_expires_on: Set(Some(in_window)),
            ..Default::default()
        },
    )
    .exec(&app.state.db)
    .await
    .expect("move the end date");
    let (_, answer) = app
        .post("/v1/prescriptions/eligibility", &token, answers())
        .await;
    assert!(
        answer["next_step"]
            .as_str()
            .is_some_and(|s| s.contains("you can ask for a new one now")),
        "{answer}"
    );
    let (status, renewal) = apply(&app, &t.leaver, answers()).await;
    assert_eq!(status, StatusCode::CREATED, "{renewal}");
    assert_eq!(renewal["renews"], current.to_string());
}

#[tokio::test]
async fn approving_a_renewal_cancels_the_waiting_reminder_for_the_old_certificate() {
    let app = TestApp::spawn().await;
    let t = team(&app).await;
    insert_application(
        &app,
        &t.leaver,
        "approved",
        Utc::now(),
        Some(today() + Days::new(10)),
    )
    .await;
    let old_reminder = Uuid::new_v4();
    entity::outbox_message::Entity::insert(entity::outbox_message::ActiveModel {
        id: Set(old_reminder),
        message_id: Set(format!("<{old_reminder}@test>")),
        to_address: Set(t.leaver.email.clone()),
        to_name: Set(None),
        subject: Set("Your prepayment certificate runs out soon".into()),
        body_text: Set("Renew it.".into()),
        body_html: Set("<p>Renew it.</p>".into()),
        template: Set(TemplateName::PrescriptionCertificateExpiring),
        status: Set(entity::outbox_message::OutboxStatus::Pending),
        attempts: Set(0),
        send_after: Set(Utc::now() + chrono::Duration::days(1)),
        claimed_until: Set(None),
        last_error: Set(None),
        created_at: Set(Utc::now()),
        sent_at: Set(None),
        local_authority: Set(Some("dudley".into())),
        care_leaver_id: Set(None),
    })
    .exec_without_returning(&app.state.db)
    .await
    .expect("a waiting reminder");

    let (status, renewal) = apply(&app, &t.leaver, answers()).await;
    assert_eq!(status, StatusCode::CREATED, "{renewal}");
    let new_end = today() + Days::new(375);
    let (status, decided) = decide(
        &app,
        &t.nurse,
        renewal["id"].as_str().expect("id"),
        approval(new_end),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{decided}");

    let reminders: Vec<_> = entity::outbox_message::Entity::find()
        .filter(
            entity::outbox_message::Column::Template
                .eq(TemplateName::PrescriptionCertificateExpiring),
        )
        .all(&app.state.db)
        .await
        .expect("outbox");
    assert!(
        reminders.iter().all(|m| m.id != old_reminder),
        "the old reminder is cancelled"
    );
    assert_eq!(reminders.len(), 1, "only the new certificate's reminder");
    assert_eq!(
        reminders[0].send_after.date_naive(),
        new_end - Days::new(30)
    );
}

#[tokio::test]
async fn only_a_designated_nurse_decides_and_another_nurse_gets_403_but_can_add_a_note() {
    let app = TestApp::spawn().await;
    let t = team(&app).await;
    let other_nurse = app.staff(Role::Nurse, "dudley").await;
    let (_, created) = apply(&app, &t.leaver, answers()).await;
    let id = created["id"].as_str().expect("id").to_owned();

    let (_, me) = app.get("/v1/me", &app.token(&t.nurse).await).await;
    assert_eq!(me["designated_nurse"], true);
    let (_, me) = app.get("/v1/me", &app.token(&other_nurse).await).await;
    assert_eq!(me["designated_nurse"], false);

    let (status, problem) =
        decide(&app, &other_nurse, &id, approval(today() + Days::new(300))).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{problem}");
    assert_eq!(
        problem["detail"],
        "Only the Designated Nurse for Children in Care can approve or decline an application. \
         You can add a note for them instead."
    );

    let path = format!("/v1/prescription-applications/{id}/notes");
    let note = "Spoke to the surgery: registration confirmed.";
    let (status, noted) = app
        .post(
            &path,
            &app.token(&other_nurse).await,
            json!({"text": format!("  {note} ")}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{noted}");
    assert_eq!(noted["status"], "submitted", "a note decides nothing");
    assert_eq!(noted["notes"][0]["text"], note);
    assert_eq!(
        noted["notes"][0]["author"]["id"],
        other_nurse.id.to_string()
    );
    let (status, problem) = app
        .post(&path, &app.token(&other_nurse).await, json!({"text": " "}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    let (status, _) = app
        .post(
            &path,
            &app.token(&t.caseworker).await,
            json!({"text": "hi"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "nurses only");

    let (_, mine) = app
        .get(
            "/v1/me/prescription-applications",
            &app.token(&t.leaver).await,
        )
        .await;
    assert_eq!(mine["items"][0]["notes"], json!([]), "notes are for nurses");

    let (status, decided) = decide(&app, &t.nurse, &id, approval(today() + Days::new(300))).await;
    assert_eq!(status, StatusCode::OK, "{decided}");
    assert_eq!(decided["decided_by"]["id"], t.nurse.id.to_string());
    assert_eq!(decided["notes"][0]["text"], note);
    let actions = app.audit_actions(t.leaver.id).await;
    assert!(
        actions.iter().any(|a| a == "prescriptions.note_added"),
        "{actions:?}"
    );
}

#[tokio::test]
async fn only_an_admin_of_the_authority_names_a_designated_nurse_and_only_a_nurse_can_be_one() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let caseworker = app.staff(Role::Caseworker, "dudley").await;
    let admin = app.staff(Role::Admin, "dudley").await;
    let other_admin = app.staff(Role::Admin, "sandwell").await;
    let token = app.token(&admin).await;

    let (status, problem) = app
        .patch(
            &format!("/v1/users/{}", caseworker.id),
            &token,
            json!({"designated_nurse": true}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "designated_nurse");

    let path = format!("/v1/users/{}", nurse.id);
    let (status, _) = app
        .patch(
            &path,
            &app.token(&other_admin).await,
            json!({"designated_nurse": true}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another authority's admin");
    let (status, _) = app
        .patch(
            &path,
            &app.token(&nurse).await,
            json!({"designated_nurse": true}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "not themselves");

    let (status, body) = app
        .patch(&path, &token, json!({"designated_nurse": true}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = app
        .patch(&path, &token, json!({"designated_nurse": false}))
        .await;
    assert_eq!(
        (status, &body["designated_nurse"]),
        (StatusCode::OK, &json!(false))
    );
    let stored = entity::user::Entity::find_by_id(nurse.id)
        .one(&app.state.db)
        .await
        .expect("read")
        .expect("exists");
    assert!(!stored.designated_nurse);
}

#[tokio::test]
async fn the_designated_nurse_and_notes_migrations_roll_back_and_reapply() {
    use migration::SchemaManager;
    let dir = tempfile::tempdir().expect("temp dir");
    let db = care_passport::db::connect(&integration_tests::fresh_database(dir.path()).await)
        .await
        .expect("connect");
    care_passport::db::migrate(&db).await.expect("migrate");
    let schema = SchemaManager::new(&db);
    assert_eq!(present(&schema).await, (true, true, true));
    care_passport::db::roll_back(
        &db,
        integration_tests::steps_back_to("add_designated_nurse_to_users"),
    )
    .await
    .expect("roll back");
    assert_eq!(present(&schema).await, (false, false, false));
    care_passport::db::migrate(&db).await.expect("reapply");
    assert_eq!(present(&schema).await, (true, true, true));
}

/// Whether the designated-nurse column, the renewal column and the notes table exist.
async fn present(schema: &migration::SchemaManager<'_>) -> (bool, bool, bool) {
    (
        schema
            .has_column("users", "designated_nurse")
            .await
            .expect("users"),
        schema
            .has_column("prescription_applications", "renews_application_id")
            .await
            .expect("applications"),
        schema
            .has_table("prescription_application_notes")
            .await
            .expect("notes"),
    )
}
