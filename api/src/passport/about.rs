//! The personal sections of a passport: about me, birth and early history, family history,
//! development and SEND, sexual health and substance use, and the young person's own words.
//!
//! Every object that holds content carries `recorded_by` and `recorded_at`. The server sets them
//! (see `super::stamp`); whatever a client sends there is ignored.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::stamp::stamped;

stamped! {
    /// About me: the names and numbers a new GP, dentist or worker needs first.
    #[derive(Default)]
    #[schema(example = json!({
        "preferred_name": "Kayleigh",
        "nhs_number": "999 000 0018",
        "gp_practice_ods_code": "M87006",
        "dentist_ods_code": "V03347",
        "optician": "Specsavers, Dudley",
        "named_nurse": {"name": "Sarah Bennett", "role": "Children in Care Nurse",
                        "phone": "0121 496 0101", "email": "sarah.bennett@example.org"},
        "caseworker": {"name": "Dan Price", "role": "Personal Adviser",
                       "phone": "0121 496 0202", "email": null}
    }))]
    pub struct AboutMe {
        /// The name the young person wants to be called.
        pub preferred_name: Option<String>,
        /// 10 digits, optionally grouped 3-3-4 (`943 476 5919`).
        pub nhs_number: Option<String>,
        /// ODS code of the GP practice (from the finder), e.g. `M87006`.
        pub gp_practice_ods_code: Option<String>,
        /// ODS code of the dental practice (from the finder), e.g. `V03347`.
        pub dentist_ods_code: Option<String>,
        /// Optician's name and town (opticians are not in the finder).
        pub optician: Option<String>,
        /// The Children in Care nurse who wrote the passport.
        pub named_nurse: Option<Contact>,
        /// The caseworker or personal adviser.
        pub caseworker: Option<Contact>,
    }
}

/// A named person and how to reach them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    #[schema(example = "Sarah Bennett")]
    pub name: String,
    #[schema(example = "Children in Care Nurse")]
    pub role: Option<String>,
    #[schema(example = "0121 496 0101")]
    pub phone: Option<String>,
    #[schema(example = "sarah.bennett@example.org")]
    pub email: Option<String>,
}

stamped! {
    /// Birth and early history, as far as it is known.
    #[derive(Default)]
    #[schema(example = json!({
        "gestation_weeks": 34, "birth_weight_grams": 2150, "delivery": "emergency_caesarean",
        "newborn_problems": "Five days in the neonatal unit for feeding support.",
        "prenatal_exposures": ["tobacco", "alcohol"], "prenatal_exposure_notes": null
    }))]
    pub struct BirthHistory {
        /// Completed weeks of pregnancy at birth (20–45).
        pub gestation_weeks: Option<u32>,
        /// Birth weight in grams (300–6000).
        pub birth_weight_grams: Option<u32>,
        pub delivery: Option<Delivery>,
        /// Problems in the first weeks of life, e.g. neonatal unit stay, withdrawal symptoms.
        pub newborn_problems: Option<String>,
        /// Known exposures before birth. `not_known` and `none_known` stand alone.
        pub prenatal_exposures: Option<Vec<PrenatalExposure>>,
        pub prenatal_exposure_notes: Option<String>,
    }
}

/// How the baby was delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    Vaginal,
    AssistedVaginal,
    PlannedCaesarean,
    EmergencyCaesarean,
    NotKnown,
}

/// A substance the baby was exposed to before birth, or an explicit "none" / "not known".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PrenatalExposure {
    Alcohol,
    Tobacco,
    Cannabis,
    Opioids,
    Cocaine,
    OtherSubstances,
    NoneKnown,
    NotKnown,
}

stamped! {
    /// Health conditions in the birth family, or `not_known` when nothing can be found out.
    #[derive(Default)]
    #[schema(example = json!({
        "not_known": false,
        "entries": [{"condition": "Type 2 diabetes", "relationship": "Birth mother"}]
    }))]
    pub struct FamilyHistory {
        /// True when the family history is not known; then `entries` must be empty.
        #[serde(default)]
        pub not_known: bool,
        #[serde(default)]
        pub entries: Vec<FamilyCondition>,
    }
}

stamped! {
    /// One condition in one relative.
    pub struct FamilyCondition {
        #[schema(example = "Epilepsy")]
        pub condition: String,
        #[schema(example = "Birth father")]
        pub relationship: String,
    }
}

stamped! {
    /// Development and special educational needs and disabilities (SEND).
    #[derive(Default)]
    #[schema(example = json!({"ehcp": true, "summary": "EHCP since Year 4 for autism and speech and language needs."}))]
    pub struct Development {
        /// Whether the young person has (or had) an Education, Health and Care Plan.
        pub ehcp: bool,
        pub summary: Option<String>,
    }
}

stamped! {
    /// Sexual health and substance use. Sensitive: shown only to the young person and their nurse
    /// (see `super::visibility`).
    #[derive(Default)]
    #[schema(example = json!({
        "sexual_health": "Knows how to get free STI testing.",
        "contraception": "Contraceptive implant.",
        "substance_use": null,
        "smoking_and_vaping": "Vapes most days; would like help to stop."
    }))]
    pub struct SexualHealthAndSubstanceUse {
        pub sexual_health: Option<String>,
        pub contraception: Option<String>,
        pub substance_use: Option<String>,
        pub smoking_and_vaping: Option<String>,
    }
}

stamped! {
    /// What the young person wants their future GP to know, in their own words. The young person
    /// writes it themselves (`PUT /v1/me/passport/own-words`); nurses cannot change it.
    #[schema(example = json!({"text": "Please explain things to me before you do them.",
        "by_young_person": true}))]
    pub struct MyOwnWords {
        pub text: String,
        /// Set by the server: true when the young person wrote this themselves (older passports
        /// may hold words a nurse typed for them).
        #[serde(default)]
        pub by_young_person: bool,
    }
}
