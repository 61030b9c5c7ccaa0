//! The `care-passport` command line.
use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "care-passport",
    version,
    about = "Care Passport: health passports and help for young people leaving care"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run pending migrations, then serve the API.
    Serve,
    /// Like `serve`, but first load the demo data set (idempotent) and print its sign-ins.
    Demo,
    /// `demo`'s loading step, run by `demo` as a child process so the server's heap never
    /// holds what loading used (Argon2 hashes, imported files). Not for direct use: it
    /// takes no lock of its own, as the `demo` that starts it holds the database's.
    #[command(hide = true)]
    DemoLoad,
    /// Apply or roll back schema migrations.
    Migrate {
        #[command(subcommand)]
        action: MigrateAction,
    },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Print the OpenAPI document (the mobile contract).
    Openapi,
    /// Write a consistent copy of the SQLite database to FILE while the service runs.
    Backup {
        /// Where to write the copy (must not exist yet).
        file: std::path::PathBuf,
    },
    /// Replace the SQLite database with a backup. Refuses while a server uses the database;
    /// the replaced database is kept beside it.
    Restore {
        /// A file written by `care-passport backup`.
        file: std::path::PathBuf,
    },
    /// Load NHS ODS practice lists (idempotent upserts by ODS code; closed practices are
    /// marked closed, never deleted). Import postcodes first so practices can be placed.
    #[command(group(clap::ArgGroup::new("files").required(true).multiple(true).args(["gp", "dental"])))]
    ImportPractices {
        /// GP practices: `epraccur.csv` (headerless, 27 fields).
        #[arg(long, value_name = "FILE")]
        gp: Option<std::path::PathBuf>,
        /// Dental practices: `egdpprac.csv` (headerless, 27 fields).
        #[arg(long, value_name = "FILE")]
        dental: Option<std::path::PathBuf>,
        /// Fail if anything was inserted or updated: checks that a re-import changes nothing.
        #[arg(long)]
        expect_unchanged: bool,
    },
    /// Load OS Code-Point Open postcode positions and outcode centroids (idempotent upserts
    /// by postcode), then place the stored practices again.
    #[command(group(clap::ArgGroup::new("files").required(true).multiple(true).args(["codepoint", "outcodes"])))]
    ImportPostcodes {
        /// Code-Point Open CSV files, or directories searched for `*.csv`.
        #[arg(long, value_name = "DIR_OR_FILE", num_args = 1..)]
        codepoint: Vec<std::path::PathBuf>,
        /// Postcode district centroids (`postcodes.csv` with a header row).
        #[arg(long, value_name = "FILE")]
        outcodes: Option<std::path::PathBuf>,
        /// Fail if anything was inserted or updated: checks that a re-import changes nothing.
        #[arg(long)]
        expect_unchanged: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum MigrateAction {
    /// Apply every pending migration.
    Up,
    /// Roll back the most recent migration (or `--steps N`).
    Down {
        #[arg(long, default_value_t = 1)]
        steps: u32,
    },
    /// List migrations and whether each is applied.
    Status,
}

#[derive(Debug, Subcommand)]
pub enum UserAction {
    /// Create an account and print its id. Without --password-stdin an invitation is e-mailed;
    /// with it, a staff account also gets a second factor, printed as an otpauth:// URI.
    Create {
        #[arg(long, value_enum)]
        role: RoleArg,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Read the password from standard input instead of sending an invitation.
        #[arg(long)]
        password_stdin: bool,
        /// Required for care leavers (YYYY-MM-DD).
        #[arg(long)]
        date_of_birth: Option<chrono::NaiveDate>,
        #[arg(long, value_enum, default_value = "dudley")]
        local_authority: LocalAuthorityArg,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum RoleArg {
    CareLeaver,
    Nurse,
    Caseworker,
    Hr,
    Connexions,
    Admin,
    VirtualSchool,
}

impl From<RoleArg> for crate::auth::Role {
    fn from(r: RoleArg) -> Self {
        use crate::auth::Role;
        match r {
            RoleArg::CareLeaver => Role::CareLeaver,
            RoleArg::Nurse => Role::Nurse,
            RoleArg::Caseworker => Role::Caseworker,
            RoleArg::Hr => Role::Hr,
            RoleArg::Connexions => Role::Connexions,
            RoleArg::Admin => Role::Admin,
            RoleArg::VirtualSchool => Role::VirtualSchool,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LocalAuthorityArg {
    Dudley,
    Sandwell,
    Walsall,
    Wolverhampton,
}

impl LocalAuthorityArg {
    pub fn code(self) -> &'static str {
        match self {
            Self::Dudley => "dudley",
            Self::Sandwell => "sandwell",
            Self::Walsall => "walsall",
            Self::Wolverhampton => "wolverhampton",
        }
    }
}
