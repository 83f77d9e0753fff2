//! The worker's data and evaluation: sources into one store, queries into
//! wire values. Runs inside the worker; pure Rust, no browser APIs, so it is
//! tested natively.

use super::protocol::{
    DataMeta, F, Mark, Mode, Outcome, QueryFailure, Source, SourceProblem, WireAnnotation,
    WireSample, WireSeries, WireValue, label_pairs,
};
use promplay_diagnostics::{Diagnostic, Severity, Span};
use promplay_pipeline::query::explain::{Explanation, explain};
use promplay_pipeline::query::{QueryData, QueryTime, histogram_view, run_query};
use promplay_promql_engine::{API_ANNOTATION_LIMIT, AnnotationKind, SampleValue, Value};
use promplay_promql_syntax::{ParseOptions, parse_with};

/// Label values kept per label name for autocomplete.
const MAX_VALUES_PER_LABEL: usize = 500;
/// Lines of the series editor before any `load <interval>` header are this far apart.
const DEFAULT_INTERVAL_MS: i64 = 15_000;

/// The loaded data.
#[derive(Debug, Default)]
pub struct Data {
    data: QueryData,
}

impl Data {
    /// Replaces the data with `sources`; returns each source's problems.
    pub fn load(&mut self, sources: &[Source]) -> Vec<Vec<SourceProblem>> {
        self.data = QueryData::new();
        sources
            .iter()
            .map(|source| {
                let diagnostics = match source {
                    Source::Series { text } => self.data.add_series(text, DEFAULT_INTERVAL_MS),
                    Source::Scrape { text, t_ms, classic_to_nhcb } => {
                        self.data.add_scrape_with(text, *t_ms, *classic_to_nhcb)
                    }
                };
                diagnostics.iter().map(problem).collect()
            })
            .collect()
    }

    /// What the data holds.
    pub fn meta(&self) -> DataMeta {
        let storage = self.data.storage();
        let time_range = self.data.time_range();
        DataMeta {
            series: storage.series_count(),
            samples: storage.sample_count(),
            min_t: time_range.map(|r| r.0),
            max_t: time_range.map(|r| r.1),
            metrics: self.data.metric_names().into_iter().map(str::to_owned).collect(),
            labels: self
                .data
                .label_names()
                .into_iter()
                .filter(|n| *n != "__name__")
                .map(|n| {
                    let values = self.data.label_values(n);
                    (
                        n.to_owned(),
                        values.into_iter().take(MAX_VALUES_PER_LABEL).map(str::to_owned).collect(),
                    )
                })
                .collect(),
        }
    }

    /// Evaluates `expr` with Prometheus' default engine settings.
    pub fn eval(&self, expr: &str, mode: Mode) -> Outcome {
        let outcome = run_query(&self.data, expr, query_time(mode));
        let span = |s: Span| (s.start, s.end);
        // At most ten of each kind, then a count of the rest, as the HTTP API lists them.
        let mut annotations: Vec<WireAnnotation> = Vec::new();
        for kind in [AnnotationKind::Warning, AnnotationKind::Info] {
            let word = if kind == AnnotationKind::Warning { "warning" } else { "info" };
            let of_kind: Vec<_> = outcome.annotations().iter().filter(|a| a.kind == kind).collect();
            annotations.extend(of_kind.iter().take(API_ANNOTATION_LIMIT).map(|a| WireAnnotation {
                kind: word.to_owned(),
                message: a.message.clone(),
                span: Some(span(a.span)),
            }));
            if of_kind.len() > API_ANNOTATION_LIMIT {
                annotations.push(WireAnnotation {
                    kind: word.to_owned(),
                    message: format!(
                        "{} more {word} annotations omitted",
                        of_kind.len() - API_ANNOTATION_LIMIT
                    ),
                    span: None,
                });
            }
        }
        let parse_failed = outcome.parse_diagnostics.iter().any(Diagnostic::is_error);
        let result = match (outcome.value(), outcome.error()) {
            (Some(value), _) => Ok(wire_value(value)),
            (None, Some((message, at))) => Err(QueryFailure {
                stage: if parse_failed { "parse" } else { "eval" }.to_owned(),
                message,
                span: at.map(span),
            }),
            (None, None) => Err(QueryFailure {
                stage: "eval".to_owned(),
                message: "the query produced no value".to_owned(),
                span: None,
            }),
        };
        Outcome {
            result,
            annotations,
            eval_ms: 0.0,
            samples: outcome.result.as_ref().map(|r| r.stats.samples),
        }
    }
}

impl Data {
    /// The explain tree of `expr` at the mode's instant, each node timed by `clock`.
    pub fn explain(&self, expr: &str, mode: Mode, clock: &mut dyn FnMut() -> f64) -> Explanation {
        explain(&self.data, expr, query_time(mode), Some(clock))
    }
}

fn query_time(mode: Mode) -> QueryTime {
    match mode {
        Mode::Instant { t_ms } => QueryTime::Instant(t_ms),
        Mode::Range { start_ms, end_ms, step_ms } => {
            QueryTime::Range { start: start_ms, end: end_ms, step: step_ms }
        }
    }
}

fn problem(d: &Diagnostic) -> SourceProblem {
    SourceProblem {
        is_error: d.severity == Severity::Error,
        message: d.message.clone(),
        start: d.labels.first().map_or(0, |l| l.span.start),
        end: d.labels.first().map_or(0, |l| l.span.end),
    }
}

/// The parse errors of `text`, as marks (an empty query has none). The
/// options are the evaluation's (`promplay_pipeline::query` turns every
/// experimental feature on), so the editor and the result never disagree.
pub fn parse_marks(text: &str) -> Vec<Mark> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    parse_with(text, &ParseOptions::all())
        .diagnostics
        .iter()
        .map(|d| {
            let span = d.labels.first().map(|l| l.span);
            Mark {
                start: span.map_or(0, |s| s.start),
                end: span.map_or(text.len() as u32, |s| s.end),
                is_error: d.severity == Severity::Error,
                message: d.message.clone(),
            }
        })
        .collect()
}

/// Converts an engine value to the wire form.
pub fn wire_value(value: &Value) -> WireValue {
    match value {
        Value::Scalar { t, v } => WireValue::Scalar { t: *t, v: F(*v) },
        Value::String { t, s } => WireValue::String { t: *t, s: s.clone() },
        Value::Vector(samples) => WireValue::Vector {
            samples: samples
                .iter()
                .map(|s| WireSample {
                    labels: label_pairs(&s.labels),
                    t: s.t,
                    v: match &s.value {
                        SampleValue::Float(f) => Some(F(*f)),
                        SampleValue::Histogram(_) => None,
                    },
                    h: match &s.value {
                        SampleValue::Float(_) => None,
                        SampleValue::Histogram(h) => Some(histogram_view(h)),
                    },
                })
                .collect(),
        },
        Value::Matrix(series) => WireValue::Matrix {
            series: series
                .iter()
                .map(|s| WireSeries {
                    labels: label_pairs(&s.labels),
                    ts: s.floats.iter().map(|p| p.t).collect(),
                    vs: s.floats.iter().map(|p| F(p.f)).collect(),
                    hs: s.histograms.iter().map(|p| (p.t, histogram_view(&p.h))).collect(),
                })
                .collect(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::super::examples::DEFAULT;
    use super::super::protocol::HistogramView;
    use super::*;

    #[test]
    fn default_example_loads_and_graphs() {
        let mut data = Data::default();
        let problems = data.load(&[Source::Series { text: DEFAULT.series.to_owned() }]);
        assert_eq!(problems, [Vec::<SourceProblem>::new()]);
        let meta = data.meta();
        assert_eq!(meta.series, 7);
        assert_eq!((meta.min_t, meta.max_t), (Some(0), Some(3_600_000)));
        assert_eq!(meta.metrics, ["http_requests_total", "node_memory_free_bytes", "up"]);
        assert_eq!(meta.labels["code"], ["200", "500"]);
        assert!(!meta.labels.contains_key("__name__"));
        let mode = Mode::Range { start_ms: 0, end_ms: 3_600_000, step_ms: 15_000 };
        let outcome = data.eval(DEFAULT.expr, mode);
        let Ok(WireValue::Matrix { series }) = &outcome.result else { panic!("{outcome:?}") };
        assert_eq!(series.len(), 2);
        assert_eq!(series[0].labels, [("code".to_owned(), "200".to_owned())]);
        assert!(series[0].ts.len() > 200);
        assert!(outcome.samples.is_some());
    }

    #[test]
    fn marks_parse_errors() {
        assert_eq!(parse_marks("  "), []);
        assert_eq!(parse_marks("sum(rate(x[5m]))"), []);
        let marks = parse_marks("sum(rate(x[5m])");
        assert!(marks[0].is_error && !marks[0].message.is_empty(), "{marks:?}");
    }

    #[test]
    fn histograms_travel_bucket_by_bucket() {
        use promplay_promql_engine::{FloatHistogram, HistogramSpan};
        let h = FloatHistogram {
            schema: 0,
            count: 5.0,
            sum: 9.5,
            zero_threshold: 0.001,
            zero_count: 1.0,
            positive_spans: vec![HistogramSpan { offset: 1, length: 2 }],
            positive_buckets: vec![3.0, 1.0],
            ..FloatHistogram::default()
        };
        let view = histogram_view(&h);
        assert_eq!(view.text(), "{count:5, sum:9.5, [-0.001,0.001]:1, (1,2]:3, (2,4]:1}");
        let json = serde_json::to_string(&view).unwrap();
        assert_eq!(serde_json::from_str::<HistogramView>(&json).unwrap(), view);
    }

    #[test]
    fn errors_carry_stage_and_span() {
        let data = Data::default();
        let outcome = data.eval("sum(rate(x[5m])", Mode::Instant { t_ms: 0 });
        let Err(f) = &outcome.result else { panic!("{outcome:?}") };
        assert_eq!(f.stage, "parse");
        assert!(f.span.is_some());
        let mut data = Data::default();
        let problems = data.load(&[
            Source::Series { text: "load 1m\n  x{a=\"b\"} 1 2 oops\n".to_owned() },
            Source::Scrape {
                text: "# TYPE up gauge\nup 1\n".to_owned(),
                t_ms: 60_000,
                classic_to_nhcb: false,
            },
        ]);
        assert_eq!(problems[0].len(), 1, "{problems:?}");
        assert!(problems[0][0].is_error && problems[0][0].start > 0);
        assert!(problems[1].is_empty());
        let outcome = data.eval("up", Mode::Instant { t_ms: 60_000 });
        let Ok(WireValue::Vector { samples }) = &outcome.result else { panic!("{outcome:?}") };
        assert_eq!(samples.len(), 1);
    }
}
