//! Compiling all of kube-prometheus (`../shared/conformance/operator/
//! kube-prometheus/manifests`, 85 files) end to end: intake with schema
//! checks, prometheus.yaml and alertmanager.yaml generation, diagnostics.
//! Also the intake alone and the emitter alone. Skipped with a note when the
//! corpus is missing; runs are short for the shared machine.

use criterion::{Criterion, criterion_main};
use promplay_pipeline::operator::{Options, SourceFile, compile_manifests};
use std::path::PathBuf;
use std::time::Duration;

fn manifests() -> Option<Vec<SourceFile>> {
    let root = match std::env::var_os("PROMPLAY_CONFORMANCE_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance"),
    };
    let dir = root.join("operator/kube-prometheus/manifests");
    let mut paths: Vec<PathBuf> =
        std::fs::read_dir(&dir).ok()?.flatten().map(|e| e.path()).collect();
    paths.sort();
    let files: Vec<SourceFile> = paths
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            Some(SourceFile { name: p.display().to_string(), text })
        })
        .collect();
    (!files.is_empty()).then_some(files)
}

#[allow(clippy::print_stderr)] // The skip note.
fn bench(c: &mut Criterion) {
    let Some(files) = manifests() else {
        eprintln!("kube-prometheus manifests not found; set PROMPLAY_CONFORMANCE_DIR");
        return;
    };
    let options = Options::default();
    let mut group = c.benchmark_group("operator");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    group.bench_function("kube-prometheus compile", |b| {
        b.iter(|| compile_manifests(&files, &options));
    });
    group.bench_function("kube-prometheus intake", |b| {
        b.iter(|| promplay_pipeline::operator::intake_only(&files));
    });
    let report = compile_manifests(&files, &options);
    let config = report.prometheuses.first().and_then(|p| p.config.clone().ok().flatten());
    if let Some(config) = config {
        let value = promplay_operator_parse(&config);
        group.bench_function("emit prometheus.yaml", |b| {
            b.iter(|| promplay_pipeline::operator::emit_yaml(&value));
        });
    }
    group.finish();
}

fn promplay_operator_parse(text: &str) -> promplay_pipeline::operator::Value {
    promplay_pipeline::operator::parse_yaml(text)
        .unwrap_or(promplay_pipeline::operator::Value::Null)
}

// The macro defines an undocumented function.
#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(benches, super::bench);
}
use group::benches;
criterion_main!(benches);
