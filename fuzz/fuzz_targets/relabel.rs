//! cargo-fuzz target `relabel`: see `promplay_tests::fuzz::relabel` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| promplay_tests::fuzz::relabel(data));
