//! The starter content: the seeded articles (published by the demo nurse), the services
//! directory and the fixed links. Loading is idempotent: what is already there is kept.
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::content::{directory, readability::article_readability, seed, store};
use crate::{error::AppError, state::AppState};

/// Loads the starter content; articles and services already present (by title or name)
/// are left as the nurses have them.
pub async fn load_demo(app: &AppState) -> Result<(), AppError> {
    let seed_error = |e: serde_json::Error| AppError::Internal(e.into());
    let nurse = super::demo_user(app, "nurse")
        .await?
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("the demo nurse is missing")))?;
    let txn = crate::db::begin_write(&app.db).await?;
    for input in seed::articles().map_err(seed_error)? {
        let exists = entity::article::Entity::find()
            .filter(entity::article::Column::Title.eq(&input.title))
            .one(&txn)
            .await?
            .is_some();
        if exists {
            continue;
        }
        let draft = store::create(&txn, nurse.id, &input).await?;
        let score = article_readability(&input.title, &input.summary, &input.body_markdown).score;
        store::publish(&txn, nurse.id, &draft, &input, score).await?;
    }
    for input in seed::services().map_err(seed_error)? {
        let exists = entity::local_service::Entity::find()
            .filter(entity::local_service::Column::Name.eq(&input.name))
            .one(&txn)
            .await?
            .is_some();
        if !exists {
            directory::create(&txn, nurse.id, &input).await?;
        }
    }
    directory::sync_fixed_links(&txn).await?;
    txn.commit().await?;
    Ok(())
}
