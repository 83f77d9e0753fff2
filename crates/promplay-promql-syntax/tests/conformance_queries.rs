//! Every expression of the upstream promqltest scripts must parse (the
//! scripts are invalid otherwise), print, and re-parse to the same tree.
//!
//! The scripts live outside the repository: set `PROMPLAY_CONFORMANCE_DIR`
//! to the folder holding `promql/testdata`; without it the test skips.

use promplay_promql_syntax::{ParseOptions, parse_with};
use std::fmt::Write;

mod common;

#[test]
fn upstream_expressions_parse_and_round_trip() {
    let Ok(root) = std::env::var("PROMPLAY_CONFORMANCE_DIR") else {
        // Saying why nothing ran is the point of this line.
        #[allow(clippy::print_stderr)]
        {
            eprintln!("PROMPLAY_CONFORMANCE_DIR is not set; skipping");
        }
        return;
    };
    let dir = std::path::Path::new(&root).join("promql/testdata");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let opts = ParseOptions::all();
    let (mut total, mut failures) = (0, String::new());
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        for (i, line) in text.lines().enumerate() {
            let Some(query) = eval_query(line) else { continue };
            total += 1;
            let parsed = parse_with(query, &opts);
            let Some(expr) = parsed.expr else {
                let _ = writeln!(
                    failures,
                    "{name}:{}: {query}\n    {:?}",
                    i + 1,
                    common::messages(&parsed.diagnostics)
                );
                continue;
            };
            let printed = expr.to_string();
            match parse_with(&printed, &opts).expr {
                Some(again) if common::strip(&again) == common::strip(&expr) => {}
                _ => {
                    let _ =
                        writeln!(failures, "{name}:{}: {query}\n    printed as {printed}", i + 1);
                }
            }
        }
    }
    assert!(failures.is_empty(), "of {total} expressions these fail:\n{failures}");
    assert!(total > 1000);
}

/// The expression of an `eval` line: `eval instant at 10s <expr>` or
/// `eval range from 0 to 10m step 1m <expr>` (also `eval_fail ...`).
fn eval_query(line: &str) -> Option<&str> {
    let line = line.trim_start();
    let rest = line.strip_prefix("eval")?;
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == '_');
    let words = if rest.trim_start().starts_with("instant") { 3 } else { 7 };
    let mut s = rest;
    for _ in 0..words {
        s = s.trim_start();
        s = &s[s.find(char::is_whitespace)?..];
    }
    Some(s.trim())
}
