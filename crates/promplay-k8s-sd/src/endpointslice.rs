//! Role `endpointslice` (`endpointslice.go`'s `buildEndpointSlice`): one
//! target per endpoint, port and address, the Service found through the
//! `kubernetes.io/service-name` label, Pod labels through `targetRef`, and
//! the secondary-family slice of a dual-stack Service skipped.

use promplay_diagnostics::Severity;
use promplay_model::Labels;
use promplay_operator::Value;
use promplay_operator::intake::Object;

use crate::config::Role;
use crate::endpoints::{
    SeenPod, add_pod, no_service, protocol, resolve_pod, uncovered_container_ports,
};
use crate::k8s::{Port, join_host_port, opt_bool, opt_str, port, seq, str_at, string_map};
use crate::meta::{self, NAMESPACE, meta, sanitize};
use crate::{Context, TargetGroup, codes};

/// The label naming the Service a slice belongs to.
pub const SERVICE_NAME_LABEL: &str = "kubernetes.io/service-name";

/// Discovers every EndpointSlice of `scope`.
pub fn discover(cx: &mut Context<'_>, scope: Option<&str>) {
    for eps in cx.list("EndpointSlice", scope, Some(Role::EndpointSlice)) {
        let group = build(cx, eps, scope);
        cx.push(group);
    }
}

/// A slice port: every field is optional.
struct SlicePort {
    name: Option<String>,
    number: Option<i64>,
    protocol: String,
    app_protocol: Option<String>,
}

fn build<'a>(cx: &mut Context<'a>, eps: &Object, scope: Option<&str>) -> TargetGroup {
    let mut tg = TargetGroup {
        source: format!("endpointslice/{}/{}", eps.namespace, eps.name),
        ..TargetGroup::default()
    };
    tg.labels.set(NAMESPACE, eps.namespace.clone());
    let address_type = str_at(&eps.value, &["addressType"]);
    tg.labels.set(meta("endpointslice_address_type"), address_type);
    meta::add_object_meta(&mut tg.labels, eps, Role::EndpointSlice);
    let service_name = eps.labels.iter().find(|(k, _)| k == SERVICE_NAME_LABEL).map(|(_, n)| n);
    let service = match service_name {
        Some(name) => {
            let found = cx.lookup("Service", scope, Some(Role::Service), &eps.namespace, name);
            if found.is_none() {
                let path = format!("metadata.labels.{SERVICE_NAME_LABEL}");
                no_service(cx, eps, name, &path);
            }
            found
        }
        None => {
            cx.diagnose(
                eps,
                "metadata.name",
                Severity::Info,
                codes::SLICE_WITHOUT_SERVICE_LABEL,
                format!("EndpointSlice {} has no `{SERVICE_NAME_LABEL}` label: it belongs to no Service, so its targets get no `__meta_kubernetes_service_*` labels", eps.display_name()),
            );
            None
        }
    };
    if let Some(svc) = service {
        meta::merge(&mut tg.labels, &meta::service_labels(svc));
    }
    if cx.config.attach_metadata.namespace {
        meta::add_namespace_labels(cx, &mut tg.labels, &eps.namespace);
    }
    if service.is_some_and(|s| secondary_family(s, address_type)) {
        return tg;
    }
    let ports: Vec<SlicePort> = seq(&eps.value, &["ports"])
        .iter()
        .enumerate()
        .map(|(i, p)| slice_port(cx, eps, p, i))
        .collect();
    let mut seen: Vec<SeenPod<'a>> = Vec::new();
    for (ei, ep) in seq(&eps.value, &["endpoints"]).iter().enumerate() {
        let path = format!("endpoints[{ei}]");
        for port in &ports {
            for addr in seq(ep, &["addresses"]) {
                let addr = addr.as_str().unwrap_or("");
                let t = target(cx, eps, addr, ep, port, scope, &mut seen, &path);
                tg.targets.push(t);
            }
        }
    }
    tg.targets.extend(uncovered_container_ports(&seen));
    tg
}

/// `nonPrimaryIPFamilySlice`: the slice of a dual-stack Service whose
/// address type is not the Service's primary family.
fn secondary_family(svc: &Object, address_type: &str) -> bool {
    let policy = str_at(&svc.value, &["spec", "ipFamilyPolicy"]);
    if policy != "PreferDualStack" && policy != "RequireDualStack" {
        return false;
    }
    match seq(&svc.value, &["spec", "ipFamilies"]).first() {
        Some(primary) => primary.as_str().unwrap_or("") != address_type,
        None => false,
    }
}

fn slice_port(cx: &mut Context<'_>, eps: &Object, p: &Value, i: usize) -> SlicePort {
    let number = match port(p, "port") {
        Port::Number(n) => Some(n),
        Port::Missing => None,
        Port::Invalid => {
            cx.diagnose(
                eps,
                &format!("ports[{i}].port"),
                Severity::Warning,
                codes::PORT_WITHOUT_NUMBER,
                "EndpointSlice port number is not an integer: the API server would refuse it"
                    .to_owned(),
            );
            None
        }
    };
    SlicePort {
        name: opt_str(p, &["name"]).map(str::to_owned),
        number,
        protocol: protocol(p),
        app_protocol: opt_str(p, &["appProtocol"]).map(str::to_owned),
    }
}

#[allow(clippy::too_many_arguments)]
fn target<'a>(
    cx: &mut Context<'a>,
    eps: &Object,
    addr: &str,
    ep: &Value,
    port: &SlicePort,
    scope: Option<&str>,
    seen: &mut Vec<SeenPod<'a>>,
    path: &str,
) -> Labels {
    if addr.is_empty() {
        cx.diagnose(
            eps,
            &format!("{path}.addresses"),
            Severity::Warning,
            codes::ADDRESS_WITHOUT_IP,
            "EndpointSlice endpoint address is empty: the target's address has no host".to_owned(),
        );
    }
    let mut t = Labels::new();
    let address = match port.number {
        Some(n) => join_host_port(addr, &n.to_string()),
        None => addr.to_owned(),
    };
    t.set("__address__", address);
    if let Some(name) = &port.name {
        t.set(meta("endpointslice_port_name"), name.clone());
    }
    t.set(meta("endpointslice_port_protocol"), port.protocol.clone());
    if let Some(n) = port.number {
        t.set(meta("endpointslice_port"), n.to_string());
    }
    if let Some(app) = &port.app_protocol {
        t.set(meta("endpointslice_port_app_protocol"), app.clone());
    }
    for cond in ["ready", "serving", "terminating"] {
        if let Some(b) = opt_bool(ep, &["conditions", cond]) {
            t.set(meta(&format!("endpointslice_endpoint_conditions_{cond}")), b.to_string());
        }
    }
    if let Some(h) = opt_str(ep, &["hostname"]) {
        t.set(meta("endpointslice_endpoint_hostname"), h);
    }
    let target_ref = ep.get("targetRef").filter(|r| !r.is_null());
    if let Some(r) = target_ref {
        t.set(meta("endpointslice_address_target_kind"), str_at(r, &["kind"]));
        t.set(meta("endpointslice_address_target_name"), str_at(r, &["name"]));
    }
    let node_name = opt_str(ep, &["nodeName"]);
    if let Some(n) = node_name {
        t.set(meta("endpointslice_endpoint_node_name"), n);
    }
    if let Some(z) = opt_str(ep, &["zone"]) {
        t.set(meta("endpointslice_endpoint_zone"), z);
    }
    for (k, v) in string_map(ep, &["deprecatedTopology"]) {
        let ln = sanitize(k);
        t.set(meta(&format!("endpointslice_endpoint_topology_{ln}")), v);
        t.set(meta(&format!("endpointslice_endpoint_topology_present_{ln}")), "true");
    }
    if cx.config.attach_metadata.node {
        match target_ref.filter(|r| str_at(r, &["kind"]) == "Node") {
            Some(r) => meta::add_node_labels(cx, &mut t, str_at(r, &["name"])),
            None => {
                if let Some(n) = node_name {
                    meta::add_node_labels(cx, &mut t, n);
                }
            }
        }
    }
    if let Some(pod) = resolve_pod(cx, eps, target_ref, scope, path) {
        add_pod(cx, &mut t, pod, port.number, None, scope, seen);
    }
    t
}
