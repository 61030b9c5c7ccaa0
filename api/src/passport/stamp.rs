//! Who recorded each entry, and when.
//!
//! The server stamps content when a draft is saved: entries that are new or changed get the
//! author and time of this save; entries whose content equals one in the previous draft keep
//! that entry's stamp. Stamps sent by the client are never trusted. Entries have no ids, so an
//! entry is "unchanged" when an equal one (ignoring stamps) exists in the previous list; this
//! also makes reordering a list harmless.

use chrono::{DateTime, Utc};

use super::about::{
    AboutMe, BirthHistory, Development, FamilyCondition, FamilyHistory, MyOwnWords,
    SexualHealthAndSubstanceUse,
};
use super::clinical::{Allergy, Condition, Immunisation, Medicine, OperationOrStay, Therapy};
use super::model::PassportContent;
use super::wellbeing::{
    EmotionalHealth, HealthAssessment, HealthCheck, HealthPlanAction, HelpService, SdqScore,
    SupportReceived,
};

/// Declares a piece of passport content (a list entry or a single-object section): the struct
/// as written, plus the stamp every such piece carries, `recorded_by` and `recorded_at`. The
/// server sets them (see [`stamp`]); whatever a client sends there is ignored. Like every body
/// the app sends, it refuses fields it does not know.
macro_rules! stamped {
    (
        $(#[$attr:meta])*
        pub struct $name:ident {
            $($(#[$field_attr:meta])* pub $field:ident: $ty:ty,)*
        }
    ) => {
        #[derive(
            Debug,
            Clone,
            PartialEq,
            Eq,
            serde::Serialize,
            serde::Deserialize,
            utoipa::ToSchema,
        )]
        #[serde(deny_unknown_fields)]
        $(#[$attr])*
        pub struct $name {
            $($(#[$field_attr])* pub $field: $ty,)*
            /// Set by the server.
            pub recorded_by: Option<String>,
            /// Set by the server.
            pub recorded_at: Option<chrono::DateTime<chrono::Utc>>,
        }
    };
}
pub(crate) use stamped;

/// A stamped piece of content: a list entry or a single-object section.
pub(crate) trait Entry: Clone + PartialEq {
    fn stamp_fields(&mut self) -> (&mut Option<String>, &mut Option<DateTime<Utc>>);

    fn recorded(&self) -> (Option<&str>, Option<DateTime<Utc>>);

    /// What makes two versions of an entry "the same entry, changed" in a diff
    /// (e.g. the medicine's name).
    fn key(&self) -> String;

    /// Empties nested lists, which are stamped (and diffed) entry by entry.
    fn clear_nested(&mut self) {}

    /// The entry's own content: without stamps or nested lists.
    fn own_content(&self) -> Self {
        let mut copy = self.clone();
        let (by, at) = copy.stamp_fields();
        *by = None;
        *at = None;
        copy.clear_nested();
        copy
    }
}

fn norm(s: &str) -> String {
    s.trim().to_lowercase()
}

/// `Entry` for types with `recorded_by` and `recorded_at`: `Type => |e| key;`, or with nested
/// lists `Type => |e| key, nested |e| { ... };` to empty them.
macro_rules! entry {
    ($($t:ty => |$e:ident| $key:expr $(, nested |$n:ident| $clear:block)?;)*) => {$(
        impl Entry for $t {
            fn stamp_fields(&mut self) -> (&mut Option<String>, &mut Option<DateTime<Utc>>) {
                (&mut self.recorded_by, &mut self.recorded_at)
            }
            fn recorded(&self) -> (Option<&str>, Option<DateTime<Utc>>) {
                (self.recorded_by.as_deref(), self.recorded_at)
            }
            fn key(&self) -> String {
                let $e = self;
                $key
            }
            $(fn clear_nested(&mut self) {
                let $n = self;
                $clear
            })?
        }
    )*};
}

entry! {
    AboutMe => |_e| String::new();
    BirthHistory => |_e| String::new();
    Development => |_e| String::new();
    SexualHealthAndSubstanceUse => |_e| String::new();
    MyOwnWords => |_e| String::new();
    FamilyCondition => |e| format!("{}|{}", norm(&e.relationship), norm(&e.condition));
    Condition => |e| norm(&e.name);
    OperationOrStay => |e| norm(&e.description);
    Therapy => |e| norm(&e.therapy);
    Medicine => |e| norm(&e.name);
    Allergy => |e| norm(&e.substance);
    Immunisation => |e| format!("{}|{:?}", norm(&e.vaccine), e.dose_number);
    HealthCheck => |e| format!("{:?}", e.kind);
    SupportReceived => |e| norm(&e.service);
    SdqScore => |e| e.date.to_string();
    HealthAssessment => |e| format!("{:?}|{}", e.kind, e.date);
    HealthPlanAction => |e| norm(&e.action);
    HelpService => |e| norm(&e.name);
    FamilyHistory => |_e| String::new(), nested |e| { e.entries.clear(); };
    EmotionalHealth => |_e| String::new(), nested |e| {
        e.support.clear();
        e.sdq_scores.clear();
    };
}

/// Stamps `content` before it is stored: new or changed entries (and single-object sections)
/// get `author` and `now`; unchanged ones keep the stamp they have in `previous` (the stored
/// draft, or the latest published version when there is no draft).
pub fn stamp(
    content: &mut PassportContent,
    previous: Option<&PassportContent>,
    author: &str,
    now: DateTime<Utc>,
) {
    let s = Stamper { author, now };

    macro_rules! singles {
        ($($field:ident),*) => {$(
            s.one(content.$field.as_mut(), previous.and_then(|p| p.$field.as_ref()));
        )*};
    }
    singles!(
        about_me,
        birth_history,
        development,
        sexual_health_and_substance_use,
        my_own_words
    );

    if let Some(family) = content.family_history.as_mut() {
        let before = previous.and_then(|p| p.family_history.as_ref());
        s.one(Some(&mut *family), before);
        s.list(&mut family.entries, before.map(|b| b.entries.as_slice()));
    }
    if let Some(emotional) = content.emotional_health.as_mut() {
        let before = previous.and_then(|p| p.emotional_health.as_ref());
        s.one(Some(&mut *emotional), before);
        s.list(&mut emotional.support, before.map(|b| b.support.as_slice()));
        s.list(
            &mut emotional.sdq_scores,
            before.map(|b| b.sdq_scores.as_slice()),
        );
    }

    macro_rules! lists {
        ($($field:ident),*) => {$(
            if let Some(list) = content.$field.as_mut() {
                s.list(list, previous.and_then(|p| p.$field.as_deref()));
            }
        )*};
    }
    lists!(
        conditions,
        operations_and_hospital_stays,
        therapies,
        medicines,
        allergies,
        immunisations,
        dental_optical_hearing,
        health_assessments,
        health_plan_actions,
        where_to_get_help
    );
}

struct Stamper<'a> {
    author: &'a str,
    now: DateTime<Utc>,
}

impl Stamper<'_> {
    fn one<T: Entry>(&self, current: Option<&mut T>, previous: Option<&T>) {
        let Some(current) = current else { return };
        match previous {
            Some(before) if before.own_content() == current.own_content() => {
                copy_stamp(before, current)
            }
            _ => self.fresh(current),
        }
    }

    fn list<T: Entry>(&self, current: &mut [T], previous: Option<&[T]>) {
        let previous = previous.unwrap_or_default();
        let before: Vec<T> = previous.iter().map(Entry::own_content).collect();
        let mut used = vec![false; previous.len()];
        for entry in current.iter_mut() {
            let content = entry.own_content();
            let same = (0..previous.len()).find(|&j| !used[j] && before[j] == content);
            match same {
                Some(j) => {
                    used[j] = true;
                    copy_stamp(&previous[j], entry);
                }
                None => self.fresh(entry),
            }
        }
    }

    fn fresh<T: Entry>(&self, entry: &mut T) {
        let (by, at) = entry.stamp_fields();
        *by = Some(self.author.to_owned());
        *at = Some(self.now);
    }
}

fn copy_stamp<T: Entry>(from: &T, to: &mut T) {
    let (by, at) = from.recorded();
    let (to_by, to_at) = to.stamp_fields();
    *to_by = by.map(str::to_owned);
    *to_at = at;
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use serde_json::{Value, json};

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, day, 9, 30, 0)
            .single()
            .unwrap_or_default()
    }

    fn content(value: Value) -> PassportContent {
        serde_json::from_value(value).expect("valid passport JSON")
    }

    fn stamps<T: Entry>(entries: Option<&[T]>) -> Vec<(Option<String>, Option<DateTime<Utc>>)> {
        let entries = entries.unwrap_or_default();
        entries
            .iter()
            .map(|e| e.recorded())
            .map(|(b, a)| (b.map(str::to_owned), a))
            .collect()
    }

    fn by(name: &str, day: u32) -> (Option<String>, Option<DateTime<Utc>>) {
        (Some(name.to_owned()), Some(at(day)))
    }

    #[test]
    fn a_first_save_stamps_every_entry_and_section_with_the_author() {
        let mut first = content(json!({
            "about_me": {"preferred_name": "Kay"},
            "medicines": [{"name": "Salbutamol"}, {"name": "Clenil"}],
            "emotional_health": {"sdq_scores": [{"date": "2024-01-01", "score": 15}]}
        }));
        stamp(&mut first, None, "Sarah Bennett", at(5));
        assert_eq!(
            stamps(first.medicines.as_deref()),
            [by("Sarah Bennett", 5), by("Sarah Bennett", 5)]
        );
        assert_eq!(
            first.about_me.as_ref().map(Entry::recorded),
            Some((Some("Sarah Bennett"), Some(at(5))))
        );
        let emotional = first.emotional_health.as_ref();
        assert_eq!(
            emotional.map(Entry::recorded),
            Some((Some("Sarah Bennett"), Some(at(5))))
        );
        assert_eq!(
            stamps(emotional.map(|e| e.sdq_scores.as_slice())),
            [by("Sarah Bennett", 5)]
        );
    }

    #[test]
    fn a_later_save_restamps_only_new_or_changed_entries_and_ignores_client_stamps() {
        let mut first = content(json!({
            "about_me": {"preferred_name": "Kay"},
            "medicines": [{"name": "Salbutamol", "dose": "2 puffs"}, {"name": "Clenil"}],
            "allergies": [{"substance": "Penicillin"}],
            "emotional_health": {"summary": "Settled", "sdq_scores": [{"date": "2024-01-01", "score": 15}]}
        }));
        stamp(&mut first, None, "Sarah Bennett", at(5));

        // Reordered, one dose changed, one medicine added, a forged stamp on an unchanged entry.
        let mut second = content(json!({
            "about_me": {"preferred_name": "Kay", "recorded_by": "Someone else"},
            "medicines": [
                {"name": "Clenil", "recorded_by": "Forged", "recorded_at": "2020-01-01T00:00:00Z"},
                {"name": "Salbutamol", "dose": "4 puffs"},
                {"name": "Melatonin", "recorded_by": "Forged"}
            ],
            "allergies": [{"substance": "Penicillin"}],
            "emotional_health": {"summary": "Settled",
                "sdq_scores": [{"date": "2024-01-01", "score": 15}, {"date": "2025-01-01", "score": 12}]}
        }));
        stamp(&mut second, Some(&first), "Priya Kaur", at(12));

        let about = second.about_me.as_ref().map(Entry::recorded);
        assert_eq!(about, Some((Some("Sarah Bennett"), Some(at(5)))));
        assert_eq!(
            stamps(second.medicines.as_deref()),
            [
                by("Sarah Bennett", 5),
                by("Priya Kaur", 12),
                by("Priya Kaur", 12)
            ]
        );
        assert_eq!(
            stamps(second.allergies.as_deref()),
            [by("Sarah Bennett", 5)]
        );
        let emotional = second.emotional_health.as_ref();
        assert_eq!(
            emotional.map(Entry::recorded),
            Some((Some("Sarah Bennett"), Some(at(5))))
        );
        assert_eq!(
            stamps(emotional.map(|e| e.sdq_scores.as_slice())),
            [by("Sarah Bennett", 5), by("Priya Kaur", 12)]
        );
    }

    #[test]
    fn duplicate_entries_each_keep_one_earlier_stamp_at_most() {
        let mut first = content(json!({"immunisations": [{"vaccine": "Flu"}]}));
        stamp(&mut first, None, "Sarah Bennett", at(5));
        let mut second =
            content(json!({"immunisations": [{"vaccine": "Flu"}, {"vaccine": "Flu"}]}));
        stamp(&mut second, Some(&first), "Priya Kaur", at(12));
        assert_eq!(
            stamps(second.immunisations.as_deref()),
            [by("Sarah Bennett", 5), by("Priya Kaur", 12)]
        );
    }
}
