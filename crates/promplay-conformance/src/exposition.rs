//! The exposition suite: 190 upstream parser cases in both formats, with
//! the verdict and, for accepted inputs, the parsed entries of the
//! implementation each case comes from.
//!
//! The strictness follows the case's source: Prometheus' scrape parsers
//! (`prom_pp_`, `om_po_`) are `Strictness::Prometheus`, the Python client's
//! text parser (`prom_yp_`) is `Strictness::Lenient`, and Go's `expfmt`
//! (`prom_ce_`) and the Python client's OpenMetrics parser (`om_yo_`, the
//! reference of the OpenMetrics suite) are `Strictness::Strict`. The Python
//! client's cases also enable `experimental_native_histograms`, since that
//! parser reads the experimental native-histogram syntax.

use crate::compare;
use crate::{CaseResult, Outcome, first_error};
use promplay_exposition::{Format, ParseOptions, Strictness, parse_bytes};
use std::path::Path;

/// The case-name prefixes, in the order the summary lists them.
const PREFIXES: &[&str] = &["prom_pp_", "prom_ce_", "prom_yp_", "om_po_", "om_yo_"];

/// Runs every case listed in `folder/cases.tsv`.
pub(crate) fn run(folder: &Path) -> Result<Vec<CaseResult>, String> {
    let index = folder.join("cases.tsv");
    let tsv = std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let mut out = Vec::new();
    for row in tsv.lines().skip(1).filter(|l| !l.is_empty()) {
        let cols: Vec<&str> = row.split('\t').collect();
        let [name, format, expect, ..] = cols[..] else {
            return Err(format!("malformed row in cases.tsv: {row}"));
        };
        out.push(run_case(folder, name, format, expect));
    }
    Ok(out)
}

fn run_case(folder: &Path, name: &str, format: &str, expect: &str) -> CaseResult {
    let id = format!("exposition/{name}");
    let (format, ext) = if format == "openmetrics" {
        (Format::OpenMetrics, "om")
    } else {
        (Format::Prometheus, "prom")
    };
    let strictness = if name.starts_with("prom_ce_") || name.starts_with("om_yo_") {
        Strictness::Strict
    } else if name.starts_with("prom_yp_") {
        Strictness::Lenient
    } else {
        Strictness::Prometheus
    };
    let cases = folder.join("cases");
    let bytes = match std::fs::read(cases.join(format!("{name}.{ext}"))) {
        Ok(b) => b,
        Err(e) => return CaseResult::fail(id, format!("cannot read input: {e}")),
    };
    let expected = match std::fs::read_to_string(cases.join(format!("{name}.expected.jsonl"))) {
        Ok(s) => s,
        Err(e) => return CaseResult::fail(id, format!("cannot read expectation: {e}")),
    };
    let records: Vec<serde_json::Value> = match expected.lines().map(serde_json::from_str).collect()
    {
        Ok(r) => r,
        Err(e) => return CaseResult::fail(id, format!("bad expectation JSON: {e}")),
    };
    // The Python client reads its experimental native-histogram syntax, so
    // its cases run with the option that enables it; every other
    // implementation rejects the syntax, as the default does.
    let options = ParseOptions::new(Some(format), strictness)
        .with_experimental_native_histograms(name.starts_with("om_yo_"));
    let parsed = parse_bytes(&bytes, &options);
    if expect == "error" {
        return if parsed.has_errors() {
            CaseResult::pass(id)
        } else {
            CaseResult::fail(id, "expected an error, but the input was accepted".into())
        };
    }
    if parsed.has_errors() {
        return CaseResult::fail(
            id,
            format!("expected to parse, got error {}", first_error(&parsed)),
        );
    }
    let text = String::from_utf8_lossy(&bytes);
    let view = records.first().and_then(|m| m["view"].as_str()).unwrap_or_default();
    let body = records.get(1..).unwrap_or_default();
    let result = match view {
        "prometheus-entries" => compare::entries(&text, &parsed, body),
        "expfmt-families" => compare::expfmt(&parsed, body),
        "client_python-families" => compare::client_python(&parsed, body),
        other => Err(format!("unknown view `{other}`")),
    };
    match result {
        Ok(()) => CaseResult::pass(id),
        Err(detail) => CaseResult::fail(id, detail),
    }
}

/// One line per source prefix: `prom_pp_: 36/36 passed`.
pub(crate) fn breakdown(cases: &[CaseResult]) -> Vec<String> {
    PREFIXES
        .iter()
        .map(|prefix| {
            let mine: Vec<&CaseResult> = cases
                .iter()
                .filter(|c| c.id.strip_prefix("exposition/").is_some_and(|n| n.starts_with(prefix)))
                .collect();
            let passed = mine.iter().filter(|c| c.outcome == Outcome::Pass).count();
            let skipped = mine.iter().filter(|c| c.outcome == Outcome::Skip).count();
            format!("  {prefix}: {passed}/{} passed, {skipped} skipped", mine.len())
        })
        .collect()
}
