//! The passport editor: sections as forms saved with the revision they were opened on, UK date
//! inputs, errors beside fields and in a summary, two nurses at once with nothing lost, the
//! preview, publishing with the section-by-section changes, and the versions.
use care_passport::auth::Role;
use integration_tests::{Person, TestApp, console::Browser};
use reqwest::StatusCode;
use serde_json::Value;
use uuid::Uuid;

use crate::passport::get_draft;

fn section(leaver: Uuid, rest: &str) -> String {
    format!("/care-leavers/{leaver}/passport/sections/{rest}")
}

/// Opens a form page and posts `fields` with the page's revision and base.
async fn open_and_post(
    browser: &mut Browser<'_>,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> integration_tests::console::Page {
    let opened = browser.get(page).await;
    assert_eq!(opened.status, StatusCode::OK, "{page}: {}", opened.body);
    post_with(browser, &opened, action, fields).await
}

/// Posts `fields` with the revision and base `opened` carried.
async fn post_with(
    browser: &mut Browser<'_>,
    opened: &integration_tests::console::Page,
    action: &str,
    fields: &[(&str, &str)],
) -> integration_tests::console::Page {
    let revision = opened.hidden("revision").expect("a revision");
    let base = opened.hidden("base").expect("a base");
    let mut all: Vec<(&str, &str)> = vec![("revision", &revision), ("base", &base)];
    all.extend_from_slice(fields);
    browser.post(action, &all).await
}

async fn draft(app: &TestApp, nurse: &Person, leaver: Uuid) -> Value {
    let (status, _, body) = get_draft(app, &app.token(nurse).await, leaver).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

struct Desk {
    app: TestApp,
    nurse: Person,
    leaver: Person,
}

async fn desk() -> Desk {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let leaver = app.care_leaver("dudley", 17, 200).await;
    app.assign(&leaver, None, Some(&nurse), false).await;
    Desk { app, nurse, leaver }
}

#[tokio::test]
async fn a_nurse_fills_in_sections_and_publishes_them_with_the_changes_section_by_section() {
    let Desk { app, nurse, leaver } = desk().await;
    let id = leaver.id;
    let mut browser = Browser::new(&app);
    browser.sign_in(&nurse).await;

    let overview = browser.get(&format!("/care-leavers/{id}/passport")).await;
    let about = open_and_post(
        &mut browser,
        &section(id, "about_me"),
        &section(id, "about_me"),
        &[("preferred_name", "Jo"), ("nhs_number", "943 476 5919")],
    )
    .await;
    let allergy = open_and_post(
        &mut browser,
        &section(id, "allergies/entries/new"),
        &section(id, "allergies/entries/new"),
        &[
            ("substance", "Penicillin"),
            ("reaction", "Itchy rash"),
            ("severity", "moderate"),
        ],
    )
    .await;
    let jab = open_and_post(
        &mut browser,
        &section(id, "immunisations/entries/new"),
        &section(id, "immunisations/entries/new"),
        &[
            ("vaccine", "MMR"),
            ("date-day", "20"),
            ("date-month", "5"),
            ("date-year", "2009"),
            ("dose_number", "1"),
        ],
    )
    .await;
    let none = open_and_post(
        &mut browser,
        &section(id, "medicines"),
        &section(id, "medicines/state"),
        &[("to", "none")],
    )
    .await;
    let edited = open_and_post(
        &mut browser,
        &section(id, "allergies/entries/0"),
        &section(id, "allergies/entries/0"),
        &[
            ("substance", "Penicillin"),
            ("reaction", "Hives"),
            ("severity", "severe"),
        ],
    )
    .await;
    let publish_page = browser
        .get(&format!("/care-leavers/{id}/passport/publish"))
        .await;
    let published = browser
        .post(
            &format!("/care-leavers/{id}/passport/publish"),
            &[(
                "revision",
                &publish_page.hidden("revision").expect("revision"),
            )],
        )
        .await;
    let versions = browser
        .get(&format!("/care-leavers/{id}/passport/versions"))
        .await;

    assert_eq!(overview.status, StatusCode::OK, "{}", overview.body);
    assert!(overview.contains("Allergies and reactions"));
    for saved in [&about, &allergy, &jab, &none, &edited] {
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    }
    assert_eq!(allergy.location(), Some(section(id, "allergies").as_str()));
    assert_eq!(publish_page.status, StatusCode::OK);
    assert!(publish_page.contains("Publish version 1"));
    assert!(publish_page.contains("Allergies and reactions</td>"));
    assert!(
        publish_page.contains("Added: 1 added"),
        "{}",
        publish_page.body
    );
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.body
    );
    assert!(versions.contains("Version 1"));
    assert!(versions.contains("Medicines</td>"));
    let token = app.token(&leaver).await;
    let (status, passport) = app.get("/v1/me/passport", &token).await;
    assert_eq!(status, StatusCode::OK, "{passport}");
    let content = &passport["content"];
    assert_eq!(content["about_me"]["preferred_name"], "Jo");
    assert_eq!(content["about_me"]["nhs_number"], "9434765919");
    assert_eq!(content["allergies"][0]["reaction"], "Hives");
    assert_eq!(content["allergies"][0]["severity"], "severe");
    assert_eq!(content["allergies"].as_array().map(Vec::len), Some(1));
    assert_eq!(content["immunisations"][0]["date"], "2009-05-20");
    assert_eq!(content["medicines"], serde_json::json!([]));
    let actions = app.audit_actions(id).await;
    for action in [
        "passport.draft_read",
        "passport.draft_updated",
        "passport.published",
    ] {
        assert!(actions.iter().any(|a| a == action), "{action}: {actions:?}");
    }
}

#[tokio::test]
async fn errors_are_shown_beside_the_fields_and_in_a_summary_and_nothing_is_saved() {
    let Desk { app, nurse, leaver } = desk().await;
    let id = leaver.id;
    let mut browser = Browser::new(&app);
    browser.sign_in(&nurse).await;
    let new_jab = section(id, "immunisations/entries/new");

    let blank = open_and_post(&mut browser, &new_jab, &new_jab, &[("vaccine", "")]).await;
    let not_a_date = open_and_post(
        &mut browser,
        &new_jab,
        &new_jab,
        &[
            ("vaccine", "MMR"),
            ("date-day", "31"),
            ("date-month", "2"),
            ("date-year", "2009"),
        ],
    )
    .await;
    let future = open_and_post(
        &mut browser,
        &new_jab,
        &new_jab,
        &[
            ("vaccine", "MMR"),
            ("date-day", "1"),
            ("date-month", "1"),
            ("date-year", "2099"),
        ],
    )
    .await;

    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(blank.contains("There is a problem"));
    assert!(
        blank.contains("<a href=\"#vaccine\">Enter vaccine</a>"),
        "{}",
        blank.body
    );
    assert!(blank.contains("id=\"vaccine-error\""));
    assert_eq!(not_a_date.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(not_a_date.contains("<a href=\"#date-day\">Date given must be a real date"));
    assert!(
        not_a_date.contains("value=\"31\""),
        "what was typed is kept"
    );
    // The passport's own rule, from the same service as the API.
    assert_eq!(
        future.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        future.body
    );
    assert!(future.contains("in the future"), "{}", future.body);
    assert!(future.contains("href=\"#date-day\""));
    assert_eq!(draft(&app, &nurse, id).await["revision"], 0);
}

#[tokio::test]
async fn one_save_loads_the_young_person_once_and_is_audited_as_one_draft_update_without_reads() {
    let Desk { app, nurse, leaver } = desk().await;
    let id = leaver.id;
    let mut browser = Browser::new(&app);
    browser.sign_in(&nurse).await;
    let about = section(id, "about_me");
    let opened = browser.get(&about).await;
    let before = app.audit_actions(id).await.len();

    app.statements.start();
    let saved = post_with(&mut browser, &opened, &about, &[("preferred_name", "Jo")]).await;
    let statements = app.statements.take();

    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let written = app.audit_actions(id).await.split_off(before);
    assert_eq!(written, ["passport.draft_updated"]);
    let leaver_loads = statements
        .iter()
        .filter(|sql| sql.contains("FROM \"care_leavers\""))
        .count();
    assert_eq!(leaver_loads, 1, "{statements:#?}");
}

#[tokio::test]
async fn a_save_that_succeeds_redirects_without_working_out_the_page_it_does_not_show() {
    let Desk { app, nurse, leaver } = desk().await;
    let id = leaver.id;
    let mut browser = Browser::new(&app);
    browser.sign_in(&nurse).await;
    let about = section(id, "about_me");
    // A first save stores the draft, so the next one reads it and not the latest version.
    let first = open_and_post(&mut browser, &about, &about, &[("preferred_name", "Jo")]).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    let opened = browser.get(&about).await;

    app.statements.start();
    let saved = post_with(&mut browser, &opened, &about, &[("preferred_name", "Jay")]).await;
    let statements = app.statements.take();

    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    // Only the page reads the published version (what publishing would change) to show it.
    let version_reads = statements
        .iter()
        .filter(|sql| sql.contains("\"passport_versions\""))
        .count();
    assert_eq!(version_reads, 0, "{statements:#?}");
    assert_eq!(
        draft(&app, &nurse, id).await["content"]["about_me"]["preferred_name"],
        "Jay"
    );
}

#[tokio::test]
async fn two_nurses_saving_at_once_lose_nothing() {
    let Desk { app, nurse, leaver } = desk().await;
    let colleague = app.staff(Role::Nurse, "dudley").await;
    let colleague_name = app.user_by_email(&colleague.email).await.name;
    let id = leaver.id;
    let mut first = Browser::new(&app);
    first.sign_in(&colleague).await;
    let mut second = Browser::new(&app);
    second.sign_in(&nurse).await;
    let new_allergy = section(id, "allergies/entries/new");

    // Both open the same form; the colleague saves first.
    let seen_first = first.get(&new_allergy).await;
    let seen_second = second.get(&new_allergy).await;
    let saved = post_with(
        &mut first,
        &seen_first,
        &new_allergy,
        &[("substance", "Penicillin")],
    )
    .await;
    let clash = post_with(
        &mut second,
        &seen_second,
        &new_allergy,
        &[("substance", "Peanuts")],
    )
    .await;
    // The second nurse checks the merge and saves it.
    let merged = post_with(
        &mut second,
        &clash,
        &new_allergy,
        &[("substance", "Peanuts")],
    )
    .await;

    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(clash.status, StatusCode::CONFLICT, "{}", clash.body);
    assert!(clash.contains("Someone else saved this draft after you opened it"));
    assert!(
        clash.contains(&format!("Last saved by {colleague_name} on")),
        "{}",
        clash.body
    );
    assert!(
        clash.contains("Allergies and reactions – Added: 1 added"),
        "{}",
        clash.body
    );
    assert!(clash.contains("Substance: Penicillin"));
    assert!(
        clash.contains("value=\"Peanuts\""),
        "their own entry is still in the form"
    );
    assert_eq!(merged.status, StatusCode::SEE_OTHER, "{}", merged.body);
    let body = draft(&app, &nurse, id).await;
    let substances: Vec<&str> = body["content"]["allergies"]
        .as_array()
        .map(|a| a.iter().filter_map(|e| e["substance"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(substances, ["Penicillin", "Peanuts"]);

    // Fields of one section: each nurse's own changes are kept.
    let about = section(id, "about_me");
    let seen_first = first.get(&about).await;
    let seen_second = second.get(&about).await;
    let saved = post_with(&mut first, &seen_first, &about, &[("preferred_name", "Jo")]).await;
    let clash = post_with(
        &mut second,
        &seen_second,
        &about,
        &[("optician", "Boots, Dudley")],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    assert_eq!(clash.status, StatusCode::CONFLICT, "{}", clash.body);
    assert!(
        clash.contains("value=\"Jo\""),
        "their change is in the merged form"
    );
    assert!(clash.contains("value=\"Boots, Dudley\""), "and so is mine");
    let merged = post_with(
        &mut second,
        &clash,
        &about,
        &[("preferred_name", "Jo"), ("optician", "Boots, Dudley")],
    )
    .await;
    assert_eq!(merged.status, StatusCode::SEE_OTHER, "{}", merged.body);
    let about_me = &draft(&app, &nurse, id).await["content"]["about_me"];
    assert_eq!(about_me["preferred_name"], "Jo");
    assert_eq!(about_me["optician"], "Boots, Dudley");
}

#[tokio::test]
async fn hard_to_read_text_is_a_hint_beside_the_field_and_still_saves() {
    let Desk { app, nurse, leaver } = desk().await;
    let id = leaver.id;
    let mut browser = Browser::new(&app);
    browser.sign_in(&nurse).await;
    let hard = "Idiosyncratic hypersensitivity manifestations necessitating immediate pharmacological intervention and comprehensive immunological investigation.";

    let saved = open_and_post(
        &mut browser,
        &section(id, "allergies/entries/new"),
        &section(id, "allergies/entries/new"),
        &[("substance", "Penicillin"), ("reaction", hard)],
    )
    .await;
    let entry = browser.get(&section(id, "allergies/entries/0")).await;
    let overview = browser.get(&format!("/care-leavers/{id}/passport")).await;

    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert!(entry.contains("id=\"reaction-readability\""));
    assert!(
        entry.contains("This may be hard for the young person to read"),
        "{}",
        entry.body
    );
    assert!(overview.contains("Allergies and reactions: reaction"));
}

#[tokio::test]
async fn the_preview_shows_the_draft_as_the_young_person_will_see_it() {
    let Desk { app, nurse, leaver } = desk().await;
    let id = leaver.id;
    let mut browser = Browser::new(&app);
    browser.sign_in(&nurse).await;
    open_and_post(
        &mut browser,
        &section(id, "conditions/entries/new"),
        &section(id, "conditions/entries/new"),
        &[
            ("name", "Asthma"),
            ("status", "current"),
            ("diagnosed-day", "14"),
            ("diagnosed-month", "3"),
            ("diagnosed-year", "2012"),
        ],
    )
    .await;

    let preview = browser
        .get(&format!("/care-leavers/{id}/passport/preview"))
        .await;

    assert_eq!(preview.status, StatusCode::OK);
    assert!(preview.contains("<h2>Conditions and illnesses</h2>"));
    assert!(preview.contains("Asthma"));
    assert!(preview.contains("14 March 2012"));
    assert!(preview.contains("Current"));
}

#[tokio::test]
async fn nurses_of_another_authority_get_not_found_and_only_the_named_nurse_edits_the_sensitive_section()
 {
    let Desk { app, nurse, leaver } = desk().await;
    let id = leaver.id;
    let stranger = app.staff(Role::Nurse, "sandwell").await;
    let colleague = app.staff(Role::Nurse, "dudley").await;
    let mut browser = Browser::new(&app);
    browser.sign_in(&stranger).await;
    let elsewhere = browser.get(&format!("/care-leavers/{id}/passport")).await;
    let mut colleague_browser = Browser::new(&app);
    colleague_browser.sign_in(&colleague).await;
    let overview = colleague_browser
        .get(&format!("/care-leavers/{id}/passport"))
        .await;
    let sensitive = colleague_browser
        .get(&section(id, "sexual_health_and_substance_use"))
        .await;
    let mut named = Browser::new(&app);
    named.sign_in(&nurse).await;
    let own = named
        .get(&section(id, "sexual_health_and_substance_use"))
        .await;

    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);
    assert_eq!(overview.status, StatusCode::OK);
    assert!(!overview.contains("Sexual health and substance use"));
    assert_eq!(sensitive.status, StatusCode::NOT_FOUND);
    assert_eq!(own.status, StatusCode::OK);
}

#[tokio::test]
async fn the_young_persons_own_words_are_shown_as_theirs_and_kept_when_the_nurse_saves() {
    let Desk { app, nurse, leaver } = desk().await;
    let id = leaver.id;
    let words = "Please tell me what you are going to do before you do it.";
    let (status, _, body) = app
        .call(
            reqwest::Method::PUT,
            "/v1/me/passport/own-words",
            Some(&app.token(&leaver).await),
            Some(serde_json::json!({ "text": words })),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mut browser = Browser::new(&app);
    browser.sign_in(&nurse).await;

    let overview = browser.get(&format!("/care-leavers/{id}/passport")).await;
    let no_form = browser.get(&section(id, "my_own_words")).await;
    let saved = open_and_post(
        &mut browser,
        &section(id, "about_me"),
        &section(id, "about_me"),
        &[("preferred_name", "Jo")],
    )
    .await;
    let preview = browser
        .get(&format!("/care-leavers/{id}/passport/preview"))
        .await;

    assert!(overview.contains(words), "{}", overview.body);
    assert!(overview.contains("writes this part in the app. You can read it but not change it."));
    assert_eq!(no_form.status, StatusCode::NOT_FOUND);
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert!(preview.contains(words));
    let body = draft(&app, &nurse, id).await;
    assert_eq!(body["content"]["my_own_words"]["text"], words);
    assert_eq!(body["content"]["about_me"]["preferred_name"], "Jo");
}

#[tokio::test]
async fn the_editor_scores_text_as_the_nurse_writes_it_with_the_drafts_rule() {
    let Desk { app, nurse, .. } = desk().await;
    let caseworker = app.staff(Role::Caseworker, "dudley").await;
    let mut browser = Browser::new(&app);
    browser.sign_in(&nurse).await;
    let hard = "Idiosyncratic hypersensitivity manifestations necessitating immediate pharmacological intervention and comprehensive immunological investigation.";

    let scored = browser.post("/readability", &[("text", hard)]).await;
    let plain = browser
        .post(
            "/readability",
            &[(
                "text",
                "You got a rash when you took this medicine as a child.",
            )],
        )
        .await;
    let forged = browser
        .post_raw("/readability", &[("csrf_token", "wrong"), ("text", hard)])
        .await;
    let mut other = Browser::new(&app);
    other.sign_in(&caseworker).await;
    let refused = other.post("/readability", &[("text", hard)]).await;

    assert_eq!(scored.status, StatusCode::OK);
    assert!(
        scored
            .body
            .starts_with("This may be hard for the young person to read (reading ease")
    );
    assert_eq!(plain.status, StatusCode::OK);
    assert_eq!(plain.body, "");
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
