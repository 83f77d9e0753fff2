//! The Relabel workbench's engine tasks and the display-ready views they
//! return. [`RelabelTask`] reads the rules and label sets and traces every
//! set; [`IngestTask`] previews one scrape of one target. Both run in the
//! engine worker ([`Run`] is only reachable from `engine::tasks::dispatch`),
//! so the page's wasm links neither `promplay-relabel` nor the `regex`
//! crate: the page only reads these views.
//!
//! The views hold what the page shows, already worded (label sets printed,
//! changes described, positions turned into lines and columns), because the
//! words come from the engine's own formatting functions.

use promplay_diagnostics::{Diagnostic, LineIndex, Severity, Span};
use promplay_model::Labels;
use serde::{Deserialize, Serialize};

use crate::engine::{Run, Task};

/// Relabels every label set of `labels` with the rules of `rules`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RelabelTask {
    /// The rules text: a list, a `*relabel_configs` mapping or a prometheus.yml.
    pub rules: String,
    /// Label sets, one `{a="b"}` a line.
    pub labels: String,
    /// The scrape config of a prometheus.yml ("" = the only one).
    pub job: String,
    /// Apply `metric_relabel_configs` instead of `relabel_configs`.
    pub metric: bool,
}

impl Task for RelabelTask {
    const KIND: &'static str = "relabel";
    type Output = RelabelView;
}

/// What the workbench shows for one [`RelabelTask`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RelabelView {
    /// Rule problems (spans into the rules), then unreadable label-set lines
    /// (spans into the label sets).
    pub problems: Vec<Problem>,
    /// Errors among the problems (every unreadable label set counts).
    pub errors: usize,
    /// Whether Prometheus would refuse the rules.
    pub rules_refused: bool,
    /// For a prometheus.yml: every scrape config's `job_name`.
    pub jobs: Vec<String>,
    /// One entry per rule, in order.
    pub rules: Vec<RuleView>,
    /// Label-set lines, readable or not.
    pub set_count: usize,
    /// The readable label sets' traces, in order.
    pub traces: Vec<TraceView>,
    /// `$(VAR)` placeholders that were replaced (prometheus-config-reloader's).
    pub substituted: Vec<String>,
    /// The `metric_relabel_configs` the rules text holds, for the ingest preview.
    pub metric_rules: MetricRules,
}

/// One diagnostic as the problems list shows it, with its place in words.
/// (A copy of the parts shown rather than the `Diagnostic` itself, whose
/// `&'static str` code needs the owned-deserialize fix of
/// `promplay-diagnostics`.)
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    /// Error, warning or info.
    pub severity: Severity,
    /// The stable code (`RLB0101`).
    pub code: String,
    /// The message.
    pub message: String,
    /// The hint, if any.
    pub help: Option<String>,
    /// The primary span (every engine diagnostic has one).
    pub span: Option<Span>,
    /// In the rules text (else in the label sets).
    pub in_rules: bool,
    /// 1-based line of its start.
    pub line: u32,
    /// 1-based column of its start.
    pub col: u32,
}

/// One rule as the trace lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleView {
    /// A one-line summary (`keep [a] =~ \`x\``).
    pub summary: String,
    /// Its 1-based line and span in the rules text, when read from text.
    pub at: Option<(u32, Span)>,
}

/// One label set's way through the rules.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TraceView {
    /// The label set as read, printed.
    pub input_text: String,
    /// One step per rule applied (none after a dropping rule).
    pub steps: Vec<StepView>,
    /// The final labels, or `None` when dropped.
    pub output: Option<Labels>,
    /// The final labels without the `__` ones, printed.
    pub public_text: String,
    /// The rule that dropped the set.
    pub dropped_by: Option<usize>,
}

/// One rule's effect on one label set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepView {
    /// The rule's 0-based index.
    pub rule: usize,
    /// The rule's action as Prometheus writes it; `None` for an empty one.
    pub action: Option<String>,
    /// What the rule did.
    pub outcome: StepOutcome,
    /// Whether the action only filters (`keep`, `drop`, `keepequal`, `dropequal`).
    pub filter: bool,
    /// Whether the reason is worth showing beside the changes.
    pub show_reason: bool,
    /// Added, changed and removed labels, in name order.
    pub changes: Vec<ChangeView>,
    /// Why, in words.
    pub reason: String,
    /// The labels after the rule.
    pub after: Labels,
}

/// The result of one rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepOutcome {
    /// The labels stayed as they were.
    Unchanged,
    /// Labels were added, changed or removed.
    Changed,
    /// The label set was dropped.
    Dropped,
}

impl StepOutcome {
    /// The CSS class and `data-outcome` value.
    pub fn as_str(self) -> &'static str {
        match self {
            StepOutcome::Unchanged => "unchanged",
            StepOutcome::Changed => "changed",
            StepOutcome::Dropped => "dropped",
        }
    }
}

/// One label difference.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChangeView {
    /// `added`, `changed` or `removed`.
    pub kind: ChangeKind,
    /// The label name.
    pub name: String,
    /// The value before (removed labels; empty for added ones).
    pub old: String,
    /// The change in words: `+a="b"`, `~a: "b" → "c"`, `-a="b"`.
    pub text: String,
}

/// What happened to a label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChangeKind {
    /// A new label.
    Added,
    /// A new value.
    Changed,
    /// Removed.
    Removed,
}

impl ChangeKind {
    /// The CSS class and `data-kind` value.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Changed => "changed",
            ChangeKind::Removed => "removed",
        }
    }
}

/// The `metric_relabel_configs` of a rules text, as the ingest preview
/// takes them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MetricRules {
    /// Whether the text has a `metric_relabel_configs` (or `metricRelabelings`)
    /// list; a bare list of rules is taken as target rules.
    pub present: bool,
    /// How many rules it holds.
    pub count: usize,
    /// A prometheus.yml job's `honor_labels` and `honor_timestamps`.
    pub job_flags: Option<(bool, bool)>,
}

impl Run for RelabelTask {
    fn run(self) -> RelabelView {
        use promplay_pipeline::relabel::{RELOADER_ENV, Select, parse_rules, relabel};
        let job = (!self.job.is_empty()).then_some(self.job.as_str());
        let report =
            relabel(&self.rules, Select { job, metric: self.metric }, RELOADER_ENV, &self.labels);
        let metric_set = parse_rules(&self.rules, Select { job, metric: true }, RELOADER_ENV);
        let rules_index = LineIndex::new(&self.rules);
        let labels_index = LineIndex::new(&self.labels);
        let problem = |d: &Diagnostic, in_rules: bool| {
            let (text, index) =
                if in_rules { (&self.rules, &rules_index) } else { (&self.labels, &labels_index) };
            let span = d.primary_span();
            let at = index.line_col(text, span.unwrap_or_default().start);
            Problem {
                severity: d.severity,
                code: d.code.to_owned(),
                message: d.message.clone(),
                help: d.help.clone(),
                span,
                in_rules,
                line: at.line,
                col: at.col,
            }
        };
        let mut problems: Vec<Problem> =
            report.rules.diagnostics.iter().map(|d| problem(d, true)).collect();
        problems.extend(report.label_errors().map(|d| problem(d, false)));
        let errors = report.rules.diagnostics.iter().filter(|d| d.is_error()).count()
            + report.label_errors().count();
        let rules = report
            .rules
            .rules
            .iter()
            .map(|rule| RuleView {
                summary: rule.summary(),
                at: rule.span.map(|s| (rules_index.line_col(&self.rules, s.start).line, s)),
            })
            .collect();
        let traces =
            report.inputs.iter().filter_map(|i| i.result.as_ref().ok()).map(trace_view).collect();
        RelabelView {
            problems,
            errors,
            rules_refused: report.has_rule_errors(),
            jobs: report.rules.jobs.clone(),
            rules,
            set_count: report.inputs.len(),
            traces,
            substituted: report.substituted,
            metric_rules: MetricRules {
                present: metric_set.field.is_some(),
                count: metric_set.rules.len(),
                job_flags: metric_set.job.map(|j| (j.honor_labels, j.honor_timestamps)),
            },
        }
    }
}

fn trace_view(trace: &promplay_pipeline::relabel::Trace) -> TraceView {
    use promplay_pipeline::relabel::{Action, Change, Outcome, describe_change, format_label_set};
    let steps = trace
        .steps
        .iter()
        .map(|step| StepView {
            rule: step.rule,
            action: step.action.map(|a| a.as_str().to_owned()),
            outcome: match step.outcome {
                Outcome::Unchanged => StepOutcome::Unchanged,
                Outcome::Changed => StepOutcome::Changed,
                Outcome::Dropped => StepOutcome::Dropped,
            },
            filter: matches!(
                step.action,
                Some(Action::Keep | Action::Drop | Action::KeepEqual | Action::DropEqual)
            ),
            show_reason: step.outcome != Outcome::Changed
                || matches!(step.action, Some(Action::LabelMap | Action::HashMod)),
            changes: step
                .changes
                .iter()
                .map(|c| {
                    let (kind, name, old) = match c {
                        Change::Added { name, .. } => (ChangeKind::Added, name, ""),
                        Change::Changed { name, old, .. } => (ChangeKind::Changed, name, &**old),
                        Change::Removed { name, old } => (ChangeKind::Removed, name, &**old),
                    };
                    ChangeView {
                        kind,
                        name: name.clone(),
                        old: old.to_owned(),
                        text: describe_change(c),
                    }
                })
                .collect(),
            reason: step.reason.clone(),
            after: step.after.clone(),
        })
        .collect();
    let public_text = trace.output.as_ref().map_or_else(String::new, |labels| {
        format_label_set(&Labels::from_pairs(
            labels
                .iter()
                .filter(|l| !l.name.starts_with("__"))
                .map(|l| (l.name.clone(), l.value.clone())),
        ))
    });
    TraceView {
        input_text: format_label_set(&trace.input),
        steps,
        output: trace.output.clone(),
        public_text,
        dropped_by: trace.dropped_by(),
    }
}

/// Ingests one scrape of one target with a job's `metric_relabel_configs`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IngestTask {
    /// The exposition text of the scrape.
    pub scrape: String,
    /// The target's labels after `relabel_configs`.
    pub target: Labels,
    /// The `metric_relabel_configs`: a YAML list of rules, or a mapping or
    /// prometheus.yml they are taken from; empty = none.
    pub rules: String,
    /// For a prometheus.yml: the job whose rules apply ("" = the only one).
    pub job: String,
    /// `honor_labels`.
    pub honor_labels: bool,
    /// `honor_timestamps`.
    pub honor_timestamps: bool,
}

impl Task for IngestTask {
    const KIND: &'static str = "ingest";
    type Output = IngestView;
}

/// What the ingest preview shows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IngestView {
    /// The counts Prometheus records for the scrape.
    pub totals: IngestCounts,
    /// The target labels attached to every sample, printed.
    pub target_text: String,
    /// Whether some scrape lines do not parse.
    pub parse_errors: bool,
    /// The first error in the rules, when they cannot all be read.
    pub rules_error: Option<String>,
    /// One row per exposed sample.
    pub rows: Vec<IngestRow>,
}

/// Counts over one scrape (see `promplay_pipeline::ingest::IngestTotals`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngestCounts {
    /// `scrape_samples_scraped`.
    pub scraped: usize,
    /// `scrape_samples_post_metric_relabeling`.
    pub stored: usize,
    /// Dropped by a rule.
    pub dropped: usize,
    /// Kept with a new metric name.
    pub renamed: usize,
    /// Kept with an `exported_` label.
    pub exported: usize,
    /// Duplicates of an earlier sample.
    pub duplicates: usize,
    /// Rejected after relabeling.
    pub rejected: usize,
}

/// One exposed sample and what became of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IngestRow {
    /// The exposed labels, printed.
    pub exposed: String,
    /// The value as Go prints it.
    pub value: String,
    /// "timestamp N ignored" under `honor_timestamps: false`.
    pub ignored: Option<String>,
    /// Kept, renamed, dropped or rejected.
    pub fate: RowFate,
    /// Kept: the stored labels, printed, each label a [`StoredLabel`].
    pub stored: Vec<StoredLabel>,
    /// Kept: notes (renamed from, `exported_` renames, honored labels,
    /// duplicates); dropped or rejected: why.
    pub notes: Vec<String>,
}

/// One stored label as printed (`name="value"`) and where it came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredLabel {
    /// `name="value"`.
    pub text: String,
    /// Where it came from.
    pub origin: LabelOrigin,
}

/// What became of an exposed sample.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowFate {
    /// Stored under its own name.
    Kept,
    /// Stored under a new metric name.
    Renamed,
    /// Dropped by a rule.
    Dropped,
    /// Rejected after relabeling.
    Rejected,
}

impl RowFate {
    /// The CSS class and `data-fate` value.
    pub fn as_str(self) -> &'static str {
        match self {
            RowFate::Kept => "kept",
            RowFate::Renamed => "renamed",
            RowFate::Dropped => "dropped",
            RowFate::Rejected => "rejected",
        }
    }
}

/// Where a stored label came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LabelOrigin {
    /// Exposed by the target.
    Exposed,
    /// Attached from the target's labels.
    Target,
    /// An exposed label renamed `exported_…` because the target has it too.
    Exported,
}

impl Run for IngestTask {
    fn run(self) -> IngestView {
        use promplay_pipeline::ingest::{Fate, IngestOptions, ingest};
        use promplay_pipeline::relabel::{RELOADER_ENV, Select, format_label_set, parse_rules};
        let (rules, rules_error) = if self.rules.trim().is_empty() {
            (Vec::new(), None)
        } else {
            let job = (!self.job.is_empty()).then_some(self.job.as_str());
            let set = parse_rules(&self.rules, Select { job, metric: true }, RELOADER_ENV);
            let error = set.diagnostics.iter().find(|d| d.is_error()).map(|d| d.message.clone());
            (set.rules, error)
        };
        let options = IngestOptions {
            honor_labels: self.honor_labels,
            honor_timestamps: self.honor_timestamps,
        };
        let report = ingest(&self.scrape, &self.target, &rules, options);
        let t = report.totals;
        let rows = report
            .samples
            .iter()
            .map(|s| {
                let (fate, stored, notes) = match &s.fate {
                    Fate::Kept { labels, renamed_from } => {
                        let mut notes = Vec::new();
                        if let Some(from) = renamed_from {
                            notes.push(format!("renamed from {from}"));
                        }
                        for (name, stored_as, value) in &s.exported {
                            notes.push(format!("exposed {name}=\"{value}\" kept as {stored_as}"));
                        }
                        if !s.honored.is_empty() {
                            notes.push(format!(
                                "exposed {} kept (honor_labels)",
                                s.honored.join(", ")
                            ));
                        }
                        if let Some(first) = s.duplicate_of {
                            notes.push(format!("duplicate of sample {} — rejected", first + 1));
                        }
                        let stored = labels
                            .iter()
                            .map(|l| {
                                let one = Labels::from_pairs([(l.name.as_str(), l.value.as_str())]);
                                let text = format_label_set(&one);
                                let origin = if s.exported.iter().any(|(_, to, _)| *to == l.name) {
                                    LabelOrigin::Exported
                                } else if report.target_labels.get(&l.name)
                                    == Some(l.value.as_str())
                                {
                                    LabelOrigin::Target
                                } else {
                                    LabelOrigin::Exposed
                                };
                                StoredLabel {
                                    text: text
                                        .trim_start_matches('{')
                                        .trim_end_matches('}')
                                        .to_owned(),
                                    origin,
                                }
                            })
                            .collect();
                        let fate =
                            if renamed_from.is_some() { RowFate::Renamed } else { RowFate::Kept };
                        (fate, stored, notes)
                    }
                    Fate::Dropped { rule, action } => {
                        let action = action.map_or("?", |a| a.as_str());
                        (
                            RowFate::Dropped,
                            Vec::new(),
                            vec![format!("dropped by rule #{} ({action})", rule + 1)],
                        )
                    }
                    Fate::Rejected { reason } => {
                        (RowFate::Rejected, Vec::new(), vec![reason.clone()])
                    }
                };
                IngestRow {
                    exposed: format_label_set(&s.exposed),
                    value: promplay_model::format_float(s.value),
                    ignored: s.ignored_timestamp_ms.map(|t| format!("timestamp {t} ignored")),
                    fate,
                    stored,
                    notes,
                }
            })
            .collect();
        IngestView {
            totals: IngestCounts {
                scraped: t.scraped,
                stored: t.post_relabeling,
                dropped: t.dropped,
                renamed: t.renamed,
                exported: t.with_exported,
                duplicates: t.duplicates,
                rejected: t.rejected,
            },
            target_text: format_label_set(&report.target_labels),
            parse_errors: report.diagnostics.iter().any(Diagnostic::is_error),
            rules_error,
            rows,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Envelope, Reply, decode, encode, host};

    /// Runs `task` the way the page does: encoded, through the worker's
    /// handler, and decoded again.
    fn over_the_wire<T: Task>(task: &T) -> T::Output {
        let envelope = Envelope { id: 1, kind: T::KIND.into(), payload: encode(task).unwrap() };
        let reply: Reply = decode(&host::handle(&encode(&envelope).unwrap())).unwrap();
        decode(&reply.result.unwrap()).unwrap()
    }

    const RULES: &str = "\
- source_labels: [__meta_port]
  regex: web
  action: keep
- source_labels: [__address__]
  target_label: instance
";

    #[test]
    fn relabel_traces_every_set_with_worded_steps() {
        let view = over_the_wire(&RelabelTask {
            rules: RULES.into(),
            labels:
                "{__address__=\"a:1\", __meta_port=\"web\"}\n\n{__meta_port=\"metrics\"}\n{x=y}\n"
                    .into(),
            ..RelabelTask::default()
        });
        assert_eq!(
            (view.rules.len(), view.set_count, view.traces.len(), view.errors),
            (2, 3, 2, 1)
        );
        assert_eq!(view.rules[1].at.map(|(line, _)| line), Some(4));
        let kept = &view.traces[0];
        assert_eq!(kept.dropped_by, None);
        assert_eq!(kept.public_text, r#"{instance="a:1"}"#);
        assert_eq!(kept.steps[0].outcome, StepOutcome::Unchanged);
        assert!(kept.steps[0].filter);
        let change = &kept.steps[1].changes[0];
        assert_eq!((change.kind, change.text.as_str()), (ChangeKind::Added, r#"+instance="a:1""#));
        let dropped = &view.traces[1];
        assert_eq!(dropped.dropped_by, Some(0));
        assert_eq!(dropped.steps[0].action.as_deref(), Some("keep"));
        assert!(dropped.steps[0].reason.contains("did not match"), "{}", dropped.steps[0].reason);
        // The unreadable line is a problem in the label sets, at line 4.
        let p = &view.problems[0];
        assert_eq!((p.in_rules, p.line, p.col), (false, 4, 4));
        assert!(!view.rules_refused);
        // A bare list is target rules: nothing for the ingest preview.
        assert!(!view.metric_rules.present);
    }

    #[test]
    fn relabel_rule_errors_are_positioned_and_refuse_the_rules() {
        let rules = "- source_labels: [a]\n  regex: a(b\n  action: keep\n";
        let view = over_the_wire(&RelabelTask {
            rules: rules.into(),
            labels: "{a=\"b\"}".into(),
            ..RelabelTask::default()
        });
        assert!(view.rules_refused);
        let p = &view.problems[0];
        let span = p.span.unwrap();
        assert_eq!(&rules[span.start as usize..span.end as usize], "a(b");
        assert_eq!((p.in_rules, p.line, p.col, p.severity), (true, 2, 10, Severity::Error));
        assert!(p.message.contains("error parsing regexp"), "{}", p.message);
    }

    const PROMETHEUS_YML: &str = "\
scrape_configs:
- job_name: a
  honor_labels: true
  metric_relabel_configs:
  - source_labels: [__name__]
    regex: up
    action: drop
- job_name: b
  relabel_configs:
  - target_label: x
    replacement: y
";

    #[test]
    fn relabel_reports_the_chosen_jobs_metric_rules() {
        let task =
            RelabelTask { rules: PROMETHEUS_YML.into(), job: "a".into(), ..Default::default() };
        let view = over_the_wire(&task);
        assert_eq!(view.jobs, ["a", "b"]);
        let m = &view.metric_rules;
        assert_eq!((m.present, m.count, m.job_flags), (true, 1, Some((true, true))));
    }

    const SCRAPE: &str = "# TYPE http_requests_total counter\n\
http_requests_total{job=\"checkout\",code=\"200\"} 7 1700000000000\nup 1\n";

    fn target() -> Labels {
        Labels::from_pairs([("__address__", "h:1"), ("instance", "h:1"), ("job", "api")])
    }

    #[test]
    fn ingest_attaches_target_labels_and_marks_their_origin() {
        let view = over_the_wire(&IngestTask {
            scrape: SCRAPE.into(),
            target: target(),
            honor_timestamps: false,
            ..IngestTask::default()
        });
        assert_eq!((view.totals.scraped, view.totals.stored, view.totals.exported), (2, 2, 1));
        assert_eq!(view.target_text, r#"{instance="h:1", job="api"}"#);
        let row = &view.rows[0];
        assert_eq!(row.fate, RowFate::Kept);
        assert_eq!(row.ignored.as_deref(), Some("timestamp 1700000000000 ignored"));
        let origin = |text: &str| row.stored.iter().find(|l| l.text == text).map(|l| l.origin);
        assert_eq!(origin(r#"exported_job="checkout""#), Some(LabelOrigin::Exported));
        assert_eq!(origin(r#"job="api""#), Some(LabelOrigin::Target));
        assert_eq!(origin(r#"code="200""#), Some(LabelOrigin::Exposed));
        assert!(row.notes.iter().any(|n| n == r#"exposed job="checkout" kept as exported_job"#));
    }

    #[test]
    fn ingest_applies_a_rules_list_or_a_jobs_rules() {
        let list = "- source_labels: [__name__]\n  regex: up\n  action: drop\n";
        let view = over_the_wire(&IngestTask {
            scrape: SCRAPE.into(),
            target: target(),
            rules: list.into(),
            honor_timestamps: true,
            ..IngestTask::default()
        });
        assert_eq!((view.totals.stored, view.totals.dropped), (1, 1));
        assert_eq!(view.rows[1].fate, RowFate::Dropped);
        assert_eq!(view.rows[1].notes, ["dropped by rule #1 (drop)"]);
        // A whole prometheus.yml: the chosen job's metric_relabel_configs.
        let of_job = |job: &str| {
            over_the_wire(&IngestTask {
                scrape: SCRAPE.into(),
                target: target(),
                rules: PROMETHEUS_YML.into(),
                job: job.into(),
                ..IngestTask::default()
            })
        };
        assert_eq!(of_job("a").totals.dropped, 1);
        let b = of_job("b");
        assert_eq!((b.totals.dropped, b.rules_error), (0, None));
        // Rules Prometheus would refuse are named.
        let broken = over_the_wire(&IngestTask {
            scrape: SCRAPE.into(),
            rules: "- regex: a(b\n  action: drop\n  source_labels: [a]\n".into(),
            ..IngestTask::default()
        });
        assert!(broken.rules_error.is_some_and(|e| e.contains("error parsing regexp")));
    }
}
