//! The audit trail of one young person for their authority's admins: who looked at or changed
//! their records between two dates — what a subject access request needs — and its CSV form.
use crate::auth::RoleWords;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::{AuditAction, Event};
use crate::{
    auth::{
        Actor,
        policy::{self, Action, Record},
    },
    care_leavers::service::{CareLeaver, find},
    error::AppError,
    spreadsheet::safe_cell,
};
use sea_orm::ActiveEnum;

/// At most this many events in one search; narrow the dates for more.
pub const MAX_ROWS: u64 = 5000;

/// One event in the trail, with the actor's name resolved.
#[derive(Debug, Clone)]
pub struct TrailEntry {
    pub at: DateTime<Utc>,
    pub who: String,
    pub role: String,
    pub action: String,
    pub what: String,
    pub request_id: Option<String>,
}

/// The young person searched for, and their trail, oldest first.
pub struct Trail {
    pub care_leaver: CareLeaver,
    pub entries: Vec<TrailEntry>,
    pub truncated: bool,
}

/// Events about `care_leaver_id` (and those they made themselves) from `from` to `to`
/// inclusive. 404 unless the actor may read the young person's access log (admins of their
/// authority). The search itself is audited.
pub async fn trail(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    care_leaver_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Trail, AppError> {
    let care_leaver = find(conn, care_leaver_id)
        .await?
        .filter(|l| policy::allowed(&actor.viewer(), Action::Read, Record::AccessLog, &l.facts()))
        .ok_or(AppError::NotFound)?;
    if to < from {
        return Err(AppError::invalid(
            "to",
            "must be on or after the start date",
        ));
    }
    let start = from.and_hms_opt(0, 0, 0).expect("midnight").and_utc();
    let end = to
        .succ_opt()
        .unwrap_or(to)
        .and_hms_opt(0, 0, 0)
        .expect("midnight")
        .and_utc();
    use entity::audit_event::Column as A;
    let mut events = entity::audit_event::Entity::find()
        .filter(
            Condition::any()
                .add(A::CareLeaverId.eq(care_leaver_id))
                .add(A::ActorId.eq(care_leaver_id)),
        )
        .filter(A::At.gte(start))
        .filter(A::At.lt(end))
        .order_by_asc(A::At)
        .order_by_asc(A::Id)
        .limit(MAX_ROWS + 1)
        .all(conn)
        .await?;
    let truncated = events.len() as u64 > MAX_ROWS;
    events.truncate(MAX_ROWS as usize);
    let actor_ids: Vec<Uuid> = events.iter().filter_map(|e| e.actor_id).collect();
    let names = crate::accounts::store::names(conn, actor_ids).await?;
    let entries = events
        .into_iter()
        .map(|e| TrailEntry {
            at: e.at,
            who: e
                .actor_id
                .map(|id| names.get(&id).cloned().unwrap_or_else(|| id.to_string()))
                .unwrap_or_else(|| "the service".into()),
            role: e
                .actor_role
                .map(|r| r.described().to_owned())
                .unwrap_or_default(),
            what: super::describe(e.action)
                .map(str::to_owned)
                .unwrap_or_else(|| e.action.to_value().replace(['.', '_'], " ")),
            action: e.action.to_value(),
            request_id: e.request_id,
        })
        .collect();
    super::record_by(
        conn,
        actor,
        Event {
            action: AuditAction::AuditSearched,
            care_leaver_id: Some(care_leaver_id),
            target: Some(format!("from:{from} to:{to}")),
        },
    )
    .await?;
    Ok(Trail {
        care_leaver,
        entries,
        truncated,
    })
}

/// The trail as CSV: one header line, then one line per event.
pub fn to_csv(entries: &[TrailEntry]) -> Result<String, AppError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(["when (UTC)", "who", "role", "what", "action", "request id"])
        .map_err(anyhow::Error::from)?;
    for e in entries {
        out.write_record([
            e.at.format("%Y-%m-%d %H:%M:%S").to_string(),
            safe_cell(&e.who),
            e.role.clone(),
            e.what.clone(),
            e.action.clone(),
            e.request_id.clone().unwrap_or_default(),
        ])
        .map_err(anyhow::Error::from)?;
    }
    let bytes = out.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(String::from_utf8(bytes).map_err(anyhow::Error::from)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry_by(who: &str) -> TrailEntry {
        TrailEntry {
            at: DateTime::parse_from_rfc3339("2026-03-04T10:11:12Z")
                .unwrap()
                .with_timezone(&Utc),
            who: who.into(),
            role: "Children in Care nurse".into(),
            action: "passport.read".into(),
            what: "read your health passport".into(),
            request_id: Some("r1".into()),
        }
    }

    #[test]
    fn a_name_starting_with_any_character_a_spreadsheet_runs_as_a_formula_is_quoted() {
        for first in ['=', '+', '-', '@', '\t', '\r'] {
            let name = format!("{first}cmd|' /C calc'!A0");
            let csv = to_csv(&[entry_by(&name)]).unwrap();
            let mut reader = csv::Reader::from_reader(csv.as_bytes());
            let record = reader.records().next().unwrap().unwrap();
            assert_eq!(&record[1], format!("'{name}"), "{first:?}");
        }
    }

    #[test]
    fn csv_has_a_header_and_neutralises_formulas_in_names() {
        let csv = to_csv(&[entry_by("=HYPERLINK(\"x\")")]).unwrap();
        let mut lines = csv.lines();
        assert_eq!(
            lines.next(),
            Some("when (UTC),who,role,what,action,request id")
        );
        assert_eq!(
            lines.next(),
            Some(
                "2026-03-04 10:11:12,\"'=HYPERLINK(\"\"x\"\")\",Children in Care nurse,read your health passport,passport.read,r1"
            )
        );
    }
}
