//! Data-driven parser tests: every `tests/fixtures/*.promql` file holds
//! cases separated by blank lines. A case is a query (its lines up to the
//! first expectation; lines starting with `#` are comments), optionally
//! followed by `= <expected Display>`, `~ <expected shape>` (see
//! `common::shape`) or by `! <CODE> <start>..<end> <message>` lines and
//! `? <help>` lines (the help texts of the diagnostics that have one)
//! lines (expected errors, in order). A case without `!` lines must parse;
//! its Display (the query itself unless `=` says otherwise) must re-parse to
//! the same tree. Options: a file whose first line is `#! stable` parses
//! with default options, otherwise every experimental feature is on.

use promplay_promql_syntax::{Expr, ParseOptions, parse_with};
use std::fmt::Write;
use std::path::Path;

mod common;

#[test]
fn fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut failures = String::new();
    let mut count = 0;
    for file in files.iter().filter(|p| p.extension().is_some_and(|e| e == "promql")) {
        let text = std::fs::read_to_string(file).unwrap();
        let opts = if text.starts_with("#! stable") {
            ParseOptions::default()
        } else {
            ParseOptions::all()
        };
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        for case in text.split("\n\n") {
            let lines: Vec<&str> = case.lines().filter(|l| !l.starts_with('#')).collect();
            let n = lines
                .iter()
                .position(|l| {
                    l.starts_with("= ")
                        || l.starts_with("! ")
                        || l.starts_with("~ ")
                        || l.starts_with("? ")
                })
                .unwrap_or(lines.len());
            if n == 0 {
                continue;
            }
            let query = lines[..n].join("\n");
            let rest = &lines[n..];
            count += 1;
            if let Err(e) = run_case(&query, rest, &opts) {
                let _ = writeln!(failures, "{name}: {query}\n    {e}");
            }
        }
    }
    assert!(failures.is_empty(), "fixture failures:\n{failures}");
    assert!(count > 50, "only {count} cases found");
}

fn run_case(query: &str, expect: &[&str], opts: &ParseOptions) -> Result<(), String> {
    let parsed = parse_with(query, opts);
    for d in &parsed.diagnostics {
        for l in &d.labels {
            if !l.span.is_within(query.len()) {
                return Err(format!("span {:?} outside the query", l.span));
            }
        }
    }
    let want_errors: Vec<&str> = expect.iter().filter_map(|l| l.strip_prefix("! ")).collect();
    if !want_errors.is_empty() {
        let got: Vec<String> = parsed
            .diagnostics
            .iter()
            .map(|d| {
                let s = d.primary_span().unwrap_or_default();
                format!("{} {}..{} {}", d.code, s.start, s.end, d.message)
            })
            .collect();
        if got != want_errors {
            return Err(format!(
                "errors differ:\n      got:  {got:?}\n      want: {want_errors:?}"
            ));
        }
        let want_help: Vec<&str> = expect.iter().filter_map(|l| l.strip_prefix("? ")).collect();
        if !want_help.is_empty() {
            let got: Vec<&str> =
                parsed.diagnostics.iter().filter_map(|d| d.help.as_deref()).collect();
            if got != want_help {
                return Err(format!(
                    "help differs:\n      got:  {got:?}\n      want: {want_help:?}"
                ));
            }
        }
        if parsed.expr.is_some() {
            return Err("an expression was returned despite errors".into());
        }
        return Ok(());
    }
    let Some(expr) = parsed.expr else {
        return Err(format!("unexpected errors: {:?}", common::messages(&parsed.diagnostics)));
    };
    if let Some(want) = expect.iter().find_map(|l| l.strip_prefix("~ ")) {
        let got = common::shape(&expr);
        if got != want {
            return Err(format!("shape: got {got:?}, want {want:?}"));
        }
    }
    let display = expr.to_string();
    let want = expect.iter().find_map(|l| l.strip_prefix("= ")).unwrap_or(query);
    if display != want {
        return Err(format!("display: got {display:?}, want {want:?}"));
    }
    let again = parse_with(&display, opts);
    let Some(e2) = again.expr else {
        return Err(format!(
            "display does not re-parse: {:?}",
            common::messages(&again.diagnostics)
        ));
    };
    if common::strip(&expr) != common::strip(&e2) {
        return Err(format!("re-parsed tree differs:\n{expr:?}\n{e2:?}"));
    }
    let _ = Expr::to_string(&e2);
    Ok(())
}
