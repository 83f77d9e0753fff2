//! Data-driven tests of the evaluator's trickier semantics: each case loads
//! series in promqltest notation, runs a query and compares the result in
//! the HTTP API's JSON (or the error text) with the expectation.

use promplay_promql_engine::{
    EngineOptions, Storage, api_json_string, instant_query, load, range_query,
};
use promplay_promql_syntax::{ParseOptions, parse_with};

/// (series in load notation at 1m intervals, query, instant time or range
/// `(start, end, step)` in seconds, expected JSON or `error: <text>`).
struct Case {
    load: &'static str,
    query: &'static str,
    at: (i64, i64, i64),
    want: &'static str,
}

const fn instant(load: &'static str, query: &'static str, t: i64, want: &'static str) -> Case {
    Case { load, query, at: (t, t, 0), want }
}

const fn range(
    load: &'static str,
    query: &'static str,
    (start, end, step): (i64, i64, i64),
    want: &'static str,
) -> Case {
    Case { load, query, at: (start, end, step), want }
}

const CASES: &[Case] = &[
    // The lookback window is left-open: a sample exactly 5m old is gone.
    instant(
        "m 1",
        "m",
        299,
        r#"{"resultType":"vector","result":[{"metric":{"__name__":"m"},"value":[299,"1"]}]}"#,
    ),
    instant("m 1", "m", 300, r#"{"resultType":"vector","result":[]}"#),
    // A staleness marker hides the series until the next real sample.
    instant("m 1 stale 3", "m", 90, r#"{"resultType":"vector","result":[]}"#),
    instant(
        "m 1 stale 3",
        "m",
        120,
        r#"{"resultType":"vector","result":[{"metric":{"__name__":"m"},"value":[120,"3"]}]}"#,
    ),
    // Range selectors are left-open too.
    instant(
        "m 1 2 3",
        "count_over_time(m[1m])",
        120,
        r#"{"resultType":"vector","result":[{"metric":{},"value":[120,"1"]}]}"#,
    ),
    // `@` pins the time, negative offsets look ahead.
    instant(
        "m 1 2 3",
        "m @ 60",
        600,
        r#"{"resultType":"vector","result":[{"metric":{"__name__":"m"},"value":[600,"2"]}]}"#,
    ),
    instant(
        "m 1 2 3",
        "m offset -1m",
        60,
        r#"{"resultType":"vector","result":[{"metric":{"__name__":"m"},"value":[60,"3"]}]}"#,
    ),
    // Subqueries are aligned to multiples of their step.
    instant(
        "m 0+1x10",
        "count_over_time(m[3m:1m])",
        150,
        r#"{"resultType":"vector","result":[{"metric":{},"value":[150,"3"]}]}"#,
    ),
    // Many-to-many matching is an error with both series named.
    instant(
        "a{x=\"1\",y=\"1\"} 1\na{x=\"1\",y=\"2\"} 1\nb{x=\"1\"} 1",
        "b + on(x) a",
        0,
        r#"error: found duplicate series for the match group {x="1"} on the right hand-side of the operation: [{__name__="a", x="1", y="1"}, {__name__="a", x="1", y="2"}];many-to-many matching not allowed: matching labels must be unique on one side"#,
    ),
    // Dropping the name can make two series collide.
    instant(
        "a{x=\"1\"} 1\nb{x=\"1\"} 2",
        "-{x=\"1\"}",
        0,
        "error: vector cannot contain metrics with the same labelset",
    ),
    // Kahan summation keeps the small terms.
    instant(
        "m{i=\"1\"} 1e100\nm{i=\"2\"} 1\nm{i=\"3\"} -1e100",
        "sum(m)",
        0,
        r#"{"resultType":"vector","result":[{"metric":{},"value":[0,"1"]}]}"#,
    ),
    // topk keeps the order of the values in instant queries.
    instant(
        "m{i=\"1\"} 1\nm{i=\"2\"} 3\nm{i=\"3\"} 2",
        "topk(2, m)",
        0,
        r#"{"resultType":"vector","result":[{"metric":{"__name__":"m","i":"2"},"value":[0,"3"]},{"metric":{"__name__":"m","i":"3"},"value":[0,"2"]}]}"#,
    ),
    // absent() takes its labels from the equality matchers.
    instant(
        "m 1",
        r#"absent(nope{job="a", x=~"y"})"#,
        0,
        r#"{"resultType":"vector","result":[{"metric":{"job":"a"},"value":[0,"1"]}]}"#,
    ),
    // A range query is sorted by labels, scalars become one series.
    range(
        "m 1 2 3",
        "time()",
        (0, 120, 60),
        r#"{"resultType":"matrix","result":[{"metric":{},"values":[[0,"0"],[60,"60"],[120,"120"]]}]}"#,
    ),
    // Limits.
    range(
        "m 1",
        "m",
        (0, 1_000_000, 1),
        "error: exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)",
    ),
    range(
        "m 1",
        "m[1m]",
        (0, 60, 60),
        r#"error: invalid expression type "range vector" for range query, must be Scalar or instant Vector"#,
    ),
    // Range selectors skip staleness markers.
    instant(
        "m 1 stale 3",
        "count_over_time(m[3m])",
        120,
        r#"{"resultType":"vector","result":[{"metric":{},"value":[120,"2"]}]}"#,
    ),
    // Comparisons filter, `bool` turns them into 0/1 and drops the name.
    instant(
        "m{i=\"1\"} 1\nm{i=\"2\"} 3",
        "m > 2",
        0,
        r#"{"resultType":"vector","result":[{"metric":{"__name__":"m","i":"2"},"value":[0,"3"]}]}"#,
    ),
    instant(
        "m 1",
        "m > bool 2",
        0,
        r#"{"resultType":"vector","result":[{"metric":{},"value":[0,"0"]}]}"#,
    ),
    // group_left copies the listed labels from the "one" side.
    instant(
        "a{i=\"1\",j=\"x\"} 2\nb{i=\"1\",v=\"9\"} 3",
        "a * on(i) group_left(v) b",
        0,
        r#"{"resultType":"vector","result":[{"metric":{"i":"1","j":"x","v":"9"},"value":[0,"6"]}]}"#,
    ),
    // `or` keeps the left side and adds unmatched right-hand series.
    instant(
        "a{i=\"1\"} 1\nb{i=\"2\"} 2",
        "a or b",
        0,
        r#"{"resultType":"vector","result":[{"metric":{"__name__":"a","i":"1"},"value":[0,"1"]},{"metric":{"__name__":"b","i":"2"},"value":[0,"2"]}]}"#,
    ),
    // `@ end()` in a range query pins every step to the query's end.
    range(
        "m 1 2 3",
        "m @ end()",
        (0, 120, 60),
        r#"{"resultType":"matrix","result":[{"metric":{"__name__":"m"},"values":[[0,"3"],[60,"3"],[120,"3"]]}]}"#,
    ),
    // A subquery without a step uses the default 1m, aligned to multiples of it.
    instant(
        "m 0+1x10",
        "sum_over_time(m[2m:])",
        150,
        r#"{"resultType":"vector","result":[{"metric":{},"value":[150,"3"]}]}"#,
    ),
    // quantile interpolates between ranks.
    instant(
        "m{i=\"1\"} 1\nm{i=\"2\"} 2\nm{i=\"3\"} 4",
        "quantile(0.75, m)",
        0,
        r#"{"resultType":"vector","result":[{"metric":{},"value":[0,"3"]}]}"#,
    ),
    // Sums of counter histograms stay counters.
    instant(
        "h{i=\"1\"} {{schema:0 sum:4 count:4 buckets:[1 2 1]}}x3\nh{i=\"2\"} {{schema:0 sum:4 count:4 buckets:[1 2 1]}}x3",
        "sum(h)",
        120,
        r#"{"resultType":"vector","result":[{"metric":{},"histogram":[120,{"count":"8","sum":"8","buckets":[[0,"0.5","1","2"],[0,"1","2","4"],[0,"2","4","2"]]}]}]}"#,
    ),
];

fn run(case: &Case, opts: &EngineOptions) -> String {
    let mut storage = Storage::new();
    let text = format!("load 1m\n{}", case.load);
    let diagnostics = load::load(&mut storage, &text, 60_000);
    assert!(diagnostics.is_empty(), "{}: {diagnostics:?}", case.load);
    let parsed = parse_with(case.query, &ParseOptions::all());
    let expr = parsed.expr.unwrap_or_else(|| panic!("{}: {:?}", case.query, parsed.diagnostics));
    let (start, end, step) = case.at;
    let result = if step == 0 {
        instant_query(&storage, &expr, start * 1000, opts)
    } else {
        range_query(&storage, &expr, start * 1000, end * 1000, step * 1000, opts)
    };
    match result.value {
        Ok(v) => api_json_string(&v),
        Err(e) => format!("error: {}", e.message),
    }
}

#[test]
fn cases() {
    let opts = EngineOptions::default();
    let mut failures = Vec::new();
    for case in CASES {
        let got = run(case, &opts);
        if got != case.want {
            failures.push(format!("{}\n  want {}\n  got  {got}", case.query, case.want));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Extreme inputs must give a result or an error, never a panic or a hang.
#[test]
fn extremes_do_not_panic() {
    let queries = [
        "m offset 292y",
        "m offset -292y",
        "m @ 9223372036854775.807",
        "m @ -9223372036854775.808",
        "rate(m[292y])",
        "m[292y] @ 9223372036854775.807",
        "count_over_time(m[1y:1ms])",
        "max_over_time(m[100y:1s])",
        "topk(9e18, m)",
        "topk(-1, m)",
        "quantile(NaN, m)",
        "limit_ratio(2, m)",
        "histogram_quantile(0.5, m)",
        "sum by (le) (m) / 0",
        "label_replace(m, \"x\", \"$1\", \"__name__\", \"(.*)\")",
        "absent_over_time(nope[1y])",
        "count_values(\"v\", m)",
        "m and on() vector(1)",
        "(m + 1)[5m:1m] offset 1y",
        "timestamp(m @ 1e12)",
    ];
    let mut storage = Storage::new();
    load::load(&mut storage, "load 1m\nm{a=\"1\"} 0+1x100\nm{a=\"2\"} 5 stale 7", 60_000);
    for q in queries {
        let expr = parse_with(q, &ParseOptions::all()).expr.unwrap_or_else(|| panic!("{q} parses"));
        for opts in [EngineOptions::default(), EngineOptions::for_tests()] {
            let _ = instant_query(&storage, &expr, 3_600_000, &opts);
            let _ = range_query(&storage, &expr, 0, 3_600_000, 60_000, &opts);
        }
    }
}
