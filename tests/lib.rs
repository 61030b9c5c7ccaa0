//! Test harness: the real server on `127.0.0.1:0`, a fresh database per test (SQLite file, or
//! a new PostgreSQL database when `TEST_DATABASE_URL` is set) and a real SMTP server.
pub mod console;
pub mod smtp;

use std::{
    net::SocketAddr,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use care_passport::{AppState, Config, auth::Role};
use reqwest::{Method, StatusCode, header::HeaderMap};
use sea_orm::{ConnectionTrait, Database};
use serde_json::Value;
use tokio::{sync::oneshot, task::JoinHandle};
use uuid::Uuid;

pub use smtp::{MailSink, ReceivedMail};

/// Where the service sends mail in a test.
pub enum Smtp {
    /// A running sink (the default).
    Sink(MailSink),
    /// A port with nothing listening: the SMTP server is down.
    Down(u16),
}

pub struct TestApp {
    pub addr: SocketAddr,
    pub state: AppState,
    /// SQL statements run on the app's connection, while recording.
    pub statements: StatementLog,
    pub client: reqwest::Client,
    pub mail: Option<MailSink>,
    pub database_url: String,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<anyhow::Result<()>>>,
    pub data_dir: Option<tempfile::TempDir>,
}

/// A person the test signed up, with their password.
#[derive(Debug, Clone)]
pub struct Person {
    pub id: Uuid,
    pub email: String,
    pub password: String,
    pub role: Role,
}

pub const PASSWORD: &str = "tr0mbone-lighthouse-42";
/// The key that encrypts second-factor secrets in tests (32 bytes, hex).
pub const TEST_SECOND_FACTOR_KEY: &str =
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

/// A fresh, empty database URL for one test.
pub async fn fresh_database(dir: &std::path::Path) -> String {
    match std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|v| !v.is_empty())
    {
        Some(base) => {
            let name = format!("cp_test_{}", Uuid::new_v4().simple());
            let admin = Database::connect(&base)
                .await
                .expect("TEST_DATABASE_URL reachable");
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create test database");
            admin.close().await.ok();
            let mut url = url::Url::parse(&base).expect("TEST_DATABASE_URL is a URL");
            url.set_path(&format!("/{name}"));
            url.to_string()
        }
        None => format!("sqlite://{}?mode=rwc", dir.join("test.db").display()),
    }
}

/// Every migration's name, oldest first.
pub fn migration_names() -> Vec<String> {
    use migration::{Migrator, MigratorTrait};
    Migrator::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .collect()
}

/// How many migrations `db::roll_back` takes back to undo the one whose name contains `part`
/// and every one after it.
pub fn steps_back_to(part: &str) -> u32 {
    let names = migration_names();
    let position = names
        .iter()
        .position(|n| n.contains(part))
        .unwrap_or_else(|| panic!("no migration is named like {part}"));
    u32::try_from(names.len() - position).expect("fewer than 2^32 migrations")
}

/// Configuration for a test instance: quick mail retries so outage tests finish fast.
pub fn test_config(
    database_url: &str,
    data_dir: &std::path::Path,
    base: &str,
    smtp_port: u16,
) -> Config {
    let smtp = format!("smtp://127.0.0.1:{smtp_port}");
    let data_dir = data_dir.display().to_string();
    let mut config = Config::from_lookup(|k| match k {
        "DATABASE_URL" => Some(database_url.to_owned()),
        "DATA_DIR" => Some(data_dir.clone()),
        "PUBLIC_BASE_URL" => Some(base.to_owned()),
        "SMTP_URL" => Some(smtp.clone()),
        "JWT_SECRET" => Some("test-secret-0123456789abcdef0123456789abcdef".into()),
        "SECOND_FACTOR_KEY" => Some(TEST_SECOND_FACTOR_KEY.into()),
        "CHANCES4YOUTH_INBOX" => Some("chances4youth@dudley.example".into()),
        _ => None,
    })
    .expect("test configuration is valid");
    config.mail.poll_interval = Duration::from_millis(100);
    config.mail.retry_base = Duration::from_millis(200);
    config.mail.retry_max = Duration::from_secs(1);
    config.mail.max_attempts = 3;
    config.mail.smtp_timeout = Duration::from_secs(5);
    config
}

impl TestApp {
    /// A server with a running SMTP sink.
    pub async fn spawn() -> Self {
        Self::spawn_with(Smtp::Sink(MailSink::start())).await
    }

    pub async fn spawn_with(smtp: Smtp) -> Self {
        let data_dir = tempfile::tempdir().expect("temp dir");
        let database_url = fresh_database(data_dir.path()).await;
        Self::spawn_on(smtp, data_dir, database_url).await
    }

    /// A server whose configuration the test adjusts first (limits, metrics, intervals).
    pub async fn spawn_configured(configure: impl FnOnce(&mut Config)) -> Self {
        let data_dir = tempfile::tempdir().expect("temp dir");
        let database_url = fresh_database(data_dir.path()).await;
        Self::spawn_on_with(
            Smtp::Sink(MailSink::start()),
            data_dir,
            database_url,
            configure,
        )
        .await
    }

    /// Starts a server on an existing data directory and database (used to test restarts).
    pub async fn spawn_on(smtp: Smtp, data_dir: tempfile::TempDir, database_url: String) -> Self {
        Self::spawn_on_with(smtp, data_dir, database_url, |_| {}).await
    }

    /// As `spawn_on`, with the configuration adjusted by `configure` first.
    pub async fn spawn_on_with(
        smtp: Smtp,
        data_dir: tempfile::TempDir,
        database_url: String,
        configure: impl FnOnce(&mut Config),
    ) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (smtp_port, mail) = match smtp {
            Smtp::Sink(sink) => (sink.port, Some(sink)),
            Smtp::Down(port) => (port, None),
        };
        let mut config = test_config(
            &database_url,
            data_dir.path(),
            &format!("http://{addr}/"),
            smtp_port,
        );
        configure(&mut config);
        let mut db = care_passport::db::connect(&config.database_url)
            .await
            .expect("connect");
        care_passport::db::migrate(&db).await.expect("migrate");
        let statements = StatementLog::default();
        db.set_metric_callback(statements.recorder());
        let state = AppState::new(db, config);
        let (tx, rx) = oneshot::channel::<()>();
        let server = tokio::spawn(care_passport::serve(listener, state.clone(), async {
            let _ = rx.await;
        }));
        Self {
            addr,
            state,
            statements,
            client: reqwest::Client::new(),
            mail,
            database_url,
            shutdown: Some(tx),
            server: Some(server),
            data_dir: Some(data_dir),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub fn mail(&self) -> &MailSink {
        self.mail.as_ref().expect("this test app has an SMTP sink")
    }

    /// Graceful shutdown; waits for in-flight requests and the mail worker.
    pub async fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.expect("server task").expect("server result");
        }
    }

    /// Stops this instance and returns its data directory and database for a restart.
    pub async fn into_parts(mut self) -> (tempfile::TempDir, String) {
        self.stop().await;
        self.state.db.clone().close().await.ok();
        let dir = self.data_dir.take().expect("data dir");
        (dir, std::mem::take(&mut self.database_url))
    }

    /// Sends a request; returns status, headers and the JSON body (`Null` when empty).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> (StatusCode, HeaderMap, Value) {
        let mut req = self.client.request(method, self.url(path));
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        if let Some(body) = body {
            req = req.json(&body);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let res = req.send().await.expect("request sent");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.bytes().await.expect("body");
        let json = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()))
        };
        (status, headers, json)
    }

    pub async fn get(&self, path: &str, token: &str) -> (StatusCode, Value) {
        let (s, _, b) = self.call(Method::GET, path, Some(token), None, &[]).await;
        (s, b)
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        let (s, _, b) = self
            .call(Method::POST, path, Some(token), Some(body), &[])
            .await;
        (s, b)
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        let (s, _, b) = self
            .call(Method::PATCH, path, Some(token), Some(body), &[])
            .await;
        (s, b)
    }

    /// An active staff account with a known password and a second factor (its secret is in
    /// the database; `login` computes codes from it).
    pub async fn staff(&self, role: Role, local_authority: &str) -> Person {
        let person = self
            .staff_without_second_factor(role, local_authority)
            .await;
        care_passport::auth::second_factor::enrol_confirmed(
            &self.state.db,
            &self.state.second_factor,
            person.id,
            None,
        )
        .await
        .expect("enrol second factor");
        person
    }

    /// An active staff account with a password but no second factor yet (as after accepting
    /// an invitation, before enrolling).
    pub async fn staff_without_second_factor(&self, role: Role, local_authority: &str) -> Person {
        let email = format!("{}-{}@staff.example", role, Uuid::new_v4().simple());
        let hash = care_passport::auth::password::hash(PASSWORD.into())
            .await
            .expect("hash");
        let user = care_passport::accounts::create_account(
            &self.state.db,
            care_passport::accounts::NewAccount {
                role,
                email: &email,
                name: &format!("Test {role}"),
                preferred_name: None,
                local_authority,
                password_hash: Some(hash),
            },
        )
        .await
        .expect("create staff");
        Person {
            id: user.id,
            email,
            password: PASSWORD.into(),
            role,
        }
    }

    /// The decrypted second-factor secret of an account.
    pub async fn second_factor_secret(&self, user_id: Uuid) -> Vec<u8> {
        let row = care_passport::auth::second_factor::find(&self.state.db, user_id)
            .await
            .expect("second factor")
            .expect("the account has a second factor");
        self.state
            .second_factor
            .open(&row.secret_ciphertext)
            .expect("secret decrypts")
    }

    /// A code for the account that the server has not accepted yet: the earliest of the
    /// previous, current and next time step after the last accepted one (so a test can sign
    /// the same person in up to three times in one 30-second step, then waits for the next).
    /// The previous step is left out in a step's last seconds, where it could go stale.
    pub async fn next_code(&self, user_id: Uuid) -> String {
        use care_passport::auth::second_factor::{STEP_SECS, code_at, find, step_of};
        /// Time left for the server to check a code: a loaded CI machine is slow.
        const SAFETY_SECS: i64 = 10;
        let secret = self.second_factor_secret(user_id).await;
        loop {
            let now = chrono::Utc::now();
            let last = find(&self.state.db, user_id)
                .await
                .expect("second factor")
                .and_then(|f| f.last_used_step);
            let current = step_of(now);
            // The previous step's code is only safe while this step has a while to run: if
            // the step ends before the server checks the code, the server is one step on and
            // refuses it (its window is one step either side of its own clock).
            let earliest = if now.timestamp().rem_euclid(STEP_SECS) < STEP_SECS - SAFETY_SECS {
                current - 1
            } else {
                current
            };
            let step = (earliest..=current + 1).find(|s| last.is_none_or(|l| *s > l));
            if let Some(step) = step {
                let at = chrono::DateTime::from_timestamp(step * STEP_SECS, 0).expect("time");
                return code_at(&secret, at);
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }
    /// An active care leaver born `age_years` years (and `extra_days` days) ago.
    pub async fn care_leaver(
        &self,
        local_authority: &str,
        age_years: u32,
        extra_days: u64,
    ) -> Person {
        let dob = care_passport::age::today()
            .checked_sub_months(chrono::Months::new(age_years * 12))
            .and_then(|d| d.checked_sub_days(chrono::Days::new(extra_days)))
            .expect("date");
        self.care_leaver_born(local_authority, dob).await
    }

    pub async fn care_leaver_born(&self, local_authority: &str, dob: chrono::NaiveDate) -> Person {
        let email = format!("leaver-{}@young.example", Uuid::new_v4().simple());
        let id = care_passport::demo::create_user(
            &self.state,
            Role::CareLeaver,
            &email,
            "Jordan Tester",
            local_authority,
            Some(PASSWORD.into()),
            Some(dob),
        )
        .await
        .expect("create care leaver");
        Person {
            id,
            email,
            password: PASSWORD.into(),
            role: Role::CareLeaver,
        }
    }

    /// Assigns staff to a care leaver and sets their passport-sharing consent, directly.
    pub async fn assign(
        &self,
        leaver: &Person,
        caseworker: Option<&Person>,
        nurse: Option<&Person>,
        consent: bool,
    ) {
        use sea_orm::{ActiveValue::Set, EntityTrait};
        entity::care_leaver::Entity::update(entity::care_leaver::ActiveModel {
            user_id: Set(leaver.id),
            caseworker_id: Set(caseworker.map(|p| p.id)),
            nurse_id: Set(nurse.map(|p| p.id)),
            consent_share_passport_with_caseworker: Set(consent),
            ..Default::default()
        })
        .exec(&self.state.db)
        .await
        .expect("assign");
    }

    /// Signs in and returns the access token.
    pub async fn token(&self, person: &Person) -> String {
        self.login(&person.email, &person.password).await["access_token"]
            .as_str()
            .expect("signed in")
            .to_owned()
    }

    /// Signs in through the API; for an account with a second factor, answers the challenge
    /// with a code computed from its secret. Returns the token pair.
    pub async fn login(&self, email: &str, password: &str) -> Value {
        let body = self.login_password_only(email, password).await;
        let Some(challenge) = body["challenge"].as_str() else {
            return body;
        };
        let user = self.user_by_email(email).await;
        let code = self.next_code(user.id).await;
        let (status, _, pair) = self
            .call(
                Method::POST,
                "/v1/auth/login/totp",
                None,
                Some(serde_json::json!({"challenge": challenge, "code": code})),
                &[],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "second factor failed: {pair}");
        pair
    }

    /// The first step of signing in: tokens, or a second-factor challenge.
    pub async fn login_password_only(&self, email: &str, password: &str) -> Value {
        let (status, _, body) = self
            .call(
                Method::POST,
                "/v1/auth/login",
                None,
                Some(serde_json::json!({"email": email, "password": password})),
                &[],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "login failed: {body}");
        body
    }

    pub async fn user_by_email(&self, email: &str) -> entity::user::Model {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        entity::user::Entity::find()
            .filter(entity::user::Column::Email.eq(email.trim().to_lowercase()))
            .one(&self.state.db)
            .await
            .expect("query")
            .expect("user exists")
    }

    /// Audit actions recorded about a care leaver, oldest first.
    pub async fn audit_actions(&self, care_leaver: Uuid) -> Vec<String> {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
        entity::audit_event::Entity::find()
            .filter(entity::audit_event::Column::CareLeaverId.eq(care_leaver))
            .order_by_asc(entity::audit_event::Column::Id)
            .all(&self.state.db)
            .await
            .expect("audit")
            .into_iter()
            .map(|e| sea_orm::ActiveEnum::to_value(&e.action))
            .collect()
    }

    /// Outbox rows, oldest first.
    pub async fn outbox(&self) -> Vec<entity::outbox_message::Model> {
        use sea_orm::{EntityTrait, QueryOrder};
        entity::outbox_message::Entity::find()
            .order_by_asc(entity::outbox_message::Column::CreatedAt)
            .all(&self.state.db)
            .await
            .expect("outbox")
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Records the SQL of every statement the app's connection (and every clone of it) runs
/// between `start` and `take`: for counting the statements a request costs.
#[derive(Clone, Default)]
pub struct StatementLog {
    recording: Arc<AtomicBool>,
    sql: Arc<Mutex<Vec<String>>>,
}

impl StatementLog {
    fn recorder(&self) -> impl Fn(&sea_orm::metric::Info<'_>) + Send + Sync + 'static {
        let log = self.clone();
        move |info| {
            if log.recording.load(Ordering::SeqCst) {
                log.sql
                    .lock()
                    .expect("statement log")
                    .push(info.statement.sql.clone());
            }
        }
    }

    /// Forgets what was recorded and starts recording.
    pub fn start(&self) {
        self.sql.lock().expect("statement log").clear();
        self.recording.store(true, Ordering::SeqCst);
    }

    /// Stops recording and returns the statements, leaving out those of the background
    /// workers (the mail outbox and the finder's practice check), which run on their own.
    pub fn take(&self) -> Vec<String> {
        self.recording.store(false, Ordering::SeqCst);
        std::mem::take(&mut *self.sql.lock().expect("statement log"))
            .into_iter()
            .filter(|sql| !sql.contains("outbox_messages") && !sql.contains("\"practices\""))
            .collect()
    }
}

/// Waits until `check` holds, polling; panics with `what` after `timeout`.
pub async fn eventually<F, Fut>(timeout: Duration, what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        if check().await {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for: {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
