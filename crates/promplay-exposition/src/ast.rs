//! The parsed form of an exposition: metric families with their samples.
//!
//! Everything borrows from the input where it can (`Cow::Borrowed`) and is
//! only unescaped into an owned string when the text contains an escape, so
//! parsing a large scrape allocates little. Label pairs of all samples live
//! in one arena, [`Parsed::labels`], and each sample names its range there.

use crate::Str;
use promplay_diagnostics::{Diagnostic, Span};
use serde::Serialize;
use std::borrow::Cow;
use std::ops::Range;

/// Which text format an input is (or is parsed as).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// The Prometheus text format, version 0.0.4.
    Prometheus,
    /// OpenMetrics 1.0 text.
    OpenMetrics,
}

/// How strictly family-level rules are enforced.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Strictness {
    /// What Prometheus 3's scrape parsers accept (the default).
    #[default]
    Prometheus,
    /// The letter of the specifications: the OpenMetrics 1.0 family rules,
    /// and for the Prometheus text format what Go's `expfmt` accepts.
    Strict,
    /// More lenient than Prometheus for the text format, as the Python
    /// client's parser is: blanks before HELP text and around the TYPE
    /// keyword are skipped, and a label set of a lone comma (`{,}`) is empty.
    /// For OpenMetrics the same as `Prometheus`.
    Lenient,
}

/// Options for [`crate::parse`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ParseOptions {
    /// The format to parse as; `None` detects it from the text.
    pub format: Option<Format>,
    /// Prometheus' leniency (default) or the specifications' strictness.
    pub strictness: Strictness,
    /// Reads the Python client's experimental native-histogram sample values
    /// (`name{…} {count:24,sum:100,schema:0,…}`) in OpenMetrics; off by
    /// default, like a Prometheus feature flag, because OpenMetrics 1.0 and
    /// Prometheus' parser reject the syntax. See [`NativeHistogram`].
    pub experimental_native_histograms: bool,
}

impl ParseOptions {
    /// Options with an explicit format (or `None` to detect) and strictness.
    pub fn new(format: Option<Format>, strictness: Strictness) -> ParseOptions {
        ParseOptions { format, strictness, experimental_native_histograms: false }
    }

    /// The same options with the experimental native-histogram syntax on or off.
    #[must_use]
    pub fn with_experimental_native_histograms(mut self, on: bool) -> ParseOptions {
        self.experimental_native_histograms = on;
        self
    }
}

/// The metric type declared by `# TYPE` (or `Unknown` when there is none).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MetricType {
    /// `counter`.
    Counter,
    /// `gauge`.
    Gauge,
    /// `histogram`.
    Histogram,
    /// `gaugehistogram` (OpenMetrics only).
    GaugeHistogram,
    /// `summary`.
    Summary,
    /// `info` (OpenMetrics only).
    Info,
    /// `stateset` (OpenMetrics only).
    StateSet,
    /// `untyped` in the Prometheus format, `unknown` in OpenMetrics, or no TYPE.
    Unknown,
}

impl MetricType {
    /// The keyword as written in a `# TYPE` line of `format`.
    pub fn keyword(self, format: Format) -> &'static str {
        match self {
            MetricType::Counter => "counter",
            MetricType::Gauge => "gauge",
            MetricType::Histogram => "histogram",
            MetricType::GaugeHistogram => "gaugehistogram",
            MetricType::Summary => "summary",
            MetricType::Info => "info",
            MetricType::StateSet => "stateset",
            MetricType::Unknown if format == Format::Prometheus => "untyped",
            MetricType::Unknown => "unknown",
        }
    }
}

/// A value with the span of the text it was read from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it is in the input.
    pub span: Span,
}

/// A metric family: the metadata lines and the samples that follow them.
///
/// Families appear in input order. When a family's name comes back after
/// another family (legal for Prometheus' scrape parser), it starts a new
/// `Family` entry, so concatenating the families' samples gives the samples
/// in input order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Family<'a> {
    /// The family name (for OpenMetrics counters, without `_total`).
    pub name: Cow<'a, str>,
    /// Where the name first appears (a metadata line or the first sample).
    pub name_span: Span,
    /// The declared type.
    pub kind: MetricType,
    /// The span of the `# TYPE` line, if any.
    pub type_span: Option<Span>,
    /// The unescaped `# HELP` text, if any.
    pub help: Option<Spanned<Cow<'a, str>>>,
    /// The `# UNIT`, if any (OpenMetrics only).
    pub unit: Option<Spanned<Cow<'a, str>>>,
    /// The samples, in input order.
    pub samples: Vec<Sample<'a>>,
    /// From the first metadata or sample line to the end of the last line.
    pub span: Span,
}

/// One sample line.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sample<'a> {
    /// The sample's metric name (`x_total`, `x_bucket`, …).
    pub name: Str<'a>,
    /// Where the name is (inside the quotes for a quoted name).
    pub name_span: Span,
    /// This sample's pairs in [`Parsed::labels`], without `__name__`.
    pub labels: Range<u32>,
    /// The name and label set as written (what Prometheus calls the series text).
    pub series_span: Span,
    /// The value; `NaN` for a native-histogram sample, whose value is
    /// [`Sample::native_histogram`].
    pub value: f64,
    /// Where the value is (for a native histogram, its `{…}`).
    pub value_span: Span,
    /// The timestamp in milliseconds (OpenMetrics seconds are converted).
    pub timestamp_ms: Option<i64>,
    /// Where the timestamp is.
    pub timestamp_span: Option<Span>,
    /// The start timestamp in milliseconds from the family's `_created` sample.
    pub created_ms: Option<i64>,
    /// The exemplar, if any (OpenMetrics only; boxed because exemplars are
    /// rare and a large scrape has millions of samples).
    pub exemplar: Option<Box<Exemplar<'a>>>,
    /// The native-histogram value, if the sample has one (only with
    /// [`ParseOptions::experimental_native_histograms`], only in histogram and
    /// gauge histogram families, on the sample named like the family).
    pub native_histogram: Option<Box<NativeHistogram>>,
    /// The whole line, without its line break.
    pub span: Span,
}

/// A native histogram written in the Python client's experimental text syntax:
/// `{count:24,sum:100,schema:0,zero_threshold:0.001,zero_count:4,
/// positive_spans:[0:2,1:2],negative_spans:[0:2,1:2],
/// positive_deltas:[2,1,-3,3],negative_deltas:[2,1,-2,3]}`.
///
/// The fields are those of Prometheus' integer native histograms: bucket
/// counts are deltas from the previous bucket, and the spans say which
/// bucket indexes they belong to. Missing span and delta lists are empty.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NativeHistogram {
    /// The number of observations.
    pub count: u64,
    /// The sum of the observations.
    pub sum: f64,
    /// The resolution: bucket boundaries grow by a factor of `2^(2^-schema)`.
    pub schema: i32,
    /// The width of the zero bucket on each side of zero.
    pub zero_threshold: f64,
    /// The number of observations in the zero bucket.
    pub zero_count: u64,
    /// Which positive buckets the deltas are for.
    pub positive_spans: Vec<BucketSpan>,
    /// Which negative buckets the deltas are for.
    pub negative_spans: Vec<BucketSpan>,
    /// Positive bucket counts, each as the difference to the previous one.
    pub positive_deltas: Vec<i64>,
    /// Negative bucket counts, each as the difference to the previous one.
    pub negative_deltas: Vec<i64>,
    /// The `{…}` text.
    pub span: Span,
}

/// A run of native-histogram buckets: `length` buckets starting `offset`
/// indexes after the end of the previous span (or at `offset` for the first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct BucketSpan {
    /// The gap to the previous span (the start index for the first one).
    pub offset: i32,
    /// The number of consecutive buckets.
    pub length: u32,
}

/// A label pair as written in a label set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LabelPair<'a> {
    /// The (unescaped) label name.
    pub name: Str<'a>,
    /// The unescaped label value.
    pub value: Str<'a>,
    /// Where the name is.
    pub name_span: Span,
    /// Where the value is, quotes included.
    pub value_span: Span,
}

/// An OpenMetrics exemplar: `# {trace_id="abc"} 1.0 1520879607.789`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Exemplar<'a> {
    /// The exemplar's labels (stored inline: exemplars are rare).
    pub labels: Vec<LabelPair<'a>>,
    /// The exemplar value.
    pub value: f64,
    /// The timestamp in milliseconds, if any.
    pub timestamp_ms: Option<i64>,
    /// From `#` to the end of the exemplar.
    pub span: Span,
}

/// A comment line (`# …` that is not HELP/TYPE/UNIT/EOF), Prometheus format.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Comment {
    /// The whole line.
    pub span: Span,
}

/// The result of [`crate::parse`]: what could be read, and what was wrong.
///
/// Parsing never fails as a whole: lines with errors are reported in
/// `diagnostics` and skipped, so the UI can show everything at once.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Parsed<'a> {
    /// The format used (given or detected).
    pub format: Format,
    /// The families in input order.
    pub families: Vec<Family<'a>>,
    /// The label pairs of every sample; see [`Sample::labels`].
    pub labels: Vec<LabelPair<'a>>,
    /// Comment lines (Prometheus format).
    pub comments: Vec<Comment>,
    /// Errors (input rejected or partly skipped) and warnings, in input order.
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Parsed<'a> {
    /// The label pairs of `sample` (without `__name__`).
    pub fn labels_of(&self, sample: &Sample<'a>) -> &[LabelPair<'a>] {
        &self.labels[sample.labels.start as usize..sample.labels.end as usize]
    }

    /// Whether any diagnostic is an error, i.e. a scraper would reject the input.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.is_error())
    }

    /// Total number of samples over all families.
    pub fn sample_count(&self) -> usize {
        self.families.iter().map(|f| f.samples.len()).sum()
    }
}
