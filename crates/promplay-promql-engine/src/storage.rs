//! The in-memory series store the evaluator reads: label sets kept sorted
//! like Prometheus sorts them, each with its samples sorted by time.
//!
//! A sample is a float or a native histogram, optionally with a start
//! timestamp (the "created" time, which `rate` and `increase` honour when the
//! engine runs with start timestamps). Adding a sample at a time that already
//! holds one replaces it, so loading the same data twice is harmless.

use std::collections::BTreeMap;

use promplay_model::{Labels, TimestampMs, is_stale_nan};
use rustc_hash::FxHashMap;

use crate::value::{FloatHistogram, SampleValue};

/// One stored sample.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredSample {
    /// Milliseconds since the epoch.
    pub t: TimestampMs,
    /// The float (possibly the staleness marker) or histogram.
    pub value: SampleValue,
    /// The start timestamp, when known.
    pub st: Option<TimestampMs>,
}

/// A set of series, sorted by labels, each with samples sorted by time.
///
/// Series live in insertion order and are found by hash (adding a sample
/// costs one hash of the label set, not a tree search comparing label
/// strings); `order` maps the sorted label sets to them for iteration.
#[derive(Clone, Debug, Default)]
pub struct Storage {
    series: Vec<(Labels, Vec<StoredSample>)>,
    index: FxHashMap<Labels, usize>,
    order: BTreeMap<Labels, usize>,
    samples: usize,
}

impl Storage {
    /// An empty store.
    pub fn new() -> Storage {
        Storage::default()
    }

    /// Adds a sample; a sample already stored at `t` for these labels is replaced.
    pub fn add(&mut self, labels: Labels, t: TimestampMs, v: SampleValue) {
        self.add_with_start(labels, t, v, None);
    }

    /// Adds a sample with an optional start timestamp.
    pub fn add_with_start(
        &mut self,
        labels: Labels,
        t: TimestampMs,
        value: SampleValue,
        st: Option<TimestampMs>,
    ) {
        let i = match self.index.get(&labels) {
            Some(&i) => i,
            None => {
                let i = self.series.len();
                self.order.insert(labels.clone(), i);
                self.index.insert(labels.clone(), i);
                self.series.push((labels, Vec::new()));
                i
            }
        };
        let samples = &mut self.series[i].1;
        let mut value = value;
        if let SampleValue::Histogram(h) = &mut value {
            let before = samples.partition_point(|s| s.t < t);
            chunk_hint(h, before.checked_sub(1).map(|i| &samples[i].value));
        }
        let sample = StoredSample { t, value, st };
        // Appending in time order is the common case; keep it cheap.
        match samples.last() {
            None => samples.push(sample),
            Some(last) if last.t < t => samples.push(sample),
            _ => match samples.binary_search_by_key(&t, |s| s.t) {
                Ok(i) => {
                    samples[i] = sample;
                    return;
                }
                Err(i) => samples.insert(i, sample),
            },
        }
        self.samples += 1;
    }

    /// Number of series.
    pub fn series_count(&self) -> usize {
        self.series.len()
    }

    /// Number of samples over all series.
    pub fn sample_count(&self) -> usize {
        self.samples
    }

    /// Whether nothing is stored.
    pub fn is_empty(&self) -> bool {
        self.series.is_empty()
    }

    /// All series in label order with their samples.
    pub fn series(&self) -> impl Iterator<Item = (&Labels, &[StoredSample])> {
        self.order.values().map(|&i| (&self.series[i].0, self.series[i].1.as_slice()))
    }

    /// The samples of the series with exactly these labels.
    pub fn get(&self, labels: &Labels) -> Option<&[StoredSample]> {
        self.index.get(labels).map(|&i| self.series[i].1.as_slice())
    }

    /// The distinct metric names, sorted (for autocompletion).
    pub fn metric_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> =
            self.series.iter().map(|(l, _)| l).filter_map(|l| l.metric_name()).collect();
        names.dedup();
        names.sort_unstable();
        names.dedup();
        names
    }

    /// The distinct label names, sorted (for autocompletion).
    pub fn label_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .series
            .iter()
            .map(|(l, _)| l)
            .flat_map(|l| l.iter().map(|l| l.name.as_str()))
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    /// The distinct values of one label, sorted (for autocompletion).
    pub fn label_values(&self, name: &str) -> Vec<&str> {
        let mut values: Vec<&str> =
            self.series.iter().map(|(l, _)| l).filter_map(|l| l.get(name)).collect();
        values.sort_unstable();
        values.dedup();
        values
    }

    /// Removes everything.
    pub fn clear(&mut self) {
        self.series.clear();
        self.index.clear();
        self.order.clear();
        self.samples = 0;
    }
}

/// The counter-reset hint a histogram reads back with from Prometheus'
/// TSDB, which only keeps hints per chunk: a histogram that continues a
/// chunk of counter histograms is "not a counter reset", one that would
/// be a reset starts a new chunk (and reads back as "unknown"), and the first histogram
/// after a float (or of a series) is "unknown". Explicit gauge and reset
/// hints are kept.
fn chunk_hint(h: &mut FloatHistogram, prev: Option<&SampleValue>) {
    use crate::value::CounterResetHint as Hint;
    if matches!(h.counter_reset_hint, Hint::Gauge | Hint::CounterReset) || is_stale_nan(h.sum) {
        return;
    }
    let Some(SampleValue::Histogram(p)) = prev else {
        return;
    };
    if p.counter_reset_hint == Hint::Gauge || is_stale_nan(p.sum) {
        return;
    }
    // A detected reset starts a new chunk, whose first histogram reads back
    // as "unknown" (upstream issue 15346).
    h.counter_reset_hint = if crate::functions::hist_ops::detect_reset(h, p) {
        Hint::Unknown
    } else {
        Hint::NotCounterReset
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_add_at_same_time_replaces() {
        let mut s = Storage::new();
        let l = Labels::from_pairs([("__name__", "up")]);
        s.add(l.clone(), 20, SampleValue::Float(2.0));
        s.add(l.clone(), 10, SampleValue::Float(1.0));
        s.add(l.clone(), 20, SampleValue::Float(3.0));
        let samples = s.get(&l).unwrap();
        assert_eq!(samples.iter().map(|s| s.t).collect::<Vec<_>>(), [10, 20]);
        assert_eq!(samples[1].value, SampleValue::Float(3.0));
        assert_eq!(s.sample_count(), 2);
    }
}
