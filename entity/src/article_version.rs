//! Every published version of an article, kept with who published it and when.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "article_versions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub article_id: Uuid,
    /// 1, 2, 3… per article.
    #[sea_orm(primary_key, auto_increment = false)]
    pub number: i32,
    /// The article as published (`ArticleInput`: title, summary, body, topic, dates, sources).
    pub content: Json,
    /// Flesch reading ease of the title, summary and body when it was published.
    pub readability_score: f64,
    pub published_by: Uuid,
    pub published_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
