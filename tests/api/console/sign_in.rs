use integration_tests::{
    PASSWORD, TestApp,
    console::{Browser, Page},
};
use reqwest::StatusCode;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use care_passport::auth::Role;

fn header<'a>(page: &'a Page, name: &str) -> &'a str {
    page.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

async fn sessions_of(app: &TestApp, user: uuid::Uuid) -> Vec<entity::console_session::Model> {
    entity::console_session::Entity::find()
        .filter(entity::console_session::Column::UserId.eq(user))
        .all(&app.state.db)
        .await
        .expect("sessions")
}

#[tokio::test]
async fn the_root_sends_visitors_to_a_sign_in_page_with_a_strict_policy_and_a_host_cookie() {
    let app = TestApp::spawn().await;
    let mut browser = Browser::new(&app);

    let root = browser.get("/").await;
    let sign_in = browser.get("/sign-in").await;

    assert_eq!(root.status, StatusCode::SEE_OTHER);
    assert_eq!(root.location(), Some("/sign-in"));
    assert_eq!(sign_in.status, StatusCode::OK);
    assert!(sign_in.contains("<h1>Sign in</h1>"));
    assert!(sign_in.contains("Skip to main content"));
    assert!(sign_in.csrf_token().is_some());
    let csp = header(&sign_in, "content-security-policy");
    assert!(
        csp.contains("script-src 'self'") && csp.contains("style-src 'self'"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(header(&sign_in, "referrer-policy"), "same-origin");
    let cookie = header(&sign_in, "set-cookie");
    for part in [
        "__Host-cp_console=",
        "Path=/",
        "Secure",
        "HttpOnly",
        "SameSite=Strict",
    ] {
        assert!(cookie.contains(part), "{cookie} lacks {part}");
    }
    assert!(!sign_in.body.contains("<script>"), "no inline script");
    assert!(!sign_in.body.contains("style="), "no inline style");
}

#[tokio::test]
async fn console_assets_are_served_from_the_binary_with_a_long_cache() {
    let app = TestApp::spawn().await;
    let mut browser = Browser::new(&app);

    let css = browser.get("/assets/nhsuk-frontend-10.6.1.min.css").await;
    let js = browser.get("/assets/console.js").await;
    let missing = browser.get("/assets/nope.js").await;

    assert_eq!(css.status, StatusCode::OK);
    assert!(header(&css, "content-type").starts_with("text/css"));
    assert!(header(&css, "cache-control").contains("max-age=31536000"));
    assert!(css.body.contains(".nhsuk-header"));
    assert_eq!(js.status, StatusCode::OK);
    assert!(header(&js, "content-type").starts_with("text/javascript"));
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn staff_sign_in_with_password_then_code_rotates_the_session_and_sign_out_ends_it() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let mut browser = Browser::new(&app);
    browser.get("/sign-in").await;
    let anonymous_cookie = browser.cookie.clone().expect("a visitor session");

    let home = browser.sign_in(&nurse).await;

    assert_eq!(home.status, StatusCode::OK, "{}", home.body);
    assert!(home.contains("Hello, Test nurse"));
    assert!(home.contains("Sign out"));
    assert_ne!(browser.cookie.as_deref(), Some(anonymous_cookie.as_str()));
    let sessions = sessions_of(&app, nurse.id).await;
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].stage.to_string(), "signed_in");

    let signed_out = browser.post("/sign-out", &[]).await;

    assert_eq!(signed_out.status, StatusCode::OK);
    assert!(signed_out.contains("<h1>You have signed out</h1>"));
    assert!(header(&signed_out, "set-cookie").contains("Max-Age=0"));
    assert!(sessions_of(&app, nurse.id).await.is_empty());
}

#[tokio::test]
async fn an_old_session_cookie_is_worthless_after_sign_out() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let mut browser = Browser::new(&app);
    browser.sign_in(&nurse).await;
    let cookie = browser.cookie.clone();

    browser.post("/sign-out", &[]).await;
    browser.cookie = cookie;
    let after = browser.get("/").await;

    assert_eq!(after.status, StatusCode::SEE_OTHER);
    assert_eq!(after.location(), Some("/sign-in"));
}

#[tokio::test]
async fn a_wrong_password_shows_an_error_summary_linked_to_the_field() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let mut browser = Browser::new(&app);
    browser.get("/sign-in").await;

    let empty = browser
        .post("/sign-in", &[("email", ""), ("password", "")])
        .await;
    let wrong = browser
        .post(
            "/sign-in",
            &[("email", &nurse.email), ("password", "not-the-password")],
        )
        .await;

    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.contains("There is a problem"));
    assert!(empty.contains("<a href=\"#email\">Enter your e-mail address</a>"));
    assert!(empty.contains("<a href=\"#password\">Enter your password</a>"));
    assert!(empty.contains("aria-describedby=\" email-error\"") || empty.contains("email-error"));
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.contains("Enter a correct e-mail address and password"));
    assert!(sessions_of(&app, nurse.id).await.is_empty());
}

#[tokio::test]
async fn care_leavers_are_told_to_use_the_app_instead_of_the_console() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let mut browser = Browser::new(&app);
    browser.get("/sign-in").await;

    let page = browser
        .post(
            "/sign-in",
            &[("email", &leaver.email), ("password", PASSWORD)],
        )
        .await;

    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Young people use the Care Passport app"));
    assert!(sessions_of(&app, leaver.id).await.is_empty());
}

#[tokio::test]
async fn a_form_without_the_session_csrf_token_or_from_another_origin_is_refused_with_403() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let mut browser = Browser::new(&app);
    browser.get("/sign-in").await;
    let good = browser.csrf.clone().expect("token");
    let creds = [("email", nurse.email.as_str()), ("password", PASSWORD)];

    let missing = browser.post_raw("/sign-in", &creds).await;
    let wrong = browser
        .post_raw("/sign-in", &[("csrf_token", "forged"), creds[0], creds[1]])
        .await;
    browser.origin = Some("https://evil.example".into());
    let foreign = browser
        .post_raw("/sign-in", &[("csrf_token", &good), creds[0], creds[1]])
        .await;
    browser.origin = Some("null".into());
    let null_origin = browser
        .post_raw("/sign-in", &[("csrf_token", &good), creds[0], creds[1]])
        .await;
    let mut stranger = Browser::new(&app);
    let no_session = stranger
        .post_raw("/sign-in", &[("csrf_token", &good), creds[0], creds[1]])
        .await;

    for page in [&missing, &wrong, &foreign, &null_origin, &no_session] {
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{}", page.body);
        assert!(page.contains("We could not accept that form"));
        assert!(page.contains("Nothing was changed"));
    }
    assert!(
        sessions_of(&app, nurse.id).await.is_empty(),
        "nobody signed in"
    );
}

#[tokio::test]
async fn sign_out_needs_the_csrf_token_too() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let mut browser = Browser::new(&app);
    browser.sign_in(&nurse).await;

    let refused = browser
        .post_raw("/sign-out", &[("csrf_token", "forged")])
        .await;

    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        sessions_of(&app, nurse.id).await.len(),
        1,
        "still signed in"
    );
}

#[tokio::test]
async fn a_session_ends_after_30_idle_minutes() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let mut browser = Browser::new(&app);
    browser.sign_in(&nurse).await;
    let session = sessions_of(&app, nurse.id).await.remove(0);
    let ago = |mins| chrono::Utc::now() - chrono::Duration::minutes(mins);
    set_times(&app, session.id, ago(40), ago(29)).await;
    assert_eq!(
        browser.get("/").await.status,
        StatusCode::OK,
        "29 idle minutes are fine"
    );

    set_times(&app, session.id, ago(40), ago(31)).await;
    let after = browser.get("/").await;

    assert_eq!(after.status, StatusCode::SEE_OTHER);
    assert_eq!(after.location(), Some("/sign-in"));
    assert!(
        sessions_of(&app, nurse.id).await.is_empty(),
        "deleted server-side"
    );
}

#[tokio::test]
async fn a_session_ends_12_hours_after_sign_in_however_busy() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let mut browser = Browser::new(&app);
    browser.sign_in(&nurse).await;
    let session = sessions_of(&app, nurse.id).await.remove(0);
    let now = chrono::Utc::now();

    set_times(
        &app,
        session.id,
        now - chrono::Duration::minutes(12 * 60 + 1),
        now,
    )
    .await;
    let after = browser.get("/").await;

    assert_eq!(after.status, StatusCode::SEE_OTHER);
    assert_eq!(after.location(), Some("/sign-in"));
}

/// Moves a session's clock: created and last seen at the given times.
async fn set_times(
    app: &TestApp,
    id: uuid::Uuid,
    created: chrono::DateTime<chrono::Utc>,
    seen: chrono::DateTime<chrono::Utc>,
) {
    entity::console_session::Entity::update(entity::console_session::ActiveModel {
        id: Set(id),
        created_at: Set(created),
        last_seen_at: Set(seen),
        ..Default::default()
    })
    .exec(&app.state.db)
    .await
    .expect("move the clock");
}

#[tokio::test]
async fn docs_with_a_trailing_slash_redirects_to_docs() {
    let app = TestApp::spawn().await;
    let mut browser = Browser::new(&app);

    let page = browser.get("/docs/").await;

    assert!(page.status.is_redirection(), "{}", page.status);
    assert_eq!(page.location(), Some("/docs"));
}
