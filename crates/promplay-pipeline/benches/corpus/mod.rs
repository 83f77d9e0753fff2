//! The inputs the pipeline benchmarks share: kube-prometheus' manifests,
//! read at run time from the conformance folder (`PROMPLAY_CONFORMANCE_DIR`
//! overrides it; empty when absent, and the benchmarks then skip).

use promplay_pipeline::operator::SourceFile;
use std::path::{Path, PathBuf};

/// The conformance root.
pub fn conformance_dir() -> PathBuf {
    match std::env::var_os("PROMPLAY_CONFORMANCE_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance"),
    }
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            yaml_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "yaml" || e == "yml" || e == "json") {
            out.push(p);
        }
    }
}

/// Every manifest of kube-prometheus, by file name.
pub fn kube_prometheus() -> Vec<SourceFile> {
    let mut paths = Vec::new();
    yaml_files(&conformance_dir().join("operator/kube-prometheus/manifests"), &mut paths);
    paths
        .iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            Some(SourceFile { name: p.file_name()?.to_string_lossy().into_owned(), text })
        })
        .collect()
}
