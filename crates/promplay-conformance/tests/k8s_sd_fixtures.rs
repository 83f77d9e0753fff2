//! The hand-ported Kubernetes SD fixtures (`tests/fixtures/k8s-sd`, upstream
//! tests the extracted suite skips) through the k8s-sd suite's runner: every
//! case must pass.

use std::path::Path;

#[test]
fn hand_ported_k8s_sd_fixtures_pass() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let report = promplay_conformance::run("k8s-sd", &root).expect("fixtures run");
    assert!(report.cases.len() >= 4, "fixtures found: {}", report.cases.len());
    let failed: Vec<String> = report
        .cases
        .iter()
        .filter(|c| c.outcome != promplay_conformance::Outcome::Pass)
        .map(|c| format!("{}:\n{}", c.id, c.detail))
        .collect();
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
