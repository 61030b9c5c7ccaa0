//! Each staff role's home page: what needs their attention, as counts that link to the lists
//! behind them. Each count is checked against the API's own list of the same things.
use std::time::Duration;

use care_passport::auth::Role;
use integration_tests::{TestApp, console::Browser, eventually};
use reqwest::StatusCode;
use serde_json::json;

use crate::{
    access::Cast,
    apprenticeships::{form, submitted},
};

/// The count shown on a home page card linking to `href`.
fn count_linking_to(body: &str, href: &str) -> u64 {
    let marker = format!("href=\"{href}\"><span class=\"nhsuk-u-font-size-48\">");
    let start = body
        .find(&marker)
        .unwrap_or_else(|| panic!("no count linking to {href} in {body}"))
        + marker.len();
    body[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .expect("a number")
}

#[tokio::test]
async fn a_nurses_home_counts_passports_due_as_the_api_does_and_links_to_the_list() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let due = app.care_leaver("dudley", 17, 200).await;
    app.care_leaver("dudley", 16, 0).await;
    app.care_leaver("sandwell", 17, 200).await;
    let (status, api) = app.get("/v1/passports/due", &app.token(&nurse).await).await;
    assert_eq!(status, StatusCode::OK, "{api}");
    let mut browser = Browser::new(&app);
    browser.sign_in(&nurse).await;

    let home = browser.get("/").await;
    let list = browser.get("/work/passports-due").await;

    assert_eq!(home.status, StatusCode::OK);
    let shown = count_linking_to(&home.body, "/work/passports-due#first-passport");
    assert_eq!(shown, 1);
    assert_eq!(
        shown as usize,
        api["without_passport"].as_array().unwrap().len()
    );
    assert_eq!(
        count_linking_to(&home.body, "/work/passports-due#immunisations") as usize,
        api["approaching_19_without_immunisations"]
            .as_array()
            .unwrap()
            .len()
    );
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.contains("<h2 id=\"first-passport\">"));
    let name = app.user_by_email(&due.email).await.name;
    assert_eq!(list.body.matches(&name).count(), 1, "{}", list.body);
}

#[tokio::test]
async fn hr_connexions_and_caseworkers_see_new_expressions_of_interest_as_the_api_lists_them() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, true).await;
    let mine = submitted(&app, &cast.leaver, form()).await;
    submitted(&app, &cast.other_leaver, form()).await;

    for (person, expected) in [(&cast.hr, 2), (&cast.connexions, 2), (&cast.caseworker, 1)] {
        let token = app.token(person).await;
        let (status, api) = app
            .get("/v1/expressions-of-interest?status=submitted", &token)
            .await;
        assert_eq!(status, StatusCode::OK, "{api}");
        let mut browser = Browser::new(&app);
        browser.sign_in(person).await;

        let home = browser.get("/").await;
        let list = browser.get("/work/interest").await;

        assert_eq!(home.status, StatusCode::OK, "{:?}", person.role);
        let shown = count_linking_to(&home.body, "/work/interest");
        assert_eq!(shown, expected, "{:?}", person.role);
        assert_eq!(shown, api["total"].as_u64().unwrap());
        assert_eq!(list.status, StatusCode::OK);
        assert_eq!(
            list.body.matches("\">Jordan Tester</a>").count() as u64,
            expected,
            "{}",
            list.body
        );
    }

    // Acknowledged forms are no longer new.
    let (status, moved) = app
        .post(
            &format!("/v1/expressions-of-interest/{mine}/status"),
            &app.token(&cast.hr).await,
            json!({"status": "acknowledged"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    let mut browser = Browser::new(&app);
    browser.sign_in(&cast.caseworker).await;
    assert_eq!(
        count_linking_to(&browser.get("/").await.body, "/work/interest"),
        0
    );
}

#[tokio::test]
async fn a_nurse_cannot_open_the_interest_list_and_hr_cannot_open_passports_due() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let hr = app.staff(Role::Hr, "dudley").await;
    let mut as_nurse = Browser::new(&app);
    as_nurse.sign_in(&nurse).await;
    let mut as_hr = Browser::new(&app);
    as_hr.sign_in(&hr).await;

    assert_eq!(
        as_nurse.get("/work/interest").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        as_hr.get("/work/passports-due").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        Browser::new(&app).get("/work/interest").await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn an_admins_home_counts_failed_mail_and_invitations_not_yet_accepted() {
    let app = TestApp::spawn().await;
    let admin = app.staff(Role::Admin, "dudley").await;
    let token = app.token(&admin).await;
    for (email, name) in [
        ("bounce@dudley.example", "Bo Unce"),
        ("waiting@dudley.example", "Wai Ting"),
    ] {
        let (status, body) = app
            .post(
                "/v1/users",
                &token,
                json!({"role": "nurse", "email": email, "name": name, "local_authority": "dudley"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let (status, body) = app
        .post(
            "/v1/users",
            &app.token(&app.staff(Role::Admin, "sandwell").await).await,
            json!({"role": "nurse", "email": "elsewhere@sandwell.example", "name": "Else Where", "local_authority": "sandwell"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    eventually(Duration::from_secs(15), "the mail to fail", || async {
        app.outbox()
            .await
            .iter()
            .any(|m| m.status.to_string() == "failed")
    })
    .await;
    let (status, outbox) = app.get("/v1/admin/outbox?status=failed", &token).await;
    assert_eq!(status, StatusCode::OK, "{outbox}");
    let mut browser = Browser::new(&app);
    browser.sign_in(&admin).await;

    let home = browser.get("/").await;
    let waiting = browser.get("/admin/users?status=invited").await;

    assert_eq!(home.status, StatusCode::OK);
    let failed = count_linking_to(&home.body, "/admin/mail");
    assert_eq!(failed, 1);
    assert_eq!(
        failed as usize,
        outbox["items"].as_array().map_or(0, Vec::len),
        "{outbox}"
    );
    assert_eq!(
        count_linking_to(&home.body, "/admin/users?status=invited"),
        2
    );
    assert_eq!(waiting.status, StatusCode::OK);
    assert!(waiting.contains("Invitations not yet accepted"));
    assert!(waiting.contains("Wai Ting") && waiting.contains("Bo Unce"));
    assert!(!waiting.contains("Else Where"));
    assert_eq!(
        waiting
            .body
            .matches("<tr class=\"nhsuk-table__row\">")
            .count(),
        2,
        "only those still invited: {}",
        waiting.body
    );
}
