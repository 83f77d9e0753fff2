//! Role `pod` (`pod.go`'s `buildPod`): one target per container port, one
//! port-less target per container without ports, init containers after the
//! others; a Pod without an IP gives an empty group.

use promplay_diagnostics::Severity;
use promplay_model::Labels;
use promplay_operator::intake::Object;

use crate::config::Role;
use crate::endpoints::{container_port, containers, protocol};
use crate::k8s::{join_host_port, seq, str_at};
use crate::meta::{self, NAMESPACE, meta};
use crate::{Context, TargetGroup, codes};

/// Discovers every Pod of `scope`.
pub fn discover(cx: &mut Context<'_>, scope: Option<&str>) {
    for pod in cx.list("Pod", scope, Some(Role::Pod)) {
        let group = build(cx, pod, scope);
        cx.push(group);
    }
}

fn build(cx: &mut Context<'_>, pod: &Object, scope: Option<&str>) -> TargetGroup {
    let mut tg = TargetGroup {
        source: format!("pod/{}/{}", pod.namespace, pod.name),
        ..TargetGroup::default()
    };
    let v = &pod.value;
    let ip = str_at(v, &["status", "podIP"]);
    if ip.is_empty() {
        let path = if v.path(&["status"]).is_some() { "status" } else { "metadata.name" };
        cx.diagnose(
            pod,
            path,
            Severity::Info,
            codes::POD_WITHOUT_IP,
            format!(
                "Pod {} has no `status.podIP` (not running yet, or evicted): discovery gives it no targets",
                pod.display_name()
            ),
        );
        return tg;
    }
    let node_name = str_at(v, &["spec", "nodeName"]);
    // With node metadata, Pods on Nodes the node informer does not hold
    // (filtered out by the node selector) are dropped.
    if cx.config.attach_metadata.node
        && cx.lookup("Node", None, Some(Role::Node), "", node_name).is_none()
    {
        return tg;
    }
    tg.labels = meta::pod_labels(cx, pod, scope);
    tg.labels.set(NAMESPACE, pod.namespace.clone());
    if cx.config.attach_metadata.node {
        meta::add_node_labels(cx, &mut tg.labels, node_name);
    }
    if cx.config.attach_metadata.namespace {
        meta::add_namespace_labels(cx, &mut tg.labels, &pod.namespace);
    }
    for (c, init) in containers(pod) {
        let name = str_at(c, &["name"]);
        let statuses = if init { "initContainerStatuses" } else { "containerStatuses" };
        let id = seq(v, &["status", statuses])
            .iter()
            .find(|s| str_at(s, &["name"]) == name)
            .map_or("", |s| str_at(s, &["containerID"]));
        let ports = seq(c, &["ports"]);
        if ports.is_empty() {
            let mut t = Labels::new();
            t.set("__address__", ip);
            t.set(meta("pod_container_name"), name);
            t.set(meta("pod_container_id"), id);
            t.set(meta("pod_container_image"), str_at(c, &["image"]));
            t.set(meta("pod_container_init"), init.to_string());
            tg.targets.push(t);
            continue;
        }
        for p in ports {
            let number = container_port(p).to_string();
            let mut t = Labels::new();
            t.set("__address__", join_host_port(ip, &number));
            t.set(meta("pod_container_name"), name);
            t.set(meta("pod_container_id"), id);
            t.set(meta("pod_container_image"), str_at(c, &["image"]));
            t.set(meta("pod_container_port_number"), number);
            t.set(meta("pod_container_port_name"), str_at(p, &["name"]));
            t.set(meta("pod_container_port_protocol"), protocol(p));
            t.set(meta("pod_container_init"), init.to_string());
            tg.targets.push(t);
        }
    }
    tg
}
