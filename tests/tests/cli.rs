//! Golden tests of the `promplay` binary.
