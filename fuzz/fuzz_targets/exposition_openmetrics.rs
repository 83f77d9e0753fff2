//! cargo-fuzz target `exposition_openmetrics`: see `promplay_tests::fuzz::exposition_openmetrics` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| promplay_tests::fuzz::exposition_openmetrics(data));
