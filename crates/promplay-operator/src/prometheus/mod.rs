//! prometheus.yaml for one Prometheus object, as prometheus-operator 0.93
//! generates it: select ServiceMonitors, PodMonitors, Probes and
//! ScrapeConfigs (label and namespace selectors, validity checks that reject
//! single objects), then build the configuration in the operator's key
//! order (`GenerateServerConfiguration`) with every version gate.

pub mod codes;
pub mod context;
pub mod defaults;
pub mod global;
pub mod helpers;
pub mod limits;
pub mod lint;
pub mod monitors;
pub mod probe;
pub mod remote;
pub mod scrapeconfig;
pub mod selection;
pub mod store;
pub mod validate;
pub mod version;

use std::cell::RefCell;

use context::{Ctx, Gen, opt_bool, present, text};
use monitors::Obj;
use store::{KeyRef, Store};
use version::Version;

use crate::options::Options;
use crate::select::{Namespace, SelectionReport};
use crate::value::{Map, Value};

/// One object of the cluster as the compiler sees it.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    /// Kind, such as `ServiceMonitor`.
    pub kind: &'a str,
    /// Namespace (empty for cluster-scoped kinds).
    pub namespace: &'a str,
    /// Name.
    pub name: &'a str,
    /// The whole object.
    pub value: &'a Value,
}

/// Everything the operator can see: objects in watched namespaces, the
/// watched namespaces with their labels, and the Secrets/ConfigMaps.
pub struct Cluster<'a> {
    /// Every object (the operator's options decide which ones are watched).
    pub objects: Vec<Input<'a>>,
    /// Known namespaces (declared or implied by objects), with labels.
    pub namespaces: Vec<Namespace>,
    /// Secret and ConfigMap data.
    pub store: Store,
    /// The operator's options.
    pub options: &'a Options,
}

/// Something to tell the user about one object.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// Kind of the object.
    pub kind: String,
    /// Namespace of the object.
    pub namespace: String,
    /// Name of the object.
    pub name: String,
    /// Field path inside the object, such as `spec.endpoints[0].tlsConfig`.
    pub path: String,
    /// Stable code.
    pub code: &'static str,
    /// Whether it is an error (the config is not generated), a warning or a note.
    pub severity: promplay_diagnostics::Severity,
    /// The message.
    pub message: String,
}

/// What compiling one Prometheus produced.
pub struct Generated {
    /// The configuration (as a value tree), `None` when unmanaged, an error
    /// when the operator fails to generate it.
    pub config: Result<Option<Value>, String>,
    /// What happened to every candidate object.
    pub selection: SelectionReport,
    /// Findings about this Prometheus and the objects it considered.
    pub findings: Vec<Finding>,
}

pub use codes::{FAILED as CODE_FAILED, REJECTED as CODE_REJECTED};
use codes::{UNMANAGED as CODE_UNMANAGED, VERSION_GATE as CODE_VERSION_GATE};

/// Generates prometheus.yaml for `prom`. `rule_configmaps` are the names of
/// the rule ConfigMaps (padded to at least three, as the operator does).
pub fn generate(cluster: &Cluster<'_>, prom: Input<'_>, rule_configmaps: &[String]) -> Generated {
    let empty = Value::Map(Map::new());
    let spec = prom.value.get("spec").filter(|v| v.as_map().is_some()).unwrap_or(&empty);
    let options = cluster.options;
    let version_text = match context::opt_text(spec, "version").filter(|v| !v.is_empty()) {
        Some(v) => v,
        None => options.default_prometheus_version.clone(),
    };
    let mut findings = Vec::new();
    let fail = |msg: String, path: &str, findings: &mut Vec<Finding>| {
        findings.push(Finding {
            kind: prom.kind.into(),
            namespace: prom.namespace.into(),
            name: prom.name.into(),
            path: path.into(),
            code: CODE_FAILED,
            severity: promplay_diagnostics::Severity::Error,
            message: msg.clone(),
        });
        msg
    };
    let version = match Version::parse_tolerant(&version_text) {
        Ok(v) => v,
        Err(e) => {
            let msg = fail(
                format!("failed to parse Prometheus version: {e}"),
                "spec.version",
                &mut findings,
            );
            return Generated { config: Err(msg), selection: SelectionReport::default(), findings };
        }
    };
    let (scrape_classes, default_class) = match scrape_classes(spec, &version) {
        Ok(sc) => sc,
        Err((path, e)) => {
            let msg = fail(format!("failed to parse scrape classes: {e}"), &path, &mut findings);
            return Generated { config: Err(msg), selection: SelectionReport::default(), findings };
        }
    };
    let ctx = Ctx {
        version: version.clone(),
        version_text,
        prom: prom.value,
        spec,
        namespace: prom.namespace,
        name: prom.name,
        store: &cluster.store,
        endpointslice_supported: options.endpointslice_supported,
        topology_sharding: options.feature("PrometheusTopologySharding"),
        retention_policies: options.feature("PrometheusShardRetentionPolicy"),
        pod_topology_labels: options.pod_topology_labels_supported,
        scrape_classes,
        default_scrape_class: default_class,
        warnings: RefCell::new(Vec::new()),
        current: RefCell::new(None),
        agent: prom.kind == "PrometheusAgent",
        daemon_set: prom.kind == "PrometheusAgent"
            && options.feature("PrometheusAgentDaemonSet")
            && context::text(spec, "mode") == "DaemonSet",
    };
    let g = Gen::new(&ctx);
    let selected = selection::select_all(g, cluster, prom, &mut findings);
    let config = match selected {
        Err(msg) => Err(fail(msg, "spec", &mut findings)),
        Ok(sel) => {
            let unmanaged = prom.kind != "PrometheusAgent"
                && !options.disable_unmanaged_configuration
                && [
                    "serviceMonitorSelector",
                    "podMonitorSelector",
                    "probeSelector",
                    "scrapeConfigSelector",
                ]
                .iter()
                .all(|f| present(spec, f).is_none());
            let result = if unmanaged {
                findings.push(Finding {
                    kind: prom.kind.into(),
                    namespace: prom.namespace.into(),
                    name: prom.name.into(),
                    path: "spec".into(),
                    code: CODE_UNMANAGED,
                    severity: promplay_diagnostics::Severity::Info,
                    message: "the operator doesn't manage the Prometheus configuration because neither serviceMonitorSelector nor podMonitorSelector, nor probeSelector, nor scrapeConfigSelector is specified; it writes an empty configuration Secret".into(),
                });
                Ok(None)
            } else {
                lint::service_monitors(g, cluster, &sel.service_monitors, &mut findings);
                server_config(g, cluster, &sel, rule_configmaps).map(Some)
            };
            let report = sel.report;
            match result {
                Ok(v) => {
                    for w in ctx.warnings.borrow().iter() {
                        findings.push(Finding {
                            kind: prom.kind.into(),
                            namespace: prom.namespace.into(),
                            name: prom.name.into(),
                            path: "spec.version".into(),
                            code: CODE_VERSION_GATE,
                            severity: promplay_diagnostics::Severity::Warning,
                            message: w.clone(),
                        });
                    }
                    return Generated { config: Ok(v), selection: report, findings };
                }
                Err((path, msg)) => {
                    let msg = fail(msg, &path, &mut findings);
                    return Generated { config: Err(msg), selection: report, findings };
                }
            }
        }
    };
    Generated { config, selection: SelectionReport::default(), findings }
}

type ScrapeClasses<'a> = (Vec<(String, &'a Value)>, Option<String>);

/// `getScrapeClassConfig`: validated scrape classes and the default one.
fn scrape_classes<'a>(
    spec: &'a Value,
    version: &Version,
) -> Result<ScrapeClasses<'a>, (String, String)> {
    let mut classes = Vec::new();
    let mut default = None;
    for (i, c) in context::items(spec, "scrapeClasses").iter().enumerate() {
        let name = text(c, "name");
        let path = format!("spec.scrapeClasses[{i}]");
        validate::relabel_configs(version, context::items(c, "relabelings")).map_err(|e| {
            (
                format!("{path}.relabelings"),
                format!("invalid relabelings for scrapeClass {name}: {e}"),
            )
        })?;
        validate::relabel_configs(version, context::items(c, "metricRelabelings")).map_err(
            |e| {
                (
                    format!("{path}.metricRelabelings"),
                    format!("invalid metric relabelings for scrapeClass {name}: {e}"),
                )
            },
        )?;
        if let Some(tls) = present(c, "tlsConfig") {
            validate::tls_config(tls).map_err(|e| {
                (
                    format!("{path}.tlsConfig"),
                    format!("invalid TLS config for scrapeClass {name}: {e}"),
                )
            })?;
        }
        if let Some(a) = present(c, "authorization") {
            let conflict =
                present(a, "credentials").is_some() && !text(a, "credentialsFile").is_empty();
            let basic = text(a, "type").trim().eq_ignore_ascii_case("basic");
            if conflict || basic {
                let e = if conflict {
                    "authorization can not specify both \"credentials\" and \"credentialsFile\""
                } else {
                    "authorization type cannot be set to \"basic\", use \"basicAuth\" instead"
                };
                return Err((
                    format!("{path}.authorization"),
                    format!("invalid authorization for scrapeClass {name}: {e}"),
                ));
            }
        }
        if opt_bool(c, "default") == Some(true) {
            if default.is_some() {
                return Err((
                    format!("{path}.default"),
                    "multiple default scrape classes defined".into(),
                ));
            }
            default = Some(name.clone());
        }
        classes.retain(|(n, _): &(String, &Value)| *n != name);
        classes.push((name, c));
    }
    Ok((classes, default))
}

/// Loads a Secret key reference like `k8s.LoadSecretRef`: `Ok(None)` when
/// the reference is unset or optional and missing.
fn load_secret_ref(store: &Store, ns: &str, sel: Option<KeyRef>) -> Result<Option<String>, String> {
    let Some(sel) = sel else { return Ok(None) };
    if !store.has_secret(ns, &sel.name) {
        if sel.optional {
            return Ok(None);
        }
        return Err(format!("secrets {:?} not found", sel.name));
    }
    match store.secret(ns, &sel) {
        Ok(v) => Ok(Some(v)),
        Err(_) if sel.optional => Ok(None),
        Err(_) => Err(format!("key {} could not be found in secret {}", sel.key, sel.name)),
    }
}

/// Parses a YAML list of maps from an additional-config Secret (an empty
/// Secret value is an empty list, as `yaml.Unmarshal` of no bytes).
fn parse_list(text: Option<&str>) -> Result<Option<Vec<Value>>, String> {
    let Some(text) = text else { return Ok(None) };
    match crate::intake::yaml::parse_one(text) {
        Ok(Value::Null) => Ok(Some(Vec::new())),
        Ok(Value::Seq(items)) => Ok(Some(items)),
        Ok(_) => Err("yaml: unmarshal errors: cannot unmarshal into a list".into()),
        Err(e) => Err(format!("yaml: {}", e.message)),
    }
}

/// `createOrUpdateConfigurationSecret` + `GenerateServerConfiguration`.
fn server_config(
    g: Gen<'_>,
    cluster: &Cluster<'_>,
    sel: &selection::Selected<'_>,
    rule_configmaps: &[String],
) -> Result<Value, (String, String)> {
    let spec = g.spec();
    let ns = g.ctx.namespace;
    let store = &cluster.store;
    selection::check_prometheus(g, store)?;
    let load = |field: &str| {
        load_secret_ref(store, ns, KeyRef::from_value(spec.get(field))).map_err(|e| {
            let what = match field {
                "additionalScrapeConfigs" => "additional scrape configs",
                "additionalAlertRelabelConfigs" => "additional alert relabel configs",
                _ => "additional alert manager configs",
            };
            (format!("spec.{field}"), format!("loading {what} from Secret failed: {e}"))
        })
    };
    let additional_scrape = load("additionalScrapeConfigs")?;
    let additional_relabel = load("additionalAlertRelabelConfigs")?;
    let additional_ams = load("additionalAlertManagerConfigs")?;

    let timeout = text(spec, "scrapeTimeout");
    if !timeout.is_empty() {
        validate::timeout_within_interval(&timeout, &text(spec, "scrapeInterval"))
            .map_err(|e| ("spec.scrapeTimeout".to_string(), e))?;
    }
    let mut cfg = Map::new();
    cfg.insert("global", global::global(g));
    global::runtime(g, &mut cfg);
    if g.ctx.agent {
        return agent_config(g, sel, cfg, additional_scrape.as_deref());
    }
    global::rule_files(g, &mut cfg, rule_configmaps);

    let shards = global::shards(g);
    let mut jobs = Vec::new();
    let current = |what: Option<String>| *g.ctx.current.borrow_mut() = what;
    for m in &sel.service_monitors {
        current(Some(format!("ServiceMonitor {}/{}", m.namespace, m.name)));
        for (i, ep) in context::items(m.spec(), "endpoints").iter().enumerate() {
            jobs.push(monitors::service_monitor_job(g, *m, ep, i, shards));
        }
    }
    for m in &sel.pod_monitors {
        current(Some(format!("PodMonitor {}/{}", m.namespace, m.name)));
        for (i, ep) in context::items(m.spec(), "podMetricsEndpoints").iter().enumerate() {
            jobs.push(monitors::pod_monitor_job(g, *m, ep, i, shards));
        }
    }
    for m in &sel.probes {
        current(Some(format!("Probe {}/{}", m.namespace, m.name)));
        jobs.push(probe::probe_job(g, *m, shards));
    }
    current(Some("ScrapeConfigs".to_string()));
    let sc_jobs = scrapeconfig::scrape_config_jobs(g, &sel.scrape_configs, shards)
        .map_err(|e| ("spec".to_string(), format!("generate scrape configs: {e}")))?;
    current(None);
    jobs.extend(sc_jobs);
    let additional = parse_list(additional_scrape.as_deref()).map_err(|e| {
        (
            "spec.additionalScrapeConfigs".to_string(),
            format!("generate additional scrape configs: unmarshalling additional scrape configs failed: {e}"),
        )
    })?;
    for job in additional.unwrap_or_default() {
        jobs.push(additional_job(g, job, shards)?);
    }
    cfg.insert("scrape_configs", Value::Seq(jobs));

    global::storage(g, &mut cfg).map_err(|e| {
        ("spec.tsdb".to_string(), format!("generating storage_settings configuration failed: {e}"))
    })?;
    let relabel = parse_list(additional_relabel.as_deref()).map_err(|e| {
        (
            "spec.additionalAlertRelabelConfigs".to_string(),
            format!("generating alerting configuration failed: unmarshalling additional alerting relabel configs failed: {e}"),
        )
    })?;
    let ams = parse_list(additional_ams.as_deref()).map_err(|_| {
        (
            "spec.additionalAlertManagerConfigs".to_string(),
            "generating alerting configuration failed: unmarshalling additional alertmanager configs failed".to_string(),
        )
    })?;
    remote::alerting(g, &mut cfg, relabel, ams);
    remote::remote_write(g, &mut cfg);
    remote::remote_read(g, &mut cfg);
    global::otlp(g, &mut cfg).map_err(|e| {
        ("spec.otlp".to_string(), format!("failed to generate OTLP configuration: {e}"))
    })?;
    global::tracing(g, &mut cfg).map_err(|e| {
        ("spec.tracingConfig".to_string(), format!("failed to generate tracing configuration: {e}"))
    })?;
    Ok(Value::Map(cfg))
}

/// `GenerateAgentConfiguration` after global and runtime: PodMonitors,
/// additional scrape configs, then ServiceMonitors, Probes and
/// ScrapeConfigs; TSDB settings; remote write, OTLP and tracing.
fn agent_config(
    g: Gen<'_>,
    sel: &selection::Selected<'_>,
    mut cfg: Map,
    additional_scrape: Option<&str>,
) -> Result<Value, (String, String)> {
    let shards = global::shards(g);
    let current = |what: Option<String>| *g.ctx.current.borrow_mut() = what;
    let mut jobs = Vec::new();
    for m in &sel.pod_monitors {
        current(Some(format!("PodMonitor {}/{}", m.namespace, m.name)));
        for (i, ep) in context::items(m.spec(), "podMetricsEndpoints").iter().enumerate() {
            jobs.push(monitors::pod_monitor_job(g, *m, ep, i, shards));
        }
    }
    current(None);
    let additional = parse_list(additional_scrape).map_err(|e| {
        (
            "spec.additionalScrapeConfigs".to_string(),
            format!("generate additional scrape configs: unmarshalling additional scrape configs failed: {e}"),
        )
    })?;
    for job in additional.unwrap_or_default() {
        jobs.push(additional_job(g, job, shards)?);
    }
    // DaemonSet mode only supports PodMonitors.
    if !g.ctx.daemon_set {
        for m in &sel.service_monitors {
            current(Some(format!("ServiceMonitor {}/{}", m.namespace, m.name)));
            for (i, ep) in context::items(m.spec(), "endpoints").iter().enumerate() {
                jobs.push(monitors::service_monitor_job(g, *m, ep, i, shards));
            }
        }
        for m in &sel.probes {
            current(Some(format!("Probe {}/{}", m.namespace, m.name)));
            jobs.push(probe::probe_job(g, *m, shards));
        }
        current(Some("ScrapeConfigs".to_string()));
        let sc_jobs = scrapeconfig::scrape_config_jobs(g, &sel.scrape_configs, shards)
            .map_err(|e| ("spec".to_string(), format!("generate scrape configs: {e}")))?;
        jobs.extend(sc_jobs);
    }
    current(None);
    cfg.insert("scrape_configs", Value::Seq(jobs));
    global::agent_storage(g, &mut cfg).map_err(|e| ("spec.tsdb".to_string(), e))?;
    remote::remote_write(g, &mut cfg);
    global::otlp(g, &mut cfg).map_err(|e| {
        ("spec.otlp".to_string(), format!("failed to generate OTLP configuration: {e}"))
    })?;
    global::tracing(g, &mut cfg).map_err(|e| {
        ("spec.tracingConfig".to_string(), format!("failed to generate tracing configuration: {e}"))
    })?;
    Ok(Value::Map(cfg))
}

/// An additional scrape config, with the sharding relabelings added (last
/// key) when the Prometheus is sharded and the job has no hashmod rule.
fn additional_job(g: Gen<'_>, job: Value, shards: i64) -> Result<Value, (String, String)> {
    if shards == 1 || g.ctx.daemon_set {
        return Ok(job);
    }
    let Value::Map(m) = job else {
        return Ok(job);
    };
    let mut out = Map::new();
    let mut relabelings = Vec::new();
    for (k, v) in m.iter() {
        if k != "relabel_configs" {
            out.insert(k, v.clone());
            continue;
        }
        match v {
            Value::Seq(items) => {
                for item in items {
                    if item.as_map().is_none() {
                        return Err((
                            "spec.additionalScrapeConfigs".into(),
                            "generate additional scrape configs: error parsing relabel config: %!w(<nil>)".into(),
                        ));
                    }
                    relabelings.push(item.clone());
                }
            }
            _ => {
                return Err((
                    "spec.additionalScrapeConfigs".into(),
                    "generate additional scrape configs: error parsing relabel configs: %!w(<nil>)"
                        .into(),
                ));
            }
        }
    }
    monitors::sharding_on_address_if_missing(g, &mut relabelings, shards);
    out.insert("relabel_configs", Value::Seq(relabelings));
    Ok(Value::Map(out))
}

/// The object wrapper used by generators.
pub fn obj<'a>(i: &Input<'a>) -> Obj<'a> {
    Obj { namespace: i.namespace, name: i.name, value: i.value }
}

#[cfg(test)]
mod tests;
