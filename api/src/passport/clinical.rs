//! The clinical list sections: conditions, operations and hospital stays, therapies, medicines,
//! allergies and immunisations.
//!
//! These are the sections a FHIR International Patient Summary (IPS) export will need, so each
//! type notes the resource it maps to. Free text maps to `CodeableConcept.text` until entries
//! carry SNOMED CT / dm+d codes.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::stamp::stamped;

stamped! {
    /// A condition or illness, current or past.
    ///
    /// IPS: `Condition` — `code.text` = name, `clinicalStatus` = active (current) / resolved (past),
    /// `onsetDateTime` = diagnosed, `abatementDateTime` = resolved, `note` = notes.
    #[schema(example = json!({
        "name": "Asthma", "status": "current", "diagnosed": "2012-03-14", "resolved": null,
        "notes": "Worse with colds and in cold weather."
    }))]
    pub struct Condition {
        pub name: String,
        pub status: ConditionStatus,
        pub diagnosed: Option<NaiveDate>,
        /// Only for past conditions.
        pub resolved: Option<NaiveDate>,
        pub notes: Option<String>,
    }
}

/// Whether a condition still affects the young person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConditionStatus {
    Current,
    Past,
}

stamped! {
    /// An operation or a stay in hospital.
    ///
    /// IPS: operations map to `Procedure` (`code.text` = description, `performedPeriod` = date ..
    /// end_date, `location` = hospital). Hospital stays without an operation have no IPS section and
    /// are exported as `Procedure` with the stay as text (or `Encounter` in a fuller summary).
    #[schema(example = json!({
        "kind": "operation", "description": "Grommets fitted in both ears",
        "hospital": "Russells Hall Hospital", "date": "2011-06-02", "end_date": "2011-06-02"
    }))]
    pub struct OperationOrStay {
        pub kind: OperationKind,
        pub description: String,
        pub hospital: Option<String>,
        /// Date of the operation or admission.
        pub date: Option<NaiveDate>,
        /// Discharge date, when different.
        pub end_date: Option<NaiveDate>,
    }
}

/// Operation or hospital stay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OperationKind {
    Operation,
    HospitalStay,
}

stamped! {
    /// A therapy such as speech and language therapy, physiotherapy or occupational therapy.
    ///
    /// IPS: `Procedure` (`code.text` = therapy, `performedPeriod` = started .. ended,
    /// `performer` = provider).
    #[schema(example = json!({
        "therapy": "Speech and language therapy", "provider": "Dudley children's SLT",
        "started": "2013-09-01", "ended": "2017-07-20", "notes": null
    }))]
    pub struct Therapy {
        pub therapy: String,
        pub provider: Option<String>,
        pub started: Option<NaiveDate>,
        pub ended: Option<NaiveDate>,
        pub notes: Option<String>,
    }
}

stamped! {
    /// A medicine the young person takes.
    ///
    /// IPS: `MedicationStatement` — `medicationCodeableConcept.text` = name, `dosage.text` = dose,
    /// `effectivePeriod.start` = since, `reasonCode.text` = reason.
    #[schema(example = json!({
        "name": "Salbutamol 100 micrograms inhaler (blue)",
        "dose": "2 puffs through a spacer when wheezy, up to 4 times a day",
        "since": "2012-03-14", "reason": "Asthma"
    }))]
    pub struct Medicine {
        pub name: String,
        pub dose: Option<String>,
        pub since: Option<NaiveDate>,
        pub reason: Option<String>,
    }
}

stamped! {
    /// An allergy or adverse reaction.
    ///
    /// IPS: `AllergyIntolerance` — `code.text` = substance, `reaction.manifestation.text` = reaction,
    /// `reaction.severity` = mild / moderate / severe; anaphylaxis exports as severity `severe` with
    /// `criticality` `high`. An empty allergies list exports as "no known allergies".
    #[schema(example = json!({"substance": "Penicillin", "reaction": "Itchy rash all over", "severity": "moderate"}))]
    pub struct Allergy {
        pub substance: String,
        pub reaction: Option<String>,
        pub severity: Option<Severity>,
    }
}

/// How bad a reaction was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Mild,
    Moderate,
    Severe,
    Anaphylaxis,
}

stamped! {
    /// A vaccine dose given.
    ///
    /// IPS: `Immunization` — `vaccineCode.text` = vaccine, `occurrenceDateTime` = date (or
    /// `occurrenceString` "date not known"), `protocolApplied.doseNumberPositiveInt` = dose_number.
    #[schema(example = json!({"vaccine": "MMR", "date": "2009-05-20", "dose_number": 1}))]
    pub struct Immunisation {
        /// Vaccine or programme name as written in the record, e.g. `6-in-1`, `MMR`, `Td/IPV`.
        pub vaccine: String,
        pub date: Option<NaiveDate>,
        /// 1 for the first dose of a course.
        pub dose_number: Option<u32>,
    }
}
