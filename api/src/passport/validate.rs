//! Validation of passport content before a draft is saved: dates not in the future (except due
//! dates) and not before birth, the NHS number check digit, plausible measurements and bounded
//! sizes. All problems are reported at once, each naming its JSON path.

use chrono::NaiveDate;

use super::about::{Contact, PrenatalExposure};
use super::checker::{Checker, MAX_OWN_WORDS, MAX_SHORT_TEXT as SHORT, MAX_TEXT as LONG};
use super::clinical::ConditionStatus;
use super::model::PassportContent;
use super::wellbeing::AssessmentKind;
use crate::domain_types::NhsNumber;
use crate::error::FieldError;

/// Checks `content` for a young person born on `date_of_birth`, as of `today`.
pub fn validate(
    content: &PassportContent,
    date_of_birth: NaiveDate,
    today: NaiveDate,
) -> Result<(), Vec<FieldError>> {
    let mut c = Checker::new(date_of_birth, today);
    personal(&mut c, content);
    clinical(&mut c, content);
    care(&mut c, content);
    c.finish()
}

fn personal(c: &mut Checker, content: &PassportContent) {
    if let Some(a) = &content.about_me {
        let p = "about_me";
        c.optional(p, "preferred_name", a.preferred_name.as_deref(), SHORT);
        if a.nhs_number
            .as_deref()
            .is_some_and(|n| NhsNumber::parse(n).is_err())
        {
            let message = "must be a valid NHS number: 10 digits (spaces allowed as 3-3-4) \
                           with a correct check digit";
            c.error(p, "nhs_number", message);
        }
        c.ods_code(p, "gp_practice_ods_code", a.gp_practice_ods_code.as_deref());
        c.ods_code(p, "dentist_ods_code", a.dentist_ods_code.as_deref());
        c.optional(p, "optician", a.optician.as_deref(), SHORT);
        contact(c, "about_me.named_nurse", a.named_nurse.as_ref());
        contact(c, "about_me.caseworker", a.caseworker.as_ref());
    }
    if let Some(b) = &content.birth_history {
        let p = "birth_history";
        if b.gestation_weeks.is_some_and(|w| !(20..=45).contains(&w)) {
            c.error(p, "gestation_weeks", "must be between 20 and 45 weeks");
        }
        if b.birth_weight_grams
            .is_some_and(|g| !(300..=6000).contains(&g))
        {
            c.error(
                p,
                "birth_weight_grams",
                "must be between 300 and 6000 grams",
            );
        }
        c.optional(p, "newborn_problems", b.newborn_problems.as_deref(), LONG);
        let notes = b.prenatal_exposure_notes.as_deref();
        c.optional(p, "prenatal_exposure_notes", notes, LONG);
        let exposures = b.prenatal_exposures.as_deref().unwrap_or_default();
        let alone = [PrenatalExposure::NotKnown, PrenatalExposure::NoneKnown];
        let repeated = |(i, e): (usize, &PrenatalExposure)| exposures[..i].contains(e);
        let listed = c.list("birth_history.prenatal_exposures", exposures.len());
        if listed && exposures.len() > 1 && exposures.iter().any(|e| alone.contains(e)) {
            let message = "\"not_known\" and \"none_known\" cannot be combined with exposures";
            c.error(p, "prenatal_exposures", message);
        } else if listed && exposures.iter().enumerate().any(repeated) {
            c.error(p, "prenatal_exposures", "must list each exposure once");
        }
    }
    if let Some(f) = &content.family_history {
        if f.not_known && !f.entries.is_empty() {
            let message = "cannot be true while family conditions are listed";
            c.error("family_history", "not_known", message);
        }
        for (p, e) in each(c, Some(&f.entries), "family_history.entries") {
            c.required(&p, "condition", &e.condition, SHORT);
            c.required(&p, "relationship", &e.relationship, SHORT);
        }
    }
    if let Some(d) = &content.development {
        c.optional("development", "summary", d.summary.as_deref(), LONG);
    }
    if let Some(s) = &content.sexual_health_and_substance_use {
        let p = "sexual_health_and_substance_use";
        c.optional(p, "sexual_health", s.sexual_health.as_deref(), LONG);
        c.optional(p, "contraception", s.contraception.as_deref(), LONG);
        c.optional(p, "substance_use", s.substance_use.as_deref(), LONG);
        c.optional(
            p,
            "smoking_and_vaping",
            s.smoking_and_vaping.as_deref(),
            LONG,
        );
    }
    if let Some(w) = &content.my_own_words {
        c.required("my_own_words", "text", &w.text, MAX_OWN_WORDS);
    }
}

fn contact(c: &mut Checker, p: &str, contact: Option<&Contact>) {
    let Some(contact) = contact else { return };
    c.required(p, "name", &contact.name, SHORT);
    c.optional(p, "role", contact.role.as_deref(), SHORT);
    c.phone(p, "phone", contact.phone.as_deref());
    c.email(p, "email", contact.email.as_deref());
}

/// The entries of a list that passes the size check, each with its path (`medicines[2]`).
fn each<'a, T>(c: &mut Checker, list: Option<&'a [T]>, name: &str) -> Vec<(String, &'a T)> {
    let list = list.unwrap_or_default();
    if !c.list(name, list.len()) {
        return Vec::new();
    }
    list.iter()
        .enumerate()
        .map(|(i, e)| (format!("{name}[{i}]"), e))
        .collect()
}

fn clinical(c: &mut Checker, content: &PassportContent) {
    for (p, e) in each(c, content.conditions.as_deref(), "conditions") {
        c.required(&p, "name", &e.name, SHORT);
        c.past(&p, "diagnosed", e.diagnosed);
        c.past(&p, "resolved", e.resolved);
        c.order(
            &p,
            "resolved",
            (e.diagnosed, e.resolved),
            "the diagnosed date",
        );
        if e.status == ConditionStatus::Current && e.resolved.is_some() {
            c.error(&p, "resolved", "must be empty for a current condition");
        }
        c.optional(&p, "notes", e.notes.as_deref(), LONG);
    }
    let operations = content.operations_and_hospital_stays.as_deref();
    for (p, e) in each(c, operations, "operations_and_hospital_stays") {
        c.required(&p, "description", &e.description, LONG);
        c.optional(&p, "hospital", e.hospital.as_deref(), SHORT);
        c.past(&p, "date", e.date);
        c.past(&p, "end_date", e.end_date);
        c.order(&p, "end_date", (e.date, e.end_date), "the date");
    }
    for (p, e) in each(c, content.therapies.as_deref(), "therapies") {
        c.required(&p, "therapy", &e.therapy, SHORT);
        c.optional(&p, "provider", e.provider.as_deref(), SHORT);
        c.past(&p, "started", e.started);
        c.past(&p, "ended", e.ended);
        c.order(&p, "ended", (e.started, e.ended), "the start date");
        c.optional(&p, "notes", e.notes.as_deref(), LONG);
    }
    for (p, e) in each(c, content.medicines.as_deref(), "medicines") {
        c.required(&p, "name", &e.name, SHORT);
        c.optional(&p, "dose", e.dose.as_deref(), LONG);
        c.past(&p, "since", e.since);
        c.optional(&p, "reason", e.reason.as_deref(), SHORT);
    }
    for (p, e) in each(c, content.allergies.as_deref(), "allergies") {
        c.required(&p, "substance", &e.substance, SHORT);
        c.optional(&p, "reaction", e.reaction.as_deref(), LONG);
    }
    for (p, e) in each(c, content.immunisations.as_deref(), "immunisations") {
        c.required(&p, "vaccine", &e.vaccine, SHORT);
        c.past(&p, "date", e.date);
        if e.dose_number.is_some_and(|n| !(1..=10).contains(&n)) {
            c.error(&p, "dose_number", "must be between 1 and 10");
        }
    }
}

fn care(c: &mut Checker, content: &PassportContent) {
    let mut kinds = Vec::new();
    let checks = content.dental_optical_hearing.as_deref();
    for (p, e) in each(c, checks, "dental_optical_hearing") {
        if kinds.contains(&e.kind) {
            let message = "is listed twice: keep only the latest check of each kind";
            c.error(&p, "kind", message);
        }
        kinds.push(e.kind);
        c.past(&p, "last_check", e.last_check);
        c.optional(&p, "outcome", e.outcome.as_deref(), LONG);
        c.due(&p, "next_due", e.next_due);
        c.order(&p, "next_due", (e.last_check, e.next_due), "the last check");
    }
    if let Some(h) = &content.emotional_health {
        c.optional("emotional_health", "summary", h.summary.as_deref(), LONG);
        for (p, e) in each(c, Some(&h.support), "emotional_health.support") {
            c.required(&p, "service", &e.service, SHORT);
            c.past(&p, "from", e.from);
            c.past(&p, "to", e.to);
            c.order(&p, "to", (e.from, e.to), "the start date");
            c.optional(&p, "notes", e.notes.as_deref(), LONG);
        }
        for (p, e) in each(c, Some(&h.sdq_scores), "emotional_health.sdq_scores") {
            c.past(&p, "date", Some(e.date));
            if e.score > 40 {
                c.error(&p, "score", "must be between 0 and 40");
            }
        }
    }
    let assessments = content.health_assessments.as_deref();
    let initial = (assessments.unwrap_or_default().iter())
        .find(|a| a.kind == AssessmentKind::Initial)
        .map(|a| a.date);
    let mut seen_initial = false;
    for (p, e) in each(c, assessments, "health_assessments") {
        c.past(&p, "date", Some(e.date));
        c.optional(&p, "notes", e.notes.as_deref(), LONG);
        if e.kind == AssessmentKind::Review {
            c.order(
                &p,
                "date",
                (initial, Some(e.date)),
                "the initial assessment",
            );
        } else if seen_initial {
            c.error(
                &p,
                "kind",
                "there can be only one initial health assessment",
            );
        }
        seen_initial |= e.kind == AssessmentKind::Initial;
    }
    for (p, e) in each(
        c,
        content.health_plan_actions.as_deref(),
        "health_plan_actions",
    ) {
        c.required(&p, "action", &e.action, LONG);
        c.required(&p, "responsible", &e.responsible, SHORT);
        c.due(&p, "due", e.due);
    }
    for (p, e) in each(c, content.where_to_get_help.as_deref(), "where_to_get_help") {
        c.required(&p, "name", &e.name, SHORT);
        c.optional(&p, "what_for", e.what_for.as_deref(), LONG);
        c.phone(&p, "phone", e.phone.as_deref());
        c.phone(&p, "sms", e.sms.as_deref());
        c.email(&p, "email", e.email.as_deref());
        c.website(&p, "website", e.website.as_deref());
        if e.phone.is_none() && e.sms.is_none() && e.email.is_none() && e.website.is_none() {
            c.error(&p, "", "must give at least one way to contact the service");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    /// Errors for a passport given as JSON, for someone born 1 May 2008, on 15 January 2026.
    fn errors(content: Value) -> Vec<FieldError> {
        let content: PassportContent = serde_json::from_value(content).expect("valid JSON shape");
        validate(&content, day(2008, 5, 1), day(2026, 1, 15))
            .err()
            .unwrap_or_default()
    }

    fn medicine(since: &str) -> Value {
        json!({"name": "Salbutamol inhaler", "dose": "2 puffs", "since": since})
    }

    #[test]
    fn an_empty_passport_is_valid() {
        assert_eq!(errors(json!({})), vec![]);
    }

    #[test]
    fn each_rule_names_the_field_the_client_sent() {
        let ok = "2020-01-01";
        let cases = [
            (
                json!({"medicines": [medicine(ok), medicine(ok), medicine("2026-01-16")]}),
                "medicines[2].since",
                "in the future",
            ),
            (
                json!({"immunisations": [{"vaccine": "MMR", "date": "2008-04-30"}]}),
                "immunisations[0].date",
                "before the date of birth",
            ),
            (
                json!({"immunisations": [{"vaccine": "MMR", "dose_number": 0}]}),
                "immunisations[0].dose_number",
                "between 1 and 10",
            ),
            (
                json!({"about_me": {"nhs_number": "943 476 5918"}}),
                "about_me.nhs_number",
                "check digit",
            ),
            (
                json!({"about_me": {"gp_practice_ods_code": "M87 006"}}),
                "about_me.gp_practice_ods_code",
                "ODS code",
            ),
            (
                json!({"about_me": {"named_nurse": {"name": "Sarah", "email": "sarah"}}}),
                "about_me.named_nurse.email",
                "name@example.com",
            ),
            (
                json!({"emotional_health": {"sdq_scores": [{"date": ok, "score": 41}]}}),
                "emotional_health.sdq_scores[0].score",
                "between 0 and 40",
            ),
            (
                json!({"emotional_health": {"support": [{"service": "CAMHS", "from": ok, "to": "2019-05-01"}]}}),
                "emotional_health.support[0].to",
                "start date",
            ),
            (
                json!({"birth_history": {"gestation_weeks": 19}}),
                "birth_history.gestation_weeks",
                "between 20 and 45",
            ),
            (
                json!({"birth_history": {"gestation_weeks": 46}}),
                "birth_history.gestation_weeks",
                "between 20 and 45",
            ),
            (
                json!({"birth_history": {"birth_weight_grams": 299}}),
                "birth_history.birth_weight_grams",
                "between 300 and 6000",
            ),
            (
                json!({"birth_history": {"birth_weight_grams": 6001}}),
                "birth_history.birth_weight_grams",
                "between 300 and 6000",
            ),
            (
                json!({"birth_history": {"prenatal_exposures": ["alcohol", "not_known"]}}),
                "birth_history.prenatal_exposures",
                "cannot be combined",
            ),
            (
                json!({"birth_history": {"prenatal_exposures": ["alcohol", "alcohol"]}}),
                "birth_history.prenatal_exposures",
                "once",
            ),
            (
                json!({"conditions": [{"name": "Asthma", "status": "current", "resolved": ok}]}),
                "conditions[0].resolved",
                "current condition",
            ),
            (
                json!({"conditions": [{"name": "Eczema", "status": "past", "diagnosed": ok, "resolved": "2019-01-01"}]}),
                "conditions[0].resolved",
                "diagnosed date",
            ),
            (
                json!({"family_history": {"not_known": true, "entries": [{"condition": "Asthma", "relationship": "Birth mother"}]}}),
                "family_history.not_known",
                "cannot be true",
            ),
            (
                json!({"family_history": {"entries": [{"condition": " ", "relationship": "Birth mother"}]}}),
                "family_history.entries[0].condition",
                "blank",
            ),
            (
                json!({"where_to_get_help": [{"name": "NHS 111", "phone": "111"}, {"name": "A friend"}]}),
                "where_to_get_help[1]",
                "at least one way",
            ),
            (
                json!({"where_to_get_help": [{"name": "NHS", "website": "nhs.uk"}]}),
                "where_to_get_help[0].website",
                "https://",
            ),
            (
                json!({"dental_optical_hearing": [{"kind": "dental"}, {"kind": "dental"}]}),
                "dental_optical_hearing[1].kind",
                "listed twice",
            ),
            (
                json!({"dental_optical_hearing": [{"kind": "optical", "last_check": ok, "next_due": "2019-01-01"}]}),
                "dental_optical_hearing[0].next_due",
                "last check",
            ),
            (
                json!({"health_plan_actions": [{"action": "Dentist", "responsible": "Kai", "due": "2007-01-01"}]}),
                "health_plan_actions[0].due",
                "before the date of birth",
            ),
            (
                json!({"health_assessments": [{"kind": "initial", "date": ok}, {"kind": "initial", "date": ok}]}),
                "health_assessments[1].kind",
                "only one initial",
            ),
            (
                json!({"health_assessments": [{"kind": "review", "date": "2019-01-01"}, {"kind": "initial", "date": ok}]}),
                "health_assessments[0].date",
                "initial assessment",
            ),
            (
                json!({"medicines": [{"name": "x".repeat(201)}]}),
                "medicines[0].name",
                "at most 200 characters",
            ),
            (
                json!({"my_own_words": {"text": "x".repeat(5001)}}),
                "my_own_words.text",
                "at most 5000 characters",
            ),
            (
                json!({"medicines": vec![medicine(ok); 201]}),
                "medicines",
                "at most 200 entries",
            ),
        ];
        for (content, field, message) in cases {
            let found = errors(content.clone());
            assert!(
                found
                    .iter()
                    .any(|e| e.field == field && e.message.contains(message)),
                "expected {field} ({message}) for {content}, got {found:?}"
            );
        }
    }

    #[test]
    fn boundary_values_and_future_due_dates_are_accepted() {
        let content = json!({
            "about_me": {"nhs_number": "943 476 5919", "gp_practice_ods_code": "M87006",
                         "named_nurse": {"name": "Sarah", "phone": "0121 496 0101"}},
            "birth_history": {"gestation_weeks": 20, "birth_weight_grams": 6000,
                              "prenatal_exposures": ["not_known"]},
            "emotional_health": {"sdq_scores": [{"date": "2008-05-01", "score": 40}]},
            "immunisations": [{"vaccine": "MMR", "date": "2026-01-15", "dose_number": 10}],
            "dental_optical_hearing": [{"kind": "dental", "last_check": "2025-09-01",
                                        "next_due": "2026-03-01"}],
            "health_plan_actions": [{"action": "Book a dental check", "responsible": "Kai",
                                     "due": "2026-06-30", "done": false}],
            "where_to_get_help": [{"name": "Samaritans", "phone": "116 123"}]
        });
        assert_eq!(errors(content), vec![]);
    }

    #[test]
    fn the_whole_passport_is_bounded_as_well_as_each_list() {
        let many = |entry: Value| Value::Array(vec![entry; 200]);
        let content = json!({
            "medicines": many(medicine("2020-01-01")),
            "allergies": many(json!({"substance": "Penicillin"})),
            "immunisations": many(json!({"vaccine": "MMR"})),
            "therapies": many(json!({"therapy": "Speech and language therapy"})),
            "where_to_get_help": many(json!({"name": "NHS 111", "phone": "111"})),
            "conditions": [{"name": "Asthma", "status": "current"}]
        });
        let expected = FieldError::new("passport", "must have at most 1000 entries in all");
        assert_eq!(errors(content), vec![expected]);
    }
}
