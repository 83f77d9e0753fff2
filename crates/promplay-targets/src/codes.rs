//! The registry of the targets analysis' stable codes (`TGT0xxx`). A code
//! is never reused; the chain steps of "why 0 targets" are `TGT01xx`.

/// The monitor is selected by a Prometheus (or is not: the break).
pub const SELECTED: &str = "TGT0101";
/// A Service (or Pod, or Ingress) matches the monitor's selector in the searched namespaces.
pub const OBJECTS_MATCH: &str = "TGT0102";
/// The matched Service has Endpoints (or EndpointSlices) with addresses.
pub const ENDPOINTS: &str = "TGT0103";
/// The endpoint's port (name or number) exists.
pub const PORT: &str = "TGT0104";
/// Relabeling keeps some target.
pub const RELABELING: &str = "TGT0105";
/// Discovery found targets.
pub const DISCOVERED: &str = "TGT0106";
/// The operator generated a job for the monitor.
pub const JOB: &str = "TGT0107";
/// Targets survive relabeling but Prometheus refuses them (bad address, interval).
pub const INVALID: &str = "TGT0108";
/// Pods are running (not Succeeded/Failed) and have an IP.
pub const PODS_RUNNING: &str = "TGT0109";
