//! Chances4YOUth expressions of interest over HTTP: the young person's form, the review by HR
//! and Connexions, who sees what, the e-mails through the real SMTP sink, and the report.
use std::time::Duration;

use care_passport::auth::Role;
use chrono::{DateTime, Utc};
use entity::expression_of_interest::EoiStatus;
use entity::outbox_message::TemplateName;
use integration_tests::{Person, TestApp, eventually};
use reqwest::{Method, StatusCode};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::access::Cast;

const MINE: &str = "/v1/me/expressions-of-interest";
const STAFF: &str = "/v1/expressions-of-interest";

pub(crate) fn form() -> Value {
    json!({
        "contact": {
            "name": "Jay",
            "email": "jay@example.com",
            "phone": "07700 900123",
            "preferred_contact_method": "text"
        },
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
        "support_needs": "Extra time to read things at interview",
        "consents": {"share_with_hr_and_connexions": true, "share_with_future_employer": false}
    })
}

fn form_with(changes: Value) -> Value {
    let mut f = form();
    for (k, v) in changes.as_object().unwrap() {
        f[k] = v.clone();
    }
    f
}

/// Sends `body` as `person`; returns status and body.
async fn submit(app: &TestApp, person: &Person, body: Value) -> (StatusCode, Value) {
    app.post(MINE, &app.token(person).await, body).await
}

/// Sends a form that must be accepted; returns its id.
pub(crate) async fn submitted(app: &TestApp, person: &Person, body: Value) -> String {
    let (status, body) = submit(app, person, body).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_str().unwrap().to_owned()
}

async fn move_to(app: &TestApp, reviewer: &Person, id: &str, body: Value) -> (StatusCode, Value) {
    app.post(
        &format!("{STAFF}/{id}/status"),
        &app.token(reviewer).await,
        body,
    )
    .await
}

/// Moves a form to `status`; a placement offered or a start is placed in Digital and IT's
/// service desk, which those moves require.
pub(crate) async fn moved(app: &TestApp, reviewer: &Person, id: &str, status: &str) -> Value {
    let body = if matches!(status, "placement_offered" | "started") {
        json!({"status": status, "directorate": "digital_and_it", "team": "Service desk"})
    } else {
        json!({"status": status})
    };
    let (got, body) = move_to(app, reviewer, id, body).await;
    assert_eq!(got, StatusCode::OK, "{status}: {body}");
    body
}

fn ids(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Waits for the `n`th message to `address` and returns it.
async fn nth_mail(app: &TestApp, address: &str, n: usize) -> integration_tests::ReceivedMail {
    eventually(
        Duration::from_secs(10),
        &format!("{n} messages to {address}"),
        || async { app.mail().to(address).len() >= n },
    )
    .await;
    app.mail().to(address)[n - 1].clone()
}

#[tokio::test]
async fn a_form_goes_from_submitted_to_started_and_every_change_emails_the_caseworker() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    let cw = cast.caseworker.email.as_str();
    let id = submitted(&app, &cast.leaver, form()).await;

    let first = nth_mail(&app, cw, 1).await;
    assert!(
        first
            .subject()
            .contains("Jordan Tester has sent an expression of interest")
    );
    app.mail()
        .wait_for(
            "chances4youth@dudley.example",
            "has sent an expression of interest",
        )
        .await;

    let steps = [
        (&cast.hr, "acknowledged", "received by the team"),
        (&cast.connexions, "in_review", "being reviewed"),
        (&cast.hr, "interview_offered", "interview offered"),
        (&cast.hr, "started", "started"),
    ];
    for (n, (reviewer, status, words)) in steps.into_iter().enumerate() {
        let body = moved(&app, reviewer, &id, status).await;
        assert_eq!(body["status"], status);
        let mail = nth_mail(&app, cw, n + 2).await;
        assert_eq!(mail.subject(), "Chances4YOUth: update for Jordan Tester");
        assert!(mail.text().contains(words), "{status}: {}", mail.text());
        assert!(mail.text().contains(&app.url("/")), "a link to sign in");
        assert!(!mail.all_text().contains("extra time"), "no form contents");
    }

    // The young person heard about the offer, and only about the offer.
    let offer = app
        .mail()
        .wait_for(&cast.leaver.email, "News about your Chances4YOUth form")
        .await;
    assert!(offer.text().contains("interview offered"));
    let to_leaver: Vec<TemplateName> = app
        .outbox()
        .await
        .into_iter()
        .filter(|m| m.to_address == cast.leaver.email)
        .map(|m| m.template)
        .collect();
    assert_eq!(to_leaver, vec![TemplateName::EoiUpdateForYoungPerson]);

    let (_, mine) = app.get(MINE, &app.token(&cast.leaver).await).await;
    let mine = &mine["items"][0];
    assert_eq!(mine["status"], "started");
    assert_eq!(mine["open"], false);
    assert!(mine["acknowledged_at"].is_string());
    let history: Vec<&str> = mine["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["to"].as_str().unwrap())
        .collect();
    assert_eq!(
        history,
        [
            "submitted",
            "acknowledged",
            "in_review",
            "interview_offered",
            "started"
        ]
    );
    assert_eq!(mine["history"][0]["by"], "you");
    assert_eq!(mine["history"][1]["by"], "HR Talent and Development");

    let audit = app.audit_actions(cast.leaver.id).await;
    assert_eq!(audit.iter().filter(|a| *a == "eoi.submitted").count(), 1);
    assert_eq!(
        audit.iter().filter(|a| *a == "eoi.status_changed").count(),
        4
    );
}

#[tokio::test]
async fn a_young_person_withdraws_an_open_form_and_can_then_send_another() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    let token = app.token(&cast.leaver).await;
    let id = submitted(&app, &cast.leaver, form()).await;
    moved(&app, &cast.hr, &id, "acknowledged").await;

    let path = format!("{MINE}/{id}/withdraw");
    let (status, body) = app.post(&path, &token, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "withdrawn");
    assert!(body["withdrawn_at"].is_string());
    let mail = nth_mail(&app, &cast.caseworker.email, 3).await;
    assert!(mail.text().contains("withdrawn"), "{}", mail.text());

    let (status, body) = app.post(&path, &token, json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        body["detail"].as_str().unwrap().contains("withdrawn"),
        "{body}"
    );

    // HR still sees it, withdrawn, and cannot move it on.
    let (status, body) = move_to(&app, &cast.hr, &id, json!({"status": "in_review"})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body["detail"].as_str().unwrap().contains("withdrawn"));

    submitted(&app, &cast.leaver, form()).await;
}

#[tokio::test]
async fn a_second_open_form_is_409_and_updates_change_the_open_one() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    let token = app.token(&cast.leaver).await;
    let id = submitted(&app, &cast.leaver, form()).await;
    let (status, body) = submit(&app, &cast.leaver, form()).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");

    // PATCH is a merge patch; the filters follow the change.
    let path = format!("{MINE}/{id}");
    let (status, body) = app
        .patch(
            &path,
            &token,
            json!({"directorates": ["public_health"], "career_goal": null}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["form"]["directorates"], json!(["public_health"]));
    assert!(body["form"]["career_goal"].is_null());
    assert_eq!(body["form"]["contact"]["name"], "Jay");
    let hr = app.token(&cast.hr).await;
    let (_, list) = app
        .get(&format!("{STAFF}?directorate=public_health"), &hr)
        .await;
    assert_eq!(ids(&list), vec![id.clone()]);
    let (_, list) = app
        .get(&format!("{STAFF}?directorate=digital_and_it"), &hr)
        .await;
    assert!(ids(&list).is_empty());

    // PUT replaces the whole form; a broken one is refused naming the field.
    let (status, _, body) = app
        .call(
            Method::PUT,
            &path,
            Some(&token),
            Some(form_with(json!({"opportunity_types": ["internship"]}))),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["form"]["opportunity_types"], json!(["internship"]));
    let (status, body) = app
        .patch(&path, &token, json!({"directorates": ["space"]}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "directorates[0]");

    // Another young person cannot touch it.
    let (status, _) = app
        .patch(
            &path,
            &app.token(&cast.other_leaver).await,
            json!({"career_goal": "x"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Once closed, it cannot be changed.
    for s in ["acknowledged", "not_progressed"] {
        moved(&app, &cast.hr, &id, s).await;
    }
    let (status, body) = app.patch(&path, &token, json!({"career_goal": "x"})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let detail = body["detail"].as_str().unwrap();
    assert!(detail.contains("not taken further this time"), "{body}");
    assert!(!detail.contains("not_progressed"), "{body}");
}

#[tokio::test]
async fn invalid_transitions_are_409_naming_the_current_state_and_only_reviewers_move_forms() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    let id = submitted(&app, &cast.leaver, form()).await;

    let (status, body) = move_to(&app, &cast.hr, &id, json!({"status": "in_review"})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("Right now it is: sent."),
        "{body}"
    );
    assert_eq!(body["errors"][0]["field"], "status");

    let (status, _) = move_to(&app, &cast.hr, &id, json!({"status": "withdrawn"})).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "only the young person withdraws"
    );
    let (status, _) = move_to(
        &app,
        &cast.caseworker,
        &id,
        json!({"status": "acknowledged"}),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "caseworkers follow, they do not review"
    );
    let (status, _) = move_to(&app, &cast.nurse, &id, json!({"status": "acknowledged"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = move_to(&app, &cast.hr, &id, json!({"status": "hired"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "status");
    let (status, body) = move_to(
        &app,
        &cast.hr,
        &id,
        json!({"status": "acknowledged", "note": "x".repeat(2001)}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "note");

    for s in [
        "acknowledged",
        "in_review",
        "work_experience_offered",
        "started",
    ] {
        moved(&app, &cast.connexions, &id, s).await;
    }
    let (status, body) = move_to(&app, &cast.hr, &id, json!({"status": "not_progressed"})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        body["detail"].as_str().unwrap().contains("started"),
        "{body}"
    );
}

#[tokio::test]
async fn a_15_year_old_and_a_closed_case_are_refused_with_422() {
    let app = TestApp::spawn().await;
    let fifteen = app.care_leaver("dudley", 15, 0).await;
    let (status, body) = submit(&app, &fifteen, form()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["errors"][0]["field"], "date_of_birth");

    let sixteen = app.care_leaver("dudley", 16, 0).await;
    let (status, body) = submit(&app, &sixteen, form()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["age_band"], "16-17");

    let closed = app.care_leaver("dudley", 20, 0).await;
    entity::care_leaver::Entity::update(entity::care_leaver::ActiveModel {
        user_id: Set(closed.id),
        leaving_care_status: Set(entity::care_leaver::LeavingCareStatus::Closed),
        ..Default::default()
    })
    .exec(&app.state.db)
    .await
    .unwrap();
    let (status, body) = submit(&app, &closed, form()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "leaving_care_status");

    // Staff have no form of their own to send.
    let hr = app.staff(Role::Hr, "dudley").await;
    assert_eq!(submit(&app, &hr, form()).await.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn sending_without_consent_for_hr_and_connexions_is_422_naming_the_consent() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let body = form_with(json!({"consents": {"share_with_hr_and_connexions": false}}));
    let (status, body) = submit(&app, &leaver, body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body["errors"][0]["field"],
        "consents.share_with_hr_and_connexions"
    );
    let mut missing = form();
    missing["consents"] = json!({});
    let (status, body) = submit(&app, &leaver, missing).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body["errors"][0]["field"],
        "consents.share_with_hr_and_connexions"
    );
    assert!(app.outbox().await.is_empty(), "nothing sent");
}

#[tokio::test]
async fn contact_details_left_out_are_filled_from_the_profile() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let mut body = form();
    body.as_object_mut().unwrap().remove("contact");
    let (status, body) = submit(&app, &leaver, body).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let contact = &body["form"]["contact"];
    assert_eq!(contact["name"], "Jordan Tester");
    assert_eq!(contact["email"], leaver.email.as_str());
    assert_eq!(contact["preferred_contact_method"], "email");
}

#[tokio::test]
async fn caseworkers_see_only_their_caseload_and_hr_of_another_authority_sees_nothing() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    let id = submitted(&app, &cast.leaver, form()).await;
    let other_id = submitted(&app, &cast.other_leaver, form()).await;
    let path = format!("{STAFF}/{id}");

    let cw = app.token(&cast.caseworker).await;
    let (_, list) = app.get(STAFF, &cw).await;
    assert_eq!(ids(&list), vec![id.clone()]);
    let (status, view) = app.get(&path, &cw).await;
    assert_eq!(status, StatusCode::OK);
    assert!(view["next_statuses"].as_array().unwrap().is_empty());

    let other_cw = app.token(&cast.other_caseworker).await;
    let (_, list) = app.get(STAFF, &other_cw).await;
    assert_eq!(ids(&list), vec![other_id.clone()]);
    assert_eq!(app.get(&path, &other_cw).await.0, StatusCode::NOT_FOUND);

    let (_, list) = app.get(STAFF, &app.token(&cast.hr).await).await;
    assert_eq!(list["total"], 2);

    let sandwell_hr = app.staff(Role::Hr, "sandwell").await;
    let sandwell_connexions = app.staff(Role::Connexions, "sandwell").await;
    for person in [&sandwell_hr, &sandwell_connexions] {
        let token = app.token(person).await;
        let (status, list) = app.get(STAFF, &token).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(list["total"], 0);
        assert_eq!(app.get(&path, &token).await.0, StatusCode::NOT_FOUND);
        let (status, _) = move_to(&app, person, &id, json!({"status": "acknowledged"})).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (_, report) = app.get("/v1/reports/chances4youth", &token).await;
        assert_eq!(report["total"], 0);
    }

    for person in [&cast.nurse, &cast.admin, &cast.leaver] {
        let token = app.token(person).await;
        assert_eq!(app.get(STAFF, &token).await.0, StatusCode::FORBIDDEN);
        assert_eq!(app.get(&path, &token).await.0, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn hr_and_connexions_never_see_health_data() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, true).await;
    entity::care_leaver::Entity::update(entity::care_leaver::ActiveModel {
        user_id: Set(cast.leaver.id),
        nhs_number: Set(Some("9434765919".into())),
        gp_ods_code: Set(Some("M87017".into())),
        ..Default::default()
    })
    .exec(&app.state.db)
    .await
    .unwrap();
    let id = submitted(&app, &cast.leaver, form()).await;
    let leaver = cast.leaver.id;

    // Passport routes are not on this branch yet; these paths are the ones issue 2 names, so
    // after the merge they check the real routes.
    let paths = [
        format!("/v1/care-leavers/{leaver}"),
        format!("/v1/care-leavers/{leaver}/passport/draft"),
        format!("/v1/care-leavers/{leaver}/passport/versions"),
        format!("/v1/care-leavers/{leaver}/passport/versions/1"),
    ];
    for person in [&cast.hr, &cast.connexions] {
        let token = app.token(person).await;
        for path in &paths {
            assert_eq!(
                app.get(path, &token).await.0,
                StatusCode::NOT_FOUND,
                "{path}"
            );
        }
        let (status, view) = app.get(&format!("{STAFF}/{id}"), &token).await;
        assert_eq!(status, StatusCode::OK);
        let (_, list) = app.get(STAFF, &token).await;
        for shown in [view.to_string(), list.to_string()] {
            for health in [
                "9434765919",
                "M87017",
                "nhs_number",
                "date_of_birth",
                "gp_ods_code",
            ] {
                assert!(
                    !shown.contains(health),
                    "{health} shown to {:?}",
                    person.role
                );
            }
        }
    }
    let audit = app.audit_actions(leaver).await;
    assert_eq!(audit.iter().filter(|a| *a == "eoi.read").count(), 2);
}

#[tokio::test]
async fn staff_notes_are_never_shown_to_the_young_person_but_feedback_is() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    let id = submitted(&app, &cast.leaver, form()).await;
    moved(&app, &cast.hr, &id, "acknowledged").await;
    let (status, _) = move_to(
        &app,
        &cast.hr,
        &id,
        json!({
            "status": "in_review",
            "note": "STAFF-ONLY reference check pending",
            "feedback_for_young_person": "Lovely form, we'll be in touch"
        }),
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    let token = app.token(&cast.leaver).await;
    for path in [MINE.to_owned(), format!("{MINE}/{id}")] {
        let (_, body) = app.get(&path, &token).await;
        let shown = body.to_string();
        assert!(!shown.contains("STAFF-ONLY"), "{path}: {shown}");
        assert!(!shown.contains("\"note\""), "{path}");
        assert!(shown.contains("Lovely form"), "{path}");
    }
    // Staff see the note; the young person gets an e-mail saying there is feedback, without it.
    let (_, view) = app
        .get(&format!("{STAFF}/{id}"), &app.token(&cast.caseworker).await)
        .await;
    assert_eq!(
        view["history"][2]["note"],
        "STAFF-ONLY reference check pending"
    );
    assert_eq!(view["history"][2]["by"]["role"], "hr");
    let mail = app
        .mail()
        .wait_for(&cast.leaver.email, "News about your Chances4YOUth form")
        .await;
    assert!(mail.text().contains("feedback"));
    assert!(!mail.all_text().contains("staff-only") && !mail.all_text().contains("lovely form"));
    // The staff view is not a back door for the young person.
    assert_eq!(
        app.get(&format!("{STAFF}/{id}"), &token).await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_staff_list_filters_and_pages() {
    let app = TestApp::spawn().await;
    let hr = app.staff(Role::Hr, "dudley").await;
    let a = app.care_leaver("dudley", 19, 0).await;
    let b = app.care_leaver("dudley", 16, 10).await;
    let c = app.care_leaver("dudley", 23, 0).await;
    let id_a = submitted(&app, &a, form()).await;
    let id_b = submitted(
        &app,
        &b,
        form_with(json!({"directorates": ["environment"], "opportunity_types": ["work_experience", "mock_interview"]})),
    )
    .await;
    let id_c = submitted(&app, &c, form_with(json!({"directorates": []}))).await;
    moved(&app, &hr, &id_c, "acknowledged").await;
    let (id_a, id_b, id_c) = (id_a.as_str(), id_b.as_str(), id_c.as_str());

    let token = app.token(&hr).await;
    let today = care_passport::age::today();
    let tomorrow = today.succ_opt().unwrap();
    let cases: Vec<(String, Vec<&str>)> = vec![
        ("".into(), vec![id_c, id_b, id_a]),
        ("?status=acknowledged".into(), vec![id_c]),
        ("?status=submitted".into(), vec![id_b, id_a]),
        ("?directorate=digital_and_it".into(), vec![id_a]),
        ("?directorate=environment".into(), vec![id_b]),
        ("?opportunity_type=mock_interview".into(), vec![id_b]),
        ("?opportunity_type=apprenticeship".into(), vec![id_c, id_a]),
        ("?age_band=16-17".into(), vec![id_b]),
        ("?age_band=22-25".into(), vec![id_c]),
        (
            format!("?submitted_from={today}&submitted_to={today}"),
            vec![id_c, id_b, id_a],
        ),
        (format!("?submitted_from={tomorrow}"), vec![]),
        ("?submitted_to=2020-01-01".into(), vec![]),
        (
            "?status=submitted&directorate=environment".into(),
            vec![id_b],
        ),
    ];
    for (query, expected) in cases {
        let (status, list) = app.get(&format!("{STAFF}{query}"), &token).await;
        assert_eq!(status, StatusCode::OK, "{query}: {list}");
        assert_eq!(ids(&list), expected, "{query}");
    }

    let (_, page) = app.get(&format!("{STAFF}?limit=2"), &token).await;
    assert_eq!((ids(&page).len(), page["total"].as_u64()), (2, Some(3)));
    let (_, page) = app.get(&format!("{STAFF}?limit=2&offset=2"), &token).await;
    assert_eq!(ids(&page), vec![id_a]);

    for (query, field) in [
        ("?age_band=teen", "age_band"),
        ("?directorate=space", "directorate"),
        ("?status=hired", "status"),
        ("?limit=0", "limit"),
        (
            "?submitted_from=2026-02-01&submitted_to=2026-01-01",
            "submitted_to",
        ),
        ("?colour=red", "colour"),
    ] {
        let (status, body) = app.get(&format!("{STAFF}{query}"), &token).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_eq!(body["errors"][0]["field"], field, "{query}");
    }
}

/// Moves a form's timestamps to known values.
async fn set_times(app: &TestApp, id: &str, submitted: &str, acknowledged: Option<&str>) {
    use entity::expression_of_interest::{Column, Entity};
    let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
    Entity::update_many()
        .col_expr(Column::SubmittedAt, Expr::value(at(submitted)))
        .col_expr(Column::AcknowledgedAt, Expr::value(acknowledged.map(at)))
        .filter(Column::Id.eq(id.parse::<Uuid>().unwrap()))
        .exec(&app.state.db)
        .await
        .unwrap();
}

#[tokio::test]
async fn the_report_gives_the_known_figures_for_the_authority_and_downloads_as_csv() {
    let app = TestApp::spawn().await;
    let hr = app.staff(Role::Hr, "dudley").await;
    let a = app.care_leaver("dudley", 19, 0).await;
    let b = app.care_leaver("dudley", 20, 0).await;
    let c = app.care_leaver("dudley", 21, 0).await;
    let elsewhere = app.care_leaver("sandwell", 19, 0).await;
    let id_a = submitted(&app, &a, form()).await;
    let id_b = submitted(
        &app,
        &b,
        form_with(json!({"directorates": ["environment", "public_health"], "opportunity_types": ["work_experience"]})),
    )
    .await;
    let id_c = submitted(
        &app,
        &c,
        form_with(json!({"directorates": [], "opportunity_types": ["mock_interview"]})),
    )
    .await;
    submitted(&app, &elsewhere, form()).await;
    moved(&app, &hr, &id_a, "acknowledged").await;
    for s in ["acknowledged", "in_review", "interview_offered", "started"] {
        moved(&app, &hr, &id_b, s).await;
    }
    set_times(
        &app,
        &id_a,
        "2026-01-05T09:00:00Z",
        Some("2026-01-06T09:00:00Z"),
    )
    .await;
    set_times(
        &app,
        &id_b,
        "2026-01-20T12:00:00Z",
        Some("2026-01-23T12:00:00Z"),
    )
    .await;
    set_times(&app, &id_c, "2026-03-10T09:00:00Z", None).await;

    let token = app.token(&hr).await;
    let (status, report) = app.get("/v1/reports/chances4youth", &token).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let counts = |key: &str| -> Vec<(String, u64)> {
        report[key]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["count"].as_u64().unwrap() > 0)
            .map(|c| {
                (
                    c["key"].as_str().unwrap().to_owned(),
                    c["count"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let pairs = |p: &[(&str, u64)]| -> Vec<(String, u64)> {
        p.iter().map(|(k, n)| (k.to_string(), *n)).collect()
    };
    assert_eq!(report["total"], 3);
    assert_eq!(report["started"], 1);
    assert_eq!(
        counts("by_status"),
        pairs(&[("submitted", 1), ("acknowledged", 1), ("started", 1)])
    );
    assert_eq!(
        counts("by_directorate"),
        pairs(&[
            ("any", 1),
            ("digital_and_it", 1),
            ("environment", 1),
            ("public_health", 1)
        ])
    );
    assert_eq!(
        counts("by_opportunity_type"),
        pairs(&[
            ("apprenticeship", 1),
            ("work_experience", 1),
            ("mock_interview", 1)
        ])
    );
    assert_eq!(
        report["by_month"],
        json!([
            {"key": "2026-01", "count": 2},
            {"key": "2026-02", "count": 0},
            {"key": "2026-03", "count": 1}
        ])
    );
    // Acknowledged after 1 and 3 days.
    assert_eq!(report["median_days_to_acknowledgement"], 2.0);

    let (status, headers, csv) = app
        .call(
            Method::GET,
            "/v1/reports/chances4youth?format=csv",
            Some(&token),
            None,
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = csv.as_str().unwrap().to_owned();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "measure,key,value");
    for line in [
        "total,,3",
        "status,started,1",
        "directorate,any,1",
        "month,2026-02,0",
        "median_days_to_acknowledgement,,2.0",
        "started,,1",
    ] {
        assert!(lines.contains(&line), "missing {line} in {csv}");
    }

    for role in [Role::Connexions, Role::Admin] {
        let person = app.staff(role, "dudley").await;
        let (status, other) = app
            .get("/v1/reports/chances4youth", &app.token(&person).await)
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(other["total"], 3);
    }
    for role in [Role::Caseworker, Role::Nurse] {
        let person = app.staff(role, "dudley").await;
        let (status, _) = app
            .get("/v1/reports/chances4youth", &app.token(&person).await)
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    assert_eq!(
        app.get("/v1/reports/chances4youth", &app.token(&a).await)
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let (status, body) = app
        .get("/v1/reports/chances4youth?format=pdf", &token)
        .await;
    assert_eq!(
        (status, body["errors"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("format"))
    );
}

#[tokio::test]
async fn the_form_options_list_directorates_levels_and_the_bursary_prompt_without_sign_in() {
    let app = TestApp::spawn().await;
    let (status, _, body) = app
        .call(Method::GET, "/v1/chances4youth/options", None, None, &[])
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["directorates"].as_array().unwrap().len(), 8);
    assert_eq!(body["opportunity_types"].as_array().unwrap().len(), 5);
    assert_eq!(body["levels"][0]["id"], "entry");
    assert!(body["bursary_prompt"].as_str().unwrap().contains("£3,000"));
    assert_eq!(body["minimum_age"], 16);
}

#[tokio::test]
async fn the_demo_forms_are_loaded_once_in_their_states() {
    let app = TestApp::spawn().await;
    care_passport::demo::load(&app.state).await.unwrap();
    care_passport::demo::load(&app.state).await.unwrap();
    let forms = entity::expression_of_interest::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap();
    let mut statuses = Vec::new();
    let mut named = Vec::new();
    for f in &forms {
        let user = entity::user::Entity::find_by_id(f.care_leaver_id)
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap();
        let key = user.email.split('@').next().unwrap().to_owned();
        // The Board reports' anonymous demo records are tested with the reports.
        if !key.starts_with("board-") {
            statuses.push((key, f.status));
            named.push(f.id);
        }
    }
    statuses.sort();
    assert_eq!(
        statuses,
        vec![
            ("aisha".to_owned(), EoiStatus::WorkExperienceOffered),
            ("aisha".to_owned(), EoiStatus::Completed),
            ("jordan".to_owned(), EoiStatus::InReview),
            ("jordan".to_owned(), EoiStatus::LeftEarly),
            ("kyle".to_owned(), EoiStatus::Continuing),
            ("mia".to_owned(), EoiStatus::Submitted),
        ]
    );
    let history = entity::eoi_status_history::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|h| named.contains(&h.eoi_id))
        .collect::<Vec<_>>();
    // Each form's submission and review steps, in the order of `statuses`.
    assert_eq!(
        history.len(),
        (1 + 6) + (1 + 3) + (1 + 2) + (1 + 5) + (1 + 5) + 1
    );
    // Every start records where it is and when.
    for start in history.iter().filter(|h| h.to_status == EoiStatus::Started) {
        assert!(
            start.directorate.is_some() && start.team.is_some() && start.effective_on.is_some()
        );
    }
}

#[tokio::test]
async fn simultaneous_submissions_open_exactly_one_form() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let token = app.token(&leaver).await;
    let attempts = (0..6).map(|_| app.post(MINE, &token, form()));
    let mut statuses: Vec<StatusCode> = futures::future::join_all(attempts)
        .await
        .into_iter()
        .map(|(status, _)| status)
        .collect();
    statuses.sort();
    assert_eq!(statuses[0], StatusCode::CREATED, "{statuses:?}");
    assert!(
        statuses[1..].iter().all(|s| *s == StatusCode::CONFLICT),
        "{statuses:?}"
    );
}

#[tokio::test]
async fn the_chances4youth_migration_rolls_back_and_reapplies() {
    use migration::SchemaManager;
    let dir = tempfile::tempdir().unwrap();
    let db = care_passport::db::connect(&integration_tests::fresh_database(dir.path()).await)
        .await
        .unwrap();
    care_passport::db::migrate(&db).await.unwrap();
    let tables = [
        "expressions_of_interest",
        "eoi_directorates",
        "eoi_opportunity_types",
        "eoi_status_history",
    ];
    // Roll back this migration and any added after it.
    care_passport::db::roll_back(
        &db,
        integration_tests::steps_back_to("create_expressions_of_interest"),
    )
    .await
    .unwrap();
    let schema = SchemaManager::new(&db);
    for table in tables {
        assert!(!schema.has_table(table).await.unwrap(), "{table} dropped");
    }
    care_passport::db::migrate(&db).await.unwrap();
    for table in tables {
        assert!(schema.has_table(table).await.unwrap(), "{table} back");
    }
}
