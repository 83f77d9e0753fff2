//! Why a selector selected nothing: the metric name is unknown (with the
//! nearest names in the data), a label matcher removed the last candidates
//! (with the values the candidates do have, nearest first), or series match
//! but none has a sample in the window the selector looks at.
//!
//! The matchers are applied one at a time, the metric name first and then in
//! the order written, so the report can name the one matcher after which no
//! series was left.

use promplay_diagnostics::Span;
use promplay_model::{Labels, TimestampMs};
use promplay_promql_syntax::{
    LabelMatcher, MatchOp, VectorSelector, format_duration, quote_string,
};

use super::Ctx;
use crate::eval::select;
use crate::load::histogram::edit_distance;
use crate::storage::StoredSample;

/// Suggestions offered at most.
const MAX_SUGGESTIONS: usize = 3;
/// Existing label values listed at most.
const MAX_VALUES: usize = 8;

/// Why a selector is empty.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmptyReason {
    /// The data holds no series at all.
    NoData,
    /// No series has the metric name.
    UnknownMetric,
    /// A label matcher removed the last candidate series.
    MatcherEliminated,
    /// Series match, but none has a sample in the selector's window.
    NoSamplesInWindow,
    /// A matcher could not be compiled (an invalid regular expression).
    InvalidMatcher,
}

/// The diagnosis of an empty selector.
#[derive(Clone, Debug, PartialEq)]
pub struct SelectionReport {
    /// The reason.
    pub reason: EmptyReason,
    /// A sentence saying what happened and what to try.
    pub message: String,
    /// The matcher that removed the last candidates (or names the unknown metric).
    pub matcher: Option<Span>,
    /// Series left just before that matcher (for `NoSamplesInWindow`, the series that match).
    pub candidates: usize,
    /// The metric names nearest to the one asked for, nearest first.
    pub nearest_metrics: Vec<String>,
    /// The eliminating matcher's label values among the candidates, nearest first.
    pub nearest_values: Vec<String>,
    /// The newest sample at or before the window's end, among matching series.
    pub latest_sample: Option<TimestampMs>,
}

/// Diagnoses an empty selector; `range_ms` is the range of a range selector,
/// 0 for an instant selector (which looks back the lookback delta).
pub(crate) fn report(ctx: &Ctx<'_>, vs: &VectorSelector, range_ms: i64) -> SelectionReport {
    let mut out = SelectionReport {
        reason: EmptyReason::NoData,
        message: String::new(),
        matcher: None,
        candidates: 0,
        nearest_metrics: Vec::new(),
        nearest_values: Vec::new(),
        latest_sample: None,
    };
    if ctx.storage.is_empty() {
        out.message = "the data holds no series at all; add series or a scrape".to_owned();
        return out;
    }
    // The name matcher first (the parser lists it last), then as written.
    let mut order: Vec<&LabelMatcher> =
        vs.matchers.iter().filter(|m| m.name == "__name__").collect();
    order.extend(vs.matchers.iter().filter(|m| m.name != "__name__"));
    let mut candidates: Vec<(&Labels, &[StoredSample])> = ctx.storage.series().collect();
    for m in order {
        let compiled = match select::compile(std::slice::from_ref(m)) {
            Ok(mut c) => c.remove(0),
            Err(e) => {
                out.reason = EmptyReason::InvalidMatcher;
                out.message = e.message;
                out.matcher = Some(m.span);
                return out;
            }
        };
        let next: Vec<_> =
            candidates.iter().copied().filter(|(l, _)| compiled.matches(l)).collect();
        if next.is_empty() {
            out.matcher = Some(m.span);
            out.candidates = candidates.len();
            if m.name == "__name__" && m.op == MatchOp::Equal {
                unknown_metric(ctx, m, &mut out);
            } else {
                eliminated(m, &candidates, &mut out);
            }
            return out;
        }
        candidates = next;
    }
    no_samples(ctx, vs, range_ms, &candidates, &mut out);
    out
}

fn unknown_metric(ctx: &Ctx<'_>, m: &LabelMatcher, out: &mut SelectionReport) {
    out.reason = EmptyReason::UnknownMetric;
    let names = ctx.storage.metric_names();
    out.nearest_metrics = nearest(&m.value, names.iter().copied());
    out.message = format!("no series has the metric name {}", quote_string(&m.value));
    match out.nearest_metrics.as_slice() {
        [] => out.message.push_str(&format!(
            "; the data has {} metric name{}, none of them close",
            names.len(),
            if names.len() == 1 { "" } else { "s" }
        )),
        near => out.message.push_str(&format!("; did you mean {}?", or_list(near))),
    }
}

fn eliminated(
    m: &LabelMatcher,
    candidates: &[(&Labels, &[StoredSample])],
    out: &mut SelectionReport,
) {
    out.reason = EmptyReason::MatcherEliminated;
    let mut values: Vec<&str> = candidates.iter().filter_map(|(l, _)| l.get(&m.name)).collect();
    values.sort_unstable();
    values.dedup();
    let written = format!("{}{}{}", m.name, m.op.as_str(), quote_string(&m.value));
    let n = candidates.len();
    let series = if n == 1 { "series".to_owned() } else { format!("{n} series") };
    let left = format!("`{written}` leaves none of the {series} the other matchers select");
    if values.is_empty() {
        out.message = format!("{left}: none of them has the label `{}`", m.name);
        return;
    }
    out.nearest_values = if m.op == MatchOp::Equal {
        let near = nearest(&m.value, values.iter().copied());
        if near.is_empty() {
            values.iter().take(MAX_VALUES).map(|v| v.to_string()).collect()
        } else {
            near
        }
    } else {
        values.iter().take(MAX_VALUES).map(|v| v.to_string()).collect()
    };
    let missing = candidates.iter().filter(|(l, _)| l.get(&m.name).is_none()).count();
    let listed: Vec<String> = values.iter().take(MAX_VALUES).map(|v| quote_string(v)).collect();
    let more = if values.len() > MAX_VALUES { ", …" } else { "" };
    out.message = format!("{left}; their `{}` values are {}{more}", m.name, listed.join(", "));
    if missing > 0 {
        out.message.push_str(&format!(" ({missing} without the label)"));
    }
    if m.op == MatchOp::Equal {
        let near = nearest(&m.value, values.iter().copied());
        if !near.is_empty() {
            let quoted: Vec<String> = near.iter().map(|v| quote_string(v)).collect();
            out.message.push_str(&format!("; did you mean {}?", quoted.join(" or ")));
        }
    } else if matches!(m.op, MatchOp::Regex) && !m.value.starts_with(".*") {
        // The most common regex surprise: Prometheus anchors both ends.
        out.message.push_str("; regex matchers are anchored at both ends (try `.*` around it)");
    }
}

fn no_samples(
    ctx: &Ctx<'_>,
    vs: &VectorSelector,
    range_ms: i64,
    candidates: &[(&Labels, &[StoredSample])],
    out: &mut SelectionReport,
) {
    out.reason = EmptyReason::NoSamplesInWindow;
    out.candidates = candidates.len();
    let offset = vs.offset_ms;
    let at = match vs.at {
        Some(promplay_promql_syntax::AtModifier::Timestamp(t)) => t,
        _ => ctx.t,
    };
    let end = at - offset;
    let width = if range_ms > 0 { range_ms } else { ctx.opts.lookback_delta_ms };
    let before = candidates
        .iter()
        .filter_map(|(_, s)| s.iter().rev().find(|p| p.t <= end))
        .map(|p| p.t)
        .max();
    let after =
        candidates.iter().filter_map(|(_, s)| s.iter().find(|p| p.t > end)).map(|p| p.t).min();
    out.latest_sample = before;
    let n = candidates.len();
    let what = if range_ms > 0 { "range" } else { "lookback window" };
    let mut modifiers = Vec::new();
    if offset != 0 {
        modifiers.push(format!("offset {}", format_duration(offset)));
    }
    if let Some(a) = super::at_text(vs.at) {
        modifiers.push(a);
    }
    let shifted = if modifiers.is_empty() {
        String::new()
    } else {
        format!(" (with {})", modifiers.join(" "))
    };
    out.message = format!(
        "{n} series match, but none has a sample in the {} {what} before the evaluation time{shifted}",
        format_duration(width)
    );
    match (before, after) {
        (Some(b), _) => out.message.push_str(&format!(
            "; the newest sample is {} older (stale or too old); widen the range or change the evaluation time",
            format_duration(end - b)
        )),
        (None, Some(a)) => out.message.push_str(&format!(
            "; the first sample comes {} later; evaluate later",
            format_duration(a - end)
        )),
        (None, None) => out.message.push_str("; the matching series have no samples"),
    }
}

/// The candidates within a small edit distance of `target`, nearest first.
pub(crate) fn nearest<'a>(target: &str, candidates: impl Iterator<Item = &'a str>) -> Vec<String> {
    let limit = (target.chars().count() / 3).clamp(1, 4);
    let lower = target.to_lowercase();
    let mut scored: Vec<(usize, &str)> = candidates
        .filter(|c| *c != target)
        .filter_map(|c| {
            let d = edit_distance(&lower, &c.to_lowercase());
            // A candidate containing the target (or the other way round) is
            // close too: `requests_total` for `http_requests_total`.
            let contains =
                c.len() > 3 && target.len() > 3 && (c.contains(target) || target.contains(c));
            (d <= limit || contains).then_some((if contains { d.min(limit) } else { d }, c))
        })
        .collect();
    scored.sort();
    scored.into_iter().take(MAX_SUGGESTIONS).map(|(_, c)| c.to_owned()).collect()
}

fn or_list(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| quote_string(n)).collect();
    quoted.join(" or ")
}
