//! The operator scenario end to end, for the Operator workbench and
//! `promplay compile`: manifests in; the intake's inventory, every generated
//! file (named as the operator names its Secrets and ConfigMaps), the
//! selection reports and every diagnostic mapped to a span in the input
//! files out.

use promplay_diagnostics::{Diagnostic, Severity};
pub use promplay_operator::Value;
use promplay_operator::intake;
pub use promplay_operator::intake::parse_yaml;
pub use promplay_operator::intake::{FileDiagnostic, Inventory, SourceFile};
pub use promplay_operator::options::{
    DEFAULT_ALERTMANAGER_VERSION, DEFAULT_PROMETHEUS_VERSION, Options,
};

/// One generated file: `prometheus-<name>/prometheus.yaml`,
/// `prometheus-<name>-rulefiles-0/<key>`,
/// `alertmanager-<name>-generated/alertmanager.yaml`.
#[derive(Clone, Debug, PartialEq)]
pub struct GeneratedFile {
    /// The path: Secret or ConfigMap name, `/`, data key.
    pub path: String,
    /// Its content.
    pub content: String,
}

/// What happened to one candidate object of a Prometheus or Alertmanager.
#[derive(Clone, Debug, PartialEq)]
pub struct SelectionRow {
    /// `ServiceMonitor`, `PodMonitor`, `Probe`, `ScrapeConfig`,
    /// `PrometheusRule` or `AlertmanagerConfig`.
    pub kind: String,
    /// Its namespace.
    pub namespace: String,
    /// Its name.
    pub name: String,
    /// Selected and valid.
    pub selected: bool,
    /// Why not: the selector or namespace that excluded it, or why it was
    /// rejected.
    pub reason: Option<String>,
}

/// The result for one Prometheus.
#[derive(Clone, Debug, PartialEq)]
pub struct PrometheusResult {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// prometheus.yaml (`None` when unmanaged), or why the operator could
    /// not generate it.
    pub config: Result<Option<String>, String>,
    /// The tree prometheus.yaml was written from (the targets analysis reads
    /// it instead of parsing the YAML again).
    pub config_value: Option<Value>,
    /// `prometheus-<name>`.
    pub secret_name: String,
    /// Rule files as `(configmap, key, content)`.
    pub rule_files: Vec<GeneratedFile>,
    /// The selection report.
    pub selection: Vec<SelectionRow>,
}

/// The result for one Alertmanager.
#[derive(Clone, Debug, PartialEq)]
pub struct AlertmanagerResult {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// alertmanager.yaml, or why it could not be generated.
    pub config: Result<String, String>,
    /// `alertmanager-<name>-generated`.
    pub secret_name: String,
    /// The selection report.
    pub selection: Vec<SelectionRow>,
    /// Where each part of alertmanager.yaml came from, with its place in
    /// the input files (for [`crate::alertmanager::analyze_with_origins`]).
    pub origins: Vec<crate::alertmanager::ConfigOrigin>,
}

/// Everything the workbench and the CLI show.
#[derive(Clone, Debug, Default)]
pub struct OperatorReport {
    /// The objects read.
    pub inventory: Inventory,
    /// One per Prometheus, by namespace and name.
    pub prometheuses: Vec<PrometheusResult>,
    /// One per Alertmanager, by namespace and name.
    pub alertmanagers: Vec<AlertmanagerResult>,
    /// Intake and compiler diagnostics, each pointing into an input file.
    pub diagnostics: Vec<FileDiagnostic>,
}

impl OperatorReport {
    /// Every generated file, in a stable order.
    pub fn files(&self) -> Vec<GeneratedFile> {
        let mut out = Vec::new();
        for p in &self.prometheuses {
            if let Ok(Some(config)) = &p.config {
                out.push(GeneratedFile {
                    path: format!("{}/prometheus.yaml", p.secret_name),
                    content: config.clone(),
                });
            }
            out.extend(p.rule_files.iter().cloned());
        }
        for a in &self.alertmanagers {
            if let Ok(config) = &a.config {
                out.push(GeneratedFile {
                    path: format!("{}/alertmanager.yaml", a.secret_name),
                    content: config.clone(),
                });
            }
        }
        out
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.diagnostic.is_error())
    }
}

/// Reads the manifests and compiles every Prometheus and Alertmanager.
pub fn compile_manifests(files: &[SourceFile], options: &Options) -> OperatorReport {
    compile_intake(intake::intake(files), options)
}

/// Remembers what each input file read into while its text stays the same,
/// so that recompiling after an edit (the Operator workbench compiles on
/// every change) parses only the files that changed: reading YAML is most
/// of the cost of a compile.
#[derive(Debug, Default)]
pub struct OperatorCache {
    /// Per input position: the text it was read from and what it read into.
    files: Vec<(String, intake::Intake)>,
}

impl OperatorCache {
    /// An empty cache.
    pub fn new() -> OperatorCache {
        OperatorCache::default()
    }

    /// Like [`compile_manifests`], reusing the intake of every file whose
    /// position and text are unchanged since the last call.
    pub fn compile(&mut self, files: &[SourceFile], options: &Options) -> OperatorReport {
        self.files.truncate(files.len());
        let mut parts = Vec::with_capacity(files.len());
        for (i, file) in files.iter().enumerate() {
            match self.files.get(i) {
                Some((text, part)) if *text == file.text => parts.push(part.clone()),
                _ => {
                    let part = intake::read_file(i, &file.text);
                    let entry = (file.text.clone(), part.clone());
                    if i < self.files.len() {
                        self.files[i] = entry;
                    } else {
                        self.files.push(entry);
                    }
                    parts.push(part);
                }
            }
        }
        compile_intake(intake::combine(parts), options)
    }
}

/// Compiles an intake's inventory (the second half of [`compile_manifests`]).
fn compile_intake(intake: intake::Intake, options: &Options) -> OperatorReport {
    let mut report = OperatorReport {
        inventory: intake.inventory,
        diagnostics: intake.diagnostics,
        ..OperatorReport::default()
    };
    compile::run(&mut report, options);
    report
        .diagnostics
        .sort_by_key(|d| (d.file, d.diagnostic.primary_span().map_or(0, |s| s.start)));
    report
}

/// Code of the intake's note about an object of a kind the compiler does not read.
pub const CODE_IGNORED_KIND: &str = promplay_operator::intake::codes::IGNORED_KIND;

/// The intake alone (for benchmarks and tools).
pub fn intake_only(files: &[SourceFile]) -> intake::Intake {
    intake::intake(files)
}

/// Writes a value as the operator's go-yaml v2 does.
pub fn emit_yaml(value: &Value) -> String {
    promplay_operator::emit::to_yaml(value)
}

/// Maps a compiler diagnostic about `(kind, namespace, name)` at a field
/// path to the object's place in the input; unknown objects get no label.
fn object_diagnostic(
    inventory: &Inventory,
    (kind, namespace, name): (&str, &str, &str),
    path: &str,
    severity: Severity,
    code: &'static str,
    message: String,
) -> FileDiagnostic {
    let mut d = Diagnostic::new(severity, code, message);
    let object = inventory.get(kind, namespace, name);
    if let Some(o) = object {
        let span = if path.is_empty() { o.key_span("metadata.name") } else { o.value_span(path) };
        d = d.with_label(span, format!("{kind} {}", o.display_name()));
    }
    FileDiagnostic { file: object.map_or(0, |o| o.file), diagnostic: d }
}

/// The seam to the compiler (`promplay_operator::compile`), kept in one
/// place so the facade's types stay stable while the compiler grows.
mod compile {
    use super::*;
    use promplay_operator::compile as c;
    use promplay_operator::select::{Outcome, SelectionReport};

    pub(super) fn run(report: &mut OperatorReport, options: &Options) {
        let compiled = c::compile(&report.inventory, options);
        for d in compiled.diagnostics {
            let (kind, ns, name) = &d.object;
            let fd = object_diagnostic(
                &report.inventory,
                (kind, ns, name),
                &d.path,
                d.severity,
                d.code,
                d.message,
            );
            report.diagnostics.push(fd);
        }
        report.prometheuses = compiled
            .prometheuses
            .into_iter()
            .map(|p| PrometheusResult {
                rule_files: p
                    .rule_files
                    .iter()
                    .map(|r| GeneratedFile {
                        path: format!("{}/{}", r.configmap, r.key),
                        content: r.content.clone(),
                    })
                    .collect(),
                selection: rows(&p.selection),
                namespace: p.namespace,
                name: p.name,
                config: p.config,
                config_value: p.config_value,
                secret_name: p.secret_name,
            })
            .collect();
        report.alertmanagers = compiled
            .alertmanagers
            .into_iter()
            .map(|a| AlertmanagerResult {
                origins: a
                    .origins
                    .iter()
                    .map(|o| config_origin(&report.inventory, o, a.strategy))
                    .collect(),
                selection: rows(&a.selection),
                namespace: a.namespace,
                name: a.name,
                config: a.config,
                secret_name: a.secret_name,
            })
            .collect();
    }

    /// An origin with the object's file and the span of its field; a
    /// Secret's configuration is one string, so its span is the key's.
    fn config_origin(
        inventory: &Inventory,
        o: &promplay_operator::alertmanager::Origin,
        strategy: &str,
    ) -> crate::alertmanager::ConfigOrigin {
        let location = inventory.get(o.kind, &o.namespace, &o.name).map(|obj| {
            let span = if o.kind == "Secret" {
                let key = ["stringData", "data"]
                    .into_iter()
                    .find(|k| obj.value.get(k).and_then(|d| d.get("alertmanager.yaml")).is_some())
                    .unwrap_or("data");
                obj.value_span(&format!("{key}.alertmanager.yaml"))
            } else {
                obj.value_span(&o.field)
            };
            (obj.file, span)
        });
        crate::alertmanager::ConfigOrigin {
            path: o.path.clone(),
            kind: o.kind.to_owned(),
            namespace: o.namespace.clone(),
            name: o.name.clone(),
            field: o.field.clone(),
            location,
            namespace_matcher: o.namespace_matcher.clone(),
            strategy: strategy.to_owned(),
        }
    }

    fn rows(report: &SelectionReport) -> Vec<SelectionRow> {
        report
            .entries
            .iter()
            .map(|e| {
                let (selected, reason) = match &e.outcome {
                    Outcome::Selected => (true, None),
                    Outcome::Rejected(why) => (false, Some(format!("rejected: {why}"))),
                    Outcome::NotSelected(ex) => (false, Some(ex.message())),
                };
                SelectionRow {
                    kind: e.kind.clone(),
                    namespace: e.namespace.clone(),
                    name: e.name.clone(),
                    selected,
                    reason,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> OperatorReport {
        let files = [SourceFile { name: "m.yaml".into(), text: text.into() }];
        compile_manifests(&files, &Options::default())
    }

    const STACK: &str = "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  namespace: a\n  labels: {app: api}\nspec:\n  ports: [{name: web, port: 80}]\n---\napiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: api\n  namespace: a\n  labels: {team: x}\nspec:\n  selector:\n    matchLabels: {app: SELECTED}\n  endpoints: [{port: web}]\n---\napiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata:\n  name: p\n  namespace: a\nspec:\n  serviceMonitorSelector:\n    matchLabels: {team: x}\n";

    #[test]
    fn the_cache_gives_the_same_report() {
        let options = Options::default();
        let mut cache = OperatorCache::new();
        let other = STACK.replace("SELECTED", "other");
        for texts in [vec![STACK, "kind: ["], vec![other.as_str(), "kind: ["], vec![STACK]] {
            let files: Vec<SourceFile> = texts
                .iter()
                .enumerate()
                .map(|(i, t)| SourceFile { name: format!("{i}.yaml"), text: (*t).to_owned() })
                .collect();
            let direct = compile_manifests(&files, &options);
            let cached = cache.compile(&files, &options);
            assert_eq!(cached.files(), direct.files());
            assert_eq!(format!("{:?}", cached.diagnostics), format!("{:?}", direct.diagnostics));
        }
    }

    #[test]
    fn files_and_selection_rows() {
        let report = run(&STACK.replace("SELECTED", "api"));
        assert_eq!(report.files()[0].path, "prometheus-p/prometheus.yaml");
        assert!(report.prometheuses[0].selection.iter().any(|r| r.selected && r.name == "api"));
        assert!(!report.has_errors());
    }
}
