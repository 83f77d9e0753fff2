//! The range-query benchmark of `../queries.rs` compiled to WebAssembly:
//! the same data set ([`data`]) and the eight queries of issue 3, exported
//! as plain functions (no wasm-bindgen) so that `run.mjs` can time them in
//! Node.js with `performance.now()`. Run it with `./run.sh` from this folder.

#[path = "../../data.rs"]
#[allow(dead_code)]
mod data;

use promplay_promql_engine::{EngineOptions, Storage, Value, range_query};
use promplay_promql_syntax::{ParseOptions, parse_with};
use std::sync::OnceLock;

static STORE: OnceLock<Storage> = OnceLock::new();

/// The queries, in the order `run.mjs` names them.
const QUERIES: [&str; 8] = [
    "rate(x[5m])",
    "sum by (job) (rate(x[5m]))",
    "histogram_quantile(0.9, sum by (le) (rate(h_bucket[5m])))",
    "topk(5, x)",
    "x * on(instance) group_left(version) build_info",
    "max_over_time(rate(x[5m])[30m:1m])",
    "avg_over_time(x[10m])",
    "count_values(\"v\", x)",
];

/// Builds the data set once; returns its series count.
#[unsafe(no_mangle)]
pub extern "C" fn setup() -> u32 {
    STORE.get_or_init(data::storage).series_count() as u32
}

/// Runs query `i` over 300 steps of 30 s; returns the result's series count
/// (`u32::MAX` when the query fails), so the work cannot be optimised away.
#[unsafe(no_mangle)]
pub extern "C" fn run(i: u32) -> u32 {
    let s = STORE.get_or_init(data::storage);
    let Some(expr) = QUERIES.get(i as usize).and_then(|q| parse_with(q, &ParseOptions::all()).expr)
    else {
        return u32::MAX;
    };
    let r = range_query(
        s,
        &expr,
        1_800_000,
        1_800_000 + 299 * 30_000,
        30_000,
        &EngineOptions::default(),
    );
    match r.value {
        Ok(Value::Matrix(m)) => m.len() as u32,
        _ => u32::MAX,
    }
}
