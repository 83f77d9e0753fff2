//! The Kubernetes service-discovery suite: every folder under
//! `k8s-sd/cases` holds `input.yaml` (the cluster's final objects),
//! `case.json` (role, `namespaces`, `attach_metadata`) and `expected.json`
//! (the target groups upstream's tests expect, sorted by source, targets in
//! emission order). A case passes when discovery over the objects gives
//! exactly those groups; a failure carries a unified diff of both sides
//! written one label per line.

use std::path::Path;

use promplay_k8s_sd::{SdConfig, TargetGroup, discover};
use promplay_operator::Value;
use promplay_operator::intake::{SourceFile, intake};

use crate::CaseResult;
use crate::operator::unified_diff;

/// The namespace upstream's test discoverers run in (`ownNamespace`).
const OWN_NAMESPACE: &str = "own-ns";

/// Runs every case under `folder` (the suite folder `k8s-sd`).
pub fn run(folder: &Path) -> Result<Vec<CaseResult>, String> {
    Ok(crate::case_dirs(folder)?.iter().map(|dir| run_case(dir)).collect())
}

fn run_case(dir: &Path) -> CaseResult {
    let id = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let read = |name: &str| std::fs::read_to_string(dir.join(name));
    let (Ok(case_text), Ok(input), Ok(expected_text)) =
        (read("case.json"), read("input.yaml"), read("expected.json"))
    else {
        return CaseResult::skip(id, "case.json, input.yaml or expected.json missing".to_owned());
    };
    let (case, expected) =
        match (serde_json::from_str(&case_text), serde_json::from_str(&expected_text)) {
            (Ok(c), Ok(e)) => (c, e),
            (Err(e), _) => return CaseResult::fail(id, format!("case.json: {e}")),
            (_, Err(e)) => return CaseResult::fail(id, format!("expected.json: {e}")),
        };
    let config = match SdConfig::from_value(&config_value(&case)) {
        Ok(c) => c,
        Err(e) => return CaseResult::fail(id, format!("case.json: {e}")),
    };
    let mut read = intake(&[SourceFile { name: "input.yaml".to_owned(), text: input }]);
    if let Some(d) = read.diagnostics.iter().find(|d| d.diagnostic.is_error()) {
        let d = &d.diagnostic;
        return CaseResult::fail(id, format!("input.yaml: {}: {}", d.code, d.message));
    }
    for object in &mut read.inventory.objects {
        go_field_names_to_json(&object.kind, &mut object.value);
    }
    let got = discover(&read.inventory, &config, OWN_NAMESPACE);
    let (want, have) = (expected_text_of(&expected), groups_text(&got.groups));
    if want == have {
        CaseResult::pass(id)
    } else {
        CaseResult::fail(id, unified_diff(&want, &have))
    }
}

/// The `kubernetes_sd_configs` entry a case describes, as prometheus.yaml
/// would hold it. The extractor wrote the inline `PodMetadataConfig` of
/// `attach_metadata` as a nested object with Go field names
/// (`{"podmetadataconfig": {"Deployment": true}}`); prometheus.yaml has
/// those keys inline and lowercase (`deployment: true`).
fn config_value(case: &serde_json::Value) -> Value {
    let mut m = promplay_operator::Map::new();
    for key in ["role", "namespaces", "selectors"] {
        if let Some(v) = case.get(key) {
            m.insert(key, from_json(v));
        }
    }
    if let Some(am) = case.get("attach_metadata").and_then(|a| a.as_object()) {
        let mut out = promplay_operator::Map::new();
        for (k, v) in am {
            match (k.as_str(), v.as_object()) {
                ("podmetadataconfig", Some(inner)) => {
                    for (k, v) in inner.iter().filter(|(k, _)| !k.starts_with('_')) {
                        out.insert(k.to_lowercase(), from_json(v));
                    }
                }
                _ => out.insert(k.clone(), from_json(v)),
            }
        }
        m.insert("attach_metadata", Value::Map(out));
    }
    Value::Map(m)
}

/// Two places where the extractor kept Go names instead of the Kubernetes
/// JSON names the engine reads (as a cluster serves them): a Node's
/// `status.daemonEndpoints.kubeletEndpoint.Port` was written `port`, and an
/// Ingress rule's inline `IngressRuleValue` was written as a nested
/// `ingressRuleValue: {http: ...}` instead of `http` on the rule.
fn go_field_names_to_json(kind: &str, value: &mut Value) {
    let Some(m) = value.as_map_mut() else { return };
    match kind {
        "Node" => {
            let endpoint = m
                .get_mut("status")
                .and_then(|s| s.as_map_mut())
                .and_then(|s| s.get_mut("daemonEndpoints"))
                .and_then(|d| d.as_map_mut())
                .and_then(|d| d.get_mut("kubeletEndpoint"))
                .and_then(|k| k.as_map_mut());
            if let Some(k) = endpoint
                && let Some(port) = k.remove("port")
            {
                k.insert("Port", port);
            }
        }
        "Ingress" => {
            let rules =
                m.get_mut("spec").and_then(|s| s.as_map_mut()).and_then(|s| s.get_mut("rules"));
            if let Some(Value::Seq(rules)) = rules {
                for rule in rules.iter_mut().filter_map(Value::as_map_mut) {
                    if let Some(Value::Map(inner)) = rule.remove("ingressRuleValue") {
                        for (k, v) in inner.iter() {
                            rule.insert(k, v.clone());
                        }
                    }
                }
            }
        }
        _ => {}
    }
}

fn from_json(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => {
            n.as_i64().map_or(Value::Float(n.as_f64().unwrap_or(0.0)), Value::Int)
        }
        serde_json::Value::String(s) => Value::String(s.clone()),
        serde_json::Value::Array(a) => Value::Seq(a.iter().map(from_json).collect()),
        serde_json::Value::Object(o) => {
            let mut m = promplay_operator::Map::new();
            for (k, v) in o {
                m.insert(k.clone(), from_json(v));
            }
            Value::Map(m)
        }
    }
}

/// One group as text: its source, its labels sorted, then each target's
/// labels sorted, one per line, so a diff points at the label that differs.
fn group_text(
    out: &mut String,
    source: &str,
    labels: &[(String, String)],
    targets: &[Vec<(String, String)>],
) {
    out.push_str(&format!("group {source}\n"));
    for (k, v) in labels {
        out.push_str(&format!("  {k}={v:?}\n"));
    }
    for (i, t) in targets.iter().enumerate() {
        out.push_str(&format!("  target {i}\n"));
        for (k, v) in t {
            out.push_str(&format!("    {k}={v:?}\n"));
        }
    }
}

fn sorted(pairs: impl Iterator<Item = (String, String)>) -> Vec<(String, String)> {
    let mut v: Vec<_> = pairs.collect();
    v.sort();
    v
}

fn json_labels(v: &serde_json::Value) -> Vec<(String, String)> {
    let map = v.as_object().into_iter().flatten();
    sorted(map.map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned())))
}

fn expected_text_of(expected: &serde_json::Value) -> String {
    let mut out = String::new();
    for g in expected.as_array().into_iter().flatten() {
        let source = g.get("source").and_then(|s| s.as_str()).unwrap_or_default();
        let labels = g.get("labels").map(json_labels).unwrap_or_default();
        let targets: Vec<_> = g
            .get("targets")
            .and_then(|t| t.as_array())
            .into_iter()
            .flatten()
            .map(json_labels)
            .collect();
        group_text(&mut out, source, &labels, &targets);
    }
    out
}

fn groups_text(groups: &[TargetGroup]) -> String {
    let pairs =
        |l: &promplay_model::Labels| sorted(l.iter().map(|l| (l.name.clone(), l.value.clone())));
    let mut out = String::new();
    for g in groups {
        let targets: Vec<_> = g.targets.iter().map(pairs).collect();
        group_text(&mut out, &g.source, &pairs(&g.labels), &targets);
    }
    out
}
