//! Free prescriptions: the eligibility check, applying for the care leavers' scheme, the
//! nurse's decision and its e-mails, access, the report and the demo data.
use care_passport::auth::Role;
use chrono::{Datelike, Days, Months, NaiveDate, Utc};
use entity::outbox_message::TemplateName;
use integration_tests::{Person, TestApp};
use reqwest::{Method, StatusCode};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::access::Cast;

/// Answers "no" to every national exemption; the profile supplies the rest.
pub(crate) fn answers() -> Value {
    let none = json!({"held": false});
    json!({
        "in_full_time_education": false,
        "pregnant_or_recent_birth_with_matex": none,
        "medical_exemption_certificate": none,
        "war_pension_certificate": none,
        "nhs_inpatient": false,
        "benefits": {
            "income_support": "no_one",
            "income_based_jsa": "no_one",
            "income_related_esa": "no_one",
            "pension_credit_guarantee": "no_one",
            "universal_credit": {"who_gets": "no_one"}
        },
        "tax_credit_exemption_certificate": none,
        "hc2_certificate": none
    })
}

/// `answers()` with some fields changed.
pub(crate) fn answers_with(changes: Value) -> Value {
    let mut body = answers();
    for (key, value) in changes.as_object().expect("an object") {
        body[key] = value.clone();
    }
    body
}

/// Today in England, as the service sees it.
pub(crate) fn today() -> NaiveDate {
    care_passport::age::today()
}

/// Records the young person's GP the way they would, through `PATCH /v1/me`.
pub(crate) async fn register_with_gp(app: &TestApp, leaver: &Person) {
    let (status, body) = app
        .patch(
            "/v1/me",
            &app.token(leaver).await,
            json!({"gp_ods_code": "M87017"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// A Dudley care leaver of 21 registered with a GP, with their nurse and caseworker.
pub(crate) struct Team {
    pub(crate) leaver: Person,
    pub(crate) nurse: Person,
    pub(crate) caseworker: Person,
}

pub(crate) async fn team(app: &TestApp) -> Team {
    let leaver = app.care_leaver("dudley", 21, 10).await;
    let nurse = designated_nurse(app, "dudley").await;
    let caseworker = app.staff(Role::Caseworker, "dudley").await;
    app.assign(&leaver, Some(&caseworker), Some(&nurse), false)
        .await;
    register_with_gp(app, &leaver).await;
    Team {
        leaver,
        nurse,
        caseworker,
    }
}

/// A nurse whom an admin of the authority has made the Designated Nurse.
pub(crate) async fn designated_nurse(app: &TestApp, local_authority: &str) -> Person {
    let nurse = app.staff(Role::Nurse, local_authority).await;
    let admin = app.staff(Role::Admin, local_authority).await;
    let (status, body) = app
        .patch(
            &format!("/v1/users/{}", nurse.id),
            &app.token(&admin).await,
            json!({"designated_nurse": true}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["designated_nurse"], true);
    nurse
}

pub(crate) async fn apply(app: &TestApp, leaver: &Person, body: Value) -> (StatusCode, Value) {
    app.post(
        "/v1/me/prescription-applications",
        &app.token(leaver).await,
        body,
    )
    .await
}

pub(crate) async fn decide(
    app: &TestApp,
    nurse: &Person,
    id: &str,
    body: Value,
) -> (StatusCode, Value) {
    app.post(
        &format!("/v1/prescription-applications/{id}/decision"),
        &app.token(nurse).await,
        body,
    )
    .await
}

pub(crate) fn approval(expires: NaiveDate) -> Value {
    json!({"decision": "approve", "ppc_number": "ppc 1234 5678", "certificate_expires_on": expires})
}

pub(crate) async fn application_count(app: &TestApp) -> u64 {
    entity::prescription_application::Entity::find()
        .count(&app.state.db)
        .await
        .expect("count")
}

#[tokio::test]
async fn applying_then_approval_emails_the_young_person_and_caseworker_and_schedules_a_reminder() {
    let app = TestApp::spawn().await;
    let t = team(&app).await;

    let (status, body) = apply(&app, &t.leaver, answers()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["status"], "submitted");
    assert_eq!(body["scheme"]["id"], "black_country_care_leavers");
    assert_eq!(body["applied_by"]["role"], "care_leaver");
    assert_eq!(body["facts"]["leaving_care_local_authority"], "dudley");
    assert_eq!(body["facts"]["registered_with_gp"], true);
    assert_eq!(body["facts"]["on"], today().to_string());
    let id = body["id"].as_str().expect("id").to_owned();
    let received = app
        .mail()
        .wait_for(&t.nurse.email, "New free-prescription application")
        .await;
    assert!(received.text().contains("Jordan Tester"));

    let (status, list) = app
        .get(
            "/v1/prescription-applications?status=submitted",
            &app.token(&t.nurse).await,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list["items"][0]["id"], id.as_str());

    let expires = today()
        .checked_add_months(Months::new(12))
        .and_then(|d| d.pred_opt())
        .expect("date");
    let (status, decided) = decide(&app, &t.nurse, &id, approval(expires)).await;
    assert_eq!(status, StatusCode::OK, "{decided}");
    assert_eq!(
        (
            &decided["status"],
            &decided["ppc_number"],
            &decided["certificate_active"]
        ),
        (&json!("approved"), &json!("PPC 1234 5678"), &json!(true))
    );
    assert_eq!(decided["decided_by"]["id"], t.nurse.id.to_string());

    let to_young_person = app
        .mail()
        .wait_for(&t.leaver.email, "Your free prescriptions are sorted")
        .await;
    let to_caseworker = app
        .mail()
        .wait_for(&t.caseworker.email, "application was approved")
        .await;
    for mail in [&received, &to_young_person, &to_caseworker] {
        let text = mail.all_text();
        for word in ["ppc 1234", "exemption", "medical", "certificate number"] {
            assert!(!text.contains(word), "{word} in {}", mail.subject());
        }
    }

    let reminder = app
        .outbox()
        .await
        .into_iter()
        .find(|m| m.template == TemplateName::PrescriptionCertificateExpiring)
        .expect("a reminder is queued");
    assert_eq!(reminder.to_address, t.leaver.email);
    assert_eq!(reminder.status.to_string(), "pending");
    assert_eq!(
        reminder.send_after.date_naive(),
        expires - Days::new(30),
        "30 days before the certificate runs out"
    );

    let (status, mine) = app
        .get(
            "/v1/me/prescription-applications",
            &app.token(&t.leaver).await,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(mine["items"][0]["status"], "approved");
    assert_eq!(
        mine["items"][0]["certificate_expires_on"],
        expires.to_string()
    );

    let (status, again) = decide(&app, &t.nurse, &id, approval(expires)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{again}");
    assert_eq!(again["detail"], "This application is already approved.");

    let actions = app.audit_actions(t.leaver.id).await;
    for action in [
        "prescriptions.applied",
        "prescriptions.application_read",
        "prescriptions.decided",
    ] {
        assert!(actions.iter().any(|a| a == action), "{action}: {actions:?}");
    }
}

#[tokio::test]
async fn a_decline_tells_the_young_person_the_reason_in_the_app_not_by_email() {
    let app = TestApp::spawn().await;
    let t = team(&app).await;
    let (_, body) = apply(&app, &t.leaver, answers()).await;
    let id = body["id"].as_str().expect("id").to_owned();

    let (status, problem) = decide(&app, &t.nurse, &id, json!({"decision": "decline"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "reason");

    let reason = "You told us you get Universal Credit with low pay, so you already get them free.";
    let (status, decided) = decide(
        &app,
        &t.nurse,
        &id,
        json!({"decision": "decline", "reason": reason}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{decided}");
    assert_eq!(decided["decline_reason"], reason);
    let mail = app
        .mail()
        .wait_for(&t.leaver.email, "About your free-prescription application")
        .await;
    assert!(!mail.all_text().contains("universal credit"));
    app.mail()
        .wait_for(&t.caseworker.email, "was not approved")
        .await;
    assert!(
        app.outbox()
            .await
            .iter()
            .all(|m| m.template != TemplateName::PrescriptionCertificateExpiring)
    );

    let (status, again) = decide(&app, &t.nurse, &id, approval(today() + Days::new(300))).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(again["detail"], "This application is already declined.");
    let (status, _) = apply(&app, &t.leaver, answers()).await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "a new application after a decline"
    );
}

#[tokio::test]
async fn only_one_application_is_open_at_a_time_until_it_is_withdrawn() {
    let app = TestApp::spawn().await;
    let t = team(&app).await;
    let (_, first) = apply(&app, &t.leaver, answers()).await;
    let (status, problem) = apply(&app, &t.leaver, answers()).await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("waiting for a decision")),
        "{problem}"
    );
    let (status, _) = app
        .post(
            &format!("/v1/care-leavers/{}/prescription-applications", t.leaver.id),
            &app.token(&t.caseworker).await,
            answers(),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "also on their behalf");
    assert_eq!(application_count(&app).await, 1);

    let path = format!(
        "/v1/prescription-applications/{}/withdraw",
        first["id"].as_str().expect("id")
    );
    let (status, withdrawn) = app
        .call(
            Method::POST,
            &path,
            Some(&app.token(&t.leaver).await),
            None,
            &[],
        )
        .await
        .into_parts();
    assert_eq!(status, StatusCode::OK, "{withdrawn}");
    assert_eq!(withdrawn["status"], "withdrawn");
    let (status, again) = app
        .call(
            Method::POST,
            &path,
            Some(&app.token(&t.leaver).await),
            None,
            &[],
        )
        .await
        .into_parts();
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(again["detail"], "This application is already withdrawn.");
    let (status, _) = apply(&app, &t.leaver, answers()).await;
    assert_eq!(status, StatusCode::CREATED);
}

/// Status and body, without the headers.
trait IntoParts {
    fn into_parts(self) -> (StatusCode, Value);
}

impl IntoParts for (StatusCode, reqwest::header::HeaderMap, Value) {
    fn into_parts(self) -> (StatusCode, Value) {
        (self.0, self.2)
    }
}

#[tokio::test]
async fn the_rules_refuse_an_application_with_a_422_that_lists_the_reasons_routes_or_questions() {
    let app = TestApp::spawn().await;
    let registered = team(&app).await.leaver;
    let too_old = app.care_leaver("dudley", 25, 1).await;
    register_with_gp(&app, &too_old).await;
    let too_young = app.care_leaver("dudley", 17, 0).await;
    register_with_gp(&app, &too_young).await;
    let no_gp_on_record = app.care_leaver("dudley", 20, 0).await;

    let cases = [
        (
            "too old",
            &too_old,
            answers(),
            "not-eligible",
            "date_of_birth",
            "too_old",
        ),
        (
            "too young",
            &too_young,
            answers(),
            "not-eligible",
            "date_of_birth",
            "too_young",
        ),
        (
            "already exempt",
            &registered,
            answers_with(json!({"medical_exemption_certificate": {"held": true}})),
            "already-exempt",
            "body",
            "medical_condition",
        ),
        (
            "GP not known",
            &no_gp_on_record,
            answers(),
            "need-more-information",
            "registered_with_gp",
            "registered_with_gp",
        ),
    ];
    for (what, leaver, body, kind, field, id) in cases {
        let (status, headers, problem) = app
            .call(
                Method::POST,
                "/v1/me/prescription-applications",
                Some(&app.token(leaver).await),
                Some(body),
                &[],
            )
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{what}: {problem}"
        );
        assert_eq!(
            headers["content-type"], "application/problem+json",
            "{what}"
        );
        assert_eq!(
            problem["type"],
            format!("urn:care-passport:problem:{kind}"),
            "{what}"
        );
        assert_eq!(problem["errors"][0]["field"], field, "{what}: {problem}");
        let decision = &problem["decision"];
        let listed = match kind {
            "not-eligible" => &decision["reasons"][0]["id"],
            "already-exempt" => &decision["routes"][0]["id"],
            _ => &decision["questions"][0]["id"],
        };
        assert_eq!(listed, id, "{what}: {problem}");
    }

    let (status, problem) =
        apply(&app, &registered, answers_with(json!({"on": "2024-01-01"}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "on");
    assert_eq!(application_count(&app).await, 0, "nothing stored");
    assert!(
        app.outbox()
            .await
            .iter()
            .all(|m| !m.template.to_string().starts_with("prescription"))
    );
}

#[tokio::test]
async fn a_caseworker_applies_on_a_young_persons_behalf_and_no_one_else_may() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    register_with_gp(&app, &cast.leaver).await;
    let path = format!(
        "/v1/care-leavers/{}/prescription-applications",
        cast.leaver.id
    );
    for (who, person) in [
        ("another caseworker", &cast.other_caseworker),
        ("HR", &cast.hr),
        ("Connexions", &cast.connexions),
        ("an admin", &cast.admin),
        ("a nurse of another authority", &cast.other_la_nurse),
        ("another care leaver", &cast.other_leaver),
    ] {
        let (status, body) = app.post(&path, &app.token(person).await, answers()).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{who}: {body}");
    }
    assert_eq!(application_count(&app).await, 0);

    let (status, body) = app
        .post(&path, &app.token(&cast.caseworker).await, answers())
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["care_leaver"]["id"], cast.leaver.id.to_string());
    assert_eq!(body["applied_by"]["role"], "caseworker");
    app.mail()
        .wait_for(&cast.nurse.email, "New free-prescription application")
        .await;
    let (_, log) = app
        .get("/v1/me/access-log", &app.token(&cast.leaver).await)
        .await;
    assert!(
        log["items"]
            .as_array()
            .expect("entries")
            .iter()
            .any(|e| e["what"] == "asked for free prescriptions for you"),
        "{log}"
    );
}

#[tokio::test]
async fn applications_are_seen_only_by_their_young_person_and_the_authoritys_nurses() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, true).await;
    register_with_gp(&app, &cast.leaver).await;
    let (_, created) = apply(&app, &cast.leaver, answers()).await;
    let id = created["id"].as_str().expect("id").to_owned();

    let (status, theirs) = app
        .get(
            "/v1/me/prescription-applications",
            &app.token(&cast.other_leaver).await,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(theirs["items"], json!([]));
    let withdraw = format!("/v1/prescription-applications/{id}/withdraw");
    for (who, person) in [
        ("another care leaver", &cast.other_leaver),
        ("HR", &cast.hr),
        ("Connexions", &cast.connexions),
        ("an admin", &cast.admin),
    ] {
        let (status, body) = app
            .call(
                Method::POST,
                &withdraw,
                Some(&app.token(person).await),
                None,
                &[],
            )
            .await
            .into_parts();
        assert_eq!(status, StatusCode::NOT_FOUND, "{who}: {body}");
    }

    for (who, person, list, mine, decision) in [
        (
            "the care leaver",
            &cast.leaver,
            StatusCode::FORBIDDEN,
            StatusCode::OK,
            StatusCode::FORBIDDEN,
        ),
        (
            "their caseworker",
            &cast.caseworker,
            StatusCode::FORBIDDEN,
            StatusCode::FORBIDDEN,
            StatusCode::FORBIDDEN,
        ),
        (
            "HR",
            &cast.hr,
            StatusCode::FORBIDDEN,
            StatusCode::FORBIDDEN,
            StatusCode::FORBIDDEN,
        ),
        (
            "Connexions",
            &cast.connexions,
            StatusCode::FORBIDDEN,
            StatusCode::FORBIDDEN,
            StatusCode::FORBIDDEN,
        ),
        (
            "an admin",
            &cast.admin,
            StatusCode::FORBIDDEN,
            StatusCode::FORBIDDEN,
            StatusCode::FORBIDDEN,
        ),
        (
            "a nurse of another authority",
            &cast.other_la_nurse,
            StatusCode::OK,
            StatusCode::FORBIDDEN,
            StatusCode::NOT_FOUND,
        ),
    ] {
        let token = app.token(person).await;
        let (status, body) = app.get("/v1/prescription-applications", &token).await;
        assert_eq!(status, list, "{who} listing: {body}");
        if status == StatusCode::OK {
            assert_eq!(body["items"], json!([]), "{who} sees none");
        }
        let (status, _) = app.get("/v1/me/prescription-applications", &token).await;
        assert_eq!(status, mine, "{who} reading their own");
        let (status, body) = decide(
            &app,
            person,
            &id,
            json!({"decision": "decline", "reason": "no"}),
        )
        .await;
        assert_eq!(status, decision, "{who} deciding: {body}");
    }
    let (_, list) = app
        .get(
            "/v1/prescription-applications",
            &app.token(&cast.nurse).await,
        )
        .await;
    assert_eq!(list["items"][0]["id"], id.as_str());
    let (_, mine) = app
        .get(
            "/v1/me/prescription-applications",
            &app.token(&cast.leaver).await,
        )
        .await;
    assert_eq!(mine["items"][0]["status"], "submitted");
}

#[tokio::test]
async fn the_eligibility_check_fills_in_the_profile_and_stores_only_an_audit_entry() {
    let app = TestApp::spawn().await;
    let t = team(&app).await;
    let token = app.token(&t.leaver).await;

    let (status, answer) = app
        .post("/v1/prescriptions/eligibility", &token, answers())
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["checked_on"], today().to_string());
    assert_eq!(answer["outcome"], "eligible");
    assert_eq!(answer["routes"][0]["id"], "black_country_care_leavers");
    assert_eq!(
        answer["filled_in"],
        json!([
            "date_of_birth",
            "leaving_care_local_authority",
            "eligible_for_leaving_care_service",
            "registered_with_gp"
        ])
    );

    let (status, answer) = app
        .post(
            "/v1/prescriptions/eligibility",
            &token,
            answers_with(json!({"registered_with_gp": false})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answer["outcome"], "not_eligible");
    assert_eq!(answer["next_step_link"], "/v1/practices/nearby?kind=gp");
    assert!(
        !answer["filled_in"]
            .as_array()
            .expect("a list")
            .contains(&json!("registered_with_gp")),
        "what the person sent wins"
    );

    let (status, answer) = app
        .post("/v1/prescriptions/eligibility", &token, json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answer["outcome"], "need_more_information");
    assert_ne!(
        answer["questions"][0]["id"], "date_of_birth",
        "known already"
    );

    let (status, problem) = app
        .post(
            "/v1/prescriptions/eligibility",
            &token,
            json!({"on": "2020-01-01"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "on");

    let hr = app.staff(Role::Hr, "dudley").await;
    let (status, answer) = app
        .post(
            "/v1/prescriptions/eligibility",
            &app.token(&hr).await,
            answers_with(json!({"date_of_birth": "1990-01-01", "registered_with_gp": true})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["filled_in"], json!([]));
    assert_eq!(answer["outcome"], "not_eligible");

    let checks = app
        .audit_actions(t.leaver.id)
        .await
        .into_iter()
        .filter(|a| a == "prescriptions.eligibility_checked")
        .count();
    assert_eq!(checks, 3, "one per successful check");
    let staff_checks = entity::audit_event::Entity::find()
        .filter(entity::audit_event::Column::ActorId.eq(hr.id))
        .filter(entity::audit_event::Column::Action.eq("prescriptions.eligibility_checked"))
        .all(&app.state.db)
        .await
        .expect("audit");
    assert_eq!(staff_checks.len(), 1);
    assert_eq!(staff_checks[0].care_leaver_id, None);
    assert_eq!(application_count(&app).await, 0);
}

#[tokio::test]
async fn an_approved_certificate_is_filled_into_later_checks() {
    let app = TestApp::spawn().await;
    let t = team(&app).await;
    let (_, created) = apply(&app, &t.leaver, answers()).await;
    let expires = today() + Days::new(200);
    decide(
        &app,
        &t.nurse,
        created["id"].as_str().expect("id"),
        approval(expires),
    )
    .await;
    let (_, answer) = app
        .post(
            "/v1/prescriptions/eligibility",
            &app.token(&t.leaver).await,
            answers(),
        )
        .await;
    assert!(
        answer["filled_in"]
            .as_array()
            .expect("a list")
            .contains(&json!("prepayment_certificate_expires")),
        "{answer}"
    );
    assert_eq!(answer["charges"]["prepaid_until"], expires.to_string());
}

/// Inserts an application directly, for dates the API cannot produce.
pub(crate) async fn insert_application(
    app: &TestApp,
    leaver: &Person,
    status: &str,
    created: chrono::DateTime<Utc>,
    expires: Option<NaiveDate>,
) -> Uuid {
    let id = Uuid::new_v4();
    entity::prescription_application::Entity::insert(
        entity::prescription_application::ActiveModel {
            id: Set(id),
            care_leaver_id: Set(leaver.id),
            applied_by: Set(leaver.id),
            scheme_id: Set("black_country_care_leavers".into()),
            status: Set(sea_orm::ActiveEnum::try_from_value(&status.to_owned()).expect("a status")),
            facts: Set(json!({})),
            decided_by: Set(None),
            decided_at: Set((status != "submitted").then_some(created)),
            ppc_number: Set(expires.map(|_| "OLD 1".into())),
            certificate_expires_on: Set(expires),
            decline_reason: Set(None),
            renews_application_id: Set(None),
            created_at: Set(created),
            updated_at: Set(created),
        },
    )
    .exec_without_returning(&app.state.db)
    .await
    .expect("insert");
    id
}

#[tokio::test]
async fn the_report_counts_applications_by_month_decisions_and_active_certificates() {
    let app = TestApp::spawn().await;
    let nurse = designated_nurse(&app, "dudley").await;
    let mut leavers = Vec::new();
    for _ in 0..4 {
        let leaver = app.care_leaver("dudley", 20, 0).await;
        app.assign(&leaver, None, Some(&nurse), false).await;
        register_with_gp(&app, &leaver).await;
        let (status, body) = apply(&app, &leaver, answers()).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        leavers.push((leaver, body["id"].as_str().expect("id").to_owned()));
    }
    decide(
        &app,
        &nurse,
        &leavers[0].1,
        approval(today() + Days::new(100)),
    )
    .await;
    decide(
        &app,
        &nurse,
        &leavers[1].1,
        json!({"decision": "decline", "reason": "Already has an HC2."}),
    )
    .await;
    app.call(
        Method::POST,
        &format!("/v1/prescription-applications/{}/withdraw", leavers[2].1),
        Some(&app.token(&leavers[2].0).await),
        None,
        &[],
    )
    .await;
    // A certificate that ran out, from 14 months ago; and an application in another authority.
    // The report counts by calendar month in England, so the old one is made at noon on the
    // 15th: the same day in London and UTC whatever the hour the test runs (late on the 30th,
    // "14 months ago" in UTC can already be the 1st of the next month in London).
    let long_ago = today()
        .with_day(15)
        .and_then(|mid| mid.checked_sub_months(Months::new(14)))
        .and_then(|day| day.and_hms_opt(12, 0, 0))
        .expect("date")
        .and_utc();
    insert_application(
        &app,
        &leavers[3].0,
        "approved",
        long_ago,
        Some(today() - Days::new(30)),
    )
    .await;
    let elsewhere = app.care_leaver("sandwell", 20, 0).await;
    insert_application(&app, &elsewhere, "submitted", Utc::now(), None).await;

    let (status, report) = app
        .get("/v1/reports/prescriptions", &app.token(&nurse).await)
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["local_authority"], "dudley");
    assert_eq!(
        report["totals"],
        json!({"applications": 5, "submitted": 1, "approved": 2, "declined": 1, "withdrawn": 1})
    );
    assert_eq!(report["active_certificates"], 1);
    let months = report["months"].as_array().expect("months");
    assert_eq!(months.len(), 15, "{report}");
    assert_eq!(
        months[0],
        json!({"month": long_ago.format("%Y-%m").to_string(), "applications": 1, "approved": 1, "declined": 0})
    );
    assert_eq!(
        months[14],
        json!({"month": today().format("%Y-%m").to_string(), "applications": 4, "approved": 1, "declined": 1})
    );

    let admin = app.staff(Role::Admin, "dudley").await;
    let (status, same) = app
        .get("/v1/reports/prescriptions", &app.token(&admin).await)
        .await;
    assert_eq!(
        (status, &same["totals"]),
        (StatusCode::OK, &report["totals"])
    );
    for role in [Role::Hr, Role::Connexions, Role::Caseworker] {
        let person = app.staff(role, "dudley").await;
        let (status, _) = app
            .get("/v1/reports/prescriptions", &app.token(&person).await)
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{role}");
    }
    let (status, _) = app
        .get("/v1/reports/prescriptions", &app.token(&leavers[0].0).await)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_demo_data_has_one_approved_and_one_waiting_application_and_loads_twice() {
    let app = TestApp::spawn().await;
    care_passport::demo::load(&app.state).await.expect("demo");
    care_passport::demo::load(&app.state).await.expect("again");
    // The named demo people's applications (the Board reports' anonymous records aside).
    let named: Vec<Uuid> = entity::user::Entity::find()
        .all(&app.state.db)
        .await
        .expect("users")
        .into_iter()
        .filter(|u| !u.email.starts_with("board-"))
        .map(|u| u.id)
        .collect();
    let rows: Vec<_> = entity::prescription_application::Entity::find()
        .all(&app.state.db)
        .await
        .expect("rows")
        .into_iter()
        .filter(|r| named.contains(&r.care_leaver_id))
        .collect();
    assert_eq!(rows.len(), 2);
    let approved = rows
        .iter()
        .find(|r| r.status.to_string() == "approved")
        .expect("kyle's");
    assert!(approved.certificate_expires_on.is_some_and(|d| d > today()));
    assert!(approved.ppc_number.is_some());
    assert!(rows.iter().any(|r| r.status.to_string() == "submitted"));
}

#[tokio::test]
async fn the_database_itself_refuses_a_second_open_application_for_the_same_young_person() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 20, 0).await;
    insert_application(&app, &leaver, "approved", Utc::now(), Some(today())).await;
    insert_application(&app, &leaver, "submitted", Utc::now(), None).await;
    let second = entity::prescription_application::Entity::insert(
        entity::prescription_application::ActiveModel {
            id: Set(Uuid::new_v4()),
            care_leaver_id: Set(leaver.id),
            applied_by: Set(leaver.id),
            scheme_id: Set("black_country_care_leavers".into()),
            status: Set(entity::prescription_application::ApplicationStatus::Submitted),
            facts: Set(json!({})),
            decided_by: Set(None),
            decided_at: Set(None),
            ppc_number: Set(None),
            certificate_expires_on: Set(None),
            decline_reason: Set(None),
            renews_application_id: Set(None),
            created_at: Set(Utc::now()),
            updated_at: Set(Utc::now()),
        },
    )
    .exec_without_returning(&app.state.db)
    .await
    .expect_err("the partial unique index holds even if two requests race");
    assert!(
        matches!(
            second.sql_err(),
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
        ),
        "{second}"
    );
}
