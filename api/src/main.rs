//! `care-passport`: parse the command line, load configuration, hand over.
use clap::Parser;

/// mimalloc instead of glibc's malloc. glibc gives each thread that allocates its own arena
/// and keeps what is freed there: every Argon2 hash (19 MiB, on whichever blocking thread
/// runs it) left its block in an arena, and the demo server sat at 248 MiB when ready with
/// ten 64 MiB arenas mapped. mimalloc returns freed large blocks to the system.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    care_passport::commands::main(care_passport::cli::Cli::parse()).await
}
