//! Explain-tree speed on the range-query bench's data ([`data`]: 2,000
//! series × 720 samples, a classic histogram and a join partner): the tree of
//! a few typical queries at one instant, every node evaluated on its own plus
//! the matching analysis and empty-selector diagnosis.
//!
//! `cargo bench -p promplay-promql-engine --bench explain -- --quick`.

#[path = "data.rs"]
mod data;

use criterion::{Criterion, criterion_main};
use promplay_promql_engine::{EngineOptions, explain};
use promplay_promql_syntax::{ParseOptions, parse_with};
use std::time::Duration;

/// The queries, named for the report: a join that matches, one whose sides
/// do not (so a fix is searched and evaluated), a deep aggregation and a
/// selector with a typo (nearest names over every metric name).
const QUERIES: [(&str, &str); 4] = [
    ("join", "x * on(instance) group_left(version) build_info"),
    ("join_unmatched", "sum by (job, instance) (rate(x[5m])) / build_info"),
    ("histogram_quantile", "histogram_quantile(0.9, sum by (le) (rate(h_bucket[5m])))"),
    ("typo", "sum(rate(xx_total[5m]))"),
];

/// An instant in the middle of the data.
const T_MS: i64 = 5_400_000;

#[allow(clippy::print_stderr)] // A note about a query that does not parse.
fn queries(c: &mut Criterion) {
    let storage = data::storage();
    let opts = EngineOptions::default();
    let mut group = c.benchmark_group("explain_instant");
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
            b.iter(|| std::hint::black_box(explain(&storage, q, &expr, T_MS, &opts, None)));
        });
    }
    group.finish();
}

#[allow(missing_docs)]
mod harness {
    criterion::criterion_group!(benches, super::queries);
}
criterion_main!(harness::benches);
