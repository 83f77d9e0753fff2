//! The Query scenario end to end, shared by the Query workbench and
//! `promplay query`: build a series store from scrapes (exposition text at a
//! time) or from load notation, parse a PromQL query, evaluate it as an
//! instant or range query, and present the result as the HTTP API's `data`
//! JSON or as a table.
//!
//! Engines have no clock: callers pass every time, and measure the
//! evaluation time themselves if they want to show it.
//!
//! ```
//! use promplay_pipeline::query::{QueryData, QueryTime, run_query};
//!
//! let mut data = QueryData::new();
//! data.add_scrape("# TYPE up gauge\nup{job=\"a\"} 1\n", 60_000);
//! let outcome = run_query(&data, "up * 2", QueryTime::Instant(60_000));
//! assert_eq!(outcome.json_string(), r#"{"resultType":"vector","result":[{"metric":{"job":"a"},"value":[60,"2"]}]}"#);
//! ```

use promplay_diagnostics::{Diagnostic, Span};
use promplay_exposition::{ParseOptions as ExpositionOptions, Parsed as ExpositionParsed};
use promplay_model::{Labels, METRIC_NAME_LABEL, format_float};
use promplay_promql_engine::{
    Annotation, EngineOptions, FloatHistogram, HistogramSpan, QueryResult, QueryStats, SampleValue,
    Storage, Value, load,
};
use promplay_promql_syntax::{ParseOptions, parse_with};

pub mod explain;
pub mod histogram;

pub use histogram::{BucketView, HistogramView, histogram_text, histogram_view};
pub use promplay_promql_engine::api_json;
pub use promplay_promql_engine::load::parse_duration_ms;

/// The series a query runs over: one store filled from any number of
/// sources (scrapes and load notation).
#[derive(Debug, Default)]
pub struct QueryData {
    /// The store.
    pub storage: Storage,
}

impl QueryData {
    /// An empty store.
    pub fn new() -> QueryData {
        QueryData::default()
    }

    /// Adds one scrape: exposition text (Prometheus text format or
    /// OpenMetrics, detected) whose samples are stamped `t_ms`, unless a
    /// sample carries its own timestamp, which wins as in Prometheus.
    /// Native histograms are read too; `_created` becomes the start
    /// timestamp. Returns the parse diagnostics (spans into `text`); lines
    /// with errors are skipped.
    pub fn add_scrape(&mut self, text: &str, t_ms: i64) -> Vec<Diagnostic> {
        self.add_scrape_with(text, t_ms, false)
    }

    /// [`QueryData::add_scrape`], and with `classic_to_nhcb` also every
    /// classic histogram (`X_bucket{le}`, `X_count`, `X_sum`) as a native
    /// histogram with custom buckets named `X`, like Prometheus' scrape
    /// option `convert_classic_histograms_to_nhcb` with
    /// `always_scrape_classic_histograms` (the classic series stay).
    pub fn add_scrape_with(
        &mut self,
        text: &str,
        t_ms: i64,
        classic_to_nhcb: bool,
    ) -> Vec<Diagnostic> {
        let options = ExpositionOptions::default().with_experimental_native_histograms(true);
        let parsed = promplay_exposition::parse(text, &options);
        add_parsed(&mut self.storage, &parsed, t_ms);
        let mut diagnostics = parsed.diagnostics.clone();
        if classic_to_nhcb {
            diagnostics.extend(add_nhcb(&mut self.storage, &parsed, t_ms));
        }
        diagnostics
    }

    /// Adds load-notation text (the series editor; see
    /// [`promplay_promql_engine::load::parse_load`]): series lines, optionally
    /// under `load <interval>` headers; lines before any header use
    /// `default_interval_ms`, starting at t = 0. Returns the diagnostics
    /// (spans into `text`); lines with errors are skipped.
    pub fn add_series(&mut self, text: &str, default_interval_ms: i64) -> Vec<Diagnostic> {
        load::load(&mut self.storage, text, default_interval_ms)
    }

    /// The store.
    pub fn storage(&self) -> &Storage {
        &self.storage
    }

    /// Metric names in the store, sorted (for autocomplete).
    pub fn metric_names(&self) -> Vec<&str> {
        self.storage.metric_names()
    }

    /// Label names in the store, sorted.
    pub fn label_names(&self) -> Vec<&str> {
        self.storage.label_names()
    }

    /// The values of label `name` in the store, sorted.
    pub fn label_values(&self, name: &str) -> Vec<&str> {
        self.storage.label_values(name)
    }

    /// The oldest and newest sample time, if there are samples.
    pub fn time_range(&self) -> Option<(i64, i64)> {
        let mut range: Option<(i64, i64)> = None;
        for (_, samples) in self.storage.series() {
            if let (Some(first), Some(last)) = (samples.first(), samples.last()) {
                range = Some(match range {
                    None => (first.t, last.t),
                    Some((lo, hi)) => (lo.min(first.t), hi.max(last.t)),
                });
            }
        }
        range
    }
}

/// When a query is evaluated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryTime {
    /// An instant query at this time (ms since the epoch).
    Instant(i64),
    /// A range query from `start` to `end` (inclusive) every `step` ms.
    Range {
        /// First step, ms since the epoch.
        start: i64,
        /// Last possible step, ms since the epoch.
        end: i64,
        /// Step width in ms.
        step: i64,
    },
}

/// Everything a query produced.
#[derive(Clone, Debug)]
pub struct QueryOutcome {
    /// The query text (spans refer to it).
    pub query: String,
    /// Parse errors; when there are any, nothing was evaluated.
    pub parse_diagnostics: Vec<Diagnostic>,
    /// The evaluation's value or error, its annotations and stats; `None`
    /// when the query did not parse.
    pub result: Option<QueryResult>,
}

impl QueryOutcome {
    /// The value, if the query parsed and evaluated without error.
    pub fn value(&self) -> Option<&Value> {
        self.result.as_ref().and_then(|r| r.value.as_ref().ok())
    }

    /// The error to show: the first parse error or the evaluation error,
    /// with its span in the query when known.
    pub fn error(&self) -> Option<(String, Option<Span>)> {
        if let Some(d) = self.parse_diagnostics.iter().find(|d| d.is_error()) {
            return Some((d.message.clone(), d.primary_span()));
        }
        match &self.result {
            Some(QueryResult { value: Err(e), .. }) => Some((e.message.clone(), e.span)),
            _ => None,
        }
    }

    /// Warnings and infos, in order.
    pub fn annotations(&self) -> &[Annotation] {
        self.result.as_ref().map_or(&[], |r| r.annotations.as_slice())
    }

    /// The annotation texts as the HTTP API shows them, split into
    /// (warnings, infos): at most ten of each, then `N more warning
    /// annotations omitted` (Prometheus' `AsStrings(query, 10, 10)`).
    pub fn annotation_texts(&self) -> (Vec<String>, Vec<String>) {
        promplay_promql_engine::api_texts(self.annotations(), &self.query)
    }

    /// The evaluation's counters (zero when it did not run).
    pub fn stats(&self) -> QueryStats {
        self.result.as_ref().map(|r| r.stats).unwrap_or_default()
    }

    /// The HTTP API `data` object; `null` when there is no value.
    pub fn json(&self) -> serde_json::Value {
        self.value().map_or(serde_json::Value::Null, api_json)
    }

    /// [`QueryOutcome::json`] as compact text with the keys in Prometheus'
    /// order (`resultType` first); `null` when there is no value.
    pub fn json_string(&self) -> String {
        self.value().map_or_else(|| "null".to_owned(), promplay_promql_engine::api_json_string)
    }

    /// The value as a table (see [`table`]); empty when there is no value.
    pub fn table(&self) -> Table {
        self.value().map(table).unwrap_or_default()
    }
}

/// An instant query at `t_ms` (see [`run_query_with`]).
pub fn instant(data: &QueryData, query: &str, t_ms: i64, engine: &EngineOptions) -> QueryOutcome {
    run_query_with(data, query, QueryTime::Instant(t_ms), engine, &ParseOptions::all())
}

/// A range query (see [`run_query_with`]).
pub fn range(
    data: &QueryData,
    query: &str,
    start: i64,
    end: i64,
    step: i64,
    engine: &EngineOptions,
) -> QueryOutcome {
    run_query_with(data, query, QueryTime::Range { start, end, step }, engine, &ParseOptions::all())
}

/// Parses and evaluates `query` over `data` with Prometheus' default
/// settings (and every experimental parser feature on).
pub fn run_query(data: &QueryData, query: &str, time: QueryTime) -> QueryOutcome {
    run_query_with(data, query, time, &EngineOptions::default(), &ParseOptions::all())
}

/// [`run_query`] with explicit engine and parser settings.
pub fn run_query_with(
    data: &QueryData,
    query: &str,
    time: QueryTime,
    engine: &EngineOptions,
    parser: &ParseOptions,
) -> QueryOutcome {
    let parsed = parse_with(query, parser);
    let result = parsed.expr.as_ref().map(|expr| match time {
        QueryTime::Instant(t) => {
            promplay_promql_engine::instant_query(&data.storage, expr, t, engine)
        }
        QueryTime::Range { start, end, step } => {
            promplay_promql_engine::range_query(&data.storage, expr, start, end, step, engine)
        }
    });
    QueryOutcome { query: query.to_owned(), parse_diagnostics: parsed.diagnostics, result }
}

/// A result as rows: one per sample (instant vector, scalar, string) or one
/// per point of each series (matrix), with the series' labels as text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    /// The rows, in result order.
    pub rows: Vec<TableRow>,
}

/// One row of a [`Table`].
#[derive(Clone, Debug, PartialEq)]
pub struct TableRow {
    /// The series as Prometheus prints it (`up{job="a"}`; `{}` for none;
    /// empty for scalars and strings).
    pub series: String,
    /// The time in ms since the epoch.
    pub t: i64,
    /// The value as the API formats floats, or the histogram as Prometheus
    /// prints it (count, sum, every bucket with its bounds).
    pub value: String,
}

impl Table {
    /// Plain text: one `series value @t` line per row, series padded to a column.
    pub fn render(&self) -> String {
        let width = self.rows.iter().map(|r| r.series.chars().count()).max().unwrap_or(0);
        let mut out = String::new();
        for r in &self.rows {
            let pad = width - r.series.chars().count();
            let secs = format_float(r.t as f64 / 1000.0);
            if r.series.is_empty() {
                out.push_str(&format!("{} @{secs}\n", r.value));
            } else {
                out.push_str(&format!("{}{}  {} @{secs}\n", r.series, " ".repeat(pad), r.value));
            }
        }
        out
    }
}

/// The rows of a value.
pub fn table(value: &Value) -> Table {
    let mut rows = Vec::new();
    match value {
        Value::Scalar { t, v } => {
            rows.push(TableRow { series: String::new(), t: *t, value: format_float(*v) });
        }
        Value::String { t, s } => {
            rows.push(TableRow { series: String::new(), t: *t, value: format!("{s:?}") });
        }
        Value::Vector(v) => {
            for s in v {
                rows.push(TableRow {
                    series: series_text(&s.labels),
                    t: s.t,
                    value: value_text(&s.value),
                });
            }
        }
        Value::Matrix(m) => {
            for s in m {
                let name = series_text(&s.labels);
                let mut points: Vec<(i64, String)> =
                    s.floats.iter().map(|p| (p.t, format_float(p.f))).collect();
                points.extend(s.histograms.iter().map(|p| (p.t, histogram_text(&p.h))));
                points.sort_by_key(|p| p.0);
                for (t, value) in points {
                    rows.push(TableRow { series: name.clone(), t, value });
                }
            }
        }
    }
    Table { rows }
}

/// A label set as Prometheus prints a series: `name{a="b"}`, `{}` without labels.
pub fn series_text(labels: &Labels) -> String {
    let text = labels.to_string();
    if text.is_empty() { "{}".to_owned() } else { text }
}

fn value_text(v: &SampleValue) -> String {
    match v {
        SampleValue::Float(f) => format_float(*f),
        SampleValue::Histogram(h) => histogram_text(h),
    }
}

/// Adds the samples of a parsed scrape.
fn add_parsed(storage: &mut Storage, parsed: &ExpositionParsed<'_>, t_ms: i64) {
    for family in &parsed.families {
        for sample in &family.samples {
            let mut labels = Labels::new();
            for pair in parsed.labels_of(sample) {
                labels.set(&*pair.name, &*pair.value);
            }
            labels.set(METRIC_NAME_LABEL, &*sample.name);
            let value = match &sample.native_histogram {
                Some(h) => SampleValue::Histogram(Box::new(float_histogram(h))),
                None => SampleValue::Float(sample.value),
            };
            let t = sample.timestamp_ms.unwrap_or(t_ms);
            storage.add_with_start(labels, t, value, sample.created_ms);
        }
    }
}

/// Adds the classic histograms of a parsed scrape as native histograms with
/// custom buckets; returns a diagnostic for each that cannot be converted.
fn add_nhcb(storage: &mut Storage, parsed: &ExpositionParsed<'_>, t_ms: i64) -> Vec<Diagnostic> {
    use promplay_exposition::MetricType;
    use promplay_promql_engine::load::{LoadedSample, LoadedSeries, classic_to_nhcb};
    let mut classic = Vec::new();
    for family in &parsed.families {
        if !matches!(family.kind, MetricType::Histogram | MetricType::GaugeHistogram) {
            continue;
        }
        for sample in family.samples.iter().filter(|s| s.native_histogram.is_none()) {
            let mut labels = Labels::new();
            for pair in parsed.labels_of(sample) {
                labels.set(&*pair.name, &*pair.value);
            }
            labels.set(METRIC_NAME_LABEL, &*sample.name);
            let t = sample.timestamp_ms.unwrap_or(t_ms);
            classic.push(LoadedSeries {
                labels,
                span: sample.span,
                samples: vec![LoadedSample {
                    t,
                    value: SampleValue::Float(sample.value),
                    st: None,
                }],
            });
        }
    }
    let (native, diagnostics) = classic_to_nhcb(&classic);
    for series in native {
        for sample in series.samples {
            storage.add(series.labels.clone(), sample.t, sample.value);
        }
    }
    diagnostics
}

/// An integer native histogram (bucket deltas) as a float histogram (absolute counts).
fn float_histogram(h: &promplay_exposition::NativeHistogram) -> FloatHistogram {
    let absolute = |deltas: &[i64]| {
        let mut acc = 0i64;
        deltas
            .iter()
            .map(|d| {
                acc = acc.saturating_add(*d);
                acc as f64
            })
            .collect::<Vec<f64>>()
    };
    let spans = |s: &[promplay_exposition::BucketSpan]| {
        s.iter().map(|s| HistogramSpan { offset: s.offset, length: s.length }).collect::<Vec<_>>()
    };
    FloatHistogram {
        schema: h.schema,
        zero_threshold: h.zero_threshold,
        zero_count: h.zero_count as f64,
        count: h.count as f64,
        sum: h.sum,
        positive_spans: spans(&h.positive_spans),
        positive_buckets: absolute(&h.positive_deltas),
        negative_spans: spans(&h.negative_spans),
        negative_buckets: absolute(&h.negative_deltas),
        ..FloatHistogram::default()
    }
}

#[cfg(test)]
mod tests;
