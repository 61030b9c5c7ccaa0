//! The demo gives the nurses' workspace something to show: a draft in progress, open
//! questions (one on a single allergy), an application waiting for the Designated Nurse, and
//! notes on dentists of different ages; and the migrations behind them roll back.
use integration_tests::{Person, TestApp};
use reqwest::StatusCode;
use sea_orm::{EntityTrait, PaginatorTrait};
use uuid::Uuid;

#[tokio::test]
async fn the_demo_leaves_work_waiting_for_the_nurses() {
    let app = TestApp::spawn().await;
    let logins = care_passport::demo::load(&app.state)
        .await
        .expect("demo loads");
    care_passport::demo::load(&app.state)
        .await
        .expect("demo loads twice");
    let login = |key: &str| {
        let l = logins
            .iter()
            .find(|l| l.email.starts_with(&format!("{key}@")))
            .expect("a demo login");
        Person {
            id: Uuid::nil(),
            email: l.email.clone(),
            password: l.password.clone(),
            role: l.role,
        }
    };
    let nurse = app.token(&login("nurse")).await;

    let (status, questions) = app.get("/v1/passport-queries", &nurse).await;
    assert_eq!(status, StatusCode::OK, "{questions}");
    assert_eq!(questions["total"], 2, "loading twice adds no questions");
    let first = &questions["items"][0];
    assert_eq!(
        (
            first["section"].as_str(),
            first["entry_index"].as_i64(),
            first["entry_label"].as_str()
        ),
        (Some("allergies"), Some(0), Some("Penicillin")),
        "the oldest question is on one allergy"
    );
    assert_eq!(
        questions["items"][1]["entry_index"],
        serde_json::Value::Null
    );

    let kyle = app.user_by_email(&login("kyle").email).await;
    let path = format!("/v1/care-leavers/{}/passport/draft", kyle.id);
    let (status, draft) = app.get(&path, &nurse).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(draft["saved"], true, "a draft in progress");
    assert!(
        draft["unpublished_changes"]
            .as_array()
            .is_some_and(|c| c.iter().any(|c| c["section"] == "health_plan_actions"))
    );

    let (status, waiting) = app
        .get("/v1/prescription-applications?status=submitted", &nurse)
        .await;
    assert_eq!(status, StatusCode::OK, "{waiting}");
    assert!(waiting["total"].as_i64().is_some_and(|n| n >= 1));
    let (_, me) = app.get("/v1/me", &nurse).await;
    assert_eq!(me["designated_nurse"], true, "the demo nurse decides");

    let (status, stale) = app.get("/v1/dentist-notes/to-recheck", &nurse).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(stale["total"], 1);
    assert_eq!(stale["items"][0]["unconfirmed"], true);
    let notes = entity::dentist_note::Entity::find()
        .count(&app.state.db)
        .await
        .expect("count");
    assert_eq!(notes, 3);
    let jordan = app.token(&login("jordan")).await;
    let (_, words) = app.get("/v1/me/passport/own-words", &jordan).await;
    assert_eq!(words["in_published_passport"], false);
    assert!(
        words["text"]
            .as_str()
            .is_some_and(|t| t.contains("blood sugar"))
    );
}

#[tokio::test]
async fn the_entry_own_words_and_dentist_note_migrations_roll_back_and_reapply() {
    use migration::SchemaManager;
    let dir = tempfile::tempdir().expect("temp dir");
    let db = care_passport::db::connect(&integration_tests::fresh_database(dir.path()).await)
        .await
        .expect("connect");
    care_passport::db::migrate(&db).await.expect("migrate");
    let schema = SchemaManager::new(&db);
    let present = || async {
        (
            schema
                .has_column("passport_queries", "entry_index")
                .await
                .expect("queries"),
            schema
                .has_column("passport_queries", "entry_label")
                .await
                .expect("queries"),
            schema
                .has_table("passport_own_words")
                .await
                .expect("own words"),
            schema.has_table("dentist_notes").await.expect("notes"),
        )
    };
    assert_eq!(present().await, (true, true, true, true));
    care_passport::db::roll_back(
        &db,
        integration_tests::steps_back_to("add_entry_to_passport_queries"),
    )
    .await
    .expect("roll back");
    assert_eq!(present().await, (false, false, false, false));
    assert!(
        schema
            .has_column("passport_queries", "message")
            .await
            .expect("queries"),
        "the table itself stays"
    );
    care_passport::db::migrate(&db).await.expect("reapply");
    assert_eq!(present().await, (true, true, true, true));
}
