//! The passport editor's forms, one table for every section: which fields each section (or
//! each list in it) has, how they are labelled and what kind of input they take. The fields
//! are the model's own JSON names (`passport::model`), so a form becomes the model's JSON and
//! the model's own parsing and validation (`passport::service::save_draft`) decide the rest.
use crate::passport::model::SectionId;

/// The kind of input a field takes.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Text,
    /// Free text the young person reads: its readability is shown as a hint.
    LongText,
    /// A UK date input (day, month, year); blank means not known.
    Date,
    Number,
    /// A checkbox: ticked is `true`.
    Bool,
    /// One of these `(value, label)` options, or none.
    Select(&'static [(&'static str, &'static str)]),
    /// Any of these options, as a list.
    Multi(&'static [(&'static str, &'static str)]),
}

/// One field of a form. `name` is its JSON field; a dotted name (`named_nurse.phone`) is a
/// field of a nested object, left out (`null`) when all its fields are blank.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    pub kind: Kind,
    pub required: bool,
}

impl Field {
    /// The input's id (and form name) in the page.
    pub fn id(&self) -> String {
        self.name.replace('.', "-")
    }

    /// Where an error for this field points: a date's day box.
    pub fn anchor(&self) -> String {
        match self.kind {
            Kind::Date => format!("{}-day", self.id()),
            Kind::Multi(options) => {
                format!("{}-{}", self.id(), options.first().map_or("", |o| o.0))
            }
            _ => self.id(),
        }
    }
}

/// A list of entries, at `path` in the passport's JSON.
#[derive(Debug, Clone, Copy)]
pub struct List {
    /// Its name in web addresses.
    pub name: &'static str,
    pub path: &'static [&'static str],
    pub title: &'static str,
    /// One entry, as in "Add an allergy".
    pub entry: &'static str,
    pub fields: &'static [Field],
}

/// One section of the editor.
#[derive(Debug, Clone, Copy)]
pub struct Section {
    pub id: SectionId,
    pub title: &'static str,
    /// The section's own fields when it is an object.
    pub object: Option<&'static [Field]>,
    /// Its lists of entries (a list section has one, at the section's own path).
    pub lists: &'static [List],
}

impl Section {
    pub fn key(&self) -> String {
        self.id.to_string()
    }

    /// A list section (its value is the list itself) rather than an object.
    pub fn is_list(&self) -> bool {
        self.object.is_none()
    }

    pub fn list(&self, name: &str) -> Option<&'static List> {
        self.lists.iter().find(|l| l.name == name)
    }
}

const fn text(name: &'static str, label: &'static str) -> Field {
    Field {
        name,
        label,
        hint: "",
        kind: Kind::Text,
        required: false,
    }
}

const fn long(name: &'static str, label: &'static str) -> Field {
    Field {
        kind: Kind::LongText,
        ..text(name, label)
    }
}

const fn date(name: &'static str, label: &'static str) -> Field {
    Field {
        kind: Kind::Date,
        hint: "For example, 15 3 2012. Leave blank if not known.",
        ..text(name, label)
    }
}

const fn required(field: Field) -> Field {
    Field {
        required: true,
        ..field
    }
}

const fn hinted(field: Field, hint: &'static str) -> Field {
    Field { hint, ..field }
}

const fn kind(field: Field, kind: Kind) -> Field {
    Field { kind, ..field }
}

const DELIVERY: &[(&str, &str)] = &[
    ("vaginal", "Vaginal birth"),
    ("assisted_vaginal", "Assisted vaginal birth"),
    ("planned_caesarean", "Planned caesarean"),
    ("emergency_caesarean", "Emergency caesarean"),
    ("not_known", "Not known"),
];
const EXPOSURES: &[(&str, &str)] = &[
    ("alcohol", "Alcohol"),
    ("tobacco", "Tobacco"),
    ("cannabis", "Cannabis"),
    ("opioids", "Opioids"),
    ("cocaine", "Cocaine"),
    ("other_substances", "Other substances"),
    ("none_known", "None known"),
    ("not_known", "Not known"),
];
const CONDITION_STATUS: &[(&str, &str)] = &[("current", "Current"), ("past", "Past")];
const OPERATION_KIND: &[(&str, &str)] = &[
    ("operation", "Operation"),
    ("hospital_stay", "Hospital stay"),
];
const SEVERITY: &[(&str, &str)] = &[
    ("mild", "Mild"),
    ("moderate", "Moderate"),
    ("severe", "Severe"),
    ("anaphylaxis", "Anaphylaxis"),
];
const CHECK_KIND: &[(&str, &str)] = &[
    ("dental", "Dental"),
    ("optical", "Optical (eyes)"),
    ("hearing", "Hearing"),
];
const INFORMANT: &[(&str, &str)] = &[
    ("carer", "Carer"),
    ("young_person", "Young person"),
    ("teacher", "Teacher"),
];
const ASSESSMENT_KIND: &[(&str, &str)] = &[("initial", "Initial"), ("review", "Review")];

const ABOUT_ME: &[Field] = &[
    text("preferred_name", "Preferred name"),
    hinted(
        text("nhs_number", "NHS number"),
        "10 digits, for example 943 476 5919",
    ),
    hinted(
        text("gp_practice_ods_code", "GP practice code"),
        "The practice's ODS code from the finder, for example M87006",
    ),
    hinted(
        text("dentist_ods_code", "Dental practice code"),
        "The practice's ODS code from the finder, for example V03347",
    ),
    text("optician", "Optician"),
    text("named_nurse.name", "Named nurse: name"),
    text("named_nurse.role", "Named nurse: role"),
    text("named_nurse.phone", "Named nurse: phone"),
    text("named_nurse.email", "Named nurse: e-mail"),
    text("caseworker.name", "Caseworker: name"),
    text("caseworker.role", "Caseworker: role"),
    text("caseworker.phone", "Caseworker: phone"),
    text("caseworker.email", "Caseworker: e-mail"),
];

const BIRTH_HISTORY: &[Field] = &[
    hinted(
        kind(
            text("gestation_weeks", "Weeks of pregnancy at birth"),
            Kind::Number,
        ),
        "Between 20 and 45",
    ),
    hinted(
        kind(
            text("birth_weight_grams", "Birth weight in grams"),
            Kind::Number,
        ),
        "Between 300 and 6000",
    ),
    kind(
        text("delivery", "How the baby was born"),
        Kind::Select(DELIVERY),
    ),
    long("newborn_problems", "Problems in the first weeks of life"),
    hinted(
        kind(
            text("prenatal_exposures", "Known exposures before birth"),
            Kind::Multi(EXPOSURES),
        ),
        "\"None known\" and \"Not known\" must be ticked on their own",
    ),
    long(
        "prenatal_exposure_notes",
        "Notes about exposures before birth",
    ),
];

const FAMILY_HISTORY: &[Field] = &[kind(
    text("not_known", "The family history is not known"),
    Kind::Bool,
)];
const FAMILY_ENTRIES: &[Field] = &[
    required(text("condition", "Condition")),
    required(hinted(
        text("relationship", "Relationship"),
        "For example, birth mother",
    )),
];

const DEVELOPMENT: &[Field] = &[
    kind(
        text("ehcp", "Has (or had) an Education, Health and Care Plan"),
        Kind::Bool,
    ),
    long("summary", "Summary"),
];

const CONDITIONS: &[Field] = &[
    required(text("name", "Condition")),
    required(kind(
        text("status", "Status"),
        Kind::Select(CONDITION_STATUS),
    )),
    date("diagnosed", "Date diagnosed"),
    date("resolved", "Date it ended (past conditions only)"),
    long("notes", "Notes"),
];

const OPERATIONS: &[Field] = &[
    required(kind(text("kind", "Kind"), Kind::Select(OPERATION_KIND))),
    required(text("description", "What it was")),
    text("hospital", "Hospital"),
    date("date", "Date of the operation or admission"),
    date("end_date", "Date they went home, if different"),
];

const THERAPIES: &[Field] = &[
    required(text("therapy", "Therapy")),
    text("provider", "Who provided it"),
    date("started", "Date started"),
    date("ended", "Date ended"),
    long("notes", "Notes"),
];

const MEDICINES: &[Field] = &[
    required(text("name", "Medicine")),
    long("dose", "Dose"),
    date("since", "Taken since"),
    text("reason", "What it is for"),
];

const ALLERGIES: &[Field] = &[
    required(text("substance", "Substance")),
    long("reaction", "Reaction"),
    kind(
        text("severity", "How bad the reaction was"),
        Kind::Select(SEVERITY),
    ),
];

const IMMUNISATIONS: &[Field] = &[
    required(hinted(
        text("vaccine", "Vaccine"),
        "As written in the record, for example MMR or Td/IPV",
    )),
    date("date", "Date given"),
    hinted(
        kind(text("dose_number", "Dose number"), Kind::Number),
        "1 for the first dose of a course",
    ),
];

const CHECKS: &[Field] = &[
    required(kind(
        text("kind", "Kind of check"),
        Kind::Select(CHECK_KIND),
    )),
    date("last_check", "Date of the last check"),
    long("outcome", "Outcome"),
    date("next_due", "Next check due"),
];

const EMOTIONAL_HEALTH: &[Field] = &[long("summary", "Summary")];
const SUPPORT: &[Field] = &[
    required(text("service", "Service")),
    date("from", "From"),
    date("to", "To (leave blank while it continues)"),
    long("notes", "Notes"),
];
const SDQ: &[Field] = &[
    required(Field {
        hint: "For example, 15 3 2024",
        ..date("date", "Date")
    }),
    required(hinted(
        kind(text("score", "Total difficulties score"), Kind::Number),
        "0 to 40",
    )),
    kind(
        text("informant", "Who completed it"),
        Kind::Select(INFORMANT),
    ),
];

const SEXUAL_HEALTH: &[Field] = &[
    long("sexual_health", "Sexual health"),
    long("contraception", "Contraception"),
    long("substance_use", "Substance use"),
    long("smoking_and_vaping", "Smoking and vaping"),
];

const ASSESSMENTS: &[Field] = &[
    required(kind(text("kind", "Kind"), Kind::Select(ASSESSMENT_KIND))),
    required(Field {
        hint: "For example, 15 3 2024",
        ..date("date", "Date")
    }),
    long("notes", "Notes"),
];

const ACTIONS: &[Field] = &[
    required(long("action", "Action")),
    required(text("responsible", "Who will do it")),
    date("due", "Due by"),
    kind(text("done", "Done"), Kind::Bool),
];

const HELP: &[Field] = &[
    required(text("name", "Service")),
    long("what_for", "What it helps with"),
    text("phone", "Phone"),
    text("sms", "Number to text"),
    text("email", "E-mail"),
    text("website", "Website"),
];

const fn entries(
    name: &'static str,
    path: &'static [&'static str],
    title: &'static str,
    entry: &'static str,
    fields: &'static [Field],
) -> List {
    List {
        name,
        path,
        title,
        entry,
        fields,
    }
}

const fn list_section(id: SectionId, title: &'static str, lists: &'static [List]) -> Section {
    Section {
        id,
        title,
        object: None,
        lists,
    }
}

const fn object_section(
    id: SectionId,
    title: &'static str,
    fields: &'static [Field],
    lists: &'static [List],
) -> Section {
    Section {
        id,
        title,
        object: Some(fields),
        lists,
    }
}

use SectionId as S;

/// Every section the nurse edits, in passport order. The young person's own words are
/// theirs, so they are shown but not edited here.
pub const SECTIONS: &[Section] = &[
    object_section(S::AboutMe, "About me", ABOUT_ME, &[]),
    object_section(
        S::BirthHistory,
        "Birth and early history",
        BIRTH_HISTORY,
        &[],
    ),
    object_section(
        S::FamilyHistory,
        "Family health history",
        FAMILY_HISTORY,
        &[entries(
            "entries",
            &["family_history", "entries"],
            "Conditions in the family",
            "family condition",
            FAMILY_ENTRIES,
        )],
    ),
    object_section(S::Development, "Development and SEND", DEVELOPMENT, &[]),
    list_section(
        S::Conditions,
        "Conditions and illnesses",
        &[entries(
            "entries",
            &["conditions"],
            "Conditions and illnesses",
            "condition",
            CONDITIONS,
        )],
    ),
    list_section(
        S::OperationsAndHospitalStays,
        "Operations and hospital stays",
        &[entries(
            "entries",
            &["operations_and_hospital_stays"],
            "Operations and hospital stays",
            "operation or hospital stay",
            OPERATIONS,
        )],
    ),
    list_section(
        S::Therapies,
        "Therapies",
        &[entries(
            "entries",
            &["therapies"],
            "Therapies",
            "therapy",
            THERAPIES,
        )],
    ),
    list_section(
        S::Medicines,
        "Medicines",
        &[entries(
            "entries",
            &["medicines"],
            "Medicines",
            "medicine",
            MEDICINES,
        )],
    ),
    list_section(
        S::Allergies,
        "Allergies and reactions",
        &[entries(
            "entries",
            &["allergies"],
            "Allergies and reactions",
            "allergy",
            ALLERGIES,
        )],
    ),
    list_section(
        S::Immunisations,
        "Immunisations",
        &[entries(
            "entries",
            &["immunisations"],
            "Immunisations",
            "immunisation",
            IMMUNISATIONS,
        )],
    ),
    list_section(
        S::DentalOpticalHearing,
        "Dental, eye and hearing checks",
        &[entries(
            "entries",
            &["dental_optical_hearing"],
            "Dental, eye and hearing checks",
            "check",
            CHECKS,
        )],
    ),
    object_section(
        S::EmotionalHealth,
        "Emotional health and wellbeing",
        EMOTIONAL_HEALTH,
        &[
            entries(
                "support",
                &["emotional_health", "support"],
                "Support received",
                "service",
                SUPPORT,
            ),
            entries(
                "sdq_scores",
                &["emotional_health", "sdq_scores"],
                "SDQ scores",
                "SDQ score",
                SDQ,
            ),
        ],
    ),
    object_section(
        S::SexualHealthAndSubstanceUse,
        "Sexual health and substance use",
        SEXUAL_HEALTH,
        &[],
    ),
    list_section(
        S::HealthAssessments,
        "Health assessments",
        &[entries(
            "entries",
            &["health_assessments"],
            "Health assessments",
            "health assessment",
            ASSESSMENTS,
        )],
    ),
    list_section(
        S::HealthPlanActions,
        "Health plan actions",
        &[entries(
            "entries",
            &["health_plan_actions"],
            "Health plan actions",
            "action",
            ACTIONS,
        )],
    ),
    list_section(
        S::WhereToGetHelp,
        "Where to get help",
        &[entries(
            "entries",
            &["where_to_get_help"],
            "Where to get help",
            "service",
            HELP,
        )],
    ),
];

/// The editor's section with this key (`allergies`), if the nurse edits it.
pub fn section(key: &str) -> Option<&'static Section> {
    SECTIONS.iter().find(|s| s.key() == key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::passport::model::PassportContent;

    #[test]
    fn every_section_but_the_young_persons_own_words_has_a_form() {
        let keys: Vec<SectionId> = SECTIONS.iter().map(|s| s.id).collect();
        let expected: Vec<SectionId> = SectionId::ALL
            .into_iter()
            .filter(|s| *s != SectionId::MyOwnWords)
            .collect();
        assert_eq!(keys, expected);
    }

    #[test]
    fn every_field_is_a_field_of_the_model() {
        // A form with every field filled in must parse as the model, so no label points at a
        // field the model does not have.
        for section in SECTIONS {
            for list in section.lists {
                assert_eq!(
                    list.path.first().copied(),
                    Some(section.key().as_str()),
                    "{}",
                    list.title
                );
                for field in list.fields {
                    assert!(!field.name.contains('.'), "{}", field.name);
                }
            }
        }
        let mut value = serde_json::json!({});
        for section in SECTIONS {
            if let Some(fields) = section.object {
                let mut object = serde_json::Map::new();
                for field in fields {
                    let (head, tail) = field.name.split_once('.').unwrap_or((field.name, ""));
                    if tail.is_empty() {
                        object.insert(head.into(), sample(field.kind));
                    } else {
                        let nested = object
                            .entry(head)
                            .or_insert_with(|| serde_json::json!({"name": "x"}));
                        nested[tail] = sample(field.kind);
                    }
                }
                value[section.key()] = serde_json::Value::Object(object);
            }
            for list in section.lists {
                let entry: serde_json::Map<String, serde_json::Value> = list
                    .fields
                    .iter()
                    .map(|f| (f.name.to_owned(), sample(f.kind)))
                    .collect();
                let mut at = &mut value;
                for part in list.path {
                    if at.get(*part).is_none() {
                        at[*part] = serde_json::json!({});
                    }
                    at = &mut at[*part];
                }
                *at = serde_json::json!([entry]);
            }
        }
        let parsed: Result<PassportContent, _> = serde_json::from_value(value.clone());
        assert!(parsed.is_ok(), "{parsed:?}\n{value}");
    }

    fn sample(kind: Kind) -> serde_json::Value {
        match kind {
            Kind::Text | Kind::LongText => "x".into(),
            Kind::Date => "2020-01-01".into(),
            Kind::Number => 30.into(),
            Kind::Bool => true.into(),
            Kind::Select(options) => options[0].0.into(),
            Kind::Multi(options) => serde_json::json!([options[0].0]),
        }
    }
}
