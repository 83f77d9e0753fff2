//! Histogram arithmetic as operators and aggregations use it, on top of the
//! exact ports of `FloatHistogram`'s methods in `functions::hist_ops`
//! (shared with the functions so that both agree bit for bit).

use crate::functions::hist_ops;
use crate::value::{CounterResetHint, FloatHistogram};

pub use hist_ops::{OpFlags, compact, equals};

/// Multiplies every count and the sum by `f` in place (`Mul`).
pub fn scale(h: &mut FloatHistogram, f: f64) {
    hist_ops::mul(h, f);
}

/// A compacted copy multiplied by `f` (`Copy().Mul(f).Compact(0)`).
pub fn scaled(h: &FloatHistogram, f: f64) -> FloatHistogram {
    let mut h = h.clone();
    hist_ops::mul(&mut h, f);
    hist_ops::compact(&mut h);
    h
}

/// A compacted copy divided by `f` (`Copy().Div(f).Compact(0)`).
pub fn divided(h: &FloatHistogram, f: f64) -> FloatHistogram {
    let mut h = h.clone();
    hist_ops::div(&mut h, f);
    hist_ops::compact(&mut h);
    h
}

/// `a + b` or `a - b`, compacted; `None` when exponential and custom
/// buckets meet. A difference is a gauge.
pub fn add(
    a: &FloatHistogram,
    b: &FloatHistogram,
    subtract: bool,
) -> Option<(FloatHistogram, OpFlags)> {
    let mut h = a.clone();
    let flags = if subtract { hist_ops::sub(&mut h, b) } else { hist_ops::add(&mut h, b) }.ok()?;
    if subtract {
        h.counter_reset_hint = CounterResetHint::Gauge;
    }
    hist_ops::compact(&mut h);
    Some((h, flags))
}

/// Whether `h` follows a counter reset relative to `prev` (`DetectReset`).
pub fn detect_reset(h: &FloatHistogram, prev: &FloatHistogram) -> bool {
    hist_ops::detect_reset(h, prev)
}

/// The bound of bucket `idx` (upstream's `getBound`).
fn bound(idx: i32, h: &FloatHistogram) -> f64 {
    if h.schema == -53 {
        let len = h.custom_values.len() as i32;
        return if idx >= len {
            f64::INFINITY
        } else if idx < 0 {
            f64::NEG_INFINITY
        } else {
            h.custom_values[idx as usize]
        };
    }
    crate::api::exponential_bound(idx, h.schema)
}

/// Bucket indices of a span layout, one per count.
fn indices(spans: &[crate::value::HistogramSpan]) -> Vec<i32> {
    let mut out = Vec::new();
    let mut idx = 0i32;
    for (n, s) in spans.iter().enumerate() {
        idx = if n == 0 { s.offset } else { idx + s.offset };
        for _ in 0..s.length {
            out.push(idx);
            idx += 1;
        }
    }
    out
}

/// `histogram </ rhs` (upper trim) or `histogram >/ rhs` (lower trim):
/// upstream's `TrimBuckets`, which keeps the observations below (or above)
/// `rhs`, interpolating inside the bucket that contains it and estimating
/// the sum from bucket midpoints.
pub fn trim(h: &FloatHistogram, rhs: f64, upper_trim: bool) -> FloatHistogram {
    let mut h = h.clone();
    let custom = h.schema == -53;
    let (mut count, mut sum) = (0.0, 0.0);
    let mut trimmed = false;
    let mut has = [false, false];
    for (side, positive) in [(0usize, true), (1usize, false)] {
        let idxs = if positive { indices(&h.positive_spans) } else { indices(&h.negative_spans) };
        for (i, idx) in idxs.into_iter().enumerate() {
            let c = if positive { h.positive_buckets[i] } else { h.negative_buckets[i] };
            if c == 0.0 {
                continue;
            }
            has[side] = true;
            let (lower, upper) = if positive {
                (bound(idx - 1, &h), bound(idx, &h))
            } else {
                (-bound(idx, &h), -bound(idx - 1, &h))
            };
            let keep_all = if upper_trim { upper <= rhs } else { lower >= rhs };
            let partial = if upper_trim { lower < rhs } else { upper > rhs };
            let new = if keep_all {
                count += c;
                sum += midpoint(lower, upper, positive, custom) * c;
                c
            } else if partial {
                let (keep, mid) = bucket_trim(lower, upper, c, rhs, upper_trim, positive, custom);
                count += keep;
                sum += mid * keep;
                keep
            } else {
                0.0
            };
            if new != c {
                trimmed = true;
                if positive {
                    h.positive_buckets[i] = new;
                } else {
                    h.negative_buckets[i] = new;
                }
            }
        }
    }
    if h.zero_count > 0.0 {
        let (mut lower, mut upper) = (-h.zero_threshold, h.zero_threshold);
        if has[1] && !has[0] {
            upper = 0.0;
        }
        if has[0] && !has[1] {
            lower = 0.0;
        }
        let (keep, mid) = if upper_trim {
            if rhs <= lower {
                (0.0, 0.0)
            } else if rhs >= upper {
                (h.zero_count, (lower + upper) / 2.0)
            } else {
                (h.zero_count * (rhs - lower) / (upper - lower), (lower + rhs) / 2.0)
            }
        } else if rhs <= lower {
            (h.zero_count, (lower + upper) / 2.0)
        } else if rhs >= upper {
            (0.0, 0.0)
        } else {
            (h.zero_count * (upper - rhs) / (upper - lower), (rhs + upper) / 2.0)
        };
        if keep != h.zero_count {
            h.zero_count = keep;
            trimmed = true;
        }
        sum += mid * keep;
        count += keep;
    }
    if trimmed {
        h.count = count;
        h.sum = sum;
        hist_ops::compact(&mut h);
    }
    h
}

fn midpoint(lower: f64, upper: f64, positive: bool, linear: bool) -> f64 {
    if lower.is_infinite() {
        if upper.is_infinite() {
            return 0.0;
        }
        return if upper > 0.0 { upper / 2.0 } else { upper };
    }
    if upper.is_infinite() {
        return lower;
    }
    if linear {
        return (lower + upper) / 2.0;
    }
    let geo = (lower * upper).abs().sqrt();
    if positive { geo } else { -geo }
}

fn fraction_below(lower: f64, upper: f64, v: f64, linear: bool) -> f64 {
    if linear {
        return (v - lower) / (upper - lower);
    }
    let (ll, lu, lv) = (libm::log2(lower.abs()), libm::log2(upper.abs()), libm::log2(v.abs()));
    if v > 0.0 { (lv - ll) / (lu - ll) } else { 1.0 - ((lv - lu) / (ll - lu)) }
}

/// Upstream's `computeBucketTrim`: the count kept and its midpoint.
fn bucket_trim(
    lower: f64,
    upper: f64,
    count: f64,
    rhs: f64,
    upper_trim: bool,
    positive: bool,
    custom: bool,
) -> (f64, f64) {
    let zero_if_inf = |x: f64| if x.is_infinite() { 0.0 } else { x };
    if lower == f64::NEG_INFINITY {
        if upper_trim {
            if rhs >= upper {
                return (count, 0.0);
            }
            if rhs > 0.0 && upper > 0.0 && upper.is_finite() {
                return (count * rhs / upper, rhs / 2.0);
            }
            if upper <= 0.0 {
                return (count, rhs);
            }
            return (0.0, zero_if_inf(upper));
        }
        if rhs <= lower {
            return (count, 0.0);
        }
        if rhs >= 0.0 && upper > rhs && upper.is_finite() {
            return (count * (1.0 - rhs / upper), (rhs + upper) / 2.0);
        }
        return (0.0, zero_if_inf(upper));
    }
    if upper == f64::INFINITY {
        if upper_trim {
            return (0.0, zero_if_inf(lower));
        }
        if rhs >= lower {
            return (count, rhs);
        }
        return (0.0, zero_if_inf(lower));
    }
    let under = if rhs <= lower {
        0.0
    } else if rhs >= upper {
        count
    } else {
        count * fraction_below(lower, upper, rhs, custom)
    };
    if upper_trim {
        (under, midpoint(lower, rhs, positive, custom))
    } else {
        (count - under, midpoint(rhs, upper, positive, custom))
    }
}
