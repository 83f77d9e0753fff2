//! `histogram_quantile`, `histogram_quantiles` and `histogram_fraction`
//! over an instant vector that may hold classic buckets (`le`-labelled
//! floats, grouped by their other labels) and native histograms, plus the
//! native-only statistics (`histogram_count`, `_sum`, `_avg`, `_stddev`,
//! `_stdvar`). Follows `resetHistograms`, `HistogramQuantile` and
//! `HistogramFraction` upstream, annotations included.

use promplay_diagnostics::Span;
use promplay_model::{Labels, parse_go_float};

use super::annos::{self, Level};
use super::buckets::{Bucket, bucket_fraction, bucket_quantile};
use super::histogram::{all_buckets, uses_custom_buckets};
use super::kahan::kahan_inc;
use super::{annotate, arg_span};
use crate::call::FnCtx;
use crate::value::{FloatHistogram, Sample, SampleValue, drop_metric_name};

/// The input split into native histograms and classic bucket groups.
struct Split<'a> {
    native: Vec<(&'a Labels, &'a FloatHistogram)>,
    classic: Vec<(Labels, Vec<Bucket>)>,
}

/// Splits `v` like `resetHistograms`: floats need a numeric `le` (else a
/// warning) and group by their labels without `le`; a native histogram
/// whose labels equal a classic group's is dropped together with that group.
fn split<'a>(v: &'a [Sample], ctx: &mut FnCtx, span: Span) -> Split<'a> {
    let mut native = Vec::new();
    let mut classic: Vec<(Labels, Vec<Bucket>)> = Vec::new();
    let mut index: std::collections::HashMap<Labels, usize> = std::collections::HashMap::new();
    for s in v {
        match &s.value {
            SampleValue::Histogram(h) => native.push((&s.labels, &**h)),
            SampleValue::Float(f) => {
                let le = s.labels.get("le").unwrap_or("");
                let Some(upper_bound) = parse_go_float(le) else {
                    let name = if ctx.delayed_name_removal {
                        s.labels.metric_name().unwrap_or("")
                    } else {
                        ""
                    };
                    annotate(ctx, annos::bad_bucket_label(name, le), span);
                    continue;
                };
                let mut key = s.labels.clone();
                key.remove("le");
                let bucket = Bucket { upper_bound, count: *f };
                match index.get(&key) {
                    Some(&i) => classic[i].1.push(bucket),
                    None => {
                        index.insert(key.clone(), classic.len());
                        classic.push((key, vec![bucket]));
                    }
                }
            }
        }
    }
    let mut kept = Vec::with_capacity(native.len());
    for (labels, h) in native {
        if let Some(&i) = index.get(labels)
            && !classic[i].1.is_empty()
        {
            let name =
                if ctx.delayed_name_removal { labels.metric_name().unwrap_or("") } else { "" };
            annotate(ctx, annos::mixed_classic_native(name), span);
            classic[i].1.clear();
            continue;
        }
        kept.push((labels, h));
    }
    classic.retain(|(_, b)| !b.is_empty());
    Split { native: kept, classic }
}

fn out_labels(labels: &Labels, ctx: &FnCtx) -> Labels {
    let mut l = labels.clone();
    if !ctx.delayed_name_removal {
        drop_metric_name(&mut l);
    }
    l
}

fn float_sample(labels: Labels, ctx: &FnCtx, v: f64) -> Sample {
    Sample { labels, t: ctx.t, value: SampleValue::Float(v), drop_name: true }
}

fn check_quantile(q: f64, span: Span, ctx: &mut FnCtx) {
    if q.is_nan() || !(0.0..=1.0).contains(&q) {
        annotate(ctx, annos::invalid_quantile(q), span);
    }
}

/// `histogram_quantile(q, v)`.
pub fn histogram_quantile(q: f64, v: &[Sample], ctx: &mut FnCtx) -> Vec<Sample> {
    check_quantile(q, arg_span(ctx, 0), ctx);
    let span = arg_span(ctx, 1);
    let parts = split(v, ctx, span);
    let mut out = Vec::new();
    quantile_into(q, &parts, span, ctx, &mut out, |l| l);
    out
}

/// `histogram_quantiles(v, label, q…)`: one output series per quantile,
/// labelled with the quantile.
pub fn histogram_quantiles(
    v: &[Sample],
    label: &str,
    qs: &[(f64, Span)],
    ctx: &mut FnCtx,
) -> Vec<Sample> {
    for &(q, span) in qs {
        check_quantile(q, span, ctx);
    }
    let span = arg_span(ctx, 0);
    let parts = split(v, ctx, span);
    let mut out = Vec::new();
    for &(q, _) in qs {
        let text = openmetrics_float(q);
        quantile_into(q, &parts, span, ctx, &mut out, |mut l| {
            l.set(label, text.clone());
            l
        });
    }
    out
}

fn quantile_into(
    q: f64,
    parts: &Split,
    span: Span,
    ctx: &mut FnCtx,
    out: &mut Vec<Sample>,
    relabel: impl Fn(Labels) -> Labels,
) {
    for (labels, h) in &parts.native {
        let name = labels.metric_name().unwrap_or("").to_string();
        let v = native_quantile(q, h, &name, span, ctx);
        out.push(float_sample(relabel(out_labels(labels, ctx)), ctx, v));
    }
    for (labels, buckets) in &parts.classic {
        let mut buckets = buckets.clone();
        let (v, fix) = bucket_quantile(q, &mut buckets);
        if let Some(fix) = fix {
            let name =
                if ctx.delayed_name_removal { labels.metric_name().unwrap_or("") } else { "" };
            monotonicity_info(ctx, &annos::forced_monotonicity_base(name), fix, span);
        }
        out.push(float_sample(relabel(out_labels(labels, ctx)), ctx, v));
    }
}

/// Records the forced-monotonicity info, merged with an earlier one for the
/// same expression like upstream merges them across steps: the widest bucket
/// range, the largest difference, the sample count and the time span.
fn monotonicity_info(
    ctx: &mut FnCtx,
    base: &str,
    fix: super::buckets::MonotonicityFix,
    span: Span,
) {
    let head = format!("{base}, from buckets ");
    let secs = ctx.t.div_euclid(1000);
    let mut merged = Merged {
        min_bucket: fix.min_bucket,
        max_bucket: fix.max_bucket,
        max_diff: fix.max_diff,
        count: 1,
        from: super::math::rfc3339(secs),
        to: super::math::rfc3339(secs),
    };
    let existing =
        ctx.annotations.iter().position(|a| a.span == span && a.message.starts_with(&head));
    if let Some(i) = existing
        && let Some(old) = Merged::parse(&ctx.annotations[i].message[head.len()..])
    {
        merged.min_bucket = merged.min_bucket.min(old.min_bucket);
        merged.max_bucket = merged.max_bucket.max(old.max_bucket);
        merged.max_diff = merged.max_diff.max(old.max_diff);
        merged.count += old.count;
        merged.from = old.from;
        ctx.annotations.remove(i);
    }
    let message = format!(
        "{head}{} to {}, with a max diff of {}, over {} samples from {} to {}",
        promplay_model::format_float(merged.min_bucket),
        promplay_model::format_float(merged.max_bucket),
        annos::go_g2(merged.max_diff),
        merged.count,
        merged.from,
        merged.to,
    );
    annotate(ctx, (Level::Info, message), span);
}

/// The details of a forced-monotonicity info, read back for merging.
struct Merged {
    min_bucket: f64,
    max_bucket: f64,
    max_diff: f64,
    count: u64,
    from: String,
    to: String,
}

impl Merged {
    /// Parses `A to B, with a max diff of D, over N samples from S to E`.
    fn parse(s: &str) -> Option<Merged> {
        let (min, rest) = s.split_once(" to ")?;
        let (max, rest) = rest.split_once(", with a max diff of ")?;
        let (diff, rest) = rest.split_once(", over ")?;
        let (count, rest) = rest.split_once(" samples from ")?;
        let (from, to) = rest.split_once(" to ")?;
        Some(Merged {
            min_bucket: parse_go_float(min)?,
            max_bucket: parse_go_float(max)?,
            max_diff: parse_go_float(diff)?,
            count: count.parse().ok()?,
            from: from.to_string(),
            to: to.to_string(),
        })
    }
}

/// `histogram_fraction(lower, upper, v)`.
pub fn histogram_fraction(lower: f64, upper: f64, v: &[Sample], ctx: &mut FnCtx) -> Vec<Sample> {
    let span = arg_span(ctx, 2);
    let parts = split(v, ctx, span);
    let mut out = Vec::new();
    for (labels, h) in &parts.native {
        let name = labels.metric_name().unwrap_or("").to_string();
        let f = native_fraction(lower, upper, h, &name, span, ctx);
        out.push(float_sample(out_labels(labels, ctx), ctx, f));
    }
    for (labels, buckets) in &parts.classic {
        let f = bucket_fraction(lower, upper, &mut buckets.clone());
        out.push(float_sample(out_labels(labels, ctx), ctx, f));
    }
    out
}

/// The statistic `histogram_count`, `_sum`, `_avg`, `_stddev` or `_stdvar`.
pub fn native_stat(name: &str) -> fn(&FloatHistogram) -> f64 {
    match name {
        "histogram_count" => |h| h.count,
        "histogram_sum" => |h| h.sum,
        "histogram_avg" => |h| h.sum / h.count,
        "histogram_stddev" => |h| variance(h).sqrt(),
        _ => variance,
    }
}

/// The variance of a native histogram estimated from bucket midpoints
/// (arithmetic for custom buckets and the zero bucket, geometric otherwise).
fn variance(h: &FloatHistogram) -> f64 {
    let mean = h.sum / h.count;
    let (mut var, mut c) = (0.0, 0.0);
    for b in all_buckets(h) {
        if b.count == 0.0 {
            continue;
        }
        let val = if uses_custom_buckets(h) {
            (b.upper + b.lower) / 2.0
        } else if b.lower <= 0.0 && b.upper >= 0.0 {
            0.0
        } else {
            let v = (b.upper * b.lower).sqrt();
            if b.upper < 0.0 { -v } else { v }
        };
        let delta = val - mean;
        (var, c) = kahan_inc(b.count * delta * delta, var, c);
    }
    (var + c) / h.count
}

/// `HistogramQuantile` of one native histogram.
fn native_quantile(q: f64, h: &FloatHistogram, name: &str, span: Span, ctx: &mut FnCtx) -> f64 {
    if q < 0.0 {
        return f64::NEG_INFINITY;
    }
    if q > 1.0 {
        return f64::INFINITY;
    }
    if h.count == 0.0 || q.is_nan() {
        return f64::NAN;
    }
    let forward = h.sum.is_nan() || q < 0.5;
    let mut buckets = all_buckets(h);
    if !forward {
        buckets.reverse();
    }
    let mut rank = if forward { q * h.count } else { (1.0 - q) * h.count };
    let mut count = 0.0;
    let mut pos = buckets.len();
    let mut bucket = super::histogram::HBucket { lower: 0.0, upper: 0.0, count: 0.0 };
    for (i, b) in buckets.iter().enumerate() {
        bucket = *b;
        pos = i + 1;
        if b.count == 0.0 {
            continue;
        }
        count += b.count;
        if count >= rank {
            break;
        }
    }
    let custom = uses_custom_buckets(h);
    if !custom && bucket.lower < 0.0 && bucket.upper > 0.0 {
        if h.negative_buckets.is_empty() && !h.positive_buckets.is_empty() {
            bucket.lower = 0.0;
        } else if h.positive_buckets.is_empty() && !h.negative_buckets.is_empty() {
            bucket.upper = 0.0;
        }
    } else if custom {
        if bucket.lower == f64::NEG_INFINITY {
            if bucket.upper <= 0.0 {
                return bucket.upper;
            }
            bucket.lower = 0.0;
        } else if bucket.upper == f64::INFINITY {
            return bucket.lower;
        }
    }
    if count > h.count {
        count = h.count;
    }
    if count < rank {
        if h.sum.is_nan() {
            annotate(ctx, annos::quantile_nan_result(name), span);
            return f64::NAN;
        }
        return bucket.upper;
    }
    if forward {
        rank -= count - bucket.count;
    } else {
        rank = count - rank;
    }
    if h.sum.is_nan() {
        for b in &buckets[pos..] {
            count += b.count;
        }
        if count < h.count {
            annotate(ctx, annos::quantile_nan_skew(name), span);
        }
    }
    let fraction = rank / bucket.count;
    if custom || (bucket.lower <= 0.0 && bucket.upper >= 0.0) {
        return bucket.lower + (bucket.upper - bucket.lower) * fraction;
    }
    let log_lower = libm::log2(bucket.lower.abs());
    let log_upper = libm::log2(bucket.upper.abs());
    if bucket.lower > 0.0 {
        return libm::exp2(log_lower + (log_upper - log_lower) * fraction);
    }
    -libm::exp2(log_upper + (log_lower - log_upper) * (1.0 - fraction))
}

/// `HistogramFraction` of one native histogram.
fn native_fraction(
    lower: f64,
    upper: f64,
    h: &FloatHistogram,
    name: &str,
    span: Span,
    ctx: &mut FnCtx,
) -> f64 {
    if h.count == 0.0 || lower.is_nan() || upper.is_nan() {
        return f64::NAN;
    }
    if lower >= upper {
        return 0.0;
    }
    let custom = uses_custom_buckets(h);
    let buckets = all_buckets(h);
    let (mut count, mut rank, mut lower_rank, mut upper_rank) = (0.0, 0.0, 0.0, 0.0);
    let (mut lower_set, mut upper_set) = (false, false);
    let mut consumed = buckets.len();
    for (i, b0) in buckets.iter().enumerate() {
        let mut b = *b0;
        count += b.count;
        let mut zero_bucket = false;
        if b.lower <= 0.0 && b.upper >= 0.0 {
            zero_bucket = true;
            if h.negative_buckets.is_empty() && !h.positive_buckets.is_empty() {
                b.lower = 0.0;
            } else if h.positive_buckets.is_empty() && !h.negative_buckets.is_empty() {
                b.upper = 0.0;
            }
        }
        let linear = custom || zero_bucket;
        let interpolate = |v: f64| {
            if linear {
                if b.lower == f64::NEG_INFINITY {
                    return b.count;
                }
                rank + b.count * b.fraction_below(v, true)
            } else {
                rank + b.count * b.fraction_below(v, false)
            }
        };
        if !lower_set && b.lower >= lower {
            lower_rank = rank;
            lower_set = true;
        }
        if !upper_set && b.lower >= upper {
            upper_rank = rank;
            upper_set = true;
        }
        if lower_set && upper_set {
            consumed = i + 1;
            break;
        }
        if !lower_set && b.lower < lower && b.upper > lower {
            lower_rank = interpolate(lower);
            lower_set = true;
        }
        if !upper_set && b.lower < upper && b.upper > upper {
            upper_rank = interpolate(upper);
            upper_set = true;
        }
        if lower_set && upper_set {
            consumed = i + 1;
            break;
        }
        rank += b.count;
    }
    if h.sum.is_nan() {
        for b in &buckets[consumed..] {
            count += b.count;
        }
        if count < h.count {
            annotate(ctx, annos::fraction_nans(name), span);
        }
    } else {
        count = h.count;
    }
    if !lower_set || lower_rank > count {
        lower_rank = count;
    }
    if !upper_set || upper_rank > count {
        upper_rank = count;
    }
    (upper_rank - lower_rank) / h.count
}

/// `labels.FormatOpenMetricsFloat`: like Go's 'g' format but whole numbers
/// keep a `.0` (`1.0`, `0.0`, `2.0`).
pub fn openmetrics_float(f: f64) -> String {
    let s = promplay_model::format_float(f);
    if f.is_finite() && !s.contains(['e', '.']) { format!("{s}.0") } else { s }
}
