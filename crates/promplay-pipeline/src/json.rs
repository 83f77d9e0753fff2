//! The JSON document of `promplay metrics parse`: families, samples and
//! diagnostics in a stable, documented shape (see the crate README).
//!
//! The document is built by hand rather than by serializing the AST so the
//! shape stays put when the AST changes: label sets become objects, values
//! become strings formatted like Prometheus (`format_float`, so `NaN`,
//! `+Inf` and `1e+09` survive JSON), and every location is a 1-based line
//! and column next to its byte span.

use crate::MetricsReport;
use promplay_diagnostics::{Diagnostic, LineIndex, Span};
use promplay_exposition::{LabelPair, Parsed, Sample};
use promplay_model::format_float;
use serde_json::{Map, Value, json};

/// The `version` field of the document; bumped on any incompatible change.
pub const JSON_VERSION: u32 = 1;

/// The `promplay metrics parse` document for `report`, which was made from `text`.
pub fn metrics_json(text: &str, report: &MetricsReport<'_>) -> Value {
    let index = LineIndex::new(text);
    let parsed = &report.parsed;
    let families: Vec<Value> = parsed
        .families
        .iter()
        .map(|family| {
            let samples: Vec<Value> =
                family.samples.iter().map(|s| sample_json(text, &index, parsed, s)).collect();
            json!({
                "name": family.name,
                "type": family.kind.keyword(parsed.format),
                "help": family.help.as_ref().map(|h| h.value.as_ref()),
                "unit": family.unit.as_ref().map(|u| u.value.as_ref()),
                "line": index.line_col(text, family.name_span.start).line,
                "span": span_json(family.span),
                "samples": samples,
            })
        })
        .collect();
    let diagnostics: Vec<Value> =
        parsed.diagnostics.iter().map(|d| diagnostic_json(text, &index, d, None)).collect();
    let lint: Vec<Value> = report
        .lint_findings()
        .map(|(metric, d)| diagnostic_json(text, &index, d, Some(metric)))
        .collect();
    let count = |severity| parsed.diagnostics.iter().filter(|d| d.severity == severity).count();
    json!({
        "version": JSON_VERSION,
        "format": parsed.format,
        "families": families,
        "diagnostics": diagnostics,
        "lint": lint,
        "summary": {
            "families": parsed.families.len(),
            "samples": parsed.sample_count(),
            "errors": count(promplay_diagnostics::Severity::Error),
            "warnings": count(promplay_diagnostics::Severity::Warning),
            "lint": report.lint.len(),
        },
    })
}

fn sample_json(text: &str, index: &LineIndex, parsed: &Parsed<'_>, sample: &Sample<'_>) -> Value {
    let exemplar = sample.exemplar.as_ref().map(|e| {
        json!({
            "labels": labels_json(&e.labels),
            "value": format_float(e.value),
            "timestamp_ms": e.timestamp_ms,
        })
    });
    json!({
        "name": sample.name,
        "labels": labels_json(parsed.labels_of(sample)),
        "value": format_float(sample.value),
        "timestamp_ms": sample.timestamp_ms,
        "created_ms": sample.created_ms,
        "exemplar": exemplar,
        "line": index.line_col(text, sample.span.start).line,
        "span": span_json(sample.span),
    })
}

/// A label set as an object. Keys are sorted (Prometheus' order) whatever
/// serde_json's map type, because they are inserted sorted.
fn labels_json(pairs: &[LabelPair<'_>]) -> Value {
    let mut sorted: Vec<&LabelPair<'_>> = pairs.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    let mut map = Map::new();
    for pair in sorted {
        map.insert(pair.name.to_string(), Value::String(pair.value.to_string()));
    }
    Value::Object(map)
}

fn span_json(span: Span) -> Value {
    json!({ "start": span.start, "end": span.end })
}

fn diagnostic_json(
    text: &str,
    index: &LineIndex,
    diagnostic: &Diagnostic,
    metric: Option<&str>,
) -> Value {
    let labels: Vec<Value> = diagnostic
        .labels
        .iter()
        .map(|label| {
            let start = index.line_col(text, label.span.start);
            let end = index.line_col(text, label.span.end);
            json!({
                "message": label.message,
                "line": start.line,
                "col": start.col,
                "end_line": end.line,
                "end_col": end.col,
                "span": span_json(label.span),
            })
        })
        .collect();
    let start = diagnostic.primary_span().map(|s| index.line_col(text, s.start));
    let mut value = json!({
        "severity": diagnostic.severity,
        "code": diagnostic.code,
        "message": diagnostic.message,
        "line": start.map(|p| p.line),
        "col": start.map(|p| p.col),
        "labels": labels,
        "help": diagnostic.help,
    });
    if let (Some(metric), Value::Object(map)) = (metric, &mut value) {
        map.insert("metric".into(), Value::String(metric.to_owned()));
    }
    value
}
