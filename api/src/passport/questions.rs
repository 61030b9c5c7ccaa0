//! A young person's questions about their passport ("this entry looks wrong") and their
//! nurse's answers: raising one, listing them and resolving one, each change audited.
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use super::model::SectionId;
use super::notify;
use super::store;
use super::views::{QueryStatus, QueryView};
use super::visibility::Viewer;
use crate::{
    audit::{self, AuditAction, Event},
    auth::Actor,
    care_leavers::CareLeaver,
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

pub fn section_of(row: &query::Model) -> Option<SectionId> {
    serde_json::from_value(serde_json::Value::String(row.section.clone())).ok()
}

/// Views of `rows` as `viewer` may see them (a row in a hidden section is left out).
pub async fn views(
    conn: &impl ConnectionTrait,
    rows: Vec<query::Model>,
    viewer: Viewer,
) -> Result<Vec<QueryView>, AppError> {
    let names = store::names(conn, rows.iter().filter_map(|q| q.resolved_by)).await?;
    Ok(rows
        .into_iter()
        .filter_map(|q| {
            let section = section_of(&q)?;
            viewer.can_see(section).then(|| QueryView {
                id: q.id,
                care_leaver_id: q.care_leaver_id,
                version: q.version,
                section,
                message: q.message,
                status: if q.status == QueryStatus::Open.as_str() {
                    QueryStatus::Open
                } else {
                    QueryStatus::Resolved
                },
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
        select = select.filter(query::Column::Status.eq(status.as_str()));
    }
    let queries = views(conn, select.all(conn).await?, viewer).await?;
    Ok(Page::of_all(queries, paging))
}

/// A question by id.
pub async fn find(conn: &impl ConnectionTrait, id: Uuid) -> Result<Option<query::Model>, AppError> {
    Ok(query::Entity::find_by_id(id).one(conn).await?)
}

/// Raises a question about `section` of the latest published version: 409 when nothing is
/// published yet or too many are open. The nurse is e-mailed, without the message.
pub async fn raise(
    db: &DatabaseConnection,
    config: &Config,
    actor: &Actor,
    leaver: &CareLeaver,
    section: SectionId,
    message: &str,
) -> Result<query::Model, AppError> {
    let message = text("message", message)?;
    let txn = crate::db::begin_write(db).await?;
    let Some(version) = store::latest_version(&txn, leaver.id()).await? else {
        return Err(AppError::conflict(
            "no passport has been published for you yet",
        ));
    };
    let open = query::Entity::find()
        .filter(query::Column::CareLeaverId.eq(leaver.id()))
        .filter(query::Column::Status.eq(QueryStatus::Open.as_str()))
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
        section: Set(section.as_str().to_owned()),
        message: Set(message),
        status: Set(QueryStatus::Open.as_str().to_owned()),
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

/// Resolves an open question with a note the young person reads (409 if it was resolved
/// already) and returns it as stored now.
pub async fn resolve(
    db: &DatabaseConnection,
    actor: &Actor,
    row: &query::Model,
    note: &str,
) -> Result<Option<query::Model>, AppError> {
    let note = text("note", note)?;
    let txn = crate::db::begin_write(db).await?;
    let resolved = query::Entity::update_many()
        .set(query::ActiveModel {
            status: Set(QueryStatus::Resolved.as_str().to_owned()),
            resolution_note: Set(Some(note)),
            resolved_by: Set(Some(actor.id)),
            resolved_at: Set(Some(store::now())),
            ..Default::default()
        })
        .filter(query::Column::Id.eq(row.id))
        .filter(query::Column::Status.eq(QueryStatus::Open.as_str()))
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
    txn.commit().await?;
    find(db, row.id).await
}
