//! The queries on the audit log that its readers share (writing is in `audit`).
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::http::pagination::Cursor;
use entity::audit_event::{Column, Entity, Model};

/// The newest `limit` events about a young person that someone else did (another actor, or a
/// share-link opening with no signed-in actor), newest first, after `cursor` if given.
pub async fn others_access(
    conn: &impl ConnectionTrait,
    care_leaver: Uuid,
    limit: u64,
    cursor: Option<&Cursor<i64>>,
) -> Result<Vec<Model>, DbErr> {
    let mut select = Entity::find()
        .filter(Column::CareLeaverId.eq(care_leaver))
        // Written as the partial index `idx_audit_others_access` is, so SQLite uses it and
        // does not walk the young person's own reads.
        .filter(sea_orm::sea_query::Expr::cust(
            migration::ACCESS_LOG_CONDITION,
        ))
        .order_by_desc(Column::At)
        .order_by_desc(Column::Id);
    if let Some(cursor) = cursor {
        select = select.filter(cursor.after(Column::At, Column::Id));
    }
    select.limit(limit).all(conn).await
}
