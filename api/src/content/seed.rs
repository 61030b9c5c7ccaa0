//! The starter content shipped with the service (`seed/content/*.json`), embedded so a fresh
//! machine can load the demo set without the source tree.

use super::model::{ArticleInput, Link, ServiceInput};

/// A dozen plain-English articles for care leavers, each with NHS sources.
pub const ARTICLES_JSON: &str = include_str!("../../seed/content/articles.json");
/// Local and national services named in the issue.
pub const SERVICES_JSON: &str = include_str!("../../seed/content/services.json");
/// The app's fixed links: NHS App, NHS 111, urgent mental health help, 999.
pub const LINKS_JSON: &str = include_str!("../../seed/content/links.json");

/// The starter articles.
pub fn articles() -> Result<Vec<ArticleInput>, serde_json::Error> {
    serde_json::from_str(ARTICLES_JSON)
}

/// The starter services directory.
pub fn services() -> Result<Vec<ServiceInput>, serde_json::Error> {
    serde_json::from_str(SERVICES_JSON)
}

/// The fixed link set.
pub fn links() -> Result<Vec<Link>, serde_json::Error> {
    serde_json::from_str(LINKS_JSON)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::markdown::{is_safe_url, sanitise_markdown};
    use crate::content::model::{
        LOCAL_AUTHORITIES, Topic, is_nhs_url, validate_article, validate_link, validate_service,
    };
    use crate::content::readability::{PLAIN_ENGLISH_THRESHOLD, article_readability};
    use chrono::NaiveDate;
    use std::collections::HashSet;

    /// The day the seed was last checked; reviewed_on dates are on or before it.
    fn seeded_on() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    #[test]
    fn every_seeded_article_is_valid_plain_english_and_sourced_from_the_nhs() {
        let articles = articles().unwrap();
        assert_eq!(articles.len(), 12);
        for a in &articles {
            assert_eq!(validate_article(a, seeded_on()), vec![], "{}", a.title);
            let r = article_readability(&a.title, &a.summary, &a.body_markdown);
            assert!(r.score >= PLAIN_ENGLISH_THRESHOLD, "{}: {r:?}", a.title);
            assert!(
                a.sources.iter().any(|s| is_nhs_url(&s.url)),
                "{} has no NHS source",
                a.title
            );
            assert_eq!(
                sanitise_markdown(&a.body_markdown),
                a.body_markdown,
                "{}",
                a.title
            );
            assert_eq!(
                a.reviewed_on.format("%Y").to_string(),
                "2026",
                "{}",
                a.title
            );
        }
    }

    #[test]
    fn seeded_articles_have_unique_titles_and_cover_the_issues_topics() {
        let articles = articles().unwrap();
        let titles: HashSet<_> = articles.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles.len(), articles.len());
        let topics: HashSet<_> = articles.iter().map(|a| a.topic).collect();
        for topic in [
            Topic::RegisteringWithAGp,
            Topic::DentistsAndEyeTests,
            Topic::Prescriptions,
            Topic::MentalHealth,
            Topic::SexualHealth,
            Topic::HealthyEating,
            Topic::AlcoholAndDrugs,
            Topic::StayingSafe,
        ] {
            assert!(topics.contains(&topic), "no article on {topic}");
        }
    }

    #[test]
    fn every_seeded_service_is_valid_and_has_a_unique_name() {
        let services = services().unwrap();
        let names: HashSet<_> = services.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names.len(), services.len());
        for s in &services {
            assert_eq!(
                validate_service(s, &LOCAL_AUTHORITIES),
                vec![],
                "{}",
                s.name
            );
        }
        let lighthouse = services
            .iter()
            .find(|s| s.name == "Lighthouse Links")
            .unwrap();
        assert_eq!(
            (lighthouse.min_age, lighthouse.max_age),
            (Some(0), Some(25))
        );
        assert!(lighthouse.referral_needed);
    }

    #[test]
    fn the_fixed_links_are_valid_and_include_111_option_2_and_999() {
        let links = links().unwrap();
        for l in &links {
            assert_eq!(validate_link(l), vec![], "{}", l.id);
            assert!(is_safe_url(&l.url));
        }
        let ids: HashSet<_> = links.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids.len(), links.len());
        for id in [
            "nhs_app",
            "nhs_111_phone",
            "urgent_mental_health",
            "emergency_999",
        ] {
            assert!(ids.contains(id), "missing {id}");
        }
        let mental = links
            .iter()
            .find(|l| l.id == "urgent_mental_health")
            .unwrap();
        assert!(mental.url == "tel:111" && mental.description.contains("option 2"));
    }
}
