use integration_tests::{TestApp, console::Browser};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use care_passport::auth::{Role, second_factor};
use entity::user::UserStatus;

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

/// Invites a staff member through the API as an admin; returns the e-mailed token.
async fn invite_staff(app: &TestApp, email: &str) -> String {
    let admin = app.staff(Role::Admin, "dudley").await;
    let token = app.token(&admin).await;
    let (status, user) = app
        .post(
            "/v1/users",
            &token,
            json!({"role": "nurse", "email": email, "name": "Nia Nurse", "local_authority": "dudley"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{user}");
    let mail = app.mail().wait_for(email, "invited").await;
    token_in(&mail.text(), "/invitations/accept?token=")
}

#[tokio::test]
async fn an_invited_nurse_sets_a_password_then_sets_up_the_second_factor() {
    let app = TestApp::spawn().await;
    let token = invite_staff(&app, "nia@nhs.example").await;
    let mut browser = Browser::new(&app);
    let link = format!("/invitations/accept?token={token}");

    let form = browser.get(&link).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.contains("Choose a password"));
    assert!(form.contains("nia@nhs.example"));
    let mismatch = browser
        .post(
            "/invitations/accept",
            &[
                ("token", &token),
                ("password", "a-fresh-strong-passphrase"),
                ("confirm", "different"),
            ],
        )
        .await;
    assert_eq!(mismatch.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(mismatch.contains("<a href=\"#confirm\">"));
    let weak = browser
        .post(
            "/invitations/accept",
            &[
                ("token", &token),
                ("password", "password123"),
                ("confirm", "password123"),
            ],
        )
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(weak.contains("<a href=\"#password\">"));

    let accepted = browser
        .post(
            "/invitations/accept",
            &[
                ("token", &token),
                ("password", "a-fresh-strong-passphrase"),
                ("confirm", "a-fresh-strong-passphrase"),
            ],
        )
        .await;

    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
    assert_eq!(accepted.location(), Some("/sign-in/set-up"));
    let set_up = browser.get("/sign-in/set-up").await;
    assert_eq!(set_up.status, StatusCode::OK);
    assert!(set_up.contains("Set up your authenticator app"));
    let user = app.user_by_email("nia@nhs.example").await;
    assert_eq!(user.status, UserStatus::Active);
    let used = browser.get(&link).await;
    assert_eq!(used.status, StatusCode::GONE);
    assert!(used.contains("This link has already been used"));
}

#[tokio::test]
async fn the_api_refuses_to_accept_a_staff_invitation_so_the_second_factor_is_not_skipped() {
    let app = TestApp::spawn().await;
    let token = invite_staff(&app, "nia@nhs.example").await;

    let (status, _, problem) = app
        .call(
            reqwest::Method::POST,
            "/v1/auth/invitations/accept",
            None,
            Some(json!({"token": token, "password": "a-fresh-strong-passphrase"})),
            &[],
        )
        .await;

    assert_eq!(status, StatusCode::FORBIDDEN, "{problem}");
    assert_eq!(
        app.user_by_email("nia@nhs.example").await.status,
        UserStatus::Invited
    );
}

#[tokio::test]
async fn expired_and_tampered_invitation_links_say_so_in_plain_words() {
    let app = TestApp::spawn().await;
    let token = invite_staff(&app, "nia@nhs.example").await;
    let mut browser = Browser::new(&app);

    let tampered = browser
        .get(&format!("/invitations/accept?token={token}x"))
        .await;
    let missing = browser.get("/invitations/accept").await;
    entity::one_time_token::Entity::update_many()
        .col_expr(
            entity::one_time_token::Column::ExpiresAt,
            sea_orm::sea_query::Expr::value(chrono::Utc::now() - chrono::Duration::minutes(1)),
        )
        .filter(entity::one_time_token::Column::Purpose.eq("invitation"))
        .exec(&app.state.db)
        .await
        .unwrap();
    let expired = browser
        .get(&format!("/invitations/accept?token={token}"))
        .await;

    assert_eq!(tampered.status, StatusCode::NOT_FOUND);
    assert!(tampered.contains("<h1>This link does not work</h1>"));
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(expired.status, StatusCode::GONE);
    assert!(expired.contains("This link has expired"));
    assert!(expired.contains("Invitation links work for 7 days."));
}

#[tokio::test]
async fn an_invited_care_leaver_sets_a_password_and_is_told_to_get_the_app() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let token = app.token(&nurse).await;
    let (status, created) = app
        .post("/v1/care-leavers", &token, json!({"name": "Robin Hill", "email": "robin@young.example", "date_of_birth": "2007-09-09", "nhs_number": "943 476 5919"}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let mail = app.mail().wait_for("robin@young.example", "invited").await;
    let invite = token_in(&mail.text(), "/invitations/accept?token=");
    let mut browser = Browser::new(&app);
    browser
        .get(&format!("/invitations/accept?token={invite}"))
        .await;

    let done = browser
        .post(
            "/invitations/accept",
            &[
                ("token", &invite),
                ("password", "a-fresh-strong-passphrase"),
                ("confirm", "a-fresh-strong-passphrase"),
            ],
        )
        .await;

    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.contains("Get the Care Passport app"));
    let leaver = app.user_by_email("robin@young.example").await;
    assert!(
        !second_factor::is_enrolled(&app.state.db, leaver.id)
            .await
            .unwrap()
    );
    let pair = app
        .login_password_only("robin@young.example", "a-fresh-strong-passphrase")
        .await;
    assert!(pair["access_token"].is_string(), "no second factor needed");
}

#[tokio::test]
async fn a_forgotten_password_is_reset_once_through_the_emailed_link() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let mut browser = Browser::new(&app);
    browser.get("/forgot-password").await;
    let sent = browser
        .post("/forgot-password", &[("email", &nurse.email)])
        .await;
    assert_eq!(sent.status, StatusCode::OK);
    assert!(sent.contains("Check your e-mail"));
    let unknown = browser
        .post("/forgot-password", &[("email", "nobody@nhs.example")])
        .await;
    assert_eq!(
        unknown.body, sent.body,
        "the same answer for unknown addresses"
    );
    let mail = app.mail().wait_for(&nurse.email, "Reset").await;
    let token = token_in(&mail.text(), "/password-reset?token=");
    let form = browser.get(&format!("/password-reset?token={token}")).await;
    assert_eq!(form.status, StatusCode::OK);

    let changed = browser
        .post(
            "/password-reset",
            &[
                ("token", &token),
                ("password", "brand-new-passphrase"),
                ("confirm", "brand-new-passphrase"),
            ],
        )
        .await;

    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    assert!(changed.contains("Your password has been changed"));
    let again = browser
        .post(
            "/password-reset",
            &[
                ("token", &token),
                ("password", "another-new-passphrase"),
                ("confirm", "another-new-passphrase"),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::GONE);
    assert!(again.contains("This link has already been used"));
    app.login(&nurse.email, "brand-new-passphrase").await;
}
