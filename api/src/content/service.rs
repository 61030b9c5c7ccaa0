//! Changing health articles: each change is one transaction with its audit entry. The caller
//! has made the access decision (an editor, `If-Match` checked against the article it loaded).
use sea_orm::{DatabaseConnection, DatabaseTransaction};

use super::{
    directory,
    model::{
        ArticleInput, LOCAL_AUTHORITIES, ServiceInput, check_publish, validate_article,
        validate_service,
    },
    readability::article_readability,
    store,
};
use crate::{
    audit::{self, AuditAction, Event},
    auth::Actor,
    error::{AppError, FieldError},
};
use entity::article::{ArticleStatus, Model as Article};
use entity::local_service::Model as LocalService;

/// Finishes a change: records its audit entry in the change's transaction, then commits both.
async fn commit_audited(
    txn: DatabaseTransaction,
    actor: &Actor,
    action: AuditAction,
    target: String,
) -> Result<(), AppError> {
    let event = Event {
        action,
        care_leaver_id: None,
        target: Some(target),
    };
    audit::record_by(&txn, actor, event).await?;
    Ok(txn.commit().await?)
}

/// 422 naming every field of `input` that breaks the article rules.
pub fn check_article(input: &ArticleInput) -> Result<(), AppError> {
    let errors = validate_article(input, crate::age::today());
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(errors))
    }
}

/// Starts a new article as a draft.
pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    input: &ArticleInput,
) -> Result<Article, AppError> {
    check_article(input)?;
    let txn = crate::db::begin_write(db).await?;
    let article = store::create(&txn, actor.id, input).await?;
    let target = format!("article:{}", article.id);
    commit_audited(txn, actor, AuditAction::ContentArticleCreated, target).await?;
    Ok(article)
}

/// Replaces the draft of `article`; unchanged input changes nothing.
pub async fn update_draft(
    db: &DatabaseConnection,
    actor: &Actor,
    article: Article,
    input: &ArticleInput,
) -> Result<Article, AppError> {
    check_article(input)?;
    if store::draft_input(&article)? == *input {
        return Ok(article);
    }
    let txn = crate::db::begin_write(db).await?;
    let article = store::update_draft(&txn, actor.id, &article, input).await?;
    let target = format!("article:{}", article.id);
    commit_audited(txn, actor, AuditAction::ContentArticleUpdated, target).await?;
    Ok(article)
}

/// Publishes the draft of `article` as a new version: 409 when the live version already
/// matches it, 422 when it breaks the rules or is hard to read and that was not confirmed.
pub async fn publish(
    db: &DatabaseConnection,
    actor: &Actor,
    article: &Article,
    confirm_low_readability: bool,
) -> Result<Article, AppError> {
    let input = store::draft_input(article)?;
    if let Some(live) = store::live(db, article).await?
        && store::version_input(&live)? == input
    {
        return Err(AppError::conflict(format!(
            "nothing to publish: version {} already matches the draft",
            live.number
        )));
    }
    check_article(&input)?;
    let readability = article_readability(&input.title, &input.summary, &input.body_markdown);
    check_publish(&readability, confirm_low_readability)?;
    let txn = crate::db::begin_write(db).await?;
    let (published, number) =
        store::publish(&txn, actor.id, article, &input, readability.score).await?;
    let target = format!("article:{}:v{number}", article.id);
    commit_audited(txn, actor, AuditAction::ContentArticlePublished, target).await?;
    Ok(published)
}

/// Takes a published article out of the app (409 if it is not published); its versions stay.
pub async fn unpublish(
    db: &DatabaseConnection,
    actor: &Actor,
    article: &Article,
) -> Result<Article, AppError> {
    if article.status != ArticleStatus::Published {
        return Err(AppError::conflict("the article is not published"));
    }
    let txn = crate::db::begin_write(db).await?;
    let unpublished = store::unpublish(&txn, actor.id, article).await?;
    let target = format!("article:{}", article.id);
    commit_audited(txn, actor, AuditAction::ContentArticleUnpublished, target).await?;
    Ok(unpublished)
}

/// Field checks, plus: staff add services of their own local authority or national ones.
fn check_service(input: &ServiceInput, actor: &Actor) -> Result<(), AppError> {
    let mut errors = validate_service(input, &LOCAL_AUTHORITIES);
    if let Some(la) = &input.local_authority
        && *la != actor.local_authority
        && !errors.iter().any(|e| e.field == "local_authority")
    {
        errors.push(FieldError::new(
            "local_authority",
            "must be your own local authority, or null for a service open to everyone",
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(errors))
    }
}

/// Adds a service to the directory; 409 naming `name` if another service has it.
pub async fn create_service(
    db: &DatabaseConnection,
    actor: &Actor,
    input: &ServiceInput,
) -> Result<LocalService, AppError> {
    check_service(input, actor)?;
    let txn = crate::db::begin_write(db).await?;
    directory::check_name_free(&txn, &input.name, None).await?;
    let service = directory::create(&txn, actor.id, input).await?;
    let target = format!("service:{}", service.id);
    commit_audited(txn, actor, AuditAction::ContentServiceCreated, target).await?;
    Ok(service)
}

/// Replaces every field of `current`; 409 naming `name` if another service has the new name.
pub async fn update_service(
    db: &DatabaseConnection,
    actor: &Actor,
    current: &LocalService,
    input: &ServiceInput,
) -> Result<LocalService, AppError> {
    check_service(input, actor)?;
    let txn = crate::db::begin_write(db).await?;
    directory::check_name_free(&txn, &input.name, Some(current.id)).await?;
    let service = directory::update(&txn, actor.id, current, input).await?;
    let target = format!("service:{}", current.id);
    commit_audited(txn, actor, AuditAction::ContentServiceUpdated, target).await?;
    Ok(service)
}
