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
    pub refresh_token_ttl: Duration,
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
}

impl Default for MailSettings {
    fn default() -> Self {
        Self {
            poll_interval: Duration::from_secs(2),
            max_attempts: 8,
            retry_base: Duration::from_secs(30),
            retry_max: Duration::from_secs(3600),
            smtp_timeout: Duration::from_secs(20),
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
        })
    }

    /// Creates `DATA_DIR` and, when `JWT_SECRET` was not given, loads or generates the
    /// secret kept in `DATA_DIR/jwt-secret` (mode 0600), so tokens survive restarts.
    pub fn ensure_data_dir(&mut self) -> Result<(), ConfigError> {
        std::fs::create_dir_all(&self.data_dir).map_err(|e| {
            bad(
                "DATA_DIR",
                format!("cannot create {}: {e}", self.data_dir.display()),
            )
        })?;
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

#[cfg(unix)]
fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
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
fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
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
            ("SECOND_FACTOR_KEY", "abcd"),
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
        ])
        .unwrap();
        let shown = format!("{config:?}");
        assert!(!shown.contains("hunter2"));
        assert!(!shown.contains("0123456789abcdef"));
    }
}
