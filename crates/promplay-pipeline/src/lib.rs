//! The playground's scenarios end to end, shared by `promplay-web` and
//! `promplay-cli`: if the browser and the terminal disagree, the bug is here.
//!
//! For exposition text, [`analyze_metrics`] parses and lints in one call;
//! [`family_summaries`] gives the one-row-per-family overview,
//! [`metrics_json`] the document `promplay metrics parse` prints, and
//! [`position`] turns a diagnostic into the 1-based line and column people
//! read.
//!
//! ```
//! use promplay_pipeline::{analyze_metrics, family_summaries, exposition::ParseOptions};
//!
//! let text = "# TYPE jobs counter\njobs 3\n";
//! let report = analyze_metrics(text, &ParseOptions::default());
//! let summaries = family_summaries(&report.parsed);
//! assert_eq!(summaries[0].name, "jobs");
//! // promtool would say: jobs counter metrics should have "_total" suffix
//! assert!(report.lint_metrics.iter().any(|m| m == "jobs"));
//! ```

pub mod alertmanager;
pub mod bench;
pub mod ingest;
mod json;
pub mod limits;
pub mod operator;
pub mod query;
pub mod relabel;
pub mod rules;
pub mod targets;

pub use json::{
    DiagnosticJson, ExemplarJson, FamilyJson, JSON_VERSION, LabelJson, MetricsDocument, SampleJson,
    SummaryJson, metrics_json, metrics_json_string,
};
pub use promplay_diagnostics as diagnostics;
pub use promplay_exposition as exposition;
pub use promplay_model as model;

use promplay_diagnostics::{Diagnostic, LineCol, LineIndex, Span};
use promplay_exposition::{Format, MetricType, ParseOptions, Parsed};
use std::collections::HashSet;

/// What the Metrics workbench and `promplay metrics` show for one input.
#[derive(Debug)]
#[non_exhaustive]
pub struct MetricsReport<'a> {
    /// The parsed families and the parse diagnostics.
    pub parsed: Parsed<'a>,
    /// `promtool check metrics`-style findings (warnings), in input order.
    pub lint: Vec<Diagnostic>,
    /// For each entry of `lint`, the metric name promtool would print
    /// before the message (the text-format name, e.g. `x_total` for an
    /// OpenMetrics counter family `x`).
    pub lint_metrics: Vec<String>,
}

impl MetricsReport<'_> {
    /// Whether the input was rejected (a parse error): `promtool` exits 1.
    pub fn has_errors(&self) -> bool {
        self.parsed.has_errors()
    }

    /// The lint findings with their metric names, for display.
    pub fn lint_findings(&self) -> impl Iterator<Item = (&str, &Diagnostic)> {
        self.lint_metrics.iter().map(String::as_str).zip(&self.lint)
    }
}

/// Parses and lints exposition `text`.
pub fn analyze_metrics<'a>(text: &'a str, options: &ParseOptions) -> MetricsReport<'a> {
    let parsed = promplay_exposition::parse(text, options);
    let (lint_metrics, lint) = promplay_exposition::lint_findings(text, &parsed)
        .into_iter()
        .map(|finding| (finding.metric, finding.diagnostic))
        .unzip();
    MetricsReport { parsed, lint, lint_metrics }
}

/// Parses and lints exposition `bytes`, which may not be valid UTF-8: each
/// invalid byte is reported (`EXP0001`) and read as `?`. The spans index
/// [`lossy_text`]`(bytes)`, which is what to render them against.
pub fn analyze_metrics_bytes<'a>(bytes: &'a [u8], options: &ParseOptions) -> MetricsReport<'a> {
    let parsed = promplay_exposition::parse_bytes(bytes, options);
    // The lint looks at the parsed values and spans only, not at the text.
    let (lint_metrics, lint) = promplay_exposition::lint_findings("", &parsed)
        .into_iter()
        .map(|finding| (finding.metric, finding.diagnostic))
        .unzip();
    MetricsReport { parsed, lint, lint_metrics }
}

/// `bytes` as text, each byte of an invalid UTF-8 sequence replaced by `?`
/// (so byte offsets stay the same), as [`analyze_metrics_bytes`] reads it.
pub fn lossy_text(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut text = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        text.extend(std::iter::repeat_n('?', chunk.invalid().len()));
    }
    std::borrow::Cow::Owned(text)
}

/// One row of the family overview.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct FamilySummary {
    /// The family name as written in the metadata (OpenMetrics counters without `_total`).
    pub name: String,
    /// The declared type.
    #[serde(rename = "type")]
    pub kind: MetricType,
    /// The type as written in a `# TYPE` line of the input's format.
    pub type_keyword: &'static str,
    /// The `# HELP` text, if any.
    pub help: Option<String>,
    /// The `# UNIT`, if any.
    pub unit: Option<String>,
    /// Distinct time series: different sample names or label sets
    /// (so each bucket of a histogram counts, as in Prometheus' TSDB).
    pub series: usize,
    /// Sample lines.
    pub samples: usize,
    /// Where the name first appears.
    pub name_span: Span,
    /// The `# TYPE` line, if any.
    pub type_span: Option<Span>,
    /// The `# HELP` text, if any.
    pub help_span: Option<Span>,
    /// From the first line of the family to the end of its last line.
    pub span: Span,
}

/// The families of `parsed` in input order, one summary each.
pub fn family_summaries(parsed: &Parsed<'_>) -> Vec<FamilySummary> {
    parsed
        .families
        .iter()
        .map(|family| {
            let series: HashSet<(&str, Vec<(&str, &str)>)> = family
                .samples
                .iter()
                .map(|sample| {
                    let mut labels: Vec<(&str, &str)> = parsed
                        .labels_of(sample)
                        .iter()
                        .map(|l| (l.name.as_ref(), l.value.as_ref()))
                        .collect();
                    labels.sort_unstable();
                    (sample.name.as_ref(), labels)
                })
                .collect();
            FamilySummary {
                name: family.name.to_string(),
                kind: family.kind,
                type_keyword: family.kind.keyword(parsed.format),
                help: family.help.as_ref().map(|h| h.value.to_string()),
                unit: family.unit.as_ref().map(|u| u.value.to_string()),
                series: series.len(),
                samples: family.samples.len(),
                name_span: family.name_span,
                type_span: family.type_span,
                help_span: family.help.as_ref().map(|h| h.span),
                span: family.span,
            }
        })
        .collect()
}

/// The 1-based line and column (in characters) where `diagnostic` points:
/// the start of its primary label, or `None` if it has no location.
///
/// `index` must be built from `text` (`LineIndex::new(text)`); build it
/// once per input when positioning many diagnostics.
pub fn position(text: &str, index: &LineIndex, diagnostic: &Diagnostic) -> Option<LineCol> {
    diagnostic.primary_span().map(|span| index.line_col(text, span.start))
}

/// Parse options from the words the CLI and the web UI offer:
/// `auto`, `prom`/`prometheus`/`text`, or `openmetrics`/`om`.
pub fn parse_format(word: &str) -> Option<Option<Format>> {
    match word.to_ascii_lowercase().as_str() {
        "auto" => Some(None),
        "prom" | "prometheus" | "text" => Some(Some(Format::Prometheus)),
        "openmetrics" | "om" => Some(Some(Format::OpenMetrics)),
        _ => None,
    }
}
