//! HR's task from start to finish: a young person sends a Chances4YOUth form (through the
//! API); HR signs in, finds it among the new forms, acknowledges it, reviews it, offers a
//! placement in Digital and IT's service desk, records the start (the directorate and team
//! carried over from the offer) and then its completion. axe-core checks every page on the
//! way; the main pages are saved to `docs/console/`.
use care_passport::auth::Role;
use integration_tests::TestApp;
use reqwest::StatusCode;
use serde_json::json;

use crate::support::Browser;

/// Chooses `status` on the form's page, fills `fields` (`#id` → text; an empty text clicks
/// `#id`, for an option), saves, and waits for the page to say the form moved.
async fn move_to(b: &Browser, radio: &str, fields: &[(&str, &str)], now: &str) {
    b.click(radio).await;
    for (css, text) in fields {
        if text.is_empty() {
            b.click(css).await;
        } else {
            b.fill(css, text).await;
        }
    }
    b.click("main form button[type=submit]").await;
    assert!(
        b.shows(&format!("Saved. The form is now: {now}.")).await,
        "{radio}: {}",
        b.text().await
    );
    b.assert_accessible().await;
}

#[tokio::test]
async fn journey_hr_moves_a_form_from_new_to_a_placement_started_in_digital_and_it_to_completed() {
    let app = TestApp::spawn().await;
    let base = format!("http://{}", app.addr);
    let hr = app.staff(Role::Hr, "dudley").await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let form = json!({
        "contact": {"name": "Jay", "email": "jay@example.com", "phone": "07700 900123", "preferred_contact_method": "text"},
        "opportunity_types": ["apprenticeship"],
        "directorates": ["digital_and_it"],
        "level_sought": "advanced",
        "current_activities": ["college"],
        "english": {"level": "level2_or_above"},
        "maths": {"level": "level1", "studying_now": true},
        "career_goal": "IT support",
        "availability": {"hours": "full_time", "available_from": null, "notes": null},
        "travel": {"max_travel_minutes": 45, "driving_licence": "none", "notes": null},
        "right_to_work": "yes",
        "support_needs": null,
        "consents": {"share_with_hr_and_connexions": true, "share_with_future_employer": false}
    });
    let (status, sent) = app
        .post(
            "/v1/me/expressions-of-interest",
            &app.token(&leaver).await,
            form,
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{sent}");
    let id = sent["id"].as_str().expect("an id").to_owned();
    let b = Browser::start().await;

    // She signs in with her password and authenticator code.
    b.visit(&format!("{base}/sign-in")).await;
    b.fill("#email", &hr.email).await;
    b.fill("#password", &hr.password).await;
    b.click("main form button[type=submit]").await;
    assert_eq!(b.wait_path("/sign-in/code").await, "/sign-in/code");
    b.fill("#code", &app.next_code(hr.id).await).await;
    b.click("main form button[type=submit]").await;
    assert_eq!(b.wait_path("/").await, "/");
    b.assert_accessible().await;
    b.screenshot("home-hr").await;

    // The new forms, and the one just sent.
    b.click("main a[href='/work/interest']").await;
    assert_eq!(b.wait_path("/work/interest").await, "/work/interest");
    assert!(b.text().await.contains("Jordan Tester"));
    b.assert_accessible().await;
    b.screenshot("hr-interest-new").await;
    b.click(&format!("main a[href='/work/interest/{id}']"))
        .await;
    let page = format!("/work/interest/{id}");
    assert_eq!(b.wait_path(&page).await, page);
    b.assert_accessible().await;
    b.screenshot("hr-interest-form").await;

    move_to(
        &b,
        "#status",
        &[("#note", "Rang Jay to say hello")],
        "received by the team",
    )
    .await;
    move_to(&b, "#status", &[], "being reviewed").await;
    move_to(
        &b,
        "#status-placement_offered",
        &[
            ("#directorate option[value='digital_and_it']", ""),
            ("#team", "Service desk"),
            (
                "#feedback",
                "We would like to offer you a place on our service desk.",
            ),
        ],
        "placement offered",
    )
    .await;
    b.screenshot("hr-interest-placement-offered").await;
    // The start: the directorate and team come from the offer.
    move_to(&b, "#status-started", &[], "started").await;
    let today = care_passport::age::today();
    move_to(
        &b,
        "#status-completed",
        &[
            ("#effective_on-day", &today.format("%-d").to_string()),
            ("#effective_on-month", &today.format("%-m").to_string()),
            ("#effective_on-year", &today.format("%Y").to_string()),
        ],
        "finished",
    )
    .await;
    let text = b.text().await;
    assert!(
        text.contains("Where: Digital and IT, Service desk"),
        "{text}"
    );
    b.screenshot("hr-interest-completed").await;

    let (_, view) = app
        .get(
            &format!("/v1/expressions-of-interest/{id}"),
            &app.token(&hr).await,
        )
        .await;
    assert_eq!(view["status"], "completed");
    assert_eq!(view["history"][4]["to"], "started");
    assert_eq!(view["history"][4]["directorate"], "digital_and_it");
    assert_eq!(view["history"][4]["team"], "Service desk");
    b.close().await;
}
