//! The Corporate Parenting Board's reports: health passports, Chances4YOUth and free
//! prescriptions for one local authority and period. Counts only, no personal data; counts of
//! 1 to 4 and medians of fewer than 5 values are suppressed (`figures`).
//!
//! Each report is a pure function over plain rows (`passports`, `chances`, `prescriptions`)
//! giving tables, and the charts drawn from them; `store` loads the rows and `service` joins
//! the two. The console shows the tables and charts and downloads the same tables as CSV.
pub mod chances;
pub mod figures;
pub mod passports;
pub mod prescriptions;
pub mod service;
pub mod store;

pub use figures::{Period, Table};

/// A report's tables, in page order, and the charts drawn from some of them.
#[derive(Debug, Clone, PartialEq)]
pub struct BoardReport {
    pub tables: Vec<Table>,
    pub charts: Vec<ChartSpec>,
}

/// A chart of a table's figures, drawn beside it: a bar per row of the first figure column
/// (`Bar`), or a line per figure column across the rows (`Line`).
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSpec {
    /// The id of the table it draws.
    pub table: &'static str,
    pub kind: ChartKind,
    pub title: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    Bar,
    Line,
}

/// The Board's reports, with the id used in their addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    HealthPassports,
    Chances4Youth,
    Prescriptions,
}

impl ReportKind {
    pub const ALL: [ReportKind; 3] = [
        ReportKind::HealthPassports,
        ReportKind::Chances4Youth,
        ReportKind::Prescriptions,
    ];

    /// The part of the address: `/reports/<slug>`.
    pub fn slug(self) -> &'static str {
        match self {
            ReportKind::HealthPassports => "health-passports",
            ReportKind::Chances4Youth => "chances4youth",
            ReportKind::Prescriptions => "prescriptions",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            ReportKind::HealthPassports => "Health passports",
            ReportKind::Chances4Youth => "Chances4YOUth",
            ReportKind::Prescriptions => "Free prescriptions",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.slug() == slug)
    }

    /// Who may read it.
    pub fn power(self) -> crate::auth::policy::Power {
        use crate::auth::policy::Power;
        match self {
            ReportKind::HealthPassports => Power::ReadPassportReport,
            ReportKind::Chances4Youth => Power::ReadInterestReport,
            ReportKind::Prescriptions => Power::ReadPrescriptionReport,
        }
    }
}
