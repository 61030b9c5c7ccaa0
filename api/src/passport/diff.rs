//! What changed between two passport versions, section by section.
//!
//! Stamps are ignored: only content counts. In list sections an entry equal to one in the other
//! version is unchanged (wherever it moved); of the rest, entries with the same key (a
//! medicine's name, an allergy's substance, ...) count as changed, and the others as added or
//! removed.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::{PassportContent, SectionId};
use super::stamp::Entry;

/// One section that differs between two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "section": "medicines", "change": "changed",
    "entries": {"added": 1, "removed": 0, "changed": 1}
}))]
pub struct SectionChange {
    pub section: SectionId,
    pub change: Change,
    /// For sections made of entries: how many were added, removed and changed.
    pub entries: Option<EntryCounts>,
}

/// How a section differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Filled in in the later version only.
    Added,
    /// Filled in in the earlier version only.
    Removed,
    Changed,
}

/// Entry counts within a changed section.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct EntryCounts {
    pub added: u32,
    pub removed: u32,
    pub changed: u32,
}

impl EntryCounts {
    fn is_zero(self) -> bool {
        self == EntryCounts::default()
    }

    fn plus(self, other: EntryCounts) -> EntryCounts {
        EntryCounts {
            added: self.added + other.added,
            removed: self.removed + other.removed,
            changed: self.changed + other.changed,
        }
    }
}

/// The sections that differ from `a` (earlier) to `b` (later), in passport order.
pub fn diff(a: &PassportContent, b: &PassportContent) -> Vec<SectionChange> {
    use SectionId as S;
    let mut changes = Vec::new();
    let mut push = |change: Option<SectionChange>| changes.extend(change);
    macro_rules! singles {
        ($($id:ident => $field:ident),* $(,)?) => {$(
            push(single(S::$id, a.$field.as_ref(), b.$field.as_ref()));
        )*};
    }
    macro_rules! lists {
        ($($id:ident => $field:ident),* $(,)?) => {$(
            push(list(S::$id, a.$field.as_deref(), b.$field.as_deref()));
        )*};
    }

    singles!(AboutMe => about_me, BirthHistory => birth_history);
    let (fa, fb) = (a.family_history.as_ref(), b.family_history.as_ref());
    let family = count(
        fa.map(|f| f.entries.as_slice()),
        fb.map(|f| f.entries.as_slice()),
    );
    push(composite(S::FamilyHistory, fa, fb, family));
    singles!(Development => development);
    lists!(
        Conditions => conditions,
        OperationsAndHospitalStays => operations_and_hospital_stays,
        Therapies => therapies,
        Medicines => medicines,
        Allergies => allergies,
        Immunisations => immunisations,
        DentalOpticalHearing => dental_optical_hearing,
    );
    let (ea, eb) = (a.emotional_health.as_ref(), b.emotional_health.as_ref());
    let support = count(
        ea.map(|e| e.support.as_slice()),
        eb.map(|e| e.support.as_slice()),
    );
    let sdq = count(
        ea.map(|e| e.sdq_scores.as_slice()),
        eb.map(|e| e.sdq_scores.as_slice()),
    );
    push(composite(S::EmotionalHealth, ea, eb, support.plus(sdq)));
    singles!(SexualHealthAndSubstanceUse => sexual_health_and_substance_use);
    lists!(
        HealthAssessments => health_assessments,
        HealthPlanActions => health_plan_actions,
        WhereToGetHelp => where_to_get_help,
    );
    singles!(MyOwnWords => my_own_words);
    changes
}

fn presence(a: bool, b: bool, changed: bool) -> Option<Change> {
    match (a, b) {
        (false, true) => Some(Change::Added),
        (true, false) => Some(Change::Removed),
        (true, true) if changed => Some(Change::Changed),
        _ => None,
    }
}

fn single<T: Entry>(section: SectionId, a: Option<&T>, b: Option<&T>) -> Option<SectionChange> {
    let changed = matches!((a, b), (Some(a), Some(b)) if a.own_content() != b.own_content());
    let change = presence(a.is_some(), b.is_some(), changed)?;
    Some(SectionChange {
        section,
        change,
        entries: None,
    })
}

fn composite<T: Entry>(
    section: SectionId,
    a: Option<&T>,
    b: Option<&T>,
    entries: EntryCounts,
) -> Option<SectionChange> {
    let own_changed = matches!((a, b), (Some(a), Some(b)) if a.own_content() != b.own_content());
    let changed = own_changed || !entries.is_zero();
    let change = presence(a.is_some(), b.is_some(), changed)?;
    Some(SectionChange {
        section,
        change,
        entries: Some(entries),
    })
}

fn list<T: Entry>(section: SectionId, a: Option<&[T]>, b: Option<&[T]>) -> Option<SectionChange> {
    let entries = count(a, b);
    let change = presence(a.is_some(), b.is_some(), !entries.is_zero())?;
    Some(SectionChange {
        section,
        change,
        entries: Some(entries),
    })
}

/// Matches equal entries first, then pairs the rest by key.
fn count<T: Entry>(a: Option<&[T]>, b: Option<&[T]>) -> EntryCounts {
    let (a, b) = (a.unwrap_or_default(), b.unwrap_or_default());
    let before: Vec<T> = a.iter().map(Entry::own_content).collect();
    let mut used = vec![false; a.len()];
    let mut unmatched = Vec::new();
    for entry in b {
        let content = entry.own_content();
        match (0..a.len()).find(|&j| !used[j] && before[j] == content) {
            Some(j) => used[j] = true,
            None => unmatched.push(entry),
        }
    }
    let mut counts = EntryCounts::default();
    for entry in unmatched {
        let key = entry.key();
        match (0..a.len()).find(|&j| !used[j] && a[j].key() == key) {
            Some(j) => {
                used[j] = true;
                counts.changed += 1;
            }
            None => counts.added += 1,
        }
    }
    counts.removed = used.iter().filter(|u| !**u).count() as u32;
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn content(value: Value) -> PassportContent {
        serde_json::from_value(value).expect("valid passport JSON")
    }

    fn medicine(name: &str, dose: &str) -> Value {
        json!({"name": name, "dose": dose})
    }

    fn counts(added: u32, removed: u32, changed: u32) -> Option<EntryCounts> {
        Some(EntryCounts {
            added,
            removed,
            changed,
        })
    }

    #[test]
    fn versions_differing_only_in_stamps_or_order_have_no_changes() {
        let a = content(json!({
            "medicines": [medicine("Salbutamol", "2 puffs"), medicine("Clenil", "2 puffs")],
            "about_me": {"preferred_name": "Kay", "recorded_by": "Sarah"}
        }));
        let b = content(json!({
            "medicines": [medicine("Clenil", "2 puffs"), medicine("Salbutamol", "2 puffs")],
            "about_me": {"preferred_name": "Kay", "recorded_by": "Priya"}
        }));
        assert_eq!(diff(&a, &b), vec![]);
    }

    #[test]
    fn each_section_reports_how_it_changed() {
        use Change::{Added, Changed, Removed};
        let sdq = |date: &str, score: u32| json!({"date": date, "score": score});
        let cases = [
            (
                json!({}),
                json!({"allergies": []}),
                SectionId::Allergies,
                Added,
                counts(0, 0, 0),
            ),
            (
                json!({"medicines": [medicine("Salbutamol", "2 puffs"), medicine("Clenil", "2 puffs")]}),
                json!({"medicines": [medicine("Clenil", "2 puffs"), medicine("salbutamol ", "4 puffs"),
                                     medicine("Melatonin", "2 mg")]}),
                SectionId::Medicines,
                Changed,
                counts(1, 0, 1),
            ),
            (
                json!({"allergies": [{"substance": "Penicillin"}, {"substance": "Plasters"}]}),
                json!({"allergies": [{"substance": "Penicillin"}]}),
                SectionId::Allergies,
                Changed,
                counts(0, 1, 0),
            ),
            (
                json!({"about_me": {"preferred_name": "Kay"}}),
                json!({"about_me": {"preferred_name": "Kayleigh"}}),
                SectionId::AboutMe,
                Changed,
                None,
            ),
            (
                json!({"my_own_words": {"text": "Hi"}}),
                json!({}),
                SectionId::MyOwnWords,
                Removed,
                None,
            ),
            (
                json!({"emotional_health": {"summary": "Settled", "sdq_scores": [sdq("2024-01-01", 15)]}}),
                json!({"emotional_health": {"summary": "Settled",
                       "sdq_scores": [sdq("2024-01-01", 15), sdq("2025-01-01", 12)]}}),
                SectionId::EmotionalHealth,
                Changed,
                counts(1, 0, 0),
            ),
            (
                json!({"family_history": {"not_known": false}}),
                json!({"family_history": {"not_known": true}}),
                SectionId::FamilyHistory,
                Changed,
                counts(0, 0, 0),
            ),
            (
                json!({}),
                json!({"immunisations": [{"vaccine": "MMR", "dose_number": 1}, {"vaccine": "MMR", "dose_number": 2}]}),
                SectionId::Immunisations,
                Added,
                counts(2, 0, 0),
            ),
        ];
        for (a, b, section, change, entries) in cases {
            let expected = vec![SectionChange {
                section,
                change,
                entries,
            }];
            assert_eq!(diff(&content(a), &content(b)), expected, "{section:?}");
        }
    }

    #[test]
    fn changes_come_in_passport_order() {
        let a = content(json!({"my_own_words": {"text": "Hi"}}));
        let b = content(json!({"about_me": {"preferred_name": "Jay"}, "medicines": []}));
        let sections: Vec<SectionId> = diff(&a, &b).iter().map(|c| c.section).collect();
        let expected = [
            SectionId::AboutMe,
            SectionId::Medicines,
            SectionId::MyOwnWords,
        ];
        assert_eq!(sections, expected);
    }
}
