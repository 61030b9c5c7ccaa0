//! The holes found in the outside security review (issue 13), one test per item, each
//! failing on the code before the fix.
use std::time::Duration;

use care_passport::auth::Role;
use entity::outbox_message::TemplateName;
use integration_tests::{PASSWORD, Person, TestApp, eventually};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn token_in(text: &str, marker: &str) -> String {
    let start = text
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker} in {text}"))
        + marker.len();
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

async fn anonymous(
    app: &TestApp,
    path: &str,
    body: Value,
    headers: &[(&str, &str)],
) -> (StatusCode, Value) {
    let (s, _, b) = app
        .call(Method::POST, path, None, Some(body), headers)
        .await;
    (s, b)
}

async fn sign_in(app: &TestApp, email: &str, password: &str) -> (StatusCode, Value) {
    anonymous(
        app,
        "/v1/auth/login",
        json!({"email": email, "password": password}),
        &[],
    )
    .await
}

/// Outbox rows of one template to one address, oldest first.
async fn outbox_to(
    app: &TestApp,
    address: &str,
    template: TemplateName,
) -> Vec<entity::outbox_message::Model> {
    app.outbox()
        .await
        .into_iter()
        .filter(|m| m.to_address == address && m.template == template)
        .collect()
}

// 1 ---------------------------------------------------------------------------------------

#[tokio::test]
async fn an_admin_of_another_council_cannot_read_or_change_a_care_leaver() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    app.assign(&leaver, None, Some(&nurse), false).await;
    let sandwell_admin = app.token(&app.staff(Role::Admin, "sandwell").await).await;
    let path = format!("/v1/care-leavers/{}", leaver.id);
    assert_eq!(
        app.get(&path, &sandwell_admin).await.0,
        StatusCode::NOT_FOUND
    );
    let (status, _) = app
        .patch(&path, &sandwell_admin, json!({"nurse_id": null}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, profile) = app.get(&path, &app.token(&nurse).await).await;
    assert_eq!(profile["nurse"]["id"], json!(nurse.id));
    // Their own council's admin still can.
    let dudley_admin = app.token(&app.staff(Role::Admin, "dudley").await).await;
    assert_eq!(app.get(&path, &dudley_admin).await.0, StatusCode::OK);
}

// 2 ---------------------------------------------------------------------------------------

#[tokio::test]
async fn the_account_takeover_chain_now_fails_at_its_first_step_the_staff_e_mail_change() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    app.assign(&leaver, None, Some(&nurse), false).await;
    let leaver_pair = app.login(&leaver.email, PASSWORD).await;
    let attacker = "attacker@evil.example";
    // Step 1, closed here: staff can only request the change; the sign-in e-mail stays.
    let (status, profile) = app
        .patch(
            &format!("/v1/care-leavers/{}", leaver.id),
            &app.token(&nurse).await,
            json!({"email": attacker}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{profile}");
    assert_eq!(profile["email"], json!(leaver.email));
    let (status, me) = app
        .get("/v1/me", leaver_pair["access_token"].as_str().unwrap())
        .await;
    assert_eq!(
        (status, me["email"].clone()),
        (StatusCode::OK, json!(leaver.email))
    );
    // Step 2: a reset asked for the attacker's address sends no reset link there.
    let (status, _) = anonymous(
        &app,
        "/v1/auth/password-reset",
        json!({"email": attacker}),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    // The only mail to that address is the confirmation link for the young person's own use;
    // it changes nothing until followed.
    let confirm = app.mail().wait_for(attacker, "Confirm your new").await;
    assert!(confirm.text().contains("/account/confirm-email?token="));
    // Step 3: signing in with the attacker's address fails.
    assert_eq!(
        sign_in(&app, attacker, PASSWORD).await.0,
        StatusCode::UNAUTHORIZED
    );
    // The change was logged for the young person in plain words.
    let (_, log) = app
        .get(
            "/v1/me/access-log",
            leaver_pair["access_token"].as_str().unwrap(),
        )
        .await;
    assert!(
        log.to_string()
            .contains("asked to change the e-mail you sign in with"),
        "{log}"
    );
}

#[tokio::test]
async fn changing_my_sign_in_e_mail_needs_my_password_and_the_link_sent_to_the_new_address() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let pair = app.login(&leaver.email, PASSWORD).await;
    let token = pair["access_token"].as_str().unwrap();
    let new = "jordan.new@young.example";
    let (status, problem) = app.patch("/v1/me", token, json!({"email": new})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "current_password");
    let (status, me) = app
        .patch(
            "/v1/me",
            token,
            json!({"email": new, "current_password": PASSWORD}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(
        me["email"],
        json!(leaver.email),
        "unchanged until confirmed"
    );
    let mail = app.mail().wait_for(new, "Confirm your new").await;
    let link_token = token_in(&mail.text(), "/account/confirm-email?token=");
    let (status, _) = anonymous(
        &app,
        "/v1/auth/email-change/confirm",
        json!({"token": link_token}),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    // Every session ended; the old address was told; the new one signs in.
    assert_eq!(app.get("/v1/me", token).await.0, StatusCode::UNAUTHORIZED);
    app.mail()
        .wait_for(&leaver.email, "e-mail has changed")
        .await;
    assert_eq!(
        sign_in(&app, &leaver.email, PASSWORD).await.0,
        StatusCode::UNAUTHORIZED
    );
    app.login(new, PASSWORD).await;
    // The link works once.
    let (status, problem) = anonymous(
        &app,
        "/v1/auth/email-change/confirm",
        json!({"token": link_token}),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "token");
}

// 3 ---------------------------------------------------------------------------------------

#[tokio::test]
async fn the_outbox_and_its_retry_stay_inside_the_admins_council() {
    let app = TestApp::spawn().await;
    let nurse = app.token(&app.staff(Role::Nurse, "dudley").await).await;
    let (status, _) = app
        .post(
            "/v1/care-leavers",
            &nurse,
            json!({"name": "Casey Young", "email": "casey@young.example", "date_of_birth": "2006-04-04"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    // Once the worker has sent it, mark it failed, as after an SMTP outage.
    eventually(Duration::from_secs(10), "the invitation sent", || async {
        outbox_to(&app, "casey@young.example", TemplateName::Invitation).await[0]
            .status
            .to_string()
            == "sent"
    })
    .await;
    let message = outbox_to(&app, "casey@young.example", TemplateName::Invitation)
        .await
        .remove(0);
    {
        use sea_orm::{ActiveValue::Set, EntityTrait};
        entity::outbox_message::Entity::update(entity::outbox_message::ActiveModel {
            id: Set(message.id),
            status: Set(entity::outbox_message::OutboxStatus::Failed),
            ..Default::default()
        })
        .exec(&app.state.db)
        .await
        .unwrap();
    }
    let sandwell = app.token(&app.staff(Role::Admin, "sandwell").await).await;
    let (_, list) = app.get("/v1/admin/outbox", &sandwell).await;
    assert!(!list.to_string().contains("casey@young.example"), "{list}");
    let retry = format!("/v1/admin/outbox/{}/retry", message.id);
    assert_eq!(
        app.post(&retry, &sandwell, json!(null)).await.0,
        StatusCode::NOT_FOUND
    );
    let dudley = app.token(&app.staff(Role::Admin, "dudley").await).await;
    let (_, list) = app.get("/v1/admin/outbox", &dudley).await;
    assert!(list.to_string().contains("casey@young.example"));
    let (status, _, _) = app
        .call(Method::POST, &retry, Some(&dudley), None, &[])
        .await;
    assert_eq!(status, StatusCode::OK);
}

// 4 ---------------------------------------------------------------------------------------

#[tokio::test]
async fn twelve_parallel_wrong_passwords_get_at_most_five_401s() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let attempts = (0..12).map(|_| sign_in(&app, &nurse.email, "wrong-password-1"));
    let statuses: Vec<StatusCode> = futures::future::join_all(attempts)
        .await
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    let wrong = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let throttled = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert!(wrong <= 5, "{statuses:?}");
    assert_eq!(wrong + throttled, 12, "{statuses:?}");
}

#[tokio::test]
async fn one_valid_account_does_not_let_an_address_spray_passwords_without_limit() {
    let app = TestApp::spawn().await;
    let mine = app.staff(Role::Hr, "dudley").await;
    // 19 guesses at other people's accounts, within the address's allowance of 20 …
    for i in 0..19 {
        let (status, _) = sign_in(&app, &format!("someone{i}@dudley.example"), "guess-123").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    // … then a sign-in to the attacker's own account does not wipe them.
    app.login(&mine.email, PASSWORD).await;
    assert_eq!(
        sign_in(&app, "someone19@dudley.example", "guess-123")
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        sign_in(&app, "someone20@dudley.example", "guess-123")
            .await
            .0,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_has_its_own_address_counter() {
    let app = TestApp::spawn_configured(|c| {
        c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    })
    .await;
    let from = |ip: &'static str| [("x-forwarded-for", ip)];
    for i in 0..20 {
        let (status, _) = anonymous(
            &app,
            "/v1/auth/login",
            json!({"email": format!("someone{i}@dudley.example"), "password": "guess-123"}),
            &from("203.0.113.7"),
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let login = json!({"email": "someone@dudley.example", "password": "guess-123"});
    let (status, _) = anonymous(&app, "/v1/auth/login", login.clone(), &from("203.0.113.7")).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    // Another client behind the same proxy is not locked out.
    let (status, _) = anonymous(&app, "/v1/auth/login", login, &from("198.51.100.20")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn x_forwarded_for_is_ignored_from_a_peer_that_is_not_a_trusted_proxy() {
    let app = TestApp::spawn().await;
    for i in 0..20 {
        let (status, _) = anonymous(
            &app,
            "/v1/auth/login",
            json!({"email": format!("someone{i}@dudley.example"), "password": "guess-123"}),
            &[("x-forwarded-for", &format!("203.0.113.{i}"))],
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let (status, _) = sign_in(&app, "someone@dudley.example", "guess-123").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_device_that_signed_in_before_still_signs_in_while_the_account_is_throttled() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let device_token = app.login(&leaver.email, PASSWORD).await["device_token"]
        .as_str()
        .expect("a device token at sign-in")
        .to_owned();
    for _ in 0..5 {
        assert_eq!(
            sign_in(&app, &leaver.email, "wrong-password-1").await.0,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        sign_in(&app, &leaver.email, PASSWORD).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
    let (status, pair) = anonymous(
        &app,
        "/v1/auth/login",
        json!({"email": leaver.email, "password": PASSWORD, "device_token": device_token}),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{pair}");
    // A device token of another account is no help.
    let other = app.care_leaver("dudley", 20, 0).await;
    let others_device = app.login(&other.email, PASSWORD).await["device_token"].clone();
    let (status, _) = anonymous(
        &app,
        "/v1/auth/login",
        json!({"email": leaver.email, "password": PASSWORD, "device_token": others_device}),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}

// 5 ---------------------------------------------------------------------------------------

#[tokio::test]
async fn eight_reset_requests_queue_at_most_three_e_mails_and_only_the_newest_link_works() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    for _ in 0..8 {
        let (status, _) = anonymous(
            &app,
            "/v1/auth/password-reset",
            json!({"email": leaver.email}),
            &[],
        )
        .await;
        assert_eq!(status, StatusCode::ACCEPTED);
    }
    eventually(Duration::from_secs(10), "three reset e-mails", || async {
        outbox_to(&app, &leaver.email, TemplateName::PasswordReset)
            .await
            .len()
            >= 3
    })
    .await;
    // A request for someone else, made after all eight, is handled too: by then the eight are.
    let other = app.care_leaver("dudley", 20, 0).await;
    anonymous(
        &app,
        "/v1/auth/password-reset",
        json!({"email": other.email}),
        &[],
    )
    .await;
    eventually(
        Duration::from_secs(10),
        "the other reset e-mail",
        || async {
            outbox_to(&app, &other.email, TemplateName::PasswordReset)
                .await
                .len()
                == 1
        },
    )
    .await;
    let resets = outbox_to(&app, &leaver.email, TemplateName::PasswordReset).await;
    assert_eq!(resets.len(), 3);
    let links: Vec<String> = resets
        .iter()
        .map(|m| token_in(&m.body_text, "token="))
        .collect();
    let confirm = |token: &str| json!({"token": token, "password": "brand-new-passphrase"});
    for (i, link) in links.iter().enumerate() {
        let (status, _) =
            anonymous(&app, "/v1/auth/password-reset/confirm", confirm(link), &[]).await;
        let expected = if i == 2 {
            StatusCode::NO_CONTENT
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        assert_eq!(status, expected, "link {i}: only the newest works");
    }
}

#[tokio::test]
async fn changing_the_password_voids_an_earlier_reset_link() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    anonymous(
        &app,
        "/v1/auth/password-reset",
        json!({"email": leaver.email}),
        &[],
    )
    .await;
    let mail = app.mail().wait_for(&leaver.email, "Reset").await;
    let link = token_in(&mail.text(), "token=");
    let token = app.token(&leaver).await;
    let (status, _) = app
        .post(
            "/v1/me/password",
            &token,
            json!({"current_password": PASSWORD, "new_password": "another-passphrase-9"}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = anonymous(
        &app,
        "/v1/auth/password-reset/confirm",
        json!({"token": link, "password": "brand-new-passphrase"}),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn reset_requests_from_one_address_are_limited_for_known_and_unknown_addresses_alike() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let mut statuses = Vec::new();
    for i in 0..12 {
        let email = if i % 2 == 0 {
            leaver.email.clone()
        } else {
            format!("ghost{i}@young.example")
        };
        statuses.push(
            anonymous(
                &app,
                "/v1/auth/password-reset",
                json!({"email": email}),
                &[],
            )
            .await
            .0,
        );
    }
    assert_eq!(&statuses[..10], &[StatusCode::ACCEPTED; 10]);
    assert_eq!(&statuses[10..], &[StatusCode::TOO_MANY_REQUESTS; 2]);
}

// 6 ---------------------------------------------------------------------------------------

async fn sessions(app: &TestApp, token: &str) -> Vec<Value> {
    let (status, body) = app.get("/v1/me/sessions", token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn an_access_token_stops_working_as_soon_as_its_session_signs_out() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let pair = app.login(&leaver.email, PASSWORD).await;
    let other_device = app.login(&leaver.email, PASSWORD).await;
    let access = pair["access_token"].as_str().unwrap();
    let (status, _) = anonymous(
        &app,
        "/v1/auth/logout",
        json!({"refresh_token": pair["refresh_token"]}),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(app.get("/v1/me", access).await.0, StatusCode::UNAUTHORIZED);
    // The other device is still signed in.
    assert_eq!(
        app.get("/v1/me", other_device["access_token"].as_str().unwrap())
            .await
            .0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_young_person_lists_their_devices_and_signs_one_out() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let phone = app.login(&leaver.email, PASSWORD).await;
    let (_, _, tablet) = app
        .call(
            Method::POST,
            "/v1/auth/login",
            None,
            Some(json!({"email": leaver.email, "password": PASSWORD})),
            &[("user-agent", "CarePassport/2.3 (iPad)")],
        )
        .await;
    let mine = phone["access_token"].as_str().unwrap();
    let list = sessions(&app, mine).await;
    assert_eq!(list.len(), 2);
    assert_eq!(list.iter().filter(|s| s["current"] == true).count(), 1);
    let ipad = list
        .iter()
        .find(|s| s["device"] == "CarePassport/2.3 (iPad)")
        .expect("the iPad is listed");
    // Care leavers' sessions last 90 days at most.
    let expires: chrono::DateTime<chrono::Utc> =
        ipad["expires_at"].as_str().unwrap().parse().unwrap();
    let days = (expires - chrono::Utc::now()).num_days();
    assert!((89..=90).contains(&days), "{days}");
    let (status, _, _) = app
        .call(
            Method::DELETE,
            &format!("/v1/me/sessions/{}", ipad["id"].as_str().unwrap()),
            Some(mine),
            None,
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/v1/me", tablet["access_token"].as_str().unwrap())
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    let (status, _) = anonymous(
        &app,
        "/v1/auth/refresh",
        json!({"refresh_token": tablet["refresh_token"]}),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(sessions(&app, mine).await.len(), 1);
}

#[tokio::test]
async fn a_staff_session_ends_after_twelve_hours_however_often_it_is_refreshed() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let pair = app.login(&nurse.email, PASSWORD).await;
    let list = sessions(&app, pair["access_token"].as_str().unwrap()).await;
    let expires: chrono::DateTime<chrono::Utc> =
        list[0]["expires_at"].as_str().unwrap().parse().unwrap();
    let hours = (expires - chrono::Utc::now()).num_minutes();
    assert!((11 * 60..=12 * 60).contains(&hours), "{hours} minutes");
    // Move the session's end into the past: the refresh token no longer works.
    {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
        entity::session::Entity::update_many()
            .col_expr(
                entity::session::Column::ExpiresAt,
                Expr::value(chrono::Utc::now() - chrono::Duration::minutes(1)),
            )
            .filter(entity::session::Column::UserId.eq(nurse.id))
            .exec(&app.state.db)
            .await
            .unwrap();
    }
    let (status, _) = anonymous(
        &app,
        "/v1/auth/refresh",
        json!({"refresh_token": pair["refresh_token"]}),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.get("/v1/me", pair["access_token"].as_str().unwrap())
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
}

// 7 ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_caseworker_cannot_choose_the_nurse_when_creating_a_care_leaver() {
    let app = TestApp::spawn().await;
    let caseworker = app
        .token(&app.staff(Role::Caseworker, "dudley").await)
        .await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let (status, problem) = app
        .post(
            "/v1/care-leavers",
            &caseworker,
            json!({"name": "Casey Young", "email": "casey@young.example", "date_of_birth": "2006-04-04", "nurse_id": nurse.id}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "nurse_id");
}

#[tokio::test]
async fn an_unassigned_nurse_cannot_assign_herself_but_the_assigned_nurse_hands_over() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let other = app.staff(Role::Nurse, "dudley").await;
    app.assign(&leaver, None, Some(&nurse), false).await;
    let path = format!("/v1/care-leavers/{}", leaver.id);
    let (status, problem) = app
        .patch(
            &path,
            &app.token(&other).await,
            json!({"nurse_id": other.id}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "nurse_id");
    let (status, body) = app
        .patch(
            &path,
            &app.token(&nurse).await,
            json!({"nurse_id": other.id}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["nurse"]["id"], json!(other.id));
    let (_, log) = app
        .get("/v1/me/access-log", &app.token(&leaver).await)
        .await;
    assert!(log.to_string().contains("gave you a new nurse"), "{log}");
}

// 8 ---------------------------------------------------------------------------------------

async fn apply_for_prescriptions(app: &TestApp, leaver: &Person) {
    let token = app.token(leaver).await;
    let (status, _) = app
        .patch("/v1/me", &token, json!({"gp_ods_code": "M87017"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let none = json!({"held": false});
    let (status, body) = app
        .post(
            "/v1/me/prescription-applications",
            &token,
            json!({
                "in_full_time_education": false, "pregnant_or_recent_birth_with_matex": none,
                "medical_exemption_certificate": none, "war_pension_certificate": none, "nhs_inpatient": false,
                "benefits": {"income_support": "no_one", "income_based_jsa": "no_one", "income_related_esa": "no_one",
                             "pension_credit_guarantee": "no_one", "universal_credit": {"who_gets": "no_one"}},
                "tax_credit_exemption_certificate": none, "hc2_certificate": none
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

#[tokio::test]
async fn without_consent_a_caseworker_sees_only_the_status_and_dates_of_an_application() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let caseworker = app.staff(Role::Caseworker, "dudley").await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    app.assign(&leaver, Some(&caseworker), Some(&nurse), false)
        .await;
    apply_for_prescriptions(&app, &leaver).await;
    let path = format!("/v1/care-leavers/{}/prescription-applications", leaver.id);
    let (status, list) = app.get(&path, &app.token(&caseworker).await).await;
    assert_eq!(status, StatusCode::OK);
    let application = &list["items"][0];
    assert_eq!(application["facts"], Value::Null, "{application}");
    assert_eq!(application["status"], "submitted");
    assert!(application["created_at"].is_string());
    // Their nurse, and the caseworker once the young person agrees, see the facts.
    let (_, list) = app.get(&path, &app.token(&nurse).await).await;
    assert!(list["items"][0]["facts"].is_object());
    app.assign(&leaver, Some(&caseworker), Some(&nurse), true)
        .await;
    let (_, list) = app.get(&path, &app.token(&caseworker).await).await;
    assert!(list["items"][0]["facts"].is_object());
}

// 9 ---------------------------------------------------------------------------------------

#[tokio::test]
async fn the_nurses_list_of_care_leavers_is_in_each_young_persons_access_log() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let nurse = app.token(&app.staff(Role::Nurse, "dudley").await).await;
    let (status, _) = app.get("/v1/care-leavers", &nurse).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        app.audit_actions(leaver.id)
            .await
            .contains(&"care_leaver.listed".to_string())
    );
}

#[tokio::test]
async fn a_client_request_id_is_kept_only_beside_the_servers_own() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    app.assign(&leaver, None, Some(&nurse), false).await;
    let token = app.token(&nurse).await;
    let (status, headers, _) = app
        .call(
            Method::GET,
            &format!("/v1/care-leavers/{}", leaver.id),
            Some(&token),
            None,
            &[("x-request-id", "forged-id")],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let server_id = headers["x-request-id"].to_str().unwrap().to_owned();
    assert!(uuid::Uuid::parse_str(&server_id).is_ok(), "{server_id}");
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let event = entity::audit_event::Entity::find()
        .filter(entity::audit_event::Column::Action.eq("care_leaver.read"))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        event.request_id,
        Some(format!("{server_id} client:forged-id"))
    );
}

// 11 --------------------------------------------------------------------------------------

#[tokio::test]
async fn a_weak_or_star_if_match_cannot_overwrite_a_passport_draft() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    app.assign(&leaver, None, Some(&nurse), false).await;
    let token = app.token(&nurse).await;
    let draft = format!("/v1/care-leavers/{}/passport/draft", leaver.id);
    let (_, headers, _) = app.call(Method::GET, &draft, Some(&token), None, &[]).await;
    let etag = headers["etag"].to_str().unwrap().to_owned();
    let content = json!({"medicines": [{"name": "Salbutamol inhaler", "dose": "2 puffs"}]});
    for if_match in [format!("W/{etag}"), "*".to_string()] {
        let (status, _, body) = app
            .call(
                Method::PUT,
                &draft,
                Some(&token),
                Some(content.clone()),
                &[("if-match", &if_match)],
            )
            .await;
        assert_eq!(
            status,
            StatusCode::PRECONDITION_FAILED,
            "{if_match}: {body}"
        );
    }
    let (status, _, body) = app
        .call(
            Method::PUT,
            &draft,
            Some(&token),
            Some(content),
            &[("if-match", &etag)],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

// 12 --------------------------------------------------------------------------------------

#[tokio::test]
async fn a_care_leaver_posting_a_malformed_body_to_a_staff_route_gets_403_not_422() {
    let app = TestApp::spawn().await;
    let leaver = app.token(&app.care_leaver("dudley", 19, 0).await).await;
    for path in ["/v1/users", "/v1/care-leavers", "/v1/content/articles"] {
        let (status, body) = app.post(path, &leaver, json!({"nonsense": 1})).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}: {body}");
    }
}

// 13 --------------------------------------------------------------------------------------

#[tokio::test]
async fn invisible_and_direction_changing_names_are_refused_naming_the_field() {
    let app = TestApp::spawn().await;
    let leaver = app.token(&app.care_leaver("dudley", 19, 0).await).await;
    for name in ["\u{200b}", "Jo\u{202e}nad", "\u{feff}\u{200d}"] {
        let (status, problem) = app
            .patch("/v1/me", &leaver, json!({"preferred_name": name}))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name:?}");
        assert_eq!(problem["errors"][0]["field"], "preferred_name");
    }
    let (status, _) = app
        .patch("/v1/me", &leaver, json!({"preferred_name": "Zoë"}))
        .await;
    assert_eq!(status, StatusCode::OK);
}

// 10 --------------------------------------------------------------------------------------

#[cfg(unix)]
#[tokio::test]
async fn the_data_directory_its_database_and_mail_files_are_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let root = tempfile::tempdir().unwrap();
    let data_dir = root.path().join("data");
    let url = format!(
        "sqlite://{}?mode=rwc",
        data_dir.join("care-passport.db").display()
    );
    let mut config = integration_tests::test_config(&url, &data_dir, "http://127.0.0.1:1/", 1);
    config.smtp_url = None;
    config.ensure_data_dir().unwrap();
    let db = care_passport::db::connect(&config.database_url)
        .await
        .unwrap();
    care_passport::db::migrate(&db).await.unwrap();
    let mailer = care_passport::mail::transport::Mailer::from_config(&config).unwrap();
    let message = app_message(&db, &config).await;
    mailer.send(&message).await.unwrap();
    let mode = |p: std::path::PathBuf| {
        std::fs::metadata(&p)
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode(data_dir.clone()), 0o700);
    assert_eq!(mode(data_dir.join("mail")), 0o700);
    for file in [
        "care-passport.db".to_string(),
        "care-passport.db-wal".to_string(),
        format!("mail/{}.eml", message.id),
    ] {
        assert_eq!(mode(data_dir.join(&file)), 0o600, "{file}");
    }
}

/// One queued message, as the outbox holds it.
async fn app_message(
    db: &sea_orm::DatabaseConnection,
    config: &care_passport::Config,
) -> entity::outbox_message::Model {
    use sea_orm::EntityTrait;
    let id = care_passport::mail::enqueue(
        db,
        config,
        care_passport::mail::Outgoing {
            to: "jo@young.example".into(),
            to_name: None,
            template: care_passport::mail::Template::PasswordReset {
                name: "Jo".into(),
                token: "secret-link".into(),
            },
            send_after: None,
        },
    )
    .await
    .unwrap();
    entity::outbox_message::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
}
