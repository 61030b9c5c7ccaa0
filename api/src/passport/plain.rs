//! The passport in plain words: a title and a few short lines per section, for the printable
//! copy and for the narrative of each FHIR section.
//!
//! The lines are made by walking the section's JSON, so a field added to a section shows up
//! here without a second list to keep in step. Server stamps (`recorded_by`, `recorded_at`)
//! are left out: they are for staff, not for a reader of the passport.

use chrono::NaiveDate;
use serde_json::Value;

use super::model::{PassportContent, SectionId};

/// One printed line: how far it is indented (0 = item, 1 = detail) and its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub indent: u8,
    pub text: String,
}

impl Line {
    fn new(indent: u8, text: impl Into<String>) -> Self {
        Line {
            indent,
            text: text.into(),
        }
    }
}

/// The heading a young person reads for a section.
pub fn section_title(section: SectionId) -> &'static str {
    match section {
        SectionId::AboutMe => "About me",
        SectionId::BirthHistory => "When I was born",
        SectionId::FamilyHistory => "My family's health",
        SectionId::Development => "Growing up, learning and support",
        SectionId::Conditions => "Health conditions",
        SectionId::OperationsAndHospitalStays => "Operations and hospital stays",
        SectionId::Therapies => "Therapies",
        SectionId::Medicines => "Medicines",
        SectionId::Allergies => "Allergies",
        SectionId::Immunisations => "Vaccines (immunisations)",
        SectionId::DentalOpticalHearing => "Teeth, eyes and hearing checks",
        SectionId::EmotionalHealth => "Feelings and mental health",
        SectionId::SexualHealthAndSubstanceUse => "Sexual health, drugs and alcohol",
        SectionId::HealthAssessments => "Health checks with the nurse",
        SectionId::HealthPlanActions => "My health plan",
        SectionId::WhereToGetHelp => "Where to get help",
        SectionId::MyOwnWords => "In my own words",
    }
}

/// The section in plain words. A section never filled in says so; an empty list says "none".
pub fn section_lines(content: &PassportContent, section: SectionId) -> Vec<Line> {
    let value = serde_json::to_value(content)
        .ok()
        .and_then(|v| v.get(section.to_string()).cloned())
        .unwrap_or(Value::Null);
    let mut lines = Vec::new();
    match &value {
        Value::Null => lines.push(Line::new(0, "Nothing written here yet.")),
        Value::Array(items) if items.is_empty() => lines.push(Line::new(0, none_known(section))),
        Value::Array(items) => {
            for item in items {
                item_lines(item, &mut lines);
            }
        }
        other => fields(other, 0, &mut lines),
    }
    lines
}

/// The passport with only `sections` kept; every other section becomes `null`.
pub fn keep_only(content: &PassportContent, sections: &[SectionId]) -> PassportContent {
    let Ok(Value::Object(mut map)) = serde_json::to_value(content) else {
        return PassportContent::default();
    };
    for section in SectionId::ALL.into_iter().filter(|s| !sections.contains(s)) {
        map.insert(section.to_string(), Value::Null);
    }
    serde_json::from_value(Value::Object(map)).unwrap_or_default()
}

fn none_known(section: SectionId) -> &'static str {
    match section {
        SectionId::Allergies => "No known allergies.",
        SectionId::Medicines => "No medicines.",
        SectionId::Conditions => "No known health conditions.",
        SectionId::Immunisations => "No vaccines recorded.",
        _ => "None.",
    }
}

/// The field that names a list entry, by section: medicine, allergy, vaccine, operation, …
const TITLE_FIELDS: [&str; 7] = [
    "name",
    "substance",
    "vaccine",
    "description",
    "therapy",
    "action",
    "kind",
];

/// A list entry: its name as the item line, the rest as details under it.
fn item_lines(item: &Value, lines: &mut Vec<Line>) {
    let Value::Object(map) = item else {
        lines.push(Line::new(0, words(item)));
        return;
    };
    // JSON objects here are sorted by key, so the entry's name is picked by meaning.
    let title = TITLE_FIELDS
        .iter()
        .find(|k| map.get(**k).is_some_and(|v| !v.is_null()))
        .copied();
    if let Some(key) = title {
        lines.push(Line::new(0, words(&map[key])));
    }
    let details = map.iter().filter(|(k, v)| shown_field(k, v));
    for (key, value) in details.filter(|(k, _)| Some(k.as_str()) != title) {
        field_line(key, value, 1, lines);
    }
}

fn fields(value: &Value, indent: u8, lines: &mut Vec<Line>) {
    if let Value::Object(map) = value {
        for (key, value) in map.iter().filter(|(k, v)| shown_field(k, v)) {
            field_line(key, value, indent, lines);
        }
    } else {
        lines.push(Line::new(indent, words(value)));
    }
}

fn field_line(key: &str, value: &Value, indent: u8, lines: &mut Vec<Line>) {
    match value {
        Value::Object(_) => {
            lines.push(Line::new(indent, format!("{}:", label(key))));
            fields(value, indent + 1, lines);
        }
        Value::Array(items) if items.iter().any(Value::is_object) => {
            lines.push(Line::new(indent, format!("{}:", label(key))));
            for item in items {
                let text: Vec<String> = match item {
                    Value::Object(map) => map
                        .iter()
                        .filter(|(k, v)| shown_field(k, v))
                        .map(|(_, v)| words(v))
                        .collect(),
                    other => vec![words(other)],
                };
                lines.push(Line::new(indent + 1, text.join(", ")));
            }
        }
        other => lines.push(Line::new(
            indent,
            format!("{}: {}", label(key), words(other)),
        )),
    }
}

fn shown_field(key: &str, value: &Value) -> bool {
    !matches!(key, "recorded_by" | "recorded_at") && !value.is_null()
}

/// A field name as words: `gp_practice_ods_code` → "GP practice ODS code".
fn label(key: &str) -> String {
    let text = key
        .split('_')
        .map(|w| match w {
            "nhs" | "gp" | "ods" | "sdq" | "send" | "ehcp" | "camhs" | "sms" => {
                w.to_ascii_uppercase()
            }
            _ => w.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(" ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// A value as words: dates as "14 March 2012", `true` as "yes", `emergency_caesarean` as
/// "emergency caesarean".
fn words(value: &Value) -> String {
    match value {
        Value::String(s) => {
            if let Ok(date) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
                return crate::words::long_date(date);
            }
            let code_like = !s.is_empty()
                && s.contains('_')
                && s.chars().all(|c| c.is_ascii_lowercase() || c == '_');
            if code_like {
                s.replace('_', " ")
            } else {
                s.clone()
            }
        }
        Value::Bool(true) => "yes".into(),
        Value::Bool(false) => "no".into(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items.iter().map(words).collect::<Vec<_>>().join(", "),
        Value::Object(map) => map
            .iter()
            .filter(|(k, v)| shown_field(k, v))
            .map(|(_, v)| words(v))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Null => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::passport::clinical::Medicine;

    #[test]
    fn a_missing_section_and_an_empty_list_read_differently() {
        let content = PassportContent {
            allergies: Some(vec![]),
            ..PassportContent::default()
        };
        let allergies = section_lines(&content, SectionId::Allergies);
        assert_eq!(allergies, [Line::new(0, "No known allergies.")]);
        let medicines = section_lines(&content, SectionId::Medicines);
        assert_eq!(medicines, [Line::new(0, "Nothing written here yet.")]);
    }

    #[test]
    fn list_entries_read_as_an_item_with_plain_details_and_no_stamps() {
        let content = PassportContent {
            medicines: Some(vec![Medicine {
                name: "Salbutamol inhaler".into(),
                dose: Some("2 puffs when wheezy".into()),
                since: NaiveDate::from_ymd_opt(2012, 3, 14),
                reason: None,
                recorded_by: Some("Sarah Bennett".into()),
                recorded_at: None,
            }]),
            ..PassportContent::default()
        };
        let lines = section_lines(&content, SectionId::Medicines);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Salbutamol inhaler",
                "Dose: 2 puffs when wheezy",
                "Since: 14 March 2012",
            ]
        );
        assert_eq!(label("gp_practice_ods_code"), "GP practice ODS code");
    }
}
