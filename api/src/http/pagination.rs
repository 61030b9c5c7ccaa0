//! Paging shared by every list endpoint: one envelope, `items` plus either `total` (offset
//! paging) or `next_cursor` (cursor paging, for lists that grow at the top while someone reads
//! them, such as the access log and the outbox).
use std::{fmt::Display, str::FromStr};

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, Condition};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::FieldError;

pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 200;
pub const MAX_OFFSET: u32 = 1_000_000;

/// One page of a list paged with `limit` and `offset`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    /// The items on this page, in the list's order.
    pub items: Vec<T>,
    /// How many items there are in all, across every page.
    pub total: u64,
    /// The page size used.
    pub limit: u64,
    /// How many items were skipped before this page.
    pub offset: u64,
}

impl<T> Page<T> {
    /// A page cut from a list the server reads whole because it is small and fixed (a person's
    /// sessions, the local authorities): the envelope is the same as for the long lists.
    pub fn of_all(all: Vec<T>, (limit, offset): (u64, u64)) -> Self {
        let total = all.len() as u64;
        let items = all
            .into_iter()
            .skip(usize::try_from(offset).unwrap_or(usize::MAX))
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
            .collect();
        Self {
            items,
            total,
            limit,
            offset,
        }
    }

    /// The items, and the page's envelope to put their views in (see [`Page::with_items`]).
    pub fn take_items(self) -> (Vec<T>, Page<()>) {
        let envelope = Page {
            items: Vec::new(),
            total: self.total,
            limit: self.limit,
            offset: self.offset,
        };
        (self.items, envelope)
    }

    /// The same envelope around other items (the views of this page's rows).
    pub fn with_items<U>(self, items: Vec<U>) -> Page<U> {
        Page {
            items,
            total: self.total,
            limit: self.limit,
            offset: self.offset,
        }
    }

    /// The same page with each item turned into its view.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            total: self.total,
            limit: self.limit,
            offset: self.offset,
        }
    }
}

/// Reads one page of `select` (already filtered and ordered) and counts every row it matches:
/// the one way a list paged by `limit` and `offset` is read from the database.
pub async fn fetch_page<E, C>(
    conn: &C,
    select: sea_orm::Select<E>,
    (limit, offset): (u64, u64),
) -> Result<Page<E::Model>, sea_orm::DbErr>
where
    C: sea_orm::ConnectionTrait,
    E: sea_orm::EntityTrait,
    E::Model: Send + Sync,
{
    use sea_orm::{PaginatorTrait, QuerySelect};
    let total = select.clone().count(conn).await?;
    let items = select.limit(limit).offset(offset).all(conn).await?;
    Ok(Page {
        items,
        total,
        limit,
        offset,
    })
}

/// One page of a list paged with `limit` and `cursor`.
#[derive(Debug, Serialize, ToSchema)]
pub struct CursorPage<T> {
    /// The items on this page, in the list's order.
    pub items: Vec<T>,
    /// The page size used.
    pub limit: u64,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// `limit` and `offset`, for a list with no other query parameters.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    /// How many items to return: 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// How many items to skip, for the next page: 0–1000000, default 0.
    #[param(minimum = 0, maximum = 1000000)]
    pub offset: Option<u32>,
}

impl PageQuery {
    /// The checked (limit, offset).
    pub fn page(&self) -> Result<(u64, u64), FieldError> {
        page(self.limit, self.offset)
    }
}

/// `limit` and `cursor`, for a list paged by cursor.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CursorQuery {
    /// How many items to return: 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` from the page before; leave out for the first page.
    #[param(min_length = 1, max_length = 200)]
    pub cursor: Option<String>,
}

/// Checks the paging parameters, naming the bad one; returns (limit, offset) for the query.
pub fn page(limit: Option<u32>, offset: Option<u32>) -> Result<(u64, u64), FieldError> {
    let limit = checked_limit(limit)?;
    let offset = offset.unwrap_or(0);
    if offset > MAX_OFFSET {
        return Err(FieldError::new(
            "offset",
            format!("must be at most {MAX_OFFSET}"),
        ));
    }
    Ok((limit, offset.into()))
}

fn checked_limit(limit: Option<u32>) -> Result<u64, FieldError> {
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(FieldError::new(
            "limit",
            format!("must be from 1 to {MAX_LIMIT}"),
        ));
    }
    Ok(limit.into())
}

/// Where the last page stopped in a list ordered newest first by (time, key): the next page
/// holds what comes strictly after it. Opaque to clients (base64url text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor<K> {
    pub at: DateTime<Utc>,
    pub key: K,
}

impl<K: Display> Cursor<K> {
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("{}|{}", self.at.to_rfc3339(), self.key))
    }
}

impl<K: Into<sea_orm::Value> + Clone> Cursor<K> {
    /// The rows strictly after this cursor in a list ordered newest first by (`at`, `key`):
    /// older ones, and of those made at the same moment, the smaller keys.
    pub fn after(&self, at: impl ColumnTrait, key: impl ColumnTrait) -> Condition {
        Condition::any().add(at.lt(self.at)).add(
            Condition::all()
                .add(at.eq(self.at))
                .add(key.lt(self.key.clone())),
        )
    }
}

impl<K: FromStr> Cursor<K> {
    fn decode(text: &str) -> Option<Self> {
        let bytes = URL_SAFE_NO_PAD.decode(text).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let (at, key) = text.split_once('|')?;
        Some(Self {
            at: DateTime::parse_from_rfc3339(at).ok()?.with_timezone(&Utc),
            key: key.parse().ok()?,
        })
    }
}

impl CursorQuery {
    /// The checked limit and the decoded cursor, naming the bad parameter.
    pub fn page<K: FromStr>(&self) -> Result<(u64, Option<Cursor<K>>), FieldError> {
        let limit = checked_limit(self.limit)?;
        let cursor = match self.cursor.as_deref() {
            None => None,
            Some(text) => Some(Cursor::decode(text).ok_or_else(|| {
                FieldError::new(
                    "cursor",
                    "is not one this list gave out: use next_cursor from the last page, or leave it out to start again",
                )
            })?),
        };
        Ok((limit, cursor))
    }
}

impl<T> CursorPage<T> {
    /// Builds the page from up to `limit + 1` rows read after the cursor: the extra row only
    /// tells that there is a next page, which starts after the last row kept.
    pub fn from_rows<R, K: Display>(
        mut rows: Vec<R>,
        limit: u64,
        cursor_of: impl Fn(&R) -> Cursor<K>,
        items: impl FnOnce(Vec<R>) -> Vec<T>,
    ) -> Self {
        let keep = usize::try_from(limit).unwrap_or(usize::MAX);
        let next_cursor = if rows.len() > keep {
            rows.truncate(keep);
            rows.last().map(|row| cursor_of(row).encode())
        } else {
            None
        };
        Self {
            items: items(rows),
            limit,
            next_cursor,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_defaults_and_bounds() {
        assert_eq!(page(None, None), Ok((50, 0)));
        assert_eq!(page(Some(200), Some(1_000_000)), Ok((200, 1_000_000)));
        assert_eq!(page(Some(0), None).unwrap_err().field, "limit");
        assert_eq!(page(Some(201), None).unwrap_err().field, "limit");
        assert_eq!(page(None, Some(1_000_001)).unwrap_err().field, "offset");
    }

    #[test]
    fn a_page_of_a_whole_list_counts_everything_and_keeps_its_slice() {
        let page = Page::of_all((1..=5).collect(), (2, 3));
        assert_eq!((page.items, page.total), (vec![4, 5], 5));
        let past_the_end = Page::of_all(vec![1, 2], (50, 10));
        assert_eq!((past_the_end.items, past_the_end.total), (vec![], 2));
    }

    #[test]
    fn a_cursor_reads_back_as_it_was_written() {
        let cursor = Cursor {
            at: DateTime::parse_from_rfc3339("2026-11-30T10:00:00.123456Z")
                .unwrap()
                .with_timezone(&Utc),
            key: 42_i64,
        };
        let query = CursorQuery {
            limit: None,
            cursor: Some(cursor.encode()),
        };
        assert_eq!(query.page::<i64>(), Ok((50, Some(cursor))));
    }

    #[test]
    fn a_cursor_the_server_did_not_write_is_refused_by_name() {
        for garbage in ["garbage!", "bm90IGEgY3Vyc29y", ""] {
            let query = CursorQuery {
                limit: None,
                cursor: Some(garbage.into()),
            };
            assert_eq!(
                query.page::<i64>().unwrap_err().field,
                "cursor",
                "{garbage}"
            );
        }
        let too_big = CursorQuery {
            limit: Some(201),
            cursor: None,
        };
        assert_eq!(too_big.page::<i64>().unwrap_err().field, "limit");
    }

    #[test]
    fn the_extra_row_makes_a_next_cursor_and_is_not_returned() {
        let at = Utc::now();
        let cursor_of = |k: &i64| Cursor { at, key: *k };
        let full = CursorPage::from_rows(vec![3, 2, 1], 2, cursor_of, |rows| rows);
        assert_eq!(full.items, vec![3, 2]);
        assert_eq!(full.next_cursor, Some(Cursor { at, key: 2 }.encode()));
        let last = CursorPage::from_rows(vec![1], 2, cursor_of, |rows| rows);
        assert_eq!((last.items, last.next_cursor), (vec![1], None));
    }
}
