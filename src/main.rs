//! The `claimcheck` binary: parses the command line and hands off to `server::cli`.

/// mimalloc rather than the system allocator, for the server and the CLI alike. glibc hands
/// the memory of a large article back to the kernel when it is freed, so the next one
/// faults every page in again (about a tenth of the time of extracting a 4 MiB body, see
/// BENCHMARKS.md); mimalloc keeps freed pages for reuse for a second and is quicker per
/// allocation besides. The extraction benchmark uses the same allocator.
#[cfg(feature = "ssr")]
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(feature = "ssr")]
fn main() -> std::process::ExitCode {
    claimcheck::server::cli::main()
}

#[cfg(not(feature = "ssr"))]
fn main() {
    // The browser build has no binary; cargo-leptos builds this crate's lib for wasm.
}
