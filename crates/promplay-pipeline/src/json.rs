//! The JSON document of `promplay metrics parse`: families, samples and
//! diagnostics in a stable, documented shape (see the crate README).
//!
//! The document has its own types rather than serializing the AST so the
//! shape stays put when the AST changes, and so fields come out in a
//! reading order (name first) rather than alphabetically: label sets become
//! objects, values become strings formatted like Prometheus
//! (`format_float`, so `NaN`, `+Inf` and `1e+09` survive JSON), and every
//! location is a 1-based line and column next to its byte span.

use crate::MetricsReport;
use promplay_diagnostics::{Diagnostic, LineIndex, Severity, Span};
use promplay_exposition::{Format, LabelPair, NativeHistogram, Parsed, Sample};
use promplay_model::format_float;
use serde::Serialize;
use std::collections::BTreeMap;

/// The `version` field of the document; bumped on any incompatible change.
pub const JSON_VERSION: u32 = 1;

/// The `promplay metrics parse` document; serialize it with serde_json.
#[derive(Clone, Debug, Serialize)]
pub struct MetricsDocument {
    /// [`JSON_VERSION`].
    pub version: u32,
    /// The format parsed (given or detected).
    pub format: Format,
    /// The families in input order.
    pub families: Vec<FamilyJson>,
    /// The parser's errors and warnings.
    pub diagnostics: Vec<DiagnosticJson>,
    /// The lint findings.
    pub lint: Vec<DiagnosticJson>,
    /// Counts.
    pub summary: SummaryJson,
}

/// One family of the document.
#[derive(Clone, Debug, Serialize)]
pub struct FamilyJson {
    /// The family name as written in the metadata.
    pub name: String,
    /// The type keyword as the format writes it.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The `# HELP` text.
    pub help: Option<String>,
    /// The `# UNIT`.
    pub unit: Option<String>,
    /// The line where the name first appears.
    pub line: u32,
    /// The family's byte range.
    pub span: Span,
    /// The samples in input order.
    pub samples: Vec<SampleJson>,
}

/// One sample of the document.
#[derive(Clone, Debug, Serialize)]
pub struct SampleJson {
    /// The sample's metric name.
    pub name: String,
    /// The labels, sorted by name, without `__name__`.
    pub labels: BTreeMap<String, String>,
    /// The value, formatted like Prometheus.
    pub value: String,
    /// The timestamp in milliseconds.
    pub timestamp_ms: Option<i64>,
    /// The start time from the `_created` sample, in milliseconds.
    pub created_ms: Option<i64>,
    /// The exemplar.
    pub exemplar: Option<ExemplarJson>,
    /// The native histogram (experimental syntax only); `value` is then `NaN`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub native_histogram: Option<NativeHistogram>,
    /// The sample's line.
    pub line: u32,
    /// The line's byte range.
    pub span: Span,
}

/// An exemplar of the document.
#[derive(Clone, Debug, Serialize)]
pub struct ExemplarJson {
    /// The exemplar's labels, sorted by name.
    pub labels: BTreeMap<String, String>,
    /// The value, formatted like Prometheus.
    pub value: String,
    /// The timestamp in milliseconds.
    pub timestamp_ms: Option<i64>,
}

/// A diagnostic (parse error, warning or lint finding) of the document.
#[derive(Clone, Debug, Serialize)]
pub struct DiagnosticJson {
    /// For lint findings, the metric promtool names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric: Option<String>,
    /// `error`, `warning` or `info`.
    pub severity: Severity,
    /// The stable code.
    pub code: &'static str,
    /// The message.
    pub message: String,
    /// 1-based line of the primary label.
    pub line: Option<u32>,
    /// 1-based column (in characters) of the primary label.
    pub col: Option<u32>,
    /// Every label, the primary one first.
    pub labels: Vec<LabelJson>,
    /// The hint, if any.
    pub help: Option<String>,
}

/// A label of a diagnostic.
#[derive(Clone, Debug, Serialize)]
pub struct LabelJson {
    /// What is at that place.
    pub message: String,
    /// 1-based start line.
    pub line: u32,
    /// 1-based start column.
    pub col: u32,
    /// 1-based end line.
    pub end_line: u32,
    /// 1-based end column (exclusive).
    pub end_col: u32,
    /// The byte range.
    pub span: Span,
}

/// The counts at the end of the document.
#[derive(Clone, Debug, Serialize)]
pub struct SummaryJson {
    /// Families.
    pub families: usize,
    /// Sample lines.
    pub samples: usize,
    /// Parse errors.
    pub errors: usize,
    /// Parser warnings.
    pub warnings: usize,
    /// Lint findings.
    pub lint: usize,
}

/// The `promplay metrics parse` document for `report`, which was made from `text`.
pub fn metrics_json(text: &str, report: &MetricsReport<'_>) -> MetricsDocument {
    let index = LineIndex::new(text);
    let parsed = &report.parsed;
    let line = |offset: u32| index.line_col(text, offset).line;
    let families = parsed
        .families
        .iter()
        .map(|family| FamilyJson {
            name: family.name.to_string(),
            kind: family.kind.keyword(parsed.format),
            help: family.help.as_ref().map(|h| h.value.to_string()),
            unit: family.unit.as_ref().map(|u| u.value.to_string()),
            line: line(family.name_span.start),
            span: family.span,
            samples: family
                .samples
                .iter()
                .map(|s| sample_json(parsed, s, line(s.span.start)))
                .collect(),
        })
        .collect();
    let diagnostics =
        parsed.diagnostics.iter().map(|d| diagnostic_json(text, &index, d, None)).collect();
    let lint = report
        .lint_findings()
        .map(|(metric, d)| diagnostic_json(text, &index, d, Some(metric)))
        .collect();
    let count = |severity| parsed.diagnostics.iter().filter(|d| d.severity == severity).count();
    MetricsDocument {
        version: JSON_VERSION,
        format: parsed.format,
        families,
        diagnostics,
        lint,
        summary: SummaryJson {
            families: parsed.families.len(),
            samples: parsed.sample_count(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            lint: report.lint.len(),
        },
    }
}

/// The document as pretty-printed JSON text.
pub fn metrics_json_string(text: &str, report: &MetricsReport<'_>) -> String {
    // Serializing plain structs of strings and numbers cannot fail.
    serde_json::to_string_pretty(&metrics_json(text, report)).unwrap_or_default()
}

fn sample_json(parsed: &Parsed<'_>, sample: &Sample<'_>, line: u32) -> SampleJson {
    SampleJson {
        name: sample.name.to_string(),
        labels: labels_json(parsed.labels_of(sample)),
        value: format_float(sample.value),
        timestamp_ms: sample.timestamp_ms,
        created_ms: sample.created_ms,
        exemplar: sample.exemplar.as_ref().map(|e| ExemplarJson {
            labels: labels_json(&e.labels),
            value: format_float(e.value),
            timestamp_ms: e.timestamp_ms,
        }),
        native_histogram: sample.native_histogram.as_deref().cloned(),
        line,
        span: sample.span,
    }
}

fn labels_json(pairs: &[LabelPair<'_>]) -> BTreeMap<String, String> {
    pairs.iter().map(|p| (p.name.to_string(), p.value.to_string())).collect()
}

fn diagnostic_json(
    text: &str,
    index: &LineIndex,
    diagnostic: &Diagnostic,
    metric: Option<&str>,
) -> DiagnosticJson {
    let labels = diagnostic
        .labels
        .iter()
        .map(|label| {
            let start = index.line_col(text, label.span.start);
            let end = index.line_col(text, label.span.end);
            LabelJson {
                message: label.message.clone(),
                line: start.line,
                col: start.col,
                end_line: end.line,
                end_col: end.col,
                span: label.span,
            }
        })
        .collect();
    let start = diagnostic.primary_span().map(|s| index.line_col(text, s.start));
    DiagnosticJson {
        metric: metric.map(str::to_owned),
        severity: diagnostic.severity,
        code: diagnostic.code,
        message: diagnostic.message.clone(),
        line: start.map(|p| p.line),
        col: start.map(|p| p.col),
        labels,
        help: diagnostic.help.clone(),
    }
}
