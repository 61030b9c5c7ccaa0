//! Who may read and write a passport, and the sensitive section.
use care_passport::auth::Role;
use integration_tests::TestApp;
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use super::*;
use crate::access::Cast;

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
            // The current tag when they may read the draft (a `*` no longer passes: issue 13).
            let (_, headers, _) = app
                .call(Method::GET, &draft_path(id), Some(&token), None, &[])
                .await;
            let etag = headers.get("etag").map_or("\"unknown\"".to_string(), |v| {
                v.to_str().unwrap().to_owned()
            });
            let (status, _, _) = put_draft(&app, &token, id, Some(&etag), json!({})).await;
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
