//! The functions over a range vector, called once per series and step with
//! the series' points inside the window: the `rate` family, `resets`,
//! `changes`, `deriv`, `predict_linear`, `double_exponential_smoothing` and
//! the `*_over_time` aggregations, including how each treats windows that
//! mix floats and native histograms.

use promplay_model::Labels;

use super::annos;
use super::rate::{RangeSpec, RateNotes, extended_rate, extrapolated_rate, instant_value};
use super::{annotate, arg_span, changes, metric_name, over_time, scalar};
use crate::call::SeriesRef;
use crate::call::{FnArg, FnCtx};
use crate::result::QueryError;
use crate::value::{FloatHistogram, Sample, SampleValue};

/// Evaluates range-vector function `name` for one series at one step.
pub fn call(
    name: &str,
    args: &[FnArg],
    s: SeriesRef<'_>,
    ctx: &mut FnCtx,
) -> Result<Vec<Sample>, QueryError> {
    Ok(eval(name, args, s, ctx)?
        .map(|(value, drop_name)| {
            vec![Sample { labels: Labels::new(), t: ctx.t, value, drop_name }]
        })
        .unwrap_or_default())
}

/// Like [`call`], without allocating: the output value (if any) and its
/// `drop_name`.
pub fn eval(
    name: &str,
    args: &[FnArg],
    s: SeriesRef<'_>,
    ctx: &mut FnCtx,
) -> Result<Option<(SampleValue, bool)>, QueryError> {
    let floats = s.floats;
    let hists = s.histograms;
    let mixed = !floats.is_empty() && !hists.is_empty();
    let span0 = arg_span(ctx, 0);
    // Upstream reports at the first argument's position, even for
    // quantile_over_time where that is the quantile.
    let matrix_span = span0;
    let float = |v: f64| Some(SampleValue::Float(v));
    let value: Option<SampleValue> = match name {
        "rate" | "increase" | "delta" => {
            let is_counter = name != "delta";
            let is_rate = name == "rate";
            let v = rate_family(s, ctx, is_counter, is_rate, matrix_span);
            // Upstream raises this once per series with float results;
            // raising it at every such step is the same after the
            // evaluator's deduplication.
            if is_counter && matches!(v, Some(SampleValue::Float(_))) {
                let metric = metric_name(s.labels);
                if !metric.is_empty()
                    && !["_total", "_sum", "_count", "_bucket"].iter().any(|x| metric.ends_with(x))
                    && !already_noted(ctx, metric, matrix_span)
                {
                    annotate(ctx, annos::possible_non_counter(metric), matrix_span);
                }
            }
            v
        }
        "irate" | "idelta" => {
            // Upstream reports these at the span of all arguments together.
            let all = promplay_diagnostics::Span {
                start: span0.start,
                end: ctx.arg_spans.last().map_or(span0.end, |s| s.end),
            };
            irate(s, ctx, name == "irate", all)
        }
        "resets" => {
            let (fs, hs) = start_timestamps(ctx);
            changes::resets(floats, hists, fs, hs, ctx.range_start, ctx.anchored).and_then(float)
        }
        "changes" => changes::changes(floats, hists, ctx.range_start, ctx.anchored).and_then(float),
        "deriv" | "predict_linear" => {
            if floats.len() < 2 {
                if floats.len() == 1 && !hists.is_empty() {
                    annotate(
                        ctx,
                        annos::histogram_ignored_in_mixed_range(metric_name(s.labels)),
                        matrix_span,
                    );
                }
                None
            } else {
                if !hists.is_empty() {
                    annotate(
                        ctx,
                        annos::histogram_ignored_in_mixed_range(metric_name(s.labels)),
                        matrix_span,
                    );
                }
                if name == "deriv" {
                    float(over_time::linear_regression(floats, floats[0].t).0)
                } else {
                    let duration = scalar(args, 1);
                    let (slope, intercept) = over_time::linear_regression(floats, ctx.t);
                    float(slope * duration + intercept)
                }
            }
        }
        "double_exponential_smoothing" => {
            let sf = scalar(args, 1);
            let tf = scalar(args, 2);
            if sf.is_nan() || sf <= 0.0 || sf >= 1.0 {
                return Err(QueryError::at(
                    ctx.call_span,
                    format!("invalid smoothing factor. Expected: 0 < sf < 1, got: {}", go_f(sf)),
                ));
            }
            if tf.is_nan() || tf <= 0.0 || tf >= 1.0 {
                return Err(QueryError::at(
                    ctx.call_span,
                    format!("invalid trend factor. Expected: 0 < tf < 1, got: {}", go_f(tf)),
                ));
            }
            if floats.len() < 2 {
                if floats.len() == 1 && !hists.is_empty() {
                    annotate(
                        ctx,
                        annos::histogram_ignored_in_mixed_range(metric_name(s.labels)),
                        matrix_span,
                    );
                }
                None
            } else {
                if !hists.is_empty() {
                    annotate(
                        ctx,
                        annos::histogram_ignored_in_mixed_range(metric_name(s.labels)),
                        matrix_span,
                    );
                }
                float(over_time::double_exponential_smoothing(floats, sf, tf))
            }
        }
        "avg_over_time" | "sum_over_time" => {
            if mixed {
                annotate(ctx, annos::mixed_floats_histograms(metric_name(s.labels)), matrix_span);
                None
            } else if floats.is_empty() {
                super::native::sum_or_avg(
                    hists,
                    name == "avg_over_time",
                    ctx,
                    matrix_span,
                    metric_name(s.labels),
                )
                .map(|h| SampleValue::Histogram(Box::new(h)))
            } else if name == "avg_over_time" {
                float(over_time::avg(floats))
            } else {
                float(over_time::sum(floats))
            }
        }
        "count_over_time" => float((floats.len() + hists.len()) as f64),
        "present_over_time" | "absent_over_time" => float(1.0),
        "last_over_time" => match (floats.last(), hists.last()) {
            (Some(f), Some(h)) if h.t < f.t => float(f.f),
            (Some(f), None) => float(f.f),
            (_, Some(h)) => Some(SampleValue::Histogram(h.h.clone())),
            (None, None) => None,
        },
        "first_over_time" => match (floats.first(), hists.first()) {
            (Some(f), Some(h)) if f.t < h.t => float(f.f),
            (Some(f), None) => float(f.f),
            (_, Some(h)) => Some(SampleValue::Histogram(h.h.clone())),
            (None, None) => None,
        },
        "ts_of_first_over_time" => {
            let t = floats
                .first()
                .map_or(i64::MAX, |p| p.t)
                .min(hists.first().map_or(i64::MAX, |p| p.t));
            float(t as f64 / 1000.0)
        }
        "ts_of_last_over_time" => {
            let t = floats.last().map_or(0, |p| p.t).max(hists.last().map_or(0, |p| p.t));
            float(t as f64 / 1000.0)
        }
        "max_over_time"
        | "min_over_time"
        | "ts_of_max_over_time"
        | "ts_of_min_over_time"
        | "mad_over_time"
        | "stddev_over_time"
        | "stdvar_over_time"
        | "quantile_over_time" => {
            if floats.is_empty() {
                None
            } else {
                if name == "quantile_over_time" {
                    let q = scalar(args, 0);
                    if q.is_nan() || !(0.0..=1.0).contains(&q) {
                        annotate(ctx, annos::invalid_quantile(q), span0);
                    }
                }
                if !hists.is_empty() {
                    annotate(
                        ctx,
                        annos::histogram_ignored_in_mixed_range(metric_name(s.labels)),
                        matrix_span,
                    );
                }
                float(match name {
                    "max_over_time" => over_time::extreme(floats, |c, b| c > b).0,
                    "min_over_time" => over_time::extreme(floats, |c, b| c < b).0,
                    "ts_of_max_over_time" => {
                        over_time::extreme(floats, |c, b| c >= b).1 as f64 / 1000.0
                    }
                    "ts_of_min_over_time" => {
                        over_time::extreme(floats, |c, b| c <= b).1 as f64 / 1000.0
                    }
                    "mad_over_time" => over_time::mad(floats),
                    "stddev_over_time" => over_time::variance(floats).sqrt(),
                    "stdvar_over_time" => over_time::variance(floats),
                    _ => {
                        let mut values: Vec<f64> = floats.iter().map(|p| p.f).collect();
                        over_time::quantile(scalar(args, 0), &mut values)
                    }
                })
            }
        }
        _ => return Err(QueryError::at(ctx.call_span, format!("unknown function {name:?}"))),
    };
    // first/last_over_time act like an offset and keep the metric name,
    // unless the input already had it marked for dropping.
    let drop_name = !matches!(name, "first_over_time" | "last_over_time") || s.drop_name;
    Ok(value.map(|value| (value, drop_name)))
}

/// Whether the previous annotation already is the non-counter info for
/// `metric` (checked without formatting it, as it comes at every step).
fn already_noted(ctx: &FnCtx, metric: &str, span: promplay_diagnostics::Span) -> bool {
    const PREFIX: &str =
        "metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \"";
    ctx.annotations.last().is_some_and(|a| {
        a.span == span
            && a.message.len() == PREFIX.len() + metric.len() + 1
            && a.message.starts_with(PREFIX)
            && a.message[PREFIX.len()..].starts_with(metric)
            && a.message.ends_with('"')
    })
}

/// Go's `%f`: six decimals, `NaN`, `+Inf`, `-Inf`.
fn go_f(v: f64) -> String {
    if v.is_nan() {
        "NaN".to_string()
    } else if v.is_infinite() {
        if v > 0.0 { "+Inf" } else { "-Inf" }.to_string()
    } else {
        format!("{v:.6}")
    }
}

fn start_timestamps<'a>(ctx: &FnCtx<'a>) -> (&'a [i64], &'a [i64]) {
    match ctx.start_timestamps {
        Some(st) => (st.floats.as_slice(), st.histograms.as_slice()),
        None => (&[], &[]),
    }
}

/// `rate`, `increase` and `delta` in all range modes.
fn rate_family(
    s: SeriesRef<'_>,
    ctx: &mut FnCtx,
    is_counter: bool,
    is_rate: bool,
    span: promplay_diagnostics::Span,
) -> Option<SampleValue> {
    let floats = s.floats;
    let hists = s.histograms;
    if !floats.is_empty() && !hists.is_empty() {
        annotate(ctx, annos::mixed_floats_histograms(metric_name(s.labels)), span);
        return None;
    }
    let spec = RangeSpec {
        start: ctx.range_start,
        end: ctx.range_end,
        range_ms: ctx.range_ms,
        anchored: ctx.anchored,
        smoothed: ctx.smoothed,
    };
    if !hists.is_empty() {
        return super::native::rate(s, ctx, &spec, is_counter, is_rate, span)
            .map(|h: FloatHistogram| SampleValue::Histogram(Box::new(h)));
    }
    if ctx.anchored || ctx.smoothed {
        return extended_rate(floats, &spec, is_counter, is_rate).map(SampleValue::Float);
    }
    let (float_sts, _) = start_timestamps(ctx);
    let mut notes = RateNotes::default();
    let v = extrapolated_rate(floats, float_sts, &spec, is_counter, is_rate, &mut notes);
    if notes.start_time_overlap {
        annotate(ctx, annos::start_time_overlap(metric_name(s.labels)), span);
    }
    v.map(SampleValue::Float)
}

/// `irate`/`idelta`: the last two samples of the window, whichever kind.
fn irate(
    s: SeriesRef<'_>,
    ctx: &mut FnCtx,
    is_rate: bool,
    span: promplay_diagnostics::Span,
) -> Option<SampleValue> {
    let floats = s.floats;
    let hists = s.histograms;
    if floats.len() + hists.len() < 2 {
        return None;
    }
    let (fs, hs) = start_timestamps(ctx);
    // Pick the newest two samples of either kind, as upstream's merge does.
    #[derive(Clone, Copy)]
    enum P<'a> {
        F(crate::value::FPoint, i64),
        H(&'a crate::value::HPoint, i64),
    }
    let t_of = |p: &P| match p {
        P::F(f, _) => f.t,
        P::H(h, _) => h.t,
    };
    let mut ss: Vec<P> = Vec::with_capacity(2);
    let first_float = floats.len().saturating_sub(2);
    for (i, f) in floats.iter().enumerate().skip(first_float) {
        ss.push(P::F(*f, fs.get(i).copied().unwrap_or(0)));
    }
    let first_hist = hists.len().saturating_sub(2);
    for (i, h) in hists.iter().enumerate().skip(first_hist) {
        let p = P::H(h, hs.get(i).copied().unwrap_or(0));
        match ss.len() {
            0 => ss.push(p),
            1 => {
                if t_of(&p) < t_of(&ss[0]) {
                    ss.insert(0, p);
                } else {
                    ss.push(p);
                }
            }
            _ => {
                if t_of(&p) < t_of(&ss[0]) {
                } else if t_of(&p) > t_of(&ss[1]) {
                    ss[0] = ss[1];
                    ss[1] = p;
                } else {
                    ss[0] = p;
                }
            }
        }
    }
    match (ss[0], ss[1]) {
        (P::F(a, ast), P::F(b, bst)) => {
            instant_value((a, ast), (b, bst), is_rate).map(SampleValue::Float)
        }
        (P::H(a, ast), P::H(b, bst)) => {
            super::native::instant(a, ast, b, bst, is_rate, ctx, span, metric_name(s.labels))
                .map(|h| SampleValue::Histogram(Box::new(h)))
        }
        _ => {
            annotate(ctx, annos::mixed_floats_histograms(metric_name(s.labels)), span);
            None
        }
    }
}
