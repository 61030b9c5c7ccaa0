//! A nurse's task from start to finish: she finds a young person in her caseload, writes their
//! first passport from empty (seven sections, a date typed the UK way, a mistake corrected),
//! previews it as the young person will see it and publishes it with its changes; the young
//! person (through the API) asks about their allergy; the nurse answers in the console; as the
//! Designated Nurse she approves a free-prescription application and records a dentist; she adds
//! a health article (its reading ease score live as she types), publishes it, and adds a local
//! service.
//! axe-core checks every page on the way; the main pages are saved to `docs/console/`.
use care_passport::auth::Role;
use integration_tests::TestApp;
use reqwest::StatusCode;
use serde_json::json;

use crate::support::Browser;

/// Opens the form at `path`, fills `fields` (`#id` → text; `#id option[value=…]` is clicked),
/// saves, and waits for the section page it returns to.
async fn save_form(b: &Browser, base: &str, path: &str, fields: &[(&str, &str)], back_to: &str) {
    b.visit(&format!("{base}{path}")).await;
    for (css, text) in fields {
        if css.contains("option") || text.is_empty() {
            b.click(css).await;
        } else {
            b.fill(css, text).await;
        }
    }
    b.click("main form button[type=submit]").await;
    assert_eq!(b.wait_path(back_to).await, back_to, "saving {path}");
    b.assert_accessible().await;
}

#[tokio::test]
async fn journey_a_nurse_writes_and_publishes_a_first_passport_and_answers_a_question_about_an_allergy()
 {
    let app = TestApp::spawn().await;
    let base = format!("http://{}", app.addr);
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let leaver = app.care_leaver("dudley", 17, 200).await;
    app.assign(&leaver, None, Some(&nurse), false).await;
    let id = leaver.id;
    let b = Browser::start().await;

    // She signs in with her password and authenticator code.
    b.visit(&format!("{base}/sign-in")).await;
    b.fill("#email", &nurse.email).await;
    b.fill("#password", &nurse.password).await;
    b.click("main form button[type=submit]").await;
    assert_eq!(b.wait_path("/sign-in/code").await, "/sign-in/code");
    b.fill("#code", &app.next_code(nurse.id).await).await;
    b.click("main form button[type=submit]").await;
    assert_eq!(b.wait_path("/").await, "/");

    // The caseload says what is next, and leads to the empty passport.
    b.visit(&format!("{base}/caseload")).await;
    assert!(b.text().await.contains("Start the first passport"));
    b.screenshot("nurse-caseload").await;
    b.click(&format!("main a[href='/care-leavers/{id}/passport']"))
        .await;
    assert_eq!(
        b.wait_path(&format!("/care-leavers/{id}/passport")).await,
        format!("/care-leavers/{id}/passport")
    );
    b.assert_accessible().await;

    let sections = |rest: &str| format!("/care-leavers/{id}/passport/sections/{rest}");
    save_form(
        &b,
        &base,
        &sections("about_me"),
        &[
            ("#preferred_name", "Jordan"),
            ("#nhs_number", "943 476 5919"),
            ("#named_nurse-name", "Nia Nurse"),
        ],
        &sections("about_me"),
    )
    .await;
    // A mistake first: the allergy needs its substance, said beside the field and on top.
    b.visit(&format!("{base}{}", sections("allergies/entries/new")))
        .await;
    b.click("main form button[type=submit]").await;
    assert!(b.shows("There is a problem").await);
    b.assert_accessible().await;
    b.screenshot("passport-entry-error").await;
    b.fill("#substance", "Penicillin").await;
    b.fill("#reaction", "Itchy rash all over").await;
    b.click("#severity option[value='moderate']").await;
    b.click("main form button[type=submit]").await;
    assert_eq!(
        b.wait_path(&sections("allergies")).await,
        sections("allergies")
    );
    b.assert_accessible().await;
    save_form(
        &b,
        &base,
        &sections("conditions/entries/new"),
        &[
            ("#name", "Asthma"),
            ("#status option[value='current']", ""),
            ("#diagnosed-day", "14"),
            ("#diagnosed-month", "3"),
            ("#diagnosed-year", "2012"),
        ],
        &sections("conditions"),
    )
    .await;
    save_form(
        &b,
        &base,
        &sections("medicines/entries/new"),
        &[
            ("#name", "Salbutamol inhaler"),
            ("#dose", "2 puffs when wheezy"),
        ],
        &sections("medicines"),
    )
    .await;
    save_form(
        &b,
        &base,
        &sections("immunisations/entries/new"),
        &[
            ("#vaccine", "MMR"),
            ("#date-day", "20"),
            ("#date-month", "5"),
            ("#date-year", "2009"),
            ("#dose_number", "1"),
        ],
        &sections("immunisations"),
    )
    .await;
    assert!(
        b.text()
            .await
            .contains("Routine immunisations due by today")
    );
    b.screenshot("passport-immunisations").await;
    save_form(
        &b,
        &base,
        &sections("where_to_get_help/entries/new"),
        &[
            ("#name", "Samaritans"),
            ("#what_for", "Someone to talk to, day or night"),
            ("#phone", "116 123"),
        ],
        &sections("where_to_get_help"),
    )
    .await;
    save_form(
        &b,
        &base,
        &sections("health_plan_actions/entries/new"),
        &[
            ("#action", "Book a check-up at the dentist"),
            ("#responsible", "Jordan, with Nia"),
        ],
        &sections("health_plan_actions"),
    )
    .await;

    b.visit(&format!("{base}/care-leavers/{id}/passport")).await;
    b.screenshot("passport-overview").await;
    b.visit(&format!("{base}/care-leavers/{id}/passport/preview"))
        .await;
    assert!(b.text().await.contains("Penicillin"));
    b.screenshot("passport-preview").await;
    b.visit(&format!("{base}/care-leavers/{id}/passport/publish"))
        .await;
    b.screenshot("passport-publish").await;
    b.click("main form button[type=submit]").await;
    let versions = format!("/care-leavers/{id}/passport/versions");
    assert_eq!(b.wait_path(&versions).await, versions);
    b.assert_accessible().await;
    assert!(b.text().await.contains("Version 1"));
    b.screenshot("passport-versions").await;

    // The young person asks about their allergy in the app.
    let token = app.token(&leaver).await;
    let (status, published) = app.get("/v1/me/passport", &token).await;
    assert_eq!(status, StatusCode::OK, "{published}");
    let sections_published = [
        "about_me",
        "allergies",
        "conditions",
        "medicines",
        "immunisations",
        "where_to_get_help",
        "health_plan_actions",
    ];
    for s in sections_published {
        assert!(!published["content"][s].is_null(), "{s} published");
    }
    let (status, asked) = app
        .post(
            "/v1/me/passport/queries",
            &token,
            json!({"section": "allergies", "entry_index": 0,
                   "message": "My rash was years ago. Is it still true?"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{asked}");

    // The nurse answers it in the console.
    b.visit(&format!("{base}/questions")).await;
    let text = b.text().await;
    assert!(text.contains("My rash was years ago"));
    assert!(
        text.contains("Allergies and reactions (Penicillin)"),
        "{text}"
    );
    b.screenshot("nurse-questions").await;
    b.fill(
        "main textarea",
        "Yes, it is still on your record. We can ask your GP to test again.",
    )
    .await;
    b.click("main form button[type=submit]").await;
    assert!(b.shows("Your answer was sent").await);
    b.assert_accessible().await;
    let (status, mine) = app.get("/v1/me/passport/queries", &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(mine["items"][0]["status"], "resolved");

    // As the Designated Nurse she approves a free-prescription application.
    let admin = app.staff(Role::Admin, "dudley").await;
    let (status, body) = app
        .patch(
            &format!("/v1/users/{}", nurse.id),
            &app.token(&admin).await,
            json!({"designated_nurse": true}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let applicant = app.care_leaver("dudley", 21, 10).await;
    let applicant_token = app.token(&applicant).await;
    let (status, body) = app
        .patch("/v1/me", &applicant_token, json!({"gp_ods_code": "M87017"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let none = json!({"held": false});
    let answers = json!({
        "in_full_time_education": false,
        "pregnant_or_recent_birth_with_matex": none,
        "medical_exemption_certificate": none,
        "war_pension_certificate": none,
        "nhs_inpatient": false,
        "benefits": {
            "income_support": "no_one", "income_based_jsa": "no_one",
            "income_related_esa": "no_one", "pension_credit_guarantee": "no_one",
            "universal_credit": {"who_gets": "no_one"}
        },
        "tax_credit_exemption_certificate": none,
        "hc2_certificate": none
    });
    let (status, body) = app
        .post(
            "/v1/me/prescription-applications",
            &applicant_token,
            answers,
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    b.visit(&format!("{base}/prescriptions")).await;
    b.screenshot("nurse-prescriptions").await;
    b.click("main details summary").await;
    b.assert_accessible().await;
    let expires = care_passport::age::today() + chrono::Days::new(330);
    b.fill("main input[name=ppc_number]", "PPC 1234 5678").await;
    b.fill(
        "main input[name=expires-day]",
        &expires.format("%-d").to_string(),
    )
    .await;
    b.fill(
        "main input[name=expires-month]",
        &expires.format("%-m").to_string(),
    )
    .await;
    b.fill(
        "main input[name=expires-year]",
        &expires.format("%Y").to_string(),
    )
    .await;
    b.click("main details form button[type=submit]").await;
    assert!(b.shows("The application was approved").await);
    b.assert_accessible().await;

    // She records what she found out about a dentist.
    care_passport::demo::finder::load_demo(&app.state)
        .await
        .expect("shipped subset loads");
    b.visit(&format!("{base}/dentists")).await;
    b.fill("#ods_code", "V00045").await;
    b.click("#nhs_patients-under_18s").await;
    b.fill("#phone", "01384 456111").await;
    b.fill("#notes", "Ask for the care leavers' slot on Tuesdays.")
        .await;
    b.click("main form button[type=submit]").await;
    assert!(b.shows("Saved. Young people see it in the finder").await);
    b.assert_accessible().await;
    b.screenshot("nurse-dentists").await;

    // She adds a health article. The reading ease score under the form follows her typing, by
    // the rule publishing applies, and she publishes it.
    b.visit(&format!("{base}/health-information")).await;
    b.click("main a[href='/health-information/articles/new']")
        .await;
    assert_eq!(
        b.wait_path("/health-information/articles/new").await,
        "/health-information/articles/new"
    );
    b.assert_accessible().await;
    assert!(b.text().await.contains("to see their reading ease score"));
    b.click("main form button[type=submit]").await;
    assert!(b.shows("There is a problem").await);
    assert!(b.shows("Choose a topic").await);
    b.assert_accessible().await;
    b.screenshot("health-article-errors").await;
    b.fill("#title", "Sleeping well").await;
    b.fill(
        "#summary",
        "Good sleep helps you feel well. Here are some tips.",
    )
    .await;
    b.fill(
        "#body_markdown",
        "## Tips\n\nGo to bed at the same time each night. Put your phone away. Keep your room dark.\n",
    )
    .await;
    assert!(
        b.shows("Plain English: you can publish it.").await,
        "the live score updates as she types"
    );
    b.click("#topic option[value='sleep']").await;
    b.fill("#source-0-title", "Sleep and tiredness - NHS").await;
    b.fill(
        "#source-0-url",
        "https://www.nhs.uk/live-well/sleep-and-tiredness/",
    )
    .await;
    b.assert_accessible().await;
    b.screenshot("health-article-new").await;
    b.click("main form button[type=submit]").await;
    assert!(b.shows("Article added as a draft.").await);
    b.assert_accessible().await;
    b.click("main form[action$='/publish'] button[type=submit]")
        .await;
    assert!(b.shows("Published. The app shows this version now.").await);
    b.assert_accessible().await;
    b.screenshot("health-article").await;
    b.click("main a[href$='/unpublish']").await;
    assert!(b.shows("out of the app?").await);
    b.assert_accessible().await;
    b.screenshot("health-article-unpublish").await;
    b.visit(&format!("{base}/health-information")).await;
    assert!(b.text().await.contains("Sleeping well"));
    b.screenshot("health-information").await;

    // She adds a local service to the directory.
    b.visit(&format!("{base}/health-information/services"))
        .await;
    b.click("main a[href='/health-information/services/new']")
        .await;
    assert_eq!(
        b.wait_path("/health-information/services/new").await,
        "/health-information/services/new"
    );
    b.assert_accessible().await;
    b.click("main form button[type=submit]").await;
    assert!(b.shows("There is a problem").await);
    b.assert_accessible().await;
    b.fill("#name", "Dudley Money Help").await;
    b.fill("#offers", "Free help with money, bills and housing.")
        .await;
    b.fill("#who_for", "Care leavers aged 16 to 25").await;
    b.click("#topic-leaving_care_support").await;
    b.fill("#phone", "01384 812345").await;
    b.screenshot("health-service-new").await;
    b.click("main form button[type=submit]").await;
    assert!(b.shows("Saved. Young people see it in the app").await);
    b.assert_accessible().await;
    b.visit(&format!("{base}/health-information/services"))
        .await;
    assert!(b.text().await.contains("Dudley Money Help"));
    b.screenshot("health-services").await;
    b.close().await;
}
