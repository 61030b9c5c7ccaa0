//! A young person's questions about their passport ("this entry looks wrong") and their
//! nurse's answers: raising one (on a section, or on one entry of it), listing them, and
//! answering one, each change audited. The young person hears of the answer by e-mail.
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

pub use super::caseload::open_for_caseload;
use super::entries;
use super::notify;
use super::service::viewer_for;
use super::store;
use super::views::{NewQuery, QueryStatus, QueryView};
use super::visibility::Viewer;
use crate::{
    audit::{self, AuditAction, Event},
    auth::{
        Actor, Role,
        policy::{Action, Record},
    },
    care_leavers::{CareLeaver, visible_to},
    config::Config,
    error::{AppError, FieldError},
    http::pagination::Page,
};

use entity::passport_query as query;

/// Longest query message or resolution note, in characters.
pub const MAX_QUERY_TEXT: usize = 2000;
/// Most open queries a young person may have at once.
pub const MAX_OPEN_QUERIES: u64 = 20;

fn text(field: &str, value: &str) -> Result<String, FieldError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(FieldError::new(field, "must not be blank"));
    }
    if value.chars().count() > MAX_QUERY_TEXT {
        let message = format!("must be at most {MAX_QUERY_TEXT} characters");
        return Err(FieldError::new(field, message));
    }
    Ok(value.to_owned())
}

/// Views of `rows` as `viewer` may see them (a row in a hidden section is left out).
pub async fn views(
    conn: &impl ConnectionTrait,
    rows: Vec<query::Model>,
    viewer: Viewer,
) -> Result<Vec<QueryView>, AppError> {
    let names =
        crate::accounts::store::names(conn, rows.iter().filter_map(|q| q.resolved_by)).await?;
    Ok(rows
        .into_iter()
        .filter_map(|q| {
            let section = q.section;
            viewer.can_see(section).then(|| QueryView {
                id: q.id,
                care_leaver_id: q.care_leaver_id,
                version: q.version,
                section,
                entry_index: q.entry_index,
                entry_label: q.entry_label,
                message: q.message,
                status: q.status,
                resolution_note: q.resolution_note,
                resolved_by: q.resolved_by.and_then(|id| names.get(&id).cloned()),
                resolved_at: q.resolved_at,
                created_at: q.created_at,
            })
        })
        .collect())
}

/// One page of the questions about `leaver`'s passport that the viewer may see, newest first,
/// only those with `status` when given. A young person raises few questions, and which the
/// viewer may see depends on their sections, so the page is cut after that check and `total`
/// counts only what the viewer sees.
pub async fn list(
    conn: &impl ConnectionTrait,
    leaver: &CareLeaver,
    status: Option<QueryStatus>,
    viewer: Viewer,
    paging: (u64, u64),
) -> Result<Page<QueryView>, AppError> {
    let mut select = query::Entity::find()
        .filter(query::Column::CareLeaverId.eq(leaver.id()))
        .order_by_desc(query::Column::CreatedAt)
        .order_by_desc(query::Column::Id);
    if let Some(status) = status {
        select = select.filter(query::Column::Status.eq(status));
    }
    let queries = views(conn, select.all(conn).await?, viewer).await?;
    Ok(Page::of_all(queries, paging))
}

/// A question by id.
pub async fn find(conn: &impl ConnectionTrait, id: Uuid) -> Result<Option<query::Model>, AppError> {
    Ok(query::Entity::find_by_id(id).one(conn).await?)
}

/// Said when the version a question names was never published.
pub const NO_SUCH_VERSION: &str =
    "There is no copy of your passport with this number. Load your passport again and ask again.";

/// Raises a question about a section, or one entry of it, of the published version the young
/// person read (the latest unless `asked.version` says otherwise): 409 when nothing is
/// published yet or too many are open; 422 when the version or the entry is not there. The
/// nurse is e-mailed, without the message.
pub async fn raise(
    db: &DatabaseConnection,
    config: &Config,
    actor: &Actor,
    leaver: &CareLeaver,
    asked: &NewQuery,
) -> Result<query::Model, AppError> {
    let message = text("message", &asked.message)?;
    if asked.entry_index.is_some_and(|i| i < 0) {
        return Err(AppError::invalid("entry_index", entries::NOT_FOUND));
    }
    if asked.version.is_some_and(|v| v < 1) {
        return Err(AppError::invalid("version", NO_SUCH_VERSION));
    }
    let txn = crate::db::begin_write(db).await?;
    let Some(latest) = store::latest_version(&txn, leaver.id()).await? else {
        return Err(AppError::conflict(
            "no passport has been published for you yet",
        ));
    };
    let version = match asked.version {
        Some(number) if number != latest.number => store::find_version(&txn, leaver.id(), number)
            .await?
            .ok_or_else(|| AppError::invalid("version", NO_SUCH_VERSION))?,
        _ => latest,
    };
    let entry_label = match asked.entry_index {
        None => None,
        Some(index) => {
            let content = store::content_of(&version.content)?;
            let label = entries::label_of(&content, asked.section, index)
                .map_err(|why| AppError::invalid("entry_index", why.message()))?;
            Some(label)
        }
    };
    let open = query::Entity::find()
        .filter(query::Column::CareLeaverId.eq(leaver.id()))
        .filter(query::Column::Status.eq(QueryStatus::Open))
        .count(&txn)
        .await?;
    if open >= MAX_OPEN_QUERIES {
        return Err(AppError::conflict(format!(
            "you have {open} open queries; your nurse will answer them before you add more"
        )));
    }
    let row = query::Entity::insert(query::ActiveModel {
        id: Set(Uuid::new_v4()),
        care_leaver_id: Set(leaver.id()),
        version: Set(version.number),
        section: Set(asked.section),
        entry_index: Set(asked.entry_index),
        entry_label: Set(entry_label),
        message: Set(message),
        status: Set(QueryStatus::Open),
        resolution_note: Set(None),
        resolved_by: Set(None),
        resolved_at: Set(None),
        created_at: Set(store::now()),
    })
    .exec_with_returning(&txn)
    .await?;
    let event = Event {
        action: AuditAction::PassportQueryRaised,
        care_leaver_id: Some(leaver.id()),
        target: Some(format!("passport_query:{}", row.id)),
    };
    audit::record_by(&txn, actor, event).await?;
    notify::query_raised(&txn, config, leaver).await?;
    txn.commit().await?;
    Ok(row)
}

/// A nurse answers question `id` with `reply`, which resolves it: the young person reads the
/// reply in the app and is e-mailed that there is an answer (never the reply itself). 404 when
/// there is no such question or the actor may not see it (another authority, a caseworker, a
/// question on a section hidden from this nurse), 403 for a young person, 409 when it was
/// answered already, 422 for a blank or too long reply. The caller wakes the mail worker.
pub async fn answer(
    db: &DatabaseConnection,
    config: &Config,
    actor: &Actor,
    id: Uuid,
    reply: &str,
) -> Result<QueryView, AppError> {
    let row = find(db, id).await?.ok_or(AppError::NotFound)?;
    let leaver = visible_to(
        db,
        actor,
        row.care_leaver_id,
        Action::Write,
        Record::PassportFeedback,
    )
    .await?;
    let viewer = viewer_for(&actor.viewer(), &leaver);
    if !viewer.can_see(row.section) {
        return Err(AppError::NotFound);
    }
    if actor.role != Role::Nurse {
        return Err(AppError::Forbidden("only nurses resolve queries".into()));
    }
    let note = text("note", reply)?;
    let txn = crate::db::begin_write(db).await?;
    let resolved = query::Entity::update_many()
        .set(query::ActiveModel {
            status: Set(QueryStatus::Resolved),
            resolution_note: Set(Some(note)),
            resolved_by: Set(Some(actor.id)),
            resolved_at: Set(Some(store::now())),
            ..Default::default()
        })
        .filter(query::Column::Id.eq(row.id))
        .filter(query::Column::Status.eq(QueryStatus::Open))
        .exec(&txn)
        .await?;
    if resolved.rows_affected != 1 {
        return Err(AppError::conflict("this query is already resolved"));
    }
    let event = Event {
        action: AuditAction::PassportQueryResolved,
        care_leaver_id: Some(row.care_leaver_id),
        target: Some(format!("passport_query:{}", row.id)),
    };
    audit::record_by(&txn, actor, event).await?;
    notify::query_answered(&txn, config, &leaver).await?;
    txn.commit().await?;
    let stored = find(db, row.id).await?.ok_or(AppError::NotFound)?;
    views(db, vec![stored], viewer)
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}
