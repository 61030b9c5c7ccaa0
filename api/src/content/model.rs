//! Health content kept up to date by the Children in Care nurses: articles, the local services
//! directory and the app's fixed links. Checks on what is sent live in [`super::rules`].

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::markdown::{render_safe_html, sanitise_markdown};
use super::readability::{Readability, article_readability};

pub use super::rules::{
    LOCAL_AUTHORITIES, check_publish, is_https_url, is_nhs_url, is_review_due, needs_confirmation,
    validate_article, validate_link, validate_service,
};

pub use entity::article::Topic;

/// A topic in words.
pub trait TopicLabel {
    /// The heading the app shows for the topic.
    fn label(self) -> &'static str;
}

impl TopicLabel for Topic {
    fn label(self) -> &'static str {
        match self {
            Topic::RegisteringWithAGp => "Registering with a GP",
            Topic::DentistsAndEyeTests => "Dentists and eye tests",
            Topic::Prescriptions => "Prescriptions and what they cost",
            Topic::MentalHealth => "Mental health and wellbeing",
            Topic::SexualHealth => "Sexual health",
            Topic::HealthyEating => "Healthy eating on a budget",
            Topic::AlcoholAndDrugs => "Alcohol and drugs",
            Topic::StayingSafe => "Staying safe",
            Topic::Sleep => "Sleep",
            Topic::UrgentCare => "Urgent and emergency care",
            Topic::NhsApp => "The NHS App",
            Topic::HealthPassport => "Your health passport",
            Topic::EducationAndWork => "Education and work",
            Topic::LeavingCareSupport => "Leaving care support",
        }
    }
}

/// Where an article's advice comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    #[schema(example = "How to register with a GP surgery - NHS")]
    pub title: String,
    /// `https` only; nhs.uk pages are preferred.
    #[schema(example = "https://www.nhs.uk/nhs-services/gps/how-to-register-with-a-gp-surgery/")]
    pub url: String,
}

/// An article as a nurse writes it (create and edit a draft; also the seed file format).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"title": "Registering with a GP", "summary": "You can sign up with a GP near where you live. It is free.", "body_markdown": "## What to do\n\nAsk at the front desk. Bring a friend if you like.\n\n- It is free.\n- You do not need ID.\n", "topic": "registering_with_a_gp", "reviewed_on": "2026-01-10", "review_due": "2027-01-10", "sources": [{"title": "How to register with a GP surgery - NHS", "url": "https://www.nhs.uk/nhs-services/gps/how-to-register-with-a-gp-surgery/"}]}))]
pub struct ArticleInput {
    #[schema(example = "Registering with a GP")]
    pub title: String,
    #[schema(example = "You can sign up with a GP near where you live. It is free.")]
    pub summary: String,
    /// Markdown; raw HTML is shown as text, never run.
    pub body_markdown: String,
    pub topic: Topic,
    pub reviewed_on: NaiveDate,
    pub review_due: NaiveDate,
    pub sources: Vec<Source>,
}

pub use entity::article::ArticleStatus;

/// `POST /v1/content/articles/{id}/publish`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"confirm_low_readability": false}))]
pub struct PublishRequest {
    /// Publish even though the reading ease score is under 60.
    #[serde(default)]
    pub confirm_low_readability: bool,
}

/// What the store knows about an article beyond its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArticleMeta {
    pub id: Uuid,
    pub status: ArticleStatus,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

/// An article as the app and the nurses read it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ArticleView {
    pub id: Uuid,
    pub status: ArticleStatus,
    pub version: i32,
    pub title: String,
    pub summary: String,
    /// Sanitised Markdown for the app to render.
    pub body_markdown: String,
    /// Sanitised HTML for web views.
    pub body_html: String,
    pub topic: Topic,
    pub reviewed_on: NaiveDate,
    pub review_due: NaiveDate,
    pub sources: Vec<Source>,
    pub readability: Readability,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

impl ArticleView {
    /// Builds the view, sanitising the body and scoring it.
    pub fn new(meta: ArticleMeta, article: &ArticleInput) -> Self {
        Self {
            id: meta.id,
            status: meta.status,
            version: meta.version,
            title: article.title.clone(),
            summary: article.summary.clone(),
            body_markdown: sanitise_markdown(&article.body_markdown),
            body_html: render_safe_html(&article.body_markdown),
            topic: article.topic,
            reviewed_on: article.reviewed_on,
            review_due: article.review_due,
            sources: article.sources.clone(),
            readability: article_readability(
                &article.title,
                &article.summary,
                &article.body_markdown,
            ),
            updated_at: meta.updated_at,
            published_at: meta.published_at,
        }
    }
}

/// A local service in the directory (create and edit; also the seed file format).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Lighthouse Links", "offers": "Someone to talk to about how you feel.", "who_for": "Young people aged 16 to 25", "min_age": 16, "max_age": 25, "area_note": null, "phone": "01384 818181", "sms": null, "email": "help@lighthouse-links.org.uk", "web": "https://www.lighthouse-links.org.uk/", "address": null, "opening_times": "Monday to Friday, 9am to 5pm", "local_authority": "dudley", "referral_needed": false, "topics": ["mental_health"]}))]
pub struct ServiceInput {
    #[schema(example = "Lighthouse Links")]
    pub name: String,
    /// What the service offers, in plain words.
    pub offers: String,
    #[schema(example = "Children and young people aged 0 to 25 who are or have been in care")]
    pub who_for: String,
    pub min_age: Option<u8>,
    pub max_age: Option<u8>,
    /// For example "within 20 miles of Dudley".
    pub area_note: Option<String>,
    #[schema(example = "01384 818181")]
    pub phone: Option<String>,
    /// A number to text, for text-only services; any keyword goes in `offers`.
    #[schema(example = "85258")]
    pub sms: Option<String>,
    pub email: Option<String>,
    /// `https` only.
    pub web: Option<String>,
    pub address: Option<String>,
    pub opening_times: Option<String>,
    /// `dudley`, `sandwell`, `walsall` or `wolverhampton`; `null` for a service open to all.
    #[schema(example = "dudley")]
    pub local_authority: Option<String>,
    pub referral_needed: bool,
    pub topics: Vec<Topic>,
}

/// A service as it is read back: its id, every [`ServiceInput`] field, and when it last changed.
/// The fields are spelt out rather than flattened from `ServiceInput`, whose schema forbids
/// extra properties (it is a request body) and so would reject `id` and `updated_at`.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ServiceView {
    pub id: Uuid,
    pub name: String,
    pub offers: String,
    pub who_for: String,
    pub min_age: Option<u8>,
    pub max_age: Option<u8>,
    pub area_note: Option<String>,
    pub phone: Option<String>,
    pub sms: Option<String>,
    pub email: Option<String>,
    pub web: Option<String>,
    pub address: Option<String>,
    pub opening_times: Option<String>,
    /// `null` for a service open to everyone.
    pub local_authority: Option<String>,
    pub referral_needed: bool,
    pub topics: Vec<Topic>,
    pub updated_at: DateTime<Utc>,
}

impl ServiceView {
    pub fn new(id: Uuid, s: ServiceInput, updated_at: DateTime<Utc>) -> Self {
        Self {
            id,
            name: s.name,
            offers: s.offers,
            who_for: s.who_for,
            min_age: s.min_age,
            max_age: s.max_age,
            area_note: s.area_note,
            phone: s.phone,
            sms: s.sms,
            email: s.email,
            web: s.web,
            address: s.address,
            opening_times: s.opening_times,
            local_authority: s.local_authority,
            referral_needed: s.referral_needed,
            topics: s.topics,
            updated_at,
        }
    }
}

pub use entity::content_link::LinkCategory;

/// One of the app's fixed links (NHS App, NHS 111, urgent mental health help, 999).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// Stable id the app refers to, lowercase letters, digits and `_`.
    #[schema(example = "nhs_111")]
    pub id: String,
    #[schema(example = "NHS 111")]
    pub title: String,
    /// `https:` or `tel:`.
    #[schema(example = "tel:111")]
    pub url: String,
    pub description: String,
    pub category: LinkCategory,
}
