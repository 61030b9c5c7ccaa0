//! Shared application state handed to every handler.
use std::sync::Arc;

use sea_orm::DatabaseConnection;
use tokio::sync::Notify;

use crate::{
    auth::{second_factor::SecretCipher, tokens::Keys},
    config::Config,
};

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    pub keys: Arc<Keys>,
    /// Wakes the mail worker after a transaction queued mail.
    pub mail_wakeup: Arc<Notify>,
    /// The GP and dentist finder's in-memory index; `crate::serve` builds it from the
    /// database, imports rebuild it.
    pub finder: crate::finder::Finder,
    /// Audit entries of reads, written by group commit (`crate::audit::group`).
    pub audit: crate::audit::AuditLog,
    /// Rendered passports of care leavers reading their own (`crate::passport::cache`).
    pub passports: crate::passport::cache::PassportCache,
    /// Rendered article versions (`crate::content::cache`).
    pub articles: crate::content::cache::ArticleViews,
    /// Serialised lists of published articles (`crate::content::cache::ArticleLists`).
    pub article_lists: crate::content::cache::ArticleLists,
    /// Encrypts and decrypts second-factor secrets.
    pub second_factor: Arc<SecretCipher>,
}

impl AppState {
    pub fn new(db: DatabaseConnection, config: Config) -> Self {
        // Installs the metrics recorder before anything counts.
        crate::http::recorder::handle();
        let keys = Keys::new(&config.jwt_secret, config.public_base_url.as_str());
        let key = if config.second_factor_key.len() == 32 {
            config.second_factor_key.clone()
        } else {
            // Only when `ensure_data_dir` was skipped (benchmarks): secrets then last as long
            // as this process.
            tracing::warn!(
                "no SECOND_FACTOR_KEY: second-factor secrets will not survive a restart"
            );
            let mut key = vec![0u8; 32];
            rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut key);
            key
        };
        Self {
            audit: crate::audit::AuditLog::new(db.clone()),
            second_factor: Arc::new(SecretCipher::new(&key)),
            db,
            keys: Arc::new(keys),
            config: Arc::new(config),
            mail_wakeup: Arc::new(Notify::new()),
            finder: crate::finder::Finder::default(),
            passports: crate::passport::cache::PassportCache::default(),
            articles: crate::content::cache::ArticleViews::default(),
            article_lists: crate::content::cache::ArticleLists::default(),
        }
    }

    /// The token settings and keys the sign-in services issue tokens with.
    pub fn issuer(&self) -> crate::auth::service::Issuer<'_> {
        crate::auth::service::Issuer {
            config: &self.config,
            keys: &self.keys,
        }
    }
}
