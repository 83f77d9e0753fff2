//! Which part of a monitor a generated relabeling rule comes from. The
//! operator writes rules in a fixed shape for each field
//! (`generateServiceMonitorConfig`, `generatePodMonitorConfig`,
//! `generateProbeConfig`): a `keep` on `__meta_kubernetes_service_label_<k>`
//! and `..._labelpresent_<k>` is `spec.selector.matchLabels.<k>`, a `keep` on
//! `__meta_kubernetes_endpoint_port_name` is the endpoint's `port`, and so
//! on; the user's own `relabelings` are recognised by comparing fields.

use promplay_operator::Value;
use promplay_operator::intake::{Inventory, Object};

use crate::job::text;
use crate::{ObjectRef, Origin, locate};

/// The origin of rule `rule` of a job generated from `monitor` (endpoint `ep`).
pub fn origin(
    inventory: &Inventory,
    o: &ObjectRef,
    monitor: &Object,
    ep: Option<usize>,
    rule: &Value,
) -> Option<Origin> {
    let (path, what) = classify(o, &monitor.value, ep, rule)?;
    let at = if path.is_empty() { None } else { locate(inventory, o, &path) };
    Some(Origin { path, what, at })
}

/// Replaces every character that is not allowed in a label name by `_`, as
/// the operator's `sanitizeLabelName` does.
pub fn sanitize(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect()
}

fn classify(o: &ObjectRef, m: &Value, ep: Option<usize>, rule: &Value) -> Option<(String, String)> {
    let sources: Vec<String> = rule
        .get("source_labels")
        .and_then(Value::as_seq)
        .map(|s| s.iter().filter_map(|v| text(Some(v))).collect())
        .unwrap_or_default();
    let action = text(rule.get("action")).unwrap_or_else(|| "replace".into()).to_lowercase();
    let target = text(rule.get("target_label")).unwrap_or_default();
    let first = sources.first().map(String::as_str).unwrap_or("");
    let endpoints = match o.kind.as_str() {
        "ServiceMonitor" => "spec.endpoints",
        "PodMonitor" => "spec.podMetricsEndpoints",
        _ => "",
    };
    let ep_path = ep.map(|i| format!("{endpoints}[{i}]")).unwrap_or_default();
    let ep_value = ep.and_then(|i| m.get("spec")?.get(&endpoints[5..])?.as_seq()?.get(i));
    let selector_base =
        if o.kind == "Probe" { "spec.targets.ingress.selector" } else { "spec.selector" };
    let filtering = action == "keep" || action == "drop";
    for (prefix, object) in [
        ("__meta_kubernetes_service_label", "Service"),
        ("__meta_kubernetes_pod_label", "Pod"),
        ("__meta_kubernetes_ingress_label", "Ingress"),
    ] {
        if filtering && first.starts_with(prefix) {
            let present = format!("{prefix}present_");
            let key = first
                .strip_prefix(&format!("{prefix}_"))
                .or_else(|| first.strip_prefix(&present))
                .unwrap_or("");
            return Some(selector_field(m, selector_base, key, object));
        }
    }
    if filtering {
        match first {
            "__meta_kubernetes_endpoint_port_name"
            | "__meta_kubernetes_endpointslice_port_name" => {
                return Some((
                    format!("{ep_path}.port"),
                    format!("the endpoint's port {:?}", field(ep_value, "port")),
                ));
            }
            "__meta_kubernetes_pod_container_port_name" => {
                let f = if o.kind == "PodMonitor" && !field(ep_value, "port").is_empty() {
                    "port"
                } else {
                    "targetPort"
                };
                return Some((
                    format!("{ep_path}.{f}"),
                    format!("the endpoint's {f} {:?}", field(ep_value, f)),
                ));
            }
            "__meta_kubernetes_pod_container_port_number" => {
                let f = if o.kind == "PodMonitor" && !field(ep_value, "portNumber").is_empty() {
                    "portNumber"
                } else {
                    "targetPort"
                };
                return Some((
                    format!("{ep_path}.{f}"),
                    format!("the endpoint's {f} {}", field(ep_value, f)),
                ));
            }
            "__meta_kubernetes_pod_phase" => {
                return Some((
                    format!("{ep_path}.filterRunning"),
                    "filterRunning (default true): Pods that are Succeeded or Failed are not scraped".into(),
                ));
            }
            "__tmp_current_shard" | "__tmp_hash" => {
                return Some((String::new(), "the Prometheus' sharding (spec.shards): this shard keeps the targets that hash to it".into()));
            }
            _ => {}
        }
    }
    if let Some(found) = user_rule(m, o, &ep_path, ep_value, rule, &sources, &action, &target) {
        return Some(found);
    }
    if target == "job" {
        let job_label = text(m.path(&["spec", "jobLabel"])).unwrap_or_default();
        if !job_label.is_empty() && first.ends_with(&sanitize(&job_label)) {
            return Some((
                "spec.jobLabel".into(),
                format!("jobLabel {job_label:?}: the job is the value of this label"),
            ));
        }
        return Some((String::new(), "the operator's default job name".into()));
    }
    if target == "endpoint" {
        return Some((ep_path, "the operator's `endpoint` label".into()));
    }
    for (field_name, prefix) in [
        ("targetLabels", "__meta_kubernetes_service_label_"),
        ("podTargetLabels", "__meta_kubernetes_pod_label_"),
    ] {
        if let Some(list) = m.path(&["spec", field_name]).and_then(Value::as_seq) {
            for (i, l) in list.iter().enumerate() {
                let l = text(Some(l)).unwrap_or_default();
                if first == format!("{prefix}{}", sanitize(&l)) && target == sanitize(&l) {
                    return Some((
                        format!("spec.{field_name}[{i}]"),
                        format!("{field_name}: copies label {l:?} onto the target"),
                    ));
                }
            }
        }
    }
    if target == "__tmp_prometheus_job_name" {
        return Some((String::new(), "the operator's bookkeeping of the original job name".into()));
    }
    if first.starts_with("__meta_kubernetes_") {
        return Some((String::new(), "the operator's standard target labels".into()));
    }
    None
}

/// The selector field a `keep` on a sanitised label key comes from.
fn selector_field(m: &Value, base: &str, key: &str, object: &str) -> (String, String) {
    let parts: Vec<&str> = base.split('.').collect();
    let sel = m.path(&parts);
    if let Some(labels) = sel.and_then(|s| s.get("matchLabels")).and_then(Value::as_map) {
        for (k, v) in labels.iter() {
            if sanitize(k) == key {
                let v = text(Some(v)).unwrap_or_default();
                return (
                    format!("{base}.matchLabels.{k}"),
                    format!("the selector's label {k}={v} on the {object}"),
                );
            }
        }
    }
    if let Some(exprs) = sel.and_then(|s| s.get("matchExpressions")).and_then(Value::as_seq) {
        for (i, e) in exprs.iter().enumerate() {
            let k = text(e.get("key")).unwrap_or_default();
            if sanitize(&k) == key {
                let op = text(e.get("operator")).unwrap_or_default();
                return (
                    format!("{base}.matchExpressions[{i}]"),
                    format!("the selector's expression {k} {op} on the {object}"),
                );
            }
        }
    }
    (base.to_string(), format!("the selector on the {object}'s labels"))
}

#[allow(clippy::too_many_arguments)]
fn user_rule(
    m: &Value,
    o: &ObjectRef,
    ep_path: &str,
    ep_value: Option<&Value>,
    rule: &Value,
    sources: &[String],
    action: &str,
    target: &str,
) -> Option<(String, String)> {
    let lists: Vec<(String, Option<&Value>)> = match o.kind.as_str() {
        "ServiceMonitor" | "PodMonitor" => {
            vec![(format!("{ep_path}.relabelings"), ep_value.and_then(|e| e.get("relabelings")))]
        }
        "Probe" => vec![
            (
                "spec.targets.staticConfig.relabelingConfigs".into(),
                m.path(&["spec", "targets", "staticConfig", "relabelingConfigs"]),
            ),
            (
                "spec.targets.ingress.relabelingConfigs".into(),
                m.path(&["spec", "targets", "ingress", "relabelingConfigs"]),
            ),
        ],
        _ => vec![("spec.relabelings".into(), m.path(&["spec", "relabelings"]))],
    };
    for (path, list) in lists {
        for (i, r) in list.and_then(Value::as_seq).unwrap_or(&[]).iter().enumerate() {
            let src: Vec<String> = r
                .get("sourceLabels")
                .and_then(Value::as_seq)
                .map(|s| s.iter().filter_map(|v| text(Some(v))).collect())
                .unwrap_or_default();
            let act = text(r.get("action")).unwrap_or_else(|| "replace".into()).to_lowercase();
            let tgt = text(r.get("targetLabel")).unwrap_or_default();
            let same_regex = text(r.get("regex"))
                .is_none_or(|re| text(rule.get("regex")).as_deref() == Some(re.as_str()));
            if src == sources && act == action && tgt == target && same_regex {
                return Some((format!("{path}[{i}]"), format!("your relabeling {path}[{i}]")));
            }
        }
    }
    None
}

fn field(v: Option<&Value>, key: &str) -> String {
    text(v.and_then(|v| v.get(key))).unwrap_or_default()
}
