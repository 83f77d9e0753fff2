//! Range-query speed on the data set of issue 3 ([`data`]): 2,000 series ×
//! 720 samples at 15 s plus a classic histogram and a join partner, and the
//! eight queries of the issue over 300 steps of 30 s.
//!
//! Prometheus 2.42's own engine takes about 450 ms for the eight together
//! on this shape of data; the goal is at most half of that natively. Runs
//! are kept short (10 samples) for the shared machine:
//! `cargo bench -p promplay-promql-engine --bench queries`.

mod data;

use criterion::{Criterion, criterion_main};
use promplay_promql_engine::{EngineOptions, range_query};
use promplay_promql_syntax::{ParseOptions, parse_with};
use std::time::Duration;

/// The queries, named for the report.
const QUERIES: [(&str, &str); 8] = [
    ("rate", "rate(x[5m])"),
    ("sum_by_rate", "sum by (job) (rate(x[5m]))"),
    ("histogram_quantile", "histogram_quantile(0.9, sum by (le) (rate(h_bucket[5m])))"),
    ("topk", "topk(5, x)"),
    ("join", "x * on(instance) group_left(version) build_info"),
    ("subquery", "max_over_time(rate(x[5m])[30m:1m])"),
    ("avg_over_time", "avg_over_time(x[10m])"),
    ("count_values", "count_values(\"v\", x)"),
];

/// 300 steps of 30 s, starting 30 minutes into the data.
const STEP_MS: i64 = 30_000;
const START_MS: i64 = 1_800_000;
const END_MS: i64 = START_MS + 299 * STEP_MS;

#[allow(clippy::print_stderr)] // A note about a query that does not parse.
fn queries(c: &mut Criterion) {
    let storage = data::storage();
    let opts = EngineOptions::default();
    let mut group = c.benchmark_group("range_300_steps");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    for (name, q) in QUERIES {
        let parsed = parse_with(q, &ParseOptions::all());
        let Some(expr) = parsed.expr else {
            eprintln!("skipped {name}: {q} does not parse: {:?}", parsed.first_error());
            continue;
        };
        group.bench_function(name, |b| {
            b.iter(|| {
                let r = range_query(&storage, &expr, START_MS, END_MS, STEP_MS, &opts);
                std::hint::black_box(r)
            });
        });
    }
    group.finish();
}

#[allow(missing_docs)]
mod harness {
    criterion::criterion_group!(benches, super::queries);
}
criterion_main!(harness::benches);
