//! Lint and parse checks on real captures and on our fixtures, against
//! expectations recorded from `promtool check metrics` (see
//! `tests/fixtures/lint/README.md`): one check function, the cases are files.

// A skipped capture test says so on stderr rather than passing silently.
#![allow(clippy::print_stderr)]

use promplay_pipeline::analyze_metrics;
use promplay_pipeline::diagnostics::Severity;
use promplay_pipeline::exposition::{Format, ParseOptions};
use std::path::{Path, PathBuf};

/// The workspace root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The real captures: `$PROMPLAY_CORPUS_DIR`, else beside the conformance
/// root (`$PROMPLAY_CONFORMANCE_DIR/..`), else `../shared` of the workspace.
fn corpus_dir() -> Option<PathBuf> {
    let dir = if let Some(dir) = std::env::var_os("PROMPLAY_CORPUS_DIR") {
        PathBuf::from(dir)
    } else if let Some(conformance) = std::env::var_os("PROMPLAY_CONFORMANCE_DIR") {
        PathBuf::from(conformance).join("../corpus/exposition")
    } else {
        root().join("../shared/corpus/exposition")
    };
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("note: corpus {} not found, capture tests skipped", dir.display());
        None
    }
}

fn fixtures_dir() -> PathBuf {
    root().join("tests/fixtures/lint")
}

/// Files in `dir` whose name ends with `suffix`, sorted.
fn files_ending(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().ends_with(suffix))
        .collect();
    files.sort();
    files
}

/// promtool's output: `metric text` lines, sorted (a multiset).
fn read_expected(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("missing expectation {}: {e}", path.display()));
    let mut lines: Vec<String> =
        text.lines().filter(|l| !l.is_empty()).map(str::to_owned).collect();
    lines.sort();
    lines
}

/// Parses `input` (which must parse without errors) and checks that lint
/// reports exactly the `metric text` lines of `expected`, as often as they occur.
#[track_caller]
fn check(input: &Path, format: Option<Format>, expected: &[String]) {
    let text = std::fs::read_to_string(input).unwrap();
    let report = analyze_metrics(&text, &ParseOptions::new(format, Default::default()));
    let errors: Vec<_> = report.parsed.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{} does not parse: {errors:#?}", input.display());
    for diagnostic in &report.lint {
        assert_eq!(diagnostic.severity, Severity::Warning);
        assert!(diagnostic.code.starts_with("LNT"), "{}", diagnostic.code);
        let span = diagnostic.primary_span().expect("lint findings have a location");
        assert!(span.is_within(text.len()) && !span.is_empty(), "bad span {span:?}");
    }
    let mut actual: Vec<String> =
        report.lint_findings().map(|(metric, d)| format!("{metric} {}", d.message)).collect();
    actual.sort();
    assert_eq!(actual, expected, "lint of {} differs from promtool", input.display());
}

#[test]
fn captures_lint_like_promtool() {
    let Some(corpus) = corpus_dir() else { return };
    let captures = files_ending(&corpus, ".prom.txt");
    assert!(!captures.is_empty(), "no captures in {}", corpus.display());
    for capture in captures {
        let name = capture.file_name().unwrap().to_string_lossy();
        let source = name.trim_end_matches(".prom.txt");
        let expected = read_expected(&fixtures_dir().join(format!("{source}.expected")));
        check(&capture, Some(Format::Prometheus), &expected);
        // Detection must pick the text format for these too.
        check(&capture, None, &expected);
    }
}

/// The OpenMetrics captures are the same scrapes: linted as their text-format
/// equivalent, they give the same findings as the text captures.
#[test]
fn openmetrics_captures_parse_and_lint_like_their_text() {
    let Some(corpus) = corpus_dir() else { return };
    let captures = files_ending(&corpus, ".om.txt");
    assert!(!captures.is_empty(), "no captures in {}", corpus.display());
    for capture in captures {
        let name = capture.file_name().unwrap().to_string_lossy();
        let source = name.trim_end_matches(".om.txt");
        let expected = read_expected(&fixtures_dir().join(format!("{source}.expected")));
        check(&capture, Some(Format::OpenMetrics), &expected);
        check(&capture, None, &expected);
    }
}

/// Our own inputs: `X.prom` or `X.om` with `X.expected` beside it.
#[test]
fn fixtures_lint_like_promtool() {
    let dir = fixtures_dir();
    let mut count = 0;
    for (suffix, format) in [(".prom", Format::Prometheus), (".om", Format::OpenMetrics)] {
        for input in files_ending(&dir, suffix) {
            let stem =
                input.file_name().unwrap().to_string_lossy().trim_end_matches(suffix).to_owned();
            // `X.equivalent.prom`, the text form of `X.om`, must give `X.expected` too.
            let expected_path =
                dir.join(format!("{}.expected", stem.trim_end_matches(".equivalent")));
            check(&input, Some(format), &read_expected(&expected_path));
            count += 1;
        }
    }
    assert!(count >= 4, "expected the lint fixtures in {}", dir.display());
}

/// The overview counts series as the TSDB does and positions are 1-based.
#[test]
fn summaries_and_positions() {
    use promplay_pipeline::diagnostics::LineIndex;
    use promplay_pipeline::{family_summaries, position};

    let text = "# HELP a_seconds A.\n# TYPE a_seconds histogram\n\
                a_seconds_bucket{le=\"1\",x=\"1\"} 1\na_seconds_bucket{le=\"+Inf\",x=\"1\"} 1\n\
                a_seconds_sum{x=\"1\"} 1\na_seconds_count{x=\"1\"} 1\n\
                # TYPE jobs counter\njobs{x=\"1\"} 1\njobs{x=\"1\"} 2\n";
    let report = analyze_metrics(text, &ParseOptions::default());
    assert!(!report.has_errors(), "{:#?}", report.parsed.diagnostics);
    let rows: Vec<(String, &str, usize, usize)> = family_summaries(&report.parsed)
        .into_iter()
        .map(|s| (s.name, s.type_keyword, s.series, s.samples))
        .collect();
    assert_eq!(
        rows,
        [("a_seconds".to_owned(), "histogram", 4, 4), ("jobs".to_owned(), "counter", 1, 2)]
    );
    let index = LineIndex::new(text);
    let found: Vec<(u32, u32, &str, &str)> = report
        .lint_findings()
        .map(|(metric, d)| {
            let at = position(text, &index, d).unwrap();
            (at.line, at.col, metric, d.code)
        })
        .collect();
    assert_eq!(
        found,
        [(7, 8, "jobs", "LNT0001"), (7, 8, "jobs", "LNT0003"), (9, 1, "jobs", "LNT0015")]
    );
}

/// Every span of every diagnostic is a valid range into the input.
#[track_caller]
fn check_spans(text: &str, what: &str) {
    for format in [None, Some(Format::Prometheus), Some(Format::OpenMetrics)] {
        let report = analyze_metrics(text, &ParseOptions::new(format, Default::default()));
        for diagnostic in report.parsed.diagnostics.iter().chain(&report.lint) {
            for label in &diagnostic.labels {
                assert!(
                    label.span.is_within(text.len()),
                    "{what}: {} span {:?} outside {} bytes",
                    diagnostic.code,
                    label.span,
                    text.len()
                );
            }
        }
    }
}

/// Lint on whatever the parser makes of odd input: every conformance case
/// (valid and invalid), in every format, never panics and stays in bounds.
#[test]
fn lint_spans_on_conformance_cases() {
    let Some(corpus) = corpus_dir() else { return };
    let cases = corpus.join("../../conformance/exposition/cases");
    if !cases.is_dir() {
        eprintln!("note: {} not found, skipped", cases.display());
        return;
    }
    let inputs: Vec<PathBuf> =
        files_ending(&cases, ".om").into_iter().chain(files_ending(&cases, ".prom")).collect();
    assert!(inputs.len() > 100, "expected the conformance cases in {}", cases.display());
    for input in inputs {
        let bytes = std::fs::read(&input).unwrap();
        check_spans(&promplay_pipeline::lossy_text(&bytes), &input.display().to_string());
    }
}

/// Prefixes of the lint fixtures (cut mid-line, mid-label, mid-escape)
/// lints without panicking and with valid spans.
#[test]
fn lint_spans_on_prefixes() {
    let text = std::fs::read_to_string(fixtures_dir().join("rules.prom")).unwrap()
        + &std::fs::read_to_string(fixtures_dir().join("openmetrics.om")).unwrap();
    // Cuts right after a delimiter are the interesting ones; every fifth
    // byte besides keeps the test fast in debug builds.
    let cut = |i: usize| i.is_multiple_of(5) || b"\n #{}=,\"\\".contains(&text.as_bytes()[i - 1]);
    for end in (1..=text.len()).filter(|&i| text.is_char_boundary(i) && cut(i)) {
        check_spans(&text[..end], &format!("prefix of {end} bytes"));
    }
}
