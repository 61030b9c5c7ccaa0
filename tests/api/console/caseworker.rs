//! The caseworkers' pages: their own young people only, each with the passport's status (its
//! contents only when the young person shares it, and that read audited), the scheme
//! certificate, Chances4YOUth progress and the e-mails sent to them; other roles refused.
use care_passport::auth::Role;
use chrono::Days;
use entity::outbox_message::TemplateName;
use integration_tests::{Person, TestApp, console::Browser};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use super::caseload::name_and_nhs;
use crate::passport::{content, write_and_publish};
use crate::prescriptions::{answers, apply, approval, decide, register_with_gp, today};

struct Caseload {
    app: TestApp,
    caseworker: Person,
    colleague: Person,
    nurse: Person,
    /// Shares their passport with the caseworker.
    aisha: Person,
    /// Does not.
    ben: Person,
    /// The colleague's young person.
    cara: Person,
    /// Of another authority.
    dev: Person,
}

async fn caseload() -> Caseload {
    let app = TestApp::spawn().await;
    let caseworker = app.staff(Role::Caseworker, "dudley").await;
    let colleague = app.staff(Role::Caseworker, "dudley").await;
    let nurse = crate::prescriptions::designated_nurse(&app, "dudley").await;
    let aisha = app.care_leaver("dudley", 19, 30).await;
    let ben = app.care_leaver("dudley", 20, 60).await;
    let cara = app.care_leaver("dudley", 19, 90).await;
    let dev = app.care_leaver("sandwell", 19, 90).await;
    name_and_nhs(&app, &aisha, "Aisha Khan", None).await;
    name_and_nhs(&app, &ben, "Ben Ortiz", None).await;
    name_and_nhs(&app, &cara, "Cara Lewis", None).await;
    name_and_nhs(&app, &dev, "Dev Sandwell", None).await;
    app.assign(&aisha, Some(&caseworker), Some(&nurse), true)
        .await;
    app.assign(&ben, Some(&caseworker), Some(&nurse), false)
        .await;
    app.assign(&cara, Some(&colleague), Some(&nurse), true)
        .await;
    // The same caseworker id on another council's record: the wall still holds.
    app.assign(&dev, Some(&caseworker), None, true).await;
    Caseload {
        app,
        caseworker,
        colleague,
        nurse,
        aisha,
        ben,
        cara,
        dev,
    }
}

/// The names linked from the caseload table, in order.
fn names(body: &str) -> Vec<String> {
    body.split("<a href=\"/my-young-people/")
        .skip(1)
        .filter_map(|rest| rest.split('>').nth(1))
        .filter_map(|rest| rest.split('<').next())
        .map(str::to_owned)
        .collect()
}

/// Audit rows about `leaver` by `actor`, as `action` names.
async fn audited_by(app: &TestApp, leaver: &Person, actor: &Person) -> Vec<String> {
    entity::audit_event::Entity::find()
        .filter(entity::audit_event::Column::CareLeaverId.eq(leaver.id))
        .filter(entity::audit_event::Column::ActorId.eq(actor.id))
        .all(&app.state.db)
        .await
        .expect("audit")
        .into_iter()
        .map(|e| sea_orm::ActiveEnum::to_value(&e.action))
        .collect()
}

#[tokio::test]
async fn a_caseworker_sees_only_their_own_young_people_not_a_colleagues_nor_another_councils() {
    let c = caseload().await;
    let mut browser = Browser::new(&c.app);
    browser.sign_in(&c.caseworker).await;

    let page = browser.get("/my-young-people").await;
    let cara = browser
        .get(&format!("/my-young-people/{}", c.cara.id))
        .await;
    let dev = browser.get(&format!("/my-young-people/{}", c.dev.id)).await;

    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(names(&page.body), ["Aisha Khan", "Ben Ortiz"]);
    assert!(page.contains("Shares their passport with you"));
    assert!(page.contains("Does not share their passport"));
    assert_eq!(cara.status, StatusCode::NOT_FOUND);
    assert_eq!(dev.status, StatusCode::NOT_FOUND);
    let listed = audited_by(&c.app, &c.aisha, &c.caseworker).await;
    assert!(
        listed.contains(&"care_leaver.listed".to_owned()),
        "{listed:?}"
    );
    assert!(audited_by(&c.app, &c.cara, &c.caseworker).await.is_empty());
}

#[tokio::test]
async fn without_consent_a_caseworker_sees_the_passports_status_but_never_its_contents() {
    let c = caseload().await;
    write_and_publish(&c.app, &c.nurse, c.ben.id, content()).await;
    let me = c.app.token(&c.ben).await;
    let (status, _) = c
        .app
        .post("/v1/me/passport/acknowledge", &me, json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = c
        .app
        .post(
            "/v1/me/passport/queries",
            &me,
            json!({"section": "medicines", "message": "I stopped taking the inhaler."}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    // A question on the section caseworkers never see is not counted for them either.
    let (status, body) = c
        .app
        .post(
            "/v1/me/passport/queries",
            &me,
            json!({"section": "sexual_health_and_substance_use", "message": "This is wrong."}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let mut browser = Browser::new(&c.app);
    browser.sign_in(&c.caseworker).await;

    let list = browser.get("/my-young-people").await;
    let page = browser.get(&format!("/my-young-people/{}", c.ben.id)).await;
    let passport = browser
        .get(&format!("/my-young-people/{}/passport", c.ben.id))
        .await;

    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for body in [&list.body, &page.body] {
        assert!(body.contains("Version 1 published on"), "{body}");
        assert!(body.contains("Acknowledged on"));
        assert!(body.contains("1 open question"));
        for private in ["Asthma", "Penicillin", "Salbutamol", "inhaler"] {
            assert!(!body.contains(private), "{private} shown without consent");
        }
    }
    assert!(page.contains("has not agreed to share their health passport with you"));
    assert!(!page.contains(&format!("/my-young-people/{}/passport", c.ben.id)));
    assert_eq!(passport.status, StatusCode::NOT_FOUND);
    let actions = audited_by(&c.app, &c.ben, &c.caseworker).await;
    assert!(
        actions.contains(&"care_leaver.read".to_owned()),
        "{actions:?}"
    );
    assert!(
        !actions.contains(&"passport.read".to_owned()),
        "{actions:?}"
    );
}

#[tokio::test]
async fn with_consent_a_caseworker_reads_the_published_passport_and_the_read_is_audited() {
    let c = caseload().await;
    write_and_publish(&c.app, &c.nurse, c.aisha.id, content()).await;
    let mut browser = Browser::new(&c.app);
    browser.sign_in(&c.caseworker).await;

    let page = browser
        .get(&format!("/my-young-people/{}", c.aisha.id))
        .await;
    let passport = browser
        .get(&format!("/my-young-people/{}/passport", c.aisha.id))
        .await;

    assert!(page.contains(&format!("/my-young-people/{}/passport", c.aisha.id)));
    assert!(page.contains("Published versions"));
    assert_eq!(passport.status, StatusCode::OK, "{}", passport.body);
    assert!(passport.contains("Asthma") && passport.contains("Penicillin"));
    assert!(passport.contains("has not acknowledged it yet"));
    assert!(!passport.contains("Contraceptive implant"));
    let main = passport.body.split("<main").nth(1).unwrap_or_default();
    assert!(!main.contains("<form"), "the page changes nothing");
    let actions = audited_by(&c.app, &c.aisha, &c.caseworker).await;
    assert!(actions.contains(&"passport.read".to_owned()), "{actions:?}");
    assert!(
        actions.contains(&"passport.versions_listed".to_owned()),
        "{actions:?}"
    );
}

#[tokio::test]
async fn the_e_mails_listed_are_only_those_sent_to_this_caseworker_about_the_young_person() {
    let c = caseload().await;
    // Aisha shares her passport: publishing tells her caseworker (and Aisha herself).
    write_and_publish(&c.app, &c.nurse, c.aisha.id, content()).await;
    let mut browser = Browser::new(&c.app);
    browser.sign_in(&c.caseworker).await;

    let mine = browser
        .get(&format!("/my-young-people/{}", c.aisha.id))
        .await;
    c.app
        .assign(&c.aisha, Some(&c.colleague), Some(&c.nurse), true)
        .await;
    let mut colleague = Browser::new(&c.app);
    colleague.sign_in(&c.colleague).await;
    let theirs = colleague
        .get(&format!("/my-young-people/{}", c.aisha.id))
        .await;
    let gone = browser
        .get(&format!("/my-young-people/{}", c.aisha.id))
        .await;

    let outbox = c.app.outbox().await;
    let to_caseworker = outbox
        .iter()
        .find(|m| m.to_address == c.caseworker.email)
        .expect("the caseworker was e-mailed");
    let to_aisha = outbox
        .iter()
        .find(|m| m.to_address == c.aisha.email)
        .expect("Aisha was e-mailed");
    assert_eq!(to_caseworker.care_leaver_id, Some(c.aisha.id));
    assert!(mine.contains("Passport published"), "{}", mine.body);
    assert!(mine.contains(&to_caseworker.subject));
    assert!(!mine.contains(&to_aisha.subject));
    assert_eq!(theirs.status, StatusCode::OK);
    assert!(theirs.contains("We have not sent you any e-mails about Aisha Khan"));
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_certificate_and_chances4youth_progress_show_as_facts_with_their_history() {
    let c = caseload().await;
    register_with_gp(&c.app, &c.ben).await;
    let (status, application) = apply(&c.app, &c.ben, answers()).await;
    assert_eq!(status, StatusCode::CREATED, "{application}");
    let ends = today() + Days::new(10);
    let id = application["id"].as_str().expect("an id");
    let (status, body) = decide(&c.app, &c.nurse, id, approval(ends)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let form =
        crate::apprenticeships::submitted(&c.app, &c.ben, crate::apprenticeships::form()).await;
    let hr = c.app.staff(Role::Hr, "dudley").await;
    let (status, body) = c
        .app
        .post(
            &format!("/v1/expressions-of-interest/{form}/status"),
            &c.app.token(&hr).await,
            json!({"status": "acknowledged"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mut browser = Browser::new(&c.app);
    browser.sign_in(&c.caseworker).await;

    let list = browser.get("/my-young-people").await;
    let page = browser.get(&format!("/my-young-people/{}", c.ben.id)).await;

    let ending = format!("Ending soon: {}", ends.format("%-d %B %Y"));
    assert!(list.contains(&ending), "{}", list.body);
    assert!(page.contains(&ending));
    assert!(list.contains("Received by the team"));
    assert!(page.contains("Received by the team") && page.contains("HR"));
    for kind in [
        "Prescription scheme decision",
        "Chances4YOUth form sent",
        "Chances4YOUth progress",
    ] {
        assert!(page.contains(kind), "{kind}");
    }
    // Ben does not share his passport, so nor the health facts behind his application.
    assert!(!page.contains("in_full_time_education"));
    let actions = audited_by(&c.app, &c.ben, &c.caseworker).await;
    for read in ["prescriptions.application_read", "eoi.read"] {
        assert!(actions.contains(&read.to_owned()), "{read}: {actions:?}");
    }
}

#[tokio::test]
async fn other_roles_are_refused_the_caseworkers_pages() {
    let c = caseload().await;
    for role in [Role::Nurse, Role::Hr, Role::Connexions, Role::Admin] {
        let person = c.app.staff(role, "dudley").await;
        let mut browser = Browser::new(&c.app);
        browser.sign_in(&person).await;

        let list = browser.get("/my-young-people").await;
        let one = browser
            .get(&format!("/my-young-people/{}", c.aisha.id))
            .await;
        let passport = browser
            .get(&format!("/my-young-people/{}/passport", c.aisha.id))
            .await;

        for page in [&list, &one, &passport] {
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{role}");
            assert!(page.contains("<h1>You cannot use this page</h1>"), "{role}");
        }
        assert!(!list.contains("Aisha Khan"), "{role}");
    }
    let mut anonymous = Browser::new(&c.app);
    let page = anonymous.get("/my-young-people").await;
    assert_eq!(page.location(), Some("/sign-in"));
}

/// Outbox rows to `email` that name a young person.
async fn mail_about_anyone(app: &TestApp, email: &str) -> Vec<entity::outbox_message::Model> {
    entity::outbox_message::Entity::find()
        .filter(entity::outbox_message::Column::ToAddress.eq(email))
        .filter(entity::outbox_message::Column::CareLeaverId.is_not_null())
        .all(&app.state.db)
        .await
        .expect("outbox")
}

#[tokio::test]
async fn the_demo_caseworker_has_young_people_with_and_without_consent_and_mail_about_them() {
    let app = TestApp::spawn().await;
    let logins = care_passport::demo::load(&app.state)
        .await
        .expect("demo loads");
    let login = logins
        .iter()
        .find(|l| l.email.starts_with("caseworker@"))
        .expect("a demo caseworker");
    let mail = mail_about_anyone(&app, &login.email).await;
    care_passport::demo::load(&app.state)
        .await
        .expect("demo loads twice");
    let caseworker = Person {
        id: app.user_by_email(&login.email).await.id,
        email: login.email.clone(),
        password: login.password.clone(),
        role: login.role,
    };
    let mut browser = Browser::new(&app);
    browser.sign_in(&caseworker).await;

    let page = browser.get("/my-young-people").await;

    assert_eq!(
        mail_about_anyone(&app, &login.email).await.len(),
        mail.len(),
        "loading twice adds no mail"
    );
    assert_eq!(
        names(&page.body),
        ["Aisha Khan", "Jordan Smith", "Kyle Edwards", "Mia Clarke"]
    );
    for shown in [
        "Shares their passport with you",
        "Does not share their passport",
        "Not published yet",
        "Active until",
        "Application waiting for a decision",
        "No certificate",
        // Kyle's placement goes on after its start; Aisha was offered work experience.
        "Still going",
        "Work experience offered",
    ] {
        assert!(page.contains(shown), "{shown}: {}", page.body);
    }
    let kinds: std::collections::HashSet<TemplateName> = mail.iter().map(|m| m.template).collect();
    for kind in [
        TemplateName::PassportPublished,
        TemplateName::PrescriptionDecision,
        TemplateName::EoiSubmitted,
        TemplateName::EoiStatusChanged,
    ] {
        assert!(kinds.contains(&kind), "{kind}: {kinds:?}");
    }
    let kyle = app
        .user_by_email(&care_passport::demo::demo_email("kyle"))
        .await;
    assert!(
        !mail
            .iter()
            .any(|m| m.care_leaver_id == Some(kyle.id)
                && m.template == TemplateName::PassportPublished),
        "Kyle does not share his passport, so his caseworker is not told of new versions"
    );
    assert!(
        mail.iter()
            .all(|m| m.status == entity::outbox_message::OutboxStatus::Sent)
    );
}
