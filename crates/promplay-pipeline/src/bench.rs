//! Throughput of the engines on fixed workloads, for `promplay bench` and the
//! same figures in the browser (the `promplay-bench-worker` binary), so a
//! regression in either shows up as a smaller number in one table.
//!
//! Engines read no clock, and neither does this module: the caller passes
//! one (`std::time::Instant` in the CLI, `performance.now()` in a worker).
//! Each workload runs repeatedly until it has taken at least
//! [`BenchInputs::min_ms`], and the row reports the rate of the whole run.
//!
//! ```
//! use promplay_pipeline::bench::{BenchInputs, run};
//!
//! let inputs = BenchInputs { min_ms: 0.0, ..BenchInputs::builtin() };
//! let mut t = 0.0;
//! let rows = run(&inputs, &mut || { t += 1.0; t });
//! assert!(rows.iter().any(|r| r.name == "promql instant query"));
//! ```

use crate::operator::{Options, SourceFile, compile_manifests};
use crate::query::{QueryData, QueryTime, run_query_with};
use promplay_exposition::ParseOptions;
use promplay_promql_engine::EngineOptions;
use promplay_promql_syntax::ParseOptions as PromqlOptions;
use serde::{Deserialize, Serialize};

/// What the workloads run on. The CLI and the browser build it from the same
/// files (`../shared/corpus/exposition`, kube-prometheus' manifests), so
/// their numbers compare.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct BenchInputs {
    /// Exposition texts (either format), parsed and linted one by one.
    pub exposition: Vec<String>,
    /// Operator manifests as (file name, text), compiled together as one set.
    pub manifests: Vec<(String, String)>,
    /// Run each workload at least this long (ms).
    pub min_ms: f64,
}

/// One line of the table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BenchRow {
    /// What ran, e.g. `exposition parse + lint`.
    pub name: String,
    /// The work of one run in `unit`s (bytes, queries, label sets, …).
    pub work: f64,
    /// What `work` counts: `MB`, `queries`, `label sets`, `compiles`.
    pub unit: String,
    /// How many runs.
    pub runs: u32,
    /// Wall time of all runs, ms.
    pub ms: f64,
}

impl BenchRow {
    /// Units per second (MB/s for bytes).
    pub fn rate(&self) -> f64 {
        if self.ms <= 0.0 { 0.0 } else { self.work * f64::from(self.runs) / (self.ms / 1000.0) }
    }
}

impl BenchInputs {
    /// Inputs that need no files: the playground's own examples. Used when
    /// the shared corpus is not there, and by the doc test.
    pub fn builtin() -> BenchInputs {
        BenchInputs {
            exposition: vec![BUILTIN_EXPOSITION.to_owned()],
            manifests: vec![("example.yaml".into(), BUILTIN_MANIFEST.to_owned())],
            min_ms: 300.0,
        }
    }
}

/// Runs every workload, timing with `clock` (ms, any origin).
pub fn run(inputs: &BenchInputs, clock: &mut dyn FnMut() -> f64) -> Vec<BenchRow> {
    let mut rows = Vec::new();
    let bytes: usize = inputs.exposition.iter().map(String::len).sum();
    let options = ParseOptions::default();
    rows.push(measure("exposition parse + lint", bytes as f64 / 1e6, "MB", inputs, clock, || {
        for text in &inputs.exposition {
            let report = crate::analyze_metrics(text, &options);
            std::hint::black_box(report.lint.len());
        }
    }));

    let data = promql_store();
    let engine = EngineOptions::default();
    let parser = PromqlOptions::all();
    rows.push(measure("promql parse", QUERIES.len() as f64, "queries", inputs, clock, || {
        for q in QUERIES {
            std::hint::black_box(promplay_promql_syntax::parse_with(q, &parser).expr.is_some());
        }
    }));
    rows.push(measure(
        "promql instant query",
        QUERIES.len() as f64,
        "queries",
        inputs,
        clock,
        || {
            for q in QUERIES {
                let outcome =
                    run_query_with(&data, q, QueryTime::Instant(3_600_000), &engine, &parser);
                std::hint::black_box(outcome.value().is_some());
            }
        },
    ));
    let range = QueryTime::Range { start: 0, end: 3_600_000, step: 15_000 };
    rows.push(measure(
        "promql range query (1h/15s)",
        QUERIES.len() as f64,
        "queries",
        inputs,
        clock,
        || {
            for q in QUERIES {
                let outcome = run_query_with(&data, q, range, &engine, &parser);
                std::hint::black_box(outcome.value().is_some());
            }
        },
    ));

    let manifests: Vec<SourceFile> = inputs
        .manifests
        .iter()
        .map(|(name, text)| SourceFile { name: name.clone(), text: text.clone() })
        .collect();
    let manifest_bytes: usize = manifests.iter().map(|f| f.text.len()).sum();
    let operator = Options::default();
    rows.push(measure(
        "operator intake + compile",
        manifest_bytes as f64 / 1e6,
        "MB",
        inputs,
        clock,
        || {
            let report = compile_manifests(&manifests, &operator);
            std::hint::black_box(report.diagnostics.len());
        },
    ));

    let rules = promplay_relabel::parse_configs(RELABEL_RULES).rules;
    let targets = relabel_targets();
    rows.push(measure(
        "relabel (7 rules)",
        targets.len() as f64,
        "label sets",
        inputs,
        clock,
        || {
            for labels in &targets {
                std::hint::black_box(promplay_relabel::process(labels, &rules).is_some());
            }
        },
    ));
    rows
}

/// The table both front ends print: one row per workload, with the
/// browser's rate beside the native one when `browser` has a row of the
/// same name.
pub fn render_table(native: &[BenchRow], browser: &[BenchRow]) -> String {
    let mut out = format!(
        "{:<30} {:>16} {:>20} {:>20} {:>7}\n",
        "workload", "work per run", "native", "browser", "ratio"
    );
    for row in native {
        let rate = |r: &BenchRow| format!("{} {}/s", short(r.rate()), r.unit);
        let (b, ratio) = match browser.iter().find(|b| b.name == row.name) {
            Some(b) if row.rate() > 0.0 => (rate(b), format!("{:.2}", b.rate() / row.rate())),
            _ => ("-".to_owned(), "-".to_owned()),
        };
        out.push_str(&format!(
            "{:<30} {:>16} {:>20} {:>20} {:>7}\n",
            row.name,
            format!("{} {}", short(row.work), row.unit),
            rate(row),
            b,
            ratio
        ));
    }
    out
}

/// A rate or amount with as many digits as matter.
fn short(x: f64) -> String {
    if x >= 100.0 || x.fract() == 0.0 {
        format!("{x:.0}")
    } else if x >= 1.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.3}")
    }
}

fn measure(
    name: &str,
    work: f64,
    unit: &str,
    inputs: &BenchInputs,
    clock: &mut dyn FnMut() -> f64,
    mut f: impl FnMut(),
) -> BenchRow {
    // One untimed run warms caches and lazy tables (the CRD schemas).
    f();
    let start = clock();
    let mut runs = 0u32;
    loop {
        f();
        runs += 1;
        let ms = clock() - start;
        if ms >= inputs.min_ms || runs == u32::MAX {
            return BenchRow { name: name.to_owned(), work, unit: unit.to_owned(), runs, ms };
        }
    }
}

/// 200 series over an hour at 15 s: 50 jobs × 4 instances of a counter, plus
/// a classic histogram.
fn promql_store() -> QueryData {
    let mut text = String::from("load 15s\n");
    for job in 0..10 {
        for instance in 0..10 {
            text.push_str(&format!(
                "http_requests_total{{job=\"j{job}\",instance=\"i{instance}\",code=\"200\"}} 0+{}x240\n",
                job + instance + 1
            ));
            text.push_str(&format!("up{{job=\"j{job}\",instance=\"i{instance}\"}} 1x240\n"));
        }
    }
    for le in ["0.1", "0.5", "1", "+Inf"] {
        text.push_str(&format!("latency_seconds_bucket{{le=\"{le}\"}} 0+5x240\n"));
    }
    let mut data = QueryData::new();
    data.add_series(&text, 15_000);
    data
}

/// The query set: the shapes a dashboard runs.
const QUERIES: &[&str] = &[
    "up",
    "sum by (job) (rate(http_requests_total[5m]))",
    "topk(3, sum by (instance) (increase(http_requests_total[10m])))",
    "histogram_quantile(0.9, sum by (le) (rate(latency_seconds_bucket[5m])))",
    "http_requests_total / on(job, instance) group_left up",
    "max_over_time(rate(http_requests_total{job=~\"j[1-5]\"}[5m])[30m:1m])",
    "count(up == 1) by (job) > 5",
    "avg_over_time(up[1h]) * 100",
];

/// Relabel rules as a typical kubernetes-pods scrape config has them.
const RELABEL_RULES: &str = r#"- source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scrape]
  action: keep
  regex: "true"
- source_labels: [__address__, __meta_kubernetes_pod_annotation_prometheus_io_port]
  regex: ([^:]+)(?::\d+)?;(\d+)
  replacement: $1:$2
  target_label: __address__
- action: labelmap
  regex: __meta_kubernetes_pod_label_(.+)
- source_labels: [__meta_kubernetes_namespace]
  target_label: namespace
- source_labels: [__meta_kubernetes_pod_name]
  target_label: pod
- source_labels: [pod]
  action: hashmod
  modulus: 4
  target_label: __tmp_shard
- action: labeldrop
  regex: __tmp_.*
"#;

/// 1,000 discovered pods, three in four annotated for scraping.
fn relabel_targets() -> Vec<promplay_model::Labels> {
    (0..1000)
        .map(|i| {
            let mut l = promplay_model::Labels::new();
            l.set("__address__", format!("10.0.{}.{}:8080", i / 250, i % 250));
            l.set("__meta_kubernetes_namespace", format!("ns{}", i % 7));
            l.set("__meta_kubernetes_pod_name", format!("app-{i}"));
            l.set("__meta_kubernetes_pod_label_app", "web");
            l.set("__meta_kubernetes_pod_label_team", format!("t{}", i % 3));
            l.set(
                "__meta_kubernetes_pod_annotation_prometheus_io_scrape",
                if i % 4 == 0 { "false" } else { "true" },
            );
            l.set("__meta_kubernetes_pod_annotation_prometheus_io_port", "9102");
            l
        })
        .collect()
}

const BUILTIN_EXPOSITION: &str = "# HELP http_requests_total Requests.\n\
# TYPE http_requests_total counter\n\
http_requests_total{method=\"get\",code=\"200\"} 1027\n\
http_requests_total{method=\"post\",code=\"400\"} 3\n\
# TYPE latency_seconds histogram\n\
latency_seconds_bucket{le=\"0.1\"} 10\n\
latency_seconds_bucket{le=\"+Inf\"} 12\n\
latency_seconds_sum 1.5\n\
latency_seconds_count 12\n";

const BUILTIN_MANIFEST: &str = "apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: k8s, namespace: monitoring}
spec:
  serviceMonitorSelector: {}
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: app, namespace: monitoring}
spec:
  selector: {matchLabels: {app: web}}
  endpoints: [{port: http}]
";
