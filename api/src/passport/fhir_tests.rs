use std::collections::HashSet;

use chrono::{NaiveDate, TimeZone, Utc};
use serde_json::Value;
use uuid::Uuid;

use super::*;
use crate::demo::passport_content::{DemoStory, demo_passport};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn bundle_of(content: &PassportContent, shared: &[SectionId]) -> Value {
    let at = Utc
        .with_ymd_and_hms(2026, 3, 3, 10, 0, 0)
        .single()
        .unwrap_or_default();
    ips_bundle(&IpsInput {
        care_leaver_id: Uuid::new_v4(),
        name: "Kayleigh Ann Smith",
        date_of_birth: day(2008, 5, 1),
        nhs_number: Some("9990000018"),
        version: 2,
        published_at: at,
        nurse_id: Uuid::new_v4(),
        nurse_name: "Sarah Bennett",
        gp: Some(GpPractice {
            ods_code: "M87006".into(),
            name: Some("Limestone Surgery".into()),
        }),
        content,
        shared,
        generated_at: at,
    })
}

fn resources(bundle: &Value) -> Vec<&Value> {
    bundle["entry"]
        .as_array()
        .map(|e| e.iter().map(|e| &e["resource"]).collect())
        .unwrap_or_default()
}

fn section<'a>(bundle: &'a Value, code: &str) -> Option<&'a Value> {
    resources(bundle)[0]["section"]
        .as_array()?
        .iter()
        .find(|s| s["code"]["coding"][0]["code"] == code)
}

fn demo_bundles() -> Vec<Value> {
    DemoStory::ALL
        .iter()
        .map(|s| demo_passport(*s, day(2008, 5, 1), day(2026, 3, 1)))
        .map(|c| bundle_of(&c, &SectionId::ALL))
        .chain([bundle_of(&PassportContent::default(), &SectionId::ALL)])
        .collect()
}

#[test]
fn the_bundle_is_a_document_with_an_identifier_a_timestamp_and_the_composition_first() {
    for bundle in demo_bundles() {
        assert_eq!(bundle["resourceType"], "Bundle");
        assert_eq!(bundle["type"], "document");
        assert_eq!(bundle["identifier"]["system"], "urn:ietf:rfc:3986");
        assert!(bundle["timestamp"].is_string());
        let first = resources(&bundle)[0];
        assert_eq!(first["resourceType"], "Composition");
        assert_eq!(first["type"]["coding"][0]["code"], "60591-5");
        assert_eq!(first["status"], "final");
    }
}

#[test]
fn every_reference_resolves_to_an_entry_of_the_same_bundle_and_full_urls_are_unique() {
    fn references<'a>(value: &'a Value, found: &mut Vec<&'a str>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("reference") {
                    found.push(r);
                }
                map.values().for_each(|v| references(v, found));
            }
            Value::Array(items) => items.iter().for_each(|v| references(v, found)),
            _ => {}
        }
    }
    for bundle in demo_bundles() {
        let urls: Vec<&str> = bundle["entry"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e["fullUrl"].as_str())
            .collect();
        let unique: HashSet<&str> = urls.iter().copied().collect();
        assert_eq!(unique.len(), urls.len(), "fullUrls are unique");
        let mut found = Vec::new();
        references(&bundle, &mut found);
        assert!(found.len() >= 3, "subject, author and GP at least");
        for reference in found {
            assert!(unique.contains(reference), "{reference} is in the bundle");
        }
    }
}

#[test]
fn the_required_ips_sections_are_always_there_even_for_an_empty_passport() {
    for bundle in demo_bundles() {
        for ips in IpsSection::ALL.into_iter().filter(|s| s.required()) {
            let (code, _) = ips.loinc();
            let found = section(&bundle, code);
            assert!(found.is_some(), "{code} present");
            let found = found.cloned().unwrap_or_default();
            assert!(found["text"]["div"].as_str().is_some(), "{code} has text");
            let has_entries = found["entry"].as_array().is_some_and(|e| !e.is_empty());
            assert_ne!(has_entries, found.get("emptyReason").is_some(), "{code}");
        }
    }
}

#[test]
fn empty_lists_become_no_known_resources_and_missing_sections_say_unavailable() {
    let content = PassportContent {
        allergies: Some(vec![]),
        medicines: Some(vec![]),
        immunisations: Some(vec![]),
        ..PassportContent::default()
    };
    let bundle = bundle_of(&content, &SectionId::ALL);
    let codes: Vec<&str> = resources(&bundle)
        .iter()
        .filter_map(|r| {
            r.get("code")
                .or(r.get("medicationCodeableConcept"))
                .and_then(|c| c["coding"][0]["code"].as_str())
        })
        .collect();
    assert!(codes.contains(&"no-known-allergies"), "{codes:?}");
    assert!(codes.contains(&"no-known-medications"), "{codes:?}");
    let problems = section(&bundle, "11450-4").cloned().unwrap_or_default();
    assert_eq!(problems["emptyReason"]["coding"][0]["code"], "unavailable");
    let immunisations = section(&bundle, "11369-6").cloned().unwrap_or_default();
    assert_eq!(
        immunisations["emptyReason"]["coding"][0]["code"],
        "nilknown"
    );
}

#[test]
fn the_patient_carries_the_nhs_number_system_and_the_gp_is_an_ods_organization() {
    let bundle = demo_bundles().remove(0);
    let all = resources(&bundle);
    let patient = all.iter().find(|r| r["resourceType"] == "Patient");
    let patient = patient.copied().cloned().unwrap_or_default();
    assert_eq!(patient["identifier"][0]["system"], NHS_NUMBER_SYSTEM);
    assert_eq!(
        NHS_NUMBER_SYSTEM, "https://fhir.nhs.uk/Id/nhs-number",
        "the NHS England identifier system"
    );
    assert_eq!(patient["identifier"][0]["value"], "9990000018");
    assert_eq!(patient["name"][0]["family"], "Smith");
    assert_eq!(patient["birthDate"], "2008-05-01");
    let org = all.iter().find(|r| r["resourceType"] == "Organization");
    let org = org.copied().cloned().unwrap_or_default();
    assert_eq!(org["identifier"][0]["system"], ODS_SYSTEM);
    assert_eq!(org["identifier"][0]["value"], "M87006");
    let practitioner = all.iter().find(|r| r["resourceType"] == "Practitioner");
    let practitioner = practitioner.copied().cloned().unwrap_or_default();
    assert_eq!(practitioner["name"][0]["text"], "Sarah Bennett");
}

#[test]
fn social_history_appears_only_when_the_sensitive_section_is_shared() {
    let content = demo_passport(
        DemoStory::AsthmaAndAnxiety,
        day(2008, 5, 1),
        day(2026, 3, 1),
    );
    assert!(content.sexual_health_and_substance_use.is_some());
    let own = bundle_of(&content, &SectionId::ALL);
    assert!(section(&own, "29762-2").is_some());
    let others: Vec<SectionId> = SectionId::ALL
        .into_iter()
        .filter(|s| !s.is_sensitive())
        .collect();
    let shared = bundle_of(&content, &others);
    assert!(section(&shared, "29762-2").is_none());
}

#[test]
fn sections_not_shared_are_withheld_and_carry_no_entries() {
    let content = demo_passport(DemoStory::TypeOneDiabetes, day(2008, 5, 1), day(2026, 3, 1));
    let bundle = bundle_of(&content, &[SectionId::Allergies]);
    let medicines = section(&bundle, "10160-0").cloned().unwrap_or_default();
    assert_eq!(medicines["emptyReason"]["coding"][0]["code"], "withheld");
    assert!(medicines.get("entry").is_none());
    let kinds: HashSet<&str> = resources(&bundle)
        .iter()
        .filter_map(|r| r["resourceType"].as_str())
        .collect();
    assert!(!kinds.contains("MedicationStatement"), "{kinds:?}");
    assert!(kinds.contains("AllergyIntolerance"), "{kinds:?}");
}
