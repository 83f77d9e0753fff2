//! Hints the operator itself does not give but its users need: when the
//! manifests contain Services in a ServiceMonitor's namespaces, a selected
//! ServiceMonitor that matches none of them (the classic "0/0 targets" of a Service without labels), or
//! whose endpoint port name no matched Service exposes, is reported with
//! what would fix it.

use super::codes::NO_TARGETS;
use super::context::{Gen, items, opt_bool, string_list, text};
use super::monitors::Obj;
use super::{Cluster, Finding};
use crate::select::{LabelSelector, object_labels};
use crate::value::Value;

/// A Service as this check reads it.
struct Svc<'a> {
    namespace: &'a str,
    name: &'a str,
    value: &'a Value,
    /// Added by the check rather than pasted.
    builtin: bool,
}

/// `default/kubernetes` as the API server creates it.
fn builtin_kubernetes_service() -> Value {
    let map = |pairs: Vec<(&str, Value)>| {
        Value::Map(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
    };
    let string = |v: &str| Value::String(v.to_string());
    map(vec![
        (
            "metadata",
            map(vec![
                ("name", string("kubernetes")),
                ("namespace", string("default")),
                (
                    "labels",
                    map(vec![
                        ("component", string("apiserver")),
                        ("provider", string("kubernetes")),
                    ]),
                ),
            ]),
        ),
        (
            "spec",
            map(vec![(
                "ports",
                Value::Seq(vec![map(vec![("name", string("https")), ("port", Value::Int(443))])]),
            )]),
        ),
    ])
}

/// Warnings for selected ServiceMonitors whose targets cannot exist.
pub fn service_monitors(
    g: Gen<'_>,
    cluster: &Cluster<'_>,
    monitors: &[Obj<'_>],
    out: &mut Vec<Finding>,
) {
    let mut services: Vec<Svc<'_>> = cluster
        .objects
        .iter()
        .filter(|o| o.kind == "Service")
        .map(|o| Svc { namespace: o.namespace, name: o.name, value: o.value, builtin: false })
        .collect();
    if services.is_empty() {
        return;
    }
    // Every cluster has the API server's own Service, which nobody pastes:
    // without it, kube-prometheus' apiserver ServiceMonitor would be reported.
    let builtin = builtin_kubernetes_service();
    if !services.iter().any(|s| s.namespace == "default" && s.name == "kubernetes") {
        services.push(Svc {
            namespace: "default",
            name: "kubernetes",
            value: &builtin,
            builtin: true,
        });
    }
    for m in monitors {
        let spec = m.spec();
        let nsel = spec.get("namespaceSelector").unwrap_or(&Value::Null);
        let any = !opt_bool(g.spec(), "ignoreNamespaceSelectors").unwrap_or(false)
            && opt_bool(nsel, "any").unwrap_or(false);
        let mut namespaces = string_list(nsel, "matchNames");
        if namespaces.is_empty() || opt_bool(g.spec(), "ignoreNamespaceSelectors").unwrap_or(false)
        {
            namespaces = vec![m.namespace.to_string()];
        }
        let in_scope: Vec<_> = services
            .iter()
            .filter(|s| any || namespaces.iter().any(|n| n == s.namespace))
            .collect();
        // When no Service of these namespaces was pasted, they were simply
        // left out of the manifests: say nothing then.
        if !in_scope.iter().any(|s| !s.builtin) {
            continue;
        }
        let selector = LabelSelector::from_value(spec.get("selector").unwrap_or(&Value::Null));
        let matched: Vec<_> =
            in_scope.iter().filter(|s| selector.matches(&object_labels(s.value))).collect();
        let finding = |path: String, message: String| Finding {
            kind: "ServiceMonitor".into(),
            namespace: m.namespace.into(),
            name: m.name.into(),
            path,
            code: NO_TARGETS,
            severity: promplay_diagnostics::Severity::Warning,
            message,
        };
        if matched.is_empty() {
            let scope = if any {
                "any namespace".to_string()
            } else {
                format!("namespace {}", namespaces.join(", "))
            };
            let mut message = format!(
                "no Service in {scope} has labels matching the selector ({}): Prometheus will find 0 targets for this ServiceMonitor",
                selector.describe()
            );
            if let Some(same) = in_scope.iter().find(|s| s.name == m.name) {
                let labels = object_labels(same.value);
                let shown = if labels.is_empty() {
                    "no labels".to_string()
                } else {
                    labels.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", ")
                };
                message.push_str(&format!(
                    "; Service {}/{} has {shown}, add the selector's labels to it",
                    same.namespace, same.name
                ));
            }
            out.push(finding("spec.selector".into(), message));
            continue;
        }
        for (i, ep) in items(spec, "endpoints").iter().enumerate() {
            let port = text(ep, "port");
            if port.is_empty() {
                continue;
            }
            let mut names: Vec<String> = Vec::new();
            for s in &matched {
                for p in items(s.value.get("spec").unwrap_or(&Value::Null), "ports") {
                    names.push(text(p, "name"));
                }
            }
            if !names.contains(&port) {
                names.retain(|n| !n.is_empty());
                names.sort();
                names.dedup();
                let known = if names.is_empty() {
                    "the matched Services have no named ports".to_string()
                } else {
                    format!("their named ports are {}", names.join(", "))
                };
                out.push(finding(
                    format!("spec.endpoints[{i}].port"),
                    format!(
                        "no Service matched by this ServiceMonitor has a port named {port:?} ({known}): this endpoint will find 0 targets"
                    ),
                ));
            }
        }
    }
}
