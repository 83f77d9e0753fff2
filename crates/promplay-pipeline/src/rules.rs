//! The Rules scenario end to end, shared by the Rules workbench and
//! `promplay rules eval` / `promplay test rules`: rules (a Prometheus rule
//! file or PrometheusRule manifests) evaluated over the Query workbench's
//! [`QueryData`] from `start` to `end`, and promtool unit-test files run
//! against a map of rule files.
//!
//! ```
//! use promplay_pipeline::query::QueryData;
//! use promplay_pipeline::rules::{RulesEvalOptions, evaluate_rules};
//!
//! let mut data = QueryData::new();
//! data.add_series("up{job=\"api\"} 1 1 0 0 0 0 0 0 0 0 0", 60_000);
//! let rules = "groups:\n- name: g\n  rules:\n  - alert: Down\n    expr: up == 0\n    for: 3m\n    annotations:\n      summary: '{{ $labels.job }} is down'\n";
//! let outcome = evaluate_rules(&data, rules, &RulesEvalOptions::range(0, 600_000));
//! let alert = &outcome.evaluation.alerts[0];
//! let bands: Vec<(&str, i64)> = alert.bands.iter().map(|b| (b.state.as_str(), b.start / 60_000)).collect();
//! assert_eq!(bands, [("pending", 2), ("firing", 5)]);
//! assert_eq!(alert.bands[1].annotations[0].1, "api is down");
//! ```

use std::collections::BTreeMap;

use promplay_diagnostics::Diagnostic;
use promplay_model::{Labels, format_float};
use promplay_promql_engine::{EngineOptions, SampleValue};

pub use promplay_rules::unittest::{
    AlertDiffEntry, Failure, FailureDetail, FileReport, GroupReport, SampleRow, TestOptions,
    diff_lines,
};
pub use promplay_rules::{
    AlertPoint, AlertState, AlertTimeline, EvalOptions, Evaluation, ParsedRules, ProducedSeries,
    Rule, RuleErrorRun, RuleFile, RuleFileOptions, RuleGroup, RuleKind, RuleRef, RuleReport,
    StateBand, parse_manifests, parse_rule_file, parse_rules_auto,
};

use crate::query::QueryData;

/// How to evaluate rules over a range.
#[derive(Clone, Debug, PartialEq)]
pub struct RulesEvalOptions {
    /// First evaluation (ms since the epoch).
    pub start_ms: i64,
    /// Last possible evaluation (ms, inclusive).
    pub end_ms: i64,
    /// Evaluation settings: the global `evaluation_interval` (groups
    /// without `interval`), external labels and URL, engine settings.
    pub eval: EvalOptions,
    /// How the rule text is read.
    pub read: RuleFileOptions,
}

impl RulesEvalOptions {
    /// Prometheus' defaults (1m evaluation interval) from `start_ms` to `end_ms`.
    pub fn range(start_ms: i64, end_ms: i64) -> RulesEvalOptions {
        RulesEvalOptions {
            start_ms,
            end_ms,
            eval: EvalOptions::default(),
            read: RuleFileOptions::default(),
        }
    }
}

/// Everything a rule evaluation produced.
#[derive(Debug)]
pub struct RulesOutcome {
    /// The groups as read, and the reading diagnostics (spans into the rule text).
    pub parsed: ParsedRules,
    /// Timelines, produced series, per-rule reports. Rules with errors
    /// (that did not parse) are listed in `rules` but never evaluate.
    pub evaluation: Evaluation,
    /// Diagnostics raised while evaluating (template expansion failures),
    /// spans into the rule text.
    pub eval_diagnostics: Vec<Diagnostic>,
    /// The input data plus everything the rules wrote, for follow-up
    /// queries (`ALERTS`, recorded series).
    pub data: QueryData,
}

impl RulesOutcome {
    /// Every diagnostic: reading first, then evaluation.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.parsed.diagnostics.iter().chain(&self.eval_diagnostics)
    }

    /// The rule at `r`.
    pub fn rule(&self, r: RuleRef) -> Option<&Rule> {
        self.parsed.file.groups.get(r.group).and_then(|g| g.rules.get(r.rule))
    }
}

/// Reads `rules_text` (a rule file, or PrometheusRule manifests when it has
/// `kind:`/`apiVersion:` lines) and evaluates it over a copy of `data`.
pub fn evaluate_rules(
    data: &QueryData,
    rules_text: &str,
    options: &RulesEvalOptions,
) -> RulesOutcome {
    let parsed = parse_rules_auto(rules_text, &options.read);
    let mut out = QueryData { storage: data.storage.clone() };
    let mut eval = options.eval.clone();
    // Prometheus runs subqueries without a step at the global evaluation interval.
    eval.engine =
        EngineOptions { default_subquery_step_ms: eval.default_interval_ms, ..eval.engine };
    let evaluation = promplay_rules::evaluate_range(
        std::slice::from_ref(&parsed.file),
        &mut out.storage,
        options.start_ms,
        options.end_ms,
        &eval,
        &[rules_text],
    );
    let eval_diagnostics = evaluation.diagnostics.iter().map(|(_, d)| d.clone()).collect();
    RulesOutcome { parsed, evaluation, eval_diagnostics, data: out }
}

/// Runs one promtool unit-test file. `files` maps paths to rule-file texts;
/// the test's `rule_files` patterns are joined to `test_path`'s directory and
/// matched against its keys.
pub fn run_unit_tests(
    test_path: &str,
    test_text: &str,
    files: &BTreeMap<String, String>,
    options: &TestOptions,
) -> FileReport {
    promplay_rules::unittest::run_file(test_path, test_text, files, options)
}

/// The rule-file patterns of a unit-test file, joined to its directory (what
/// a caller with a file system must read before [`run_unit_tests`]).
pub fn unit_test_rule_patterns(test_path: &str, test_text: &str) -> Vec<String> {
    use promplay_rules::unittest as ut;
    let parsed = ut::parse_test_file(test_text);
    let base = ut::parent_dir(test_path);
    parsed
        .file
        .rule_files
        .iter()
        .filter(|(p, _)| !p.is_empty())
        .map(|(p, _)| ut::join_path(&base, p))
        .collect()
}

/// Whether the resolved rule-file pattern `pattern` (see
/// [`unit_test_rule_patterns`]) selects `path`: a glob match for patterns
/// with `*?[\\`, else equality.
pub fn path_matches(pattern: &str, path: &str) -> bool {
    use promplay_rules::unittest as ut;
    if ut::has_glob_meta(pattern) { ut::glob_match(pattern, path) } else { pattern == path }
}

/// The directory of a slash-separated path, as Go's `filepath.Dir` (`.` when none).
pub fn parent_dir(path: &str) -> String {
    promplay_rules::unittest::parent_dir(path)
}

/// What promtool prints for one file: (stdout, stderr). stdout has
/// `  SUCCESS` or the blank lines between errors; stderr `  FAILED:`, the
/// warnings and the errors.
pub fn promtool_output(report: &FileReport) -> (String, String) {
    let mut stdout = String::new();
    let mut stderr = String::new();
    for w in &report.warnings {
        stderr.push_str(w);
        stderr.push('\n');
    }
    let failures = report.failures();
    if failures.is_empty() {
        stdout.push_str("  SUCCESS\n");
    } else {
        stderr.push_str("  FAILED:\n");
        for f in failures {
            stderr.push_str(&f.message);
            stderr.push('\n');
            stdout.push('\n');
        }
    }
    stdout.push('\n');
    (stdout, stderr)
}

/// A failure's got/expected as diffable lines (one per alert or sample),
/// for the workbench's inline diff: `(expected, got)`.
pub fn failure_lines(detail: &FailureDetail) -> (Vec<String>, Vec<String>) {
    match detail {
        FailureDetail::Alerts { expected, got, .. } => (
            expected.iter().map(|a| a.text().replace('\n', "  ")).collect(),
            got.iter().map(|a| a.text().replace('\n', "  ")).collect(),
        ),
        FailureDetail::Samples { expected, got, .. } => (
            expected.iter().map(SampleRow::text).collect(),
            got.iter().map(SampleRow::text).collect(),
        ),
        FailureDetail::Query { error, .. }
        | FailureDetail::RuleEval { error, .. }
        | FailureDetail::Load { error } => (Vec::new(), vec![error.clone()]),
    }
}

/// The alert timeline as text, one alert per block (the CLI's
/// `promplay rules eval` output):
///
/// ```text
/// Down{alertname="Down", job="api"}
///   120s  pending  (active since 120s)
///   300s  firing
/// ```
pub fn timeline_text(outcome: &RulesOutcome) -> String {
    let mut out = String::new();
    let secs = |ms: i64| {
        if ms % 1000 == 0 {
            format!("{}s", ms / 1000)
        } else {
            format!("{}s", format_float(ms as f64 / 1000.0))
        }
    };
    for alert in &outcome.evaluation.alerts {
        out.push_str(&format!("{}{}\n", alert.alertname, labels_text(&alert.labels)));
        for band in &alert.bands {
            let mut line = format!(
                "  {:>8} .. {:<8} {:<8}",
                secs(band.start),
                secs(band.end),
                band.state.as_str()
            );
            if band.state == AlertState::Pending {
                line.push_str(&format!(" active since {}", secs(band.active_at)));
            }
            if let Some(r) = band.resolved_at {
                line.push_str(&format!(" resolved at {}", secs(r)));
            }
            out.push_str(line.trim_end());
            out.push('\n');
            if band.state == AlertState::Firing {
                for (k, v) in &band.annotations {
                    out.push_str(&format!("             {k}: {v}\n"));
                }
            }
        }
    }
    for report in &outcome.evaluation.rules {
        for run in &report.errors {
            out.push_str(&format!(
                "rule {} failed {} time(s) from {} to {}: {}\n",
                report.name,
                run.count,
                secs(run.first),
                secs(run.last),
                run.message
            ));
        }
    }
    out
}

/// The series the rules wrote, in the load notation's spirit: one line per
/// series with its values (`_` for staleness markers).
pub fn produced_text(outcome: &RulesOutcome) -> String {
    let mut out = String::new();
    for s in &outcome.evaluation.produced {
        let values: Vec<String> = s
            .samples
            .iter()
            .map(|(t, v)| {
                let value = match v {
                    SampleValue::Float(f) if promplay_model::is_stale_nan(*f) => "stale".to_owned(),
                    SampleValue::Float(f) => format_float(*f),
                    SampleValue::Histogram(h) => format!(
                        "{{{{count:{} sum:{}}}}}",
                        format_float(h.count),
                        format_float(h.sum)
                    ),
                };
                format!("{}@{}", value, t / 1000)
            })
            .collect();
        out.push_str(&format!("{} {}\n", labels_series(&s.labels), values.join(" ")));
    }
    out
}

fn labels_text(labels: &Labels) -> String {
    let text = labels.to_string();
    if text.starts_with('{') { text } else { format!("{{{text}}}") }
}

fn labels_series(labels: &Labels) -> String {
    let text = labels.to_string();
    if text.is_empty() { "{}".into() } else { text }
}
