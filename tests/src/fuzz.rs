//! The bodies of the cargo-fuzz targets in `fuzz/`, kept here so that the
//! ordinary `cargo test` replays every crash the fuzzer ever found
//! (`tests/fixtures/fuzz/<target>/`) without cargo-fuzz or a nightly
//! compiler. Each function takes the fuzzer's raw bytes, runs one engine the
//! way the playground does, and panics when an invariant breaks: besides "no
//! panic", every diagnostic span must be a valid range on character
//! boundaries of the exact input, and printed PromQL must read back the same.

use promplay_pipeline::diagnostics::Diagnostic;
use promplay_pipeline::exposition::{Format, ParseOptions, Strictness};
use promplay_pipeline::operator::{Options, SourceFile, compile_manifests};
use promplay_pipeline::query::{QueryData, QueryTime, run_query_with};
use promplay_promql_engine::EngineOptions;
use promplay_promql_syntax::ParseOptions as PromqlOptions;
use std::sync::OnceLock;

/// A fuzz target's body: panics when the input breaks an invariant.
pub type Target = fn(&[u8]);

/// The fuzz targets by name, as `fuzz/fuzz_targets/<name>.rs` and
/// `tests/fixtures/fuzz/<name>/` call them.
pub const TARGETS: &[(&str, Target)] = &[
    ("exposition_text", exposition_text),
    ("exposition_openmetrics", exposition_openmetrics),
    ("promql_parse", promql_parse),
    ("promql_eval", promql_eval),
    ("operator", operator),
    ("relabel", relabel),
];

/// The Prometheus text format parser (every strictness) and the linter.
pub fn exposition_text(data: &[u8]) {
    exposition(data, Format::Prometheus);
}

/// The OpenMetrics parser (every strictness) and the linter.
pub fn exposition_openmetrics(data: &[u8]) {
    exposition(data, Format::OpenMetrics);
}

/// The PromQL parser with every experimental feature on: spans, `Display`
/// and `format` (both must parse back to an expression that prints the same).
pub fn promql_parse(data: &[u8]) {
    let Ok(query) = std::str::from_utf8(data) else { return };
    for options in [PromqlOptions::default(), PromqlOptions::all()] {
        let parsed = promplay_promql_syntax::parse_with(query, &options);
        check_spans(query, &parsed.diagnostics);
        let Some(expr) = parsed.expr else { continue };
        let printed = expr.to_string();
        let reparsed = promplay_promql_syntax::parse_with(&printed, &options);
        let Some(again) = reparsed.expr else {
            panic!(
                "{query:?} prints as {printed:?}, which does not parse: {:?}",
                reparsed.diagnostics
            )
        };
        assert_eq!(printed, again.to_string(), "printing {query:?} is not stable");
        let formatted = promplay_promql_syntax::format(&expr);
        let reformatted = promplay_promql_syntax::parse_with(&formatted, &options);
        let Some(again) = reformatted.expr else {
            panic!(
                "{query:?} formats as {formatted:?}, which does not parse: {:?}",
                reformatted.diagnostics
            )
        };
        assert_eq!(printed, again.to_string(), "formatting {query:?} changes its meaning");
    }
}

/// The PromQL engine: the query evaluated as an instant query and as a range
/// query over a small fixed store, with tight sample limits so that a slow
/// input is a real finding rather than a big but legitimate computation.
pub fn promql_eval(data: &[u8]) {
    let Ok(query) = std::str::from_utf8(data) else { return };
    let store = eval_store();
    let engine = EngineOptions { max_samples: 200_000, ..EngineOptions::default() };
    let parser = PromqlOptions::all();
    for time in
        [QueryTime::Instant(600_000), QueryTime::Range { start: 0, end: 1_200_000, step: 15_000 }]
    {
        let outcome = run_query_with(store, query, time, &engine, &parser);
        check_spans(query, &outcome.parse_diagnostics);
        for annotation in outcome.annotations() {
            let span = annotation.span;
            assert!(span.is_within(query.len()), "annotation span {span:?} outside {query:?}");
        }
        if let Some((_, Some(span))) = outcome.error() {
            assert!(span.is_within(query.len()), "error span {span:?} outside {query:?}");
        }
        // The JSON and table renderings run on every result the UI shows.
        let _ = outcome.json_string();
        let _ = outcome.table();
    }
}

/// The manifest intake and the operator compiler. The input is split into
/// files at lines that are exactly `%%`, so several files can interact.
pub fn operator(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let files: Vec<SourceFile> = text
        .split("\n%%\n")
        .enumerate()
        .map(|(i, part)| SourceFile { name: format!("f{i}.yaml"), text: part.to_owned() })
        .collect();
    let report = compile_manifests(&files, &Options::default());
    for d in &report.diagnostics {
        let file = &files[d.file];
        check_spans(&file.text, std::slice::from_ref(&d.diagnostic));
    }
    for file in report.files() {
        let _ = file.path.len();
    }
}

/// Relabeling: the rules are read both as a rule list and as a
/// `prometheus.yml`, then applied (traced and plain) to each label set. The
/// input is the rules, optionally followed by a line `%%` and label sets one
/// per line.
pub fn relabel(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (rules_text, labels_text) = text
        .split_once("\n%%\n")
        .unwrap_or((text, "{__address__=\"h:9100\", job=\"node\", __meta_x=\"A-b\"}"));
    let set = promplay_relabel::parse_configs(rules_text);
    check_spans(rules_text, &set.diagnostics);
    let config = promplay_relabel::parse_prometheus_config(rules_text);
    check_spans(rules_text, &config.diagnostics);
    let mut offset = 0usize;
    for line in labels_text.split('\n') {
        let start = offset;
        offset += line.len() + 1;
        let Ok(at) = u32::try_from(start) else { return };
        match promplay_relabel::parse_label_set(line, at) {
            Err(d) => check_spans(labels_text, std::slice::from_ref(&d)),
            Ok(labels) => {
                let trace = promplay_relabel::process_traced(&labels, &set.rules);
                let plain = promplay_relabel::process(&labels, &set.rules);
                let _ = (trace, plain);
            }
        }
    }
}

/// Replays every fixture under `dir` (one folder per target) and returns
/// how many ran; panics on the first failure, naming the file.
pub fn replay_fixtures(dir: &std::path::Path) -> usize {
    let mut count = 0;
    for (name, target) in TARGETS {
        let Ok(entries) = std::fs::read_dir(dir.join(name)) else { continue };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            // The panic hook prints the target's own message; this names the file.
            if std::panic::catch_unwind(|| target(&data)).is_err() {
                panic!("fuzz fixture {} fails again", path.display());
            }
            count += 1;
        }
    }
    count
}

fn exposition(data: &[u8], format: Format) {
    for strictness in [Strictness::Prometheus, Strictness::Strict, Strictness::Lenient] {
        let options =
            ParseOptions::new(Some(format), strictness).with_experimental_native_histograms(true);
        let report = promplay_pipeline::analyze_metrics_bytes(data, &options);
        let text = promplay_pipeline::lossy_text(data);
        check_spans(&text, &report.parsed.diagnostics);
        check_spans(&text, &report.lint);
        if let Ok(text) = std::str::from_utf8(data) {
            let report = promplay_pipeline::analyze_metrics(text, &options);
            check_spans(text, &report.parsed.diagnostics);
            let _ = promplay_pipeline::metrics_json_string(text, &report);
            let _ = promplay_pipeline::family_summaries(&report.parsed);
        }
    }
}

/// Every label of every diagnostic is a range on character boundaries of `text`.
fn check_spans(text: &str, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        for label in &d.labels {
            let span = label.span;
            assert!(
                span.is_within(text.len())
                    && text.is_char_boundary(span.start as usize)
                    && text.is_char_boundary(span.end as usize),
                "{} span {span:?} is not a range of the {}-byte input",
                d.code,
                text.len()
            );
        }
    }
}

/// A few series of each kind (counters, gauges, a classic histogram, a
/// native histogram, stale markers), 21 minutes at 15 s.
fn eval_store() -> &'static QueryData {
    static STORE: OnceLock<QueryData> = OnceLock::new();
    STORE.get_or_init(|| {
        let mut data = QueryData::new();
        let load = "load 15s\n\
            http_requests_total{job=\"api\",instance=\"a\",code=\"200\"} 0+10x80\n\
            http_requests_total{job=\"api\",instance=\"b\",code=\"500\"} 0+1x40 0+2x40\n\
            up{job=\"api\",instance=\"a\"} 1x80\n\
            up{job=\"api\",instance=\"b\"} 1x30 0x20 stale 1x20\n\
            temperature{room=\"x\"} 20 21 _ 19 NaN Inf -Inf 22x70\n\
            latency_bucket{le=\"0.1\"} 0+1x80\n\
            latency_bucket{le=\"1\"} 0+3x80\n\
            latency_bucket{le=\"+Inf\"} 0+4x80\n\
            native {{schema:0 sum:5 count:4 buckets:[1 2 1]}}+{{sum:1 count:1 buckets:[1]}}x80\n";
        let diagnostics = data.add_series(load, 15_000);
        assert!(diagnostics.is_empty(), "the fuzz store does not load: {diagnostics:?}");
        data
    })
}
