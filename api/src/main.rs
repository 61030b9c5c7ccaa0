//! `care-passport`: parse the command line, load configuration, hand over.
use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = care_passport::cli::Cli::parse();
    let config = match care_passport::Config::from_env() {
        Ok(config) => config,
        Err(err) => {
            eprintln!("configuration error: {err}");
            return std::process::ExitCode::from(2);
        }
    };
    care_passport::commands::init_tracing(config.log_format);
    match care_passport::commands::run(cli.command, config).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
