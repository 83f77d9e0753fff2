//! The targets analysis over all of kube-prometheus (read from the
//! conformance folder; skipped with a note when it is absent): it runs
//! without panicking, every ServiceMonitor job is analysed, and since the
//! manifests contain no Endpoints or Pods, every monitor that a Prometheus
//! selects gets a chain that ends in a break.

#[path = "../benches/corpus/mod.rs"]
mod corpus;

use promplay_pipeline::operator::Options;
use promplay_pipeline::targets::analyze;

#[test]
#[allow(clippy::print_stderr)] // The note about a missing corpus.
fn kube_prometheus_analyses() {
    let files = corpus::kube_prometheus();
    if files.is_empty() {
        eprintln!("kube-prometheus manifests not found; skipped");
        return;
    }
    let report = analyze(&files, &Options::default());
    let prom = &report.analysis.prometheuses[0];
    assert_eq!((prom.namespace.as_str(), prom.name.as_str()), ("monitoring", "k8s"));
    let monitor_jobs = prom.jobs.iter().filter(|j| j.name.starts_with("serviceMonitor/")).count();
    assert!(monitor_jobs >= 20, "{monitor_jobs} ServiceMonitor jobs");
    for m in report.analysis.monitors.iter().filter(|m| m.prometheus.is_some()) {
        assert_eq!(m.active, 0, "{}", m.object);
        let last = m.chain.last().unwrap_or_else(|| panic!("{} has no chain", m.object));
        assert!(!last.ok, "{}: the chain ends in a break", m.object);
    }
}
