//! Native-histogram versions of the range functions: `rate`, `increase` and
//! `delta` (extrapolated, anchored and smoothed), `irate`/`idelta`, and
//! `sum_over_time`/`avg_over_time`, ported from `histogramRate`,
//! `extendedHistogramRate`, `instantValue` and the histogram branches of
//! the `*_over_time` functions, annotations included.

use promplay_diagnostics::Span;

use super::annos::{self, HistogramOp};
use super::annotate;
use super::hist_ops::{
    self, IncompatibleSchema, KahanComp, OpFlags, add, detect_reset, div, is_custom, kahan_add,
    mul, sub,
};
use super::rate::{RangeSpec, is_start_timestamp_reset, search, start_time_overlaps};
use crate::call::FnCtx;
use crate::call::SeriesRef;
use crate::value::{CounterResetHint, FloatHistogram, HPoint};

/// Reports an addition/subtraction outcome; false when it failed.
fn checked(
    r: Result<OpFlags, IncompatibleSchema>,
    op: HistogramOp,
    ctx: &mut FnCtx,
    span: Span,
    name: &str,
) -> bool {
    match r {
        Ok(flags) => {
            if flags.nhcb_reconciled {
                annotate(ctx, annos::mismatched_custom_buckets(op), span);
            }
            true
        }
        Err(IncompatibleSchema) => {
            annotate(ctx, annos::mixed_exponential_custom(name), span);
            false
        }
    }
}

/// `sum_over_time` (or `avg_over_time`) of histogram points, with Kahan
/// compensation and, for the average, upstream's switch to an incremental
/// mean once the running sum overflows.
pub fn sum_or_avg(
    hists: &[HPoint],
    avg: bool,
    ctx: &mut FnCtx,
    span: Span,
    name: &str,
) -> Option<FloatHistogram> {
    let mut reset_seen = false;
    let mut not_reset_seen = false;
    for p in hists {
        match p.h.counter_reset_hint {
            CounterResetHint::CounterReset => reset_seen = true,
            CounterResetHint::NotCounterReset => not_reset_seen = true,
            _ => {}
        }
    }
    let mut reconciled = false;
    let result =
        if avg { kahan_avg(hists, &mut reconciled) } else { kahan_sum(hists, &mut reconciled) };
    if reset_seen && not_reset_seen {
        annotate(ctx, annos::counter_reset_collision(HistogramOp::Agg), span);
    }
    if reconciled {
        annotate(ctx, annos::mismatched_custom_buckets(HistogramOp::Agg), span);
    }
    match result {
        Ok(h) => Some(h),
        Err(IncompatibleSchema) => {
            // Upstream replaces all annotations of this call with this one.
            annotate(ctx, annos::mixed_exponential_custom(name), span);
            None
        }
    }
}

fn kahan_sum(
    hists: &[HPoint],
    reconciled: &mut bool,
) -> Result<FloatHistogram, IncompatibleSchema> {
    let mut sum = (*hists[0].h).clone();
    let mut comp = KahanComp::default();
    for p in &hists[1..] {
        *reconciled |= kahan_add(&mut sum, &mut comp, &p.h)?.nhcb_reconciled;
    }
    comp.fold_into(&mut sum);
    Ok(sum)
}

fn kahan_avg(
    hists: &[HPoint],
    reconciled: &mut bool,
) -> Result<FloatHistogram, IncompatibleSchema> {
    let mut sum = (*hists[0].h).clone();
    let mut comp = KahanComp::default();
    let mut mean: Option<FloatHistogram> = None;
    let mut count = 1.0;
    for (i, p) in hists[1..].iter().enumerate() {
        count = (i + 2) as f64;
        if mean.is_none() {
            let mut next = sum.clone();
            let mut next_comp = comp.clone();
            *reconciled |= kahan_add(&mut next, &mut next_comp, &p.h)?.nhcb_reconciled;
            if !hist_ops::has_overflow(&next) {
                sum = next;
                comp = next_comp;
                continue;
            }
            let mut m = sum.clone();
            div(&mut m, count - 1.0);
            comp.div(count - 1.0);
            mean = Some(m);
        }
        let q = (count - 1.0) / count;
        comp.mul(q);
        let mut to_add = (*p.h).clone();
        div(&mut to_add, count);
        if let Some(m) = mean.as_mut() {
            mul(m, q);
            *reconciled |= kahan_add(m, &mut comp, &to_add)?.nhcb_reconciled;
        }
    }
    if let Some(mut m) = mean {
        comp.fold_into(&mut m);
        return Ok(m);
    }
    div(&mut sum, count);
    comp.div(count);
    comp.fold_into(&mut sum);
    Ok(sum)
}

/// `rate`/`increase`/`delta` of histogram points.
pub fn rate(
    s: SeriesRef<'_>,
    ctx: &mut FnCtx,
    spec: &RangeSpec,
    is_counter: bool,
    is_rate: bool,
    span: Span,
) -> Option<FloatHistogram> {
    if spec.anchored || spec.smoothed {
        return extended_rate(s, ctx, spec, is_counter, is_rate, span);
    }
    let name = s.labels.metric_name().unwrap_or("").to_string();
    let points = s.histograms;
    let sts: Vec<i64> = ctx.start_timestamps.map(|st| st.histograms.clone()).unwrap_or_default();
    let n_minus_one = points.len() - 1;
    let first_t = points[0].t;
    let last_t = points[n_minus_one].t;
    let mut result: Option<FloatHistogram> = None;
    if points.len() > 1 {
        result = Some(histogram_rate(points, &sts, is_counter, ctx, span, &name)?);
    }
    let mut duration_to_start = (first_t - spec.start) as f64 / 1000.0;
    let mut duration_to_end = (spec.end - last_t) as f64 / 1000.0;
    let mut sampled = (last_t - first_t) as f64 / 1000.0;
    let average = if n_minus_one > 0 { sampled / n_minus_one as f64 } else { 0.0 };
    let threshold = average * 1.1;
    if is_counter && !sts.is_empty() && sts[0] != 0 && sts[0] > spec.start && sts[0] < first_t {
        duration_to_start = 0.0;
        sampled = (last_t - sts[0]) as f64 / 1000.0;
        match result.as_mut() {
            None => result = Some((*points[0].h).clone()),
            Some(r) => {
                if !checked(add(r, &points[0].h), HistogramOp::Add, ctx, span, &name) {
                    return None;
                }
            }
        }
    } else if n_minus_one == 0 {
        return None;
    } else {
        if duration_to_start >= threshold {
            duration_to_start = average / 2.0;
        }
        if is_counter {
            let mut to_zero = duration_to_start;
            if let Some(r) = &result
                && r.count > 0.0
                && points[0].h.count >= 0.0
            {
                to_zero = sampled * (points[0].h.count / r.count);
            }
            if to_zero < duration_to_start {
                duration_to_start = to_zero;
            }
        }
    }
    if duration_to_end >= threshold {
        duration_to_end = average / 2.0;
    }
    let mut factor = 1.0;
    if sampled != 0.0 {
        factor = (sampled + duration_to_start + duration_to_end) / sampled;
    }
    if is_rate {
        factor /= spec.range_ms as f64 / 1000.0;
    }
    let mut r = result?;
    mul(&mut r, factor);
    Some(r)
}

/// `histogramRate`: last minus first, plus every value before a reset.
fn histogram_rate(
    points: &[HPoint],
    sts: &[i64],
    is_counter: bool,
    ctx: &mut FnCtx,
    span: Span,
    name: &str,
) -> Option<FloatHistogram> {
    let last = &*points[points.len() - 1].h;
    let mut prev: FloatHistogram = (*points[0].h).clone();
    let gauge = CounterResetHint::Gauge;
    if is_counter && (prev.counter_reset_hint == gauge || last.counter_reset_hint == gauge) {
        annotate(ctx, annos::native_histogram_not_counter(name), span);
    }
    let mut custom = is_custom(&prev);
    if is_counter {
        let second = &*points[1].h;
        let st_reset =
            sts.len() > 1 && is_start_timestamp_reset(sts[0], points[0].t, sts[1], points[1].t);
        if st_reset || detect_reset(second, &prev) {
            prev = FloatHistogram {
                schema: second.schema,
                custom_values: second.custom_values.clone(),
                ..FloatHistogram::default()
            };
            custom = is_custom(second);
        }
    }
    if is_custom(last) != custom {
        annotate(ctx, annos::mixed_exponential_custom(name), span);
        return None;
    }
    let mut min_schema = last.schema.min(prev.schema);
    for p in &points[1..points.len() - 1] {
        if !is_counter {
            continue;
        }
        if p.h.counter_reset_hint == gauge {
            annotate(ctx, annos::native_histogram_not_counter(name), span);
        }
        min_schema = min_schema.min(p.h.schema);
        if is_custom(&p.h) != custom {
            annotate(ctx, annos::mixed_exponential_custom(name), span);
            return None;
        }
    }
    let mut h = hist_ops::copy_to_schema(last, min_schema);
    match sub(&mut h, &prev) {
        Err(IncompatibleSchema) => {
            annotate(ctx, annos::mixed_exponential_custom(name), span);
            return None;
        }
        Ok(flags) if flags.nhcb_reconciled => {
            annotate(ctx, annos::mismatched_custom_buckets(HistogramOp::Sub), span);
        }
        Ok(_) => {}
    }
    if is_counter {
        let mut overlap = false;
        let mut prev_ref: &FloatHistogram = &prev;
        for i in 0..points.len() - 1 {
            let cur = &*points[i + 1].h;
            if !overlap && i + 1 < sts.len() && start_time_overlaps(sts[i], points[i].t, sts[i + 1])
            {
                annotate(ctx, annos::start_time_overlap(name), span);
                overlap = true;
            }
            let st_reset = i + 1 < sts.len()
                && is_start_timestamp_reset(sts[i], points[i].t, sts[i + 1], points[i + 1].t);
            if st_reset || detect_reset(cur, prev_ref) {
                let r = add(&mut h, prev_ref);
                if r.is_err() {
                    annotate(ctx, annos::mixed_exponential_custom(name), span);
                    return None;
                }
                if r.is_ok_and(|f| f.nhcb_reconciled) {
                    annotate(ctx, annos::mismatched_custom_buckets(HistogramOp::Add), span);
                }
            }
            prev_ref = cur;
        }
    } else if points[0].h.counter_reset_hint != gauge || last.counter_reset_hint != gauge {
        annotate(ctx, annos::native_histogram_not_gauge(name), span);
    }
    h.counter_reset_hint = gauge;
    hist_ops::compact(&mut h);
    Some(h)
}

/// Linear interpolation between two histograms at `t`.
#[allow(clippy::too_many_arguments)]
fn interpolate(
    h1: &FloatHistogram,
    t1: i64,
    h2: &FloatHistogram,
    t2: i64,
    t: i64,
    is_counter: bool,
    ctx: &mut FnCtx,
    span: Span,
) -> Result<FloatHistogram, IncompatibleSchema> {
    if t == t1 {
        return Ok(h1.clone());
    }
    if t == t2 {
        return Ok(h2.clone());
    }
    let fraction = (t - t1) as f64 / (t2 - t1) as f64;
    if is_counter && detect_reset(h2, h1) {
        let mut r = h2.clone();
        mul(&mut r, fraction);
        return Ok(r);
    }
    let mut r = h2.clone();
    if sub(&mut r, h1)?.nhcb_reconciled {
        annotate(ctx, annos::mismatched_custom_buckets(HistogramOp::Sub), span);
    }
    mul(&mut r, fraction);
    if add(&mut r, h1)?.nhcb_reconciled {
        annotate(ctx, annos::mismatched_custom_buckets(HistogramOp::Add), span);
    }
    Ok(r)
}

/// `extendedHistogramRate`: the anchored and smoothed modes.
fn extended_rate(
    s: SeriesRef<'_>,
    ctx: &mut FnCtx,
    spec: &RangeSpec,
    is_counter: bool,
    is_rate: bool,
    span: Span,
) -> Option<FloatHistogram> {
    let name = s.labels.metric_name().unwrap_or("").to_string();
    let h = s.histograms;
    let smoothed = spec.smoothed;
    let mut last = h.len() - 1;
    let first = search(last, |i| h[i].t > spec.start).saturating_sub(1);
    if smoothed {
        last = search(last, |i| h[i].t >= spec.end);
    }
    if h[last].t <= spec.start || (smoothed && h[first].t > spec.end) {
        return None;
    }
    let custom = is_custom(&h[first].h);
    for p in &h[first..=last] {
        if is_custom(&p.h) != custom {
            annotate(ctx, annos::mixed_exponential_custom(&name), span);
            return None;
        }
        if is_counter && p.h.counter_reset_hint == CounterResetHint::Gauge {
            annotate(ctx, annos::native_histogram_not_counter(&name), span);
        }
    }
    let left = if smoothed && h[first].t < spec.start {
        interpolate(
            &h[first].h,
            h[first].t,
            &h[first + 1].h,
            h[first + 1].t,
            spec.start,
            is_counter,
            ctx,
            span,
        )
    } else {
        Ok((*h[first].h).clone())
    };
    let right = if smoothed && last > 0 && h[last].t > spec.end {
        interpolate(
            &h[last - 1].h,
            h[last - 1].t,
            &h[last].h,
            h[last].t,
            spec.end,
            is_counter,
            ctx,
            span,
        )
    } else {
        Ok((*h[last].h).clone())
    };
    let (Ok(left), Ok(right)) = (left, right) else {
        annotate(ctx, annos::mixed_exponential_custom(&name), span);
        return None;
    };
    let gauge = CounterResetHint::Gauge;
    if !is_counter && (left.counter_reset_hint != gauge || right.counter_reset_hint != gauge) {
        annotate(ctx, annos::native_histogram_not_gauge(&name), span);
    }
    let mut result = right.clone();
    if !checked(sub(&mut result, &left), HistogramOp::Sub, ctx, span, &name) {
        return None;
    }
    if is_counter {
        // Resets strictly between the two edge samples; the edges are
        // already handled by the interpolation.
        let mut lo = first + 1;
        let mut prev: &FloatHistogram = &left;
        if smoothed && h[first].t < spec.start && detect_reset(&h[first + 1].h, &h[first].h) {
            prev = &h[first + 1].h;
            lo += 1;
        }
        let hi = last as isize - 1;
        let mut correction: Option<FloatHistogram> = None;
        if lo as isize <= hi + 1 {
            let mut add_corr = |c: &FloatHistogram, ctx: &mut FnCtx| -> bool {
                match correction.as_mut() {
                    None => {
                        correction = Some(c.clone());
                        true
                    }
                    Some(acc) => checked(add(acc, c), HistogramOp::Add, ctx, span, &name),
                }
            };
            if hi >= lo as isize {
                for p in &h[lo..=hi as usize] {
                    if detect_reset(&p.h, prev) && !add_corr(prev, ctx) {
                        return None;
                    }
                    prev = &p.h;
                }
            }
            if detect_reset(&right, prev) && !add_corr(prev, ctx) {
                return None;
            }
        }
        if let Some(c) = correction
            && !checked(add(&mut result, &c), HistogramOp::Add, ctx, span, &name)
        {
            return None;
        }
    }
    if is_rate {
        div(&mut result, spec.range_ms as f64 / 1000.0);
    }
    result.counter_reset_hint = gauge;
    hist_ops::compact(&mut result);
    Some(result)
}

/// `irate`/`idelta` of the last two histogram points.
#[allow(clippy::too_many_arguments)]
pub fn instant(
    a: &HPoint,
    a_st: i64,
    b: &HPoint,
    b_st: i64,
    is_rate: bool,
    ctx: &mut FnCtx,
    span: Span,
    name: &str,
) -> Option<FloatHistogram> {
    let interval = b.t - a.t;
    if interval == 0 {
        return None;
    }
    let gauge = CounterResetHint::Gauge;
    let mut r = (*b.h).clone();
    if is_rate && (b.h.counter_reset_hint == gauge || a.h.counter_reset_hint == gauge) {
        annotate(ctx, annos::native_histogram_not_counter(name), span);
    }
    if !is_rate && (b.h.counter_reset_hint != gauge || a.h.counter_reset_hint != gauge) {
        annotate(ctx, annos::native_histogram_not_gauge(name), span);
    }
    if !is_rate || (!is_start_timestamp_reset(a_st, a.t, b_st, b.t) && !detect_reset(&b.h, &a.h)) {
        match sub(&mut r, &a.h) {
            Err(IncompatibleSchema) => {
                annotate(ctx, annos::mixed_exponential_custom(name), span);
                return None;
            }
            Ok(flags) if flags.nhcb_reconciled => {
                annotate(ctx, annos::mismatched_custom_buckets(HistogramOp::Sub), span);
            }
            Ok(_) => {}
        }
    }
    r.counter_reset_hint = gauge;
    hist_ops::compact(&mut r);
    if is_rate {
        div(&mut r, interval as f64 / 1000.0);
    }
    Some(r)
}
