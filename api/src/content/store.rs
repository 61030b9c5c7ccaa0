//! Articles in the database: drafts, publishing, versions and what the app syncs.
//!
//! `articles` holds the nurses' working draft; `article_versions` keeps every published
//! version. The app only ever sees the live version, so a draft can be edited freely while
//! the published text stays put.
use std::{
    collections::{HashMap, HashSet},
    sync::Arc,
};

use chrono::{DateTime, SubsecRound, Utc};
use entity::{article, article_version};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, ExprTrait, JoinType,
    QueryFilter, QueryOrder, QuerySelect, RelationDef, sea_query::Expr,
};
use uuid::Uuid;

use super::cache::{ArticleViews, ListStamp};
use super::model::{ArticleInput, ArticleMeta, ArticleStatus, ArticleView, Source, Topic};
use super::views::{ArticleList, DraftView, ReviewDueItem, StaffName, VersionView};
use crate::http::pagination::Page;
use crate::{error::AppError, http::ETag};

/// Now, to the microsecond PostgreSQL keeps, so a time read back equals the time written
/// (sync cursors compare them exactly).
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

fn corrupt(what: &str) -> AppError {
    AppError::Internal(anyhow::anyhow!("stored article has an invalid {what}"))
}

/// The `ETag` that `If-Match` must carry to change the article.
pub fn etag(m: &article::Model) -> ETag {
    ETag::of(format!("article {} revision {}", m.id, m.revision).as_bytes())
}

/// The draft as a nurse wrote it.
pub fn draft_input(m: &article::Model) -> Result<ArticleInput, AppError> {
    Ok(ArticleInput {
        title: m.title.clone(),
        summary: m.summary.clone(),
        body_markdown: m.body_markdown.clone(),
        topic: m.topic,
        reviewed_on: m.reviewed_on,
        review_due: m.review_due,
        sources: serde_json::from_value::<Vec<Source>>(m.sources.clone())
            .map_err(|_| corrupt("sources"))?,
    })
}

/// A published version's content.
pub fn version_input(v: &article_version::Model) -> Result<ArticleInput, AppError> {
    serde_json::from_value(v.content.clone()).map_err(|_| corrupt("version"))
}

pub async fn find(
    conn: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<article::Model>, AppError> {
    Ok(article::Entity::find_by_id(id).one(conn).await?)
}

/// The version the app shows, when the article is published.
pub async fn live(
    conn: &impl ConnectionTrait,
    m: &article::Model,
) -> Result<Option<article_version::Model>, AppError> {
    match (m.status, m.live_version) {
        (ArticleStatus::Published, Some(n)) => Ok(article_version::Entity::find_by_id((m.id, n))
            .one(conn)
            .await?),
        _ => Ok(None),
    }
}

/// The published view of a live version.
pub fn public_view(
    m: &article::Model,
    v: &article_version::Model,
) -> Result<ArticleView, AppError> {
    let meta = ArticleMeta {
        id: m.id,
        status: ArticleStatus::Published,
        version: v.number,
        updated_at: v.published_at,
        published_at: Some(v.published_at),
    };
    Ok(ArticleView::new(meta, &version_input(v)?))
}

/// How many articles one statement of [`live_versions`] names at most, so the statement stays
/// well inside what SQLite (999 host parameters in older builds) and PostgreSQL accept,
/// whatever the number of articles.
const ARTICLES_PER_STATEMENT: usize = 500;

/// The live versions of those of `articles` that are published, by article id: one statement
/// per [`ARTICLES_PER_STATEMENT`] of them (one for any list seen so far), each joining the
/// named articles to their live versions, so no older version is loaded.
async fn live_versions<'a>(
    conn: &impl ConnectionTrait,
    articles: impl IntoIterator<Item = &'a article::Model>,
) -> Result<HashMap<Uuid, article_version::Model>, AppError> {
    let ids: Vec<Uuid> = (articles.into_iter())
        .filter(|m| m.status == ArticleStatus::Published && m.live_version.is_some())
        .map(|m| m.id)
        .collect();
    let mut live = HashMap::with_capacity(ids.len());
    for ids in ids.chunks(ARTICLES_PER_STATEMENT) {
        let versions = article_version::Entity::find()
            .join(JoinType::InnerJoin, version_of_article())
            .filter(
                Expr::col((article::Entity, article::Column::LiveVersion))
                    .equals((article_version::Entity, article_version::Column::Number)),
            )
            .filter(article_version::Column::ArticleId.is_in(ids.iter().copied()))
            .all(conn)
            .await?;
        live.extend(versions.into_iter().map(|v| (v.article_id, v)));
    }
    Ok(live)
}

/// A version's article, to join on (the entities declare no relations).
fn version_of_article() -> RelationDef {
    article_version::Entity::belongs_to(article::Entity)
        .from(article_version::Column::ArticleId)
        .to(article::Column::Id)
        .into()
}

/// The working copy with what the nurse needs to decide whether to publish.
pub async fn draft_view(
    conn: &impl ConnectionTrait,
    m: &article::Model,
) -> Result<DraftView, AppError> {
    let live = live(conn, m).await?;
    draft_view_of(m, live.as_ref(), staff_name(conn, m.updated_by).await?)
}

/// Every article by title with its `draft_view` (the nurses' list), in three statements
/// whatever their number: the articles, their live versions, and who last changed them.
pub async fn draft_views(
    conn: &impl ConnectionTrait,
) -> Result<Vec<(article::Model, DraftView)>, AppError> {
    let articles = all(conn).await?;
    let live = live_versions(conn, &articles).await?;
    let names = crate::accounts::store::names(conn, articles.iter().map(|m| m.updated_by)).await?;
    articles
        .into_iter()
        .map(|m| {
            let view = draft_view_of(&m, live.get(&m.id), named(&names, m.updated_by))?;
            Ok((m, view))
        })
        .collect()
}

fn draft_view_of(
    m: &article::Model,
    live: Option<&article_version::Model>,
    updated_by: StaffName,
) -> Result<DraftView, AppError> {
    let input = draft_input(m)?;
    let unpublished_changes = match live {
        Some(v) => version_input(v)? != input,
        None => true,
    };
    let meta = ArticleMeta {
        id: m.id,
        status: m.status,
        version: m.live_version.unwrap_or(0),
        updated_at: m.updated_at,
        published_at: m.published_at,
    };
    Ok(DraftView {
        article: ArticleView::new(meta, &input),
        unpublished_changes,
        updated_by,
    })
}

/// The staff member `id` with their name from `names` (empty for an account that is gone).
fn named(names: &HashMap<Uuid, String>, id: Uuid) -> StaffName {
    let name = names.get(&id).cloned().unwrap_or_default();
    StaffName { id, name }
}

async fn staff_name(conn: &impl ConnectionTrait, id: Uuid) -> Result<StaffName, AppError> {
    let name = entity::user::Entity::find_by_id(id)
        .one(conn)
        .await?
        .map(|u| u.name)
        .unwrap_or_default();
    Ok(StaffName { id, name })
}

/// Stores a new draft.
pub async fn create(
    conn: &impl ConnectionTrait,
    by: Uuid,
    input: &ArticleInput,
) -> Result<article::Model, AppError> {
    let at = now();
    let model = article::ActiveModel {
        id: Set(Uuid::new_v4()),
        status: Set(ArticleStatus::Draft),
        revision: Set(1),
        live_version: Set(None),
        live_topic: Set(None),
        live_review_due: Set(None),
        created_by: Set(by),
        created_at: Set(at),
        updated_by: Set(by),
        updated_at: Set(at),
        published_at: Set(None),
        unpublished_at: Set(None),
        ..draft_fields(input)?
    };
    Ok(article::Entity::insert(model)
        .exec_with_returning(conn)
        .await?)
}

/// The columns a nurse writes: the draft's content, as a change with nothing else set.
fn draft_fields(input: &ArticleInput) -> Result<article::ActiveModel, AppError> {
    let sources = serde_json::to_value(&input.sources).map_err(|e| AppError::Internal(e.into()))?;
    Ok(article::ActiveModel {
        title: Set(input.title.clone()),
        summary: Set(input.summary.clone()),
        body_markdown: Set(input.body_markdown.clone()),
        topic: Set(input.topic),
        reviewed_on: Set(input.reviewed_on),
        review_due: Set(input.review_due),
        sources: Set(sources),
        ..Default::default()
    })
}

/// Applies `change` to the article read as `current`, provided no one changed it since
/// (the `revision` check makes a concurrent writer get 412 instead of overwriting).
async fn save(
    conn: &impl ConnectionTrait,
    current: &article::Model,
    mut change: article::ActiveModel,
) -> Result<article::Model, AppError> {
    change.revision = Set(current.revision + 1);
    let result = article::Entity::update_many()
        .set(change)
        .filter(article::Column::Id.eq(current.id))
        .filter(article::Column::Revision.eq(current.revision))
        .exec(conn)
        .await?;
    if result.rows_affected != 1 {
        return Err(AppError::PreconditionFailed);
    }
    find(conn, current.id).await?.ok_or(AppError::NotFound)
}

/// Replaces the draft.
pub async fn update_draft(
    conn: &impl ConnectionTrait,
    by: Uuid,
    current: &article::Model,
    input: &ArticleInput,
) -> Result<article::Model, AppError> {
    let change = article::ActiveModel {
        updated_by: Set(by),
        updated_at: Set(now()),
        ..draft_fields(input)?
    };
    save(conn, current, change).await
}

/// Publishes the draft as the next version and makes it live.
pub async fn publish(
    conn: &impl ConnectionTrait,
    by: Uuid,
    current: &article::Model,
    input: &ArticleInput,
    readability_score: f64,
) -> Result<(article::Model, i32), AppError> {
    let at = now();
    let number = current.live_version.unwrap_or(0) + 1;
    article_version::Entity::insert(article_version::ActiveModel {
        article_id: Set(current.id),
        number: Set(number),
        content: Set(serde_json::to_value(input).map_err(|e| AppError::Internal(e.into()))?),
        readability_score: Set(readability_score),
        published_by: Set(by),
        published_at: Set(at),
    })
    .exec_without_returning(conn)
    .await?;
    let change = article::ActiveModel {
        status: Set(ArticleStatus::Published),
        live_version: Set(Some(number)),
        live_topic: Set(Some(input.topic)),
        live_review_due: Set(Some(input.review_due)),
        published_at: Set(Some(at)),
        updated_by: Set(by),
        updated_at: Set(at),
        ..Default::default()
    };
    Ok((save(conn, current, change).await?, number))
}

/// Takes the article out of the app; its versions are kept.
pub async fn unpublish(
    conn: &impl ConnectionTrait,
    by: Uuid,
    current: &article::Model,
) -> Result<article::Model, AppError> {
    let at = now();
    let change = article::ActiveModel {
        status: Set(ArticleStatus::Unpublished),
        unpublished_at: Set(Some(at)),
        updated_by: Set(by),
        updated_at: Set(at),
        ..Default::default()
    };
    save(conn, current, change).await
}

/// Published articles (optionally on one topic), or with `since` those published after it
/// and the ids of those taken down after it. Versions rendered before come from `views`; only
/// the others are loaded and rendered.
pub async fn published(
    conn: &impl ConnectionTrait,
    views: &ArticleViews,
    topic: Option<Topic>,
    since: Option<DateTime<Utc>>,
    (limit, offset): (u64, u64),
) -> Result<ArticleList, AppError> {
    use article::Column as A;
    let mut query = article::Entity::find();
    if let Some(topic) = topic {
        query = query.filter(A::LiveTopic.eq(topic));
    }
    query = match since {
        None => query.filter(A::Status.eq(ArticleStatus::Published)),
        Some(since) => query.filter(
            Condition::any()
                .add(
                    A::Status
                        .eq(ArticleStatus::Published)
                        .and(A::PublishedAt.gt(since)),
                )
                .add(
                    A::Status
                        .eq(ArticleStatus::Unpublished)
                        .and(A::UnpublishedAt.gt(since)),
                ),
        ),
    };
    let rows = query.all(conn).await?;
    let mut removed = Vec::new();
    let mut live = Vec::new();
    for m in rows {
        match (m.status, m.live_version) {
            (ArticleStatus::Published, Some(n)) => live.push((m, n)),
            _ => removed.push(m.id),
        }
    }
    // Each rendering is taken from `views` once, so a list filling the cache concurrently
    // (which may empty it) cannot take one away between the lookup and its use.
    let cached: Vec<Option<Arc<ArticleView>>> =
        (live.iter()).map(|(m, n)| views.get(m.id, *n)).collect();
    let missing = (live.iter().zip(&cached))
        .filter(|(_, view)| view.is_none())
        .map(|((m, _), _)| m);
    let versions = live_versions(conn, missing).await?;
    let mut articles = Vec::with_capacity(live.len());
    for ((m, _), view) in live.iter().zip(cached) {
        let view = match view {
            Some(view) => view,
            None => {
                // The version live now: a newer one if the article was published again
                // since it was read.
                let v = versions.get(&m.id).ok_or_else(|| corrupt("live version"))?;
                views.put(m.id, v.number, public_view(m, v)?)
            }
        };
        articles.push(view.as_ref().clone());
    }
    articles.sort_by(|a, b| (a.topic, &a.title, a.id).cmp(&(b.topic, &b.title, b.id)));
    removed.sort();
    // Ordered by what a reader sees (topic, then title), so the page is cut after rendering;
    // rendered versions are kept in `views`, so later pages cost no rendering.
    let page = Page::of_all(articles, (limit, offset));
    Ok(ArticleList {
        items: page.items,
        total: page.total,
        limit,
        offset,
        removed,
        changes_up_to: changes_up_to(conn).await?,
    })
}

/// The state the list of published articles depends on ([`ListStamp`]), in one statement.
pub async fn list_stamp(conn: &impl ConnectionTrait) -> Result<ListStamp, AppError> {
    let published = ArticleStatus::Published;
    let versions = format!("CASE WHEN status = '{published}' THEN live_version ELSE 0 END");
    let published = format!("CASE WHEN status = '{published}' THEN 1 ELSE 0 END");
    type StampRow = (
        Option<i64>,
        Option<i64>,
        Option<DateTime<Utc>>,
        Option<DateTime<Utc>>,
    );
    let row: Option<StampRow> = article::Entity::find()
        .select_only()
        .column_as(Expr::cust(format!("SUM({published})")), "published")
        .column_as(Expr::cust(format!("SUM({versions})")), "versions")
        .column_as(article::Column::PublishedAt.max(), "last_published")
        .column_as(article::Column::UnpublishedAt.max(), "last_unpublished")
        .into_tuple()
        .one(conn)
        .await?;
    let (published, versions, last_published, last_unpublished) =
        row.unwrap_or((None, None, None, None));
    Ok(ListStamp {
        published: published.unwrap_or(0),
        versions: versions.unwrap_or(0),
        last_published,
        last_unpublished,
    })
}

/// The latest publication or take-down of any article: the cursor for the next sync.
async fn changes_up_to(conn: &impl ConnectionTrait) -> Result<Option<DateTime<Utc>>, AppError> {
    let mut latest = None;
    for column in [article::Column::PublishedAt, article::Column::UnpublishedAt] {
        let at: Option<Option<DateTime<Utc>>> = article::Entity::find()
            .select_only()
            .column(column)
            .filter(column.is_not_null())
            .order_by_desc(column)
            .into_tuple()
            .one(conn)
            .await?;
        latest = Ord::max(latest, at.flatten());
    }
    Ok(latest)
}

/// Published articles whose live review date is on or before `on`, most overdue first.
pub async fn review_due(
    conn: &impl ConnectionTrait,
    on: chrono::NaiveDate,
) -> Result<Vec<(article::Model, article_version::Model)>, AppError> {
    use article::Column as A;
    let rows = article::Entity::find()
        .filter(A::Status.eq(ArticleStatus::Published))
        .filter(A::LiveReviewDue.lte(on))
        .order_by_asc(A::LiveReviewDue)
        .order_by_asc(A::Title)
        .all(conn)
        .await?;
    let mut live = live_versions(conn, &rows).await?;
    Ok(rows
        .into_iter()
        .filter_map(|m| live.remove(&m.id).map(|v| (m, v)))
        .collect())
}

/// The published articles due for review on `on` as nurses read them, most overdue first
/// (the API's review-due list and the console's).
pub async fn review_due_items(
    conn: &impl ConnectionTrait,
    on: chrono::NaiveDate,
) -> Result<Vec<ReviewDueItem>, AppError> {
    let mut articles = Vec::new();
    for (article, version) in review_due(conn, on).await? {
        let live = version_input(&version)?;
        articles.push(ReviewDueItem {
            id: article.id,
            days_overdue: (on - live.review_due).num_days(),
            draft_waiting: draft_input(&article)? != live,
            title: live.title,
            topic: live.topic,
            reviewed_on: live.reviewed_on,
            review_due: live.review_due,
        });
    }
    articles.sort_by(|a, b| (a.review_due, &a.title).cmp(&(b.review_due, &b.title)));
    Ok(articles)
}

/// Every article, drafts included, by title (the nurses' list).
pub async fn all(conn: &impl ConnectionTrait) -> Result<Vec<article::Model>, AppError> {
    Ok(article::Entity::find()
        .order_by_asc(article::Column::Title)
        .all(conn)
        .await?)
}

/// Every published version, newest first.
pub async fn versions(
    conn: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Vec<article_version::Model>, AppError> {
    Ok(article_version::Entity::find()
        .filter(article_version::Column::ArticleId.eq(id))
        .order_by_desc(article_version::Column::Number)
        .all(conn)
        .await?)
}

/// `versions` of `m` as nurses read them, with who published each (the API's history and the
/// console's): one statement for the names, however many versions and publishers.
pub async fn version_views(
    conn: &impl ConnectionTrait,
    m: &article::Model,
    versions: Vec<article_version::Model>,
) -> Result<Vec<VersionView>, AppError> {
    let publishers: HashSet<Uuid> = versions.iter().map(|v| v.published_by).collect();
    let names = crate::accounts::store::names(conn, publishers).await?;
    versions
        .into_iter()
        .map(|v| {
            Ok(VersionView {
                number: v.number,
                published_by: named(&names, v.published_by),
                published_at: v.published_at,
                article: public_view(m, &v)?,
            })
        })
        .collect()
}
