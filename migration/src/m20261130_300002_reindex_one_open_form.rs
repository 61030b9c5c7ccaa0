//! One open form per young person, now that a form goes on after `started` (outcomes
//! `continuing`, `completed`, `left_early`, `moved_on`): the partial unique index names the
//! open statuses (those a young person may still change or withdraw) instead of the closed
//! ones, so a form that started, or any status added later, never blocks a new form.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

// A new name, made before the old index is dropped: on SQLite another pooled connection may
// not yet see a drop, and would refuse to create an index of the same name.
const DROP_OLD: &str = "DROP INDEX uq_eoi_one_open_per_care_leaver";
const DROP_NEW: &str = "DROP INDEX uq_eoi_one_open_form_per_care_leaver";

const OPEN_STATUSES: &str = "CREATE UNIQUE INDEX uq_eoi_one_open_form_per_care_leaver \
    ON expressions_of_interest (care_leaver_id) \
    WHERE status IN ('submitted', 'acknowledged', 'in_review', 'interview_offered', \
    'work_experience_offered', 'mock_interview_offered', 'coaching_offered', \
    'placement_offered')";

/// The index as `m20261122_000006` made it.
const CLOSED_STATUSES: &str = "CREATE UNIQUE INDEX uq_eoi_one_open_per_care_leaver \
    ON expressions_of_interest (care_leaver_id) \
    WHERE status NOT IN ('started', 'not_progressed', 'withdrawn')";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(OPEN_STATUSES).await?;
        db.execute_unprepared(DROP_OLD).await?;
        Ok(())
    }

    /// Fails if a young person now has a form after its start and another open one, which the
    /// old index cannot hold.
    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(CLOSED_STATUSES).await?;
        db.execute_unprepared(DROP_NEW).await?;
        Ok(())
    }
}
