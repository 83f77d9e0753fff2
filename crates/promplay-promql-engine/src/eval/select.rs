//! Series selection and sample lookup: which stored series a selector's
//! matchers pick, the sample an instant selector sees at a time (left-open
//! lookback window, staleness markers), and the points of a range window.

use promplay_model::{Labels, TimestampMs, is_stale_nan};
use promplay_promql_syntax::{LabelMatcher, MatchOp};
use regex::Regex;

use crate::functions::stats_hint;
use crate::result::QueryError;
use crate::storage::{Storage, StoredSample};
use crate::value::{FPoint, FloatHistogram, HPoint, SampleValue, Series};

/// A matcher ready to test label values.
pub(crate) enum Matcher<'a> {
    Equal(&'a str, &'a str),
    NotEqual(&'a str, &'a str),
    Regex(&'a str, Regex),
    NotRegex(&'a str, Regex),
}

impl Matcher<'_> {
    pub(crate) fn matches(&self, labels: &Labels) -> bool {
        match self {
            Matcher::Equal(n, v) => labels.get(n).unwrap_or("") == *v,
            Matcher::NotEqual(n, v) => labels.get(n).unwrap_or("") != *v,
            Matcher::Regex(n, r) => r.is_match(labels.get(n).unwrap_or("")),
            Matcher::NotRegex(n, r) => !r.is_match(labels.get(n).unwrap_or("")),
        }
    }
}

/// Compiles a regex the way Prometheus does: fully anchored, `.` matching newlines.
///
/// The `regex` crate bounds the compiled program (10 MB by default), so a
/// blow-up such as `(a|b){1000}{1000}` is an error here instead of a frozen
/// tab; the message says so in words rather than the crate's.
pub(crate) fn compile_regex(source: &str) -> Result<Regex, QueryError> {
    Regex::new(&format!("^(?s:{})$", promplay_promql_syntax::go_regex_to_rust(source))).map_err(
        |e| match e {
            regex::Error::CompiledTooBig(limit) => QueryError::new(format!(
                "regular expression {source:?} is too large once compiled (over {} MB); \
                 use smaller repeat counts or fewer alternatives",
                limit / (1024 * 1024)
            )),
            e => QueryError::new(format!("invalid regular expression {source:?}: {e}")),
        },
    )
}

/// [`compile_regex`] for a matcher: the error points at the matcher.
fn compile_matcher_regex(m: &LabelMatcher) -> Result<Regex, QueryError> {
    compile_regex(&m.value).map_err(|e| QueryError::at(m.span, e.message))
}

/// Compiles a selector's matchers.
pub(crate) fn compile(matchers: &[LabelMatcher]) -> Result<Vec<Matcher<'_>>, QueryError> {
    matchers
        .iter()
        .map(|m| {
            Ok(match m.op {
                MatchOp::Equal => Matcher::Equal(&m.name, &m.value),
                MatchOp::NotEqual => Matcher::NotEqual(&m.name, &m.value),
                MatchOp::Regex => Matcher::Regex(&m.name, compile_matcher_regex(m)?),
                MatchOp::NotRegex => Matcher::NotRegex(&m.name, compile_matcher_regex(m)?),
            })
        })
        .collect()
}

/// The stored series every matcher accepts, in label order.
pub(crate) fn select<'s>(
    storage: &'s Storage,
    matchers: &[LabelMatcher],
) -> Result<Vec<(&'s Labels, &'s [StoredSample])>, QueryError> {
    let compiled = compile(matchers)?;
    Ok(storage.series().filter(|(labels, _)| compiled.iter().all(|m| m.matches(labels))).collect())
}

/// Whether a stored value is a staleness marker (a float or a histogram whose
/// sum is the stale NaN).
pub(crate) fn is_stale(v: &SampleValue) -> bool {
    match v {
        SampleValue::Float(f) => is_stale_nan(*f),
        SampleValue::Histogram(h) => is_stale_nan(h.sum),
    }
}

/// A cursor over one series' samples for instant lookups at increasing times.
pub(crate) struct Cursor<'s> {
    samples: &'s [StoredSample],
    /// Number of samples with `t <= ` the last reference time.
    idx: usize,
    last_ref: TimestampMs,
}

impl<'s> Cursor<'s> {
    pub(crate) fn new(samples: &'s [StoredSample]) -> Cursor<'s> {
        Cursor { samples, idx: 0, last_ref: TimestampMs::MIN }
    }

    /// The newest sample in `(reference - lookback, reference]` unless it is a
    /// staleness marker.
    /// The index of the sample the last successful [`Cursor::at`] returned.
    pub(crate) fn found_index(&self) -> usize {
        self.idx.saturating_sub(1)
    }

    /// The stored samples.
    pub(crate) fn samples(&self) -> &'s [StoredSample] {
        self.samples
    }

    pub(crate) fn at(&mut self, reference: TimestampMs, lookback: i64) -> Option<&'s StoredSample> {
        if reference < self.last_ref {
            self.idx = self.samples.partition_point(|s| s.t <= reference);
        } else {
            while self.idx < self.samples.len() && self.samples[self.idx].t <= reference {
                self.idx += 1;
            }
        }
        self.last_ref = reference;
        let s = self.samples.get(self.idx.checked_sub(1)?)?;
        if s.t <= reference.saturating_sub(lookback) || is_stale(&s.value) {
            return None;
        }
        Some(s)
    }
}

/// The points of one stored series, stale markers dropped, as a series with
/// separate float and histogram points plus their start timestamps (0 when
/// unknown), restricted to `(mint, maxt]`.
pub(crate) struct SeriesPoints {
    pub series: Series,
    pub float_sts: Vec<TimestampMs>,
    pub hist_sts: Vec<TimestampMs>,
}

pub(crate) fn series_points(
    labels: &Labels,
    samples: &[StoredSample],
    mint: TimestampMs,
    maxt: TimestampMs,
    stats: bool,
) -> SeriesPoints {
    let from = samples.partition_point(|s| s.t <= mint);
    let to = samples.partition_point(|s| s.t <= maxt);
    let mut out = SeriesPoints {
        series: Series { labels: labels.clone(), ..Series::default() },
        float_sts: Vec::new(),
        hist_sts: Vec::new(),
    };
    for (i, s) in samples.iter().enumerate().take(to.max(from)).skip(from) {
        match &s.value {
            SampleValue::Histogram(h) if stats && !is_stale_nan(h.sum) => {
                let mut h = h.clone();
                h.counter_reset_hint = stats_hint(&h, previous_histogram(samples, i));
                out.series.histograms.push(HPoint { t: s.t, h });
                out.hist_sts.push(s.st.unwrap_or(0));
            }
            SampleValue::Float(f) if !is_stale_nan(*f) => {
                out.series.floats.push(FPoint { t: s.t, f: *f });
                out.float_sts.push(s.st.unwrap_or(0));
            }
            SampleValue::Histogram(h) if !is_stale_nan(h.sum) => {
                out.series.histograms.push(HPoint { t: s.t, h: h.clone() });
                out.hist_sts.push(s.st.unwrap_or(0));
            }
            _ => {}
        }
    }
    out
}

/// The stored histogram just before index `i`, if the sample there is one.
pub(crate) fn previous_histogram(samples: &[StoredSample], i: usize) -> Option<&FloatHistogram> {
    match &samples.get(i.checked_sub(1)?)?.value {
        SampleValue::Histogram(h) if !is_stale_nan(h.sum) => Some(h),
        _ => None,
    }
}

/// The histogram as upstream's `HistogramStatsIterator` reads it: an unknown
/// counter-reset hint re-derived against the sample before it.
pub(crate) fn stats_read(
    samples: &[StoredSample],
    i: usize,
    h: &FloatHistogram,
) -> Box<FloatHistogram> {
    let mut h = Box::new(h.clone());
    h.counter_reset_hint = stats_hint(&h, previous_histogram(samples, i));
    h
}

/// The index range of the points with `mint < t <= maxt` in a time-sorted slice.
pub(crate) fn window<T>(
    points: &[T],
    t: impl Fn(&T) -> TimestampMs,
    mint: i64,
    maxt: i64,
) -> (usize, usize) {
    let from = points.partition_point(|p| t(p) <= mint);
    let to = points.partition_point(|p| t(p) <= maxt).max(from);
    (from, to)
}

/// The index range `(mint, maxt]` of a time-sorted slice for windows that
/// never move backwards: both ends only advance.
#[derive(Default)]
pub(crate) struct Window {
    from: usize,
    to: usize,
    last: Option<(i64, i64)>,
}

impl Window {
    pub(crate) fn advance<T>(
        &mut self,
        points: &[T],
        t: impl Fn(&T) -> TimestampMs,
        mint: i64,
        maxt: i64,
    ) -> (usize, usize) {
        if self.last.is_some_and(|(lo, hi)| mint < lo || maxt < hi) {
            // Not monotonic (cannot happen for increasing steps): search afresh.
            self.from = points.partition_point(|p| t(p) <= mint);
            self.to = points.partition_point(|p| t(p) <= maxt).max(self.from);
        } else {
            while self.from < points.len() && t(&points[self.from]) <= mint {
                self.from += 1;
            }
            self.to = self.to.max(self.from);
            while self.to < points.len() && t(&points[self.to]) <= maxt {
                self.to += 1;
            }
        }
        self.last = Some((mint, maxt));
        (self.from, self.to)
    }
}
