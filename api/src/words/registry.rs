//! Collects every text the service can return to a young person, from every domain, so one
//! test can hold them all to the same reading ease. Dynamic texts are made from tables of
//! realistic inputs (ages, councils, statuses), the way a young person would meet them.
use chrono::NaiveDate;
use sea_orm::{ActiveEnum, Iterable};
use serde_json::json;
use url::Url;

use super::{errors, glossary, labels};
use crate::apprenticeships::{form::BURSARY_PROMPT, service::status_words, workflow::EoiStatus};
use crate::auth::Role;
use crate::content::{markdown::to_plain_text, seed};
use crate::mail::templates::Template;
use crate::prescriptions::{
    decision::scheme_eligibility,
    facts::{Certificate, Facts, examples},
    refusal::{record_differs, refusal},
    rules::evaluate,
};

type Texts = Vec<(String, String)>;

fn push(texts: &mut Texts, source: &str, text: impl Into<String>) {
    let text = text.into();
    if !text.trim().is_empty() {
        texts.push((source.to_owned(), text));
    }
}

/// Every young-person text, as (where it comes from, the text).
pub fn young_person_texts() -> Texts {
    let mut texts = Texts::new();
    error_texts(&mut texts);
    for label in labels::all() {
        push(&mut texts, "label", label);
    }
    for label in crate::apprenticeships::report_routes::option_labels() {
        push(&mut texts, "label: chances4youth option", label);
    }
    for (_, term, meaning) in glossary::TERMS {
        push(&mut texts, &format!("glossary: {term}"), meaning);
    }
    email_texts(&mut texts);
    eligibility_texts(&mut texts);
    for action in crate::audit::AuditAction::iter() {
        let Some(what) = crate::audit::describe(action) else {
            continue;
        };
        for role in Role::iter() {
            push(
                &mut texts,
                &format!("access log: {}", action.to_value()),
                format!("Sam Jones ({}) {what}.", labels::role_in_access_log(role)),
            );
        }
    }
    share_link_texts(&mut texts);
    chances4youth_texts(&mut texts);
    finder_texts(&mut texts);
    demo_content(&mut texts);
    texts
}

fn error_texts(texts: &mut Texts) {
    for text in [
        errors::TITLE_BAD_REQUEST,
        errors::TITLE_UNAUTHORIZED,
        errors::TITLE_SIGN_IN_FAILED,
        errors::TITLE_FORBIDDEN,
        errors::TITLE_NOT_FOUND,
        errors::TITLE_CONFLICT,
        errors::TITLE_PRECONDITION_FAILED,
        errors::TITLE_PAYLOAD_TOO_LARGE,
        errors::TITLE_VALIDATION,
        errors::TITLE_TOO_MANY_REQUESTS,
        errors::TITLE_UNAVAILABLE,
        errors::TITLE_INTERNAL,
        errors::TITLE_PASSPORT_NOT_PUBLISHED,
        errors::UNAUTHORIZED,
        errors::SIGN_IN_FAILED,
        errors::NOT_FOUND,
        errors::NOT_FOR_YOUR_ACCOUNT,
        errors::PASSPORT_NOT_PUBLISHED,
        errors::PRECONDITION_FAILED,
        errors::PRECONDITION_REQUIRED,
        errors::PAYLOAD_TOO_LARGE,
        errors::UNSUPPORTED_MEDIA_TYPE,
        errors::UNAVAILABLE,
        errors::INTERNAL,
        errors::CUT_SHORT,
        errors::UNREADABLE,
        errors::ALREADY_EXISTS,
        errors::EMAIL_TAKEN,
        errors::METHOD_NOT_ALLOWED,
        errors::TIMED_OUT,
        errors::NO_SUCH_ROUTE,
    ] {
        push(texts, "error", text);
    }
    for text in [
        crate::passport::entries::NOT_A_LIST,
        crate::passport::entries::NO_ENTRIES,
        crate::passport::entries::NOT_FOUND,
        crate::passport::questions::NO_SUCH_VERSION,
        crate::passport::own_words::BLANK,
        crate::passport::own_words::NOT_PLAIN,
    ] {
        push(texts, "error: question on one entry", text);
    }
    if let Err(too_long) = crate::passport::own_words::check(&"x".repeat(5001)) {
        push(texts, "error: own words", too_long.message);
    }
    for secs in [1, 30, 60, 300, 900] {
        push(
            texts,
            "error: too many requests",
            errors::too_many_requests(secs),
        );
    }
    let sent = [
        ("unknown variant `x`, expected one of `a`, `b`", json!("x")),
        ("missing field `opportunity_types`", json!(null)),
        ("unknown field `extra`, expected one of `a`", json!(1)),
        ("duplicate field `a`", json!(1)),
        ("invalid length 3, expected 2 elements", json!([1, 2, 3])),
        ("invalid type: string \"x\", expected u8", json!("x")),
        ("invalid value: integer `300`, expected u8", json!(300)),
        ("invalid type: string \"x\", expected f64", json!("x")),
        ("invalid type: integer `1`, expected a boolean", json!(1)),
        ("invalid type: integer `1`, expected a string", json!(1)),
        ("invalid type: integer `1`, expected a sequence", json!(1)),
        ("invalid type: integer `1`, expected a UUID", json!(1)),
        ("invalid type: map, expected unit", json!({})),
        ("input contains invalid characters", json!("14/09/2005")),
        ("premature end of input", json!("2005-09")),
        ("invalid digit found in string", json!("x")),
        ("invalid float literal", json!("x")),
        ("provided string was not `true` or `false`", json!("x")),
    ];
    for (raw, value) in sent {
        let message = errors::parser_message(raw, Some(&value));
        push(
            texts,
            "error: parser",
            errors::sentence("date_of_birth", &message),
        );
    }
    push(texts, "error: date", errors::date_format(None));
    push(
        texts,
        "error: e-mail address",
        errors::sentence("email", crate::domain_types::email::NOT_AN_EMAIL),
    );
    for not_a_phone in [
        crate::domain_types::phone::NOT_A_PHONE,
        crate::domain_types::phone::NOT_A_UK_PHONE,
    ] {
        push(
            texts,
            "error: phone number",
            errors::sentence("phone", not_a_phone),
        );
    }
    push(
        texts,
        "error: validation",
        errors::validation_detail(&[
            errors::sentence("date_of_birth", "must not be in the future"),
            errors::sentence(
                "postcode",
                "We could not find DY1 9ZZ. Check it, or use your location instead.",
            ),
        ]),
    );
    for status in EoiStatus::iter() {
        push(
            texts,
            "error: chances4youth closed",
            labels::eoi_closed(status),
        );
        for requested in EoiStatus::iter() {
            let refused = crate::apprenticeships::workflow::TransitionError::NotAllowed {
                current: status,
                requested,
            };
            let problem = crate::apprenticeships::service::transition_error(refused).to_problem();
            push(texts, "error: chances4youth move", problem.detail);
        }
    }
    let differs = record_differs(Vec::new()).problem;
    push(texts, "error: eligibility record differs", differs.title);
    push(texts, "error: eligibility record differs", differs.detail);
}

fn email_texts(texts: &mut Texts) {
    let n = || "Alex".to_string();
    let templates = [
        Template::Invitation {
            name: n(),
            token: "tok".into(),
            role_words: crate::auth::service::CARE_LEAVER_INVITATION_WORDS.into(),
        },
        Template::PasswordReset {
            name: n(),
            token: "tok".into(),
        },
        Template::EmailChangeConfirm {
            name: n(),
            token: "tok".into(),
        },
        Template::EmailChanged { name: n() },
        Template::PassportReadyForYoungPerson { name: n() },
        Template::PassportQueryAnswered { name: n() },
        Template::PrescriptionDecision {
            name: n(),
            young_person: n(),
            approved: true,
            for_young_person: true,
        },
        Template::PrescriptionDecision {
            name: n(),
            young_person: n(),
            approved: false,
            for_young_person: true,
        },
        Template::PrescriptionCertificateExpiring {
            name: n(),
            expires_on: "30 June 2026".into(),
        },
        Template::EoiDigest {
            recipient_name: n(),
            count: 3,
        },
    ];
    let mut updates: Vec<Template> = Vec::new();
    for status in EoiStatus::iter() {
        for has_feedback in [true, false] {
            updates.push(Template::EoiUpdateForYoungPerson {
                name: n(),
                status_words: status_words(status).into(),
                has_feedback,
            });
        }
    }
    let base = Url::parse("https://carepassport.example").expect("a valid URL");
    for template in templates.iter().chain(&updates) {
        let rendered = template.render(&base);
        let source = format!("e-mail: {}", template.name());
        push(texts, &source, rendered.subject);
        for paragraph in rendered.text.split("\n\n") {
            // The link line is a label and an address, not prose.
            if !paragraph.contains("://") {
                push(texts, &source, paragraph);
            }
        }
    }
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    examples::d(y, m, day)
}

/// Someone whose certificates all ran out a month before the day they ask, so every
/// "ran out" note is written.
fn every_certificate_ran_out(born: NaiveDate) -> Facts {
    let ran_out = Some(Certificate::until(d(2026, 5, 1)));
    Facts {
        pregnant_or_recent_birth_with_matex: ran_out,
        medical_exemption_certificate: ran_out,
        war_pension_certificate: ran_out,
        tax_credit_exemption_certificate: ran_out,
        hc2_certificate: ran_out,
        hc3_certificate: ran_out,
        prepayment_certificate_expires: Some(d(2026, 5, 1)),
        ..examples::answered(born)
    }
}

fn eligibility_texts(texts: &mut Texts) {
    let today = d(2026, 6, 1);
    let mut people: Vec<Facts> = Vec::new();
    for born in [
        d(2011, 1, 1),
        d(2009, 9, 14),
        d(2008, 9, 14),
        d(2007, 1, 1),
        d(2004, 1, 1),
        d(2001, 7, 1),
        d(2000, 1, 1),
    ] {
        for council in ["dudley", "walsall", "Birmingham"] {
            people.push(examples::care_leaver(born, council));
            people.push(Facts {
                registered_with_gp: Some(false),
                ..examples::care_leaver(born, council)
            });
        }
        people.push(examples::answered(born));
        people.push(examples::student(born));
        people.push(every_certificate_ran_out(born));
        people.push(Facts {
            date_of_birth: Some(born),
            ..Facts::default()
        });
    }
    people.push(Facts::default());
    for facts in &people {
        let answer = evaluate(facts, today);
        push(texts, "eligibility: next step", answer.next_step);
        for note in answer.notes {
            push(texts, "eligibility: note", note);
        }
        for question in answer.questions {
            push(texts, "eligibility: question", question.text);
        }
        for route in answer.routes {
            push(texts, "eligibility: route", route.name);
            push(texts, "eligibility: route evidence", route.evidence);
        }
        for scheme in answer.schemes {
            push(texts, "eligibility: scheme", scheme.name);
            for reason in scheme.reasons {
                push(texts, "eligibility: reason", reason.text);
            }
        }
        if let Some(refused) = refusal(scheme_eligibility(facts, today)) {
            push(texts, "eligibility: refusal title", refused.problem.title);
            push(texts, "eligibility: refusal", refused.problem.detail);
            for error in refused.problem.errors {
                push(texts, "eligibility: refusal reason", error.message);
            }
        }
    }
}

fn share_link_texts(texts: &mut Texts) {
    use crate::passport::share::service::{SHARE_LINK_ACTIONS, SHARE_LINK_ROLE, share_link_line};
    push(texts, "access log: share link", SHARE_LINK_ROLE);
    for action in SHARE_LINK_ACTIONS {
        for recipient in [
            "Limestone Surgery",
            "my new GP",
            "Dr Khan at the walk-in centre",
        ] {
            let what = share_link_line(action, recipient, "3 March").expect("a share-link action");
            push(
                texts,
                &format!("access log: {}", action.to_value()),
                format!("Someone {what}."),
            );
        }
    }
}

fn chances4youth_texts(texts: &mut Texts) {
    push(texts, "chances4youth: bursary", BURSARY_PROMPT);
    for feedback in crate::demo::apprenticeships::demo_feedback() {
        push(texts, "chances4youth: demo feedback", feedback);
    }
    for status in EoiStatus::iter() {
        push(texts, "chances4youth: status words", status_words(status));
    }
}

fn finder_texts(texts: &mut Texts) {
    use crate::finder::local_knowledge::{checked_words, nhs_patients_words};
    use crate::finder::{types::unknown_postcode, views};
    use sea_orm::Iterable;
    for taking in entity::dentist_note::NhsPatients::iter() {
        push(
            texts,
            "finder: dentist taking patients",
            nhs_patients_words(taking),
        );
    }
    for (_, _, _, notes, _) in crate::demo::nurse_work::DEMO_DENTIST_NOTES {
        push(texts, "finder: demo dentist note", notes);
    }
    let today = d(2026, 11, 30);
    for days in [0, 1, 12, 90, 91, 400] {
        let on = today - chrono::Duration::days(days);
        push(texts, "finder: dentist checked", checked_words(on, today));
    }
    push(texts, "finder: guidance", views::GP_REGISTRATION_GUIDANCE);
    push(texts, "finder: guidance", views::DENTIST_GUIDANCE);
    let postcode = crate::domain_types::Postcode::parse("DY1 9ZZ").expect("valid");
    push(
        texts,
        "finder: unknown postcode",
        unknown_postcode(&postcode).message,
    );
    let origin = views::NearbyOrigin::from_outcode_centroid(
        &postcode,
        crate::finder::geo::GridPoint::new(393500.0, 291000.0),
    )
    .expect("on the grid");
    push(texts, "finder: note", origin.note.unwrap_or_default());
    for bad in ["DY99", "hello", ""] {
        if let Err(e) = crate::domain_types::Postcode::parse(bad) {
            push(texts, "finder: postcode", e.message);
        }
    }
}

fn demo_content(texts: &mut Texts) {
    for a in seed::articles().expect("the seeded articles parse") {
        // Scored as a whole, as the reader meets it (what `article_readability` scores).
        let as_read = format!(
            "{}\n\n{}\n\n{}",
            a.title,
            a.summary,
            to_plain_text(&a.body_markdown)
        );
        push(texts, &format!("article: {}", a.title), as_read);
    }
    for s in seed::services().expect("the seeded services parse") {
        let source = format!("service: {}", s.name);
        push(texts, &source, s.offers);
        push(texts, &source, s.who_for);
        push(texts, &source, s.area_note.unwrap_or_default());
        push(texts, &source, s.opening_times.unwrap_or_default());
    }
    demo_passport_texts(texts);
    for l in seed::links().expect("the seeded links parse") {
        let source = format!("link: {}", l.title);
        push(texts, &source, l.title);
        push(texts, &source, l.description);
    }
}

/// The prose the nurses wrote in the demo passports (notes, summaries, what a service is for),
/// as a young person reads it in their passport. Codes, names, dates and addresses are not
/// prose, so only strings of eight words or more are taken.
fn demo_passport_texts(texts: &mut Texts) {
    fn walk(texts: &mut Texts, path: &str, value: &serde_json::Value) {
        match value {
            serde_json::Value::String(s) if s.split_whitespace().count() >= 8 => {
                push(texts, &format!("demo passport: {path}"), s.as_str());
            }
            serde_json::Value::Array(items) => {
                for item in items {
                    walk(texts, path, item);
                }
            }
            serde_json::Value::Object(fields) => {
                for (name, field) in fields {
                    walk(texts, &format!("{path}.{name}"), field);
                }
            }
            _ => {}
        }
    }
    let born = d(2008, 9, 14);
    let today = d(2026, 6, 1);
    for passport in crate::demo::passport_content::demo_passports(born, today) {
        let value = serde_json::to_value(&passport).expect("a passport serialises");
        walk(texts, "passport", &value);
    }
}
