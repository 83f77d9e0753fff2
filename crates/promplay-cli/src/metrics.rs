//! `promplay metrics check` and `promplay metrics parse`: read exposition
//! text, run it through `promplay_pipeline::analyze_metrics`, print.
//!
//! `check` follows `promtool check metrics`: findings on stderr, exit 0 when
//! clean, 3 with lint findings, 1 when the input cannot be parsed. Unlike
//! promtool, each finding carries its position (`FILE:LINE:COL: METRIC:
//! MESSAGE`) and parse errors are rendered with the text underlined.

use crate::args::MetricsOptions;
use anyhow::{Context, Result};
use promplay_pipeline::diagnostics::{Diagnostic, LineIndex, render};
use promplay_pipeline::{
    MetricsReport, analyze_metrics_bytes, lossy_text, metrics_json_string, position,
};
use std::io::Read;

/// Exit status when lint found something, as promtool's `lintErrExitCode`.
const EXIT_LINT: u8 = 3;
/// Exit status when the input could not be parsed or read.
const EXIT_FAILURE: u8 = 1;

/// `promplay metrics check`.
pub fn check(opts: &MetricsOptions) -> Result<u8> {
    let (name, bytes) = read_input(opts)?;
    let text = lossy_text(&bytes);
    let report = analyze_metrics_bytes(&bytes, &opts.parse_options());
    print_parse_diagnostics(&name, &text, &report);
    if report.has_errors() {
        return Ok(EXIT_FAILURE);
    }
    if opts.explain {
        eprint!("{}", render(&text, &report.lint));
        if !report.lint.is_empty() {
            let count = report.lint.len();
            eprintln!("{name}: {count} lint finding{}", if count == 1 { "" } else { "s" });
        }
    } else {
        let index = LineIndex::new(&text);
        for (metric, diagnostic) in report.lint_findings() {
            eprintln!("{}", finding_line(&name, &text, &index, metric, diagnostic));
        }
    }
    Ok(if report.lint.is_empty() { 0 } else { EXIT_LINT })
}

/// `promplay metrics parse`.
pub fn parse(opts: &MetricsOptions) -> Result<u8> {
    let (name, bytes) = read_input(opts)?;
    let text = lossy_text(&bytes);
    let report = analyze_metrics_bytes(&bytes, &opts.parse_options());
    print_parse_diagnostics(&name, &text, &report);
    println!("{}", metrics_json_string(&text, &report));
    Ok(if report.has_errors() { EXIT_FAILURE } else { 0 })
}

/// `FILE:LINE:COL: METRIC: MESSAGE`, the promtool line with a position.
fn finding_line(
    name: &str,
    text: &str,
    index: &LineIndex,
    metric: &str,
    diagnostic: &Diagnostic,
) -> String {
    match position(text, index, diagnostic) {
        Some(pos) => format!("{name}:{}:{}: {metric}: {}", pos.line, pos.col, diagnostic.message),
        None => format!("{name}: {metric}: {}", diagnostic.message),
    }
}

/// Renders the parser's diagnostics (errors and warnings) on stderr, with a
/// closing line naming the file when the input was rejected.
fn print_parse_diagnostics(name: &str, text: &str, report: &MetricsReport<'_>) {
    let diagnostics = &report.parsed.diagnostics;
    if diagnostics.is_empty() {
        return;
    }
    eprint!("{}", render(text, diagnostics));
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        let plural = if errors == 1 { "" } else { "s" };
        eprintln!("{name}: cannot parse the input ({errors} error{plural})");
    }
}

/// Reads the input file or standard input; returns the name to show and the bytes.
fn read_input(opts: &MetricsOptions) -> Result<(String, Vec<u8>)> {
    match &opts.file {
        Some(path) => {
            let bytes =
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            Ok((path.display().to_string(), bytes))
        }
        None => {
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes).context("cannot read standard input")?;
            Ok(("<stdin>".to_owned(), bytes))
        }
    }
}
