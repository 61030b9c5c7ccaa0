use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use care_passport::auth::Role;
use integration_tests::{PASSWORD, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn refresh(app: &TestApp, token: &str) -> (StatusCode, Value) {
    let (s, _, b) = app
        .call(
            Method::POST,
            "/v1/auth/refresh",
            None,
            Some(json!({"refresh_token": token})),
            &[],
        )
        .await;
    (s, b)
}

async fn login_status(
    app: &TestApp,
    email: &str,
    password: &str,
) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    app.call(
        Method::POST,
        "/v1/auth/login",
        None,
        Some(json!({"email": email, "password": password})),
        &[],
    )
    .await
}

#[tokio::test]
async fn login_returns_a_bearer_pair_and_me_describes_the_caller() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let pair = app.login(&leaver.email.to_uppercase(), PASSWORD).await;
    assert_eq!(pair["token_type"], "Bearer");
    assert!(pair["expires_in"].as_i64().unwrap() <= 900);
    assert!(pair["refresh_token"].as_str().unwrap().len() >= 43);
    let (status, me) = app
        .get("/v1/me", pair["access_token"].as_str().unwrap())
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["id"], json!(leaver.id));
    assert_eq!(me["role"], "care_leaver");
    assert_eq!(me["local_authority"], "dudley");
    assert_eq!(me["care_leaver"]["status"], "care_leaver");
}

#[tokio::test]
async fn unknown_email_and_wrong_password_get_the_same_401() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let (s1, _, b1) = login_status(&app, "nobody@nowhere.example", PASSWORD).await;
    let (s2, _, b2) = login_status(&app, &nurse.email, "wrong-password-1").await;
    assert_eq!(
        (s1, s2),
        (StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED)
    );
    assert_eq!(b1, b2);
    let actions = {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        entity::audit_event::Entity::find()
            .filter(entity::audit_event::Column::Action.eq("auth.login_failed"))
            .all(&app.state.db)
            .await
            .unwrap()
    };
    assert_eq!(actions.len(), 2, "both failures are audited");
}

#[tokio::test]
async fn refresh_rotates_and_reuse_revokes_the_whole_family() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 18, 10).await;
    let first = app.login(&leaver.email, PASSWORD).await;
    let first_refresh = first["refresh_token"].as_str().unwrap().to_owned();
    let (status, second) = refresh(&app, &first_refresh).await;
    assert_eq!(status, StatusCode::OK);
    let second_refresh = second["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(first_refresh, second_refresh);
    let (status, _) = app
        .get("/v1/me", second["access_token"].as_str().unwrap())
        .await;
    assert_eq!(status, StatusCode::OK);
    // Replaying the first token: reuse detected, family revoked.
    assert_eq!(
        refresh(&app, &first_refresh).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        refresh(&app, &second_refresh).await.0,
        StatusCode::UNAUTHORIZED,
        "the descendant is revoked too"
    );
    // A separate sign-in is a separate family and still works.
    let other = app.login(&leaver.email, PASSWORD).await;
    assert_eq!(
        refresh(&app, other["refresh_token"].as_str().unwrap())
            .await
            .0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn logout_revokes_the_refresh_token() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let pair = app.login(&nurse.email, PASSWORD).await;
    let rt = pair["refresh_token"].as_str().unwrap();
    let (status, _, _) = app
        .call(
            Method::POST,
            "/v1/auth/logout",
            None,
            Some(json!({"refresh_token": rt})),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(refresh(&app, rt).await.0, StatusCode::UNAUTHORIZED);
}

fn forge(claims: Value, header: Value, secret: &[u8]) -> String {
    let h = URL_SAFE_NO_PAD.encode(header.to_string());
    let c = URL_SAFE_NO_PAD.encode(claims.to_string());
    let key = jsonwebtoken::EncodingKey::from_secret(secret);
    let signature = jsonwebtoken::crypto::sign(
        format!("{h}.{c}").as_bytes(),
        &key,
        jsonwebtoken::Algorithm::HS256,
    )
    .unwrap();
    format!("{h}.{c}.{signature}")
}

#[tokio::test]
async fn expired_tampered_unsigned_and_wrong_audience_tokens_are_refused() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let secret = app.state.config.jwt_secret.clone();
    let now = chrono::Utc::now().timestamp();
    let iss = app
        .state
        .config
        .public_base_url
        .as_str()
        .trim_end_matches('/')
        .to_owned();
    // Access tokens name an open sign-in session (`sid`, issue 13): borrow a real one.
    let signed_in = app.token(&nurse).await;
    let (_, sessions) = app.get("/v1/me/sessions", &signed_in).await;
    let sid = sessions["items"][0]["id"].clone();
    let claims = |aud: &str, exp: i64, token_use: &str| json!({"iss": iss, "aud": aud, "sub": nurse.id, "role": "nurse", "iat": now, "iat_ms": now * 1000 + 999, "exp": exp, "jti": uuid::Uuid::new_v4(), "sid": sid, "token_use": token_use});
    let header = json!({"alg": "HS256", "typ": "at+jwt"});
    let valid = forge(
        claims("care-passport-api", now + 600, "access"),
        header.clone(),
        &secret,
    );
    assert_eq!(
        app.get("/v1/me", &valid).await.0,
        StatusCode::OK,
        "the forge helper makes valid tokens"
    );
    let mut tampered = valid.clone();
    tampered.pop();
    tampered.push(if valid.ends_with('A') { 'B' } else { 'A' });
    let none = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(json!({"alg": "none", "typ": "at+jwt"}).to_string()),
        URL_SAFE_NO_PAD.encode(claims("care-passport-api", now + 600, "access").to_string())
    );
    let cases = [
        (
            "expired",
            forge(
                claims("care-passport-api", now - 120, "access"),
                header.clone(),
                &secret,
            ),
        ),
        (
            "wrong audience",
            forge(
                claims("another-api", now + 600, "access"),
                header.clone(),
                &secret,
            ),
        ),
        (
            "other purpose",
            forge(
                claims("care-passport-api", now + 600, "password_reset"),
                header.clone(),
                &secret,
            ),
        ),
        (
            "plain JWT type",
            forge(
                claims("care-passport-api", now + 600, "access"),
                json!({"alg": "HS256", "typ": "JWT"}),
                &secret,
            ),
        ),
        (
            "other key",
            forge(
                claims("care-passport-api", now + 600, "access"),
                header.clone(),
                b"another-secret-another-secret-xx",
            ),
        ),
        ("tampered signature", tampered),
        ("alg none", none),
        ("not a JWT", "hello".into()),
    ];
    for (name, token) in cases {
        let (status, _, body) = app
            .call(Method::GET, "/v1/me", Some(&token), None, &[])
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{name}: {body}");
    }
    let (status, headers, _) = app.call(Method::GET, "/v1/me", None, None, &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(headers["www-authenticate"], "Bearer");
}

#[tokio::test]
async fn repeated_failures_are_throttled_with_retry_after_and_success_resets_the_count() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    for _ in 0..3 {
        assert_eq!(
            login_status(&app, &nurse.email, "wrong-password-1").await.0,
            StatusCode::UNAUTHORIZED
        );
    }
    app.login(&nurse.email, PASSWORD).await; // success resets
    for _ in 0..5 {
        assert_eq!(
            login_status(&app, &nurse.email, "wrong-password-1").await.0,
            StatusCode::UNAUTHORIZED
        );
    }
    let (status, headers, body) = login_status(&app, &nurse.email, PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    let retry_after: u64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=2).contains(&retry_after), "{retry_after}");
    // The words say how long to wait, not the HTTP reason phrase.
    assert_eq!(body["code"], "too_many_requests", "{body}");
    assert_ne!(body["title"], "Too Many Requests", "{body}");
    let wait = format!("wait {retry_after} second");
    assert!(body["detail"].as_str().unwrap().contains(&wait), "{body}");
    // Another account from the same address is not locked out.
    let other = app.staff(Role::Hr, "dudley").await;
    app.login(&other.email, PASSWORD).await;
}

fn token_from_link(text: &str, marker: &str) -> String {
    let start = text
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker} in {text}"))
        + marker.len();
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

#[tokio::test]
async fn an_invited_care_leaver_accepts_by_email_link_once() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let token = app.token(&nurse).await;
    let (status, created) = app
        .post("/v1/care-leavers", &token, json!({"name": "Robin Hill", "email": "robin@young.example", "date_of_birth": "2007-09-09", "nhs_number": "943 476 5919"}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["account_status"], "invited");
    let mail = app.mail().wait_for("robin@young.example", "invited").await;
    let invite = token_from_link(&mail.text(), "token=");
    let accept = json!({"token": invite, "password": "a-fresh-strong-passphrase"});
    let (status, _, pair) = app
        .call(
            Method::POST,
            "/v1/auth/invitations/accept",
            None,
            Some(accept.clone()),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{pair}");
    assert!(pair["access_token"].is_string());
    app.login("robin@young.example", "a-fresh-strong-passphrase")
        .await;
    let (status, _, problem) = app
        .call(
            Method::POST,
            "/v1/auth/invitations/accept",
            None,
            Some(accept),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "token");
}

#[tokio::test]
async fn weak_and_common_passwords_are_refused_naming_the_field() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 20, 0).await;
    let token = app.token(&leaver).await;
    for weak in ["short", "password123"] {
        let (status, problem) = app
            .post(
                "/v1/me/password",
                &token,
                json!({"current_password": PASSWORD, "new_password": weak}),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{weak}");
        assert_eq!(problem["errors"][0]["field"], "new_password");
    }
}

#[tokio::test]
async fn password_reset_never_reveals_accounts_and_ends_old_sessions() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 21, 0).await;
    let old_pair = app.login(&leaver.email, PASSWORD).await;
    let ask = |email: &str| json!({"email": email});
    let (s1, _, b1) = app
        .call(
            Method::POST,
            "/v1/auth/password-reset",
            None,
            Some(ask(&leaver.email)),
            &[],
        )
        .await;
    let (s2, _, b2) = app
        .call(
            Method::POST,
            "/v1/auth/password-reset",
            None,
            Some(ask("ghost@young.example")),
            &[],
        )
        .await;
    assert_eq!((s1, s2), (StatusCode::ACCEPTED, StatusCode::ACCEPTED));
    assert_eq!(b1, b2);
    let mail = app.mail().wait_for(&leaver.email, "Reset").await;
    let reset = token_from_link(&mail.text(), "token=");
    let (status, _, _) = app
        .call(
            Method::POST,
            "/v1/auth/password-reset/confirm",
            None,
            Some(json!({"token": reset, "password": "brand-new-passphrase"})),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/v1/me", old_pair["access_token"].as_str().unwrap())
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        refresh(&app, old_pair["refresh_token"].as_str().unwrap())
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        login_status(&app, &leaver.email, PASSWORD).await.0,
        StatusCode::UNAUTHORIZED
    );
    app.login(&leaver.email, "brand-new-passphrase").await;
    assert!(app.mail().to("ghost@young.example").is_empty());
}

#[tokio::test]
async fn disabling_an_account_ends_all_its_sessions() {
    let app = TestApp::spawn().await;
    let admin = app.staff(Role::Admin, "dudley").await;
    let caseworker = app.staff(Role::Caseworker, "dudley").await;
    let pair = app.login(&caseworker.email, PASSWORD).await;
    let admin_token = app.token(&admin).await;
    let (status, body) = app
        .patch(
            &format!("/v1/users/{}", caseworker.id),
            &admin_token,
            json!({"status": "disabled"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        app.get("/v1/me", pair["access_token"].as_str().unwrap())
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        refresh(&app, pair["refresh_token"].as_str().unwrap())
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        login_status(&app, &caseworker.email, PASSWORD).await.0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn admins_create_staff_who_receive_an_invitation() {
    let app = TestApp::spawn().await;
    let admin = app.staff(Role::Admin, "dudley").await;
    let token = app.token(&admin).await;
    let (status, user) = app
        .post("/v1/users", &token, json!({"role": "connexions", "email": "adviser@connexions.example", "name": "Lee Adviser", "local_authority": "dudley"}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{user}");
    assert_eq!(user["status"], "invited");
    app.mail()
        .wait_for("adviser@connexions.example", "invited")
        .await;
    let (status, problem) = app
        .post("/v1/users", &token, json!({"role": "nurse", "email": "adviser@connexions.example", "name": "Dup", "local_authority": "dudley"}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(problem["errors"][0]["field"], "email");
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let (status, _) = app
        .post("/v1/users", &app.token(&nurse).await, json!({"role": "admin", "email": "x@y.example", "name": "X", "local_authority": "dudley"}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_care_leaver_sees_in_plain_words_which_staff_read_their_records() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let nurse_token = app.token(&nurse).await;
    assert_eq!(
        app.get(&format!("/v1/care-leavers/{}", leaver.id), &nurse_token)
            .await
            .0,
        StatusCode::OK
    );
    let (status, log) = app
        .get("/v1/me/access-log", &app.token(&leaver).await)
        .await;
    assert_eq!(status, StatusCode::OK);
    let summary = log["items"][0]["summary"].as_str().unwrap();
    assert_eq!(summary, "Test nurse (your nurse) looked at your profile.");
}

#[tokio::test]
async fn a_care_leaver_updates_contact_details_consent_and_gp() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let token = app.token(&leaver).await;
    let (status, me) = app
        .patch("/v1/me", &token, json!({"phone": "07700 900999", "consents": {"share_passport_with_caseworker": true}, "gp_ods_code": "m87017"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["care_leaver"]["phone"], "07700 900999");
    assert_eq!(
        me["care_leaver"]["consents"]["share_passport_with_caseworker"],
        true
    );
    assert_eq!(me["care_leaver"]["gp_ods_code"], "M87017");
    let (status, problem) = app
        .patch("/v1/me", &token, json!({"phone": "ring me"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "phone");
}

#[tokio::test]
async fn the_staff_account_list_is_bounded_and_pages_through_every_account_once() {
    let app = TestApp::spawn().await;
    let admin = app.staff(Role::Admin, "dudley").await;
    for _ in 0..4 {
        app.staff(Role::Nurse, "dudley").await;
    }
    app.staff(Role::Nurse, "sandwell").await;
    let token = app.token(&admin).await;

    let (status, all) = app.get("/v1/users", &token).await;
    assert_eq!(status, StatusCode::OK, "{all}");
    assert_eq!(all["total"], 5, "{all}");
    assert_eq!(all["limit"], 50);
    let everyone: Vec<Value> = all["items"].as_array().unwrap().clone();
    assert_eq!(everyone.len(), 5);

    let mut walked = Vec::new();
    let mut offset = 0;
    loop {
        let (status, page) = app
            .get(&format!("/v1/users?limit=2&offset={offset}"), &token)
            .await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(
            (page["total"].as_u64(), page["limit"].as_u64()),
            (Some(5), Some(2))
        );
        let users = page["items"].as_array().unwrap();
        assert!(users.len() <= 2, "{page}");
        if users.is_empty() {
            break;
        }
        walked.extend(users.iter().map(|u| u["id"].clone()));
        offset += 2;
    }
    let expected: Vec<Value> = everyone.iter().map(|u| u["id"].clone()).collect();
    assert_eq!(walked, expected, "each account once, in the same order");

    for (query, field) in [
        ("?limit=0", "limit"),
        ("?limit=201", "limit"),
        ("?offset=1000001", "offset"),
    ] {
        let (status, problem) = app.get(&format!("/v1/users{query}"), &token).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{query}: {problem}"
        );
        assert_eq!(problem["errors"][0]["field"], field, "{query}: {problem}");
        assert!(
            problem["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("must be from 1 to 200")
                || field == "offset",
            "{problem}"
        );
    }
}

#[tokio::test]
async fn sign_ins_that_succeed_at_the_same_moment_each_take_back_their_attempt_from_the_address() {
    use care_passport::auth::throttle;
    use sea_orm::EntityTrait;
    let app = TestApp::spawn().await;
    let db = app.state.db.clone();
    let address = throttle::address_key("203.0.113.9");
    // Twelve attempts counted against one address, as for sign-ins still checking a password.
    for _ in 0..12 {
        let txn = care_passport::db::begin_write(&db).await.unwrap();
        let wait = throttle::reserve(&txn, std::slice::from_ref(&address), chrono::Utc::now())
            .await
            .unwrap();
        assert_eq!(wait, None);
        txn.commit().await.unwrap();
    }
    // All twelve succeed at once, each in a transaction of its own.
    let successes = (0..12).map(|i| {
        let (db, address) = (db.clone(), address.clone());
        tokio::spawn(async move {
            let txn = care_passport::db::begin_write(&db).await.unwrap();
            let own = throttle::account_key(&format!("person{i}@example.test"));
            throttle::succeeded(&txn, &own, &address).await.unwrap();
            txn.commit().await.unwrap();
        })
    });
    for success in futures::future::join_all(successes).await {
        success.unwrap();
    }
    let row = entity::login_throttle::Entity::find_by_id(address)
        .one(&db)
        .await
        .unwrap()
        .expect("the address's row");
    assert_eq!(row.failures, 0, "every attempt taken back: {row:?}");
}
