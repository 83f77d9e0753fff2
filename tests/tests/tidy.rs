//! Tidy checks: the dependency direction between crates.
