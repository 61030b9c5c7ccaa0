//! Between the editor's HTML forms and the passport's JSON: the values a form shows (from
//! JSON, or as typed when the form comes back with errors), and a posted form read into the
//! JSON of one object or entry. Only the form's own checks live here (a date that is not a
//! date, a required box left blank); the passport's rules stay in `passport::validate`.
use std::collections::HashMap;

use chrono::NaiveDate;

use crate::console::pages;
use serde_json::{Map, Value};

use super::parts::{Field, Kind};

/// Errors on a form, in page order: the element each points at, and the message.
#[derive(Debug, Default, Clone)]
pub struct Errors(pub Vec<(String, String)>);

impl Errors {
    pub fn add(&mut self, anchor: impl Into<String>, message: impl Into<String>) {
        self.0.push((anchor.into(), message.into()));
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    fn for_field(&self, field: &Field) -> Option<String> {
        let anchor = field.anchor();
        self.0
            .iter()
            .find(|(a, _)| *a == anchor)
            .map(|(_, m)| m.clone())
    }
}

/// A posted form: every name with its values, in order.
pub type Posted = Vec<(String, String)>;

fn first<'a>(posted: &'a Posted, name: &str) -> &'a str {
    posted
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.trim())
}

fn all<'a>(posted: &'a Posted, name: &str) -> Vec<&'a str> {
    posted
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .collect()
}

fn lower_first(label: &str) -> String {
    let mut chars = label.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

/// Reads `fields` from a posted form as a JSON object (dotted names as nested objects, left
/// `null` when all their fields are blank), or the form's errors.
pub fn read(fields: &[Field], posted: &Posted) -> Result<Map<String, Value>, Errors> {
    let mut errors = Errors::default();
    let mut object = Map::new();
    for field in fields {
        let value = read_one(field, posted, &mut errors);
        if field.required && value.is_null() && !errors.0.iter().any(|(a, _)| *a == field.anchor())
        {
            let message = match field.kind {
                Kind::Select(_) => format!("Choose {}", lower_first(field.label)),
                _ => format!("Enter {}", lower_first(field.label)),
            };
            errors.add(field.anchor(), message);
        }
        match field.name.split_once('.') {
            None => {
                object.insert(field.name.to_owned(), value);
            }
            Some((head, tail)) => {
                let nested = object
                    .entry(head.to_owned())
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(nested) = nested {
                    nested.insert(tail.to_owned(), value);
                }
            }
        }
    }
    // A nested object with nothing in it is not there at all.
    for value in object.values_mut() {
        if let Value::Object(nested) = value
            && nested.values().all(Value::is_null)
        {
            *value = Value::Null;
        }
    }
    if errors.is_empty() {
        Ok(object)
    } else {
        Err(errors)
    }
}

fn read_one(field: &Field, posted: &Posted, errors: &mut Errors) -> Value {
    let id = field.id();
    let label = lower_first(field.label);
    match field.kind {
        Kind::Text | Kind::LongText => {
            let text = first(posted, &id);
            if text.is_empty() {
                Value::Null
            } else {
                text.into()
            }
        }
        Kind::Date => {
            let [d, m, y] = ["day", "month", "year"].map(|p| first(posted, &format!("{id}-{p}")));
            if pages::no_date_typed(d, m, y) {
                return Value::Null;
            }
            match pages::typed_date(d, m, y) {
                Some(day) => day.format("%Y-%m-%d").to_string().into(),
                None => {
                    errors.add(
                        field.anchor(),
                        format!(
                            "{} must be a real date, like 15 3 2012",
                            pages::capitalise(&label)
                        ),
                    );
                    Value::Null
                }
            }
        }
        Kind::Number => {
            let text = first(posted, &id);
            if text.is_empty() {
                return Value::Null;
            }
            match text.parse::<u32>() {
                Ok(n) => n.into(),
                Err(_) => {
                    errors.add(
                        field.anchor(),
                        format!("{} must be a whole number", pages::capitalise(&label)),
                    );
                    Value::Null
                }
            }
        }
        Kind::Bool => (first(posted, &id) == "true").into(),
        Kind::Select(options) => {
            let chosen = first(posted, &id);
            if chosen.is_empty() {
                return Value::Null;
            }
            if options.iter().any(|(v, _)| *v == chosen) {
                chosen.into()
            } else {
                errors.add(field.anchor(), format!("Choose {label} from the list"));
                Value::Null
            }
        }
        Kind::Multi(options) => {
            let chosen: Vec<Value> = options
                .iter()
                .filter(|(v, _)| all(posted, &id).contains(v))
                .map(|(v, _)| Value::from(*v))
                .collect();
            if chosen.is_empty() {
                Value::Null
            } else {
                Value::Array(chosen)
            }
        }
    }
}

/// The hint beside free text that scores under the young person's reading ease.
pub fn hard_to_read_hint(score: f64) -> String {
    format!(
        "This may be hard for the young person to read (reading ease {score:.0}; aim for 70 or more). Try shorter sentences and everyday words. You can still save it."
    )
}

/// One option of a select or a set of checkboxes.
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
    pub chosen: bool,
}

/// A field as a page shows it.
pub struct FieldView {
    pub id: String,
    pub label: &'static str,
    pub hint: &'static str,
    /// `text`, `long`, `date`, `number`, `bool`, `select` or `multi`.
    pub kind: &'static str,
    pub value: String,
    pub day: String,
    pub month: String,
    pub year: String,
    pub checked: bool,
    pub choices: Vec<Choice>,
    pub error: Option<String>,
    /// A readability hint for free text the young person will read.
    pub readability: Option<String>,
}

impl FieldView {
    pub fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if !self.hint.is_empty() {
            ids.push(format!("{}-hint", self.id));
        }
        if self.readability.is_some() {
            ids.push(format!("{}-readability", self.id));
        }
        if self.error.is_some() {
            ids.push(format!("{}-error", self.id));
        }
        ids.join(" ")
    }
}

/// What each input holds: input name → values.
type Raw = HashMap<String, Vec<String>>;

/// The inputs of `fields` filled from the JSON `object` (`null` for a new entry).
pub fn raw_from_json(fields: &[Field], object: &Value) -> Raw {
    let mut raw = Raw::new();
    for field in fields {
        let value = field
            .name
            .split('.')
            .try_fold(object, |v, part| v.get(part))
            .unwrap_or(&Value::Null);
        let id = field.id();
        match (field.kind, value) {
            (_, Value::Null) => {}
            (Kind::Date, Value::String(s)) => {
                if let Ok(day) = s.parse::<NaiveDate>() {
                    raw.insert(format!("{id}-day"), vec![day.format("%-d").to_string()]);
                    raw.insert(format!("{id}-month"), vec![day.format("%-m").to_string()]);
                    raw.insert(format!("{id}-year"), vec![day.format("%Y").to_string()]);
                }
            }
            (Kind::Multi(_), Value::Array(items)) => {
                let items = items
                    .iter()
                    .filter_map(|i| i.as_str().map(str::to_owned))
                    .collect();
                raw.insert(id, items);
            }
            (Kind::Bool, Value::Bool(b)) => {
                if *b {
                    raw.insert(id, vec!["true".into()]);
                }
            }
            (_, Value::String(s)) => {
                raw.insert(id, vec![s.clone()]);
            }
            (_, other) => {
                raw.insert(id, vec![other.to_string()]);
            }
        }
    }
    raw
}

/// The inputs as posted.
pub fn raw_from_posted(posted: &Posted) -> Raw {
    let mut raw = Raw::new();
    for (k, v) in posted {
        raw.entry(k.clone()).or_default().push(v.clone());
    }
    raw
}

/// The fields to show, with their values, errors and readability hints (`hard`: field name →
/// reading ease score).
pub fn views(
    fields: &[Field],
    raw: &Raw,
    errors: &Errors,
    hard: &[(String, f64)],
) -> Vec<FieldView> {
    fields
        .iter()
        .map(|field| {
            let id = field.id();
            let one = |name: &str| {
                raw.get(name)
                    .and_then(|v| v.first())
                    .cloned()
                    .unwrap_or_default()
            };
            let chosen = raw.get(&id).cloned().unwrap_or_default();
            let choices = match field.kind {
                Kind::Select(options) | Kind::Multi(options) => options
                    .iter()
                    .map(|(value, label)| Choice {
                        value,
                        label,
                        chosen: chosen.iter().any(|c| c == value),
                    })
                    .collect(),
                _ => Vec::new(),
            };
            let readability = hard
                .iter()
                .find(|(f, _)| f == field.name)
                .map(|(_, score)| hard_to_read_hint(*score));
            FieldView {
                kind: match field.kind {
                    Kind::Text => "text",
                    Kind::LongText => "long",
                    Kind::Date => "date",
                    Kind::Number => "number",
                    Kind::Bool => "bool",
                    Kind::Select(_) => "select",
                    Kind::Multi(_) => "multi",
                },
                value: one(&id),
                day: one(&format!("{id}-day")),
                month: one(&format!("{id}-month")),
                year: one(&format!("{id}-year")),
                checked: one(&id) == "true",
                choices,
                error: errors.for_field(field),
                readability,
                label: field.label,
                hint: field.hint,
                id,
            }
        })
        .collect()
}

/// A field's value in words, for lists, previews and conflicts; empty when not recorded.
pub fn display(field: &Field, object: &Value) -> String {
    let value = field
        .name
        .split('.')
        .try_fold(object, |v, part| v.get(part))
        .unwrap_or(&Value::Null);
    let label_of = |options: &[(&str, &'static str)], v: &str| {
        options
            .iter()
            .find(|(o, _)| *o == v)
            .map_or_else(|| v.to_owned(), |(_, l)| (*l).to_owned())
    };
    match (field.kind, value) {
        (_, Value::Null) => String::new(),
        (Kind::Date, Value::String(s)) => s
            .parse::<NaiveDate>()
            .map_or_else(|_| s.clone(), crate::words::long_date),
        (Kind::Bool, Value::Bool(b)) => if *b { "Yes" } else { "No" }.into(),
        (Kind::Select(options), Value::String(s)) => label_of(options, s),
        (Kind::Multi(options), Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(|s| label_of(options, s))
            .collect::<Vec<_>>()
            .join(", "),
        (_, Value::String(s)) => s.clone(),
        (_, other) => other.to_string(),
    }
}

/// `(label, value)` for each recorded field of an object or entry.
pub fn described(fields: &[Field], object: &Value) -> Vec<(&'static str, String)> {
    fields
        .iter()
        .map(|f| (f.label, display(f, object)))
        .filter(|(_, v)| !v.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::passport::parts::section;
    use serde_json::json;

    fn posted(pairs: &[(&str, &str)]) -> Posted {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn fields(key: &str, list: Option<&str>) -> &'static [Field] {
        let s = section(key).expect("a section");
        match list {
            Some(name) => s.list(name).expect("a list").fields,
            None => s.object.expect("an object"),
        }
    }

    #[test]
    fn a_uk_date_input_becomes_an_iso_date_and_blank_means_not_known() {
        let medicine = fields("medicines", Some("entries"));
        let read_since = |d: &str, m: &str, y: &str| {
            read(
                medicine,
                &posted(&[
                    ("name", "Salbutamol"),
                    ("since-day", d),
                    ("since-month", m),
                    ("since-year", y),
                ]),
            )
        };
        assert_eq!(
            read_since("14", "3", "2012")
                .map(|o| o["since"].clone())
                .ok(),
            Some(json!("2012-03-14"))
        );
        assert_eq!(
            read_since("", "", "").map(|o| o["since"].clone()).ok(),
            Some(Value::Null)
        );
        for (d, m, y) in [("31", "2", "2012"), ("14", "", "2012"), ("1", "1", "12")] {
            let errors = read_since(d, m, y).err().map(|e| e.0).unwrap_or_default();
            assert_eq!(errors.len(), 1, "{d}/{m}/{y}");
            assert_eq!(errors[0].0, "since-day");
            assert!(errors[0].1.starts_with("Taken since must be a real date"));
        }
    }

    #[test]
    fn required_fields_choices_and_numbers_are_checked_before_the_model_sees_them() {
        let condition = fields("conditions", Some("entries"));
        let errors = read(condition, &posted(&[("status", "sometimes")]))
            .err()
            .map(|e| e.0)
            .unwrap_or_default();
        assert_eq!(
            errors,
            vec![
                ("name".to_owned(), "Enter condition".to_owned()),
                (
                    "status".to_owned(),
                    "Choose status from the list".to_owned()
                ),
            ]
        );
        let immunisation = fields("immunisations", Some("entries"));
        let errors = read(
            immunisation,
            &posted(&[("vaccine", "MMR"), ("dose_number", "two")]),
        )
        .err()
        .map(|e| e.0)
        .unwrap_or_default();
        assert_eq!(errors[0].0, "dose_number");
    }

    #[test]
    fn nested_contacts_are_left_out_when_blank_and_read_back_for_the_form() {
        let about = fields("about_me", None);
        let object = read(
            about,
            &posted(&[
                ("preferred_name", " Kay "),
                ("named_nurse-name", "Sam Patel"),
                ("named_nurse-phone", "0121 496 0101"),
            ]),
        )
        .unwrap_or_default();
        assert_eq!(object["preferred_name"], json!("Kay"));
        assert_eq!(object["named_nurse"]["name"], json!("Sam Patel"));
        assert_eq!(object["caseworker"], Value::Null);
        let raw = raw_from_json(about, &Value::Object(object));
        assert_eq!(
            raw.get("named_nurse-phone"),
            Some(&vec!["0121 496 0101".to_owned()])
        );
    }

    #[test]
    fn choices_read_back_and_display_in_words() {
        let birth = fields("birth_history", None);
        let object = Value::Object(
            read(
                birth,
                &posted(&[
                    ("prenatal_exposures", "tobacco"),
                    ("prenatal_exposures", "alcohol"),
                    ("delivery", "emergency_caesarean"),
                ]),
            )
            .unwrap_or_default(),
        );
        assert_eq!(object["prenatal_exposures"], json!(["alcohol", "tobacco"]));
        let shown = described(birth, &object);
        assert!(shown.contains(&("How the baby was born", "Emergency caesarean".to_owned())));
        assert!(shown.contains(&(
            "Known exposures before birth",
            "Alcohol, Tobacco".to_owned()
        )));
    }
}
