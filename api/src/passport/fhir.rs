//! A published passport as a FHIR R4 International Patient Summary (IPS): a `Bundle` of type
//! `document` whose first entry is the `Composition`, then `Patient`, `Practitioner` (the nurse
//! who published it), `Organization` (the GP practice, by ODS code) and one resource per entry.
//!
//! Sections follow the IPS: medication summary, allergies and intolerances and problem list
//! (required), immunisations, history of procedures, plan of care, and social history (only
//! when the sensitive section is shared). A list that is recorded as empty becomes IPS's
//! "no known …" resource (or `emptyReason` `nilknown`); a section never filled in has
//! `emptyReason` `unavailable`; a section the young person did not share has `withheld`.
//! Free text maps to `CodeableConcept.text`, as the clinical types note.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

use super::fhir_entries::{Entries, Resource, narrative};
use super::model::{PassportContent, SectionId};
use super::plain::keep_only;

/// The media type of every FHIR response.
pub const FHIR_JSON: &str = "application/fhir+json";
/// Identifier system of NHS numbers.
pub const NHS_NUMBER_SYSTEM: &str = "https://fhir.nhs.uk/Id/nhs-number";
/// Identifier system of ODS organisation codes.
pub const ODS_SYSTEM: &str = "https://fhir.nhs.uk/Id/ods-organization-code";
pub(super) const LOINC: &str = "http://loinc.org";
const EMPTY_REASON: &str = "http://terminology.hl7.org/CodeSystem/list-empty-reason";

/// A GP practice as the bundle names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GpPractice {
    pub ods_code: String,
    /// From the ODS list when the practice is known there.
    pub name: Option<String>,
}

/// What the summary is made from. `content` holds only what this reader may see, and
/// `shared` lists the sections the young person chose to share (all for their own export).
#[derive(Debug, Clone)]
pub struct IpsInput<'a> {
    pub care_leaver_id: Uuid,
    pub name: &'a str,
    pub date_of_birth: NaiveDate,
    /// From the passport's "about me", else the profile; 10 digits.
    pub nhs_number: Option<&'a str>,
    pub version: i32,
    pub published_at: DateTime<Utc>,
    pub nurse_id: Uuid,
    pub nurse_name: &'a str,
    pub gp: Option<GpPractice>,
    pub content: &'a PassportContent,
    pub shared: &'a [SectionId],
    pub generated_at: DateTime<Utc>,
}

/// The IPS sections this export fills, in document order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IpsSection {
    Medications,
    Allergies,
    Problems,
    Immunizations,
    Procedures,
    PlanOfCare,
    SocialHistory,
}

impl IpsSection {
    pub const ALL: [IpsSection; 7] = [
        IpsSection::Medications,
        IpsSection::Allergies,
        IpsSection::Problems,
        IpsSection::Immunizations,
        IpsSection::Procedures,
        IpsSection::PlanOfCare,
        IpsSection::SocialHistory,
    ];

    /// LOINC code and display of the section.
    pub fn loinc(self) -> (&'static str, &'static str) {
        match self {
            IpsSection::Medications => ("10160-0", "History of Medication use Narrative"),
            IpsSection::Allergies => ("48765-2", "Allergies and adverse reactions Document"),
            IpsSection::Problems => ("11450-4", "Problem list - Reported"),
            IpsSection::Immunizations => ("11369-6", "History of Immunization Narrative"),
            IpsSection::Procedures => ("47519-4", "History of Procedures Document"),
            IpsSection::PlanOfCare => ("18776-5", "Plan of care note"),
            IpsSection::SocialHistory => ("29762-2", "Social history Narrative"),
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            IpsSection::Medications => "Medication Summary",
            IpsSection::Allergies => "Allergies and Intolerances",
            IpsSection::Problems => "Problem List",
            IpsSection::Immunizations => "History of Immunizations",
            IpsSection::Procedures => "History of Procedures",
            IpsSection::PlanOfCare => "Plan of Care",
            IpsSection::SocialHistory => "Social History",
        }
    }

    /// Whether the IPS requires the section in every summary.
    pub fn required(self) -> bool {
        matches!(
            self,
            IpsSection::Medications | IpsSection::Allergies | IpsSection::Problems
        )
    }

    /// The passport sections it is made from.
    pub fn sources(self) -> &'static [SectionId] {
        match self {
            IpsSection::Medications => &[SectionId::Medicines],
            IpsSection::Allergies => &[SectionId::Allergies],
            IpsSection::Problems => &[SectionId::Conditions],
            IpsSection::Immunizations => &[SectionId::Immunisations],
            IpsSection::Procedures => {
                &[SectionId::OperationsAndHospitalStays, SectionId::Therapies]
            }
            IpsSection::PlanOfCare => &[SectionId::HealthPlanActions],
            IpsSection::SocialHistory => &[SectionId::SexualHealthAndSubstanceUse],
        }
    }
}

fn urn(id: Uuid) -> String {
    format!("urn:uuid:{id}")
}

fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Builds the IPS document bundle.
pub fn ips_bundle(input: &IpsInput<'_>) -> Value {
    let patient = Resource::new("Patient", patient(input));
    let nurse = Resource::new(
        "Practitioner",
        json!({"name": [{"text": input.nurse_name}]}),
    );
    let gp = input.gp.as_ref().map(|gp| {
        let mut org = json!({
            "identifier": [{"system": ODS_SYSTEM, "value": gp.ods_code}],
        });
        if let Some(name) = &gp.name {
            org["name"] = json!(name);
        }
        Resource::new("Organization", org)
    });
    let mut patient = patient;
    if let Some(gp) = &gp {
        patient.body["generalPractitioner"] = json!([{"reference": gp.full_url()}]);
    }

    let content = keep_only(input.content, input.shared);
    let mut entries = Entries::new(&content, patient.full_url());
    let mut sections = Vec::new();
    for section in IpsSection::ALL {
        let shared = section.sources().iter().any(|s| input.shared.contains(s));
        if section == IpsSection::SocialHistory && !shared {
            // The sensitive section is left out entirely unless the young person shares it.
            continue;
        }
        let built = if shared {
            entries.section(section)
        } else {
            Built::Empty("withheld", "The young person did not share this section.")
        };
        sections.push(composition_section(section, built));
    }

    let composition = Resource::new(
        "Composition",
        json!({
            "status": "final",
            "type": {"coding": [{"system": LOINC, "code": "60591-5",
                                 "display": "Patient summary Document"}]},
            "subject": {"reference": patient.full_url()},
            "date": instant(input.published_at),
            "author": [{"reference": nurse.full_url()}],
            "title": format!("Patient summary: Leaving Care Health Passport, version {}", input.version),
            "section": sections,
        }),
    );

    let mut all = vec![composition, patient, nurse];
    all.extend(gp);
    all.extend(entries.into_resources());
    let bundle_id = Uuid::new_v4();
    json!({
        "resourceType": "Bundle",
        "id": bundle_id.to_string(),
        "identifier": {"system": "urn:ietf:rfc:3986", "value": urn(bundle_id)},
        "type": "document",
        "timestamp": instant(input.generated_at),
        "entry": all.into_iter().map(Resource::into_entry).collect::<Vec<_>>(),
    })
}

fn patient(input: &IpsInput<'_>) -> Value {
    let mut words: Vec<&str> = input.name.split_whitespace().collect();
    let family = if words.len() > 1 { words.pop() } else { None };
    let mut name = json!({"use": "official", "text": input.name, "given": words});
    if let Some(family) = family {
        name["family"] = json!(family);
    }
    let mut patient = json!({
        "name": [name],
        "birthDate": input.date_of_birth.to_string(),
    });
    if let Some(nhs) = input.nhs_number {
        patient["identifier"] = json!([{"system": NHS_NUMBER_SYSTEM, "value": nhs}]);
    }
    patient
}

/// A section's content: resources (with their narrative), or an empty reason.
pub(super) enum Built {
    Entries {
        references: Vec<String>,
        div: String,
    },
    Empty(&'static str, &'static str),
}

fn composition_section(section: IpsSection, built: Built) -> Value {
    let (code, display) = section.loinc();
    let mut out = json!({
        "title": section.title(),
        "code": {"coding": [{"system": LOINC, "code": code, "display": display}]},
    });
    match built {
        Built::Entries { references, div } => {
            out["text"] = json!({"status": "generated", "div": div});
            if !references.is_empty() {
                out["entry"] = references
                    .into_iter()
                    .map(|r| json!({"reference": r}))
                    .collect();
            }
        }
        Built::Empty(reason, words) => {
            let display = match reason {
                "withheld" => "Information Withheld",
                "nilknown" => "Nil Known",
                _ => "Unavailable",
            };
            out["text"] = json!({"status": "generated", "div": narrative(&[words.to_owned()])});
            out["emptyReason"] = json!({"coding": [{"system": EMPTY_REASON, "code": reason,
                                                     "display": display}]});
        }
    }
    out
}

#[cfg(test)]
#[path = "fhir_tests.rs"]
mod tests;
