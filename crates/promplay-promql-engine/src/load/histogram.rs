//! Native histogram literals of the load notation,
//! `{{schema:0 sum:5 count:4 z_bucket:1 buckets:[1 2 1] offset:-1}}`, and the
//! bucket-wise addition and subtraction behind `{{H}}+{{D}}xN`.

use super::{Cursor, codes, signed_number};
use crate::value::{CounterResetHint, FloatHistogram, HistogramSpan};
use promplay_diagnostics::Diagnostic;
use std::collections::BTreeMap;

/// Parses a `{{…}}` literal at the cursor; returns the histogram and whether
/// its counter-reset hint was written out.
pub(super) fn parse_literal(
    cur: &mut Cursor<'_>,
) -> Result<(Box<FloatHistogram>, bool), Diagnostic> {
    let open = cur.pos;
    cur.pos += 2;
    let mut h = FloatHistogram::default();
    let mut hint_set = false;
    let mut seen: Vec<&str> = Vec::new();
    let (mut buckets, mut offset, mut n_buckets, mut n_offset) =
        (Vec::new(), 0i32, Vec::new(), 0i32);
    loop {
        cur.skip_ws();
        if cur.rest().starts_with("}}") {
            cur.pos += 2;
            break;
        }
        if cur.done() {
            return Err(cur.err_at(
                open,
                codes::HISTOGRAM,
                "unterminated histogram literal; expected `}}`",
            ));
        }
        let key_at = cur.pos;
        let key_len = cur
            .rest()
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(cur.rest().len());
        let key = &cur.s[key_at..key_at + key_len];
        cur.pos += key_len;
        const KEYS: [&str; 11] = [
            "schema",
            "sum",
            "count",
            "z_bucket",
            "z_bucket_w",
            "buckets",
            "offset",
            "n_buckets",
            "n_offset",
            "custom_values",
            "counter_reset_hint",
        ];
        let Some(key) = KEYS.iter().find(|k| **k == key).copied() else {
            let d = cur.err_at(key_at, codes::HISTOGRAM, format!("unknown histogram key `{key}`"));
            let near = KEYS.iter().find(|k| edit_distance(k, key) <= 2);
            return Err(match near {
                Some(k) => d.with_help(format!("did you mean `{k}`?")),
                None => d.with_help(format!("the keys are {}", KEYS.join(", "))),
            });
        };
        if seen.contains(&key) {
            return Err(cur.err_at(
                key_at,
                codes::HISTOGRAM,
                format!("histogram key `{key}` is given twice"),
            ));
        }
        seen.push(key);
        if !cur.eat(b':') {
            return Err(cur.err(codes::HISTOGRAM, format!("expected `:` after `{key}`")));
        }
        match key {
            "schema" => {
                let s = int(cur)?;
                if !(-4..=8).contains(&s) && s != -53 {
                    return Err(cur.err_at(
                        key_at,
                        codes::HISTOGRAM,
                        format!("schema {s} is out of range; use -4..8 or -53 (custom buckets)"),
                    ));
                }
                h.schema = s;
            }
            "sum" => h.sum = signed_number(cur)?,
            "count" => h.count = signed_number(cur)?,
            "z_bucket" => h.zero_count = signed_number(cur)?,
            "z_bucket_w" => h.zero_threshold = signed_number(cur)?,
            "buckets" => buckets = bucket_list(cur)?,
            "offset" => offset = int(cur)?,
            "n_buckets" => n_buckets = bucket_list(cur)?,
            "n_offset" => n_offset = int(cur)?,
            "custom_values" => h.custom_values = bucket_list(cur)?,
            _ => {
                hint_set = true;
                let word_len = cur
                    .rest()
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(cur.rest().len());
                let word = &cur.s[cur.pos..cur.pos + word_len];
                h.counter_reset_hint = match word {
                    "unknown" => CounterResetHint::Unknown,
                    "reset" => CounterResetHint::CounterReset,
                    "not_reset" => CounterResetHint::NotCounterReset,
                    "gauge" => CounterResetHint::Gauge,
                    _ => {
                        return Err(cur.err(
                            codes::HISTOGRAM,
                            "expected a counter reset hint: unknown, reset, not_reset or gauge",
                        ));
                    }
                };
                cur.pos += word_len;
            }
        }
        if cur.peek().is_some_and(|c| !matches!(c, b' ' | b'\t' | b'}')) {
            return Err(
                cur.err(codes::HISTOGRAM, "expected a space or `}}` after a histogram value")
            );
        }
    }
    if !buckets.is_empty() {
        h.positive_spans = vec![HistogramSpan { offset, length: buckets.len() as u32 }];
        h.positive_buckets = buckets;
    }
    if !n_buckets.is_empty() {
        h.negative_spans = vec![HistogramSpan { offset: n_offset, length: n_buckets.len() as u32 }];
        h.negative_buckets = n_buckets;
    }
    Ok((Box::new(h), hint_set))
}

/// `a + b` (or `a - b` when `sub`), bucket by bucket, as Prometheus'
/// `FloatHistogram.Add`/`Sub`: the result keeps `a`'s schema; `b` must not
/// have a lower resolution.
pub(super) fn combine(
    a: &FloatHistogram,
    b: &FloatHistogram,
    sub: bool,
) -> Result<FloatHistogram, String> {
    if a.schema > b.schema {
        return Err(format!("cannot merge from schema {} to {}", b.schema, a.schema));
    }
    if (a.schema == -53) != (b.schema == -53) {
        return Err("cannot combine exponential and custom-bucket histograms".to_owned());
    }
    if a.schema == -53 && a.custom_values != b.custom_values {
        return Err("cannot combine histograms with different custom bucket bounds".to_owned());
    }
    let sign = if sub { -1.0 } else { 1.0 };
    let mut out = a.clone();
    out.count += sign * b.count;
    out.sum += sign * b.sum;
    out.zero_count += sign * b.zero_count;
    out.zero_threshold = a.zero_threshold.max(b.zero_threshold);
    let shift = if a.schema == -53 { 0 } else { b.schema - a.schema };
    let (spans, buckets) = merge(
        &a.positive_spans,
        &a.positive_buckets,
        &b.positive_spans,
        &b.positive_buckets,
        shift,
        sign,
    );
    out.positive_spans = spans;
    out.positive_buckets = buckets;
    let (spans, buckets) = merge(
        &a.negative_spans,
        &a.negative_buckets,
        &b.negative_spans,
        &b.negative_buckets,
        shift,
        sign,
    );
    out.negative_spans = spans;
    out.negative_buckets = buckets;
    Ok(out)
}

/// The absolute bucket index of every bucket of a sparse layout.
pub(crate) fn indexed(spans: &[HistogramSpan], buckets: &[f64]) -> Vec<(i32, f64)> {
    let mut out = Vec::with_capacity(buckets.len());
    let mut idx = 0i32;
    let mut it = buckets.iter();
    // The first offset is the first index; later ones are gaps after the previous span.
    for s in spans {
        idx += s.offset;
        for _ in 0..s.length {
            if let Some(v) = it.next() {
                out.push((idx, *v));
            }
            idx += 1;
        }
    }
    out
}

/// Builds a sparse layout from sorted `(index, count)` pairs, one span per
/// run of consecutive indices.
pub(crate) fn layout(
    pairs: impl IntoIterator<Item = (i32, f64)>,
) -> (Vec<HistogramSpan>, Vec<f64>) {
    let mut spans: Vec<HistogramSpan> = Vec::new();
    let mut buckets = Vec::new();
    let mut next = 0i32;
    for (idx, v) in pairs {
        match spans.last_mut() {
            Some(s) if idx == next => s.length += 1,
            Some(_) => spans.push(HistogramSpan { offset: idx - next, length: 1 }),
            None => spans.push(HistogramSpan { offset: idx, length: 1 }),
        }
        buckets.push(v);
        next = idx + 1;
    }
    (spans, buckets)
}

fn merge(
    sa: &[HistogramSpan],
    ba: &[f64],
    sb: &[HistogramSpan],
    bb: &[f64],
    shift: i32,
    sign: f64,
) -> (Vec<HistogramSpan>, Vec<f64>) {
    let mut map: BTreeMap<i32, f64> = indexed(sa, ba).into_iter().collect();
    for (idx, v) in indexed(sb, bb) {
        // Reduce the resolution of `b` to `a`'s schema (Prometheus' targetIdx).
        let target = if shift > 0 { ((idx - 1) >> shift) + 1 } else { idx };
        *map.entry(target).or_insert(0.0) += sign * v;
    }
    layout(map)
}

fn int(cur: &mut Cursor<'_>) -> Result<i32, Diagnostic> {
    let start = cur.pos;
    if matches!(cur.peek(), Some(b'+' | b'-')) {
        cur.pos += 1;
    }
    while matches!(cur.peek(), Some(b'0'..=b'9')) {
        cur.pos += 1;
    }
    cur.s[start..cur.pos]
        .parse()
        .map_err(|_| cur.err_at(start, codes::HISTOGRAM, "expected an integer"))
}

fn bucket_list(cur: &mut Cursor<'_>) -> Result<Vec<f64>, Diagnostic> {
    if !cur.eat(b'[') {
        return Err(cur.err(codes::HISTOGRAM, "expected `[` to start a bucket list"));
    }
    let mut out = Vec::new();
    loop {
        cur.skip_ws();
        if cur.eat(b']') {
            return Ok(out);
        }
        if cur.done() {
            return Err(cur.err(codes::HISTOGRAM, "unterminated bucket list; expected `]`"));
        }
        out.push(signed_number(cur)?);
        if cur.peek().is_some_and(|c| !matches!(c, b' ' | b'\t' | b']')) {
            return Err(cur.err(codes::HISTOGRAM, "expected a space or `]` after a bucket value"));
        }
    }
}

/// Levenshtein distance, for "did you mean" hints.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
