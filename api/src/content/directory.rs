//! The local services directory and the app's fixed links in the database.
use entity::{content_link, local_service};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use super::model::{Link, ServiceInput, ServiceView, Topic};
use super::store::now;
use super::views::ServiceQuery;
use crate::{error::AppError, http::ETag};

fn corrupt(what: &str) -> AppError {
    AppError::Internal(anyhow::anyhow!("stored {what} is invalid"))
}

/// The `ETag` that `If-Match` must carry to change the service.
pub fn etag(m: &local_service::Model) -> ETag {
    ETag::of(format!("service {} {}", m.id, m.updated_at.to_rfc3339()).as_bytes())
}

/// The service's fields as they are written (the start of an edit).
pub fn input(m: &local_service::Model) -> Result<ServiceInput, AppError> {
    let age = |a: Option<i32>| a.map(u8::try_from).transpose().map_err(|_| corrupt("age"));
    Ok(ServiceInput {
        name: m.name.clone(),
        offers: m.offers.clone(),
        who_for: m.who_for.clone(),
        min_age: age(m.min_age)?,
        max_age: age(m.max_age)?,
        area_note: m.area_note.clone(),
        phone: m.phone.clone(),
        sms: m.sms.clone(),
        email: m.email.clone(),
        web: m.web.clone(),
        address: m.address.clone(),
        opening_times: m.opening_times.clone(),
        local_authority: m.local_authority.clone(),
        referral_needed: m.referral_needed,
        topics: serde_json::from_value(m.topics.clone()).map_err(|_| corrupt("topics"))?,
    })
}

pub fn view(m: &local_service::Model) -> Result<ServiceView, AppError> {
    Ok(ServiceView::new(m.id, input(m)?, m.updated_at))
}

fn fields(input: &ServiceInput, by: Uuid) -> Result<local_service::ActiveModel, AppError> {
    Ok(local_service::ActiveModel {
        name: Set(input.name.trim().to_owned()),
        offers: Set(input.offers.clone()),
        who_for: Set(input.who_for.clone()),
        min_age: Set(input.min_age.map(i32::from)),
        max_age: Set(input.max_age.map(i32::from)),
        area_note: Set(input.area_note.clone()),
        phone: Set(input.phone.clone()),
        sms: Set(input.sms.clone()),
        email: Set(input.email.clone()),
        web: Set(input.web.clone()),
        address: Set(input.address.clone()),
        opening_times: Set(input.opening_times.clone()),
        local_authority: Set(input.local_authority.clone()),
        referral_needed: Set(input.referral_needed),
        topics: Set(serde_json::to_value(&input.topics).map_err(|e| AppError::Internal(e.into()))?),
        updated_by: Set(Some(by)),
        updated_at: Set(now()),
        ..Default::default()
    })
}

pub async fn find(
    conn: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<local_service::Model>, AppError> {
    Ok(local_service::Entity::find_by_id(id).one(conn).await?)
}

/// 409 naming `name` when another service already has it.
pub async fn check_name_free(
    conn: &impl ConnectionTrait,
    name: &str,
    except: Option<Uuid>,
) -> Result<(), AppError> {
    let mut query =
        local_service::Entity::find().filter(local_service::Column::Name.eq(name.trim()));
    if let Some(id) = except {
        query = query.filter(local_service::Column::Id.ne(id));
    }
    if query.one(conn).await?.is_some() {
        return Err(AppError::Conflict {
            detail: "a service with this name is already in the directory".into(),
            field: Some("name".into()),
        });
    }
    Ok(())
}

pub async fn create(
    conn: &impl ConnectionTrait,
    by: Uuid,
    input: &ServiceInput,
) -> Result<local_service::Model, AppError> {
    let mut model = fields(input, by)?;
    model.id = Set(Uuid::new_v4());
    model.created_by = Set(Some(by));
    model.created_at = model.updated_at.clone();
    Ok(local_service::Entity::insert(model)
        .exec_with_returning(conn)
        .await?)
}

/// Replaces a service read as `current`, unless someone changed it since (412).
pub async fn update(
    conn: &impl ConnectionTrait,
    by: Uuid,
    current: &local_service::Model,
    input: &ServiceInput,
) -> Result<local_service::Model, AppError> {
    let result = local_service::Entity::update_many()
        .set(fields(input, by)?)
        .filter(local_service::Column::Id.eq(current.id))
        .filter(local_service::Column::UpdatedAt.eq(current.updated_at))
        .exec(conn)
        .await?;
    if result.rows_affected != 1 {
        return Err(AppError::PreconditionFailed);
    }
    find(conn, current.id).await?.ok_or(AppError::NotFound)
}

/// The directory, filtered; `local_authority` also brings the services open to everyone.
pub async fn list(
    conn: &impl ConnectionTrait,
    query: &ServiceQuery,
) -> Result<Vec<ServiceView>, AppError> {
    use local_service::Column as S;
    let mut select = local_service::Entity::find().order_by_asc(S::Name);
    if let Some(la) = &query.local_authority {
        select = select.filter(
            Condition::any()
                .add(S::LocalAuthority.eq(la.as_str()))
                .add(S::LocalAuthority.is_null()),
        );
    }
    if let Some(since) = query.updated_since {
        select = select.filter(S::UpdatedAt.gt(since));
    }
    let mut services = Vec::new();
    for m in select.all(conn).await? {
        let service = view(&m)?;
        // The directory is tens of rows; topics are a JSON list, so filter them here.
        if query
            .topic
            .is_none_or(|t: Topic| service.topics.contains(&t))
        {
            services.push(service);
        }
    }
    Ok(services)
}

fn link_view(m: content_link::Model) -> Link {
    Link {
        category: m.category,
        id: m.id,
        title: m.title,
        url: m.url,
        description: m.description,
    }
}

pub async fn links(conn: &impl ConnectionTrait) -> Result<Vec<Link>, AppError> {
    Ok(content_link::Entity::find()
        .order_by_asc(content_link::Column::Position)
        .all(conn)
        .await?
        .into_iter()
        .map(link_view)
        .collect())
}

/// Makes the stored links exactly `links`, in order, touching only rows that differ. The
/// fixed links are data shipped with the service (`seed/content/links.json`), so the file
/// is the source of truth and this runs at every start.
pub async fn sync_links(conn: &impl ConnectionTrait, links: &[Link]) -> Result<(), AppError> {
    let stored = content_link::Entity::find().all(conn).await?;
    for (position, link) in links.iter().enumerate() {
        let position = i32::try_from(position).map_err(|_| corrupt("link position"))?;
        let row = content_link::ActiveModel {
            id: Set(link.id.clone()),
            position: Set(position),
            title: Set(link.title.clone()),
            url: Set(link.url.clone()),
            description: Set(link.description.clone()),
            category: Set(link.category),
            updated_at: Set(now()),
        };
        match stored.iter().find(|s| s.id == link.id) {
            None => {
                content_link::Entity::insert(row)
                    .exec_without_returning(conn)
                    .await?;
            }
            Some(s)
                if (s.position, &s.title, &s.url, &s.description, s.category)
                    != (
                        position,
                        &link.title,
                        &link.url,
                        &link.description,
                        link.category,
                    ) =>
            {
                content_link::Entity::update(row).exec(conn).await?;
            }
            Some(_) => {}
        }
    }
    let keep: Vec<&str> = links.iter().map(|l| l.id.as_str()).collect();
    content_link::Entity::delete_many()
        .filter(content_link::Column::Id.is_not_in(keep))
        .exec(conn)
        .await?;
    Ok(())
}

/// Loads the shipped link set (see [`sync_links`]).
pub async fn sync_fixed_links(conn: &impl ConnectionTrait) -> Result<(), AppError> {
    let links = super::seed::links().map_err(|e| AppError::Internal(e.into()))?;
    sync_links(conn, &links).await
}
