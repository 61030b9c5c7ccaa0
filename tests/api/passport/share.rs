//! Share links for a new GP: passcode, expiry, revocation, lock-out, the access log and the
//! sensitive section.
use integration_tests::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::travel::{pdf_text, resources, section_codes};
use super::*;
use crate::access::Cast;

const LINKS: &str = "/v1/me/passport/share-links";

struct Shared {
    app: TestApp,
    cast: Cast,
    token: String,
}

async fn published() -> Shared {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    write_and_publish(&app, &cast.nurse, cast.leaver.id, content()).await;
    let token = app.token(&cast.leaver).await;
    Shared { app, cast, token }
}

async fn make_link(shared: &Shared, sections: Value, hours: u32) -> (String, String, String) {
    let body = json!({"recipient": "Limestone Surgery", "sections": sections,
                      "expires_in_hours": hours});
    let (status, made) = shared.app.post(LINKS, &shared.token, body).await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let url = made["url"].as_str().expect("url");
    let token = url.rsplit('/').next().expect("token").to_owned();
    let passcode = made["passcode"].as_str().expect("passcode").to_owned();
    let id = made["link"]["id"].as_str().expect("id").to_owned();
    (token, passcode, id)
}

/// Opens a link without any account: status, content type and body bytes.
async fn open(
    app: &TestApp,
    token: &str,
    what: &str,
    passcode: &str,
) -> (StatusCode, String, Vec<u8>) {
    let res = app
        .client
        .post(app.url(&format!("/v1/shared/{token}/{what}")))
        .json(&json!({ "passcode": passcode }))
        .send()
        .await
        .expect("request sent");
    let status = res.status();
    let kind = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap_or_default().to_owned())
        .unwrap_or_default();
    (status, kind, res.bytes().await.expect("body").to_vec())
}

fn wrong(passcode: &str) -> String {
    let digit = (passcode.as_bytes()[0] - b'0' + 1) % 10;
    format!("{digit}{}", &passcode[1..])
}

async fn access_log(shared: &Shared) -> Vec<String> {
    let (status, log) = shared.app.get("/v1/me/access-log", &shared.token).await;
    assert_eq!(status, StatusCode::OK);
    log["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["summary"].as_str().map(str::to_owned))
        .collect()
}

async fn listed(shared: &Shared) -> Value {
    let (status, list) = shared.app.get(LINKS, &shared.token).await;
    assert_eq!(status, StatusCode::OK);
    list["items"][0].clone()
}

#[tokio::test]
async fn a_share_link_opens_only_with_its_passcode_and_shows_only_the_chosen_sections() {
    let shared = published().await;
    let (token, passcode, _) = make_link(&shared, json!(["medicines", "allergies"]), 24).await;
    assert_eq!(passcode.len(), 6);

    let (status, _, body) = open(&shared.app, &token, "fhir", &wrong(&passcode)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(String::from_utf8_lossy(&body).contains("You can try 4 more times"));
    let (status, _, _) = open(&shared.app, &token, "fhir", "12ab").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    let (status, kind, bytes) = open(&shared.app, &token, "fhir", &passcode).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind, "application/fhir+json");
    let bundle: Value = serde_json::from_slice(&bytes).expect("JSON");
    assert_eq!(resources(&bundle)[0]["resourceType"], "Composition");
    assert!(!section_codes(&bundle).iter().any(|c| c == "29762-2"));
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("Salbutamol inhaler") && text.contains("Penicillin"));
    assert!(!text.contains("implant") && !text.contains("MMR"), "{text}");

    let (status, kind, pdf) = open(&shared.app, &token, "pdf", &passcode).await;
    assert_eq!((status, kind.as_str()), (StatusCode::OK, "application/pdf"));
    let printed = pdf_text(&pdf);
    assert!(
        printed.contains("Penicillin") && !printed.contains("MMR"),
        "{printed}"
    );

    let link = listed(&shared).await;
    assert_eq!(link["status"], "active");
    assert_eq!(link["openings"], 2);
    let log = access_log(&shared).await;
    let opened: Vec<&String> = log
        .iter()
        .filter(|l| {
            l.starts_with("Someone opened the link you made for Limestone Surgery. This was on ")
        })
        .collect();
    assert_eq!(opened.len(), 2, "{log:?}");
    assert!(
        log.iter()
            .any(|l| l.starts_with("Someone typed a wrong passcode")),
        "{log:?}"
    );
}

#[tokio::test]
async fn the_sensitive_section_is_shared_only_when_the_young_person_chooses_it() {
    let shared = published().await;
    let (token, passcode, _) = make_link(
        &shared,
        json!(["medicines", "sexual_health_and_substance_use"]),
        1,
    )
    .await;

    let (status, _, bytes) = open(&shared.app, &token, "fhir", &passcode).await;

    assert_eq!(status, StatusCode::OK);
    let bundle: Value = serde_json::from_slice(&bytes).expect("JSON");
    assert!(section_codes(&bundle).iter().any(|c| c == "29762-2"));
    assert!(String::from_utf8_lossy(&bytes).contains("Contraceptive implant"));
}

#[tokio::test]
async fn a_share_link_locks_after_five_wrong_passcodes() {
    let shared = published().await;
    let (token, passcode, _) = make_link(&shared, json!(["allergies"]), 720).await;

    for tries_left in [4, 3, 2, 1] {
        let (status, _, body) = open(&shared.app, &token, "pdf", &wrong(&passcode)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let plural = if tries_left == 1 { "" } else { "s" };
        let expected = format!("You can try {tries_left} more time{plural}.");
        assert!(String::from_utf8_lossy(&body).contains(&expected));
    }
    let (status, _, body) = open(&shared.app, &token, "pdf", &wrong(&passcode)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(String::from_utf8_lossy(&body).contains("The link is now locked"));

    let (status, _, _) = open(&shared.app, &token, "pdf", &passcode).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "the right passcode no longer opens it"
    );
    assert_eq!(listed(&shared).await["status"], "locked");
    let log = access_log(&shared).await;
    assert!(
        log.iter()
            .any(|l| l.contains("so the link you made for Limestone Surgery is locked")),
        "{log:?}"
    );
}

#[tokio::test]
async fn a_revoked_link_answers_404_and_the_list_shows_it_stopped() {
    let shared = published().await;
    let (token, passcode, id) = make_link(&shared, json!(["allergies"]), 24).await;
    let path = format!("{LINKS}/{id}");

    let other = shared.app.token(&shared.cast.other_leaver).await;
    let (status, _, _) = shared
        .app
        .call(Method::DELETE, &path, Some(&other), None, &[])
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "someone else's link");
    for _ in 0..2 {
        let (status, _, _) = shared
            .app
            .call(Method::DELETE, &path, Some(&shared.token), None, &[])
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
    }

    let (status, _, _) = open(&shared.app, &token, "fhir", &passcode).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(listed(&shared).await["status"], "revoked");
    let actions = shared.app.audit_actions(shared.cast.leaver.id).await;
    assert!(actions.contains(&"passport.share_created".to_owned()));
    assert!(actions.contains(&"passport.share_revoked".to_owned()));
}

#[tokio::test]
async fn an_expired_link_answers_404() {
    use sea_orm::{ActiveValue::Set, EntityTrait};
    let shared = published().await;
    let (token, passcode, id) = make_link(&shared, json!(["allergies"]), 1).await;
    let past = chrono::Utc::now() - chrono::Duration::minutes(1);
    entity::passport_share_link::Entity::update(entity::passport_share_link::ActiveModel {
        id: Set(id.parse().expect("uuid")),
        expires_at: Set(past),
        ..Default::default()
    })
    .exec(&shared.app.state.db)
    .await
    .expect("expired");

    let (status, _, _) = open(&shared.app, &token, "fhir", &passcode).await;

    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(listed(&shared).await["status"], "expired");
    let (status, _, _) = open(&shared.app, "no-such-link", "fhir", &passcode).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_link_needs_a_recipient_sections_and_an_expiry_from_one_hour_to_thirty_days() {
    let shared = published().await;
    let cases = [
        (
            json!({"recipient": "GP", "sections": ["allergies"], "expires_in_hours": 0}),
            "expires_in_hours",
        ),
        (
            json!({"recipient": "GP", "sections": ["allergies"], "expires_in_hours": 721}),
            "expires_in_hours",
        ),
        (
            json!({"recipient": "GP", "sections": [], "expires_in_hours": 24}),
            "sections",
        ),
        (
            json!({"recipient": " ", "sections": ["allergies"], "expires_in_hours": 24}),
            "recipient",
        ),
    ];
    for (body, field) in cases {
        let (status, problem) = shared.app.post(LINKS, &shared.token, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert!(problem.to_string().contains(field), "{problem}");
    }
    let nurse = shared.app.token(&shared.cast.nurse).await;
    let body = json!({"recipient": "GP", "sections": ["allergies"], "expires_in_hours": 24});
    let (status, _) = shared.app.post(LINKS, &nurse, body.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let newcomer = shared.app.care_leaver("dudley", 18, 3).await;
    let newcomer = shared.app.token(&newcomer).await;
    let (status, _) = shared.app.post(LINKS, &newcomer, body).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "nothing published to share");
}
