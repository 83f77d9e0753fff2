//! `resets` and `changes` over a window that may interleave float and
//! histogram samples, as `funcResets`/`funcChanges` walk it: in time order,
//! a switch between a float and a histogram counts as a reset and a change,
//! and in the `anchored` mode the walk starts at the newest sample at or
//! before the window's start.

use super::hist_ops::{detect_reset, equals};
use super::rate::{is_start_timestamp_reset, search};
use crate::value::{FPoint, HPoint};

/// One sample in the merged walk.
#[derive(Clone, Copy)]
enum Point<'a> {
    F(f64),
    H(&'a crate::value::FloatHistogram),
}

/// The start indices into floats and histograms for the anchored mode (the
/// single newest sample at or before `range_start`, of either kind, is the
/// baseline); `None` when no sample lies after the start.
fn first_indices(
    floats: &[FPoint],
    hists: &[HPoint],
    range_start: i64,
    anchored: bool,
) -> Option<(usize, usize)> {
    if !anchored {
        return Some((0, 0));
    }
    let last_float_le = search(floats.len(), |i| floats[i].t > range_start) as isize - 1;
    let last_hist_le = search(hists.len(), |i| hists[i].t > range_start) as isize - 1;
    if last_float_le + 1 >= floats.len() as isize && last_hist_le + 1 >= hists.len() as isize {
        return None;
    }
    Some(if last_float_le < 0 && last_hist_le < 0 {
        (0, 0)
    } else if last_hist_le < 0
        || (last_float_le >= 0
            && floats[last_float_le as usize].t >= hists[last_hist_le as usize].t)
    {
        (last_float_le as usize, (last_hist_le + 1) as usize)
    } else {
        ((last_float_le + 1) as usize, last_hist_le as usize)
    })
}

/// Walks the window in time order, calling `visit(prev, prev_st, prev_t, cur, cur_st, cur_t)`
/// for each consecutive pair. Returns false when there is nothing to walk.
#[allow(clippy::too_many_arguments)]
fn walk<'a>(
    floats: &'a [FPoint],
    hists: &'a [HPoint],
    float_sts: &[i64],
    hist_sts: &[i64],
    range_start: i64,
    anchored: bool,
    mut visit: impl FnMut(Point<'a>, i64, i64, Point<'a>, i64, i64),
) -> bool {
    if floats.is_empty() && hists.is_empty() {
        return false;
    }
    let Some((mut fi, mut hi)) = first_indices(floats, hists, range_start, anchored) else {
        return false;
    };
    let mut prev: Option<(Point<'a>, i64, i64)> = None;
    while fi < floats.len() || hi < hists.len() {
        let take_float = hi >= hists.len() || (fi < floats.len() && floats[fi].t < hists[hi].t);
        let take_hist = fi >= floats.len() || (hi < hists.len() && floats[fi].t > hists[hi].t);
        let cur = if take_float {
            let st = float_sts.get(fi).copied().unwrap_or(0);
            let p = (Point::F(floats[fi].f), st, floats[fi].t);
            fi += 1;
            p
        } else if take_hist {
            let st = hist_sts.get(hi).copied().unwrap_or(0);
            let p = (Point::H(&hists[hi].h), st, hists[hi].t);
            hi += 1;
            p
        } else {
            // A float and a histogram at the same time cannot come from one
            // series; skip both rather than loop forever.
            fi += 1;
            hi += 1;
            continue;
        };
        if let Some((p, pst, pt)) = prev {
            visit(p, pst, pt, cur.0, cur.1, cur.2);
        }
        prev = Some(cur);
    }
    true
}

/// `resets`: counter resets in the window (by value, by start timestamp, by
/// histogram bucket decreases, or by a float/histogram switch).
pub fn resets(
    floats: &[FPoint],
    hists: &[HPoint],
    float_sts: &[i64],
    hist_sts: &[i64],
    range_start: i64,
    anchored: bool,
) -> Option<f64> {
    let mut n = 0u64;
    let any = walk(
        floats,
        hists,
        float_sts,
        hist_sts,
        range_start,
        anchored,
        |p, pst, pt, c, cst, ct| {
            let reset = match (p, c) {
                (Point::F(a), Point::F(b)) => b < a || is_start_timestamp_reset(pst, pt, cst, ct),
                (Point::H(a), Point::H(b)) => {
                    is_start_timestamp_reset(pst, pt, cst, ct) || detect_reset(b, a)
                }
                _ => true,
            };
            if reset {
                n += 1;
            }
        },
    );
    any.then_some(n as f64)
}

/// `changes`: how often the value changed in the window (NaN to NaN is no change).
pub fn changes(
    floats: &[FPoint],
    hists: &[HPoint],
    range_start: i64,
    anchored: bool,
) -> Option<f64> {
    let mut n = 0u64;
    let any = walk(floats, hists, &[], &[], range_start, anchored, |p, _, _, c, _, _| {
        let changed = match (p, c) {
            (Point::F(a), Point::F(b)) => a != b && !(a.is_nan() && b.is_nan()),
            (Point::H(a), Point::H(b)) => !equals(a, b),
            _ => true,
        };
        if changed {
            n += 1;
        }
    });
    any.then_some(n as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pts(vals: &[f64]) -> Vec<FPoint> {
        vals.iter().enumerate().map(|(i, &f)| FPoint { t: i as i64 * 10_000, f }).collect()
    }

    #[test]
    fn counts() {
        let p = pts(&[1.0, 2.0, 1.0, 1.0, f64::NAN, f64::NAN, 3.0]);
        assert_eq!(resets(&p, &[], &[], &[], -1, false), Some(1.0));
        assert_eq!(changes(&p, &[], -1, false), Some(4.0));
        assert_eq!(changes(&[], &[], -1, false), None);
        // Anchored: the sample at 10s is the baseline for a window starting at 15s.
        assert_eq!(changes(&p, &[], 15_000, true), Some(3.0));
        assert_eq!(changes(&p, &[], 25_000, true), Some(2.0));
    }
}
