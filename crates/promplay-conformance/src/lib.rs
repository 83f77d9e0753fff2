//! Runners for the upstream conformance suites kept in `../shared/conformance`.
//!
//! This is a test harness, not an engine: it reads the suite files from disk
//! (the only crate besides `promplay-cli` allowed to), feeds them to the
//! engines and compares. The CLI's `promplay conformance SUITE` and the
//! workspace tests both call [`run`].

use std::path::{Path, PathBuf};

/// The environment variable that overrides the conformance root.
pub const DIR_ENV: &str = "PROMPLAY_CONFORMANCE_DIR";

/// The conformance root: `$PROMPLAY_CONFORMANCE_DIR`, else `../shared/conformance`
/// relative to `base` (the workspace root or the current directory).
pub fn default_dir(base: &Path) -> PathBuf {
    match std::env::var_os(DIR_ENV) {
        Some(dir) => PathBuf::from(dir),
        None => base.join("../shared/conformance"),
    }
}
