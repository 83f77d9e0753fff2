//! Behaviours from Prometheus' own engine tests that the promqltest scripts
//! do not cover, checked with the product's default options (delayed name
//! removal off, as in Prometheus): each case loads its own series in load
//! notation, runs an instant or range query and compares the HTTP API's
//! JSON (or the error text) byte for byte.

use promplay_promql_engine::{
    EngineOptions, SampleValue, Storage, api_json_string, instant_query, load, range_query,
};
use promplay_promql_syntax::{ParseOptions, parse_with};

/// (load text, query, `(start, end, step)` in milliseconds with step 0 for
/// an instant query, expected JSON or `error: <text>`).
type Case = (&'static str, &'static str, (i64, i64, i64), &'static str);

const NAMES: &str = "load 5m\n  cnt_total{env=\"1\"} 0 60 120\n  other{env=\"1\"} 60 120 180\n";
const SUB: &str = "load 10s\n  metric 1 2\n";
const RE: &str = "load 1m\n  r{v=\"[\"} 1\n  r{v=\"&\"} 2\n  r{v=\"a\\nb\"} 3\n  r{v=\"{id}\"} 4\n";
const AT_10M: (i64, i64, i64) = (600_000, 600_000, 0);

const CASES: &[Case] = &[
    // Which operations drop `__name__` when delayed removal is off.
    (
        NAMES,
        "cnt_total",
        AT_10M,
        r#"[{"metric":{"__name__":"cnt_total","env":"1"},"value":[600,"120"]}]"#,
    ),
    (NAMES, "-cnt_total", AT_10M, r#"[{"metric":{"env":"1"},"value":[600,"-120"]}]"#),
    (NAMES, "cnt_total + other", AT_10M, r#"[{"metric":{"env":"1"},"value":[600,"300"]}]"#),
    (
        NAMES,
        "cnt_total <= other",
        AT_10M,
        r#"[{"metric":{"__name__":"cnt_total","env":"1"},"value":[600,"120"]}]"#,
    ),
    (NAMES, "cnt_total <= bool other", AT_10M, r#"[{"metric":{"env":"1"},"value":[600,"1"]}]"#),
    (NAMES, "cnt_total * 2", AT_10M, r#"[{"metric":{"env":"1"},"value":[600,"240"]}]"#),
    (NAMES, "clamp(cnt_total, 0, 100)", AT_10M, r#"[{"metric":{"env":"1"},"value":[600,"100"]}]"#),
    (NAMES, "rate(cnt_total[10m])", AT_10M, r#"[{"metric":{"env":"1"},"value":[600,"0.2"]}]"#),
    (
        NAMES,
        "last_over_time(cnt_total[10m])",
        AT_10M,
        r#"[{"metric":{"__name__":"cnt_total","env":"1"},"value":[600,"120"]}]"#,
    ),
    (
        NAMES,
        "first_over_time(cnt_total[10m])",
        AT_10M,
        r#"[{"metric":{"__name__":"cnt_total","env":"1"},"value":[600,"60"]}]"#,
    ),
    (
        NAMES,
        "max_over_time(cnt_total[10m])",
        AT_10M,
        r#"[{"metric":{"env":"1"},"value":[600,"120"]}]"#,
    ),
    (
        NAMES,
        "cnt_total and other",
        AT_10M,
        r#"[{"metric":{"__name__":"cnt_total","env":"1"},"value":[600,"120"]}]"#,
    ),
    // Negation merges series whose names differ but never overlap in time,
    // and fails when they do.
    (
        "load 20m\n  a_req{job=\"api\"} 2 _\n  a_err{job=\"api\"} _ 4\n",
        "-{job=\"api\"}",
        (0, 1_200_000, 1_200_000),
        r#"[{"metric":{"job":"api"},"values":[[0,"-2"],[1200,"-4"]]}]"#,
    ),
    (
        "load 1m\n  a_req{job=\"api\"} 1\n  a_err{job=\"api\"} 2\n",
        "-{job=\"api\"}",
        (0, 0, 0),
        "error: vector cannot contain metrics with the same labelset",
    ),
    (
        "load 10m\n  ma 1 _\n  mb 3 4\n",
        "-ma or -mb",
        (0, 1_200_000, 600_000),
        r#"[{"metric":{},"values":[[0,"-1"],[600,"-4"]]}]"#,
    ),
    // Subquery steps are aligned to multiples of the step from the epoch;
    // an offset moves the window, not the points' timestamps.
    (
        "load 15s\n  x 0+1x10\n",
        "x[1m:25s]",
        (60_000, 60_000, 0),
        r#"[{"metric":{"__name__":"x"},"values":[[25,"1"],[50,"3"]]}]"#,
    ),
    (
        "load 15s\n  x 0+1x10\n",
        "x[1m:25s] offset 10s",
        (60_000, 60_000, 0),
        r#"[{"metric":{"__name__":"x"},"values":[[0,"0"],[25,"1"],[50,"3"]]}]"#,
    ),
    (
        "load 15s\n  x 0+1x10\n",
        "x[1m:25s] @ 100",
        (0, 0, 0),
        r#"[{"metric":{"__name__":"x"},"values":[[50,"3"],[75,"5"],[100,"6"]]}]"#,
    ),
    // Subquery windows against a 10s series (engine_test's TestSubquerySelector).
    (
        SUB,
        "metric[20s:10s]",
        (10_000, 10_000, 0),
        r#"[{"metric":{"__name__":"metric"},"values":[[0,"1"],[10,"2"]]}]"#,
    ),
    (
        SUB,
        "metric[20s:5s]",
        (10_000, 10_000, 0),
        r#"[{"metric":{"__name__":"metric"},"values":[[0,"1"],[5,"1"],[10,"2"]]}]"#,
    ),
    (
        SUB,
        "metric[20s:5s] offset 2s",
        (12_000, 12_000, 0),
        r#"[{"metric":{"__name__":"metric"},"values":[[0,"1"],[5,"1"],[10,"2"]]}]"#,
    ),
    (
        SUB,
        "metric[20s:5s] offset 6s",
        (20_000, 20_000, 0),
        r#"[{"metric":{"__name__":"metric"},"values":[[0,"1"],[5,"1"],[10,"2"]]}]"#,
    ),
    (
        SUB,
        "metric[20s:5s] offset 4s",
        (35_000, 35_000, 0),
        r#"[{"metric":{"__name__":"metric"},"values":[[15,"2"],[20,"2"],[25,"2"],[30,"2"]]}]"#,
    ),
    (
        SUB,
        "metric[20s:5s] offset 5s",
        (35_000, 35_000, 0),
        r#"[{"metric":{"__name__":"metric"},"values":[[15,"2"],[20,"2"],[25,"2"],[30,"2"]]}]"#,
    ),
    (
        SUB,
        "metric[20s:5s] offset 6s",
        (35_000, 35_000, 0),
        r#"[{"metric":{"__name__":"metric"},"values":[[10,"2"],[15,"2"],[20,"2"],[25,"2"]]}]"#,
    ),
    (
        SUB,
        "metric[20s:5s] offset 7s",
        (35_000, 35_000, 0),
        r#"[{"metric":{"__name__":"metric"},"values":[[10,"2"],[15,"2"],[20,"2"],[25,"2"]]}]"#,
    ),
    // Matchers and label_replace take Go's RE2 syntax, fully anchored,
    // with `.` matching newlines.
    (RE, "r{v=~\"[[]\"}", (0, 0, 0), r#"[{"metric":{"__name__":"r","v":"["},"value":[0,"1"]}]"#),
    (RE, "r{v=~\"[a&&]\"}", (0, 0, 0), r#"[{"metric":{"__name__":"r","v":"&"},"value":[0,"2"]}]"#),
    (RE, "r{v=~\"a.b\"}", (0, 0, 0), r#"[{"metric":{"__name__":"r","v":"a\nb"},"value":[0,"3"]}]"#),
    (RE, "r{v=~\"a\"}", (0, 0, 0), "[]"),
    (
        RE,
        "r{v=~\"{id}\"}",
        (0, 0, 0),
        r#"[{"metric":{"__name__":"r","v":"{id}"},"value":[0,"4"]}]"#,
    ),
    (
        RE,
        "r{v=~\"\\\\Q{id}\\\\E\"}",
        (0, 0, 0),
        r#"[{"metric":{"__name__":"r","v":"{id}"},"value":[0,"4"]}]"#,
    ),
    (
        RE,
        "label_replace(r{v=\"[\"}, \"x\", \"<$1>\", \"v\", \"([[])\")",
        (0, 0, 0),
        r#"[{"metric":{"__name__":"r","v":"[","x":"<[>"},"value":[0,"1"]}]"#,
    ),
    // A float staleness marker between native histograms is skipped; the
    // drop to an empty histogram counts as a reset, so the rate is zero
    // (TestHistogramRateWithFloatStaleness).
    (
        "load 10ms\n  foo {{schema:2 count:10 sum:100 buckets:[100]}}x1 stale {{schema:2}}x1\n",
        "rate(foo[40s])",
        (45, 45, 0),
        r#"[{"metric":{},"histogram":[0.045,{"count":"0","sum":"0"}]}]"#,
    ),
    // Only scalars and instant vectors can be range-queried.
    (
        "load 15s\n  x 0+1x10\n",
        "x[1m]",
        (0, 60_000, 30_000),
        r#"error: invalid expression type "range vector" for range query, must be Scalar or instant Vector"#,
    ),
    (
        "load 15s\n  x 0+1x10\n",
        "\"s\"",
        (0, 60_000, 30_000),
        r#"error: invalid expression type "string" for range query, must be Scalar or instant Vector"#,
    ),
    // The API's encodings: sample times with three fraction digits, scalar
    // times as plain floats and scalar values without exponent.
    (
        "load 1s\n  x 1e-7 2e21\n",
        "x",
        (1_500, 1_500, 0),
        r#"[{"metric":{"__name__":"x"},"value":[1.500,"2e+21"]}]"#,
    ),
    (
        "load 1s\n  x 1e-7 2e21\n",
        "x",
        (500, 500, 0),
        r#"[{"metric":{"__name__":"x"},"value":[0.500,"1e-07"]}]"#,
    ),
    ("", "1e-7", (1_500, 1_500, 0), r#"[1.5,"0.0000001"]"#),
    ("", "scalar(nothing)", (0, 0, 0), r#"[0,"NaN"]"#),
    ("", "\"a<b\"", (0, 0, 0), r#"[0,"a\u003cb"]"#),
    // The lookback window is left-open and ends at the evaluation time.
    ("load 1m\n  x 1 _ _ _ _ _\n", "x", (300_000, 300_000, 0), "[]"),
    (
        "load 1m\n  x 1 _ _ _ _ _\n",
        "x",
        (299_999, 299_999, 0),
        r#"[{"metric":{"__name__":"x"},"value":[299.999,"1"]}]"#,
    ),
];

fn run((text, query, (start, end, step), _): &Case) -> String {
    let mut storage = Storage::new();
    let diagnostics = load::load(&mut storage, text, 60_000);
    assert!(diagnostics.is_empty(), "{query}: {diagnostics:?}");
    let expr = parse_with(query, &ParseOptions::default()).expr.expect("the query parses");
    let opts = EngineOptions::default();
    let result = if *step == 0 {
        instant_query(&storage, &expr, *start, &opts)
    } else {
        range_query(&storage, &expr, *start, *end, *step, &opts)
    };
    match result.value {
        Ok(v) => {
            let json = api_json_string(&v);
            let at = json.find(r#""result":"#).map_or(0, |i| i + 9);
            json[at..json.len() - 1].to_owned()
        }
        Err(e) => format!("error: {}", e.message),
    }
}

#[test]
fn upstream_engine_semantics() {
    let mut failures = Vec::new();
    for case in CASES {
        let got = run(case);
        if got != case.3 {
            failures.push(format!("{}\n  want {}\n  got  {got}", case.1, case.3));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn eval_floats(storage: &Storage, query: &str, t: i64, opts: &EngineOptions) -> Vec<f64> {
    let expr = parse_with(query, &ParseOptions::all()).expr.expect("the query parses");
    match instant_query(storage, &expr, t, opts).value.expect("the query evaluates") {
        promplay_promql_engine::Value::Vector(v) => v
            .iter()
            .map(|s| match s.value {
                SampleValue::Float(f) => f,
                SampleValue::Histogram(_) => f64::NAN,
            })
            .collect(),
        other => panic!("{query}: not a vector: {other:?}"),
    }
}

/// `deriv` of a flat series at real-world timestamps is exactly zero (the
/// regression fitted relative to the first sample keeps the precision).
#[test]
fn deriv_of_a_flat_series_at_large_timestamps_is_zero() {
    let mut storage = Storage::new();
    let labels = promplay_model::Labels::from_pairs([("__name__", "foo")]);
    let start = 1_493_712_816_939_i64;
    for i in 0..15 {
        storage.add(labels.clone(), start + 30_000 * i, SampleValue::Float(1.0));
    }
    let got = eval_floats(&storage, "deriv(foo[30m])", start + 30_000, &EngineOptions::default());
    assert_eq!(got, vec![0.0]);
}

/// `start_timestamp` only sees start times when the engine reads them.
#[test]
fn start_timestamp_needs_the_option() {
    let mut storage = Storage::new();
    for i in 0..5_i64 {
        let labels = promplay_model::Labels::from_pairs([
            ("__name__", "some_series".to_owned()),
            ("case", i.to_string()),
        ]);
        let ts = i * 1000;
        storage.add_with_start(labels, ts, SampleValue::Float(0.0), Some(ts - i * 100));
    }
    let on = EngineOptions { use_start_timestamps: true, ..EngineOptions::default() };
    let mut got = eval_floats(&storage, "start_timestamp(some_series)", 5000, &on);
    got.sort_by(f64::total_cmp);
    assert_eq!(got, vec![0.0, 0.9, 1.8, 2.7, 3.6]);
    let off = EngineOptions::default();
    assert_eq!(
        eval_floats(&storage, "start_timestamp(some_series)", 5000, &off),
        Vec::<f64>::new()
    );
}

/// (series at 1m steps, query at 1m, the annotations as
/// `warning|info: message @start`).
const ANNOTATION_CASES: &[(&str, &str, &[&str])] = &[
    (
        "reqs 1 2",
        "rate(reqs[1m1s])",
        &[
            "info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \"reqs\" @5",
        ],
    ),
    ("reqs", "rate(reqs[1m1s])", &[]),
    ("reqs 1 2", "rate(reqs[10s])", &[]),
    (
        "reqs{a=\"1\"} 1 {{schema:1 sum:15 count:10 buckets:[1 2 3]}}",
        "rate(reqs[1m1s])",
        &["warning: encountered a mix of histograms and floats for metric name \"reqs\" @5"],
    ),
    (
        "reqs{a=\"1\"} {{schema:1 sum:10 count:5 buckets:[1 2 3]}} {{schema:1 sum:15 count:10 buckets:[1 2 3]}}",
        "rate(reqs[1m1s])",
        &[],
    ),
    (
        "reqs 1 2 3",
        "increase(reqs[1m1s])",
        &[
            "info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \"reqs\" @9",
        ],
    ),
    ("reqs_total 1 2 3", "rate(reqs_total[1m1s])", &[]),
    ("reqs_sum 1 2 3", "increase(reqs_sum[1m1s])", &[]),
    ("reqs_count 1 2 3", "rate(reqs_count[1m1s])", &[]),
    ("reqs_bucket 1 2 3", "increase(reqs_bucket[1m1s])", &[]),
];

/// The possible-non-counter info and the float/histogram mix warning
/// (engine_test's TestRateAnnotations), without type-and-unit labels.
#[test]
fn rate_annotations() {
    let mut failures = Vec::new();
    for (data, query, want) in ANNOTATION_CASES {
        let mut storage = Storage::new();
        let diagnostics = load::load(&mut storage, &format!("load 1m\n  {data}\n"), 60_000);
        assert!(diagnostics.is_empty(), "{query}: {diagnostics:?}");
        let expr = parse_with(query, &ParseOptions::default()).expr.expect("the query parses");
        let result = instant_query(&storage, &expr, 60_000, &EngineOptions::default());
        assert!(result.value.is_ok(), "{query}: {:?}", result.value);
        let got: Vec<String> = result
            .annotations
            .iter()
            .map(|a| {
                let kind = match a.kind {
                    promplay_promql_engine::AnnotationKind::Warning => "warning",
                    promplay_promql_engine::AnnotationKind::Info => "info",
                };
                format!("{kind}: {} @{}", a.message, a.span.start)
            })
            .collect();
        if got != *want {
            failures.push(format!("{query} on {data}\n  want {want:?}\n  got  {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Go's RE2 rejects repeat counts above 1000, so Prometheus rejects the query.
#[test]
fn regex_repeat_counts_are_capped_like_go() {
    let parsed = parse_with("x{a=~\"b{2,1001}\"}", &ParseOptions::default());
    assert!(parsed.expr.is_none());
    let messages: Vec<&str> = parsed.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages, ["error parsing regexp: invalid repeat count: `{2,1001}`"]);
    assert!(parse_with("x{a=~\"b{1000}\"}", &ParseOptions::default()).expr.is_some());
    // label_replace compiles its regex at evaluation time, with the same limit.
    let expr = parse_with(
        "label_replace(vector(1), \"d\", \"\", \"a\", \"b{1001}\")",
        &ParseOptions::default(),
    )
    .expr
    .expect("the query parses");
    let result = instant_query(&Storage::new(), &expr, 0, &EngineOptions::default());
    assert_eq!(
        result.value.map_err(|e| e.message).err().as_deref(),
        Some("invalid regular expression in label_replace(): b{1001}")
    );
}
