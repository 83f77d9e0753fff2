//! The relabeling suite: `relabel/cases.json` holds upstream's `TestRelabel`
//! table (apply rules to a label set, compare the result or "dropped"),
//! `TestRelabelValidate` (validate a Go struct literal: fields not listed
//! keep their zero values) and the `*.bad.yml` config files that must fail
//! to load with a given error (whole `prometheus.yml` through the load path).

use std::path::Path;

use promplay_model::Labels;
use promplay_relabel::{
    Action, NameValidationScheme, Regex, RelabelConfig, format_label_set, parse_configs,
    parse_prometheus_config, process, validate,
};
use serde_json::Value;

use crate::CaseResult;

/// Runs every case in `folder/cases.json`.
pub fn run(folder: &Path) -> Result<Vec<CaseResult>, String> {
    let path = folder.join("cases.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let cases: Vec<Value> =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(cases.iter().map(run_case).collect())
}

fn run_case(case: &Value) -> CaseResult {
    let id = case["name"].as_str().unwrap_or("?").to_owned();
    let scheme = match case["name_validation_scheme"].as_str() {
        Some("legacy") => NameValidationScheme::Legacy,
        _ => NameValidationScheme::Utf8,
    };
    let outcome = if case.get("input").is_some() {
        apply_case(case, scheme)
    } else if case["yaml_defaults"].as_bool() == Some(false) {
        validate_case(case, scheme)
    } else {
        config_case(case)
    };
    match outcome {
        Ok(()) => CaseResult::pass(id),
        Err(detail) => CaseResult::fail(id, detail),
    }
}

/// `TestRelabel`: rules from JSON with `DefaultRelabelConfig` for absent keys.
fn apply_case(case: &Value, scheme: NameValidationScheme) -> Result<(), String> {
    let input = labels(&case["input"]);
    let mut rules = Vec::new();
    for (i, c) in case["configs"].as_array().into_iter().flatten().enumerate() {
        let mut rule =
            RelabelConfig { name_validation_scheme: Some(scheme), ..RelabelConfig::default() };
        if let Some(s) = c["source_labels"].as_array() {
            rule.source_labels =
                Some(s.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect());
        }
        let text = |k: &str| c[k].as_str().map(str::to_owned);
        if let Some(s) = text("separator") {
            rule.separator = s;
        }
        if let Some(s) = text("regex") {
            rule.regex = Some(Regex::new(&s).map_err(|e| format!("rule {i}: {e}"))?);
        }
        if let Some(m) = c["modulus"].as_u64() {
            rule.modulus = m;
        }
        if let Some(s) = text("target_label") {
            rule.target_label = s;
        }
        if let Some(s) = text("replacement") {
            rule.replacement = s;
        }
        if let Some(s) = text("action") {
            rule.action =
                Some(Action::parse(&s).ok_or_else(|| format!("rule {i}: unknown action {s}"))?);
        }
        validate(&rule, scheme).map_err(|e| format!("rule {i} does not validate: {e}"))?;
        rules.push(rule);
    }
    let got = process(&input, &rules);
    let want = (!case["output"].is_null()).then(|| labels(&case["output"]));
    if got == want {
        return Ok(());
    }
    let show = |l: &Option<Labels>| l.as_ref().map_or("dropped".to_owned(), format_label_set);
    Err(format!("expected {}, got {}", show(&want), show(&got)))
}

/// `TestRelabelValidate`: a struct literal, so absent fields are Go's zero values.
fn validate_case(case: &Value, scheme: NameValidationScheme) -> Result<(), String> {
    let yaml = case["config_yaml"].as_str().unwrap_or("");
    // An empty rule (`{}`) is spelled as an empty document; read it as a mapping.
    let text = if yaml.trim().is_empty() { "{}".to_owned() } else { yaml.to_owned() };
    let set = parse_configs(&format!("relabel_configs:\n- {}", indent(&text)));
    let Some(parsed) = set.rules.first() else {
        return Err(format!("could not read the rule: {:?}", set.diagnostics));
    };
    let mut rule = RelabelConfig::zero();
    rule.name_validation_scheme = Some(scheme);
    let has = |k: &str| parsed.key_spans.iter().any(|(key, _)| *key == k);
    if has("source_labels") {
        rule.source_labels.clone_from(&parsed.source_labels);
    }
    if has("separator") {
        rule.separator.clone_from(&parsed.separator);
    }
    if has("regex") {
        rule.regex.clone_from(&parsed.regex);
    }
    if has("modulus") {
        rule.modulus = parsed.modulus;
    }
    if has("target_label") {
        rule.target_label.clone_from(&parsed.target_label);
    }
    if has("replacement") {
        rule.replacement.clone_from(&parsed.replacement);
    }
    if has("action") {
        rule.action = parsed.action;
    }
    expect_error(case, validate(&rule, scheme).err().as_deref())
}

/// A `*.bad.yml` file through the `prometheus.yml` load path.
fn config_case(case: &Value) -> Result<(), String> {
    let text = case["full_file_yaml"].as_str().unwrap_or("");
    let config = parse_prometheus_config(text);
    let errors: Vec<&str> =
        config.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.message.as_str()).collect();
    let want = case["error"].as_str().unwrap_or("");
    match errors.iter().find(|m| m.contains(want)) {
        Some(_) => Ok(()),
        None if errors.is_empty() => {
            Err(format!("expected an error containing {want:?}, got none"))
        }
        None => Err(format!("expected an error containing {want:?}, got {errors:?}")),
    }
}

fn expect_error(case: &Value, got: Option<&str>) -> Result<(), String> {
    match (case["error"].as_str(), got) {
        (None, None) => Ok(()),
        (Some(want), Some(got)) if got.contains(want) => Ok(()),
        (None, Some(got)) => Err(format!("expected no error, got {got:?}")),
        (Some(want), got) => Err(format!("expected an error containing {want:?}, got {got:?}")),
    }
}

fn indent(text: &str) -> String {
    text.trim_end().replace('\n', "\n  ")
}

fn labels(v: &Value) -> Labels {
    Labels::from_pairs(
        v.as_object()
            .into_iter()
            .flatten()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_owned())),
    )
}
