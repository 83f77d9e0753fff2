//! The Explain view of a query, shared by the Query workbench and
//! `promplay query --explain`: the engine's explain tree
//! ([`promplay_promql_engine::explain`]) turned into a serializable tree of
//! display values (label sets as text, a few sample series per node, match
//! reports with their suggested fix), plus a plain-text rendering.
//!
//! A range query is explained at its last step: an explain tree is about one
//! instant, where series either match or do not.
//!
//! ```
//! use promplay_pipeline::query::{QueryData, QueryTime, explain::explain};
//!
//! let mut data = QueryData::new();
//! data.add_series("load 1m\n  up{job=\"a\"} 1x5\n", 60_000);
//! let e = explain(&data, "sum(upp)", QueryTime::Instant(300_000), None);
//! let root = e.root.unwrap();
//! let selector = &root.children[0];
//! assert_eq!(selector.series, 0);
//! assert_eq!(selector.selection.as_ref().unwrap().nearest_metrics, ["up"]);
//! ```

use promplay_model::{Labels, format_float};
use promplay_promql_engine::explain::{ExplainNode, MatchReport, SelectionReport};
use promplay_promql_engine::{AnnotationKind, EngineOptions, SampleValue, Value};
use promplay_promql_syntax::{ParseOptions, parse_with};
use serde::{Deserialize, Serialize};

use super::histogram::{HistogramView, histogram_view};
use super::{QueryData, QueryTime, series_text};

/// Series shown per node.
pub const SAMPLE_SERIES: usize = 5;
/// Points shown per series of a range vector.
pub const SAMPLE_POINTS: usize = 6;
/// Label sets listed per match category.
pub const LISTED: usize = 20;

/// A query explained.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    /// The query text (spans index it).
    pub query: String,
    /// The time every node was evaluated at (ms since the epoch).
    pub t: i64,
    /// The first parse error and its span, when the query does not parse.
    pub parse_error: Option<(String, Option<(u32, u32)>)>,
    /// The tree, when the query parsed.
    pub root: Option<ExplainedNode>,
}

/// One node for display.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExplainedNode {
    /// `selector`, `function`, `binary operator`, …
    pub kind: String,
    /// The operator, function or selector text.
    pub title: String,
    /// Byte span in the query.
    pub span: (u32, u32),
    /// `instant vector`, `range vector`, `scalar` or `string`.
    pub value_type: String,
    /// Series in the node's value (1 for a scalar or string).
    pub series: usize,
    /// The evaluation error, if the node failed.
    pub error: Option<String>,
    /// The first few series.
    pub sample: Vec<SeriesSample>,
    /// Work done by the node's sub-tree.
    pub cost: CostView,
    /// Warnings and infos raised by this node itself.
    pub annotations: Vec<AnnotationView>,
    /// How a binary operator's sides matched.
    pub matching: Option<MatchView>,
    /// Why a selector selected nothing.
    pub selection: Option<SelectionView>,
    /// The operands.
    pub children: Vec<ExplainedNode>,
}

/// One series of a node's value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeriesSample {
    /// The labels as Prometheus prints a series (empty for scalars).
    pub labels: String,
    /// The value as text (a float, a histogram in brief, or the last points of a range).
    pub value: String,
    /// The histogram, when the value is one.
    pub histogram: Option<HistogramView>,
}

/// Work counters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CostView {
    /// Samples read by the sub-tree.
    pub samples: u64,
    /// Most samples held at once.
    pub peak_samples: usize,
    /// Points in the node's value.
    pub points: usize,
    /// Wall time by the caller's clock, ms.
    pub wall_ms: Option<f64>,
}

/// An annotation of a node.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnnotationView {
    /// `warning` or `info`.
    pub kind: String,
    /// Prometheus' text with its position, as the HTTP API shows it.
    pub text: String,
    /// Byte span in the query.
    pub span: (u32, u32),
}

/// A binary operator's matching, for display.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MatchView {
    /// `one-to-one`, `many-to-one`, …
    pub cardinality: String,
    /// The signature in words.
    pub signature: String,
    /// Groups with series on both sides.
    pub matched_groups: usize,
    /// The first groups: signature, left series, right series.
    pub groups: Vec<(String, Vec<String>, Vec<String>)>,
    /// How many left series have no partner.
    pub unmatched_left_count: usize,
    /// The first of them.
    pub unmatched_left: Vec<String>,
    /// How many right series have no partner.
    pub unmatched_right_count: usize,
    /// The first of them.
    pub unmatched_right: Vec<String>,
    /// Cardinality conflicts.
    pub conflicts: Vec<ConflictView>,
    /// The computed fix.
    pub suggestion: Option<SuggestionView>,
    /// Why no fix was found.
    pub hint: Option<String>,
}

/// A cardinality conflict.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConflictView {
    /// `left` or `right`.
    pub side: String,
    /// The group's signature.
    pub signature: String,
    /// The colliding series.
    pub series: Vec<String>,
    /// What is wrong.
    pub message: String,
}

/// A suggested fix.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SuggestionView {
    /// The modifiers, e.g. `on (instance) group_left`.
    pub modifiers: String,
    /// The rewritten binary expression.
    pub expr: String,
    /// The whole rewritten query.
    pub query: String,
    /// Why.
    pub reason: String,
    /// Series the fix returns.
    pub series: usize,
    /// Left series still unmatched.
    pub unmatched_left: usize,
    /// Right series still unmatched.
    pub unmatched_right: usize,
}

/// Why a selector is empty.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SelectionView {
    /// The explanation.
    pub message: String,
    /// The matcher that removed the last candidates.
    pub matcher: Option<(u32, u32)>,
    /// Nearest metric names.
    pub nearest_metrics: Vec<String>,
    /// Nearest label values.
    pub nearest_values: Vec<String>,
}

/// Explains `query` over `data` with Prometheus' default engine settings (see
/// [`explain_with`]).
pub fn explain(
    data: &QueryData,
    query: &str,
    time: QueryTime,
    clock: Option<&mut dyn FnMut() -> f64>,
) -> Explanation {
    explain_with(data, query, time, &EngineOptions::default(), clock)
}

/// Explains `query` at the instant of `time` (a range query's last step);
/// `clock` (ms, any origin), when given, times every node.
pub fn explain_with(
    data: &QueryData,
    query: &str,
    time: QueryTime,
    engine: &EngineOptions,
    clock: Option<&mut dyn FnMut() -> f64>,
) -> Explanation {
    let t = match time {
        QueryTime::Instant(t) => t,
        QueryTime::Range { start, end, step } if step > 0 && end >= start => {
            start + (end - start) / step * step
        }
        QueryTime::Range { end, .. } => end,
    };
    let parsed = parse_with(query, &ParseOptions::all());
    let Some(expr) = parsed.expr else {
        let first = parsed.diagnostics.iter().find(|d| d.is_error());
        return Explanation {
            query: query.to_owned(),
            t,
            parse_error: first
                .map(|d| (d.message.clone(), d.primary_span().map(|s| (s.start, s.end)))),
            root: None,
        };
    };
    let node = promplay_promql_engine::explain(&data.storage, query, &expr, t, engine, clock);
    Explanation { query: query.to_owned(), t, parse_error: None, root: Some(view(query, &node)) }
}

fn view(query: &str, n: &ExplainNode) -> ExplainedNode {
    let (error, sample) = match &n.value {
        Ok(v) => (None, sample(v)),
        Err(e) => (Some(e.message.clone()), Vec::new()),
    };
    ExplainedNode {
        kind: n.kind.as_str().to_owned(),
        title: n.title.clone(),
        span: (n.span.start, n.span.end),
        value_type: n.value_type.documented().to_owned(),
        series: n.series_count(),
        error,
        sample,
        cost: CostView {
            samples: n.cost.samples,
            peak_samples: n.cost.peak_samples,
            points: n.cost.points,
            wall_ms: n.cost.wall_ms,
        },
        annotations: n
            .annotations
            .iter()
            .map(|a| AnnotationView {
                kind: match a.kind {
                    AnnotationKind::Warning => "warning",
                    AnnotationKind::Info => "info",
                }
                .to_owned(),
                text: a.api_text(query),
                span: (a.span.start, a.span.end),
            })
            .collect(),
        matching: n.matching.as_ref().map(match_view),
        selection: n.selection.as_ref().map(selection_view),
        children: n.children.iter().map(|c| view(query, c)).collect(),
    }
}

fn sample(v: &Value) -> Vec<SeriesSample> {
    match v {
        Value::Scalar { v, .. } => {
            vec![SeriesSample { labels: String::new(), value: format_float(*v), histogram: None }]
        }
        Value::String { s, .. } => {
            vec![SeriesSample { labels: String::new(), value: format!("{s:?}"), histogram: None }]
        }
        Value::Vector(samples) => samples
            .iter()
            .take(SAMPLE_SERIES)
            .map(|s| match &s.value {
                SampleValue::Float(f) => SeriesSample {
                    labels: series_text(&s.labels),
                    value: format_float(*f),
                    histogram: None,
                },
                SampleValue::Histogram(h) => {
                    let view = histogram_view(h);
                    SeriesSample {
                        labels: series_text(&s.labels),
                        value: brief(&view),
                        histogram: Some(view),
                    }
                }
            })
            .collect(),
        Value::Matrix(series) => series
            .iter()
            .take(SAMPLE_SERIES)
            .map(|s| {
                let mut points: Vec<(i64, String)> =
                    s.floats.iter().map(|p| (p.t, format_float(p.f))).collect();
                points.extend(s.histograms.iter().map(|p| (p.t, brief(&histogram_view(&p.h)))));
                points.sort_by_key(|p| p.0);
                let n = points.len();
                let shown: Vec<String> = points
                    .iter()
                    .skip(n.saturating_sub(SAMPLE_POINTS))
                    .map(|(t, v)| format!("{v} @{}", format_float(*t as f64 / 1e3)))
                    .collect();
                let more = if n > SAMPLE_POINTS { "… " } else { "" };
                SeriesSample {
                    labels: series_text(&s.labels),
                    value: format!("{n} points: {more}{}", shown.join(", ")),
                    histogram: s.histograms.last().map(|p| histogram_view(&p.h)),
                }
            })
            .collect(),
    }
}

/// A histogram in one short line: count, sum and bucket count.
fn brief(h: &HistogramView) -> String {
    format!(
        "histogram count:{} sum:{} ({} bucket{})",
        format_float(h.count),
        format_float(h.sum),
        h.buckets.len(),
        if h.buckets.len() == 1 { "" } else { "s" }
    )
}

fn texts(labels: &[Labels]) -> Vec<String> {
    labels.iter().take(LISTED).map(series_text).collect()
}

fn match_view(m: &MatchReport) -> MatchView {
    MatchView {
        cardinality: m.cardinality.as_str().to_owned(),
        signature: m.signature.clone(),
        matched_groups: m.groups.len(),
        groups: m
            .groups
            .iter()
            .take(LISTED)
            .map(|g| (g.signature.to_string(), texts(&g.left), texts(&g.right)))
            .collect(),
        unmatched_left_count: m.unmatched_left.len(),
        unmatched_left: texts(&m.unmatched_left),
        unmatched_right_count: m.unmatched_right.len(),
        unmatched_right: texts(&m.unmatched_right),
        conflicts: m
            .conflicts
            .iter()
            .take(LISTED)
            .map(|c| ConflictView {
                side: c.side.as_str().to_owned(),
                signature: c.signature.to_string(),
                series: texts(&c.series),
                message: c.message.clone(),
            })
            .collect(),
        suggestion: m.suggestion.as_ref().map(|s| SuggestionView {
            modifiers: s.modifiers.clone(),
            expr: s.expr.clone(),
            query: s.query.clone(),
            reason: s.reason.clone(),
            series: s.series,
            unmatched_left: s.unmatched_left,
            unmatched_right: s.unmatched_right,
        }),
        hint: m.hint.clone(),
    }
}

fn selection_view(s: &SelectionReport) -> SelectionView {
    SelectionView {
        message: s.message.clone(),
        matcher: s.matcher.map(|m| (m.start, m.end)),
        nearest_metrics: s.nearest_metrics.clone(),
        nearest_values: s.nearest_values.clone(),
    }
}

impl Explanation {
    /// The tree as indented text, one block per node (what `promplay query
    /// --explain` prints).
    pub fn render(&self) -> String {
        let mut out = String::new();
        if let Some((message, _)) = &self.parse_error {
            out.push_str(&format!("parse error: {message}\n"));
        }
        if let Some(root) = &self.root {
            out.push_str(&format!("explained at {}\n", format_float(self.t as f64 / 1e3)));
            render_node(root, 0, &mut out);
        }
        out
    }
}

fn render_node(n: &ExplainedNode, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    let series = if n.series == 1 { "1 series".to_owned() } else { format!("{} series", n.series) };
    let mut cost = format!("{} samples read, {} points", n.cost.samples, n.cost.points);
    if let Some(ms) = n.cost.wall_ms {
        cost.push_str(&format!(", {ms:.2} ms"));
    }
    out.push_str(&format!("{pad}{} [{}] → {series} ({cost})\n", n.title, n.kind));
    let pad = format!("{pad}  │ ");
    if let Some(e) = &n.error {
        out.push_str(&format!("{pad}error: {e}\n"));
    }
    if n.kind != "number" && n.kind != "string" {
        for s in &n.sample {
            if s.labels.is_empty() {
                out.push_str(&format!("{pad}{}\n", s.value));
            } else {
                out.push_str(&format!("{pad}{}  {}\n", s.labels, s.value));
            }
        }
        if n.series > n.sample.len() && n.value_type != "scalar" {
            out.push_str(&format!("{pad}… {} more\n", n.series - n.sample.len()));
        }
    }
    for a in &n.annotations {
        out.push_str(&format!("{pad}{}\n", a.text));
    }
    if let Some(s) = &n.selection {
        out.push_str(&format!("{pad}why empty: {}\n", s.message));
    }
    if let Some(m) = &n.matching {
        out.push_str(&format!(
            "{pad}matching {} by {}: {} group{} matched, {} left and {} right series unmatched\n",
            m.cardinality,
            m.signature,
            m.matched_groups,
            if m.matched_groups == 1 { "" } else { "s" },
            m.unmatched_left_count,
            m.unmatched_right_count
        ));
        for l in &m.unmatched_left {
            out.push_str(&format!("{pad}  unmatched left:  {l}\n"));
        }
        for r in &m.unmatched_right {
            out.push_str(&format!("{pad}  unmatched right: {r}\n"));
        }
        for c in &m.conflicts {
            out.push_str(&format!(
                "{pad}  conflict ({} side, group {}): {}\n",
                c.side, c.signature, c.message
            ));
            for s in &c.series {
                out.push_str(&format!("{pad}    {s}\n"));
            }
        }
        if let Some(s) = &m.suggestion {
            out.push_str(&format!("{pad}  suggested: {}\n", s.expr));
            out.push_str(&format!(
                "{pad}    ({}; gives {} series, {} left and {} right unmatched)\n",
                s.reason, s.series, s.unmatched_left, s.unmatched_right
            ));
        }
        if let Some(h) = &m.hint {
            out.push_str(&format!("{pad}  {h}\n"));
        }
    }
    for c in &n.children {
        render_node(c, depth + 1, out);
    }
}
