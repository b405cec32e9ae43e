//! The `claimcheck` binary: parses the command line and hands off to `server::cli`.

#[cfg(feature = "ssr")]
fn main() -> std::process::ExitCode {
    claimcheck::server::cli::main()
}

#[cfg(not(feature = "ssr"))]
fn main() {
    // The browser build has no binary; cargo-leptos builds this crate's lib for wasm.
}
