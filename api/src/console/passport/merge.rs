//! Putting one nurse's change into the draft, and merging it when another nurse saved first.
//!
//! Each editor form changes one part of the passport (an object section's fields, or one entry
//! of a list) and carries the section as it was when the form was opened (its "base"). When
//! the draft has moved on since, the change is put on top of the other nurse's draft: an added
//! entry is added, an edited or removed entry is found again by its content (wherever it
//! moved), and an object's fields take this nurse's value only where this nurse changed them.
//! Where both changed the same thing, both are kept in front of the nurse to choose from.
//! Stamps (`recorded_by`, `recorded_at`) are never content.
use serde_json::{Map, Value};

use crate::passport::model::SectionId;

/// A value without its stamps, for comparing content.
pub fn content(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| *k != "recorded_by" && *k != "recorded_at")
                .map(|(k, v)| (k.clone(), content(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(content).collect()),
        other => other.clone(),
    }
}

/// Same content, stamps aside; a missing field is the same as `null`.
pub fn same(a: &Value, b: &Value) -> bool {
    fn drop_nulls(v: Value) -> Value {
        match v {
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| (k, drop_nulls(v)))
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.into_iter().map(drop_nulls).collect()),
            other => other,
        }
    }
    drop_nulls(content(a)) == drop_nulls(content(b))
}

/// The value at `path`, `Null` when absent.
pub fn at<'a>(value: &'a Value, path: &[&str]) -> &'a Value {
    path.iter()
        .try_fold(value, |v, part| v.get(*part))
        .unwrap_or(&Value::Null)
}

/// Sets the value at `path`, creating objects on the way.
pub fn set(value: &mut Value, path: &[&str], new: Value) {
    let mut at = value;
    for part in path {
        if !at.is_object() {
            *at = Value::Object(Map::new());
        }
        at = at
            .as_object_mut()
            .map(|m| m.entry(part.to_string()).or_insert(Value::Null))
            .expect("an object");
    }
    *at = new;
}

/// The entries of the list at `path` (none when it is not recorded).
pub fn entries(value: &Value, path: &[&str]) -> Vec<Value> {
    at(value, path).as_array().cloned().unwrap_or_default()
}

/// One nurse's change, as posted.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// New values for an object section's fields (other fields and its lists are kept).
    Fields(Map<String, Value>),
    Add(Value),
    Edit {
        index: usize,
        entry: Value,
    },
    Remove {
        index: usize,
    },
}

/// Where the change goes: the section's key, and for list changes the list's path.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub section: SectionId,
    pub list: Option<&'a [&'a str]>,
}

/// The draft with `change` made, when the form was opened on the current revision.
pub fn apply(draft: &Value, target: Target, change: &Change) -> Option<Value> {
    let mut draft = draft.clone();
    let key = target.section.to_string();
    match (change, target.list) {
        (Change::Fields(fields), _) => {
            let mut object = at(&draft, &[key.as_str()])
                .as_object()
                .cloned()
                .unwrap_or_default();
            for (k, v) in fields {
                object.insert(k.clone(), v.clone());
            }
            set(&mut draft, &[key.as_str()], Value::Object(object));
        }
        (Change::Add(entry), Some(path)) => {
            let mut list = entries(&draft, path);
            list.push(entry.clone());
            set(&mut draft, path, Value::Array(list));
        }
        (Change::Edit { index, entry }, Some(path)) => {
            let mut list = entries(&draft, path);
            *list.get_mut(*index)? = entry.clone();
            set(&mut draft, path, Value::Array(list));
        }
        (Change::Remove { index }, Some(path)) => {
            let mut list = entries(&draft, path);
            if *index >= list.len() {
                return None;
            }
            list.remove(*index);
            set(&mut draft, path, Value::Array(list));
        }
        _ => return None,
    }
    Some(draft)
}

/// How a change made on an older revision fits the current draft.
#[derive(Debug, Clone, PartialEq)]
pub struct Rebased {
    /// The change as it applies to the current draft.
    pub change: Change,
    /// Fields (or "the entry") both nurses changed differently: `(field, their value)`. The
    /// change keeps this nurse's value; the nurse sees theirs before saving.
    pub clashes: Vec<(String, Value)>,
    /// The entry this nurse changed was removed by the other nurse: the change is now an
    /// addition.
    pub entry_gone: bool,
}

/// Moves `change`, made on `base` (the section as the nurse opened it), onto `current` (the
/// section as saved since by someone else). `None` for a removal that no longer applies (the
/// other nurse removed or changed the entry: nothing to do without asking).
pub fn rebase(
    base: &Value,
    current: &Value,
    target: Target,
    change: &Change,
    key_field: &str,
) -> Option<Rebased> {
    let key = target.section.to_string();
    let section = |v: &Value| at(v, &[key.as_str()]).clone();
    let (base, current) = (section(base), section(current));
    let list_of = |v: &Value| match target.list {
        Some(path) => entries(&wrap(&key, v), path),
        None => Vec::new(),
    };
    let (base_list, current_list) = (list_of(&base), list_of(&current));
    let find = |entry: &Value| current_list.iter().position(|c| same(c, entry));
    let done = |change: Change| Rebased {
        change,
        clashes: Vec::new(),
        entry_gone: false,
    };
    match change {
        Change::Add(_) => Some(done(change.clone())),
        Change::Remove { index } => {
            let was = base_list.get(*index)?;
            find(was).map(|index| done(Change::Remove { index }))
        }
        Change::Edit { index, entry } => {
            let was = base_list.get(*index)?;
            if let Some(index) = find(was) {
                return Some(done(Change::Edit {
                    index,
                    entry: entry.clone(),
                }));
            }
            let key = at(was, &[key_field]);
            match current_list.iter().position(|c| at(c, &[key_field]) == key) {
                Some(index) => Some(Rebased {
                    change: Change::Edit {
                        index,
                        entry: entry.clone(),
                    },
                    clashes: vec![("the entry".into(), current_list[index].clone())],
                    entry_gone: false,
                }),
                None => Some(Rebased {
                    change: Change::Add(entry.clone()),
                    clashes: Vec::new(),
                    entry_gone: true,
                }),
            }
        }
        Change::Fields(mine) => {
            let mut merged = Map::new();
            let mut clashes = Vec::new();
            for (k, my) in mine {
                let was = base.get(k).unwrap_or(&Value::Null);
                let theirs = current.get(k).unwrap_or(&Value::Null);
                let i_changed = !same(my, was);
                let they_changed = !same(theirs, was);
                if i_changed && they_changed && !same(my, theirs) {
                    clashes.push((k.clone(), theirs.clone()));
                }
                let keep = if i_changed { my } else { theirs };
                merged.insert(k.clone(), content(keep));
            }
            Some(Rebased {
                change: Change::Fields(merged),
                clashes,
                entry_gone: false,
            })
        }
    }
}

fn wrap(section: &str, value: &Value) -> Value {
    let mut whole = Value::Object(Map::new());
    set(&mut whole, &[section], value.clone());
    whole
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ALLERGIES: Target = Target {
        section: SectionId::Allergies,
        list: Some(&["allergies"]),
    };

    fn allergy(substance: &str, reaction: &str) -> Value {
        json!({"substance": substance, "reaction": reaction})
    }

    #[test]
    fn changes_on_the_current_revision_go_where_the_form_says() {
        let draft = json!({"allergies": [allergy("Penicillin", "Rash")]});
        let added = apply(
            &draft,
            ALLERGIES,
            &Change::Add(allergy("Peanuts", "Swelling")),
        );
        assert_eq!(added.map(|d| entries(&d, &["allergies"]).len()), Some(2));
        let edited = apply(
            &draft,
            ALLERGIES,
            &Change::Edit {
                index: 0,
                entry: allergy("Penicillin", "Hives"),
            },
        );
        assert_eq!(
            edited.map(|d| d["allergies"][0]["reaction"].clone()),
            Some(json!("Hives"))
        );
        let removed = apply(&draft, ALLERGIES, &Change::Remove { index: 0 });
        assert_eq!(removed.map(|d| d["allergies"].clone()), Some(json!([])));
        assert_eq!(apply(&draft, ALLERGIES, &Change::Remove { index: 3 }), None);
        let nested = apply(
            &json!({}),
            Target {
                section: SectionId::FamilyHistory,
                list: Some(&["family_history", "entries"]),
            },
            &Change::Add(json!({"condition": "Asthma", "relationship": "Birth mother"})),
        );
        assert_eq!(
            nested.map(|d| d["family_history"]["entries"][0]["condition"].clone()),
            Some(json!("Asthma"))
        );
    }

    #[test]
    fn a_change_on_an_old_revision_keeps_both_nurses_work() {
        let base = json!({"allergies": [allergy("Penicillin", "Rash"), allergy("Latex", "Itch")]});
        // The other nurse added an entry at the top and changed Latex.
        let current = json!({"allergies": [
            allergy("Plasters", "Redness"), allergy("Penicillin", "Rash"), allergy("Latex", "Hives")
        ]});
        let cases = [
            (
                Change::Add(allergy("Peanuts", "Swelling")),
                Some((Change::Add(allergy("Peanuts", "Swelling")), 0, false)),
            ),
            (
                Change::Edit {
                    index: 0,
                    entry: allergy("Penicillin", "Wheeze"),
                },
                Some((
                    Change::Edit {
                        index: 1,
                        entry: allergy("Penicillin", "Wheeze"),
                    },
                    0,
                    false,
                )),
            ),
            (
                Change::Edit {
                    index: 1,
                    entry: allergy("Latex", "Swelling"),
                },
                Some((
                    Change::Edit {
                        index: 2,
                        entry: allergy("Latex", "Swelling"),
                    },
                    1,
                    false,
                )),
            ),
            (
                Change::Remove { index: 0 },
                Some((Change::Remove { index: 1 }, 0, false)),
            ),
            (Change::Remove { index: 1 }, None),
        ];
        for (change, expected) in cases {
            let rebased = rebase(&base, &current, ALLERGIES, &change, "substance");
            let got = rebased.map(|r| (r.change, r.clashes.len(), r.entry_gone));
            assert_eq!(got, expected, "{change:?}");
        }
        let gone = json!({"allergies": [allergy("Penicillin", "Rash")]});
        let edit_latex = Change::Edit {
            index: 1,
            entry: allergy("Latex", "Swelling"),
        };
        let rebased = rebase(&base, &gone, ALLERGIES, &edit_latex, "substance");
        assert_eq!(
            rebased.map(|r| (r.change, r.entry_gone)),
            Some((Change::Add(allergy("Latex", "Swelling")), true))
        );
    }

    #[test]
    fn object_fields_take_each_nurses_own_changes_and_name_the_clashes() {
        let target = Target {
            section: SectionId::AboutMe,
            list: None,
        };
        let base =
            json!({"about_me": {"preferred_name": "Kay", "optician": "Boots", "nhs_number": null}});
        let current = json!({"about_me": {"preferred_name": "Kayleigh", "optician": "Specsavers",
                                          "nhs_number": null, "recorded_by": "Sam"}});
        let mine: Map<String, Value> = serde_json::from_value(json!({
            "preferred_name": "Kay", "optician": "Vision Express", "nhs_number": "9434765919"
        }))
        .expect("a map");
        let rebased = rebase(&base, &current, target, &Change::Fields(mine), "").expect("rebased");
        let Change::Fields(merged) = rebased.change else {
            panic!("fields")
        };
        assert_eq!(
            merged["preferred_name"],
            json!("Kayleigh"),
            "theirs: I left it"
        );
        assert_eq!(
            merged["nhs_number"],
            json!("9434765919"),
            "mine: they left it"
        );
        assert_eq!(
            merged["optician"],
            json!("Vision Express"),
            "both: mine, shown with theirs"
        );
        assert_eq!(
            rebased.clashes,
            vec![("optician".to_owned(), json!("Specsavers"))]
        );
    }
}
