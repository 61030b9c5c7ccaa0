//! `finder-bench`: how fast the GP and dentist finder is on the full England practice files.
//!
//! 1. Imports the reference data into a fresh database (SQLite in a temporary directory, or
//!    `--database-url`), then imports it again and checks the second import changed nothing.
//! 2. Times nearest-10 searches in-process on the spatial index.
//! 3. Starts the real HTTP server on 127.0.0.1 and sends a bounded number of requests from
//!    a small load generator in the same process (so client and server share the machine),
//!    reporting throughput and latency percentiles.
//!
//! Run it in release mode: `cargo run --release -p finder-bench -- --data ../shared/data`.
//! Results are in bench/README.md.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use care_passport::finder::geo::{self, GridPoint};
use care_passport::finder::import::{self, Input};
use care_passport::finder::ods::PracticeKind;
use care_passport::{AppState, Config, auth::Role};
use rand::{Rng, SeedableRng, rngs::StdRng, seq::SliceRandom};
use sea_orm::EntityTrait;

struct Args {
    data: PathBuf,
    database_url: Option<String>,
    queries: usize,
    requests: usize,
    concurrency: usize,
}

impl Args {
    fn parse() -> anyhow::Result<Self> {
        let mut args = Self {
            data: PathBuf::from("../shared/data"),
            database_url: None,
            queries: 200_000,
            requests: 20_000,
            concurrency: 32,
        };
        let mut given = std::env::args().skip(1);
        while let Some(flag) = given.next() {
            let mut value = || {
                given
                    .next()
                    .with_context(|| format!("{flag} needs a value"))
            };
            match flag.as_str() {
                "--data" => args.data = PathBuf::from(value()?),
                "--database-url" => args.database_url = Some(value()?),
                "--queries" => args.queries = value()?.parse()?,
                "--requests" => args.requests = value()?.parse()?,
                "--concurrency" => args.concurrency = value()?.parse()?,
                other => bail!(
                    "unknown argument {other}; use --data DIR, --database-url URL, \
                     --queries N, --requests N, --concurrency N"
                ),
            }
        }
        Ok(args)
    }
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse()?;
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(run(args))
}

async fn run(args: Args) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let url = args.database_url.clone().unwrap_or_else(|| {
        format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("bench.db").display()
        )
    });
    let db = care_passport::db::connect(&url).await?;
    care_passport::db::migrate(&db).await?;
    let app = AppState::new(db, config(&url, dir.path())?);
    println!(
        "finder-bench on {} CPU(s), database {}",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        if url.starts_with("sqlite") {
            "SQLite (temporary file)"
        } else {
            "from --database-url"
        }
    );

    import_twice(&app, &args.data).await?;
    in_process(&app, args.queries);
    http(&app, args.requests, args.concurrency).await
}

fn config(url: &str, data_dir: &Path) -> anyhow::Result<Config> {
    let data_dir = data_dir.display().to_string();
    Config::from_lookup(|key| match key {
        "DATABASE_URL" => Some(url.to_owned()),
        "DATA_DIR" => Some(data_dir.clone()),
        "PUBLIC_BASE_URL" => Some("http://127.0.0.1/".into()),
        // Nothing is mailed during the benchmark; nothing listens here.
        "SMTP_URL" => Some("smtp://127.0.0.1:9".into()),
        "JWT_SECRET" => Some("bench-secret-0123456789abcdef0123456789abcdef".into()),
        _ => None,
    })
    .map_err(|e| anyhow::anyhow!("configuration: {e}"))
}

/// The full files when `data` holds them, else the subset the repository ships.
fn inputs(data: &Path) -> anyhow::Result<(Vec<Input>, Input, Input, Input)> {
    if data.join("ods/epraccur.csv").is_file() {
        println!("data: full files from {}", data.display());
        let codepoint = import::codepoint_files(&[data.join("postcodes/codepoint-open")])?
            .iter()
            .map(|path| Input::read(path))
            .collect::<anyhow::Result<_>>()?;
        Ok((
            codepoint,
            Input::read(&data.join("postcodes/outcodes/postcodes.csv"))?,
            Input::read(&data.join("ods/epraccur.csv"))?,
            Input::read(&data.join("ods/egdpprac.csv"))?,
        ))
    } else {
        println!(
            "data: {} not found; using the shipped Dudley-area subset (numbers are NOT for the full files)",
            data.display()
        );
        use care_passport::demo::finder as shipped;
        Ok((
            shipped::codepoint_files(),
            shipped::outcode_file(),
            shipped::gp_file(),
            shipped::dental_file(),
        ))
    }
}

async fn import_twice(app: &AppState, data: &Path) -> anyhow::Result<()> {
    let (codepoint, outcodes, gp, dental) = inputs(data)?;
    for round in ["first import", "re-import"] {
        let started = Instant::now();
        let postcodes = import::import_postcodes(app, &codepoint, Some(&outcodes), false).await?;
        let after_postcodes = started.elapsed();
        let practices = import::import_practices(app, Some(&gp), Some(&dental), false).await?;
        let total = started.elapsed();
        println!(
            "\n{round}: postcodes {:.2} s, practices {:.2} s",
            after_postcodes.as_secs_f64(),
            (total - after_postcodes).as_secs_f64()
        );
        for summary in postcodes.summaries.iter().chain(&practices.summaries) {
            print!(
                "  {}",
                summary.to_string().lines().next().unwrap_or_default()
            );
            println!();
        }
        let changed = postcodes.changed() + practices.changed();
        if round == "re-import" && changed > 0 {
            bail!("the re-import changed {changed} rows; it must change nothing");
        }
    }
    let started = Instant::now();
    let size = app.finder.reload(&app.db).await?;
    println!(
        "index rebuild from the database: {size} practices in {:.0} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    Ok(())
}

struct Percentiles {
    mean: Duration,
    p50: Duration,
    p99: Duration,
    max: Duration,
}

fn percentiles(mut samples: Vec<Duration>) -> Percentiles {
    samples.sort_unstable();
    let at = |q: f64| samples[((samples.len() as f64 * q) as usize).min(samples.len() - 1)];
    Percentiles {
        mean: samples.iter().sum::<Duration>() / samples.len().max(1) as u32,
        p50: at(0.50),
        p99: at(0.99),
        max: samples[samples.len() - 1],
    }
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

/// Nearest-10 on the index, from query points spread over England and from points near
/// practices (within 5 km, where people live), alternating GP / dentist / NHS dentist.
fn in_process(app: &AppState, queries: usize) {
    let index = app.finder.index();
    let mut rng = StdRng::seed_from_u64(7);
    let practices = practice_points(app);
    let england: Vec<GridPoint> = (0..queries)
        .map(|_| {
            GridPoint::new(
                rng.gen_range(85_000.0..655_000.0),
                rng.gen_range(10_000.0..660_000.0),
            )
        })
        .collect();
    let near: Vec<GridPoint> = (0..queries)
        .map(|_| {
            let p = practices
                .choose(&mut rng)
                .copied()
                .unwrap_or(GridPoint::new(394_373.0, 290_482.0));
            GridPoint::new(
                p.easting + rng.gen_range(-5_000.0..5_000.0),
                p.northing + rng.gen_range(-5_000.0..5_000.0),
            )
        })
        .collect();
    let searches = [
        (PracticeKind::Gp, false),
        (PracticeKind::Dentist, false),
        (PracticeKind::Dentist, true),
    ];
    println!(
        "\nin-process nearest-10 over {} indexed practices ({queries} queries each):",
        index.len()
    );
    for (label, points) in [
        ("random points in England", &england),
        ("within 5 km of a practice", &near),
    ] {
        // Warm up caches and the branch predictor.
        for (i, point) in points.iter().take(10_000).enumerate() {
            let (kind, nhs) = searches[i % 3];
            black_box(index.nearest(*point, kind, nhs, 10));
        }
        let started = Instant::now();
        let mut samples = Vec::with_capacity(points.len());
        for (i, point) in points.iter().enumerate() {
            let (kind, nhs) = searches[i % 3];
            let t = Instant::now();
            black_box(index.nearest(*point, kind, nhs, 10));
            samples.push(t.elapsed());
        }
        let wall = started.elapsed();
        let p = percentiles(samples);
        println!(
            "  {label:28} mean {:.1} µs, p50 {:.1} µs, p99 {:.1} µs, max {:.0} µs ({:.0} queries/s on one core)",
            micros(p.mean),
            micros(p.p50),
            micros(p.p99),
            micros(p.max),
            points.len() as f64 / wall.as_secs_f64()
        );
    }
    // A phone's position: WGS84 -> grid (OSTN15) and then the search.
    let gps: Vec<(f64, f64)> = near
        .iter()
        .filter_map(|p| geo::grid_to_wgs84(*p))
        .take(queries / 4)
        .collect();
    let started = Instant::now();
    for (i, (lat, lon)) in gps.iter().enumerate() {
        if let Ok(point) = geo::wgs84_to_grid(*lat, *lon) {
            let (kind, nhs) = searches[i % 3];
            black_box(index.nearest(point, kind, nhs, 10));
        }
    }
    println!(
        "  {:28} mean {:.1} µs",
        "lat/lon -> grid + nearest-10",
        micros(started.elapsed()) / gps.len().max(1) as f64
    );
}

fn practice_points(app: &AppState) -> Vec<GridPoint> {
    let index = app.finder.index();
    // Positions of GP practices: the nearest one to each of a spread of points.
    let mut rng = StdRng::seed_from_u64(11);
    (0..2_000)
        .flat_map(|_| {
            let p = GridPoint::new(
                rng.gen_range(85_000.0..655_000.0),
                rng.gen_range(10_000.0..660_000.0),
            );
            index
                .nearest(p, PracticeKind::Gp, false, 1)
                .into_iter()
                .map(|(found, _)| found.point)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Throughput and latency of GET /v1/practices/nearby through the whole stack (routing,
/// sign-in check against the database, validation, postcode lookup, index, JSON).
async fn http(app: &AppState, requests: usize, concurrency: usize) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(care_passport::serve(listener, app.clone(), async {
        let _ = stopped.await;
    }));
    let password = "bench-lighthouse-trombone-42";
    care_passport::demo::create_user(
        app,
        Role::CareLeaver,
        "bench@young.example",
        "Bench Tester",
        "dudley",
        Some(password.into()),
        chrono::NaiveDate::from_ymd_opt(2006, 5, 1),
    )
    .await
    .map_err(|e| anyhow::anyhow!("creating the bench user: {e}"))?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()?;
    let login: serde_json::Value = client
        .post(format!("http://{addr}/v1/auth/login"))
        .json(&serde_json::json!({"email": "bench@young.example", "password": password}))
        .send()
        .await?
        .json()
        .await?;
    let token = login["access_token"]
        .as_str()
        .context("signed in")?
        .to_owned();

    let postcodes: Vec<String> = entity::postcode::Entity::find()
        .all(&app.db)
        .await?
        .into_iter()
        .map(|p| p.postcode)
        .collect();
    let mut rng = StdRng::seed_from_u64(3);
    let kinds = ["kind=gp", "kind=dentist", "kind=dentist&nhs_only=true"];
    let by_postcode: Vec<String> = (0..1_000)
        .map(|i| {
            let postcode = postcodes
                .choose(&mut rng)
                .cloned()
                .unwrap_or_else(|| "DY1 1HF".into());
            format!(
                "/v1/practices/nearby?{}&postcode={}&limit=10",
                kinds[i % 3],
                postcode.replace(' ', "%20")
            )
        })
        .collect();
    let by_position: Vec<String> = (0..1_000)
        .map(|i| {
            let lat = 52.35 + rng.gen_range(0.0..0.35);
            let lon = -2.35 + rng.gen_range(0.0..0.5);
            format!(
                "/v1/practices/nearby?{}&lat={lat:.5}&lon={lon:.5}&limit=10",
                kinds[i % 3]
            )
        })
        .collect();

    println!(
        "\nHTTP GET /v1/practices/nearby on 127.0.0.1, {requests} requests per run, {concurrency} concurrent connections, load generator in the same process:"
    );
    for (label, paths) in [("by postcode", by_postcode), ("by lat/lon", by_position)] {
        // Warm-up: connections, caches, SQLite page cache.
        load(&client, addr, &token, &paths, 1_000, concurrency).await?;
        let (wall, samples, failures) =
            load(&client, addr, &token, &paths, requests, concurrency).await?;
        let p = percentiles(samples);
        println!(
            "  {label:12} {:.0} requests/s, latency mean {:.2} ms, p50 {:.2} ms, p99 {:.2} ms, max {:.1} ms, non-200: {failures}",
            requests as f64 / wall.as_secs_f64(),
            micros(p.mean) / 1000.0,
            micros(p.p50) / 1000.0,
            micros(p.p99) / 1000.0,
            micros(p.max) / 1000.0,
        );
    }
    let _ = stop.send(());
    server.await??;
    Ok(())
}

/// Sends `total` requests over `concurrency` connections; returns the wall time, each
/// request's latency and how many did not answer 200.
async fn load(
    client: &reqwest::Client,
    addr: std::net::SocketAddr,
    token: &str,
    paths: &[String],
    total: usize,
    concurrency: usize,
) -> anyhow::Result<(Duration, Vec<Duration>, usize)> {
    let next = Arc::new(AtomicUsize::new(0));
    let paths = Arc::new(paths.to_vec());
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (client, next, paths) = (client.clone(), next.clone(), paths.clone());
            let token = token.to_owned();
            tokio::spawn(async move {
                let mut samples = Vec::new();
                let mut failures = 0;
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= total {
                        break;
                    }
                    let url = format!("http://{addr}{}", paths[i % paths.len()]);
                    let t = Instant::now();
                    let ok = match client.get(url).bearer_auth(&token).send().await {
                        Ok(response) => {
                            let status = response.status();
                            response.bytes().await.is_ok() && status.is_success()
                        }
                        Err(_) => false,
                    };
                    samples.push(t.elapsed());
                    failures += usize::from(!ok);
                }
                (samples, failures)
            })
        })
        .collect();
    let mut samples = Vec::with_capacity(total);
    let mut failures = 0;
    for worker in workers {
        let (s, f) = worker.await?;
        samples.extend(s);
        failures += f;
    }
    Ok((started.elapsed(), samples, failures))
}
