//! The registry of diagnostic codes the compiler emits (`OPR02xx`).
//!
//! Codes are stable: once shipped a code keeps its meaning and is never
//! reused. `OPR020x` concern prometheus.yaml, Alertmanagers and rule files
//! as the operator would compile them.

/// A selected ServiceMonitor/PodMonitor/Probe/ScrapeConfig is rejected as
/// invalid (missing Secret key, bad TLS material, invalid relabeling, ...);
/// the rest of the configuration is still generated.
pub const REJECTED: &str = "OPR0201";
/// The operator fails to generate the configuration at all.
pub const FAILED: &str = "OPR0202";
/// A setting is dropped because `spec.version` does not support it.
pub const VERSION_GATE: &str = "OPR0203";
/// No monitor selector is set: the operator leaves the configuration to the user.
pub const UNMANAGED: &str = "OPR0204";
/// The Prometheus or Alertmanager lives in a namespace the operator does not watch.
pub const NOT_WATCHED: &str = "OPR0205";
/// An AlertmanagerConfig is rejected as invalid.
pub const AM_REJECTED: &str = "OPR0206";
/// A note from the Alertmanager generator (dropped fields and similar).
pub const AM_NOTE: &str = "OPR0207";
/// A PrometheusRule is rejected.
pub const RULE_REJECTED: &str = "OPR0208";
/// A note from the rule file generator.
pub const RULE_NOTE: &str = "OPR0209";
/// The Prometheus is paused: the operator would not touch its configuration.
pub const PAUSED: &str = "OPR0210";
/// A selected ServiceMonitor can find no target among the Services in the manifests.
pub const NO_TARGETS: &str = "OPR0211";
