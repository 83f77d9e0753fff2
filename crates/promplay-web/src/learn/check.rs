//! The lesson checks: an engine task that runs the real engines on a
//! learner's answer and compares what they produce with the lesson's
//! [`Goal`]: active targets after the operator's compilation and discovery,
//! label sets after relabeling, a query's result, an alert's timeline.
//!
//! [`CheckAnswer`] runs in the engine worker (registered in
//! `engine::tasks::dispatch`); the page only sends the lesson id and the
//! text and renders the [`Verdict`]. Findings say what is still wrong in the
//! engines' own words where they have some (the "why 0 targets" chain, the
//! relabel trace's reason, the query error) and carry a span into the
//! answer when they are about a place in it.

use super::lessons::{self, Goal};
use crate::engine::{Run, Task};
use promplay_diagnostics::{Diagnostic, Span};
use serde::{Deserialize, Serialize};

/// Check `answer` against lesson `lesson`'s goal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckAnswer {
    /// The lesson id.
    pub lesson: String,
    /// The learner's text.
    pub answer: String,
}

/// The outcome of a check.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// Whether the goal is met.
    pub passed: bool,
    /// One line: what was achieved, or the goal that is not met yet.
    pub headline: String,
    /// What is still wrong, most important first (empty when passed).
    pub findings: Vec<Finding>,
}

/// One thing still wrong.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// What is wrong.
    pub message: String,
    /// Supporting facts.
    pub details: Vec<String>,
    /// What would fix it, when the engine knows.
    pub fix: Option<String>,
    /// Where in the answer, if it is about one place.
    pub span: Option<Span>,
}

impl Finding {
    fn new(message: impl Into<String>) -> Finding {
        Finding { message: message.into(), ..Finding::default() }
    }

    fn from_diagnostic(d: &Diagnostic) -> Finding {
        Finding {
            message: d.message.clone(),
            details: Vec::new(),
            fix: d.help.clone(),
            span: d.primary_span(),
        }
    }
}

impl Task for CheckAnswer {
    const KIND: &'static str = "learn.check";
    type Output = Verdict;
}

impl Run for CheckAnswer {
    fn run(self) -> Verdict {
        let Some(lesson) = lessons::find(&self.lesson) else {
            return fail(format!("there is no lesson {:?}", self.lesson), Vec::new());
        };
        match lesson.goal {
            Goal::Targets { kind, namespace, name, active } => {
                targets::check(&self.answer, kind, namespace, name, active)
            }
            Goal::Relabel { targets, expected } => relabel::check(&self.answer, targets, expected),
            Goal::Query { series, at_s, reference } => {
                query::check(&self.answer, series, at_s, reference)
            }
            Goal::Alert { series, end_s, alert, fires, quiet } => {
                alert::check(&self.answer, series, end_s, alert, fires, quiet)
            }
        }
    }
}

fn fail(headline: String, findings: Vec<Finding>) -> Verdict {
    Verdict { passed: false, headline, findings }
}

fn pass(headline: String) -> Verdict {
    Verdict { passed: true, headline, findings: Vec::new() }
}

/// The lessons about ServiceMonitors: the operator's compilation and the
/// targets analysis.
mod targets {
    use super::{Finding, Verdict, fail, pass};
    use promplay_pipeline::operator::{Options, SourceFile};

    pub(super) fn check(
        answer: &str,
        kind: &str,
        namespace: &str,
        name: &str,
        want: usize,
    ) -> Verdict {
        let files = [SourceFile { name: "lesson.yaml".into(), text: answer.to_owned() }];
        let report = promplay_pipeline::targets::analyze(&files, &Options::default());
        let object = format!("{kind} {namespace}/{name}");
        let errors: Vec<Finding> = report
            .operator
            .diagnostics
            .iter()
            .filter(|d| d.diagnostic.is_error())
            .map(|d| Finding::from_diagnostic(&d.diagnostic))
            .collect();
        if !errors.is_empty() {
            return fail("the manifests have errors; fix them first".into(), errors);
        }
        let Some(monitor) = report.analysis.monitors.iter().find(|m| {
            m.object.kind == kind && m.object.namespace == namespace && m.object.name == name
        }) else {
            return fail(
                format!("{object} is not in the manifests any more"),
                vec![Finding::new(format!(
                    "the goal is about {object}: keep it, and change what keeps it from its targets"
                ))],
            );
        };
        let job = monitor.jobs.first().map_or(String::new(), |j| format!(" (job {j})"));
        if monitor.active == want {
            return pass(format!("{object} has {want} active targets{job}"));
        }
        let headline = format!(
            "{object} has {} active target{} of the {want} it should have",
            monitor.active,
            if monitor.active == 1 { "" } else { "s" }
        );
        let mut findings: Vec<Finding> = monitor
            .chain
            .iter()
            .filter(|s| !s.ok)
            .map(|s| Finding {
                message: s.message.clone(),
                details: s.details.clone(),
                fix: s.fix.clone(),
                span: s.at.filter(|l| l.file == 0).map(|l| l.span),
            })
            .collect();
        if findings.is_empty() {
            findings.push(Finding::new(format!(
                "{} targets discovered, {} active: the goal is exactly {want}",
                monitor.discovered, monitor.active
            )));
        }
        fail(headline, findings)
    }
}

/// The relabeling lesson: the rules applied to fixed discovered targets.
mod relabel {
    use super::{Finding, Verdict, fail, pass};
    use promplay_model::Labels;
    use promplay_pipeline::relabel::{
        Action, Outcome, RELOADER_ENV, Select, format_label_set, read_label_sets,
    };

    pub(super) fn check(answer: &str, targets: &str, expected: &str) -> Verdict {
        let select = Select { job: None, metric: false };
        let report = promplay_pipeline::relabel::relabel(answer, select, RELOADER_ENV, targets);
        let errors: Vec<Finding> = report
            .rules
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(Finding::from_diagnostic)
            .collect();
        if !errors.is_empty() {
            return fail("Prometheus would refuse these rules".into(), errors);
        }
        let wanted: Vec<Option<Labels>> = expected
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .map(|l| {
                if l.trim() == "drop" {
                    None
                } else {
                    read_label_sets(l).into_iter().next().and_then(|(_, _, r)| r.ok())
                }
            })
            .collect();
        let mut findings = Vec::new();
        for (i, (input, want)) in report.inputs.iter().zip(&wanted).enumerate() {
            let Ok(trace) = &input.result else { continue };
            let who = target_name(i, &trace.input);
            let got = trace.output.as_ref().map(public);
            match (got, want) {
                (None, None) => {}
                (Some(_), None) => findings.push(Finding {
                    message: format!("{who} should be dropped, but it was kept"),
                    details: vec![format!("its labels: {}", format_label_set(&trace.input))],
                    ..Finding::default()
                }),
                (None, Some(want)) => {
                    let step = trace.steps.iter().find(|s| s.outcome == Outcome::Dropped);
                    let by = step.map_or(String::new(), |s| {
                        let action = s.action.map_or("no action", Action::as_str);
                        format!(" by rule #{} ({action})", s.rule + 1)
                    });
                    findings.push(Finding {
                        message: format!("{who} should be kept, but it was dropped{by}"),
                        details: step.map(|s| s.reason.clone()).into_iter().collect(),
                        fix: Some(format!("it should end as {}", format_label_set(want))),
                        span: step.and_then(|s| report.rules.rules[s.rule].span),
                    });
                }
                (Some(got), Some(want)) if got != *want => findings.push(Finding {
                    message: format!("{who} has the wrong labels"),
                    details: label_differences(&got, want),
                    fix: Some(format!("it should end as {}", format_label_set(want))),
                    span: None,
                }),
                (Some(_), Some(_)) => {}
            }
        }
        let total = wanted.len();
        if findings.is_empty() {
            let kept = wanted.iter().filter(|w| w.is_some()).count();
            return pass(format!(
                "all {total} targets end as they should: {kept} kept with the right labels, {} dropped",
                total - kept
            ));
        }
        let right = total - findings.len();
        fail(format!("{right} of {total} targets end as they should"), findings)
    }

    /// "target 2 (pod cart-migrate-8kq2w)", or its address.
    fn target_name(i: usize, labels: &Labels) -> String {
        let what = labels
            .get("__meta_kubernetes_pod_name")
            .map(|p| format!("pod {p}"))
            .or_else(|| labels.get("__address__").map(str::to_owned))
            .unwrap_or_default();
        format!("target {} ({what})", i + 1)
    }

    /// The labels Prometheus keeps after relabeling: those not starting with `__`.
    fn public(labels: &Labels) -> Labels {
        Labels::from_pairs(
            labels
                .iter()
                .filter(|l| !l.name.starts_with("__"))
                .map(|l| (l.name.clone(), l.value.clone())),
        )
    }

    /// One line per label that is missing, extra or different.
    pub(super) fn label_differences(got: &Labels, want: &Labels) -> Vec<String> {
        let mut out = Vec::new();
        for l in want.iter() {
            match got.get(&l.name) {
                None => out.push(format!("missing label {}=\"{}\"", l.name, l.value)),
                Some(v) if v != l.value => {
                    out.push(format!("label {} is \"{v}\", should be \"{}\"", l.name, l.value));
                }
                Some(_) => {}
            }
        }
        for l in got.iter() {
            if want.get(&l.name).is_none() {
                out.push(format!("label {}=\"{}\" should not be there", l.name, l.value));
            }
        }
        out
    }
}

/// The PromQL lessons: the answer's result against the reference's.
mod query {
    use super::{Finding, Verdict, fail, pass};
    use promplay_diagnostics::Span;
    use promplay_model::{Labels, format_float};
    use promplay_pipeline::query::explain::{ExplainedNode, explain};
    use promplay_pipeline::query::{QueryData, QueryTime, instant};
    use promplay_promql_engine::{EngineOptions, SampleValue, Value};

    pub(super) fn check(answer: &str, series: &str, at_s: i64, reference: &str) -> Verdict {
        let mut data = QueryData::new();
        let _ = data.add_series(series, 15_000);
        let t = at_s * 1000;
        let engine = EngineOptions::default();
        let goal = instant(&data, reference, t, &engine);
        let Some(want) = goal.value().map(samples) else {
            return fail("the lesson's own goal does not evaluate".into(), Vec::new());
        };
        if answer.trim().is_empty() {
            return fail("type a query".into(), Vec::new());
        }
        let outcome = instant(&data, answer, t, &engine);
        if let Some((message, span)) = outcome.error() {
            let mut more = Vec::new();
            if outcome.parse_diagnostics.iter().all(|d| !d.is_error()) {
                more = matching(&data, answer, t);
                // The conflict the evaluation stopped at is the error itself.
                for f in &mut more {
                    f.details.retain(|d| *d != message);
                }
            }
            let mut findings = vec![Finding { message, span, ..Finding::default() }];
            findings.append(&mut more);
            return fail("the query does not run".into(), findings);
        }
        let got = outcome.value().map(samples).unwrap_or_default();
        let mut findings = Vec::new();
        let mut unmatched: Vec<&(Labels, f64)> = got.iter().collect();
        for (labels, value) in &want {
            if let Some(pos) = unmatched.iter().position(|(l, _)| l == labels) {
                let (_, v) = unmatched.remove(pos);
                if !close(*v, *value) {
                    findings.push(Finding {
                        message: format!(
                            "{labels}: your query gives {}, the goal is {}",
                            short(*v),
                            short(*value)
                        ),
                        ..Finding::default()
                    });
                }
                continue;
            }
            // The nearest series of the answer: the most labels in common.
            let nearest = unmatched
                .iter()
                .enumerate()
                .map(|(i, (l, _))| {
                    (i, l.iter().filter(|p| labels.get(&p.name) == Some(&p.value)).count())
                })
                .filter(|&(_, common)| common > 0)
                .max_by_key(|&(_, common)| common)
                .map(|(i, _)| i);
            match nearest {
                Some(i) => {
                    let (l, v) = unmatched.remove(i);
                    let mut details = super::relabel::label_differences(l, labels);
                    if !close(*v, *value) {
                        details.push(format!("value {}, the goal is {}", short(*v), short(*value)));
                    }
                    findings.push(Finding {
                        message: format!("the series for {labels} has different labels: {l}"),
                        details,
                        ..Finding::default()
                    });
                }
                None => findings.push(Finding::new(format!(
                    "{labels} = {} is missing from your result",
                    short(*value)
                ))),
            }
        }
        for (l, v) in unmatched {
            findings.push(Finding::new(format!("{l} = {} should not be in the result", short(*v))));
        }
        if findings.is_empty() {
            return pass(format!(
                "your query returns the {} expected series with the right values",
                want.len()
            ));
        }
        // Why a binary operator paired nothing, in the Explain view's words.
        let mut why = matching(&data, answer, t);
        why.append(&mut findings);
        let findings = why;
        let headline = if got.is_empty() {
            format!("your query returns no series; the goal has {}", want.len())
        } else if got.len() == want.len() {
            let wrong = findings.iter().filter(|f| f.span.is_none()).count();
            format!("{wrong} of the {} series differ from the goal", want.len())
        } else {
            format!("your query returns {} series; the goal has {}", got.len(), want.len())
        };
        fail(headline, findings)
    }

    /// Findings for the answer's binary operators that paired no series or
    /// had cardinality conflicts, from the engine's explain tree (which also
    /// computes and verifies a fix).
    fn matching(data: &QueryData, answer: &str, t: i64) -> Vec<Finding> {
        let explained = explain(data, answer, QueryTime::Instant(t), None);
        let mut out = Vec::new();
        if let Some(root) = &explained.root {
            walk(root, &mut out);
        }
        out
    }

    fn walk(node: &ExplainedNode, out: &mut Vec<Finding>) {
        if let Some(m) = &node.matching {
            let unpaired = m.matched_groups == 0
                && (m.unmatched_left_count > 0 || m.unmatched_right_count > 0);
            if unpaired || !m.conflicts.is_empty() {
                let on = if m.signature.starts_with("on ") || m.signature.starts_with("ignoring") {
                    ""
                } else {
                    "on "
                };
                let mut details = vec![format!("{} matching {on}{}", m.cardinality, m.signature)];
                for (side, count, first) in [
                    ("left", m.unmatched_left_count, &m.unmatched_left),
                    ("right", m.unmatched_right_count, &m.unmatched_right),
                ] {
                    if let Some(first) = first.first() {
                        details.push(format!(
                            "{count} series on the {side} found no partner, e.g. {first}"
                        ));
                    }
                }
                details.extend(m.conflicts.iter().map(|c| c.message.clone()));
                let message = if unpaired {
                    format!("`{}` paired no series of its two sides", node.title)
                } else {
                    format!("`{}` has series that match more than one partner", node.title)
                };
                out.push(Finding {
                    message,
                    details,
                    fix: m.suggestion.as_ref().map(|s| format!("{} ({})", s.modifiers, s.reason)),
                    span: Some(Span { start: node.span.0, end: node.span.1 }),
                });
            }
        }
        for child in &node.children {
            walk(child, out);
        }
    }

    /// The float samples of an instant result (a scalar as one unlabelled sample).
    fn samples(value: &Value) -> Vec<(Labels, f64)> {
        match value {
            Value::Vector(v) => v
                .iter()
                .filter_map(|s| match &s.value {
                    SampleValue::Float(f) => Some((s.labels.clone(), *f)),
                    SampleValue::Histogram(_) => None,
                })
                .collect(),
            Value::Scalar { v, .. } => vec![(Labels::new(), *v)],
            _ => Vec::new(),
        }
    }

    fn close(a: f64, b: f64) -> bool {
        a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs()) || (a.is_nan() && b.is_nan())
    }

    /// A value rounded for reading (4 significant decimals).
    fn short(v: f64) -> String {
        if v.is_finite() && v.fract() != 0.0 {
            format_float((v * 1e4).round() / 1e4)
        } else {
            format_float(v)
        }
    }
}

/// The alerting lesson: the rule file evaluated over the lesson's data.
mod alert {
    use super::{Finding, Verdict, fail, pass};
    use promplay_model::Labels;
    use promplay_pipeline::query::QueryData;
    use promplay_pipeline::relabel::read_label_sets;
    use promplay_pipeline::rules::{AlertState, AlertTimeline, RulesEvalOptions, evaluate_rules};

    pub(super) fn check(
        answer: &str,
        series: &str,
        end_s: i64,
        alert: &str,
        fires: &[&str],
        quiet: &[&str],
    ) -> Verdict {
        let mut data = QueryData::new();
        let _ = data.add_series(series, 60_000);
        let outcome = evaluate_rules(&data, answer, &RulesEvalOptions::range(0, end_s * 1000));
        let errors: Vec<Finding> =
            outcome.diagnostics().filter(|d| d.is_error()).map(Finding::from_diagnostic).collect();
        if !errors.is_empty() {
            return fail("Prometheus would refuse this rule file".into(), errors);
        }
        let has_rule =
            outcome.parsed.file.groups.iter().flat_map(|g| &g.rules).any(|r| r.name == alert);
        if !has_rule {
            return fail(
                format!("there is no alerting rule named {alert}"),
                vec![Finding::new(format!("keep the rule `alert: {alert}`"))],
            );
        }
        let timelines: Vec<&AlertTimeline> =
            outcome.evaluation.alerts.iter().filter(|a| a.alertname == alert).collect();
        let mut findings = Vec::new();
        for want in fires {
            let Some(want) = parse(want) else { continue };
            let mine: Vec<_> = timelines.iter().filter(|a| includes(&a.labels, &want)).collect();
            if mine.iter().any(|a| fired(a).is_some()) {
                continue;
            }
            let pending =
                mine.iter().flat_map(|a| &a.bands).find(|b| b.state == AlertState::Pending);
            let details = match pending {
                Some(b) => vec![format!(
                    "it was pending from {} to {}, and resolved before its `for` was over",
                    minutes(b.start),
                    minutes(b.end)
                )],
                None => vec!["its expression never returned that series".into()],
            };
            findings.push(Finding {
                message: format!("{alert} never fired for {want}"),
                details,
                ..Finding::default()
            });
        }
        for not in quiet {
            let Some(not) = parse(not) else { continue };
            for a in timelines.iter().filter(|a| includes(&a.labels, &not)) {
                if let Some((from, to)) = fired(a) {
                    findings.push(Finding {
                        message: format!(
                            "{alert} fired for {not} from {} to {}; it must not fire for it",
                            minutes(from),
                            minutes(to)
                        ),
                        details: vec![format!("the alert's labels: {}", a.labels)],
                        ..Finding::default()
                    });
                }
            }
        }
        if findings.is_empty() {
            return pass(format!(
                "{alert} fires for {} and stays quiet for {}",
                fires.join(", "),
                quiet.join(", ")
            ));
        }
        fail(format!("{alert} does not fire as it should yet"), findings)
    }

    fn parse(text: &str) -> Option<Labels> {
        read_label_sets(text).into_iter().next().and_then(|(_, _, r)| r.ok())
    }

    /// Whether `labels` has every pair of `want`.
    fn includes(labels: &Labels, want: &Labels) -> bool {
        want.iter().all(|l| labels.get(&l.name) == Some(l.value.as_str()))
    }

    /// The first firing band's start and end.
    fn fired(a: &AlertTimeline) -> Option<(i64, i64)> {
        a.bands.iter().find(|b| b.state == AlertState::Firing).map(|b| (b.start, b.end))
    }

    fn minutes(ms: i64) -> String {
        if ms % 60_000 == 0 { format!("{}m", ms / 60_000) } else { format!("{}s", ms / 1000) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::lessons::LESSONS;

    fn run(lesson: &str, answer: &str) -> Verdict {
        CheckAnswer { lesson: lesson.into(), answer: answer.into() }.run()
    }

    #[test]
    fn every_lesson_fails_on_its_start_and_passes_with_its_solution() {
        for lesson in LESSONS {
            let start = run(lesson.id, lesson.start);
            assert!(!start.passed, "{}: the start passes: {start:?}", lesson.id);
            assert!(!start.findings.is_empty(), "{}: no finding: {start:?}", lesson.id);
            let solved = run(lesson.id, lesson.solution);
            assert!(solved.passed, "{}: the solution fails: {solved:#?}", lesson.id);
        }
    }

    #[test]
    fn findings_say_what_is_wrong() {
        let v = run("selectors", crate::learn::lessons::LESSONS[0].start);
        assert!(v.headline.contains("0 active targets of the 3"), "{v:?}");
        assert!(v.findings[0].details[0].contains("serviceMonitorSelector is not set"), "{v:?}");
        assert!(v.findings[0].span.is_some());

        let v = run("port-names", crate::learn::lessons::LESSONS[1].start);
        let f = &v.findings[0];
        assert!(f.message.contains(r#"port is "http""#), "{v:?}");
        assert!(f.fix.as_deref().unwrap().contains("use port `web`"), "{v:?}");

        let v = run("relabeling", crate::learn::lessons::LESSONS[2].start);
        assert!(
            v.findings[0].message.contains("should be kept, but it was dropped by rule #1"),
            "{v:?}"
        );
        assert!(v.findings[0].details[0].contains("`yes`"), "{v:?}");

        let v = run("rate-irate", "irate(http_requests_total[5m])");
        assert!(v.findings.iter().any(|f| f.message.contains("your query gives 100")), "{v:?}");

        let v =
            run("group-left", "rate(http_requests_total[5m]) * on(instance) service_owner_info");
        assert!(v.findings[0].message.contains("many-to-one"), "{v:?}");
        let v = run(
            "group-left",
            "rate(http_requests_total[5m]) * on(instance) group_left service_owner_info",
        );
        assert!(
            v.findings[0].details.iter().any(|d| d.contains(r#"missing label team="payments""#)),
            "{v:?}"
        );

        let v = run("alert-for", crate::learn::lessons::LESSONS[5].start);
        assert!(v.findings[0].message.contains(r#"fired for {instance="a"} from 10m"#), "{v:?}");
        let long = crate::learn::lessons::LESSONS[5].solution.replace("for: 5m", "for: 20m");
        let v = run("alert-for", &long);
        assert!(v.findings[0].message.contains(r#"never fired for {instance="b"}"#), "{v:?}");
        assert!(v.findings[0].details[0].contains("pending from 20m"), "{v:?}");
    }

    #[test]
    fn an_equivalent_answer_passes_and_broken_input_is_positioned() {
        assert!(run("rate-irate", "increase(http_requests_total[5m]) / 300").passed);
        let v = run("rate-irate", "rate(http_requests_total[5m)");
        assert!(!v.passed && v.findings[0].span.is_some(), "{v:?}");
        let v = run("relabeling", "- action: bogus\n");
        assert!(!v.passed && v.findings[0].span.is_some(), "{v:?}");
        let v = run("selectors", "kind: [\n");
        assert!(!v.passed, "{v:?}");
    }
}
