//! Workspace-level tests: one binary, one module per concern.
