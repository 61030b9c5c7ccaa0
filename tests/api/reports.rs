//! The Corporate Parenting Board's reports in the console, on a fixed data set whose answers
//! were worked out by hand (in the comments): events outside the period are left out, forms
//! that moved through several statuses in the period count once per event, small numbers are
//! suppressed, the CSV holds exactly the page's tables, and each role sees only its reports.
use care_passport::auth::Role;
use chrono::{DateTime, Days, NaiveDate, Utc};
use entity::eoi_opportunity_type::OpportunityType;
use entity::expression_of_interest::{AgeBand, EoiStatus};
use integration_tests::{TestApp, console::Browser};
use reqwest::StatusCode;
use sea_orm::{ActiveValue::Set, EntityTrait};
use serde_json::json;
use uuid::Uuid;

/// The financial year the data set is about: 1 April 2025 to 31 March 2026.
const YEAR: &str = "year=2025";

fn day(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

fn at(s: &str) -> DateTime<Utc> {
    format!("{s}T10:00:00Z").parse().expect("a time")
}

fn plus(s: &str, days: u64) -> String {
    day(s)
        .checked_add_days(Days::new(days))
        .expect("a date")
        .to_string()
}

async fn leaver(app: &TestApp, authority: &str, born: &str) -> Uuid {
    care_passport::demo::create_user(
        &app.state,
        Role::CareLeaver,
        &format!("leaver-{}@young.example", Uuid::new_v4().simple()),
        "Report Tester",
        authority,
        None,
        Some(day(born)),
    )
    .await
    .expect("a care leaver")
}

async fn publish(app: &TestApp, leaver: Uuid, by: Uuid, on: &str, immunisations: bool, ack: bool) {
    let id = Uuid::new_v4();
    let content = if immunisations {
        json!({"immunisations": [{"vaccine": "MMR", "date": "2009-05-20", "dose_number": 1}]})
    } else {
        json!({})
    };
    entity::passport_version::Entity::insert(entity::passport_version::ActiveModel {
        id: Set(id),
        care_leaver_id: Set(leaver),
        number: Set(1),
        content: Set(content),
        published_by: Set(by),
        published_by_name: Set("A Nurse".into()),
        published_at: Set(at(on)),
    })
    .exec_without_returning(&app.state.db)
    .await
    .expect("a version");
    if ack {
        entity::passport_acknowledgement::Entity::insert(
            entity::passport_acknowledgement::ActiveModel {
                id: Set(Uuid::new_v4()),
                version_id: Set(id),
                care_leaver_id: Set(leaver),
                acknowledged_at: Set(at(on)),
            },
        )
        .exec_without_returning(&app.state.db)
        .await
        .expect("an acknowledgement");
    }
}

/// The passport data set. Care leavers turning 18 in 2025–26:
/// - 5 on 10 June 2025, published 1 June: on time, acknowledged, with immunisations;
/// - 5 on 1 September 2025, published 2, 4, 6, 8 and 10 days late (median 6);
/// - 3 on 1 December 2025 with no passport: outstanding (shown as fewer than 5).
///
/// Left out: one turning 18 in May 2026 (after the period) and one of Sandwell.
async fn passports(app: &TestApp, nurse: Uuid) {
    for _ in 0..5 {
        let id = leaver(app, "dudley", "2007-06-10").await;
        publish(app, id, nurse, "2025-06-01", true, true).await;
    }
    for late in [2, 4, 6, 8, 10] {
        let id = leaver(app, "dudley", "2007-09-01").await;
        publish(app, id, nurse, &plus("2025-09-01", late), false, false).await;
    }
    for _ in 0..3 {
        leaver(app, "dudley", "2007-12-01").await;
    }
    let later = leaver(app, "dudley", "2008-05-01").await;
    publish(app, later, nurse, "2025-06-01", true, true).await;
    leaver(app, "sandwell", "2007-06-10").await;
}

/// A form from a new young person (one form each), born long before the passport cohort.
async fn form(app: &TestApp, submitted: &str, band: AgeBand, dirs: &[&str]) -> Uuid {
    let owner = leaver(app, "dudley", "2006-01-15").await;
    let id = Uuid::new_v4();
    entity::expression_of_interest::Entity::insert(entity::expression_of_interest::ActiveModel {
        id: Set(id),
        care_leaver_id: Set(owner),
        local_authority: Set("dudley".into()),
        status: Set(EoiStatus::Submitted),
        form: Set(json!({})),
        age_band: Set(band),
        consent_share_with_employer: Set(false),
        submitted_at: Set(at(submitted)),
        acknowledged_at: Set(None),
        updated_at: Set(at(submitted)),
        withdrawn_at: Set(None),
    })
    .exec_without_returning(&app.state.db)
    .await
    .expect("a form");
    for d in dirs {
        entity::eoi_directorate::Entity::insert(entity::eoi_directorate::ActiveModel {
            eoi_id: Set(id),
            directorate: Set((*d).into()),
        })
        .exec_without_returning(&app.state.db)
        .await
        .expect("a directorate");
    }
    entity::eoi_opportunity_type::Entity::insert(entity::eoi_opportunity_type::ActiveModel {
        eoi_id: Set(id),
        opportunity_type: Set(OpportunityType::Apprenticeship),
    })
    .exec_without_returning(&app.state.db)
    .await
    .expect("an opportunity type");
    event(app, id, EoiStatus::Submitted, submitted, None).await;
    id
}

async fn event(app: &TestApp, eoi: Uuid, to: EoiStatus, on: &str, directorate: Option<&str>) {
    entity::eoi_status_history::Entity::insert(entity::eoi_status_history::ActiveModel {
        eoi_id: Set(eoi),
        from_status: Set(None),
        to_status: Set(to),
        by_user_id: Set(None),
        by_role: Set(Role::Hr),
        note: Set(None),
        feedback_for_young_person: Set(None),
        at: Set(at(on)),
        directorate: Set(directorate.map(str::to_owned)),
        team: Set(directorate.map(|_| "A team".to_owned())),
        effective_on: Set(None),
        ..Default::default()
    })
    .exec_without_returning(&app.state.db)
    .await
    .expect("a history row");
    entity::expression_of_interest::Entity::update(entity::expression_of_interest::ActiveModel {
        id: Set(eoi),
        status: Set(to),
        ..Default::default()
    })
    .exec(&app.state.db)
    .await
    .expect("the form's status");
}

/// The Chances4YOUth data set, in 2025–26:
/// - forms 1–6 (18–21, Digital and IT) received 1 May 2025, acknowledged after 1–6 days
///   (median 3.5), a placement in Digital and IT offered after 10 days and started 15 June;
///   forms 1–5 completed in September, form 6 left early;
/// - form 7 received 20 March 2025 (before the period; not counted as received) and
///   acknowledged the next day (outside too), offered work experience in Environment on 10
///   April 2025 (21 days after the form) and started on 1 May 2025;
/// - form 8 (22–25) received 25 March 2026, offered a placement on 5 April 2026 (after);
/// - forms 9–13 (16–17, any directorate) received 1 October 2025, not yet answered.
///
/// So: 12 received (16–17: 5, 18–21: 6, 22–25: fewer than 5); placements offered in Digital
/// and IT 6 and started 6, in Environment fewer than 5 of each; completed 5, left early fewer
/// than 5; median days to the first reply 3.5 (six replies) and to the first offer 10 (six of
/// 10 days and one of 21).
async fn chances(app: &TestApp) {
    for n in 1..=6u64 {
        let id = form(app, "2025-05-01", AgeBand::Aged18To21, &["digital_and_it"]).await;
        event(
            app,
            id,
            EoiStatus::Acknowledged,
            &plus("2025-05-01", n),
            None,
        )
        .await;
        event(
            app,
            id,
            EoiStatus::PlacementOffered,
            "2025-05-11",
            Some("digital_and_it"),
        )
        .await;
        event(
            app,
            id,
            EoiStatus::Started,
            "2025-06-15",
            Some("digital_and_it"),
        )
        .await;
        let outcome = if n < 6 {
            EoiStatus::Completed
        } else {
            EoiStatus::LeftEarly
        };
        event(app, id, outcome, "2025-09-30", None).await;
    }
    let seven = form(app, "2025-03-20", AgeBand::Aged18To21, &["environment"]).await;
    event(app, seven, EoiStatus::Acknowledged, "2025-03-21", None).await;
    event(
        app,
        seven,
        EoiStatus::WorkExperienceOffered,
        "2025-04-10",
        Some("environment"),
    )
    .await;
    event(
        app,
        seven,
        EoiStatus::Started,
        "2025-05-01",
        Some("environment"),
    )
    .await;
    let eight = form(app, "2026-03-25", AgeBand::Aged22To25, &[]).await;
    event(
        app,
        eight,
        EoiStatus::PlacementOffered,
        "2026-04-05",
        Some("environment"),
    )
    .await;
    for _ in 9..=13 {
        form(app, "2025-10-01", AgeBand::Aged16To17, &[]).await;
    }
}

async fn application(
    app: &TestApp,
    leaver: Uuid,
    created: &str,
    decision: Option<(&str, &str)>,
    expires: Option<&str>,
    renews: Option<Uuid>,
) -> Uuid {
    let id = Uuid::new_v4();
    let status = decision.map_or("submitted", |(s, _)| s);
    entity::prescription_application::Entity::insert(
        entity::prescription_application::ActiveModel {
            id: Set(id),
            care_leaver_id: Set(leaver),
            applied_by: Set(leaver),
            scheme_id: Set("black_country_care_leavers".into()),
            status: Set(sea_orm::ActiveEnum::try_from_value(&status.to_owned()).expect("a status")),
            facts: Set(json!({})),
            decided_by: Set(None),
            decided_at: Set(decision.map(|(_, on)| at(on))),
            ppc_number: Set(expires.map(|_| "PPC 1".into())),
            certificate_expires_on: Set(expires.map(day)),
            decline_reason: Set(None),
            renews_application_id: Set(renews),
            created_at: Set(at(created)),
            updated_at: Set(at(created)),
        },
    )
    .exec_without_returning(&app.state.db)
    .await
    .expect("an application");
    id
}

/// The prescriptions data set:
/// - 6 made 1 May 2025, approved 3 May, certificates to 31 May 2099 (active today);
/// - 5 made 1 February 2025 (before), declined 2 April 2025 (in the period);
/// - 2 renewals made 1 August 2025, approved the next day, ended 1 August 2026;
/// - 1 made 10 April 2026 (after), waiting.
///
/// So in the period: 8 made, 8 approved, 5 declined, renewals fewer than 5; since the scheme
/// began: 14 made; active today: 6.
async fn prescriptions(app: &TestApp, owner: Uuid) {
    let mut first = None;
    for _ in 0..6 {
        let id = application(
            app,
            owner,
            "2025-05-01",
            Some(("approved", "2025-05-03")),
            Some("2099-05-31"),
            None,
        )
        .await;
        first.get_or_insert(id);
    }
    for _ in 0..5 {
        application(
            app,
            owner,
            "2025-02-01",
            Some(("declined", "2025-04-02")),
            None,
            None,
        )
        .await;
    }
    for _ in 0..2 {
        application(
            app,
            owner,
            "2025-08-01",
            Some(("approved", "2025-08-02")),
            Some("2026-08-01"),
            first,
        )
        .await;
    }
    application(app, owner, "2026-04-10", None, None, None).await;
}

/// Every cell of the page's report tables as CSV lines (`table,row,column,value`), with the
/// page's words for suppressed figures turned into the CSV's.
fn page_cells(body: &str) -> Vec<String> {
    let unescape = |s: &str| {
        s.replace("&#39;", "'")
            .replace("&#x27;", "'")
            .replace("&quot;", "\"")
            .replace("&#34;", "\"")
            .replace("&#38;", "&")
            .replace("&amp;", "&")
            .trim()
            .to_owned()
    };
    let cell = |s: String| match s.as_str() {
        "fewer than 5" => "<5".to_owned(),
        "none yet" => String::new(),
        _ => s,
    };
    let quote = |s: &str| {
        if s.contains([',', '"']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_owned()
        }
    };
    let table_re =
        regex::Regex::new(r#"(?s)data-report-table="([a-z_0-9]+)">(.*?)</table>"#).unwrap();
    let col_re = regex::Regex::new(r#"(?s)<th scope="col"[^>]*>(.*?)</th>"#).unwrap();
    let row_re = regex::Regex::new(r#"(?s)<tr class="nhsuk-table__row">(.*?)</tr>"#).unwrap();
    let label_re = regex::Regex::new(r#"(?s)<th scope="row"[^>]*>(.*?)</th>"#).unwrap();
    let td_re = regex::Regex::new(r"(?s)<td[^>]*>(.*?)</td>").unwrap();
    let mut lines = vec!["table,row,column,value".to_owned()];
    for t in table_re.captures_iter(body) {
        let columns: Vec<String> = col_re
            .captures_iter(&t[2])
            .map(|c| unescape(&c[1]))
            .collect();
        for r in row_re.captures_iter(&t[2]) {
            let label = unescape(&label_re.captures(&r[1]).expect("a row label")[1]);
            for (column, td) in columns.iter().skip(1).zip(td_re.captures_iter(&r[1])) {
                lines.push(format!(
                    "{},{},{},{}",
                    &t[1],
                    quote(&label),
                    quote(column),
                    quote(&cell(unescape(&td[1])))
                ));
            }
        }
    }
    lines
}

struct Board<'a> {
    admin: Browser<'a>,
}

async fn board(app: &TestApp) -> Board<'_> {
    let admin = app.staff(Role::Admin, "dudley").await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    passports(app, nurse.id).await;
    let owner = leaver(app, "dudley", "2006-01-15").await;
    chances(app).await;
    prescriptions(app, owner).await;
    let mut browser = Browser::new(app);
    browser.sign_in(&admin).await;
    Board { admin: browser }
}

fn has(csv: &str, line: &str) -> bool {
    csv.lines().any(|l| l == line)
}

#[tokio::test]
async fn the_reports_give_the_hand_worked_figures_and_the_csv_equals_the_page() {
    let app = TestApp::spawn().await;
    let mut board = board(&app).await;

    for (name, expected) in [
        (
            "health-passports",
            vec![
                "passports,Turning 18 in the period,Number,13",
                "passports,Passport published by their 18th birthday,Number,5",
                "passports,Passport published after their 18th birthday,Number,5",
                "passports,\"Still without a passport, and 18 now\",Number,<5",
                "passports,\"Not 18 yet, no passport yet\",Number,0",
                "passports,Passport acknowledged by the young person,Number,5",
                "passports,Immunisation history recorded before 19,Number,5",
                "lateness,Days after the 18th birthday,Median days late,6.0",
                "passports_by_month,Jun 2025,Turning 18,5",
                "passports_by_month,Jun 2025,Passport by the birthday,5",
                "passports_by_month,Sep 2025,Passport by the birthday,0",
            ],
        ),
        (
            "chances4youth",
            vec![
                "forms_by_age_band,16-17,Forms received,5",
                "forms_by_age_band,18-21,Forms received,6",
                "forms_by_age_band,22-25,Forms received,<5",
                "forms_by_age_band,All ages,Forms received,12",
                "forms_by_directorate_wanted,Digital and IT,Forms naming it,6",
                "forms_by_directorate_wanted,Any part of the council,Forms naming it,6",
                "placements_by_directorate,Digital and IT,Placements offered,6",
                "placements_by_directorate,Digital and IT,Placements started,6",
                "placements_by_directorate,Environment,Placements offered,<5",
                "placements_by_directorate,Environment,Placements started,<5",
                "outcomes,Completed,Recorded in the period,5",
                "outcomes,Left early,Recorded in the period,<5",
                "outcomes,Continuing (check-in),Recorded in the period,0",
                "response_times,The first reply,Median days,3.5",
                "response_times,The first offer,Median days,10.0",
            ],
        ),
        (
            "prescriptions",
            vec![
                "requests,Requests made,In the period,8",
                "requests,Requests made,Since the scheme began,14",
                "requests,Approved,In the period,8",
                "requests,Declined,In the period,5",
                "requests,Renewals requested,In the period,<5",
                "certificates,Certificates active today,Today,6",
            ],
        ),
    ] {
        let page = board.admin.get(&format!("/reports/{name}?{YEAR}")).await;
        let csv = board
            .admin
            .get(&format!(
                "/reports/{name}.csv?from=2025-04-01&to=2026-03-31"
            ))
            .await;

        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(page.contains("1 April 2025 to 31 March 2026"), "{name}");
        assert!(
            page.contains("Counts from 1 to 4 show as \"fewer than 5\""),
            "{name}"
        );
        assert_eq!(csv.status, StatusCode::OK);
        assert_eq!(
            csv.headers["content-type"], "text/csv; charset=utf-8",
            "{name}"
        );
        for line in expected {
            assert!(has(&csv.body, line), "{name}: no {line} in\n{}", csv.body);
        }
        let csv_lines: Vec<String> = csv.body.lines().map(str::to_owned).collect();
        assert_eq!(
            page_cells(&page.body),
            csv_lines,
            "{name}: the CSV is the page's tables"
        );
        assert!(
            page.contains("<svg") && page.contains("role=\"img\""),
            "{name}"
        );
        // Askama writes `&` in an attribute as `&#38;`.
        let download = format!("href=\"/reports/{name}.csv?from=2025-04-01&#38;to=2026-03-31\"");
        assert!(page.contains(&download), "{name}");
    }
}

#[tokio::test]
async fn each_role_sees_only_its_reports_and_the_menu_says_so() {
    let app = TestApp::spawn().await;
    let cases = [
        (
            Role::Admin,
            ["health-passports", "chances4youth", "prescriptions"].as_slice(),
        ),
        (
            Role::Nurse,
            ["health-passports", "prescriptions"].as_slice(),
        ),
        (Role::Hr, ["chances4youth"].as_slice()),
        (Role::Connexions, ["chances4youth"].as_slice()),
        (Role::Caseworker, [].as_slice()),
    ];
    for (role, allowed) in cases {
        let person = app.staff(role, "dudley").await;
        let mut browser = Browser::new(&app);
        browser.sign_in(&person).await;
        let home = browser.get("/").await;
        let list = browser.get("/reports").await;
        assert_eq!(
            home.contains("href=\"/reports\""),
            !allowed.is_empty(),
            "{role}"
        );
        let expected_list = if allowed.is_empty() {
            StatusCode::FORBIDDEN
        } else {
            StatusCode::OK
        };
        assert_eq!(list.status, expected_list, "{role}");
        for name in ["health-passports", "chances4youth", "prescriptions"] {
            let page = browser.get(&format!("/reports/{name}")).await;
            let csv = browser.get(&format!("/reports/{name}.csv")).await;
            let expected = if allowed.contains(&name) {
                StatusCode::OK
            } else {
                StatusCode::FORBIDDEN
            };
            assert_eq!(
                (page.status, csv.status),
                (expected, expected),
                "{role} {name}"
            );
            assert_eq!(
                list.contains(&format!("href=\"/reports/{name}\"")),
                allowed.contains(&name),
                "{role} {name}"
            );
        }
    }
}

#[tokio::test]
async fn a_bad_period_or_report_name_is_explained_not_an_error() {
    let app = TestApp::spawn().await;
    let admin = app.staff(Role::Admin, "dudley").await;
    let mut browser = Browser::new(&app);
    browser.sign_in(&admin).await;

    let backwards = browser
        .get("/reports/prescriptions?from=2026-04-01&to=2025-04-01")
        .await;
    let not_a_date = browser
        .get("/reports/prescriptions.csv?from=2026-02-30&to=2026-03-31")
        .await;
    let not_a_year = browser.get("/reports/chances4youth?year=soon").await;
    let unknown = browser.get("/reports/everything").await;
    let signed_out = Browser::new(&app).get("/reports/prescriptions").await;

    assert_eq!(backwards.status, StatusCode::BAD_REQUEST);
    assert!(backwards.contains("The start of the period must be on or before its end"));
    assert_eq!(not_a_date.status, StatusCode::BAD_REQUEST);
    assert!(not_a_date.contains("as real dates"));
    assert_eq!(not_a_year.status, StatusCode::BAD_REQUEST);
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(signed_out.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn with_no_data_every_report_shows_zeros_and_no_median() {
    let app = TestApp::spawn().await;
    let admin = app.staff(Role::Admin, "dudley").await;
    let mut browser = Browser::new(&app);
    browser.sign_in(&admin).await;

    let page = browser.get("/reports/chances4youth").await;
    let csv = browser.get("/reports/chances4youth.csv").await;

    assert_eq!(page.status, StatusCode::OK);
    assert!(page.contains("none yet"));
    assert!(has(
        &csv.body,
        "forms_by_age_band,All ages,Forms received,0"
    ));
    assert!(has(
        &csv.body,
        "response_times,The first reply,Median days,"
    ));
}
