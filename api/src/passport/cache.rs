//! Rendered passports of young people reading their own.
//!
//! A young person's passport changes only when a version is published, when they acknowledge
//! it, when their profile changes (date of birth, registered GP or dentist) or when the date
//! moves on (immunisation gaps). An entry remembers exactly those inputs; a read checks them
//! against the one row it loads anyway and serves the stored bytes and ETag when they match.
//! Publishing, acknowledging and profile changes also drop the entry at once, so its memory is
//! freed and the next read renders afresh.
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use bytes::Bytes;
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::{care_leavers::CareLeaver, http::ETag};

/// At most this many passports are kept (about 11 KB each for the demo passport).
const MAX_ENTRIES: usize = 2048;

/// Everything a young person's view of their latest version depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs {
    pub version_id: Uuid,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub date_of_birth: NaiveDate,
    pub gp_ods_code: Option<String>,
    pub dentist_ods_code: Option<String>,
    pub today: NaiveDate,
}

impl Inputs {
    pub fn new(
        leaver: &CareLeaver,
        version_id: Uuid,
        acknowledged_at: Option<DateTime<Utc>>,
        today: NaiveDate,
    ) -> Self {
        Self {
            version_id,
            acknowledged_at,
            date_of_birth: leaver.profile.date_of_birth,
            gp_ods_code: leaver.profile.gp_ods_code.clone(),
            dentist_ods_code: leaver.profile.dentist_ods_code.clone(),
            today,
        }
    }
}

/// One rendered passport: the JSON body and its ETag.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub inputs: Inputs,
    pub number: i32,
    pub body: Bytes,
    pub etag: ETag,
}

/// Care leaver id → their rendered passport.
#[derive(Clone, Default)]
pub struct PassportCache {
    entries: Arc<Mutex<HashMap<Uuid, Arc<Rendered>>>>,
}

impl PassportCache {
    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<Uuid, Arc<Rendered>>> {
        // A panic while holding the lock cannot leave the map half-changed.
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The stored rendering for `care_leaver`, whatever its inputs.
    pub fn get(&self, care_leaver: Uuid) -> Option<Arc<Rendered>> {
        self.entries().get(&care_leaver).cloned()
    }

    pub fn put(&self, care_leaver: Uuid, rendered: Rendered) -> Arc<Rendered> {
        let rendered = Arc::new(rendered);
        let mut entries = self.entries();
        crate::cache::make_room(&mut entries, &care_leaver, MAX_ENTRIES);
        entries.insert(care_leaver, rendered.clone());
        rendered
    }

    /// Drops `care_leaver`'s entry (after a publish, an acknowledgement or a profile change).
    pub fn forget(&self, care_leaver: Uuid) {
        self.entries().remove(&care_leaver);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(n: i32) -> Rendered {
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
        Rendered {
            inputs: Inputs {
                version_id: Uuid::nil(),
                acknowledged_at: None,
                date_of_birth: day,
                gp_ods_code: None,
                dentist_ods_code: None,
                today: day,
            },
            number: n,
            body: Bytes::from_static(b"{}"),
            etag: ETag::of(b"{}"),
        }
    }

    #[test]
    fn the_cache_keeps_a_bounded_number_of_passports_and_forgets_on_request() {
        let cache = PassportCache::default();
        for _ in 0..MAX_ENTRIES + 10 {
            cache.put(Uuid::new_v4(), rendered(1));
        }
        assert_eq!(cache.entries().len(), MAX_ENTRIES);
        let id = Uuid::new_v4();
        cache.put(id, rendered(2));
        assert_eq!(cache.get(id).map(|r| r.number), Some(2));
        cache.forget(id);
        assert!(cache.get(id).is_none());
    }
}
