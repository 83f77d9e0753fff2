//! Evaluating rules over a time range, the way a Prometheus server would
//! have evaluated them: every group at its own interval from `start` to
//! `end`, groups interleaved in time order (at equal times in load order),
//! and the result arranged for people: a timeline per alert (state bands
//! with labels and rendered annotations), the series the rules wrote, and
//! every rule's errors.

use promplay_diagnostics::{Diagnostic, Severity};
use promplay_model::{Labels, TimestampMs};
use promplay_promql_engine::{SampleValue, Storage};
use rustc_hash::FxHashMap;

use crate::alerting::AlertState;
use crate::codes;
use crate::eval::{EvalOptions, RuleEngine, is_stale};
use crate::rulefile::{RuleFile, RuleKind};

/// The most group evaluations one range evaluation runs.
pub const MAX_GROUP_EVALUATIONS: usize = 200_000;

/// Everything a range evaluation produced.
#[derive(Clone, Debug, Default)]
pub struct Evaluation {
    /// One timeline per alert (rule and label set), ordered by group, rule
    /// and labels.
    pub alerts: Vec<AlertTimeline>,
    /// The series the rules wrote (recording rules' outputs, `ALERTS`,
    /// `ALERTS_FOR_STATE`), sorted by labels.
    pub produced: Vec<ProducedSeries>,
    /// One report per rule, in load order.
    pub rules: Vec<RuleReport>,
    /// Problems found while evaluating: template expansion failures (with
    /// spans into the rule file), a range too long. Each with its file index.
    pub diagnostics: Vec<(usize, Diagnostic)>,
    /// The evaluation times, in order, with the group evaluated.
    pub evaluations: Vec<(TimestampMs, usize)>,
}

/// A rule's place: which file, group and rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RuleRef {
    /// Index of the rule file.
    pub file: usize,
    /// Index of the group in the engine's load order (all files).
    pub group: usize,
    /// Index of the rule in its group.
    pub rule: usize,
}

/// One alert over time.
#[derive(Clone, Debug, PartialEq)]
pub struct AlertTimeline {
    /// The alerting rule.
    pub rule: RuleRef,
    /// The alert name.
    pub alertname: String,
    /// The alert's identifying labels (`alertname` included).
    pub labels: Labels,
    /// Consecutive state bands: pending, firing, and inactive (resolved,
    /// while Prometheus still keeps the alert).
    pub bands: Vec<StateBand>,
    /// Every evaluation that saw the alert.
    pub points: Vec<AlertPoint>,
}

/// A stretch of time in one state.
#[derive(Clone, Debug, PartialEq)]
pub struct StateBand {
    /// The state.
    pub state: AlertState,
    /// First evaluation in this state (ms).
    pub start: TimestampMs,
    /// Where the band ends: the evaluation that changed the state, or one
    /// interval after the last evaluation (clipped to the range end).
    pub end: TimestampMs,
    /// The annotations as last rendered in this band.
    pub annotations: Vec<(String, String)>,
    /// The alert's `ActiveAt` during the band.
    pub active_at: TimestampMs,
    /// `FiredAt`, if it fired.
    pub fired_at: Option<TimestampMs>,
    /// `ResolvedAt`, for an inactive band.
    pub resolved_at: Option<TimestampMs>,
}

/// The alert at one evaluation.
#[derive(Clone, Debug, PartialEq)]
pub struct AlertPoint {
    /// Evaluation time (ms).
    pub t: TimestampMs,
    /// State after the evaluation.
    pub state: AlertState,
    /// The value of the expression's sample (0 for a histogram; the last
    /// value while resolved).
    pub value: f64,
}

/// A series a rule wrote.
#[derive(Clone, Debug, PartialEq)]
pub struct ProducedSeries {
    /// The rule that wrote it (the first one, if several did).
    pub rule: RuleRef,
    /// The series.
    pub labels: Labels,
    /// Its samples in time order; staleness markers included.
    pub samples: Vec<(TimestampMs, SampleValue)>,
}

/// How one rule fared.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleReport {
    /// The rule.
    pub rule: RuleRef,
    /// Its name.
    pub name: String,
    /// Recording or alerting.
    pub kind: RuleKind,
    /// How often it was evaluated.
    pub evaluations: usize,
    /// Runs of failed evaluations with the same error: (first, last, count, message).
    pub errors: Vec<RuleErrorRun>,
}

/// Consecutive failed evaluations with one message.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleErrorRun {
    /// First failing evaluation (ms).
    pub first: TimestampMs,
    /// Last failing evaluation (ms).
    pub last: TimestampMs,
    /// Number of failing evaluations in the run.
    pub count: usize,
    /// The error as Prometheus logs it.
    pub message: String,
}

/// Evaluates every group of `files` from `start` to `end` (ms, inclusive)
/// over `storage`, which receives the rules' output.
///
/// `texts` are the rule files' texts (for diagnostic positions), in the same
/// order as `files`.
pub fn evaluate_range(
    files: &[RuleFile],
    storage: &mut Storage,
    start: TimestampMs,
    end: TimestampMs,
    options: &EvalOptions,
    texts: &[&str],
) -> Evaluation {
    let mut engine = RuleEngine::new(files, options.clone());
    let mut out = Evaluation::default();
    // The schedule: each group from `start` every interval.
    let mut schedule: Vec<(TimestampMs, usize)> = Vec::new();
    for (g, state) in engine.groups.iter().enumerate() {
        let mut t = start;
        while t <= end {
            schedule.push((t, g));
            if schedule.len() > MAX_GROUP_EVALUATIONS {
                break;
            }
            t += state.interval_ms;
        }
    }
    schedule.sort();
    if schedule.len() > MAX_GROUP_EVALUATIONS {
        schedule.truncate(MAX_GROUP_EVALUATIONS);
        let last = schedule.last().map_or(start, |s| s.0);
        out.diagnostics.push((
            0,
            Diagnostic::warning(
                codes::EVAL_RANGE,
                format!(
                    "the range needs more than {MAX_GROUP_EVALUATIONS} group evaluations; stopped at {}",
                    last / 1000
                ),
            )
            .with_help("shorten the range or lengthen the evaluation interval"),
        ));
    }
    let mut reports: Vec<RuleReport> = Vec::new();
    let mut report_index: FxHashMap<(usize, usize), usize> = FxHashMap::default();
    for (g, state) in engine.groups.iter().enumerate() {
        for (r, rule) in state.group.rules.iter().enumerate() {
            report_index.insert((g, r), reports.len());
            reports.push(RuleReport {
                rule: RuleRef { file: state.file, group: g, rule: r },
                name: rule.name.clone(),
                kind: rule.kind,
                evaluations: 0,
                errors: Vec::new(),
            });
        }
    }
    let mut timelines: FxHashMap<(usize, usize, Labels), AlertTimeline> = FxHashMap::default();
    let mut produced: FxHashMap<Labels, ProducedSeries> = FxHashMap::default();
    let mut reported_templates: rustc_hash::FxHashSet<(usize, usize, String)> = Default::default();
    for &(t, g) in &schedule {
        let result = engine.eval_group(g, storage, t);
        let state = &engine.groups[g];
        let file = state.file;
        for r in 0..state.rules.len() {
            reports[report_index[&(g, r)]].evaluations += 1;
        }
        for (r, message) in &result.errors {
            let errors = &mut reports[report_index[&(g, *r)]].errors;
            match errors.last_mut() {
                Some(run) if run.message == *message && run.last < t => {
                    run.last = t;
                    run.count += 1;
                }
                _ => errors.push(RuleErrorRun {
                    first: t,
                    last: t,
                    count: 1,
                    message: message.clone(),
                }),
            }
        }
        for f in &result.template_failures {
            if !reported_templates.insert((g, f.rule, f.name.clone())) {
                continue;
            }
            let rule = &state.group.rules[f.rule];
            let fields = if f.what == "label" { &rule.labels } else { &rule.annotations };
            let text = texts.get(file).copied().unwrap_or("");
            let span = fields
                .iter()
                .find(|x| x.name == f.name)
                .map_or(rule.span, |x| x.span_in_input(text, f.error.span, rule.span));
            let d = Diagnostic::new(
                Severity::Warning,
                codes::TEMPLATE_EXPAND,
                format!(
                    "{} {:?} of alert {:?} failed to expand at {}: {}",
                    f.what,
                    f.name,
                    rule.name,
                    t / 1000,
                    f.error.message
                ),
            )
            .with_label(span, "this template fails")
            .with_help("Prometheus puts `<error expanding template: ...>` into the alert instead");
            out.diagnostics.push((file, d));
        }
        for w in result.written {
            let entry = produced.entry(w.labels.clone()).or_insert_with(|| ProducedSeries {
                rule: RuleRef { file, group: g, rule: w.rule },
                labels: w.labels,
                samples: Vec::new(),
            });
            entry.samples.push((w.t, w.value));
        }
        for (r, rule) in state.group.rules.iter().enumerate() {
            if rule.kind != RuleKind::Alerting {
                continue;
            }
            for alert in state.rules[r].active.values() {
                let key = (g, r, alert.labels.clone());
                let timeline = timelines.entry(key).or_insert_with(|| AlertTimeline {
                    rule: RuleRef { file, group: g, rule: r },
                    alertname: rule.name.clone(),
                    labels: alert.labels.clone(),
                    bands: Vec::new(),
                    points: Vec::new(),
                });
                timeline.points.push(AlertPoint { t, state: alert.state, value: alert.value });
                let extend = match timeline.bands.last_mut() {
                    Some(b) if b.state == alert.state && b.active_at == alert.active_at => {
                        b.end = t;
                        b.annotations.clone_from(&alert.annotations);
                        b.fired_at = alert.fired_at;
                        true
                    }
                    _ => false,
                };
                if !extend {
                    timeline.bands.push(StateBand {
                        state: alert.state,
                        start: t,
                        end: t,
                        annotations: alert.annotations.clone(),
                        active_at: alert.active_at,
                        fired_at: alert.fired_at,
                        resolved_at: alert.resolved_at,
                    });
                }
            }
        }
    }
    // A band lasts until the next evaluation of its group.
    for timeline in timelines.values_mut() {
        let interval = engine.groups[timeline.rule.group].interval_ms;
        let n = timeline.bands.len();
        for i in 0..n {
            let next_start = timeline.bands.get(i + 1).map(|b| b.start);
            let b = &mut timeline.bands[i];
            let natural = b.end + interval;
            b.end = match next_start {
                Some(ns) if ns <= natural => ns,
                _ => natural.min(end.max(b.end)),
            };
        }
    }
    let mut alerts: Vec<AlertTimeline> = timelines.into_values().collect();
    alerts.sort_by(|a, b| (a.rule, &a.labels).cmp(&(b.rule, &b.labels)));
    let mut produced: Vec<ProducedSeries> = produced.into_values().collect();
    produced.sort_by(|a, b| a.labels.cmp(&b.labels));
    out.alerts = alerts;
    out.produced = produced;
    out.rules = reports;
    out.evaluations = schedule;
    out
}

impl ProducedSeries {
    /// The samples without staleness markers.
    pub fn values(&self) -> impl Iterator<Item = &(TimestampMs, SampleValue)> {
        self.samples.iter().filter(|(_, v)| !is_stale(v))
    }
}

impl AlertTimeline {
    /// The state at time `t` (ms), if the alert existed then.
    pub fn state_at(&self, t: TimestampMs) -> Option<AlertState> {
        self.bands.iter().find(|b| b.start <= t && t < b.end).map(|b| b.state)
    }

    /// Whether the alert ever fired.
    pub fn fired(&self) -> bool {
        self.bands.iter().any(|b| b.state == AlertState::Firing)
    }
}
