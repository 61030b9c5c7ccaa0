//! Health articles: `/v1/content/articles` and `/v1/content/review-due`.
use crate::http::prelude::*;
use entity::article::ArticleStatus;

use super::{
    cache::RenderedList,
    model::{ArticleInput, ArticleView, PublishRequest},
    service, store,
    views::*,
};
use crate::http::{ETag, if_none_match_hits};

/// 403 unless the caller keeps the content up to date: for routes that first load an
/// article (404 for one the caller may not know about) and so cannot use a guard.
fn require_editor(user: &AuthUser) -> Result<(), AppError> {
    if policy::may(user.role, Power::EditContent) {
        Ok(())
    } else {
        Err(AppError::Forbidden(ContentReviewers::REFUSAL.into()))
    }
}

/// Loads an article the caller may know about: published ones for everyone, drafts and
/// unpublished ones only for nurses and admins (404 otherwise, so drafts do not leak).
async fn visible(
    app: &AppState,
    user: &AuthUser,
    id: Uuid,
) -> Result<entity::article::Model, AppError> {
    let article = store::find(&app.db, id).await?.ok_or(AppError::NotFound)?;
    if article.status == ArticleStatus::Published || policy::may(user.role, Power::EditContent) {
        Ok(article)
    } else {
        Err(AppError::NotFound)
    }
}

/// The draft view with its `ETag`, for `If-Match` on the next change.
async fn draft_response(
    app: &AppState,
    article: &entity::article::Model,
    status: StatusCode,
) -> Result<Response, AppError> {
    let view = store::draft_view(&app.db, article).await?;
    let etag = store::etag(article);
    Ok((status, [(header::ETAG, etag.header_value())], Json(view)).into_response())
}

/// List published articles, or what changed since the last sync
///
/// Published health articles. With `since`, only what changed after that time, including articles
/// taken out, so the app can sync.
#[utoipa::path(get, path = "/v1/content/articles", operation_id = "list_articles", tag = "content",
    params(ArticleQuery, IfNoneMatch),
    responses(
        (status = 200, description = "Published articles; with `updated_since`, only those published since then plus the ids of those taken down", body = ArticleList,
            headers(("ETag" = String, description = "Send as If-None-Match to get 304 while nothing changed"))),
        UnchangedSinceETag, NotSignedIn, BadQuery,
    ))]
#[tracing::instrument(skip_all)]
pub(crate) async fn list_articles(
    Caller(app, ..): Caller,
    headers: HeaderMap,
    AppQuery(query): AppQuery<ArticleQuery>,
) -> Result<Response, AppError> {
    let paging = query.page()?;
    if query.updated_since.is_some() {
        let list = store::published(
            &app.db,
            &app.articles,
            query.topic,
            query.updated_since,
            paging,
        )
        .await?;
        return with_etag(&headers, &list);
    }
    // The full list is served from its serialised form while nothing it depends on changed.
    // The stamp is read before the list: a change in between makes the stored list newer than
    // its stamp, never older, and the next list (under the new stamp) renders afresh.
    let stamp = store::list_stamp(&app.db).await?;
    let key = (query.topic, paging.0, paging.1);
    let list = match app.article_lists.get(key, &stamp) {
        Some(list) => list,
        None => {
            let list = store::published(&app.db, &app.articles, query.topic, None, paging).await?;
            let body = serde_json::to_vec(&list).map_err(|e| AppError::Internal(e.into()))?;
            let etag = ETag::of(&body);
            app.article_lists.put(
                key,
                RenderedList {
                    stamp,
                    body: body.into(),
                    etag,
                },
            )
        }
    };
    Ok(respond_with_etag(&headers, list.body.clone(), &list.etag))
}

/// Start a new article as a draft (nurses and admins)
///
/// Nurses and admins start an article as a draft; it is not in the app until it is published.
#[utoipa::path(post, path = "/v1/content/articles", operation_id = "create_article", tag = "content",
    request_body = ArticleInput,
    responses(
        (status = 201, description = "The draft, with its reading ease score", body = DraftView,
            headers(("ETag" = String, description = "Send as If-Match to change it"))),
        BodyErrors, NotSignedIn, ContentEditorsOnly, InvalidField,
    ))]
#[tracing::instrument(skip_all)]
pub(crate) async fn create_article(
    Caller(app, _, actor, ..): Caller<ContentEditors>,
    AppJson(input): AppJson<ArticleInput>,
) -> Result<Response, AppError> {
    let article = service::create(&app.db, &actor, &input).await?;
    draft_response(&app, &article, StatusCode::CREATED).await
}

/// Read an article: the published version, or for nurses and admins a draft never published
///
/// Young people get the published version. Nurses and admins may also read an article that has
/// never been published.
#[utoipa::path(get, path = "/v1/content/articles/{id}", operation_id = "get_article", tag = "content",
    params(ArticlePath, IfNoneMatch),
    responses(
        (status = 200, description = "The published article (nurses and admins get the draft view of an article that is not published)", body = ArticleView,
            headers(("ETag" = String, description = "Send as If-None-Match to get 304 while it is unchanged"))),
        (status = 404, description = "No such published article", body = Problem, content_type = "application/problem+json"),
        UnchangedSinceETag, NotSignedIn,
    ))]
#[tracing::instrument(skip_all, fields(article = %id))]
pub(crate) async fn get_article(
    Caller(app, user, ..): Caller,
    headers: HeaderMap,
    AppPath(id): AppPath<Uuid>,
) -> Result<Response, AppError> {
    let article = visible(&app, &user, id).await?;
    match store::live(&app.db, &article).await? {
        Some(version) => with_etag(&headers, &store::public_view(&article, &version)?),
        None => get_draft_response(&app, &headers, &article).await,
    }
}

async fn get_draft_response(
    app: &AppState,
    headers: &HeaderMap,
    article: &entity::article::Model,
) -> Result<Response, AppError> {
    let etag = store::etag(article);
    if if_none_match_hits(headers, &etag) {
        return Ok((
            StatusCode::NOT_MODIFIED,
            [(header::ETAG, etag.header_value())],
        )
            .into_response());
    }
    draft_response(app, article, StatusCode::OK).await
}

/// Read the working draft with its reading ease score (nurses and admins)
///
/// The working draft and its Flesch reading ease score, so nurses can check it is easy to read
/// before publishing.
#[utoipa::path(get, path = "/v1/content/articles/{id}/draft", tag = "content", operation_id = "get_article_draft",
    params(ArticlePath, IfNoneMatch),
    responses(
        (status = 200, description = "The draft, scored, and whether it differs from what the app shows", body = DraftView,
            headers(("ETag" = String, description = "Send as If-Match to change the article"))),
        (status = 403, description = "Only nurses and admins see drafts", body = Problem, content_type = "application/problem+json"),
        UnchangedSinceETag, NotSignedIn, NoSuchArticle,
    ))]
#[tracing::instrument(skip_all, fields(article = %id))]
pub(crate) async fn get_draft(
    Caller(app, user, ..): Caller,
    headers: HeaderMap,
    AppPath(id): AppPath<Uuid>,
) -> Result<Response, AppError> {
    let article = visible(&app, &user, id).await?;
    require_editor(&user)?;
    get_draft_response(&app, &headers, &article).await
}

/// Replace an article's draft (nurses and admins; needs If-Match)
///
/// Replaces the working draft. Send the ETag from the last read as If-Match; a stale one is 412.
#[utoipa::path(put, path = "/v1/content/articles/{id}", operation_id = "update_article", tag = "content",
    params(
        ArticlePath,
        ("If-Match" = String, Header, description = "The ETag of the draft you edited"),
    ),
    request_body = ArticleInput,
    responses(
        (status = 200, description = "The saved draft; the app keeps showing the published version until you publish", body = DraftView,
            headers(("ETag" = String, description = "Send as If-Match for the next change"))),
        (status = 412, description = "Someone changed the article since you read it; nothing was saved", body = Problem, content_type = "application/problem+json"),
        BodyErrors, NotSignedIn, ContentEditorsOnly, NoSuchArticle, InvalidField, IfMatchMissing,
    ))]
#[tracing::instrument(skip_all, fields(article = %id))]
pub(crate) async fn update_article(
    Caller(app, user, actor, ..): Caller<ContentEditors>,
    AppPath(id): AppPath<Uuid>,
    if_match: IfMatch,
    AppJson(input): AppJson<ArticleInput>,
) -> Result<Response, AppError> {
    let article = visible(&app, &user, id).await?;
    if_match.check(&store::etag(&article))?;
    let article = service::update_draft(&app.db, &actor, article, &input).await?;
    draft_response(&app, &article, StatusCode::OK).await
}

/// Publish the draft as a new version (nurses and admins; needs If-Match)
///
/// The reading ease score (Flesch) of the title, summary and body must be 60 or more, or the
/// request must confirm publishing a harder text with `confirm_low_readability`.
#[utoipa::path(post, path = "/v1/content/articles/{id}/publish", operation_id = "publish_article", tag = "content",
    params(
        ArticlePath,
        ("If-Match" = String, Header, description = "The ETag of the draft you reviewed"),
    ),
    request_body = PublishRequest,
    responses(
        (status = 200, description = "Published: the app shows this version now", body = DraftView,
            headers(("ETag" = String, description = "Send as If-Match for the next change"))),
        (status = 403, description = "Only nurses and admins publish health content", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The published version already matches the draft", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "The draft changed since you read it; nothing was published", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Reading ease under 60 without `confirm_low_readability` (the message gives the score), or the draft is no longer valid", body = Problem, content_type = "application/problem+json"),
        BodyErrors, NotSignedIn, NoSuchArticle, IfMatchMissing,
    ))]
#[tracing::instrument(skip_all, fields(article = %id))]
pub(crate) async fn publish_article(
    Caller(app, user, actor, ..): Caller<ContentEditors>,
    AppPath(id): AppPath<Uuid>,
    if_match: IfMatch,
    AppJson(request): AppJson<PublishRequest>,
) -> Result<Response, AppError> {
    let article = visible(&app, &user, id).await?;
    if_match.check(&store::etag(&article))?;
    let article =
        service::publish(&app.db, &actor, &article, request.confirm_low_readability).await?;
    draft_response(&app, &article, StatusCode::OK).await
}

/// Take an article out of the app (nurses and admins; needs If-Match)
///
/// The article leaves the app at once; its versions are kept. Send the ETag from the last read as
/// If-Match.
#[utoipa::path(post, path = "/v1/content/articles/{id}/unpublish", operation_id = "unpublish_article", tag = "content",
    params(
        ArticlePath,
        ("If-Match" = String, Header, description = "The ETag of the article you read"),
    ),
    responses(
        (status = 200, description = "Taken down; the app drops it at its next sync. Versions are kept.", body = DraftView,
            headers(("ETag" = String, description = "Send as If-Match for the next change"))),
        (status = 403, description = "Only nurses and admins unpublish health content", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The article is not published", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "The article changed since you read it", body = Problem, content_type = "application/problem+json"),
        NotSignedIn, NoSuchArticle, IfMatchMissing,
    ))]
#[tracing::instrument(skip_all, fields(article = %id))]
pub(crate) async fn unpublish_article(
    Caller(app, user, actor, ..): Caller,
    AppPath(id): AppPath<Uuid>,
    if_match: IfMatch,
) -> Result<Response, AppError> {
    let article = visible(&app, &user, id).await?;
    require_editor(&user)?;
    if_match.check(&store::etag(&article))?;
    let article = service::unpublish(&app.db, &actor, &article).await?;
    draft_response(&app, &article, StatusCode::OK).await
}

/// Every published version of an article, newest first (nurses and admins)
///
/// Each published version of the article with when and by whom it was published, newest first.
#[utoipa::path(get, path = "/v1/content/articles/{id}/versions", tag = "content", operation_id = "list_article_versions",
    params(ArticlePath, PageQuery),
    responses(
        (status = 200, description = "The versions with who published them and when", body = Page<VersionView>),
        (status = 403, description = "Only nurses and admins see the history", body = Problem, content_type = "application/problem+json"),
        NotSignedIn, NoSuchArticle, PageOutOfRange,
    ))]
#[tracing::instrument(skip_all, fields(article = %id))]
pub(crate) async fn list_versions(
    Caller(app, user, ..): Caller,
    AppPath(id): AppPath<Uuid>,
    AppQuery(paging): AppQuery<PageQuery>,
) -> Result<Json<Page<VersionView>>, AppError> {
    let paging = paging.page()?;
    let article = visible(&app, &user, id).await?;
    require_editor(&user)?;
    // An article has one version per publication; the page is cut before names are looked up.
    let (rows, page) =
        Page::of_all(store::versions(&app.db, article.id).await?, paging).take_items();
    let versions = store::version_views(&app.db, &article, rows).await?;
    Ok(Json(page.with_items(versions)))
}

/// Published articles whose review date has come (nurses and admins)
///
/// Published articles whose review date has passed, oldest first, so nurses can check they are
/// still right.
#[utoipa::path(get, path = "/v1/content/review-due", operation_id = "list_articles_due_for_review", tag = "content",
    params(ReviewDueQuery),
    responses(
        (status = 200, description = "Articles due for review on the day, most overdue first", body = ReviewDueList),
        (status = 403, description = "Only nurses and admins review content", body = Problem, content_type = "application/problem+json"),
        NotSignedIn, BadQuery,
    ))]
#[tracing::instrument(skip_all)]
pub(crate) async fn review_due(
    Caller(app, ..): Caller<ContentReviewers>,
    AppQuery(query): AppQuery<ReviewDueQuery>,
) -> Result<Json<ReviewDueList>, AppError> {
    let (limit, offset) = crate::http::pagination::page(query.limit, query.offset)?;
    let on = query.on.unwrap_or_else(crate::age::today);
    let articles = store::review_due_items(&app.db, on).await?;
    let page = Page::of_all(articles, (limit, offset));
    Ok(Json(ReviewDueList {
        on,
        items: page.items,
        total: page.total,
        limit,
        offset,
    }))
}
