//! Typed configuration read from the environment. A bad value stops start-up with one line
//! naming the variable.
use std::{fmt, net::SocketAddr, path::PathBuf, time::Duration};

use rand::RngCore;
use url::Url;

/// Everything the service needs to run. Secrets are redacted from `Debug`.
#[derive(Clone)]
pub struct Config {
    pub database_url: String,
    pub data_dir: PathBuf,
    pub bind_addr: SocketAddr,
    pub public_base_url: Url,
    pub jwt_secret: Vec<u8>,
    /// 32 bytes that encrypt second-factor secrets at rest: `SECOND_FACTOR_KEY` (64 hex
    /// digits) or `DATA_DIR/second-factor-key` (created 0600 on first start).
    pub second_factor_key: Vec<u8>,
    /// Staff console session limits.
    pub console: ConsoleSettings,
    /// `None`: mail is written as `.eml` files under `DATA_DIR/mail/`.
    pub smtp_url: Option<Url>,
    pub mail_from: String,
    pub log_format: LogFormat,
    /// Programme inbox told about every Chances4YOUth expression of interest.
    pub chances4youth_inbox: Option<String>,
    pub mail: MailSettings,
    pub access_token_ttl: Duration,
    /// Idle window: a refresh token not used within it expires.
    pub refresh_token_ttl: Duration,
    /// Absolute session lifetimes, whatever the refresh activity.
    pub session_lifetime_care_leaver: Duration,
    pub session_lifetime_staff: Duration,
    /// Reverse proxies whose `X-Forwarded-For` names the client (`TRUSTED_PROXIES`).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// A second, private address serving only `/metrics` (no token needed there).
    pub metrics_addr: Option<SocketAddr>,
    /// Bearer token for `/metrics` on the main address; without it that route is 404.
    pub metrics_token: Option<String>,
    /// A request still running after this is answered 503.
    pub request_timeout: Duration,
    /// Requests handled at once; more are refused at once with 503 and `Retry-After`.
    pub max_concurrent_requests: usize,
    /// How often each instance checks whether the practice list changed (another instance
    /// or the import command may have changed it).
    pub finder_refresh: Duration,
}

/// How the outbox worker paces itself.
#[derive(Clone, Debug)]
pub struct MailSettings {
    pub poll_interval: Duration,
    pub max_attempts: i32,
    /// First retry delay; doubles per attempt, with jitter.
    pub retry_base: Duration,
    pub retry_max: Duration,
    /// SMTP command timeout: an unreachable server must not hold the worker.
    pub smtp_timeout: Duration,
    /// How long a worker's claim on a message lasts; a worker that died mid-send leaves the
    /// message to be retried after this. Keep it well above `smtp_timeout`.
    pub claim_for: Duration,
}

impl Default for MailSettings {
    fn default() -> Self {
        Self {
            poll_interval: Duration::from_secs(2),
            max_attempts: 8,
            retry_base: Duration::from_secs(30),
            retry_max: Duration::from_secs(3600),
            smtp_timeout: Duration::from_secs(20),
            claim_for: Duration::from_secs(300),
        }
    }
}

/// How long a staff console session lasts.
#[derive(Clone, Copy, Debug)]
pub struct ConsoleSettings {
    /// Ends after this long without a request.
    pub idle_timeout: Duration,
    /// Ends this long after sign-in, however busy.
    pub absolute_timeout: Duration,
}

impl Default for ConsoleSettings {
    fn default() -> Self {
        Self {
            idle_timeout: Duration::from_secs(30 * 60),
            absolute_timeout: Duration::from_secs(12 * 3600),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

/// A configuration problem, always tied to the variable that caused it.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{variable}: {message}")]
pub struct ConfigError {
    pub variable: &'static str,
    pub message: String,
}

fn bad(variable: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError {
        variable,
        message: message.into(),
    }
}

impl Config {
    /// Reads the process environment (after an optional `.env`).
    pub fn from_env() -> Result<Self, ConfigError> {
        let _ = dotenvy::dotenv();
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
    }

    /// Builds the configuration from any variable source, so tests need not touch the
    /// process environment.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let data_dir = PathBuf::from(get("DATA_DIR").unwrap_or_else(|| "./data".into()));
        let bind_addr: SocketAddr = get("BIND_ADDR")
            .unwrap_or_else(|| "127.0.0.1:8080".into())
            .parse()
            .map_err(|_| bad("BIND_ADDR", "expected host:port, e.g. 127.0.0.1:8080"))?;
        let public_base_url = match get("PUBLIC_BASE_URL") {
            Some(v) => Url::parse(&v)
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https"))
                .ok_or_else(|| bad("PUBLIC_BASE_URL", "expected an http(s) URL"))?,
            None => Url::parse(&format!("http://{bind_addr}"))
                .map_err(|_| bad("BIND_ADDR", "cannot form a base URL"))?,
        };
        let database_url = match get("DATABASE_URL") {
            Some(v) if v.starts_with("postgres://") || v.starts_with("postgresql://") => v,
            Some(v) if v.starts_with("sqlite:") => v,
            Some(_) => {
                return Err(bad(
                    "DATABASE_URL",
                    "expected postgres://… or sqlite:… (leave unset for the embedded default)",
                ));
            }
            None => format!(
                "sqlite://{}?mode=rwc",
                data_dir.join("care-passport.db").display()
            ),
        };
        let jwt_secret = match get("JWT_SECRET") {
            Some(v) if v.len() >= 32 => v.into_bytes(),
            Some(_) => return Err(bad("JWT_SECRET", "must be at least 32 characters")),
            None => Vec::new(), // generated on first use of the data directory: see `ensure_jwt_secret`
        };
        let second_factor_key = match get("SECOND_FACTOR_KEY") {
            Some(v) => hex::decode(v.trim())
                .ok()
                .filter(|k| k.len() == 32)
                .ok_or_else(|| bad("SECOND_FACTOR_KEY", "expected 64 hex digits (32 bytes)"))?,
            None => Vec::new(), // generated on first use of the data directory: see `ensure_data_dir`
        };
        let smtp_url = match get("SMTP_URL") {
            Some(v) => Some(
                Url::parse(&v)
                    .ok()
                    .filter(|u| matches!(u.scheme(), "smtp" | "smtps") && u.host().is_some())
                    .ok_or_else(|| {
                        bad(
                            "SMTP_URL",
                            "expected smtp://host:port, smtp://host:port (plain), smtp://host:port?tls=required (STARTTLS) or smtps://host:port (TLS)",
                        )
                    })?,
            ),
            None => None,
        };
        let mail_from =
            get("MAIL_FROM").unwrap_or_else(|| "Care Passport <care-passport@localhost>".into());
        if mail_from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(bad(
                "MAIL_FROM",
                "expected an address such as Name <a@b.example>",
            ));
        }
        let log_format = match get("LOG_FORMAT").as_deref() {
            None | Some("pretty") => LogFormat::Pretty,
            Some("json") => LogFormat::Json,
            Some(_) => return Err(bad("LOG_FORMAT", "expected pretty or json")),
        };
        let chances4youth_inbox = get("CHANCES4YOUTH_INBOX");
        if let Some(inbox) = &chances4youth_inbox
            && inbox.parse::<lettre::Address>().is_err()
        {
            return Err(bad("CHANCES4YOUTH_INBOX", "expected an e-mail address"));
        }
        let mut mail = MailSettings::default();
        if let Some(v) = get("MAIL_MAX_ATTEMPTS") {
            mail.max_attempts = v
                .parse()
                .ok()
                .filter(|n| (1..=50).contains(n))
                .ok_or_else(|| bad("MAIL_MAX_ATTEMPTS", "expected a number from 1 to 50"))?;
        }
        let trusted_proxies = match get("TRUSTED_PROXIES") {
            Some(v) => v
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(|p| p.parse::<std::net::IpAddr>())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|_| {
                    bad(
                        "TRUSTED_PROXIES",
                        "expected IP addresses separated by commas, e.g. 10.0.0.5,10.0.0.6",
                    )
                })?,
            None => Vec::new(),
        };
        if let Some(v) = get("MAIL_CLAIM_SECS") {
            mail.claim_for = v
                .parse()
                .ok()
                .filter(|n| (2..=86_400).contains(n))
                .map(Duration::from_secs)
                .ok_or_else(|| bad("MAIL_CLAIM_SECS", "expected seconds from 2 to 86400"))?;
            mail.smtp_timeout = mail.smtp_timeout.min(mail.claim_for / 2);
        }
        let metrics_addr = get("METRICS_ADDR")
            .map(|v| v.parse::<SocketAddr>())
            .transpose()
            .map_err(|_| bad("METRICS_ADDR", "expected host:port, e.g. 127.0.0.1:9464"))?;
        let metrics_token = get("METRICS_TOKEN");
        if metrics_token.as_ref().is_some_and(|t| t.len() < 24) {
            return Err(bad("METRICS_TOKEN", "must be at least 24 characters"));
        }
        let request_timeout =
            Duration::from_secs(number(&get, "REQUEST_TIMEOUT_SECS", 30, 1..=600)?);
        let max_concurrent_requests =
            number(&get, "MAX_CONCURRENT_REQUESTS", 512, 1..=100_000)? as usize;
        let finder_refresh =
            Duration::from_secs(number(&get, "FINDER_REFRESH_SECS", 60, 1..=86_400)?);
        Ok(Self {
            database_url,
            data_dir,
            bind_addr,
            public_base_url,
            jwt_secret,
            second_factor_key,
            console: ConsoleSettings::default(),
            smtp_url,
            mail_from,
            log_format,
            chances4youth_inbox,
            mail,
            access_token_ttl: Duration::from_secs(15 * 60),
            refresh_token_ttl: Duration::from_secs(30 * 24 * 3600),
            session_lifetime_care_leaver: Duration::from_secs(90 * 24 * 3600),
            session_lifetime_staff: Duration::from_secs(12 * 3600),
            trusted_proxies,
            metrics_addr,
            metrics_token,
            request_timeout,
            max_concurrent_requests,
            finder_refresh,
        })
    }

    /// Creates `DATA_DIR` and, when `JWT_SECRET` was not given, loads or generates the
    /// secret kept in `DATA_DIR/jwt-secret` (mode 0600), so tokens survive restarts.
    pub fn ensure_data_dir(&mut self) -> Result<(), ConfigError> {
        create_private_dir(&self.data_dir).map_err(|e| {
            bad(
                "DATA_DIR",
                format!("cannot create {}: {e}", self.data_dir.display()),
            )
        })?;
        // The SQLite file is created here, owner-only, before SQLite opens it: its WAL and
        // shared-memory files then take the same permissions.
        if let Some(path) = self.sqlite_path() {
            create_private_file(&path).map_err(|e| {
                bad(
                    "DATABASE_URL",
                    format!("cannot create {}: {e}", path.display()),
                )
            })?;
        }
        if self.second_factor_key.is_empty() {
            self.second_factor_key =
                load_or_create_key(&self.data_dir.join("second-factor-key"), 32)?;
        }
        if !self.jwt_secret.is_empty() {
            return Ok(());
        }
        let path = self.data_dir.join("jwt-secret");
        if let Ok(existing) = std::fs::read(&path)
            && existing.len() >= 32
        {
            self.jwt_secret = existing;
            return Ok(());
        }
        let mut secret = vec![0u8; 64];
        rand::rngs::OsRng.fill_bytes(&mut secret);
        write_private(&path, &secret)
            .map_err(|e| bad("DATA_DIR", format!("cannot write {}: {e}", path.display())))?;
        self.jwt_secret = secret;
        Ok(())
    }

    pub fn is_sqlite(&self) -> bool {
        self.database_url.starts_with("sqlite:")
    }

    /// The database file of a file-backed SQLite URL.
    pub fn sqlite_path(&self) -> Option<PathBuf> {
        let rest = self.database_url.strip_prefix("sqlite:")?;
        let rest = rest.strip_prefix("//").unwrap_or(rest);
        let path = rest.split('?').next().unwrap_or("");
        (!path.is_empty() && !path.contains(":memory:")).then(|| PathBuf::from(path))
    }
}

/// Creates a directory (and its parents) readable only by the service's user.
#[cfg(unix)]
pub fn create_private_dir(path: &std::path::Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(path)
}

#[cfg(not(unix))]
pub fn create_private_dir(path: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(path)
}

/// Creates an empty file readable only by the service's user, or makes an existing one so.
#[cfg(unix)]
fn create_private_file(path: &std::path::Path) -> std::io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .mode(0o600)
        .open(path)?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
}

#[cfg(not(unix))]
fn create_private_file(path: &std::path::Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .map(|_| ())
}

/// Reads a key file of exactly `len` bytes, or creates one (mode 0600).
fn load_or_create_key(path: &std::path::Path, len: usize) -> Result<Vec<u8>, ConfigError> {
    if let Ok(existing) = std::fs::read(path)
        && existing.len() == len
    {
        return Ok(existing);
    }
    let mut key = vec![0u8; len];
    rand::rngs::OsRng.fill_bytes(&mut key);
    write_private(path, &key)
        .map_err(|e| bad("DATA_DIR", format!("cannot write {}: {e}", path.display())))?;
    Ok(key)
}

/// A whole number from `variable`, or `default` when unset.
fn number(
    get: &impl Fn(&str) -> Option<String>,
    variable: &'static str,
    default: u64,
    range: std::ops::RangeInclusive<u64>,
) -> Result<u64, ConfigError> {
    match get(variable) {
        None => Ok(default),
        Some(v) => v.parse().ok().filter(|n| range.contains(n)).ok_or_else(|| {
            bad(
                variable,
                format!(
                    "expected a number from {} to {}",
                    range.start(),
                    range.end()
                ),
            )
        }),
    }
}

#[cfg(unix)]
pub fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(bytes)
}

#[cfg(not(unix))]
pub fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut smtp = self.smtp_url.clone();
        if let Some(u) = smtp.as_mut()
            && u.password().is_some()
        {
            let _ = u.set_password(Some("***"));
        }
        let mut db = Url::parse(&self.database_url).ok();
        if let Some(u) = db.as_mut()
            && u.password().is_some()
        {
            let _ = u.set_password(Some("***"));
        }
        f.debug_struct("Config")
            .field("database_url", &db.map(|u| u.to_string()))
            .field("data_dir", &self.data_dir)
            .field("bind_addr", &self.bind_addr)
            .field("public_base_url", &self.public_base_url.as_str())
            .field("jwt_secret", &"***")
            .field("second_factor_key", &"***")
            .field("smtp_url", &smtp.map(|u| u.to_string()))
            .field("mail_from", &self.mail_from)
            .field("log_format", &self.log_format)
            .field("metrics_addr", &self.metrics_addr)
            .field("metrics_token", &self.metrics_token.as_ref().map(|_| "***"))
            .field("request_timeout", &self.request_timeout)
            .field("max_concurrent_requests", &self.max_concurrent_requests)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config_with(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_use_sqlite_under_the_data_dir() {
        let config = config_with(&[]).expect("defaults are valid");
        assert_eq!(
            config.database_url,
            "sqlite://./data/care-passport.db?mode=rwc"
        );
        assert_eq!(config.bind_addr.to_string(), "127.0.0.1:8080");
        assert_eq!(config.public_base_url.as_str(), "http://127.0.0.1:8080/");
        assert!(config.smtp_url.is_none());
    }

    #[test]
    fn each_bad_value_names_its_variable() {
        let cases = [
            ("BIND_ADDR", "not an address"),
            ("PUBLIC_BASE_URL", "ftp://x"),
            ("DATABASE_URL", "mysql://x"),
            ("JWT_SECRET", "short"),
            ("SMTP_URL", "http://mail"),
            ("MAIL_FROM", "not an address"),
            ("LOG_FORMAT", "xml"),
            ("CHANCES4YOUTH_INBOX", "nobody"),
            ("MAIL_MAX_ATTEMPTS", "0"),
            ("TRUSTED_PROXIES", "10.0.0.0/8"),
            ("SECOND_FACTOR_KEY", "abcd"),
            ("MAIL_CLAIM_SECS", "1"),
            ("METRICS_ADDR", "nowhere"),
            ("METRICS_TOKEN", "short"),
            ("REQUEST_TIMEOUT_SECS", "0"),
            ("MAX_CONCURRENT_REQUESTS", "many"),
            ("FINDER_REFRESH_SECS", "-1"),
        ];
        for (variable, value) in cases {
            let err = config_with(&[(variable, value)]).expect_err(variable);
            assert_eq!(err.variable, variable, "{value}");
            assert!(err.to_string().starts_with(variable));
        }
    }

    #[test]
    fn debug_output_redacts_secrets() {
        let config = config_with(&[
            ("JWT_SECRET", "0123456789abcdef0123456789abcdef"),
            ("SMTP_URL", "smtp://user:hunter2@mail.example:587"),
            ("METRICS_TOKEN", "scrape-secret-0123456789abcdef"),
        ])
        .unwrap();
        let shown = format!("{config:?}");
        assert!(!shown.contains("hunter2"));
        assert!(!shown.contains("0123456789abcdef"));
        assert!(!shown.contains("scrape-secret"));
    }
}
