//! What each CLI command does.
use std::io::Read;

use anyhow::Context;
use migration::{Migrator, MigratorTrait};
use tokio::net::TcpListener;

use crate::{
    auth::{Role, password},
    cli::{Command, MigrateAction, UserAction},
    config::{Config, LogFormat},
};

/// The state `serve` and `demo-load` start from: the database migrated and the app's fixed
/// links in place.
async fn ready_state(
    db: sea_orm::DatabaseConnection,
    config: Config,
) -> anyhow::Result<crate::AppState> {
    crate::db::migrate(&db)
        .await
        .context("running migrations")?;
    crate::content::directory::sync_fixed_links(&db)
        .await
        .map_err(|e| anyhow::anyhow!("loading the app's fixed links: {e}"))?;
    Ok(crate::AppState::new(db, config))
}

/// Everything `main` does after parsing the command line: configuration, logging, the
/// command, and the exit code. (The integration tests' copy of the binary calls this too.)
pub async fn main(cli: crate::cli::Cli) -> std::process::ExitCode {
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(err) => {
            eprintln!("configuration error: {err}");
            return std::process::ExitCode::from(2);
        }
    };
    init_tracing(config.log_format);
    match run(cli.command, config).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Logs go to standard output: JSON lines for production (`LOG_FORMAT=json`), or readable
/// lines that are coloured only when standard output is a terminal (never in log files).
pub fn init_tracing(format: LogFormat) {
    use std::io::IsTerminal;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn".into());
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let _ = match format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Pretty => builder
            .with_ansi(std::io::stdout().is_terminal())
            .try_init(),
    };
}

pub async fn run(command: Command, mut config: Config) -> anyhow::Result<()> {
    if let Command::Openapi = command {
        print!("{}", crate::openapi::document_json());
        return Ok(());
    }
    config
        .ensure_data_dir()
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    match &command {
        Command::Backup { file } => {
            let bytes = crate::backup::backup(&config, file).await?;
            println!("backed up to {} ({bytes} bytes)", file.display());
            return Ok(());
        }
        Command::Restore { file } => {
            let kept = crate::backup::restore(&config, file).await?;
            println!("restored from {}", file.display());
            if let Some(kept) = kept {
                println!("the database it replaced is kept as {}", kept.display());
            }
            return Ok(());
        }
        _ => {}
    }
    // One server per SQLite file: `restore` checks this lock, and so does a second server.
    // `demo` holds it while its child loads the data, so nothing else writes meanwhile.
    let _lock = match (&command, config.is_sqlite()) {
        (Command::Serve | Command::Demo, true) => Some(crate::backup::lock_database(
            &crate::backup::sqlite_path(&config)?,
        )?),
        _ => None,
    };
    if let Command::Demo = command {
        load_demo_in_child().await?;
    }
    let db = crate::db::connect(&config.database_url)
        .await
        .context("DATABASE_URL: cannot connect to the database")?;
    match command {
        Command::Serve | Command::Demo => {
            let state = if let Command::Demo = command {
                // Its `demo-load` child has migrated the database and put the links in place.
                crate::AppState::new(db, config)
            } else {
                ready_state(db, config).await?
            };
            crate::db::open_pool(&state.db).await;
            let listener = TcpListener::bind(state.config.bind_addr)
                .await
                .with_context(|| {
                    format!("BIND_ADDR: cannot listen on {}", state.config.bind_addr)
                })?;
            let address = listener.local_addr()?;
            tracing::info!(%address, "Care Passport is listening");
            crate::serve(listener, state, crate::shutdown_signal()).await
        }
        Command::DemoLoad => {
            let state = ready_state(db, config).await?;
            let logins = crate::demo::load(&state)
                .await
                .context("loading demo data")?;
            crate::demo::print_logins(&logins, &state.config);
            Ok(())
        }
        Command::Migrate { action } => {
            match action {
                MigrateAction::Up => crate::db::migrate(&db).await?,
                MigrateAction::Down { steps } => crate::db::roll_back(&db, steps).await?,
                MigrateAction::Status => {}
            }
            for m in Migrator::get_migration_with_status(&db).await? {
                println!("{:?}\t{}", m.status(), m.name());
            }
            Ok(())
        }
        Command::User { action } => {
            crate::db::migrate(&db).await?;
            let state = crate::AppState::new(db, config);
            match action {
                UserAction::Create {
                    role,
                    email,
                    name,
                    password_stdin,
                    date_of_birth,
                    local_authority,
                } => {
                    let password = if password_stdin {
                        let mut s = String::new();
                        std::io::stdin().read_to_string(&mut s)?;
                        let s = s.trim_end_matches(['\r', '\n']).to_owned();
                        password::check_new_password(&s, "password")
                            .map_err(|e| anyhow::anyhow!("password {}", e.message))?;
                        Some(s)
                    } else {
                        None
                    };
                    let has_password = password.is_some();
                    let role = Role::from(role);
                    let id = crate::demo::create_user(
                        &state,
                        role,
                        &email,
                        &name,
                        local_authority.code(),
                        password,
                        date_of_birth,
                    )
                    .await
                    .map_err(|e| anyhow::anyhow!("{}", e.to_problem().detail))?;
                    println!("{id}");
                    // Staff need a second factor to sign in; invited staff set it up on the
                    // console, scripted ones get it here.
                    if has_password && crate::auth::second_factor::required_for(role) {
                        let secret = crate::auth::second_factor::enrol_confirmed(
                            &state.db,
                            &state.second_factor,
                            id,
                            None,
                        )
                        .await
                        .map_err(|e| anyhow::anyhow!("{}", e.to_problem().detail))?;
                        println!(
                            "{}",
                            crate::auth::second_factor::otpauth_uri(
                                &secret,
                                &email.trim().to_lowercase()
                            )
                        );
                    }
                    Ok(())
                }
            }
        }
        Command::ImportPractices {
            gp,
            dental,
            expect_unchanged,
        } => {
            use crate::finder::import::{Input, import_practices};
            crate::db::migrate(&db).await?;
            let state = crate::AppState::new(db, config);
            let gp = gp.as_deref().map(Input::read).transpose()?;
            let dental = dental.as_deref().map(Input::read).transpose()?;
            let report = import_practices(&state, gp.as_ref(), dental.as_ref(), true).await?;
            print!("{report}");
            check_unchanged(expect_unchanged, report.changed())
        }
        Command::ImportPostcodes {
            codepoint,
            outcodes,
            expect_unchanged,
        } => {
            use crate::finder::import::{Input, codepoint_files, import_postcodes};
            crate::db::migrate(&db).await?;
            let state = crate::AppState::new(db, config);
            let codepoint = codepoint_files(&codepoint)?
                .iter()
                .map(|path| Input::read(path))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let outcodes = outcodes.as_deref().map(Input::read).transpose()?;
            let report = import_postcodes(&state, &codepoint, outcodes.as_ref(), true).await?;
            print!("{report}");
            check_unchanged(expect_unchanged, report.changed())
        }
        Command::Openapi | Command::Backup { .. } | Command::Restore { .. } => Ok(()),
    }
}

/// `demo`'s loading, in a child process (this program's `demo-load`, with the same
/// environment, standard output and standard error, so its sign-ins are printed as before).
/// Loading hashes every demo password with Argon2 and imports the embedded postcode and
/// practice files; in the serving process that left about 20 MiB of heap resident for its
/// whole life. The server starts only once the child has loaded everything.
async fn load_demo_in_child() -> anyhow::Result<()> {
    let program =
        std::env::current_exe().context("demo: cannot find this program to load the demo data")?;
    let status = tokio::process::Command::new(&program)
        .arg("demo-load")
        .kill_on_drop(true)
        .status()
        .await
        .with_context(|| format!("demo: cannot start {} demo-load", program.display()))?;
    if !status.success() {
        anyhow::bail!("loading demo data failed ({status}); its error is printed above");
    }
    Ok(())
}

/// `--expect-unchanged`: a repeated import of the same files must change nothing.
fn check_unchanged(expected: bool, changed: u64) -> anyhow::Result<()> {
    if expected && changed > 0 {
        anyhow::bail!("--expect-unchanged: {changed} rows were inserted or updated");
    }
    Ok(())
}
