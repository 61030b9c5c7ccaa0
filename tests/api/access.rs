//! Who sees what, over HTTP. Domain test modules extend this with their own records.
use care_passport::auth::Role;
use integration_tests::{Person, TestApp};
use reqwest::{Method, StatusCode};
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
        body["items"]
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

/// Creates one record of every kind about `cast.leaver`: a published passport (with a
/// sensitive section), a Chances4YOUth form and a prescription application. Returns the
/// form's and the application's ids.
async fn every_kind_of_record(app: &TestApp, cast: &Cast) -> (String, String) {
    let nurse = app.token(&cast.nurse).await;
    let draft = format!("/v1/care-leavers/{}/passport/draft", cast.leaver.id);
    let (_, headers, _) = app.call(Method::GET, &draft, Some(&nurse), None, &[]).await;
    let etag = headers["etag"].to_str().unwrap().to_owned();
    let content = json!({
        "medicines": [{"name": "Salbutamol inhaler", "dose": "2 puffs when wheezy"}],
        "sexual_health_and_substance_use": {"contraception": "Contraceptive implant"}
    });
    let (status, headers, body) = app
        .call(
            Method::PUT,
            &draft,
            Some(&nurse),
            Some(content),
            &[("if-match", &etag)],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let etag = headers["etag"].to_str().unwrap().to_owned();
    let publish = format!("/v1/care-leavers/{}/passport/publish", cast.leaver.id);
    let (status, _, body) = app
        .call(
            Method::POST,
            &publish,
            Some(&nurse),
            None,
            &[("if-match", &etag)],
        )
        .await;
    assert!(status.is_success(), "{body}");

    let leaver = app.token(&cast.leaver).await;
    let none = json!({"held": false});
    let (status, form) = app
        .post(
            "/v1/me/expressions-of-interest",
            &leaver,
            json!({
                "contact": {"name": "Jordan", "email": "jordan@young.example", "phone": "07700 900123", "preferred_contact_method": "email"},
                "opportunity_types": ["apprenticeship"], "directorates": ["digital_and_it"], "level_sought": "advanced",
                "current_activities": ["college"], "english": {"level": "level2_or_above"}, "maths": {"level": "level1", "studying_now": true},
                "career_goal": "IT support", "availability": {"hours": "full_time", "available_from": null, "notes": null},
                "travel": {"max_travel_minutes": 45, "driving_licence": "none", "notes": null}, "right_to_work": "yes",
                "support_needs": null, "consents": {"share_with_hr_and_connexions": true, "share_with_future_employer": false}
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{form}");
    let (status, _) = app
        .patch("/v1/me", &leaver, json!({"gp_ods_code": "M87017"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, application) = app
        .post(
            "/v1/me/prescription-applications",
            &leaver,
            json!({
                "in_full_time_education": false, "pregnant_or_recent_birth_with_matex": none,
                "medical_exemption_certificate": none, "war_pension_certificate": none, "nhs_inpatient": false,
                "benefits": {"income_support": "no_one", "income_based_jsa": "no_one", "income_related_esa": "no_one",
                             "pension_credit_guarantee": "no_one", "universal_credit": {"who_gets": "no_one"}},
                "tax_credit_exemption_certificate": none, "hc2_certificate": none
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{application}");
    (
        form["id"].as_str().unwrap().to_owned(),
        application["id"].as_str().unwrap().to_owned(),
    )
}

/// True when `path` answers 200 and shows `needle`. Refusing one record is 404 (existence
/// must not leak); only a list a role has no use for may answer 403.
async fn sees(app: &TestApp, token: &str, path: &str, needle: &str) -> bool {
    let (status, body) = app.get(path, token).await;
    let names_a_record = path
        .split('/')
        .any(|seg| uuid::Uuid::parse_str(seg).is_ok());
    let refusals: &[StatusCode] = if names_a_record {
        &[StatusCode::NOT_FOUND]
    } else {
        &[StatusCode::FORBIDDEN, StatusCode::NOT_FOUND]
    };
    assert!(
        status == StatusCode::OK || refusals.contains(&status),
        "{path}: {status} {body}"
    );
    status == StatusCode::OK && body.to_string().contains(needle)
}

#[tokio::test]
async fn every_role_against_every_kind_of_record() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, true).await;
    let (form, application) = every_kind_of_record(&app, &cast).await;
    let id = cast.leaver.id;
    let staff_paths = [
        ("profile", format!("/v1/care-leavers/{id}"), id.to_string()),
        (
            "passport",
            format!("/v1/care-leavers/{id}/passport"),
            "Salbutamol".to_string(),
        ),
        (
            "sensitive section",
            format!("/v1/care-leavers/{id}/passport"),
            "implant".to_string(),
        ),
        (
            "draft",
            format!("/v1/care-leavers/{id}/passport/draft"),
            "Salbutamol".to_string(),
        ),
        (
            "passport versions",
            format!("/v1/care-leavers/{id}/passport/versions/1"),
            "Salbutamol".to_string(),
        ),
        (
            "expression of interest",
            format!("/v1/expressions-of-interest/{form}"),
            form.clone(),
        ),
        (
            "prescription application",
            "/v1/prescription-applications".to_string(),
            application.clone(),
        ),
    ];
    // What each person may read, in the order of `staff_paths` (consent to share given).
    let expected: [(&str, [bool; 7]); 8] = [
        (
            "another care leaver",
            [false, false, false, false, false, false, false],
        ),
        ("their nurse", [true, true, true, true, true, false, true]),
        ("a nurse of another authority", [false; 7]),
        (
            "their caseworker",
            [true, true, false, false, true, true, false],
        ),
        ("another caseworker", [false; 7]),
        ("HR", [false, false, false, false, false, true, false]),
        (
            "Connexions",
            [false, false, false, false, false, true, false],
        ),
        ("an admin", [true, false, false, false, false, false, false]),
    ];
    let everyone = cast.everyone();
    for (who, row) in expected {
        let person = everyone.iter().find(|(w, _)| *w == who).unwrap().1;
        let token = app.token(person).await;
        for ((record, path, needle), allowed) in staff_paths.iter().zip(row) {
            assert_eq!(
                sees(&app, &token, path, needle).await,
                allowed,
                "{who} reading the {record}"
            );
        }
    }
    // The young person reads all of their own records through /v1/me, but never the draft.
    let own = app.token(&cast.leaver).await;
    for (record, path, needle) in [
        ("profile", "/v1/me", id.to_string()),
        ("passport", "/v1/me/passport", "Salbutamol".into()),
        ("sensitive section", "/v1/me/passport", "implant".into()),
        (
            "expression of interest",
            "/v1/me/expressions-of-interest",
            form.clone(),
        ),
        (
            "prescription application",
            "/v1/me/prescription-applications",
            application.clone(),
        ),
        (
            "access log",
            "/v1/me/access-log",
            "read your health passport".into(),
        ),
    ] {
        assert!(
            sees(&app, &own, path, &needle).await,
            "the young person reading their {record}"
        );
    }
    assert!(
        !sees(
            &app,
            &own,
            &format!("/v1/care-leavers/{id}/passport/draft"),
            "Salbutamol"
        )
        .await
    );
    // Nothing of theirs shows through another young person's own views.
    let other = app.token(&cast.other_leaver).await;
    for path in [
        "/v1/me/passport",
        "/v1/me/expressions-of-interest",
        "/v1/me/prescription-applications",
    ] {
        assert!(
            !sees(&app, &other, path, "Salbutamol").await && !sees(&app, &other, path, &form).await
        );
    }
}

/// Everyone of a second council (Sandwell), one per role.
async fn second_council(app: &TestApp) -> Vec<(&'static str, Person)> {
    vec![
        (
            "a Sandwell care leaver",
            app.care_leaver("sandwell", 19, 0).await,
        ),
        ("a Sandwell nurse", app.staff(Role::Nurse, "sandwell").await),
        (
            "a Sandwell caseworker",
            app.staff(Role::Caseworker, "sandwell").await,
        ),
        ("Sandwell HR", app.staff(Role::Hr, "sandwell").await),
        (
            "Sandwell Connexions",
            app.staff(Role::Connexions, "sandwell").await,
        ),
        ("a Sandwell admin", app.staff(Role::Admin, "sandwell").await),
    ]
}

#[tokio::test]
async fn no_one_of_another_council_reaches_any_record_of_a_young_person() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, true).await;
    let (form, application) = every_kind_of_record(&app, &cast).await;
    let id = cast.leaver.id;
    let own = app.token(&cast.leaver).await;
    let (status, _) = app
        .post(
            "/v1/me/passport/queries",
            &own,
            json!({"section": "medicines", "message": "I stopped the brown inhaler."}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, sessions) = app.get("/v1/me/sessions", &own).await;
    let session = sessions["items"][0]["id"].as_str().unwrap().to_owned();
    let message = app.outbox().await[0].id;
    let cells: Vec<(&str, Method, String, Option<serde_json::Value>)> = vec![
        (
            "profile",
            Method::GET,
            format!("/v1/care-leavers/{id}"),
            None,
        ),
        (
            "profile change",
            Method::PATCH,
            format!("/v1/care-leavers/{id}"),
            Some(json!({"name": "Someone Else"})),
        ),
        (
            "assignments",
            Method::PATCH,
            format!("/v1/care-leavers/{id}"),
            Some(json!({"nurse_id": null})),
        ),
        (
            "passport",
            Method::GET,
            format!("/v1/care-leavers/{id}/passport"),
            None,
        ),
        (
            "draft",
            Method::GET,
            format!("/v1/care-leavers/{id}/passport/draft"),
            None,
        ),
        (
            "versions",
            Method::GET,
            format!("/v1/care-leavers/{id}/passport/versions"),
            None,
        ),
        (
            "a version",
            Method::GET,
            format!("/v1/care-leavers/{id}/passport/versions/1"),
            None,
        ),
        (
            "queries",
            Method::GET,
            format!("/v1/care-leavers/{id}/passport/queries"),
            None,
        ),
        (
            "prescription applications and their facts",
            Method::GET,
            format!("/v1/care-leavers/{id}/prescription-applications"),
            None,
        ),
        (
            "a prescription decision",
            Method::POST,
            format!("/v1/prescription-applications/{application}/decision"),
            Some(json!({"decision": "decline", "reason": "Not eligible this time."})),
        ),
        (
            "expression of interest and staff notes",
            Method::GET,
            format!("/v1/expressions-of-interest/{form}"),
            None,
        ),
        (
            "a staff account",
            Method::PATCH,
            format!("/v1/users/{}", cast.nurse.id),
            Some(json!({"status": "disabled"})),
        ),
        (
            "an outbox message",
            Method::POST,
            format!("/v1/admin/outbox/{message}/retry"),
            None,
        ),
        (
            "a session",
            Method::DELETE,
            format!("/v1/me/sessions/{session}"),
            None,
        ),
    ];
    for (who, person) in second_council(&app).await {
        let token = app.token(&person).await;
        for (record, method, path, body) in &cells {
            let (status, _, problem) = app
                .call(method.clone(), path, Some(&token), body.clone(), &[])
                .await;
            // 404: the record looks like one that does not exist. 403 only where the role
            // may never use the route at all, anywhere (it names no record of theirs).
            let route_is_for_the_role = match (person.role, *record) {
                (Role::Admin, "a staff account" | "an outbox message") => true,
                (Role::Nurse, "a prescription decision") => true,
                (_, "a staff account" | "an outbox message" | "a prescription decision") => false,
                _ => true,
            };
            if route_is_for_the_role {
                assert_eq!(status, StatusCode::NOT_FOUND, "{who} → {record}: {problem}");
            } else {
                assert_eq!(status, StatusCode::FORBIDDEN, "{who} → {record}: {problem}");
            }
        }
        // Lists of theirs never show the other council's people or mail.
        if person.role == Role::Admin {
            let (_, outbox) = app.get("/v1/admin/outbox", &token).await;
            assert_eq!(outbox["items"], json!([]), "{who}");
            let (_, users) = app.get("/v1/users", &token).await;
            assert!(!users.to_string().contains(&cast.nurse.email), "{who}");
        }
    }
    // Nothing changed: the young person's nurse and sessions are as they were.
    let (status, profile) = app
        .get(
            &format!("/v1/care-leavers/{id}"),
            &app.token(&cast.nurse).await,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(profile["nurse"]["id"], json!(cast.nurse.id));
    assert_eq!(profile["name"], "Jordan Tester");
    assert_eq!(app.get("/v1/me", &own).await.0, StatusCode::OK);
}
