//! Round trip of every expected output in the operator conformance corpus:
//! reading `expected.yaml` into a [`Value`] and writing it again must give
//! the same bytes, which checks the emitter against real go-yaml v2 output
//! (quoting, folding, block scalars, layout). Skipped when the shared corpus
//! is not beside the checkout.

use std::path::PathBuf;

use promplay_operator::emit::to_yaml_with_flow_keys;

const FLOW_KEYS: &[&str] = &["weekdays", "days_of_month", "months", "years"];

fn corpus() -> Option<PathBuf> {
    let root = match std::env::var_os("PROMPLAY_CONFORMANCE_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance"),
    };
    let cases = root.join("operator/cases");
    cases.is_dir().then_some(cases)
}

#[test]
fn every_expected_yaml_round_trips() {
    let Some(cases) = corpus() else {
        return;
    };
    let mut checked = 0;
    let mut failures = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir(&cases).unwrap().flatten().map(|e| e.path()).collect();
    dirs.sort();
    for dir in dirs {
        let Ok(text) = std::fs::read_to_string(dir.join("expected.yaml")) else {
            continue;
        };
        if text.is_empty() {
            continue;
        }
        let value = promplay_operator::intake::yaml::parse_one(&text).unwrap();
        // Alertmanager's time-interval fields are flow-tagged; no Prometheus
        // config key shares these names.
        let again = to_yaml_with_flow_keys(&value, FLOW_KEYS);
        checked += 1;
        if again != text {
            let line = again.lines().zip(text.lines()).position(|(a, b)| a != b).unwrap_or(0);
            failures.push(format!(
                "{}: line {}\n  got:  {:?}\n  want: {:?}",
                dir.display(),
                line + 1,
                again.lines().nth(line),
                text.lines().nth(line)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked > 100, "only {checked} expected files");
}
