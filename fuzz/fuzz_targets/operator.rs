//! cargo-fuzz target `operator`: see `promplay_tests::fuzz::operator` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| promplay_tests::fuzz::operator(data));
