//! The unit-test runner, step for step as promtool's `ruleUnitTest` and
//! `testGroup.test`: per test group, the input series are loaded lazily
//! (only samples up to the evaluation time are visible, like promqltest's
//! `LazyLoader`), every rule group is evaluated at each evaluation interval
//! from the start to the largest `eval_time`, alerts are compared at the
//! evaluation that covers their `eval_time`, and PromQL expressions are
//! queried at the end. Failure messages are promtool's, byte for byte; each
//! also carries the expected and actual values for a structured diff.

use std::collections::BTreeMap;

use promplay_diagnostics::{Diagnostic, Span};
use promplay_model::{Labels, TimestampMs};
use promplay_promql_engine::load::{self, SeqValue};
use promplay_promql_engine::{EngineOptions, SampleValue, Storage};
use promplay_promql_syntax::{ParseOptions, parse_with};

use super::gofmt::{float_e, go_duration, indent_lines, labels_string, model_duration, quote};
use super::histogram::test_expression;
use super::{TestGroup, parse_test_file, paths};
use crate::eval::{EvalOptions, RuleEngine, feature_error};
use crate::rulefile::{RuleFile, RuleFileOptions, RuleKind, line_col, parse_rule_file};
use crate::{alerting::AlertState, codes, yaml};

/// How the tests run: promtool's flags and engine switches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestOptions {
    /// `--run`: only test groups whose name matches one of these regexes.
    pub run: Vec<String>,
    /// `--ignore-unknown-fields`: unknown keys in rule files are skipped.
    pub ignore_unknown_fields: bool,
    /// The `@` modifier is allowed (promtool: on).
    pub enable_at_modifier: bool,
    /// Negative offsets are allowed (promtool: on).
    pub enable_negative_offset: bool,
    /// `--enable-feature=promql-delayed-name-removal`.
    pub delayed_name_removal: bool,
    /// The PromQL features rule and test expressions may use.
    pub promql: ParseOptions,
}

impl Default for TestOptions {
    /// `promtool test rules` without flags.
    fn default() -> TestOptions {
        TestOptions {
            run: Vec::new(),
            ignore_unknown_fields: false,
            enable_at_modifier: true,
            enable_negative_offset: true,
            delayed_name_removal: false,
            promql: ParseOptions::default(),
        }
    }
}

/// The outcome of one unit-test file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FileReport {
    /// Whether every selected test group passed (promtool prints `SUCCESS`).
    pub passed: bool,
    /// The test groups that ran (those `--run` selected), in file order.
    pub groups: Vec<GroupReport>,
    /// An error that stopped the file before any group ran (unreadable
    /// test file, repeated `group_eval_order` entry).
    pub aborted: Option<Failure>,
    /// Warnings promtool prints to stderr (`  WARNING: no file match pattern …`).
    pub warnings: Vec<String>,
    /// Positioned problems: (file path, diagnostic); the path is the test
    /// file's or a rule file's.
    pub diagnostics: Vec<(String, Diagnostic)>,
}

impl FileReport {
    /// Every failure in promtool's order (what it prints after `FAILED:`).
    pub fn failures(&self) -> Vec<&Failure> {
        let mut out: Vec<&Failure> = self.aborted.iter().collect();
        out.extend(self.groups.iter().flat_map(|g| g.failures.iter()));
        out
    }
}

/// One test group's outcome.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GroupReport {
    /// Index in `tests`.
    pub index: usize,
    /// `name`, or `unnamed#<index>`.
    pub name: String,
    /// The failures, in promtool's order (empty: passed).
    pub failures: Vec<Failure>,
    /// Number of `alert_rule_test` items checked.
    pub alert_checks: usize,
    /// Number of `promql_expr_test` items checked.
    pub expr_checks: usize,
    /// The group's place in the test file.
    pub span: Span,
}

/// One failure: promtool's message and what it is about.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    /// The text promtool prints for it.
    pub message: String,
    /// The structured form.
    pub detail: FailureDetail,
    /// Where in the test file it is (the test item), when known.
    pub span: Option<Span>,
}

/// What failed, with the values on both sides.
#[derive(Clone, Debug, PartialEq)]
pub enum FailureDetail {
    /// An `alert_rule_test` item: the firing alerts differ.
    Alerts {
        /// The alert name.
        alertname: String,
        /// `eval_time` (ms after the start).
        eval_time_ms: i64,
        /// Expected alerts, sorted.
        expected: Vec<AlertDiffEntry>,
        /// Firing alerts, sorted.
        got: Vec<AlertDiffEntry>,
    },
    /// A `promql_expr_test` item: the samples differ.
    Samples {
        /// The expression.
        expr: String,
        /// `eval_time` (ms after the start).
        eval_time_ms: i64,
        /// Expected samples, sorted by labels.
        expected: Vec<SampleRow>,
        /// Query result, sorted by labels.
        got: Vec<SampleRow>,
    },
    /// A `promql_expr_test` item whose query (or expected labels) failed.
    Query {
        /// The expression.
        expr: String,
        /// `eval_time` (ms after the start).
        eval_time_ms: i64,
        /// The error.
        error: String,
    },
    /// A rule failed to evaluate; the group stops at that evaluation.
    RuleEval {
        /// The rule's name.
        rule: String,
        /// The evaluation time (ms since the epoch).
        time_ms: i64,
        /// The error.
        error: String,
    },
    /// Loading failed: input series or rule files.
    Load {
        /// The error.
        error: String,
    },
}

/// An alert as the tests compare it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct AlertDiffEntry {
    /// Labels (`alertname` included).
    pub labels: Labels,
    /// Annotations.
    pub annotations: Labels,
}

/// A sample as the tests compare it.
#[derive(Clone, Debug, PartialEq)]
pub struct SampleRow {
    /// The series.
    pub labels: Labels,
    /// The float value (0 for a histogram).
    pub value: f64,
    /// The histogram's test expression (`{{count:2 sum:3 buckets:[2]}}`), or empty.
    pub histogram: String,
}

impl SampleRow {
    /// promtool's text: `{__name__="up"} 1E+00`, or the labels and the histogram.
    pub fn text(&self) -> String {
        if self.histogram.is_empty() {
            format!("{} {}", labels_string(&self.labels), float_e(self.value))
        } else {
            format!("{} {}", labels_string(&self.labels), self.histogram)
        }
    }
}

impl AlertDiffEntry {
    /// promtool's text: `Labels:{...}\nAnnotations:{...}`.
    pub fn text(&self) -> String {
        format!(
            "Labels:{}\nAnnotations:{}",
            labels_string(&self.labels),
            labels_string(&self.annotations)
        )
    }
}

/// A line diff of expected against got: `(' ', line)` in both, `('-', line)`
/// only expected, `('+', line)` only got (longest common subsequence).
pub fn diff_lines(expected: &[String], got: &[String]) -> Vec<(char, String)> {
    let (n, m) = (expected.len(), got.len());
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if expected[i] == got[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < n || j < m {
        if i < n && j < m && expected[i] == got[j] {
            out.push((' ', expected[i].clone()));
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push(('+', got[j].clone()));
            j += 1;
        } else {
            out.push(('-', expected[i].clone()));
            i += 1;
        }
    }
    out
}

/// Runs the unit-test file `path` with text `text`. `files` maps paths to
/// texts: the `rule_files` patterns, joined to the test file's directory,
/// are matched against its keys (as `filepath.Glob` would match files).
pub fn run_file(
    path: &str,
    text: &str,
    files: &BTreeMap<String, String>,
    options: &TestOptions,
) -> FileReport {
    let mut report = FileReport::default();
    let parsed = parse_test_file(text);
    let errors: Vec<&Diagnostic> = parsed.diagnostics.iter().filter(|d| d.is_error()).collect();
    if !errors.is_empty() {
        let index = promplay_diagnostics::LineIndex::new(text);
        let lines: Vec<String> = errors
            .iter()
            .map(|d| {
                let at = d.primary_span().map_or(0, |s| s.start);
                let lc = index.line_col(text, at);
                format!("  line {}: {}", lc.line, d.message)
            })
            .collect();
        report.aborted = Some(Failure {
            message: format!("yaml: unmarshal errors:\n{}", lines.join("\n")),
            detail: FailureDetail::Load { error: "the test file could not be read".into() },
            span: errors[0].primary_span(),
        });
        report.diagnostics = parsed.diagnostics.into_iter().map(|d| (path.to_owned(), d)).collect();
        return report;
    }
    report.diagnostics = parsed.diagnostics.iter().cloned().map(|d| (path.to_owned(), d)).collect();
    let file = parsed.file;
    // Rule files: relative to the test file, globbed.
    let base = paths::parent_dir(path);
    let mut rule_paths: Vec<String> = Vec::new();
    for (pattern, span) in &file.rule_files {
        let full =
            if pattern.is_empty() { pattern.clone() } else { paths::join_path(&base, pattern) };
        let matched: Vec<&String> = if paths::has_glob_meta(&full) {
            files.keys().filter(|k| paths::glob_match(&full, k)).collect()
        } else {
            files.get_key_value(&full).map(|(k, _)| k).into_iter().collect()
        };
        if matched.is_empty() {
            report.warnings.push(format!("  WARNING: no file match pattern {full}"));
            report.diagnostics.push((
                path.to_owned(),
                Diagnostic::warning(codes::TEST_NO_RULE_FILE, format!("no file matches {full:?}"))
                    .with_label(*span, "this pattern matches no rule file"),
            ));
        }
        rule_paths.extend(matched.into_iter().cloned());
    }
    // Group evaluation order.
    let mut order: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, (name, span)) in file.group_eval_order.iter().enumerate() {
        if order.insert(name.as_str(), i).is_some() {
            let message = format!("group name repeated in evaluation order: {name}");
            report.diagnostics.push((
                path.to_owned(),
                Diagnostic::error(codes::TEST_GROUP_ORDER, message.clone())
                    .with_label(*span, "repeated here"),
            ));
            report.aborted = Some(Failure {
                message,
                detail: FailureDetail::Load { error: "repeated group in group_eval_order".into() },
                span: Some(*span),
            });
            return report;
        }
    }
    let run = if options.run.is_empty() {
        None
    } else {
        match regex::Regex::new(&options.run.join("|")) {
            Ok(r) => Some(r),
            Err(e) => {
                report.aborted = Some(Failure {
                    message: format!("invalid --run regular expression: {e}"),
                    detail: FailureDetail::Load { error: e.to_string() },
                    span: None,
                });
                return report;
            }
        }
    };
    // Rule files are read once; every group loads them again (upstream
    // re-reads them per group, with the same result).
    let rule_options = RuleFileOptions {
        ignore_unknown_fields: options.ignore_unknown_fields,
        promql: options.promql.clone(),
    };
    let mut loaded: Vec<(String, RuleFile, Vec<Diagnostic>)> = Vec::new();
    for p in &rule_paths {
        let text = files.get(p).map_or("", String::as_str);
        let parsed = parse_rule_file(text, &rule_options);
        for d in &parsed.diagnostics {
            report.diagnostics.push((p.clone(), d.clone()));
        }
        loaded.push((p.clone(), parsed.file, parsed.diagnostics));
    }
    for (i, group) in file.tests.iter().enumerate() {
        if let Some(r) = &run
            && !r.is_match(&group.name)
        {
            continue;
        }
        let name = if group.name.is_empty() { format!("unnamed#{i}") } else { group.name.clone() };
        let mut g = GroupReport { index: i, name, span: group.span, ..GroupReport::default() };
        let cx = GroupContext {
            test_path: path,
            test_text: text,
            file_interval_ms: file.evaluation_interval_ms,
            fuzzy: file.fuzzy_compare,
            order: &order,
            rule_files: &loaded,
            files,
            options,
        };
        run_group(group, &cx, &mut g, &mut report.diagnostics);
        report.groups.push(g);
    }
    report.passed = report.aborted.is_none() && report.groups.iter().all(|g| g.failures.is_empty());
    report
}

struct GroupContext<'a> {
    test_path: &'a str,
    test_text: &'a str,
    file_interval_ms: i64,
    fuzzy: bool,
    order: &'a BTreeMap<&'a str, usize>,
    rule_files: &'a [(String, RuleFile, Vec<Diagnostic>)],
    files: &'a BTreeMap<String, String>,
    options: &'a TestOptions,
}

fn run_group(
    tg: &TestGroup,
    cx: &GroupContext<'_>,
    out: &mut GroupReport,
    diagnostics: &mut Vec<(String, Diagnostic)>,
) {
    let eval_interval = cx.file_interval_ms;
    let interval = tg.interval_ms.unwrap_or(eval_interval);
    let mint = tg.start_ms;
    // Input series.
    let mut inputs: Vec<(TimestampMs, Labels, SampleValue)> = Vec::new();
    for s in &tg.input_series {
        let line = format!("{} {}", s.series, s.values);
        match load::parse_series_description(&line) {
            Ok(desc) => {
                for (k, v) in desc.values.into_iter().enumerate() {
                    let t = mint + interval * k as i64;
                    match v {
                        SeqValue::Omitted => {}
                        SeqValue::Float(f) => {
                            inputs.push((t, desc.labels.clone(), SampleValue::Float(f)));
                        }
                        SeqValue::Histogram { h, .. } => {
                            inputs.push((t, desc.labels.clone(), SampleValue::Histogram(h)));
                        }
                    }
                }
            }
            Err(d) => {
                let inner = d.primary_span().unwrap_or(Span::new(0, 0));
                let span = input_span(cx.test_text, s, inner);
                let (_, col) = line_col(&line, inner.start as usize);
                let message = format!(
                    "error in input series {}: 1:{col}: parse error: {}",
                    quote(&line),
                    d.message
                );
                let mut diag = Diagnostic::error(codes::TEST_INPUT_SERIES, d.message.clone())
                    .with_label(span, d.labels.first().map_or("here", |l| l.message.as_str()));
                if let Some(h) = &d.help {
                    diag = diag.with_help(h.clone());
                }
                diagnostics.push((cx.test_path.to_owned(), diag));
                out.failures.push(Failure {
                    message,
                    detail: FailureDetail::Load { error: d.message },
                    span: Some(span),
                });
                return;
            }
        }
    }
    // promqltest's appendTill walks series by series; only the order in
    // time matters for what a query sees.
    inputs.sort_by_key(|(t, _, _)| *t);
    // Rule files: the first file with errors stops the group.
    for (p, _, diags) in cx.rule_files {
        let errors: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error()).collect();
        if errors.is_empty() {
            continue;
        }
        let text = cx.files.get(p).map_or("", String::as_str);
        let index = promplay_diagnostics::LineIndex::new(text);
        for d in errors {
            let at = d.primary_span().map_or(0, |s| s.start);
            let lc = index.line_col(text, at);
            out.failures.push(Failure {
                message: format!("{p}: {}:{}: {}", lc.line, lc.col, d.message),
                detail: FailureDetail::Load { error: d.message.clone() },
                span: None,
            });
        }
        return;
    }
    let engine_options = EngineOptions {
        max_samples: 10_000,
        default_subquery_step_ms: eval_interval,
        delayed_name_removal: cx.options.delayed_name_removal,
        use_start_timestamps: false,
        ..EngineOptions::default()
    };
    let eval_options = EvalOptions {
        engine: engine_options,
        default_interval_ms: interval,
        external_labels: tg.external_labels.clone(),
        external_url: tg.external_url.clone(),
        enable_at_modifier: cx.options.enable_at_modifier,
        enable_negative_offset: cx.options.enable_negative_offset,
    };
    let files: Vec<RuleFile> = cx.rule_files.iter().map(|(_, f, _)| f.clone()).collect();
    let mut engine = RuleEngine::new(&files, eval_options.clone());
    // `group_eval_order` is a partial order: unnamed groups count as 0.
    engine.groups.sort_by_key(|g| cx.order.get(g.group.name.as_str()).copied().unwrap_or(0));
    // Alert tests by evaluation time.
    if let Some(missing) = tg.alert_rule_tests.iter().find(|a| a.alertname.is_empty()) {
        let in_group =
            if tg.name.is_empty() { String::new() } else { format!(" (in TestGroup {})", tg.name) };
        out.failures.push(Failure {
            message: format!(
                "an item under alert_rule_test misses required attribute alertname at eval_time {}{in_group}",
                model_duration(missing.eval_time_ms)
            ),
            detail: FailureDetail::Load { error: "alertname missing".into() },
            span: Some(missing.span),
        });
        return;
    }
    let mut eval_times: Vec<i64> = tg.alert_rule_tests.iter().map(|a| a.eval_time_ms).collect();
    eval_times.sort_unstable();
    eval_times.dedup();
    let maxt = mint + tg.max_eval_time_ms();
    let mut storage = Storage::new();
    let mut next_input = 0usize;
    let mut curr = 0usize;
    let mut ts = mint;
    while ts <= maxt {
        while next_input < inputs.len() && inputs[next_input].0 <= ts {
            let (t, labels, value) = inputs[next_input].clone();
            storage.add(labels, t, value);
            next_input += 1;
        }
        let mut eval_errors = Vec::new();
        for g in 0..engine.groups.len() {
            let result = engine.eval_group(g, &mut storage, ts);
            for (r, e) in result.errors {
                let rule = engine.groups[g].group.rules[r].name.clone();
                eval_errors.push(Failure {
                    message: format!("    rule: {rule}, time: {}, err: {e}", go_duration(ts)),
                    detail: FailureDetail::RuleEval { rule, time_ms: ts, error: e },
                    span: None,
                });
            }
        }
        if !eval_errors.is_empty() {
            out.failures.extend(eval_errors);
            return;
        }
        while curr < eval_times.len()
            && ts - mint <= eval_times[curr]
            && eval_times[curr] < ts + eval_interval - mint
        {
            let t = eval_times[curr];
            check_alerts(tg, &engine, t, cx.fuzzy, out);
            curr += 1;
        }
        ts += eval_interval;
    }
    // PromQL expression tests, after all evaluations.
    for case in &tg.promql_expr_tests {
        out.expr_checks += 1;
        let at = mint + case.eval_time_ms;
        let time = model_duration(case.eval_time_ms);
        let fail = |error: String| Failure {
            message: format!("    expr: {}, time: {time}, err: {error}", quote(&case.expr)),
            detail: FailureDetail::Query {
                expr: case.expr.clone(),
                eval_time_ms: case.eval_time_ms,
                error,
            },
            span: Some(case.span),
        };
        let got = match query_expr(&case.expr, &storage, at, &eval_options, &cx.options.promql) {
            Ok(samples) => samples,
            Err(e) => {
                if let Some(node) = &case.expr_node
                    && let Some(inner) = e.1
                {
                    let span = yaml::value_span_to_input(cx.test_text, node, inner);
                    diagnostics.push((
                        cx.test_path.to_owned(),
                        Diagnostic::error(codes::EXPR_PARSE, e.0.clone())
                            .with_label(span, "the expression fails here"),
                    ));
                }
                out.failures.push(fail(e.0));
                continue;
            }
        };
        let mut expected = Vec::new();
        let mut bad = None;
        for s in &case.exp_samples {
            match expected_sample(s) {
                Ok(row) => expected.push(row),
                Err(e) => {
                    bad = Some(format!("labels {}: {e}", quote(&s.labels)));
                    break;
                }
            }
        }
        if let Some(e) = bad {
            out.failures.push(fail(e));
            continue;
        }
        let mut got = got;
        expected.sort_by(|a, b| a.labels.cmp(&b.labels));
        got.sort_by(|a, b| a.labels.cmp(&b.labels));
        let equal = expected.len() == got.len()
            && expected.iter().zip(&got).all(|(e, g)| {
                e.labels == g.labels
                    && floats_equal(e.value, g.value, cx.fuzzy)
                    && e.histogram == g.histogram
            });
        if !equal {
            let text = |rows: &[SampleRow]| {
                if rows.is_empty() {
                    "nil".to_owned()
                } else {
                    rows.iter().map(SampleRow::text).collect::<Vec<_>>().join(", ")
                }
            };
            out.failures.push(Failure {
                message: format!(
                    "    expr: {}, time: {time},\n        exp: {}\n        got: {}",
                    quote(&case.expr),
                    text(&expected),
                    text(&got)
                ),
                detail: FailureDetail::Samples {
                    expr: case.expr.clone(),
                    eval_time_ms: case.eval_time_ms,
                    expected,
                    got,
                },
                span: Some(case.span),
            });
        }
    }
}

/// Compares the firing alerts of every rule named in the tests at `t`.
fn check_alerts(tg: &TestGroup, engine: &RuleEngine, t: i64, fuzzy: bool, out: &mut GroupReport) {
    let _ = fuzzy;
    for case in tg.alert_rule_tests.iter().filter(|a| a.eval_time_ms == t) {
        out.alert_checks += 1;
        let mut got: Vec<AlertDiffEntry> = Vec::new();
        for g in &engine.groups {
            for (r, rule) in g.group.rules.iter().enumerate() {
                if rule.kind != RuleKind::Alerting || rule.name != case.alertname {
                    continue;
                }
                for a in g.rules[r].active.values() {
                    if a.resolved_at.is_none() && a.state == AlertState::Firing {
                        got.push(AlertDiffEntry {
                            labels: a.labels.clone(),
                            annotations: Labels::from_pairs(a.annotations.iter().cloned()),
                        });
                    }
                }
            }
        }
        let mut expected: Vec<AlertDiffEntry> = case
            .exp_alerts
            .iter()
            .map(|a| {
                let mut labels = Labels::from_pairs(a.labels.iter().cloned());
                labels.set("alertname", case.alertname.as_str());
                AlertDiffEntry {
                    labels,
                    annotations: Labels::from_pairs(a.annotations.iter().cloned()),
                }
            })
            .collect();
        got.sort();
        expected.sort();
        if expected == got {
            continue;
        }
        let name =
            if tg.name.is_empty() { String::new() } else { format!("    name: {},\n", tg.name) };
        let list = |v: &[AlertDiffEntry]| {
            let s = alerts_string(v);
            indent_lines(&s, "            ")
        };
        out.failures.push(Failure {
            message: format!(
                "{name}    alertname: {}, time: {}, \n        exp:{}, \n        got:{}",
                case.alertname,
                model_duration(case.eval_time_ms),
                list(&expected),
                list(&got)
            ),
            detail: FailureDetail::Alerts {
                alertname: case.alertname.clone(),
                eval_time_ms: case.eval_time_ms,
                expected,
                got,
            },
            span: Some(case.span),
        });
    }
}

/// `labelsAndAnnotations.String()`.
fn alerts_string(v: &[AlertDiffEntry]) -> String {
    if v.is_empty() {
        return "[]".into();
    }
    let mut s = String::from("[\n");
    for (i, a) in v.iter().enumerate() {
        if i > 0 {
            s.push_str(",\n");
        }
        s.push_str(&format!("{i}:{}", indent_lines(&format!("\n{}", a.text()), "  ")));
    }
    s.push_str("\n]");
    s
}

fn floats_equal(x: f64, y: f64, fuzzy: bool) -> bool {
    x == y || (fuzzy && (x.next_down() == y || x.next_up() == y))
}

/// promtool's `query`: the instant query at `t` as a list of samples; the
/// error text and, for parse errors, the span in the expression.
fn query_expr(
    expr: &str,
    storage: &Storage,
    t: i64,
    options: &EvalOptions,
    promql: &ParseOptions,
) -> Result<Vec<SampleRow>, (String, Option<Span>)> {
    let parsed = parse_with(expr, promql);
    let Some(e) = parsed.expr else {
        let d = parsed.diagnostics.iter().find(|d| d.is_error());
        let span = d.and_then(|d| d.primary_span());
        let (line, col) = line_col(expr, span.map_or(0, |s| s.start as usize));
        let message = d.map_or("parse error".to_owned(), |d| d.message.clone());
        return Err((format!("{line}:{col}: parse error: {message}"), span));
    };
    if let Some(reason) = feature_error(&e, options) {
        return Err((reason.to_owned(), None));
    }
    let samples = crate::eval::query(storage, &e, t, &options.engine).map_err(|e| (e, None))?;
    Ok(samples
        .into_iter()
        .map(|(labels, value)| match value {
            SampleValue::Float(f) => SampleRow { labels, value: f, histogram: String::new() },
            SampleValue::Histogram(h) => {
                SampleRow { labels, value: 0.0, histogram: test_expression(&h) }
            }
        })
        .collect())
}

/// An `exp_samples` item as a row: its labels parsed as a series, its
/// histogram literal parsed and printed canonically.
fn expected_sample(s: &super::ExpectedSample) -> Result<SampleRow, String> {
    let labels = if s.labels.trim().is_empty() {
        Labels::new()
    } else {
        let desc = load::parse_series_description(&s.labels).map_err(|d| d.message)?;
        if !desc.values.is_empty() {
            return Err("unexpected values after the series".into());
        }
        desc.labels
    };
    let mut histogram = String::new();
    if !s.histogram.is_empty() {
        let desc = load::parse_series_description(&format!("{{}} {}", s.histogram))
            .map_err(|d| d.message)?;
        match desc.values.as_slice() {
            [SeqValue::Histogram { h, .. }] => histogram = test_expression(h),
            [other] => return Err(format!("expected histogram, got {}", seq_text(other))),
            v => return Err(format!("expected 1 value, got {}", v.len())),
        }
    }
    Ok(SampleRow { labels, value: s.value, histogram })
}

fn seq_text(v: &SeqValue) -> String {
    match v {
        SeqValue::Omitted => "_".into(),
        SeqValue::Float(f) => promplay_model::format_float(*f),
        SeqValue::Histogram { h, .. } => test_expression(h),
    }
}

/// Maps a span in `series + " " + values` back into the test file.
fn input_span(text: &str, s: &super::InputSeries, inner: Span) -> Span {
    let split = s.series.len() as u32;
    let (node, shifted) = if inner.start <= split {
        (&s.series_node, inner)
    } else {
        let shift = split + 1;
        (
            &s.values_node,
            Span::new(inner.start.saturating_sub(shift), inner.end.saturating_sub(shift)),
        )
    };
    match node {
        Some(n) => {
            let clipped = Span::new(
                shifted.start.min(n.as_scalar().map_or(0, str::len) as u32),
                shifted.end.min(n.as_scalar().map_or(0, str::len) as u32),
            );
            yaml::value_span_to_input(text, n, clipped)
        }
        None => s.span,
    }
}
