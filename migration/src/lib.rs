//! Schema migrations for Care Passport. Every migration runs on SQLite and PostgreSQL.

pub use sea_orm_migration::prelude::*;

mod m20261122_000001_create_accounts;
mod m20261122_000002_create_outbox_and_audit;
mod m20261122_000003_create_passports;
mod m20261122_000004_create_practices;
mod m20261122_000005_create_prescription_applications;
mod m20261122_000006_create_expressions_of_interest;
mod m20261122_000007_create_content;
mod m20261129_600001_create_console_sessions_and_second_factors;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_create_accounts::Migration),
            Box::new(m20261122_000002_create_outbox_and_audit::Migration),
            Box::new(m20261122_000003_create_passports::Migration),
            Box::new(m20261122_000004_create_practices::Migration),
            Box::new(m20261122_000005_create_prescription_applications::Migration),
            Box::new(m20261122_000006_create_expressions_of_interest::Migration),
            Box::new(m20261122_000007_create_content::Migration),
            Box::new(m20261129_600001_create_console_sessions_and_second_factors::Migration),
        ]
    }
}
