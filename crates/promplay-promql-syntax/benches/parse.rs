//! Parser speed: a mix of typical dashboard and alerting queries, parsed
//! (with type checks), lexed only, printed, and formatted.

use criterion::{Criterion, Throughput, criterion_main};
use promplay_promql_syntax::{ParseOptions, format, lex, parse_with};
use std::hint::black_box;

const QUERIES: &[&str] = &[
    "up",
    r#"rate(http_requests_total{job="api-server",code=~"5.."}[5m])"#,
    "sum by (job) (rate(http_requests_total[5m]))",
    "histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))",
    "topk(5, sum by (namespace, pod) (container_memory_working_set_bytes))",
    r#"sum by (namespace, pod) (container_memory_working_set_bytes{container!="",image!=""}) * on (namespace, pod) group_left (node) kube_pod_info{node=~"worker-.*"}"#,
    "max_over_time(rate(x[5m])[30m:1m])",
    r#"(sum(rate(http_requests_total{code=~"5.."}[5m])) or vector(0)) / sum(rate(http_requests_total[5m])) > 0.05"#,
    r#"count_values("version", build_info offset 1h @ end())"#,
    "1 + 2 * 3 ^ -4 % 5 atan2 6 - foo unless bar or baz and qux",
];

fn bench(c: &mut Criterion) {
    let opts = ParseOptions::all();
    let bytes: usize = QUERIES.iter().map(|q| q.len()).sum();
    let mut g = c.benchmark_group("promql");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("parse_mix", |b| {
        b.iter(|| {
            for q in QUERIES {
                black_box(parse_with(black_box(q), &opts));
            }
        });
    });
    g.bench_function("lex_mix", |b| {
        b.iter(|| {
            for q in QUERIES {
                black_box(lex(black_box(q)));
            }
        });
    });
    let exprs: Vec<_> = QUERIES.iter().filter_map(|q| parse_with(q, &opts).expr).collect();
    assert_eq!(exprs.len(), QUERIES.len());
    g.bench_function("display_mix", |b| {
        b.iter(|| {
            for e in &exprs {
                black_box(e.to_string());
            }
        });
    });
    g.bench_function("format_mix", |b| {
        b.iter(|| {
            for e in &exprs {
                black_box(format(e));
            }
        });
    });
    g.finish();
}

// criterion's macros generate undocumented functions.
#[allow(missing_docs)]
mod entry {
    use super::bench;
    use criterion::criterion_group;
    criterion_group!(benches, bench);
}
use entry::benches;
criterion_main!(benches);
