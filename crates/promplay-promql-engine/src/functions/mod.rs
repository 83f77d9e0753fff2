//! The PromQL functions of Prometheus 3.14, one call per step, modelled on
//! `promql/functions.go` and `promql/quantile.go` so that results, edge
//! cases and annotation texts match upstream.
//!
//! The evaluator resolves a call once and then calls [`call`] for every step
//! with the arguments' values at that step; see [`crate::call`] for what the
//! arguments and the context hold. The math lives in the submodules (pure
//! kernels over points and buckets, unit-tested on their own); this file
//! only unpacks arguments, applies the kernels and labels the output the way
//! upstream does.
//!
//! **API Boundary:** besides [`call`], the evaluator may use
//! [`Elementwise`] and [`Relabel`] to evaluate element-wise and label
//! functions once per series instead of once per step, [`hist_ops`] for
//! native-histogram arithmetic (operators and aggregations share it),
//! [`histogram_stats_selectors`]/[`stats_hint`] for upstream's
//! statistics-only histogram reading, [`absent_labels`] and
//! [`check_range_modifier`] (upstream's texts), and [`kahan_inc`]/[`quantile`]
//! for aggregations. `absent`, `absent_over_time`, `timestamp` of a selector,
//! `info` and the query-context functions are the evaluator's.

pub mod annos;
mod buckets;
mod changes;
mod classic;
pub mod hist_ops;
mod histogram;
mod kahan;
mod labels;
mod math;
mod native;
mod over_time;
mod range_fns;
mod rate;
mod stats;

pub use annos::{Level, go_g2, go_quote};
pub use buckets::{Bucket, almost_equal, bucket_fraction, bucket_quantile};
pub use kahan::{KahanSum, kahan_inc};
pub use labels::{LabelJoin, LabelReplace, absent_labels, natural_cmp};
pub use math::{Civil, go_max, go_min, rfc3339};
pub use over_time::quantile;
pub use stats::{histogram_stats_selectors, stats_hint};

use promplay_diagnostics::Span;
use promplay_model::{Labels, METRIC_NAME_LABEL};

use crate::call::{FnArg, FnCtx};
use crate::result::{Annotation, QueryError};
use crate::value::{Sample, SampleValue, drop_metric_name};

/// Evaluates range-vector function `name` for one series at one step
/// without copying the window or allocating: `window` holds the points
/// inside the window, and the matrix argument's slot in `args` is ignored.
/// Returns the output value, if any, and its `drop_name`.
pub fn call_range(
    name: &str,
    args: &[FnArg],
    window: crate::call::SeriesRef<'_>,
    ctx: &mut FnCtx,
) -> Result<Option<(SampleValue, bool)>, QueryError> {
    range_fns::eval(name, args, window, ctx)
}

/// Evaluates function `name` for one step.
pub fn call(name: &str, args: &[FnArg], ctx: &mut FnCtx) -> Result<Vec<Sample>, QueryError> {
    if let Some(series) = args.iter().find_map(|a| match a {
        FnArg::Matrix(m) => Some(m),
        _ => None,
    }) {
        return match series.first() {
            Some(s) => range_fns::call(name, args, crate::call::SeriesRef::of(s), ctx),
            None => Ok(Vec::new()),
        };
    }
    if let Some(f) = math::unary(name) {
        return Ok(map_floats(vector(args, 0), ctx, f));
    }
    if let Some(f) = math::date_fn(name) {
        if args.is_empty() {
            let c = math::civil(ctx.t / 1000);
            return Ok(vec![scalar_sample(ctx, f(&c))]);
        }
        return Ok(map_floats(vector(args, 0), ctx, |v| f(&math::civil(math::go_float_to_i64(v)))));
    }
    Ok(match name {
        "time" => vec![scalar_sample(ctx, ctx.t as f64 / 1000.0)],
        "pi" => vec![scalar_sample(ctx, std::f64::consts::PI)],
        "vector" => vec![scalar_sample(ctx, scalar(args, 0))],
        "scalar" => {
            let mut found = None;
            for s in vector(args, 0) {
                if let SampleValue::Float(f) = s.value {
                    if found.is_some() {
                        found = Some(f64::NAN);
                        break;
                    }
                    found = Some(f);
                }
            }
            vec![scalar_sample(ctx, found.unwrap_or(f64::NAN))]
        }
        "max_of" => vec![scalar_sample(ctx, go_max(scalar(args, 0), scalar(args, 1)))],
        "min_of" => vec![scalar_sample(ctx, go_min(scalar(args, 0), scalar(args, 1)))],
        "round" => {
            let to_nearest = if args.len() >= 2 { scalar(args, 1) } else { 1.0 };
            map_floats(vector(args, 0), ctx, |v| math::round(v, to_nearest))
        }
        "clamp" | "clamp_min" | "clamp_max" => {
            let (min, max) = match name {
                "clamp" => (scalar(args, 1), scalar(args, 2)),
                "clamp_min" => (scalar(args, 1), f64::INFINITY),
                _ => (f64::NEG_INFINITY, scalar(args, 1)),
            };
            if max < min {
                Vec::new()
            } else {
                map_floats(vector(args, 0), ctx, |v| math::clamp(v, min, max))
            }
        }
        "timestamp" => {
            vector(args, 0).iter().map(|s| derived(s, ctx, s.t as f64 / 1000.0)).collect()
        }
        "start_timestamp" => {
            let sts = ctx.start_timestamps.map(|s| s.floats.as_slice()).unwrap_or(&[]);
            vector(args, 0)
                .iter()
                .zip(sts)
                .map(|(s, &st)| derived(s, ctx, st as f64 / 1000.0))
                .collect()
        }
        "absent" => {
            // The evaluator replaces the labels with `absent_labels` of the
            // argument's matchers; a function only sees values.
            if vector(args, 0).is_empty() { vec![scalar_sample(ctx, 1.0)] } else { Vec::new() }
        }
        "sort" | "sort_desc" => {
            let mut out: Vec<Sample> = vector(args, 0)
                .iter()
                .filter(|s| matches!(s.value, SampleValue::Float(_)))
                .cloned()
                .collect();
            let cmp = if name == "sort" { labels::cmp_value_asc } else { labels::cmp_value_desc };
            out.sort_by(|a, b| cmp(float_of(a), float_of(b)));
            out
        }
        "sort_by_label" | "sort_by_label_desc" => {
            let names: Vec<&str> = args.get(1..).unwrap_or(&[]).iter().filter_map(string).collect();
            let mut out = vector(args, 0).to_vec();
            out.sort_by(|a, b| {
                let o = labels::cmp_by_labels(&a.labels, &b.labels, &names);
                if name == "sort_by_label" { o } else { o.reverse() }
            });
            out
        }
        "label_replace" => {
            let strs: Vec<&str> = args.get(1..).unwrap_or(&[]).iter().filter_map(string).collect();
            let [dst, repl, src, re] = strs[..] else {
                return Err(QueryError::at(
                    ctx.call_span,
                    "label_replace needs four string arguments",
                ));
            };
            let lr = LabelReplace::new(dst, repl, src, re)
                .map_err(|e| QueryError::at(ctx.call_span, e))?;
            vector(args, 0)
                .iter()
                .map(|s| match lr.apply(&s.labels) {
                    Some(labels) => Sample {
                        labels,
                        drop_name: if lr.sets_metric_name() { false } else { s.drop_name },
                        t: s.t,
                        value: s.value.clone(),
                    },
                    None => s.clone(),
                })
                .collect()
        }
        "label_join" => {
            let strs: Vec<&str> = args.get(1..).unwrap_or(&[]).iter().filter_map(string).collect();
            if strs.len() < 2 {
                return Err(QueryError::at(
                    ctx.call_span,
                    "label_join needs at least three arguments",
                ));
            }
            let lj = LabelJoin::new(strs[0], strs[1], &strs[2..])
                .map_err(|e| QueryError::at(ctx.call_span, e))?;
            vector(args, 0)
                .iter()
                .map(|s| Sample {
                    labels: lj.apply(&s.labels),
                    drop_name: if lj.sets_metric_name() { false } else { s.drop_name },
                    t: s.t,
                    value: s.value.clone(),
                })
                .collect()
        }
        "histogram_count" | "histogram_sum" | "histogram_avg" | "histogram_stddev"
        | "histogram_stdvar" => {
            let f = classic::native_stat(name);
            let mut out = Vec::new();
            for s in vector(args, 0) {
                if let SampleValue::Histogram(h) = &s.value {
                    let mut labels = s.labels.clone();
                    if !ctx.delayed_name_removal {
                        labels.remove(METRIC_NAME_LABEL);
                    }
                    out.push(Sample {
                        labels,
                        t: ctx.t,
                        value: SampleValue::Float(f(h)),
                        drop_name: true,
                    });
                }
            }
            out
        }
        "histogram_quantile" => classic::histogram_quantile(scalar(args, 0), vector(args, 1), ctx),
        "histogram_quantiles" => {
            let label = args.get(1).and_then(string).unwrap_or("quantile");
            let qs: Vec<(f64, Span)> =
                (2..args.len()).map(|i| (scalar(args, i), arg_span(ctx, i))).collect();
            classic::histogram_quantiles(vector(args, 0), label, &qs, ctx)
        }
        "histogram_fraction" => {
            classic::histogram_fraction(scalar(args, 0), scalar(args, 1), vector(args, 2), ctx)
        }
        _ => {
            return Err(QueryError::at(ctx.call_span, format!("unknown function {name:?}")));
        }
    })
}

/// An element-wise float function, for evaluating it per series instead of
/// per step: [`Elementwise::apply`] maps one float value, given the step's
/// scalar arguments (those after the vector, in order), to the output value,
/// or to `None` when the sample is dropped (`clamp` with max < min).
/// Histogram samples are dropped by all of these. The output keeps the
/// series' identity with labels as [`call`] produces them: without the
/// metric name, or with `drop_name` set under delayed name removal.
#[derive(Clone, Copy, Debug)]
pub enum Elementwise {
    /// `abs`, `exp`, trigonometry, `sgn`, `deg`, ….
    Unary(fn(f64) -> f64),
    /// A calendar function called with an argument.
    Date(fn(&math::Civil) -> f64),
    /// `round(v, to_nearest = 1)`.
    Round,
    /// `clamp(v, min, max)`.
    Clamp,
    /// `clamp_min(v, min)`.
    ClampMin,
    /// `clamp_max(v, max)`.
    ClampMax,
}

impl Elementwise {
    /// The element-wise function called `name`, if it is one.
    pub fn of(name: &str) -> Option<Elementwise> {
        if let Some(f) = math::unary(name) {
            return Some(Elementwise::Unary(f));
        }
        if let Some(f) = math::date_fn(name) {
            return Some(Elementwise::Date(f));
        }
        Some(match name {
            "round" => Elementwise::Round,
            "clamp" => Elementwise::Clamp,
            "clamp_min" => Elementwise::ClampMin,
            "clamp_max" => Elementwise::ClampMax,
            _ => return None,
        })
    }

    /// The output for input `v` with the step's scalar arguments.
    pub fn apply(&self, v: f64, scalars: &[f64]) -> Option<f64> {
        let arg = |i: usize| scalars.get(i).copied().unwrap_or(f64::NAN);
        let clamp =
            |min: f64, max: f64| if max < min { None } else { Some(math::clamp(v, min, max)) };
        match self {
            Elementwise::Unary(f) => Some(f(v)),
            Elementwise::Date(f) => Some(f(&math::civil(math::go_float_to_i64(v)))),
            Elementwise::Round => Some(math::round(v, scalars.first().copied().unwrap_or(1.0))),
            Elementwise::Clamp => clamp(arg(0), arg(1)),
            Elementwise::ClampMin => clamp(arg(0), f64::INFINITY),
            Elementwise::ClampMax => clamp(f64::NEG_INFINITY, arg(0)),
        }
    }
}

/// `label_replace` or `label_join` compiled once for evaluating per series
/// (the labels of a series are the same at every step). `strings` are the
/// string arguments after the vector.
#[derive(Clone, Debug)]
pub enum Relabel {
    /// `label_replace(v, dst, replacement, src, regex)`.
    Replace(LabelReplace),
    /// `label_join(v, dst, separator, src...)`.
    Join(LabelJoin),
}

impl Relabel {
    /// Validates the arguments (upstream's error texts); `Ok(None)` for
    /// other functions.
    pub fn new(name: &str, strings: &[&str]) -> Result<Option<Relabel>, String> {
        match (name, strings) {
            ("label_replace", [dst, repl, src, re]) => {
                Ok(Some(Relabel::Replace(LabelReplace::new(dst, repl, src, re)?)))
            }
            ("label_join", [dst, sep, srcs @ ..]) => {
                Ok(Some(Relabel::Join(LabelJoin::new(dst, sep, srcs)?)))
            }
            _ => Ok(None),
        }
    }

    /// The new labels of a series and its `drop_name` (given the input's).
    pub fn apply(&self, labels: &Labels, drop_name: bool) -> (Labels, bool) {
        match self {
            Relabel::Replace(r) => match r.apply(labels) {
                Some(l) => (l, if r.sets_metric_name() { false } else { drop_name }),
                None => (labels.clone(), drop_name),
            },
            Relabel::Join(j) => {
                (j.apply(labels), if j.sets_metric_name() { false } else { drop_name })
            }
        }
    }
}

/// Checks that `name` accepts the range modes its matrix selector uses,
/// with Prometheus' error text.
pub fn check_range_modifier(name: &str, anchored: bool, smoothed: bool) -> Result<(), String> {
    const ANCHORED: [&str; 5] = ["changes", "delta", "increase", "rate", "resets"];
    const SMOOTHED: [&str; 3] = ["delta", "increase", "rate"];
    if anchored && !ANCHORED.contains(&name) {
        return Err(format!(
            "anchored modifier can only be used with: {} - not with {name}",
            ANCHORED.join(", ")
        ));
    }
    if smoothed && !SMOOTHED.contains(&name) {
        return Err(format!(
            "smoothed modifier can only be used with: {} - not with {name}",
            SMOOTHED.join(", ")
        ));
    }
    Ok(())
}

/// The value of argument `i` as a scalar (NaN when it is not one).
fn scalar(args: &[FnArg], i: usize) -> f64 {
    match args.get(i) {
        Some(FnArg::Scalar(f)) => *f,
        _ => f64::NAN,
    }
}

/// The instant vector at argument `i` (empty when it is not one).
fn vector<'a>(args: &[FnArg<'a>], i: usize) -> &'a [Sample] {
    match args.get(i) {
        Some(FnArg::Vector(v)) => v,
        _ => &[],
    }
}

fn string<'a>(arg: &FnArg<'a>) -> Option<&'a str> {
    match arg {
        FnArg::String(s) => Some(s),
        _ => None,
    }
}

fn float_of(s: &Sample) -> f64 {
    match s.value {
        SampleValue::Float(f) => f,
        SampleValue::Histogram(_) => f64::NAN,
    }
}

/// The span of argument `i`, or the whole call when it is missing.
fn arg_span(ctx: &FnCtx, i: usize) -> Span {
    ctx.arg_spans.get(i).copied().unwrap_or(ctx.call_span)
}

/// Records an annotation, unless one of the last few is the same: a range
/// query raises most annotations at every step of a series, and keeping
/// them all would cost memory until the evaluator deduplicates.
fn annotate(ctx: &mut FnCtx, (level, message): (Level, String), span: Span) {
    let kind = match level {
        Level::Warning => crate::result::AnnotationKind::Warning,
        Level::Info => crate::result::AnnotationKind::Info,
    };
    if ctx
        .annotations
        .iter()
        .rev()
        .take(16)
        .any(|a| a.kind == kind && a.span == span && a.message == message)
    {
        return;
    }
    ctx.annotations.push(match level {
        Level::Warning => Annotation::warning(span, message),
        Level::Info => Annotation::info(span, message),
    });
}

/// A label-less sample: a scalar result, or `vector(s)`.
fn scalar_sample(ctx: &FnCtx, v: f64) -> Sample {
    Sample { labels: Labels::new(), t: ctx.t, value: SampleValue::Float(v), drop_name: false }
}

/// A float derived from `s`: its labels (without the metric name unless
/// the name is removed at the end) and `drop_name` set.
fn derived(s: &Sample, ctx: &FnCtx, v: f64) -> Sample {
    let mut labels = s.labels.clone();
    if !ctx.delayed_name_removal {
        drop_metric_name(&mut labels);
    }
    Sample { labels, t: ctx.t, value: SampleValue::Float(v), drop_name: true }
}

/// Applies `f` to every float sample; histograms are skipped.
fn map_floats(v: &[Sample], ctx: &FnCtx, f: impl Fn(f64) -> f64) -> Vec<Sample> {
    v.iter()
        .filter_map(|s| match s.value {
            SampleValue::Float(x) => Some(derived(s, ctx, f(x))),
            SampleValue::Histogram(_) => None,
        })
        .collect()
}

/// The metric name of a label set ("" without one).
fn metric_name(labels: &Labels) -> &str {
    labels.metric_name().unwrap_or("")
}

#[cfg(test)]
mod tests;
