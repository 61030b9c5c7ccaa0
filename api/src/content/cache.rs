//! Rendered article versions. A published version never changes, so its rendering (sanitised
//! Markdown, safe HTML, reading-ease score) is computed once and reused by every list.
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use uuid::Uuid;

use super::model::ArticleView;

/// At most this many renderings are kept; a dropped one is rendered again when next listed.
const MAX_ENTRIES: usize = 1024;

/// (article id, version number) → the version as the app sees it.
type Entries = HashMap<(Uuid, i32), Arc<ArticleView>>;

#[derive(Clone, Default)]
pub struct ArticleViews {
    entries: Arc<Mutex<Entries>>,
}

impl ArticleViews {
    fn entries(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn get(&self, article: Uuid, version: i32) -> Option<Arc<ArticleView>> {
        self.entries().get(&(article, version)).cloned()
    }

    pub fn put(&self, article: Uuid, version: i32, view: ArticleView) -> Arc<ArticleView> {
        let view = Arc::new(view);
        let mut entries = self.entries();
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert((article, version), view.clone());
        view
    }
}
