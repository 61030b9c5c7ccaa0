//! A section of the draft as a form (object sections) and as lists of entries, each entry
//! with its own form; saving goes through `passport::service::save_draft` with the revision
//! the form was opened on.
use askama::Template;
use axum::{extract::Path, http::StatusCode, response::Response};
use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use super::{
    ChangeLine, Editing, change_lines, decode_base, draft_for, encode_base,
    form::{self, Errors, FieldView, Posted},
    merge::{self, Change, Target},
    parts::{List, Section},
    saved_line, section_for, writable_section,
};
use crate::{
    auth::{Actor, policy::Action},
    care_leavers::CareLeaver,
    console::{
        Console, ConsoleNurse, CsrfForm,
        pages::{self, Layout, PageError},
    },
    error::AppError,
    http::RequestId,
    passport::{
        diff::diff,
        model::{PassportContent, SectionId},
        own_words, service,
        store::{self, Draft},
        visibility::Viewer,
    },
    state::AppState,
};

#[derive(Deserialize)]
pub struct SectionPath {
    id: Uuid,
    section: String,
}

#[derive(Deserialize)]
pub struct ListPath {
    id: Uuid,
    section: String,
    list: String,
}

#[derive(Deserialize)]
pub struct EntryPath {
    id: Uuid,
    section: String,
    list: String,
    index: usize,
}

impl EntryPath {
    /// The entry's list and its index in it.
    fn split(self) -> (ListPath, usize) {
        let list = ListPath {
            id: self.id,
            section: self.section,
            list: self.list,
        };
        (list, self.index)
    }
}

/// What another nurse saved since this nurse opened the form.
pub struct ConflictView {
    pub who: String,
    pub changes: Vec<ChangeLine>,
    /// Entries in the section now that were not there when the form was opened.
    pub theirs: Vec<String>,
    /// Fields both nurses changed: the label and the other nurse's value.
    pub clashes: Vec<(String, String)>,
    /// The entry this nurse changed was removed by the other nurse.
    pub entry_gone: bool,
}

pub struct EntryRow {
    pub index: usize,
    pub summary: String,
    pub details: String,
}

pub struct ListView {
    pub name: &'static str,
    pub title: &'static str,
    pub entry: &'static str,
    pub article: &'static str,
    pub recorded: bool,
    pub rows: Vec<EntryRow>,
}

#[derive(Template)]
#[template(path = "console/passport/section.html")]
struct SectionPage {
    layout: Layout,
    leaver_id: Uuid,
    leaver_name: String,
    key: String,
    title: &'static str,
    is_list: bool,
    present: bool,
    revision: i32,
    base: String,
    saved_line: Option<String>,
    message: Option<String>,
    errors: Errors,
    conflict: Option<ConflictView>,
    object_fields: Vec<FieldView>,
    lists: Vec<ListView>,
    gaps: Vec<String>,
}

#[derive(Template)]
#[template(path = "console/passport/entry.html")]
struct EntryPage {
    layout: Layout,
    leaver_id: Uuid,
    leaver_name: String,
    key: String,
    section_title: &'static str,
    heading: String,
    action: String,
    revision: i32,
    base: String,
    errors: Errors,
    conflict: Option<ConflictView>,
    fields: Vec<FieldView>,
}

/// The draft as this nurse may see it, as JSON: all a save needs.
struct Editable {
    leaver: CareLeaver,
    actor: Actor,
    viewer: Viewer,
    draft: Draft,
    json: Value,
}

/// The draft as a page shows it: besides the draft, what the page says about it.
struct Loaded {
    editable: Editable,
    /// `(field path, score)` of free text that is hard to read.
    hard: Vec<(String, f64)>,
    gaps: Vec<String>,
    saved_line: Option<String>,
}

/// The draft for a page that shows it, read and audited as the API's draft read is.
async fn load(
    app: &AppState,
    user: &ConsoleNurse,
    request_id: &RequestId,
    id: Uuid,
) -> Result<Loaded, PageError> {
    let editing = draft_for(app, user, request_id, id, Action::Read).await?;
    show(app, editing).await
}

/// The draft of `editing` for a page that shows it.
async fn show(app: &AppState, editing: Editing) -> Result<Loaded, PageError> {
    let draft = stored_draft(app, &editing).await?;
    Loaded::shown(app, editing, draft).await
}

/// The stored draft, without the sections this nurse may not see.
async fn stored_draft(app: &AppState, (leaver, _, viewer): &Editing) -> Result<Draft, PageError> {
    let mut draft = store::load_draft(&app.db, leaver.id()).await?;
    if !viewer.can_see(SectionId::SexualHealthAndSubstanceUse) {
        draft.content.sexual_health_and_substance_use = None;
    }
    Ok(draft)
}

impl Editable {
    /// The draft to change, not audited: a save reads it to change it, and only a page that
    /// shows it to the nurse is a read of it. Nothing only a page needs is worked out.
    async fn read(app: &AppState, editing: Editing) -> Result<Self, PageError> {
        let draft = stored_draft(app, &editing).await?;
        let (leaver, actor, viewer) = editing;
        // As the draft's view carries them, so the form's JSON is the one the nurse saw.
        let mut content = draft.content.clone();
        own_words::apply(&app.db, &leaver, &mut content).await?;
        Ok(Editable {
            json: store::to_json(&content)?,
            leaver,
            actor,
            viewer,
            draft,
        })
    }

    /// The draft as someone else saved it meanwhile.
    async fn reread(self, app: &AppState) -> Result<Self, PageError> {
        Self::read(app, (self.leaver, self.actor, self.viewer)).await
    }

    /// This draft for a page that shows it again.
    async fn shown(self, app: &AppState) -> Result<Loaded, PageError> {
        Loaded::shown(app, (self.leaver, self.actor, self.viewer), self.draft).await
    }
}

impl Loaded {
    /// `draft` with all a page says about it, audited as the API's draft read is, as the page
    /// is about to show it.
    async fn shown(
        app: &AppState,
        (leaver, actor, viewer): Editing,
        draft: Draft,
    ) -> Result<Self, PageError> {
        let view = service::draft_view(&app.db, &leaver, draft.clone(), viewer).await?;
        service::audit_draft_read(&app.audit, &actor, &leaver, draft.revision).await?;
        let saved_line = saved_line(&view);
        let gaps = view
            .immunisation_gaps
            .unwrap_or_default()
            .iter()
            .map(|g| {
                format!(
                    "{} dose {} of {}: due from {}{}",
                    g.vaccine,
                    g.dose_number,
                    g.doses_in_course,
                    crate::words::long_date(g.due_from),
                    if g.catch_up_possible {
                        ""
                    } else {
                        " (too late to catch up)"
                    }
                )
            })
            .collect();
        Ok(Loaded {
            editable: Editable {
                json: store::to_json(&view.content)?,
                leaver,
                actor,
                viewer,
                draft,
            },
            hard: view
                .hard_to_read
                .into_iter()
                .map(|h| (h.field, h.score))
                .collect(),
            gaps,
            saved_line,
        })
    }
}

/// Hard-to-read fields under `prefix` (`allergies[0].`), by their field names.
fn hard_under(hard: &[(String, f64)], prefix: &str) -> Vec<(String, f64)> {
    hard.iter()
        .filter_map(|(f, s)| f.strip_prefix(prefix).map(|rest| (rest.to_owned(), *s)))
        .collect()
}

fn list_prefix(list: &List, index: usize) -> String {
    format!("{}[{index}].", list.path.join("."))
}

/// `(label, value)` lines as one line: "Name: Penicillin; Reaction: Rash".
fn joined(lines: &[(&str, String)]) -> String {
    lines
        .iter()
        .map(|(l, v)| format!("{l}: {v}"))
        .collect::<Vec<_>>()
        .join("; ")
}

fn lists_of(section: &Section, json: &Value) -> Vec<ListView> {
    section
        .lists
        .iter()
        .map(|list| {
            let value = merge::at(json, list.path);
            let rows = value
                .as_array()
                .map(|items| {
                    items
                        .iter()
                        .enumerate()
                        .map(|(index, item)| {
                            let described = form::described(list.fields, item);
                            let (summary, details) = match described.split_first() {
                                Some(((_, first), rest)) => (first.clone(), joined(rest)),
                                None => (String::new(), String::new()),
                            };
                            EntryRow {
                                index,
                                summary,
                                details,
                            }
                        })
                        .collect()
                })
                .unwrap_or_default();
            ListView {
                name: list.name,
                title: list.title,
                entry: list.entry,
                article: article(list.entry),
                recorded: !value.is_null(),
                rows,
            }
        })
        .collect()
}

/// What a page shows besides the draft: errors, fields as typed, another nurse's save, a
/// message, and the revision and base its forms carry (the draft's own when `None`).
#[derive(Default)]
struct Shown {
    errors: Errors,
    fields: Option<Vec<FieldView>>,
    conflict: Option<ConflictView>,
    message: Option<String>,
    revision_and_base: Option<(i32, Value)>,
}

impl Shown {
    /// The form as given (typed or filled in), with its errors.
    fn form(errors: Errors, fields: Vec<FieldView>) -> Self {
        Self {
            errors,
            fields: Some(fields),
            ..Self::default()
        }
    }

    /// The revision and base the form was opened on, instead of the draft's own.
    fn on(self, revision_and_base: (i32, Value)) -> Self {
        Self {
            revision_and_base: Some(revision_and_base),
            ..self
        }
    }

    /// What another nurse saved meanwhile.
    fn with_conflict(self, view: ConflictView) -> Self {
        Self {
            conflict: Some(view),
            ..self
        }
    }
}

/// The section's page again, or the entry's page when the form was a list's (`index` the
/// entry's, `None` for a new one), with `status`.
fn form_again(
    status: StatusCode,
    user: &ConsoleNurse,
    loaded: &Loaded,
    section: &'static Section,
    entry: Option<(&'static List, Option<usize>)>,
    shown: Shown,
) -> Response {
    match entry {
        Some((list, index)) => pages::render(
            status,
            &build_entry(user, loaded, section, list, index, shown),
        ),
        None => pages::render(status, &build_section(user, loaded, section, shown)),
    }
}

fn build_section(
    user: &ConsoleNurse,
    loaded: &Loaded,
    section: &'static Section,
    shown: Shown,
) -> SectionPage {
    let Shown {
        errors,
        fields: raw_object,
        conflict,
        message,
        revision_and_base,
    } = shown;
    let value = merge::at(&loaded.editable.json, &[section.key().as_str()]).clone();
    let object_fields = match (raw_object, section.object) {
        (Some(views), _) => views,
        (None, Some(fields)) => form::views(
            fields,
            &form::raw_from_json(fields, &value),
            &errors,
            &hard_under(&loaded.hard, &format!("{}.", section.key())),
        ),
        (None, None) => Vec::new(),
    };
    let (revision, base) =
        revision_and_base.unwrap_or((loaded.editable.draft.revision, value.clone()));
    SectionPage {
        layout: user.layout(section.title).current("caseload"),
        leaver_id: loaded.editable.leaver.id(),
        leaver_name: loaded.editable.leaver.user.name.clone(),
        key: section.key(),
        title: section.title,
        is_list: section.is_list(),
        present: !value.is_null(),
        revision,
        base: encode_base(&base),
        saved_line: loaded.saved_line.clone(),
        message,
        errors,
        conflict,
        object_fields,
        lists: lists_of(section, &loaded.editable.json),
        gaps: if section.id == SectionId::Immunisations {
            loaded.gaps.clone()
        } else {
            Vec::new()
        },
    }
}

pub async fn section_page_get(
    app: &AppState,
    user: &ConsoleNurse,
    request_id: &RequestId,
    id: Uuid,
    key: &str,
) -> Result<Response, PageError> {
    let loaded = load(app, user, request_id, id).await?;
    let section = section_for(key, loaded.editable.viewer, user)?;
    let page = build_section(user, &loaded, section, Shown::default());
    Ok(pages::ok(&page))
}

pub async fn section_page(
    Console(app, user, request_id): Console<ConsoleNurse>,
    Path(p): Path<SectionPath>,
) -> Result<Response, PageError> {
    section_page_get(&app, &user, &request_id, p.id, &p.section).await
}

fn list_for(
    section: &'static Section,
    name: &str,
    user: &ConsoleNurse,
) -> Result<&'static List, PageError> {
    section
        .list(name)
        .ok_or_else(|| PageError::not_found_for(user))
}

fn build_entry(
    user: &ConsoleNurse,
    loaded: &Loaded,
    section: &'static Section,
    list: &'static List,
    index: Option<usize>,
    shown: Shown,
) -> EntryPage {
    let Shown {
        errors,
        fields,
        conflict,
        revision_and_base,
        ..
    } = shown;
    let fields = fields.unwrap_or_default();
    let base_now = merge::at(&loaded.editable.json, &[section.key().as_str()]).clone();
    let (revision, base) = revision_and_base.unwrap_or((loaded.editable.draft.revision, base_now));
    let prefix = format!(
        "{}/{}",
        section_url(loaded.editable.leaver.id(), section),
        list.name
    );
    let (heading, action) = match index {
        Some(i) => (
            format!("Change this {}", list.entry),
            format!("{prefix}/{i}"),
        ),
        None => (
            format!("Add {} {}", article(list.entry), list.entry),
            format!("{prefix}/new"),
        ),
    };
    EntryPage {
        layout: user.layout(heading.clone()).current("caseload"),
        leaver_id: loaded.editable.leaver.id(),
        leaver_name: loaded.editable.leaver.user.name.clone(),
        key: section.key(),
        section_title: section.title,
        heading,
        action,
        revision,
        base: encode_base(&base),
        errors,
        conflict,
        fields,
    }
}

fn article(word: &str) -> &'static str {
    match word.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u' | 'A' | 'E' | 'I' | 'O' | 'U') => "an",
        _ => "a",
    }
}

/// The form for a new entry (`index` `None`, blank) or for entry `index` as it is now.
async fn entry_form(
    app: &AppState,
    user: &ConsoleNurse,
    request_id: &RequestId,
    p: ListPath,
    index: Option<usize>,
) -> Result<Response, PageError> {
    let loaded = load(app, user, request_id, p.id).await?;
    let section = section_for(&p.section, loaded.editable.viewer, user)?;
    let list = list_for(section, &p.list, user)?;
    let fields = match index {
        None => form::views(list.fields, &Default::default(), &Errors::default(), &[]),
        Some(index) => {
            let entries = merge::entries(&loaded.editable.json, list.path);
            let Some(entry) = entries.get(index) else {
                return Err(PageError::not_found_for(user));
            };
            let hard = hard_under(&loaded.hard, &list_prefix(list, index));
            form::views(
                list.fields,
                &form::raw_from_json(list.fields, entry),
                &Errors::default(),
                &hard,
            )
        }
    };
    let shown = Shown::form(Errors::default(), fields);
    let page = build_entry(user, &loaded, section, list, index, shown);
    Ok(pages::ok(&page))
}

pub async fn new_entry_page(
    Console(app, user, request_id): Console<ConsoleNurse>,
    Path(p): Path<ListPath>,
) -> Result<Response, PageError> {
    entry_form(&app, &user, &request_id, p, None).await
}

pub async fn entry_page(
    Console(app, user, request_id): Console<ConsoleNurse>,
    Path(p): Path<EntryPath>,
) -> Result<Response, PageError> {
    let (list_path, index) = p.split();
    entry_form(&app, &user, &request_id, list_path, Some(index)).await
}

/// The posted value of the input `name` (empty when it was not posted).
fn posted_value<'a>(posted: &'a Posted, name: &str) -> &'a str {
    posted
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// The posted form's revision and base (the section as it was when the form was opened).
fn revision_and_base(posted: &Posted) -> (i32, Value) {
    (
        posted_value(posted, "revision")
            .trim()
            .parse()
            .unwrap_or(-1),
        decode_base(posted_value(posted, "base")),
    )
}

/// The section's page in the editor.
fn section_url(id: Uuid, section: &Section) -> String {
    format!("/care-leavers/{id}/passport/sections/{}", section.key())
}

/// What the form posted, for one save.
struct Save<'a> {
    section: &'static Section,
    list: Option<&'static List>,
    change: Change,
    posted: &'a Posted,
}

impl Save<'_> {
    fn target(&self) -> Target<'static> {
        Target {
            section: self.section.id,
            list: self.list.map(|l| l.path),
        }
    }
}

/// Saves one change: on the revision the form was opened on, it is made and saved; if the
/// draft moved on, it is merged onto the new draft and shown to the nurse to save (409).
async fn save(
    app: &AppState,
    user: &ConsoleNurse,
    editing: Editing,
    save: Save<'_>,
) -> Result<Response, PageError> {
    let mut editable = Editable::read(app, editing).await?;
    let (revision, base) = revision_and_base(save.posted);
    if revision == editable.draft.revision {
        let Some(new) = merge::apply(&editable.json, save.target(), &save.change) else {
            return Err(PageError::not_found_for(user));
        };
        match store_draft(app, &editable, revision, new).await? {
            Ok(()) => {
                let id = editable.leaver.id();
                return Ok(pages::see_other(&section_url(id, save.section)));
            }
            Err(Stored::Invalid(fields)) => {
                let loaded = editable.shown(app).await?;
                return Ok(invalid(user, &loaded, &save, fields));
            }
            Err(Stored::Moved) => editable = editable.reread(app).await?,
        }
    }
    conflict(user, &editable.shown(app).await?, &save, &base)
}

enum Stored {
    /// Someone saved in between.
    Moved,
    /// The passport's rules refused it: `(field path, message)`.
    Invalid(Vec<(String, String)>),
}

async fn store_draft(
    app: &AppState,
    editable: &Editable,
    revision: i32,
    json: Value,
) -> Result<Result<(), Stored>, PageError> {
    let mut content: PassportContent = match serde_path_to_error::deserialize(&json) {
        Ok(content) => content,
        Err(e) => {
            let path = e.path().to_string();
            return Ok(Err(Stored::Invalid(vec![(
                path,
                "must be filled in correctly".into(),
            )])));
        }
    };
    if !editable
        .viewer
        .can_see(SectionId::SexualHealthAndSubstanceUse)
    {
        content.sexual_health_and_substance_use = None;
    }
    match service::save_draft(
        &app.db,
        &editable.actor,
        &editable.leaver,
        revision,
        content,
    )
    .await
    {
        Ok(_) => Ok(Ok(())),
        Err(AppError::PreconditionFailed) => Ok(Err(Stored::Moved)),
        Err(AppError::Validation(fields)) => Ok(Err(Stored::Invalid(
            fields.into_iter().map(|f| (f.field, f.message)).collect(),
        ))),
        Err(other) => Err(other.into()),
    }
}

/// The form again with the passport's own validation errors beside its fields (422).
fn invalid(
    user: &ConsoleNurse,
    loaded: &Loaded,
    save: &Save,
    fields: Vec<(String, String)>,
) -> Response {
    let index = match (&save.change, save.list) {
        (Change::Edit { index, .. }, _) => Some(*index),
        (Change::Add(_), Some(list)) => {
            Some(merge::entries(&loaded.editable.json, list.path).len())
        }
        _ => None,
    };
    let (prefix, form_fields) = match save.list {
        Some(list) => (list_prefix(list, index.unwrap_or(0)), list.fields),
        None => (
            format!("{}.", save.section.key()),
            save.section.object.unwrap_or_default(),
        ),
    };
    let mut errors = Errors::default();
    for (path, message) in fields {
        let rest = path.strip_prefix(&prefix).unwrap_or(&path);
        let field = form_fields
            .iter()
            .find(|f| {
                rest == f.name
                    || rest.starts_with(&format!("{}[", f.name))
                    || rest.starts_with(&format!("{}.", f.name))
                    || f.name.starts_with(&format!("{rest}."))
            })
            .or_else(|| form_fields.first());
        match field {
            Some(f) => errors.add(f.anchor(), format!("{} {}", f.label, message)),
            None => errors.add("", message),
        }
    }
    let views = form::views(
        form_fields,
        &form::raw_from_posted(save.posted),
        &errors,
        &[],
    );
    let page_index = match &save.change {
        Change::Edit { index, .. } => Some(*index),
        _ => None,
    };
    form_again(
        StatusCode::UNPROCESSABLE_ENTITY,
        user,
        loaded,
        save.section,
        save.list.map(|list| (list, page_index)),
        Shown::form(errors, views).on(revision_and_base(save.posted)),
    )
}

/// The section with the other nurse's change and a note on why this nurse's change was not
/// saved (409).
fn conflict_note(
    user: &ConsoleNurse,
    loaded: &Loaded,
    section: &'static Section,
    view: ConflictView,
    message: String,
) -> Response {
    let shown = Shown {
        message: Some(message),
        ..Shown::default()
    };
    let page = build_section(user, loaded, section, shown.with_conflict(view));
    pages::render(StatusCode::CONFLICT, &page)
}

/// Another nurse saved since the form was opened: the change merged onto their draft, with
/// who, when and what they changed, for this nurse to check and save (409).
fn conflict(
    user: &ConsoleNurse,
    loaded: &Loaded,
    save: &Save,
    base_section: &Value,
) -> Result<Response, PageError> {
    let key = save.section.key();
    let mut base = loaded.editable.json.clone();
    merge::set(&mut base, &[key.as_str()], base_section.clone());
    let who = loaded
        .saved_line
        .clone()
        .unwrap_or_else(|| "Someone saved the draft after you opened it.".into());
    let (Ok(then), Ok(now)) = (
        serde_json::from_value::<PassportContent>(base.clone()),
        serde_json::from_value::<PassportContent>(loaded.editable.json.clone()),
    ) else {
        return Err(PageError::Internal(AppError::Internal(anyhow::anyhow!(
            "draft content did not parse"
        ))));
    };
    let key_field = save
        .list
        .and_then(|l| l.fields.first())
        .map_or("", |f| f.name);
    let theirs = match save.list {
        Some(list) => {
            let before = merge::entries(&base, list.path);
            merge::entries(&loaded.editable.json, list.path)
                .iter()
                .filter(|e| !before.iter().any(|b| merge::same(b, e)))
                .map(|e| joined(&form::described(list.fields, e)))
                .collect()
        }
        None => Vec::new(),
    };
    let rebased = merge::rebase(
        &base,
        &loaded.editable.json,
        save.target(),
        &save.change,
        key_field,
    );
    let mut view = ConflictView {
        who: who.clone(),
        changes: change_lines(&diff(&then, &now)),
        theirs,
        clashes: Vec::new(),
        entry_gone: false,
    };
    let Some(rebased) = rebased else {
        // A removal of an entry the other nurse changed or removed: nothing to do unasked.
        let message = format!(
            "{who} The entry you wanted to remove was changed or removed since you opened the page, so nothing was removed. Check the list and try again."
        );
        return Ok(conflict_note(user, loaded, save.section, view, message));
    };
    view.entry_gone = rebased.entry_gone;
    let form_fields = match save.list {
        Some(list) => list.fields,
        None => save.section.object.unwrap_or_default(),
    };
    view.clashes = rebased
        .clashes
        .iter()
        .map(|(name, theirs)| {
            let field = form_fields
                .iter()
                .find(|f| f.name == name || f.name.starts_with(&format!("{name}.")));
            match field {
                Some(f) if save.list.is_none() => {
                    let mut wrapper = serde_json::Map::new();
                    wrapper.insert(name.clone(), theirs.clone());
                    let shown = form_fields
                        .iter()
                        .filter(|g| g.name == name || g.name.starts_with(&format!("{name}.")))
                        .map(|g| form::display(g, &Value::Object(wrapper.clone())))
                        .filter(|v| !v.is_empty())
                        .collect::<Vec<_>>()
                        .join(", ");
                    (
                        f.label.to_owned(),
                        if shown.is_empty() {
                            "(blank)".into()
                        } else {
                            shown
                        },
                    )
                }
                _ => (
                    "This entry".to_owned(),
                    joined(&form::described(form_fields, theirs)),
                ),
            }
        })
        .collect();
    let now_section = merge::at(&loaded.editable.json, &[key.as_str()]).clone();
    let revision_and_base = (loaded.editable.draft.revision, now_section);
    let (entry, shown_value) = match (&rebased.change, save.list) {
        (Change::Remove { index }, Some(list)) => {
            // The entry is still there as it was: remove it from the new draft after all.
            let _ = (index, list);
            let message = format!(
                "{who} Your removal was not saved yet: check the list and remove the entry again."
            );
            return Ok(conflict_note(user, loaded, save.section, view, message));
        }
        (Change::Add(entry) | Change::Edit { entry, .. }, Some(list)) => {
            let index = match &rebased.change {
                Change::Edit { index, .. } => Some(*index),
                _ => None,
            };
            (Some((list, index)), entry.clone())
        }
        (Change::Fields(fields), None) => (None, Value::Object(fields.clone())),
        _ => return Err(PageError::BadForm),
    };
    let views = form::views(
        form_fields,
        &form::raw_from_json(form_fields, &shown_value),
        &Errors::default(),
        &[],
    );
    Ok(form_again(
        StatusCode::CONFLICT,
        user,
        loaded,
        save.section,
        entry,
        Shown::form(Errors::default(), views)
            .on(revision_and_base)
            .with_conflict(view),
    ))
}

pub async fn save_fields(
    Console(app, user, request_id): Console<ConsoleNurse>,
    Path(p): Path<SectionPath>,
    CsrfForm { form: posted, .. }: CsrfForm<Posted>,
) -> Result<Response, PageError> {
    let (section, editing) = writable_section(&app, &user, &request_id, p.id, &p.section).await?;
    let Some(fields) = section.object else {
        return Err(PageError::not_found_for(&user));
    };
    let change = match form::read(fields, &posted) {
        Ok(object) => Change::Fields(object),
        Err(errors) => {
            let loaded = show(&app, editing).await?;
            let views = form::views(fields, &form::raw_from_posted(&posted), &errors, &[]);
            let shown = Shown::form(errors, views).on(revision_and_base(&posted));
            let page = build_section(&user, &loaded, section, shown);
            return Ok(pages::render(StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
    };
    let save_it = Save {
        section,
        list: None,
        change,
        posted: &posted,
    };
    save(&app, &user, editing, save_it).await
}

async fn entry_change(
    app: &AppState,
    user: &ConsoleNurse,
    request_id: &RequestId,
    p: ListPath,
    index: Option<usize>,
    posted: Posted,
) -> Result<Response, PageError> {
    let (section, editing) = writable_section(app, user, request_id, p.id, &p.section).await?;
    let list = list_for(section, &p.list, user)?;
    let entry = match form::read(list.fields, &posted) {
        Ok(object) => Value::Object(object),
        Err(errors) => {
            let loaded = show(app, editing).await?;
            let views = form::views(list.fields, &form::raw_from_posted(&posted), &errors, &[]);
            let shown = Shown::form(errors, views).on(revision_and_base(&posted));
            let page = build_entry(user, &loaded, section, list, index, shown);
            return Ok(pages::render(StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
    };
    let change = match index {
        Some(index) => Change::Edit { index, entry },
        None => Change::Add(entry),
    };
    save(
        app,
        user,
        editing,
        Save {
            section,
            list: Some(list),
            change,
            posted: &posted,
        },
    )
    .await
}

pub async fn add_entry(
    Console(app, user, request_id): Console<ConsoleNurse>,
    Path(p): Path<ListPath>,
    CsrfForm { form: posted, .. }: CsrfForm<Posted>,
) -> Result<Response, PageError> {
    entry_change(&app, &user, &request_id, p, None, posted).await
}

pub async fn edit_entry(
    Console(app, user, request_id): Console<ConsoleNurse>,
    Path(p): Path<EntryPath>,
    CsrfForm { form: posted, .. }: CsrfForm<Posted>,
) -> Result<Response, PageError> {
    let (list_path, index) = p.split();
    entry_change(&app, &user, &request_id, list_path, Some(index), posted).await
}

pub async fn remove_entry(
    Console(app, user, request_id): Console<ConsoleNurse>,
    Path(p): Path<EntryPath>,
    CsrfForm { form: posted, .. }: CsrfForm<Posted>,
) -> Result<Response, PageError> {
    let (section, editing) = writable_section(&app, &user, &request_id, p.id, &p.section).await?;
    let list = list_for(section, &p.list, &user)?;
    let (revision, base) = revision_and_base(&posted);
    let editable = Editable::read(&app, editing).await?;
    // A removal on an older revision is made where the same entry is now, if it is unchanged.
    let index = if revision == editable.draft.revision {
        Some(p.index)
    } else {
        let mut whole = editable.json.clone();
        merge::set(&mut whole, &[section.key().as_str()], base);
        merge::entries(&whole, list.path)
            .get(p.index)
            .and_then(|was| {
                merge::entries(&editable.json, list.path)
                    .iter()
                    .position(|e| merge::same(e, was))
            })
    };
    let save_it = Save {
        section,
        list: Some(list),
        change: Change::Remove { index: p.index },
        posted: &posted,
    };
    let Some(index) = index else {
        let whole_base = decode_base(posted_value(&posted, "base"));
        return conflict(&user, &editable.shown(&app).await?, &save_it, &whole_base);
    };
    let Some(new) = merge::apply(&editable.json, save_it.target(), &Change::Remove { index })
    else {
        return Err(PageError::not_found_for(&user));
    };
    match store_draft(&app, &editable, editable.draft.revision, new).await? {
        Ok(()) => Ok(pages::see_other(&section_url(p.id, section))),
        Err(Stored::Moved) => {
            let loaded = editable.reread(&app).await?.shown(&app).await?;
            let whole_base = decode_base(posted_value(&posted, "base"));
            conflict(&user, &loaded, &save_it, &whole_base)
        }
        Err(Stored::Invalid(fields)) => {
            let loaded = editable.shown(&app).await?;
            Ok(invalid(&user, &loaded, &save_it, fields))
        }
    }
}

/// Marks a section as "none" (an empty list) or "not recorded" (`null`), if nobody changed
/// it since the page was opened.
pub async fn set_state(
    Console(app, user, request_id): Console<ConsoleNurse>,
    Path(p): Path<SectionPath>,
    CsrfForm { form: posted, .. }: CsrfForm<Posted>,
) -> Result<Response, PageError> {
    let (section, editing) = writable_section(&app, &user, &request_id, p.id, &p.section).await?;
    let new_value = match posted_value(&posted, "to") {
        "none" if section.is_list() => Value::Array(Vec::new()),
        "not_recorded" => Value::Null,
        _ => return Err(PageError::BadForm),
    };
    let mut editable = Editable::read(&app, editing).await?;
    let (revision, base) = revision_and_base(&posted);
    let current = merge::at(&editable.json, &[section.key().as_str()]);
    let unchanged = revision == editable.draft.revision || merge::same(current, &base);
    if unchanged {
        let mut new = editable.json.clone();
        merge::set(&mut new, &[section.key().as_str()], new_value);
        match store_draft(&app, &editable, editable.draft.revision, new).await? {
            Ok(()) => return Ok(pages::see_other(&section_url(p.id, section))),
            Err(Stored::Invalid(fields)) => {
                let mut errors = Errors::default();
                for (_, message) in fields {
                    errors.add("", message);
                }
                let shown = Shown {
                    errors,
                    ..Shown::default()
                };
                let loaded = editable.shown(&app).await?;
                let page = build_section(&user, &loaded, section, shown);
                return Ok(pages::render(StatusCode::UNPROCESSABLE_ENTITY, &page));
            }
            Err(Stored::Moved) => editable = editable.reread(&app).await?,
        }
    }
    let loaded = editable.shown(&app).await?;
    let message = format!(
        "{} This section changed since you opened it, so it was not changed. Check it and try again.",
        loaded.saved_line.clone().unwrap_or_default()
    );
    let shown = Shown {
        message: Some(message),
        ..Shown::default()
    };
    let page = build_section(&user, &loaded, section, shown);
    Ok(pages::render(StatusCode::CONFLICT, &page))
}
