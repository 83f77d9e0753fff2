//! The registry of diagnostic codes Kubernetes discovery emits.
//!
//! Codes are stable: once shipped a code keeps its meaning and is never
//! reused. Each is about one object discovery read; the object is still
//! discovered the way Prometheus would discover it.

/// A port (Endpoints, EndpointSlice, container or Service port) has no
/// number, or one that is not an integer; upstream reads it as 0.
pub const PORT_WITHOUT_NUMBER: &str = "KSD0001";
/// An Endpoints or EndpointSlice address has no IP; the target's
/// `__address__` is empty or only a port.
pub const ADDRESS_WITHOUT_IP: &str = "KSD0002";
/// A Pod has no `status.podIP` (pending or evicted): its group has no
/// targets, and endpoints of it get no extra container-port targets.
pub const POD_WITHOUT_IP: &str = "KSD0003";
/// A Node has no `status.addresses`: Prometheus logs "No node address
/// found" and sends no group for it.
pub const NODE_WITHOUT_ADDRESS: &str = "KSD0004";
/// An endpoint address points at a Pod (`targetRef`) that the discoverer's
/// Pod cache does not hold (not pasted, filtered by the pod selector, or in
/// a namespace this configuration does not watch): no `__meta_kubernetes_pod_*` labels.
pub const POD_NOT_FOUND: &str = "KSD0005";
/// An Endpoints object (or an EndpointSlice through its
/// `kubernetes.io/service-name` label) has no Service of that name in
/// discovery's view: its targets get no `__meta_kubernetes_service_*`
/// labels, which a ServiceMonitor's relabeling needs to keep them.
pub const NO_SERVICE: &str = "KSD0006";
/// An EndpointSlice without the `kubernetes.io/service-name` label: it
/// belongs to no Service, so its targets get no Service labels.
pub const SLICE_WITHOUT_SERVICE_LABEL: &str = "KSD0007";
/// An Endpoints object labelled `endpoints.kubernetes.io/over-capacity`:
/// it holds more than 1000 addresses (`warning`) or was truncated to 1000
/// (`truncated`); Prometheus logs this and suggests role `endpointslice`.
pub const OVER_CAPACITY: &str = "KSD0008";
