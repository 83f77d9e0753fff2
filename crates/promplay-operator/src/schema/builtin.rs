//! Hand-written minimal schemas of the built-in Kubernetes kinds the
//! compiler and Kubernetes discovery (`promplay-k8s-sd`: Node, Ingress, and
//! ReplicaSet and Job for the Pod's owner labels) read, in the same table format as the derived CRD table, and
//! the ObjectMeta schema every kind's `metadata` is checked against. Only
//! what the compiler uses is typed; the rest of a Service or Pod is kept
//! as written (preserve-unknown-fields), so real manifests never produce
//! spurious warnings.

/// Node 6 is ObjectMeta.
pub const OBJECT_META: u32 = 6;

/// The table: kinds and nodes (see `table.rs` for the format).
pub const SCHEMAS: &str = r#"{
"kinds": [
  {"kind": "Secret", "namespaced": true, "versions": [["v1", 7]]},
  {"kind": "ConfigMap", "namespaced": true, "versions": [["v1", 9]]},
  {"kind": "Namespace", "namespaced": false, "versions": [["v1", 10]]},
  {"kind": "Service", "namespaced": true, "versions": [["v1", 11]]},
  {"kind": "Pod", "namespaced": true, "versions": [["v1", 11]]},
  {"kind": "Endpoints", "namespaced": true, "versions": [["v1", 13]]},
  {"kind": "EndpointSlice", "namespaced": true, "versions": [["discovery.k8s.io/v1", 14]]},
  {"kind": "Node", "namespaced": false, "versions": [["v1", 11]]},
  {"kind": "Ingress", "namespaced": true, "versions": [["networking.k8s.io/v1", 11]]},
  {"kind": "ReplicaSet", "namespaced": true, "versions": [["apps/v1", 11]]},
  {"kind": "Job", "namespaced": true, "versions": [["batch/v1", 11]]}
],
"nodes": [
  {"pu": 1},
  {"t": "s"},
  {"t": "o", "ap": 1},
  {"t": "o", "pu": 1},
  {"t": "a", "it": 1},
  {"t": "i"},
  {"t": "o", "p": [["name", 1], ["generateName", 1], ["namespace", 1], ["labels", 2], ["annotations", 2],
    ["uid", 1], ["resourceVersion", 1], ["generation", 5], ["creationTimestamp", 0], ["deletionTimestamp", 0],
    ["deletionGracePeriodSeconds", 5], ["finalizers", 4], ["ownerReferences", 0], ["managedFields", 0], ["selfLink", 1]]},
  {"t": "o", "p": [["apiVersion", 1], ["kind", 1], ["metadata", 6], ["data", 2], ["stringData", 2], ["type", 1], ["immutable", 8]]},
  {"t": "b"},
  {"t": "o", "p": [["apiVersion", 1], ["kind", 1], ["metadata", 6], ["data", 2], ["binaryData", 2], ["immutable", 8]]},
  {"t": "o", "p": [["apiVersion", 1], ["kind", 1], ["metadata", 6], ["spec", 3], ["status", 3]]},
  {"t": "o", "p": [["apiVersion", 1], ["kind", 1], ["metadata", 6], ["spec", 3], ["status", 3]]},
  {"t": "a", "it": 3},
  {"t": "o", "p": [["apiVersion", 1], ["kind", 1], ["metadata", 6], ["subsets", 12]]},
  {"t": "o", "p": [["apiVersion", 1], ["kind", 1], ["metadata", 6], ["addressType", 1], ["endpoints", 12], ["ports", 12]], "r": ["addressType", "endpoints"]}
]
}"#;
