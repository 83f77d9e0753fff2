//! cargo-fuzz target `exposition_text`: see `promplay_tests::fuzz::exposition_text` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| promplay_tests::fuzz::exposition_text(data));
