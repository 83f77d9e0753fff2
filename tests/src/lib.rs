//! Workspace-level tests live in `tests/`; this library holds only what
//! something outside this crate also runs: the bodies of the cargo-fuzz
//! targets ([`fuzz`]), which `fuzz/` calls and the integration tests replay.

pub mod fuzz;
