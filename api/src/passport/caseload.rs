//! The nurses' list of open questions across their caseload: the young people of their
//! authority they are assigned to, or (switched) every young person of the authority. Oldest
//! first, so nobody waits longest.
use crate::audit::AuditAction;
use std::collections::HashMap;

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    sea_query::{Expr, ExprTrait, Query, SelectStatement},
};
use uuid::Uuid;

use super::questions::views;
use super::service::viewer_for;
use super::views::{CaseloadQuery, CaseloadScope, QueryStatus};
use crate::{
    audit,
    auth::{Actor, Role},
    care_leavers::CareLeaver,
    error::AppError,
};

use entity::{care_leaver as cl, passport_query as query, user};

/// The open questions of `scope` that `actor` (a nurse) may see, oldest first. Questions on a
/// section hidden from this nurse (the sensitive section of a young person who has another
/// assigned nurse) are left out. Showing a young person's question is a read of their records,
/// so each young person on the list is audited once. 403 for anyone but a nurse.
pub async fn open_for_caseload(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    scope: CaseloadScope,
) -> Result<Vec<CaseloadQuery>, AppError> {
    if actor.role != Role::Nurse {
        return Err(AppError::Forbidden(
            "only nurses answer young people's questions".into(),
        ));
    }
    let rows = query::Entity::find()
        .filter(query::Column::Status.eq(QueryStatus::Open))
        .filter(query::Column::CareLeaverId.in_subquery(in_scope(actor, scope)))
        .order_by_asc(query::Column::CreatedAt)
        .order_by_asc(query::Column::Id)
        .all(conn)
        .await?;
    let leavers = leavers(conn, rows.iter().map(|q| q.care_leaver_id)).await?;
    let mut shown = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(leaver) = leavers.get(&row.care_leaver_id) else {
            continue;
        };
        let viewer = viewer_for(&actor.viewer(), leaver);
        if viewer.can_see(row.section) {
            shown.push(row);
        }
    }
    let mut read: Vec<Uuid> = shown.iter().map(|q| q.care_leaver_id).collect();
    read.sort_unstable();
    read.dedup();
    let list = views(conn, shown, super::visibility::Viewer::Nurse).await?;
    audit::record_each_by(conn, actor, AuditAction::PassportQueriesRead, &read).await?;
    Ok(list
        .into_iter()
        .filter_map(|query| {
            let leaver = leavers.get(&query.care_leaver_id)?;
            Some(CaseloadQuery {
                name: leaver.user.name.clone(),
                preferred_name: leaver.user.preferred_name.clone(),
                nurse_id: leaver.profile.nurse_id,
                query,
            })
        })
        .collect())
}

/// The ids of the care leavers of the actor's authority in `scope`, as a subquery.
fn in_scope(actor: &Actor, scope: CaseloadScope) -> SelectStatement {
    let mut ids = Query::select();
    ids.column((cl::Entity, cl::Column::UserId))
        .from(cl::Entity)
        .inner_join(
            user::Entity,
            Expr::col((user::Entity, user::Column::Id)).equals((cl::Entity, cl::Column::UserId)),
        )
        .and_where(
            Expr::col((user::Entity, user::Column::LocalAuthority))
                .eq(actor.local_authority.as_str()),
        )
        .and_where(Expr::col((user::Entity, user::Column::Role)).eq(Role::CareLeaver));
    if scope == CaseloadScope::Mine {
        ids.and_where(Expr::col((cl::Entity, cl::Column::NurseId)).eq(actor.id));
    }
    ids
}

/// The care leavers with these ids, by id.
async fn leavers(
    conn: &impl ConnectionTrait,
    ids: impl Iterator<Item = Uuid>,
) -> Result<HashMap<Uuid, CareLeaver>, AppError> {
    let mut ids: Vec<Uuid> = ids.collect();
    ids.sort_unstable();
    ids.dedup();
    let profiles = cl::Entity::find()
        .filter(cl::Column::UserId.is_in(ids.clone()))
        .all(conn)
        .await?;
    let mut users: HashMap<Uuid, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    Ok(profiles
        .into_iter()
        .filter_map(|profile| {
            let user = users.remove(&profile.user_id)?;
            Some((user.id, CareLeaver { user, profile }))
        })
        .collect())
}
