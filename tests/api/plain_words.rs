//! Plain words for young people (issue 17): each defect found by trying the app as a care
//! leaver, checked over HTTP. Errors keep `code` and `errors[].field` for the app and put a
//! plain, complete sentence in `title`, `detail` and `errors[].message`.
use care_passport::{
    auth::Role,
    content::readability::{YOUNG_PERSON_THRESHOLD, flesch_reading_ease},
};
use integration_tests::{Person, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::passport::{get_draft, put_draft};
use crate::prescriptions::{answers, register_with_gp};

/// What a young person must never read in an error.
const PARSER_WORDS: [&str; 9] = [
    "unknown variant",
    "missing field",
    "expected u",
    "expected one of",
    "EOF while parsing",
    "invalid type",
    "input contains invalid characters",
    "malformed JSON",
    "`",
];

/// HTTP reason phrases that used to be titles.
const REASON_PHRASES: [&str; 6] = [
    "Forbidden",
    "Conflict",
    "Precondition Failed",
    "Too Many Requests",
    "Not Found",
    "Unprocessable Entity",
];

/// Every sentence a problem shows: its title, detail and field messages.
fn shown(problem: &Value) -> Vec<String> {
    let mut texts = vec![
        problem["title"].as_str().unwrap_or_default().to_owned(),
        problem["detail"].as_str().unwrap_or_default().to_owned(),
    ];
    for e in problem["errors"].as_array().into_iter().flatten() {
        texts.push(e["message"].as_str().unwrap_or_default().to_owned());
    }
    texts
}

/// The problem is plain: a stable code, no reason phrase as title, no parser wording or
/// field paths in what is shown, and every message a sentence.
fn assert_plain(problem: &Value) {
    assert!(
        problem["code"].as_str().is_some_and(|c| !c.is_empty()),
        "{problem}"
    );
    let title = problem["title"].as_str().unwrap_or_default();
    assert!(!REASON_PHRASES.contains(&title), "{problem}");
    for text in shown(problem) {
        for word in PARSER_WORDS {
            assert!(!text.contains(word), "{word:?} in {text:?}");
        }
        assert!(!text.contains('_'), "an id or a field path in {text:?}");
    }
    for e in problem["errors"].as_array().into_iter().flatten() {
        let message = e["message"].as_str().unwrap_or_default();
        assert!(message.ends_with(['.', '?', '!']), "{message:?}");
    }
}

/// The text of the first reason with `id`, wherever it sits in the answer.
fn find_reason(value: &Value, id: &str) -> Option<String> {
    match value {
        Value::Object(map) => {
            if map.get("id").and_then(Value::as_str) == Some(id) {
                return map.get("text").and_then(Value::as_str).map(str::to_owned);
            }
            map.values().find_map(|v| find_reason(v, id))
        }
        Value::Array(items) => items.iter().find_map(|v| find_reason(v, id)),
        _ => None,
    }
}

async fn post_as(app: &TestApp, person: &Person, path: &str, body: Value) -> (StatusCode, Value) {
    app.post(path, &app.token(person).await, body).await
}

#[tokio::test]
async fn a_wrong_password_says_the_e_mail_or_password_is_wrong_not_that_a_token_expired() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let (status, headers, problem) = app
        .call(
            Method::POST,
            "/v1/auth/login",
            None,
            Some(json!({"email": leaver.email, "password": "not-my-password-9"})),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{problem}");
    assert_eq!(headers["www-authenticate"], "Bearer");
    assert_eq!(problem["code"], "sign_in_failed");
    let detail = problem["detail"].as_str().unwrap();
    assert!(detail.contains("e-mail and password"), "{detail}");
    assert!(detail.contains("reset"), "{detail}");
    assert!(!detail.to_lowercase().contains("token"), "{detail}");
    assert_plain(&problem);
}

#[tokio::test]
async fn a_young_person_without_a_passport_is_told_their_nurse_has_not_published_it_yet() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let (status, problem) = app.get("/v1/me/passport", &app.token(&leaver).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{problem}");
    assert_eq!(problem["code"], "passport_not_published");
    let detail = problem["detail"].as_str().unwrap();
    assert!(detail.contains("nurse has not published"), "{detail}");
    assert!(detail.contains("e-mail when it is ready"), "{detail}");
    assert!(
        flesch_reading_ease(detail) >= YOUNG_PERSON_THRESHOLD,
        "{detail}"
    );
    assert_plain(&problem);
}

#[tokio::test]
async fn validation_errors_name_the_field_for_the_app_and_say_what_to_do_in_plain_words() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let check = "/v1/prescriptions/eligibility";
    let cases = [
        (
            "text where pence belong",
            json!({"benefits": {"universal_credit": {"who_gets": "me", "take_home_pay_pence": "lots"}}}),
            "benefits.universal_credit.take_home_pay_pence",
            "whole number",
        ),
        (
            "an unknown choice",
            json!({"benefits": {"income_support": "maybe"}}),
            "benefits.income_support",
            "not one of the choices",
        ),
        (
            "a UK date",
            json!({"date_of_birth": "14/09/2005"}),
            "date_of_birth",
            "2005-09-14",
        ),
    ];
    for (what, body, field, says) in cases {
        let (status, problem) = post_as(&app, &leaver, check, body).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{what}: {problem}"
        );
        assert_eq!(problem["code"], "validation", "{what}");
        assert_eq!(problem["errors"][0]["field"], field, "{what}: {problem}");
        let message = problem["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains(says), "{what}: {message}");
        let detail = problem["detail"].as_str().unwrap();
        assert!(!detail.contains(field), "{what}: a path in {detail}");
        assert_plain(&problem);
    }

    // A missing field on the Chances4YOUth form, named for the app but not in the words.
    let (status, problem) = post_as(
        &app,
        &leaver,
        "/v1/me/expressions-of-interest",
        json!({"contact": {"name": "Jay", "preferred_contact_method": "text"}}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert!(problem["errors"][0]["field"].is_string(), "{problem}");
    assert_plain(&problem);
}

#[tokio::test]
async fn a_body_cut_short_gets_plain_words_not_the_parsers() {
    let app = TestApp::spawn().await;
    let (status, _, problem) = app
        .call(
            Method::POST,
            "/v1/auth/login",
            None,
            None,
            &[("content-type", "application/json")],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    assert_plain(&problem);
    let response = app
        .client
        .post(app.url("/v1/auth/login"))
        .header("content-type", "application/json")
        .body("{\"email\":")
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let problem: Value = response.json().await.expect("problem+json");
    assert_eq!(problem["code"], "bad_request");
    assert!(
        problem["detail"].as_str().unwrap().contains("cut short"),
        "{problem}"
    );
    assert_plain(&problem);
}

#[tokio::test]
async fn a_young_person_on_a_staff_route_is_told_their_account_cannot_open_it() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let (status, problem) = app.get("/v1/admin/outbox", &app.token(&leaver).await).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{problem}");
    assert_eq!(problem["code"], "forbidden");
    let detail = problem["detail"].as_str().unwrap();
    assert!(!detail.contains("role"), "{detail}");
    assert!(detail.contains("Your account cannot open"), "{detail}");
    assert_plain(&problem);
}

#[tokio::test]
async fn a_17_year_old_is_told_to_wait_until_18_not_that_they_cannot_apply() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 17, 0).await;
    register_with_gp(&app, &leaver).await;
    let (status, problem) =
        post_as(&app, &leaver, "/v1/me/prescription-applications", answers()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["code"], "not_yet_eligible");
    let title = problem["title"].as_str().unwrap();
    assert!(!title.contains("can't apply"), "{title}");
    let detail = problem["detail"].as_str().unwrap();
    assert!(detail.contains("18th birthday"), "{detail}");
    assert!(detail.contains("Until then"), "{detail}");
    assert!(
        flesch_reading_ease(detail) >= YOUNG_PERSON_THRESHOLD,
        "{detail}"
    );
    assert_eq!(problem["decision"]["reasons"][0]["id"], "too_young");
}

#[tokio::test]
async fn a_care_leaver_from_outside_the_scheme_is_told_who_can_help() {
    let app = TestApp::spawn().await;
    let caseworker = app.staff(Role::Caseworker, "dudley").await;
    let body = json!({
        "date_of_birth": "2004-01-01",
        "eligible_for_leaving_care_service": true,
        "leaving_care_local_authority": "birmingham",
        "registered_with_gp": true
    });
    let (status, answer) = post_as(&app, &caseworker, "/v1/prescriptions/eligibility", body).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let text = find_reason(&answer, "council_not_covered")
        .unwrap_or_else(|| panic!("no council reason in {answer}"));
    assert!(text.contains("Birmingham"), "{text}");
    assert!(text.contains("ask your personal adviser"), "{text}");
    assert!(!text.trim_end().ends_with("not Birmingham."), "{text}");
    assert!(
        flesch_reading_ease(&text) >= YOUNG_PERSON_THRESHOLD,
        "{text}"
    );
}

#[tokio::test]
async fn the_chances4youth_options_label_every_choice_a_young_person_meets() {
    let app = TestApp::spawn().await;
    let (status, _, options) = app
        .call(Method::GET, "/v1/chances4youth/options", None, None, &[])
        .await;
    assert_eq!(status, StatusCode::OK, "{options}");
    for list in [
        "opportunity_types",
        "levels",
        "statuses",
        "activities",
        "qualification_levels",
        "hours",
        "driving_licences",
        "right_to_work",
        "contact_methods",
    ] {
        let choices = options[list].as_array().unwrap_or_else(|| panic!("{list}"));
        assert!(!choices.is_empty(), "{list}");
        for choice in choices {
            let (id, label) = (
                choice["id"].as_str().unwrap(),
                choice["label"].as_str().unwrap(),
            );
            assert!(!id.is_empty() && !label.is_empty(), "{list}: {choice}");
            assert!(!label.contains('_') && label != id, "{list}: {choice}");
        }
    }
    let statuses: Vec<&str> = options["statuses"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert!(statuses.contains(&"not_progressed") && statuses.contains(&"in_review"));
}

#[tokio::test]
async fn a_young_persons_form_has_a_status_label_beside_every_status() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let form = json!({
        "contact": {"name": "Jay", "email": "jay@example.com", "phone": null,
                    "preferred_contact_method": "email"},
        "opportunity_types": ["work_experience"],
        "directorates": ["digital_and_it"],
        "level_sought": "not_sure",
        "current_activities": ["college"],
        "english": {"level": "level1"},
        "maths": {"level": "level1"},
        "career_goal": null,
        "availability": {"hours": "part_time", "available_from": null, "notes": null},
        "travel": {"max_travel_minutes": 30, "driving_licence": "none", "notes": null},
        "right_to_work": "yes",
        "support_needs": null,
        "consents": {"share_with_hr_and_connexions": true, "share_with_future_employer": false}
    });
    let (status, created) = post_as(&app, &leaver, "/v1/me/expressions-of-interest", form).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["status"], "submitted");
    assert_eq!(created["status_label"], "Sent");
    let entry = &created["history"][0];
    assert_eq!(
        (entry["to"].as_str(), entry["to_label"].as_str()),
        (Some("submitted"), Some("Sent"))
    );
}

#[tokio::test]
async fn the_glossary_explains_the_words_young_people_did_not_know_in_plain_english() {
    let app = TestApp::spawn().await;
    let (status, _, glossary) = app.call(Method::GET, "/v1/glossary", None, None, &[]).await;
    assert_eq!(status, StatusCode::OK, "{glossary}");
    let terms = glossary["terms"].as_array().unwrap();
    for id in [
        "exemption",
        "prescription_prepayment_certificate",
        "hc1",
        "hc2",
        "matex",
        "medex",
        "chances4youth",
        "personal_adviser",
        "expression_of_interest",
        "query",
    ] {
        let term = terms
            .iter()
            .find(|t| t["id"] == id)
            .unwrap_or_else(|| panic!("{id} missing from {glossary}"));
        let meaning = term["meaning"].as_str().unwrap();
        let score = flesch_reading_ease(meaning);
        assert!(score >= YOUNG_PERSON_THRESHOLD, "{id}: {score} {meaning}");
    }
}

#[tokio::test]
async fn a_nurse_saving_a_draft_sees_which_free_text_is_hard_to_read_but_it_still_saves() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    app.assign(&leaver, None, Some(&nurse), false).await;
    let token = app.token(&nurse).await;
    let (status, tag, _) = get_draft(&app, &token, leaver.id).await;
    assert_eq!(status, StatusCode::OK);
    let hard = "Comprehensive multidisciplinary reassessment necessitated consideration of \
                pharmacological alternatives.";
    let content = json!({
        "about_me": {"preferred_name": "Jordan"},
        "conditions": [{"name": "Asthma", "status": "current", "notes": hard}]
    });
    let (status, _, draft) = put_draft(&app, &token, leaver.id, Some(&tag), content).await;
    assert_eq!(status, StatusCode::OK, "{draft}");
    let warned = draft["hard_to_read"].as_array().unwrap();
    assert_eq!(warned.len(), 1, "{draft}");
    assert_eq!(warned[0]["field"], "conditions[0].notes");
    assert!(warned[0]["score"].as_f64().unwrap() < YOUNG_PERSON_THRESHOLD);
}
