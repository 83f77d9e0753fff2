//! Tests of the dispatch: the per-series entry points agree with `call`,
//! and no function panics on odd inputs.

use super::*;
use crate::value::Series;

#[test]
fn elementwise_matches_call_semantics() {
    let cases: &[(&str, f64, &[f64], Option<f64>)] = &[
        ("abs", -2.0, &[], Some(2.0)),
        ("round", 2.5, &[], Some(3.0)),
        ("round", 1.26, &[0.1], Some(1.3)),
        ("clamp", 5.0, &[0.0, 3.0], Some(3.0)),
        ("clamp", 5.0, &[3.0, 0.0], None),
        ("clamp_min", -1.0, &[0.0], Some(0.0)),
        ("clamp_max", 9.0, &[4.0], Some(4.0)),
        ("year", 86_400.0 * 366.0, &[], Some(1971.0)),
    ];
    for &(name, v, scalars, want) in cases {
        assert_eq!(Elementwise::of(name).unwrap().apply(v, scalars), want, "{name}");
    }
    assert!(Elementwise::of("rate").is_none());
}

#[test]
fn relabel_once_per_series() {
    let l = Labels::from_pairs([("__name__", "up"), ("instance", "i7")]);
    let r = Relabel::new("label_replace", &["n", "$1", "instance", "i(.*)"]).unwrap().unwrap();
    let (out, drop) = r.apply(&l, true);
    assert_eq!((out.get("n"), drop), (Some("7"), true));
    let r = Relabel::new("label_join", &["__name__", "-", "instance"]).unwrap().unwrap();
    assert_eq!(
        r.apply(&l, true),
        (Labels::from_pairs([("__name__", "i7"), ("instance", "i7")]), false)
    );
    assert!(Relabel::new("label_replace", &["x", "", "y", "("]).is_err());
}

/// Every function with odd inputs (empty, NaN, ±Inf, histograms of
/// both kinds, duplicate timestamps) returns without panicking.
#[test]
fn never_panics() {
    use crate::value::{FPoint, FloatHistogram, HPoint, HistogramSpan};
    let names = [
        "abs",
        "absent",
        "absent_over_time",
        "acos",
        "avg_over_time",
        "ceil",
        "changes",
        "clamp",
        "clamp_max",
        "clamp_min",
        "count_over_time",
        "days_in_month",
        "day_of_month",
        "day_of_week",
        "day_of_year",
        "deg",
        "delta",
        "deriv",
        "exp",
        "first_over_time",
        "floor",
        "histogram_avg",
        "histogram_count",
        "histogram_fraction",
        "histogram_quantile",
        "histogram_quantiles",
        "histogram_sum",
        "histogram_stddev",
        "histogram_stdvar",
        "double_exponential_smoothing",
        "hour",
        "idelta",
        "increase",
        "irate",
        "label_replace",
        "label_join",
        "max_of",
        "last_over_time",
        "min_of",
        "ln",
        "mad_over_time",
        "max_over_time",
        "min_over_time",
        "ts_of_first_over_time",
        "ts_of_max_over_time",
        "ts_of_min_over_time",
        "ts_of_last_over_time",
        "minute",
        "month",
        "pi",
        "predict_linear",
        "present_over_time",
        "quantile_over_time",
        "rad",
        "rate",
        "resets",
        "round",
        "scalar",
        "sgn",
        "sin",
        "sort",
        "sort_desc",
        "sort_by_label",
        "sort_by_label_desc",
        "start_timestamp",
        "sqrt",
        "stddev_over_time",
        "stdvar_over_time",
        "sum_over_time",
        "time",
        "timestamp",
        "vector",
        "year",
    ];
    let exp = FloatHistogram {
        count: 3.0,
        sum: f64::NAN,
        schema: 3,
        zero_count: 1.0,
        zero_threshold: 0.001,
        positive_spans: vec![HistogramSpan { offset: -2, length: 2 }],
        positive_buckets: vec![1.0, 1.0],
        negative_spans: vec![HistogramSpan { offset: 0, length: 1 }],
        negative_buckets: vec![0.0],
        ..FloatHistogram::default()
    };
    let custom = FloatHistogram {
        schema: -53,
        count: 2.0,
        sum: 1.0,
        custom_values: vec![1.0],
        positive_spans: vec![HistogramSpan { offset: 0, length: 2 }],
        positive_buckets: vec![1.0, 1.0],
        ..FloatHistogram::default()
    };
    let sample =
        |labels: Labels, value: SampleValue| Sample { labels, t: 0, value, drop_name: false };
    let vector = vec![
        sample(
            Labels::from_pairs([("__name__", "m"), ("le", "0.5")]),
            SampleValue::Float(f64::NAN),
        ),
        sample(Labels::from_pairs([("__name__", "m"), ("le", "+Inf")]), SampleValue::Float(1.0)),
        sample(
            Labels::from_pairs([("__name__", "m"), ("le", "x")]),
            SampleValue::Float(f64::INFINITY),
        ),
        sample(
            Labels::from_pairs([("__name__", "m")]),
            SampleValue::Histogram(Box::new(exp.clone())),
        ),
        sample(
            Labels::from_pairs([("__name__", "n")]),
            SampleValue::Histogram(Box::new(custom.clone())),
        ),
    ];
    let floats: Vec<FPoint> = [1.0, f64::NAN, -1.0, f64::INFINITY, 0.0]
        .iter()
        .enumerate()
        .map(|(i, &f)| FPoint { t: i as i64 * 1000, f })
        .collect();
    let hists = vec![
        HPoint { t: 500, h: Box::new(exp.clone()) },
        HPoint { t: 1500, h: Box::new(custom) },
        HPoint { t: 2500, h: Box::new(exp) },
    ];
    let series = [
        Series {
            labels: Labels::new(),
            floats: floats.clone(),
            histograms: hists.clone(),
            drop_name: false,
        },
        Series { labels: Labels::new(), floats: Vec::new(), histograms: hists, drop_name: false },
        Series {
            labels: Labels::new(),
            floats: floats[..1].to_vec(),
            histograms: Vec::new(),
            drop_name: false,
        },
    ];
    let spans = [Span { start: 0, end: 1 }; 6];
    for name in names {
        for s in &series {
            for (anchored, smoothed) in [(false, false), (true, false), (false, true)] {
                let matrix = std::slice::from_ref(s);
                let arg_sets: Vec<Vec<FnArg>> = vec![
                    vec![],
                    vec![FnArg::Vector(&vector)],
                    vec![FnArg::Scalar(f64::NAN), FnArg::Vector(&vector)],
                    vec![FnArg::Scalar(0.5), FnArg::Scalar(2.0), FnArg::Vector(&vector)],
                    vec![
                        FnArg::Vector(&vector),
                        FnArg::String("q"),
                        FnArg::Scalar(0.5),
                        FnArg::Scalar(-1.0),
                    ],
                    vec![
                        FnArg::Vector(&vector),
                        FnArg::String("d"),
                        FnArg::String("$1"),
                        FnArg::String("le"),
                        FnArg::String("(.*)"),
                    ],
                    vec![FnArg::Matrix(matrix)],
                    vec![FnArg::Scalar(0.3), FnArg::Matrix(matrix)],
                    vec![FnArg::Matrix(matrix), FnArg::Scalar(0.5), FnArg::Scalar(0.5)],
                ];
                for args in &arg_sets {
                    let mut annotations = Vec::new();
                    let mut ctx = FnCtx {
                        t: 3000,
                        range_start: 0,
                        range_end: 3000,
                        range_ms: 3000,
                        anchored,
                        smoothed,
                        lookback_delta_ms: 300_000,
                        start_timestamps: None,
                        call_span: spans[0],
                        arg_spans: &spans,
                        delayed_name_removal: true,
                        annotations: &mut annotations,
                    };
                    let _ = call(name, args, &mut ctx);
                }
            }
        }
    }
}
