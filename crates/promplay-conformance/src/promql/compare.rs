//! Comparing a query result with an eval's expectations, as upstream's
//! `compareResult`: series identity by exact label set, floats within a
//! relative 1e-6, histograms after compaction, matrices sorted by labels.

use super::script::{Eval, ExpectedSeries, Mode};
use promplay_model::{Labels, format_float, is_stale_nan};
use promplay_promql_engine::load::SeqValue;
use promplay_promql_engine::{FloatHistogram, HistogramSpan, SampleValue, Series, Value};

/// The relative error allowed for sample values.
const EPSILON: f64 = 1e-6;

/// Upstream's `almost.Equal`.
pub(crate) fn almost_equal(a: f64, b: f64) -> bool {
    if a.is_nan() && b.is_nan() {
        return is_stale_nan(a) == is_stale_nan(b);
    }
    if a == b {
        return true;
    }
    let abs_sum = a.abs() + b.abs();
    let diff = (a - b).abs();
    if a == 0.0 || b == 0.0 || abs_sum < f64::MIN_POSITIVE {
        return diff < EPSILON * f64::MIN_POSITIVE;
    }
    diff / abs_sum.min(f64::MAX) < EPSILON
}

/// Compares `value` with the expectation; `Err` says what differs.
pub(crate) fn compare(ev: &Eval, value: &Value) -> Result<(), String> {
    match value {
        Value::Matrix(m) => compare_matrix(ev, m),
        Value::Vector(v) => {
            if ev.scalar.is_some() {
                return Err(format!("expected scalar result, but got vector {}", show_vector(v)));
            }
            let samples: Vec<(&Labels, &SampleValue)> =
                v.iter().map(|s| (&s.labels, &s.value)).collect();
            compare_vector(ev, &samples)
        }
        Value::Scalar { v, .. } => {
            let Some(want) = ev.scalar else {
                return Err(format!(
                    "expected vector or matrix result, but got scalar {}",
                    format_float(*v)
                ));
            };
            if !almost_equal(want, *v) {
                return Err(format!(
                    "expected scalar {} but got {}",
                    format_float(want),
                    format_float(*v)
                ));
            }
            Ok(())
        }
        Value::String { s, .. } => {
            let want = ev.string.as_deref().unwrap_or("");
            if want != s {
                return Err(format!("expected string {want:?} but got {s:?}"));
            }
            Ok(())
        }
    }
}

/// Compares an instant vector given as `(labels, value)` pairs.
pub(crate) fn compare_vector(ev: &Eval, samples: &[(&Labels, &SampleValue)]) -> Result<(), String> {
    if ev.scalar.is_some() {
        return Err("expected scalar result, but got a vector".to_owned());
    }
    let mut seen = vec![false; ev.series.len()];
    for (pos, (labels, value)) in samples.iter().enumerate() {
        let Some(i) = ev.series.iter().position(|s| &s.labels == *labels) else {
            return Err(format!(
                "unexpected metric {labels} in result, has value {}",
                show_value(value)
            ));
        };
        let exp = &ev.series[i];
        if ev.ordered && exp.pos != pos + 1 {
            return Err(format!(
                "expected metric {labels} at position {} but was at {}",
                exp.pos,
                pos + 1
            ));
        }
        let Some(exp0) = exp.values.first() else {
            return Err(format!("expected metric {labels} has no value"));
        };
        match (exp0, value) {
            (SeqValue::Histogram { .. }, SampleValue::Float(f)) => {
                return Err(format!(
                    "expected histogram {} for {labels} but got float value {}",
                    show_seq(exp0),
                    format_float(*f)
                ));
            }
            (SeqValue::Histogram { h, hint_set }, SampleValue::Histogram(got)) => {
                if !histograms_match(h, got, *hint_set) {
                    return Err(format!(
                        "expected {} for {labels} but got {}",
                        show_seq(exp0),
                        show_hist(got)
                    ));
                }
            }
            (_, SampleValue::Histogram(got)) => {
                return Err(format!(
                    "expected float value {} for {labels} but got histogram {}",
                    show_seq(exp0),
                    show_hist(got)
                ));
            }
            (exp0, SampleValue::Float(f)) => {
                let want = if let SeqValue::Float(w) = exp0 { *w } else { 0.0 };
                if !almost_equal(want, *f) {
                    return Err(format!(
                        "expected {} for {labels} but got {}",
                        format_float(want),
                        format_float(*f)
                    ));
                }
            }
        }
        seen[i] = true;
    }
    if let Some(i) = seen.iter().position(|s| !s) {
        let e = &ev.series[i];
        return Err(format!(
            "expected metric {} with {} not found",
            e.labels,
            show_seqs(&e.values)
        ));
    }
    Ok(())
}

fn compare_matrix(ev: &Eval, m: &[Series]) -> Result<(), String> {
    if ev.ordered {
        return Err("expected ordered result, but query returned a matrix".to_owned());
    }
    if ev.scalar.is_some() {
        return Err("expected scalar result, but got a matrix".to_owned());
    }
    assert_sorted(m)?;
    let (start, end, step) = match (ev.range_vector, ev.mode) {
        (Some(rv), _) => rv,
        (None, Mode::Range { start, end, step }) => (start, end, step),
        // Upstream leaves end and step at zero for an instant eval.
        (None, Mode::Instant { at }) => (at, 0, 0),
    };
    let mut seen = vec![false; ev.series.len()];
    for s in m {
        let Some(i) = ev.series.iter().position(|e| e.labels == s.labels) else {
            return Err(format!(
                "unexpected metric {} in result, has {}",
                s.labels,
                show_series(s)
            ));
        };
        seen[i] = true;
        let exp: &ExpectedSeries = &ev.series[i];
        let mut floats = Vec::new();
        let mut hists = Vec::new();
        for (k, v) in exp.values.iter().enumerate() {
            let t = start + k as i64 * step;
            if t > end {
                return Err(format!(
                    "expected {} points for {}, but query time range cannot return this many points",
                    exp.values.len(),
                    exp.labels
                ));
            }
            match v {
                SeqValue::Omitted => {}
                SeqValue::Float(f) => floats.push((t, *f)),
                SeqValue::Histogram { h, hint_set } => hists.push((t, h, *hint_set)),
            }
        }
        if floats.len() != s.floats.len() || hists.len() != s.histograms.len() {
            return Err(format!(
                "expected {} float points and {} histogram points for {}, but got {}",
                floats.len(),
                hists.len(),
                exp.labels,
                show_series(s)
            ));
        }
        for (k, ((t, f), got)) in floats.iter().zip(&s.floats).enumerate() {
            if *t != got.t {
                return Err(format!(
                    "expected float value at index {k} for {} to have timestamp {t}, but it had timestamp {} (result has {})",
                    exp.labels,
                    got.t,
                    show_series(s)
                ));
            }
            if !almost_equal(got.f, *f) {
                return Err(format!(
                    "expected float value at index {k} (t={t}) for {} to be {}, but got {} (result has {})",
                    exp.labels,
                    format_float(*f),
                    format_float(got.f),
                    show_series(s)
                ));
            }
        }
        for (k, ((t, h, hint_set), got)) in hists.iter().zip(&s.histograms).enumerate() {
            if *t != got.t {
                return Err(format!(
                    "expected histogram value at index {k} for {} to have timestamp {t}, but it had timestamp {}",
                    exp.labels, got.t
                ));
            }
            if !histograms_match(h, &got.h, *hint_set) {
                return Err(format!(
                    "expected histogram value at index {k} (t={t}) for {} to be {}, but got {}",
                    exp.labels,
                    show_hist(h),
                    show_hist(&got.h)
                ));
            }
        }
    }
    if let Some(i) = seen.iter().position(|s| !s) {
        return Err(format!("expected metric {} not found", ev.series[i].labels));
    }
    Ok(())
}

/// Matrix results must be sorted by label set.
pub(crate) fn assert_sorted(m: &[Series]) -> Result<(), String> {
    for w in m.windows(2) {
        if w[0].labels > w[1].labels {
            return Err(format!(
                "matrix results should always be sorted by labels, but {} comes before {}",
                w[0].labels, w[1].labels
            ));
        }
    }
    Ok(())
}

/// Upstream's `compareNativeHistogram` after `Compact(0)` of both sides.
fn histograms_match(exp: &FloatHistogram, got: &FloatHistogram, hint_set: bool) -> bool {
    if exp.schema != got.schema
        || !almost_equal(exp.count, got.count)
        || !almost_equal(exp.sum, got.sum)
    {
        return false;
    }
    if exp.schema == -53 && exp.custom_values != got.custom_values {
        return false;
    }
    if exp.zero_threshold != got.zero_threshold || !almost_equal(exp.zero_count, got.zero_count) {
        return false;
    }
    let buckets_match = |sa: &[HistogramSpan], ba: &[f64], sb: &[HistogramSpan], bb: &[f64]| {
        let a = compact(sa, ba);
        let b = compact(sb, bb);
        a.len() == b.len() && a.iter().zip(&b).all(|(x, y)| x.0 == y.0 && almost_equal(x.1, y.1))
    };
    if !buckets_match(
        &exp.negative_spans,
        &exp.negative_buckets,
        &got.negative_spans,
        &got.negative_buckets,
    ) || !buckets_match(
        &exp.positive_spans,
        &exp.positive_buckets,
        &got.positive_spans,
        &got.positive_buckets,
    ) {
        return false;
    }
    !hint_set || exp.counter_reset_hint == got.counter_reset_hint
}

/// The non-zero buckets by absolute index (what `Compact(0)` keeps).
fn compact(spans: &[HistogramSpan], buckets: &[f64]) -> Vec<(i32, f64)> {
    let mut out = Vec::new();
    let mut idx = 0i32;
    let mut it = buckets.iter();
    for s in spans {
        idx += s.offset;
        for _ in 0..s.length {
            if let Some(v) = it.next()
                && *v != 0.0
            {
                out.push((idx, *v));
            }
            idx += 1;
        }
    }
    out
}

/// A histogram in the notation of the scripts.
pub(crate) fn show_hist(h: &FloatHistogram) -> String {
    let mut out = format!(
        "{{{{schema:{} count:{} sum:{}",
        h.schema,
        format_float(h.count),
        format_float(h.sum)
    );
    if h.zero_count != 0.0 || h.zero_threshold != 0.0 {
        out.push_str(&format!(
            " z_bucket:{} z_bucket_w:{}",
            format_float(h.zero_count),
            format_float(h.zero_threshold)
        ));
    }
    let list = |pairs: Vec<(i32, f64)>| {
        let first = pairs.first().map_or(0, |p| p.0);
        let body: Vec<String> =
            pairs.iter().map(|p| format!("{}@{}", format_float(p.1), p.0)).collect();
        (first, body.join(" "))
    };
    let (_, pos) = list(compact(&h.positive_spans, &h.positive_buckets));
    if !pos.is_empty() {
        out.push_str(&format!(" buckets(value@index):[{pos}]"));
    }
    let (_, neg) = list(compact(&h.negative_spans, &h.negative_buckets));
    if !neg.is_empty() {
        out.push_str(&format!(" n_buckets(value@index):[{neg}]"));
    }
    if !h.custom_values.is_empty() {
        let cv: Vec<String> = h.custom_values.iter().map(|v| format_float(*v)).collect();
        out.push_str(&format!(" custom_values:[{}]", cv.join(" ")));
    }
    out.push_str(&format!(" counter_reset_hint:{:?}}}}}", h.counter_reset_hint));
    out
}

fn show_value(v: &SampleValue) -> String {
    match v {
        SampleValue::Float(f) => format_float(*f),
        SampleValue::Histogram(h) => show_hist(h),
    }
}

fn show_seq(v: &SeqValue) -> String {
    match v {
        SeqValue::Omitted => "_".to_owned(),
        SeqValue::Float(f) if is_stale_nan(*f) => "stale".to_owned(),
        SeqValue::Float(f) => format_float(*f),
        SeqValue::Histogram { h, .. } => show_hist(h),
    }
}

fn show_seqs(v: &[SeqValue]) -> String {
    v.iter().map(show_seq).collect::<Vec<_>>().join(" ")
}

/// A vector, one `labels => value` per sample.
pub(crate) fn show_vector(v: &[promplay_promql_engine::Sample]) -> String {
    let items: Vec<String> =
        v.iter().map(|s| format!("{} => {}", s.labels, show_value(&s.value))).collect();
    format!("[{}]", items.join(", "))
}

/// A series' points, floats then histograms, as `value@t`.
pub(crate) fn show_series(s: &Series) -> String {
    let f: Vec<String> =
        s.floats.iter().map(|p| format!("{}@{}", format_float(p.f), p.t)).collect();
    let h: Vec<String> =
        s.histograms.iter().map(|p| format!("{}@{}", show_hist(&p.h), p.t)).collect();
    format!(
        "{} float points [{}] and {} histogram points [{}]",
        f.len(),
        f.join(" "),
        h.len(),
        h.join(" ")
    )
}

/// A whole result, for failure details.
pub(crate) fn show_result(v: &Value) -> String {
    match v {
        Value::Scalar { v, .. } => format!("scalar {}", format_float(*v)),
        Value::String { s, .. } => format!("string {s:?}"),
        Value::Vector(v) => format!("vector {}", show_vector(v)),
        Value::Matrix(m) => {
            let items: Vec<String> =
                m.iter().map(|s| format!("{}: {}", s.labels, show_series(s))).collect();
            format!("matrix [{}]", items.join("; "))
        }
    }
}
