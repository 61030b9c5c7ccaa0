//! The draft at a glance, the preview as the young person sees it, publishing with the
//! section-by-section changes, and the published versions with theirs.
use crate::audit::AuditAction;
use askama::Template;
use axum::{extract::Path, http::StatusCode, response::Response};
use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use super::{ChangeLine, change_lines, draft_for, leaver_for, merge, parts, saved_line, when};
use crate::{
    auth::policy::{Action, Record},
    console::{
        Console, ConsoleNurse, CsrfForm,
        pages::{self, Layout, PageError},
    },
    error::AppError,
    http::RequestId,
    passport::{
        diff::diff,
        model::{PassportContent, SectionId},
        service::{self, audit_read},
        store,
        visibility::{Viewer, redact_for, visible_changes},
    },
    state::AppState,
};

/// A section's state on the overview.
pub struct SectionRow {
    pub key: String,
    pub title: &'static str,
    pub state: String,
    pub changed: bool,
}

#[derive(Template)]
#[template(path = "console/passport/overview.html")]
struct OverviewPage {
    layout: Layout,
    leaver_id: Uuid,
    leaver_name: String,
    first_name: String,
    saved_line: Option<String>,
    latest_version: Option<i32>,
    sections: Vec<SectionRow>,
    own_words: Option<String>,
    gaps: usize,
    hard_to_read: Vec<String>,
}

fn state_of(section: &parts::Section, json: &Value) -> String {
    let value = merge::at(json, &[section.key().as_str()]);
    if value.is_null() {
        return "Not recorded".into();
    }
    let count: usize = section
        .lists
        .iter()
        .map(|l| merge::entries(json, l.path).len())
        .sum();
    match (section.is_list(), count) {
        (true, 0) => "None".into(),
        (_, 1) => "1 entry".into(),
        (true, n) => format!("{n} entries"),
        (false, 0) => "Filled in".into(),
        (false, n) => format!("Filled in, {n} entries"),
    }
}

/// The field a readability path names, in words: "Allergies: reaction".
fn field_words(path: &str) -> String {
    let section = path.split(['.', '[']).next().unwrap_or(path);
    let title = parts::section(section).map_or("The young person's own words", |s| s.title);
    let field = path.rsplit('.').next().unwrap_or(path).replace('_', " ");
    format!("{title}: {field}")
}

pub async fn overview(
    Console(app, user, request_id): Console<ConsoleNurse>,
    Path(id): Path<Uuid>,
) -> Result<Response, PageError> {
    let (leaver, actor, viewer) = draft_for(&app, &user, &request_id, id, Action::Read).await?;
    let view = service::read_draft(&app.db, &app.audit, &actor, &leaver, viewer).await?;
    let json = store::to_json(&view.content)?;
    let changed: Vec<SectionId> = view.unpublished_changes.iter().map(|c| c.section).collect();
    let sections = parts::SECTIONS
        .iter()
        .filter(|s| viewer.can_see(s.id))
        .map(|s| SectionRow {
            key: s.key(),
            title: s.title,
            state: state_of(s, &json),
            changed: changed.contains(&s.id),
        })
        .collect();
    let saved_line = saved_line(&view);
    Ok(pages::ok(&OverviewPage {
        layout: user
            .layout(format!("{}'s health passport", leaver.user.name))
            .current("caseload"),
        leaver_id: id,
        leaver_name: leaver.user.name.clone(),
        first_name: leaver.first_name(),
        saved_line,
        latest_version: view.latest_version,
        sections,
        own_words: view.content.my_own_words.as_ref().map(|w| w.text.clone()),
        gaps: view.immunisation_gaps.map_or(0, |g| g.len()),
        hard_to_read: view
            .hard_to_read
            .iter()
            .map(|h| field_words(&h.field))
            .collect(),
    }))
}

/// `(label, value)` lines of one object or entry.
pub type Lines = Vec<(&'static str, String)>;

/// One section as the young person reads it.
pub struct PreviewSection {
    pub title: &'static str,
    /// `(label, value)` lines of the section's own fields.
    pub fields: Vec<(&'static str, String)>,
    /// Each list: its title and entries, each entry as its lines.
    pub lists: Vec<(&'static str, Vec<Lines>)>,
    pub none: bool,
}

#[derive(Template)]
#[template(path = "console/passport/preview.html")]
struct PreviewPage {
    layout: Layout,
    leaver_id: Uuid,
    first_name: String,
    sections: Vec<PreviewSection>,
    own_words: Option<String>,
}

/// The sections of `content` as `viewer` sees them, recorded ones only.
pub fn preview_sections(
    content: PassportContent,
    viewer: Viewer,
) -> Result<Vec<PreviewSection>, AppError> {
    let json = store::to_json(&redact_for(content, viewer))?;
    Ok(parts::SECTIONS
        .iter()
        .filter(|s| viewer.can_see(s.id) && !merge::at(&json, &[s.key().as_str()]).is_null())
        .map(|s| {
            let own = merge::at(&json, &[s.key().as_str()]);
            let fields = s
                .object
                .map(|f| super::form::described(f, own))
                .unwrap_or_default();
            let lists: Vec<_> = s
                .lists
                .iter()
                .map(|l| {
                    let entries = merge::entries(&json, l.path)
                        .iter()
                        .map(|e| super::form::described(l.fields, e))
                        .collect::<Vec<_>>();
                    (l.title, entries)
                })
                .filter(|(_, e)| !e.is_empty())
                .collect();
            PreviewSection {
                title: s.title,
                none: fields.is_empty() && lists.is_empty(),
                fields,
                lists,
            }
        })
        .collect())
}

/// The draft as the young person will see it once published.
pub async fn preview(
    Console(app, user, request_id): Console<ConsoleNurse>,
    Path(id): Path<Uuid>,
) -> Result<Response, PageError> {
    let (leaver, actor, _) = draft_for(&app, &user, &request_id, id, Action::Read).await?;
    let draft = store::load_draft(&app.db, id).await?;
    service::audit_draft_read(&app.audit, &actor, &leaver, draft.revision).await?;
    let mut content = draft.content;
    crate::passport::own_words::apply(&app.db, &leaver, &mut content).await?;
    let content = service::with_registered_practices(content, &leaver);
    let own_words = content.my_own_words.as_ref().map(|w| w.text.clone());
    Ok(pages::ok(&PreviewPage {
        layout: user
            .layout("Preview as the young person sees it")
            .current("caseload"),
        leaver_id: id,
        first_name: leaver.first_name(),
        sections: preview_sections(content, Viewer::Owner)?,
        own_words,
    }))
}

#[derive(Template)]
#[template(path = "console/passport/publish.html")]
struct PublishPage {
    layout: Layout,
    leaver_id: Uuid,
    leaver_name: String,
    revision: i32,
    saved: bool,
    next_version: i32,
    latest_version: Option<i32>,
    changes: Vec<ChangeLine>,
    problem: Option<String>,
}

async fn publish_view(
    app: &AppState,
    user: &ConsoleNurse,
    request_id: &RequestId,
    id: Uuid,
    problem: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let (leaver, actor, viewer) = draft_for(app, user, request_id, id, Action::Write).await?;
    let view = service::read_draft(&app.db, &app.audit, &actor, &leaver, viewer).await?;
    let revision = view.revision;
    Ok(pages::render(
        status,
        &PublishPage {
            layout: user.layout("Publish the passport").current("caseload"),
            leaver_id: id,
            leaver_name: leaver.user.name.clone(),
            revision,
            saved: view.saved,
            next_version: view.latest_version.map_or(1, |n| n + 1),
            latest_version: view.latest_version,
            changes: change_lines(&view.unpublished_changes),
            problem,
        },
    ))
}

pub async fn publish_page(
    Console(app, user, request_id): Console<ConsoleNurse>,
    Path(id): Path<Uuid>,
) -> Result<Response, PageError> {
    publish_view(&app, &user, &request_id, id, None, StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct PublishForm {
    #[serde(default)]
    revision: String,
}

/// Publishes the draft the nurse reviewed (its revision), through the API's service.
pub async fn publish(
    Console(app, user, request_id): Console<ConsoleNurse>,
    Path(id): Path<Uuid>,
    CsrfForm { form, .. }: CsrfForm<PublishForm>,
) -> Result<Response, PageError> {
    let (leaver, actor, _) = draft_for(&app, &user, &request_id, id, Action::Write).await?;
    let expected: i32 = form.revision.trim().parse().unwrap_or(-1);
    let problem = match service::publish(&app.db, &app.config, &actor, &leaver, expected).await {
        Ok(_) => {
            app.passports.forget(leaver.id());
            app.mail_wakeup.notify_one();
            return Ok(pages::see_other(&format!("/care-leavers/{id}/passport/versions")));
        }
        Err(AppError::PreconditionFailed) => {
            "The draft was saved again after you opened this page. Check the changes below and publish again.".to_owned()
        }
        Err(AppError::Conflict { .. }) => {
            "There is nothing new to publish: save the draft first, or change something since the last version.".to_owned()
        }
        Err(AppError::Validation(fields)) => {
            let fields: Vec<String> = fields.into_iter().map(|f| format!("{} {}", f.field, f.message)).collect();
            format!("The draft cannot be published until it is corrected: {}.", fields.join("; "))
        }
        Err(other) => return Err(other.into()),
    };
    publish_view(
        &app,
        &user,
        &request_id,
        id,
        Some(problem),
        StatusCode::CONFLICT,
    )
    .await
}

/// A published version and what it changed from the one before.
pub struct VersionRow {
    pub number: i32,
    pub published: String,
    pub published_by: String,
    pub acknowledged: Option<String>,
    pub changes: Vec<ChangeLine>,
}

#[derive(Template)]
#[template(path = "console/passport/versions.html")]
struct VersionsPage {
    layout: Layout,
    leaver_id: Uuid,
    leaver_name: String,
    versions: Vec<VersionRow>,
}

pub async fn versions(
    Console(app, user, request_id): Console<ConsoleNurse>,
    Path(id): Path<Uuid>,
) -> Result<Response, PageError> {
    let (leaver, actor, viewer) =
        leaver_for(&app, &user, &request_id, id, Action::Read, Record::Passport).await?;
    let summaries = store::summaries(&app.db, id).await?;
    let mut rows = Vec::with_capacity(summaries.len());
    let mut before = PassportContent::default();
    for summary in summaries {
        let Some(version) = store::find_version(&app.db, id, summary.number).await? else {
            continue;
        };
        let content = store::content_of(&version.content)?;
        let changes = visible_changes(diff(&before, &content), viewer);
        rows.push(VersionRow {
            number: summary.number,
            published: when(summary.published_at),
            published_by: summary.published_by,
            acknowledged: summary.acknowledged_at.map(when),
            changes: change_lines(&changes),
        });
        before = content;
    }
    rows.reverse();
    audit_read(
        &app.audit,
        &actor,
        &leaver,
        AuditAction::PassportVersionsListed,
        "passport:versions".into(),
    )
    .await?;
    Ok(pages::ok(&VersionsPage {
        layout: user.layout("Published versions").current("caseload"),
        leaver_id: id,
        leaver_name: leaver.user.name.clone(),
        versions: rows,
    }))
}
