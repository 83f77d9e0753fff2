//! The label builders every role shares (`kubernetes.go`'s
//! `addObjectMetaLabels`, `addNodeLabels`, `addNamespaceLabels`, and
//! `pod.go`'s `podLabels`).

use promplay_model::Labels;
use promplay_operator::intake::Object;

use crate::Context;
use crate::config::Role;
use crate::k8s::{controller_of, str_at, string_map};

/// The prefix of every label this discovery sets.
pub const PREFIX: &str = "__meta_kubernetes_";

/// `__meta_kubernetes_namespace`.
pub const NAMESPACE: &str = "__meta_kubernetes_namespace";

/// `strutil.SanitizeLabelName`: every character outside `[a-zA-Z0-9_]`
/// becomes `_` (one per character, as the regexp replaces runes).
pub fn sanitize(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect()
}

/// `__meta_kubernetes_<suffix>`.
pub fn meta(suffix: &str) -> String {
    [PREFIX, suffix].concat()
}

/// Sets every label of `into` on `target`, replacing (`LabelSet.Merge`).
pub fn merge(target: &mut Labels, from: &Labels) {
    for l in from.iter() {
        target.set(l.name.clone(), l.value.clone());
    }
}

/// `addObjectAnnotationsAndLabels`: `<resource>_label_*`,
/// `<resource>_labelpresent_*`, `<resource>_annotation_*`,
/// `<resource>_annotationpresent_*`.
pub fn add_labels_and_annotations(ls: &mut Labels, object: &Object, resource: &str) {
    for (k, v) in &object.labels {
        let ln = sanitize(k);
        ls.set(format!("{PREFIX}{resource}_label_{ln}"), v.clone());
        ls.set(format!("{PREFIX}{resource}_labelpresent_{ln}"), "true");
    }
    for (k, v) in string_map(&object.value, &["metadata", "annotations"]) {
        let ln = sanitize(k);
        ls.set(format!("{PREFIX}{resource}_annotation_{ln}"), v);
        ls.set(format!("{PREFIX}{resource}_annotationpresent_{ln}"), "true");
    }
}

/// `addObjectMetaLabels`: `<role>_name` plus labels and annotations.
pub fn add_object_meta(ls: &mut Labels, object: &Object, role: Role) {
    ls.set(format!("{PREFIX}{}_name", role.as_str()), object.name.clone());
    add_labels_and_annotations(ls, object, role.as_str());
}

/// `addNodeLabels`: the Node's name, labels and annotations, when the node
/// informer (filtered by the node selector) has it.
pub fn add_node_labels(cx: &Context<'_>, ls: &mut Labels, node_name: &str) {
    if let Some(node) = cx.lookup("Node", None, Some(Role::Node), "", node_name) {
        add_object_meta(ls, node, Role::Node);
    }
}

/// `addNamespaceLabels`: the Namespace's labels and annotations. Only
/// Namespace objects that were pasted count (a namespace that is merely
/// used by other objects has no labels to give).
pub fn add_namespace_labels(cx: &Context<'_>, ls: &mut Labels, namespace: &str) {
    if let Some(ns) = cx.lookup("Namespace", None, None, "", namespace) {
        add_labels_and_annotations(ls, ns, "namespace");
    }
}

/// `podLabels`: the Pod-level labels of a pod target. `scope` is the
/// discoverer's namespace, which the ReplicaSet and Job caches share.
pub fn pod_labels(cx: &Context<'_>, pod: &Object, scope: Option<&str>) -> Labels {
    let v = &pod.value;
    let mut ls = Labels::new();
    ls.set(meta("pod_ip"), str_at(v, &["status", "podIP"]));
    ls.set(meta("pod_ready"), pod_ready(pod));
    ls.set(meta("pod_phase"), str_at(v, &["status", "phase"]));
    ls.set(meta("pod_node_name"), str_at(v, &["spec", "nodeName"]));
    ls.set(meta("pod_host_ip"), str_at(v, &["status", "hostIP"]));
    ls.set(meta("pod_uid"), str_at(v, &["metadata", "uid"]));
    add_object_meta(&mut ls, pod, Role::Pod);
    let attach = cx.config.attach_metadata;
    if let Some((kind, name)) = controller_of(v) {
        if !kind.is_empty() {
            ls.set(meta("pod_controller_kind"), kind);
        }
        if !name.is_empty() {
            ls.set(meta("pod_controller_name"), name);
        }
        match kind {
            "ReplicaSet" if attach.deployment => {
                let rs = cx.lookup("ReplicaSet", scope, None, &pod.namespace, name);
                if let Some(("Deployment", deployment)) = rs.and_then(|r| controller_of(&r.value)) {
                    ls.set(meta("pod_deployment_name"), deployment);
                }
            }
            "Job" => {
                if attach.job {
                    ls.set(meta("pod_job_name"), name);
                }
                if attach.cronjob {
                    let job = cx.lookup("Job", scope, None, &pod.namespace, name);
                    if let Some(("CronJob", cronjob)) = job.and_then(|j| controller_of(&j.value)) {
                        ls.set(meta("pod_cronjob_name"), cronjob);
                    }
                }
            }
            _ => {}
        }
    }
    ls
}

/// `podReady`: the `Ready` condition's status, lowercased; `unknown` without one.
fn pod_ready(pod: &Object) -> String {
    crate::k8s::seq(&pod.value, &["status", "conditions"])
        .iter()
        .find(|c| str_at(c, &["type"]) == "Ready")
        .map_or_else(|| "unknown".to_owned(), |c| str_at(c, &["status"]).to_lowercase())
}

/// The Service labels of an endpoints group (`serviceLabels`): namespace,
/// `service_name`, the Service's labels and annotations.
pub fn service_labels(service: &Object) -> Labels {
    let mut ls = Labels::new();
    ls.set(NAMESPACE, service.namespace.clone());
    add_object_meta(&mut ls, service, Role::Service);
    ls
}
