//! Data-driven diagnostics tests: each `tests/fixtures/exposition/diagnostics/<case>.{prom,om}`
//! is parsed (strictly when the name contains `.strict`, with the experimental
//! native-histogram syntax when it contains `.native`) and its rendered
//! diagnostics are compared with `<case>.<ext>.out` next to it. A missing
//! `.out` file is written (review it and commit), except on CI (`CI=true`),
//! where it fails the test as a mismatch would; `PROMPLAY_BLESS=1` rewrites
//! them all.

use promplay_diagnostics::render;
use promplay_exposition::{Format, ParseOptions, Strictness, parse_bytes};
use std::path::PathBuf;

#[test]
fn diagnostics_match_their_snapshots() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/exposition/diagnostics");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixture folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "prom" || e == "om"))
        .collect();
    cases.sort();
    assert!(!cases.is_empty());
    let bless = std::env::var_os("PROMPLAY_BLESS").is_some_and(|v| v == "1");
    // On CI a snapshot that is not committed must not be created silently.
    let ci = std::env::var_os("CI").is_some_and(|v| v == "true");
    let mut mismatches = Vec::new();
    for case in cases {
        let name = case.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let format = if name.ends_with(".om") { Format::OpenMetrics } else { Format::Prometheus };
        let strictness =
            if name.contains(".strict") { Strictness::Strict } else { Strictness::Prometheus };
        let bytes = std::fs::read(&case).expect("fixture");
        let options = ParseOptions::new(Some(format), strictness)
            .with_experimental_native_histograms(name.contains(".native"));
        let parsed = parse_bytes(&bytes, &options);
        let text = String::from_utf8_lossy(&bytes);
        let rendered = render(&text, &parsed.diagnostics);
        let snapshot = case.with_file_name(format!("{name}.out"));
        match std::fs::read_to_string(&snapshot) {
            Ok(expected) if !bless => {
                if expected != rendered {
                    mismatches
                        .push(format!("{name}:\n--- expected\n{expected}\n--- got\n{rendered}"));
                }
            }
            Err(_) if ci && !bless => mismatches.push(format!(
                "{name}: the snapshot {} is missing (on CI it is not written; run the test locally and commit it)",
                snapshot.display()
            )),
            _ => std::fs::write(&snapshot, &rendered).expect("write snapshot"),
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}
