//! The console's admin pages over HTTP (no browser): every page and form, CSRF refusal, and
//! 404 for another authority's records.
use std::time::Duration;

use care_passport::auth::Role;
use entity::user::UserStatus;
use integration_tests::{Person, TestApp, eventually};
use reqwest::{StatusCode, header};
use sea_orm::EntityTrait;
use uuid::Uuid;

/// A browser-like console client: keeps the session cookie, reads each page's CSRF token,
/// and does not follow redirects (so tests see the 303s).
pub struct Console<'a> {
    app: &'a TestApp,
    client: reqwest::Client,
    cookie: Option<String>,
    csrf: String,
}

pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub content_type: String,
    pub body: String,
}

impl<'a> Console<'a> {
    pub fn new(app: &'a TestApp) -> Self {
        Console {
            app,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            cookie: None,
            csrf: String::new(),
        }
    }

    /// Signs `person` (staff, with a second factor) in through the console's pages.
    pub async fn signed_in(app: &'a TestApp, person: &Person) -> Self {
        let mut console = Console::new(app);
        console.get("/sign-in").await;
        let page = console
            .post(
                "/sign-in",
                &[
                    ("email", person.email.as_str()),
                    ("password", person.password.as_str()),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        console.get("/sign-in/code").await;
        let code = app.next_code(person.id).await;
        let page = console
            .post("/sign-in/code", &[("code", code.as_str())])
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        let home = console.get("/").await;
        assert_eq!(home.status, StatusCode::OK, "{}", home.body);
        console
    }

    async fn send(&mut self, req: reqwest::RequestBuilder) -> Page {
        let req = match &self.cookie {
            Some(c) => req.header(header::COOKIE, c),
            None => req,
        };
        let res = req.send().await.expect("request sent");
        for value in res.headers().get_all(header::SET_COOKIE) {
            let value = value.to_str().expect("cookie");
            let pair = value.split(';').next().unwrap_or_default();
            if pair.ends_with('=') {
                self.cookie = None;
            } else {
                self.cookie = Some(pair.to_owned());
            }
        }
        let status = res.status();
        let location = res
            .headers()
            .get(header::LOCATION)
            .map(|v| v.to_str().expect("location").to_owned());
        let content_type = res
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().expect("type").to_owned())
            .unwrap_or_default();
        let body = res.text().await.expect("body");
        if let Some(token) = csrf_token(&body) {
            self.csrf = token;
        }
        Page {
            status,
            location,
            content_type,
            body,
        }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let req = self.client.get(self.app.url(path));
        self.send(req).await
    }

    /// Posts a form with the CSRF token of the last page read.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let csrf = self.csrf.clone();
        let mut all: Vec<(&str, &str)> = vec![("csrf_token", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// Posts exactly `fields` (no CSRF token added).
    pub async fn post_raw(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let req = self.client.post(self.app.url(path)).form(fields);
        self.send(req).await
    }
}

fn csrf_token(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf_token\" value=\"")? + "name=\"csrf_token\" value=\"".len();
    Some(html[at..].split('"').next()?.to_owned())
}

fn id_from_location(location: &str) -> Uuid {
    location
        .rsplit('/')
        .next()
        .and_then(|s| s.split('?').next())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no id in {location}"))
}

async fn user(app: &TestApp, id: Uuid) -> entity::user::Model {
    entity::user::Entity::find_by_id(id)
        .one(&app.state.db)
        .await
        .expect("query")
        .expect("user")
}

async fn audit_targets(app: &TestApp, action: &str) -> Vec<String> {
    use sea_orm::{ColumnTrait, QueryFilter};
    entity::audit_event::Entity::find()
        .filter(entity::audit_event::Column::Action.eq(action))
        .all(&app.state.db)
        .await
        .expect("audit")
        .into_iter()
        .filter_map(|e| e.target)
        .collect()
}

#[tokio::test]
async fn an_admin_invites_a_member_of_staff_who_is_emailed_a_link() {
    let app = TestApp::spawn().await;
    let admin = app.staff(Role::Admin, "dudley").await;
    let mut console = Console::signed_in(&app, &admin).await;

    let form = console.get("/admin/users/invite").await;
    assert_eq!(form.status, StatusCode::OK);
    let done = console
        .post(
            "/admin/users/invite",
            &[
                ("name", "Nia Nurse"),
                ("email", "nia.nurse@dudley.example"),
                ("role", "nurse"),
            ],
        )
        .await;

    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let id = id_from_location(done.location.as_deref().expect("location"));
    let invited = user(&app, id).await;
    assert_eq!(
        (
            invited.role,
            invited.status,
            invited.local_authority.as_str()
        ),
        (Role::Nurse, UserStatus::Invited, "dudley")
    );
    let page = console
        .get(done.location.as_deref().expect("location"))
        .await;
    assert!(page.body.contains("Invitation sent"), "{}", page.body);
    let list = console.get("/admin/users").await;
    assert!(list.body.contains("Nia Nurse"));
    eventually(Duration::from_secs(10), "the invitation e-mail", || async {
        !app.mail().to("nia.nurse@dudley.example").is_empty()
    })
    .await;
    let mail = &app.mail().to("nia.nurse@dudley.example")[0];
    assert!(mail.text().contains("/invitations/accept?token="));
    assert_eq!(
        audit_targets(&app, "user.created").await,
        vec![format!("user:{id}")]
    );
}

#[tokio::test]
async fn the_invite_form_shows_each_error_linked_to_its_field_and_creates_nobody() {
    let app = TestApp::spawn().await;
    let admin = app.staff(Role::Admin, "dudley").await;
    let mut console = Console::signed_in(&app, &admin).await;
    console.get("/admin/users/invite").await;

    let page = console
        .post(
            "/admin/users/invite",
            &[("name", "Nia"), ("email", "not an address"), ("role", "")],
        )
        .await;

    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("There is a problem"), "{}", page.body);
    assert!(page.body.contains("href=\"#role\""), "{}", page.body);
    assert!(page.body.contains("<title>Error: "));
    assert!(audit_targets(&app, "user.created").await.is_empty());
}

#[tokio::test]
async fn an_admin_form_without_its_csrf_token_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.staff(Role::Admin, "dudley").await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let mut console = Console::signed_in(&app, &admin).await;

    let invite = console
        .post_raw(
            "/admin/users/invite",
            &[
                ("name", "Eve"),
                ("email", "eve@dudley.example"),
                ("role", "admin"),
            ],
        )
        .await;
    let disable = console
        .post_raw(
            &format!("/admin/users/{}/status", nurse.id),
            &[("csrf_token", "forged"), ("status", "disabled")],
        )
        .await;

    assert_eq!(invite.status, StatusCode::FORBIDDEN);
    assert_eq!(disable.status, StatusCode::FORBIDDEN);
    assert!(audit_targets(&app, "user.created").await.is_empty());
    assert_eq!(user(&app, nurse.id).await.status, UserStatus::Active);
}

#[tokio::test]
async fn an_admin_changes_a_role_then_disables_and_enables_the_account() {
    let app = TestApp::spawn().await;
    let admin = app.staff(Role::Admin, "dudley").await;
    let staff = app.staff(Role::Caseworker, "dudley").await;
    let token = app.token(&staff).await;
    let mut console = Console::signed_in(&app, &admin).await;
    let path = format!("/admin/users/{}", staff.id);
    assert_eq!(console.get(&path).await.status, StatusCode::OK);

    let role = console
        .post(&format!("{path}/role"), &[("role", "hr")])
        .await;
    assert_eq!(role.status, StatusCode::SEE_OTHER);
    assert_eq!(user(&app, staff.id).await.role, Role::Hr);
    assert_eq!(app.get("/v1/me", &token).await.0, StatusCode::UNAUTHORIZED);

    console.get(&path).await;
    let disable = console
        .post(&format!("{path}/status"), &[("status", "disabled")])
        .await;
    assert_eq!(disable.status, StatusCode::SEE_OTHER);
    assert_eq!(user(&app, staff.id).await.status, UserStatus::Disabled);

    console.get(&path).await;
    let enable = console
        .post(&format!("{path}/status"), &[("status", "active")])
        .await;
    assert_eq!(enable.status, StatusCode::SEE_OTHER);
    assert_eq!(user(&app, staff.id).await.status, UserStatus::Active);
    assert_eq!(
        audit_targets(&app, "user.role_changed").await,
        vec![format!("user:{}", staff.id)]
    );
    assert_eq!(audit_targets(&app, "user.updated").await.len(), 2);
}

#[tokio::test]
async fn an_admin_cannot_disable_their_own_account_and_is_told_why() {
    let app = TestApp::spawn().await;
    let admin = app.staff(Role::Admin, "dudley").await;
    let mut console = Console::signed_in(&app, &admin).await;
    console.get(&format!("/admin/users/{}", admin.id)).await;

    let page = console
        .post(
            &format!("/admin/users/{}/status", admin.id),
            &[("status", "disabled")],
        )
        .await;

    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("You cannot disable your own account"),
        "{}",
        page.body
    );
    assert_eq!(user(&app, admin.id).await.status, UserStatus::Active);
}

#[tokio::test]
async fn resending_an_invitation_emails_a_new_link_and_the_old_one_stops_working() {
    let app = TestApp::spawn().await;
    let admin = app.staff(Role::Admin, "dudley").await;
    let mut console = Console::signed_in(&app, &admin).await;
    console.get("/admin/users/invite").await;
    let done = console
        .post(
            "/admin/users/invite",
            &[
                ("name", "Cal Worker"),
                ("email", "cal@dudley.example"),
                ("role", "caseworker"),
            ],
        )
        .await;
    let path = done.location.expect("location");
    let id = id_from_location(&path);
    eventually(Duration::from_secs(10), "the first invitation", || async {
        app.mail().to("cal@dudley.example").len() == 1
    })
    .await;
    let first = link_token(&app.mail().to("cal@dudley.example")[0].text());

    console.get(&path).await;
    let resent = console
        .post(&format!("/admin/users/{id}/invitation"), &[])
        .await;

    assert_eq!(resent.status, StatusCode::SEE_OTHER);
    eventually(Duration::from_secs(10), "the second invitation", || async {
        app.mail().to("cal@dudley.example").len() == 2
    })
    .await;
    let (status, _, body) = app
        .call(
            reqwest::Method::POST,
            "/v1/auth/invitations/accept",
            None,
            Some(serde_json::json!({"token": first, "password": "a-brand-new-passphrase-9"})),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        audit_targets(&app, "user.invitation_resent").await,
        vec![format!("user:{id}")]
    );
}

fn link_token(text: &str) -> String {
    let at = text.find("token=").expect("a link with a token") + "token=".len();
    text[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

#[tokio::test]
async fn an_admin_resets_a_staff_members_second_factor_and_they_are_emailed() {
    let app = TestApp::spawn().await;
    let admin = app.staff(Role::Admin, "dudley").await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let mut console = Console::signed_in(&app, &admin).await;
    console.get(&format!("/admin/users/{}", nurse.id)).await;

    let page = console
        .post(
            &format!("/admin/users/{}/second-factor/reset", nurse.id),
            &[],
        )
        .await;

    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert!(
        care_passport::auth::second_factor::find(&app.state.db, nurse.id)
            .await
            .expect("query")
            .is_none()
    );
    assert_eq!(
        audit_targets(&app, "user.second_factor_reset").await,
        vec![format!("user:{}", nurse.id)]
    );
    eventually(
        Duration::from_secs(10),
        "the e-mail to the nurse",
        || async { !app.mail().to(&nurse.email).is_empty() },
    )
    .await;
    assert!(app.mail().to(&nurse.email)[0].text().contains("second"));
}

#[tokio::test]
async fn an_admin_adds_a_care_leaver_and_assigns_their_nurse_and_caseworker() {
    let app = TestApp::spawn().await;
    let admin = app.staff(Role::Admin, "dudley").await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let caseworker = app.staff(Role::Caseworker, "dudley").await;
    let mut console = Console::signed_in(&app, &admin).await;
    assert_eq!(
        console.get("/admin/care-leavers").await.status,
        StatusCode::OK
    );
    console.get("/admin/care-leavers/new").await;

    let created = console
        .post(
            "/admin/care-leavers/new",
            &[
                ("name", "Jordan Smith"),
                ("email", "jordan.smith@young.example"),
                ("date_of_birth", "2007-03-14"),
                ("nurse_id", ""),
                ("caseworker_id", ""),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let path = created.location.expect("location");
    let id = id_from_location(&path);
    assert_eq!(console.get(&path).await.status, StatusCode::OK);
    let nurse_id = nurse.id.to_string();
    let caseworker_id = caseworker.id.to_string();
    let assigned = console
        .post(
            &format!("/admin/care-leavers/{id}/assignments"),
            &[
                ("nurse_id", nurse_id.as_str()),
                ("caseworker_id", caseworker_id.as_str()),
            ],
        )
        .await;

    assert_eq!(assigned.status, StatusCode::SEE_OTHER, "{}", assigned.body);
    let record = entity::care_leaver::Entity::find_by_id(id)
        .one(&app.state.db)
        .await
        .expect("query")
        .expect("record");
    assert_eq!(
        (record.nurse_id, record.caseworker_id),
        (Some(nurse.id), Some(caseworker.id))
    );
    let actions = app.audit_actions(id).await;
    assert!(
        actions.contains(&"care_leaver.created".to_owned()),
        "{actions:?}"
    );
    assert!(
        actions.contains(&"care_leaver.updated".to_owned()),
        "{actions:?}"
    );
    eventually(
        Duration::from_secs(10),
        "the young person's invitation",
        || async { !app.mail().to("jordan.smith@young.example").is_empty() },
    )
    .await;
}

#[tokio::test]
async fn failed_mail_is_listed_and_an_admin_sends_it_again() {
    let app = TestApp::spawn().await;
    let admin = app.staff(Role::Admin, "dudley").await;
    let token = app.token(&admin).await;
    let (status, _) = app
        .post(
            "/v1/users",
            &token,
            serde_json::json!({"role": "nurse", "email": "bounce@dudley.example", "name": "Bo Unce", "local_authority": "dudley"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    eventually(Duration::from_secs(15), "the mail to fail", || async {
        app.outbox()
            .await
            .iter()
            .any(|m| m.status.to_string() == "failed")
    })
    .await;
    let mut console = Console::signed_in(&app, &admin).await;

    let page = console.get("/admin/mail").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("bounce@dudley.example"), "{}", page.body);
    let failed = app
        .outbox()
        .await
        .into_iter()
        .find(|m| m.status.to_string() == "failed")
        .expect("failed mail");
    let retried = console
        .post(&format!("/admin/mail/{}/retry", failed.id), &[])
        .await;

    assert_eq!(retried.status, StatusCode::SEE_OTHER);
    let row = app
        .outbox()
        .await
        .into_iter()
        .find(|m| m.id == failed.id)
        .expect("row");
    assert_ne!(row.status.to_string(), "failed", "queued again");
    assert!(row.attempts < failed.attempts);
}

#[tokio::test]
async fn the_audit_search_shows_who_looked_at_a_young_person_and_exports_csv() {
    let app = TestApp::spawn().await;
    let admin = app.staff(Role::Admin, "dudley").await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let nurse_token = app.token(&nurse).await;
    let (status, _) = app
        .get(&format!("/v1/care-leavers/{}", leaver.id), &nurse_token)
        .await;
    assert_eq!(status, StatusCode::OK);
    let mut console = Console::signed_in(&app, &admin).await;
    assert_eq!(console.get("/admin/audit").await.status, StatusCode::OK);
    let today = care_passport::age::today();
    let from = format!("{}-01-01", chrono::Datelike::year(&today));
    let query = format!("care_leaver={}&from={from}&to={today}", leaver.id);

    let page = console.get(&format!("/admin/audit?{query}")).await;
    let csv = console.get(&format!("/admin/audit.csv?{query}")).await;

    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Test nurse (Children in Care nurse)"),
        "{}",
        page.body
    );
    assert!(page.body.contains("looked at your profile"));
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.content_type.starts_with("text/csv"));
    let mut lines = csv.body.lines();
    assert_eq!(
        lines.next(),
        Some("when (UTC),who,role,what,action,request id")
    );
    assert!(
        lines.any(|l| l
            .contains("Test nurse,Children in Care nurse,looked at your profile,care_leaver.read")),
        "{}",
        csv.body
    );
    let actions = app.audit_actions(leaver.id).await;
    assert_eq!(actions.iter().filter(|a| *a == "audit.searched").count(), 2);
}

#[tokio::test]
async fn admin_pages_answer_404_for_another_authoritys_records_and_change_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.staff(Role::Admin, "dudley").await;
    let their_nurse = app.staff(Role::Nurse, "sandwell").await;
    let their_leaver = app.care_leaver("sandwell", 19, 0).await;
    let mut console = Console::signed_in(&app, &admin).await;
    console.get("/admin/users").await;
    let nurse_path = format!("/admin/users/{}", their_nurse.id);
    let leaver_path = format!("/admin/care-leavers/{}", their_leaver.id);
    let today = care_passport::age::today();
    let search = format!("care_leaver={}&from=2020-01-01&to={today}", their_leaver.id);

    let pages = [
        console.get(&nurse_path).await,
        console.get(&leaver_path).await,
        console.get(&format!("/admin/audit?{search}")).await,
        console.get(&format!("/admin/audit.csv?{search}")).await,
        console
            .post(&format!("{nurse_path}/role"), &[("role", "admin")])
            .await,
        console
            .post(&format!("{nurse_path}/status"), &[("status", "disabled")])
            .await,
        console.post(&format!("{nurse_path}/invitation"), &[]).await,
        console
            .post(&format!("{nurse_path}/second-factor/reset"), &[])
            .await,
        console
            .post(
                &format!("{leaver_path}/assignments"),
                &[("nurse_id", ""), ("caseworker_id", "")],
            )
            .await,
    ];

    for page in &pages {
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{}", page.body);
    }
    let list = console.get("/admin/users").await;
    assert!(!list.body.contains(&their_nurse.email));
    let nurse = user(&app, their_nurse.id).await;
    assert_eq!(
        (nurse.role, nurse.status),
        (Role::Nurse, UserStatus::Active)
    );
    assert!(
        care_passport::auth::second_factor::find(&app.state.db, their_nurse.id)
            .await
            .expect("query")
            .is_some()
    );
    assert!(
        !app.audit_actions(their_leaver.id)
            .await
            .contains(&"audit.searched".to_owned())
    );
}

#[tokio::test]
async fn staff_who_are_not_admins_cannot_use_the_admin_pages() {
    let app = TestApp::spawn().await;
    let nurse = app.staff(Role::Nurse, "dudley").await;
    let mut console = Console::signed_in(&app, &nurse).await;

    for path in [
        "/admin/users",
        "/admin/care-leavers",
        "/admin/mail",
        "/admin/audit",
    ] {
        assert_eq!(
            console.get(path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let invite = console
        .post(
            "/admin/users/invite",
            &[
                ("name", "Eve"),
                ("email", "eve@dudley.example"),
                ("role", "admin"),
            ],
        )
        .await;
    assert_eq!(invite.status, StatusCode::FORBIDDEN);
    assert!(audit_targets(&app, "user.created").await.is_empty());
}

#[tokio::test]
async fn admin_pages_send_a_visitor_who_is_not_signed_in_to_the_sign_in_page() {
    let app = TestApp::spawn().await;
    let mut console = Console::new(&app);

    let page = console.get("/admin/users").await;

    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location.as_deref(), Some("/sign-in"));
}

/// Gives a test care leaver a name and NHS number to search by.
async fn name_leaver(app: &TestApp, id: Uuid, name: &str, nhs_number: &str) {
    use sea_orm::ActiveValue::Set;
    entity::user::Entity::update(entity::user::ActiveModel {
        id: Set(id),
        name: Set(name.into()),
        ..Default::default()
    })
    .exec(&app.state.db)
    .await
    .expect("rename");
    entity::care_leaver::Entity::update(entity::care_leaver::ActiveModel {
        user_id: Set(id),
        nhs_number: Set(Some(nhs_number.into())),
        ..Default::default()
    })
    .exec(&app.state.db)
    .await
    .expect("nhs number");
}

async fn listed(app: &TestApp, care_leaver: Uuid) -> usize {
    app.audit_actions(care_leaver)
        .await
        .iter()
        .filter(|a| *a == "care_leaver.listed")
        .count()
}

#[tokio::test]
async fn the_audit_search_shows_and_audits_only_the_young_people_who_match() {
    let app = TestApp::spawn().await;
    let admin = app.staff(Role::Admin, "dudley").await;
    let jordan = app.care_leaver("dudley", 19, 0).await;
    let amy = app.care_leaver("dudley", 20, 0).await;
    let elsewhere = app.care_leaver("sandwell", 19, 0).await;
    name_leaver(&app, jordan.id, "Jordan Smith", "9434765919").await;
    name_leaver(&app, amy.id, "Amy Brown", "9434765870").await;
    name_leaver(&app, elsewhere.id, "Jordan Smithers", "9434765889").await;
    let amy_dob = entity::care_leaver::Entity::find_by_id(amy.id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .date_of_birth;
    let mut console = Console::signed_in(&app, &admin).await;

    let empty = console.get("/admin/audit").await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(!empty.body.contains("Jordan Smith") && !empty.body.contains("Amy Brown"));
    for id in [jordan.id, amy.id, elsewhere.id] {
        assert_eq!(listed(&app, id).await, 0, "opening the page lists nobody");
    }

    let by_name = console.get("/admin/audit?find=jORDAN").await;
    assert_eq!(by_name.status, StatusCode::OK);
    assert!(by_name.body.contains("Jordan Smith"), "{}", by_name.body);
    assert!(!by_name.body.contains("Amy Brown"));
    assert!(
        !by_name.body.contains("Jordan Smithers"),
        "another authority's"
    );
    assert!(
        by_name
            .body
            .contains(&format!("/admin/audit?care_leaver={}", jordan.id)),
        "{}",
        by_name.body
    );
    assert_eq!(listed(&app, jordan.id).await, 1);
    assert_eq!(listed(&app, amy.id).await, 0);
    assert_eq!(listed(&app, elsewhere.id).await, 0);

    let by_nhs = console.get("/admin/audit?find=943+476+5870").await;
    assert!(by_nhs.body.contains("Amy Brown") && !by_nhs.body.contains("Jordan Smith"));
    let by_dob = console.get(&format!("/admin/audit?find={amy_dob}")).await;
    assert!(by_dob.body.contains("Amy Brown") && !by_dob.body.contains("Jordan Smith"));
    let nobody = console.get("/admin/audit?find=Zebedee").await;
    assert!(
        nobody
            .body
            .contains("Nobody in your local authority matches")
    );
    let too_short = console.get("/admin/audit?find=J").await;
    assert_eq!(too_short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_short.body.contains("<a href=\"#find\">"));
    let wildcard = console.get("/admin/audit?find=%25%25").await;
    assert_eq!(
        wildcard.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "LIKE's wildcards are no search"
    );
    assert_eq!(listed(&app, amy.id).await, 2);
    assert_eq!(listed(&app, jordan.id).await, 1);
}
