//! The nurses' due list on fixed dates, and the demo passports.
use care_passport::auth::Role;
use chrono::NaiveDate;
use integration_tests::{Person, TestApp};
use reqwest::StatusCode;
use serde_json::Value;
use uuid::Uuid;

use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

async fn due_on(app: &TestApp, token: &str, on: &str) -> Value {
    let (status, body) = app.get(&format!("/v1/passports/due?on={on}"), token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

fn ids(list: &Value) -> Vec<Uuid> {
    (list.as_array().unwrap().iter())
        .map(|e| e["care_leaver_id"].as_str().unwrap().parse().unwrap())
        .collect()
}

#[tokio::test]
async fn the_due_list_shows_who_needs_a_passport_on_fixed_dates() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let token = app.token(&nurse).await;
    let march = app.care_leaver_born("dudley", day(2008, 3, 10)).await;
    let january = app.care_leaver_born("dudley", day(2008, 1, 5)).await;
    let elsewhere = app.care_leaver_born("sandwell", day(2008, 1, 5)).await;
    let without_jabs = app.care_leaver_born("dudley", day(2007, 6, 1)).await;
    let with_jabs = app.care_leaver_born("dudley", day(2007, 6, 1)).await;
    let mut no_immunisations = content();
    no_immunisations["immunisations"] = Value::Null;
    write_and_publish(&app, &nurse, without_jabs.id, no_immunisations).await;
    write_and_publish(&app, &nurse, with_jabs.id, content()).await;

    // (day, listed without a passport, overdue flags)
    let cases: [(&str, Vec<Uuid>, Vec<bool>); 5] = [
        ("2025-07-04", vec![], vec![]),
        ("2025-07-05", vec![january.id], vec![false]),
        ("2025-09-10", vec![january.id, march.id], vec![false, false]),
        ("2026-03-10", vec![january.id, march.id], vec![true, false]),
        ("2026-03-11", vec![january.id, march.id], vec![true, true]),
    ];
    for (on, expected, overdue) in cases {
        let list = due_on(&app, &token, on).await;
        assert_eq!(ids(&list["without_passport"]), expected, "on {on}");
        let flags: Vec<bool> = (list["without_passport"].as_array().unwrap().iter())
            .map(|e| e["overdue"].as_bool().unwrap())
            .collect();
        assert_eq!(flags, overdue, "on {on}");
        assert!(!ids(&list["without_passport"]).contains(&elsewhere.id));
    }
    let list = due_on(&app, &token, "2025-09-10").await;
    assert_eq!(list["without_passport"][1]["due_by"], "2026-03-10");

    // Approaching 19 (1 June 2026) with no immunisations recorded.
    for (on, expected) in [
        ("2025-11-30", vec![]),
        ("2025-12-01", vec![without_jabs.id]),
        ("2026-05-31", vec![without_jabs.id]),
        ("2026-06-01", vec![]),
    ] {
        let list = due_on(&app, &token, on).await;
        let found = &list["approaching_19_without_immunisations"];
        assert_eq!(ids(found), expected, "on {on}");
        if !expected.is_empty() {
            assert_eq!(found[0]["nineteenth_birthday"], "2026-06-01");
        }
    }
    let (status, problem) = app.get("/v1/passports/due?on=tomorrow", &token).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "on");
}

#[tokio::test]
async fn the_demo_publishes_passports_for_jordan_kyle_and_mia_and_leaves_aisha_due() {
    let app = TestApp::spawn().await;
    let logins = care_passport::demo::load(&app.state)
        .await
        .expect("demo loads");
    // Loading again adds nothing.
    care_passport::demo::load(&app.state)
        .await
        .expect("demo loads twice");
    let login = |key: &str| {
        let l = logins
            .iter()
            .find(|l| l.email.starts_with(&format!("{key}@")))
            .unwrap();
        Person {
            id: Uuid::nil(),
            email: l.email.clone(),
            password: l.password.clone(),
            role: l.role,
        }
    };
    for (key, name) in [("jordan", "Jo"), ("kyle", "Kyle"), ("mia", "Mimi")] {
        let token = app.token(&login(key)).await;
        let (status, passport) = app.get("/v1/me/passport", &token).await;
        assert_eq!(status, StatusCode::OK, "{key}: {passport}");
        assert_eq!(passport["version"], 2, "{key}");
        assert_eq!(passport["content"]["about_me"]["preferred_name"], name);
        assert_eq!(
            passport["content"]["about_me"]["named_nurse"]["name"],
            "Sam Patel"
        );
        assert_eq!(
            passport["content"]["medicines"][0]["recorded_by"],
            "Sam Patel"
        );
        let (_, export) = app.get("/v1/me/passport/export", &token).await;
        assert_eq!(export["versions"].as_array().unwrap().len(), 2, "{key}");
    }
    let nurse = app.token(&login("nurse")).await;
    let (_, due) = app.get("/v1/passports/due", &nurse).await;
    // The named demo people (the Board reports' anonymous demo records aside).
    let names: Vec<&str> = (due["without_passport"].as_array().unwrap().iter())
        .map(|e| e["name"].as_str().unwrap())
        .filter(|name| !name.starts_with("Board demo"))
        .collect();
    assert_eq!(names, ["Aisha Khan"]);
}
