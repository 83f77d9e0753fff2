//! Parsing throughput in MB/s: the generated large exposition (74 MB) in
//! both formats, and the real captures in `../shared/corpus/exposition`.
//!
//! The large files are generated into `target/bench-data/` on first use with
//! `gen_exposition.py --seed 42` (deterministic). Inputs that cannot be found
//! or generated are skipped with a note, so `cargo bench` always runs.
//! Runs are kept short (10 samples, a few seconds) for the shared machine.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use promplay_exposition::{Format, ParseOptions, parse};
use std::path::{Path, PathBuf};
use std::time::Duration;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn corpus_dir() -> PathBuf {
    match std::env::var_os("PROMPLAY_CORPUS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => workspace_root().join("../shared/corpus"),
    }
}

/// The large generated file of `ext` (`prom` or `om`), generating it if needed.
fn large(ext: &str) -> Option<String> {
    let dir = workspace_root().join("target/bench-data");
    let path = dir.join(format!("large.{ext}.txt"));
    if !path.exists() {
        let script = corpus_dir().join("gen_exposition.py");
        std::fs::create_dir_all(&dir).ok()?;
        let status = std::process::Command::new("python3")
            .arg(&script)
            .args(["--seed", "42", "--out"])
            .arg(dir.join("large"))
            .stdout(std::process::Stdio::null())
            .status()
            .ok()?;
        if !status.success() {
            return None;
        }
    }
    std::fs::read_to_string(path).ok()
}

fn bench_one(c: &mut Criterion, name: &str, text: &str, format: Format) {
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(text.len() as u64));
    let options = ParseOptions::new(Some(format), Default::default());
    // The result is dropped outside the measurement: freeing a large AST is
    // not parsing.
    group.bench_function(name, |b| {
        b.iter_with_large_drop(|| parse(std::hint::black_box(text), &options));
    });
    group.finish();
}

#[allow(clippy::print_stderr)] // Notes about skipped inputs.
fn benches(c: &mut Criterion) {
    for (ext, format) in [("prom", Format::Prometheus), ("om", Format::OpenMetrics)] {
        match large(ext) {
            Some(text) => bench_one(c, &format!("large.{ext}"), &text, format),
            None => {
                eprintln!("skipped: large.{ext} (could not generate it with gen_exposition.py)");
            }
        }
    }
    let captures = corpus_dir().join("exposition");
    let Ok(dir) = std::fs::read_dir(&captures) else {
        eprintln!(
            "skipped: real captures ({} not found; set PROMPLAY_CORPUS_DIR)",
            captures.display()
        );
        return;
    };
    let mut files: Vec<PathBuf> = dir.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    files.sort();
    for path in files {
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let format = if name.ends_with(".om.txt") {
            Format::OpenMetrics
        } else if name.ends_with(".prom.txt") {
            Format::Prometheus
        } else {
            continue;
        };
        if let Ok(text) = std::fs::read_to_string(&path) {
            bench_one(c, name.trim_end_matches(".txt"), &text, format);
        }
    }
}

// The macro generates an undocumented function.
#[allow(missing_docs)]
mod group {
    use super::*;
    criterion_group! {
    name = parse_benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    targets = benches
    }
}
criterion_main!(group::parse_benches);
