//! The live practice index in the application state, and what the routes ask of the
//! database: where a postcode is, one practice, and whether a recorded practice is real.

use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use chrono::{DateTime, Utc};
use entity::practice::PositionSource;
use entity::{outcode, postcode as postcode_row, practice};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QuerySelect,
};
use tokio::sync::watch;

use super::geo::GridPoint;
use super::index::{IndexedPractice, PracticeIndex};
use super::ods::{PracticeKind, PracticeStatus};
use super::types::{SearchPosition, unknown_postcode};
use super::views::{NearbyOrigin, NhsService, PracticeView};
use crate::error::{AppError, FieldError};

/// The nearest-practice index shared by every request. Searches take a snapshot (an `Arc`),
/// so a rebuild never blocks them for longer than a pointer swap.
#[derive(Clone, Default)]
pub struct Finder {
    loaded: Arc<RwLock<Loaded>>,
}

#[derive(Default)]
struct Loaded {
    index: Arc<PracticeIndex>,
    version: Option<Version>,
}

/// Changes whenever a practice is written: rows are never deleted and every write sets
/// `updated_at`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Version {
    practices: i64,
    latest: Option<DateTime<Utc>>,
}

impl Finder {
    /// The current index.
    pub fn index(&self) -> Arc<PracticeIndex> {
        let loaded = self.loaded.read().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(&loaded.index)
    }

    /// Rebuilds the index from the `practices` table; returns how many practices it holds.
    pub async fn reload(&self, db: &DatabaseConnection) -> Result<usize, DbErr> {
        let version = version(db).await?;
        let index = Arc::new(build_index(db).await?);
        let size = index.len();
        let mut loaded = self.loaded.write().unwrap_or_else(PoisonError::into_inner);
        *loaded = Loaded {
            index,
            version: Some(version),
        };
        Ok(size)
    }

    /// Rebuilds the index if the practices changed since it was built. Returns whether it did.
    pub async fn refresh_if_changed(&self, db: &DatabaseConnection) -> Result<bool, DbErr> {
        let current = version(db).await?;
        let known = self
            .loaded
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .version
            .clone();
        if known.as_ref() == Some(&current) {
            return Ok(false);
        }
        self.reload(db).await?;
        Ok(true)
    }
}

/// Keeps `finder` in step with the database until `stop` turns true (run beside the server):
/// every `every` (`FINDER_REFRESH_SECS`) it checks whether another process (the import
/// commands, another instance) changed the practices, and rebuilds its index if so.
pub async fn keep_fresh(
    db: DatabaseConnection,
    finder: Finder,
    every: Duration,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            () = tokio::time::sleep(every) => {}
            _ = stop.changed() => return,
        }
        match finder.refresh_if_changed(&db).await {
            Ok(true) => tracing::info!(
                practices = finder.index().len(),
                "finder: practices changed, index rebuilt"
            ),
            Ok(false) => {}
            Err(error) => tracing::warn!(%error, "finder: could not check the practices"),
        }
    }
}

async fn version(db: &impl ConnectionTrait) -> Result<Version, DbErr> {
    let (practices, latest): (i64, Option<DateTime<Utc>>) = practice::Entity::find()
        .select_only()
        .column_as(practice::Column::OdsCode.count(), "practices")
        .column_as(practice::Column::UpdatedAt.max(), "latest")
        .into_tuple()
        .one(db)
        .await?
        .unwrap_or((0, None));
    Ok(Version { practices, latest })
}

async fn build_index(db: &impl ConnectionTrait) -> Result<PracticeIndex, DbErr> {
    let rows = practice::Entity::find()
        .filter(practice::Column::Registrable.eq(true))
        .filter(practice::Column::Easting.is_not_null())
        .filter(practice::Column::Northing.is_not_null())
        .all(db)
        .await?;
    Ok(PracticeIndex::build(rows.iter().filter_map(indexed)))
}

fn indexed(row: &practice::Model) -> Option<IndexedPractice> {
    let point = GridPoint::new(f64::from(row.easting?), f64::from(row.northing?));
    Some(IndexedPractice {
        practice: view(row),
        point,
        registrable: row.registrable,
        approximate: row.position_source != PositionSource::Postcode,
    })
}

/// A stored practice as the app shows it.
pub fn view(row: &practice::Model) -> PracticeView {
    PracticeView {
        ods_code: row.ods_code.clone(),
        name: row.name.clone(),
        address_lines: serde_json::from_value(row.address_lines.clone()).unwrap_or_default(),
        town: row.town.clone(),
        postcode: row.postcode.clone(),
        telephone: row.telephone.clone(),
        kind: row.kind,
        nhs: NhsService::from_flag(row.nhs),
        status: row.status,
    }
}

/// Where a search starts, and the grid point to measure from. A postcode missing from the
/// postcode data falls back to its district's centre, and the origin says so.
pub async fn locate(
    db: &impl ConnectionTrait,
    position: &SearchPosition,
) -> Result<(NearbyOrigin, GridPoint), AppError> {
    match position {
        SearchPosition::Coordinates { lat, lon, point } => {
            Ok((NearbyOrigin::from_coordinates(*lat, *lon), *point))
        }
        SearchPosition::Postcode(postcode) => {
            if let Some(row) = postcode_row::Entity::find_by_id(postcode.as_str())
                .one(db)
                .await?
            {
                let point = grid(row.easting, row.northing);
                return Ok((NearbyOrigin::from_postcode(postcode, point)?, point));
            }
            let row = outcode::Entity::find_by_id(postcode.outcode())
                .one(db)
                .await?
                .ok_or_else(|| unknown_postcode(postcode))?;
            let point = grid(row.easting, row.northing);
            Ok((NearbyOrigin::from_outcode_centroid(postcode, point)?, point))
        }
    }
}

/// Whole-metre grid columns as a point.
pub fn grid(easting: i32, northing: i32) -> GridPoint {
    GridPoint::new(f64::from(easting), f64::from(northing))
}

/// Checks a GP or dentist code a care leaver records on their profile. When practice data is
/// loaded, the code must be a practice of that kind that has not closed; without data (an
/// installation that has not imported yet) any well-formed code is accepted.
pub async fn check_recorded_practice(
    db: &impl ConnectionTrait,
    field: &str,
    kind: PracticeKind,
    code: &str,
) -> Result<Option<FieldError>, DbErr> {
    let Some(found) = practice::Entity::find_by_id(code).one(db).await? else {
        let have_data = practice::Entity::find().one(db).await?.is_some();
        return Ok(have_data.then(|| {
            FieldError::new(
                field,
                format!("{code} is not in the NHS list of practices."),
            )
        }));
    };
    let problem = if found.kind != kind {
        Some(match kind {
            PracticeKind::Gp => format!("{code} is a dentist, not a GP practice."),
            PracticeKind::Dentist => format!("{code} is a GP practice, not a dentist."),
        })
    } else if found.status == PracticeStatus::Closed {
        Some(format!("{code} has closed."))
    } else if kind == PracticeKind::Gp && !found.registrable {
        Some(format!(
            "{code} is not a GP practice you can register with."
        ))
    } else {
        None
    };
    Ok(problem.map(|message| FieldError::new(field, message)))
}
