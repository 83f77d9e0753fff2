//! `load_with_nhcb`: classic histograms (`X_bucket{le=…}`, `X_count`,
//! `X_sum`) turned into native histograms with custom buckets (schema -53)
//! named `X`, one per timestamp, as Prometheus' `convertnhcb` does it.

use super::{LoadedSample, LoadedSeries, codes};
use crate::value::{FloatHistogram, SampleValue};
use promplay_diagnostics::Diagnostic;
use promplay_model::{Labels, METRIC_NAME_LABEL};
use std::collections::BTreeMap;

/// Converts the classic histograms among `series` into native histograms with
/// custom buckets; returns the new series (the inputs stay as they are) and
/// a diagnostic for every histogram that cannot be converted.
pub fn classic_to_nhcb(series: &[LoadedSeries]) -> (Vec<LoadedSeries>, Vec<Diagnostic>) {
    #[derive(Default)]
    struct Temp {
        buckets: Vec<(f64, f64)>,
        count: Option<f64>,
        sum: f64,
        error: Option<String>,
    }
    // Base labels -> (first defining span, timestamp -> partial histogram).
    let mut groups: BTreeMap<Labels, (promplay_diagnostics::Span, BTreeMap<i64, Temp>)> =
        BTreeMap::new();
    for s in series {
        let Some(name) = s.labels.metric_name() else { continue };
        let (base, kind) = if let Some(b) = name.strip_suffix("_bucket") {
            let Some(le) = s.labels.get("le").and_then(promplay_model::parse_go_float) else {
                continue;
            };
            if le.is_nan() {
                continue;
            }
            (b, Some(le))
        } else if let Some(b) = name.strip_suffix("_count") {
            (b, None)
        } else if let Some(b) = name.strip_suffix("_sum") {
            (b, None)
        } else {
            continue;
        };
        let is_sum = kind.is_none() && name.ends_with("_sum");
        let mut labels = s.labels.clone();
        labels.set(METRIC_NAME_LABEL, base);
        labels.remove("le");
        let entry = groups.entry(labels).or_insert_with(|| (s.span, BTreeMap::new()));
        for sample in &s.samples {
            let SampleValue::Float(f) = sample.value else { continue };
            let temp = entry.1.entry(sample.t).or_default();
            match kind {
                Some(le) => {
                    if f < 0.0 {
                        temp.error.get_or_insert(format!("negative bucket count {f} for le={le}"));
                    }
                    if !temp.buckets.iter().any(|(b, _)| *b == le) {
                        temp.buckets.push((le, f));
                    }
                }
                None if is_sum => temp.sum = f,
                None => temp.count = Some(f),
            }
        }
    }
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for (labels, (span, by_t)) in groups {
        let mut samples = Vec::new();
        for (t, mut temp) in by_t {
            temp.buckets.sort_by(|a, b| a.0.total_cmp(&b.0));
            if temp.error.is_none() && temp.buckets.windows(2).any(|w| w[1].1 < w[0].1) {
                temp.error = Some("bucket counts are not cumulative".to_owned());
            }
            let count = temp.count.or_else(|| temp.buckets.last().map(|b| b.1)).unwrap_or(0.0);
            if temp.buckets.last().is_none_or(|b| b.0 != f64::INFINITY) {
                temp.buckets.push((f64::INFINITY, count));
            }
            if temp.error.is_none() && temp.buckets.last().is_some_and(|b| b.1 != count) {
                temp.error = Some(format!("count {count} differs from the +Inf bucket's count"));
            }
            if let Some(e) = temp.error {
                diags.push(
                    Diagnostic::error(
                        codes::NHCB,
                        format!("cannot convert classic histogram {labels} at t={t}ms: {e}"),
                    )
                    .with_label(span, "defined here"),
                );
                continue;
            }
            let mut prev = 0.0;
            let mut pairs = Vec::new();
            for (i, (_, c)) in temp.buckets.iter().enumerate() {
                let delta = c - prev;
                prev = *c;
                // Like Prometheus' Compact(0): empty buckets are not stored.
                if delta != 0.0 {
                    pairs.push((i as i32, delta));
                }
            }
            let (positive_spans, positive_buckets) = super::histogram::layout(pairs);
            let h = FloatHistogram {
                schema: -53,
                count,
                sum: temp.sum,
                positive_spans,
                positive_buckets,
                custom_values: temp.buckets[..temp.buckets.len() - 1].iter().map(|b| b.0).collect(),
                ..FloatHistogram::default()
            };
            samples.push(LoadedSample { t, value: SampleValue::Histogram(Box::new(h)), st: None });
        }
        if !samples.is_empty() {
            out.push(LoadedSeries { labels, span, samples });
        }
    }
    (out, diags)
}
