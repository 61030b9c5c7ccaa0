//! The young person's access log: who looked at or changed their records, in plain words.
use crate::auth::RoleWords;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::{store, views::AccessLogEntry};
use crate::{
    error::AppError,
    http::pagination::{Cursor, CursorPage},
};

/// One page of the access log of `care_leaver`, newest first: what staff did, and share-link
/// openings; `limit` entries after `cursor`.
pub async fn of(
    conn: &impl ConnectionTrait,
    care_leaver: Uuid,
    limit: u64,
    cursor: Option<Cursor<i64>>,
) -> Result<CursorPage<AccessLogEntry>, AppError> {
    // One more than the page: if it comes back, there is a next page.
    let rows = store::others_access(conn, care_leaver, limit + 1, cursor.as_ref()).await?;
    let CursorPage {
        items: events,
        next_cursor,
        ..
    } = CursorPage::from_rows(
        rows,
        limit,
        |e| Cursor {
            at: e.at,
            key: e.id,
        },
        |rows| rows,
    );
    let actor_ids: Vec<_> = events.iter().filter_map(|e| e.actor_id).collect();
    let actors = crate::accounts::store::by_id(conn, actor_ids).await?;
    let mut shared = crate::passport::share::access_log_entries(conn, &events).await?;
    let items = events
        .into_iter()
        .filter_map(|e| {
            if e.actor_id.is_none() {
                return shared.remove(&e.id);
            }
            let what = super::describe(e.action)?;
            let actor = actors.get(&e.actor_id?)?;
            let role = actor.role.described().to_owned();
            let short = crate::words::labels::role_in_access_log(actor.role);
            Some(AccessLogEntry {
                at: e.at,
                summary: format!("{} ({short}) {what}.", actor.name),
                who: actor.name.clone(),
                role,
                what: what.to_owned(),
            })
        })
        .collect();
    Ok(CursorPage {
        items,
        limit,
        next_cursor,
    })
}
