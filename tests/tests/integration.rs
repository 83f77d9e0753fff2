//! Workspace-level tests: one binary, one module per concern.

mod conformance;
mod fuzz_fixtures;
mod tidy;
