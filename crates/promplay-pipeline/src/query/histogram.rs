//! Native histograms for people: every bucket with its bounds (exponential
//! or custom), the zero bucket, count, sum and schema, as a serializable view
//! the table, the heatmap and the explain tree share, and as the one-line text
//! Prometheus prints (`FloatHistogram.String`).
//!
//! Bounds that JSON cannot hold (±Inf of the custom buckets' last bucket,
//! NaN sums) travel as the strings Prometheus prints for them.

use promplay_model::format_float;
use promplay_promql_engine::{CounterResetHint, FloatHistogram, HistogramSpan};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The schema of native histograms with custom bucket bounds.
pub const CUSTOM_BUCKETS_SCHEMA: i32 = -53;

/// A native histogram laid out for display.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistogramView {
    /// The schema: -4..=8 for exponential buckets, -53 for custom bounds.
    pub schema: i32,
    /// Total observations.
    #[serde(with = "json_float")]
    pub count: f64,
    /// Sum of observations.
    #[serde(with = "json_float")]
    pub sum: f64,
    /// Width of the zero bucket (exponential schemas).
    #[serde(with = "json_float")]
    pub zero_threshold: f64,
    /// Observations in the zero bucket.
    #[serde(with = "json_float")]
    pub zero_count: f64,
    /// `unknown`, `reset`, `not_reset` or `gauge`.
    pub counter_reset_hint: String,
    /// Every populated bucket (and the zero bucket when it is not empty),
    /// lowest bound first.
    pub buckets: Vec<BucketView>,
}

/// One bucket: `(lower, upper]` for positive buckets, `[lower, upper)` for
/// negative ones, `[-z, z]` for the zero bucket.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BucketView {
    /// Lower bound.
    #[serde(with = "json_float")]
    pub lower: f64,
    /// Upper bound.
    #[serde(with = "json_float")]
    pub upper: f64,
    /// Observations.
    #[serde(with = "json_float")]
    pub count: f64,
    /// Whether the bucket contains its lower bound (negative and zero buckets).
    pub lower_inclusive: bool,
    /// Whether the bucket contains its upper bound (positive and zero buckets).
    pub upper_inclusive: bool,
}

impl BucketView {
    /// The bucket as Prometheus writes it: `(1,2]`, `[-0.001,0.001]`.
    pub fn bounds_text(&self) -> String {
        format!(
            "{}{},{}{}",
            if self.lower_inclusive { '[' } else { '(' },
            format_float(self.lower),
            format_float(self.upper),
            if self.upper_inclusive { ']' } else { ')' }
        )
    }
}

impl HistogramView {
    /// Whether the buckets have custom bounds (schema -53, as converted classic histograms).
    pub fn is_custom(&self) -> bool {
        self.schema == CUSTOM_BUCKETS_SCHEMA
    }

    /// The schema in words: `custom buckets` or `exponential, schema 3 (growth factor 1.0905)`.
    pub fn schema_text(&self) -> String {
        if self.is_custom() {
            return "custom buckets".to_owned();
        }
        let factor = libm::pow(2.0, libm::pow(2.0, f64::from(-self.schema)));
        format!("exponential, schema {} (growth factor {})", self.schema, round4(factor))
    }

    /// Prometheus' text for the histogram: `{count:5, sum:9.5, [-0.001,0.001]:1, (1,2]:3}`.
    pub fn text(&self) -> String {
        let mut parts = vec![format!("count:{}", format_float(self.count))];
        parts.push(format!("sum:{}", format_float(self.sum)));
        for b in &self.buckets {
            parts.push(format!("{}:{}", b.bounds_text(), format_float(b.count)));
        }
        format!("{{{}}}", parts.join(", "))
    }
}

fn round4(f: f64) -> String {
    format_float((f * 10_000.0).round() / 10_000.0)
}

/// Lays out a histogram: absolute bucket counts with their bounds.
pub fn histogram_view(h: &FloatHistogram) -> HistogramView {
    let custom = h.schema == CUSTOM_BUCKETS_SCHEMA;
    let upper = |i: i32| -> f64 {
        if custom {
            usize::try_from(i)
                .ok()
                .and_then(|i| h.custom_values.get(i).copied())
                .unwrap_or(f64::INFINITY)
        } else {
            libm::pow(2.0, f64::from(i) * libm::pow(2.0, f64::from(-h.schema)))
        }
    };
    let lower = |i: i32| -> f64 { if custom && i == 0 { f64::NEG_INFINITY } else { upper(i - 1) } };
    let mut buckets = Vec::new();
    for (i, c) in indexed(&h.negative_spans, &h.negative_buckets).into_iter().rev() {
        if c != 0.0 {
            buckets.push(BucketView {
                lower: -upper(i),
                upper: -lower(i),
                count: c,
                lower_inclusive: true,
                upper_inclusive: false,
            });
        }
    }
    if h.zero_count != 0.0 {
        buckets.push(BucketView {
            lower: -h.zero_threshold,
            upper: h.zero_threshold,
            count: h.zero_count,
            lower_inclusive: true,
            upper_inclusive: true,
        });
    }
    for (i, c) in indexed(&h.positive_spans, &h.positive_buckets) {
        if c != 0.0 {
            buckets.push(BucketView {
                lower: lower(i),
                upper: upper(i),
                count: c,
                lower_inclusive: false,
                upper_inclusive: true,
            });
        }
    }
    HistogramView {
        schema: h.schema,
        count: h.count,
        sum: h.sum,
        zero_threshold: h.zero_threshold,
        zero_count: h.zero_count,
        counter_reset_hint: match h.counter_reset_hint {
            CounterResetHint::Unknown => "unknown",
            CounterResetHint::CounterReset => "reset",
            CounterResetHint::NotCounterReset => "not_reset",
            CounterResetHint::Gauge => "gauge",
        }
        .to_owned(),
        buckets,
    }
}

/// Prometheus' one-line text for a histogram.
pub fn histogram_text(h: &FloatHistogram) -> String {
    histogram_view(h).text()
}

/// (bucket index, count) of every bucket the spans lay out.
fn indexed(spans: &[HistogramSpan], counts: &[f64]) -> Vec<(i32, f64)> {
    let mut out = Vec::new();
    let mut index = 0i32;
    let mut counts = counts.iter();
    for (n, span) in spans.iter().enumerate() {
        index = if n == 0 { span.offset } else { index.saturating_add(span.offset) };
        for _ in 0..span.length {
            if let Some(&c) = counts.next() {
                out.push((index, c));
            }
            index = index.saturating_add(1);
        }
    }
    out
}

/// Serde for floats that may be NaN or ±Inf: numbers when finite, else the
/// strings Prometheus prints (`NaN`, `+Inf`, `-Inf`).
pub mod json_float {
    use super::*;

    /// Serializes `f`.
    pub fn serialize<S: Serializer>(f: &f64, s: S) -> Result<S::Ok, S::Error> {
        if f.is_finite() { s.serialize_f64(*f) } else { s.serialize_str(&format_float(*f)) }
    }

    /// Deserializes a number or one of the strings.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Number(f64),
            Text(String),
        }
        Ok(match Either::deserialize(d)? {
            Either::Number(n) => n,
            Either::Text(t) => match t.as_str() {
                "+Inf" => f64::INFINITY,
                "-Inf" => f64::NEG_INFINITY,
                _ => f64::NAN,
            },
        })
    }
}
