use integration_tests::{PASSWORD, TestApp, console::Browser};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use care_passport::auth::{Role, second_factor};

async fn session_ids(app: &TestApp, user: uuid::Uuid) -> Vec<uuid::Uuid> {
    entity::console_session::Entity::find()
        .filter(entity::console_session::Column::UserId.eq(user))
        .all(&app.state.db)
        .await
        .expect("sessions")
        .into_iter()
        .map(|s| s.id)
        .collect()
}

#[tokio::test]
async fn my_account_lists_my_sessions_and_ends_another_one() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let mut laptop = Browser::new(&app);
    laptop.sign_in(&nurse).await;
    let laptop_session = session_ids(&app, nurse.id).await[0];
    let mut phone = Browser::new(&app);
    phone.sign_in(&nurse).await;
    let phone_session = *session_ids(&app, nurse.id)
        .await
        .iter()
        .find(|id| **id != laptop_session)
        .expect("two sessions");

    let page = phone.get("/account").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.contains("<h1>My account</h1>"));
    assert!(page.contains("This browser"));
    assert!(page.contains(&format!("/account/sessions/{laptop_session}/end")));
    assert!(!page.contains(&format!("/account/sessions/{phone_session}/end")));
    let ended = phone
        .post(&format!("/account/sessions/{laptop_session}/end"), &[])
        .await;

    assert_eq!(ended.status, StatusCode::OK, "{}", ended.body);
    assert!(ended.contains("That session has been signed out."));
    assert_eq!(session_ids(&app, nurse.id).await, vec![phone_session]);
    assert_eq!(laptop.get("/").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn nobody_can_end_another_persons_session() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let other = app.staff(Role::Nurse, "dudley").await;
    let mut mine = Browser::new(&app);
    mine.sign_in(&nurse).await;
    let mut theirs = Browser::new(&app);
    theirs.sign_in(&other).await;
    let their_session = session_ids(&app, other.id).await[0];

    let refused = mine
        .post(&format!("/account/sessions/{their_session}/end"), &[])
        .await;

    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert_eq!(session_ids(&app, other.id).await, vec![their_session]);
}

#[tokio::test]
async fn changing_my_password_keeps_this_session_and_ends_the_others() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let mut here = Browser::new(&app);
    here.sign_in(&nurse).await;
    let mut elsewhere = Browser::new(&app);
    elsewhere.sign_in(&nurse).await;
    let api_pair = app.login(&nurse.email, PASSWORD).await;
    here.get("/account").await;

    let wrong = here
        .post(
            "/account/password",
            &[
                ("current_password", "nope-nope-nope"),
                ("new_password", "brand-new-passphrase"),
                ("confirm", "brand-new-passphrase"),
            ],
        )
        .await;
    let changed = here
        .post(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "brand-new-passphrase"),
                ("confirm", "brand-new-passphrase"),
            ],
        )
        .await;

    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.contains("<a href=\"#current_password\">Your current password is wrong</a>"));
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    assert!(changed.contains("Your password has been changed"));
    assert_eq!(here.get("/account").await.status, StatusCode::OK);
    assert_eq!(elsewhere.get("/").await.status, StatusCode::SEE_OTHER);
    let (status, _) = app
        .get("/v1/me", api_pair["access_token"].as_str().unwrap())
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "API sessions end too");
}

#[tokio::test]
async fn new_recovery_codes_replace_the_old_ones() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let old = second_factor::new_recovery_codes(&app.state.db, nurse.id)
        .await
        .unwrap();
    let mut browser = Browser::new(&app);
    browser.sign_in(&nurse).await;
    browser.get("/account").await;

    let page = browser.post("/account/recovery-codes", &[]).await;

    assert_eq!(page.status, StatusCode::OK);
    assert!(page.contains("Save your recovery codes"));
    assert!(!page.contains(&old[0]));
    let mut other = Browser::new(&app);
    other.get("/sign-in").await;
    other
        .post(
            "/sign-in",
            &[("email", &nurse.email), ("password", PASSWORD)],
        )
        .await;
    other.get("/sign-in/code").await;
    let refused = other
        .post("/sign-in/code", &[("recovery_code", &old[0])])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_home_page_greets_staff_by_name_and_role() {
    let app = TestApp::spawn().await;
    let caseworker = app.staff(Role::Caseworker, "dudley").await;
    let mut browser = Browser::new(&app);

    let home = browser.sign_in(&caseworker).await;

    assert_eq!(home.status, StatusCode::OK);
    assert!(home.contains("Hello, Test caseworker"));
    assert!(home.contains("personal adviser or social worker"));
    assert!(home.contains("aria-current=\"page\""));
}

#[tokio::test]
async fn a_nurse_home_page_counts_the_passports_due_in_their_authority() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    app.care_leaver("dudley", 17, 200).await;
    app.care_leaver("dudley", 15, 0).await;
    app.care_leaver("sandwell", 17, 200).await;
    let mut browser = Browser::new(&app);

    let home = browser.sign_in(&nurse).await;

    assert_eq!(home.status, StatusCode::OK);
    assert!(
        home.contains(">1</span> <span class=\"nhsuk-u-display-block\">young people need a first health passport"),
        "{}",
        home.body
    );
}

#[tokio::test]
async fn changing_the_password_through_the_api_ends_console_sessions_too() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let mut browser = Browser::new(&app);
    browser.sign_in(&nurse).await;
    let token = app.token(&nurse).await;

    let (status, _) = app
        .post(
            "/v1/me/password",
            &token,
            serde_json::json!({"current_password": PASSWORD, "new_password": "brand-new-passphrase"}),
        )
        .await;

    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(session_ids(&app, nurse.id).await.is_empty());
    assert_eq!(browser.get("/").await.status, StatusCode::SEE_OTHER);
}
