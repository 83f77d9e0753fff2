//! Real `/metrics` captures (node_exporter, Prometheus, Alertmanager,
//! blackbox_exporter, a Python client program) parse without errors as
//! Prometheus reads them, and the text-format ones also under `expfmt`'s
//! strictness. (Strict OpenMetrics rightly rejects the Go client's
//! `go_memstats_alloc_bytes` gauge next to the counter of the same family
//! name, so those are not asserted clean.) They live in
//! `../shared/corpus/exposition` (or `$PROMPLAY_CORPUS_DIR/exposition`);
//! without them the test prints a note and passes.

use promplay_diagnostics::render;
use promplay_exposition::{Format, ParseOptions, Strictness, parse};
use std::path::PathBuf;

#[test]
#[allow(clippy::print_stdout)] // The skip note.
fn real_captures_parse_cleanly() {
    let root = match std::env::var_os("PROMPLAY_CORPUS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"),
    };
    let Ok(dir) = std::fs::read_dir(root.join("exposition")) else {
        println!("skipped: no corpus at {}", root.display());
        return;
    };
    let mut checked = 0;
    for path in dir.filter_map(|e| e.ok().map(|e| e.path())) {
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let format = match name {
            ref n if n.ends_with(".om.txt") => Format::OpenMetrics,
            ref n if n.ends_with(".prom.txt") => Format::Prometheus,
            _ => continue,
        };
        let text = std::fs::read_to_string(&path).expect("capture is UTF-8");
        assert_eq!(promplay_exposition::detect_format(&text), format, "{name}: detected format");
        let mut modes = vec![Strictness::Prometheus, Strictness::Lenient];
        if format == Format::Prometheus {
            modes.push(Strictness::Strict);
        }
        for strictness in modes {
            let parsed = parse(&text, &ParseOptions::new(Some(format), strictness));
            assert!(
                !parsed.has_errors(),
                "{name} ({strictness:?}):\n{}",
                render(&text, &parsed.diagnostics[..parsed.diagnostics.len().min(3)])
            );
            assert!(parsed.sample_count() > 0, "{name}: no samples");
        }
        checked += 1;
    }
    assert!(checked >= 10, "expected the captures, found {checked}");
}
