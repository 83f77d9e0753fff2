//! The prometheus-operator suite: every case folder under
//! `operator/cases` holds `input.yaml` (manifests), `case.json` (target,
//! whether the operator fails, operator options) and `expected.yaml` (the
//! operator's output, byte for byte). A case passes when the pipeline
//! produces exactly those bytes for its target, or fails where the operator
//! fails; a failure carries a unified diff.

use std::path::Path;

use promplay_operator::Value;
use promplay_pipeline::operator::{OperatorReport, Options, SourceFile, compile_manifests};

use crate::CaseResult;

/// At most this many diff lines go into a failure's detail.
const MAX_DIFF_LINES: usize = 80;

/// Runs every case under `folder` (the suite folder `operator`).
pub fn run(folder: &Path) -> Result<Vec<CaseResult>, String> {
    Ok(crate::case_dirs(folder)?.iter().map(|dir| run_case(dir)).collect())
}

fn run_case(dir: &Path) -> CaseResult {
    let id = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let read = |name: &str| std::fs::read_to_string(dir.join(name));
    let (Ok(case_text), Ok(input)) = (read("case.json"), read("input.yaml")) else {
        return CaseResult::skip(id, "case.json or input.yaml missing".to_owned());
    };
    let expected = read("expected.yaml").unwrap_or_default();
    let case = match promplay_operator::intake::parse_yaml(&case_text) {
        Ok(v) => v,
        Err(e) => return CaseResult::fail(id, format!("case.json: {e}")),
    };
    let options = match Options::from_case_json(&case) {
        Ok(o) => o,
        Err(e) => return CaseResult::fail(id, format!("case.json options: {e}")),
    };
    let files = [SourceFile { name: "input.yaml".to_owned(), text: input }];
    let report = compile_manifests(&files, &options);
    let target = case.get("target").and_then(Value::as_str).unwrap_or("");
    let expect_error = case.get("expect_error").and_then(Value::as_bool).unwrap_or(false);
    // The outer error is a harness-level failure (nothing compiled at
    // all), which never counts as the operator's expected failure.
    let got = match target {
        "prometheus-config" => prometheus_config(&report),
        "alertmanager-config" => alertmanager_config(&report),
        "rule-files" => {
            let key = case.get("rule_file_key").and_then(Value::as_str).unwrap_or("");
            rule_file(&report, key)
        }
        other => return CaseResult::skip(id, format!("unknown target `{other}`")),
    };
    let got = match got {
        Ok(got) => got,
        Err(why) => return CaseResult::fail(id, why),
    };
    match (got, expect_error) {
        (Err(_), true) => CaseResult::pass(id),
        (Ok(text), true) => CaseResult::fail(
            id,
            format!("the operator fails on this input, but promplay produced:\n{}", head(&text)),
        ),
        (Ok(text), false) if text == expected => CaseResult::pass(id),
        (Ok(text), false) => CaseResult::fail(id, unified_diff(&expected, &text)),
        (Err(why), false) => {
            let mut detail = format!("no output: {why}");
            for d in report.diagnostics.iter().filter(|d| d.diagnostic.is_error()).take(5) {
                detail.push_str(&format!("\n  {}: {}", d.diagnostic.code, d.diagnostic.message));
            }
            CaseResult::fail(id, detail)
        }
    }
}

/// `Ok(output or the operator's failure)`, or `Err` when nothing was compiled.
type Got = Result<Result<String, String>, String>;

fn prometheus_config(report: &OperatorReport) -> Got {
    let p = report.prometheuses.first().ok_or_else(|| nothing(report, "Prometheus"))?;
    Ok(match &p.config {
        Ok(Some(text)) => Ok(text.clone()),
        Ok(None) => Err("the configuration is unmanaged (no selectors)".to_owned()),
        Err(e) => Err(e.clone()),
    })
}

fn alertmanager_config(report: &OperatorReport) -> Got {
    let a = report.alertmanagers.first().ok_or_else(|| nothing(report, "Alertmanager"))?;
    Ok(a.config.clone())
}

/// A rejected PrometheusRule yields no rule file, which is the operator's
/// failure for `expect_error` cases.
fn rule_file(report: &OperatorReport, key: &str) -> Got {
    let p = report.prometheuses.first().ok_or_else(|| nothing(report, "Prometheus"))?;
    let suffix = format!("/{key}");
    Ok(p.rule_files
        .iter()
        .find(|f| f.path.ends_with(&suffix))
        .map(|f| f.content.clone())
        .ok_or_else(|| format!("no rule file `{key}`")))
}

/// Why no owner was compiled, with the first diagnostics.
fn nothing(report: &OperatorReport, kind: &str) -> String {
    let mut why = format!("no {kind} was compiled");
    for d in report
        .diagnostics
        .iter()
        .filter(|d| {
            d.diagnostic.severity != promplay_diagnostics::Severity::Info
                || d.diagnostic.code == "OPR0099"
        })
        .take(5)
    {
        why.push_str(&format!("\n  {}: {}", d.diagnostic.code, d.diagnostic.message));
    }
    why
}

/// The first lines of an unexpected output.
fn head(text: &str) -> String {
    let lines: Vec<&str> = text.lines().take(20).collect();
    lines.join("\n")
}

/// `--- expected` / `+++ promplay` unified diff with three lines of context.
pub fn unified_diff(expected: &str, got: &str) -> String {
    let diff = similar::TextDiff::from_lines(expected, got);
    let text = diff.unified_diff().context_radius(3).header("expected", "promplay").to_string();
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() <= MAX_DIFF_LINES {
        return text;
    }
    let mut out = lines[..MAX_DIFF_LINES].join("\n");
    out.push_str(&format!("\n… {} more diff lines", lines.len() - MAX_DIFF_LINES));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_shows_changed_lines() {
        let d = unified_diff("a: 1\nb: 2\n", "a: 1\nb: 3\n");
        assert!(d.contains("--- expected"), "{d}");
        assert!(d.contains("-b: 2") && d.contains("+b: 3"), "{d}");
    }
}
