//! `care-passport backup` and `restore` (SQLite: these tests use SQLite on both CI runs; a
//! PostgreSQL database is backed up with `pg_dump`).
use std::{
    collections::BTreeSet,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
};

use care_passport::{AppState, auth::Role};
use integration_tests::{MailSink, Smtp, TestApp};
use sea_orm::{EntityTrait, PaginatorTrait};
use uuid::Uuid;

fn sqlite_url(dir: &std::path::Path) -> String {
    format!(
        "sqlite://{}?mode=rwc",
        dir.join("care-passport.db").display()
    )
}

/// Creates care leavers (an account, a care-leaver row, an invitation e-mail and its token,
/// all in one transaction each) until `stop`, recording each id once its commit returned.
async fn write_load(state: AppState, done: Arc<Mutex<Vec<Uuid>>>, stop: Arc<AtomicBool>) {
    let dob = chrono::NaiveDate::from_ymd_opt(2006, 4, 1).expect("date");
    while !stop.load(Ordering::Relaxed) {
        let email = format!("load-{}@young.example", Uuid::new_v4().simple());
        let id = care_passport::demo::create_user(
            &state,
            Role::CareLeaver,
            &email,
            "Sam Load",
            "dudley",
            None,
            Some(dob),
        )
        .await
        .expect("write under load");
        done.lock().expect("lock").push(id);
    }
}

async fn user_ids(state: &AppState) -> BTreeSet<Uuid> {
    entity::user::Entity::find()
        .all(&state.db)
        .await
        .expect("users")
        .into_iter()
        .map(|u| u.id)
        .collect()
}

#[tokio::test]
async fn a_backup_taken_under_write_load_restores_every_committed_row_into_a_new_data_dir() {
    let dir = tempfile::tempdir().expect("dir");
    let url = sqlite_url(dir.path());
    let app = TestApp::spawn_on(Smtp::Sink(MailSink::start()), dir, url).await;
    let caseworker = app.staff(Role::Caseworker, "dudley").await;
    let done = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let load = tokio::spawn(write_load(app.state.clone(), done.clone(), stop.clone()));
    integration_tests::eventually(
        std::time::Duration::from_secs(30),
        "some writes before the backup",
        || {
            let n = done.lock().expect("lock").len();
            async move { n >= 10 }
        },
    )
    .await;
    let backup_dir = tempfile::tempdir().expect("dir");
    let file = backup_dir.path().join("backup.db");

    let committed_before: BTreeSet<Uuid> = done.lock().expect("lock").iter().copied().collect();
    let bytes = care_passport::backup::backup(&app.state.config, &file)
        .await
        .expect("backup while writing");
    stop.store(true, Ordering::Relaxed);
    load.await.expect("load");
    let written: BTreeSet<Uuid> = done.lock().expect("lock").iter().copied().collect();
    let new_dir = tempfile::tempdir().expect("new data dir");
    let new_url = sqlite_url(new_dir.path());
    let mut new_config = (*app.state.config).clone();
    new_config.data_dir = new_dir.path().to_owned();
    new_config.database_url = new_url.clone();
    let replaced = care_passport::backup::restore(&new_config, &file)
        .await
        .expect("restore");
    let restored = TestApp::spawn_on(Smtp::Sink(MailSink::start()), new_dir, new_url).await;

    assert!(bytes > 0);
    assert!(replaced.is_none(), "the new data directory had no database");
    let found = user_ids(&restored.state).await;
    let missing: Vec<_> = committed_before.difference(&found).collect();
    assert!(
        missing.is_empty(),
        "rows committed before the backup are missing: {missing:?}"
    );
    assert!(found.contains(&caseworker.id));
    let unknown: Vec<_> = (found.iter())
        .filter(|id| **id != caseworker.id && !written.contains(id))
        .collect();
    assert!(unknown.is_empty(), "rows nobody wrote: {unknown:?}");
    // Every account in the copy came with its care-leaver row and invitation: whole
    // transactions only.
    let leavers = entity::care_leaver::Entity::find()
        .count(&restored.state.db)
        .await
        .expect("count");
    let invitations = entity::outbox_message::Entity::find()
        .count(&restored.state.db)
        .await
        .expect("count");
    assert_eq!(leavers as usize, found.len() - 1);
    assert_eq!(invitations as usize, found.len() - 1);
    restored
        .login(&caseworker.email, &caseworker.password)
        .await;
}

#[tokio::test]
async fn restore_refuses_a_file_that_is_not_a_care_passport_backup() {
    let dir = tempfile::tempdir().expect("dir");
    let url = sqlite_url(dir.path());
    let app = TestApp::spawn_on(Smtp::Sink(MailSink::start()), dir, url).await;
    let junk = tempfile::NamedTempFile::new().expect("file");
    std::fs::write(junk.path(), b"not a database").expect("write");
    let target = tempfile::tempdir().expect("dir");
    let mut config = (*app.state.config).clone();
    config.database_url = sqlite_url(target.path());

    let err = care_passport::backup::restore(&config, junk.path())
        .await
        .expect_err("junk is refused");

    assert!(
        err.to_string().contains("not an intact SQLite database"),
        "{err}"
    );
    assert!(!target.path().join("care-passport.db").exists());
}

#[tokio::test]
async fn backup_refuses_to_overwrite_an_existing_file() {
    let dir = tempfile::tempdir().expect("dir");
    let url = sqlite_url(dir.path());
    let app = TestApp::spawn_on(Smtp::Sink(MailSink::start()), dir, url).await;
    let existing = tempfile::NamedTempFile::new().expect("file");

    let err = care_passport::backup::backup(&app.state.config, existing.path())
        .await
        .expect_err("refused");

    assert!(err.to_string().contains("exists already"), "{err}");
}
