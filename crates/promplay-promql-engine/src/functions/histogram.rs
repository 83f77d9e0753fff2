//! Read-only native-histogram helpers the functions need: counter-reset
//! detection, equality, and iteration over buckets with their bounds (for
//! `histogram_quantile`, `histogram_fraction` and `histogram_stddev`).

use crate::value::{CounterResetHint, FloatHistogram, HistogramSpan};

/// Whether `h` starts after a counter reset relative to `prev`
/// (`FloatHistogram.DetectReset`): by hint, by a lower count, a finer
/// schema, a narrower zero bucket, or any bucket that lost observations.
pub fn detect_reset(h: &FloatHistogram, prev: &FloatHistogram) -> bool {
    match h.counter_reset_hint {
        CounterResetHint::CounterReset => return true,
        CounterResetHint::NotCounterReset => return false,
        _ => {}
    }
    if h.count < prev.count {
        return true;
    }
    if uses_custom_buckets(h) != uses_custom_buckets(prev) {
        return true;
    }
    if uses_custom_buckets(h) && h.custom_values != prev.custom_values {
        return buckets_decreased_by_bound(h, prev);
    }
    if h.schema > prev.schema {
        return true;
    }
    if h.zero_threshold < prev.zero_threshold {
        return true;
    }
    // Compare bucket by bucket after bringing `prev` to `h`'s schema and
    // zero threshold.
    let (prev_zero, prev_pos, prev_neg) = reduced(prev, h.schema, h.zero_threshold);
    let (cur_zero, cur_pos, cur_neg) = reduced(h, h.schema, h.zero_threshold);
    if cur_zero < prev_zero {
        return true;
    }
    decreased(&cur_pos, &prev_pos) || decreased(&cur_neg, &prev_neg)
}

/// Whether two histograms are equal as `FloatHistogram.Equals` sees them
/// (same schema, thresholds, counts and buckets; empty buckets and span
/// layout do not matter).
pub fn equals(a: &FloatHistogram, b: &FloatHistogram) -> bool {
    let same_float = |x: f64, y: f64| x.to_bits() == y.to_bits() || x == y;
    a.schema == b.schema
        && same_float(a.zero_threshold, b.zero_threshold)
        && same_float(a.zero_count, b.zero_count)
        && same_float(a.count, b.count)
        && same_float(a.sum, b.sum)
        && a.custom_values == b.custom_values
        && expand(&a.positive_spans, &a.positive_buckets)
            == expand(&b.positive_spans, &b.positive_buckets)
        && expand(&a.negative_spans, &a.negative_buckets)
            == expand(&b.negative_spans, &b.negative_buckets)
}

/// Whether the histogram uses custom bucket bounds (schema -53).
pub fn uses_custom_buckets(h: &FloatHistogram) -> bool {
    h.schema == -53
}

/// The populated buckets as (index, count), zero counts left out.
fn expand(spans: &[HistogramSpan], counts: &[f64]) -> Vec<(i32, u64)> {
    let mut out = Vec::new();
    let mut idx = 0i32;
    let mut k = 0usize;
    for (si, span) in spans.iter().enumerate() {
        idx += span.offset;
        if si > 0 {
            // Offsets after the first span are gaps after the previous span's end.
        }
        for _ in 0..span.length {
            if let Some(&c) = counts.get(k)
                && c != 0.0
            {
                out.push((idx, c.to_bits()));
            }
            idx += 1;
            k += 1;
        }
    }
    out
}

/// Bucket (index, count) pairs of `spans`/`counts`, in index order.
pub fn indexed(spans: &[HistogramSpan], counts: &[f64]) -> Vec<(i32, f64)> {
    let mut out = Vec::with_capacity(counts.len());
    let mut idx = 0i32;
    let mut k = 0usize;
    for span in spans {
        idx += span.offset;
        for _ in 0..span.length {
            if let Some(&c) = counts.get(k) {
                out.push((idx, c));
            }
            idx += 1;
            k += 1;
        }
    }
    out
}

/// Bucket (index, count) pairs.
type Buckets = Vec<(i32, f64)>;

/// The index a bucket of `schema` has in the coarser `target` schema.
fn target_index(idx: i32, schema: i32, target: i32) -> i32 {
    if target >= schema {
        return idx;
    }
    let shift = schema - target;
    // Buckets are (base^(i-1), base^i]; index i maps to ceil(i / 2^shift).
    ((idx - 1) >> shift) + 1
}

/// The histogram's zero count and buckets brought to a coarser schema and a
/// wider zero threshold (buckets inside the threshold join the zero bucket).
fn reduced(h: &FloatHistogram, schema: i32, zero_threshold: f64) -> (f64, Buckets, Buckets) {
    let mut zero = h.zero_count;
    let mut pos: Vec<(i32, f64)> = Vec::new();
    let mut neg: Vec<(i32, f64)> = Vec::new();
    for (out, spans, counts) in [
        (&mut pos, &h.positive_spans, &h.positive_buckets),
        (&mut neg, &h.negative_spans, &h.negative_buckets),
    ] {
        for (idx, c) in indexed(spans, counts) {
            if zero_threshold > h.zero_threshold && bucket_upper(idx, h.schema) <= zero_threshold {
                zero += c;
                continue;
            }
            let t = if uses_custom_buckets(h) { idx } else { target_index(idx, h.schema, schema) };
            match out.last_mut() {
                Some(last) if last.0 == t => last.1 += c,
                _ => out.push((t, c)),
            }
        }
    }
    (zero, pos, neg)
}

fn decreased(cur: &[(i32, f64)], prev: &[(i32, f64)]) -> bool {
    let mut j = 0;
    for &(idx, c) in prev {
        while j < cur.len() && cur[j].0 < idx {
            j += 1;
        }
        let now = if j < cur.len() && cur[j].0 == idx { cur[j].1 } else { 0.0 };
        if now < c {
            return true;
        }
    }
    false
}

/// Custom-bucket histograms with different bounds: compare cumulative counts
/// at the bounds both share.
fn buckets_decreased_by_bound(h: &FloatHistogram, prev: &FloatHistogram) -> bool {
    let cum = |x: &FloatHistogram, bound: f64| -> f64 {
        indexed(&x.positive_spans, &x.positive_buckets)
            .iter()
            .filter(|(i, _)| {
                x.custom_values.get(*i as usize).copied().unwrap_or(f64::INFINITY) <= bound
            })
            .map(|(_, c)| c)
            .sum()
    };
    prev.custom_values
        .iter()
        .filter(|b| h.custom_values.contains(b))
        .any(|&b| cum(h, b) < cum(prev, b))
}

/// The upper bound of bucket `idx` in an exponential `schema`.
pub fn bucket_upper(idx: i32, schema: i32) -> f64 {
    // base = 2^(2^-schema); upper = base^idx = 2^(idx * 2^-schema).
    libm::exp2(f64::from(idx) * libm::exp2(-f64::from(schema)))
}

/// One bucket of a native histogram with its bounds, as upstream's
/// `Bucket[float64]` from the all-buckets iterators.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HBucket {
    /// Lower bound.
    pub lower: f64,
    /// Upper bound.
    pub upper: f64,
    /// Observations in the bucket.
    pub count: f64,
}

impl HBucket {
    /// The fraction of the bucket below `v`, linear or on a log scale
    /// (`Bucket.FractionBelow`).
    pub fn fraction_below(&self, v: f64, linear: bool) -> f64 {
        if linear {
            return (v - self.lower) / (self.upper - self.lower);
        }
        let log_lower = libm::log2(self.lower.abs());
        let log_upper = libm::log2(self.upper.abs());
        let log_v = libm::log2(v.abs());
        if v > 0.0 {
            (log_v - log_lower) / (log_upper - log_lower)
        } else {
            1.0 - ((log_v - log_upper) / (log_lower - log_upper))
        }
    }
}

/// The bound of bucket `idx` (`getBound`): custom bounds with ±Inf at the
/// ends, or the exponential bound with the last finite bucket ending at
/// `f64::MAX`.
pub fn bound(idx: i32, schema: i32, custom: &[f64]) -> f64 {
    if schema == -53 {
        let len = custom.len() as i32;
        return if idx >= len {
            f64::INFINITY
        } else if idx <= -1 {
            f64::NEG_INFINITY
        } else {
            custom[idx as usize]
        };
    }
    if schema < 0 {
        let exp = i64::from(idx) << -schema;
        if exp == 1024 {
            return f64::MAX;
        }
        return ldexp(1.0, exp);
    }
    let frac_idx = idx & ((1 << schema) - 1);
    let frac = 0.5 * libm::exp2(f64::from(frac_idx) / f64::from(1 << schema));
    let exp = i64::from(idx >> schema) + 1;
    if frac == 0.5 && exp == 1025 {
        return f64::MAX;
    }
    ldexp(frac, exp)
}

fn ldexp(frac: f64, exp: i64) -> f64 {
    libm::ldexp(frac, exp.clamp(-2000, 2000) as i32)
}

/// All buckets in ascending order (negative, zero, positive), with the
/// buckets next to the zero bucket clipped to the zero threshold, like
/// `AllBucketIterator`. The zero bucket only appears when populated.
pub fn all_buckets(h: &FloatHistogram) -> Vec<HBucket> {
    let custom = uses_custom_buckets(h);
    let mut out = Vec::with_capacity(h.positive_buckets.len() + h.negative_buckets.len() + 1);
    let zt = h.zero_threshold;
    let clip = |mut b: HBucket| {
        if b.upper < 0.0 && b.upper > -zt {
            b.upper = -zt;
        } else if b.lower > 0.0 && b.lower < zt {
            b.lower = zt;
        }
        b
    };
    for (idx, count) in indexed(&h.negative_spans, &h.negative_buckets).into_iter().rev() {
        out.push(clip(HBucket {
            lower: -bound(idx, h.schema, &[]),
            upper: -bound(idx - 1, h.schema, &[]),
            count,
        }));
    }
    if !custom && h.zero_count > 0.0 {
        out.push(HBucket { lower: -zt, upper: zt, count: h.zero_count });
    }
    for (idx, count) in indexed(&h.positive_spans, &h.positive_buckets) {
        let b = HBucket {
            lower: bound(idx - 1, h.schema, &h.custom_values),
            upper: bound(idx, h.schema, &h.custom_values),
            count,
        };
        out.push(if custom { b } else { clip(b) });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds() {
        assert_eq!(bound(1, 0, &[]), 2.0);
        assert_eq!(bound(0, 0, &[]), 1.0);
        assert_eq!(bound(-1, 0, &[]), 0.5);
        assert!((bound(1, 1, &[]) - std::f64::consts::SQRT_2).abs() < 1e-15);
        assert_eq!(bound(1, -1, &[]), 4.0);
        assert_eq!(bound(0, -53, &[1.0, 2.0]), 1.0);
        assert_eq!(bound(2, -53, &[1.0, 2.0]), f64::INFINITY);
    }
}
