//! `FloatHistogram.TestExpression()`: the canonical histogram literal
//! promtool compares expected and actual native histograms by, after
//! `Compact(math.MaxInt)` folds every span into one.

use promplay_model::format_float;
use promplay_promql_engine::{CounterResetHint, FloatHistogram, HistogramSpan};

/// The literal, e.g. `{{schema:1 count:4 sum:5.6 counter_reset_hint:not_reset buckets:[4]}}`.
pub fn test_expression(h: &FloatHistogram) -> String {
    let mut res: Vec<String> = Vec::new();
    if h.schema != 0 {
        res.push(format!("schema:{}", h.schema));
    }
    if h.count != 0.0 {
        res.push(format!("count:{}", format_float(h.count)));
    }
    if h.sum != 0.0 {
        res.push(format!("sum:{}", format_float(h.sum)));
    }
    if h.zero_count != 0.0 {
        res.push(format!("z_bucket:{}", format_float(h.zero_count)));
    }
    if h.zero_threshold != 0.0 {
        res.push(format!("z_bucket_w:{}", format_float(h.zero_threshold)));
    }
    if h.schema == -53 {
        let values: Vec<String> = h.custom_values.iter().map(|v| format_float(*v)).collect();
        res.push(format!("custom_values:[{}]", values.join(" ")));
    }
    match h.counter_reset_hint {
        CounterResetHint::Unknown => {}
        CounterResetHint::CounterReset => res.push("counter_reset_hint:reset".into()),
        CounterResetHint::NotCounterReset => res.push("counter_reset_hint:not_reset".into()),
        CounterResetHint::Gauge => res.push("counter_reset_hint:gauge".into()),
    }
    for (spans, buckets, key, offset_key) in [
        (&h.positive_spans, &h.positive_buckets, "buckets", "offset"),
        (&h.negative_spans, &h.negative_buckets, "n_buckets", "n_offset"),
    ] {
        let (offset, dense) = compact(spans, buckets);
        if offset != 0 && !dense.is_empty() {
            res.push(format!("{offset_key}:{offset}"));
        }
        if !dense.is_empty() {
            let text: Vec<String> = dense.iter().map(|b| format_float(*b)).collect();
            res.push(format!("{key}:[{}]", text.join(" ")));
        }
    }
    format!("{{{{{}}}}}", res.join(" "))
}

/// One span from the first to the last non-empty bucket, gaps filled with
/// zeros: what `Compact(math.MaxInt)` leaves.
fn compact(spans: &[HistogramSpan], buckets: &[f64]) -> (i32, Vec<f64>) {
    let mut absolute: Vec<(i32, f64)> = Vec::new();
    let mut index = 0i32;
    let mut b = 0usize;
    for (i, s) in spans.iter().enumerate() {
        index = if i == 0 { s.offset } else { index + s.offset };
        for _ in 0..s.length {
            if let Some(&c) = buckets.get(b) {
                absolute.push((index, c));
            }
            b += 1;
            index += 1;
        }
    }
    let first = absolute.iter().position(|(_, c)| *c != 0.0);
    let last = absolute.iter().rposition(|(_, c)| *c != 0.0);
    let (Some(first), Some(last)) = (first, last) else { return (0, Vec::new()) };
    let start = absolute[first].0;
    let end = absolute[last].0;
    let mut dense = vec![0.0; (end - start + 1) as usize];
    for &(i, c) in &absolute[first..=last] {
        dense[(i - start) as usize] = c;
    }
    (start, dense)
}
