//! Structured facts for explaining "why 0 targets": what stands behind a
//! Service (its ports, its Endpoints and EndpointSlices with ready and
//! not-ready address counts and port names, the Pods its selector picks),
//! read from the same objects discovery reads.

use promplay_operator::Value;
use promplay_operator::intake::{Inventory, Object};

use crate::endpointslice::SERVICE_NAME_LABEL;
use crate::k8s::{Port, opt_bool, opt_str, port, scalar, seq, str_at};

/// One port of a Service.
#[derive(Clone, Debug, PartialEq)]
pub struct ServicePort {
    /// `name` (may be empty for a single-port Service).
    pub name: String,
    /// `port`, if it is a number.
    pub port: Option<i64>,
    /// `targetPort` as written (a number or a container port name), if given.
    pub target_port: Option<String>,
    /// `protocol` (`TCP` when not given).
    pub protocol: String,
}

/// One port of an Endpoints subset or an EndpointSlice.
#[derive(Clone, Debug, PartialEq)]
pub struct BackendPort {
    /// `name`, if given.
    pub name: Option<String>,
    /// `port`, if it is a number.
    pub port: Option<i64>,
    /// `protocol` (`TCP` when not given).
    pub protocol: String,
}

/// An Endpoints object or an EndpointSlice, summarised.
#[derive(Clone, Debug, PartialEq)]
pub struct Backend {
    /// `Endpoints` or `EndpointSlice`.
    pub kind: &'static str,
    /// Its namespace.
    pub namespace: String,
    /// Its name.
    pub name: String,
    /// Ready addresses (Endpoints `addresses`; slice endpoints whose
    /// `conditions.ready` is not false, as Kubernetes reads a missing one).
    pub ready: usize,
    /// Not-ready addresses.
    pub not_ready: usize,
    /// The distinct ports, in first-seen order.
    pub ports: Vec<BackendPort>,
}

/// A Pod the Service's selector picks.
#[derive(Clone, Debug, PartialEq)]
pub struct SelectedPod {
    /// Its name.
    pub name: String,
    /// `status.podIP`, empty when the Pod has none.
    pub ip: String,
    /// `status.phase`.
    pub phase: String,
    /// The `Ready` condition is `True`.
    pub ready: bool,
    /// Its container ports: `(name, number)`.
    pub container_ports: Vec<(String, i64)>,
}

/// What stands behind one Service.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceBackends {
    /// The Service's ports.
    pub ports: Vec<ServicePort>,
    /// `spec.selector`, empty when the Service has none (its Endpoints are
    /// then managed by hand, as for etcd or kube-scheduler).
    pub selector: Vec<(String, String)>,
    /// The Endpoints object of the same name, if pasted.
    pub endpoints: Option<Backend>,
    /// The EndpointSlices labelled `kubernetes.io/service-name: <name>`.
    pub slices: Vec<Backend>,
    /// The Pods of the namespace the selector matches (none without a selector).
    pub pods: Vec<SelectedPod>,
}

impl ServiceBackends {
    /// Ready addresses over the Endpoints object (or, without one, the slices).
    pub fn ready_addresses(&self) -> usize {
        match &self.endpoints {
            Some(e) => e.ready,
            None => self.slices.iter().map(|s| s.ready).sum(),
        }
    }
}

/// The facts about Service `namespace/name`, or `None` when there is no such Service.
pub fn service_backends(
    inventory: &Inventory,
    namespace: &str,
    name: &str,
) -> Option<ServiceBackends> {
    let svc = inventory.get("Service", namespace, name)?;
    let v = &svc.value;
    let ports = seq(v, &["spec", "ports"])
        .iter()
        .map(|p| ServicePort {
            name: str_at(p, &["name"]).to_owned(),
            port: number(p, "port"),
            target_port: p.get("targetPort").filter(|t| !t.is_null()).map(scalar),
            protocol: crate::endpoints::protocol(p),
        })
        .collect();
    let selector: Vec<(String, String)> = v
        .path(&["spec", "selector"])
        .and_then(Value::as_map)
        .map(|m| m.iter().map(|(k, v)| (k.to_owned(), scalar(v))).collect())
        .unwrap_or_default();
    let endpoints = inventory.get("Endpoints", namespace, name).map(endpoints_backend);
    let slices = inventory
        .by_kind("EndpointSlice")
        .filter(|s| s.namespace == namespace)
        .filter(|s| s.labels.iter().any(|(k, v)| k == SERVICE_NAME_LABEL && v == name))
        .map(slice_backend)
        .collect();
    let pods = if selector.is_empty() {
        Vec::new()
    } else {
        inventory
            .by_kind("Pod")
            .filter(|p| p.namespace == namespace)
            .filter(|p| {
                selector.iter().all(|(k, v)| p.labels.iter().any(|(pk, pv)| pk == k && pv == v))
            })
            .map(selected_pod)
            .collect()
    };
    Some(ServiceBackends { ports, selector, endpoints, slices, pods })
}

/// Summarises an Endpoints object.
pub fn endpoints_backend(o: &Object) -> Backend {
    let mut b = backend("Endpoints", o);
    for subset in seq(&o.value, &["subsets"]) {
        b.ready += seq(subset, &["addresses"]).len();
        b.not_ready += seq(subset, &["notReadyAddresses"]).len();
        for p in seq(subset, &["ports"]) {
            add_port(&mut b, p);
        }
    }
    b
}

/// Summarises an EndpointSlice.
pub fn slice_backend(o: &Object) -> Backend {
    let mut b = backend("EndpointSlice", o);
    for ep in seq(&o.value, &["endpoints"]) {
        let n = seq(ep, &["addresses"]).len();
        if opt_bool(ep, &["conditions", "ready"]) == Some(false) {
            b.not_ready += n;
        } else {
            b.ready += n;
        }
    }
    for p in seq(&o.value, &["ports"]) {
        add_port(&mut b, p);
    }
    b
}

fn backend(kind: &'static str, o: &Object) -> Backend {
    Backend {
        kind,
        namespace: o.namespace.clone(),
        name: o.name.clone(),
        ready: 0,
        not_ready: 0,
        ports: Vec::new(),
    }
}

fn add_port(b: &mut Backend, p: &Value) {
    let port = BackendPort {
        name: opt_str(p, &["name"]).map(str::to_owned),
        port: number(p, "port"),
        protocol: crate::endpoints::protocol(p),
    };
    if !b.ports.contains(&port) {
        b.ports.push(port);
    }
}

fn selected_pod(p: &Object) -> SelectedPod {
    let v = &p.value;
    SelectedPod {
        name: p.name.clone(),
        ip: str_at(v, &["status", "podIP"]).to_owned(),
        phase: str_at(v, &["status", "phase"]).to_owned(),
        ready: seq(v, &["status", "conditions"])
            .iter()
            .any(|c| str_at(c, &["type"]) == "Ready" && str_at(c, &["status"]) == "True"),
        container_ports: crate::endpoints::containers(p)
            .flat_map(|(c, _)| seq(c, &["ports"]).iter())
            .map(|cp| (str_at(cp, &["name"]).to_owned(), crate::endpoints::container_port(cp)))
            .collect(),
    }
}

fn number(v: &Value, key: &str) -> Option<i64> {
    match port(v, key) {
        Port::Number(n) => Some(n),
        _ => None,
    }
}

/// One address the endpoints controller would publish for a Service.
#[derive(Clone, Debug, PartialEq)]
pub struct ExpectedAddress {
    /// The Pod behind it.
    pub pod: String,
    /// Its IP (`status.podIP`).
    pub ip: String,
    /// Listed under `addresses` (true) or `notReadyAddresses` (false).
    pub ready: bool,
    /// `(Service port name, resolved port number)` for every Service port
    /// whose `targetPort` the Pod has.
    pub ports: Vec<(String, i64)>,
}

/// What the endpoints controller would write into the Endpoints object of
/// Service `namespace/name`, from the pasted Pods: every Pod its selector
/// matches that has an IP and has not finished (`Succeeded`/`Failed`), ready
/// when its `Ready` condition is `True` or the Service publishes not-ready
/// addresses, with each Service port's `targetPort` resolved (a number as
/// is, a name through the Pod's container ports, none as `port`). `None`
/// when there is no such Service or it has no selector (its Endpoints are
/// then written by hand).
pub fn expected_endpoints(
    inventory: &Inventory,
    namespace: &str,
    name: &str,
) -> Option<Vec<ExpectedAddress>> {
    let backends = service_backends(inventory, namespace, name)?;
    if backends.selector.is_empty() {
        return None;
    }
    let svc = inventory.get("Service", namespace, name)?;
    let publish_not_ready =
        svc.value.path(&["spec", "publishNotReadyAddresses"]).and_then(Value::as_bool)
            == Some(true);
    let mut out = Vec::new();
    for pod in &backends.pods {
        if pod.ip.is_empty() || pod.phase == "Succeeded" || pod.phase == "Failed" {
            continue;
        }
        let ports = backends
            .ports
            .iter()
            .filter_map(|sp| {
                let number = match sp.target_port.as_deref() {
                    None => sp.port?,
                    Some(t) => match t.parse::<i64>() {
                        Ok(n) => n,
                        Err(_) => pod.container_ports.iter().find(|(n, _)| n == t)?.1,
                    },
                };
                Some((sp.name.clone(), number))
            })
            .collect();
        out.push(ExpectedAddress {
            pod: pod.name.clone(),
            ip: pod.ip.clone(),
            ready: pod.ready || publish_not_ready,
            ports,
        });
    }
    Some(out)
}
