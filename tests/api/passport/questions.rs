//! Questions on one entry of a section, the nurses' list across their caseload, and the answer
//! reaching the young person in the app and by e-mail.
use care_passport::auth::Role;
use entity::outbox_message::TemplateName;
use integration_tests::{Person, TestApp};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

use super::*;
use crate::access::Cast;

async fn ask(app: &TestApp, who: &Person, body: Value) -> (StatusCode, Value) {
    let token = app.token(who).await;
    app.post("/v1/me/passport/queries", &token, body).await
}

async fn stored_queries(app: &TestApp) -> Vec<entity::passport_query::Model> {
    entity::passport_query::Entity::find()
        .all(&app.state.db)
        .await
        .expect("queries")
}

#[tokio::test]
async fn a_young_person_asks_about_one_allergy_and_hears_by_email_when_the_nurse_answers() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    let id = cast.leaver.id;
    write_and_publish(&app, &cast.nurse, id, content()).await;

    let message = "I am not allergic to penicillin any more. I had a test last year.";
    let (status, asked) = ask(
        &app,
        &cast.leaver,
        json!({"section": "allergies", "entry_index": 0, "message": message}),
    )
    .await;

    assert_eq!(status, StatusCode::CREATED, "{asked}");
    assert_eq!(
        (
            asked["section"].as_str(),
            asked["entry_index"].as_i64(),
            asked["entry_label"].as_str(),
            asked["version"].as_i64(),
            asked["status"].as_str()
        ),
        (
            Some("allergies"),
            Some(0),
            Some("Penicillin"),
            Some(1),
            Some("open")
        )
    );
    let rows = stored_queries(&app).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].entry_index, rows[0].entry_label.as_deref()),
        (Some(0), Some("Penicillin"))
    );

    let nurse = app.token(&cast.nurse).await;
    let (status, list) = app.get("/v1/passport-queries", &nurse).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list["total"], 1);
    let item = &list["items"][0];
    assert_eq!(item["id"], asked["id"]);
    assert_eq!(item["name"], "Jordan Tester");
    assert_eq!(item["entry_label"], "Penicillin");
    assert_eq!(item["nurse_id"], json!(cast.nurse.id));

    let reply = "Thanks. I have checked with your GP and taken penicillin off.";
    let resolve = format!(
        "/v1/passport-queries/{}/resolve",
        asked["id"].as_str().unwrap()
    );
    let (status, answered) = app.post(&resolve, &nurse, json!({"note": reply})).await;
    assert_eq!(status, StatusCode::OK, "{answered}");
    assert_eq!(
        (
            answered["status"].as_str(),
            answered["resolution_note"].as_str()
        ),
        (Some("resolved"), Some(reply))
    );
    assert_eq!(answered["entry_label"], "Penicillin");

    let me = app.token(&cast.leaver).await;
    let (_, mine) = app.get("/v1/me/passport/queries", &me).await;
    assert_eq!(mine["items"][0]["status"], "resolved");
    assert_eq!(mine["items"][0]["resolution_note"], reply);
    assert_eq!(mine["items"][0]["resolved_by"], "Test nurse");
    assert_eq!(mine["items"][0]["entry_index"], 0);

    let mail = app
        .mail()
        .wait_for(&cast.leaver.email, "Your nurse has answered your question")
        .await;
    let text = mail.all_text().to_lowercase();
    assert!(text.contains("open the app"), "{text}");
    assert!(
        !text.contains("checked with your gp"),
        "the reply stays out of the e-mail"
    );
    for word in HEALTH_WORDS {
        assert!(!text.contains(word), "the e-mail mentions {word}");
    }
    let outbox = app.outbox().await;
    assert!(
        outbox
            .iter()
            .any(|m| m.template == TemplateName::PassportQueryAnswered
                && m.to_address == cast.leaver.email)
    );

    let (_, open) = app.get("/v1/passport-queries", &nurse).await;
    assert_eq!(open["items"], json!([]));
    let actions = app.audit_actions(id).await;
    for action in [
        "passport.query_raised",
        "passport.queries_read",
        "passport.query_resolved",
    ] {
        assert!(actions.iter().any(|a| a == action), "{action}: {actions:?}");
    }
}

#[tokio::test]
async fn a_question_on_an_entry_missing_from_the_version_read_is_a_422_in_plain_words() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    let id = cast.leaver.id;
    write_and_publish(&app, &cast.nurse, id, content()).await;
    let mut two_allergies = content();
    two_allergies["allergies"]
        .as_array_mut()
        .unwrap()
        .push(json!({"substance": "Peanuts", "reaction": "Swollen lips", "severity": "severe"}));
    write_and_publish(&app, &cast.nurse, id, two_allergies).await;

    let cases = [
        (
            json!({"section": "allergies", "entry_index": 2, "message": "Wrong"}),
            "entry_index",
            "could not find that entry",
        ),
        (
            json!({"section": "allergies", "entry_index": 1, "version": 1, "message": "Wrong"}),
            "entry_index",
            "could not find that entry",
        ),
        (
            json!({"section": "about_me", "entry_index": 0, "message": "Wrong"}),
            "entry_index",
            "not a list",
        ),
        (
            json!({"section": "therapies", "entry_index": 0, "message": "Wrong"}),
            "entry_index",
            "nothing in it yet",
        ),
        (
            json!({"section": "allergies", "entry_index": 0, "version": 9, "message": "Wrong"}),
            "version",
            "no copy of your passport with this number",
        ),
    ];
    for (body, field, words) in cases {
        let (status, problem) = ask(&app, &cast.leaver, body.clone()).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {problem}"
        );
        assert_eq!(problem["errors"][0]["field"], field, "{body}");
        let message = problem["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(message.contains(words), "{body}: {message}");
    }
    assert!(stored_queries(&app).await.is_empty(), "nothing is stored");

    let (status, latest) = ask(
        &app,
        &cast.leaver,
        json!({"section": "allergies", "entry_index": 1, "message": "I am fine with nuts."}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{latest}");
    assert_eq!(
        (latest["version"].as_i64(), latest["entry_label"].as_str()),
        (Some(2), Some("Peanuts"))
    );
    let (status, older) = ask(
        &app,
        &cast.leaver,
        json!({"section": "allergies", "entry_index": 0, "version": 1, "message": "Not me."}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{older}");
    assert_eq!(
        (older["version"].as_i64(), older["entry_label"].as_str()),
        (Some(1), Some("Penicillin"))
    );
    let (status, whole) = ask(
        &app,
        &cast.leaver,
        json!({"section": "medicines", "message": "I stopped one."}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{whole}");
    assert_eq!(
        (whole["entry_index"].clone(), whole["entry_label"].clone()),
        (Value::Null, Value::Null)
    );
    assert_eq!(stored_queries(&app).await.len(), 3);
}

#[tokio::test]
async fn nurses_list_open_questions_of_their_caseload_oldest_first_or_of_their_whole_authority() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    let colleague = app.staff(Role::Nurse, "dudley").await;
    let theirs = app.care_leaver("dudley", 18, 3).await;
    app.assign(&theirs, None, Some(&colleague), false).await;
    let elsewhere_nurse = &cast.other_la_nurse;
    let elsewhere = app.care_leaver("sandwell", 18, 5).await;
    app.assign(&elsewhere, None, Some(elsewhere_nurse), false)
        .await;
    for (nurse, leaver) in [
        (&cast.nurse, &cast.leaver),
        (&cast.nurse, &cast.other_leaver),
        (&colleague, &theirs),
        (elsewhere_nurse, &elsewhere),
    ] {
        write_and_publish(&app, nurse, leaver.id, content()).await;
    }
    let asked = [
        (&cast.other_leaver, "medicines"),
        (&theirs, "allergies"),
        (&cast.leaver, "conditions"),
        (&elsewhere, "medicines"),
        (&theirs, "sexual_health_and_substance_use"),
    ];
    let mut ids = Vec::new();
    for (leaver, section) in asked {
        let (status, q) = ask(
            &app,
            leaver,
            json!({"section": section, "message": "This looks wrong."}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{q}");
        ids.push(q["id"].as_str().unwrap().to_owned());
    }
    let listed = |body: &Value| -> Vec<String> {
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["id"].as_str().unwrap().to_owned())
            .collect()
    };

    let nurse = app.token(&cast.nurse).await;
    let (status, mine) = app.get("/v1/passport-queries", &nurse).await;
    assert_eq!(status, StatusCode::OK, "{mine}");
    assert_eq!(listed(&mine), [ids[0].clone(), ids[2].clone()]);

    let (status, all) = app
        .get("/v1/passport-queries?scope=authority", &nurse)
        .await;
    assert_eq!(status, StatusCode::OK, "{all}");
    // Sandwell's question is another authority's; the sensitive one belongs to the colleague.
    assert_eq!(
        listed(&all),
        [ids[0].clone(), ids[1].clone(), ids[2].clone()]
    );
    let colleague_token = app.token(&colleague).await;
    let (_, theirs_list) = app.get("/v1/passport-queries", &colleague_token).await;
    assert_eq!(listed(&theirs_list), [ids[1].clone(), ids[4].clone()]);

    let (status, page) = app
        .get(
            "/v1/passport-queries?scope=authority&limit=1&offset=1",
            &nurse,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (listed(&page), page["total"].as_i64()),
        (vec![ids[1].clone()], Some(3))
    );
    let (status, problem) = app.get("/v1/passport-queries?scope=everyone", &nurse).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");

    for who in [&cast.caseworker, &cast.leaver, &cast.admin] {
        let token = app.token(who).await;
        let (status, _) = app.get("/v1/passport-queries", &token).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{:?}", who.role);
    }

    let reads = entity::audit_event::Entity::find()
        .filter(entity::audit_event::Column::Action.eq("passport.queries_read"))
        .filter(entity::audit_event::Column::ActorId.eq(cast.nurse.id))
        .filter(entity::audit_event::Column::CareLeaverId.eq(theirs.id))
        .count(&app.state.db)
        .await
        .expect("audit");
    assert!(
        reads >= 1,
        "listing another nurse's young person is audited"
    );
}
