//! Schema migrations for Care Passport. Every migration runs on SQLite and PostgreSQL.

/// The condition of the access log's partial index, for the query that must repeat it.
pub use m20261129_900001_index_access_log::OTHERS_ACCESS as ACCESS_LOG_CONDITION;
pub use sea_orm_migration::prelude::*;

mod m20261122_000001_create_accounts;
mod m20261122_000002_create_outbox_and_audit;
mod m20261122_000003_create_passports;
mod m20261122_000004_create_practices;
mod m20261122_000005_create_prescription_applications;
mod m20261122_000006_create_expressions_of_interest;
mod m20261122_000007_create_content;
mod m20261129_100001_create_sessions;
mod m20261129_100002_add_email_change_address;
mod m20261129_100003_add_outbox_local_authority;
mod m20261129_200001_add_designated_nurse_to_users;
mod m20261129_200002_add_renewals_and_notes_to_prescription_applications;
mod m20261129_500001_create_passport_share_links;
mod m20261129_600001_create_console_sessions_and_second_factors;
mod m20261129_900001_index_access_log;
mod m20261130_100001_add_entry_to_passport_queries;
mod m20261130_100002_create_passport_own_words;
mod m20261130_100003_create_dentist_notes;
mod m20261130_200001_add_placement_to_eoi_history;
mod m20261130_300001_add_interest_mail_to_users;
mod m20261130_300002_reindex_one_open_form;
mod m20261130_400001_add_care_leaver_to_outbox;

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
            Box::new(m20261129_100001_create_sessions::Migration),
            Box::new(m20261129_100002_add_email_change_address::Migration),
            Box::new(m20261129_100003_add_outbox_local_authority::Migration),
            Box::new(m20261129_200001_add_designated_nurse_to_users::Migration),
            Box::new(
                m20261129_200002_add_renewals_and_notes_to_prescription_applications::Migration,
            ),
            Box::new(m20261129_500001_create_passport_share_links::Migration),
            Box::new(m20261129_600001_create_console_sessions_and_second_factors::Migration),
            Box::new(m20261129_900001_index_access_log::Migration),
            Box::new(m20261130_100001_add_entry_to_passport_queries::Migration),
            Box::new(m20261130_100002_create_passport_own_words::Migration),
            Box::new(m20261130_100003_create_dentist_notes::Migration),
            Box::new(m20261130_200001_add_placement_to_eoi_history::Migration),
            Box::new(m20261130_300001_add_interest_mail_to_users::Migration),
            Box::new(m20261130_300002_reindex_one_open_form::Migration),
            Box::new(m20261130_400001_add_care_leaver_to_outbox::Migration),
        ]
    }
}
