//! cargo-fuzz target `promql_eval`: see `promplay_tests::fuzz::promql_eval` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| promplay_tests::fuzz::promql_eval(data));
