//! The targets analysis end to end, as the Targets workbench runs it: all
//! of kube-prometheus (compile, then discovery, relabeling and the
//! explanations; its manifests have no Endpoints or Pods, so this measures
//! 22 jobs over empty discovery plus 13 explanation chains), and a
//! synthetic cluster that is all targets: 10 namespaces × 10 Services × 5
//! ready Pods, one ServiceMonitor per Service, so every one of the 100
//! jobs discovers the 50 endpoints of its namespace and relabels them
//! (5,000 traced targets, 500 active). Runs are short for the shared
//! machine.
//!
//! Measured on the shared 2-core machine (Nov 2026): kube-prometheus end
//! to end 79 ms (analysis 14 ms); the synthetic cluster's analysis 301 ms,
//! end to end with a warm cache 330 ms (crates/promplay-targets/README.md).

use criterion::Criterion;
use promplay_pipeline::operator::{OperatorCache, Options, SourceFile, compile_manifests};
use promplay_pipeline::targets::{analyze, analyze_report};
use std::fmt::Write as _;
use std::time::Duration;

mod corpus;

/// Manifests of a cluster with `ns` namespaces of `svc` Services with `pods` Pods each.
fn synthetic(ns: usize, svc: usize, pods: usize) -> Vec<SourceFile> {
    let mut t = String::new();
    t.push_str("apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: {name: k8s, namespace: monitoring}\nspec:\n  serviceMonitorSelector: {}\n  serviceMonitorNamespaceSelector: {}\n");
    for n in 0..ns {
        for s in 0..svc {
            let app = format!("app-{s}");
            let _ = write!(
                t,
                "---\napiVersion: v1\nkind: Service\nmetadata: {{name: {app}, namespace: ns-{n}, labels: {{app: {app}}}}}\nspec:\n  selector: {{app: {app}}}\n  ports: [{{name: metrics, port: 8080}}]\n"
            );
            let _ = write!(
                t,
                "---\napiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {{name: {app}, namespace: ns-{n}}}\nspec:\n  selector: {{matchLabels: {{app: {app}}}}}\n  endpoints: [{{port: metrics, interval: 30s}}]\n"
            );
            let mut addresses = String::new();
            for p in 0..pods {
                let ip = format!("10.{n}.{s}.{p}");
                let pod = format!("{app}-{p}");
                let _ = write!(
                    t,
                    "---\napiVersion: v1\nkind: Pod\nmetadata: {{name: {pod}, namespace: ns-{n}, labels: {{app: {app}}}}}\nspec:\n  containers: [{{name: main, image: x, ports: [{{name: metrics, containerPort: 8080}}]}}]\nstatus: {{phase: Running, podIP: {ip}}}\n"
                );
                let _ = writeln!(
                    addresses,
                    "  - {{ip: {ip}, targetRef: {{kind: Pod, namespace: ns-{n}, name: {pod}}}}}"
                );
            }
            let _ = write!(
                t,
                "---\napiVersion: v1\nkind: Endpoints\nmetadata: {{name: {app}, namespace: ns-{n}}}\nsubsets:\n- addresses:\n{addresses}  ports: [{{name: metrics, port: 8080}}]\n"
            );
        }
    }
    vec![SourceFile { name: "cluster.yaml".into(), text: t }]
}

#[allow(clippy::print_stderr)] // The note about a missing corpus.
fn bench(c: &mut Criterion) {
    let options = Options::default();
    let mut group = c.benchmark_group("targets");
    group.sample_size(10).measurement_time(Duration::from_secs(3));
    let files = corpus::kube_prometheus();
    if files.is_empty() {
        eprintln!(
            "kube-prometheus manifests not found under {}; skipping it",
            corpus::conformance_dir().display()
        );
    } else {
        group.bench_function("kube-prometheus end to end", |b| {
            b.iter(|| analyze(&files, &options));
        });
        let report = compile_manifests(&files, &options);
        group.bench_function("kube-prometheus analysis only", |b| {
            b.iter(|| analyze_report(&report));
        });
    }
    let cluster = synthetic(10, 10, 5);
    let report = compile_manifests(&cluster, &options);
    let analysis = analyze_report(&report);
    let targets: usize =
        analysis.prometheuses.iter().flat_map(|p| &p.jobs).map(|j| j.targets.len()).sum();
    assert_eq!(targets, 5000, "the synthetic cluster discovers 100 jobs × 50 endpoints");
    group.bench_function("synthetic cluster analysis (5000 targets)", |b| {
        b.iter(|| analyze_report(&report));
    });
    let mut cache = OperatorCache::new();
    group.bench_function("synthetic cluster end to end, warm cache", |b| {
        b.iter(|| analyze_report(&cache.compile(&cluster, &options)));
    });
    group.finish();
}

// The macro generates an undocumented function.
#[allow(missing_docs)]
mod group {
    use super::*;
    criterion::criterion_group!(targets_benches, bench);
}
criterion::criterion_main!(group::targets_benches);
