//! The `care-passport` binary, built in this package for the process tests: the same
//! `main` as `api/src/main.rs`, line for line.
use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    care_passport::commands::main(care_passport::cli::Cli::parse()).await
}
