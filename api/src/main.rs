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
    no_transparent_huge_pages();
    care_passport::commands::main(care_passport::cli::Cli::parse()).await
}

/// Transparent huge pages off for this process (and the `demo-load` child it starts). The heap
/// in use is a few MiB, but with huge pages one small allocation could make 2 MiB resident:
/// mimalloc asked for them on its arenas (off with its `no_thp` feature) and a kernel set to
/// "always" gives them unasked. Off, the release server's resident memory after the passport
/// benchmark went from 44–50 MiB to 32–34 MiB (anonymous 27–32 to 14–16), its requests/s
/// unchanged (bench/README.md, run 15).
fn no_transparent_huge_pages() {
    // A kernel without the call keeps its setting: this is about memory, not correctness.
    #[cfg(target_os = "linux")]
    let _ = nix::sys::prctl::set_thp_disable(true);
}
