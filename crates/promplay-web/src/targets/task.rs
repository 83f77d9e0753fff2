//! The Targets workbench's engine tasks. [`TargetsTask`] compiles the
//! manifests and analyses every Prometheus's targets
//! (`promplay_pipeline::targets`, the call `promplay targets` makes) in the
//! engine worker and sends back what the workbench shows: jobs, targets,
//! the "why 0 targets" chains. [`TraceTask`] is a target's relabeling rule
//! by rule, asked for when a target is clicked.
//!
//! The worker keeps the analysis of the last input, so a trace usually
//! costs one relabeling; a restarted worker (or an input that changed in
//! between) analyses again from the task's own copy of the input.

use promplay_diagnostics::Span;
use promplay_model::Labels;
use serde::{Deserialize, Serialize};

use crate::engine::{Run, Task};
use crate::operator::task::CompileTask;

/// Analyse the targets of the manifests.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TargetsTask {
    /// The manifests and operator settings, as the Operator workbench compiles them.
    pub input: CompileTask,
}

/// What the Targets workbench shows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TargetsOutput {
    /// The first operator option line that is not understood, with why.
    pub options_problem: Option<String>,
    /// One per Prometheus (and PrometheusAgent), in the operator's order.
    pub prometheuses: Vec<PrometheusView>,
    /// The monitors without an active target, with the chain of checks
    /// that says why.
    pub monitors: Vec<MonitorView>,
}

/// The jobs of one Prometheus.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PrometheusView {
    /// `Prometheus monitoring/k8s`.
    pub title: String,
    /// `monitoring/k8s`, as [`MonitorView::prometheus`] names it.
    pub name: String,
    /// Why there are no jobs (unmanaged configuration, operator error).
    pub note: Option<String>,
    /// One per `scrape_configs` entry.
    pub jobs: Vec<JobView>,
}

/// One scrape job.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobView {
    /// `job_name`.
    pub name: String,
    /// The monitor that generated it (`ServiceMonitor default/app`), or empty.
    pub source: String,
    /// What discovery was configured.
    pub discovery: String,
    /// Configuration errors and discovery notes.
    pub problems: Vec<String>,
    /// Targets that will be scraped.
    pub active: usize,
    /// Targets dropped by relabeling.
    pub dropped: usize,
    /// Every discovered target, in discovery order.
    pub targets: Vec<TargetView>,
    /// `metric_relabel_configs` as YAML, as in prometheus.yaml (empty: none).
    pub metric_relabel_yaml: String,
    /// `honor_labels`.
    pub honor_labels: bool,
    /// `honor_timestamps`.
    pub honor_timestamps: bool,
}

/// What became of a target, in the order the table lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum TargetState {
    /// Scraped.
    Up,
    /// Refused after relabeling (no address, bad interval, ...).
    Refused,
    /// Dropped by a rule.
    Dropped,
}

impl TargetState {
    /// The badge text and `data-state`.
    pub fn as_str(self) -> &'static str {
        match self {
            TargetState::Up => "up",
            TargetState::Refused => "refused",
            TargetState::Dropped => "dropped",
        }
    }
}

/// One discovered target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetView {
    /// The discovery group (`endpoints/kube-system/kube-scheduler`).
    pub group: String,
    /// Its state.
    pub state: TargetState,
    /// The scrape URL when up, else the discovered `__address__`.
    pub endpoint: String,
    /// The target labels when up; else which rule dropped it or why it
    /// was refused.
    pub detail: String,
    /// The target labels when up (empty otherwise), for the ingest preview.
    pub labels: Labels,
}

/// A monitor without an active target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonitorView {
    /// `ServiceMonitor monitoring/kube-scheduler`.
    pub object: String,
    /// The Prometheus (`namespace/name`) it was evaluated in; `None` when
    /// no Prometheus selects it.
    pub prometheus: Option<String>,
    /// Targets discovered in its jobs.
    pub discovered: usize,
    /// The checks, in order, up to the first that fails.
    pub chain: Vec<CheckView>,
}

/// One check of a "why 0 targets" chain.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckView {
    /// Stable code (`TGT01xx`).
    pub code: String,
    /// Passed (`true`) or the break (`false`).
    pub ok: bool,
    /// One line.
    pub message: String,
    /// Supporting facts.
    pub details: Vec<String>,
    /// What would fix it.
    pub fix: Option<String>,
    /// The manifest place the check is about.
    pub at: Option<Place>,
    /// The manifest place to make the fix, when it is elsewhere.
    pub fix_at: Option<Place>,
}

/// A place in the manifests: file index and byte span.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// Index into the files.
    pub file: usize,
    /// Byte span in that file.
    pub span: Span,
}

impl Task for TargetsTask {
    const KIND: &'static str = "targets-analyze";
    type Output = TargetsOutput;
}

impl Run for TargetsTask {
    fn run(self) -> TargetsOutput {
        let options_problem = self.input.options().1;
        worker::with_analysis(&self.input, |analysis| view(analysis, options_problem))
    }
}

/// One target's relabeling, rule by rule.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TraceTask {
    /// The input the target was found in.
    pub input: CompileTask,
    /// Index of the Prometheus in [`TargetsOutput::prometheuses`].
    pub prometheus: usize,
    /// Index of the job in [`PrometheusView::jobs`].
    pub job: usize,
    /// Index of the target in [`JobView::targets`].
    pub target: usize,
}

/// A target's relabeling (`None` from the task when the indexes name no target).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TraceView {
    /// The task's Prometheus, job and target indexes, so the page can tell
    /// which target this trace is of.
    pub at: (usize, usize, usize),
    /// The discovered `__address__`.
    pub address: String,
    /// The discovered labels, `{a="b", …}`.
    pub discovered: String,
    /// The rules that changed something or dropped the target.
    pub steps: Vec<TraceStep>,
}

/// What one rule did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TraceStep {
    /// Index of the rule in the job's `relabel_configs`.
    pub rule: usize,
    /// The rule in one line.
    pub summary: String,
    /// The part of the monitor it comes from, and where that is.
    pub origin: Option<(String, Option<Place>)>,
    /// The rule dropped the target.
    pub dropped: bool,
    /// Why, in words.
    pub reason: String,
    /// Labels changed: name, value before, value after (`None` = absent).
    pub changes: Vec<(String, Option<String>, Option<String>)>,
}

impl Task for TraceTask {
    const KIND: &'static str = "targets-trace";
    type Output = Option<TraceView>;
}

impl Run for TraceTask {
    fn run(self) -> Option<TraceView> {
        worker::with_analysis(&self.input, |analysis| {
            let job = analysis.prometheuses.get(self.prometheus)?.jobs.get(self.job)?;
            let target = job.targets.get(self.target)?;
            let steps = promplay_pipeline::targets::steps(job, target)
                .into_iter()
                .filter(|s| s.dropped || !s.changes.is_empty())
                .map(|s| {
                    let rule = job.rules.get(s.rule);
                    TraceStep {
                        rule: s.rule,
                        summary: rule.map(|r| r.summary.clone()).unwrap_or_default(),
                        origin: rule
                            .and_then(|r| r.origin.as_ref())
                            .map(|o| (o.what.clone(), o.at.map(place))),
                        dropped: s.dropped,
                        reason: s.reason,
                        changes: s.changes,
                    }
                })
                .collect();
            Some(TraceView {
                at: (self.prometheus, self.job, self.target),
                address: target.discovered.get("__address__").unwrap_or("").to_owned(),
                discovered: label_text(&target.discovered),
                steps,
            })
        })
    }
}

/// The worker's side: the analysis of the last input. Nothing in here may
/// be called from page code.
mod worker {
    use promplay_pipeline::targets::{Analysis, analyze_report};
    use std::cell::RefCell;

    use crate::operator::task::CompileTask;

    thread_local! {
        static LAST: RefCell<Option<(CompileTask, Analysis)>> = const { RefCell::new(None) };
    }

    /// Calls `f` with the analysis of `input`, computed now unless it is
    /// the last one analysed.
    pub(super) fn with_analysis<T>(input: &CompileTask, f: impl FnOnce(&Analysis) -> T) -> T {
        LAST.with(|last| {
            let mut last = last.borrow_mut();
            if last.as_ref().is_none_or(|(seen, _)| seen != input) {
                let report =
                    crate::operator::task::worker::compile(&input.sources(), &input.options().0);
                *last = Some((input.clone(), analyze_report(&report)));
            }
            let (_, analysis) = last.as_ref().expect("just analysed");
            f(analysis)
        })
    }

    /// Drops the kept analysis, as a restarted worker has none.
    #[cfg(test)]
    pub(super) fn forget() {
        LAST.with(|last| *last.borrow_mut() = None);
    }
}

/// `{a="b", c="d"}`, the way the workbench prints a label set.
pub(crate) fn label_text(labels: &Labels) -> String {
    let parts: Vec<String> = labels.iter().map(|l| format!("{}={:?}", l.name, l.value)).collect();
    format!("{{{}}}", parts.join(", "))
}

fn place(l: promplay_pipeline::targets::Location) -> Place {
    Place { file: l.file, span: l.span }
}

fn view(
    analysis: &promplay_pipeline::targets::Analysis,
    options_problem: Option<String>,
) -> TargetsOutput {
    use promplay_pipeline::targets::Outcome;
    let prometheuses = analysis
        .prometheuses
        .iter()
        .map(|p| PrometheusView {
            title: format!("{} {}/{}", p.kind, p.namespace, p.name),
            name: format!("{}/{}", p.namespace, p.name),
            note: p.note.clone(),
            jobs: p
                .jobs
                .iter()
                .map(|j| JobView {
                    name: j.name.clone(),
                    source: j.source.as_ref().map(|(o, _)| o.to_string()).unwrap_or_default(),
                    discovery: j.discovery.join("; "),
                    problems: j.problems.clone(),
                    active: j.active(),
                    dropped: j.dropped(),
                    targets: j
                        .targets
                        .iter()
                        .map(|t| {
                            let address = t.discovered.get("__address__").unwrap_or("").to_owned();
                            let (state, endpoint, detail, labels) = match &t.outcome {
                                Outcome::Active { labels, url, .. } => (
                                    TargetState::Up,
                                    url.clone(),
                                    label_text(labels),
                                    labels.clone(),
                                ),
                                Outcome::Dropped { rule } => {
                                    let why = match j.rules.get(*rule) {
                                        Some(r) => match &r.origin {
                                            Some(o) => format!(
                                                "dropped by rule #{}, from {}",
                                                rule + 1,
                                                o.what
                                            ),
                                            None => {
                                                format!(
                                                    "dropped by rule #{}: {}",
                                                    rule + 1,
                                                    r.summary
                                                )
                                            }
                                        },
                                        None => format!("dropped by rule #{}", rule + 1),
                                    };
                                    (TargetState::Dropped, address, why, Labels::default())
                                }
                                Outcome::Invalid { message } => (
                                    TargetState::Refused,
                                    address,
                                    message.clone(),
                                    Labels::default(),
                                ),
                            };
                            TargetView { group: t.group.clone(), state, endpoint, detail, labels }
                        })
                        .collect(),
                    metric_relabel_yaml: j
                        .metric_relabel_configs
                        .as_ref()
                        .map(promplay_pipeline::operator::emit_yaml)
                        .unwrap_or_default(),
                    honor_labels: j.settings.honor_labels,
                    honor_timestamps: j.settings.honor_timestamps,
                })
                .collect(),
        })
        .collect();
    let monitors = analysis
        .monitors
        .iter()
        .filter(|m| m.active == 0)
        .map(|m| MonitorView {
            object: m.object.to_string(),
            prometheus: m.prometheus.clone(),
            discovered: m.discovered,
            chain: m
                .chain
                .iter()
                .map(|s| CheckView {
                    code: s.code.to_owned(),
                    ok: s.ok,
                    message: s.message.clone(),
                    details: s.details.clone(),
                    fix: s.fix.clone(),
                    at: s.at.map(place),
                    fix_at: s.fix_at.map(place),
                })
                .collect(),
        })
        .collect();
    TargetsOutput { options_problem, prometheuses, monitors }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::tasks::round_trip;

    fn scenario(id: &str) -> CompileTask {
        let files = crate::operator::scenario(id).expect("a seed scenario");
        CompileTask {
            files: files.into_iter().map(|f| (f.name, f.text)).collect(),
            ..CompileTask::default()
        }
    }

    fn job<'a>(out: &'a TargetsOutput, name: &str) -> (usize, &'a JobView) {
        let jobs = &out.prometheuses[0].jobs;
        let i = jobs.iter().position(|j| j.name == name).expect("the job");
        (i, &jobs[i])
    }

    #[test]
    fn the_example_app_has_three_active_targets() {
        let out = round_trip(TargetsTask { input: scenario("example-app") });
        let (_, j) = job(&out, "serviceMonitor/default/example-app/0");
        assert_eq!(j.active, 3);
        let up = j.targets.iter().find(|t| t.state == TargetState::Up).unwrap();
        assert_eq!(up.labels.get("job"), Some("example-app"));
        assert!(up.detail.starts_with('{'));
        assert!(out.monitors.is_empty(), "no monitor without targets");
    }

    #[test]
    fn the_zero_targets_pitfall_is_explained_and_traced() {
        let input = scenario("zero-targets");
        let out = round_trip(TargetsTask { input: input.clone() });
        let why = out
            .monitors
            .iter()
            .find(|m| m.object == "ServiceMonitor monitoring/kube-scheduler")
            .expect("the monitor without targets");
        let broken: Vec<_> = why.chain.iter().filter(|c| !c.ok).collect();
        assert_eq!(broken.len(), 1);
        assert_eq!(broken[0].code, "TGT0102");
        assert!(broken[0].at.is_some());
        let (j, view) = job(&out, "serviceMonitor/monitoring/kube-scheduler/0");
        let t = view.targets.iter().position(|t| t.state == TargetState::Dropped).unwrap();
        // A trace in a fresh worker analyses again from the task's input.
        super::worker::forget();
        let trace = round_trip(TraceTask { input, prometheus: 0, job: j, target: t })
            .expect("the target exists");
        let dropped = trace.steps.iter().find(|s| s.dropped).expect("the dropping rule");
        assert!(
            dropped
                .summary
                .starts_with("keep [__meta_kubernetes_service_label_app_kubernetes_io_name")
        );
        let (what, _) = dropped.origin.as_ref().expect("from the selector");
        assert!(what.contains("app.kubernetes.io/name=kube-scheduler"), "{what}");
    }

    #[test]
    fn a_trace_of_a_target_that_is_gone_is_none() {
        let task = TraceTask { input: scenario("example-app"), prometheus: 9, job: 0, target: 0 };
        assert_eq!(round_trip(task), None);
    }
}
