//! `care-passport backup` and `restore` for the embedded SQLite database. (PostgreSQL is
//! backed up with `pg_dump`; see the README.)
//!
//! A backup is `VACUUM INTO`: one read transaction, so the copy is consistent while the
//! server keeps writing (WAL mode lets the writer carry on). A running server holds an
//! exclusive lock on `<database>.lock`; `restore` takes the same lock, so it refuses to
//! replace the database under a running server, and a server cannot start mid-restore.
use std::{
    fs::File,
    path::{Path, PathBuf},
};

use anyhow::{Context, bail};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};

use crate::config::Config;

/// The SQLite file behind `DATABASE_URL`, or an error naming what to use instead.
pub fn sqlite_path(config: &Config) -> anyhow::Result<PathBuf> {
    if !config.is_sqlite() {
        bail!(
            "DATABASE_URL is PostgreSQL: back up with pg_dump and restore with pg_restore (see the README, \"Operating Care Passport\")"
        );
    }
    let rest = config
        .database_url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path.starts_with(':') {
        bail!("DATABASE_URL: an in-memory database cannot be backed up");
    }
    Ok(PathBuf::from(path))
}

/// The lock a running server holds for its whole life. Dropping the `File` releases it, and
/// so does the process ending in any way (a crash included).
pub fn lock_database(database: &Path) -> anyhow::Result<File> {
    let path = lock_path(database);
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => bail!(
            "{} is in use by a running Care Passport server (or a restore); stop it first",
            database.display()
        ),
        Err(std::fs::TryLockError::Error(e)) => {
            Err(e).with_context(|| format!("cannot lock {}", path.display()))
        }
    }
}

fn lock_path(database: &Path) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// Writes a consistent copy of the live database to `target`, which must not exist yet.
/// Returns the number of bytes written.
pub async fn backup(config: &Config, target: &Path) -> anyhow::Result<u64> {
    let source = sqlite_path(config)?;
    if !source.exists() {
        bail!("{} does not exist: nothing to back up", source.display());
    }
    if target.exists() {
        bail!(
            "{} exists already; choose a new file name",
            target.display()
        );
    }
    // Written under a temporary name and renamed, so a half-written backup never looks whole.
    let partial = with_suffix(target, ".partial");
    let _ = std::fs::remove_file(&partial);
    let db = open(&source).await?;
    let result = db
        .execute_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            "VACUUM INTO ?",
            [partial.display().to_string().into()],
        ))
        .await;
    db.close().await.ok();
    result.with_context(|| format!("cannot write {}", partial.display()))?;
    check(&partial).await?;
    std::fs::rename(&partial, target)
        .with_context(|| format!("cannot rename to {}", target.display()))?;
    Ok(std::fs::metadata(target)?.len())
}

/// Replaces the database with the backup in `source`, after checking the backup is whole.
/// Refuses while a server uses the database. The database it replaces is kept beside it as
/// `<name>.before-restore-<time>`. Returns where that old copy went, if there was one.
pub async fn restore(config: &Config, source: &Path) -> anyhow::Result<Option<PathBuf>> {
    let target = sqlite_path(config)?;
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let _lock = lock_database(&target)?;
    check(source).await?;
    let staged = with_suffix(&target, ".restoring");
    std::fs::copy(source, &staged)
        .with_context(|| format!("cannot copy {} to {}", source.display(), staged.display()))?;
    let kept = if target.exists() {
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
        let kept = with_suffix(&target, &format!(".before-restore-{stamp}"));
        // The write-ahead log belongs to the old database: it moves with it.
        for suffix in ["-wal", "-shm"] {
            let file = with_suffix(&target, suffix);
            if file.exists() {
                std::fs::rename(&file, with_suffix(&kept, suffix))?;
            }
        }
        std::fs::rename(&target, &kept)?;
        Some(kept)
    } else {
        None
    };
    std::fs::rename(&staged, &target)?;
    Ok(kept)
}

async fn open(path: &Path) -> anyhow::Result<DatabaseConnection> {
    Database::connect(format!("sqlite://{}?mode=ro", path.display()))
        .await
        .with_context(|| format!("cannot open {}", path.display()))
}

/// A backup is usable when SQLite finds it intact and it holds a migrated schema.
async fn check(path: &Path) -> anyhow::Result<()> {
    if !path.is_file() {
        bail!("{} is not a file", path.display());
    }
    let not_intact = || anyhow::anyhow!("{} is not an intact SQLite database", path.display());
    let db = open(path).await.map_err(|_| not_intact())?;
    let backend = db.get_database_backend();
    let integrity = db
        .query_one_raw(Statement::from_string(backend, "PRAGMA integrity_check"))
        .await
        .ok()
        .flatten()
        .and_then(|row| row.try_get_by_index::<String>(0).ok());
    let migrations = db
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT COUNT(*) FROM seaql_migrations",
        ))
        .await
        .ok()
        .flatten()
        .and_then(|row| row.try_get_by_index::<i64>(0).ok());
    db.close().await.ok();
    if integrity.as_deref() != Some("ok") {
        return Err(not_intact());
    }
    if migrations.is_none_or(|n| n <= 0) {
        bail!("{} is not a Care Passport database", path.display());
    }
    Ok(())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}
