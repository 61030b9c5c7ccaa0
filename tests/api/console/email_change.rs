//! Changing the sign-in e-mail on the console: asked for on My account (current password
//! needed), confirmed on the page the e-mailed link opens, which changes nothing until its
//! button is pressed. Used, expired and tampered links say so in plain words.
use integration_tests::{PASSWORD, Person, TestApp, console::Browser};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use care_passport::auth::Role;

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

/// Signs `nurse` in and asks for `new_email` on My account; returns the browser and the token
/// of the link e-mailed to the new address.
async fn asked_for<'a>(app: &'a TestApp, nurse: &Person, new_email: &str) -> (Browser<'a>, String) {
    let mut browser = Browser::new(app);
    browser.sign_in(nurse).await;
    browser.get("/account").await;
    let page = browser
        .post(
            "/account/email",
            &[
                ("new_email", new_email),
                ("email_current_password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.contains(&format!("We have sent a link to {new_email}")));
    let mail = app.mail().wait_for(new_email, "Confirm").await;
    let token = token_in(&mail.text(), "/account/confirm-email?token=");
    (browser, token)
}

async fn expire_email_change_links(app: &TestApp) {
    entity::one_time_token::Entity::update_many()
        .col_expr(
            entity::one_time_token::Column::ExpiresAt,
            sea_orm::sea_query::Expr::value(chrono::Utc::now() - chrono::Duration::minutes(1)),
        )
        .filter(entity::one_time_token::Column::Purpose.eq("email_change"))
        .exec(&app.state.db)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_nurse_changes_her_email_from_my_account_through_the_link_sent_to_the_new_address() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let (mut browser, token) = asked_for(&app, &nurse, "nia.new@nhs.example").await;
    let link = format!("/account/confirm-email?token={token}");

    // Opening the link (as an e-mail scanner would) shows what will change, and changes nothing.
    let mut other = Browser::new(&app);
    let page = other.get(&link).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.contains("Confirm your new e-mail address"));
    assert!(page.contains(&nurse.email));
    assert!(page.contains("nia.new@nhs.example"));
    assert_eq!(app.user_by_email(&nurse.email).await.id, nurse.id);
    // The button's form needs the page's CSRF token.
    let refused = other
        .post_raw("/account/confirm-email", &[("token", &token)])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(app.user_by_email(&nurse.email).await.id, nurse.id);

    let done = other
        .post("/account/confirm-email", &[("token", &token)])
        .await;

    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.contains("Your e-mail address has been changed"));
    assert!(done.contains("You now sign in with nia.new@nhs.example."));
    assert_eq!(app.user_by_email("nia.new@nhs.example").await.id, nurse.id);
    app.mail().wait_for(&nurse.email, "changed").await;
    assert_eq!(
        browser.get("/account").await.status,
        StatusCode::SEE_OTHER,
        "the change signs the account out everywhere"
    );
    let again = other.get(&link).await;
    assert_eq!(again.status, StatusCode::GONE);
    assert!(again.contains("This link has already been used"));
    let reposted = other
        .post("/account/confirm-email", &[("token", &token)])
        .await;
    assert_eq!(reposted.status, StatusCode::GONE);
    let changed = entity::audit_event::Entity::find()
        .filter(entity::audit_event::Column::Action.eq("auth.email_changed"))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(changed.len(), 1);
    assert_eq!(
        changed[0].target.as_deref(),
        Some(format!("user:{}", nurse.id).as_str())
    );
    app.login("nia.new@nhs.example", PASSWORD).await;
}

#[tokio::test]
async fn asking_for_a_new_email_needs_the_current_password_and_a_real_free_address() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let colleague = app.staff(Role::Nurse, "dudley").await;
    let mut browser = Browser::new(&app);
    browser.sign_in(&nurse).await;
    browser.get("/account").await;

    let wrong_password = browser
        .post(
            "/account/email",
            &[
                ("new_email", "nia.new@nhs.example"),
                ("email_current_password", "not-my-password"),
            ],
        )
        .await;
    let not_an_address = browser
        .post(
            "/account/email",
            &[
                ("new_email", "nia at nhs"),
                ("email_current_password", PASSWORD),
            ],
        )
        .await;
    let taken = browser
        .post(
            "/account/email",
            &[
                ("new_email", colleague.email.as_str()),
                ("email_current_password", PASSWORD),
            ],
        )
        .await;
    let blank = browser.post("/account/email", &[]).await;

    assert_eq!(wrong_password.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong_password
            .contains("<a href=\"#email_current_password\">Your current password is wrong</a>")
    );
    assert!(
        wrong_password.contains("value=\"nia.new@nhs.example\""),
        "what was typed is kept"
    );
    assert_eq!(not_an_address.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        not_an_address
            .contains("<a href=\"#new_email\">Enter an e-mail address in the right format")
    );
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(taken.contains("Someone else uses this e-mail to sign in"));
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(blank.contains("Enter your new e-mail address"));
    assert!(blank.contains("Enter your current password"));
    let tokens = entity::one_time_token::Entity::find()
        .filter(entity::one_time_token::Column::Purpose.eq("email_change"))
        .all(&app.state.db)
        .await
        .unwrap();
    assert!(tokens.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn expired_and_tampered_email_change_links_say_so_and_change_nothing() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let (_, token) = asked_for(&app, &nurse, "nia.new@nhs.example").await;
    let mut browser = Browser::new(&app);
    let usable = browser
        .get(&format!("/account/confirm-email?token={token}"))
        .await;
    assert_eq!(usable.status, StatusCode::OK);

    let tampered = browser
        .get(&format!("/account/confirm-email?token={token}x"))
        .await;
    let missing = browser.get("/account/confirm-email").await;
    let tampered_post = browser
        .post("/account/confirm-email", &[("token", &format!("{token}x"))])
        .await;
    expire_email_change_links(&app).await;
    let expired = browser
        .get(&format!("/account/confirm-email?token={token}"))
        .await;
    let expired_post = browser
        .post("/account/confirm-email", &[("token", &token)])
        .await;

    assert_eq!(tampered.status, StatusCode::NOT_FOUND);
    assert!(tampered.contains("This link does not work"));
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(tampered_post.status, StatusCode::NOT_FOUND);
    assert_eq!(expired.status, StatusCode::GONE);
    assert!(expired.contains("This link has expired"));
    assert!(expired.contains("Links to confirm a new e-mail address work for 1 hour."));
    assert_eq!(expired_post.status, StatusCode::GONE);
    assert_eq!(app.user_by_email(&nurse.email).await.id, nurse.id);
}

#[tokio::test]
async fn a_newer_request_makes_the_older_link_say_it_was_used_up() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let (mut browser, first) = asked_for(&app, &nurse, "first@nhs.example").await;
    browser.get("/account").await;
    let page = browser
        .post(
            "/account/email",
            &[
                ("new_email", "second@nhs.example"),
                ("email_current_password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);

    let old = Browser::new(&app)
        .get(&format!("/account/confirm-email?token={first}"))
        .await;

    assert_ne!(old.status, StatusCode::OK, "{}", old.body);
    assert!(!old.contains("Confirm new e-mail address"));
}
