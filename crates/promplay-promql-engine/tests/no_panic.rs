//! Robustness of the evaluator: every function called with every argument
//! shape that type-checks, over small odd datasets (empty, NaN, ±Inf, stale
//! markers, native histograms), at odd times, must return a value or an
//! error, never panic; deeply nested queries must evaluate within a 1 MiB
//! stack, wasm's default, even in a debug build.

use std::panic::{AssertUnwindSafe, catch_unwind};

use promplay_promql_engine::{EngineOptions, Storage, instant_query, load, range_query};
use promplay_promql_syntax::{FUNCTIONS, ParseOptions, ValueType, parse_with};

/// Small datasets in load notation, each with a metric `m` and a metric `h`.
const DATASETS: &[&str] = &[
    "",
    "load 1m\n  m{a=\"1\"} 0 1 2 NaN Inf -Inf stale 5 -3 0.5\n  m{a=\"2\",le=\"1\"} 3 _ 1 1e308 -1e308 4\n  m{a=\"3\",le=\"+Inf\"} 1 2 3 4 5 6\n  h{a=\"1\"} {{schema:0 count:4 sum:10 buckets:[1 2 1]}}x5 stale\n  h{a=\"2\"} 1 {{count:2 sum:3 z_bucket:1 z_bucket_w:0.5 n_buckets:[1]}} 3\n",
    "load 1m\n  m{a=\"1\",le=\"0.5\"} 1+1x10\n  m{a=\"1\",le=\"1\"} 2+2x10\n  m{a=\"1\",le=\"+Inf\"} 3+3x10\n  h{a=\"1\"} {{schema:-53 count:3 sum:2 custom_values:[1 2] buckets:[1 1 1]}}+{{schema:-53 count:3 sum:2 custom_values:[1 2] buckets:[1 1 1]}}x10\n",
];

/// Arguments of each type to combine.
fn candidates(t: ValueType) -> &'static [&'static str] {
    match t {
        ValueType::Scalar => &["1", "-1", "0.5", "NaN", "+Inf", "-Inf", "1e300", "scalar(m)"],
        ValueType::Vector => &["m", "h", "-m", "m @ 0", "vector(1)", "nothing"],
        ValueType::Matrix => &["m[5m]", "h[10m]", "m[1m:15s]", "h[5m] offset -1m", "nothing[1m]"],
        ValueType::String => &["\"a\"", "\"\"", "\"le\"", "\"(.*\"", "\"__name__\"", "\"dst\""],
        _ => &[],
    }
}

fn options() -> ParseOptions {
    ParseOptions {
        experimental_functions: true,
        duration_expressions: true,
        extended_range_selectors: true,
        binop_fill_modifiers: true,
        ..ParseOptions::default()
    }
}

/// Every argument list for a function: the full cross product would be too
/// large, so each position varies over its candidates while the others take
/// their first candidate, plus a few optional-arity variants.
fn calls() -> Vec<String> {
    let mut out = Vec::new();
    for f in FUNCTIONS.iter().filter(|f| f.name != "info") {
        let mut arities = vec![f.min_args()];
        match f.variadic {
            0 => {}
            -1 => arities.extend([f.arg_types.len(), f.arg_types.len() + 1]),
            n => arities.push(f.arg_types.len() + n as usize - 1),
        }
        arities.dedup();
        for n in arities {
            let types: Vec<ValueType> = (0..n)
                .map(|i| *f.arg_types.get(i).unwrap_or_else(|| f.arg_types.last().unwrap()))
                .collect();
            let base: Vec<&str> = types.iter().map(|t| candidates(*t)[0]).collect();
            out.push(format!("{}({})", f.name, base.join(", ")));
            for (i, t) in types.iter().enumerate() {
                for c in &candidates(*t)[1..] {
                    let mut args = base.clone();
                    args[i] = c;
                    out.push(format!("{}({})", f.name, args.join(", ")));
                }
            }
        }
    }
    out
}

/// Aggregations, operators and modifiers over the odd data.
const EXTRA: &[&str] = &[
    "sum(m)",
    "avg by (a) (h)",
    "topk(2, m)",
    "topk(NaN, m)",
    "topk(1e300, m)",
    "bottomk(-1, m)",
    "limitk(1e19, m)",
    "limit_ratio(NaN, m)",
    "limit_ratio(-2, m)",
    "quantile(NaN, m)",
    "quantile(2, h)",
    "count_values(\"v\", m)",
    "count_values(\"v\", h)",
    "count_values(\"a\", m)",
    "stddev(h)",
    "stdvar(m)",
    "group without (a) (m)",
    "m / on(a) group_left m",
    "m + on() group_right h",
    "m and h",
    "m or h",
    "m unless h",
    "h * 2",
    "h / h",
    "h % 2",
    "h ^ 2",
    "h > 1",
    "m > bool m",
    "m atan2 h",
    "1 / 0",
    "-0 / 0",
    "2 ^ 1e300",
    "m @ 1e15",
    "m @ -1e15",
    "m offset 200y",
    "m offset -200y",
    "m[200y:1y]",
    "rate(m[1s] @ 9223372036)",
    "max_over_time(m[5m:1ms] @ 0)",
    "sum_over_time(h[1h])",
    "m @ start()",
    "histogram_quantile(0.5, m)",
    "histogram_quantile(0.5, h)",
    "histogram_fraction(-Inf, +Inf, h)",
    "info(m)",
    "info(m, {a=~\".+\"})",
    "absent_over_time(nothing{a=\"1\"}[1m])",
    "label_replace(m, \"a\", \"$1$2${3}\", \"a\", \"(.*)\")",
    "label_replace(m, \"\", \"x\", \"a\", \"(.*)\")",
    "label_join(m, \"__name__\", \"\", \"a\")",
    "sort_by_label(m, \"le\", \"a\")",
    "{__name__=~\"m|h\"}",
    "{__name__=~\".*\", a=\"1\"}",
    "m{a=~\"/api/{id}\"}",
    "m{a=~\"\\\\Q.\\\\E\"}",
];

/// Evaluation times: the data's range, before it, far after it, extremes.
const TIMES: &[i64] = &[0, 60_000, 299_999, 600_000, -60_000, 86_400_000_000, i64::MIN / 4];

fn store(data: &str) -> Storage {
    let mut storage = Storage::new();
    let diagnostics = load::load(&mut storage, data, 60_000);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    storage
}

/// Runs `query` at every time and range; false when it does not parse.
fn run_all(data: &str, query: &str) -> bool {
    let storage = store(data);
    let parsed = parse_with(query, &options());
    let Some(expr) = parsed.expr else { return false };
    let opts = EngineOptions::default();
    for &t in TIMES {
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let _ = instant_query(&storage, &expr, t, &opts);
        }));
        assert!(outcome.is_ok(), "instant query `{query}` at {t} panicked on data {data:?}");
    }
    for (start, end, step) in [(0, 600_000, 60_000), (-120_000, 120_000, 7_000), (0, 1, 1)] {
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let _ = range_query(&storage, &expr, start, end, step, &opts);
        }));
        assert!(outcome.is_ok(), "range query `{query}` {start}..{end}/{step} panicked");
    }
    true
}

#[test]
fn every_function_with_every_argument_shape() {
    let calls = calls();
    assert!(calls.len() > 300, "only {} calls generated", calls.len());
    let mut unparsed = Vec::new();
    for data in DATASETS {
        for q in calls.iter().map(String::as_str).chain(EXTRA.iter().copied()) {
            if !run_all(data, q) {
                unparsed.push(q);
            }
        }
    }
    assert!(unparsed.is_empty(), "these do not parse: {unparsed:#?}");
}

/// Queries nested close to the parser's depth cap (128), each run in a
/// thread with a 1 MiB stack.
#[test]
fn deep_nesting_fits_a_small_stack() {
    let depth = 120;
    let shapes: Vec<String> = vec![
        format!("{}m{}", "abs(".repeat(depth), ")".repeat(depth)),
        format!("{}m{}", "(".repeat(depth), ")".repeat(depth)),
        format!("{}m{}", "-".repeat(depth), ""),
        format!("{}m{}", "sum(".repeat(depth), ")".repeat(depth)),
        (0..depth).map(|_| "m").collect::<Vec<_>>().join(" + "),
        (0..depth).map(|_| "m").collect::<Vec<_>>().join(" ^ "),
        format!("{}m{}", "(1 + ".repeat(depth / 2), ")".repeat(depth / 2)),
        format!(
            "{}m{}",
            "rate(max_over_time(".repeat(depth / 4),
            "[1m:30s])[2m:1m])".repeat(depth / 4)
        ),
        format!(
            "{}m{}",
            "sum by (a) (m * on(a) group_left ".repeat(depth / 2),
            ")".repeat(depth / 2)
        ),
    ];
    let data = DATASETS[1];
    for q in shapes {
        let q2 = q.clone();
        let worker = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || {
                let storage = store(data);
                let parsed = parse_with(&q2, &options());
                let expr = parsed.expr.unwrap_or_else(|| panic!("{:?}", parsed.diagnostics));
                let opts = EngineOptions::default();
                let _ = instant_query(&storage, &expr, 300_000, &opts);
                let _ = range_query(&storage, &expr, 0, 600_000, 60_000, &opts);
            })
            .unwrap();
        assert!(worker.join().is_ok(), "`{}…` failed", &q[..40.min(q.len())]);
    }
}
