//! Native-histogram arithmetic as Prometheus' `FloatHistogram` does it:
//! addition and subtraction (reconciling schemas, zero buckets and custom
//! bounds), scaling, counter-reset detection and equality. Buckets are
//! handled as sorted (index, count) lists rather than upstream's in-place
//! span surgery; results come back compacted (no empty buckets), which is
//! what upstream's callers do with them anyway.

use super::histogram::{bound, indexed};
use super::kahan::kahan_inc;
use crate::value::{CounterResetHint, FloatHistogram, HistogramSpan};

/// Buckets as ascending (index, count) pairs.
type Sparse = Vec<(i32, f64)>;

/// Adding or subtracting an exponential and a custom-bucket histogram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IncompatibleSchema;

/// What an addition or subtraction noticed besides its result.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OpFlags {
    /// One operand said "counter reset", the other "no counter reset".
    pub counter_reset_collision: bool,
    /// Custom bounds differed and were reduced to the common ones.
    pub nhcb_reconciled: bool,
}

/// Whether the histogram uses custom bucket bounds.
pub fn is_custom(h: &FloatHistogram) -> bool {
    h.schema == -53
}

/// `h += other`.
pub fn add(h: &mut FloatHistogram, other: &FloatHistogram) -> Result<OpFlags, IncompatibleSchema> {
    add_or_sub(h, other, false)
}

/// `h -= other`.
pub fn sub(h: &mut FloatHistogram, other: &FloatHistogram) -> Result<OpFlags, IncompatibleSchema> {
    add_or_sub(h, other, true)
}

/// Scales every count and the sum; a negative factor makes it a gauge.
pub fn mul(h: &mut FloatHistogram, factor: f64) {
    h.zero_count *= factor;
    h.count *= factor;
    h.sum *= factor;
    h.positive_buckets.iter_mut().for_each(|b| *b *= factor);
    h.negative_buckets.iter_mut().for_each(|b| *b *= factor);
    if factor < 0.0 {
        h.counter_reset_hint = CounterResetHint::Gauge;
    }
}

/// Divides every count and the sum; dividing by zero removes all buckets.
pub fn div(h: &mut FloatHistogram, scalar: f64) {
    h.zero_count /= scalar;
    h.count /= scalar;
    h.sum /= scalar;
    if scalar == 0.0 {
        h.positive_buckets.clear();
        h.negative_buckets.clear();
        h.positive_spans.clear();
        h.negative_spans.clear();
        return;
    }
    h.positive_buckets.iter_mut().for_each(|b| *b /= scalar);
    h.negative_buckets.iter_mut().for_each(|b| *b /= scalar);
    if scalar < 0.0 {
        h.counter_reset_hint = CounterResetHint::Gauge;
    }
}

/// Removes empty buckets and merges adjacent spans (`Compact(0)`).
pub fn compact(h: &mut FloatHistogram) {
    let pos = indexed(&h.positive_spans, &h.positive_buckets);
    (h.positive_spans, h.positive_buckets) = to_spans(&pos);
    let neg = indexed(&h.negative_spans, &h.negative_buckets);
    (h.negative_spans, h.negative_buckets) = to_spans(&neg);
}

/// A copy brought down to the coarser `schema` (`CopyToSchema`).
pub fn copy_to_schema(h: &FloatHistogram, schema: i32) -> FloatHistogram {
    let mut c = h.clone();
    if schema < h.schema && !is_custom(h) {
        let pos = reduce(&indexed(&h.positive_spans, &h.positive_buckets), h.schema, schema);
        (c.positive_spans, c.positive_buckets) = to_spans(&pos);
        let neg = reduce(&indexed(&h.negative_spans, &h.negative_buckets), h.schema, schema);
        (c.negative_spans, c.negative_buckets) = to_spans(&neg);
        c.schema = schema;
        c.counter_reset_hint = CounterResetHint::Unknown;
    }
    c
}

/// Whether any count or the sum is infinite.
pub fn has_overflow(h: &FloatHistogram) -> bool {
    h.zero_count.is_infinite()
        || h.count.is_infinite()
        || h.sum.is_infinite()
        || h.positive_buckets.iter().any(|b| b.is_infinite())
        || h.negative_buckets.iter().any(|b| b.is_infinite())
}

/// `FloatHistogram.Equals`: same schema, bounds and thresholds, bit-equal
/// counts, and the same bucket layout (zero-length spans aside).
pub fn equals(a: &FloatHistogram, b: &FloatHistogram) -> bool {
    let bits = |x: &Sparse| x.iter().map(|&(i, c)| (i, c.to_bits())).collect::<Vec<_>>();
    a.schema == b.schema
        && a.count.to_bits() == b.count.to_bits()
        && a.sum.to_bits() == b.sum.to_bits()
        && (!is_custom(a) || a.custom_values == b.custom_values)
        && a.zero_threshold == b.zero_threshold
        && a.zero_count.to_bits() == b.zero_count.to_bits()
        && bits(&indexed(&a.negative_spans, &a.negative_buckets))
            == bits(&indexed(&b.negative_spans, &b.negative_buckets))
        && bits(&indexed(&a.positive_spans, &a.positive_buckets))
            == bits(&indexed(&b.positive_spans, &b.positive_buckets))
}

/// Whether `h` follows a counter reset relative to `prev` (`DetectReset`).
pub fn detect_reset(h: &FloatHistogram, prev: &FloatHistogram) -> bool {
    match h.counter_reset_hint {
        CounterResetHint::CounterReset => return true,
        CounterResetHint::NotCounterReset => return false,
        _ => {}
    }
    if h.count < prev.count {
        return true;
    }
    if is_custom(h) {
        if !is_custom(prev) {
            return true;
        }
        if h.custom_values != prev.custom_values {
            return custom_reset(h, prev);
        }
    }
    if h.schema > prev.schema {
        return true;
    }
    if h.zero_threshold < prev.zero_threshold {
        return true;
    }
    let (prev_zero, threshold) = zero_count_for_larger_threshold(prev, h.zero_threshold);
    if threshold != h.zero_threshold {
        return true;
    }
    if h.zero_count < prev_zero {
        return true;
    }
    for (cur, old) in [
        (
            &(&h.positive_spans, &h.positive_buckets),
            &(&prev.positive_spans, &prev.positive_buckets),
        ),
        (
            &(&h.negative_spans, &h.negative_buckets),
            &(&prev.negative_spans, &prev.negative_buckets),
        ),
    ] {
        let skip = |v: Sparse, schema: i32| -> Sparse {
            if is_custom(h) {
                return v;
            }
            let v = reduce(&v, schema, h.schema);
            v.into_iter()
                .skip_while(|&(i, _)| bound(i, h.schema, &[]) <= h.zero_threshold)
                .collect()
        };
        let c = skip(indexed(cur.0, cur.1), h.schema);
        let p = skip(indexed(old.0, old.1), prev.schema);
        if decreased(&c, &p) {
            return true;
        }
    }
    false
}

fn decreased(cur: &Sparse, prev: &Sparse) -> bool {
    let mut j = 0;
    for &(idx, c) in prev {
        while j < cur.len() && cur[j].0 < idx {
            j += 1;
        }
        if j < cur.len() && cur[j].0 == idx {
            if cur[j].1 < c {
                return true;
            }
        } else if c != 0.0 {
            return true;
        }
    }
    false
}

/// Reset detection between custom-bucket histograms with different bounds:
/// cumulative counts compared at the bounds both have.
fn custom_reset(h: &FloatHistogram, prev: &FloatHistogram) -> bool {
    let cur = indexed(&h.positive_spans, &h.positive_buckets);
    let old = indexed(&prev.positive_spans, &prev.positive_buckets);
    let sum_upto = |v: &Sparse, bounds: &[f64], from: f64, to: f64| -> f64 {
        v.iter()
            .filter(|&&(i, _)| {
                let ub = bound(i, -53, bounds);
                ub > from && ub <= to
            })
            .map(|&(_, c)| c)
            .sum()
    };
    let mut last = f64::NEG_INFINITY;
    let mut shared: Vec<f64> =
        h.custom_values.iter().copied().filter(|b| prev.custom_values.contains(b)).collect();
    shared.push(f64::INFINITY);
    for b in shared {
        if sum_upto(&cur, &h.custom_values, last, b) < sum_upto(&old, &prev.custom_values, last, b)
        {
            return true;
        }
        last = b;
    }
    false
}

fn add_or_sub(
    h: &mut FloatHistogram,
    other: &FloatHistogram,
    negate: bool,
) -> Result<OpFlags, IncompatibleSchema> {
    if is_custom(h) != is_custom(other) {
        return Err(IncompatibleSchema);
    }
    let mut flags =
        OpFlags { counter_reset_collision: adjust_counter_reset(h, other), nhcb_reconciled: false };
    let sign = if negate { -1.0 } else { 1.0 };
    let mut other_pos = indexed(&other.positive_spans, &other.positive_buckets);
    let mut other_neg = indexed(&other.negative_spans, &other.negative_buckets);
    if !is_custom(h) {
        let other_zero = reconcile_zero_buckets(h, other);
        h.zero_count += sign * other_zero;
    }
    h.count += sign * other.count;
    h.sum += sign * other.sum;
    let mut pos = indexed(&h.positive_spans, &h.positive_buckets);
    let mut neg = indexed(&h.negative_spans, &h.negative_buckets);
    if is_custom(h) {
        if h.custom_values != other.custom_values {
            flags.nhcb_reconciled = true;
            let shared: Vec<f64> = h
                .custom_values
                .iter()
                .copied()
                .filter(|b| other.custom_values.contains(b))
                .collect();
            pos = map_custom(&pos, &h.custom_values, &shared);
            other_pos = map_custom(&other_pos, &other.custom_values, &shared);
            h.custom_values = shared;
        }
        (h.positive_spans, h.positive_buckets) = to_spans(&merge(&pos, &other_pos, sign, None));
        return Ok(flags);
    }
    if other.schema < h.schema {
        pos = reduce(&pos, h.schema, other.schema);
        neg = reduce(&neg, h.schema, other.schema);
        h.schema = other.schema;
    } else if other.schema > h.schema {
        other_pos = reduce(&other_pos, other.schema, h.schema);
        other_neg = reduce(&other_neg, other.schema, h.schema);
    }
    let skip = Some((h.schema, h.zero_threshold));
    (h.positive_spans, h.positive_buckets) = to_spans(&merge(&pos, &other_pos, sign, skip));
    (h.negative_spans, h.negative_buckets) = to_spans(&merge(&neg, &other_neg, sign, skip));
    Ok(flags)
}

/// Merges `b` (times `sign`) into `a`; with `skip`, `b`'s leading buckets
/// whose upper bound is within the zero threshold are ignored.
fn merge(a: &Sparse, b: &Sparse, sign: f64, skip: Option<(i32, f64)>) -> Sparse {
    let mut b_iter = b.iter().copied().peekable();
    if let Some((schema, threshold)) = skip {
        while b_iter.peek().is_some_and(|&(i, _)| bound(i, schema, &[]) <= threshold) {
            b_iter.next();
        }
    }
    let b: Sparse = b_iter.collect();
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if j >= b.len() || (i < a.len() && a[i].0 < b[j].0) {
            out.push(a[i]);
            i += 1;
        } else if i >= a.len() || b[j].0 < a[i].0 {
            out.push((b[j].0, sign * b[j].1));
            j += 1;
        } else {
            out.push((a[i].0, a[i].1 + sign * b[j].1));
            i += 1;
            j += 1;
        }
    }
    out
}

/// Buckets of custom `bounds` mapped onto the coarser `shared` bounds.
fn map_custom(v: &Sparse, bounds: &[f64], shared: &[f64]) -> Sparse {
    let mut out: Sparse = Vec::new();
    for &(idx, c) in v {
        let ub = bound(idx, -53, bounds);
        let target = shared.iter().position(|&s| s >= ub).unwrap_or(shared.len()) as i32;
        match out.last_mut() {
            Some(last) if last.0 == target => last.1 += c,
            _ => out.push((target, c)),
        }
    }
    out.sort_by_key(|&(i, _)| i);
    out
}

/// Buckets of `from` schema merged into the coarser `to` schema.
fn reduce(v: &Sparse, from: i32, to: i32) -> Sparse {
    if to >= from {
        return v.clone();
    }
    let mut out: Sparse = Vec::with_capacity(v.len());
    for &(idx, c) in v {
        let t = ((idx - 1) >> (from - to).min(31)) + 1;
        match out.last_mut() {
            Some(last) if last.0 == t => last.1 += c,
            _ => out.push((t, c)),
        }
    }
    out
}

/// Spans and counts of a sparse list, empty buckets left out.
fn to_spans(v: &Sparse) -> (Vec<HistogramSpan>, Vec<f64>) {
    let mut spans: Vec<HistogramSpan> = Vec::new();
    let mut counts = Vec::with_capacity(v.len());
    let mut last: Option<i32> = None;
    for &(idx, c) in v {
        if c == 0.0 {
            continue;
        }
        match last {
            Some(l) if idx == l + 1 => {
                if let Some(s) = spans.last_mut() {
                    s.length += 1;
                }
            }
            Some(l) => spans.push(HistogramSpan { offset: idx - l - 1, length: 1 }),
            None => spans.push(HistogramSpan { offset: idx, length: 1 }),
        }
        counts.push(c);
        last = Some(idx);
    }
    (spans, counts)
}

/// Counter-reset hints of a sum or difference (`adjustCounterReset`).
fn adjust_counter_reset(h: &mut FloatHistogram, other: &FloatHistogram) -> bool {
    use CounterResetHint::*;
    match (h.counter_reset_hint, other.counter_reset_hint) {
        (a, b) if a == b => false,
        (Gauge, _) => false,
        (_, Gauge) => {
            h.counter_reset_hint = Gauge;
            false
        }
        (Unknown, _) => false,
        (_, Unknown) => {
            h.counter_reset_hint = Unknown;
            false
        }
        _ => {
            h.counter_reset_hint = Unknown;
            true
        }
    }
}

/// What `h`'s zero count would be with a zero threshold of at least `larger`,
/// and the threshold actually needed (moved up to a bucket boundary when it
/// falls inside a populated bucket).
fn zero_count_for_larger_threshold(h: &FloatHistogram, mut larger: f64) -> (f64, f64) {
    if larger <= h.zero_threshold {
        return (h.zero_count, larger);
    }
    let pos = indexed(&h.positive_spans, &h.positive_buckets);
    let neg = indexed(&h.negative_spans, &h.negative_buckets);
    'outer: loop {
        let mut zero = h.zero_count;
        for &(idx, c) in &pos {
            let lower = bound(idx - 1, h.schema, &[]);
            let upper = bound(idx, h.schema, &[]);
            if lower >= larger {
                break;
            }
            zero += c;
            if upper > larger {
                if c != 0.0 {
                    larger = upper;
                }
                break;
            }
        }
        for &(idx, c) in &neg {
            let upper = -bound(idx - 1, h.schema, &[]);
            let lower = -bound(idx, h.schema, &[]);
            if upper <= -larger {
                break;
            }
            zero += c;
            if lower < -larger {
                if c != 0.0 {
                    larger = -lower;
                    continue 'outer;
                }
                break;
            }
        }
        return (zero, larger);
    }
}

/// Widens the zero buckets of `h` (in place) and `other` (virtually) to a
/// common threshold; returns `other`'s zero count at that threshold.
fn reconcile_zero_buckets(h: &mut FloatHistogram, other: &FloatHistogram) -> f64 {
    let mut other_zero = other.zero_count;
    let mut other_threshold = other.zero_threshold;
    let mut guard = 0;
    while other_threshold != h.zero_threshold && guard < 64 {
        guard += 1;
        if h.zero_threshold > other_threshold {
            (other_zero, other_threshold) =
                zero_count_for_larger_threshold(other, h.zero_threshold);
        }
        if other_threshold > h.zero_threshold {
            let (zero, threshold) = zero_count_for_larger_threshold(h, other_threshold);
            h.zero_count = zero;
            h.zero_threshold = threshold;
            // Buckets now inside the zero bucket are counted there.
            let keep = |v: Sparse, schema: i32| -> Sparse {
                v.into_iter().filter(|&(i, _)| bound(i - 1, schema, &[]) >= threshold).collect()
            };
            let pos = keep(indexed(&h.positive_spans, &h.positive_buckets), h.schema);
            let neg = keep(indexed(&h.negative_spans, &h.negative_buckets), h.schema);
            (h.positive_spans, h.positive_buckets) = to_spans(&pos);
            (h.negative_spans, h.negative_buckets) = to_spans(&neg);
        }
    }
    other_zero
}

/// The Kahan compensation of a running histogram sum (upstream keeps it in
/// a second `FloatHistogram` with the same layout; here it is kept per
/// bucket index).
#[derive(Clone, Debug, Default)]
pub struct KahanComp {
    zero: f64,
    count: f64,
    sum: f64,
    pos: Sparse,
    neg: Sparse,
}

impl KahanComp {
    /// Multiplies the compensation terms.
    pub fn mul(&mut self, f: f64) {
        self.zero *= f;
        self.count *= f;
        self.sum *= f;
        self.pos.iter_mut().chain(self.neg.iter_mut()).for_each(|b| b.1 *= f);
    }

    /// Divides the compensation terms.
    pub fn div(&mut self, f: f64) {
        self.zero /= f;
        self.count /= f;
        self.sum /= f;
        self.pos.iter_mut().chain(self.neg.iter_mut()).for_each(|b| b.1 /= f);
    }

    /// Adds the compensation into `h` (the final `sum.Add(c)`); the hint stays.
    pub fn fold_into(&self, h: &mut FloatHistogram) {
        h.zero_count += self.zero;
        h.count += self.count;
        h.sum += self.sum;
        let pos = merge(&indexed(&h.positive_spans, &h.positive_buckets), &self.pos, 1.0, None);
        (h.positive_spans, h.positive_buckets) = to_spans(&pos);
        let neg = merge(&indexed(&h.negative_spans, &h.negative_buckets), &self.neg, 1.0, None);
        (h.negative_spans, h.negative_buckets) = to_spans(&neg);
    }
}

/// `h += other` with Kahan compensation in `c` (`KahanAdd`). Differing zero
/// thresholds or custom bounds are rare; there the compensation is folded in
/// first and a plain addition is done.
pub fn kahan_add(
    h: &mut FloatHistogram,
    c: &mut KahanComp,
    other: &FloatHistogram,
) -> Result<OpFlags, IncompatibleSchema> {
    if is_custom(h) != is_custom(other) {
        return Err(IncompatibleSchema);
    }
    let plain = (!is_custom(h) && h.zero_threshold != other.zero_threshold)
        || (is_custom(h) && h.custom_values != other.custom_values);
    if plain {
        c.fold_into(h);
        *c = KahanComp::default();
        return add(h, other);
    }
    let flags =
        OpFlags { counter_reset_collision: adjust_counter_reset(h, other), nhcb_reconciled: false };
    if !is_custom(h) {
        (h.zero_count, c.zero) = kahan_inc(other.zero_count, h.zero_count, c.zero);
    }
    (h.count, c.count) = kahan_inc(other.count, h.count, c.count);
    (h.sum, c.sum) = kahan_inc(other.sum, h.sum, c.sum);
    let mut pos = indexed(&h.positive_spans, &h.positive_buckets);
    let mut neg = indexed(&h.negative_spans, &h.negative_buckets);
    let mut other_pos = indexed(&other.positive_spans, &other.positive_buckets);
    let mut other_neg = indexed(&other.negative_spans, &other.negative_buckets);
    if !is_custom(h) {
        if other.schema < h.schema {
            pos = reduce(&pos, h.schema, other.schema);
            neg = reduce(&neg, h.schema, other.schema);
            c.pos = reduce(&c.pos, h.schema, other.schema);
            c.neg = reduce(&c.neg, h.schema, other.schema);
            h.schema = other.schema;
        } else if other.schema > h.schema {
            other_pos = reduce(&other_pos, other.schema, h.schema);
            other_neg = reduce(&other_neg, other.schema, h.schema);
        }
        let skip = |v: Sparse| -> Sparse {
            v.into_iter()
                .skip_while(|&(i, _)| bound(i, h.schema, &[]) <= h.zero_threshold)
                .collect()
        };
        other_pos = skip(other_pos);
        other_neg = skip(other_neg);
    }
    let (p, cp) = kahan_merge(&pos, &c.pos, &other_pos);
    let (n, cn) = kahan_merge(&neg, &c.neg, &other_neg);
    (h.positive_spans, h.positive_buckets) = to_spans(&p);
    (h.negative_spans, h.negative_buckets) = to_spans(&n);
    c.pos = cp;
    c.neg = cn;
    Ok(flags)
}

/// Bucket-wise Kahan addition of `b` into `a` with compensation `ca`.
fn kahan_merge(a: &Sparse, ca: &Sparse, b: &Sparse) -> (Sparse, Sparse) {
    let mut idx: Vec<i32> = a.iter().chain(ca).chain(b).map(|&(i, _)| i).collect();
    idx.sort_unstable();
    idx.dedup();
    let get = |v: &Sparse, i: i32| v.binary_search_by_key(&i, |&(j, _)| j).map_or(0.0, |k| v[k].1);
    let mut out = Vec::with_capacity(idx.len());
    let mut comp = Vec::with_capacity(idx.len());
    for i in idx {
        let (s, c) = kahan_inc(get(b, i), get(a, i), get(ca, i));
        out.push((i, s));
        if c != 0.0 {
            comp.push((i, c));
        }
    }
    (out, comp)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hist(schema: i32, count: f64, buckets: &[(i32, f64)]) -> FloatHistogram {
        let (positive_spans, positive_buckets) = to_spans(&buckets.to_vec());
        FloatHistogram {
            schema,
            count,
            sum: count,
            positive_spans,
            positive_buckets,
            ..FloatHistogram::default()
        }
    }

    #[test]
    fn arithmetic() {
        let mut a = hist(0, 3.0, &[(0, 1.0), (1, 2.0)]);
        let b = hist(1, 2.0, &[(1, 1.0), (2, 1.0)]);
        add(&mut a, &b).unwrap();
        // Schema 1 buckets 1 and 2 both fall into schema 0 bucket 1.
        assert_eq!(a.schema, 0);
        assert_eq!(indexed(&a.positive_spans, &a.positive_buckets), vec![(0, 1.0), (1, 4.0)]);
        sub(&mut a, &hist(0, 1.0, &[(0, 1.0)])).unwrap();
        assert_eq!(indexed(&a.positive_spans, &a.positive_buckets), vec![(1, 4.0)]);
        assert!(detect_reset(&hist(0, 3.0, &[(0, 3.0)]), &hist(0, 3.0, &[(0, 1.0), (1, 2.0)])));
        assert!(!detect_reset(
            &hist(0, 4.0, &[(0, 2.0), (1, 2.0)]),
            &hist(0, 3.0, &[(0, 1.0), (1, 2.0)])
        ));
        assert_eq!(to_spans(&vec![(2, 1.0), (3, 0.0), (5, 2.0)]).0.len(), 2);
    }
}
