//! In-memory spatial index of the practices a care leaver can register with, so a nearby
//! search never scans a table.

use std::cmp::Ordering;

use rstar::RTree;
use rstar::primitives::GeomWithData;

use super::geo::GridPoint;
use super::ods::{PracticeKind, PracticeRecord};
use super::views::{NhsService, PracticeView};

/// A practice with its position, ready for the index.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexedPractice {
    pub practice: PracticeView,
    pub point: GridPoint,
    /// Whether a care leaver can register here ([`PracticeRecord::is_registrable`]); the
    /// index leaves out practices for which this is false.
    pub registrable: bool,
    /// Whether `point` is only the centre of the practice's postcode district, because its
    /// postcode is not in the postcode data.
    pub approximate: bool,
}

impl IndexedPractice {
    /// From an ODS record and the grid position of its postcode.
    pub fn from_record(record: &PracticeRecord, point: GridPoint) -> Self {
        Self {
            practice: record.into(),
            point,
            registrable: record.is_registrable(),
            approximate: false,
        }
    }
}

/// A tree entry: grid position and the practice's place in [`PracticeIndex::practices`].
type Entry = GeomWithData<[f64; 2], usize>;

/// Nearest-practice search over registrable practices, one R-tree per kind of search so no
/// search has to skip entries.
#[derive(Debug, Default)]
pub struct PracticeIndex {
    practices: Vec<IndexedPractice>,
    gps: RTree<Entry>,
    dentists: RTree<Entry>,
    nhs_dentists: RTree<Entry>,
}

impl PracticeIndex {
    /// Builds the index. Practices that are not registrable (closed, dormant, proposed,
    /// non-GP prescribing settings) are dropped here, so callers may pass everything.
    pub fn build(practices: impl IntoIterator<Item = IndexedPractice>) -> Self {
        let practices: Vec<IndexedPractice> =
            practices.into_iter().filter(|p| p.registrable).collect();
        let entries = |keep: fn(&PracticeView) -> bool| -> RTree<Entry> {
            let entries = practices
                .iter()
                .enumerate()
                .filter(|(_, p)| keep(&p.practice))
                .map(|(i, p)| Entry::new([p.point.easting, p.point.northing], i))
                .collect();
            RTree::bulk_load(entries)
        };
        let gps = entries(|p| p.kind == PracticeKind::Gp);
        let dentists = entries(|p| p.kind == PracticeKind::Dentist);
        let nhs_dentists = entries(|p| {
            p.kind == PracticeKind::Dentist && p.nhs == Some(NhsService::NhsAndPrivate)
        });
        Self {
            practices,
            gps,
            dentists,
            nhs_dentists,
        }
    }

    /// Number of practices in the index.
    pub fn len(&self) -> usize {
        self.practices.len()
    }

    /// Whether the index holds no practice.
    pub fn is_empty(&self) -> bool {
        self.practices.is_empty()
    }

    /// Up to `limit` practices of `kind` nearest to `point`, with their distance in metres,
    /// nearest first; equal distances are ordered by ODS code. `nhs_only` keeps dentists that
    /// see NHS patients (dentists whose NHS status is unknown are left out) and is ignored
    /// for GPs.
    pub fn nearest(
        &self,
        point: GridPoint,
        kind: PracticeKind,
        nhs_only: bool,
        limit: usize,
    ) -> Vec<(&IndexedPractice, f64)> {
        let tree = match (kind, nhs_only) {
            (PracticeKind::Gp, _) => &self.gps,
            (PracticeKind::Dentist, false) => &self.dentists,
            (PracticeKind::Dentist, true) => &self.nhs_dentists,
        };
        if limit == 0 {
            return Vec::new();
        }
        // Read past the limit while distances tie with the last one kept, so the ODS-code
        // order among equals does not depend on the tree's layout.
        let mut found: Vec<(usize, f64)> = Vec::with_capacity(limit + 4);
        for (entry, distance_2) in
            tree.nearest_neighbor_iter_with_distance_2(&[point.easting, point.northing])
        {
            if found.len() >= limit && found.last().is_some_and(|&(_, last)| distance_2 > last) {
                break;
            }
            found.push((entry.data, distance_2));
        }
        found.sort_by(|a, b| self.by_distance_then_code(*a, *b));
        found.truncate(limit);
        found
            .into_iter()
            .map(|(i, distance_2)| (&self.practices[i], distance_2.sqrt()))
            .collect()
    }

    fn by_distance_then_code(&self, a: (usize, f64), b: (usize, f64)) -> Ordering {
        a.1.total_cmp(&b.1).then_with(|| {
            let code = |i: usize| self.practices[i].practice.ods_code.as_str();
            code(a.0).cmp(code(b.0))
        })
    }
}

#[cfg(test)]
#[path = "index_tests.rs"]
mod tests;
