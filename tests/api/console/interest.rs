//! Chances4YOUth in the console: HR and Connexions list and move their authority's forms
//! (placements with a directorate and team, starts and outcomes with their dates), caseworkers
//! read only, the Virtual School sees the education answers of 16–17-year-olds only, and HR and
//! Connexions are e-mailed of new forms as each chose, through the real SMTP sink.
use care_passport::auth::Role;
use entity::outbox_message::TemplateName;
use integration_tests::{Person, TestApp, console::Browser};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};

use crate::access::Cast;
use crate::apprenticeships::{form, moved, submitted};

async fn signed_in<'a>(app: &'a TestApp, person: &Person) -> Browser<'a> {
    let mut browser = Browser::new(app);
    browser.sign_in(person).await;
    browser
}

/// Opens the form's page (for its CSRF token) and posts one move.
async fn move_in_console(
    browser: &mut Browser<'_>,
    id: &str,
    fields: &[(&str, &str)],
) -> integration_tests::console::Page {
    browser.get(&format!("/work/interest/{id}")).await;
    browser
        .post(&format!("/work/interest/{id}/status"), fields)
        .await
}

async fn staff_view(app: &TestApp, reviewer: &Person, id: &str) -> Value {
    let (status, body) = app
        .get(
            &format!("/v1/expressions-of-interest/{id}"),
            &app.token(reviewer).await,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

fn today() -> chrono::NaiveDate {
    care_passport::age::today()
}

#[tokio::test]
async fn hr_moves_a_form_from_new_to_a_placement_started_in_digital_and_it_and_then_completed() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    let id = submitted(&app, &cast.leaver, form()).await;
    let mut hr = signed_in(&app, &cast.hr).await;

    let new = hr.get("/work/interest").await;
    let page = hr.get(&format!("/work/interest/{id}")).await;
    let steps = [
        vec![
            ("status", "acknowledged"),
            ("note", "Rang Jay to say hello"),
        ],
        vec![("status", "in_review")],
        vec![
            ("status", "placement_offered"),
            ("directorate", "digital_and_it"),
            ("team", "Service desk"),
            (
                "feedback",
                "We would like to offer you a place on the service desk.",
            ),
        ],
        // The start takes the offer's directorate and team, which the page fills in.
        vec![
            ("status", "started"),
            ("directorate", "digital_and_it"),
            ("team", "Service desk"),
        ],
    ];
    let mut answers = Vec::new();
    for fields in &steps {
        answers.push(move_in_console(&mut hr, &id, fields).await);
    }
    let start_page = hr.get(&format!("/work/interest/{id}")).await;
    let day = today();
    let (d, m, y) = (
        day.format("%-d").to_string(),
        day.format("%-m").to_string(),
        day.format("%Y").to_string(),
    );
    let completed = move_in_console(
        &mut hr,
        &id,
        &[
            ("status", "completed"),
            ("effective_on-day", &d),
            ("effective_on-month", &m),
            ("effective_on-year", &y),
        ],
    )
    .await;
    let done = hr.get(&format!("/work/interest/{id}?done=moved")).await;

    assert_eq!(new.status, StatusCode::OK, "{}", new.body);
    assert!(new.contains("Jordan Tester"), "{}", new.body);
    assert!(page.contains("Extra time to read things at interview"));
    assert!(page.contains("Received by the team"), "the one next step");
    for (fields, answer) in steps.iter().zip(&answers) {
        assert_eq!(
            answer.status,
            StatusCode::SEE_OTHER,
            "{fields:?}: {}",
            answer.body
        );
        assert_eq!(
            answer.location(),
            Some(format!("/work/interest/{id}?done=moved").as_str())
        );
    }
    assert!(start_page.contains("Finished") && start_page.contains("Left early"));
    assert!(
        start_page.contains("Where: Digital and IT, Service desk"),
        "the start has the offer's place"
    );
    assert_eq!(
        completed.status,
        StatusCode::SEE_OTHER,
        "{}",
        completed.body
    );
    assert!(
        done.contains("Saved. The form is now: finished."),
        "{}",
        done.body
    );
    assert!(done.contains("Digital and IT, Service desk"));
    assert!(done.contains("Rang Jay to say hello"));
    assert!(
        done.contains("Jordan Tester (the young person)"),
        "who sent it"
    );
    assert!(
        !done.contains("name=\"status\""),
        "nothing follows a completion"
    );

    let view = staff_view(&app, &cast.hr, &id).await;
    assert_eq!(view["status"], "completed");
    let history = view["history"].as_array().unwrap();
    let to: Vec<&str> = history.iter().map(|h| h["to"].as_str().unwrap()).collect();
    assert_eq!(
        to,
        [
            "submitted",
            "acknowledged",
            "in_review",
            "placement_offered",
            "started",
            "completed"
        ]
    );
    for h in &history[3..5] {
        assert_eq!(h["directorate"], "digital_and_it");
        assert_eq!(h["team"], "Service desk");
    }
    assert_eq!(history[4]["effective_on"], today().to_string());
    assert_eq!(history[5]["effective_on"], today().to_string());
    assert!(history[5]["directorate"].is_null());
    let offer = app
        .mail()
        .wait_for(&cast.leaver.email, "News about your Chances4YOUth form")
        .await;
    assert!(
        offer.text().contains("placement offered"),
        "{}",
        offer.text()
    );
}

#[tokio::test]
async fn a_placement_without_a_directorate_or_team_and_a_start_dated_tomorrow_are_refused_by_field()
{
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    let id = submitted(&app, &cast.leaver, form()).await;
    for status in ["acknowledged", "in_review"] {
        moved(&app, &cast.hr, &id, status).await;
    }
    let mut hr = signed_in(&app, &cast.hr).await;
    let tomorrow = today().succ_opt().unwrap();
    let (d, m, y) = (
        tomorrow.format("%-d").to_string(),
        tomorrow.format("%-m").to_string(),
        tomorrow.format("%Y").to_string(),
    );

    let no_place = move_in_console(&mut hr, &id, &[("status", "placement_offered")]).await;
    let no_such = move_in_console(
        &mut hr,
        &id,
        &[
            ("status", "placement_offered"),
            ("directorate", "ministry_of_magic"),
            ("team", "Service desk"),
        ],
    )
    .await;
    moved(&app, &cast.hr, &id, "placement_offered").await;
    let future = move_in_console(
        &mut hr,
        &id,
        &[
            ("status", "started"),
            ("directorate", "digital_and_it"),
            ("team", "Service desk"),
            ("effective_on-day", &d),
            ("effective_on-month", &m),
            ("effective_on-year", &y),
        ],
    )
    .await;
    let not_a_date = move_in_console(
        &mut hr,
        &id,
        &[
            ("status", "started"),
            ("effective_on-day", "31"),
            ("effective_on-month", "2"),
            ("effective_on-year", "2026"),
        ],
    )
    .await;
    let skipping = move_in_console(&mut hr, &id, &[("status", "completed")]).await;

    assert_eq!(no_place.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        no_place.contains("href=\"#directorate\""),
        "{}",
        no_place.body
    );
    assert!(no_place.contains("Choose the directorate the placement is in."));
    assert!(no_place.contains("Enter the team the placement is in."));
    assert_eq!(no_such.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_such.contains("Choose a directorate from the list."));
    assert_eq!(future.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(future.contains("The date must be today or earlier."));
    assert_eq!(not_a_date.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(not_a_date.contains("Enter the date as a real date"));
    assert_eq!(skipping.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(skipping.contains("can&#x27;t move to") || skipping.contains("can't move to"));
    assert_eq!(
        staff_view(&app, &cast.hr, &id).await["status"],
        "placement_offered"
    );
}

#[tokio::test]
async fn the_api_takes_a_placement_and_an_outcome_with_their_fields_and_names_each_bad_one() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    let id = submitted(&app, &cast.leaver, form()).await;
    for status in ["acknowledged", "in_review"] {
        moved(&app, &cast.connexions, &id, status).await;
    }
    let token = app.token(&cast.connexions).await;
    let url = format!("/v1/expressions-of-interest/{id}/status");

    let (bad, problem) = app
        .post(
            &url,
            &token,
            json!({"status": "coaching_offered", "directorate": "digital_and_it", "team": "x", "effective_on": "2000-01-01"}),
        )
        .await;
    let (coached, _) = app
        .post(&url, &token, json!({"status": "coaching_offered"}))
        .await;
    let (unplaced, unplaced_problem) = app.post(&url, &token, json!({"status": "started"})).await;
    let (started, view) = app
        .post(
            &url,
            &token,
            json!({"status": "started", "directorate": "environment", "team": "Parks and grounds", "effective_on": today().to_string()}),
        )
        .await;
    let (checked_in, _) = app
        .post(&url, &token, json!({"status": "continuing"}))
        .await;
    let (moved_on, last) = app.post(&url, &token, json!({"status": "moved_on"})).await;

    assert_eq!(bad, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["directorate", "team", "effective_on"]);
    assert_eq!(coached, StatusCode::OK);
    assert_eq!(
        unplaced,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{unplaced_problem}"
    );
    assert_eq!(started, StatusCode::OK, "{view}");
    assert_eq!(view["history"][4]["team"], "Parks and grounds");
    assert_eq!(checked_in, StatusCode::OK);
    assert_eq!(moved_on, StatusCode::OK, "{last}");
    assert_eq!(last["status"], "moved_on");
    assert_eq!(last["next_statuses"], json!([]));
    let (_, mine) = app
        .get(
            "/v1/me/expressions-of-interest",
            &app.token(&cast.leaver).await,
        )
        .await;
    assert_eq!(
        mine["items"][0]["status_label"],
        "Moved on to a job or training"
    );
    // A young person whose form ended can send a new one.
    submitted(&app, &cast.leaver, form()).await;
}

#[tokio::test]
async fn the_list_shows_each_stage_and_filters_by_status_directorate_opportunity_and_age_band() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    let sixteen = app.care_leaver("dudley", 16, 0).await;
    let first = submitted(&app, &cast.leaver, form()).await;
    let mut other_form = form();
    other_form["directorates"] = json!(["environment"]);
    other_form["opportunity_types"] = json!(["work_experience"]);
    submitted(&app, &sixteen, other_form).await;
    for status in ["acknowledged", "in_review", "interview_offered"] {
        moved(&app, &cast.hr, &first, status).await;
    }
    let mut hr = signed_in(&app, &cast.hr).await;

    let count = |page: &integration_tests::console::Page| {
        page.body.matches("href=\"/work/interest/").count()
    };
    let new = hr.get("/work/interest").await;
    let offers = hr.get("/work/interest?stage=offers_out").await;
    let all = hr.get("/work/interest?stage=all").await;
    let by_directorate = hr
        .get("/work/interest?stage=all&directorate=environment")
        .await;
    let by_type = hr
        .get("/work/interest?stage=all&opportunity_type=apprenticeship")
        .await;
    let by_band = hr.get("/work/interest?stage=all&age_band=16-17").await;
    let by_status = hr
        .get("/work/interest?stage=all&status=interview_offered")
        .await;
    let nonsense = hr.get("/work/interest?stage=all&age_band=99").await;

    assert_eq!((count(&new), count(&offers), count(&all)), (1, 1, 2));
    assert!(offers.contains("Interview offered"));
    assert_eq!(count(&by_directorate), 1);
    assert_eq!(count(&by_type), 1);
    assert_eq!(count(&by_band), 1);
    assert!(by_band.contains("16-17"));
    assert_eq!(count(&by_status), 1);
    assert_eq!(nonsense.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(nonsense.contains("Choose an age band from the list"));
}

#[tokio::test]
async fn a_caseworker_reads_their_young_persons_form_with_no_next_steps_and_cannot_move_it() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    let id = submitted(&app, &cast.leaver, form()).await;
    let mut caseworker = signed_in(&app, &cast.caseworker).await;
    let mut nurse = signed_in(&app, &cast.nurse).await;

    let list = caseworker.get("/work/interest").await;
    let page = caseworker.get(&format!("/work/interest/{id}")).await;
    let refused = caseworker
        .post(
            &format!("/work/interest/{id}/status"),
            &[("status", "acknowledged")],
        )
        .await;
    let for_nurse = nurse.get(&format!("/work/interest/{id}")).await;

    assert!(list.contains("Jordan Tester"));
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.contains("What happens next"));
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(for_nurse.status, StatusCode::FORBIDDEN);
    assert_eq!(staff_view(&app, &cast.hr, &id).await["status"], "submitted");
}

#[tokio::test]
async fn the_virtual_school_sees_forms_of_16_and_17_year_olds_and_only_their_education_answers() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    let sixteen = app.care_leaver("dudley", 16, 0).await;
    let young = submitted(&app, &sixteen, form()).await;
    let older = submitted(&app, &cast.leaver, form()).await;
    let school = app.staff(Role::VirtualSchool, "dudley").await;
    let elsewhere = app.staff(Role::VirtualSchool, "sandwell").await;
    let mut browser = signed_in(&app, &school).await;
    let mut other = signed_in(&app, &elsewhere).await;

    let home = browser.get("/").await;
    let list = browser.get("/work/interest").await;
    let page = browser.get(&format!("/work/interest/{young}")).await;
    let hidden = browser.get(&format!("/work/interest/{older}")).await;
    let moving = browser
        .post(
            &format!("/work/interest/{young}/status"),
            &[("status", "acknowledged")],
        )
        .await;
    let other_council = other.get(&format!("/work/interest/{young}")).await;
    let token = app.token(&school).await;
    let (api_list, _) = app.get("/v1/expressions-of-interest", &token).await;
    let (api_one, _) = app
        .get(&format!("/v1/expressions-of-interest/{young}"), &token)
        .await;

    assert!(home.contains("Chances4YOUth forms from 16 and 17 year olds"));
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains(&format!("/work/interest/{young}")));
    assert!(!list.body.contains(&format!("/work/interest/{older}")));
    assert!(!list.contains("Directorates"), "no wishes in the list");
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.contains("At college"));
    assert!(page.contains("Functional Skills level 1 (studying for a better grade now)"));
    for private in [
        "jay@example.com",
        "07700 900123",
        "Extra time to read things at interview",
        "IT support",
        "Right to work",
    ] {
        assert!(
            !page.contains(private),
            "{private} shown to the Virtual School"
        );
    }
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    assert_eq!(moving.status, StatusCode::FORBIDDEN);
    assert_eq!(other_council.status, StatusCode::NOT_FOUND);
    assert_eq!(api_list, StatusCode::FORBIDDEN);
    assert_eq!(api_one, StatusCode::NOT_FOUND);
    let audit = app.audit_actions(sixteen.id).await;
    assert!(audit.contains(&"eoi.read".to_owned()), "{audit:?}");
}

#[tokio::test]
async fn the_virtual_school_cannot_learn_a_forms_status_by_filtering_the_list_on_it() {
    let app = TestApp::spawn().await;
    let sixteen = app.care_leaver("dudley", 16, 0).await;
    let young = submitted(&app, &sixteen, form()).await;
    let school = app.staff(Role::VirtualSchool, "dudley").await;
    let mut browser = signed_in(&app, &school).await;

    let by_status = browser.get("/work/interest?status=started").await;
    let by_stage = browser.get("/work/interest?stage=closed").await;

    for list in [&by_status, &by_stage] {
        assert_eq!(list.status, StatusCode::OK, "{}", list.body);
        assert!(
            list.body.contains(&format!("/work/interest/{young}")),
            "a filter on what the Virtual School may not see narrowed its list"
        );
    }
}

#[tokio::test]
async fn an_admin_invites_a_member_of_the_virtual_school() {
    let app = TestApp::spawn().await;
    let admin = app.staff(Role::Admin, "dudley").await;
    let mut browser = signed_in(&app, &admin).await;

    let form = browser.get("/admin/users/invite").await;
    let sent = browser
        .post(
            "/admin/users/invite",
            &[
                ("name", "Vera School"),
                ("email", "vera@dudley.example"),
                ("role", "virtual_school"),
            ],
        )
        .await;

    assert!(form.contains("value=\"virtual_school\""), "{}", form.body);
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let invited = entity::user::Entity::find()
        .filter(entity::user::Column::Email.eq("vera@dudley.example"))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("the account");
    assert_eq!(invited.role, Role::VirtualSchool);
    app.mail().wait_for("vera@dudley.example", "invited").await;
}

#[tokio::test]
async fn hr_and_connexions_are_emailed_of_new_forms_for_each_form_in_a_daily_digest_or_not_at_all()
{
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    let quiet = app.staff(Role::Connexions, "dudley").await;
    let sandwell_hr = app.staff(Role::Hr, "sandwell").await;
    let mut connexions = signed_in(&app, &cast.connexions).await;
    let mut q = signed_in(&app, &quiet).await;
    let mut caseworker = signed_in(&app, &cast.caseworker).await;

    let account = connexions.get("/account").await;
    let chose = connexions
        .post(
            "/account/interest-mail",
            &[("interest_mail", "daily_digest")],
        )
        .await;
    q.get("/account").await;
    q.post("/account/interest-mail", &[("interest_mail", "none")])
        .await;
    let caseworker_account = caseworker.get("/account").await;
    let second = app.care_leaver("dudley", 20, 0).await;
    submitted(&app, &cast.leaver, form()).await;
    submitted(&app, &second, form()).await;

    assert!(account.contains("An e-mail for each new form"));
    assert_eq!(chose.status, StatusCode::OK, "{}", chose.body);
    assert!(chose.contains("Saved. New Chances4YOUth forms: one e-mail a day"));
    assert!(!caseworker_account.contains("interest_mail"));
    let each = app
        .mail()
        .wait_for(&cast.hr.email, "has sent an expression of interest")
        .await;
    assert!(each.text().contains("Jordan Tester"));
    assert!(!each.all_text().contains("Extra time"), "never the form");
    let digests: Vec<_> = app
        .outbox()
        .await
        .into_iter()
        .filter(|m| m.template == TemplateName::EoiDigest)
        .collect();
    assert_eq!(digests.len(), 1, "one digest, updated");
    assert_eq!(digests[0].to_address, cast.connexions.email);
    assert!(
        digests[0].send_after > chrono::Utc::now(),
        "it waits for 7am"
    );
    assert!(
        digests[0].subject.contains("2 new forms"),
        "{}",
        digests[0].subject
    );

    // 7am comes: the digest falls due and the outbox worker sends it.
    entity::outbox_message::Entity::update_many()
        .col_expr(
            entity::outbox_message::Column::SendAfter,
            Expr::value(chrono::Utc::now()),
        )
        .filter(entity::outbox_message::Column::Id.eq(digests[0].id))
        .exec(&app.state.db)
        .await
        .unwrap();
    app.state.mail_wakeup.notify_one();
    let digest = app
        .mail()
        .wait_for(&cast.connexions.email, "Chances4YOUth: 2 new forms")
        .await;
    assert!(
        !digest.all_text().contains("Jordan"),
        "no names in a digest"
    );
    assert!(digest.text().contains(&app.url("/work/interest")));
    assert!(app.mail().to(&quiet.email).is_empty());
    assert!(app.mail().to(&sandwell_hr.email).is_empty());
    assert!(
        app.mail()
            .to(&cast.connexions.email)
            .iter()
            .all(|m| !m.subject().contains("has sent")),
        "the digest instead of each form"
    );
}

#[tokio::test]
async fn a_new_form_is_counted_once_however_many_reviewers_chose_a_daily_digest() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    let hr = app.staff(Role::Hr, "dudley").await;
    let connexions = app.staff(Role::Connexions, "dudley").await;
    entity::user::Entity::update_many()
        .col_expr(
            entity::user::Column::InterestMail,
            Expr::value(entity::user::InterestMail::DailyDigest),
        )
        .filter(entity::user::Column::Id.is_in([
            cast.hr.id,
            cast.connexions.id,
            hr.id,
            connexions.id,
        ]))
        .exec(&app.state.db)
        .await
        .unwrap();

    app.statements.start();
    submitted(&app, &cast.leaver, form()).await;
    let statements = app.statements.take();

    let counted = statements
        .iter()
        .filter(|sql| sql.contains("COUNT") && sql.contains("\"expressions_of_interest\""))
        .count();
    assert_eq!(counted, 1, "{statements:#?}");
    let digests: Vec<String> = app
        .outbox()
        .await
        .into_iter()
        .filter(|m| m.template == TemplateName::EoiDigest)
        .map(|m| m.subject)
        .collect();
    assert_eq!(digests, ["Chances4YOUth: 1 new form"; 4]);
}
