//! The entries of a section that a question can point at: the items of a list section (and
//! the relatives in the family history), each by its place in the list and a short name.
//!
//! A question records the place in the published version the young person read. Versions never
//! change, so the place keeps pointing at the same entry; the name is kept beside it so the
//! nurse can see which entry without opening the old version.

use super::model::{PassportContent, SectionId};
use super::wellbeing::{AssessmentKind, CheckKind};

/// Longest entry name kept with a question, in characters.
pub const MAX_LABEL: usize = 200;

/// The names of the entries of `section` in `content`, in order; `None` for a section that is
/// not a list (e.g. "about me"), or a list that is not filled in.
pub fn labels(content: &PassportContent, section: SectionId) -> Option<Vec<String>> {
    use SectionId as S;
    fn names<T>(list: &Option<Vec<T>>, name: impl Fn(&T) -> String) -> Option<Vec<String>> {
        list.as_ref().map(|items| items.iter().map(name).collect())
    }
    let labels = match section {
        S::Conditions => names(&content.conditions, |e| e.name.clone()),
        S::OperationsAndHospitalStays => names(&content.operations_and_hospital_stays, |e| {
            e.description.clone()
        }),
        S::Therapies => names(&content.therapies, |e| e.therapy.clone()),
        S::Medicines => names(&content.medicines, |e| e.name.clone()),
        S::Allergies => names(&content.allergies, |e| e.substance.clone()),
        S::Immunisations => names(&content.immunisations, |e| match e.dose_number {
            Some(n) => format!("{} (dose {n})", e.vaccine),
            None => e.vaccine.clone(),
        }),
        S::DentalOpticalHearing => names(&content.dental_optical_hearing, |e| {
            match e.kind {
                CheckKind::Dental => "Dental check",
                CheckKind::Optical => "Eye test",
                CheckKind::Hearing => "Hearing test",
            }
            .to_owned()
        }),
        S::HealthAssessments => names(&content.health_assessments, |e| {
            let kind = match e.kind {
                AssessmentKind::Initial => "First health assessment",
                AssessmentKind::Review => "Review health assessment",
            };
            format!("{kind} on {}", crate::words::long_date(e.date))
        }),
        S::HealthPlanActions => names(&content.health_plan_actions, |e| e.action.clone()),
        S::WhereToGetHelp => names(&content.where_to_get_help, |e| e.name.clone()),
        S::FamilyHistory => content.family_history.as_ref().map(|f| {
            (f.entries.iter())
                .map(|e| format!("{} ({})", e.condition, e.relationship))
                .collect()
        }),
        S::AboutMe
        | S::BirthHistory
        | S::Development
        | S::EmotionalHealth
        | S::SexualHealthAndSubstanceUse
        | S::MyOwnWords => None,
    }?;
    Some(labels.into_iter().map(|l| shorten(&l)).collect())
}

fn shorten(label: &str) -> String {
    label.trim().chars().take(MAX_LABEL).collect()
}

/// Said when the entry is not in the version read.
pub const NOT_FOUND: &str = "We could not find that entry in this part of your passport. It may have changed, so load your passport again and pick it again.";

/// Why an entry cannot be pointed at, in words the young person reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoSuchEntry {
    /// The section is one block of text, not a list.
    NotAList,
    /// The section has no entries in the version read.
    Empty,
    /// There are `count` entries and the one asked for is not among them.
    OutOfRange { count: usize },
}

/// Said when a question points at an entry of a section that is not a list.
pub const NOT_A_LIST: &str = "This part of your passport is not a list, so you cannot pick one entry. Ask about the whole part instead.";
/// Said when the section has no entries.
pub const NO_ENTRIES: &str =
    "This part of your passport has nothing in it yet, so there is no entry to ask about.";

impl NoSuchEntry {
    /// The message for the `entry_index` field.
    pub fn message(&self) -> &'static str {
        match self {
            NoSuchEntry::NotAList => NOT_A_LIST,
            NoSuchEntry::Empty => NO_ENTRIES,
            NoSuchEntry::OutOfRange { .. } => NOT_FOUND,
        }
    }
}

/// The name of entry `index` of `section` in `content`, or why there is none.
pub fn label_of(
    content: &PassportContent,
    section: SectionId,
    index: i32,
) -> Result<String, NoSuchEntry> {
    let labels = match labels(content, section) {
        Some(labels) => labels,
        None if is_list(section) => return Err(NoSuchEntry::Empty),
        None => return Err(NoSuchEntry::NotAList),
    };
    if labels.is_empty() {
        return Err(NoSuchEntry::Empty);
    }
    let count = labels.len();
    usize::try_from(index)
        .ok()
        .and_then(|i| labels.into_iter().nth(i))
        .ok_or(NoSuchEntry::OutOfRange { count })
}

/// Whether `section` is made of entries a question can point at.
pub fn is_list(section: SectionId) -> bool {
    labels(&every_list_filled(), section).is_some()
}

fn every_list_filled() -> PassportContent {
    PassportContent {
        conditions: Some(vec![]),
        operations_and_hospital_stays: Some(vec![]),
        therapies: Some(vec![]),
        medicines: Some(vec![]),
        allergies: Some(vec![]),
        immunisations: Some(vec![]),
        dental_optical_hearing: Some(vec![]),
        health_assessments: Some(vec![]),
        health_plan_actions: Some(vec![]),
        where_to_get_help: Some(vec![]),
        family_history: Some(Default::default()),
        ..PassportContent::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn content() -> PassportContent {
        serde_json::from_value(json!({
            "allergies": [{"substance": "Penicillin"}, {"substance": "Peanuts"}],
            "immunisations": [{"vaccine": "MMR", "dose_number": 2}, {"vaccine": "Flu"}],
            "medicines": [],
            "health_assessments": [{"kind": "review", "date": "2025-04-03"}],
            "family_history": {"entries": [{"condition": "Epilepsy", "relationship": "Birth father"}]},
            "about_me": {"preferred_name": "Kay"}
        }))
        .expect("valid passport JSON")
    }

    #[test]
    fn an_entry_is_found_by_its_place_and_named_as_the_young_person_sees_it() {
        let c = content();
        let cases = [
            (SectionId::Allergies, 0, Ok("Penicillin")),
            (SectionId::Allergies, 1, Ok("Peanuts")),
            (SectionId::Immunisations, 0, Ok("MMR (dose 2)")),
            (SectionId::Immunisations, 1, Ok("Flu")),
            (
                SectionId::HealthAssessments,
                0,
                Ok("Review health assessment on 3 April 2025"),
            ),
            (SectionId::FamilyHistory, 0, Ok("Epilepsy (Birth father)")),
            (
                SectionId::Allergies,
                2,
                Err(NoSuchEntry::OutOfRange { count: 2 }),
            ),
            (
                SectionId::Allergies,
                -1,
                Err(NoSuchEntry::OutOfRange { count: 2 }),
            ),
            (SectionId::Medicines, 0, Err(NoSuchEntry::Empty)),
            (SectionId::Conditions, 0, Err(NoSuchEntry::Empty)),
            (SectionId::AboutMe, 0, Err(NoSuchEntry::NotAList)),
            (SectionId::MyOwnWords, 0, Err(NoSuchEntry::NotAList)),
        ];
        for (section, index, expected) in cases {
            let found = label_of(&c, section, index);
            assert_eq!(
                found.as_deref().map_err(Clone::clone),
                expected,
                "{section:?} {index}"
            );
        }
    }

    #[test]
    fn every_list_section_and_only_those_take_an_entry() {
        let lists: Vec<SectionId> = SectionId::ALL.into_iter().filter(|s| is_list(*s)).collect();
        assert_eq!(lists.len(), 11);
        assert!(!is_list(SectionId::EmotionalHealth));
        assert!(is_list(SectionId::FamilyHistory));
    }

    #[test]
    fn long_names_are_cut_to_the_stored_length() {
        let c: PassportContent =
            serde_json::from_value(json!({"medicines": [{"name": "x".repeat(500)}]})).unwrap();
        let label = label_of(&c, SectionId::Medicines, 0).unwrap();
        assert_eq!(label.chars().count(), MAX_LABEL);
    }
}
