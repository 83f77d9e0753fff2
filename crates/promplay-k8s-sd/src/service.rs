//! The roles that read one object each without joins: `service`
//! (`service.go`), `ingress` (`ingress.go`) and `node` (`node.go`).

use promplay_diagnostics::Severity;
use promplay_model::Labels;
use promplay_operator::Value;

use crate::config::Role;
use crate::endpoints::protocol;
use crate::k8s::{Port, join_host_port, opt_str, port, seq, str_at};
use crate::meta::{self, meta, sanitize};
use crate::{Context, TargetGroup, codes};

/// Role `service`: one target per Service port, addressed by the Service's
/// DNS name.
pub fn services(cx: &mut Context<'_>, scope: Option<&str>) {
    for svc in cx.list("Service", scope, Some(Role::Service)) {
        let mut tg = TargetGroup {
            source: format!("svc/{}/{}", svc.namespace, svc.name),
            labels: meta::service_labels(svc),
            targets: Vec::new(),
        };
        if cx.config.attach_metadata.namespace {
            meta::add_namespace_labels(cx, &mut tg.labels, &svc.namespace);
        }
        let v = &svc.value;
        let ty = opt_str(v, &["spec", "type"]).unwrap_or("ClusterIP");
        for (i, p) in seq(v, &["spec", "ports"]).iter().enumerate() {
            let number = match port(p, "port") {
                Port::Number(n) => n,
                _ => {
                    cx.diagnose(
                        svc,
                        &format!("spec.ports[{i}]"),
                        Severity::Warning,
                        codes::PORT_WITHOUT_NUMBER,
                        "Service port without a `port` number: the API server requires one; Prometheus would read it as port 0".to_owned(),
                    );
                    0
                }
            };
            let host = format!("{}.{}.svc", svc.name, svc.namespace);
            let mut t = Labels::new();
            t.set("__address__", join_host_port(&host, &number.to_string()));
            t.set(meta("service_port_name"), str_at(p, &["name"]));
            t.set(meta("service_port_number"), number.to_string());
            t.set(meta("service_port_protocol"), protocol(p));
            t.set(meta("service_type"), ty);
            if ty == "ExternalName" {
                t.set(meta("service_external_name"), str_at(v, &["spec", "externalName"]));
            } else {
                t.set(meta("service_cluster_ip"), str_at(v, &["spec", "clusterIP"]));
            }
            if ty == "LoadBalancer" {
                t.set(meta("service_loadbalancer_ip"), load_balancer_ips(v));
            }
            tg.targets.push(t);
        }
        cx.push(tg);
    }
}

/// `status.loadBalancer.ingress[].ip` joined by commas, else the deprecated
/// `spec.loadBalancerIP`.
fn load_balancer_ips(v: &Value) -> String {
    let ips: Vec<&str> = seq(v, &["status", "loadBalancer", "ingress"])
        .iter()
        .map(|i| str_at(i, &["ip"]))
        .filter(|ip| !ip.is_empty())
        .collect();
    if ips.is_empty() { str_at(v, &["spec", "loadBalancerIP"]).to_owned() } else { ips.join(",") }
}

/// Role `ingress`: one target per rule and path, `https` when a TLS entry
/// covers the rule's host.
pub fn ingresses(cx: &mut Context<'_>, scope: Option<&str>) {
    for ing in cx.list("Ingress", scope, Some(Role::Ingress)) {
        let v = &ing.value;
        let mut tg = TargetGroup {
            source: format!("ingress/{}/{}", ing.namespace, ing.name),
            ..TargetGroup::default()
        };
        tg.labels.set(meta::NAMESPACE, ing.namespace.clone());
        if let Some(class) = opt_str(v, &["spec", "ingressClassName"]) {
            tg.labels.set(meta("ingress_class_name"), class);
        }
        meta::add_object_meta(&mut tg.labels, ing, Role::Ingress);
        if cx.config.attach_metadata.namespace {
            meta::add_namespace_labels(cx, &mut tg.labels, &ing.namespace);
        }
        let tls_hosts: Vec<&str> = seq(v, &["spec", "tls"])
            .iter()
            .flat_map(|t| seq(t, &["hosts"]).iter().map(|h| h.as_str().unwrap_or("")))
            .collect();
        for rule in seq(v, &["spec", "rules"]) {
            let host = str_at(rule, &["host"]);
            let scheme = if tls_hosts.iter().any(|p| matches_hostname_pattern(p, host)) {
                "https"
            } else {
                "http"
            };
            // A rule without `http` has the one path `/`; an empty path is `/` too.
            let paths: Vec<&str> = match rule.get("http").filter(|h| !h.is_null()) {
                None => vec!["/"],
                Some(http) => seq(http, &["paths"])
                    .iter()
                    .map(|p| match str_at(p, &["path"]) {
                        "" => "/",
                        path => path,
                    })
                    .collect(),
            };
            for path in paths {
                let mut t = Labels::new();
                t.set("__address__", host);
                t.set(meta("ingress_scheme"), scheme);
                t.set(meta("ingress_host"), host);
                t.set(meta("ingress_path"), path);
                tg.targets.push(t);
            }
        }
        cx.push(tg);
    }
}

/// `matchesHostnamePattern`: equal, or a `*.` wildcard covering exactly
/// one leading label.
fn matches_hostname_pattern(pattern: &str, host: &str) -> bool {
    if pattern == host {
        return true;
    }
    let p: Vec<&str> = pattern.split('.').collect();
    let h: Vec<&str> = host.split('.').collect();
    p[0] == "*" && p.len() == h.len() && p[1..] == h[1..]
}

/// The node address types in the order `nodeAddress` prefers them.
const ADDRESS_PRECEDENCE: [&str; 6] =
    ["InternalIP", "InternalDNS", "ExternalIP", "ExternalDNS", "LegacyHostIP", "Hostname"];

/// Role `node`: one target per Node, the kubelet's address by precedence.
pub fn nodes(cx: &mut Context<'_>) {
    for node in cx.list("Node", None, Some(Role::Node)) {
        let v = &node.value;
        let mut tg =
            TargetGroup { source: format!("node/{}", node.name), ..TargetGroup::default() };
        tg.labels.set(meta("node_provider_id"), str_at(v, &["spec", "providerID"]));
        for c in seq(v, &["status", "conditions"]) {
            let ty = str_at(c, &["type"]).to_lowercase();
            tg.labels.set(
                format!("__meta_kubernetes_node_condition_{}", sanitize(&ty)),
                str_at(c, &["status"]).to_lowercase(),
            );
        }
        meta::add_object_meta(&mut tg.labels, node, Role::Node);
        // Addresses by type, each type's addresses in written order; types
        // in first-seen order (upstream iterates a Go map, so the label set
        // is what matters, not its order).
        let mut by_type: Vec<(&str, Vec<&str>)> = Vec::new();
        for a in seq(v, &["status", "addresses"]) {
            let (ty, addr) = (str_at(a, &["type"]), str_at(a, &["address"]));
            match by_type.iter_mut().find(|(t, _)| *t == ty) {
                Some((_, list)) => list.push(addr),
                None => by_type.push((ty, vec![addr])),
            }
        }
        let chosen = ADDRESS_PRECEDENCE
            .iter()
            .find_map(|want| by_type.iter().find(|(t, _)| t == want).map(|(_, l)| l[0]));
        let Some(addr) = chosen else {
            cx.diagnose(
                node,
                "status",
                Severity::Warning,
                codes::NODE_WITHOUT_ADDRESS,
                format!("Node {} has no usable `status.addresses` (InternalIP, InternalDNS, ExternalIP, ExternalDNS or Hostname): Prometheus logs \"No node address found\" and discovers no target for it", node.name),
            );
            continue;
        };
        let kubelet_port = match v.path(&["status", "daemonEndpoints", "kubeletEndpoint"]) {
            Some(e) => match port(e, "Port") {
                Port::Number(n) => n,
                _ => 0,
            },
            None => 0,
        };
        let mut t = Labels::new();
        t.set("__address__", join_host_port(addr, &kubelet_port.to_string()));
        t.set("instance", node.name.clone());
        for (ty, list) in &by_type {
            t.set(sanitize(&format!("__meta_kubernetes_node_address_{ty}")), list[0]);
        }
        tg.targets.push(t);
        cx.push(tg);
    }
}
