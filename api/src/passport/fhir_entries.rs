//! The resources inside an IPS bundle, one per passport entry, and the narrative of each
//! section. See `super::fhir` for the document around them.

use chrono::NaiveDate;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::clinical::{ConditionStatus, OperationKind, Severity};
use super::fhir::{Built, IpsSection};
use super::model::PassportContent;
use super::plain::section_lines;

const ABSENT_UNKNOWN: &str = "http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips";
const ALLERGY_CLINICAL: &str = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical";
const CONDITION_CLINICAL: &str = "http://terminology.hl7.org/CodeSystem/condition-clinical";

/// A resource with the id its `fullUrl` (`urn:uuid:…`) is made from.
#[derive(Debug, Clone)]
pub(super) struct Resource {
    pub id: Uuid,
    pub resource_type: &'static str,
    pub body: Value,
}

impl Resource {
    pub fn new(resource_type: &'static str, body: Value) -> Self {
        Resource {
            id: Uuid::new_v4(),
            resource_type,
            body,
        }
    }

    pub fn full_url(&self) -> String {
        format!("urn:uuid:{}", self.id)
    }

    /// The bundle entry, `resourceType` and `id` first.
    pub fn into_entry(self) -> Value {
        let mut resource = Map::new();
        resource.insert("resourceType".into(), json!(self.resource_type));
        resource.insert("id".into(), json!(self.id.to_string()));
        if let Value::Object(fields) = self.body {
            resource.extend(fields);
        }
        json!({"fullUrl": format!("urn:uuid:{}", self.id), "resource": resource})
    }
}

/// An XHTML narrative `div` with one paragraph per line.
pub(super) fn narrative(lines: &[String]) -> String {
    let paragraphs: String = lines
        .iter()
        .map(|l| format!("<p>{}</p>", escape(l)))
        .collect();
    format!("<div xmlns=\"http://www.w3.org/1999/xhtml\">{paragraphs}</div>")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn text(s: &str) -> Value {
    json!({ "text": s })
}

/// A list of one `text` (a dosage, reason or note), when there is any.
fn text_list(s: Option<&str>) -> Option<Value> {
    s.map(|s| json!([text(s)]))
}

fn absent(code: &str, display: &str) -> Value {
    json!({"coding": [{"system": ABSENT_UNKNOWN, "code": code, "display": display}]})
}

fn date(d: NaiveDate) -> Value {
    json!(d.to_string())
}

/// Sets `key` only when there is a value, so no field is `null`.
fn put(body: &mut Value, key: &str, value: Option<Value>) {
    if let Some(value) = value {
        body[key] = value;
    }
}

fn period(start: Option<NaiveDate>, end: Option<NaiveDate>) -> Option<Value> {
    let mut p = json!({});
    put(&mut p, "start", start.map(date));
    put(&mut p, "end", end.map(date));
    (start.is_some() || end.is_some()).then_some(p)
}

/// Collects the resources of every section, each pointing at the patient.
pub(super) struct Entries<'a> {
    content: &'a PassportContent,
    patient: String,
    resources: Vec<Resource>,
}

impl<'a> Entries<'a> {
    pub fn new(content: &'a PassportContent, patient: String) -> Self {
        Entries {
            content,
            patient,
            resources: Vec::new(),
        }
    }

    pub fn into_resources(self) -> Vec<Resource> {
        self.resources
    }

    fn subject(&self) -> Value {
        json!({ "reference": self.patient })
    }

    fn add(&mut self, resource_type: &'static str, body: Value) -> String {
        let resource = Resource::new(resource_type, body);
        let url = resource.full_url();
        self.resources.push(resource);
        url
    }

    fn div(&self, section: IpsSection) -> String {
        let lines: Vec<String> = section
            .sources()
            .iter()
            .filter(|s| self.content.has(**s))
            .flat_map(|s| section_lines(self.content, *s))
            .map(|l| match l.indent {
                0 => l.text,
                _ => format!("- {}", l.text),
            })
            .collect();
        narrative(&lines)
    }

    /// The section's resources, or why it has none.
    pub fn section(&mut self, section: IpsSection) -> Built {
        let sources = section.sources();
        if !sources.iter().any(|s| self.content.has(*s)) {
            return Built::Empty("unavailable", "Nothing has been recorded here yet.");
        }
        let references = match section {
            IpsSection::Medications => self.medications(),
            IpsSection::Allergies => self.allergies(),
            IpsSection::Problems => self.problems(),
            IpsSection::Immunizations => self.immunizations(),
            IpsSection::Procedures => self.procedures(),
            IpsSection::PlanOfCare => self.plan_of_care(),
            IpsSection::SocialHistory => vec![],
        };
        let narrative_only = section == IpsSection::SocialHistory;
        if references.is_empty() && !narrative_only {
            return Built::Empty("nilknown", "None known.");
        }
        Built::Entries {
            references,
            div: self.div(section),
        }
    }

    fn medications(&mut self) -> Vec<String> {
        let list = self.content.medicines.clone().unwrap_or_default();
        if list.is_empty() {
            let body = json!({
                "status": "active",
                "medicationCodeableConcept": absent("no-known-medications", "No known medications"),
                "subject": self.subject(),
            });
            return vec![self.add("MedicationStatement", body)];
        }
        list.iter()
            .map(|m| {
                let mut body = json!({
                    "status": "active",
                    "medicationCodeableConcept": text(&m.name),
                    "subject": self.subject(),
                });
                put(&mut body, "effectivePeriod", period(m.since, None));
                put(&mut body, "dosage", text_list(m.dose.as_deref()));
                put(&mut body, "reasonCode", text_list(m.reason.as_deref()));
                self.add("MedicationStatement", body)
            })
            .collect()
    }

    fn allergies(&mut self) -> Vec<String> {
        let list = self.content.allergies.clone().unwrap_or_default();
        let active = json!({"coding": [{"system": ALLERGY_CLINICAL, "code": "active"}]});
        if list.is_empty() {
            let body = json!({
                "clinicalStatus": active,
                "code": absent("no-known-allergies", "No known allergies"),
                "patient": self.subject(),
            });
            return vec![self.add("AllergyIntolerance", body)];
        }
        list.iter()
            .map(|a| {
                let mut body = json!({
                    "clinicalStatus": active,
                    "code": text(&a.substance),
                    "patient": self.subject(),
                });
                if a.severity == Some(Severity::Anaphylaxis) {
                    body["criticality"] = json!("high");
                }
                if a.reaction.is_some() || a.severity.is_some() {
                    let words = a.reaction.as_deref().unwrap_or("Reaction not recorded");
                    let mut reaction = json!({ "manifestation": [text(words)] });
                    let severity = a.severity.map(|s| match s {
                        Severity::Mild => "mild",
                        Severity::Moderate => "moderate",
                        Severity::Severe | Severity::Anaphylaxis => "severe",
                    });
                    put(&mut reaction, "severity", severity.map(|s| json!(s)));
                    body["reaction"] = json!([reaction]);
                }
                self.add("AllergyIntolerance", body)
            })
            .collect()
    }

    fn problems(&mut self) -> Vec<String> {
        let list = self.content.conditions.clone().unwrap_or_default();
        if list.is_empty() {
            let body = json!({
                "code": absent("no-known-problems", "No known problems"),
                "subject": self.subject(),
            });
            return vec![self.add("Condition", body)];
        }
        list.iter()
            .map(|c| {
                let status = match c.status {
                    ConditionStatus::Current => "active",
                    ConditionStatus::Past => "resolved",
                };
                let mut body = json!({
                    "clinicalStatus": {"coding": [{"system": CONDITION_CLINICAL, "code": status}]},
                    "code": text(&c.name),
                    "subject": self.subject(),
                });
                put(&mut body, "onsetDateTime", c.diagnosed.map(date));
                if c.status == ConditionStatus::Past {
                    put(&mut body, "abatementDateTime", c.resolved.map(date));
                }
                put(&mut body, "note", text_list(c.notes.as_deref()));
                self.add("Condition", body)
            })
            .collect()
    }

    fn immunizations(&mut self) -> Vec<String> {
        let list = self.content.immunisations.clone().unwrap_or_default();
        list.iter()
            .map(|i| {
                let mut body = json!({
                    "status": "completed",
                    "vaccineCode": text(&i.vaccine),
                    "patient": self.subject(),
                });
                match i.date {
                    Some(d) => body["occurrenceDateTime"] = date(d),
                    None => body["occurrenceString"] = json!("Date not known"),
                }
                if let Some(n) = i.dose_number.filter(|n| *n > 0) {
                    body["protocolApplied"] = json!([{ "doseNumberPositiveInt": n }]);
                }
                self.add("Immunization", body)
            })
            .collect()
    }

    fn procedures(&mut self) -> Vec<String> {
        let mut references = Vec::new();
        for op in self
            .content
            .operations_and_hospital_stays
            .clone()
            .unwrap_or_default()
        {
            let name = match op.kind {
                OperationKind::Operation => op.description.clone(),
                OperationKind::HospitalStay => format!("Hospital stay: {}", op.description),
            };
            let mut body = json!({
                "status": "completed",
                "code": text(&name),
                "subject": self.subject(),
            });
            put(&mut body, "performedPeriod", period(op.date, op.end_date));
            put(&mut body, "note", text_list(op.hospital.as_deref()));
            references.push(self.add("Procedure", body));
        }
        for therapy in self.content.therapies.clone().unwrap_or_default() {
            let status = if therapy.ended.is_some() {
                "completed"
            } else {
                "in-progress"
            };
            let mut body = json!({
                "status": status,
                "code": text(&therapy.therapy),
                "subject": self.subject(),
            });
            put(
                &mut body,
                "performedPeriod",
                period(therapy.started, therapy.ended),
            );
            let note: Vec<&str> = [therapy.provider.as_deref(), therapy.notes.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            if !note.is_empty() {
                body["note"] = json!([text(&note.join(". "))]);
            }
            references.push(self.add("Procedure", body));
        }
        references
    }

    fn plan_of_care(&mut self) -> Vec<String> {
        let list = self.content.health_plan_actions.clone().unwrap_or_default();
        list.iter()
            .map(|a| {
                let mut body = json!({
                    "status": if a.done { "completed" } else { "active" },
                    "intent": "plan",
                    "subject": self.subject(),
                    "description": format!("{} (who: {})", a.action, a.responsible),
                });
                put(&mut body, "period", period(None, a.due));
                self.add("CarePlan", body)
            })
            .collect()
    }
}
