use integration_tests::{PASSWORD, TestApp, console::Browser};
use reqwest::{Method, StatusCode};
use serde_json::json;

use care_passport::auth::{Role, second_factor};
use sea_orm::EntityTrait;

fn secret_on(page: &str) -> Vec<u8> {
    let start = page.find("id=\"secret\">").expect("the secret is shown") + "id=\"secret\">".len();
    let end = start + page[start..].find('<').expect("end of secret");
    second_factor::secret_from_typing(&page[start..end]).expect("base32 secret")
}

fn codes_on(page: &str) -> Vec<String> {
    let list = &page[page.find("id=\"recovery-codes\"").expect("codes shown")..];
    list.split("<li>")
        .skip(1)
        .take(10)
        .map(|item| {
            item.split("</li>")
                .next()
                .unwrap_or_default()
                .trim()
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn staff_enrol_at_first_sign_in_with_a_qr_code_and_get_ten_recovery_codes() {
    let app = TestApp::spawn().await;
    let nurse = app.staff_without_second_factor(Role::Nurse, "dudley").await;
    let mut browser = Browser::new(&app);
    browser.get("/sign-in").await;

    let after_password = browser
        .post(
            "/sign-in",
            &[("email", &nurse.email), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(after_password.location(), Some("/sign-in/set-up"));
    let set_up = browser.get("/sign-in/set-up").await;
    assert_eq!(set_up.status, StatusCode::OK);
    assert!(set_up.contains("<svg role=\"img\" aria-label=\"QR code"));
    let secret = secret_on(&set_up.body);
    assert_eq!(
        browser.get("/").await.status,
        StatusCode::SEE_OTHER,
        "not signed in yet"
    );
    let wrong = browser.post("/sign-in/set-up", &[("code", "000000")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.contains("The code is wrong"));
    assert_eq!(
        secret_on(&wrong.body),
        secret,
        "the same secret until confirmed"
    );

    let code = second_factor::code_at(&secret, chrono::Utc::now());
    let codes_page = browser.post("/sign-in/set-up", &[("code", &code)]).await;

    assert_eq!(codes_page.status, StatusCode::OK, "{}", codes_page.body);
    let codes = codes_on(&codes_page.body);
    assert_eq!(codes.len(), 10);
    assert_eq!(browser.get("/").await.status, StatusCode::OK, "signed in");
    assert!(
        second_factor::is_enrolled(&app.state.db, nurse.id)
            .await
            .unwrap()
    );
    let row = entity::second_factor::Entity::find_by_id(nurse.id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let typed = second_factor::secret_for_typing(&secret).replace(' ', "");
    assert!(!row.secret_ciphertext.contains(&typed), "encrypted at rest");
    assert_eq!(
        app.state.second_factor.open(&row.secret_ciphertext),
        Some(secret)
    );
    let hashes: Vec<String> = entity::recovery_code::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.code_hash)
        .collect();
    assert_eq!(hashes.len(), 10);
    assert!(codes.iter().all(|c| !hashes.contains(c)), "stored hashed");
}

#[tokio::test]
async fn a_recovery_code_signs_in_once() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let codes = second_factor::new_recovery_codes(&app.state.db, nurse.id)
        .await
        .unwrap();
    let mut first = Browser::new(&app);
    first.get("/sign-in").await;
    first
        .post(
            "/sign-in",
            &[("email", &nurse.email), ("password", PASSWORD)],
        )
        .await;
    first.get("/sign-in/code").await;

    let used = first
        .post(
            "/sign-in/code",
            &[("recovery_code", &codes[0].to_uppercase())],
        )
        .await;

    assert_eq!(used.status, StatusCode::SEE_OTHER, "{}", used.body);
    assert_eq!(used.location(), Some("/"));
    let mut second = Browser::new(&app);
    second.get("/sign-in").await;
    second
        .post(
            "/sign-in",
            &[("email", &nurse.email), ("password", PASSWORD)],
        )
        .await;
    second.get("/sign-in/code").await;
    let again = second
        .post("/sign-in/code", &[("recovery_code", &codes[0])])
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.contains("The recovery code is wrong or has already been used"));
    assert_eq!(
        second_factor::recovery_codes_left(&app.state.db, nurse.id)
            .await
            .unwrap(),
        9
    );
}

#[tokio::test]
async fn a_console_code_is_refused_the_second_time_within_its_time_step() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let code = app.next_code(nurse.id).await;
    let mut first = Browser::new(&app);
    first.get("/sign-in").await;
    first
        .post(
            "/sign-in",
            &[("email", &nurse.email), ("password", PASSWORD)],
        )
        .await;
    first.get("/sign-in/code").await;
    assert_eq!(
        first.post("/sign-in/code", &[("code", &code)]).await.status,
        StatusCode::SEE_OTHER
    );
    let mut second = Browser::new(&app);
    second.get("/sign-in").await;
    second
        .post(
            "/sign-in",
            &[("email", &nurse.email), ("password", PASSWORD)],
        )
        .await;
    second.get("/sign-in/code").await;

    let replay = second.post("/sign-in/code", &[("code", &code)]).await;

    assert_eq!(replay.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(replay.contains("already been used"));
    assert_eq!(second.get("/").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn five_wrong_console_codes_end_the_sign_in() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let mut browser = Browser::new(&app);
    browser.get("/sign-in").await;
    browser
        .post(
            "/sign-in",
            &[("email", &nurse.email), ("password", PASSWORD)],
        )
        .await;
    browser.get("/sign-in/code").await;
    for _ in 0..4 {
        let page = browser.post("/sign-in/code", &[("code", "000000")]).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    }

    let fifth = browser.post("/sign-in/code", &[("code", "000000")]).await;

    assert!(fifth.contains("Too many wrong codes. Sign in again."));
    let code = app.next_code(nurse.id).await;
    let late = browser.post("/sign-in/code", &[("code", &code)]).await;
    assert_ne!(late.location(), Some("/"), "the right code no longer helps");
}

async fn api_login(app: &TestApp, email: &str) -> serde_json::Value {
    app.login_password_only(email, PASSWORD).await
}

async fn api_totp(app: &TestApp, body: serde_json::Value) -> (StatusCode, serde_json::Value) {
    let (status, _, body) = app
        .call(Method::POST, "/v1/auth/login/totp", None, Some(body), &[])
        .await;
    (status, body)
}

#[tokio::test]
async fn api_staff_login_answers_a_challenge_and_only_a_code_turns_it_into_tokens() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;

    let first = api_login(&app, &nurse.email).await;

    assert!(
        first["access_token"].is_null(),
        "no tokens before the code: {first}"
    );
    assert!(first["refresh_token"].is_null());
    assert_eq!(first["second_factor"], "totp");
    assert_eq!(first["expires_in"], 300);
    let challenge = first["challenge"].as_str().expect("challenge").to_owned();
    let (status, problem) = api_totp(&app, json!({"challenge": challenge, "code": "000000"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "code");
    let code = app.next_code(nurse.id).await;
    let (status, pair) = api_totp(&app, json!({"challenge": challenge, "code": code})).await;
    assert_eq!(status, StatusCode::OK, "{pair}");
    let (status, me) = app
        .get("/v1/me", pair["access_token"].as_str().unwrap())
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["role"], "nurse");
    let (status, _) = api_totp(&app, json!({"challenge": challenge, "code": code})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "a challenge works once");
}

#[tokio::test]
async fn an_api_code_is_refused_when_replayed_within_its_time_step() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let code = app.next_code(nurse.id).await;
    let one = api_login(&app, &nurse.email).await["challenge"].clone();
    let two = api_login(&app, &nurse.email).await["challenge"].clone();

    let (first, _) = api_totp(&app, json!({"challenge": one, "code": code})).await;
    let (replay, problem) = api_totp(&app, json!({"challenge": two, "code": code})).await;

    assert_eq!(first, StatusCode::OK);
    assert_eq!(replay, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
}

#[tokio::test]
async fn an_api_recovery_code_works_once_and_five_wrong_codes_spend_the_challenge() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let codes = second_factor::new_recovery_codes(&app.state.db, nurse.id)
        .await
        .unwrap();
    let challenge = api_login(&app, &nurse.email).await["challenge"].clone();
    let (status, _) = api_totp(
        &app,
        json!({"challenge": challenge, "recovery_code": codes[3]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let again = api_login(&app, &nurse.email).await["challenge"].clone();
    let (status, problem) =
        api_totp(&app, json!({"challenge": again, "recovery_code": codes[3]})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "recovery_code");

    for _ in 0..4 {
        api_totp(&app, json!({"challenge": again, "code": "000000"})).await;
    }
    let code = app.next_code(nurse.id).await;
    let (status, _) = api_totp(&app, json!({"challenge": again, "code": code})).await;

    assert_eq!(status, StatusCode::UNAUTHORIZED, "the challenge is spent");
}

#[tokio::test]
async fn staff_without_a_second_factor_get_no_api_tokens_and_care_leavers_need_none() {
    let app = TestApp::spawn().await;
    let nurse = app.staff_without_second_factor(Role::Nurse, "dudley").await;
    let leaver = app.care_leaver("dudley", 19, 0).await;

    let (status, _, problem) = app
        .call(
            Method::POST,
            "/v1/auth/login",
            None,
            Some(json!({"email": nurse.email, "password": PASSWORD})),
            &[],
        )
        .await;
    let leaver_pair = app.login_password_only(&leaver.email, PASSWORD).await;

    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("second factor")
    );
    assert!(leaver_pair["access_token"].is_string());
}

#[tokio::test]
async fn a_care_leaver_may_turn_on_a_second_factor_and_then_needs_a_code() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let token = app.token(&leaver).await;

    let (status, setup) = app.post("/v1/me/second-factor", &token, json!({})).await;
    assert_eq!(status, StatusCode::CREATED, "{setup}");
    assert!(
        setup["otpauth_uri"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/")
    );
    let secret = second_factor::secret_from_typing(setup["secret"].as_str().unwrap()).unwrap();
    let (status, _) = app
        .post(
            "/v1/me/second-factor/confirm",
            &token,
            json!({"code": "000000"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let code = second_factor::code_at(&secret, chrono::Utc::now());
    let (status, codes) = app
        .post(
            "/v1/me/second-factor/confirm",
            &token,
            json!({"code": code}),
        )
        .await;

    assert_eq!(status, StatusCode::OK, "{codes}");
    assert_eq!(codes["recovery_codes"].as_array().unwrap().len(), 10);
    let first = app.login_password_only(&leaver.email, PASSWORD).await;
    assert!(
        first["challenge"].is_string(),
        "a code is now needed: {first}"
    );
    let pair = app.login(&leaver.email, PASSWORD).await;
    let (status, _, _) = app
        .call(
            Method::DELETE,
            "/v1/me/second-factor",
            pair["access_token"].as_str(),
            None,
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(app.login_password_only(&leaver.email, PASSWORD).await["access_token"].is_string());
}

#[tokio::test]
async fn staff_cannot_turn_their_second_factor_off() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let token = app.token(&nurse).await;

    let (status, _, _) = app
        .call(
            Method::DELETE,
            "/v1/me/second-factor",
            Some(&token),
            None,
            &[],
        )
        .await;

    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        second_factor::is_enrolled(&app.state.db, nurse.id)
            .await
            .unwrap()
    );
}
