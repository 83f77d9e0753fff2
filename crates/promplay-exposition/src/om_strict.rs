//! The OpenMetrics 1.0 family rules, checked in `Strictness::Strict`.
//!
//! Prometheus' own OpenMetrics parser checks syntax line by line; the
//! specification also constrains whole families (ordering, suffixes,
//! histogram buckets, counter values, exemplar placement, clashing names).
//! This checker follows the reference implementation of those rules, the
//! OpenMetrics parser of the Python client, as a state machine fed one line
//! at a time, so its verdicts match the upstream conformance suite.

use crate::codes;
use crate::meta::MetaKind;
use crate::{LabelPair, MetricType, Sample};
use promplay_diagnostics::{Diagnostic, Span};
use std::collections::HashSet;

/// A sample as the checker remembers it.
struct Seen {
    name: String,
    labels: Vec<(String, String)>,
    value: f64,
    ts: Option<f64>,
    span: Span,
}

type Group = Vec<(String, String)>;

/// The state of the family being read.
#[derive(Default)]
struct Current {
    name: String,
    kind: Option<MetricType>,
    has_help: bool,
    unit: Option<String>,
    samples: Vec<Seen>,
    allowed: Vec<String>,
    group: Option<Group>,
    group_ts: Option<f64>,
    group_series: HashSet<(String, Group)>,
    seen_groups: HashSet<Group>,
    /// The family's first line: where family-wide problems are reported.
    span: Span,
}

/// Checks the OpenMetrics family rules over a stream of lines.
#[derive(Default)]
pub(crate) struct OmChecker {
    current: Option<Current>,
    seen_names: HashSet<String>,
    /// Findings so far.
    pub diagnostics: Vec<Diagnostic>,
}

fn suffixes(kind: MetricType) -> &'static [&'static str] {
    match kind {
        MetricType::Counter => &["_total", "_created"],
        MetricType::Summary => &["", "_count", "_sum", "_created"],
        MetricType::Histogram => &["_count", "_sum", "_bucket", "_created"],
        MetricType::GaugeHistogram => &["_gcount", "_gsum", "_bucket"],
        MetricType::Info => &["_info"],
        _ => &[""],
    }
}

fn fail(code: &'static str, message: String, at: Span) -> Diagnostic {
    Diagnostic::error(code, message).with_label(at, "breaks an OpenMetrics family rule")
}

impl OmChecker {
    fn push(&mut self, code: &'static str, message: String, at: Span) {
        self.diagnostics.push(fail(code, message, at));
    }

    /// A HELP, TYPE or UNIT line (already syntactically valid).
    pub(crate) fn meta(
        &mut self,
        kind: MetaKind,
        name: &str,
        metric_type: Option<MetricType>,
        unit: &str,
        line: Span,
    ) {
        if let Some(cur) = &self.current
            && cur.name == name
            && !cur.samples.is_empty()
        {
            let message = format!(
                "`# {}` for `{name}` comes after its samples: metadata must come first",
                kind.keyword()
            );
            self.push(codes::METADATA_AFTER_SAMPLES, message, line);
            return;
        }
        if self.current.as_ref().is_none_or(|c| c.name != name) {
            self.finish_family();
            self.current = Some(Current {
                name: name.to_owned(),
                allowed: vec![name.to_owned()],
                span: line,
                ..Current::default()
            });
        }
        let cur = self.current.as_mut().expect("set above");
        let repeated = match kind {
            MetaKind::Help => std::mem::replace(&mut cur.has_help, true),
            MetaKind::Type => cur.kind.is_some(),
            MetaKind::Unit => cur.unit.is_some(),
        };
        if repeated {
            let message = format!("`# {}` is given twice for `{name}`", kind.keyword());
            self.push(codes::REPEATED_METADATA, message, line);
            return;
        }
        match kind {
            MetaKind::Help => {}
            MetaKind::Type => {
                let t = metric_type.unwrap_or(MetricType::Unknown);
                cur.kind = Some(t);
                cur.allowed = suffixes(t).iter().map(|s| format!("{name}{s}")).collect();
            }
            MetaKind::Unit => cur.unit = Some(unit.to_owned()),
        }
    }

    /// A sample line; `labels` are its pairs from the arena.
    pub(crate) fn sample(&mut self, text: &str, sample: &Sample<'_>, labels: &[LabelPair<'_>]) {
        let sname = sample.name.as_ref();
        // A native-histogram sample carries the histogram's own name.
        let native = sample.native_histogram.is_some();
        let continues = |c: &Current| {
            c.allowed.iter().any(|a| a == sname)
                || native
                    && c.name == sname
                    && matches!(c.kind, Some(MetricType::Histogram | MetricType::GaugeHistogram))
        };
        if self.current.as_ref().is_none_or(|c| !continues(c)) {
            self.finish_family();
            self.current = Some(Current {
                name: sname.to_owned(),
                kind: Some(MetricType::Unknown),
                allowed: vec![sname.to_owned()],
                span: sample.span,
                ..Current::default()
            });
        }
        let mut found = Vec::new();
        let cur = self.current.as_mut().expect("set above");
        let name = cur.name.clone();
        let kind = cur.kind.unwrap_or(MetricType::Unknown);
        let get = |key: &str| labels.iter().find(|p| p.name == key).map(|p| p.value.as_ref());
        let line = sample.span;
        let value = sample.value;
        let is_integer = value.is_finite() && value.fract() == 0.0;

        if kind == MetricType::StateSet && get(&name).is_none() {
            found.push((
                codes::STATESET_LABEL,
                format!("a stateset sample needs a label named `{name}`"),
                line,
            ));
        }
        let suffix = &sname[name.len().min(sname.len())..];
        if suffix == "_bucket" && name.len() < sname.len() {
            match get("le") {
                Some(le) if le != "NaN" && !uncanonical(le) => {}
                _ => found.push((
                    codes::INVALID_LE,
                    "a bucket needs an `le` label with a number (`+Inf` spelled exactly so)".into(),
                    line,
                )),
            }
            if !is_integer {
                found.push((
                    codes::NON_INTEGER_COUNT,
                    "a bucket value must be an integer".into(),
                    sample.value_span,
                ));
            }
        }
        if (suffix == "_count" || suffix == "_gcount") && !is_integer {
            found.push((
                codes::NON_INTEGER_COUNT,
                "a count must be an integer".into(),
                sample.value_span,
            ));
        }
        if kind == MetricType::Summary && sname == name {
            let ok = get("quantile").is_some_and(|q| {
                promplay_model::parse_go_float(q).is_some_and(|v| (0.0..=1.0).contains(&v))
                    && !uncanonical(q)
            });
            if !ok {
                found.push((
                    codes::INVALID_QUANTILE,
                    "a summary quantile needs a `quantile` label between 0 and 1".into(),
                    line,
                ));
            }
        }

        // Grouping: the samples of one label set must be together, with
        // timestamps on all or none of them, never going backwards.
        let ts =
            sample.timestamp_span.and_then(|s| promplay_model::parse_go_float(&text[s.range()]));
        let mut sorted: Group =
            labels.iter().map(|p| (p.name.to_string(), p.value.to_string())).collect();
        sorted.sort();
        let group: Group = sorted
            .iter()
            .filter(|(k, _)| match kind {
                MetricType::Info => false,
                MetricType::Summary if sname == name => k != "quantile",
                MetricType::StateSet => *k != name,
                MetricType::Histogram | MetricType::GaugeHistogram if suffix == "_bucket" => {
                    k != "le"
                }
                _ => true,
            })
            .cloned()
            .collect();
        if cur.group.as_ref().is_some_and(|g| *g != group) && cur.seen_groups.contains(&group) {
            found.push((codes::GROUPING, "samples of this label set are not grouped together: another label set came in between".into(), line));
        }
        if cur.group.as_ref() == Some(&group) {
            if ts.is_none() != cur.group_ts.is_none() {
                found.push((
                    codes::TIMESTAMP_ORDER,
                    "the samples of one label set must all have a timestamp or none".into(),
                    line,
                ));
            } else if let (Some(prev), Some(now)) = (cur.group_ts, ts)
                && prev > now
                && kind != MetricType::Info
            {
                found.push((
                    codes::TIMESTAMP_ORDER,
                    "timestamps go backwards within this label set".into(),
                    line,
                ));
            }
        } else {
            cur.group_series.clear();
        }
        let series = (sname.to_owned(), sorted.clone());
        if ts != cur.group_ts || !cur.group_series.contains(&series) {
            cur.samples.push(Seen {
                name: sname.to_owned(),
                labels: sorted,
                value,
                ts,
                span: line,
            });
        }
        cur.group_series.insert(series);
        cur.seen_groups.insert(group.clone());
        cur.group = Some(group);
        cur.group_ts = ts;

        if kind == MetricType::StateSet && value != 0.0 && value != 1.0 {
            found.push((
                codes::STATE_VALUE,
                "a stateset value must be 0 or 1".into(),
                sample.value_span,
            ));
        }
        if kind == MetricType::Info && value != 1.0 {
            found.push((codes::STATE_VALUE, "an info value must be 1".into(), sample.value_span));
        }
        if kind == MetricType::Summary && sname == name && value < 0.0 {
            found.push((
                codes::COUNTER_VALUE,
                "a quantile value cannot be negative".into(),
                sample.value_span,
            ));
        }
        let counter_like =
            ["_total", "_sum", "_count", "_bucket", "_gcount", "_gsum"].contains(&suffix);
        if counter_like && value.is_nan() {
            found.push((
                codes::COUNTER_VALUE,
                format!("`{sname}` is counter-like and cannot be NaN"),
                sample.value_span,
            ));
        }
        if counter_like && suffix != "_gsum" && value < 0.0 {
            found.push((
                codes::COUNTER_VALUE,
                format!("`{sname}` is counter-like and cannot be negative"),
                sample.value_span,
            ));
        }
        if let Some(ex) = &sample.exemplar {
            let length: usize =
                ex.labels.iter().map(|p| p.name.chars().count() + p.value.chars().count()).sum();
            if length > 128 {
                found.push((
                    codes::EXEMPLAR_TOO_LONG,
                    format!("the exemplar's label names and values have {length} characters; at most 128 are allowed"),
                    ex.span,
                ));
            }
            let allowed = matches!(kind, MetricType::Histogram | MetricType::GaugeHistogram)
                && sname.ends_with("_bucket")
                || kind == MetricType::Counter && sname.ends_with("_total")
                || native;
            if !allowed {
                found.push((
                    codes::EXEMPLAR_NOT_ALLOWED,
                    "only histogram and gauge histogram buckets and counter `_total` samples can have exemplars".into(),
                    ex.span,
                ));
            }
        }
        for (code, message, at) in found {
            self.push(code, message, at);
        }
    }

    /// Ends the exposition: checks the last family.
    pub(crate) fn finish(&mut self) {
        self.finish_family();
    }

    /// The checks that need the whole family (Python's `build_metric`).
    fn finish_family(&mut self) {
        let Some(cur) = self.current.take() else { return };
        let kind = cur.kind.unwrap_or(MetricType::Unknown);
        let mut names: Vec<&str> = suffixes(kind).to_vec();
        if !names.contains(&"") {
            names.push("");
        }
        for suffix in names {
            let full = format!("{}{suffix}", cur.name);
            if self.seen_names.contains(&full) {
                let message = format!("`{full}` clashes with the name of an earlier metric family");
                self.push(codes::CLASHING_NAME, message, cur.span);
                break;
            }
            self.seen_names.insert(full);
        }
        if let Some(unit) = cur.unit.as_deref().filter(|u| !u.is_empty()) {
            if !cur.name.ends_with(&format!("_{unit}")) {
                self.push(
                    codes::UNIT_NOT_SUFFIX,
                    format!("the unit `{unit}` is not a suffix of `{}`", cur.name),
                    cur.span,
                );
            }
            if matches!(kind, MetricType::Info | MetricType::StateSet) {
                let message = format!(
                    "{} metrics cannot have a unit",
                    kind.keyword(crate::Format::OpenMetrics)
                );
                self.push(codes::UNIT_NOT_ALLOWED, message, cur.span);
            }
        }
        if matches!(kind, MetricType::Histogram | MetricType::GaugeHistogram)
            && let Err((message, at)) = check_histogram(&cur.name, &cur.samples)
        {
            let code = if message.contains("order") {
                codes::BUCKET_ORDER
            } else {
                codes::HISTOGRAM_STRUCTURE
            };
            self.push(code, message, at);
        }
    }
}

/// Whether an infinite `le`/`quantile` is spelled other than `+Inf`/`-Inf`.
fn uncanonical(s: &str) -> bool {
    match promplay_model::parse_go_float(s) {
        Some(v) if v.is_infinite() => s != "+Inf" && s != "-Inf",
        _ => false,
    }
}

/// Per label set and timestamp: the buckets, count and sum must agree.
fn check_histogram(name: &str, samples: &[Seen]) -> Result<(), (String, Span)> {
    #[derive(Default)]
    struct State {
        count: Option<f64>,
        bucket: Option<f64>,
        negative_buckets: bool,
        sum: bool,
        gsum: bool,
        negative_gsum: bool,
        value: f64,
        span: Span,
    }
    let done = |s: &State| -> Result<(), (String, Span)> {
        let e = |m: &str| Err((format!("histogram `{name}`: {m}"), s.span));
        if s.bucket != Some(f64::INFINITY) {
            return e("the `+Inf` bucket is missing");
        }
        if s.count.is_some_and(|c| c != s.value) {
            return e("`_count` does not match the `+Inf` bucket");
        }
        if s.sum && s.count.is_none() {
            return e("`_count` must be present when `_sum` is");
        }
        if s.gsum && s.count.is_none() {
            return e("`_gcount` must be present when `_gsum` is");
        }
        if !(s.sum || s.gsum) && s.count.is_some() {
            return e("`_sum` must be present when `_count` is");
        }
        if s.negative_buckets && s.sum {
            return e("a histogram with negative buckets cannot have `_sum`");
        }
        if !s.negative_buckets && s.negative_gsum {
            return e("`_gsum` cannot be negative when no bucket is");
        }
        Ok(())
    };
    let mut state: Option<(Group, Option<f64>, State)> = None;
    for s in samples {
        let suffix = &s.name[name.len().min(s.name.len())..];
        if suffix.is_empty() {
            continue;
        }
        let group: Group =
            s.labels.iter().filter(|(k, _)| !(suffix == "_bucket" && k == "le")).cloned().collect();
        let same = state.as_ref().is_some_and(|(g, ts, _)| *g == group && *ts == s.ts);
        if !same {
            if let Some((_, _, st)) = &state {
                done(st)?;
            }
            state = Some((group, s.ts, State { span: s.span, ..State::default() }));
        }
        let (_, _, st) = state.as_mut().expect("set above");
        match suffix {
            "_bucket" => {
                let le = s
                    .labels
                    .iter()
                    .find(|(k, _)| k == "le")
                    .and_then(|(_, v)| promplay_model::parse_go_float(v));
                let b = le.unwrap_or(f64::NAN);
                if b < 0.0 {
                    st.negative_buckets = true;
                }
                if st.bucket.is_some_and(|prev| b <= prev) {
                    return Err((format!("histogram `{name}`: buckets are out of order"), s.span));
                }
                if s.value < st.value {
                    return Err((
                        format!("histogram `{name}`: bucket values are out of order (decreasing)"),
                        s.span,
                    ));
                }
                st.bucket = Some(b);
                st.value = s.value;
            }
            "_count" | "_gcount" => st.count = Some(s.value),
            "_sum" => st.sum = true,
            "_gsum" => {
                st.gsum = true;
                st.negative_gsum |= s.value < 0.0;
            }
            _ => {}
        }
    }
    if let Some((_, _, st)) = &state {
        done(st)?;
    }
    Ok(())
}
