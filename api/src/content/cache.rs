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
        crate::cache::make_room(&mut entries, &(article, version), MAX_ENTRIES);
        entries.insert((article, version), view.clone());
        view
    }
}

/// What the list of published articles depends on, read in one statement: how many articles
/// are published, the sum of their live version numbers (publishing a new version or taking
/// one down always changes one of these two, whatever the clocks say) and the latest
/// publication and take-down times (which also give the list's `changes_up_to`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListStamp {
    pub published: i64,
    pub versions: i64,
    pub last_published: Option<chrono::DateTime<chrono::Utc>>,
    pub last_unpublished: Option<chrono::DateTime<chrono::Utc>>,
}

/// Which list of published articles: the topic filter and the page (`limit`, `offset`).
pub type ListKey = (Option<super::model::Topic>, u64, u64);

/// Most lists kept at once: the first pages of each topic are what apps ask for; an unusual
/// page is rendered again rather than kept.
const MAX_LISTS: usize = 64;

/// One page of published articles (per topic filter), serialised with its ETag.
#[derive(Debug)]
pub struct RenderedList {
    pub stamp: ListStamp,
    pub body: bytes::Bytes,
    pub etag: crate::http::ETag,
}

/// Serialised article lists, each valid while the database's [`ListStamp`] is the one it was
/// made under. Every instance checks the stamp on every list, so a change made through
/// another instance on the same PostgreSQL database is seen on the next list there too.
#[derive(Clone, Default)]
pub struct ArticleLists {
    entries: Arc<Mutex<HashMap<ListKey, Arc<RenderedList>>>>,
}

impl ArticleLists {
    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<ListKey, Arc<RenderedList>>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The list for `key` if it was made under `stamp`.
    pub fn get(&self, key: ListKey, stamp: &ListStamp) -> Option<Arc<RenderedList>> {
        self.entries()
            .get(&key)
            .filter(|list| list.stamp == *stamp)
            .cloned()
    }

    /// Keeps `list` for `key` (one entry per topic filter and page). At [`MAX_LISTS`] a new
    /// list takes the place of another, so the map stays small whatever pages are asked for.
    pub fn put(&self, key: ListKey, list: RenderedList) -> Arc<RenderedList> {
        let list = Arc::new(list);
        let mut entries = self.entries();
        crate::cache::make_room(&mut entries, &key, MAX_LISTS);
        entries.insert(key, list.clone());
        list
    }
}
