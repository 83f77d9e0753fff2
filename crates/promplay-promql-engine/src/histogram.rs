//! Arithmetic on float histograms as the evaluator needs it for operators and
//! aggregations (upstream's `FloatHistogram.Mul`, `Div`, `Add`, `Sub`,
//! `Equals`): scaling, and adding two histograms after reducing both to the
//! coarser schema and the wider zero bucket.

use std::collections::BTreeMap;

use crate::value::{CounterResetHint, FloatHistogram, HistogramSpan};

/// Multiplies every count and the sum by `f` in place.
pub fn scale(h: &mut FloatHistogram, f: f64) {
    h.count *= f;
    h.sum *= f;
    h.zero_count *= f;
    h.positive_buckets.iter_mut().for_each(|b| *b *= f);
    h.negative_buckets.iter_mut().for_each(|b| *b *= f);
}

/// A copy multiplied by `f`.
pub fn scaled(h: &FloatHistogram, f: f64) -> FloatHistogram {
    let mut h = h.clone();
    scale(&mut h, f);
    h
}

/// A copy divided by `f` (upstream divides, which differs from multiplying
/// by the reciprocal in the last bit).
pub fn divided(h: &FloatHistogram, f: f64) -> FloatHistogram {
    let mut h = h.clone();
    h.count /= f;
    h.sum /= f;
    h.zero_count /= f;
    h.positive_buckets.iter_mut().for_each(|b| *b /= f);
    h.negative_buckets.iter_mut().for_each(|b| *b /= f);
    h
}

/// Bucket index → count of one side of a histogram.
fn buckets(spans: &[HistogramSpan], counts: &[f64]) -> BTreeMap<i32, f64> {
    let mut out = BTreeMap::new();
    let mut idx = 0i32;
    let mut k = 0usize;
    for (n, span) in spans.iter().enumerate() {
        idx = if n == 0 { span.offset } else { idx + span.offset };
        for _ in 0..span.length {
            if let Some(&c) = counts.get(k) {
                *out.entry(idx).or_insert(0.0) += c;
            }
            k += 1;
            idx += 1;
        }
    }
    out
}

/// Spans and counts from a bucket map, leaving out empty buckets.
fn layout(map: &BTreeMap<i32, f64>) -> (Vec<HistogramSpan>, Vec<f64>) {
    let mut spans: Vec<HistogramSpan> = Vec::new();
    let mut counts = Vec::new();
    let mut next: Option<i32> = None;
    for (&idx, &c) in map {
        if c == 0.0 {
            continue;
        }
        match next {
            Some(n) if n == idx => spans.last_mut().expect("a span exists").length += 1,
            Some(n) => spans.push(HistogramSpan { offset: idx - n, length: 1 }),
            None => spans.push(HistogramSpan { offset: idx, length: 1 }),
        }
        counts.push(c);
        next = Some(idx + 1);
    }
    (spans, counts)
}

fn reduce(map: BTreeMap<i32, f64>, from: i32, to: i32) -> BTreeMap<i32, f64> {
    if from == to {
        return map;
    }
    let shift = from - to;
    let mut out = BTreeMap::new();
    for (idx, c) in map {
        *out.entry(((idx - 1) >> shift) + 1).or_insert(0.0) += c;
    }
    out
}

/// `a + b` (or `a - b`), `None` when the layouts are incompatible
/// (exponential with custom buckets, or different custom bounds).
pub fn add(a: &FloatHistogram, b: &FloatHistogram, subtract: bool) -> Option<FloatHistogram> {
    let sign = if subtract { -1.0 } else { 1.0 };
    let custom = a.schema == -53;
    if custom != (b.schema == -53) {
        return None;
    }
    if custom && a.custom_values != b.custom_values {
        return None;
    }
    let schema = a.schema.min(b.schema);
    let mut pos = reduce(buckets(&a.positive_spans, &a.positive_buckets), a.schema, schema);
    let mut neg = reduce(buckets(&a.negative_spans, &a.negative_buckets), a.schema, schema);
    for (idx, c) in reduce(buckets(&b.positive_spans, &b.positive_buckets), b.schema, schema) {
        *pos.entry(idx).or_insert(0.0) += sign * c;
    }
    for (idx, c) in reduce(buckets(&b.negative_spans, &b.negative_buckets), b.schema, schema) {
        *neg.entry(idx).or_insert(0.0) += sign * c;
    }
    let mut zero_count = a.zero_count + sign * b.zero_count;
    let zero_threshold = a.zero_threshold.max(b.zero_threshold);
    if !custom && zero_threshold > 0.0 {
        // Buckets entirely inside the wider zero bucket move into it.
        for map in [&mut pos, &mut neg] {
            let inside: Vec<i32> = map
                .keys()
                .copied()
                .filter(|&i| crate::api::exponential_bound(i, schema) <= zero_threshold)
                .collect();
            for i in inside {
                zero_count += map.remove(&i).unwrap_or(0.0);
            }
        }
    }
    let (positive_spans, positive_buckets) = layout(&pos);
    let (negative_spans, negative_buckets) = layout(&neg);
    let hint = if subtract
        || (a.counter_reset_hint == CounterResetHint::Gauge
            && b.counter_reset_hint == CounterResetHint::Gauge)
    {
        CounterResetHint::Gauge
    } else {
        CounterResetHint::Unknown
    };
    Some(FloatHistogram {
        counter_reset_hint: hint,
        schema,
        zero_threshold,
        zero_count,
        count: a.count + sign * b.count,
        sum: a.sum + sign * b.sum,
        positive_spans,
        positive_buckets,
        negative_spans,
        negative_buckets,
        custom_values: a.custom_values.clone(),
    })
}

/// Whether two histograms are equal (schema, zero bucket, count, sum and
/// every bucket; NaN sums compare by bits as upstream does).
pub fn equals(a: &FloatHistogram, b: &FloatHistogram) -> bool {
    a.schema == b.schema
        && a.zero_threshold == b.zero_threshold
        && a.zero_count == b.zero_count
        && a.count == b.count
        && (a.sum == b.sum || a.sum.to_bits() == b.sum.to_bits())
        && a.custom_values == b.custom_values
        && layout(&buckets(&a.positive_spans, &a.positive_buckets))
            == layout(&buckets(&b.positive_spans, &b.positive_buckets))
        && layout(&buckets(&a.negative_spans, &a.negative_buckets))
            == layout(&buckets(&b.negative_spans, &b.negative_buckets))
}

/// Removes empty buckets (upstream's `Compact(0)`).
pub fn compact(h: &mut FloatHistogram) {
    let (ps, pb) = layout(&buckets(&h.positive_spans, &h.positive_buckets));
    let (ns, nb) = layout(&buckets(&h.negative_spans, &h.negative_buckets));
    h.positive_spans = ps;
    h.positive_buckets = pb;
    h.negative_spans = ns;
    h.negative_buckets = nb;
}
