//! The `promplay` binary: argument handling and rendering over `promplay-pipeline`.

fn main() {}
