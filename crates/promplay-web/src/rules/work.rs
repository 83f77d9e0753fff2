//! The worker's side of the Rules workbench's tasks: the engines
//! (`promplay_pipeline::rules`, `::alertmanager`, the operator compiler for
//! Alertmanager manifests) run here and their results become the views of
//! `tasks.rs`. Only `engine::tasks::dispatch` reaches this module, so only
//! the worker binary links what it calls.

use super::tasks::*;
use crate::engine::Run;
use crate::query::time;
use promplay_diagnostics::{Diagnostic, Severity};
use promplay_model::{format_float, is_stale_nan};
use promplay_pipeline::alertmanager::{self as am, AmReport, RuleCheck, Visit};
use promplay_pipeline::operator::{Options, SourceFile, compile_manifests};
use promplay_pipeline::query::QueryData;
use promplay_pipeline::rules::{
    AlertState, ProducedSeries, RuleKind, RulesEvalOptions, TestOptions, evaluate_rules,
    failure_lines, promtool_output, run_unit_tests,
};
use promplay_promql_engine::SampleValue;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

/// Lines of the series editor before any `load` header are this far apart
/// (the Query workbench's default).
const DEFAULT_INTERVAL_MS: i64 = 15_000;

/// The path the unit-test file is run as.
pub const TEST_PATH: &str = "tests.yml";
/// The path the rules editor's text is loaded as (what the tests' `rule_files` name).
pub const RULES_PATH: &str = "rules.yml";

/// Loaded data and what it held.
type Loaded = Rc<(QueryData, DataSummary)>;

thread_local! {
    /// The sources last loaded and their data: typing in the rules editor
    /// re-evaluates over the same data, which is not read again. A fresh
    /// worker starts empty and loads on its first evaluation.
    static LOADED: RefCell<Option<(DataSources, Loaded)>> =
        const { RefCell::new(None) };
}

/// The data of `sources`, loaded (or the copy kept from the last call).
fn load(sources: &DataSources) -> Loaded {
    if let Some(hit) =
        LOADED.with_borrow(|l| l.as_ref().filter(|(s, _)| s == sources).map(|(_, d)| Rc::clone(d)))
    {
        return hit;
    }
    let mut data = QueryData::new();
    let mut problems = data.add_series(&sources.series, DEFAULT_INTERVAL_MS).len();
    for (text, at) in &sources.scrapes {
        problems += data.add_scrape(text, *at).len();
    }
    let summary =
        DataSummary { series: data.storage().series_count(), range: data.time_range(), problems };
    let loaded = Rc::new((data, summary));
    LOADED.with_borrow_mut(|l| *l = Some((sources.clone(), Rc::clone(&loaded))));
    loaded
}

impl Run for EvalRules {
    fn run(self) -> RulesView {
        let loaded = load(&self.sources);
        let (data, summary) = &*loaded;
        let (lo, hi) = summary.range.unwrap_or((0, 3_600_000));
        let mut problem = None;
        let mut parse = |text: &str, what: &str, default: i64| {
            if text.trim().is_empty() {
                return default;
            }
            time::parse_time(text).unwrap_or_else(|| {
                problem = Some(format!(
                    "cannot read the {what} time {text:?}; using {}",
                    time::format_time(default)
                ));
                default
            })
        };
        let start = parse(&self.start, "start", lo);
        let end = parse(&self.end, "end", hi).max(start);
        let mut options = RulesEvalOptions::range(start, end);
        match time::parse_duration(&self.interval) {
            Some(ms) if ms > 0 => options.eval.default_interval_ms = ms,
            _ => {
                problem = Some(format!(
                    "cannot read the evaluation interval {:?}; using 1m",
                    self.interval
                ));
            }
        }
        options.eval.external_url = self.external_url;
        let outcome = evaluate_rules(data, &self.rules, &options);
        let ev = &outcome.evaluation;
        let rule_errors = ev
            .rules
            .iter()
            .flat_map(|r| {
                r.errors.iter().map(move |run| {
                    format!(
                        "rule {} failed {} time(s) from {} to {}: {}",
                        r.name,
                        run.count,
                        time::format_time(run.first),
                        time::format_time(run.last),
                        run.message
                    )
                })
            })
            .collect();
        let groups = &outcome.parsed.file.groups;
        RulesView {
            data: summary.clone(),
            problem,
            diagnostics: outcome.diagnostics().cloned().collect(),
            rule_errors,
            start,
            end,
            groups: groups.len(),
            rules: groups.iter().map(|g| g.rules.len()).sum(),
            evaluations: ev.evaluations.len(),
            has_alerting: groups
                .iter()
                .flat_map(|g| &g.rules)
                .any(|r| r.kind == RuleKind::Alerting),
            alerts: ev
                .alerts
                .iter()
                .map(|a| AlertView {
                    alertname: a.alertname.clone(),
                    labels: a.labels.clone(),
                    bands: a
                        .bands
                        .iter()
                        .map(|b| BandView {
                            state: match b.state {
                                AlertState::Inactive => BandState::Inactive,
                                AlertState::Pending => BandState::Pending,
                                AlertState::Firing => BandState::Firing,
                            },
                            start: b.start,
                            end: b.end,
                            active_at: b.active_at,
                            fired_at: b.fired_at,
                            resolved_at: b.resolved_at,
                            value: a
                                .points
                                .iter()
                                .rev()
                                .find(|p| p.t < b.end && p.t >= b.start)
                                .map(|p| p.value),
                            annotations: b.annotations.clone(),
                        })
                        .collect(),
                })
                .collect(),
            produced: ev.produced.iter().map(produced_view).collect(),
            load: load_notation(&ev.produced),
        }
    }
}

fn produced_view(s: &ProducedSeries) -> ProducedView {
    let last = s.samples.iter().rev().find_map(|(t, v)| match v {
        SampleValue::Float(f) if is_stale_nan(*f) => None,
        SampleValue::Float(f) => Some(format!("{} @ {}", format_float(*f), time::format_time(*t))),
        SampleValue::Histogram(h) => Some(format!(
            "{{count:{} sum:{}}} @ {}",
            format_float(h.count),
            format_float(h.sum),
            time::format_time(*t)
        )),
    });
    ProducedView { labels: s.labels.to_string(), samples: s.samples.len(), last }
}

/// The produced series as `load` blocks, one per evaluation interval: every
/// series' samples fall on multiples of its interval from the epoch, so
/// each line is `_` up to its first sample, then values and `_` gaps.
pub(crate) fn load_notation(produced: &[ProducedSeries]) -> LoadBlock {
    let mut by_interval: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    let mut skipped = 0;
    for s in produced {
        let times: Vec<i64> = s.samples.iter().map(|(t, _)| *t).collect();
        let step = times.windows(2).map(|w| w[1] - w[0]).filter(|d| *d > 0).min().unwrap_or(60_000);
        if times.iter().any(|t| t % step != 0) {
            skipped += 1;
            continue;
        }
        let mut items = Vec::new();
        let mut next = 0i64;
        for (t, v) in &s.samples {
            let idx = t / step;
            if idx - next > 0 {
                items.push(if idx - next == 1 {
                    "_".to_owned()
                } else {
                    format!("_x{}", idx - next)
                });
            }
            items.push(match v {
                SampleValue::Float(f) if is_stale_nan(*f) => "stale".to_owned(),
                SampleValue::Float(f) => format_float(*f),
                SampleValue::Histogram(h) => {
                    format!("{{{{count:{} sum:{}}}}}", format_float(h.count), format_float(h.sum))
                }
            });
            next = idx + 1;
        }
        by_interval.entry(step).or_default().push(format!("  {} {}", s.labels, items.join(" ")));
    }
    let mut text = String::new();
    let mut count = 0;
    for (step, lines) in by_interval {
        text.push_str(&format!("load {}\n", time::format_duration(step)));
        count += lines.len();
        for l in lines {
            text.push_str(&l);
            text.push('\n');
        }
    }
    LoadBlock { text, count, skipped }
}

impl Run for RunUnitTests {
    fn run(self) -> TestsView {
        if self.tests.trim().is_empty() {
            return TestsView { passed: true, ..TestsView::default() };
        }
        let files = BTreeMap::from([(RULES_PATH.to_owned(), self.rules)]);
        let report = run_unit_tests(TEST_PATH, &self.tests, &files, &TestOptions::default());
        let (stdout, stderr) = promtool_output(&report);
        TestsView {
            passed: report.passed,
            failures: report.failures().len(),
            stdout,
            stderr,
            aborted: report.aborted.as_ref().map(|f| f.message.clone()),
            warnings: report.warnings.clone(),
            groups: report
                .groups
                .iter()
                .map(|g| TestGroupView {
                    name: g.name.clone(),
                    alert_checks: g.alert_checks,
                    expr_checks: g.expr_checks,
                    failures: g
                        .failures
                        .iter()
                        .map(|f| {
                            let (expected, got) = failure_lines(&f.detail);
                            TestFailureView { message: f.message.clone(), expected, got }
                        })
                        .collect(),
                })
                .collect(),
            diagnostics: report
                .diagnostics
                .iter()
                .filter(|(p, _)| p == TEST_PATH)
                .map(|(_, d)| d.clone())
                .collect(),
        }
    }
}

/// The Alertmanager input, read: the configuration that is routed (typed,
/// or generated from manifests) and the editor's diagnostics.
struct AmInput {
    report: AmReport,
    /// `namespace/name` when the operator generated the configuration.
    generated: Option<String>,
    /// Diagnostics with spans into the editor's text.
    input_diagnostics: Vec<Diagnostic>,
    /// Why no configuration could be routed, if so.
    problem: Option<String>,
}

/// Reads the Alertmanager editor's text.
fn read_alertmanager(text: &str) -> AmInput {
    let is_manifest = text.lines().any(|l| l.starts_with("kind:") || l.starts_with("apiVersion:"));
    if !is_manifest {
        let report = am::analyze(text);
        let input_diagnostics = report.loaded.diagnostics.clone();
        return AmInput { report, generated: None, input_diagnostics, problem: None };
    }
    let compiled = compile_manifests(
        &[SourceFile { name: "alertmanager.yaml".into(), text: text.into() }],
        &Options::default(),
    );
    let input_diagnostics: Vec<Diagnostic> =
        compiled.diagnostics.iter().map(|d| d.diagnostic.clone()).collect();
    let Some(result) = compiled.alertmanagers.first() else {
        return AmInput {
            report: am::analyze(""),
            generated: None,
            input_diagnostics,
            problem: Some("the manifests hold no Alertmanager object".into()),
        };
    };
    match &result.config {
        Ok(config) => AmInput {
            report: am::analyze_with_origins(config, result.origins.clone()),
            generated: Some(format!("{}/{}", result.namespace, result.name)),
            input_diagnostics,
            problem: None,
        },
        Err(why) => AmInput {
            report: am::analyze(""),
            generated: None,
            input_diagnostics,
            problem: Some(format!(
                "alertmanager.yaml of {}/{} could not be generated: {why}",
                result.namespace, result.name
            )),
        },
    }
}

impl Run for AnalyzeAlertmanager {
    fn run(self) -> AmView {
        let a = read_alertmanager(&self.text);
        let errors = |ds: &[Diagnostic]| -> Vec<String> {
            ds.iter().filter(|d| d.severity == Severity::Error).map(|d| d.message.clone()).collect()
        };
        let mut problems: Vec<String> = a.problem.iter().cloned().collect();
        problems.extend(errors(&a.report.loaded.diagnostics));
        if a.generated.is_some() {
            problems.extend(errors(&a.input_diagnostics));
        }
        let (tree, route) = route(&a.report, &self.route_labels);
        AmView {
            generated: a.generated,
            problems,
            tree,
            route,
            inhibition: inhibition(&a.report, &self.inhibit_alerts),
            input_diagnostics: a.input_diagnostics,
        }
    }
}

/// The tree with the walk of an alert with `labels_text` through it.
fn route(report: &AmReport, labels_text: &str) -> (Option<Vec<RouteNodeView>>, RouteOutcome) {
    let Some(tree) = report.tree.as_ref() else { return (None, RouteOutcome::NoTree) };
    let labels = am::parse_label_set(labels_text);
    let routing = labels.as_ref().ok().and_then(|l| report.route(l));
    let outcome = match (&labels, &routing) {
        (Err(e), _) => RouteOutcome::BadLabels(e.clone()),
        (Ok(_), Some(r)) => RouteOutcome::Routed {
            receivers: r.receivers(tree).into_iter().map(|s| s.to_string()).collect(),
            pipelines: r
                .matches
                .iter()
                .map(|&m| {
                    let n = &tree.nodes[m];
                    let s = report.describe(n);
                    let via = format!(
                        " via {} · group_by {} · group_wait {} · group_interval {} · repeat_interval {}",
                        n.path, s.group_by, s.group_wait, s.group_interval, s.repeat_interval
                    );
                    (s.receiver, via)
                })
                .collect(),
        },
        (Ok(_), None) => RouteOutcome::NoTree,
    };
    let nodes = tree
        .nodes
        .iter()
        .map(|n| {
            let (visit, rejected) = match routing.as_ref().map(|r| &r.visits[n.index]) {
                Some(Visit::Matched) => ("matched", None),
                Some(Visit::Rejected(i)) => ("rejected", Some(*i)),
                Some(Visit::NotReached) => ("not-reached", None),
                None => ("none", None),
            };
            let origin = report.origin(&n.path);
            let injected_matcher = origin.as_ref().and_then(|o| o.namespace_matcher.clone());
            let matchers = n
                .matchers
                .iter()
                .enumerate()
                .map(|(i, (m, _, _))| {
                    let text = m.to_string();
                    let injected = injected_matcher.as_deref() == Some(text.as_str());
                    MatcherView { text, rejected: rejected == Some(i), injected }
                })
                .collect();
            let s = report.describe(n);
            let inherited = |src: &am::Source| !matches!(src, am::Source::Own);
            RouteNodeView {
                path: n.path.clone(),
                depth: n.depth,
                visit: visit.to_owned(),
                delivers: routing.as_ref().is_some_and(|r| r.matches.contains(&n.index)),
                matchers,
                continue_: n.continue_,
                settings: [
                    (s.receiver, inherited(&n.receiver.source)),
                    (s.group_by, inherited(&n.group_by.source)),
                    (s.group_wait, inherited(&n.group_wait.source)),
                    (s.group_interval, inherited(&n.group_interval.source)),
                    (s.repeat_interval, inherited(&n.repeat_interval.source)),
                ],
                origin: origin.map(|o| {
                    let mut note =
                        format!("from {} {}/{} ({})", o.kind, o.namespace, o.name, o.field);
                    if let Some(m) = o.namespace_matcher {
                        note.push_str(&format!(
                            " · operator added {m} (matcher strategy {})",
                            o.strategy
                        ));
                    }
                    note
                }),
            }
        })
        .collect();
    (Some(nodes), outcome)
}

/// Which of the alerts in `alerts_text` (one label set a line) are muted.
fn inhibition(report: &AmReport, alerts_text: &str) -> InhibitOutcome {
    let mut labels = Vec::new();
    for line in alerts_text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match am::parse_label_set(line) {
            Ok(l) => labels.push(l),
            Err(e) => return InhibitOutcome::BadAlerts(format!("{line}: {e}")),
        }
    }
    let verdicts = report.inhibit(&labels);
    let names: HashMap<usize, String> = report
        .config()
        .map(|c| {
            c.inhibit_rules
                .iter()
                .enumerate()
                .map(|(i, r)| (i, r.name.clone().unwrap_or_else(|| r.path.clone())))
                .collect()
        })
        .unwrap_or_default();
    let rule_name =
        |i: usize| names.get(&i).cloned().unwrap_or_else(|| format!("inhibit_rules[{i}]"));
    let rows = labels
        .iter()
        .zip(&verdicts)
        .map(|(l, v)| {
            let verdict = match &v.muted_by {
                Some(m) => format!(
                    "muted by {} (source: {})",
                    rule_name(m.rule),
                    labels.get(m.source).map(ToString::to_string).unwrap_or_default()
                ),
                None => {
                    let notes: Vec<String> = v
                        .checks
                        .iter()
                        .map(|c| match c {
                            RuleCheck::NoSource { rule } => {
                                format!("{}: no firing source with equal labels", rule_name(*rule))
                            }
                            RuleCheck::TwoSided { rule, .. } => {
                                format!("{}: matches both sides, not muted", rule_name(*rule))
                            }
                            RuleCheck::Muted { rule, .. } => format!("{}: muted", rule_name(*rule)),
                        })
                        .collect();
                    if notes.is_empty() {
                        "notifies (no inhibit rule targets it)".to_owned()
                    } else {
                        format!("notifies · {}", notes.join("; "))
                    }
                }
            };
            InhibitRow { labels: l.to_string(), muted: v.muted_by.is_some(), verdict }
        })
        .collect();
    InhibitOutcome::Rows(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Envelope, Reply, Task, decode, encode, host};
    use crate::rules::examples::EXAMPLES;

    /// Runs `task` the way the page does: encoded, through the worker's
    /// `handle`, decoded.
    fn through_the_wire<T: Task>(task: &T) -> T::Output {
        let envelope = Envelope { id: 1, kind: T::KIND.into(), payload: encode(task).unwrap() };
        let reply: Reply = decode(&host::handle(&encode(&envelope).unwrap())).unwrap();
        decode(&reply.result.expect("the task ran")).unwrap()
    }

    fn default_eval(rules: &str) -> EvalRules {
        EvalRules {
            sources: DataSources {
                series: crate::query::state::Saved::default().series,
                scrapes: Vec::new(),
            },
            rules: rules.to_owned(),
            start: String::new(),
            end: String::new(),
            interval: "1m".into(),
            external_url: "http://localhost:9090".into(),
        }
    }

    #[test]
    fn the_default_example_evaluates_into_timelines_and_series() {
        let view = through_the_wire(&default_eval(EXAMPLES[0].rules));
        assert!(view.diagnostics.is_empty(), "{:?}", view.diagnostics);
        assert!(view.rule_errors.is_empty(), "{:?}", view.rule_errors);
        assert!(view.data.series > 0 && view.data.problems == 0, "{:?}", view.data);
        let down =
            view.alerts.iter().find(|a| a.alertname == "InstanceDown").expect("InstanceDown");
        let states: Vec<&str> = down.bands.iter().map(|b| b.state.as_str()).collect();
        assert_eq!(states[..2], ["pending", "firing"]);
        let firing = &down.bands[1];
        assert!(firing.fired_at.is_some() && firing.value.is_some());
        assert!(firing.annotations.iter().any(|(_, v)| v.contains("is down")), "{firing:?}");
        assert!(view.produced.iter().any(|p| p.labels.starts_with("ALERTS{")));
        assert_eq!(view.load.count + view.load.skipped, view.produced.len());
        assert!(view.load.text.starts_with("load "), "{}", view.load.text);
        assert!(view.groups > 0 && view.rules > 0 && view.evaluations > 0 && view.has_alerting);
    }

    #[test]
    fn unreadable_settings_and_rules_come_back_as_problems() {
        let mut task =
            default_eval("groups:\n- name: g\n  rules:\n  - record: x\n    expr: sum(\n");
        task.start = "yesterday".into();
        task.interval = "often".into();
        let view = through_the_wire(&task);
        assert!(
            view.problem.as_deref().is_some_and(|p| p.contains("\"often\"")),
            "{:?}",
            view.problem
        );
        let error = view.diagnostics.first().expect("a parse error");
        let span = error.labels[0].span;
        assert!(span.end as usize <= task.rules.len() && span.start > 0, "{error:?}");
    }

    #[test]
    fn staleness_markers_survive_the_load_notation() {
        let view = through_the_wire(&default_eval(
            "groups:\n- name: g\n  rules:\n  - record: gone\n    expr: vector(1) and on() (vector(time()) < 300)\n",
        ));
        let gone = view.produced.iter().find(|p| p.labels == "gone").expect("gone");
        assert!(gone.samples > 1);
        let line = view.load.text.lines().find(|l| l.trim_start().starts_with("gone ")).unwrap();
        assert!(line.ends_with(" stale"), "{line}");
    }

    #[test]
    fn unit_tests_pass_and_fail_with_their_lines() {
        let ok = through_the_wire(&RunUnitTests {
            tests: EXAMPLES[0].tests.into(),
            rules: EXAMPLES[0].rules.into(),
        });
        assert!(ok.passed && !ok.groups.is_empty(), "{ok:?}");
        assert!(ok.stdout.contains("SUCCESS"));
        let failing = &EXAMPLES[1];
        let bad = through_the_wire(&RunUnitTests {
            tests: failing.tests.into(),
            rules: failing.rules.into(),
        });
        assert!(!bad.passed && bad.failures > 0);
        let f = bad.groups.iter().flat_map(|g| &g.failures).next().expect("a failure");
        assert!(f.expected.iter().any(|l| l.contains("severity=\"page\"")), "{f:?}");
        assert!(f.got.iter().any(|l| l.contains("severity=\"critical\"")), "{f:?}");
        let empty = through_the_wire(&RunUnitTests { tests: " \n".into(), rules: String::new() });
        assert!(empty.passed && empty.groups.is_empty());
    }

    #[test]
    fn alerts_are_routed_and_inhibited() {
        let e = &EXAMPLES[0];
        let view = through_the_wire(&AnalyzeAlertmanager {
            text: e.alertmanager.into(),
            route_labels: e.route_labels.into(),
            inhibit_alerts: e.inhibit_alerts.into(),
        });
        assert!(view.problems.is_empty(), "{:?}", view.problems);
        let RouteOutcome::Routed { receivers, .. } = &view.route else {
            panic!("{:?}", view.route)
        };
        assert_eq!(receivers, &["pager", "api-team"]);
        let visits: Vec<String> =
            view.tree.unwrap().iter().map(|n| format!("{}:{}", n.path, n.visit)).collect();
        assert_eq!(
            visits,
            [
                "route:matched",
                "route.routes[0]:matched",
                "route.routes[1]:matched",
                "route.routes[1].routes[0]:rejected"
            ]
        );
        let InhibitOutcome::Rows(rows) = &view.inhibition else { panic!() };
        assert_eq!(rows.iter().map(|r| r.muted).collect::<Vec<_>>(), [false, true, false]);
        let bad = through_the_wire(&AnalyzeAlertmanager {
            text: e.alertmanager.into(),
            route_labels: "{oops".into(),
            inhibit_alerts: "{x=\"1\"}\nnot labels{".into(),
        });
        assert!(matches!(bad.route, RouteOutcome::BadLabels(_)), "{:?}", bad.route);
        assert!(matches!(bad.inhibition, InhibitOutcome::BadAlerts(_)));
    }

    #[test]
    fn alertmanager_manifests_are_compiled_by_the_operator() {
        let e = EXAMPLES.iter().find(|e| e.id == "operator-guide").unwrap();
        let view = through_the_wire(&AnalyzeAlertmanager {
            text: e.alertmanager.into(),
            route_labels: e.route_labels.into(),
            inhibit_alerts: e.inhibit_alerts.into(),
        });
        assert!(view.generated.is_some());
        let RouteOutcome::Routed { receivers, .. } = &view.route else {
            panic!("{:?}", view.route)
        };
        assert_eq!(receivers, &["pager", "webhook"]);
        let none = through_the_wire(&AnalyzeAlertmanager {
            text: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n".into(),
            route_labels: String::new(),
            inhibit_alerts: String::new(),
        });
        assert!(none.problems.iter().any(|p| p.contains("no Alertmanager")), "{:?}", none.problems);
    }
}
