//! Where mail goes: an SMTP server (plain, STARTTLS or TLS, from `SMTP_URL`) or, without one,
//! `.eml` files under `DATA_DIR/mail/` for the demo.
use std::path::PathBuf;

use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Mailbox, MultiPart},
};

use crate::config::{Config, ConfigError};

pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(PathBuf),
}

/// Why one delivery attempt failed.
#[derive(Debug)]
pub struct SendError {
    pub message: String,
}

pub struct Mailer {
    transport: Transport,
    from: Mailbox,
}

impl Mailer {
    pub fn from_config(config: &Config) -> Result<Self, ConfigError> {
        let from: Mailbox = config.mail_from.parse().map_err(|_| ConfigError {
            variable: "MAIL_FROM",
            message: "expected an address such as Name <a@b.example>".into(),
        })?;
        let transport = match &config.smtp_url {
            Some(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url.as_str())
                    .map_err(|e| ConfigError {
                        variable: "SMTP_URL",
                        message: format!("cannot use this SMTP URL: {e}"),
                    })?
                    .timeout(Some(config.mail.smtp_timeout))
                    .build(),
            ),
            None => Transport::Files(config.data_dir.join("mail")),
        };
        Ok(Self { transport, from })
    }

    /// Describes the destination for the start-up log (no credentials).
    pub fn describe(&self) -> String {
        match &self.transport {
            Transport::Smtp(_) => "SMTP server from SMTP_URL".into(),
            Transport::Files(dir) => format!(".eml files in {}", dir.display()),
        }
    }

    /// Sends one outbox message, with its stable Message-ID.
    pub async fn send(&self, row: &entity::outbox_message::Model) -> Result<(), SendError> {
        let to: Mailbox = match &row.to_name {
            Some(name) => format!("{name} <{}>", row.to_address).parse(),
            None => row.to_address.parse(),
        }
        .or_else(|_| row.to_address.parse())
        .map_err(|e| SendError {
            message: format!("invalid recipient address: {e}"),
        })?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(row.subject.clone())
            .message_id(Some(row.message_id.clone()))
            .multipart(MultiPart::alternative_plain_html(
                row.body_text.clone(),
                row.body_html.clone(),
            ))
            .map_err(|e| SendError {
                message: format!("cannot build message: {e}"),
            })?;
        match &self.transport {
            Transport::Smtp(smtp) => smtp.send(message).await.map(|_| ()).map_err(|e| SendError {
                message: e.to_string(),
            }),
            Transport::Files(dir) => {
                let path = dir.join(format!("{}.eml", row.id));
                let bytes = message.formatted();
                // The files hold invitation and reset links: owner-only, like the directory.
                let (dir_path, file_path) = (dir.clone(), path.clone());
                let write = tokio::task::spawn_blocking(move || {
                    crate::config::create_private_dir(&dir_path)?;
                    crate::config::write_private(&file_path, &bytes)
                });
                write
                    .await
                    .map_err(std::io::Error::other)
                    .and_then(|r| r)
                    .map_err(|e| SendError {
                        message: format!("cannot write {}: {e}", path.display()),
                    })?;
                tracing::info!(path = %path.display(), "mail written to file (no SMTP_URL set)");
                Ok(())
            }
        }
    }
}
