//! Classic-histogram math for `histogram_quantile` and `histogram_fraction`:
//! buckets are (upper bound, cumulative count) pairs taken from `le`
//! labelled series, as in Prometheus' `promql/quantile.go` (sorting,
//! coalescing equal bounds, the monotonicity fix and the tolerance for
//! floating-point noise between buckets).

/// One classic bucket: its `le` bound and cumulative count.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bucket {
    /// The upper bound (`le`).
    pub upper_bound: f64,
    /// Observations at or below the bound.
    pub count: f64,
}

/// What `bucket_quantile` had to repair in its input, for the info annotation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MonotonicityFix {
    /// The smallest bound whose count had to be raised.
    pub min_bucket: f64,
    /// The largest bound whose count had to be raised.
    pub max_bucket: f64,
    /// The largest decrease that was removed.
    pub max_diff: f64,
}

/// Relative differences below this between neighbouring buckets are taken
/// as floating-point noise and silently ignored.
const SMALL_DELTA_TOLERANCE: f64 = 1e-12;

/// The φ-quantile of classic buckets (sorted and repaired in place): linear
/// interpolation inside the bucket the rank falls into, 0 as the lower bound
/// of a positive first bucket, the second-highest bound when the rank lands
/// in the +Inf bucket, NaN without a +Inf bucket, with fewer than two
/// buckets or without observations.
pub fn bucket_quantile(q: f64, buckets: &mut Vec<Bucket>) -> (f64, Option<MonotonicityFix>) {
    if q.is_nan() {
        return (f64::NAN, None);
    }
    if q < 0.0 {
        return (f64::NEG_INFINITY, None);
    }
    if q > 1.0 {
        return (f64::INFINITY, None);
    }
    sort_buckets(buckets);
    if !is_pos_inf(buckets[buckets.len() - 1].upper_bound) {
        return (f64::NAN, None);
    }
    coalesce(buckets);
    let fix = ensure_monotonic(buckets, SMALL_DELTA_TOLERANCE);
    if buckets.len() < 2 {
        return (f64::NAN, fix);
    }
    let observations = buckets[buckets.len() - 1].count;
    if observations == 0.0 {
        return (f64::NAN, fix);
    }
    let mut rank = q * observations;
    let b = super::rate::search(buckets.len() - 1, |i| buckets[i].count >= rank);
    let value = if b == buckets.len() - 1 {
        buckets[buckets.len() - 2].upper_bound
    } else if b == 0 && buckets[0].upper_bound <= 0.0 {
        buckets[0].upper_bound
    } else {
        let mut start = 0.0;
        let end = buckets[b].upper_bound;
        let mut count = buckets[b].count;
        if b > 0 {
            start = buckets[b - 1].upper_bound;
            count -= buckets[b - 1].count;
            rank -= buckets[b - 1].count;
        }
        start + (end - start) * (rank / count)
    };
    (value, fix)
}

/// The fraction of observations between `lower` and `upper` in classic
/// buckets, interpolating linearly inside buckets.
pub fn bucket_fraction(lower: f64, upper: f64, buckets: &mut Vec<Bucket>) -> f64 {
    sort_buckets(buckets);
    if !is_pos_inf(buckets[buckets.len() - 1].upper_bound) {
        return f64::NAN;
    }
    coalesce(buckets);
    let count = buckets[buckets.len() - 1].count;
    if count == 0.0 || lower.is_nan() || upper.is_nan() {
        return f64::NAN;
    }
    if lower >= upper {
        return 0.0;
    }
    let (mut rank, mut lower_rank, mut upper_rank) = (0.0, 0.0, 0.0);
    let (mut lower_set, mut upper_set) = (false, false);
    let mut lower_bound = if buckets[0].upper_bound <= 0.0 { f64::NEG_INFINITY } else { 0.0 };
    for (i, b) in buckets.iter().enumerate() {
        if i > 0 {
            lower_bound = buckets[i - 1].upper_bound;
        }
        let upper_bound = b.upper_bound;
        // Inside a bucket with an infinite bound no interpolation is possible:
        // its observations do not count towards the fraction.
        let interpolate = |v: f64| {
            if lower_bound == f64::NEG_INFINITY {
                b.count
            } else {
                rank + (b.count - rank) * (v - lower_bound) / (upper_bound - lower_bound)
            }
        };
        if !lower_set && lower_bound >= lower {
            lower_rank = rank;
            lower_set = true;
        }
        if !upper_set && lower_bound >= upper {
            upper_rank = rank;
            upper_set = true;
        }
        if lower_set && upper_set {
            break;
        }
        if !lower_set && lower_bound < lower && upper_bound > lower {
            lower_rank = interpolate(lower);
            lower_set = true;
        }
        if !upper_set && lower_bound < upper && upper_bound > upper {
            upper_rank = interpolate(upper);
            upper_set = true;
        }
        if lower_set && upper_set {
            break;
        }
        rank = b.count;
    }
    if !lower_set || lower_rank > count {
        lower_rank = count;
    }
    if !upper_set || upper_rank > count {
        upper_rank = count;
    }
    (upper_rank - lower_rank) / count
}

fn is_pos_inf(v: f64) -> bool {
    v == f64::INFINITY
}

/// Sorts by upper bound; the sort is stable like Go's `slices.SortFunc` is
/// not, but equal bounds are merged right after, so the order among them
/// does not matter.
fn sort_buckets(buckets: &mut [Bucket]) {
    buckets.sort_by(|a, b| {
        a.upper_bound.partial_cmp(&b.upper_bound).unwrap_or(std::cmp::Ordering::Equal)
    });
}

/// Merges buckets with the same upper bound (input sorted).
fn coalesce(buckets: &mut Vec<Bucket>) {
    let mut out: Vec<Bucket> = Vec::with_capacity(buckets.len());
    for b in buckets.iter() {
        match out.last_mut() {
            Some(last) if last.upper_bound == b.upper_bound => last.count += b.count,
            _ => out.push(*b),
        }
    }
    *buckets = out;
}

/// Removes decreases between successive buckets (after ignoring relative
/// differences below `tolerance`); reports what had to be forced.
fn ensure_monotonic(buckets: &mut [Bucket], tolerance: f64) -> Option<MonotonicityFix> {
    let mut fix: Option<MonotonicityFix> = None;
    let mut prev = buckets[0].count;
    for b in buckets.iter_mut().skip(1) {
        let curr = b.count;
        if curr == prev {
            continue;
        }
        if almost_equal(prev, curr, tolerance) {
            b.count = prev;
            continue;
        }
        if curr < prev {
            b.count = prev;
            let f = fix.get_or_insert(MonotonicityFix {
                min_bucket: f64::INFINITY,
                max_bucket: f64::NEG_INFINITY,
                max_diff: 0.0,
            });
            f.min_bucket = f.min_bucket.min(b.upper_bound);
            f.max_bucket = f.max_bucket.max(b.upper_bound);
            if prev - curr > f.max_diff {
                f.max_diff = prev - curr;
            }
            continue;
        }
        prev = curr;
    }
    fix
}

/// Prometheus' `almost.Equal`: equal within a relative `epsilon`, NaN equal to NaN.
pub fn almost_equal(a: f64, b: f64, epsilon: f64) -> bool {
    let stale_a = promplay_model::is_stale_nan(a);
    let stale_b = promplay_model::is_stale_nan(b);
    if stale_a || stale_b {
        return stale_a && stale_b;
    }
    if a.is_nan() && b.is_nan() {
        return true;
    }
    if a == b {
        return true;
    }
    let min_normal = f64::MIN_POSITIVE;
    let abs_sum = a.abs() + b.abs();
    let diff = (a - b).abs();
    if a == 0.0 || b == 0.0 || abs_sum < min_normal {
        return diff < epsilon * min_normal;
    }
    diff / abs_sum.min(f64::MAX) < epsilon
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(pairs: &[(f64, f64)]) -> Vec<Bucket> {
        pairs.iter().map(|&(upper_bound, count)| Bucket { upper_bound, count }).collect()
    }

    #[test]
    fn quantiles() {
        let inf = f64::INFINITY;
        type Case<'a> = (f64, &'a [(f64, f64)], f64);
        let cases: &[Case] = &[
            (0.5, &[(0.1, 0.0), (0.2, 5.0), (inf, 10.0)], 0.2),
            (0.25, &[(0.1, 0.0), (0.2, 5.0), (inf, 10.0)], 0.15),
            (0.99, &[(1.0, 5.0), (inf, 10.0)], 1.0),
            (0.5, &[(1.0, 5.0), (2.0, 10.0)], f64::NAN),
            (0.5, &[(-1.0, 5.0), (inf, 10.0)], -1.0),
            (0.5, &[(1.0, 0.0), (inf, 0.0)], f64::NAN),
        ];
        for (q, pairs, want) in cases {
            let (got, _) = bucket_quantile(*q, &mut b(pairs));
            assert!(
                (got - want).abs() < 1e-12 || got == *want || (got.is_nan() && want.is_nan()),
                "{q} {pairs:?}: {got}"
            );
        }
        let (got, fix) = bucket_quantile(0.5, &mut b(&[(1.0, 10.0), (2.0, 8.0), (inf, 20.0)]));
        assert_eq!(got, 1.0);
        let fix = fix.unwrap();
        assert_eq!((fix.min_bucket, fix.max_bucket, fix.max_diff), (2.0, 2.0, 2.0));
    }

    #[test]
    fn fractions() {
        let inf = f64::INFINITY;
        let mut bs = b(&[(1.0, 2.0), (2.0, 6.0), (inf, 8.0)]);
        assert_eq!(bucket_fraction(f64::NEG_INFINITY, 1.0, &mut bs), 0.25);
        assert_eq!(bucket_fraction(0.0, 1.5, &mut bs), 0.5);
        assert_eq!(bucket_fraction(2.0, inf, &mut bs), 0.25);
    }
}
