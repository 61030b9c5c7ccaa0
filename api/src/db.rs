//! Database connection: SQLite (embedded default) or PostgreSQL, same migrations for both.
use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, SqliteTransactionMode, TransactionOptions, TransactionTrait,
    sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous},
};

/// Connects and configures the pool for the backend.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .sqlx_logging(false)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(30))
        // The pool pinged every connection it handed out: one more round trip per statement
        // (on PostgreSQL a passport read made six instead of three). A connection that was in
        // use a moment ago is alive; one idle for a while may have been dropped by the server
        // or a firewall, so it is still checked.
        .test_before_acquire_if_idle_for(Duration::from_secs(30));
    if url.starts_with("sqlite:") {
        // WAL lets readers run beside the writer; the busy timeout makes a second writer wait
        // instead of failing; write transactions start IMMEDIATE (see `begin_write`).
        options.max_connections(4).map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(30))
                .foreign_keys(true)
                .create_if_missing(true)
        });
    } else {
        // Eight, not sixteen: the pool hands its idle connections out in turn, so every one
        // of them serves and each statement wakes a PostgreSQL process that has gone cold.
        // Under the passport benchmark's load (8 connections) a pool of 16 cost PostgreSQL
        // 415–525 µs of CPU a read and gave 1,495–1,959 reads/s; a pool of 8, 283–431 µs and
        // 1,754–2,792; of 6, 333–360 µs and 2,125–2,298 (`bench/README.md`). A statement
        // beyond the eighth waits here for a connection, which costs PostgreSQL nothing.
        options.max_connections(8);
    }
    Database::connect(options).await
}

/// Opens every connection the pool may hold before the first request, on PostgreSQL. Each
/// one is a server process that takes milliseconds to start, and opened under load they held
/// the first requests back: a cold server's first 8 s of passport reads (8 at a time) had a
/// p99 of 65–80 ms while the pool grew from 2 to 11–13 connections, against 6–7 ms with the
/// pool already open. SQLite's connections are threads in this process, opened on demand.
pub async fn open_pool(db: &DatabaseConnection) {
    if db.get_database_backend() != DbBackend::Postgres {
        return;
    }
    let pool = db.get_postgres_connection_pool();
    let size = pool.options().get_max_connections();
    // Held together, so that each acquire opens a connection of its own; dropped, they wait
    // idle in the pool.
    let connections = futures::future::join_all((0..size).map(|_| pool.acquire())).await;
    let open = connections.iter().filter(|c| c.is_ok()).count();
    tracing::debug!(open, size, "database pool opened");
}

/// Runs every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    run_migrations(db, Direction::Up).await
}

/// Rolls back the `steps` most recent migrations.
pub async fn roll_back(db: &DatabaseConnection, steps: u32) -> Result<(), DbErr> {
    run_migrations(db, Direction::Down(steps)).await
}

enum Direction {
    Up,
    Down(u32),
}

/// The PostgreSQL advisory lock a migration run holds (the bytes of "CPmigrat"): another
/// process starting at the same moment waits for it.
const MIGRATION_LOCK: i64 = 0x4350_6d69_6772_6174;

/// One run of migrations is one write transaction on one connection, on both databases:
/// - a migration that fails leaves none of the run applied (SQLite and PostgreSQL both undo
///   schema changes with the transaction), so a server never starts on half a schema;
/// - two processes starting at once migrate one after the other (SQLite's write lock, taken
///   up front; PostgreSQL's advisory lock), and the second finds nothing left to do;
/// - on SQLite every statement sees the schema as the run has left it. Each pooled SQLite
///   connection keeps its own copy of the schema and prepares statements against it, so run
///   over the pool a `CREATE INDEX` after another connection had dropped that index failed
///   with "index … already exists" (4 of 343 rounds of rolling back and reapplying
///   migrations, on a busy machine).
async fn run_migrations(db: &DatabaseConnection, direction: Direction) -> Result<(), DbErr> {
    let txn = begin_write(db).await?;
    if db.get_database_backend() == DbBackend::Postgres {
        txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"))
            .await?;
    }
    match direction {
        Direction::Up => Migrator::up(&txn, None).await?,
        Direction::Down(steps) => Migrator::down(&txn, Some(steps)).await?,
    }
    txn.commit().await
}

/// Starts a transaction that will write. On SQLite it takes the write lock up front
/// (`BEGIN IMMEDIATE`), so two concurrent writers queue on the busy timeout rather than one
/// failing with "database is locked" when it upgrades a read lock.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    if db.get_database_backend() == DbBackend::Sqlite {
        db.begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await
    } else {
        db.begin().await
    }
}

/// True when the database answers a trivial query.
pub async fn is_ready(db: &DatabaseConnection) -> bool {
    db.ping().await.is_ok()
}
