//! The float kernels behind the `*_over_time` family, `deriv`,
//! `predict_linear` and `double_exponential_smoothing`: each takes the float
//! points of one series inside one window and returns one number, computed as
//! Prometheus' `promql/functions.go` computes it (Kahan summation, NaN
//! handling and the switch to an incremental mean on overflow included).

use super::kahan::{KahanSum, kahan_inc};
use crate::value::FPoint;

/// `avg_over_time` of a non-empty window: a compensated sum divided by the
/// count, switching to an incremental mean once the sum would overflow.
pub fn avg(points: &[FPoint]) -> f64 {
    let mut sum = points[0].f;
    let mut count = 1.0;
    let mut mean = 0.0;
    let mut c = 0.0;
    let mut incremental = false;
    for (i, p) in points[1..].iter().enumerate() {
        count = (i + 2) as f64;
        if !incremental {
            let (new_sum, new_c) = kahan_inc(p.f, sum, c);
            if !new_sum.is_infinite() {
                sum = new_sum;
                c = new_c;
                continue;
            }
            incremental = true;
            mean = sum / (count - 1.0);
            c /= count - 1.0;
        }
        let q = (count - 1.0) / count;
        (mean, c) = kahan_inc(p.f / count, q * mean, q * c);
    }
    if incremental { mean + c } else { sum / count + c / count }
}

/// `sum_over_time` with Kahan compensation.
pub fn sum(points: &[FPoint]) -> f64 {
    let mut s = KahanSum::default();
    for p in points {
        s.add(p.f);
    }
    s.value()
}

/// The extreme value of a non-empty window and its timestamp. `better(cur,
/// best)` decides whether `cur` replaces `best`; a NaN best is always
/// replaced, so NaN only wins when every value is NaN.
pub fn extreme(points: &[FPoint], better: impl Fn(f64, f64) -> bool) -> (f64, i64) {
    let mut best = points[0].f;
    let mut t = points[0].t;
    for p in points {
        if better(p.f, best) || best.is_nan() {
            best = p.f;
            t = p.t;
        }
    }
    (best, t)
}

/// The φ-quantile of `values` (sorted in place) with linear interpolation
/// between the two nearest ranks, as Prometheus' `quantile()`: NaN for an
/// empty input or NaN φ, -Inf for φ < 0, +Inf for φ > 1.
pub fn quantile(q: f64, values: &mut [f64]) -> f64 {
    if values.is_empty() || q.is_nan() {
        return f64::NAN;
    }
    if q < 0.0 {
        return f64::NEG_INFINITY;
    }
    if q > 1.0 {
        return f64::INFINITY;
    }
    sort_nan_first(values);
    let n = values.len() as f64;
    let rank = q * (n - 1.0);
    let lower = rank.floor().max(0.0);
    let upper = (lower + 1.0).min(n - 1.0);
    let weight = rank - rank.floor();
    values[lower as usize] * (1.0 - weight) + values[upper as usize] * weight
}

/// Sorts ascending with NaNs first, the order of upstream's `vectorByValueHeap`.
pub fn sort_nan_first(values: &mut [f64]) {
    values.sort_by(|a, b| match (a.is_nan(), b.is_nan()) {
        (true, true) => std::cmp::Ordering::Equal,
        (true, false) => std::cmp::Ordering::Less,
        (false, true) => std::cmp::Ordering::Greater,
        (false, false) => a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal),
    });
}

/// `mad_over_time`: the median absolute deviation from the median; NaN as
/// soon as one value is NaN.
pub fn mad(points: &[FPoint]) -> f64 {
    if points.iter().any(|p| p.f.is_nan()) {
        return f64::NAN;
    }
    let mut values: Vec<f64> = points.iter().map(|p| p.f).collect();
    let median = quantile(0.5, &mut values);
    for v in &mut values {
        *v = (*v - median).abs();
    }
    quantile(0.5, &mut values)
}

/// The population variance of a window, with Welford's method and Kahan
/// compensation on both running terms.
pub fn variance(points: &[FPoint]) -> f64 {
    let mut count = 0.0;
    let (mut mean, mut c_mean) = (0.0, 0.0);
    let (mut aux, mut c_aux) = (0.0, 0.0);
    for p in points {
        count += 1.0;
        let delta = p.f - (mean + c_mean);
        (mean, c_mean) = kahan_inc(delta / count, mean, c_mean);
        (aux, c_aux) = kahan_inc(delta * (p.f - (mean + c_mean)), aux, c_aux);
    }
    (aux + c_aux) / count
}

/// Least-squares regression of the points, with x in seconds relative to
/// `intercept_time`; returns (slope, intercept at `intercept_time`).
pub fn linear_regression(points: &[FPoint], intercept_time: i64) -> (f64, f64) {
    let mut n = 0.0;
    let (mut sum_x, mut c_x) = (0.0, 0.0);
    let (mut sum_y, mut c_y) = (0.0, 0.0);
    let (mut sum_xy, mut c_xy) = (0.0, 0.0);
    let (mut sum_x2, mut c_x2) = (0.0, 0.0);
    let init_y = points[0].f;
    let mut const_y = true;
    for (i, p) in points.iter().enumerate() {
        if const_y && i > 0 && p.f != init_y {
            const_y = false;
        }
        n += 1.0;
        let x = (p.t - intercept_time) as f64 / 1e3;
        (sum_x, c_x) = kahan_inc(x, sum_x, c_x);
        (sum_y, c_y) = kahan_inc(p.f, sum_y, c_y);
        (sum_xy, c_xy) = kahan_inc(x * p.f, sum_xy, c_xy);
        (sum_x2, c_x2) = kahan_inc(x * x, sum_x2, c_x2);
    }
    if const_y {
        if init_y.is_infinite() {
            return (f64::NAN, f64::NAN);
        }
        return (0.0, init_y);
    }
    sum_x += c_x;
    sum_y += c_y;
    sum_xy += c_xy;
    sum_x2 += c_x2;
    let cov_xy = sum_xy - sum_x * sum_y / n;
    let var_x = sum_x2 - sum_x * sum_x / n;
    let slope = cov_xy / var_x;
    let intercept = sum_y / n - slope * sum_x / n;
    (slope, intercept)
}

/// `double_exponential_smoothing` (Holt's linear method) of at least two
/// points with smoothing factor `sf` and trend factor `tf`.
pub fn double_exponential_smoothing(points: &[FPoint], sf: f64, tf: f64) -> f64 {
    let mut s0 = 0.0;
    let mut s1 = points[0].f;
    let mut b = points[1].f - points[0].f;
    for (i, p) in points.iter().enumerate().skip(1) {
        let x = sf * p.f;
        // The trend at the previous index; at index 0 it is the raw difference.
        if i - 1 != 0 {
            b = tf * (s1 - s0) + (1.0 - tf) * b;
        }
        let y = (1.0 - sf) * (s1 + b);
        s0 = s1;
        s1 = x + y;
    }
    s1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pts(vals: &[f64]) -> Vec<FPoint> {
        vals.iter().enumerate().map(|(i, &f)| FPoint { t: i as i64 * 15_000, f }).collect()
    }

    #[test]
    fn averages_and_sums() {
        let cases: &[(&[f64], f64, f64)] = &[
            (&[1.0, 2.0, 3.0], 2.0, 6.0),
            (&[f64::MAX, f64::MAX, -f64::MAX], f64::MAX / 3.0, f64::INFINITY),
            (&[1.0, f64::INFINITY], f64::INFINITY, f64::INFINITY),
        ];
        for (vals, want_avg, want_sum) in cases {
            let p = pts(vals);
            let got = avg(&p);
            assert!(
                got == *want_avg || ((got - want_avg) / want_avg).abs() < 1e-12,
                "avg {vals:?}: {got}"
            );
            assert_eq!(sum(&p), *want_sum, "sum {vals:?}");
        }
    }

    #[test]
    fn quantiles() {
        let cases: &[(f64, &[f64], f64)] = &[
            (0.5, &[1.0, 2.0, 3.0, 4.0], 2.5),
            (0.0, &[3.0, 1.0], 1.0),
            (1.0, &[3.0, 1.0], 3.0),
            (-1.0, &[3.0], f64::NEG_INFINITY),
            (2.0, &[3.0], f64::INFINITY),
            (0.75, &[0.0, 10.0, 20.0, 30.0, 40.0], 30.0),
        ];
        for (q, vals, want) in cases {
            assert_eq!(quantile(*q, &mut vals.to_vec()), *want, "{q} {vals:?}");
        }
        assert!(quantile(f64::NAN, &mut [1.0]).is_nan());
    }

    #[test]
    fn regression_and_smoothing() {
        let p = pts(&[0.0, 15.0, 30.0]);
        let (slope, intercept) = linear_regression(&p, 0);
        assert!((slope - 1.0).abs() < 1e-12 && intercept.abs() < 1e-12);
        assert_eq!(linear_regression(&pts(&[5.0, 5.0]), 0), (0.0, 5.0));
        assert!((variance(&pts(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0])) - 4.0).abs() < 1e-12);
        assert_eq!(mad(&pts(&[1.0, 1.0, 2.0, 2.0, 4.0, 6.0, 9.0])), 1.0);
        let s = double_exponential_smoothing(&pts(&[0.0, 10.0, 20.0, 30.0]), 0.5, 0.5);
        assert!((s - 30.0).abs() < 1e-9, "{s}");
    }
}
