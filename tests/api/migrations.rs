//! How migrations run: one run is one transaction, on both databases.
use entity::expression_of_interest::{Column, Entity, EoiStatus};
use migration::{Migrator, MigratorTrait, SchemaManager};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};

use crate::apprenticeships::form;
use integration_tests::{TestApp, migration_names, steps_back_to};

#[tokio::test]
async fn two_servers_starting_at_once_on_one_database_both_start() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = integration_tests::fresh_database(dir.path()).await;
    let first = care_passport::db::connect(&url).await.expect("connect");
    let second = care_passport::db::connect(&url).await.expect("connect");

    let (a, b) = tokio::join!(
        care_passport::db::migrate(&first),
        care_passport::db::migrate(&second)
    );

    // One migrates; the other waits for it, then finds nothing left to do.
    a.expect("the first server migrates");
    b.expect("the second server migrates");
    let applied: Vec<String> = Migrator::get_applied_migrations(&first)
        .await
        .expect("status")
        .iter()
        .map(|m| m.name().to_owned())
        .collect();
    assert_eq!(applied, migration_names());
}

#[tokio::test]
async fn a_roll_back_that_fails_part_way_undoes_nothing() {
    let app = TestApp::spawn().await;
    let leaver = app.care_leaver("dudley", 19, 0).await;
    let token = app.token(&leaver).await;
    // A form that went on after its start, and a new open one: the one-open-form index before
    // `reindex_one_open_form` counted both as open, so that migration cannot be rolled back.
    let (status, finished) = app
        .post("/v1/me/expressions-of-interest", &token, form())
        .await;
    assert_eq!(status, StatusCode::CREATED, "{finished}");
    let finished_id: uuid::Uuid = finished["id"].as_str().expect("id").parse().expect("uuid");
    Entity::update_many()
        .col_expr(Column::Status, Expr::value(EoiStatus::Completed))
        .filter(Column::Id.eq(finished_id))
        .exec(&app.state.db)
        .await
        .expect("complete the form");
    let (status, open) = app
        .post("/v1/me/expressions-of-interest", &token, form())
        .await;
    assert_eq!(status, StatusCode::CREATED, "{open}");
    let steps = steps_back_to("reindex_one_open_form");
    assert!(steps > 1, "a later migration is rolled back first");

    let rolled_back = care_passport::db::roll_back(&app.state.db, steps).await;

    assert!(rolled_back.is_err(), "the old index cannot hold both forms");
    let applied = Migrator::get_applied_migrations(&app.state.db)
        .await
        .expect("status");
    assert_eq!(
        applied.len(),
        migration_names().len(),
        "every migration is still applied"
    );
    assert!(
        SchemaManager::new(&app.state.db)
            .has_column("outbox_messages", "care_leaver_id")
            .await
            .expect("outbox"),
        "the later migration, rolled back before the failure, is back as it was"
    );
}
