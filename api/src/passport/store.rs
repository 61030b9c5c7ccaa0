//! Passports in the database: drafts, published versions and acknowledgements.
//!
//! Published versions are only ever inserted; nothing in the service updates or deletes one.

use std::{collections::HashMap, sync::OnceLock};

use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, SqlErr, Statement, Value as SqlValue,
    sea_query::{Alias, Expr, ExprTrait, SelectStatement},
};
use serde_json::Value;
use uuid::Uuid;

use super::export::PassportVersionSummary;
use super::model::PassportContent;
use crate::{care_leavers::CareLeaver, error::AppError, http::ETag};

use entity::passport_acknowledgement as ack;
use entity::passport_draft as draft;
use entity::passport_version as version;

/// A draft as stored, or as seeded when none has been saved yet (`revision` 0).
#[derive(Debug, Clone)]
pub struct Draft {
    pub content: PassportContent,
    pub revision: i32,
    pub updated_by: Option<Uuid>,
    pub updated_at: Option<DateTime<Utc>>,
}

impl Draft {
    pub fn saved(&self) -> bool {
        self.revision > 0
    }
}

/// The current time as the database keeps it (PostgreSQL stores microseconds), so that what a
/// response shows right after a write equals what later reads show.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// The draft's ETag: it changes on every save and never repeats for a care leaver.
pub fn draft_etag(care_leaver: Uuid, revision: i32) -> ETag {
    ETag::of(format!("passport-draft:{care_leaver}:{revision}").as_bytes())
}

/// Parses stored content. Only field paths go into the error, never the content.
pub fn content_of(json: &Value) -> Result<PassportContent, AppError> {
    serde_path_to_error::deserialize(json).map_err(|e| {
        let path = e.path().to_string();
        AppError::Internal(anyhow::anyhow!(
            "stored passport content is invalid at {path}"
        ))
    })
}

pub fn to_json(content: &PassportContent) -> Result<Value, AppError> {
    serde_json::to_value(content).map_err(|e| AppError::Internal(e.into()))
}

pub async fn latest_version(
    conn: &impl ConnectionTrait,
    care_leaver: Uuid,
) -> Result<Option<version::Model>, DbErr> {
    version::Entity::find()
        .filter(version::Column::CareLeaverId.eq(care_leaver))
        .order_by_desc(version::Column::Number)
        .one(conn)
        .await
}

pub async fn find_version(
    conn: &impl ConnectionTrait,
    care_leaver: Uuid,
    number: i32,
) -> Result<Option<version::Model>, DbErr> {
    version::Entity::find()
        .filter(version::Column::CareLeaverId.eq(care_leaver))
        .filter(version::Column::Number.eq(number))
        .one(conn)
        .await
}

/// When the young person acknowledged `version_id`, if they have.
pub async fn acknowledged_at(
    conn: &impl ConnectionTrait,
    version_id: Uuid,
) -> Result<Option<DateTime<Utc>>, DbErr> {
    Ok(ack::Entity::find()
        .filter(ack::Column::VersionId.eq(version_id))
        .one(conn)
        .await?
        .map(|a| a.acknowledged_at))
}

/// Every published version without its content, oldest first.
pub async fn summaries(
    conn: &impl ConnectionTrait,
    care_leaver: Uuid,
) -> Result<Vec<PassportVersionSummary>, DbErr> {
    let rows: Vec<(Uuid, i32, String, DateTime<Utc>)> = version::Entity::find()
        .select_only()
        .column(version::Column::Id)
        .column(version::Column::Number)
        .column(version::Column::PublishedByName)
        .column(version::Column::PublishedAt)
        .filter(version::Column::CareLeaverId.eq(care_leaver))
        .order_by_asc(version::Column::Number)
        .into_tuple()
        .all(conn)
        .await?;
    let acks: HashMap<Uuid, DateTime<Utc>> = ack::Entity::find()
        .filter(ack::Column::CareLeaverId.eq(care_leaver))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| (a.version_id, a.acknowledged_at))
        .collect();
    Ok(rows
        .into_iter()
        .map(
            |(id, number, published_by, published_at)| PassportVersionSummary {
                number,
                published_at,
                published_by,
                acknowledged_at: acks.get(&id).copied(),
            },
        )
        .collect())
}

/// The name of a local authority, by code.
pub async fn authority_name(
    conn: &impl ConnectionTrait,
    code: &str,
) -> Result<Option<String>, DbErr> {
    Ok(entity::local_authority::Entity::find_by_id(code.to_owned())
        .one(conn)
        .await?
        .map(|la| la.name))
}

/// The revision of the stored draft (0: none stored yet).
pub async fn draft_revision(conn: &impl ConnectionTrait, care_leaver: Uuid) -> Result<i32, DbErr> {
    Ok(draft::Entity::find_by_id(care_leaver)
        .one(conn)
        .await?
        .map_or(0, |row| row.version))
}

/// The stored draft, or one seeded from the latest published version (or empty).
pub async fn load_draft(conn: &impl ConnectionTrait, care_leaver: Uuid) -> Result<Draft, AppError> {
    if let Some(row) = draft::Entity::find_by_id(care_leaver).one(conn).await? {
        return Ok(Draft {
            content: content_of(&row.content)?,
            revision: row.version,
            updated_by: row.updated_by,
            updated_at: Some(row.updated_at),
        });
    }
    let content = match latest_version(conn, care_leaver).await? {
        Some(v) => content_of(&v.content)?,
        None => PassportContent::default(),
    };
    Ok(Draft {
        content,
        revision: 0,
        updated_by: None,
        updated_at: None,
    })
}

/// Stores `content` as revision `revision + 1`, provided the stored draft is still at
/// `revision` (0: none stored). Anything else means someone saved in between: 412.
pub async fn save_draft(
    conn: &impl ConnectionTrait,
    care_leaver: Uuid,
    revision: i32,
    content: &PassportContent,
    author: Uuid,
) -> Result<Draft, AppError> {
    let now = now();
    let row = draft::ActiveModel {
        care_leaver_id: Set(care_leaver),
        content: Set(to_json(content)?),
        version: Set(revision + 1),
        updated_by: Set(Some(author)),
        updated_at: Set(now),
    };
    if revision == 0 {
        if let Err(err) = draft::Entity::insert(row)
            .exec_without_returning(conn)
            .await
        {
            return Err(match err.sql_err() {
                Some(SqlErr::UniqueConstraintViolation(_)) => AppError::PreconditionFailed,
                _ => err.into(),
            });
        }
    } else {
        let updated = draft::Entity::update_many()
            .set(row)
            .filter(draft::Column::CareLeaverId.eq(care_leaver))
            .filter(draft::Column::Version.eq(revision))
            .exec(conn)
            .await?;
        if updated.rows_affected != 1 {
            return Err(AppError::PreconditionFailed);
        }
    }
    Ok(Draft {
        content: content.clone(),
        revision: revision + 1,
        updated_by: Some(author),
        updated_at: Some(now),
    })
}

/// Holds the draft at `revision` for the rest of the transaction (a row lock on PostgreSQL;
/// SQLite write transactions are already exclusive). False if it is no longer at `revision`.
pub async fn hold_draft(
    conn: &impl ConnectionTrait,
    care_leaver: Uuid,
    revision: i32,
) -> Result<bool, DbErr> {
    let touched = draft::Entity::update_many()
        .set(draft::ActiveModel {
            version: Set(revision),
            ..Default::default()
        })
        .filter(draft::Column::CareLeaverId.eq(care_leaver))
        .filter(draft::Column::Version.eq(revision))
        .exec(conn)
        .await?;
    Ok(touched.rows_affected == 1)
}

/// Inserts published version `number`. A concurrent publish of the same number fails on the
/// unique (care leaver, number) index and is reported as 409.
pub async fn insert_version(
    conn: &impl ConnectionTrait,
    care_leaver: Uuid,
    number: i32,
    content: &PassportContent,
    publisher: (Uuid, &str),
    published_at: DateTime<Utc>,
) -> Result<version::Model, AppError> {
    let row = version::ActiveModel {
        id: Set(Uuid::new_v4()),
        care_leaver_id: Set(care_leaver),
        number: Set(number),
        content: Set(to_json(content)?),
        published_by: Set(publisher.0),
        published_by_name: Set(publisher.1.to_owned()),
        published_at: Set(published_at.trunc_subsecs(6)),
    };
    match version::Entity::insert(row).exec_with_returning(conn).await {
        Ok(model) => Ok(model),
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => Err(
            AppError::conflict("another version was published at the same time; reload the draft"),
        ),
        Err(err) => Err(err.into()),
    }
}

/// Records the acknowledgement of `version` at `now`, once; later calls return the first time.
pub async fn acknowledge(
    conn: &impl ConnectionTrait,
    version: &version::Model,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, DbErr> {
    if let Some(at) = acknowledged_at(conn, version.id).await? {
        return Ok(at);
    }
    let now = now.trunc_subsecs(6);
    ack::Entity::insert(ack::ActiveModel {
        id: Set(Uuid::new_v4()),
        version_id: Set(version.id),
        care_leaver_id: Set(version.care_leaver_id),
        acknowledged_at: Set(now),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(now)
}

/// The latest published version's header, its acknowledgement and (when asked for) its
/// content as stored JSON text.
#[derive(Debug, Clone)]
pub struct LatestVersion {
    pub id: Uuid,
    pub number: i32,
    pub published_at: DateTime<Utc>,
    pub published_by_name: String,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub content: Option<String>,
}

/// Selects `alias.col AS prefix_col` for every column of `E`.
fn select_prefixed<E: EntityTrait>(query: &mut SelectStatement, alias: &str, prefix: &str) {
    use sea_orm::{IdenStatic, Iterable};
    for column in E::Column::iter() {
        query.expr_as(
            Expr::col((Alias::new(alias), column)),
            Alias::new(format!("{prefix}{}", column.as_str())),
        );
    }
}

/// The values that change from one own passport read to the next.
#[derive(Debug, Clone, Copy)]
struct OwnReadKey {
    care_leaver: Uuid,
    session: Uuid,
    now: DateTime<Utc>,
}

/// The query of [`leaver_with_latest`].
fn own_read_query(read: OwnReadKey, with_content: bool) -> SelectStatement {
    use entity::{care_leaver as leavers, user as users};
    use sea_orm::sea_query::{Func, JoinType, Query};
    let OwnReadKey {
        care_leaver,
        session,
        now,
    } = read;
    let (c, u, v, a) = ("c", "u", "v", "a");
    let leaver_id = Expr::col((Alias::new(c), leavers::Column::UserId));
    // The session check and the latest version name the care leaver by value, not by
    // `c.user_id` (the same id, as the statement selects that one row): uncorrelated, each is
    // run once ahead of the joins, and PostgreSQL's plan is index lookups in nested loops
    // instead of a hash join over the young person's versions re-running the `MAX` subquery
    // per version.
    let this_leaver = || Expr::val(care_leaver);
    let mut query = Query::select();
    select_prefixed::<users::Entity>(&mut query, u, "u_");
    select_prefixed::<leavers::Entity>(&mut query, c, "c_");
    query.expr_as(
        crate::auth::sessions::is_open(session, this_leaver(), now),
        Alias::new("session_open"),
    );
    for (column, name) in [
        (version::Column::Id, "v_id"),
        (version::Column::Number, "v_number"),
        (version::Column::PublishedAt, "v_published_at"),
        (version::Column::PublishedByName, "v_published_by_name"),
    ] {
        query.expr_as(Expr::col((Alias::new(v), column)), Alias::new(name));
    }
    query
        .expr_as(
            if with_content {
                Expr::col((Alias::new(v), version::Column::Content)).cast_as("TEXT")
            } else {
                Expr::value(Option::<String>::None)
            },
            Alias::new("v_content"),
        )
        .expr_as(
            Expr::col((Alias::new(a), ack::Column::AcknowledgedAt)),
            Alias::new("a_acknowledged_at"),
        )
        .from_as(leavers::Entity, Alias::new(c))
        .join_as(
            JoinType::InnerJoin,
            users::Entity,
            Alias::new(u),
            Expr::col((Alias::new(u), users::Column::Id))
                .equals((Alias::new(c), leavers::Column::UserId)),
        )
        .join_as(
            JoinType::LeftJoin,
            version::Entity,
            Alias::new(v),
            Condition::all()
                .add(Expr::col((Alias::new(v), version::Column::CareLeaverId)).eq(this_leaver()))
                .add(
                    Expr::col((Alias::new(v), version::Column::Number)).eq(Query::select()
                        .expr(Func::max(Expr::col((
                            version::Entity,
                            version::Column::Number,
                        ))))
                        .from(version::Entity)
                        .and_where(
                            Expr::col((version::Entity, version::Column::CareLeaverId))
                                .eq(this_leaver()),
                        )
                        .to_owned()),
                ),
        )
        .join_as(
            JoinType::LeftJoin,
            ack::Entity,
            Alias::new(a),
            Expr::col((Alias::new(a), ack::Column::VersionId))
                .equals((Alias::new(v), version::Column::Id)),
        )
        .and_where(leaver_id.eq(care_leaver));
    query
}

/// The own passport read's statement, built once per database and content choice: only its
/// values change from read to read. Built afresh for every read (about 40 aliased columns, a
/// string each), it was the largest part of the read's own CPU: with the text built once, the
/// server's CPU per read under the benchmark's load went from 198–215 µs to 158–168 µs
/// (release build without LTO, `perf stat`, four runs each).
struct OwnReadTemplate {
    statement: Statement,
    /// Where each of the read's values goes among the statement's values.
    slots: Vec<(usize, Slot)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    CareLeaver,
    Session,
    Now,
}

impl OwnReadTemplate {
    /// Values no read carries, built into the template to find where each real one goes.
    const MARKERS: OwnReadKey = OwnReadKey {
        care_leaver: Uuid::from_u128(0xc1),
        session: Uuid::from_u128(0x5e),
        now: DateTime::UNIX_EPOCH,
    };

    fn of(backend: DbBackend, with_content: bool) -> &'static Self {
        static TEMPLATES: [OnceLock<OwnReadTemplate>; 4] = [const { OnceLock::new() }; 4];
        let index = usize::from(backend == DbBackend::Postgres) * 2 + usize::from(with_content);
        TEMPLATES[index].get_or_init(|| Self::new(backend, with_content))
    }

    fn new(backend: DbBackend, with_content: bool) -> Self {
        let statement = backend.build(&own_read_query(Self::MARKERS, with_content));
        let markers = [
            (SqlValue::from(Self::MARKERS.care_leaver), Slot::CareLeaver),
            (SqlValue::from(Self::MARKERS.session), Slot::Session),
            (SqlValue::from(Self::MARKERS.now), Slot::Now),
        ];
        let slots = statement
            .values
            .iter()
            .flat_map(|values| values.0.iter())
            .enumerate()
            .filter_map(|(index, value)| {
                markers
                    .iter()
                    .find(|(marker, _)| marker == value)
                    .map(|(_, slot)| (index, *slot))
            })
            .collect();
        Self { statement, slots }
    }

    fn fill(&self, read: OwnReadKey) -> Statement {
        let mut statement = self.statement.clone();
        if let Some(values) = statement.values.as_mut() {
            for &(index, slot) in &self.slots {
                values.0[index] = match slot {
                    Slot::CareLeaver => read.care_leaver.into(),
                    Slot::Session => read.session.into(),
                    Slot::Now => read.now.into(),
                };
            }
        }
        statement
    }
}

/// A care leaver with their latest published version, in one statement: what a young
/// person's own passport read needs besides the audit entry. The content is left out unless
/// `with_content` (a cached rendering usually makes it unnecessary). The same statement says
/// whether the caller's sign-in `session` is open (`sessions::is_open`), so the read needs no
/// statement of its own to check the token.
pub async fn leaver_with_latest(
    conn: &impl ConnectionTrait,
    care_leaver: Uuid,
    session: Uuid,
    with_content: bool,
) -> Result<Option<OwnRead>, AppError> {
    use sea_orm::FromQueryResult;
    let read = OwnReadKey {
        care_leaver,
        session,
        now: Utc::now(),
    };
    let statement = OwnReadTemplate::of(conn.get_database_backend(), with_content).fill(read);
    let Some(row) = conn.query_one_raw(statement).await? else {
        return Ok(None);
    };
    let leaver = CareLeaver {
        user: entity::user::Model::from_query_result(&row, "u_")?,
        profile: entity::care_leaver::Model::from_query_result(&row, "c_")?,
    };
    let latest = match row.try_get::<Option<Uuid>>("", "v_id")? {
        None => None,
        Some(id) => Some(LatestVersion {
            id,
            number: row.try_get("", "v_number")?,
            published_at: row.try_get("", "v_published_at")?,
            published_by_name: row.try_get("", "v_published_by_name")?,
            acknowledged_at: row.try_get("", "a_acknowledged_at")?,
            content: row.try_get("", "v_content")?,
        }),
    };
    Ok(Some(OwnRead {
        leaver,
        session_open: row.try_get("", "session_open")?,
        latest,
    }))
}

/// What [`leaver_with_latest`] loads.
pub struct OwnRead {
    pub leaver: CareLeaver,
    /// The caller's sign-in session is open (not revoked, not expired).
    pub session_open: bool,
    pub latest: Option<LatestVersion>,
}

/// Parses stored content from its JSON text. Only field paths go into the error.
pub fn content_of_text(json: &str) -> Result<PassportContent, AppError> {
    let mut deserializer = serde_json::Deserializer::from_str(json);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = e.path().to_string();
        AppError::Internal(anyhow::anyhow!(
            "stored passport content is invalid at {path}"
        ))
    })
}

/// The young person of each open question among `care_leavers` (one entry a question), on
/// the sections `viewer` may see: a question on a section hidden from them is not counted, as
/// its count would tell them it exists.
pub async fn open_question_leavers(
    conn: &impl ConnectionTrait,
    care_leavers: &[Uuid],
    viewer: super::visibility::Viewer,
) -> Result<Vec<Uuid>, DbErr> {
    use entity::passport_query::{self as question, QueryStatus, SectionId};
    let hidden: Vec<SectionId> = SectionId::ALL
        .into_iter()
        .filter(|s| !viewer.can_see(*s))
        .collect();
    question::Entity::find()
        .select_only()
        .column(question::Column::CareLeaverId)
        .filter(question::Column::CareLeaverId.is_in(care_leavers.to_vec()))
        .filter(question::Column::Status.eq(QueryStatus::Open))
        .filter(question::Column::Section.is_not_in(hidden))
        .into_tuple()
        .all(conn)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_own_read_template_filled_in_is_the_statement_built_afresh() {
        for backend in [DbBackend::Sqlite, DbBackend::Postgres] {
            for with_content in [false, true] {
                let template = OwnReadTemplate::of(backend, with_content);
                let kinds: Vec<Slot> = template.slots.iter().map(|(_, slot)| *slot).collect();
                for kind in [Slot::CareLeaver, Slot::Session, Slot::Now] {
                    assert!(kinds.contains(&kind), "{backend:?}: no place for {kind:?}");
                }
                for _ in 0..3 {
                    let read = OwnReadKey {
                        care_leaver: Uuid::new_v4(),
                        session: Uuid::new_v4(),
                        now: Utc::now(),
                    };
                    assert_eq!(
                        template.fill(read),
                        backend.build(&own_read_query(read, with_content)),
                        "{backend:?}, with content {with_content}"
                    );
                }
            }
        }
    }
}
