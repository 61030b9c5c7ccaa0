//! Batched, idempotent writes of the finder's reference data. Each batch reads the rows it
//! is about to write, so the summary can tell inserted, updated and unchanged apart and
//! unchanged rows are not written at all; the rest go in one multi-row
//! `INSERT … ON CONFLICT DO UPDATE` per batch, in a transaction of its own (so a long import
//! never holds SQLite's write lock for long).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{outcode, postcode as postcode_row, practice};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, IdenStatic,
    IntoActiveModel, Iterable, QueryFilter, QuerySelect,
};

use super::geo::GridPoint;
use super::ods::{PracticeKind, PracticeRecord, PracticeStatus};
use super::postcode::{OutcodeCentroid, PostcodePosition};
use super::summary::ImportSummary;
use entity::practice::PositionSource;

/// One practice by ODS code.
pub async fn practice(
    conn: &impl ConnectionTrait,
    ods_code: String,
) -> Result<Option<practice::Model>, DbErr> {
    practice::Entity::find_by_id(ods_code).one(conn).await
}

/// Rows per statement and transaction. 500 practices are 9,000 bind parameters, well under
/// SQLite's 32,766 and PostgreSQL's 65,535.
pub(super) const BATCH: usize = 500;

/// A grid position in whole metres, as stored.
pub(super) type Grid = (i32, i32);

/// How the practices of a file were placed.
#[derive(Debug, Default)]
pub(super) struct Placement {
    pub postcode: u64,
    pub outcode: u64,
    pub unplaced: u64,
}

fn metres(point: GridPoint) -> Grid {
    // Code-Point and the outcode file give whole metres; rounding only guards the f64 trip.
    (point.easting.round() as i32, point.northing.round() as i32)
}

/// Every outcode centroid (about 3,000), for placing practices.
pub(super) async fn outcode_map(db: &impl ConnectionTrait) -> Result<HashMap<String, Grid>, DbErr> {
    Ok(outcode::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.outcode, (row.easting, row.northing)))
        .collect())
}

async fn postcode_map<'a>(
    db: &impl ConnectionTrait,
    postcodes: impl Iterator<Item = &'a str>,
) -> Result<HashMap<String, Grid>, DbErr> {
    let mut wanted: Vec<&str> = postcodes.collect();
    wanted.sort_unstable();
    wanted.dedup();
    Ok(postcode_row::Entity::find()
        .filter(postcode_row::Column::Postcode.is_in(wanted))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.postcode, (row.easting, row.northing)))
        .collect())
}

/// A practice's position: its postcode's, else its district centre's, else none.
fn place(
    postcode: &str,
    postcodes: &HashMap<String, Grid>,
    outcodes: &HashMap<String, Grid>,
) -> (Option<Grid>, PositionSource) {
    if let Some(&at) = postcodes.get(postcode) {
        return (Some(at), PositionSource::Postcode);
    }
    let outcode = postcode.split(' ').next().unwrap_or_default();
    match outcodes.get(outcode) {
        Some(&at) => (Some(at), PositionSource::Outcode),
        None => (None, PositionSource::None),
    }
}

fn practice_row(
    record: &PracticeRecord,
    (at, source): (Option<Grid>, PositionSource),
    now: DateTime<Utc>,
) -> practice::Model {
    practice::Model {
        ods_code: record.ods_code.clone(),
        kind: record.kind,
        name: record.name.clone(),
        address_lines: serde_json::json!(record.address_lines),
        town: record.town.clone(),
        county: record.county.clone(),
        postcode: record.postcode.to_string(),
        telephone: record.telephone.clone(),
        status: record.status,
        nhs: record.nhs,
        prescribing_setting: record.prescribing_setting.clone(),
        registrable: record.is_registrable(),
        open_date: record.open_date,
        close_date: record.close_date,
        easting: at.map(|(e, _)| e),
        northing: at.map(|(_, n)| n),
        position_source: source,
        updated_at: now,
    }
}

/// Upserts a batch of practices (ODS codes unique within the batch).
pub(super) async fn write_practices(
    db: &DatabaseConnection,
    batch: &[PracticeRecord],
    outcodes: &HashMap<String, Grid>,
    summary: &mut ImportSummary,
    placement: &mut Placement,
) -> Result<(), DbErr> {
    if batch.is_empty() {
        return Ok(());
    }
    let txn = crate::db::begin_write(db).await?;
    let codes = batch.iter().map(|r| r.ods_code.as_str());
    let existing: HashMap<String, practice::Model> = practice::Entity::find()
        .filter(practice::Column::OdsCode.is_in(codes))
        .all(&txn)
        .await?
        .into_iter()
        .map(|row| (row.ods_code.clone(), row))
        .collect();
    let postcodes = postcode_map(&txn, batch.iter().map(|r| r.postcode.as_str())).await?;
    let now = Utc::now();
    let mut writes = Vec::new();
    for record in batch {
        let position = place(record.postcode.as_str(), &postcodes, outcodes);
        match position.1 {
            PositionSource::Postcode => placement.postcode += 1,
            PositionSource::Outcode => placement.outcode += 1,
            PositionSource::None => placement.unplaced += 1,
        }
        let row = practice_row(record, position, now);
        let was_closed = match existing.get(&row.ods_code) {
            None => {
                summary.inserted += 1;
                false
            }
            Some(old)
                if *old
                    == (practice::Model {
                        updated_at: old.updated_at,
                        ..row.clone()
                    }) =>
            {
                summary.unchanged += 1;
                continue;
            }
            Some(old) => {
                summary.updated += 1;
                old.status == PracticeStatus::Closed
            }
        };
        if row.status == PracticeStatus::Closed && !was_closed {
            *summary.closed.get_or_insert(0) += 1;
        }
        writes.push(practice::ActiveModel::from(row));
    }
    if !writes.is_empty() {
        let columns = practice::Column::iter().filter(|c| !matches!(c, practice::Column::OdsCode));
        practice::Entity::insert_many(writes)
            .on_conflict(
                OnConflict::column(practice::Column::OdsCode)
                    .update_columns(columns)
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await
}

/// Upserts a batch of Code-Point positions (postcodes unique within the batch).
pub(super) async fn write_postcodes(
    db: &DatabaseConnection,
    batch: &[PostcodePosition],
    summary: &mut ImportSummary,
) -> Result<(), DbErr> {
    let rows = batch
        .iter()
        .map(|position| {
            let (easting, northing) = metres(position.point);
            postcode_row::Model {
                postcode: position.postcode.to_string(),
                easting,
                northing,
                quality: position.quality,
            }
        })
        .collect();
    let key = postcode_row::Column::Postcode;
    write_changed::<postcode_row::Entity>(db, key, |row| &row.postcode, rows, summary).await
}

/// Upserts a batch of outcode centroids (outcodes unique within the batch).
pub(super) async fn write_outcodes(
    db: &DatabaseConnection,
    batch: &[OutcodeCentroid],
    summary: &mut ImportSummary,
) -> Result<(), DbErr> {
    let rows = batch
        .iter()
        .map(|centroid| {
            let (easting, northing) = metres(centroid.point);
            outcode::Model {
                outcode: centroid.outcode.clone(),
                easting,
                northing,
                place: centroid.place.clone(),
            }
        })
        .collect();
    let key = outcode::Column::Outcode;
    write_changed::<outcode::Entity>(db, key, |row| &row.outcode, rows, summary).await
}

/// Writes `rows` of a table keyed by one text column (`key`, read by `key_of`; unique within
/// the batch) in one transaction: each counts as inserted, updated or unchanged against what is
/// stored, and only new and changed rows are written, replacing every other column.
async fn write_changed<E>(
    db: &DatabaseConnection,
    key: E::Column,
    key_of: impl Fn(&E::Model) -> &str,
    rows: Vec<E::Model>,
    summary: &mut ImportSummary,
) -> Result<(), DbErr>
where
    E: EntityTrait,
    E::Model: PartialEq + IntoActiveModel<E::ActiveModel>,
{
    if rows.is_empty() {
        return Ok(());
    }
    let txn = crate::db::begin_write(db).await?;
    let existing: HashMap<String, E::Model> = E::find()
        .filter(key.is_in(rows.iter().map(&key_of)))
        .all(&txn)
        .await?
        .into_iter()
        .map(|row| (key_of(&row).to_owned(), row))
        .collect();
    let mut writes = Vec::new();
    for row in rows {
        match existing.get(key_of(&row)) {
            None => summary.inserted += 1,
            Some(old) if *old == row => {
                summary.unchanged += 1;
                continue;
            }
            Some(_) => summary.updated += 1,
        }
        writes.push(row.into_active_model());
    }
    if !writes.is_empty() {
        let others = E::Column::iter().filter(|c| c.as_str() != key.as_str());
        E::insert_many(writes)
            .on_conflict(OnConflict::column(key).update_columns(others).to_owned())
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await
}

/// How many practices of `kind` are stored.
pub(super) async fn count_practices(
    db: &impl ConnectionTrait,
    kind: PracticeKind,
) -> Result<u64, DbErr> {
    let count: Option<i64> = practice::Entity::find()
        .select_only()
        .column_as(practice::Column::OdsCode.count(), "n")
        .filter(practice::Column::Kind.eq(kind))
        .into_tuple()
        .one(db)
        .await?;
    Ok(count.unwrap_or(0).try_into().unwrap_or(0))
}

/// Whether a table of the finder holds any row.
pub async fn has_rows<E: EntityTrait>(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    Ok(E::find().one(db).await?.is_some())
}

/// A stored practice's code, postcode, easting, northing and position source.
type StoredPlace = (String, String, Option<i32>, Option<i32>, PositionSource);

/// Places every stored practice again from the current postcode and outcode tables, e.g.
/// after a postcode import gave practices placed at a district centre their own postcode.
/// Returns how many practices moved.
pub(super) async fn replace_practices(
    db: &DatabaseConnection,
    outcodes: &HashMap<String, Grid>,
) -> Result<u64, DbErr> {
    use practice::Column as C;
    let rows: Vec<StoredPlace> = practice::Entity::find()
        .select_only()
        .columns([
            C::OdsCode,
            C::Postcode,
            C::Easting,
            C::Northing,
            C::PositionSource,
        ])
        .into_tuple()
        .all(db)
        .await?;
    let mut moved = 0;
    for chunk in rows.chunks(BATCH) {
        let postcodes = postcode_map(db, chunk.iter().map(|row| row.1.as_str())).await?;
        let changes: Vec<_> = chunk
            .iter()
            .filter_map(|(code, postcode, easting, northing, source)| {
                let (at, new_source) = place(postcode, &postcodes, outcodes);
                let same = at == easting.zip(*northing) && new_source == *source;
                (!same).then_some((code, at, new_source))
            })
            .collect();
        if changes.is_empty() {
            continue;
        }
        let txn = crate::db::begin_write(db).await?;
        let now = Utc::now();
        for (code, at, source) in changes {
            practice::Entity::update_many()
                .col_expr(C::Easting, Expr::value(at.map(|(e, _)| e)))
                .col_expr(C::Northing, Expr::value(at.map(|(_, n)| n)))
                .col_expr(C::PositionSource, Expr::value(source))
                .col_expr(C::UpdatedAt, Expr::value(now))
                .filter(C::OdsCode.eq(code.as_str()))
                .exec(&txn)
                .await?;
            moved += 1;
        }
        txn.commit().await?;
    }
    Ok(moved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_practice_is_placed_by_its_postcode_else_its_district_centre_else_not_at_all() {
        let postcodes = HashMap::from([("DY1 1HF".to_owned(), (394_373, 290_482))]);
        let outcodes = HashMap::from([("DY1".to_owned(), (393_500, 291_000))]);
        let place = |postcode| place(postcode, &postcodes, &outcodes);
        assert_eq!(
            place("DY1 1HF"),
            (Some((394_373, 290_482)), PositionSource::Postcode)
        );
        assert_eq!(
            place("DY1 4ZZ"),
            (Some((393_500, 291_000)), PositionSource::Outcode)
        );
        assert_eq!(place("ZE3 9XX"), (None, PositionSource::None));
    }
}
