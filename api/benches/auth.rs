//! Sign-in benchmark (not a test): login, refresh and authenticated-read throughput against the
//! real server on 127.0.0.1 with SQLite. Refresh and authenticated reads must not pay the
//! Argon2id cost that login pays by design.
//!
//! Run: `cargo bench -p care-passport --bench auth`
use std::time::{Duration, Instant};

use care_passport::{AppState, Config, auth::Role};
use serde_json::{Value, json};

const PASSWORD: &str = "benchmark-passphrase-2026";

struct Report {
    name: &'static str,
    requests: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

impl Report {
    fn print(&mut self) {
        self.latencies.sort();
        let pct = |p: f64| {
            self.latencies
                [((self.latencies.len() as f64 * p) as usize).min(self.latencies.len() - 1)]
        };
        println!(
            "{:<28} {:>7} req {:>9.1} req/s   p50 {:>8.2?}   p99 {:>8.2?}",
            self.name,
            self.requests,
            self.requests as f64 / self.elapsed.as_secs_f64(),
            pct(0.50),
            pct(0.99)
        );
    }
}

async fn timed<F, Fut>(name: &'static str, workers: usize, per_worker: usize, f: F) -> Report
where
    F: Fn(usize) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let start = Instant::now();
    let handles: Vec<_> = (0..workers)
        .map(|w| {
            let f = f.clone();
            tokio::spawn(async move {
                let mut lat = Vec::with_capacity(per_worker);
                for i in 0..per_worker {
                    let t = Instant::now();
                    f(w * per_worker + i).await;
                    lat.push(t.elapsed());
                }
                lat
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for h in handles {
        latencies.extend(h.await.expect("worker"));
    }
    Report {
        name,
        requests: workers * per_worker,
        elapsed: start.elapsed(),
        latencies,
    }
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let db_url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bench.db").display()
    );
    let data = dir.path().display().to_string();
    let base = format!("http://{addr}/");
    let config = Config::from_lookup(|k| match k {
        "DATABASE_URL" => Some(db_url.clone()),
        "DATA_DIR" => Some(data.clone()),
        "PUBLIC_BASE_URL" => Some(base.clone()),
        "JWT_SECRET" => Some("bench-secret-0123456789abcdef0123456789abcdef".into()),
        _ => None,
    })
    .expect("config");
    let db = care_passport::db::connect(&config.database_url)
        .await
        .expect("db");
    care_passport::db::migrate(&db).await.expect("migrate");
    let state = AppState::new(db, config);
    // A care leaver: staff sign-ins need a second-factor code as well (one per 30-second
    // step), which would measure the authenticator, not the sign-in path.
    care_passport::demo::create_user(
        &state,
        Role::CareLeaver,
        "bench@young.example",
        "Bench Tester",
        "dudley",
        Some(PASSWORD.into()),
        chrono::NaiveDate::from_ymd_opt(2006, 5, 1),
    )
    .await
    .expect("account");
    tokio::spawn(care_passport::serve(
        listener,
        state,
        std::future::pending(),
    ));
    let client = reqwest::Client::new();
    let url = move |p: &str| format!("http://{addr}{p}");

    let login = {
        let (client, url) = (client.clone(), url);
        move || {
            let (client, url) = (client.clone(), url);
            async move {
                let res = client
                    .post(url("/v1/auth/login"))
                    .json(&json!({"email": "bench@young.example", "password": PASSWORD}))
                    .send()
                    .await
                    .expect("login");
                assert!(res.status().is_success(), "login {}", res.status());
                res.json::<Value>().await.expect("json")
            }
        }
    };
    println!(
        "Care Passport sign-in benchmark ({} cores, debug={})",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
        cfg!(debug_assertions)
    );
    let l = login.clone();
    let mut r = timed("login (Argon2id)", 4, 25, move |_| {
        let l = l.clone();
        async move {
            l().await;
        }
    })
    .await;
    r.print();

    // Refresh chains: each worker rotates its own session (a token works once).
    let mut sessions = Vec::new();
    for _ in 0..8 {
        sessions.push(
            login().await["refresh_token"]
                .as_str()
                .expect("rt")
                .to_owned(),
        );
    }
    let sessions = std::sync::Arc::new(tokio::sync::Mutex::new(sessions));
    let (c, u) = (client.clone(), url);
    let mut r = timed("refresh (rotation)", 8, 250, move |i| {
        let (c, u, sessions) = (c.clone(), u, sessions.clone());
        async move {
            let slot = i / 250;
            let current = sessions.lock().await[slot].clone();
            let res: Value = c
                .post(u("/v1/auth/refresh"))
                .json(&json!({"refresh_token": current}))
                .send()
                .await
                .expect("refresh")
                .json()
                .await
                .expect("json");
            sessions.lock().await[slot] =
                res["refresh_token"].as_str().expect("rotated").to_owned();
        }
    })
    .await;
    r.print();

    let token = login().await["access_token"]
        .as_str()
        .expect("at")
        .to_owned();
    let (c, u) = (client.clone(), url);
    let mut r = timed("GET /v1/me (authenticated)", 16, 250, move |_| {
        let (c, u, token) = (c.clone(), u, token.clone());
        async move {
            let res = c
                .get(u("/v1/me"))
                .bearer_auth(&token)
                .send()
                .await
                .expect("me");
            assert!(res.status().is_success());
        }
    })
    .await;
    r.print();
}
