//! The Operator workbench's engine task: the manifests and the operator's
//! settings go to the engine worker, which compiles them
//! (`promplay_pipeline::operator`, the call `promplay compile` makes) and
//! sends back only what the workbench shows: generated files, selection
//! rows, the listed diagnostics with their line and column, and the counts.
//!
//! Only the worker runs [`Run::run`], so the page's wasm links none of the
//! operator compiler. The worker keeps one [`OperatorCache`] for the
//! Operator and Targets tasks alike, so recompiling after an edit re-reads
//! only the files that changed; a restarted worker just starts cold.

use promplay_diagnostics::{LineIndex, Severity, Span};
use serde::{Deserialize, Serialize};

use crate::engine::{Run, Task};

/// The workbench's input as it crosses to the worker.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CompileTask {
    /// The manifest files, in tab order: name and text.
    pub files: Vec<(String, String)>,
    /// The operator's default Prometheus version (for an empty `spec.version`).
    pub prometheus_version: String,
    /// The operator's default Alertmanager version.
    pub alertmanager_version: String,
    /// Further operator options, `key=value` one a line.
    pub options_text: String,
}

/// What the Operator workbench shows of one compilation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CompileOutput {
    /// The first option line that is not understood, with why.
    pub options_problem: Option<String>,
    /// How many objects the intake accepted.
    pub objects: usize,
    /// Objects of kinds the operator does not read: kind and `namespace/name`.
    pub ignored: Vec<(String, String)>,
    /// Errors among all diagnostics.
    pub errors: usize,
    /// Warnings among all diagnostics.
    pub warnings: usize,
    /// The diagnostics the problems list shows (the "ignored kind" notes
    /// are the ignored list instead), by file and position.
    pub problems: Vec<FileProblem>,
    /// One per Prometheus.
    pub prometheuses: Vec<Owner>,
    /// One per Alertmanager.
    pub alertmanagers: Vec<Owner>,
}

/// A diagnostic in one of the input files.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileProblem {
    /// Index of the file.
    pub file: usize,
    /// 1-based line of the primary span's start in that file.
    pub line: u32,
    /// 1-based column (in characters).
    pub col: u32,
    /// Error, warning or info.
    pub severity: Severity,
    /// The stable code (`OPR0201`).
    pub code: String,
    /// One line.
    pub message: String,
    /// How to fix it, if known.
    pub help: Option<String>,
    /// The primary span in that file (empty at 0 when the diagnostic has none).
    pub span: Span,
}

/// A Prometheus or an Alertmanager and what the operator made of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Owner {
    /// `namespace/name`.
    pub name: String,
    /// One sentence: generated, unmanaged, or why it failed.
    pub status: String,
    /// The operator fails on it.
    pub failed: bool,
    /// prometheus.yaml or alertmanager.yaml, when generated.
    pub config: Option<GeneratedFile>,
    /// The rule files (Prometheus only).
    pub rule_files: Vec<GeneratedFile>,
    /// The selection report.
    pub selection: Vec<SelectionRow>,
}

/// One generated file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GeneratedFile {
    /// Secret or ConfigMap name, `/`, data key.
    pub path: String,
    /// Its content.
    pub content: String,
}

/// What happened to one candidate object.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SelectionRow {
    /// `ServiceMonitor`, `PrometheusRule`, …
    pub kind: String,
    /// `namespace/name`.
    pub object: String,
    /// Selected and valid.
    pub selected: bool,
    /// `selected`, or why not.
    pub outcome: String,
}

impl Task for CompileTask {
    const KIND: &'static str = "operator-compile";
    type Output = CompileOutput;
}

impl Run for CompileTask {
    fn run(self) -> CompileOutput {
        let (options, options_problem) = self.options();
        let sources = self.sources();
        let report = worker::compile(&sources, &options);
        view(&self, &report, options_problem)
    }
}

/// The worker's side: the shared cache and the pipeline calls. Nothing in
/// here may be called from page code.
pub(crate) mod worker {
    use promplay_pipeline::operator::{OperatorCache, OperatorReport, Options, SourceFile};
    use std::cell::RefCell;

    thread_local! {
        /// The intake of every unchanged file, shared by the Operator and
        /// Targets tasks (they compile the same manifests).
        static CACHE: RefCell<OperatorCache> = RefCell::new(OperatorCache::new());
    }

    /// Compiles `files`, reusing the cached intake of unchanged files.
    pub(crate) fn compile(files: &[SourceFile], options: &Options) -> OperatorReport {
        CACHE.with(|c| c.borrow_mut().compile(files, options))
    }
}

impl CompileTask {
    /// The files as the pipeline takes them.
    pub(crate) fn sources(&self) -> Vec<promplay_pipeline::operator::SourceFile> {
        self.files
            .iter()
            .map(|(name, text)| promplay_pipeline::operator::SourceFile {
                name: name.clone(),
                text: text.clone(),
            })
            .collect()
    }

    /// The operator options, and the first option line that is not
    /// understood.
    pub(crate) fn options(&self) -> (promplay_pipeline::operator::Options, Option<String>) {
        let mut options = promplay_pipeline::operator::Options::default();
        let mut problem = None;
        let v = self.prometheus_version.trim();
        if !v.is_empty() {
            v.clone_into(&mut options.default_prometheus_version);
        }
        let v = self.alertmanager_version.trim();
        if !v.is_empty() {
            v.clone_into(&mut options.default_alertmanager_version);
        }
        let lines = self.options_text.lines().map(str::trim);
        for line in lines.filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let result = match line.split_once('=') {
                Some((k, v)) => options.set(k.trim(), v.trim()),
                None => Err("expected key=value".to_owned()),
            };
            if let Err(e) = result
                && problem.is_none()
            {
                problem = Some(format!("{line}: {e}"));
            }
        }
        (options, problem)
    }
}

/// The workbench's view of a report.
fn view(
    task: &CompileTask,
    report: &promplay_pipeline::operator::OperatorReport,
    options_problem: Option<String>,
) -> CompileOutput {
    let count =
        |sev: Severity| report.diagnostics.iter().filter(|d| d.diagnostic.severity == sev).count();
    let indexes: Vec<LineIndex> = task.files.iter().map(|(_, t)| LineIndex::new(t)).collect();
    let problems = report
        .diagnostics
        .iter()
        .filter(|d| {
            !(d.diagnostic.severity == Severity::Info
                && d.diagnostic.code == promplay_pipeline::operator::CODE_IGNORED_KIND)
        })
        .map(|d| {
            let span = d.diagnostic.primary_span().unwrap_or_default();
            let (line, col) = match (task.files.get(d.file), indexes.get(d.file)) {
                (Some((_, text)), Some(index)) => {
                    let pos = index.line_col(text, span.start);
                    (pos.line, pos.col)
                }
                _ => (1, 1),
            };
            FileProblem {
                file: d.file,
                line,
                col,
                severity: d.diagnostic.severity,
                code: d.diagnostic.code.to_owned(),
                message: d.diagnostic.message.clone(),
                help: d.diagnostic.help.clone(),
                span,
            }
        })
        .collect();
    let ignored = report
        .inventory
        .ignored
        .iter()
        .map(|i| {
            let name = if i.namespace.is_empty() {
                i.name.clone()
            } else {
                format!("{}/{}", i.namespace, i.name)
            };
            (i.kind.clone(), name)
        })
        .collect();
    let failed = |e: &String| format!("The operator fails to generate the configuration: {e}");
    let prometheuses = report
        .prometheuses
        .iter()
        .map(|p| {
            let (status, config) = match &p.config {
                Ok(Some(text)) => (
                    "prometheus.yaml generated".to_owned(),
                    Some(GeneratedFile {
                        path: format!("{}/prometheus.yaml", p.secret_name),
                        content: text.clone(),
                    }),
                ),
                Ok(None) => (
                    "Unmanaged: no monitor selector is set, so the operator leaves the configuration Secret to you".to_owned(),
                    None,
                ),
                Err(e) => (failed(e), None),
            };
            Owner {
                name: format!("{}/{}", p.namespace, p.name),
                status,
                failed: p.config.is_err(),
                config,
                rule_files: p
                    .rule_files
                    .iter()
                    .map(|f| GeneratedFile { path: f.path.clone(), content: f.content.clone() })
                    .collect(),
                selection: rows(&p.selection),
            }
        })
        .collect();
    let alertmanagers = report
        .alertmanagers
        .iter()
        .map(|a| {
            let (status, config) = match &a.config {
                Ok(text) => (
                    "alertmanager.yaml generated".to_owned(),
                    Some(GeneratedFile {
                        path: format!("{}/alertmanager.yaml", a.secret_name),
                        content: text.clone(),
                    }),
                ),
                Err(e) => (failed(e), None),
            };
            Owner {
                name: format!("{}/{}", a.namespace, a.name),
                status,
                failed: a.config.is_err(),
                config,
                rule_files: Vec::new(),
                selection: rows(&a.selection),
            }
        })
        .collect();
    CompileOutput {
        options_problem,
        objects: report.inventory.objects.len(),
        ignored,
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        problems,
        prometheuses,
        alertmanagers,
    }
}

fn rows(selection: &[promplay_pipeline::operator::SelectionRow]) -> Vec<SelectionRow> {
    selection
        .iter()
        .map(|r| SelectionRow {
            kind: r.kind.clone(),
            object: format!("{}/{}", r.namespace, r.name),
            selected: r.selected,
            outcome: if r.selected {
                "selected".to_owned()
            } else {
                r.reason.clone().unwrap_or_else(|| "not selected".to_owned())
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(files: &[(&str, &str)]) -> CompileTask {
        CompileTask {
            files: files.iter().map(|(n, t)| ((*n).to_owned(), (*t).to_owned())).collect(),
            ..CompileTask::default()
        }
    }

    #[test]
    fn the_default_example_compiles_in_the_task() {
        let files = super::super::default_files();
        let task = CompileTask {
            files: files.into_iter().map(|f| (f.name, f.text)).collect(),
            ..CompileTask::default()
        };
        let out = crate::engine::tasks::round_trip(task);
        assert_eq!(out.errors, 0);
        assert_eq!(out.options_problem, None);
        let prom = &out.prometheuses[0];
        let config = prom.config.as_ref().expect("prometheus.yaml");
        assert!(config.path.ends_with("/prometheus.yaml"));
        assert!(config.content.contains("scrape_configs:"));
        assert!(prom.selection.iter().any(|r| r.selected));
    }

    #[test]
    fn problems_carry_their_file_and_line() {
        let text = "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: app\nspec:\n  selector: {}\n  endpoints:\n  - port: 8080\n";
        let out = crate::engine::tasks::round_trip(task(&[
            ("a.yaml", "# nothing here\n"),
            ("b.yaml", text),
        ]));
        let error = out
            .problems
            .iter()
            .find(|p| p.severity == Severity::Error)
            .expect("the numeric port is an error");
        assert_eq!(error.file, 1);
        assert_eq!(error.line, 8);
        assert_eq!(&text[error.span.start as usize..error.span.end as usize], "8080");
        assert_eq!(out.errors, 1);
    }

    #[test]
    fn an_unknown_option_is_reported_and_the_rest_still_compiles() {
        let mut t = task(&[("a.yaml", "")]);
        t.options_text = "# a comment\nnamespaces=default\nbogus\n".into();
        let out = crate::engine::tasks::round_trip(t);
        assert_eq!(out.options_problem.as_deref(), Some("bogus: expected key=value"));
    }
}
