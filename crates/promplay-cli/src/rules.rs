//! `promplay test rules` (promtool's rule unit tests, same output and exit
//! codes), `promplay rules check` (`promtool check rules` with positioned
//! diagnostics) and `promplay rules eval` (rules over series from `start` to
//! `end`, printed as an alert timeline). The work is
//! `promplay_pipeline::rules`; this module reads files and prints.

use anyhow::{Context, Result, bail};
use lexopt::prelude::*;
use promplay_pipeline::diagnostics::render;
use promplay_pipeline::query::QueryData;
use promplay_pipeline::rules::{
    self as pr, FileReport, RulesEvalOptions, TestOptions, evaluate_rules, parent_dir,
    path_matches, promtool_output, run_unit_tests, unit_test_rule_patterns,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// `promplay test rules` options.
#[derive(Debug, Default)]
pub struct TestRulesOptions {
    /// The unit-test files.
    pub files: Vec<PathBuf>,
    /// `--run` regexes.
    pub run: Vec<String>,
    /// `--ignore-unknown-fields`.
    pub ignore_unknown_fields: bool,
    /// `--junit FILE`.
    pub junit: Option<PathBuf>,
}

/// `promplay rules eval` options.
#[derive(Debug, Default)]
pub struct EvalRulesOptions {
    /// `--rules FILE` (rule file or PrometheusRule manifests), in order.
    pub rules: Vec<PathBuf>,
    /// `--series FILE` (load notation).
    pub series: Vec<PathBuf>,
    /// `--start`, `--end` (ms).
    pub start: Option<i64>,
    /// See `start`.
    pub end: Option<i64>,
    /// `--interval`: the global evaluation interval (ms).
    pub interval: Option<i64>,
    /// `--external-label k=v`.
    pub external_labels: Vec<(String, String)>,
    /// `--external-url`.
    pub external_url: Option<String>,
    /// `--produced`: also print the written series.
    pub produced: bool,
}

/// The help text of `promplay test rules`.
pub const TEST_HELP: &str = "\
promplay test rules: run rule unit tests like `promtool test rules`

Usage: promplay test rules FILE... [--run REGEX]... [--ignore-unknown-fields] [--junit FILE]

Runs each unit-test file (rule_files are read relative to it, globs allowed),
printing `  SUCCESS` or `  FAILED:` and the failures exactly as promtool does.

Options:
      --run REGEX              Only run test groups whose name matches (repeatable)
      --ignore-unknown-fields  Skip unknown keys in rule files instead of failing
      --junit FILE             Also write JUnit XML results to FILE
  -h, --help                   Print help

Exit status: 0 every test passed, 1 a test failed or a file could not be read,
2 usage error.
";

/// The help text of `promplay rules`.
pub const RULES_HELP: &str = "\
promplay rules: check rule files, or evaluate them over series

Usage: promplay rules check FILE...
       promplay rules eval --rules FILE... [--series FILE]... --start S --end E
                           [--interval D] [--external-label K=V]... [--external-url URL]
                           [--produced]

check  Validates rule files (or PrometheusRule manifests) like `promtool check
       rules`: every problem with its line, column and the text underlined.
eval   Evaluates the rules from S to E (RFC 3339 or Unix seconds) over the series
       (promqltest load notation) at the evaluation interval (default 1m; a
       group's own `interval` wins) and prints each alert's timeline: pending,
       firing and resolved bands with the rendered annotations, then rule errors.
       --produced also lists the series the rules wrote (recorded series,
       ALERTS, ALERTS_FOR_STATE).

Exit status: 0 fine, 1 a file has errors (check) or could not be read, 2 usage error.
";

/// Parses the arguments after `test rules`.
pub fn test_options(
    parser: &mut lexopt::Parser,
) -> Result<Option<TestRulesOptions>, lexopt::Error> {
    let mut o = TestRulesOptions::default();
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => return Ok(None),
            Long("run") => o.run.push(parser.value()?.string()?),
            Long("ignore-unknown-fields") => o.ignore_unknown_fields = true,
            Long("junit") => o.junit = Some(PathBuf::from(parser.value()?)),
            Value(v) => o.files.push(PathBuf::from(v)),
            other => return Err(other.unexpected()),
        }
    }
    if o.files.is_empty() {
        return Err("missing FILE, the unit-test file(s) to run".into());
    }
    Ok(Some(o))
}

/// Parses the arguments after `rules eval`.
pub fn eval_options(
    parser: &mut lexopt::Parser,
) -> Result<Option<EvalRulesOptions>, lexopt::Error> {
    let mut o = EvalRulesOptions::default();
    let time = |parser: &mut lexopt::Parser, flag: &str| -> Result<i64, lexopt::Error> {
        let v = parser.value()?.string()?;
        crate::query::parse_time(&v).map_err(|e| format!("invalid {flag} `{v}`: {e}").into())
    };
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => return Ok(None),
            Long("rules") => o.rules.push(PathBuf::from(parser.value()?)),
            Long("series") => o.series.push(PathBuf::from(parser.value()?)),
            Long("start") => o.start = Some(time(parser, "--start")?),
            Long("end") => o.end = Some(time(parser, "--end")?),
            Long("interval") => {
                let v = parser.value()?.string()?;
                o.interval = Some(
                    crate::query::parse_step(&v)
                        .map_err(|e| format!("invalid --interval `{v}`: {e}"))?,
                );
            }
            Long("external-label") => {
                let v = parser.value()?.string()?;
                let (k, val) = v
                    .split_once('=')
                    .ok_or_else(|| format!("invalid --external-label `{v}`; expected K=V"))?;
                o.external_labels.push((k.to_owned(), val.to_owned()));
            }
            Long("external-url") => o.external_url = Some(parser.value()?.string()?),
            Long("produced") => o.produced = true,
            Value(v) => o.rules.push(PathBuf::from(v)),
            other => return Err(other.unexpected()),
        }
    }
    if o.rules.is_empty() {
        return Err("missing --rules FILE".into());
    }
    if o.start.is_none() || o.end.is_none() {
        return Err("rules eval needs --start and --end".into());
    }
    Ok(Some(o))
}

/// `promplay test rules`.
pub fn test(o: &TestRulesOptions) -> Result<u8> {
    let options = TestOptions {
        run: o.run.clone(),
        ignore_unknown_fields: o.ignore_unknown_fields,
        ..TestOptions::default()
    };
    let mut failed = false;
    let mut junit = Vec::new();
    for path in &o.files {
        let name = path.to_string_lossy().into_owned();
        let report = match std::fs::read_to_string(path) {
            Ok(text) => {
                let files = read_rule_files(&name, &text);
                run_unit_tests(&name, &text, &files, &options)
            }
            Err(e) => {
                eprintln!("  FAILED:");
                eprintln!("open {name}: {}", io_error_text(&e));
                println!();
                println!();
                failed = true;
                junit.push((name, None));
                continue;
            }
        };
        let (stdout, stderr) = promtool_output(&report);
        eprint!("{stderr}");
        print!("{stdout}");
        failed |= !report.passed;
        junit.push((name, Some(report)));
    }
    if let Some(path) = &o.junit {
        std::fs::write(path, junit_xml(&junit))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(u8::from(failed))
}

/// The text Go prints for a file error (`no such file or directory`).
fn io_error_text(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Reads every file the test's `rule_files` patterns select (globs
/// against directory listings), keyed by path as the pattern spells it.
fn read_rule_files(test_path: &str, text: &str) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for pattern in unit_test_rule_patterns(test_path, text) {
        let dir = parent_dir(&pattern);
        let Ok(entries) = std::fs::read_dir(Path::new(&dir)) else { continue };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = if dir == "." { name } else { format!("{dir}/{name}") };
            if path_matches(&pattern, &path)
                && let Ok(t) = std::fs::read_to_string(&path)
            {
                files.insert(path, t);
            }
        }
    }
    files
}

/// promtool's JUnit XML (`util/junitxml`): a suite per file, a case per test group.
fn junit_xml(files: &[(String, Option<FileReport>)]) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&#34;")
    };
    let mut out = String::from("<testsuites>");
    for (name, report) in files {
        let Some(report) = report else {
            out.push_str(&format!(
                "<testsuite name=\"{}\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\" timestamp=\"\"><testcase name=\"unknown\"><error>cannot read the file</error></testcase></testsuite>",
                esc(name)
            ));
            continue;
        };
        let failures: usize = report.groups.iter().map(|g| g.failures.len()).sum();
        let errors = usize::from(report.aborted.is_some());
        let tests = report.groups.len().max(errors);
        out.push_str(&format!(
            "<testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"0\" timestamp=\"\">",
            esc(name)
        ));
        if let Some(a) = &report.aborted {
            out.push_str(&format!(
                "<testcase name=\"unknown\"><error>{}</error></testcase>",
                esc(&a.message)
            ));
        }
        for g in &report.groups {
            out.push_str(&format!("<testcase name=\"{}\">", esc(&g.name)));
            for f in &g.failures {
                out.push_str(&format!("<failure>{}</failure>", esc(&f.message)));
            }
            out.push_str("</testcase>");
        }
        out.push_str("</testsuite>");
    }
    out.push_str("</testsuites>");
    out
}

/// `promplay rules check`.
pub fn check(files: &[PathBuf]) -> Result<u8> {
    let mut failed = false;
    for path in files {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let parsed = pr::parse_rules_auto(&text, &pr::RuleFileOptions::default());
        println!("Checking {}", path.display());
        if parsed.has_errors() {
            failed = true;
            eprint!("{}", render(&text, &parsed.diagnostics));
            eprintln!(
                "  FAILED: {} error(s)",
                parsed.diagnostics.iter().filter(|d| d.is_error()).count()
            );
        } else {
            if !parsed.diagnostics.is_empty() {
                eprint!("{}", render(&text, &parsed.diagnostics));
            }
            let rules: usize = parsed.file.groups.iter().map(|g| g.rules.len()).sum();
            println!("  SUCCESS: {rules} rules found");
        }
        println!();
    }
    Ok(u8::from(failed))
}

/// `promplay rules eval`.
pub fn eval(o: &EvalRulesOptions) -> Result<u8> {
    let mut data = QueryData::new();
    for path in &o.series {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let diags = data.add_series(&text, 60_000);
        if !diags.is_empty() {
            eprint!("{}:\n{}", path.display(), render(&text, &diags));
        }
    }
    let (Some(start), Some(end)) = (o.start, o.end) else {
        bail!("--start and --end are required")
    };
    let mut options = RulesEvalOptions::range(start, end);
    if let Some(i) = o.interval {
        options.eval.default_interval_ms = i;
    }
    for (k, v) in &o.external_labels {
        options.eval.external_labels.set(k.as_str(), v.as_str());
    }
    if let Some(u) = &o.external_url {
        options.eval.external_url.clone_from(u);
    }
    let mut status = 0;
    for path in &o.rules {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let outcome = evaluate_rules(&data, &text, &options);
        let diags: Vec<_> = outcome.diagnostics().cloned().collect();
        if !diags.is_empty() {
            eprint!("{}:\n{}", path.display(), render(&text, &diags));
        }
        if outcome.parsed.has_errors() {
            status = 1;
        }
        print!("{}", pr::timeline_text(&outcome));
        if outcome.evaluation.alerts.is_empty() {
            println!("no alert was pending or firing");
        }
        if o.produced {
            println!();
            print!("{}", pr::produced_text(&outcome));
        }
    }
    Ok(status)
}
