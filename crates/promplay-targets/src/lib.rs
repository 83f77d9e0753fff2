//! Scrape targets without a cluster: for every job of every generated
//! prometheus.yaml, the targets Kubernetes discovery (or `static_configs`)
//! yields over the pasted objects, the labels Prometheus gives them before
//! relabeling, every relabeling step, and the final target labels or the
//! rule that dropped the target, like Prometheus' /targets and
//! /service-discovery pages. For every ServiceMonitor, PodMonitor and Probe
//! without an active target, the chain of checks that explains why, stopping
//! at the first break, with a fix where one is obvious.
//!
//! The crate is pure: it reads the operator's [`Inventory`] and the value
//! trees of the generated configurations, and returns data.

pub mod codes;
mod explain;
mod job;
mod origin;
mod populate;
mod trace;

use promplay_diagnostics::Span;
use promplay_model::Labels;
use promplay_operator::Value;
use promplay_operator::intake::Inventory;

pub use job::Settings;
pub use populate::scrape_url;
pub use trace::steps;

/// One Prometheus (or PrometheusAgent) and what the operator generated for it.
#[derive(Clone, Debug)]
pub struct PrometheusInput<'a> {
    /// `Prometheus` or `PrometheusAgent`.
    pub kind: &'a str,
    /// Namespace.
    pub namespace: &'a str,
    /// Name.
    pub name: &'a str,
    /// The generated configuration tree; `None` when unmanaged or when the
    /// operator failed (see `error`).
    pub config: Option<&'a Value>,
    /// Why the operator could not generate the configuration.
    pub error: Option<&'a str>,
    /// The operator's selection report: every candidate monitor.
    pub candidates: Vec<Candidate<'a>>,
}

/// One row of the operator's selection report.
#[derive(Clone, Debug)]
pub struct Candidate<'a> {
    /// `ServiceMonitor`, `PodMonitor`, `Probe`, `ScrapeConfig`, ...
    pub kind: &'a str,
    /// Namespace.
    pub namespace: &'a str,
    /// Name.
    pub name: &'a str,
    /// Selected and valid.
    pub selected: bool,
    /// Why not (the operator's words).
    pub reason: Option<&'a str>,
}

/// A place in the manifests: input file index and byte span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    /// Index into the input files.
    pub file: usize,
    /// Byte span in that file.
    pub span: Span,
}

/// A Kubernetes object a job or a step is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectRef {
    /// Kind.
    pub kind: String,
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
}

impl std::fmt::Display for ObjectRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}/{}", self.kind, self.namespace, self.name)
    }
}

/// Everything the analysis found.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    /// One per Prometheus, in the order given.
    pub prometheuses: Vec<PrometheusTargets>,
    /// One per ServiceMonitor, PodMonitor and Probe and Prometheus that
    /// selects it (or one with `prometheus: None` when none does).
    pub monitors: Vec<MonitorReport>,
}

/// The jobs and targets of one Prometheus.
#[derive(Clone, Debug)]
pub struct PrometheusTargets {
    /// `Prometheus` or `PrometheusAgent`.
    pub kind: String,
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// Why there are no jobs (unmanaged configuration, operator error).
    pub note: Option<String>,
    /// One per `scrape_configs` entry, in the configuration's order.
    pub jobs: Vec<Job>,
}

/// One scrape job.
#[derive(Clone, Debug)]
pub struct Job {
    /// `job_name`.
    pub name: String,
    /// The object that generated it (`serviceMonitor/<ns>/<name>/<i>` →
    /// the ServiceMonitor) and the endpoint index, when there is one.
    pub source: Option<(ObjectRef, Option<usize>)>,
    /// The settings that become target labels.
    pub settings: Settings,
    /// What discovery was configured, one line each (`kubernetes_sd role=endpoints namespaces=[kube-system]`).
    pub discovery: Vec<String>,
    /// The `relabel_configs`, in order.
    pub rules: Vec<Rule>,
    /// The same rules as Prometheus reads them (an unreadable one is an
    /// empty rule; the job then has no targets, see [`Rule::error`]).
    pub relabel_rules: Vec<promplay_relabel::RelabelConfig>,
    /// `metric_relabel_configs` as in the configuration.
    pub metric_relabel_configs: Option<Value>,
    /// The same rules, read as Prometheus reads them (for the ingest
    /// preview); a rule that cannot be read is left out and reported in
    /// [`Job::problems`].
    pub metric_rules: Vec<promplay_relabel::RelabelConfig>,
    /// Every discovered target, in discovery order.
    pub targets: Vec<Target>,
    /// Problems: configuration errors, discovery notes, kinds of discovery
    /// the playground cannot run.
    pub problems: Vec<String>,
}

impl Job {
    /// Targets that will be scraped.
    pub fn active(&self) -> usize {
        self.targets.iter().filter(|t| matches!(t.outcome, Outcome::Active { .. })).count()
    }

    /// Targets dropped by relabeling.
    pub fn dropped(&self) -> usize {
        self.targets.iter().filter(|t| matches!(t.outcome, Outcome::Dropped { .. })).count()
    }
}

/// One relabeling rule of a job.
#[derive(Clone, Debug)]
pub struct Rule {
    /// The rule in one line (`keep [__meta_kubernetes_endpoint_port_name] =~ web`).
    pub summary: String,
    /// Where it comes from in the monitor, when known.
    pub origin: Option<Origin>,
    /// Why Prometheus would refuse it (the configuration then fails to load).
    pub error: Option<String>,
}

/// The part of a monitor a generated rule comes from.
#[derive(Clone, Debug, PartialEq)]
pub struct Origin {
    /// Field path in the monitor (`spec.selector.matchLabels.app`).
    pub path: String,
    /// What it is, for people (`the selector's label app=example-app`).
    pub what: String,
    /// Position of that field in the manifests.
    pub at: Option<Location>,
}

/// One discovered target.
#[derive(Clone, Debug)]
pub struct Target {
    /// The discovery group (`endpoints/kube-system/kube-scheduler`, `static/0`).
    pub group: String,
    /// Labels before relabeling (Prometheus' "Discovered Labels").
    pub discovered: Labels,
    /// What became of it ([`steps`] gives the rule-by-rule trace).
    pub outcome: Outcome,
}

/// What became of a target.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Scraped: the public labels, the address and the URL.
    Active {
        /// The target labels (`__`-prefixed removed).
        labels: Labels,
        /// `__address__`.
        address: String,
        /// The scrape URL.
        url: String,
    },
    /// Dropped by rule `rule` (index into [`Job::rules`]).
    Dropped {
        /// The rule index.
        rule: usize,
    },
    /// Refused after relabeling (no address, bad interval, ...).
    Invalid {
        /// Prometheus' message.
        message: String,
    },
}

/// What one relabeling rule did to a target.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// Index into [`Job::rules`].
    pub rule: usize,
    /// Labels changed: name, value before, value after (`None` = absent).
    pub changes: Vec<(String, Option<String>, Option<String>)>,
    /// The rule dropped the target.
    pub dropped: bool,
    /// Why, in words (``regex `web` did not match `metrics` ``).
    pub reason: String,
}

/// Whether a monitor has targets in one Prometheus, and if not, why.
#[derive(Clone, Debug)]
pub struct MonitorReport {
    /// The monitor.
    pub object: ObjectRef,
    /// The Prometheus (`namespace/name`) it was evaluated in; `None` when no
    /// Prometheus selects it.
    pub prometheus: Option<String>,
    /// Its jobs in that Prometheus.
    pub jobs: Vec<String>,
    /// Targets discovered in its jobs.
    pub discovered: usize,
    /// Active targets.
    pub active: usize,
    /// When `active` is 0: the checks, in order, up to the first that fails.
    pub chain: Vec<ChainStep>,
}

/// One check of the "why 0 targets" chain.
#[derive(Clone, Debug, PartialEq)]
pub struct ChainStep {
    /// Stable code (`TGT01xx`).
    pub code: &'static str,
    /// Passed (`true`) or the break (`false`).
    pub ok: bool,
    /// One line.
    pub message: String,
    /// Supporting facts (nearest misses, the ports there are).
    pub details: Vec<String>,
    /// What would fix it.
    pub fix: Option<String>,
    /// The manifest place the step is about.
    pub at: Option<Location>,
    /// The manifest place the fix is to be made, when it is elsewhere
    /// (the Service that needs a label).
    pub fix_at: Option<Location>,
}

/// Runs the analysis for every Prometheus.
pub fn analyze(inventory: &Inventory, prometheuses: &[PrometheusInput<'_>]) -> Analysis {
    let mut out = Analysis::default();
    for p in prometheuses {
        out.prometheuses.push(trace::prometheus(inventory, p));
    }
    out.monitors = explain::monitors(inventory, prometheuses, &out.prometheuses);
    out
}

/// The location of field `path` of an object, if the object is in the inventory.
pub(crate) fn locate(inventory: &Inventory, o: &ObjectRef, path: &str) -> Option<Location> {
    let obj = inventory.get(&o.kind, &o.namespace, &o.name)?;
    let span = if path.is_empty() { obj.key_span("metadata.name") } else { obj.value_span(path) };
    Some(Location { file: obj.file, span })
}
