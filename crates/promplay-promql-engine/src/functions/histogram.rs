//! Read-only native-histogram helpers: buckets as (index, count) pairs and
//! iteration over buckets with their bounds (for `histogram_quantile`,
//! `histogram_fraction` and `histogram_stddev`).

use crate::value::{FloatHistogram, HistogramSpan};

/// Whether the histogram uses custom bucket bounds (schema -53).
pub fn uses_custom_buckets(h: &FloatHistogram) -> bool {
    h.schema == -53
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
        let exp = i64::from(idx) << schema.saturating_neg().min(62);
        if exp == 1024 {
            return f64::MAX;
        }
        return ldexp(1.0, exp);
    }
    // Valid schemas go up to 8; the clamp only keeps odd data from
    // overflowing the shifts.
    let schema = schema.min(30);
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
