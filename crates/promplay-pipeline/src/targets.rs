//! The targets scenario end to end, for the Targets workbench and
//! `promplay targets`: manifests in; the operator's compilation (reused from
//! [`OperatorCache`] when the text is unchanged) and, for every Prometheus,
//! its jobs, discovered targets, relabel traces and the "why 0 targets"
//! chains out.

use crate::operator::{OperatorCache, OperatorReport, Options, SourceFile};
pub use promplay_targets::{
    Analysis, ChainStep, Job, Location, MonitorReport, ObjectRef, Origin, Outcome,
    PrometheusTargets, Rule, Settings, Step, Target, codes, steps,
};

/// What the Targets workbench and the CLI show.
#[derive(Clone, Debug, Default)]
pub struct TargetsReport {
    /// The operator's compilation (inventory, generated files, diagnostics).
    pub operator: OperatorReport,
    /// Jobs, targets and explanations.
    pub analysis: Analysis,
}

/// Reads the manifests, compiles them and analyses the targets.
pub fn analyze(files: &[SourceFile], options: &Options) -> TargetsReport {
    from_report(crate::operator::compile_manifests(files, options))
}

/// Like [`analyze`], reusing the cache's intake of unchanged files.
pub fn analyze_cached(
    cache: &mut OperatorCache,
    files: &[SourceFile],
    options: &Options,
) -> TargetsReport {
    from_report(cache.compile(files, options))
}

/// Analyses the targets of an operator report already computed.
pub fn from_report(operator: OperatorReport) -> TargetsReport {
    let analysis = analyze_report(&operator);
    TargetsReport { operator, analysis }
}

/// The targets analysis of an operator report (the Targets workbench keeps
/// the report it compiled and analyses it in place).
pub fn analyze_report(operator: &OperatorReport) -> Analysis {
    {
        let inputs: Vec<promplay_targets::PrometheusInput<'_>> = operator
            .prometheuses
            .iter()
            .map(|p| promplay_targets::PrometheusInput {
                kind: if operator.inventory.get("Prometheus", &p.namespace, &p.name).is_some() {
                    "Prometheus"
                } else {
                    "PrometheusAgent"
                },
                namespace: &p.namespace,
                name: &p.name,
                config: p.config_value.as_ref(),
                error: p.config.as_ref().err().map(String::as_str),
                candidates: p
                    .selection
                    .iter()
                    .map(|s| promplay_targets::Candidate {
                        kind: &s.kind,
                        namespace: &s.namespace,
                        name: &s.name,
                        selected: s.selected,
                        reason: s.reason.as_deref(),
                    })
                    .collect(),
            })
            .collect();
        promplay_targets::analyze(&operator.inventory, &inputs)
    }
}
