//! Shared application state handed to every handler.
use std::sync::Arc;

use sea_orm::DatabaseConnection;
use tokio::sync::Notify;

use crate::{auth::tokens::Keys, config::Config};

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
}

impl AppState {
    pub fn new(db: DatabaseConnection, config: Config) -> Self {
        // Installs the metrics recorder before anything counts.
        crate::http::metrics::handle();
        let keys = Keys::new(&config.jwt_secret, config.public_base_url.as_str());
        Self {
            db,
            keys: Arc::new(keys),
            config: Arc::new(config),
            mail_wakeup: Arc::new(Notify::new()),
            finder: crate::finder::Finder::default(),
        }
    }
}
