//! The messages between the Query workbench and its web worker.
//!
//! Both directions are JSON strings (`postMessage` of a string is one copy and
//! needs no structured-clone walk). Results travel in a compact form: a
//! series is its label pairs plus two parallel arrays of times and values,
//! and values that JSON cannot hold (NaN, ±Inf) are written as the strings
//! Prometheus prints for them.

use promplay_model::{Labels, format_float};
pub use promplay_pipeline::query::HistogramView;
pub use promplay_pipeline::query::explain::Explanation;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;

/// A message to the worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Request {
    /// Replace the loaded data with these sources.
    Load {
        /// Increases with every change of the data, so results of older
        /// data can be told apart.
        generation: u64,
        /// The sources, loaded in this order into one store.
        sources: Vec<Source>,
    },
    /// Parse an expression and report its syntax errors (cheap; sent on
    /// every edit so the editor can underline them).
    Check {
        /// Chosen by the page; the response carries it back.
        id: u64,
        /// The query text exactly as typed.
        expr: String,
    },
    /// Evaluate an expression against the loaded data.
    Eval {
        /// Chosen by the page; the response carries it back.
        id: u64,
        /// The query text exactly as typed.
        expr: String,
        /// Instant or range evaluation.
        mode: Mode,
    },
    /// Explain an expression as a tree at the mode's instant (a range's last step).
    Explain {
        /// Chosen by the page; the response carries it back.
        id: u64,
        /// The query text exactly as typed.
        expr: String,
        /// The time to explain at.
        mode: Mode,
    },
}

/// One source of data for the store.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Source {
    /// Series in promqltest `load` notation.
    Series {
        /// The notation text.
        text: String,
    },
    /// Exposition text scraped at a time.
    Scrape {
        /// The exposition text.
        text: String,
        /// The scrape time in milliseconds since the epoch.
        t_ms: i64,
        /// Also load its classic histograms as native histograms with custom buckets.
        #[serde(default)]
        classic_to_nhcb: bool,
    },
}

/// How to evaluate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Mode {
    /// An instant query at `t_ms`.
    Instant {
        /// Evaluation time.
        t_ms: i64,
    },
    /// A range query.
    Range {
        /// First step.
        start_ms: i64,
        /// Last step (inclusive when on the step grid).
        end_ms: i64,
        /// Step width.
        step_ms: i64,
    },
}

/// A message from the worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Response {
    /// The worker has started and listens (messages sent earlier are lost).
    Ready,
    /// The data of `generation` is loaded.
    Loaded {
        /// The generation of the [`Request::Load`] this answers.
        generation: u64,
        /// What the loaders said about each source, in source order.
        problems: Vec<Vec<SourceProblem>>,
        /// What the data holds, for autocomplete and default times.
        meta: DataMeta,
    },
    /// The syntax errors of a [`Request::Check`].
    Checked {
        /// The request's id.
        id: u64,
        /// The expression checked.
        expr: String,
        /// Its problems (empty when it parses).
        marks: Vec<Mark>,
    },
    /// The outcome of a [`Request::Eval`].
    Result {
        /// The request's id.
        id: u64,
        /// Value or error, annotations and stats.
        outcome: Box<Outcome>,
    },
    /// The tree of a [`Request::Explain`].
    Explained {
        /// The request's id.
        id: u64,
        /// The tree, each node timed by the worker's clock.
        explanation: Box<Explanation>,
    },
}

/// A loader diagnostic, positioned in its source's text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SourceProblem {
    /// Whether the source (or this line of it) could not be loaded.
    pub is_error: bool,
    /// The message.
    pub message: String,
    /// Byte span into the source's text.
    pub start: u32,
    /// End of the span.
    pub end: u32,
}

/// A problem to underline in the query: byte span and message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    /// Start byte.
    pub start: u32,
    /// End byte (an empty span marks the character after it).
    pub end: u32,
    /// Whether it is an error (red) rather than a warning (amber).
    pub is_error: bool,
    /// The message.
    pub message: String,
}

/// A summary of the loaded data.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DataMeta {
    /// Number of series.
    pub series: usize,
    /// Number of samples.
    pub samples: usize,
    /// Time of the earliest sample.
    pub min_t: Option<i64>,
    /// Time of the latest sample.
    pub max_t: Option<i64>,
    /// Every metric name, sorted.
    pub metrics: Vec<String>,
    /// Every label name (without `__name__`) with up to a few hundred of its values, sorted.
    pub labels: BTreeMap<String, Vec<String>>,
}

/// The outcome of one evaluation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// The value, or why there is none.
    pub result: Result<WireValue, QueryFailure>,
    /// Warnings and infos the evaluation produced.
    pub annotations: Vec<WireAnnotation>,
    /// Time spent in the worker (parse and evaluation), in milliseconds.
    pub eval_ms: f64,
    /// Samples the evaluation touched, when the engine counts them.
    pub samples: Option<u64>,
}

/// Why a query has no value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueryFailure {
    /// `parse` for a syntax error, `eval` for an evaluation error.
    pub stage: String,
    /// The message, as Prometheus words it.
    pub message: String,
    /// Byte span into the query text, when the error has a place.
    pub span: Option<(u32, u32)>,
}

/// A warning or info annotation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WireAnnotation {
    /// `warning` or `info`.
    pub kind: String,
    /// The message without Prometheus' `PromQL warning: ` prefix.
    pub message: String,
    /// Byte span into the query text.
    pub span: Option<(u32, u32)>,
}

/// A PromQL value in the compact wire form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum WireValue {
    /// A scalar.
    Scalar {
        /// Time.
        t: i64,
        /// Value.
        v: F,
    },
    /// A string.
    String {
        /// Time.
        t: i64,
        /// Value.
        s: String,
    },
    /// An instant vector.
    Vector {
        /// The samples.
        samples: Vec<WireSample>,
    },
    /// A matrix: a range vector or a range query's result.
    Matrix {
        /// The series.
        series: Vec<WireSeries>,
    },
}

/// One instant-vector element.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WireSample {
    /// Label pairs in label order.
    pub labels: Vec<(String, String)>,
    /// Time.
    pub t: i64,
    /// The float value, or
    pub v: Option<F>,
    /// a native histogram, bucket by bucket.
    pub h: Option<HistogramView>,
}

/// One matrix series: floats as parallel arrays, histograms bucket by bucket.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WireSeries {
    /// Label pairs in label order.
    pub labels: Vec<(String, String)>,
    /// Times of the float points.
    pub ts: Vec<i64>,
    /// Values of the float points.
    pub vs: Vec<F>,
    /// Histogram points: time and histogram.
    pub hs: Vec<(i64, HistogramView)>,
}

impl WireSeries {
    /// The labels as a [`Labels`] set.
    pub fn label_set(&self) -> Labels {
        Labels::from_pairs(self.labels.iter().map(|(n, v)| (n.as_str(), v.as_str())))
    }
}

impl WireSample {
    /// The labels as a [`Labels`] set.
    pub fn label_set(&self) -> Labels {
        Labels::from_pairs(self.labels.iter().map(|(n, v)| (n.as_str(), v.as_str())))
    }
}

/// A float that survives JSON: finite values as numbers, NaN and ±Inf as
/// the strings Prometheus prints (`NaN`, `+Inf`, `-Inf`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct F(pub f64);

impl Serialize for F {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.is_finite() {
            s.serialize_f64(self.0)
        } else {
            s.serialize_str(&format_float(self.0))
        }
    }
}

impl<'de> Deserialize<'de> for F {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<F, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Number(f64),
            Text(String),
        }
        Ok(F(match Either::deserialize(d)? {
            Either::Number(n) => n,
            Either::Text(t) => match t.as_str() {
                "+Inf" => f64::INFINITY,
                "-Inf" => f64::NEG_INFINITY,
                _ => f64::NAN,
            },
        }))
    }
}

/// Labels as wire pairs.
pub fn label_pairs(labels: &Labels) -> Vec<(String, String)> {
    labels.iter().map(|l| (l.name.clone(), l.value.clone())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let response = Response::Result {
            id: 7,
            outcome: Box::new(Outcome {
                result: Ok(WireValue::Matrix {
                    series: vec![WireSeries {
                        labels: vec![("__name__".into(), "up".into())],
                        ts: vec![0, 15_000, 30_000],
                        vs: vec![F(1.0), F(f64::INFINITY), F(f64::NAN)],
                        hs: vec![],
                    }],
                }),
                annotations: vec![],
                eval_ms: 1.5,
                samples: Some(3),
            }),
        };
        let json = serde_json::to_string(&response).unwrap();
        assert!(json.contains(r#""vs":[1.0,"+Inf","NaN"]"#), "{json}");
        let back: Response = serde_json::from_str(&json).unwrap();
        let Response::Result { outcome, .. } = back else { panic!("{json}") };
        let Ok(WireValue::Matrix { series }) = outcome.result else { panic!() };
        assert_eq!(series[0].vs[1].0, f64::INFINITY);
        assert!(series[0].vs[2].0.is_nan());
        assert_eq!(series[0].label_set().to_string(), "up");
        let request = Request::Eval { id: 1, expr: "up".into(), mode: Mode::Instant { t_ms: 0 } };
        let json = serde_json::to_string(&request).unwrap();
        assert_eq!(serde_json::from_str::<Request>(&json).unwrap(), request);
    }
}
