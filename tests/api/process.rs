//! The real `care-passport` binary as a child process, for what only a process can show: a
//! SIGKILL in the middle of writes, the log lines it prints, `restore` refusing to replace
//! the database of a running server.
use std::{
    io::{BufRead, BufReader},
    net::SocketAddr,
    path::{Path, PathBuf},
    process::{Child, Command, Output, Stdio},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use serde_json::Value;

/// The program under test: `care_passport::commands::main`, the same function the
/// `care-passport` binary runs, built by cargo as this package's binary.
pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_care-passport-under-test"))
}

/// The environment every child gets: JSON logs, a fixed secret and base URL (so tokens
/// survive a restart), quick mail polling, and the working directory's `.env` kept out.
fn command(data_dir: &Path, database_url: &str, smtp_port: u16, extra: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(binary());
    cmd.current_dir(data_dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("RUST_LOG", "info,sqlx=warn,sea_orm=warn")
        .env("LOG_FORMAT", "json")
        .env("DATA_DIR", data_dir)
        .env("DATABASE_URL", database_url)
        .env("BIND_ADDR", "127.0.0.1:0")
        .env("PUBLIC_BASE_URL", "http://127.0.0.1/")
        .env("JWT_SECRET", "test-secret-0123456789abcdef0123456789abcdef")
        .env(
            "SECOND_FACTOR_KEY",
            integration_tests::TEST_SECOND_FACTOR_KEY,
        )
        .env("SMTP_URL", format!("smtp://127.0.0.1:{smtp_port}"))
        .env("CHANCES4YOUTH_INBOX", "chances4youth@dudley.example");
    for (k, v) in extra {
        cmd.env(k, v);
    }
    cmd
}

/// Runs a one-off command (`backup`, `restore`, …) to completion.
pub fn run(data_dir: &Path, database_url: &str, args: &[&str]) -> Output {
    command(data_dir, database_url, 1, &[])
        .args(args)
        .output()
        .expect("command runs")
}

/// A running `care-passport serve`.
pub struct Process {
    child: Child,
    pub addr: SocketAddr,
    lines: Arc<Mutex<Vec<String>>>,
}

impl Process {
    /// Starts `care-passport serve` and waits until it listens.
    pub fn serve(
        data_dir: &Path,
        database_url: &str,
        smtp_port: u16,
        extra: &[(&str, &str)],
    ) -> Self {
        let mut child = command(data_dir, database_url, smtp_port, extra)
            .arg("serve")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("server starts");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let stdout = child.stdout.take().expect("stdout");
        let sink = lines.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                sink.lock().expect("log lines").push(line);
            }
        });
        let deadline = Instant::now() + Duration::from_secs(60);
        let addr = loop {
            let found = lines.lock().expect("log lines").iter().find_map(|l| {
                let v: Value = serde_json::from_str(l).ok()?;
                (v["fields"]["message"] == "Care Passport is listening")
                    .then(|| v["fields"]["address"].as_str()?.parse().ok())
                    .flatten()
            });
            if let Some(addr) = found {
                break addr;
            }
            if let Ok(Some(status)) = child.try_wait() {
                panic!("the server exited at start-up: {status}");
            }
            assert!(Instant::now() < deadline, "the server did not start");
            std::thread::sleep(Duration::from_millis(50));
        };
        Self { child, addr, lines }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// Every line written to standard output so far.
    pub fn log_lines(&self) -> Vec<String> {
        self.lines.lock().expect("log lines").clone()
    }

    /// SIGKILL: no shutdown code runs.
    pub fn kill(mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reaped");
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
