//! The compiler's entry point: every Prometheus and Alertmanager in the
//! manifests, compiled as prometheus-operator 0.93 would (prometheus.yaml
//! with its selection report, rule files, alertmanager.yaml), plus the
//! diagnostics about the objects involved, each with a field path that the
//! pipeline maps to a span in the manifests.

use promplay_diagnostics::Severity;

use crate::alertmanager;
use crate::options::Options;
use crate::prometheus::store::Store;
use crate::prometheus::{self, Cluster, Finding};
use crate::select::{
    KindSelector, LabelSelector, Namespace, Outcome, SelectionEntry, SelectionReport, object_labels,
};
use crate::value::Value;

pub use crate::prometheus::Input;

use crate::prometheus::codes::{
    AM_NOTE as CODE_AM_NOTE, AM_REJECTED as CODE_AM_REJECTED, NOT_WATCHED as CODE_NOT_WATCHED,
    PAUSED as CODE_PAUSED, RULE_NOTE as CODE_RULE_NOTE, RULE_REJECTED as CODE_RULE_REJECTED,
};

pub use crate::rules::RuleFile;

/// What one Prometheus (or PrometheusAgent) compiles to.
#[derive(Clone, Debug, PartialEq)]
pub struct PrometheusOutput {
    /// `Prometheus` or `PrometheusAgent`.
    pub kind: String,
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// prometheus.yaml; `None` when the configuration is unmanaged; an error
    /// when the operator fails to generate it.
    pub config: Result<Option<String>, String>,
    /// The value tree `config` was written from, in the operator's key order,
    /// for consumers that read the configuration rather than print it (the
    /// targets analysis); `None` exactly when `config` is not `Ok(Some(_))`.
    pub config_value: Option<Value>,
    /// Secret holding the configuration (`prometheus-<name>`, `prom-agent-<name>`).
    pub secret_name: String,
    /// Rule files.
    pub rule_files: Vec<RuleFile>,
    /// What happened to every candidate object.
    pub selection: SelectionReport,
}

/// What one Alertmanager compiles to.
#[derive(Clone, Debug, PartialEq)]
pub struct AlertmanagerOutput {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// alertmanager.yaml or why it could not be generated.
    pub config: Result<String, String>,
    /// Secret holding it (`alertmanager-<name>-generated`).
    pub secret_name: String,
    /// What happened to every candidate AlertmanagerConfig.
    pub selection: SelectionReport,
    /// Where each route, receiver, inhibit rule and time interval of the
    /// configuration came from.
    pub origins: Vec<alertmanager::Origin>,
    /// The matcher strategy (`spec.alertmanagerConfigMatcherStrategy.type`,
    /// `OnNamespace` when unset).
    pub strategy: &'static str,
}

/// A diagnostic about one object.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectDiagnostic {
    /// `(kind, namespace, name)` of the object.
    pub object: (String, String, String),
    /// Field path inside it (`spec.endpoints[0].tlsConfig`).
    pub path: String,
    /// Severity.
    pub severity: Severity,
    /// Stable code.
    pub code: &'static str,
    /// Message.
    pub message: String,
}

/// Everything compiled.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Compiled {
    /// One per Prometheus, sorted by namespace and name.
    pub prometheuses: Vec<PrometheusOutput>,
    /// One per Alertmanager, sorted by namespace and name.
    pub alertmanagers: Vec<AlertmanagerOutput>,
    /// Diagnostics.
    pub diagnostics: Vec<ObjectDiagnostic>,
}

impl From<Finding> for ObjectDiagnostic {
    fn from(f: Finding) -> ObjectDiagnostic {
        ObjectDiagnostic {
            object: (f.kind, f.namespace, f.name),
            path: f.path,
            severity: f.severity,
            code: f.code,
            message: f.message,
        }
    }
}

impl alertmanager::Store for Store {
    fn secret(&self, namespace: &str, name: &str, key: &str) -> alertmanager::Lookup {
        if !self.has_secret(namespace, name) {
            return alertmanager::Lookup::NoObject;
        }
        let sel = crate::prometheus::store::KeyRef {
            name: name.into(),
            key: key.into(),
            optional: false,
        };
        match Store::secret(self, namespace, &sel) {
            Ok(v) => alertmanager::Lookup::Found(v),
            Err(_) => alertmanager::Lookup::NoKey,
        }
    }

    fn config_map(&self, namespace: &str, name: &str, key: &str) -> alertmanager::Lookup {
        if !self.has_configmap(namespace, name) {
            return alertmanager::Lookup::NoObject;
        }
        let sel = crate::prometheus::store::KeyRef {
            name: name.into(),
            key: key.into(),
            optional: false,
        };
        match self.configmap(namespace, &sel) {
            Ok(v) => alertmanager::Lookup::Found(v),
            Err(_) => alertmanager::Lookup::NoKey,
        }
    }
}

/// Builds the cluster view: namespaces (declared ones with their labels,
/// plus every namespace an object lives in) and the Secret/ConfigMap store.
pub fn cluster<'a>(objects: &[Input<'a>], options: &'a Options) -> Cluster<'a> {
    let mut namespaces: Vec<Namespace> = Vec::new();
    let mut store = Store::new();
    for o in objects {
        match o.kind {
            "Namespace" => {
                namespaces.retain(|n| n.name != o.name);
                namespaces.push(Namespace::new(o.name, object_labels(o.value)));
            }
            "Secret" => store.add_secret(o.namespace, o.name, o.value),
            "ConfigMap" => store.add_configmap(o.namespace, o.name, o.value),
            _ => {}
        }
    }
    for o in objects {
        if !o.namespace.is_empty() && !namespaces.iter().any(|n| n.name == o.namespace) {
            namespaces.push(Namespace::new(o.namespace, Vec::new()));
        }
    }
    namespaces.sort_by(|a, b| a.name.cmp(&b.name));
    Cluster { objects: objects.to_vec(), namespaces, store, options }
}

/// The rule ConfigMap names the operator lists in `rule_files` (at least three).
pub fn rule_configmap_names(prometheus: &str, count: usize) -> Vec<String> {
    (0..count.max(3)).map(|i| format!("prometheus-{prometheus}-rulefiles-{i}")).collect()
}

fn instance_watched(options: &Options, allow: &[String], namespace: &str) -> Option<String> {
    if !allow.is_empty() {
        return (!allow.iter().any(|n| n == namespace)).then(|| {
            format!("namespace {namespace:?} is not in the operator's instance namespaces")
        });
    }
    options.namespace_exclusion(namespace)
}

/// Compiles every Prometheus and Alertmanager of the inventory.
pub fn compile(inventory: &crate::intake::Inventory, options: &Options) -> Compiled {
    let inputs: Vec<Input<'_>> = inventory
        .objects
        .iter()
        .map(|o| Input { kind: &o.kind, namespace: &o.namespace, name: &o.name, value: &o.value })
        .collect();
    compile_objects(&inputs, options)
}

/// Compiles every Prometheus and Alertmanager among `objects`.
pub fn compile_objects(objects: &[Input<'_>], options: &Options) -> Compiled {
    if !options.crd_defaults {
        return compile_defaulted(objects, options);
    }
    // The API server would have filled in the CRD defaults; do it on copies.
    let defaulted: Vec<Option<Value>> =
        objects.iter().map(|o| prometheus::defaults::with_defaults(o.kind, o.value)).collect();
    let inputs: Vec<Input<'_>> = objects
        .iter()
        .zip(&defaulted)
        .map(|(o, d)| Input { value: d.as_ref().unwrap_or(o.value), ..*o })
        .collect();
    compile_defaulted(&inputs, options)
}

fn compile_defaulted(objects: &[Input<'_>], options: &Options) -> Compiled {
    let cluster = cluster(objects, options);
    let mut out = Compiled::default();
    let mut proms: Vec<&Input<'_>> =
        objects.iter().filter(|o| o.kind == "Prometheus" || o.kind == "PrometheusAgent").collect();
    proms.sort_by(|a, b| (a.namespace, a.name).cmp(&(b.namespace, b.name)));
    for p in proms {
        if let Some(why) =
            instance_watched(options, &options.prometheus_instance_namespaces, p.namespace)
        {
            out.diagnostics.push(ObjectDiagnostic {
                object: (p.kind.into(), p.namespace.into(), p.name.into()),
                path: "metadata.namespace".into(),
                severity: Severity::Warning,
                code: CODE_NOT_WATCHED,
                message: format!("the operator does not reconcile this {}: {why}", p.kind),
            });
            continue;
        }
        if p.value.path(&["spec", "paused"]).and_then(Value::as_bool) == Some(true) {
            out.diagnostics.push(ObjectDiagnostic {
                object: (p.kind.into(), p.namespace.into(), p.name.into()),
                path: "spec.paused".into(),
                severity: Severity::Info,
                code: CODE_PAUSED,
                message: "the Prometheus is paused: the operator takes no action and keeps the configuration it generated before; shown here is what it would generate when unpaused".into(),
            });
        }
        let agent = p.kind == "PrometheusAgent";
        let (rules, rule_entries) = if agent {
            (crate::rules::RuleFiles::default(), Vec::new())
        } else {
            rule_files(&cluster, *p, &mut out.diagnostics)
        };
        let generated = prometheus::generate(&cluster, *p, &rules.configmaps);
        out.diagnostics.extend(generated.findings.into_iter().map(ObjectDiagnostic::from));
        let mut selection = generated.selection;
        selection.entries.extend(rule_entries);
        out.prometheuses.push(PrometheusOutput {
            kind: p.kind.into(),
            namespace: p.namespace.into(),
            name: p.name.into(),
            config: generated
                .config
                .as_ref()
                .map(|c| c.as_ref().map(crate::emit::to_yaml))
                .map_err(Clone::clone),
            config_value: generated.config.ok().flatten(),
            secret_name: if agent {
                format!("prom-agent-{}", p.name)
            } else {
                format!("prometheus-{}", p.name)
            },
            rule_files: rules.files,
            selection,
        });
    }
    let mut ams: Vec<&Input<'_>> = objects.iter().filter(|o| o.kind == "Alertmanager").collect();
    ams.sort_by(|a, b| (a.namespace, a.name).cmp(&(b.namespace, b.name)));
    for am in ams {
        if let Some(why) =
            instance_watched(options, &options.alertmanager_instance_namespaces, am.namespace)
        {
            out.diagnostics.push(ObjectDiagnostic {
                object: ("Alertmanager".into(), am.namespace.into(), am.name.into()),
                path: "metadata.namespace".into(),
                severity: Severity::Warning,
                code: CODE_NOT_WATCHED,
                message: format!("the operator does not reconcile this Alertmanager: {why}"),
            });
            continue;
        }
        out.alertmanagers.push(compile_alertmanager(&cluster, *am, &mut out.diagnostics));
    }
    out
}

/// The PrometheusRules a Prometheus selects (`ruleSelector`, nil = none;
/// `ruleNamespaceSelector`, nil = own namespace) turned into rule files.
fn rule_files(
    cluster: &Cluster<'_>,
    prom: Input<'_>,
    diagnostics: &mut Vec<ObjectDiagnostic>,
) -> (crate::rules::RuleFiles, Vec<SelectionEntry>) {
    let spec = prom.value.get("spec").unwrap_or(&Value::Null);
    let watched: Vec<Namespace> = cluster
        .namespaces
        .iter()
        .filter(|n| cluster.options.namespace_watched(&n.name))
        .cloned()
        .collect();
    let ks = KindSelector {
        kind: "PrometheusRule",
        own_namespace: prom.namespace,
        field: "spec.ruleSelector",
        selector: LabelSelector::from_field(spec.get("ruleSelector")),
        namespace_field: "spec.ruleNamespaceSelector",
        namespace_selector: LabelSelector::from_field(spec.get("ruleNamespaceSelector")),
    };
    let mut candidates: Vec<&Input<'_>> =
        cluster.objects.iter().filter(|o| o.kind == "PrometheusRule").collect();
    candidates.sort_by(|a, b| (a.namespace, a.name).cmp(&(b.namespace, b.name)));
    let mut entries = Vec::new();
    let mut selected = Vec::new();
    for c in candidates {
        let labels = object_labels(c.value);
        let unwatched = cluster.options.namespace_exclusion(c.namespace);
        let outcome = match ks.decide(c.namespace, &labels, &watched, unwatched) {
            Ok(()) => {
                selected.push(c.value);
                Outcome::Selected
            }
            Err(why) => Outcome::NotSelected(why),
        };
        entries.push(SelectionEntry {
            kind: "PrometheusRule".into(),
            namespace: c.namespace.into(),
            name: c.name.into(),
            outcome,
        });
    }
    let cx = crate::rules::RuleContext::from_prometheus(
        prom.value,
        &cluster.options.default_prometheus_version,
    );
    let files = crate::rules::make_rule_files(&cx, &selected);
    for r in &files.rejected {
        mark_rejected(&mut entries, &r.namespace, &r.name, &r.reason);
        diagnostics.push(ObjectDiagnostic {
            object: ("PrometheusRule".into(), r.namespace.clone(), r.name.clone()),
            path: "spec.groups".into(),
            severity: Severity::Warning,
            code: CODE_RULE_REJECTED,
            message: format!(
                "{}/{} was rejected by Prometheus {}/{}: {}",
                r.namespace, r.name, prom.namespace, prom.name, r.reason
            ),
        });
    }
    for w in &files.warnings {
        diagnostics.push(ObjectDiagnostic {
            object: ("Prometheus".into(), prom.namespace.into(), prom.name.into()),
            path: "spec.version".into(),
            severity: Severity::Warning,
            code: CODE_RULE_NOTE,
            message: w.clone(),
        });
    }
    (files, entries)
}

fn compile_alertmanager(
    cluster: &Cluster<'_>,
    am: Input<'_>,
    diagnostics: &mut Vec<ObjectDiagnostic>,
) -> AlertmanagerOutput {
    let spec = am.value.get("spec").unwrap_or(&Value::Null);
    let watched: Vec<Namespace> = cluster
        .namespaces
        .iter()
        .filter(|n| cluster.options.namespace_watched(&n.name))
        .cloned()
        .collect();
    let ks = KindSelector {
        kind: "AlertmanagerConfig",
        own_namespace: am.namespace,
        field: "spec.alertmanagerConfigSelector",
        selector: LabelSelector::from_field(spec.get("alertmanagerConfigSelector")),
        namespace_field: "spec.alertmanagerConfigNamespaceSelector",
        namespace_selector: LabelSelector::from_field(
            spec.get("alertmanagerConfigNamespaceSelector"),
        ),
    };
    let mut candidates: Vec<&Input<'_>> =
        cluster.objects.iter().filter(|o| o.kind == "AlertmanagerConfig").collect();
    candidates.sort_by(|a, b| (a.namespace, a.name).cmp(&(b.namespace, b.name)));
    let mut report = SelectionReport::default();
    let mut configs = Vec::new();
    for c in &candidates {
        let labels = object_labels(c.value);
        let unwatched = cluster.options.namespace_exclusion(c.namespace);
        let outcome = match ks.decide(c.namespace, &labels, &watched, unwatched) {
            Ok(()) => {
                configs.push(c.value);
                Outcome::Selected
            }
            Err(why) => Outcome::NotSelected(why),
        };
        report.entries.push(SelectionEntry {
            kind: "AlertmanagerConfig".into(),
            namespace: c.namespace.into(),
            name: c.name.into(),
            outcome,
        });
    }
    let global_name = spec
        .get("alertmanagerConfiguration")
        .and_then(|c| c.get("name"))
        .and_then(Value::as_str)
        .unwrap_or("");
    let global_config = candidates
        .iter()
        .find(|c| !global_name.is_empty() && c.namespace == am.namespace && c.name == global_name)
        .map(|c| c.value);
    let req = alertmanager::Request {
        alertmanager: am.value,
        configs,
        global_config,
        store: &cluster.store,
        default_version: &cluster.options.default_alertmanager_version,
    };
    let generated = alertmanager::generate(&req);
    for r in &generated.rejected {
        mark_rejected(&mut report.entries, &r.namespace, &r.name, &r.reason);
        diagnostics.push(ObjectDiagnostic {
            object: ("AlertmanagerConfig".into(), r.namespace.clone(), r.name.clone()),
            path: if r.path.is_empty() { "spec".into() } else { r.path.clone() },
            severity: Severity::Warning,
            code: CODE_AM_REJECTED,
            message: format!(
                "{}/{} was rejected by Alertmanager {}/{} due to invalid configuration: {}",
                r.namespace, r.name, am.namespace, am.name, r.reason
            ),
        });
    }
    for w in &generated.warnings {
        diagnostics.push(ObjectDiagnostic {
            object: ("Alertmanager".into(), am.namespace.into(), am.name.into()),
            path: "spec".into(),
            severity: Severity::Warning,
            code: CODE_AM_NOTE,
            message: w.clone(),
        });
    }
    AlertmanagerOutput {
        namespace: am.namespace.into(),
        name: am.name.into(),
        config: generated.config,
        secret_name: alertmanager::generated_secret_name(am.name),
        selection: report,
        origins: generated.origins,
        strategy: generated.strategy,
    }
}

/// Records in a selection report that `namespace/name` was rejected.
fn mark_rejected(entries: &mut [SelectionEntry], namespace: &str, name: &str, reason: &str) {
    for e in entries.iter_mut().filter(|e| e.namespace == namespace && e.name == name) {
        e.outcome = Outcome::Rejected(reason.to_string());
    }
}
