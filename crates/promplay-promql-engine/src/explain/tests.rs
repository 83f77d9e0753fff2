//! Explain-tree cases: each loads series in promqltest notation, explains a
//! query and checks one fact about one node, found by its title.

use super::*;
use crate::load;
use promplay_promql_syntax::{ParseOptions, parse_with};

const DATA: &str = r#"load 1m
  http_requests_total{job="api", instance="a", code="200"} 0+10x10
  http_requests_total{job="api", instance="a", code="500"} 0+1x10
  http_requests_total{job="api", instance="b", code="200"} 0+20x10
  up{job="api", instance="a"} 1x10
  up{job="api", instance="b"} 1x10
  up{job="db", instance="c"} 0x10
  node_info{instance="a", team="red"} 1x10
  node_info{instance="b", team="blue"} 1x10
  old_metric{job="api"} 1x2
  latency{job="api"} {{schema:0 count:4 sum:10 buckets:[1 2 1]}}x10
  latency{job="db"} 3x10
"#;

fn run(query: &str) -> ExplainNode {
    let mut storage = Storage::new();
    assert!(load::load(&mut storage, DATA, 60_000).is_empty());
    let expr = parse_with(query, &ParseOptions::all()).expr.expect(query);
    let mut tick = 0.0;
    let mut clock = || {
        tick += 1.0;
        tick
    };
    explain(&storage, query, &expr, 600_000, &EngineOptions::default(), Some(&mut clock))
}

fn find<'a>(n: &'a ExplainNode, title: &str) -> &'a ExplainNode {
    let mut found = None;
    fn go<'a>(n: &'a ExplainNode, title: &str, found: &mut Option<&'a ExplainNode>) {
        if n.title == title && found.is_none() {
            *found = Some(n);
        }
        for c in &n.children {
            go(c, title, found);
        }
    }
    go(n, title, &mut found);
    found.unwrap_or_else(|| panic!("no node {title:?} in {n:#?}"))
}

#[test]
fn every_node_has_its_own_result_and_cost() {
    let root = run("sum by (job) (rate(http_requests_total[5m]))");
    assert_eq!(root.title, "sum by (job)");
    assert_eq!(root.series_count(), 1);
    let rate = find(&root, "rate");
    assert_eq!(rate.series_count(), 3);
    let sel = find(&root, "http_requests_total[5m]");
    assert_eq!(sel.kind, NodeKind::RangeSelector);
    assert_eq!(sel.cost.points, 15, "three series, five samples each in (5m, 10m]");
    assert!(sel.cost.samples >= 15);
    assert_eq!(root.cost.wall_ms, Some(1.0), "the caller's clock times each node");
}

#[test]
fn join_reports_unmatched_sides_and_computes_a_fix() {
    let root = run("http_requests_total / up");
    let m = root.matching.as_ref().expect("matching report");
    assert_eq!(m.signature, "all labels except __name__");
    assert!(m.groups.is_empty());
    assert_eq!((m.unmatched_left.len(), m.unmatched_right.len()), (3, 3));
    let s = m.suggestion.as_ref().expect("a fix");
    assert_eq!(s.modifiers, "on (instance, job) group_left");
    assert_eq!(s.expr, "http_requests_total / on (instance, job) group_left up");
    assert_eq!(s.series, 3);
    assert_eq!((s.unmatched_left, s.unmatched_right), (0, 1));
    assert!(s.reason.contains("`code` only on the left"), "{}", s.reason);
}

#[test]
fn info_style_join_copies_the_right_only_labels() {
    let root = run("up * node_info");
    let s = root.matching.as_ref().and_then(|m| m.suggestion.as_ref()).expect("a fix");
    assert_eq!(s.modifiers, "on (instance)");
    assert_eq!(s.series, 2);
    assert!(s.reason.contains("add `group_left (team)` to copy `team`"), "{}", s.reason);
    let s = run("http_requests_total * node_info").matching.unwrap().suggestion.unwrap();
    assert_eq!(s.modifiers, "on (instance) group_left (team)");
    assert_eq!(s.series, 3);
}

#[test]
fn one_to_one_fix_prefers_the_shorter_ignoring_list() {
    let root = run("http_requests_total{code=\"200\"} / ignoring(job) up");
    let m = root.matching.as_ref().unwrap();
    assert_eq!(m.unmatched_left.len(), 2);
    let s = m.suggestion.as_ref().expect("a fix");
    assert_eq!(s.modifiers, "ignoring (code)");
    assert_eq!(s.series, 2);
}

#[test]
fn many_to_one_without_group_left_is_a_conflict() {
    let root = run("http_requests_total / on(instance) up");
    assert!(root.value.is_err());
    let m = root.matching.as_ref().unwrap();
    assert_eq!(m.conflicts.len(), 1);
    let c = &m.conflicts[0];
    assert_eq!(c.side, Side::Left);
    assert_eq!(c.signature.to_string(), "{instance=\"a\"}");
    assert_eq!(c.series.len(), 2);
    assert!(c.message.starts_with("multiple matches for labels: many-to-one"));
    let s = m.suggestion.as_ref().expect("a fix");
    assert!(s.modifiers.contains("group_left"), "{}", s.modifiers);
}

#[test]
fn duplicate_series_on_the_one_side_name_both() {
    let root = run("up / on(job) group_left http_requests_total");
    let m = root.matching.as_ref().unwrap();
    let c = m.conflicts.iter().find(|c| c.side == Side::Right).expect("right-side duplicates");
    assert!(c.message.starts_with("found duplicate series for the match group {job=\"api\"}"));
    assert_eq!(c.series.len(), 3);
}

#[test]
fn clean_match_has_no_suggestion() {
    let root = run("up * on(instance) group_right node_info");
    let m = root.matching.as_ref().unwrap();
    assert_eq!(m.groups.len(), 2);
    assert_eq!(m.unmatched_left.len(), 1);
    let clean = run("up{job=\"api\"} * on(instance) node_info");
    let m = clean.matching.as_ref().unwrap();
    assert!(m.is_clean() && m.suggestion.is_none(), "{m:#?}");
}

#[test]
fn typo_in_metric_name_suggests_the_nearest() {
    let root = run("rate(http_request_total[5m])");
    let sel = find(&root, "http_request_total[5m]");
    let r = sel.selection.as_ref().expect("a diagnosis");
    assert_eq!(r.reason, EmptyReason::UnknownMetric);
    assert_eq!(r.nearest_metrics, ["http_requests_total"]);
    assert!(r.message.contains("did you mean \"http_requests_total\"?"), "{}", r.message);
}

#[test]
fn matcher_that_removed_the_last_candidates_is_named() {
    let root = run("up{job=\"api\", instance=\"aa\"}");
    let r = root.selection.as_ref().unwrap();
    assert_eq!(r.reason, EmptyReason::MatcherEliminated);
    assert_eq!(r.candidates, 2);
    assert_eq!(r.nearest_values, ["a"]);
    let span = r.matcher.unwrap();
    assert_eq!(
        &"up{job=\"api\", instance=\"aa\"}"[span.start as usize..span.end as usize],
        "instance=\"aa\""
    );
    let missing = run("up{team=\"red\"}");
    assert!(missing.selection.unwrap().message.contains("none of them has the label `team`"));
}

#[test]
fn stale_series_are_explained_by_their_window() {
    let root = run("old_metric");
    let r = root.selection.as_ref().unwrap();
    assert_eq!(r.reason, EmptyReason::NoSamplesInWindow);
    assert_eq!(r.latest_sample, Some(120_000));
    assert!(r.message.contains("the newest sample is 8m older"), "{}", r.message);
}

#[test]
fn native_histograms_and_own_annotations() {
    let root = run("sum(latency)");
    let own: Vec<&str> = root.annotations.iter().map(|a| a.message.as_str()).collect();
    assert_eq!(own, ["encountered a mix of histograms and floats for aggregation"]);
    let sel = find(&root, "latency");
    assert!(sel.annotations.is_empty());
    let Ok(Value::Vector(v)) = &sel.value else { panic!() };
    assert!(v.iter().any(|s| s.as_histogram().is_some()));
    let q = run("histogram_quantile(0.5, latency)");
    assert_eq!(q.series_count(), 1);
}

#[test]
fn aggregated_side_keeps_its_grouping_label() {
    let root = run("sum by (job) (rate(http_requests_total[5m])) / on(job) up");
    let m = root.matching.as_ref().unwrap();
    let s = m.suggestion.as_ref().expect("a fix");
    assert_eq!(s.modifiers, "on (job) group_right");
}

#[test]
fn a_fix_that_is_already_written_is_not_suggested_again() {
    let root = run("http_requests_total / on (instance, job) group_left up");
    let m = root.matching.as_ref().unwrap();
    assert_eq!((m.unmatched_left.len(), m.unmatched_right.len()), (0, 1));
    assert!(m.suggestion.is_none());
    assert!(m.hint.as_deref().unwrap_or("").contains("no partner"), "{m:#?}");
}
