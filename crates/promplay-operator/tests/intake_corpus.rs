//! The intake over every manifest of the shared corpus: the conformance
//! inputs (which validate against the CRDs), the operator's examples and
//! kube-prometheus. None may produce an error or a warning (no spurious
//! diagnostics); ignored kinds are fine. Skipped without the corpus.

use std::path::{Path, PathBuf};

use promplay_diagnostics::Severity;
use promplay_operator::intake::{SourceFile, intake};

fn corpus() -> Option<PathBuf> {
    let root = match std::env::var_os("PROMPLAY_CONFORMANCE_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance"),
    };
    let op = root.join("operator");
    op.is_dir().then_some(op)
}

fn manifests(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            manifests(&p, out);
        } else if matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json"))
            && p.file_name().is_some_and(|n| n != "expected.yaml" && n != "case.json")
        {
            out.push(p);
        }
    }
}

/// Files of the operator's examples that are not complete manifests, with
/// the diagnostic each one must get.
const EXPECTED: &[(&str, &str)] = &[
    ("additional-scrape-configs/prometheus-additional.yaml", "OPR0002"),
    ("mixin/alerts.yaml", "OPR0002"),
    ("user-guides/alerting/alertmanager.yaml", "OPR0002"),
    ("scrapeclass/scrapeclass-example-definition.yaml", "OPR0004"),
    ("scrapeclass/scrapeclass-example-podmonitor.yaml", "OPR0004"),
    ("scrapeclass/scrapeclass-example-servicemonitor.yaml", "OPR0022"),
];

#[test]
#[allow(clippy::print_stderr)] // The counts are the test's report.
fn corpus_reads_without_spurious_diagnostics() {
    let Some(root) = corpus() else { return };
    let mut report = Vec::new();
    let mut expected = 0;
    for sub in ["cases", "examples", "kube-prometheus"] {
        let mut files = Vec::new();
        manifests(&root.join(sub), &mut files);
        let (mut objects, mut ignored, mut infos) = (0, 0, 0);
        for path in &files {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let name = path.display().to_string();
            let got = intake(&[SourceFile { name: name.clone(), text: text.clone() }]);
            objects += got.inventory.objects.len();
            ignored += got.inventory.ignored.len();
            for d in &got.diagnostics {
                if d.diagnostic.severity == Severity::Info {
                    infos += 1;
                    continue;
                }
                if EXPECTED.iter().any(|(f, c)| name.ends_with(f) && d.diagnostic.code == *c) {
                    expected += 1;
                    continue;
                }
                let rendered =
                    promplay_diagnostics::render(&text, std::slice::from_ref(&d.diagnostic));
                report.push(format!("{name}:\n{rendered}"));
            }
        }
        eprintln!(
            "{sub}: {} files, {objects} objects, {ignored} ignored, {infos} infos",
            files.len()
        );
    }
    assert_eq!(expected, EXPECTED.len(), "the known non-manifest files changed");
    assert!(report.is_empty(), "{} diagnostics:\n{}", report.len(), report.join("\n"));
}
