//! The operator's own settings that manifests cannot express: its
//! `--feature-gates`, what the cluster supports (EndpointSlices, pod
//! topology labels), the built-in default versions and the namespace
//! allow/deny lists. The conformance runner fills them from `case.json`,
//! the CLI from `--operator-option K=V`, the workbench from its pickers.

use crate::value::Value;

/// Default Prometheus version of prometheus-operator 0.93.0.
pub const DEFAULT_PROMETHEUS_VERSION: &str = "v3.13.2";
/// Default Alertmanager version of prometheus-operator 0.93.0.
pub const DEFAULT_ALERTMANAGER_VERSION: &str = "v0.33.1";

/// The feature gates of 0.93.0 with their default state.
pub const FEATURE_GATES: &[(&str, bool)] = &[
    ("PrometheusAgentDaemonSet", false),
    ("PrometheusShardRetentionPolicy", true),
    ("PrometheusTopologySharding", true),
    ("RemoteWriteCustomResourceDefinition", false),
    ("StatusForConfigurationResources", false),
];

/// Operator settings.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// Feature gate states, one entry per name of [`FEATURE_GATES`].
    pub feature_gates: Vec<(String, bool)>,
    /// The cluster serves discovery.k8s.io/v1 EndpointSlices.
    pub endpointslice_supported: bool,
    /// The cluster injects topology labels into pods (k8s >= 1.35).
    pub pod_topology_labels_supported: bool,
    /// Version used when a Prometheus leaves `spec.version` empty.
    pub default_prometheus_version: String,
    /// Version used when an Alertmanager leaves `spec.version` empty.
    pub default_alertmanager_version: String,
    /// `--namespaces`: when not empty, the only namespaces the operator watches.
    pub namespaces: Vec<String>,
    /// `--deny-namespaces`: namespaces the operator ignores.
    pub deny_namespaces: Vec<String>,
    /// `--prometheus-instance-namespaces`: when not empty, the only namespaces
    /// whose Prometheus objects are reconciled.
    pub prometheus_instance_namespaces: Vec<String>,
    /// `--alertmanager-instance-namespaces`: the same for Alertmanagers.
    pub alertmanager_instance_namespaces: Vec<String>,
    /// `--disable-unmanaged-prometheus-configuration`.
    pub disable_unmanaged_configuration: bool,
    /// Fill in the CRD schema defaults the API server applies to absent
    /// fields (scrape/evaluation interval 30s, relabeling action `replace`,
    /// prober path `/probe`). On for manifests; off for the conformance
    /// corpus, whose objects are written as the operator's Go tests built
    /// them, without defaulting.
    pub crd_defaults: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            feature_gates: FEATURE_GATES.iter().map(|(n, on)| (n.to_string(), *on)).collect(),
            endpointslice_supported: true,
            pod_topology_labels_supported: false,
            default_prometheus_version: DEFAULT_PROMETHEUS_VERSION.to_string(),
            default_alertmanager_version: DEFAULT_ALERTMANAGER_VERSION.to_string(),
            namespaces: Vec::new(),
            deny_namespaces: Vec::new(),
            prometheus_instance_namespaces: Vec::new(),
            alertmanager_instance_namespaces: Vec::new(),
            disable_unmanaged_configuration: false,
            crd_defaults: true,
        }
    }
}

impl Options {
    /// Whether the named feature gate is on.
    pub fn feature(&self, name: &str) -> bool {
        self.feature_gates.iter().any(|(n, on)| n == name && *on)
    }

    /// Turns a feature gate on or off; unknown names are an error, as with
    /// the operator's `--feature-gates` flag.
    pub fn set_feature(&mut self, name: &str, on: bool) -> Result<(), String> {
        match self.feature_gates.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => {
                slot.1 = on;
                Ok(())
            }
            None => Err(format!(
                "feature gate {name:?} is unknown (supported feature gates: {})",
                FEATURE_GATES.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
            )),
        }
    }

    /// Whether objects in `namespace` are visible to the operator at all
    /// (the allow and deny lists).
    pub fn namespace_watched(&self, namespace: &str) -> bool {
        if !self.namespaces.is_empty() {
            return self.namespaces.iter().any(|n| n == namespace);
        }
        !self.deny_namespaces.iter().any(|n| n == namespace)
    }

    /// Why objects in `namespace` are invisible, or `None` when they are seen.
    pub fn namespace_exclusion(&self, namespace: &str) -> Option<String> {
        if !self.namespaces.is_empty() && !self.namespaces.iter().any(|n| n == namespace) {
            return Some(format!(
                "namespace {namespace:?} is not in the operator's --namespaces allow list"
            ));
        }
        if self.namespaces.is_empty() && self.deny_namespaces.iter().any(|n| n == namespace) {
            return Some(format!(
                "namespace {namespace:?} is in the operator's --deny-namespaces list"
            ));
        }
        None
    }

    /// Sets one option from its textual form (`--operator-option K=V`).
    ///
    /// Keys: `crd-defaults`, `feature-gates` (`Name=true,Other=false`), `endpointslice-supported`,
    /// `pod-topology-labels-supported`, `default-prometheus-version`,
    /// `default-alertmanager-version`, `namespaces`, `deny-namespaces`,
    /// `prometheus-instance-namespaces`, `alertmanager-instance-namespaces`
    /// (comma-separated) and `disable-unmanaged-prometheus-configuration`.
    /// Underscores are accepted in place of dashes.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let key = key.trim().replace('_', "-");
        let list = || -> Vec<String> {
            value.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
        };
        match key.as_str() {
            "feature-gates" => {
                for item in list() {
                    let (name, on) = match item.split_once('=') {
                        Some((n, v)) => (n.trim().to_string(), parse_bool(v)?),
                        None => (item.clone(), true),
                    };
                    self.set_feature(&name, on)?;
                }
            }
            "endpointslice-supported" => self.endpointslice_supported = parse_bool(value)?,
            "pod-topology-labels-supported" => {
                self.pod_topology_labels_supported = parse_bool(value)?;
            }
            "default-prometheus-version" => self.default_prometheus_version = value.to_string(),
            "default-alertmanager-version" => {
                self.default_alertmanager_version = value.to_string();
            }
            "namespaces" => self.namespaces = list(),
            "deny-namespaces" => self.deny_namespaces = list(),
            "prometheus-instance-namespaces" => self.prometheus_instance_namespaces = list(),
            "alertmanager-instance-namespaces" => self.alertmanager_instance_namespaces = list(),
            "disable-unmanaged-prometheus-configuration" => {
                self.disable_unmanaged_configuration = parse_bool(value)?;
            }
            "crd-defaults" => self.crd_defaults = parse_bool(value)?,
            _ => return Err(format!("unknown operator option {key:?}")),
        }
        Ok(())
    }

    /// Reads the `options` object of a conformance `case.json` (or the whole
    /// case object, which carries it under `options`). Keys that only
    /// document the case (such as a prose `namespaces` note) are ignored.
    /// The corpus writes objects without CRD defaulting, so defaults are off.
    pub fn from_case_json(case: &Value) -> Result<Options, String> {
        let mut options = Options { crd_defaults: false, ..Options::default() };
        let Some(map) = case.get("options").or(Some(case)).and_then(Value::as_map) else {
            return Ok(options);
        };
        for (key, value) in map.iter() {
            match (key, value) {
                ("feature_gates", Value::Map(gates)) => {
                    for (name, on) in gates.iter() {
                        if let Some(on) = on.as_bool() {
                            options.set_feature(name, on)?;
                        }
                    }
                }
                ("endpointslice_supported", Value::Bool(b)) => options.endpointslice_supported = *b,
                ("pod_topology_labels_supported", Value::Bool(b)) => {
                    options.pod_topology_labels_supported = *b;
                }
                ("default_prometheus_version", Value::String(s)) => {
                    options.default_prometheus_version = s.clone();
                }
                ("default_alertmanager_version", Value::String(s)) => {
                    options.default_alertmanager_version = s.clone();
                }
                ("namespaces" | "deny_namespaces", Value::Seq(items)) => {
                    let names =
                        items.iter().filter_map(|v| v.as_str().map(str::to_string)).collect();
                    if key == "namespaces" {
                        options.namespaces = names;
                    } else {
                        options.deny_namespaces = names;
                    }
                }
                ("disable_unmanaged_configuration", Value::Bool(b)) => {
                    options.disable_unmanaged_configuration = *b;
                }
                _ => {}
            }
        }
        Ok(options)
    }
}

fn parse_bool(text: &str) -> Result<bool, String> {
    match text.trim() {
        "true" | "1" | "yes" | "on" => Ok(true),
        "false" | "0" | "no" | "off" => Ok(false),
        other => Err(format!("expected true or false, found {other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Map;

    #[test]
    fn defaults_and_setters() {
        let mut o = Options::default();
        assert!(o.feature("PrometheusShardRetentionPolicy"));
        o.set("feature-gates", "PrometheusShardRetentionPolicy=false").unwrap();
        assert!(!o.feature("PrometheusShardRetentionPolicy"));
        assert!(o.set("feature-gates", "Nope=true").is_err());
        o.set("deny_namespaces", "kube-system, other").unwrap();
        assert!(!o.namespace_watched("kube-system"));
        assert!(o.namespace_watched("default"));
        o.set("namespaces", "default").unwrap();
        assert!(!o.namespace_watched("monitoring"));
        assert!(o.set("bogus", "1").is_err());
    }

    #[test]
    fn reads_case_json_options() {
        let mut gates = Map::new();
        gates.insert("PrometheusShardRetentionPolicy", Value::Bool(false));
        let mut opts = Map::new();
        opts.insert("feature_gates", Value::Map(gates));
        opts.insert("namespaces", Value::String("prose note".into()));
        opts.insert("default_prometheus_version", Value::String("v3.13.2".into()));
        let mut case = Map::new();
        case.insert("options", Value::Map(opts));
        let o = Options::from_case_json(&Value::Map(case)).unwrap();
        assert!(!o.feature("PrometheusShardRetentionPolicy"));
        assert!(o.feature("PrometheusTopologySharding"));
        assert!(o.namespaces.is_empty());
    }
}
