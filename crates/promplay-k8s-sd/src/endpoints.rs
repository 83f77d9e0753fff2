//! Role `endpoints` (`endpoints.go`'s `buildEndpoints`): one target per
//! subset port and address (ready addresses first, then not-ready ones),
//! Service labels joined by name, Pod labels through `targetRef`, and one
//! extra target for each container port of a seen Pod that no endpoint port
//! covered.

use promplay_diagnostics::Severity;
use promplay_model::Labels;
use promplay_operator::Value;
use promplay_operator::intake::Object;

use crate::config::Role;
use crate::k8s::{Port, join_host_port, opt_str, port, seq, str_at};
use crate::meta::{self, NAMESPACE, meta};
use crate::{Context, TargetGroup, codes};

/// Discovers every Endpoints object of `scope`.
pub fn discover(cx: &mut Context<'_>, scope: Option<&str>) {
    for eps in cx.list("Endpoints", scope, Some(Role::Endpoints)) {
        let group = build(cx, eps, scope);
        cx.push(group);
    }
}

/// An endpoint port as the target needs it.
struct EndpointPort {
    name: String,
    number: i64,
    protocol: String,
}

/// A Pod some address pointed at, and the endpoint ports seen for it.
pub(crate) struct SeenPod<'a> {
    pub pod: &'a Object,
    pub ports: Vec<Option<i64>>,
    /// Its `podLabels`, computed once.
    pub labels: Labels,
}

fn build<'a>(cx: &mut Context<'a>, eps: &Object, scope: Option<&str>) -> TargetGroup {
    let mut tg = TargetGroup {
        source: format!("endpoints/{}/{}", eps.namespace, eps.name),
        ..TargetGroup::default()
    };
    tg.labels.set(NAMESPACE, eps.namespace.clone());
    match cx.lookup("Service", scope, Some(Role::Service), &eps.namespace, &eps.name) {
        Some(svc) => meta::merge(&mut tg.labels, &meta::service_labels(svc)),
        None => no_service(cx, eps, &eps.name, "metadata.name"),
    }
    meta::add_object_meta(&mut tg.labels, eps, Role::Endpoints);
    if cx.config.attach_metadata.namespace {
        meta::add_namespace_labels(cx, &mut tg.labels, &eps.namespace);
    }
    let mut seen: Vec<SeenPod<'a>> = Vec::new();
    for (si, subset) in seq(&eps.value, &["subsets"]).iter().enumerate() {
        for (pi, p) in seq(subset, &["ports"]).iter().enumerate() {
            let path = format!("subsets[{si}].ports[{pi}]");
            let port = endpoint_port(cx, eps, p, &path);
            for (kind, ready) in [("addresses", "true"), ("notReadyAddresses", "false")] {
                for (ai, addr) in seq(subset, &[kind]).iter().enumerate() {
                    let path = format!("subsets[{si}].{kind}[{ai}]");
                    let target = target(cx, eps, addr, &port, ready, scope, &mut seen, &path);
                    tg.targets.push(target);
                }
            }
        }
    }
    over_capacity(cx, eps);
    tg.targets.extend(uncovered_container_ports(&seen));
    tg
}

/// The warning Prometheus logs for an Endpoints object the endpoints
/// controller marked as over capacity.
fn over_capacity(cx: &mut Context<'_>, eps: &Object) {
    const LABEL: &str = "endpoints.kubernetes.io/over-capacity";
    let value = eps.labels.iter().find(|(k, _)| k == LABEL).map(|(_, v)| v.as_str());
    let what = match value {
        Some("truncated") => "has more than 1000 addresses and was truncated to 1000",
        Some("warning") => "has more than 1000 addresses",
        _ => return,
    };
    cx.diagnose(
        eps,
        &format!("metadata.labels.{LABEL}"),
        Severity::Warning,
        codes::OVER_CAPACITY,
        format!(
            "Endpoints {} {what}: use `role: endpointslice` to discover every address",
            eps.display_name()
        ),
    );
}

fn endpoint_port(cx: &mut Context<'_>, eps: &Object, p: &Value, path: &str) -> EndpointPort {
    let number = match port(p, "port") {
        Port::Number(n) => n,
        _ => {
            cx.diagnose(
                eps,
                path,
                Severity::Warning,
                codes::PORT_WITHOUT_NUMBER,
                "endpoint port without a `port` number: the API server requires one; Prometheus would read it as port 0".to_owned(),
            );
            0
        }
    };
    EndpointPort { name: str_at(p, &["name"]).to_owned(), number, protocol: protocol(p) }
}

/// A port's protocol; the API server defaults a missing one to `TCP`.
pub(crate) fn protocol(p: &Value) -> String {
    opt_str(p, &["protocol"]).unwrap_or("TCP").to_owned()
}

#[allow(clippy::too_many_arguments)]
fn target<'a>(
    cx: &mut Context<'a>,
    eps: &Object,
    addr: &Value,
    port: &EndpointPort,
    ready: &str,
    scope: Option<&str>,
    seen: &mut Vec<SeenPod<'a>>,
    path: &str,
) -> Labels {
    let ip = str_at(addr, &["ip"]);
    if ip.is_empty() {
        cx.diagnose(
            eps,
            path,
            Severity::Warning,
            codes::ADDRESS_WITHOUT_IP,
            "endpoint address without an `ip`: the target's address has no host".to_owned(),
        );
    }
    let mut t = Labels::new();
    t.set("__address__", join_host_port(ip, &port.number.to_string()));
    t.set(meta("endpoint_port_name"), port.name.clone());
    t.set(meta("endpoint_port_protocol"), port.protocol.clone());
    t.set(meta("endpoint_ready"), ready);
    let target_ref = addr.get("targetRef").filter(|r| !r.is_null());
    if let Some(r) = target_ref {
        t.set(meta("endpoint_address_target_kind"), str_at(r, &["kind"]));
        t.set(meta("endpoint_address_target_name"), str_at(r, &["name"]));
    }
    let node_name = opt_str(addr, &["nodeName"]);
    if let Some(n) = node_name {
        t.set(meta("endpoint_node_name"), n);
    }
    let hostname = str_at(addr, &["hostname"]);
    if !hostname.is_empty() {
        t.set(meta("endpoint_hostname"), hostname);
    }
    if cx.config.attach_metadata.node {
        if let Some(n) = node_name {
            meta::add_node_labels(cx, &mut t, n);
        } else if let Some(r) = target_ref.filter(|r| str_at(r, &["kind"]) == "Node") {
            meta::add_node_labels(cx, &mut t, str_at(r, &["name"]));
        }
    }
    if let Some(pod) = resolve_pod(cx, eps, target_ref, scope, path) {
        add_pod(cx, &mut t, pod, Some(port.number), Some(&port.protocol), scope, seen);
    }
    t
}

/// Adds the Pod's labels and the labels of the container port matching
/// the endpoint port `number` to target `t`, and records the port as seen.
/// The container port's protocol label is the endpoint port's
/// (`endpoint_protocol`) for role `endpoints`, the container port's own for
/// `endpointslice`, as upstream writes them.
pub(crate) fn add_pod<'a>(
    cx: &Context<'a>,
    t: &mut Labels,
    pod: &'a Object,
    number: Option<i64>,
    endpoint_protocol: Option<&str>,
    scope: Option<&str>,
    seen: &mut Vec<SeenPod<'a>>,
) {
    let i = match seen.iter().position(|s| std::ptr::eq(s.pod, pod)) {
        Some(i) => i,
        None => {
            let labels = meta::pod_labels(cx, pod, scope);
            seen.push(SeenPod { pod, ports: Vec::new(), labels });
            seen.len() - 1
        }
    };
    meta::merge(t, &seen[i].labels);
    // Upstream's loop breaks out of one container's ports only, so when
    // several containers match, the last one's labels win.
    let matched = number.and_then(|n| {
        containers(pod).filter_map(|(c, init)| matching_port(c, n).map(|cp| (c, cp, init))).last()
    });
    if let (Some(n), Some((c, cport, init))) = (number, matched) {
        t.set(meta("pod_container_name"), str_at(c, &["name"]));
        t.set(meta("pod_container_image"), str_at(c, &["image"]));
        t.set(meta("pod_container_port_name"), str_at(cport, &["name"]));
        t.set(meta("pod_container_port_number"), n.to_string());
        let proto = endpoint_protocol.map_or_else(|| protocol(cport), str::to_owned);
        t.set(meta("pod_container_port_protocol"), proto);
        t.set(meta("pod_container_init"), init.to_string());
    }
    seen[i].ports.push(number);
}

/// Notes that the Service `name` an endpoints object belongs to is not in
/// the discoverer's Service cache.
pub(crate) fn no_service(cx: &mut Context<'_>, object: &Object, name: &str, path: &str) {
    let filtered = cx.config.selector(Role::Service).is_some()
        && cx.lookup("Service", None, None, &object.namespace, name).is_some();
    let why =
        if filtered { "the service selector excludes it" } else { "none is in the manifests" };
    cx.diagnose(
        object,
        path,
        Severity::Info,
        codes::NO_SERVICE,
        format!(
            "discovery sees no Service {}/{name} ({why}): the targets of {} {} get no `__meta_kubernetes_service_*` labels",
            object.namespace,
            object.kind,
            object.display_name()
        ),
    );
}

/// The Pod a `targetRef` names, from the discoverer's Pod cache.
pub(crate) fn resolve_pod<'a>(
    cx: &mut Context<'a>,
    object: &Object,
    target_ref: Option<&Value>,
    scope: Option<&str>,
    path: &str,
) -> Option<&'a Object> {
    let r = target_ref?;
    if str_at(r, &["kind"]) != "Pod" {
        return None;
    }
    let (ns, name) = (str_at(r, &["namespace"]), str_at(r, &["name"]));
    let pod = cx.lookup("Pod", scope, Some(Role::Pod), ns, name);
    if pod.is_none() {
        let shown = if ns.is_empty() {
            format!("{name} (no namespace in targetRef)")
        } else {
            format!("{ns}/{name}")
        };
        cx.diagnose(
            object,
            &format!("{path}.targetRef"),
            Severity::Info,
            codes::POD_NOT_FOUND,
            format!("targetRef names Pod {shown}, which discovery does not see: the target gets no `__meta_kubernetes_pod_*` labels"),
        );
    }
    pod
}

/// A Pod's containers then its init containers, with "is init".
pub(crate) fn containers(pod: &Object) -> impl Iterator<Item = (&Value, bool)> {
    let main = seq(&pod.value, &["spec", "containers"]).iter().map(|c| (c, false));
    let init = seq(&pod.value, &["spec", "initContainers"]).iter().map(|c| (c, true));
    main.chain(init)
}

/// The first port of container `c` whose `containerPort` is `number`.
pub(crate) fn matching_port(c: &Value, number: i64) -> Option<&Value> {
    seq(c, &["ports"]).iter().find(|p| port(p, "containerPort") == Port::Number(number))
}

/// A container port's number (0 when missing, as Go's zero value).
pub(crate) fn container_port(p: &Value) -> i64 {
    match port(p, "containerPort") {
        Port::Number(n) => n,
        _ => 0,
    }
}

/// Targets for the container ports of seen Pods that no endpoint port
/// covered (both `endpoints` and `endpointslice` add them after the rest).
pub(crate) fn uncovered_container_ports(seen: &[SeenPod<'_>]) -> Vec<Labels> {
    let mut out = Vec::new();
    for sp in seen {
        let ip = str_at(&sp.pod.value, &["status", "podIP"]);
        if ip.is_empty() {
            continue;
        }
        for (c, init) in containers(sp.pod) {
            for cport in seq(c, &["ports"]) {
                let number = container_port(cport);
                if sp.ports.contains(&Some(number)) {
                    continue;
                }
                let mut t = Labels::new();
                t.set("__address__", join_host_port(ip, &number.to_string()));
                t.set(meta("pod_container_name"), str_at(c, &["name"]));
                t.set(meta("pod_container_image"), str_at(c, &["image"]));
                t.set(meta("pod_container_port_name"), str_at(cport, &["name"]));
                t.set(meta("pod_container_port_number"), number.to_string());
                t.set(meta("pod_container_port_protocol"), protocol(cport));
                t.set(meta("pod_container_init"), init.to_string());
                meta::merge(&mut t, &sp.labels);
                out.push(t);
            }
        }
    }
    out
}
