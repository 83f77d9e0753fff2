//! Workspace-level tests: one binary, one module per concern.

mod cli;
mod conformance;
mod tidy;
