//! The worker's data and evaluation: sources into one store, queries into
//! wire values. Runs inside the worker; pure Rust, no browser APIs, so it is
//! tested natively.

use super::protocol::{
    DataMeta, F, Mark, Mode, Outcome, QueryFailure, Source, SourceProblem, WireAnnotation,
    WireSample, WireSeries, WireValue, label_pairs,
};
use promplay_diagnostics::{Diagnostic, Severity, Span};
use promplay_pipeline::query::{QueryData, QueryTime, run_query};
use promplay_promql_engine::{AnnotationKind, FloatHistogram, HistogramSpan, SampleValue, Value};
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
                    Source::Scrape { text, t_ms } => self.data.add_scrape(text, *t_ms),
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
        let time = match mode {
            Mode::Instant { t_ms } => QueryTime::Instant(t_ms),
            Mode::Range { start_ms, end_ms, step_ms } => {
                QueryTime::Range { start: start_ms, end: end_ms, step: step_ms }
            }
        };
        let outcome = run_query(&self.data, expr, time);
        let span = |s: Span| (s.start, s.end);
        let annotations = outcome
            .annotations()
            .iter()
            .map(|a| WireAnnotation {
                kind: match a.kind {
                    AnnotationKind::Warning => "warning",
                    AnnotationKind::Info => "info",
                }
                .to_owned(),
                message: a.message.clone(),
                span: Some(span(a.span)),
            })
            .collect();
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
                        SampleValue::Histogram(h) => Some(histogram_text(h)),
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
                    hs: s.histograms.iter().map(|p| (p.t, histogram_text(&p.h))).collect(),
                })
                .collect(),
        },
    }
}

/// A native histogram as Prometheus prints one (`FloatHistogram.String`):
/// count, sum, then every non-empty bucket with its bounds, lowest first.
fn histogram_text(h: &FloatHistogram) -> String {
    use promplay_model::format_float as f;
    let mut parts = vec![format!("count:{}", f(h.count)), format!("sum:{}", f(h.sum))];
    let buckets = |spans: &[HistogramSpan], counts: &[f64]| -> Vec<(i32, f64)> {
        let mut out = Vec::new();
        let mut index = 0i32;
        let mut counts = counts.iter();
        for (n, span) in spans.iter().enumerate() {
            index = if n == 0 { span.offset } else { index + span.offset };
            for _ in 0..span.length {
                if let Some(&c) = counts.next() {
                    out.push((index, c));
                }
                index += 1;
            }
        }
        out
    };
    let bound = |i: i32| -> f64 {
        if h.schema == -53 {
            h.custom_values.get(i as usize).copied().unwrap_or(f64::INFINITY)
        } else {
            libm::pow(2.0, f64::from(i) * libm::pow(2.0, f64::from(-h.schema)))
        }
    };
    let lower = |i: i32| -> f64 {
        if h.schema == -53 {
            if i == 0 { f64::NEG_INFINITY } else { bound(i - 1) }
        } else {
            bound(i - 1)
        }
    };
    for (i, c) in buckets(&h.negative_spans, &h.negative_buckets).into_iter().rev() {
        if c != 0.0 {
            parts.push(format!("[-{},-{}):{}", f(bound(i)), f(lower(i)), f(c)));
        }
    }
    if h.zero_count != 0.0 {
        let z = f(h.zero_threshold);
        parts.push(format!("[-{z},{z}]:{}", f(h.zero_count)));
    }
    for (i, c) in buckets(&h.positive_spans, &h.positive_buckets) {
        if c != 0.0 {
            parts.push(format!("({},{}]:{}", f(lower(i)), f(bound(i)), f(c)));
        }
    }
    format!("{{{}}}", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::super::examples::DEFAULT;
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
    fn histograms_print_their_buckets() {
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
        assert_eq!(histogram_text(&h), "{count:5, sum:9.5, [-0.001,0.001]:1, (1,2]:3, (2,4]:1}");
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
            Source::Scrape { text: "# TYPE up gauge\nup 1\n".to_owned(), t_ms: 60_000 },
        ]);
        assert_eq!(problems[0].len(), 1, "{problems:?}");
        assert!(problems[0][0].is_error && problems[0][0].start > 0);
        assert!(problems[1].is_empty());
        let outcome = data.eval("up", Mode::Instant { t_ms: 60_000 });
        let Ok(WireValue::Vector { samples }) = &outcome.result else { panic!("{outcome:?}") };
        assert_eq!(samples.len(), 1);
    }
}
