//! promtool's rule unit tests (`promtool test rules`, `cmd/promtool/unittest.go`):
//! the test-file format, read strictly like `yaml.UnmarshalStrict` with a
//! diagnostic at every problem, and the runner ([`run_file`]) that loads the
//! input series lazily, evaluates every group at each evaluation interval,
//! checks alerts at their `eval_time`s and PromQL expressions at the end,
//! and reports failures in promtool's words plus a structured form with
//! got/expected for a readable diff.

pub mod gofmt;
mod histogram;
mod paths;
mod run;

use promplay_diagnostics::{Diagnostic, Span};
use promplay_model::Labels;

use crate::codes;
use crate::decode::Decoder;
use crate::yaml::{self, Node};

pub use paths::{glob_match, has_glob_meta, join_path, parent_dir};
pub use run::{
    AlertDiffEntry, Failure, FailureDetail, FileReport, GroupReport, SampleRow, TestOptions,
    diff_lines, run_file,
};

/// A parsed unit-test file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TestFile {
    /// `rule_files` as written, with their positions.
    pub rule_files: Vec<(String, Span)>,
    /// `evaluation_interval` in ms (1m when absent or 0).
    pub evaluation_interval_ms: i64,
    /// `group_eval_order`.
    pub group_eval_order: Vec<(String, Span)>,
    /// `tests`.
    pub tests: Vec<TestGroup>,
    /// `fuzzy_compare`: floats equal when one ULP apart.
    pub fuzzy_compare: bool,
}

/// One entry of `tests`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TestGroup {
    /// `interval` in ms (the evaluation interval when absent).
    pub interval_ms: Option<i64>,
    /// `input_series`.
    pub input_series: Vec<InputSeries>,
    /// `alert_rule_test`.
    pub alert_rule_tests: Vec<AlertTestCase>,
    /// `promql_expr_test`.
    pub promql_expr_tests: Vec<PromqlTestCase>,
    /// `external_labels`.
    pub external_labels: Labels,
    /// `external_url`.
    pub external_url: String,
    /// `name`.
    pub name: String,
    /// `start_timestamp` in ms since the epoch (0 when absent).
    pub start_ms: i64,
    /// The whole entry.
    pub span: Span,
}

/// One input series: the series and its values in the expanding notation.
#[derive(Clone, Debug, PartialEq)]
pub struct InputSeries {
    /// `series`, e.g. `up{job="a"}`.
    pub series: String,
    /// `values`, e.g. `0+1x10 _ stale`.
    pub values: String,
    /// The `series` value node.
    pub series_node: Option<Node>,
    /// The `values` value node.
    pub values_node: Option<Node>,
    /// The whole entry.
    pub span: Span,
}

/// One `alert_rule_test` item.
#[derive(Clone, Debug, PartialEq)]
pub struct AlertTestCase {
    /// `eval_time` in ms after the start.
    pub eval_time_ms: i64,
    /// `alertname`.
    pub alertname: String,
    /// `exp_alerts`.
    pub exp_alerts: Vec<ExpectedAlert>,
    /// The whole item.
    pub span: Span,
}

/// One expected alert: its labels (without `alertname`) and annotations.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExpectedAlert {
    /// `exp_labels`.
    pub labels: Vec<(String, String)>,
    /// `exp_annotations`.
    pub annotations: Vec<(String, String)>,
}

/// One `promql_expr_test` item.
#[derive(Clone, Debug, PartialEq)]
pub struct PromqlTestCase {
    /// `expr`.
    pub expr: String,
    /// `eval_time` in ms after the start.
    pub eval_time_ms: i64,
    /// `exp_samples`.
    pub exp_samples: Vec<ExpectedSample>,
    /// The `expr` node (positions of PromQL errors).
    pub expr_node: Option<Node>,
    /// The whole item.
    pub span: Span,
}

/// One expected sample.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExpectedSample {
    /// `labels`, a series selector text such as `up{job="a"}` (may be empty).
    pub labels: String,
    /// `value`.
    pub value: f64,
    /// `histogram`, a native histogram literal (when set, `value` is ignored).
    pub histogram: String,
    /// The whole item.
    pub span: Span,
}

/// A unit-test file read from text, with every problem found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParsedTestFile {
    /// What could be read.
    pub file: TestFile,
    /// Problems, with spans into the text.
    pub diagnostics: Vec<Diagnostic>,
}

const FILE_FIELDS: &[&str] =
    &["rule_files", "evaluation_interval", "group_eval_order", "tests", "fuzzy_compare"];
const GROUP_FIELDS: &[&str] = &[
    "interval",
    "input_series",
    "alert_rule_test",
    "promql_expr_test",
    "external_labels",
    "external_url",
    "name",
    "start_timestamp",
];

/// Reads a unit-test file (always strictly: promtool uses
/// `yaml.UnmarshalStrict`; `--ignore-unknown-fields` only concerns rule files).
pub fn parse_test_file(text: &str) -> ParsedTestFile {
    let (docs, syntax) = yaml::parse_documents(text);
    let mut d = Decoder::new(text, true);
    let mut file = TestFile { evaluation_interval_ms: 60_000, ..TestFile::default() };
    if let Some(e) = syntax {
        d.diagnostics.push(
            Diagnostic::error(codes::YAML_SYNTAX, format!("invalid YAML: {}", e.message))
                .with_label(e.span, "here"),
        );
    }
    if let Some(root) = docs.first()
        && let Some(fields) = d.fields(root, "main.unitTestFile", FILE_FIELDS)
    {
        if let Some(n) = fields.get("rule_files").and_then(|n| d.seq(n)) {
            for item in n {
                if let Some(s) = d.string(item) {
                    file.rule_files.push((s, item.span));
                }
            }
        }
        if let Some(ms) = fields.get("evaluation_interval").and_then(|n| d.duration(n))
            && ms != 0
        {
            file.evaluation_interval_ms = ms;
        }
        if let Some(n) = fields.get("group_eval_order").and_then(|n| d.seq(n)) {
            for item in n {
                if let Some(s) = d.string(item) {
                    file.group_eval_order.push((s, item.span));
                }
            }
        }
        file.fuzzy_compare = fields.get("fuzzy_compare").and_then(|n| d.bool(n)).unwrap_or(false);
        if let Some(n) = fields.get("tests").and_then(|n| d.seq(n)) {
            for item in n {
                if let Some(g) = read_group(&mut d, item) {
                    file.tests.push(g);
                }
            }
        }
    }
    ParsedTestFile { file, diagnostics: d.diagnostics }
}

fn read_group(d: &mut Decoder, node: &Node) -> Option<TestGroup> {
    let fields = d.fields(node, "main.testGroup", GROUP_FIELDS)?;
    let mut g = TestGroup { span: node.span, ..TestGroup::default() };
    g.interval_ms = fields.get("interval").and_then(|n| d.duration(n)).filter(|&ms| ms != 0);
    g.name = fields.get("name").and_then(|n| d.string(n)).unwrap_or_default();
    g.external_url = fields.get("external_url").and_then(|n| d.string(n)).unwrap_or_default();
    if let Some(n) = fields.get("external_labels") {
        for e in d.string_map(n) {
            g.external_labels.set(e.key, e.value);
        }
    }
    if let Some(n) = fields.get("start_timestamp")
        && let Some(s) = d.string(n)
        && !n.is_null()
    {
        match gofmt::parse_time(&s) {
            Some(ms) => g.start_ms = ms,
            None => d.diagnostics.push(
                Diagnostic::error(
                    codes::TEST_START_TIMESTAMP,
                    format!("cannot parse {s:?} to a valid timestamp"),
                )
                .with_label(n.span, "expected a timestamp")
                .with_help(
                    "write Unix seconds (`1704067200`) or RFC 3339 (`2024-01-01T00:00:00Z`)",
                ),
            ),
        }
    }
    if let Some(items) = fields.get("input_series").and_then(|n| d.seq(n)) {
        for item in items {
            let Some(f) = d.fields(item, "main.series", &["series", "values"]) else { continue };
            let series_node = f.get("series");
            let values_node = f.get("values");
            g.input_series.push(InputSeries {
                series: series_node.and_then(|n| d.string(n)).unwrap_or_default(),
                values: values_node.and_then(|n| d.string(n)).unwrap_or_default(),
                series_node: series_node.cloned(),
                values_node: values_node.cloned(),
                span: item.span,
            });
        }
    }
    if let Some(items) = fields.get("alert_rule_test").and_then(|n| d.seq(n)) {
        for item in items {
            let Some(f) =
                d.fields(item, "main.alertTestCase", &["eval_time", "alertname", "exp_alerts"])
            else {
                continue;
            };
            let mut case = AlertTestCase {
                eval_time_ms: f.get("eval_time").and_then(|n| d.duration(n)).unwrap_or(0),
                alertname: f.get("alertname").and_then(|n| d.string(n)).unwrap_or_default(),
                exp_alerts: Vec::new(),
                span: item.span,
            };
            if let Some(alerts) = f.get("exp_alerts").and_then(|n| d.seq(n)) {
                for a in alerts {
                    let Some(af) = d.fields(a, "main.alert", &["exp_labels", "exp_annotations"])
                    else {
                        continue;
                    };
                    let mut exp = ExpectedAlert::default();
                    if let Some(n) = af.get("exp_labels") {
                        exp.labels =
                            d.string_map(n).into_iter().map(|e| (e.key, e.value)).collect();
                    }
                    if let Some(n) = af.get("exp_annotations") {
                        exp.annotations =
                            d.string_map(n).into_iter().map(|e| (e.key, e.value)).collect();
                    }
                    case.exp_alerts.push(exp);
                }
            }
            g.alert_rule_tests.push(case);
        }
    }
    if let Some(items) = fields.get("promql_expr_test").and_then(|n| d.seq(n)) {
        for item in items {
            let Some(f) =
                d.fields(item, "main.promqlTestCase", &["expr", "eval_time", "exp_samples"])
            else {
                continue;
            };
            let mut case = PromqlTestCase {
                expr: f.get("expr").and_then(|n| d.string(n)).unwrap_or_default(),
                eval_time_ms: f.get("eval_time").and_then(|n| d.duration(n)).unwrap_or(0),
                exp_samples: Vec::new(),
                expr_node: f.get("expr").cloned(),
                span: item.span,
            };
            if let Some(samples) = f.get("exp_samples").and_then(|n| d.seq(n)) {
                for s in samples {
                    let Some(sf) = d.fields(s, "main.sample", &["labels", "value", "histogram"])
                    else {
                        continue;
                    };
                    case.exp_samples.push(ExpectedSample {
                        labels: sf.get("labels").and_then(|n| d.string(n)).unwrap_or_default(),
                        value: sf.get("value").and_then(|n| d.float(n)).unwrap_or(0.0),
                        histogram: sf
                            .get("histogram")
                            .and_then(|n| d.string(n))
                            .unwrap_or_default(),
                        span: s.span,
                    });
                }
            }
            g.promql_expr_tests.push(case);
        }
    }
    Some(g)
}

impl TestGroup {
    /// The largest `eval_time` of the group's tests (`maxEvalTime`).
    pub fn max_eval_time_ms(&self) -> i64 {
        let alerts = self.alert_rule_tests.iter().map(|a| a.eval_time_ms);
        let exprs = self.promql_expr_tests.iter().map(|p| p.eval_time_ms);
        alerts.chain(exprs).max().unwrap_or(0).max(0)
    }
}
