//! The content of a Leaving Care Health Passport: typed sections, each optional.
//!
//! A section that is absent (`null`) has not been filled in. For list sections an empty list
//! means "none" (for example no known allergies), which is different from "not recorded".
//! The JSON field names double as section ids (`SectionId`) and as the first part of the
//! field paths in validation errors (`medicines[2].since`).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain_types::{NhsNumber, OdsCode};

use super::about::{
    AboutMe, BirthHistory, Development, FamilyHistory, MyOwnWords, SexualHealthAndSubstanceUse,
};
use super::clinical::{Allergy, Condition, Immunisation, Medicine, OperationOrStay, Therapy};
use super::wellbeing::{
    EmotionalHealth, HealthAssessment, HealthCheck, HealthPlanAction, HelpService,
};

/// The whole passport as a nurse edits it (draft) and as it is frozen in a published version.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "about_me": {"preferred_name": "Kayleigh", "nhs_number": "999 000 0018",
                 "gp_practice_ods_code": "M87006"},
    "medicines": [{"name": "Salbutamol 100 micrograms inhaler (blue)",
                   "dose": "2 puffs when wheezy", "since": "2012-03-14", "reason": "Asthma"}],
    "allergies": [{"substance": "Penicillin", "reaction": "Itchy rash", "severity": "moderate"}],
    "immunisations": [{"vaccine": "MMR", "date": "2009-05-20", "dose_number": 1}]
}))]
pub struct PassportContent {
    pub about_me: Option<AboutMe>,
    pub birth_history: Option<BirthHistory>,
    pub family_history: Option<FamilyHistory>,
    pub development: Option<Development>,
    /// Conditions and illnesses (IPS problems).
    pub conditions: Option<Vec<Condition>>,
    /// IPS procedures.
    pub operations_and_hospital_stays: Option<Vec<OperationOrStay>>,
    pub therapies: Option<Vec<Therapy>>,
    /// IPS medication summary.
    pub medicines: Option<Vec<Medicine>>,
    /// Allergies and adverse reactions (IPS allergies and intolerances).
    pub allergies: Option<Vec<Allergy>>,
    /// IPS immunizations.
    pub immunisations: Option<Vec<Immunisation>>,
    pub dental_optical_hearing: Option<Vec<HealthCheck>>,
    pub emotional_health: Option<EmotionalHealth>,
    /// Sensitive: hidden from caseworkers.
    pub sexual_health_and_substance_use: Option<SexualHealthAndSubstanceUse>,
    pub health_assessments: Option<Vec<HealthAssessment>>,
    pub health_plan_actions: Option<Vec<HealthPlanAction>>,
    pub where_to_get_help: Option<Vec<HelpService>>,
    pub my_own_words: Option<MyOwnWords>,
}

pub use entity::passport_query::SectionId;

impl PassportContent {
    /// Whether the section holds anything (is not `null`).
    pub fn has(&self, section: SectionId) -> bool {
        match section {
            SectionId::AboutMe => self.about_me.is_some(),
            SectionId::BirthHistory => self.birth_history.is_some(),
            SectionId::FamilyHistory => self.family_history.is_some(),
            SectionId::Development => self.development.is_some(),
            SectionId::Conditions => self.conditions.is_some(),
            SectionId::OperationsAndHospitalStays => self.operations_and_hospital_stays.is_some(),
            SectionId::Therapies => self.therapies.is_some(),
            SectionId::Medicines => self.medicines.is_some(),
            SectionId::Allergies => self.allergies.is_some(),
            SectionId::Immunisations => self.immunisations.is_some(),
            SectionId::DentalOpticalHearing => self.dental_optical_hearing.is_some(),
            SectionId::EmotionalHealth => self.emotional_health.is_some(),
            SectionId::SexualHealthAndSubstanceUse => {
                self.sexual_health_and_substance_use.is_some()
            }
            SectionId::HealthAssessments => self.health_assessments.is_some(),
            SectionId::HealthPlanActions => self.health_plan_actions.is_some(),
            SectionId::WhereToGetHelp => self.where_to_get_help.is_some(),
            SectionId::MyOwnWords => self.my_own_words.is_some(),
        }
    }

    /// Puts identifiers into their stored form before validation: a valid NHS number becomes
    /// its 10 digits, ODS codes are trimmed and upper-cased. Anything invalid is left as typed
    /// so that validation can name it.
    pub fn tidy(&mut self) {
        let Some(about) = self.about_me.as_mut() else {
            return;
        };
        if let Some(nhs) = about.nhs_number.as_mut()
            && let Ok(normal) = NhsNumber::parse(nhs)
        {
            *nhs = normal.into();
        }
        for code in [&mut about.gp_practice_ods_code, &mut about.dentist_ods_code]
            .into_iter()
            .flatten()
        {
            if let Ok(normal) = OdsCode::parse(code) {
                *code = normal.into();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_ids_serialise_as_the_passport_field_names() {
        let fields = serde_json::to_value(PassportContent::default()).expect("serialises");
        for section in SectionId::ALL {
            let id = serde_json::to_value(section).expect("serialises");
            assert_eq!(id, section.to_string());
            assert!(
                fields.get(section.to_string()).is_some(),
                "{section:?} has a field"
            );
        }
        assert_eq!(
            fields.as_object().map(|o| o.len()),
            Some(SectionId::ALL.len())
        );
    }

    #[test]
    fn unknown_fields_are_rejected_at_every_level() {
        let cases = [
            r#"{"medicnes": []}"#,
            r#"{"medicines": [{"name": "Salbutamol", "dose": null, "since": null, "reason": null, "colour": "blue"}]}"#,
            r#"{"about_me": {"named_nurse": {"name": "Sarah", "pager": "123"}}}"#,
            r#"{"emotional_health": {"sdq_scores": [{"date": "2024-01-01", "score": 3, "by": "x"}]}}"#,
        ];
        for json in cases {
            let parsed = serde_json::from_str::<PassportContent>(json);
            assert!(parsed.is_err(), "{json} should be rejected");
            let message = parsed.err().map(|e| e.to_string()).unwrap_or_default();
            assert!(message.contains("unknown field"), "{message}");
        }
    }

    #[test]
    fn an_empty_list_is_kept_apart_from_a_missing_section() {
        let content: PassportContent =
            serde_json::from_str(r#"{"allergies": []}"#).expect("parses");
        assert_eq!(content.allergies, Some(vec![]));
        assert!(content.has(SectionId::Allergies));
        assert!(!content.has(SectionId::Medicines));
    }

    #[test]
    fn tidy_normalises_the_nhs_number_and_ods_codes_but_leaves_bad_input_for_validation() {
        let mut content = PassportContent {
            about_me: Some(AboutMe {
                nhs_number: Some(" 943 476 5919 ".into()),
                gp_practice_ods_code: Some(" m87006 ".into()),
                ..AboutMe::default()
            }),
            ..PassportContent::default()
        };
        content.tidy();
        let about = content.about_me.clone().unwrap_or_default();
        assert_eq!(about.nhs_number.as_deref(), Some("9434765919"));
        assert_eq!(about.gp_practice_ods_code.as_deref(), Some("M87006"));

        let mut bad = PassportContent {
            about_me: Some(AboutMe {
                nhs_number: Some("943 476 5918".into()),
                ..AboutMe::default()
            }),
            ..PassportContent::default()
        };
        bad.tidy();
        assert_eq!(
            bad.about_me.and_then(|a| a.nhs_number).as_deref(),
            Some("943 476 5918")
        );
    }
}
