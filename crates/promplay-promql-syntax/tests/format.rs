//! `format` reproduces `promtool promql format`: cases in
//! `tests/fixtures/format.txt`, each `==== <title>`, the query, `----`, and
//! the expected output. Formatting is idempotent: the output parses to the
//! same tree and formats to itself.

use promplay_promql_syntax::{ParseOptions, format, parse_with};
use std::path::Path;

mod common;

#[test]
fn format_cases() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/format.txt");
    let text = std::fs::read_to_string(path).unwrap();
    let opts = ParseOptions::all();
    let mut failures = Vec::new();
    let mut n = 0;
    for case in text.split("==== ").skip(1) {
        let (title, body) = case.split_once('\n').unwrap();
        let (input, want) = body.split_once("----\n").unwrap();
        let want = want.trim_end_matches('\n');
        let expr =
            parse_with(input, &opts).expr.unwrap_or_else(|| panic!("{title}: does not parse"));
        let got = format(&expr);
        if got != want {
            failures.push(format!("{title}:\n--- want\n{want}\n--- got\n{got}"));
            continue;
        }
        let again = parse_with(&got, &opts)
            .expr
            .unwrap_or_else(|| panic!("{title}: output does not parse"));
        assert_eq!(
            common::strip(&again),
            common::strip(&expr),
            "{title}: output parses differently"
        );
        assert_eq!(format(&again), got, "{title}: not idempotent");
        n += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(n >= 8);
}
