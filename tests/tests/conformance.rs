//! Conformance suites against their committed pass lists.
//!
//! Each suite in `promplay_conformance::SUITES` runs against the upstream
//! corpus in `../shared/conformance` (or `$PROMPLAY_CONFORMANCE_DIR`). A case
//! listed in `tests/conformance/<suite>.passing` that fails is a regression
//! and fails the test; newly passing cases are printed so the list can be
//! refreshed. With `PROMPLAY_BLESS=1` the pass lists and the one-screen
//! summary `tests/conformance/summary.txt` are rewritten.

use promplay_conformance::{Outcome, SUITES, SuiteReport, default_dir, run};
use std::path::{Path, PathBuf};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_path_buf()
}

fn blessing() -> bool {
    std::env::var_os("PROMPLAY_BLESS").is_some_and(|v| v == "1")
}

#[test]
#[allow(clippy::print_stdout)] // The test reports skips and newly passing cases.
fn conformance_suites_keep_their_pass_lists() {
    let root = workspace_root();
    let dir = default_dir(&root);
    if !dir.is_dir() {
        println!(
            "skipped: conformance corpus not found at {} (set PROMPLAY_CONFORMANCE_DIR)",
            dir.display()
        );
        return;
    }
    let mut regressions = Vec::new();
    let mut summary = String::from(
        "# Conformance summary (regenerate with PROMPLAY_BLESS=1 cargo test -p promplay-tests)\n",
    );
    for suite in SUITES {
        let report = run(suite, &dir).unwrap_or_else(|e| panic!("suite {suite}: {e}"));
        let list_path = root.join(format!("tests/conformance/{suite}.passing"));
        let committed = std::fs::read_to_string(&list_path).unwrap_or_default();
        let committed: Vec<&str> = committed.lines().filter(|l| !l.is_empty()).collect();
        for case in &report.cases {
            let listed = committed.contains(&case.id.as_str());
            match case.outcome {
                Outcome::Pass if !listed => println!("newly passing: {}", case.id),
                Outcome::Fail | Outcome::Skip if listed => {
                    regressions.push(format!("{}: {}", case.id, case.detail));
                }
                _ => {}
            }
        }
        for id in &committed {
            if !report.cases.iter().any(|c| c.id == *id) {
                regressions.push(format!("{id}: listed as passing but no longer exists"));
            }
        }
        print_report(&report);
        summary.push_str(&format!("{suite}: {}\n", report.summary_line()));
        for line in report.after_summary.iter().chain(&report.extra_lines) {
            summary.push_str(line);
            summary.push('\n');
        }
        if blessing() {
            let mut passing: Vec<&str> = report
                .cases
                .iter()
                .filter(|c| c.outcome == Outcome::Pass)
                .map(|c| c.id.as_str())
                .collect();
            passing.sort_unstable();
            let body: String = passing.iter().map(|id| format!("{id}\n")).collect();
            std::fs::write(&list_path, body).expect("write pass list");
        }
    }
    if blessing() {
        std::fs::write(root.join("tests/conformance/summary.txt"), summary).expect("write summary");
    }
    assert!(
        regressions.is_empty(),
        "{} regressions:\n{}",
        regressions.len(),
        regressions.join("\n")
    );
}

#[allow(clippy::print_stdout)] // Test output.
fn print_report(report: &SuiteReport) {
    for case in &report.cases {
        if case.outcome != Outcome::Pass {
            println!("{:?} {}: {}", case.outcome, case.id, case.detail);
        }
    }
    println!("{}: {}", report.suite, report.summary_line());
    for line in report.after_summary.iter().chain(&report.extra_lines) {
        println!("{line}");
    }
}
