//! The values PromQL computes with: float and native-histogram samples,
//! series, and the four result types (scalar, string, instant vector, range
//! vector / matrix).
//!
//! Native histograms are carried as float histograms, the representation
//! Prometheus' engine computes with (integer histograms from storage are
//! converted on read there, too).

use promplay_model::{Labels, TimestampMs};

/// A float sample at a time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FPoint {
    /// Milliseconds since the epoch.
    pub t: TimestampMs,
    /// The value (may be NaN, ±Inf or the staleness marker in storage).
    pub f: f64,
}

/// A native-histogram sample at a time.
#[derive(Clone, Debug, PartialEq)]
pub struct HPoint {
    /// Milliseconds since the epoch.
    pub t: TimestampMs,
    /// The histogram; boxed so that float-only code paths stay small.
    pub h: Box<FloatHistogram>,
}

/// What a stored sample or a vector element holds.
#[derive(Clone, Debug, PartialEq)]
pub enum SampleValue {
    /// An ordinary float sample.
    Float(f64),
    /// A native histogram.
    Histogram(Box<FloatHistogram>),
}

/// The counter-reset hint stored with a native histogram.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CounterResetHint {
    /// Nothing is known about a counter reset.
    #[default]
    Unknown,
    /// This histogram starts after a counter reset.
    CounterReset,
    /// This histogram is known not to follow a counter reset.
    NotCounterReset,
    /// The histogram is a gauge histogram; counter resets do not apply.
    Gauge,
}

/// One run of consecutive buckets in a native histogram's sparse layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HistogramSpan {
    /// Gap to the previous span (or, for the first span, the index of its first bucket).
    pub offset: i32,
    /// Number of consecutive buckets in this span.
    pub length: u32,
}

/// A native histogram with float counts, as Prometheus' `histogram.FloatHistogram`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FloatHistogram {
    /// Counter-reset hint.
    pub counter_reset_hint: CounterResetHint,
    /// Resolution: -4..=8 for exponential buckets, -53 for custom buckets.
    pub schema: i32,
    /// Width of the zero bucket.
    pub zero_threshold: f64,
    /// Observations in the zero bucket.
    pub zero_count: f64,
    /// Total number of observations.
    pub count: f64,
    /// Sum of observations.
    pub sum: f64,
    /// Layout of the positive buckets.
    pub positive_spans: Vec<HistogramSpan>,
    /// Absolute counts of the positive buckets.
    pub positive_buckets: Vec<f64>,
    /// Layout of the negative buckets.
    pub negative_spans: Vec<HistogramSpan>,
    /// Absolute counts of the negative buckets.
    pub negative_buckets: Vec<f64>,
    /// Upper bounds of the custom buckets (schema -53 only), without the implicit +Inf.
    pub custom_values: Vec<f64>,
}

/// One element of an instant vector: a series' labels and its value at `t`.
#[derive(Clone, Debug, PartialEq)]
pub struct Sample {
    /// The series' labels.
    pub labels: Labels,
    /// The evaluation timestamp this sample belongs to.
    pub t: TimestampMs,
    /// The value.
    pub value: SampleValue,
    /// Set when the metric name should be dropped at the end of evaluation
    /// (Prometheus' `DropName`, used by delayed name removal). Functions that
    /// change a value's meaning set it instead of removing `__name__` at once.
    pub drop_name: bool,
}

impl Sample {
    /// A float sample without the drop-name mark.
    pub fn float(labels: Labels, t: TimestampMs, f: f64) -> Sample {
        Sample { labels, t, value: SampleValue::Float(f), drop_name: false }
    }

    /// The float value, or `None` for a histogram.
    pub fn as_float(&self) -> Option<f64> {
        match self.value {
            SampleValue::Float(f) => Some(f),
            SampleValue::Histogram(_) => None,
        }
    }

    /// The histogram, or `None` for a float.
    pub fn as_histogram(&self) -> Option<&FloatHistogram> {
        match &self.value {
            SampleValue::Float(_) => None,
            SampleValue::Histogram(h) => Some(h),
        }
    }
}

/// A series with points: an element of a range vector (matrix).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Series {
    /// The series' labels.
    pub labels: Labels,
    /// Float points, sorted by time.
    pub floats: Vec<FPoint>,
    /// Histogram points, sorted by time.
    pub histograms: Vec<HPoint>,
    /// Set when the metric name should be dropped at the end of evaluation
    /// (see [`Sample::drop_name`]).
    pub drop_name: bool,
}

/// The result of evaluating an expression: the four PromQL value types.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A scalar at a time.
    Scalar {
        /// Evaluation time.
        t: TimestampMs,
        /// The number.
        v: f64,
    },
    /// A string at a time.
    String {
        /// Evaluation time.
        t: TimestampMs,
        /// The string.
        s: String,
    },
    /// An instant vector.
    Vector(Vec<Sample>),
    /// A range vector, or the result of a range query.
    Matrix(Vec<Series>),
}

/// The labels Prometheus drops together with the metric name: `__name__`,
/// `__type__` and `__unit__` (upstream's `DropReserved(schema.IsMetadataLabel)`).
pub const METADATA_LABELS: [&str; 3] = ["__name__", "__type__", "__unit__"];

/// Removes `__name__`, `__type__` and `__unit__` from `labels`.
pub fn drop_metric_name(labels: &mut Labels) {
    for name in METADATA_LABELS {
        labels.remove(name);
    }
}
