//! Who sees what, over HTTP. Domain test modules extend this with their own records.
use care_passport::auth::Role;
use integration_tests::{Person, TestApp};
use reqwest::StatusCode;
use serde_json::json;

/// The people around one Dudley care leaver, plus strangers.
pub struct Cast {
    pub leaver: Person,
    pub other_leaver: Person,
    pub nurse: Person,
    pub other_la_nurse: Person,
    pub caseworker: Person,
    pub other_caseworker: Person,
    pub hr: Person,
    pub connexions: Person,
    pub admin: Person,
}

impl Cast {
    pub async fn new(app: &TestApp, consent: bool) -> Self {
        let leaver = app.care_leaver("dudley", 19, 0).await;
        let other_leaver = app.care_leaver("dudley", 20, 0).await;
        let nurse = app.staff(Role::Nurse, "dudley").await;
        let other_la_nurse = app.staff(Role::Nurse, "sandwell").await;
        let caseworker = app.staff(Role::Caseworker, "dudley").await;
        let other_caseworker = app.staff(Role::Caseworker, "dudley").await;
        app.assign(&leaver, Some(&caseworker), Some(&nurse), consent)
            .await;
        app.assign(&other_leaver, Some(&other_caseworker), Some(&nurse), true)
            .await;
        Cast {
            leaver,
            other_leaver,
            nurse,
            other_la_nurse,
            caseworker,
            other_caseworker,
            hr: app.staff(Role::Hr, "dudley").await,
            connexions: app.staff(Role::Connexions, "dudley").await,
            admin: app.staff(Role::Admin, "dudley").await,
        }
    }

    /// Everyone, named, for table tests.
    pub fn everyone(&self) -> Vec<(&'static str, &Person)> {
        vec![
            ("the care leaver", &self.leaver),
            ("another care leaver", &self.other_leaver),
            ("their nurse", &self.nurse),
            ("a nurse of another authority", &self.other_la_nurse),
            ("their caseworker", &self.caseworker),
            ("another caseworker", &self.other_caseworker),
            ("HR", &self.hr),
            ("Connexions", &self.connexions),
            ("an admin", &self.admin),
        ]
    }
}

#[tokio::test]
async fn reading_a_care_leavers_profile_follows_the_policy_for_every_role() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    let path = format!("/v1/care-leavers/{}", cast.leaver.id);
    let expected = [
        ("the care leaver", StatusCode::OK),
        ("another care leaver", StatusCode::NOT_FOUND),
        ("their nurse", StatusCode::OK),
        ("a nurse of another authority", StatusCode::NOT_FOUND),
        ("their caseworker", StatusCode::OK),
        ("another caseworker", StatusCode::NOT_FOUND),
        ("HR", StatusCode::NOT_FOUND),
        ("Connexions", StatusCode::NOT_FOUND),
        ("an admin", StatusCode::OK),
    ];
    for ((who, person), (expected_who, status)) in cast.everyone().into_iter().zip(expected) {
        assert_eq!(who, expected_who);
        let (got, body) = app.get(&path, &app.token(person).await).await;
        assert_eq!(got, status, "{who}: {body}");
    }
    // A record that does not exist looks the same as one you may not see.
    let (status, _) = app
        .get(
            &format!("/v1/care-leavers/{}", uuid::Uuid::new_v4()),
            &app.token(&cast.nurse).await,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn staff_lists_show_only_the_care_leavers_each_may_see() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    let ids = |body: serde_json::Value| -> Vec<String> {
        body["care_leavers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let (_, body) = app
        .get("/v1/care-leavers", &app.token(&cast.caseworker).await)
        .await;
    assert_eq!(ids(body), vec![cast.leaver.id.to_string()]);
    let (_, body) = app
        .get("/v1/care-leavers", &app.token(&cast.nurse).await)
        .await;
    assert_eq!(ids(body).len(), 2);
    let (_, body) = app
        .get("/v1/care-leavers", &app.token(&cast.other_la_nurse).await)
        .await;
    assert!(ids(body).is_empty());
    for person in [&cast.hr, &cast.connexions, &cast.leaver] {
        assert_eq!(
            app.get("/v1/care-leavers", &app.token(person).await)
                .await
                .0,
            StatusCode::FORBIDDEN
        );
    }
}

#[tokio::test]
async fn only_nurses_and_admins_assign_staff() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    let path = format!("/v1/care-leavers/{}", cast.leaver.id);
    let change = json!({"caseworker_id": cast.other_caseworker.id});
    let (status, problem) = app
        .patch(&path, &app.token(&cast.caseworker).await, change.clone())
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "caseworker_id");
    let (status, body) = app
        .patch(&path, &app.token(&cast.admin).await, change)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["caseworker"]["id"], json!(cast.other_caseworker.id));
    // The old caseworker no longer sees the young person.
    assert_eq!(
        app.get(&path, &app.token(&cast.caseworker).await).await.0,
        StatusCode::NOT_FOUND
    );
    let (status, _) = app
        .patch(&path, &app.token(&cast.hr).await, json!({"name": "X"}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_access_log_is_only_for_the_young_person() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    for person in [&cast.nurse, &cast.hr, &cast.admin] {
        assert_eq!(
            app.get("/v1/me/access-log", &app.token(person).await)
                .await
                .0,
            StatusCode::FORBIDDEN
        );
    }
}
