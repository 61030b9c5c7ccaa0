//! The Leaving Care Health Passport over HTTP: drafting, publishing, versions, who may read
//! what, acknowledgements, queries, the due list, audit, e-mail and export.
use care_passport::auth::Role;
use chrono::NaiveDate;
use integration_tests::{Person, TestApp};
use reqwest::{Method, StatusCode, header::HeaderMap};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::access::Cast;

/// Health details that must never appear in an e-mail.
const HEALTH_WORDS: [&str; 7] = [
    "asthma",
    "salbutamol",
    "penicillin",
    "rash",
    "implant",
    "mmr",
    "inhaler",
];

fn content() -> Value {
    json!({
        "about_me": {"preferred_name": "Jordan", "nhs_number": "943 476 5919"},
        "conditions": [{"name": "Asthma", "status": "current", "diagnosed": "2012-03-14"}],
        "medicines": [{"name": "Salbutamol inhaler", "dose": "2 puffs when wheezy",
                       "since": "2012-03-14", "reason": "Asthma"}],
        "allergies": [{"substance": "Penicillin", "reaction": "Itchy rash", "severity": "moderate"}],
        "immunisations": [{"vaccine": "MMR", "date": "2009-05-20", "dose_number": 1}],
        "sexual_health_and_substance_use": {"contraception": "Contraceptive implant"}
    })
}

/// The content with a second medicine added and the allergy's reaction changed.
fn second_content() -> Value {
    let mut c = content();
    c["medicines"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "Clenil inhaler", "dose": "2 puffs twice a day"}));
    c["allergies"][0]["reaction"] = json!("Hives all over");
    c
}

fn draft_path(id: Uuid) -> String {
    format!("/v1/care-leavers/{id}/passport/draft")
}

fn etag(headers: &HeaderMap) -> String {
    headers["etag"].to_str().unwrap().to_owned()
}

async fn get_draft(app: &TestApp, token: &str, id: Uuid) -> (StatusCode, String, Value) {
    let (status, headers, body) = app
        .call(Method::GET, &draft_path(id), Some(token), None, &[])
        .await;
    let tag = headers
        .get("etag")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, tag, body)
}

async fn put_draft(
    app: &TestApp,
    token: &str,
    id: Uuid,
    if_match: Option<&str>,
    body: Value,
) -> (StatusCode, HeaderMap, Value) {
    let headers: Vec<(&str, &str)> = if_match.map(|t| ("if-match", t)).into_iter().collect();
    app.call(
        Method::PUT,
        &draft_path(id),
        Some(token),
        Some(body),
        &headers,
    )
    .await
}

async fn publish(
    app: &TestApp,
    token: &str,
    id: Uuid,
    if_match: Option<&str>,
) -> (StatusCode, Value) {
    let headers: Vec<(&str, &str)> = if_match.map(|t| ("if-match", t)).into_iter().collect();
    let path = format!("/v1/care-leavers/{id}/passport/publish");
    let (status, _, body) = app
        .call(Method::POST, &path, Some(token), None, &headers)
        .await;
    (status, body)
}

/// Saves `content` as the draft and publishes it; returns the published passport.
async fn write_and_publish(app: &TestApp, nurse: &Person, leaver: Uuid, content: Value) -> Value {
    let token = app.token(nurse).await;
    let (status, tag, _) = get_draft(app, &token, leaver).await;
    assert_eq!(status, StatusCode::OK);
    let (status, headers, body) = put_draft(app, &token, leaver, Some(&tag), content).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = publish(app, &token, leaver, Some(&etag(&headers))).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

#[tokio::test]
async fn a_nurse_drafts_publishes_and_reads_versions_and_the_changes_between_them() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    let (id, token) = (cast.leaver.id, app.token(&cast.nurse).await);

    let (status, first_tag, draft) = get_draft(&app, &token, id).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!first_tag.is_empty());
    assert_eq!(
        (draft["revision"].as_i64(), draft["saved"].as_bool()),
        (Some(0), Some(false))
    );
    assert_eq!(draft["content"]["medicines"], Value::Null);

    let (status, headers, saved) = put_draft(&app, &token, id, Some(&first_tag), content()).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_ne!(etag(&headers), first_tag);
    assert_eq!(saved["revision"], 1);
    assert_eq!(saved["updated_by"], "Test nurse");
    assert_eq!(
        saved["content"]["medicines"][0]["recorded_by"],
        "Test nurse"
    );
    assert_eq!(saved["content"]["about_me"]["nhs_number"], "9434765919");
    let sections: Vec<&str> = (saved["unpublished_changes"].as_array().unwrap().iter())
        .map(|c| c["section"].as_str().unwrap())
        .collect();
    assert!(
        sections.contains(&"medicines") && sections.contains(&"sexual_health_and_substance_use")
    );

    let (status, v1) = publish(&app, &token, id, Some(&etag(&headers))).await;
    assert_eq!(status, StatusCode::CREATED, "{v1}");
    assert_eq!(
        (v1["version"].as_i64(), v1["published_by"].as_str()),
        (Some(1), Some("Test nurse"))
    );
    assert_eq!(v1["content"]["allergies"][0]["substance"], "Penicillin");
    let gaps = v1["immunisation_gaps"].as_array().unwrap();
    assert!(
        gaps.iter()
            .any(|g| g["programme"] == "mmr" && g["dose_number"] == 2)
    );
    // Publishing the same content again would make an empty version.
    let (status, _) = publish(&app, &token, id, Some(&etag(&headers))).await;
    assert_eq!(status, StatusCode::CONFLICT);

    let (_, tag, draft) = get_draft(&app, &token, id).await;
    assert_eq!(draft["unpublished_changes"], json!([]));
    assert_eq!(draft["latest_version"], 1);
    let (status, headers, _) = put_draft(&app, &token, id, Some(&tag), second_content()).await;
    assert_eq!(status, StatusCode::OK);
    let (status, v2) = publish(&app, &token, id, Some(&etag(&headers))).await;
    assert_eq!(
        (status, v2["version"].as_i64()),
        (StatusCode::CREATED, Some(2))
    );

    let base = format!("/v1/care-leavers/{id}/passport");
    let (_, list) = app.get(&format!("{base}/versions"), &token).await;
    let numbers: Vec<i64> = (list["versions"].as_array().unwrap().iter())
        .map(|v| v["number"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, [2, 1]);
    let (status, latest) = app.get(&base, &token).await;
    assert_eq!(
        (status, latest["version"].as_i64()),
        (StatusCode::OK, Some(2))
    );
    let (status, old) = app.get(&format!("{base}/versions/1"), &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(old["content"]["medicines"].as_array().unwrap().len(), 1);
    assert_eq!(old["content"]["allergies"][0]["reaction"], "Itchy rash");
    assert_eq!(
        app.get(&format!("{base}/versions/3"), &token).await.0,
        StatusCode::NOT_FOUND
    );

    let (status, changes) = app.get(&format!("{base}/versions/2/changes"), &token).await;
    assert_eq!(status, StatusCode::OK, "{changes}");
    assert_eq!(
        (changes["from"].as_i64(), changes["to"].as_i64()),
        (Some(1), Some(2))
    );
    assert_eq!(
        changes["changes"],
        json!([
            {"section": "medicines", "change": "changed", "entries": {"added": 1, "removed": 0, "changed": 0}},
            {"section": "allergies", "change": "changed", "entries": {"added": 0, "removed": 0, "changed": 1}}
        ])
    );
    let (_, from_empty) = app
        .get(&format!("{base}/versions/1/changes?from=0"), &token)
        .await;
    assert_eq!(from_empty["changes"].as_array().unwrap().len(), 6);
    let (status, problem) = app
        .get(&format!("{base}/versions/2/changes?from=7"), &token)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "from");
}

#[tokio::test]
async fn saving_without_if_match_is_428_and_with_a_stale_one_412_and_nothing_is_overwritten() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    let (id, token) = (cast.leaver.id, app.token(&cast.nurse).await);
    let (_, stale, _) = get_draft(&app, &token, id).await;

    let (status, _, problem) = put_draft(&app, &token, id, None, content()).await;
    assert_eq!(status, StatusCode::PRECONDITION_REQUIRED, "{problem}");
    assert_eq!(problem["status"], 428);
    let (_, _, draft) = get_draft(&app, &token, id).await;
    assert_eq!(draft["saved"], false);

    let (status, headers, _) = put_draft(&app, &token, id, Some(&stale), content()).await;
    assert_eq!(status, StatusCode::OK);
    let current = etag(&headers);
    // A second nurse still holding the first ETag.
    let (status, _, problem) = put_draft(&app, &token, id, Some(&stale), second_content()).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED, "{problem}");
    let (_, tag, draft) = get_draft(&app, &token, id).await;
    assert_eq!(tag, current);
    assert_eq!(draft["revision"], 1);
    assert_eq!(draft["content"]["medicines"].as_array().unwrap().len(), 1);
    assert_eq!(draft["content"]["allergies"][0]["reaction"], "Itchy rash");

    assert_eq!(
        publish(&app, &token, id, None).await.0,
        StatusCode::PRECONDITION_REQUIRED
    );
    assert_eq!(
        publish(&app, &token, id, Some(&stale)).await.0,
        StatusCode::PRECONDITION_FAILED
    );
    let (_, versions) = app
        .get(&format!("/v1/care-leavers/{id}/passport/versions"), &token)
        .await;
    assert_eq!(versions["versions"], json!([]));
}

#[tokio::test]
async fn a_care_leaver_reads_their_own_passport_and_gets_404_for_anyone_elses() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    write_and_publish(&app, &cast.nurse, cast.leaver.id, content()).await;
    write_and_publish(&app, &cast.nurse, cast.other_leaver.id, content()).await;
    let token = app.token(&cast.leaver).await;

    let (status, mine) = app.get("/v1/me/passport", &token).await;
    assert_eq!(status, StatusCode::OK, "{mine}");
    assert_eq!(mine["care_leaver_id"], json!(cast.leaver.id));
    assert_eq!(
        mine["content"]["sexual_health_and_substance_use"]["contraception"],
        "Contraceptive implant"
    );
    assert_eq!(mine["hidden_sections"], json!([]));
    let own = format!("/v1/care-leavers/{}/passport", cast.leaver.id);
    assert_eq!(app.get(&own, &token).await.0, StatusCode::OK);
    assert_eq!(
        app.get(&format!("{own}/versions/1"), &token).await.0,
        StatusCode::OK
    );
    assert_eq!(
        app.get(&draft_path(cast.leaver.id), &token).await.0,
        StatusCode::NOT_FOUND
    );

    let theirs = format!("/v1/care-leavers/{}/passport", cast.other_leaver.id);
    for path in [
        theirs.clone(),
        format!("{theirs}/versions"),
        format!("{theirs}/versions/1"),
        format!("{theirs}/versions/1/changes"),
        format!("{theirs}/queries"),
        draft_path(cast.other_leaver.id),
        format!("/v1/care-leavers/{}/passport", Uuid::new_v4()),
    ] {
        assert_eq!(
            app.get(&path, &token).await.0,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    // Someone with nothing published yet.
    let newcomer = app.care_leaver("dudley", 18, 3).await;
    let (status, _) = app
        .get("/v1/me/passport", &app.token(&newcomer).await)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn every_role_reads_exactly_what_the_policy_allows() {
    use StatusCode as S;
    for consent in [false, true] {
        let app = TestApp::spawn().await;
        let cast = Cast::new(&app, consent).await;
        write_and_publish(&app, &cast.nurse, cast.leaver.id, content()).await;
        let id = cast.leaver.id;
        let caseworker = if consent { S::OK } else { S::NOT_FOUND };
        // (who, passport and versions, draft, queries)
        let expected = [
            ("the care leaver", S::OK, S::NOT_FOUND, S::OK),
            (
                "another care leaver",
                S::NOT_FOUND,
                S::NOT_FOUND,
                S::NOT_FOUND,
            ),
            ("their nurse", S::OK, S::OK, S::OK),
            (
                "a nurse of another authority",
                S::NOT_FOUND,
                S::NOT_FOUND,
                S::NOT_FOUND,
            ),
            ("their caseworker", caseworker, S::NOT_FOUND, S::NOT_FOUND),
            (
                "another caseworker",
                S::NOT_FOUND,
                S::NOT_FOUND,
                S::NOT_FOUND,
            ),
            ("HR", S::NOT_FOUND, S::NOT_FOUND, S::NOT_FOUND),
            ("Connexions", S::NOT_FOUND, S::NOT_FOUND, S::NOT_FOUND),
            ("an admin", S::NOT_FOUND, S::NOT_FOUND, S::NOT_FOUND),
        ];
        let base = format!("/v1/care-leavers/{id}/passport");
        for ((who, person), (named, passport, draft, queries)) in
            cast.everyone().into_iter().zip(expected)
        {
            assert_eq!(who, named);
            let token = app.token(person).await;
            for path in [
                base.clone(),
                format!("{base}/versions"),
                format!("{base}/versions/1"),
                format!("{base}/versions/1/changes"),
            ] {
                assert_eq!(
                    app.get(&path, &token).await.0,
                    passport,
                    "{who} {path} consent={consent}"
                );
            }
            assert_eq!(
                app.get(&draft_path(id), &token).await.0,
                draft,
                "{who} draft"
            );
            assert_eq!(
                app.get(&format!("{base}/queries"), &token).await.0,
                queries,
                "{who} queries"
            );
            let (status, _, _) = put_draft(&app, &token, id, Some("*"), json!({})).await;
            assert_eq!(status, draft, "{who} saves the draft");
            if person.role.is_staff() {
                assert_eq!(
                    app.get("/v1/me/passport", &token).await.0,
                    S::FORBIDDEN,
                    "{who}"
                );
            }
            if person.role != Role::Nurse {
                assert_eq!(
                    app.get("/v1/passports/due", &token).await.0,
                    S::FORBIDDEN,
                    "{who}"
                );
            }
        }
    }
}

#[tokio::test]
async fn a_caseworker_reads_the_passport_only_with_consent_and_never_the_sensitive_section() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    let id = cast.leaver.id;
    write_and_publish(&app, &cast.nurse, id, content()).await;
    let mut changed = content();
    changed["sexual_health_and_substance_use"]["smoking_and_vaping"] = json!("Vapes daily");
    write_and_publish(&app, &cast.nurse, id, changed).await;
    let path = format!("/v1/care-leavers/{id}/passport");
    let token = app.token(&cast.caseworker).await;
    assert_eq!(app.get(&path, &token).await.0, StatusCode::NOT_FOUND);

    let me = app.token(&cast.leaver).await;
    let (status, _) = app
        .patch(
            "/v1/me",
            &me,
            json!({"consents": {"share_passport_with_caseworker": true}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, passport) = app.get(&path, &token).await;
    assert_eq!(status, StatusCode::OK, "{passport}");
    assert_eq!(
        passport["content"]["sexual_health_and_substance_use"],
        Value::Null
    );
    assert_eq!(
        passport["hidden_sections"],
        json!(["sexual_health_and_substance_use"])
    );
    assert_eq!(
        passport["content"]["medicines"][0]["name"],
        "Salbutamol inhaler"
    );
    let (_, old) = app.get(&format!("{path}/versions/1"), &token).await;
    assert_eq!(
        old["content"]["sexual_health_and_substance_use"],
        Value::Null
    );
    // Only the hidden section changed: the caseworker cannot tell.
    let (_, changes) = app.get(&format!("{path}/versions/2/changes"), &token).await;
    assert_eq!(changes["changes"], json!([]));
    let (_, changes) = app
        .get(
            &format!("{path}/versions/2/changes"),
            &app.token(&cast.nurse).await,
        )
        .await;
    assert_eq!(
        changes["changes"][0]["section"],
        "sexual_health_and_substance_use"
    );

    // Another nurse of the authority sees the passport, but not the sensitive section.
    let colleague = app.staff(Role::Nurse, "dudley").await;
    let (status, passport) = app.get(&path, &app.token(&colleague).await).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        passport["content"]["sexual_health_and_substance_use"],
        Value::Null
    );
}

#[tokio::test]
async fn a_nurse_who_may_not_see_the_sensitive_section_cannot_overwrite_it() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    let id = cast.leaver.id;
    write_and_publish(&app, &cast.nurse, id, content()).await;
    let colleague = app.staff(Role::Nurse, "dudley").await;
    let token = app.token(&colleague).await;
    let (_, tag, draft) = get_draft(&app, &token, id).await;
    assert_eq!(
        draft["content"]["sexual_health_and_substance_use"],
        Value::Null
    );
    assert_eq!(
        draft["hidden_sections"],
        json!(["sexual_health_and_substance_use"])
    );

    let (status, _, problem) = put_draft(&app, &token, id, Some(&tag), content()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        problem["errors"][0]["field"],
        "sexual_health_and_substance_use"
    );
    let mut edited = second_content();
    edited["sexual_health_and_substance_use"] = Value::Null;
    let (status, _, _) = put_draft(&app, &token, id, Some(&tag), edited).await;
    assert_eq!(status, StatusCode::OK);
    let (_, _, draft) = get_draft(&app, &app.token(&cast.nurse).await, id).await;
    assert_eq!(
        draft["content"]["sexual_health_and_substance_use"]["contraception"],
        "Contraceptive implant"
    );
    assert_eq!(draft["content"]["medicines"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn the_young_person_acknowledges_and_queries_and_their_nurse_resolves_the_query() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    let id = cast.leaver.id;
    write_and_publish(&app, &cast.nurse, id, content()).await;
    let me = app.token(&cast.leaver).await;

    let (status, ack) = app
        .post("/v1/me/passport/acknowledge", &me, json!({}))
        .await;
    assert_eq!(
        (status, ack["version"].as_i64()),
        (StatusCode::OK, Some(1)),
        "{ack}"
    );
    let (_, again) = app
        .post("/v1/me/passport/acknowledge", &me, json!({}))
        .await;
    assert_eq!(again["acknowledged_at"], ack["acknowledged_at"]);
    let nurse = app.token(&cast.nurse).await;
    let (_, versions) = app
        .get(&format!("/v1/care-leavers/{id}/passport/versions"), &nurse)
        .await;
    assert_eq!(
        versions["versions"][0]["acknowledged_at"],
        ack["acknowledged_at"]
    );
    let (_, passport) = app.get("/v1/me/passport", &me).await;
    assert_eq!(passport["acknowledged_at"], ack["acknowledged_at"]);

    let message = "I stopped taking the inhaler last year.";
    let (status, query) = app
        .post(
            "/v1/me/passport/queries",
            &me,
            json!({"section": "medicines", "message": message}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{query}");
    assert_eq!(
        (query["status"].as_str(), query["version"].as_i64()),
        (Some("open"), Some(1))
    );
    let (status, problem) = app
        .post(
            "/v1/me/passport/queries",
            &me,
            json!({"section": "medicnes", "message": "x"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "section");
    let (status, problem) = app
        .post(
            "/v1/me/passport/queries",
            &me,
            json!({"section": "allergies", "message": "  "}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "message");

    let mail = app
        .mail()
        .wait_for(&cast.nurse.email, "has a question")
        .await;
    assert!(
        !mail.all_text().contains("inhaler"),
        "the message stays out of the e-mail"
    );

    let path = format!("/v1/care-leavers/{id}/passport/queries");
    let (status, open) = app.get(&format!("{path}?status=open"), &nurse).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(open["queries"][0]["message"], message);
    let (status, _) = app.get(&format!("{path}?status=maybe"), &nurse).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let resolve = format!(
        "/v1/passport-queries/{}/resolve",
        query["id"].as_str().unwrap()
    );
    let note = json!({"note": "Thanks, taken off in version 2."});
    assert_eq!(
        app.post(&resolve, &me, note.clone()).await.0,
        StatusCode::FORBIDDEN
    );
    let caseworker = app.token(&cast.caseworker).await;
    assert_eq!(
        app.post(&resolve, &caseworker, note.clone()).await.0,
        StatusCode::NOT_FOUND
    );
    let stranger = app.token(&cast.other_la_nurse).await;
    assert_eq!(
        app.post(&resolve, &stranger, note.clone()).await.0,
        StatusCode::NOT_FOUND
    );
    let (status, problem) = app.post(&resolve, &nurse, json!({"note": ""})).await;
    assert_eq!(
        (status, problem["errors"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("note"))
    );
    let (status, resolved) = app.post(&resolve, &nurse, note.clone()).await;
    assert_eq!(status, StatusCode::OK, "{resolved}");
    assert_eq!(resolved["status"], "resolved");
    assert_eq!(resolved["resolved_by"], "Test nurse");
    assert_eq!(
        app.post(&resolve, &nurse, note).await.0,
        StatusCode::CONFLICT
    );

    let (_, mine) = app.get("/v1/me/passport/queries", &me).await;
    assert_eq!(
        mine["queries"][0]["resolution_note"],
        "Thanks, taken off in version 2."
    );
    let (_, open) = app.get(&format!("{path}?status=open"), &nurse).await;
    assert_eq!(open["queries"], json!([]));
}

#[tokio::test]
async fn queries_on_the_sensitive_section_are_hidden_from_nurses_who_may_not_see_it() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    write_and_publish(&app, &cast.nurse, cast.leaver.id, content()).await;
    let me = app.token(&cast.leaver).await;
    let body =
        json!({"section": "sexual_health_and_substance_use", "message": "Please remove this."});
    let (status, query) = app.post("/v1/me/passport/queries", &me, body).await;
    assert_eq!(status, StatusCode::CREATED);
    let colleague = app.token(&app.staff(Role::Nurse, "dudley").await).await;
    let path = format!("/v1/care-leavers/{}/passport/queries", cast.leaver.id);
    let (_, list) = app.get(&path, &colleague).await;
    assert_eq!(list["queries"], json!([]));
    let resolve = format!(
        "/v1/passport-queries/{}/resolve",
        query["id"].as_str().unwrap()
    );
    let note = json!({"note": "Done."});
    assert_eq!(
        app.post(&resolve, &colleague, note.clone()).await.0,
        StatusCode::NOT_FOUND
    );
    let nurse = app.token(&cast.nurse).await;
    assert_eq!(
        app.get(&path, &nurse).await.1["queries"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(app.post(&resolve, &nurse, note).await.0, StatusCode::OK);
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

async fn due_on(app: &TestApp, token: &str, on: &str) -> Value {
    let (status, body) = app.get(&format!("/v1/passports/due?on={on}"), token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

fn ids(list: &Value) -> Vec<Uuid> {
    (list.as_array().unwrap().iter())
        .map(|e| e["care_leaver_id"].as_str().unwrap().parse().unwrap())
        .collect()
}

#[tokio::test]
async fn the_due_list_shows_who_needs_a_passport_on_fixed_dates() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let token = app.token(&nurse).await;
    let march = app.care_leaver_born("dudley", day(2008, 3, 10)).await;
    let january = app.care_leaver_born("dudley", day(2008, 1, 5)).await;
    let elsewhere = app.care_leaver_born("sandwell", day(2008, 1, 5)).await;
    let without_jabs = app.care_leaver_born("dudley", day(2007, 6, 1)).await;
    let with_jabs = app.care_leaver_born("dudley", day(2007, 6, 1)).await;
    let mut no_immunisations = content();
    no_immunisations["immunisations"] = Value::Null;
    write_and_publish(&app, &nurse, without_jabs.id, no_immunisations).await;
    write_and_publish(&app, &nurse, with_jabs.id, content()).await;

    // (day, listed without a passport, overdue flags)
    let cases: [(&str, Vec<Uuid>, Vec<bool>); 5] = [
        ("2025-07-04", vec![], vec![]),
        ("2025-07-05", vec![january.id], vec![false]),
        ("2025-09-10", vec![january.id, march.id], vec![false, false]),
        ("2026-03-10", vec![january.id, march.id], vec![true, false]),
        ("2026-03-11", vec![january.id, march.id], vec![true, true]),
    ];
    for (on, expected, overdue) in cases {
        let list = due_on(&app, &token, on).await;
        assert_eq!(ids(&list["without_passport"]), expected, "on {on}");
        let flags: Vec<bool> = (list["without_passport"].as_array().unwrap().iter())
            .map(|e| e["overdue"].as_bool().unwrap())
            .collect();
        assert_eq!(flags, overdue, "on {on}");
        assert!(!ids(&list["without_passport"]).contains(&elsewhere.id));
    }
    let list = due_on(&app, &token, "2025-09-10").await;
    assert_eq!(list["without_passport"][1]["due_by"], "2026-03-10");

    // Approaching 19 (1 June 2026) with no immunisations recorded.
    for (on, expected) in [
        ("2025-11-30", vec![]),
        ("2025-12-01", vec![without_jabs.id]),
        ("2026-05-31", vec![without_jabs.id]),
        ("2026-06-01", vec![]),
    ] {
        let list = due_on(&app, &token, on).await;
        let found = &list["approaching_19_without_immunisations"];
        assert_eq!(ids(found), expected, "on {on}");
        if !expected.is_empty() {
            assert_eq!(found[0]["nineteenth_birthday"], "2026-06-01");
        }
    }
    let (status, problem) = app.get("/v1/passports/due?on=tomorrow", &token).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "on");
}

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
    let lines: Vec<&str> = (log["entries"].as_array().unwrap().iter())
        .map(|e| e["summary"].as_str().unwrap())
        .collect();
    for expected in [
        "Test nurse (Children in Care nurse) read the draft of your health passport.",
        "Test nurse (Children in Care nurse) read your health passport.",
        "Test nurse (Children in Care nurse) read an earlier version of your health passport.",
        "Test nurse (Children in Care nurse) compared two versions of your health passport.",
        "Test nurse (Children in Care nurse) read your questions about your passport.",
        "Test nurse (Children in Care nurse) published a new version of your health passport.",
        "Test caseworker (personal adviser or social worker) read your health passport.",
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
    assert!(outbox.iter().all(|m| m.template != "passport_query_raised"));
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

#[tokio::test]
async fn invalid_drafts_get_a_422_naming_the_field_and_nothing_is_saved() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    let (id, token) = (cast.leaver.id, app.token(&cast.nurse).await);
    let (_, tag, _) = get_draft(&app, &token, id).await;
    let future = (chrono::Utc::now().date_naive() + chrono::Days::new(1)).to_string();
    let cases = [
        (
            json!({"medicines": [{"name": "Salbutamol", "since": future}]}),
            "medicines[0].since",
            "future",
        ),
        (
            json!({"immunisations": [{"vaccine": "MMR", "date": "2001-01-01"}]}),
            "immunisations[0].date",
            "before the date of birth",
        ),
        (
            json!({"about_me": {"nhs_number": "943 476 5918"}}),
            "about_me.nhs_number",
            "check digit",
        ),
        (
            json!({"medicines": [{"name": "Salbutamol", "colour": "blue"}]}),
            "medicines[0].colour",
            "unknown field",
        ),
        (json!({"medicnes": []}), "medicnes", "unknown field"),
        (
            json!({"medicines": [{"name": "x".repeat(201)}]}),
            "medicines[0].name",
            "at most 200 characters",
        ),
        (
            json!({"my_own_words": {"text": "x".repeat(5001)}}),
            "my_own_words.text",
            "at most 5000 characters",
        ),
    ];
    for (body, field, message) in cases {
        let (status, _, problem) = put_draft(&app, &token, id, Some(&tag), body).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}: {problem}"
        );
        let errors = problem["errors"].as_array().unwrap();
        assert!(
            errors
                .iter()
                .any(|e| e["field"] == field && e["message"].as_str().unwrap().contains(message)),
            "{field}: {problem}"
        );
    }
    let (_, same, draft) = get_draft(&app, &token, id).await;
    assert_eq!((same, draft["saved"].as_bool()), (tag, Some(false)));
}

#[tokio::test]
async fn my_passport_answers_304_while_my_copy_is_current() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    write_and_publish(&app, &cast.nurse, cast.leaver.id, content()).await;
    let me = app.token(&cast.leaver).await;
    let (status, headers, _) = app
        .call(Method::GET, "/v1/me/passport", Some(&me), None, &[])
        .await;
    assert_eq!(status, StatusCode::OK);
    let tag = etag(&headers);
    let (status, headers, body) = app
        .call(
            Method::GET,
            "/v1/me/passport",
            Some(&me),
            None,
            &[("if-none-match", &tag)],
        )
        .await;
    assert_eq!((status, body), (StatusCode::NOT_MODIFIED, Value::Null));
    assert_eq!(etag(&headers), tag);

    write_and_publish(&app, &cast.nurse, cast.leaver.id, second_content()).await;
    // Acknowledging with the ETag of the copy read before version 2 is refused.
    let (status, _, _) = app
        .call(
            Method::POST,
            "/v1/me/passport/acknowledge",
            Some(&me),
            None,
            &[("if-match", &tag)],
        )
        .await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    let (status, headers, body) = app
        .call(
            Method::GET,
            "/v1/me/passport",
            Some(&me),
            None,
            &[("if-none-match", &tag)],
        )
        .await;
    assert_eq!(
        (status, body["version"].as_i64()),
        (StatusCode::OK, Some(2))
    );
    let (status, _, ack) = app
        .call(
            Method::POST,
            "/v1/me/passport/acknowledge",
            Some(&me),
            None,
            &[("if-match", &etag(&headers))],
        )
        .await;
    assert_eq!((status, ack["version"].as_i64()), (StatusCode::OK, Some(2)));
}

#[tokio::test]
async fn the_export_is_the_whole_passport_in_one_document_with_my_registered_gp() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    let me = app.token(&cast.leaver).await;
    let (status, _, empty) = app
        .call(Method::GET, "/v1/me/passport/export", Some(&me), None, &[])
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (empty["latest_version"].clone(), empty["content"].clone()),
        (Value::Null, Value::Null)
    );

    write_and_publish(&app, &cast.nurse, cast.leaver.id, content()).await;
    write_and_publish(&app, &cast.nurse, cast.leaver.id, second_content()).await;
    let (status, _) = app
        .patch("/v1/me", &me, json!({"gp_ods_code": "M87017"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, headers, export) = app
        .call(Method::GET, "/v1/me/passport/export", Some(&me), None, &[])
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(export["format"], "care-passport-export/1");
    assert_eq!(export["latest_version"], 2);
    assert_eq!(export["care_leaver"]["name"], "Jordan Tester");
    assert_eq!(
        export["care_leaver"]["local_authority"],
        "Dudley Metropolitan Borough Council"
    );
    assert_eq!(export["versions"].as_array().unwrap().len(), 2);
    assert_eq!(export["content"]["medicines"].as_array().unwrap().len(), 2);
    assert_eq!(
        export["content"]["sexual_health_and_substance_use"]["contraception"],
        "Contraceptive implant"
    );
    assert_eq!(
        export["content"]["about_me"]["gp_practice_ods_code"],
        "M87017"
    );
    let (_, passport) = app.get("/v1/me/passport", &me).await;
    assert_eq!(
        passport["content"]["about_me"]["gp_practice_ods_code"],
        "M87017"
    );
    assert_eq!(
        app.get("/v1/me/passport/export", &app.token(&cast.nurse).await)
            .await
            .0,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_demo_publishes_passports_for_jordan_kyle_and_mia_and_leaves_aisha_due() {
    let app = TestApp::spawn().await;
    let logins = care_passport::demo::load(&app.state)
        .await
        .expect("demo loads");
    // Loading again adds nothing.
    care_passport::demo::load(&app.state)
        .await
        .expect("demo loads twice");
    let login = |key: &str| {
        let l = logins
            .iter()
            .find(|l| l.email.starts_with(&format!("{key}@")))
            .unwrap();
        Person {
            id: Uuid::nil(),
            email: l.email.clone(),
            password: l.password.clone(),
            role: l.role,
        }
    };
    for (key, name) in [("jordan", "Jo"), ("kyle", "Kyle"), ("mia", "Mimi")] {
        let token = app.token(&login(key)).await;
        let (status, passport) = app.get("/v1/me/passport", &token).await;
        assert_eq!(status, StatusCode::OK, "{key}: {passport}");
        assert_eq!(passport["version"], 2, "{key}");
        assert_eq!(passport["content"]["about_me"]["preferred_name"], name);
        assert_eq!(
            passport["content"]["about_me"]["named_nurse"]["name"],
            "Sam Patel"
        );
        assert_eq!(
            passport["content"]["medicines"][0]["recorded_by"],
            "Sam Patel"
        );
        let (_, export) = app.get("/v1/me/passport/export", &token).await;
        assert_eq!(export["versions"].as_array().unwrap().len(), 2, "{key}");
    }
    let nurse = app.token(&login("nurse")).await;
    let (_, due) = app.get("/v1/passports/due", &nurse).await;
    let names: Vec<&str> = (due["without_passport"].as_array().unwrap().iter())
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Aisha Khan"]);
}

#[tokio::test]
async fn of_two_nurses_saving_the_same_revision_at_once_one_wins_and_the_other_gets_412() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    let (id, token) = (cast.leaver.id, app.token(&cast.nurse).await);
    let (_, tag, _) = get_draft(&app, &token, id).await;
    let (status, headers, _) = put_draft(&app, &token, id, Some(&tag), content()).await;
    assert_eq!(status, StatusCode::OK);
    let tag = etag(&headers);
    let (a, b) = tokio::join!(
        put_draft(&app, &token, id, Some(&tag), second_content()),
        put_draft(&app, &token, id, Some(&tag), json!({"allergies": []})),
    );
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::PRECONDITION_FAILED]);
    let winner = if a.0 == StatusCode::OK { a.2 } else { b.2 };
    let (_, _, draft) = get_draft(&app, &token, id).await;
    assert_eq!(draft["revision"], 2);
    assert_eq!(draft["content"], winner["content"]);
}
