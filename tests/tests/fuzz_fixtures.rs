//! Replays every input the fuzzer ever crashed on (`tests/fixtures/fuzz/<target>/`, one file
//! per input) through the same function the cargo-fuzz target calls, so each fixed crash stays
//! fixed without cargo-fuzz or a nightly compiler.

use std::path::Path;

#[test]
fn fuzz_fixtures_replay() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/fuzz");
    let count = promplay_tests::fuzz::replay_fixtures(&dir);
    // Every file in a target folder must have been replayed: none may be skipped silently.
    let files: usize = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| std::fs::read_dir(e.path()).map_or(0, |d| d.flatten().count()))
        .sum();
    assert_eq!(count, files, "fixtures under {} not all replayed", dir.display());
}

#[test]
fn every_fixture_folder_names_a_target() {
    // A misspelt folder would silently replay nothing.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/fuzz");
    let Ok(entries) = std::fs::read_dir(&dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "README.md" {
            continue;
        }
        assert!(
            promplay_tests::fuzz::TARGETS.iter().any(|(t, _)| *t == name),
            "tests/fixtures/fuzz/{name} is not a fuzz target name"
        );
    }
}

#[test]
fn targets_match_the_fuzz_crate() {
    // fuzz/fuzz_targets/<name>.rs exists for every entry of TARGETS and the other way round.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/fuzz_targets");
    let mut files: Vec<String> = std::fs::read_dir(&root)
        .expect("fuzz/fuzz_targets exists")
        .flatten()
        .filter_map(|e| e.file_name().to_string_lossy().strip_suffix(".rs").map(str::to_owned))
        .collect();
    files.sort();
    let mut names: Vec<String> =
        promplay_tests::fuzz::TARGETS.iter().map(|(t, _)| (*t).to_owned()).collect();
    names.sort();
    assert_eq!(files, names);
}
