//! The Rules workbench's engine tasks and the views they answer with.
//!
//! Rule evaluation, promtool unit tests and Alertmanager routing run in the
//! engine worker (`crate::engine`); the page sends the texts the person
//! typed and renders the views below. The views are display-ready (times in
//! milliseconds, labels and messages as text), so the page needs no engine
//! code to show them: `work.rs`, reached only from the worker's
//! `engine::tasks::dispatch`, builds them.

use crate::engine::Task;
use promplay_diagnostics::Diagnostic;
use promplay_model::Labels;
use serde::{Deserialize, Serialize};

/// The Query workbench's data as it last saved it: series in `load`
/// notation and scrapes with the time each was taken at.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DataSources {
    /// The series editor's text.
    pub series: String,
    /// Exposition texts and their scrape times (ms since the epoch).
    pub scrapes: Vec<(String, i64)>,
}

/// Evaluate rules over the Query workbench's data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvalRules {
    /// The data the rules read.
    pub sources: DataSources,
    /// The rule file or PrometheusRule manifests.
    pub rules: String,
    /// First evaluation as typed; empty for the start of the data.
    pub start: String,
    /// Last evaluation as typed; empty for the end of the data.
    pub end: String,
    /// The global evaluation interval as typed.
    pub interval: String,
    /// `--web.external-url`.
    pub external_url: String,
}

impl Task for EvalRules {
    const KIND: &'static str = "rules.eval";
    type Output = RulesView;
}

/// What the Query workbench's data held once loaded.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DataSummary {
    /// Number of series.
    pub series: usize,
    /// The time range of the samples.
    pub range: Option<(i64, i64)>,
    /// Number of problems the sources had.
    pub problems: usize,
}

/// A rule evaluation, ready to draw.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RulesView {
    /// The data the rules were evaluated over.
    pub data: DataSummary,
    /// A setting that could not be read (and the value used instead).
    pub problem: Option<String>,
    /// Reading and evaluation diagnostics, spans into the rule text.
    pub diagnostics: Vec<Diagnostic>,
    /// Failed evaluations, one message per run of equal errors.
    pub rule_errors: Vec<String>,
    /// The evaluated range (ms).
    pub start: i64,
    /// The end of the evaluated range (ms).
    pub end: i64,
    /// Number of rule groups.
    pub groups: usize,
    /// Number of rules.
    pub rules: usize,
    /// Number of group evaluations.
    pub evaluations: usize,
    /// Whether any rule is an alerting rule.
    pub has_alerting: bool,
    /// One timeline per alert.
    pub alerts: Vec<AlertView>,
    /// The series the rules wrote.
    pub produced: Vec<ProducedView>,
    /// The written series in `load` notation, for "Use in Query".
    pub load: LoadBlock,
}

/// One alert (rule and label set) over the range.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AlertView {
    /// The alert name.
    pub alertname: String,
    /// Its identifying labels (`alertname` included).
    pub labels: Labels,
    /// Consecutive state bands.
    pub bands: Vec<BandView>,
}

/// A stretch of time in one alert state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BandView {
    /// `pending`, `firing` or `inactive`.
    pub state: BandState,
    /// First evaluation in this state (ms).
    pub start: i64,
    /// Where the band ends (ms).
    pub end: i64,
    /// `ActiveAt` during the band.
    pub active_at: i64,
    /// `FiredAt`, if it fired.
    pub fired_at: Option<i64>,
    /// `ResolvedAt`, for an inactive band.
    pub resolved_at: Option<i64>,
    /// The expression's value at the band's last evaluation.
    pub value: Option<f64>,
    /// The annotations as last rendered in this band.
    pub annotations: Vec<(String, String)>,
}

/// An alert's state (Prometheus' `AlertState`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BandState {
    /// Resolved, while Prometheus still keeps the alert.
    Inactive,
    /// Active, waiting for `for`.
    Pending,
    /// Firing.
    Firing,
}

impl BandState {
    /// The name Prometheus uses (`pending`).
    pub fn as_str(self) -> &'static str {
        match self {
            BandState::Inactive => "inactive",
            BandState::Pending => "pending",
            BandState::Firing => "firing",
        }
    }
}

/// A series the rules wrote.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProducedView {
    /// The series' labels as text.
    pub labels: String,
    /// Number of samples (staleness markers included).
    pub samples: usize,
    /// The last value that is not a staleness marker, with its time.
    pub last: Option<String>,
}

/// The written series as `load` blocks.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LoadBlock {
    /// The blocks' text.
    pub text: String,
    /// Number of series in it.
    pub count: usize,
    /// Series left out because their samples are not evenly spaced.
    pub skipped: usize,
}

/// Run a promtool unit-test file against the rules text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunUnitTests {
    /// The unit-test file.
    pub tests: String,
    /// The rules editor's text (`rules.yml` for the test).
    pub rules: String,
}

impl Task for RunUnitTests {
    const KIND: &'static str = "rules.unit_tests";
    type Output = TestsView;
}

/// `promtool test rules` for one file, ready to draw.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TestsView {
    /// Whether every test passed.
    pub passed: bool,
    /// Number of failures.
    pub failures: usize,
    /// What promtool prints on stdout.
    pub stdout: String,
    /// What promtool prints on stderr.
    pub stderr: String,
    /// Why the file could not be run at all.
    pub aborted: Option<String>,
    /// promtool's warnings.
    pub warnings: Vec<String>,
    /// One entry per test group.
    pub groups: Vec<TestGroupView>,
    /// Diagnostics with spans into the unit-test text.
    pub diagnostics: Vec<Diagnostic>,
}

/// One test group's verdict.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TestGroupView {
    /// The group's name.
    pub name: String,
    /// Number of `alert_rule_test` entries.
    pub alert_checks: usize,
    /// Number of `promql_expr_test` entries.
    pub expr_checks: usize,
    /// Its failures.
    pub failures: Vec<TestFailureView>,
}

/// One failed check.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TestFailureView {
    /// promtool's message.
    pub message: String,
    /// Expected alerts or samples, one a line.
    pub expected: Vec<String>,
    /// What the rules produced, one a line.
    pub got: Vec<String>,
}

/// Read an Alertmanager configuration (or manifests), route an alert and
/// check inhibition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnalyzeAlertmanager {
    /// alertmanager.yaml, or Alertmanager manifests.
    pub text: String,
    /// The route tester's label set.
    pub route_labels: String,
    /// Firing alerts, one label set a line.
    pub inhibit_alerts: String,
}

impl Task for AnalyzeAlertmanager {
    const KIND: &'static str = "rules.alertmanager";
    type Output = AmView;
}

/// The Alertmanager panel, ready to draw.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AmView {
    /// `namespace/name` of the Alertmanager the configuration was generated for.
    pub generated: Option<String>,
    /// Diagnostics with spans into the editor's text.
    pub input_diagnostics: Vec<Diagnostic>,
    /// Errors to list above the tree.
    pub problems: Vec<String>,
    /// The routing tree in depth-first order (`None` when unreadable).
    pub tree: Option<Vec<RouteNodeView>>,
    /// Where the route tester's alert goes.
    pub route: RouteOutcome,
    /// The inhibition check.
    pub inhibition: InhibitOutcome,
}

impl Default for InhibitOutcome {
    fn default() -> InhibitOutcome {
        InhibitOutcome::Rows(Vec::new())
    }
}

/// One route of the tree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RouteNodeView {
    /// `route.routes[1]`.
    pub path: String,
    /// 0 for the root.
    pub depth: usize,
    /// `matched`, `rejected`, `not-reached`, or `none` without a tested alert.
    pub visit: String,
    /// Whether the tested alert is delivered here.
    pub delivers: bool,
    /// The route's matchers.
    pub matchers: Vec<MatcherView>,
    /// `continue: true`.
    pub continue_: bool,
    /// Receiver, `group_by`, `group_wait`, `group_interval`, `repeat_interval`,
    /// each as text with whether it is inherited (or a default).
    pub settings: [(String, bool); 5],
    /// Where the route came from, for a generated configuration.
    pub origin: Option<String>,
}

/// One matcher of a route.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MatcherView {
    /// `severity="critical"`.
    pub text: String,
    /// Whether it rejected the tested alert.
    pub rejected: bool,
    /// Whether the operator added it.
    pub injected: bool,
}

/// The route tester's answer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum RouteOutcome {
    /// No tree to route through.
    #[default]
    NoTree,
    /// The labels could not be read.
    BadLabels(String),
    /// The receivers, and a line per notification pipeline.
    Routed {
        /// The receivers, in order.
        receivers: Vec<String>,
        /// `(receiver, "via route.routes[0] · group_by … ")` per match.
        pipelines: Vec<(String, String)>,
    },
}

/// The inhibition check's answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum InhibitOutcome {
    /// A line could not be read.
    BadAlerts(String),
    /// A verdict per alert.
    Rows(Vec<InhibitRow>),
}

/// One alert of the inhibition check.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InhibitRow {
    /// The alert's labels as text.
    pub labels: String,
    /// Whether it is muted.
    pub muted: bool,
    /// The verdict as text.
    pub verdict: String,
}
