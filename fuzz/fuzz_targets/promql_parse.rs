//! cargo-fuzz target `promql_parse`: see `promplay_tests::fuzz::promql_parse` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| promplay_tests::fuzz::promql_parse(data));
