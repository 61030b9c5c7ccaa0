//! Checks on health content before it is stored or published.

use chrono::{Months, NaiveDate};
use std::collections::HashSet;

use super::model::{ArticleInput, Link, ServiceInput};
use super::readability::{PLAIN_ENGLISH_THRESHOLD, Readability};
use crate::domain_types::{EmailAddress, PhoneNumber, email, phone};
use crate::error::FieldError;
use crate::text::check_free_text;

/// The Black Country local authorities the service runs in.
pub const LOCAL_AUTHORITIES: [&str; 4] = ["dudley", "sandwell", "walsall", "wolverhampton"];

const MAX_URL: usize = 2048;
/// Longest service name, in characters.
pub const MAX_SERVICE_NAME: usize = 120;
/// Longest `offers` text of a service, in characters.
pub const MAX_SERVICE_OFFERS: usize = 1000;
/// Longest `who_for`, `area_note`, `address` or `opening_times` of a service, in characters.
pub const MAX_SERVICE_TEXT: usize = 300;
/// Oldest `max_age` a service may give.
pub const MAX_SERVICE_AGE: u8 = 120;
/// Most sources an article may list.
pub const MAX_SOURCES: usize = 10;
/// The NHS standard for health information asks for a review at least every three years.
const MAX_REVIEW_MONTHS: u32 = 36;

/// Whether `url` is an absolute `https` URL with a plausible host name (no user name, no
/// port, no spaces).
pub fn is_https_url(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("https://") else {
        return false;
    };
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..host_end];
    let labels: Vec<&str> = host.split('.').collect();
    url.len() <= MAX_URL
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"'))
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// Whether `url` is on an NHS website (`nhs.uk` or one of its subdomains).
pub fn is_nhs_url(url: &str) -> bool {
    let host = url
        .strip_prefix("https://")
        .map(|rest| &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())])
        .unwrap_or_default()
        .to_ascii_lowercase();
    is_https_url(url) && (host == "nhs.uk" || host.ends_with(".nhs.uk"))
}

/// Whether an article is due for review on `today` (on its due date or after it).
pub fn is_review_due(review_due: NaiveDate, today: NaiveDate) -> bool {
    review_due <= today
}

/// Refuses to publish an article below the plain-English threshold unless the nurse
/// confirmed it (`confirm_low_readability`).
pub fn check_publish(
    readability: &Readability,
    confirm_low_readability: bool,
) -> Result<(), FieldError> {
    if readability.score >= PLAIN_ENGLISH_THRESHOLD || confirm_low_readability {
        return Ok(());
    }
    Err(FieldError::new(
        "confirm_low_readability",
        format!(
            "the reading ease score is {:.1}, under {PLAIN_ENGLISH_THRESHOLD}; use shorter \
             sentences and words, or confirm to publish anyway",
            readability.score
        ),
    ))
}

/// Whether publishing an article of this reading ease needs the nurse to confirm: the
/// publish check itself, asked without a confirmation, so the console's live hint and
/// publishing cannot disagree.
pub fn needs_confirmation(readability: &Readability) -> bool {
    check_publish(readability, false).is_err()
}

/// Checks an article a nurse wrote on `today`.
pub fn validate_article(article: &ArticleInput, today: NaiveDate) -> Vec<FieldError> {
    let mut errors = Vec::new();
    required_text(&mut errors, "title", &article.title, 120);
    required_text(&mut errors, "summary", &article.summary, 300);
    required_text(&mut errors, "body_markdown", &article.body_markdown, 20_000);
    if article.reviewed_on > today {
        errors.push(FieldError::new("reviewed_on", "cannot be in the future"));
    }
    let latest_due = article
        .reviewed_on
        .checked_add_months(Months::new(MAX_REVIEW_MONTHS))
        .unwrap_or(NaiveDate::MAX);
    if article.review_due <= article.reviewed_on {
        errors.push(FieldError::new("review_due", "must be after reviewed_on"));
    } else if article.review_due > latest_due {
        errors.push(FieldError::new(
            "review_due",
            "must be within three years of reviewed_on",
        ));
    }
    if article.sources.is_empty() {
        errors.push(FieldError::new("sources", "add at least one source"));
    } else if article.sources.len() > MAX_SOURCES {
        errors.push(FieldError::new("sources", "add at most 10 sources"));
    }
    let mut seen = HashSet::new();
    for (i, source) in article.sources.iter().enumerate().take(10) {
        required_text(
            &mut errors,
            &format!("sources[{i}].title"),
            &source.title,
            200,
        );
        if !is_https_url(&source.url) {
            errors.push(FieldError::new(
                format!("sources[{i}].url"),
                "must be an https:// link",
            ));
        } else if !seen.insert(source.url.as_str()) {
            errors.push(FieldError::new(
                format!("sources[{i}].url"),
                "is listed twice",
            ));
        }
    }
    errors
}

/// Checks a service for the directory against the known `local_authorities`.
pub fn validate_service(service: &ServiceInput, local_authorities: &[&str]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    required_text(&mut errors, "name", &service.name, MAX_SERVICE_NAME);
    required_text(&mut errors, "offers", &service.offers, MAX_SERVICE_OFFERS);
    required_text(&mut errors, "who_for", &service.who_for, MAX_SERVICE_TEXT);
    for (field, value) in [
        ("area_note", &service.area_note),
        ("address", &service.address),
        ("opening_times", &service.opening_times),
    ] {
        if let Some(value) = value {
            required_text(&mut errors, field, value, MAX_SERVICE_TEXT);
        }
    }
    if let (Some(min), Some(max)) = (service.min_age, service.max_age)
        && min > max
    {
        errors.push(FieldError::new("max_age", "must not be below min_age"));
    }
    if service.max_age.is_some_and(|age| age > MAX_SERVICE_AGE) {
        errors.push(FieldError::new("max_age", "must be 120 or less"));
    }
    for (field, value) in [("phone", &service.phone), ("sms", &service.sms)] {
        if value
            .as_deref()
            .is_some_and(|v| PhoneNumber::parse(v).is_err())
        {
            errors.push(FieldError::new(field, phone::NOT_A_PHONE));
        }
    }
    if service
        .email
        .as_deref()
        .is_some_and(|e| EmailAddress::parse(e).is_err())
    {
        errors.push(FieldError::new("email", email::NOT_AN_EMAIL));
    }
    if service.web.as_deref().is_some_and(|w| !is_https_url(w)) {
        errors.push(FieldError::new("web", "must be an https:// link"));
    }
    let contacts = [
        &service.phone,
        &service.sms,
        &service.email,
        &service.web,
        &service.address,
    ];
    if contacts.iter().all(|c| c.is_none()) {
        errors.push(FieldError::new(
            "phone",
            "give at least one way to contact the service",
        ));
    }
    if let Some(la) = &service.local_authority
        && !local_authorities.contains(&la.as_str())
    {
        errors.push(FieldError::new(
            "local_authority",
            "is not a local authority we serve",
        ));
    }
    if service.topics.is_empty() {
        errors.push(FieldError::new("topics", "choose at least one"));
    }
    let mut seen = HashSet::new();
    for (i, topic) in service.topics.iter().enumerate() {
        if !seen.insert(topic) {
            errors.push(FieldError::new(format!("topics[{i}]"), "is chosen twice"));
        }
    }
    errors
}

/// Checks one of the app's fixed links.
pub fn validate_link(link: &Link) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let id_ok = (1..=50).contains(&link.id.len())
        && link
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !id_ok {
        errors.push(FieldError::new(
            "id",
            "use 1 to 50 lowercase letters, digits or _",
        ));
    }
    required_text(&mut errors, "title", &link.title, 80);
    required_text(&mut errors, "description", &link.description, 300);
    let tel_ok = (link.url.strip_prefix("tel:")).is_some_and(|n| PhoneNumber::parse(n).is_ok());
    if !(tel_ok || is_https_url(&link.url)) {
        errors.push(FieldError::new("url", "must be an https:// or tel: link"));
    }
    errors
}

/// Non-blank text of at most `max` characters, without control characters other than
/// newlines and tabs (PostgreSQL cannot even store a NUL).
fn required_text(errors: &mut Vec<FieldError>, field: &str, value: &str, max: usize) {
    if value.trim().is_empty() {
        errors.push(FieldError::new(field, "must not be blank"));
    } else {
        errors.extend(check_free_text(field, value, max));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::{LinkCategory, Source, Topic};

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn article() -> ArticleInput {
        ArticleInput {
            title: "Registering with a GP".into(),
            summary: "You can sign up with a GP near where you live.".into(),
            body_markdown: "You do not need proof of address.".into(),
            topic: Topic::RegisteringWithAGp,
            reviewed_on: date("2026-01-15"),
            review_due: date("2027-01-15"),
            sources: vec![Source {
                title: "How to register with a GP surgery".into(),
                url: "https://www.nhs.uk/nhs-services/gps/how-to-register-with-a-gp-surgery/"
                    .into(),
            }],
        }
    }

    fn service() -> ServiceInput {
        ServiceInput {
            name: "Samaritans".into(),
            offers: "Someone to talk to, day or night.".into(),
            who_for: "Anyone".into(),
            min_age: None,
            max_age: None,
            area_note: None,
            phone: Some("116 123".into()),
            sms: None,
            email: Some("jo@samaritans.org".into()),
            web: Some("https://www.samaritans.org/".into()),
            address: None,
            opening_times: Some("24 hours a day".into()),
            local_authority: None,
            referral_needed: false,
            topics: vec![Topic::MentalHealth],
        }
    }

    fn fields(errors: Vec<FieldError>) -> Vec<String> {
        errors.into_iter().map(|e| e.field).collect()
    }

    const TODAY: &str = "2026-02-01";

    #[test]
    fn a_complete_article_passes() {
        assert!(validate_article(&article(), date(TODAY)).is_empty());
    }

    #[test]
    fn each_broken_article_field_is_named() {
        type Break = fn(&mut ArticleInput);
        let cases: [(Break, &[&str]); 10] = [
            (|a| a.title = " ".into(), &["title"]),
            (|a| a.summary = "s".repeat(301), &["summary"]),
            (|a| a.body_markdown = "a\u{0}b".into(), &["body_markdown"]),
            (|a| a.reviewed_on = date("2026-02-02"), &["reviewed_on"]),
            (|a| a.review_due = a.reviewed_on, &["review_due"]),
            (|a| a.review_due = date("2029-01-16"), &["review_due"]),
            (|a| a.sources.clear(), &["sources"]),
            (
                |a| a.sources[0].url = "http://www.nhs.uk/".into(),
                &["sources[0].url"],
            ),
            (
                |a| a.sources.push(a.sources[0].clone()),
                &["sources[1].url"],
            ),
            (
                |a| a.sources[0].title = String::new(),
                &["sources[0].title"],
            ),
        ];
        for (i, (break_it, expected)) in cases.into_iter().enumerate() {
            let mut a = article();
            break_it(&mut a);
            assert_eq!(
                fields(validate_article(&a, date(TODAY))),
                expected.to_vec(),
                "case {i}"
            );
        }
    }

    #[test]
    fn a_complete_service_passes_and_each_broken_field_is_named() {
        assert!(validate_service(&service(), &LOCAL_AUTHORITIES).is_empty());
        type Break = fn(&mut ServiceInput);
        let cases: [(Break, &[&str]); 9] = [
            (|s| s.name = String::new(), &["name"]),
            (
                |s| (s.min_age, s.max_age) = (Some(18), Some(16)),
                &["max_age"],
            ),
            (|s| s.phone = Some("call us".into()), &["phone"]),
            (|s| s.sms = Some("12".into()), &["sms"]),
            (|s| s.email = Some("jo@".into()), &["email"]),
            (|s| s.web = Some("javascript:alert(1)".into()), &["web"]),
            (
                |s| (s.phone, s.email, s.web) = (None, None, None),
                &["phone"],
            ),
            (
                |s| s.local_authority = Some("birmingham".into()),
                &["local_authority"],
            ),
            (
                |s| s.topics = vec![Topic::Sleep, Topic::Sleep],
                &["topics[1]"],
            ),
        ];
        for (i, (break_it, expected)) in cases.into_iter().enumerate() {
            let mut s = service();
            break_it(&mut s);
            assert_eq!(
                fields(validate_service(&s, &LOCAL_AUTHORITIES)),
                expected.to_vec(),
                "case {i}"
            );
        }
    }

    #[test]
    fn links_may_be_https_or_telephone_numbers() {
        let link = |id: &str, url: &str| Link {
            id: id.into(),
            title: "NHS 111".into(),
            url: url.into(),
            description: "Get help now.".into(),
            category: LinkCategory::UrgentHelp,
        };
        let cases: [(Link, &[&str]); 6] = [
            (link("nhs_111", "tel:111"), &[]),
            (link("nhs_111_online", "https://111.nhs.uk/"), &[]),
            (link("nhs_111", "tel:"), &["url"]),
            (link("nhs_111", "javascript:alert(1)"), &["url"]),
            (link("NHS-111", "tel:111"), &["id"]),
            (link("", "http://111.nhs.uk/"), &["id", "url"]),
        ];
        for (l, expected) in cases {
            assert_eq!(fields(validate_link(&l)), expected.to_vec(), "{l:?}");
        }
    }

    #[test]
    fn https_and_nhs_urls_are_recognised() {
        let cases = [
            ("https://www.nhs.uk/conditions/", true, true),
            ("https://111.nhs.uk/", true, true),
            ("https://nhs.uk", true, true),
            ("https://www.dudley.gov.uk/", true, false),
            ("https://notnhs.uk/", true, false),
            ("https://www.nhs.uk.evil.com/", true, false),
            ("http://www.nhs.uk/", false, false),
            ("https://user@www.nhs.uk/", false, false),
            ("https://www.nhs.uk:8443/", false, false),
            ("https://localhost/", false, false),
            ("https://www.nhs.uk/a b", false, false),
            ("https://", false, false),
        ];
        for (url, https, nhs) in cases {
            assert_eq!((is_https_url(url), is_nhs_url(url)), (https, nhs), "{url}");
        }
    }

    #[test]
    fn a_low_score_needs_confirmation_to_publish() {
        let scored = |score: f64| Readability {
            score,
            words: 10,
            sentences: 1,
            syllables: 15,
            plain_english: score >= 60.0,
        };
        assert_eq!(check_publish(&scored(60.0), false), Ok(()));
        assert_eq!(check_publish(&scored(45.2), true), Ok(()));
        let err = check_publish(&scored(59.9), false).unwrap_err();
        assert_eq!(err.field, "confirm_low_readability");
        assert!(err.message.contains("59.9"), "{}", err.message);
        for score in [0.0, 45.2, 59.9, 60.0, 60.1, 88.0] {
            assert_eq!(
                needs_confirmation(&scored(score)),
                check_publish(&scored(score), false).is_err(),
                "the live hint's verdict is publishing's at {score}"
            );
        }
    }

    #[test]
    fn an_article_is_due_for_review_from_its_due_date() {
        let due = date("2026-06-30");
        assert!(!is_review_due(due, date("2026-06-29")));
        assert!(is_review_due(due, date("2026-06-30")));
        assert!(is_review_due(due, date("2026-07-01")));
    }
}
