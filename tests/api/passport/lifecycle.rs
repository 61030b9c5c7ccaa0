//! Drafting with optimistic concurrency, publishing, versions and the changes between them,
//! and validation.
use integration_tests::TestApp;
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::*;
use crate::access::Cast;

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
    let numbers: Vec<i64> = (list["items"].as_array().unwrap().iter())
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
    assert_eq!(versions["items"], json!([]));
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
#[tokio::test]
async fn invalid_drafts_get_a_422_naming_the_field_and_nothing_is_saved() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    let (id, token) = (cast.leaver.id, app.token(&cast.nurse).await);
    let (_, tag, _) = get_draft(&app, &token, id).await;
    let future = (care_passport::age::today() + chrono::Days::new(1)).to_string();
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
            "leave it out",
        ),
        (json!({"medicnes": []}), "medicnes", "leave it out"),
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
