//! `care-passport`: parse the command line, load configuration, hand over.
use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    care_passport::commands::main(care_passport::cli::Cli::parse()).await
}
