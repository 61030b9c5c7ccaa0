//! The queries of the care-leavers domain that its services and routes share.
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, QueryOrder};

/// Writes the set fields of an account.
pub async fn update_account(
    conn: &impl ConnectionTrait,
    account: entity::user::ActiveModel,
) -> Result<entity::user::Model, DbErr> {
    entity::user::Entity::update(account).exec(conn).await
}

/// Writes the set fields of a care-leaver record.
pub async fn update_profile(
    conn: &impl ConnectionTrait,
    profile: entity::care_leaver::ActiveModel,
) -> Result<entity::care_leaver::Model, DbErr> {
    entity::care_leaver::Entity::update(profile)
        .exec(conn)
        .await
}

/// Every local authority an account can belong to, by code.
pub async fn local_authorities(
    conn: &impl ConnectionTrait,
) -> Result<Vec<entity::local_authority::Model>, DbErr> {
    entity::local_authority::Entity::find()
        .order_by_asc(entity::local_authority::Column::Code)
        .all(conn)
        .await
}
