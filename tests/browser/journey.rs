//! A person's task from start to finish: an admin invites a nurse; the nurse opens the e-mailed
//! link, chooses a password, sets up her authenticator app, changes her sign-in e-mail through
//! the link sent to the new address, signs out, signs in again with her password and a fresh
//! code, and signs out. axe-core checks every page on the way; the main pages are saved to
//! `docs/console/`.
use std::time::Duration;

use care_passport::auth::{Role, second_factor};
use chrono::Utc;
use integration_tests::{TestApp, eventually};

use crate::support::Browser;

/// RFC 4648 base32 (the key an authenticator app is given), spaces ignored.
fn base32_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
    {
        let value = ALPHABET
            .iter()
            .position(|a| *a == c.to_ascii_uppercase())
            .unwrap_or_else(|| panic!("{c} is not base32")) as u32;
        buffer = (buffer << 5) | value;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    out
}

/// The first link in the newest e-mail to `to` whose address contains `path`.
async fn link_in_mail(app: &TestApp, to: &str, path: &str, nth: usize) -> String {
    eventually(Duration::from_secs(15), "the e-mail", || async {
        app.mail().to(to).len() > nth
    })
    .await;
    let text = app.mail().to(to)[nth].text();
    text.split_whitespace()
        .find(|w| w.contains(path))
        .unwrap_or_else(|| panic!("a link to {path} in {text}"))
        .trim_matches(|c| c == '<' || c == '>' || c == '(' || c == ')')
        .to_owned()
}

/// Waits until the authenticator's time step is later than `used`: a code is accepted once,
/// so a person signing in again within the same 30 seconds waits for the next code.
async fn wait_for_step_after(used: i64) {
    while second_factor::step_of(Utc::now()) <= used {
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// The code an authenticator app would show `steps` time steps from now.
fn code(secret: &[u8], steps: i64) -> String {
    debug_assert!(steps >= 0);
    second_factor::code_at(
        secret,
        Utc::now() + chrono::Duration::seconds(steps * second_factor::STEP_SECS),
    )
}

async fn sign_in(b: &Browser, base: &str, email: &str, password: &str) {
    b.visit(&format!("{base}/sign-in")).await;
    b.fill("#email", email).await;
    b.fill("#password", password).await;
    b.click("main form button[type=submit]").await;
}

async fn sign_out(b: &Browser) {
    b.click(".nhsuk-header__account-button").await;
    // The click submits a form: wait for the browser to land on the next page.
    let mut path = b.path().await;
    for _ in 0..50 {
        if path == "/sign-out" || path == "/sign-in" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        path = b.path().await;
    }
    assert!(
        path == "/sign-out" || path == "/sign-in",
        "after signing out: {path}"
    );
    assert!(!b.text().await.contains("My account"), "still signed in");
    b.assert_accessible().await;
}

#[tokio::test]
async fn journey_an_admin_invites_a_nurse_who_sets_a_password_enrols_changes_email_signs_in_again_and_out()
 {
    let app = TestApp::spawn().await;
    let base = format!("http://{}", app.addr);
    let admin = app.staff(Role::Admin, "dudley").await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let b = Browser::start().await;

    // The admin signs in with password and authenticator code.
    sign_in(&b, &base, &admin.email, &admin.password).await;
    assert_eq!(b.wait_path("/sign-in/code").await, "/sign-in/code");
    b.assert_accessible().await;
    let admin_secret = app.second_factor_secret(admin.id).await;
    b.fill("#code", &code(&admin_secret, 0)).await;
    b.click("main form button[type=submit]").await;
    assert_eq!(b.wait_path("/").await, "/");
    b.assert_accessible().await;
    b.screenshot("home").await;

    // They invite a nurse.
    b.visit(&format!("{base}/admin/users")).await;
    b.screenshot("admin-users").await;
    b.click("main a[href='/admin/users/invite']").await;
    b.assert_accessible().await;
    b.fill("#name", "Nia Nurse").await;
    b.fill("#email", "nia.nurse@dudley.example").await;
    b.find("#role")
        .await
        .select_by_value("nurse")
        .await
        .expect("choose the role");
    b.click("main form button[type=submit]").await;
    assert!(b.shows("Invitation sent").await);
    b.assert_accessible().await;
    b.screenshot("admin-user").await;

    // The other admin pages pass axe-core too.
    for (path, name) in [
        ("/admin/care-leavers".to_owned(), "admin-care-leavers"),
        (
            "/admin/care-leavers/new".to_owned(),
            "admin-add-care-leaver",
        ),
        (
            format!("/admin/care-leavers/{}", leaver.id),
            "admin-care-leaver",
        ),
        ("/admin/mail".to_owned(), "admin-failed-mail"),
        (
            "/admin/users?status=invited".to_owned(),
            "admin-invitations-waiting",
        ),
    ] {
        b.visit(&format!("{base}{path}")).await;
        b.screenshot(name).await;
    }

    // The audit search finds one young person by name and lists only who matches.
    let leaver_name = app.user_by_email(&leaver.email).await.name;
    b.visit(&format!("{base}/admin/audit")).await;
    b.fill("#find", &leaver_name).await;
    b.click("main form button[type=submit]").await;
    assert!(b.shows("Young people who match").await);
    b.assert_accessible().await;
    b.click("main table a").await;
    assert!(b.shows("Download as CSV").await);
    b.assert_accessible().await;
    b.screenshot("admin-audit-search").await;
    sign_out(&b).await;
    b.screenshot("sign-in").await;

    // The nurse opens the link in her invitation.
    let link = link_in_mail(
        &app,
        "nia.nurse@dudley.example",
        "/invitations/accept?token=",
        0,
    )
    .await;
    b.visit(&link).await;
    b.screenshot("accept-invitation").await;
    let password = "harbour-kettle-umbrella-7";
    b.fill("#password", password).await;
    b.fill("#confirm", password).await;
    b.click("main form button[type=submit]").await;
    if b.path().await == "/sign-in" {
        b.assert_accessible().await;
        b.fill("#email", "nia.nurse@dudley.example").await;
        b.fill("#password", password).await;
        b.click("main form button[type=submit]").await;
    }

    // She sets up her authenticator app from the key shown on the page.
    assert_eq!(b.wait_path("/sign-in/set-up").await, "/sign-in/set-up");
    b.assert_accessible().await;
    b.screenshot("set-up-authenticator").await;
    let secret = base32_decode(&b.find("#secret").await.text().await.expect("key"));
    let enrolled_at = second_factor::step_of(Utc::now());
    b.fill("#code", &code(&secret, 0)).await;
    b.click("main form button[type=submit]").await;
    b.assert_accessible().await;
    b.screenshot("recovery-codes").await;
    b.click("main a.nhsuk-button").await;
    assert_eq!(b.wait_path("/").await, "/");
    b.assert_accessible().await;
    assert!(b.shows("Nia Nurse").await);
    b.screenshot("home-nurse").await;
    b.click("main a[href='/work/passports-due#first-passport']")
        .await;
    assert_eq!(
        b.wait_path("/work/passports-due").await,
        "/work/passports-due"
    );
    b.assert_accessible().await;

    // On My account she asks to sign in with a new e-mail address; the link goes there.
    b.visit(&format!("{base}/account")).await;
    b.screenshot("my-account").await;
    b.fill("#new_email", "nia.new@dudley.example").await;
    b.fill("#email_current_password", password).await;
    b.click("form[action='/account/email'] button[type=submit]")
        .await;
    assert!(
        b.shows("We have sent a link to nia.new@dudley.example")
            .await
    );
    b.assert_accessible().await;
    let link = link_in_mail(
        &app,
        "nia.new@dudley.example",
        "/account/confirm-email?token=",
        0,
    )
    .await;
    b.visit(&link).await;
    assert!(b.shows("nia.nurse@dudley.example").await);
    b.screenshot("confirm-email").await;
    b.click("main form button[type=submit]").await;
    assert!(b.shows("Your e-mail address has been changed").await);
    b.assert_accessible().await;

    // The change signed her out everywhere. She signs in again with her new address, her
    // password and a fresh code from her app (the code she enrolled with is used up).
    sign_in(&b, &base, "nia.new@dudley.example", password).await;
    assert_eq!(b.wait_path("/sign-in/code").await, "/sign-in/code");
    b.assert_accessible().await;
    b.screenshot("sign-in-code").await;
    wait_for_step_after(enrolled_at).await;
    b.fill("#code", &code(&secret, 0)).await;
    b.click("main form button[type=submit]").await;
    assert_eq!(b.wait_path("/").await, "/");
    b.assert_accessible().await;
    assert!(b.shows("Nia Nurse").await);
    sign_out(&b).await;

    b.close().await;
}

#[tokio::test]
async fn the_api_documentation_passes_axe_core() {
    let app = TestApp::spawn().await;
    let b = Browser::start().await;

    b.client
        .goto(&format!("http://{}/docs/", app.addr))
        .await
        .expect("page opens");
    // Swagger UI draws the page from the OpenAPI document after it loads.
    b.find(".swagger-ui .opblock").await;
    b.assert_accessible().await;
    b.screenshot("api-docs").await;

    b.close().await;
}
