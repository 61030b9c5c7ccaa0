//! The bounded in-memory caches' one rule for a full cache (rendered passports, article
//! renderings, article lists).
use std::collections::HashMap;

/// Makes room for `key` in a cache of at most `max` entries: when it is full and `key` is new,
/// one entry (whichever the hash order gives first: in effect, one at random) is dropped, and
/// is built again when next asked for. Emptying the whole cache instead would start every
/// reader again from nothing each time it filled.
pub(crate) fn make_room<K: Eq + std::hash::Hash + Clone, V>(
    entries: &mut HashMap<K, V>,
    key: &K,
    max: usize,
) {
    if entries.len() < max || entries.contains_key(key) {
        return;
    }
    if let Some(dropped) = entries.keys().next().cloned() {
        entries.remove(&dropped);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::make_room;

    #[test]
    fn a_full_cache_drops_one_entry_for_a_new_one_and_keeps_the_rest() {
        let mut entries = HashMap::new();
        for key in 0..1_100 {
            make_room(&mut entries, &key, 1_024);
            entries.insert(key, key * 2);
            assert_eq!(entries.len(), (key + 1).min(1_024));
            assert!(entries.contains_key(&key));
        }
    }

    #[test]
    fn a_key_already_kept_replaces_itself_and_drops_nothing() {
        let mut entries: HashMap<u32, &str> = (0..4).map(|key| (key, "old")).collect();
        make_room(&mut entries, &2, 4);
        entries.insert(2, "new");
        assert_eq!(entries.len(), 4);
        assert_eq!(entries[&2], "new");
    }
}
