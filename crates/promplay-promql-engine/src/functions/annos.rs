//! The texts of the annotations functions emit, word for word as Prometheus'
//! `util/annotations` prints them (without the `PromQL warning: ` /
//! `PromQL info: ` prefix and the position, which the engine adds), because
//! users compare them with what a real Prometheus says and the conformance
//! scripts compare them literally.

use promplay_model::format_float;

/// Whether an annotation is a warning or an info.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// A `PromQL warning`.
    Warning,
    /// A `PromQL info`.
    Info,
}

/// Go's `strconv.Quote`, as Prometheus' messages quote names and values.
pub use promplay_promql_syntax::quote_string as go_quote;

/// Formats like Go's `%.2g`: two significant digits, exponent form for
/// exponents below -4 or at least 2, trailing zeros dropped.
pub fn go_g2(v: f64) -> String {
    if !v.is_finite() {
        return format_float(v);
    }
    if v == 0.0 {
        return "0".to_string();
    }
    let sci = format!("{v:.1e}");
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mant = mant.trim_end_matches('0').trim_end_matches('.');
    if !(-4..2).contains(&exp) {
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{mant}e{sign}{:02}", exp.abs());
    }
    let decimals = (1 - exp).max(0) as usize;
    let s = format!("{v:.decimals$}");
    if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s }
}

fn with_metric_name(base: &str, metric_name: &str) -> String {
    if metric_name.is_empty() {
        base.to_string()
    } else {
        format!("{base} for metric name {}", go_quote(metric_name))
    }
}

/// `quantile value should be between 0 and 1, got …`.
pub fn invalid_quantile(q: f64) -> (Level, String) {
    (Level::Warning, format!("quantile value should be between 0 and 1, got {}", format_float(q)))
}

/// A classic-histogram bucket whose `le` label is missing or not a number.
pub fn bad_bucket_label(metric_name: &str, le: &str) -> (Level, String) {
    let base =
        format!("bucket label \"le\" is missing or has a malformed value of {}", go_quote(le));
    (Level::Warning, with_metric_name(&base, metric_name))
}

/// A range with both float and histogram samples where a function needs one kind.
pub fn mixed_floats_histograms(metric_name: &str) -> (Level, String) {
    (
        Level::Warning,
        format!(
            "encountered a mix of histograms and floats for metric name {}",
            go_quote(metric_name)
        ),
    )
}

/// Classic buckets and a native histogram for the same series at one time.
pub fn mixed_classic_native(metric_name: &str) -> (Level, String) {
    (
        Level::Warning,
        with_metric_name("vector contains a mix of classic and native histograms", metric_name),
    )
}

/// A counter function applied to a gauge histogram.
pub fn native_histogram_not_counter(metric_name: &str) -> (Level, String) {
    (
        Level::Warning,
        format!("this native histogram metric is not a counter: {}", go_quote(metric_name)),
    )
}

/// A gauge function applied to a counter histogram.
pub fn native_histogram_not_gauge(metric_name: &str) -> (Level, String) {
    (
        Level::Warning,
        format!("this native histogram metric is not a gauge: {}", go_quote(metric_name)),
    )
}

/// Exponential and custom-bucket histograms mixed in one calculation.
pub fn mixed_exponential_custom(metric_name: &str) -> (Level, String) {
    (
        Level::Warning,
        format!(
            "vector contains a mix of histograms with exponential and custom buckets schemas for metric name {}",
            go_quote(metric_name)
        ),
    )
}

/// `rate`/`increase` over a metric whose name does not look like a counter.
pub fn possible_non_counter(metric_name: &str) -> (Level, String) {
    (
        Level::Info,
        format!(
            "metric might not be a counter, name does not end in _total/_sum/_count/_bucket: {}",
            go_quote(metric_name)
        ),
    )
}

/// Histograms skipped in a range that also holds floats.
pub fn histogram_ignored_in_mixed_range(metric_name: &str) -> (Level, String) {
    (
        Level::Info,
        format!(
            "ignored histograms in a range containing both floats and histograms for metric name {}",
            go_quote(metric_name)
        ),
    )
}

/// The head of the monotonicity info; the engine may append the details
/// (`, from buckets … to …, with a max diff of …, over N samples from … to …`).
pub fn forced_monotonicity_base(metric_name: &str) -> String {
    with_metric_name(
        "input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)",
        metric_name,
    )
}

/// `histogram_quantile` of a native histogram with NaN observations returned NaN.
pub fn quantile_nan_result(metric_name: &str) -> (Level, String) {
    (
        Level::Info,
        with_metric_name(
            "input to histogram_quantile has NaN observations, result is NaN",
            metric_name,
        ),
    )
}

/// `histogram_quantile` of a native histogram with NaN observations is skewed.
pub fn quantile_nan_skew(metric_name: &str) -> (Level, String) {
    (
        Level::Info,
        with_metric_name(
            "input to histogram_quantile has NaN observations, result is skewed higher",
            metric_name,
        ),
    )
}

/// `histogram_fraction` ignored NaN observations.
pub fn fraction_nans(metric_name: &str) -> (Level, String) {
    (
        Level::Info,
        with_metric_name(
            "input to histogram_fraction has NaN observations, which are excluded from all fractions",
            metric_name,
        ),
    )
}

/// Histogram operations, as named in the counter-reset and custom-bucket texts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HistogramOp {
    /// Addition.
    Add,
    /// Subtraction.
    Sub,
    /// Aggregation.
    Agg,
}

impl HistogramOp {
    fn word(self) -> &'static str {
        match self {
            HistogramOp::Add => "addition",
            HistogramOp::Sub => "subtraction",
            HistogramOp::Agg => "aggregation",
        }
    }
}

/// Counter-reset hints that contradict each other within one operation.
pub fn counter_reset_collision(op: HistogramOp) -> (Level, String) {
    (Level::Warning, format!("conflicting counter resets during histogram {}", op.word()))
}

/// Custom-bucket histograms with different bounds were reconciled.
pub fn mismatched_custom_buckets(op: HistogramOp) -> (Level, String) {
    (Level::Info, format!("mismatched custom buckets were reconciled during {}", op.word()))
}

/// A sample's start time lies before the previous sample.
pub fn start_time_overlap(metric_name: &str) -> (Level, String) {
    (
        Level::Warning,
        format!(
            "sample has start time that overlaps with previous sample timestamp for metric {}",
            go_quote(metric_name)
        ),
    )
}

/// `sort*` in a range query.
pub fn sort_in_range_query() -> (Level, String) {
    (
        Level::Warning,
        "sort is ineffective for range queries since results are always ordered by labels"
            .to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_formats() {
        for (v, want) in [
            (0.5, "0.5"),
            (1.0, "1"),
            (12.0, "12"),
            (123.0, "1.2e+02"),
            (0.000123, "0.00012"),
            (0.0000123, "1.2e-05"),
            (1.25, "1.2"),
        ] {
            assert_eq!(go_g2(v), want, "{v}");
        }
        assert_eq!(go_quote("a\"b\\c\n"), r#""a\"b\\c\n""#);
    }
}
