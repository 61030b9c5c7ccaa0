//! The article form: its fields (sources as numbered rows), turning it into an article, the
//! article rules' errors placed beside its fields, and the reading ease hint under it.
use crate::content::model::TopicLabel;
use sea_orm::Iterable;
use std::collections::HashMap;

use chrono::{Months, NaiveDate};
use serde::Deserialize;

use crate::{
    console::pages::{self, FormErrors},
    content::{
        model::{ArticleInput, Source, Topic, needs_confirmation},
        readability::{PLAIN_ENGLISH_THRESHOLD, article_readability},
        service,
    },
    error::{AppError, FieldError},
};

/// The most sources an article may list (the rule in `content::rules` says the same).
const SOURCE_SLOTS: usize = 10;

/// The form ids of each source row's name and link, so an error can point at its field.
const SOURCE_IDS: [(&str, &str); SOURCE_SLOTS] = [
    ("source-0-title", "source-0-url"),
    ("source-1-title", "source-1-url"),
    ("source-2-title", "source-2-url"),
    ("source-3-title", "source-3-url"),
    ("source-4-title", "source-4-url"),
    ("source-5-title", "source-5-url"),
    ("source-6-title", "source-6-url"),
    ("source-7-title", "source-7-url"),
    ("source-8-title", "source-8-url"),
    ("source-9-title", "source-9-url"),
];

/// The reading ease hint for an article as it is being written: the score publishing checks
/// (`article_readability` of title, summary and body) and whether publishing will need the
/// nurse to confirm (`needs_confirmation`, the publish check's own rule). The page shows it
/// under the form and the live hint posts the form here as she types, so there is one number.
pub fn reading_ease_hint(title: &str, summary: &str, body_markdown: &str) -> String {
    let r = article_readability(title, summary, body_markdown);
    if r.words == 0 {
        return "Write the title, summary and article to see their reading ease score.".to_owned();
    }
    let counts = format!(
        "Reading ease score of the title, summary and article: {:.1} ({} words, {} sentences).",
        r.score, r.words, r.sentences
    );
    if needs_confirmation(&r) {
        format!(
            "{counts} Under {PLAIN_ENGLISH_THRESHOLD}: hard to read, so you will need to confirm to publish it. Try shorter sentences and everyday words."
        )
    } else {
        format!("{counts} Plain English: you can publish it.")
    }
}

/// One source row of the form.
pub struct SourceRow {
    pub title_id: &'static str,
    pub url_id: &'static str,
    pub number: usize,
    pub title: String,
    pub url: String,
}

/// What the article form holds (from the draft, or as sent with errors).
#[derive(Deserialize, Default, Clone)]
pub struct DraftForm {
    #[serde(default)]
    pub revision: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub body_markdown: String,
    #[serde(default)]
    pub topic: String,
    #[serde(default, rename = "reviewed_on-day")]
    pub reviewed_day: String,
    #[serde(default, rename = "reviewed_on-month")]
    pub reviewed_month: String,
    #[serde(default, rename = "reviewed_on-year")]
    pub reviewed_year: String,
    #[serde(default, rename = "review_due-day")]
    pub due_day: String,
    #[serde(default, rename = "review_due-month")]
    pub due_month: String,
    #[serde(default, rename = "review_due-year")]
    pub due_year: String,
    /// The source rows (`source-N-title`, `source-N-url`) and anything else sent.
    #[serde(flatten)]
    pub rest: HashMap<String, String>,
}

fn date_parts(d: NaiveDate) -> (String, String, String) {
    (
        d.format("%-d").to_string(),
        d.format("%-m").to_string(),
        d.format("%Y").to_string(),
    )
}

impl DraftForm {
    pub(super) fn of(revision: String, input: &ArticleInput, topic: &str) -> Self {
        let (reviewed_day, reviewed_month, reviewed_year) = date_parts(input.reviewed_on);
        let (due_day, due_month, due_year) = date_parts(input.review_due);
        let mut rest = HashMap::new();
        for (source, (title_id, url_id)) in input.sources.iter().zip(SOURCE_IDS) {
            rest.insert(title_id.to_owned(), source.title.clone());
            rest.insert(url_id.to_owned(), source.url.clone());
        }
        Self {
            revision,
            title: input.title.clone(),
            summary: input.summary.clone(),
            body_markdown: input.body_markdown.clone(),
            topic: topic.to_owned(),
            reviewed_day,
            reviewed_month,
            reviewed_year,
            due_day,
            due_month,
            due_year,
            rest,
        }
    }

    /// A new article's form: checked today, due again in a year, no topic chosen yet.
    pub(super) fn blank(today: NaiveDate) -> Self {
        let input = ArticleInput {
            title: String::new(),
            summary: String::new(),
            body_markdown: String::new(),
            topic: Topic::RegisteringWithAGp,
            reviewed_on: today,
            review_due: today.checked_add_months(Months::new(12)).unwrap_or(today),
            sources: Vec::new(),
        };
        Self::of(String::new(), &input, "")
    }

    fn source_text(&self, id: &str) -> String {
        self.rest
            .get(id)
            .map(|s| s.trim().to_owned())
            .unwrap_or_default()
    }

    /// The filled source rows, each with the slot it came from (blank rows are left out).
    fn sources(&self) -> (Vec<Source>, Vec<usize>) {
        let mut sources = Vec::new();
        let mut slots = Vec::new();
        for (slot, (title_id, url_id)) in SOURCE_IDS.iter().enumerate() {
            let (title, url) = (self.source_text(title_id), self.source_text(url_id));
            if !title.is_empty() || !url.is_empty() {
                sources.push(Source { title, url });
                slots.push(slot);
            }
        }
        (sources, slots)
    }

    /// The rows to show: every row sent or filled, then two empty ones for more sources.
    pub(super) fn source_rows(&self) -> Vec<SourceRow> {
        let used = SOURCE_IDS
            .iter()
            .rposition(|(t, u)| self.rest.contains_key(*t) || self.rest.contains_key(*u))
            .map_or(0, |last| last + 1);
        let filled = self.sources().1.last().map_or(0, |last| last + 1);
        let shown = used.max(filled + 2).clamp(2, SOURCE_SLOTS);
        SOURCE_IDS
            .into_iter()
            .take(shown)
            .enumerate()
            .map(|(i, (title_id, url_id))| SourceRow {
                title_id,
                url_id,
                number: i + 1,
                title: self.source_text(title_id),
                url: self.source_text(url_id),
            })
            .collect()
    }

    /// The article the form describes, or the errors beside its topic and date fields.
    pub(super) fn input(&self) -> Result<(ArticleInput, Vec<usize>), FormErrors> {
        let mut errors = FormErrors::default();
        let topic = entity::from_stored_text::<Topic>(&self.topic);
        if topic.is_none() {
            errors.add("topic", "Choose a topic");
        }
        let reviewed_on = pages::typed_date(
            &self.reviewed_day,
            &self.reviewed_month,
            &self.reviewed_year,
        );
        if reviewed_on.is_none() {
            errors.add(
                "reviewed_on-day",
                "The day it was checked must be a real date, like 10 1 2026",
            );
        }
        let review_due = pages::typed_date(&self.due_day, &self.due_month, &self.due_year);
        if review_due.is_none() {
            errors.add(
                "review_due-day",
                "The review date must be a real date, like 10 1 2027",
            );
        }
        let (sources, slots) = self.sources();
        let (Some(topic), Some(reviewed_on), Some(review_due)) = (topic, reviewed_on, review_due)
        else {
            // Say what else is wrong too, by the article rules, so one send shows every mistake.
            let today = crate::age::today();
            let stand_in = ArticleInput {
                topic: Topic::RegisteringWithAGp,
                reviewed_on: today,
                review_due: today.checked_add_months(Months::new(12)).unwrap_or(today),
                ..self.text_input(sources)
            };
            if let Err(AppError::Validation(fields)) = service::check_article(&stand_in) {
                errors.0.extend(service_errors(fields, &slots).0);
            }
            errors.0.sort_by_key(|(anchor, _)| page_order(anchor));
            return Err(errors);
        };
        Ok((
            ArticleInput {
                topic,
                reviewed_on,
                review_due,
                ..self.text_input(sources)
            },
            slots,
        ))
    }

    /// The written parts of the form as an article (topic and dates to be filled in).
    fn text_input(&self, sources: Vec<Source>) -> ArticleInput {
        ArticleInput {
            title: self.title.trim().to_owned(),
            summary: self.summary.trim().to_owned(),
            body_markdown: self.body_markdown.clone(),
            topic: Topic::RegisteringWithAGp,
            reviewed_on: NaiveDate::MIN,
            review_due: NaiveDate::MIN,
            sources,
        }
    }

    pub(super) fn hint(&self) -> String {
        reading_ease_hint(self.title.trim(), self.summary.trim(), &self.body_markdown)
    }
}

/// The form's anchor for a field the service names; `slots` maps the n-th source sent to its
/// row on the form.
fn article_anchor(field: &str, slots: &[usize]) -> &'static str {
    if let Some(rest) = field.strip_prefix("sources[") {
        let index: Option<usize> = rest.split(']').next().and_then(|i| i.parse().ok());
        let slot = index.and_then(|i| slots.get(i).copied()).unwrap_or(0);
        let (title_id, url_id) = SOURCE_IDS[slot.min(SOURCE_SLOTS - 1)];
        return if field.ends_with(".url") {
            url_id
        } else {
            title_id
        };
    }
    match field {
        "summary" => "summary",
        "body_markdown" => "body_markdown",
        "topic" => "topic",
        "reviewed_on" => "reviewed_on-day",
        "review_due" => "review_due-day",
        "confirm_low_readability" => "confirm_low_readability",
        "sources" => SOURCE_IDS[0].0,
        _ => "title",
    }
}

/// The article rules' errors on this form: beside the field each names, and saying which
/// field (the rules' messages are written to sit beside a field: "must not be blank").
pub(super) fn service_errors(fields: Vec<FieldError>, slots: &[usize]) -> FormErrors {
    FormErrors(
        fields
            .into_iter()
            .map(|e| {
                let anchor = article_anchor(&e.field, slots);
                let message = e.message.replace("reviewed_on", "the day it was checked");
                let said = match field_name(&e.field, anchor) {
                    Some(name) => format!("{name} {message}"),
                    None => pages::capitalise(&message),
                };
                (anchor, said)
            })
            .collect(),
    )
}

/// How the error summary names a field the article rules name.
fn field_name(field: &str, anchor: &str) -> Option<String> {
    let source_row = |id: &str| id.split('-').nth(1)?.parse::<usize>().ok();
    match field {
        "title" => Some("The title".to_owned()),
        "summary" => Some("The summary".to_owned()),
        "body_markdown" => Some("The article".to_owned()),
        "reviewed_on" => Some("The day it was checked".to_owned()),
        "review_due" => Some("The review date".to_owned()),
        f if f.starts_with("sources[") && f.ends_with(".url") => {
            Some(format!("The link of source {}", source_row(anchor)? + 1))
        }
        f if f.starts_with("sources[") => {
            Some(format!("The name of source {}", source_row(anchor)? + 1))
        }
        _ => None,
    }
}

/// Where a field's error goes in the error summary: the form's order.
fn page_order(anchor: &str) -> usize {
    const FIELDS: [&str; 6] = [
        "title",
        "summary",
        "body_markdown",
        "topic",
        "reviewed_on-day",
        "review_due-day",
    ];
    FIELDS
        .iter()
        .position(|f| *f == anchor)
        .or_else(|| {
            SOURCE_IDS
                .iter()
                .position(|(t, u)| *t == anchor || *u == anchor)
                .map(|slot| FIELDS.len() + slot)
        })
        .unwrap_or(usize::MAX)
}

pub(super) fn topics() -> Vec<(String, &'static str)> {
    Topic::iter().map(|t| (t.to_string(), t.label())).collect()
}
