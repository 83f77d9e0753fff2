//! Compiling kube-prometheus end to end, as the Operator workbench does:
//! every manifest of `../shared/conformance/operator/kube-prometheus`
//! through intake, compilation (prometheus.yaml, rule files,
//! alertmanager.yaml) and lints. The manifests are read at run time
//! (`PROMPLAY_CONFORMANCE_DIR` overrides the folder); when they cannot be
//! found the benchmark is skipped with a note, so `cargo bench` always runs.
//! Runs are kept short (10 samples) for the shared machine.
//!
//! Measured on the shared 2-core machine at low load (Nov 2026, 1.3 MB, 85
//! files): the whole compile 34 ms before the speed work, 25 ms after; of
//! that, the intake (serde_norway reading the 1 MB of Grafana dashboards
//! dominates) 20 ms; with a warm `OperatorCache` a recompile is 6.4 ms.
//! The same code as wasm in V8 (node, opt-level 3): 52 ms before, 39 ms
//! after, 11 ms from a warm cache.

use criterion::{Criterion, Throughput};
use promplay_pipeline::operator::{OperatorCache, Options, compile_manifests, intake_only};
use std::time::Duration;

mod corpus;
use corpus::{conformance_dir, kube_prometheus};

#[allow(clippy::print_stderr)] // The note about a missing corpus.
fn bench(c: &mut Criterion) {
    let files = kube_prometheus();
    if files.is_empty() {
        eprintln!(
            "kube-prometheus manifests not found under {}; skipping",
            conformance_dir().display()
        );
        return;
    }
    let bytes: usize = files.iter().map(|f| f.text.len()).sum();
    let options = Options::default();
    let mut group = c.benchmark_group("operator");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(3))
        .throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("compile kube-prometheus", |b| {
        b.iter(|| compile_manifests(&files, &options));
    });
    // The phases: reading YAML into the inventory, then everything after it
    // (a warm cache reuses every file's intake, so it measures compilation
    // and rule files and emitting).
    group.bench_function("intake", |b| b.iter(|| intake_only(&files)));
    let mut cache = OperatorCache::new();
    cache.compile(&files, &options);
    group.bench_function("compile with a warm cache", |b| {
        b.iter(|| cache.compile(&files, &options));
    });
    // The workbench's case: one small file edited, the rest unchanged.
    let mut edited = files.clone();
    let small = edited.iter().position(|f| f.text.len() < 4096).unwrap_or(0);
    let mut flip = false;
    group.bench_function("recompile after editing one file", |b| {
        b.iter(|| {
            flip = !flip;
            edited[small].text.push_str(if flip { "\n" } else { "\n\n" });
            cache.compile(&edited, &options)
        });
    });
    group.finish();
}

// The macro generates an undocumented function.
#[allow(missing_docs)]
mod group {
    use super::*;
    criterion::criterion_group!(operator_benches, bench);
}
criterion::criterion_main!(group::operator_benches);
