//! `rate`, `increase`, `delta` (extrapolated, and the `anchored`/`smoothed`
//! range modes), `irate`/`idelta`, `resets` and `changes` over float samples,
//! following `extrapolatedRate`, `extendedRate`, `instantValue`,
//! `funcResets` and `funcChanges` of Prometheus 3.14, start timestamps
//! (the "created" time of cumulative samples) included.

use crate::value::FPoint;

/// Where the window of one step lies, in milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RangeSpec {
    /// The exclusive start of the window (`t - offset - range`).
    pub start: i64,
    /// The inclusive end of the window (`t - offset`).
    pub end: i64,
    /// The range of the matrix selector (`[5m]` is 300 000).
    pub range_ms: i64,
    /// `anchored` range mode.
    pub anchored: bool,
    /// `smoothed` range mode.
    pub smoothed: bool,
}

impl RangeSpec {
    fn range_seconds(&self) -> f64 {
        self.range_ms as f64 / 1000.0
    }
}

/// What a float rate calculation found besides its value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RateNotes {
    /// A sample's start time overlaps the previous sample.
    pub start_time_overlap: bool,
}

/// `isStartTimestampReset`: whether the current sample's start timestamp
/// says the counter restarted since the previous sample.
pub fn is_start_timestamp_reset(prev_st: i64, prev_t: i64, cur_st: i64, cur_t: i64) -> bool {
    if cur_st == 0 || cur_st >= cur_t {
        return false;
    }
    if cur_st < prev_t {
        return false;
    }
    if cur_st > prev_t {
        return true;
    }
    // The start time points at the previous sample: a delta series resets
    // there, a cumulative series with unknown start times does not.
    if prev_st > prev_t {
        return false;
    }
    prev_st != 0 && prev_st != prev_t
}

/// `checkStartTimeOverlap`.
pub fn start_time_overlaps(prev_st: i64, prev_t: i64, cur_st: i64) -> bool {
    cur_st != 0 && cur_st < prev_t && cur_st != prev_st
}

/// The extrapolated `rate`/`increase`/`delta` of float points (the default
/// range mode). `sts` are the points' start timestamps, empty when unknown.
pub fn extrapolated_rate(
    points: &[FPoint],
    sts: &[i64],
    spec: &RangeSpec,
    is_counter: bool,
    is_rate: bool,
    notes: &mut RateNotes,
) -> Option<f64> {
    if points.is_empty() {
        return None;
    }
    let range_start = spec.start;
    let range_end = spec.end;
    let n_minus_one = points.len() - 1;
    let first_t = points[0].t;
    let last_t = points[n_minus_one].t;
    let mut result = points[n_minus_one].f - points[0].f;
    if is_counter {
        for i in 0..n_minus_one {
            let prev = points[i];
            let cur = points[i + 1];
            if !notes.start_time_overlap
                && i + 1 < sts.len()
                && start_time_overlaps(sts[i], prev.t, sts[i + 1])
            {
                notes.start_time_overlap = true;
            }
            if cur.f < prev.f
                || (i + 1 < sts.len()
                    && is_start_timestamp_reset(sts[i], prev.t, sts[i + 1], cur.t))
            {
                result += prev.f;
            }
        }
    }

    let mut duration_to_start = (first_t - range_start) as f64 / 1000.0;
    let mut duration_to_end = (range_end - last_t) as f64 / 1000.0;
    let mut sampled_interval = (last_t - first_t) as f64 / 1000.0;
    let average = if n_minus_one > 0 { sampled_interval / n_minus_one as f64 } else { 0.0 };
    let threshold = average * 1.1;

    if is_counter && !sts.is_empty() && sts[0] != 0 && sts[0] > range_start && sts[0] < first_t {
        // The first sample's start time lies inside the window: assume the
        // counter was zero then instead of extrapolating to the left.
        duration_to_start = 0.0;
        sampled_interval = (last_t - sts[0]) as f64 / 1000.0;
        result += points[0].f;
    } else if n_minus_one == 0 {
        return None;
    } else {
        if duration_to_start >= threshold {
            duration_to_start = average / 2.0;
        }
        if is_counter {
            // A counter cannot go below zero: do not extrapolate past the
            // point where the line through the samples reaches zero.
            let mut duration_to_zero = duration_to_start;
            if result > 0.0 && points[0].f >= 0.0 {
                duration_to_zero = sampled_interval * (points[0].f / result);
            }
            if duration_to_zero < duration_to_start {
                duration_to_start = duration_to_zero;
            }
        }
    }
    if duration_to_end >= threshold {
        duration_to_end = average / 2.0;
    }
    let mut factor = 1.0;
    if sampled_interval != 0.0 {
        factor = (sampled_interval + duration_to_start + duration_to_end) / sampled_interval;
    }
    if is_rate {
        factor /= spec.range_seconds();
    }
    Some(result * factor)
}

/// `rate`/`increase`/`delta` in the `anchored` or `smoothed` range mode:
/// the difference between the values at the window's edges (the newest
/// sample at or before the start, or interpolated ones when smoothed),
/// corrected for counter resets, without extrapolation.
pub fn extended_rate(
    points: &[FPoint],
    spec: &RangeSpec,
    is_counter: bool,
    is_rate: bool,
) -> Option<f64> {
    if points.is_empty() {
        return None;
    }
    let range_start = spec.start;
    let range_end = spec.end;
    let smoothed = spec.smoothed;
    let mut last = points.len() - 1;
    let first = search(last, |i| points[i].t > range_start).saturating_sub(1);
    if smoothed {
        last = search(last, |i| points[i].t >= range_end);
    }
    if points[last].t <= range_start {
        return None;
    }
    if smoothed && points[first].t > range_end {
        return None;
    }
    let left = if smoothed && points[first].t < range_start {
        interpolate(points[first], points[first + 1], range_start, is_counter)
    } else {
        points[first].f
    };
    let right = if smoothed && last > 0 && points[last].t > range_end {
        interpolate(points[last - 1], points[last], range_end, is_counter)
    } else {
        points[last].f
    };
    let mut result = right - left;
    if is_counter {
        // Resets at the edges are already part of the interpolation; only
        // samples strictly inside the window are checked.
        let mut lo = first;
        let mut hi = last as isize;
        if points[lo].t <= range_start {
            lo += 1;
        }
        if points[last].t >= range_end {
            hi -= 1;
        }
        let inner: &[FPoint] = if hi < lo as isize { &[] } else { &points[lo..=hi as usize] };
        let mut correction = 0.0;
        let mut prev = left;
        for p in inner {
            if p.f < prev {
                correction += prev;
            }
            prev = p.f;
        }
        if right < prev {
            correction += prev;
        }
        result += correction;
    }
    if is_rate {
        result /= spec.range_seconds();
    }
    Some(result)
}

/// Go's `sort.Search(n, pred)`: the first index in `0..n` where `pred` holds, or `n`.
pub fn search(n: usize, pred: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

/// Linear interpolation between two points at `t`; for counters a drop
/// between them is read as a reset, so the line starts at zero.
pub fn interpolate(p1: FPoint, p2: FPoint, t: i64, is_counter: bool) -> f64 {
    let mut y1 = p1.f;
    let y2 = p2.f;
    if is_counter && y2 < y1 {
        y1 = 0.0;
    }
    y1 + (y2 - y1) * (t - p1.t) as f64 / (p2.t - p1.t) as f64
}

/// `irate` (`is_rate`) or `idelta` of the last two float points (with their
/// start timestamps, 0 when unknown). `None` without two points or when both
/// share a timestamp.
pub fn instant_value(a: (FPoint, i64), b: (FPoint, i64), is_rate: bool) -> Option<f64> {
    let interval = b.0.t - a.0.t;
    if interval == 0 {
        return None;
    }
    let mut result = b.0.f;
    if !is_rate || !(b.0.f < a.0.f || is_start_timestamp_reset(a.1, a.0.t, b.1, b.0.t)) {
        result = b.0.f - a.0.f;
    }
    if is_rate {
        result /= interval as f64 / 1000.0;
    }
    Some(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(start: i64, step: i64, vals: &[f64]) -> Vec<FPoint> {
        vals.iter().enumerate().map(|(i, &f)| FPoint { t: start + i as i64 * step, f }).collect()
    }

    fn spec(ts: i64, range_ms: i64) -> RangeSpec {
        RangeSpec { start: ts - range_ms, end: ts, range_ms, anchored: false, smoothed: false }
    }

    #[test]
    fn rate_extrapolates_like_upstream() {
        // http_requests 0+10x10 at 5m steps; increase(x[10m]) at 50m sees the
        // samples at 45m and 50m and extrapolates 5m to the window's start.
        let pts = series(0, 300_000, &(0..=10).map(|i| i as f64 * 10.0).collect::<Vec<_>>());
        let window: Vec<FPoint> =
            pts.iter().copied().filter(|p| p.t > 3_000_000 - 600_000 && p.t <= 3_000_000).collect();
        let mut notes = RateNotes::default();
        let inc =
            extrapolated_rate(&window, &[], &spec(3_000_000, 600_000), true, false, &mut notes);
        assert_eq!(inc, Some(20.0));
        // Resets add the value before the drop.
        let pts = series(0, 60_000, &[5.0, 10.0, 2.0, 4.0]);
        let inc = extrapolated_rate(&pts, &[], &spec(180_000, 240_000), true, false, &mut notes);
        // 9 raw increase over 180s, extrapolated 60s to the start: 9 * 240 / 180.
        assert_eq!(inc, Some(12.0));
    }

    #[test]
    fn single_sample_needs_start_timestamp() {
        let pts = series(60_000, 60_000, &[7.0]);
        let mut notes = RateNotes::default();
        assert_eq!(
            extrapolated_rate(&pts, &[], &spec(60_000, 120_000), true, false, &mut notes),
            None
        );
        assert_eq!(
            extrapolated_rate(&pts, &[30_000], &spec(60_000, 120_000), true, false, &mut notes),
            Some(7.0)
        );
    }

    #[test]
    fn irate_and_idelta() {
        let a = (FPoint { t: 0, f: 10.0 }, 0);
        let b = (FPoint { t: 10_000, f: 5.0 }, 0);
        assert_eq!(instant_value(a, b, true), Some(0.5));
        assert_eq!(instant_value(a, b, false), Some(-5.0));
    }

    #[test]
    fn anchored_increase() {
        let pts = series(0, 60_000, &[1.0, 2.0, 3.0, 0.0, 1.0]);
        let s = RangeSpec {
            start: 120_000,
            end: 240_000,
            range_ms: 120_000,
            anchored: true,
            smoothed: false,
        };
        // Anchor is the sample at 120s (3); then 0 (reset, +3) and 1.
        assert_eq!(extended_rate(&pts, &s, true, false), Some(1.0 - 3.0 + 3.0));
    }

    /// PROM-52's reference data from extended_vectors.test: `metric 1+1x4
    /// 9+1x4` at 15s, `increase(metric[1m] anchored|smoothed)` at 5s..125s,
    /// with the window the evaluator passes (lookback 5m beyond the range).
    #[test]
    fn prom52_reference() {
        let vals = [1.0, 2.0, 3.0, 4.0, 5.0, 9.0, 10.0, 11.0, 12.0, 13.0];
        let pts = series(0, 15_000, &vals);
        let anchored = [0.0, 1.0, 2.0, 3.0, 4.0, 7.0, 7.0, 7.0, 7.0];
        let smoothed = [1.0 / 3.0, 4.0 / 3.0, 7.0 / 3.0, 10.0 / 3.0, 5.0, 7.0, 7.0, 7.0, 6.0];
        for (i, ts) in (5_000..=125_000).step_by(15_000).enumerate() {
            for (smooth, want) in [(false, anchored[i]), (true, smoothed[i])] {
                let end = if smooth { ts + 300_000 } else { ts };
                let window: Vec<FPoint> =
                    pts.iter().copied().filter(|p| p.t > ts - 360_000 && p.t <= end).collect();
                let s = RangeSpec {
                    start: ts - 60_000,
                    end: ts,
                    range_ms: 60_000,
                    anchored: !smooth,
                    smoothed: smooth,
                };
                let got = extended_rate(&window, &s, true, false).unwrap_or(f64::NAN);
                assert!((got - want).abs() < 1e-9, "ts {ts} smoothed {smooth}: {got} want {want}");
            }
        }
    }
}
